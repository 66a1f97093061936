#ifndef KD_CHARSET_H
#define KD_CHARSET_H

#include "buf.h"

/*
 * Text in any charset, to UTF-8.
 *
 * Mail names its charset and is often wrong about it.  Tolerated here:
 * - a charset iconv does not know (`y`, `unknown-8bit`, `x-user-defined`,
 *   a missing one): the bytes are taken as UTF-8;
 * - `us-ascii` (and no charset at all) holding 8-bit bytes: taken as UTF-8,
 *   which is what such mail almost always is;
 * - bytes that are not valid in the named charset: each becomes U+FFFD and
 *   the conversion goes on with the next byte.
 * The output is always valid UTF-8.  Control characters are passed on as
 * they are: making them safe to show is sanitize.h's job.
 */

/* Append `len` bytes of `src`, in `charset` (NULL: none named), to `out`. */
void kd_charset_to_utf8(struct kd_buf *out, const char *charset,
			const char *src, size_t len);

/* Append `src` to `out`, each byte that is not part of valid UTF-8 as U+FFFD. */
void kd_utf8_append(struct kd_buf *out, const char *src, size_t len);

/* Whether `src` is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int kd_utf8_valid(const char *src, size_t len);

/*
 * Where to cut `s` to at most `max` bytes without splitting a character:
 * `max` backed off past UTF-8 continuation bytes (0 when all of s[1..max]
 * are such bytes).  `s` must hold more than `max` bytes: s[max] is read.
 */
size_t kd_utf8_cut(const char *s, size_t max);

/*
 * Release the iconv descriptors this thread keeps open between calls.
 * Optional: a thread that ends without it leaks a few descriptors.
 */
void kd_charset_thread_cleanup(void);

#endif
