/*
 * MIME bodies (RFC 2045, 2046, 2183, 2231, 3676): the text a person reads.
 *
 * What real mail gets wrong, and what is done about it here:
 * - Content-Type: a missing or unparsable type ("", "text", "/plain")
 *   is text/plain (RFC 2045 5.2 says so); comments in parentheses are
 *   skipped anywhere; unquoted values may hold "=", "/" and "?";
 *   unterminated quotes and comments run to the end of the value; junk
 *   between parameters is skipped; RFC 2231 values ("charset*=utf-8''x",
 *   "boundary*0=", "boundary*1*=") are taken when their sections come in
 *   order, and win over the plain form.  An empty boundary is no boundary.
 * - Content-Transfer-Encoding: any case, blanks and comments around it;
 *   7bit, 8bit, "8-bit", binary and whatever else is unknown are taken
 *   as they are.  A multipart that says base64 or quoted-printable (which
 *   RFC 2045 6.4 forbids) is decoded before it is split.
 * - Multipart: a delimiter is "--boundary" at the start of a line, then
 *   only blanks (a CR among them); the line break before it belongs to
 *   it (RFC 2046 5.1.1).  A missing close delimiter ends the last part at
 *   the end of the input.  A multipart with no boundary parameter, or
 *   whose boundary never shows up, is read as text/plain, since showing
 *   the raw body beats showing nothing.
 * - Quoted-printable: "=XX" in either case; soft line breaks "=" LF,
 *   "=" CRLF, and "=" with blanks before the line break or at the end of
 *   the input; any other "=" is kept as it stands.  Unencoded blanks at
 *   line ends are kept (RFC 2045 says to drop them, but format=flowed
 *   text from sloppy encoders needs them).
 * - Base64: bytes outside the alphabet are skipped (line breaks, blanks,
 *   junk); missing padding is fine; decoding stops at the padding, so
 *   that a mailing list footer appended after it is not decoded into
 *   garbage (base64 concatenated after padding is lost, which is rarer).
 * - Line ends: after charset conversion, a run of CRs before a LF goes
 *   (CRLF, and CRCRLF from mail converted twice); a CR elsewhere stays.
 * - format=flowed: applied to text/plain only.  Lines of depth 0 are
 *   unstuffed; quoted lines keep their quote marks and stuffing as
 *   written, continuation lines lose theirs when joined.  A flowed line
 *   followed by a line of another quote depth, or by the signature
 *   separator "-- ", ends its paragraph instead of joining.
 *
 * Which parts count:
 * - multipart/alternative: the first text/plain part, else the first
 *   nested multipart (whose text/plain part is usually what was meant),
 *   else the first other text part, each tried in turn until one yields
 *   text.
 * - other multiparts: text/x-patch, text/x-diff and text/x-*src parts
 *   always (patches come as attachments); text/plain parts unless they are
 *   attachments with a file name that does not end in ".patch" or ".diff"
 *   (any case).  A ".txt" attachment is most often a log or a config, not
 *   the message, so it is left out.  The file name is Content-Disposition's
 *   filename, else Content-Type's name.
 * - multipart/digest parts default to message/rfc822, and message/rfc822
 *   is never entered.
 * - A message that is not multipart is its own text when it is of any
 *   text type (a lone text/html beats an empty digest entry), else it has
 *   none.
 * - The text of each part inside a multipart ends in a line break (the
 *   one given to the delimiter), and parts are separated by a blank line.
 * - *limited is always written: 1 when a limit was hit, else 0, so that
 *   callers need not clear it first.
 */
#include "rfc2045.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "charset.h"

/* Header values: type, parameters, comments. */

static const char *skip_comment(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && !--depth)
			return p + 1;
	}
	return p;
}

static const char *skip_cfws(const char *p)
{
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (*p != '(')
			return p;
		p = skip_comment(p);
	}
}

/* `p` is just past the opening quote; returns just past the closing one. */
static const char *read_quoted(struct kd_buf *out, const char *p)
{
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (out)
			kd_buf_addch(out, *p);
	}
	return *p ? p + 1 : p;
}

/* Past the next ";" that is not inside a quoted string or a comment. */
static const char *next_param(const char *p)
{
	while (*p && *p != ';') {
		if (*p == '"')
			p = read_quoted(NULL, p + 1);
		else if (*p == '(')
			p = skip_comment(p);
		else
			p++;
	}
	return *p ? p + 1 : NULL;
}

static void add_lower(struct kd_buf *out, const char *s, size_t n)
{
	size_t i;

	kd_buf_grow(out, n);
	for (i = 0; i < n; i++)
		out->buf[out->len++] = (char)kd_tolower(s[i]);
	out->buf[out->len] = '\0';
}

/* A parameter wanted from a header value, and how it was given. */
enum param_state { PARAM_NONE, PARAM_PLAIN, PARAM_EXT, PARAM_SECTIONS };

struct param {
	const char *name;
	struct kd_buf val;
	enum param_state state;
	unsigned next; /* the RFC 2231 section expected next */
};

/* clang-format off */
#define PARAM_INIT(name) { (name), KD_BUF_INIT, PARAM_NONE, 0 }
/* clang-format on */

/*
 * Append an RFC 2231 piece: the first extended piece starts with
 * "charset'language'", which goes (the values wanted here are ASCII or
 * only looked at for their suffix); extended pieces are %-encoded.
 */
static void ext_add(struct kd_buf *out, const char *v, size_t n, int ext,
		    int first)
{
	const char *end = v + n, *q;

	if (!ext) {
		kd_buf_add(out, v, n);
		return;
	}
	if (first && (q = memchr(v, '\'', n)) &&
	    (q = memchr(q + 1, '\'', (size_t)(end - q - 1))))
		v = q + 1;
	for (; v < end; v++) {
		if (*v == '%' && end - v >= 3 && kd_hex_digit(v[1]) >= 0 &&
		    kd_hex_digit(v[2]) >= 0) {
			kd_buf_addch(out, kd_hex_digit(v[1]) << 4 | kd_hex_digit(v[2]));
			v += 2;
		} else {
			kd_buf_addch(out, *v);
		}
	}
}

/* `section` is -1 for "name=" and "name*=". */
static void param_set(struct param *pm, const char *v, size_t n, int section,
		      int ext)
{
	if (section < 0 && !ext) {
		if (pm->state != PARAM_NONE)
			return;
		kd_buf_add(&pm->val, v, n);
		pm->state = PARAM_PLAIN;
		return;
	}
	if (section <= 0) {
		if (pm->state == PARAM_EXT || pm->state == PARAM_SECTIONS)
			return;
		kd_buf_reset(&pm->val);
		pm->state = section < 0 ? PARAM_EXT : PARAM_SECTIONS;
		pm->next = 1;
		ext_add(&pm->val, v, n, ext, 1);
		return;
	}
	if (pm->state != PARAM_SECTIONS || (unsigned)section != pm->next)
		return;
	pm->next++;
	ext_add(&pm->val, v, n, ext, 0);
}

/*
 * Split an attribute "name", "name*", "name*3" or "name*3*" into its
 * name length, section and whether it is extended.  Returns 0 when it is
 * none of these.
 */
static int attr_split(const char *a, size_t n, size_t *nlen, int *section,
		      int *ext)
{
	const char *star = memchr(a, '*', n), *end = a + n;

	*section = -1;
	*ext = 0;
	*nlen = star ? (size_t)(star - a) : n;
	if (!star)
		return 1;
	a = star + 1;
	if (a == end) {
		*ext = 1;
		return 1;
	}
	for (*section = 0; a < end && *a >= '0' && *a <= '9'; a++)
		if ((*section = *section * 10 + (*a - '0')) > 9999)
			return 0;
	if (a == star + 1)
		return 0;
	if (a < end && *a == '*') {
		*ext = 1;
		a++;
	}
	return a == end;
}

static void param_take(struct param *params, size_t nr, const char *attr,
		       size_t alen, const char *v, size_t vlen)
{
	size_t i, nlen;
	int section, ext;

	if (!attr_split(attr, alen, &nlen, &section, &ext))
		return;
	for (i = 0; i < nr; i++)
		if (strlen(params[i].name) == nlen &&
		    !strncasecmp(params[i].name, attr, nlen))
			param_set(&params[i], v, vlen, section, ext);
}

/*
 * Parse "type/subtype; a=b; c=\"d\"" leniently: `type` gets the type,
 * lowercased ("type/subtype", or a lone "type"), and each of `params`
 * the value of its parameter.
 */
static void value_parse(struct kd_buf *type, struct param *params, size_t nr,
			const char *value)
{
	struct kd_buf v = KD_BUF_INIT;
	const char *p = value ? value : "";
	size_t n;

	p = skip_cfws(p);
	n = strcspn(p, "/; \t\r\n(\"");
	add_lower(type, p, n);
	p = skip_cfws(p + n);
	if (*p == '/') {
		p = skip_cfws(p + 1);
		n = strcspn(p, "/; \t\r\n(\"");
		kd_buf_addch(type, '/');
		add_lower(type, p, n);
	}

	while ((p = next_param(p))) {
		const char *attr = skip_cfws(p);
		size_t alen = strcspn(attr, "=; \t\r\n(\"");

		p = skip_cfws(attr + alen);
		if (*p != '=' || !alen)
			continue;
		p = skip_cfws(p + 1);
		kd_buf_reset(&v);
		if (*p == '"') {
			p = read_quoted(&v, p + 1);
		} else {
			n = strcspn(p, "; \t\r\n(\"");
			kd_buf_add(&v, p, n);
			p += n;
		}
		param_take(params, nr, attr, alen, v.buf, v.len);
	}
	kd_buf_release(&v);
}

static char *param_detach(struct param *pm)
{
	if (pm->state == PARAM_NONE) {
		kd_buf_release(&pm->val);
		return NULL;
	}
	return kd_buf_detach(&pm->val, NULL);
}

static void content_type_parse(struct kd_content_type *out, char **name,
			       const char *value)
{
	struct kd_buf type = KD_BUF_INIT;
	struct param p[] = {
		PARAM_INIT("charset"), PARAM_INIT("boundary"),
		PARAM_INIT("format"),  PARAM_INIT("delsp"),
		PARAM_INIT("name"),
	};
	const char *slash;

	value_parse(&type, p, sizeof(p) / sizeof(*p), value);

	/* "text", "text/" or "/plain" is not a type: say there is none */
	slash = strchr(type.buf, '/');
	if (!slash || slash == type.buf || !slash[1])
		kd_buf_reset(&type);
	out->type = kd_buf_detach(&type, NULL);

	kd_buf_trim(&p[0].val);
	if (p[0].val.len) {
		kd_buf_reset(&type);
		add_lower(&type, p[0].val.buf, p[0].val.len);
		out->charset = kd_buf_detach(&type, NULL);
	} else {
		out->charset = NULL;
	}
	out->boundary = p[1].val.len ? kd_strdup(p[1].val.buf) : NULL;
	out->format = !strcasecmp(p[2].val.buf, "flowed") ? kd_strdup("flowed")
							  : NULL;
	out->delsp = !strcasecmp(p[3].val.buf, "yes");
	if (name)
		*name = param_detach(&p[4]);
	else
		kd_buf_release(&p[4].val);
	kd_buf_release(&p[0].val);
	kd_buf_release(&p[1].val);
	kd_buf_release(&p[2].val);
	kd_buf_release(&p[3].val);
}

void kd_content_type_parse(struct kd_content_type *out, const char *value)
{
	content_type_parse(out, NULL, value);
}

void kd_content_type_release(struct kd_content_type *ct)
{
	free(ct->type);
	free(ct->charset);
	free(ct->boundary);
	free(ct->format);
	ct->type = ct->charset = ct->boundary = ct->format = NULL;
	ct->delsp = 0;
}

/* Transfer decodings. */

void kd_qp_decode(struct kd_buf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	char *dst;

	if (!len)
		return;
	/* the output is never longer than the input */
	kd_buf_grow(out, len);
	dst = out->buf + out->len;
	while (p < end) {
		const char *eq = memchr(p, '=', (size_t)(end - p)), *q;

		if (!eq)
			eq = end;
		memcpy(dst, p, (size_t)(eq - p));
		dst += eq - p;
		if (eq == end)
			break;
		p = eq + 1;
		if (end - p >= 2 && kd_hex_digit(p[0]) >= 0 && kd_hex_digit(p[1]) >= 0) {
			*dst++ = (char)(kd_hex_digit(p[0]) << 4 | kd_hex_digit(p[1]));
			p += 2;
			continue;
		}
		/* a soft line break, perhaps with blanks a relay added */
		for (q = p; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == end || *q == '\n') {
			p = q < end ? q + 1 : end;
			continue;
		}
		if (*q == '\r' && (q + 1 == end || q[1] == '\n')) {
			p = q + 1 < end ? q + 2 : end;
			continue;
		}
		*dst++ = '=';
	}
	kd_buf_setlen(out, (size_t)(dst - out->buf));
}

/* 0-63: a digit; 64: padding; 255: not base64, skipped. */
/* clang-format off */
static const unsigned char b64[256] = {
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255, 62,255,255,255, 63,
	 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,255,255,255, 64,255,255,
	255,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
	 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,255,255,255,255,255,
	255, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
	255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
};
/* clang-format on */

void kd_base64_decode(struct kd_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned char *dst;
	uint32_t acc = 0;
	int n = 0;

	if (!len)
		return;
	kd_buf_grow(out, len / 4 * 3 + 3);
	dst = (unsigned char *)out->buf + out->len;
	while (p < end) {
		unsigned v;

		/* most of a body is whole quads between line breaks */
		while (!n && end - p >= 4) {
			unsigned a = b64[p[0]], b = b64[p[1]], c = b64[p[2]],
				 d = b64[p[3]];
			uint32_t q;

			if ((a | b | c | d) & 0xc0)
				break;
			q = a << 18 | b << 12 | c << 6 | d;
			*dst++ = (unsigned char)(q >> 16);
			*dst++ = (unsigned char)(q >> 8);
			*dst++ = (unsigned char)q;
			p += 4;
		}
		if (p == end)
			break;
		v = b64[*p++];
		if (v < 64) {
			acc = acc << 6 | v;
			if (++n == 4) {
				*dst++ = (unsigned char)(acc >> 16);
				*dst++ = (unsigned char)(acc >> 8);
				*dst++ = (unsigned char)acc;
				acc = 0;
				n = 0;
			}
		} else if (v == 64 && n >= 2) {
			break;
		}
	}
	/* a partial quad, padded or not: 2 digits make a byte, 3 two */
	if (n == 2) {
		*dst++ = (unsigned char)(acc >> 4);
	} else if (n == 3) {
		*dst++ = (unsigned char)(acc >> 10);
		*dst++ = (unsigned char)(acc >> 2);
	}
	kd_buf_setlen(out, (size_t)((char *)dst - out->buf));
}

enum cte { CTE_IDENTITY, CTE_QP, CTE_BASE64 };

static enum cte cte_parse(const char *v)
{
	size_t n;

	if (!v)
		return CTE_IDENTITY;
	v = skip_cfws(v);
	n = strcspn(v, " \t\r\n;(\"");
	if (n == 16 && !strncasecmp(v, "quoted-printable", n))
		return CTE_QP;
	if (n == 6 && !strncasecmp(v, "base64", n))
		return CTE_BASE64;
	return CTE_IDENTITY;
}

static void transfer_decode(struct kd_buf *out, enum cte cte, const char *s,
			    size_t len)
{
	if (cte == CTE_QP)
		kd_qp_decode(out, s, len);
	else if (cte == CTE_BASE64)
		kd_base64_decode(out, s, len);
	else
		kd_buf_add(out, s, len);
}

/* Text: line ends and format=flowed. */

/* Drop each run of CRs before a LF, from `from` on. */
static void strip_cr(struct kd_buf *b, size_t from)
{
	char *s = b->buf + from, *end = b->buf + b->len, *dst, *cr;

	cr = memchr(s, '\r', (size_t)(end - s));
	if (!cr)
		return;
	dst = s = cr;
	while (s < end) {
		char *run = s;

		while (s < end && *s == '\r')
			s++;
		if (s == end || *s != '\n') {
			memmove(dst, run, (size_t)(s - run));
			dst += s - run;
		}
		cr = memchr(s, '\r', (size_t)(end - s));
		if (!cr)
			cr = end;
		memmove(dst, s, (size_t)(cr - s));
		dst += cr - s;
		s = cr;
	}
	kd_buf_setlen(b, (size_t)(dst - b->buf));
}

static int is_sig_sep(const char *s, const char *end)
{
	return end - s == 3 && !memcmp(s, "-- ", 3);
}

/* RFC 3676: undo space-stuffing and join soft-broken lines. */
static void unflow(struct kd_buf *out, const char *s, size_t len, int delsp)
{
	const char *end = s + len;
	size_t jdepth = 0;
	int joining = 0, ended_nl = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end, *text = s, *from, *to = le;
		size_t depth;
		int flowed, sig;

		while (text < le && *text == '>')
			text++;
		depth = (size_t)(text - s);
		if (text < le && *text == ' ')
			text++;
		sig = is_sig_sep(text, le);
		flowed = !sig && le > text && le[-1] == ' ';

		if (joining && (depth != jdepth || sig)) {
			kd_buf_addch(out, '\n');
			joining = 0;
		}
		from = joining ? text : depth ? s : text;
		if (flowed && delsp)
			to--;
		kd_buf_add(out, from, (size_t)(to - from));
		if (flowed) {
			joining = 1;
			jdepth = depth;
		} else {
			if (nl)
				kd_buf_addch(out, '\n');
			joining = 0;
		}
		ended_nl = nl != NULL;
		s = nl ? nl + 1 : end;
	}
	if (joining && ended_nl)
		kd_buf_addch(out, '\n');
}

/* The walk over a message's parts. */

enum kind { KIND_SKIP, KIND_PLAIN, KIND_PATCH, KIND_TEXT, KIND_MULTIPART };

struct entity {
	struct kd_content_type ct;
	char *filename; /* Content-Disposition filename, else type's name */
	int attachment;
	enum cte cte;
	enum kind kind;
};

struct walk {
	struct kd_buf *out;
	struct kd_buf tmp;  /* a leaf, transfer-decoded */
	struct kd_buf flow; /* a leaf in UTF-8, before format=flowed */
	size_t parts;	    /* parts read, against KD_MIME_MAX_PARTS */
	size_t emitted;	    /* parts that gave text */
	int limited;
};

static int has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static enum kind kind_of(const char *type)
{
	if (!strncmp(type, "multipart/", 10))
		return KIND_MULTIPART;
	if (strncmp(type, "text/", 5))
		return KIND_SKIP;
	type += 5;
	if (!strcmp(type, "plain"))
		return KIND_PLAIN;
	if (!strcmp(type, "x-patch") || !strcmp(type, "x-diff") ||
	    (!strncmp(type, "x-", 2) && has_suffix_ci(type, "src")))
		return KIND_PATCH;
	return KIND_TEXT;
}

static const char *get(const struct kd_headers *h, const char *name)
{
	return h ? kd_headers_get(h, name) : NULL;
}

static void entity_init(struct entity *e, const struct kd_headers *h,
			const char *deftype)
{
	struct kd_buf disp = KD_BUF_INIT;
	struct param fn = PARAM_INIT("filename");
	char *name;

	content_type_parse(&e->ct, &name, get(h, "Content-Type"));
	if (!*e->ct.type) {
		free(e->ct.type);
		e->ct.type = kd_strdup(deftype);
	}
	value_parse(&disp, &fn, 1, get(h, "Content-Disposition"));
	e->attachment = !strcmp(disp.buf, "attachment");
	kd_buf_release(&disp);
	e->filename = param_detach(&fn);
	if (e->filename)
		free(name);
	else
		e->filename = name;
	e->cte = cte_parse(get(h, "Content-Transfer-Encoding"));
	e->kind = kind_of(e->ct.type);
}

static void entity_release(struct entity *e)
{
	kd_content_type_release(&e->ct);
	free(e->filename);
	e->filename = NULL;
}

/* Whether a part of a multipart/mixed (or the like) is read. */
static int wanted(const struct entity *e)
{
	if (e->kind == KIND_PATCH)
		return 1;
	if (e->kind != KIND_PLAIN)
		return 0;
	if (!e->attachment || !e->filename)
		return 1;
	return has_suffix_ci(e->filename, ".patch") ||
	       has_suffix_ci(e->filename, ".diff");
}

/*
 * Append the text of a leaf to the output.  `depth` is 0 for a message
 * that is not multipart: its text is taken as it ends; a part's text is
 * given back the line break its delimiter took.
 */
static void emit(struct walk *w, const struct entity *e, enum cte cte,
		 const char *body, size_t len, int depth)
{
	struct kd_buf *out = w->out;
	size_t start = out->len, mark;

	if (cte != CTE_IDENTITY) {
		kd_buf_reset(&w->tmp);
		transfer_decode(&w->tmp, cte, body, len);
		body = w->tmp.buf;
		len = w->tmp.len;
	}
	if (w->emitted)
		kd_buf_addch(out, '\n');
	mark = out->len;
	if (e->kind == KIND_PLAIN && e->ct.format) {
		kd_buf_reset(&w->flow);
		kd_charset_to_utf8(&w->flow, e->ct.charset, body, len);
		strip_cr(&w->flow, 0);
		unflow(out, w->flow.buf, w->flow.len, e->ct.delsp);
	} else {
		kd_charset_to_utf8(out, e->ct.charset, body, len);
		strip_cr(out, mark);
	}
	/*
	 * The LF added below ends the last line of a part: a CR left before
	 * it ("\r\r" before the delimiter, "=0D" at the end) goes as well.
	 */
	while (depth && out->len > mark && out->buf[out->len - 1] == '\r')
		kd_buf_setlen(out, out->len - 1);
	if (out->len == mark) {
		kd_buf_setlen(out, start);
		return;
	}
	if (depth && out->buf[out->len - 1] != '\n')
		kd_buf_addch(out, '\n');
	w->emitted++;
}

/* The parts of a multipart body, one at a time. */
struct parts {
	const char *pos, *end;
	const char *bnd;
	size_t blen;
	int done;
};

/*
 * The next delimiter line at or after `p` (a line start), or NULL; *next
 * is set past its line, *close when it is the close delimiter.  Lines are
 * looked at one by one, so this stays linear whatever the boundary.
 */
static const char *find_delimiter(const struct parts *it, const char *p,
				  const char **next, int *close)
{
	const char *end = it->end;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *r = p + 2 + it->blen;

		if ((size_t)(le - p) >= 2 + it->blen && p[0] == '-' &&
		    p[1] == '-' && !memcmp(p + 2, it->bnd, it->blen)) {
			int c = 0;

			if (le - r >= 2 && r[0] == '-' && r[1] == '-') {
				c = 1;
				r += 2;
			}
			while (r < le &&
			       (*r == ' ' || *r == '\t' || *r == '\r'))
				r++;
			if (r == le) {
				*close = c;
				*next = nl ? nl + 1 : end;
				return p;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

/* Returns 0 when the boundary is nowhere in the body. */
static int parts_begin(struct parts *it, const char *body, size_t len,
		       const char *boundary)
{
	int close;

	it->end = body + len;
	it->bnd = boundary;
	it->blen = strlen(boundary);
	if (!find_delimiter(it, body, &it->pos, &close))
		return 0;
	it->done = close;
	return 1;
}

static int parts_next(struct walk *w, struct parts *it, const char **part,
		      size_t *len)
{
	const char *d, *e, *next;
	int close = 0;

	if (it->done)
		return 0;
	if (w->parts >= KD_MIME_MAX_PARTS) {
		w->limited = 1;
		it->done = 1;
		return 0;
	}
	d = find_delimiter(it, it->pos, &next, &close);
	e = d ? d : it->end;
	if (d && e > it->pos && e[-1] == '\n')
		e--;
	if (d && e > it->pos && e[-1] == '\r')
		e--;
	*part = it->pos;
	*len = (size_t)(e - it->pos);
	if (!d || close)
		it->done = 1;
	else
		it->pos = next;
	w->parts++;
	return 1;
}

static void walk_entity(struct walk *w, const struct entity *e,
			const char *body, size_t len, int depth, int take);

static void part_open(struct kd_headers *h, struct entity *e, const char **body,
		      size_t *len, const char *deftype)
{
	size_t off;

	kd_headers_parse(h, *body, *len, &off);
	*body += off;
	*len -= off;
	entity_init(e, h, deftype);
}

/* Read one part; `take` reads any text part, not only wanted() ones. */
static void walk_part(struct walk *w, const char *part, size_t len, int depth,
		      const char *deftype, int take)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct entity e;

	part_open(&h, &e, &part, &len, deftype);
	walk_entity(w, &e, part, len, depth, take);
	entity_release(&e);
	kd_headers_release(&h);
}

static enum kind part_kind(const char *part, size_t len, const char *deftype)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct entity e;
	enum kind k;

	part_open(&h, &e, &part, &len, deftype);
	k = e.kind;
	entity_release(&e);
	kd_headers_release(&h);
	return k;
}

static void alternative(struct walk *w, struct parts *it, int depth,
			const char *deftype)
{
	/* in the order they are tried: text/plain, multipart, other text */
	struct {
		const char *p;
		size_t len;
	} pick[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
	const char *part;
	size_t len, before = w->emitted;
	int i;

	while (parts_next(w, it, &part, &len)) {
		switch (part_kind(part, len, deftype)) {
		case KIND_PLAIN:
			i = 0;
			break;
		case KIND_MULTIPART:
			i = 1;
			break;
		case KIND_PATCH:
		case KIND_TEXT:
			i = 2;
			break;
		default:
			continue;
		}
		if (!pick[i].p) {
			pick[i].p = part;
			pick[i].len = len;
		}
	}
	for (i = 0; i < 3 && w->emitted == before; i++)
		if (pick[i].p)
			walk_part(w, pick[i].p, pick[i].len, depth + 1, deftype,
				  1);
}

static void multipart(struct walk *w, const struct entity *e, const char *body,
		      size_t len, int depth)
{
	struct kd_buf decoded = KD_BUF_INIT;
	struct parts it;
	const char *part, *deftype = "text/plain";
	size_t plen;

	if (depth >= KD_MIME_MAX_DEPTH) {
		w->limited = 1;
		return;
	}
	if (e->cte != CTE_IDENTITY) {
		transfer_decode(&decoded, e->cte, body, len);
		body = decoded.buf;
		len = decoded.len;
	}
	if (!e->ct.boundary || !parts_begin(&it, body, len, e->ct.boundary)) {
		emit(w, e, CTE_IDENTITY, body, len, depth);
	} else if (!strcmp(e->ct.type, "multipart/alternative")) {
		alternative(w, &it, depth, deftype);
	} else {
		if (!strcmp(e->ct.type, "multipart/digest"))
			deftype = "message/rfc822";
		while (parts_next(w, &it, &part, &plen))
			walk_part(w, part, plen, depth + 1, deftype, 0);
	}
	kd_buf_release(&decoded);
}

static void walk_entity(struct walk *w, const struct entity *e,
			const char *body, size_t len, int depth, int take)
{
	switch (e->kind) {
	case KIND_MULTIPART:
		multipart(w, e, body, len, depth);
		break;
	case KIND_SKIP:
		break;
	default:
		if (take || wanted(e))
			emit(w, e, e->cte, body, len, depth);
	}
}

void kd_mime_text(struct kd_buf *out, const struct kd_headers *h,
		  const char *body, size_t len, int *limited)
{
	struct walk w = {out, KD_BUF_INIT, KD_BUF_INIT, 0, 0, 0};
	struct entity e;

	if (!body) {
		body = "";
		len = 0;
	}
	entity_init(&e, h, "text/plain");
	walk_entity(&w, &e, body, len, 0, 1);
	entity_release(&e);
	kd_buf_release(&w.tmp);
	kd_buf_release(&w.flow);
	if (limited)
		*limited = w.limited;
}
