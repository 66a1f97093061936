#ifndef KD_JSON_H
#define KD_JSON_H

#include <stdint.h>

#include "buf.h"

/*
 * A JSON writer into a kd_buf: indented, one member a line, strings
 * escaped as RFC 8259 requires (control characters as \uXXXX, so nothing
 * raw reaches a terminal that shows it).  `key` is NULL for array
 * elements and the top-level value.  kd_json_string() writes null for a
 * NULL `value`.  Nesting deeper than KD_JSON_DEPTH is a programming error.
 */
#define KD_JSON_DEPTH 16

struct kd_json {
	struct kd_buf *out;
	int depth;
	unsigned char has_items[KD_JSON_DEPTH + 1]; /* [0] is the top level */
};

void kd_json_init(struct kd_json *j, struct kd_buf *out);
void kd_json_object(struct kd_json *j, const char *key);
void kd_json_array(struct kd_json *j, const char *key);
void kd_json_end_object(struct kd_json *j);
void kd_json_end_array(struct kd_json *j);
void kd_json_string(struct kd_json *j, const char *key, const char *value);
void kd_json_int(struct kd_json *j, const char *key, int64_t value);
void kd_json_bool(struct kd_json *j, const char *key, int value);
void kd_json_null(struct kd_json *j, const char *key);

/* Append `s` as a JSON string literal, quotes included. */
void kd_json_quote(struct kd_buf *out, const char *s);

#endif
