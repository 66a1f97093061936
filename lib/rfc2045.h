#ifndef KD_RFC2045_H
#define KD_RFC2045_H

#include <stddef.h>

#include "buf.h"
#include "rfc5322.h"

/*
 * MIME bodies (RFC 2045, 2046): the text of a message, as a person reads it.
 *
 * kd_mime_text() appends to `out` the text of the message whose header
 * fields are `h` and whose body is `body`:
 * - a message with no Content-Type, or text/plain, is its own text;
 * - multipart/alternative: its text/plain part (else the first text part);
 * - other multipart (mixed, signed, related, ...): each inline text/plain
 *   part and each text/x-patch, text/x-diff or text/x-*src part, in order,
 *   separated by a newline; nested multiparts are entered up to
 *   KD_MIME_MAX_DEPTH levels, and at most KD_MIME_MAX_PARTS parts are read;
 * - message/rfc822 parts are not entered (they are someone else's mail);
 * - Content-Transfer-Encoding quoted-printable and base64 decoded leniently
 *   (invalid sequences kept or skipped, never fatal); 7bit, 8bit, "8-bit",
 *   binary and unknown encodings taken as they are;
 * - the charset parameter honoured through charset.h;
 * - CR before LF removed (also where base64 carried it), so lines end
 *   in LF only.
 * It cannot fail: of malformed input it appends what it could read.
 * `*limited` (when `limited` is not NULL) is set to 1 when a limit was
 * hit, else to 0.
 */
#define KD_MIME_MAX_DEPTH 8
#define KD_MIME_MAX_PARTS 256

void kd_mime_text(struct kd_buf *out, const struct kd_headers *h,
		  const char *body, size_t len, int *limited);

/*
 * A Content-Type value, parsed: `type` is "text/plain" lowercased (empty
 * when there is none), and the parameters that matter here.  Parameter
 * values are unquoted; RFC 2231 continuations and charset prefixes are
 * accepted for boundary and charset.
 */
struct kd_content_type {
	char *type;
	char *charset;  /* NULL when not given */
	char *boundary; /* NULL when not given */
	char *format;   /* "flowed" or NULL */
	int delsp;      /* DelSp=yes */
};

/*
 * Fill every field of `out` (what it held before is not freed); its
 * strings are the caller's, freed by kd_content_type_release(), which
 * leaves them NULL.
 */
void kd_content_type_parse(struct kd_content_type *out, const char *value);
void kd_content_type_release(struct kd_content_type *ct);

/* Transfer decodings, appending to `out`; both are lenient. */
void kd_qp_decode(struct kd_buf *out, const char *s, size_t len);
void kd_base64_decode(struct kd_buf *out, const char *s, size_t len);

#endif
