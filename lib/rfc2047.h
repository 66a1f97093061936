#ifndef KD_RFC2047_H
#define KD_RFC2047_H

#include "buf.h"

/*
 * RFC 2047 encoded words in header values ("=?UTF-8?q?Cl=C3=A9ment?=").
 *
 * kd_rfc2047_decode() appends `len` bytes of the (unfolded) header value
 * `s` to `out`, decoded to UTF-8:
 * - Q and B encodings, any case; charsets through charset.h (RFC 2231
 *   language suffixes, "UTF-8*en", are ignored);
 * - white space between two adjacent encoded words is dropped;
 * - adjacent words in the same charset are joined before conversion, so a
 *   character split across two words comes back whole;
 * - what is not a well-formed encoded word is kept as it stands (text
 *   outside encoded words is taken as UTF-8, invalid bytes as U+FFFD);
 * - broken base64 or Q inside a word decodes as far as it can.
 * The output is valid UTF-8.
 */
void kd_rfc2047_decode(struct kd_buf *out, const char *s, size_t len);

#endif
