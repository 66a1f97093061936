#include "json.h"

#include <inttypes.h>
#include <string.h>

void kd_json_init(struct kd_json *j, struct kd_buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

void kd_json_quote(struct kd_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	kd_buf_addch(out, '"');
	for (; *p; p++) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
			p++;
		kd_buf_add(out, run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '"':
			kd_buf_add(out, "\\\"", 2);
			break;
		case '\\':
			kd_buf_add(out, "\\\\", 2);
			break;
		case '\n':
			kd_buf_add(out, "\\n", 2);
			break;
		case '\t':
			kd_buf_add(out, "\\t", 2);
			break;
		default:
			kd_buf_addf(out, "\\u%04x", *p);
		}
	}
	kd_buf_addch(out, '"');
}

static void member(struct kd_json *j, const char *key)
{
	if (j->depth) {
		if (j->has_items[j->depth])
			kd_buf_addch(j->out, ',');
		kd_buf_addch(j->out, '\n');
		kd_buf_addchars(j->out, ' ', (size_t)j->depth);
	}
	j->has_items[j->depth] = 1;
	if (key) {
		kd_json_quote(j->out, key);
		kd_buf_add(j->out, ": ", 2);
	}
}

static void begin(struct kd_json *j, const char *key, int c)
{
	member(j, key);
	kd_buf_addch(j->out, c);
	j->depth++;
	j->has_items[j->depth] = 0;
}

static void end(struct kd_json *j, int c)
{
	int had = j->has_items[j->depth];

	j->depth--;
	if (had) {
		kd_buf_addch(j->out, '\n');
		kd_buf_addchars(j->out, ' ', (size_t)j->depth);
	}
	kd_buf_addch(j->out, c);
	if (!j->depth)
		kd_buf_addch(j->out, '\n');
}

void kd_json_object(struct kd_json *j, const char *key)
{
	begin(j, key, '{');
}

void kd_json_array(struct kd_json *j, const char *key)
{
	begin(j, key, '[');
}

void kd_json_end_object(struct kd_json *j)
{
	end(j, '}');
}

void kd_json_end_array(struct kd_json *j)
{
	end(j, ']');
}

void kd_json_string(struct kd_json *j, const char *key, const char *value)
{
	member(j, key);
	if (value)
		kd_json_quote(j->out, value);
	else
		kd_buf_add(j->out, "null", 4);
}

void kd_json_int(struct kd_json *j, const char *key, int64_t value)
{
	member(j, key);
	kd_buf_addf(j->out, "%" PRId64, value);
}

void kd_json_bool(struct kd_json *j, const char *key, int value)
{
	member(j, key);
	kd_buf_addstr(j->out, value ? "true" : "false");
}

void kd_json_null(struct kd_json *j, const char *key)
{
	member(j, key);
	kd_buf_add(j->out, "null", 4);
}
