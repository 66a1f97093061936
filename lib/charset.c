#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Charset names come from mail, so they are normalised before iconv sees
 * them: quotes, blanks and an RFC 2231 language suffix ("utf-8*en") go, case
 * is folded, and a name holding anything but letters, digits and ".:_+-()" is
 * refused outright.  iconv_open() must never be handed "//" suffixes or
 * other oddities chosen by whoever wrote the mail.
 *
 * Labels are mapped the way browsers map them (the WHATWG Encoding Standard),
 * because mail and the web share the same mislabelled text:
 * - iso-8859-1, latin1 and kin decode as windows-1252.  Mail labelled latin1
 *   that holds bytes 0x80-0x9f means curly quotes and dashes from Windows,
 *   never C1 control characters.  The five bytes windows-1252 leaves
 *   undefined come out as U+FFFD.
 * - gb2312 and gbk decode as GB18030, ks_c_5601-1987 and euc-kr as CP949,
 *   shift_jis as CP932, big5 as BIG5-HKSCS: each a superset that decodes
 *   what real mailers produce under the narrower label.
 * - iso-8859-9 is windows-1254 and tis-620 is windows-874, as on the web.
 * Labels meaning ASCII or UTF-8 never reach iconv (see charset.h).
 */

#define NAME_MAX_LEN 40
#define CACHE_SIZE   8
#define FFFD	     "\xef\xbf\xbd"

enum cs_kind {
	CS_UTF8,  /* take the bytes as UTF-8 */
	CS_ICONV, /* convert with iconv */
};

struct alias {
	const char *key;  /* lowercase letters and digits only */
	const char *name; /* what iconv is asked for; NULL: UTF-8 */
};

/* Keys are the label with everything but letters and digits removed. */
static const struct alias aliases[] = {
	{"utf8", NULL},
	{"unicode11utf8", NULL},
	{"xunicode20utf8", NULL},
	{"usascii", NULL},
	{"ascii", NULL},
	{"ansix341968", NULL},
	{"iso646us", NULL},
	{"us", NULL},
	{"none", NULL},
	{"latin1", "WINDOWS-1252"},
	{"l1", "WINDOWS-1252"},
	{"iso88591", "WINDOWS-1252"},
	{"iso885911987", "WINDOWS-1252"},
	{"cp819", "WINDOWS-1252"},
	{"ibm819", "WINDOWS-1252"},
	{"xcp1252", "WINDOWS-1252"},
	{"iso88599", "WINDOWS-1254"},
	{"latin5", "WINDOWS-1254"},
	{"tis620", "WINDOWS-874"},
	{"iso885911", "WINDOWS-874"},
	{"gb2312", "GB18030"},
	{"gb231280", "GB18030"},
	{"gbk", "GB18030"},
	{"xgbk", "GB18030"},
	{"cp936", "GB18030"},
	{"euccn", "GB18030"},
	{"ksc56011987", "CP949"},
	{"ksc5601", "CP949"},
	{"euckr", "CP949"},
	{"shiftjis", "CP932"},
	{"sjis", "CP932"},
	{"xsjis", "CP932"},
	{"mskanji", "CP932"},
	{"windows31j", "CP932"},
	{"big5", "BIG5-HKSCS"},
	{"xmacroman", "MACINTOSH"},
};

/*
 * Charsets in which a run of ASCII bytes always stands for itself, so that
 * pure ASCII text can be copied without iconv (most bodies are).  Keys as in
 * aliases[]; a key matches when it starts with one of these.  Not UTF-7, HZ,
 * ISO-2022 or EBCDIC code pages, in which ASCII bytes can mean other things.
 */
static const char *const ascii_compatible[] = {
	"iso8859", "windows125", "windows874", "koi8",	"gb18030", "cp949",
	"cp932",   "big5",	 "eucjp",      "latin", "cp125",
};

struct cache_entry {
	char key[NAME_MAX_LEN + 1];
	iconv_t cd; /* (iconv_t)-1: iconv does not know this charset */
	int ascii_compatible;
};

/* Per thread, so that no lock is taken per header and iconv_t stays private. */
static __thread struct cache_entry cache[CACHE_SIZE];
static __thread unsigned int cache_used, cache_next;

/* Length of the valid UTF-8 sequence at `s`, or 0 (Unicode table 3-7). */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return 0;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (len < n)
		return 0;
	if (c == 0xe0)
		lo = 0xa0; /* overlong */
	else if (c == 0xed)
		hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong */
	else if (c == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Length of the leading run of ASCII bytes, eight at a time while it lasts. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	while (len - i >= 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/* Length of the longest prefix of `s` that is valid UTF-8. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0, n;

	for (;;) {
		i += ascii_prefix(s + i, len - i);
		if (i == len)
			return i;
		n = utf8_seq(s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
}

int kd_utf8_valid(const char *src, size_t len)
{
	return utf8_valid_prefix((const unsigned char *)src, len) == len;
}

size_t kd_utf8_cut(const char *s, size_t max)
{
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

void kd_utf8_append(struct kd_buf *out, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n;

	for (;;) {
		n = utf8_valid_prefix(s, len);
		kd_buf_add(out, s, n);
		if (n == len)
			return;
		/* One replacement per bad byte, as charset.h promises. */
		kd_buf_add(out, FFFD, 3);
		s += n + 1;
		len -= n + 1;
	}
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.' || c == ':' || c == '+' || c == '(' ||
	       c == ')';
}

/*
 * Normalise `charset` into `name` (lowercase, no quotes, blanks or language
 * suffix) and `key` (only its letters and digits, for aliases[]).  Returns
 * 0, or -1 for a name that is empty, too long or holds odd characters.
 */
static int normalise(char *name, char *key, const char *charset)
{
	size_t n = 0, k = 0;
	const char *p;

	for (p = charset; *p && *p != '*'; p++) {
		char c = *p;

		if (c == '"' || c == '\'' || c == ' ' || c == '\t' ||
		    c == '\r' || c == '\n')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!is_name_char(c) || n == NAME_MAX_LEN)
			return -1;
		name[n++] = c;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[k++] = c;
	}
	name[n] = key[k] = '\0';
	return n ? 0 : -1;
}

static int is_ascii_compatible(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(ascii_compatible) / sizeof(*ascii_compatible);
	     i++)
		if (!strncmp(key, ascii_compatible[i],
			     strlen(ascii_compatible[i])))
			return 1;
	return 0;
}

/*
 * Find how to read `charset`: CS_UTF8, or CS_ICONV with a cached
 * descriptor in `*entry`.  Charsets iconv refuses are cached too, so a
 * mailbox full of "unknown-8bit" asks iconv only once per thread.
 */
static enum cs_kind lookup(struct cache_entry **entry, const char *charset)
{
	char name[NAME_MAX_LEN + 1], key[NAME_MAX_LEN + 1];
	const char *iconv_name;
	struct cache_entry *e;
	unsigned int i;
	int ascii = 0;

	if (!charset || normalise(name, key, charset) < 0)
		return CS_UTF8;
	iconv_name = name;
	for (i = 0; i < sizeof(aliases) / sizeof(*aliases); i++) {
		if (strcmp(key, aliases[i].key))
			continue;
		if (!aliases[i].name)
			return CS_UTF8;
		/* Every alias target is an ASCII superset. */
		iconv_name = aliases[i].name;
		ascii = 1;
		break;
	}
	if (!ascii)
		ascii = is_ascii_compatible(key);

	for (i = 0; i < cache_used; i++) {
		if (!strcmp(cache[i].key, iconv_name)) {
			*entry = &cache[i];
			return cache[i].cd == (iconv_t)-1 ? CS_UTF8 : CS_ICONV;
		}
	}

	if (cache_used < CACHE_SIZE) {
		e = &cache[cache_used++];
	} else {
		e = &cache[cache_next];
		cache_next = (cache_next + 1) % CACHE_SIZE;
		if (e->cd != (iconv_t)-1)
			iconv_close(e->cd);
	}
	/* Keyed by what iconv is asked for: "latin1" and "l1" share one. */
	strcpy(e->key, iconv_name);
	e->cd = iconv_open("UTF-8", iconv_name);
	e->ascii_compatible = ascii;
	*entry = e;
	return e->cd == (iconv_t)-1 ? CS_UTF8 : CS_ICONV;
}

/*
 * Run iconv over all of `src`.  A byte it will not take (EILSEQ), or an
 * incomplete sequence at the end (EINVAL), becomes U+FFFD and conversion
 * resumes one byte further on.
 */
static void convert(struct kd_buf *out, iconv_t cd, const char *src, size_t len)
{
	char *in = (char *)src, *o;
	size_t inleft = len, outleft, room = len * 2 + 16, r;
	int flush;

	/* A descriptor reused from the cache may be mid-shift-sequence. */
	iconv(cd, NULL, NULL, NULL, NULL);
	for (;;) {
		kd_buf_grow(out, room);
		o = out->buf + out->len;
		outleft = out->alloc - out->len - 1;
		/* Once the input is done, emit what a decoder still holds. */
		flush = !inleft;
		if (flush)
			r = iconv(cd, NULL, NULL, &o, &outleft);
		else
			r = iconv(cd, &in, &inleft, &o, &outleft);
		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (r != (size_t)-1) {
			if (flush)
				return;
		} else if (errno == E2BIG) {
			room = out->alloc;
		} else if (!flush && (errno == EILSEQ || errno == EINVAL)) {
			kd_buf_add(out, FFFD, 3);
			in++;
			inleft--;
		} else {
			/* iconv gave up in a way it should not: stop here. */
			if (!flush)
				kd_buf_add(out, FFFD, 3);
			return;
		}
	}
}

void kd_charset_to_utf8(struct kd_buf *out, const char *charset,
			const char *src, size_t len)
{
	struct cache_entry *e = NULL;
	size_t start = out->len, n;
	char *tmp;

	if (!len)
		return;
	if (lookup(&e, charset) == CS_UTF8) {
		kd_utf8_append(out, src, len);
		return;
	}
	if (e->ascii_compatible &&
	    ascii_prefix((const unsigned char *)src, len) == len) {
		kd_buf_add(out, src, len);
		return;
	}
	convert(out, e->cd, src, len);

	/*
	 * Some glibc decoders (UCS-4 for one) hand out code points UTF-8
	 * does not allow; charset.h promises valid output, so check it.
	 */
	if (kd_utf8_valid(out->buf + start, out->len - start))
		return;
	n = out->len - start;
	tmp = kd_strndup(out->buf + start, n);
	kd_buf_setlen(out, start);
	kd_utf8_append(out, tmp, n);
	free(tmp);
}

void kd_charset_thread_cleanup(void)
{
	unsigned int i;

	for (i = 0; i < cache_used; i++)
		if (cache[i].cd != (iconv_t)-1)
			iconv_close(cache[i].cd);
	cache_used = cache_next = 0;
}
