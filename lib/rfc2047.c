#include "rfc2047.h"

#include "ascii.h"
#include "charset.h"

#include <string.h>
#include <strings.h>

/*
 * Encoded words, =?charset?encoding?text?=, decoded leniently.
 *
 * Tolerated, because real mailers send it:
 * - words glued to the text around them ("[PATCH]=?utf-8?q?...?=", or no
 *   space after "?="), which RFC 2047 forbids;
 * - words longer than 75 characters, and words in the middle of a word;
 * - lowercase hex in Q ("=c3=a9"); a Q "=" not followed by two hex digits
 *   stays a literal "=";
 * - base64 with missing padding, stray characters (skipped) or padding in
 *   the middle (a new quantum starts after it, as when two encoders' output
 *   was pasted together);
 * - charsets iconv does not know, and bytes invalid in the named one (see
 *   charset.h).
 * Not tolerated: white space inside the encoded text.  Such a word is kept
 * as it stands, which also stops an unterminated word from swallowing a
 * good one further along.
 *
 * Every step moves forward through the input, so the work is linear in its
 * length however it is built (1 MB of "=?=?=?" included).
 */

/* Charset names longer than this are not taken for encoded words. */
#define CHARSET_MAX 64

struct word {
	char charset[CHARSET_MAX + 1]; /* without a "*lang" suffix */
	char encoding;		       /* 'Q' or 'B' */
	const char *text;
	size_t text_len;
	size_t end; /* offset just past "?=" */
};

struct decoder {
	const char *s;
	size_t len;
	/* Offset of the first white space or "?=" at or after stop_from. */
	size_t stop_from, stop;
};

static int is_lwsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Offset of the first white space or "?=" at or after `from` (or the end).
 * The answer is remembered: for any later `from` not past it, it is the
 * same, and this is what keeps a string of unterminated words from being
 * rescanned to the end for each of them.
 */
static size_t find_stop(struct decoder *d, size_t from)
{
	size_t i;

	if (from >= d->stop_from && from <= d->stop)
		return d->stop;
	for (i = from; i < d->len; i++) {
		if (is_lwsp(d->s[i]))
			break;
		if (d->s[i] == '?' && i + 1 < d->len && d->s[i + 1] == '=')
			break;
	}
	d->stop_from = from;
	d->stop = i;
	return i;
}

/* Parse the encoded word at `at` (which starts with "=?"); 0 if it is one. */
static int parse_word(struct word *w, struct decoder *d, size_t at)
{
	const char *s = d->s;
	size_t i = at + 2, n = 0, stop;
	int in_lang = 0;

	for (; i < d->len && s[i] != '?'; i++) {
		if (is_lwsp(s[i]) || (unsigned char)s[i] < 0x20 ||
		    i - at - 2 >= CHARSET_MAX)
			return -1;
		if (s[i] == '*')
			in_lang = 1; /* RFC 2231 language: dropped */
		if (!in_lang)
			w->charset[n++] = s[i];
	}
	w->charset[n] = '\0';
	if (!n || i + 2 >= d->len || s[i + 2] != '?')
		return -1;
	switch (s[i + 1]) {
	case 'Q':
	case 'q':
		w->encoding = 'Q';
		break;
	case 'B':
	case 'b':
		w->encoding = 'B';
		break;
	default:
		return -1;
	}
	i += 3;
	stop = find_stop(d, i);
	if (stop >= d->len || s[stop] != '?')
		return -1;
	w->text = s + i;
	w->text_len = stop - i;
	w->end = stop + 2;
	return 0;
}

static void decode_q(struct kd_buf *out, const char *s, size_t len)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '_') {
			kd_buf_addch(out, ' ');
		} else if (s[i] == '=' && i + 2 < len &&
			   (hi = kd_hex_digit(s[i + 1])) >= 0 &&
			   (lo = kd_hex_digit(s[i + 2])) >= 0) {
			kd_buf_addch(out, hi << 4 | lo);
			i += 2;
		} else {
			kd_buf_addch(out, s[i]);
		}
	}
}

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void decode_b(struct kd_buf *out, const char *s, size_t len)
{
	unsigned long acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			/* Padding: whatever follows starts a new quantum. */
			acc = 0;
			bits = 0;
			continue;
		}
		v = base64_value(s[i]);
		if (v < 0)
			continue;
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			kd_buf_addch(out, (int)(acc >> bits) & 0xff);
		}
	}
	/* Fewer than 8 bits left over: a truncated quantum, dropped. */
}

static int all_lwsp(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_lwsp(s[i]))
			return 0;
	return 1;
}

/* Where the next "=?" starts at or after `from`, or `len`. */
static size_t find_open(const char *s, size_t len, size_t from)
{
	const char *p;

	while (from + 1 < len) {
		p = memchr(s + from, '=', len - from - 1);
		if (!p)
			break;
		from = (size_t)(p - s);
		if (s[from + 1] == '?')
			return from;
		from++;
	}
	return len;
}

/* Convert what waits in `pending` and empty it. */
static void flush(struct kd_buf *out, struct kd_buf *pending,
		  const char *charset)
{
	kd_charset_to_utf8(out, charset, pending->buf, pending->len);
	kd_buf_reset(pending);
}

void kd_rfc2047_decode(struct kd_buf *out, const char *s, size_t len)
{
	struct decoder d = {s, len, 1, 0};
	struct kd_buf pending = KD_BUF_INIT;
	char charset[CHARSET_MAX + 1] = "";
	size_t lit = 0, at = 0;
	int after_word = 0;
	struct word w;

	/*
	 * Decoded bytes wait in `pending` while the words that follow are
	 * in the same charset and only white space apart, so that a
	 * character split between two words is converted whole.  `lit` is
	 * where the text not yet written out starts.
	 */
	while ((at = find_open(s, len, at)) < len) {
		if (parse_word(&w, &d, at) < 0) {
			at++;
			continue;
		}
		if (!after_word || !all_lwsp(s + lit, at - lit)) {
			flush(out, &pending, charset);
			kd_utf8_append(out, s + lit, at - lit);
		} else if (strcasecmp(w.charset, charset)) {
			/* Only white space between two words: it goes. */
			flush(out, &pending, charset);
		}
		memcpy(charset, w.charset, sizeof(charset));
		if (w.encoding == 'Q')
			decode_q(&pending, w.text, w.text_len);
		else
			decode_b(&pending, w.text, w.text_len);
		lit = at = w.end;
		after_word = 1;
	}
	flush(out, &pending, charset);
	kd_utf8_append(out, s + lit, len - lit);
	kd_buf_release(&pending);
}
