/*
 * Header fields, mailboxes, dates and message ids (RFC 5322).
 *
 * Real mail breaks the grammar all the time; what is tolerated here:
 * - LF or CRLF line ends, and a CR alone inside a line (kept as is);
 * - an mbox "From " line before the first field;
 * - lines in the header section that are not fields (no colon, or a name
 *   with blanks in it): skipped, as most readers do;
 * - no blank line after the header section: everything is header;
 * - white space between a field's name and its colon ("Subject :");
 * - mailboxes with no angle brackets, unbalanced quotes or comments, raw
 *   UTF-8 or encoded words inside quoted names; group syntax
 *   ("undisclosed-recipients:;" has no mailbox, "Team: a@b;" gives a@b);
 * - dates without a day name or seconds, with two-digit years, zone names
 *   instead of offsets, or junk after them.
 */
#include "rfc5322.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "rfc2047.h"

/* The length of the line at `p`, without its end of line. */
static size_t line_len(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (!nl) {
		*next = end;
		n = (size_t)(end - p);
	} else {
		*next = nl + 1;
		n = (size_t)(nl - p);
	}
	if (n && p[n - 1] == '\r')
		n--;
	return n;
}

static int valid_name(const char *p, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= ' ' || c >= 127 || c == ':')
			return 0;
	}
	return 1;
}

/* Is the field `name` one the caller keeps? */
static int wanted(const struct kd_headers *h, const char *name, size_t nlen)
{
	const char *const *w;

	if (!h->only)
		return 1;
	/* the first letter first: a message has dozens of fields */
	for (w = h->only; *w; w++)
		if (kd_tolower(**w) == kd_tolower(*name) &&
		    strlen(*w) == nlen && !strncasecmp(*w, name, nlen))
			return 1;
	return 0;
}

/*
 * The field `name` ends: kept (the value is in `value`) when the caller
 * wants it, counted towards KD_HEADERS_MAX either way.
 */
static void add_field(struct kd_headers *h, size_t *fields, const char *name,
		      size_t nlen, struct kd_buf *value, int keep)
{
	struct kd_header_field *f;

	if (*fields >= KD_HEADERS_MAX) {
		h->truncated = 1;
		return;
	}
	(*fields)++;
	if (!keep)
		return;
	KD_ALLOC_GROW(h->fields, h->nr + 1, h->alloc);
	f = &h->fields[h->nr++];
	f->name = kd_strndup(name, nlen);
	kd_buf_trim(value);
	f->value = kd_strndup(value->buf, value->len);
}

void kd_headers_parse(struct kd_headers *out, const char *msg, size_t len,
		      size_t *body_off)
{
	const char *p = msg, *end = msg + len, *next;
	const char *name = NULL;
	size_t nlen = 0, fields = out->nr, vlen = 0;
	struct kd_buf value = KD_BUF_INIT;
	int keep = 0;

	if (len >= 5 && !memcmp(p, "From ", 5))
		line_len(p, end, &p);

	while (p < end) {
		size_t n = line_len(p, end, &next);
		const char *colon;

		if (!n) {
			p = next;
			break;
		}
		if (kd_is_blank((unsigned char)*p)) {
			/* a continuation: unfolding drops only the line break */
			if (name) {
				if (vlen + n <= KD_HEADER_MAX) {
					if (keep)
						kd_buf_add(&value, p, n);
					vlen += n;
				} else {
					out->truncated = 1;
				}
			}
			p = next;
			continue;
		}
		if (name)
			add_field(out, &fields, name, nlen, &value, keep);
		name = NULL;
		kd_buf_reset(&value);
		vlen = 0;

		colon = memchr(p, ':', n);
		if (colon) {
			size_t k = (size_t)(colon - p);
			while (k && kd_is_blank((unsigned char)p[k - 1]))
				k--;
			if (valid_name(p, k)) {
				vlen = n - (size_t)(colon + 1 - p);
				name = p;
				nlen = k;
				keep = wanted(out, name, nlen);
				if (vlen > KD_HEADER_MAX) {
					vlen = KD_HEADER_MAX;
					out->truncated = 1;
				}
				if (keep)
					kd_buf_add(&value, colon + 1, vlen);
			}
		}
		p = next;
	}
	if (name)
		add_field(out, &fields, name, nlen, &value, keep);
	kd_buf_release(&value);
	*body_off = (size_t)(p - msg);
}

void kd_headers_release(struct kd_headers *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++) {
		free(h->fields[i].name);
		free(h->fields[i].value);
	}
	free(h->fields);
	h->fields = NULL;
	h->nr = h->alloc = 0;
	h->truncated = 0;
}

const char *kd_headers_get(const struct kd_headers *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		if (!strcasecmp(h->fields[i].name, name))
			return h->fields[i].value;
	return NULL;
}

/*
 * Mailboxes.  The display name is collected from the words before "<",
 * with quoted strings unquoted; encoded words are decoded afterwards over
 * the whole name, since some mailers put them inside quotes.
 */
static void collapse_ws(struct kd_buf *b)
{
	size_t i, j = 0;
	int blank = 0;

	for (i = 0; i < b->len; i++) {
		char c = b->buf[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			blank = 1;
			continue;
		}
		if (blank && j)
			b->buf[j++] = ' ';
		blank = 0;
		b->buf[j++] = c;
	}
	kd_buf_setlen(b, j);
}

static const char *skip_comment(const char *p, struct kd_buf *text)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '(') {
			if (!depth++)
				continue;
		} else if (*p == ')') {
			if (!--depth)
				return p + 1;
		}
		if (text)
			kd_buf_addch(text, *p);
	}
	return p;
}

static void decode_name(struct kd_buf *out, struct kd_buf *raw)
{
	size_t start, end;

	collapse_ws(raw);
	kd_rfc2047_decode(out, raw->buf, raw->len);
	collapse_ws(out);
	kd_buf_trim(out);
	/*
	 * "'Name'" and "\"Name\"" doubly quoted by some mailers.  The quotes
	 * are peeled by index and the rest moved once: a name of n quotes
	 * must not cost n moves of the whole name.
	 */
	start = 0;
	end = out->len;
	while (end - start >= 2 &&
	       ((out->buf[start] == '\'' && out->buf[end - 1] == '\'') ||
		(out->buf[start] == '"' && out->buf[end - 1] == '"'))) {
		start++;
		end--;
		while (end > start && kd_is_space(out->buf[end - 1]))
			end--;
		while (start < end && kd_is_space(out->buf[start]))
			start++;
	}
	if (start)
		memmove(out->buf, out->buf + start, end - start);
	kd_buf_setlen(out, end - start);
}

void kd_mailbox_parse(struct kd_mailbox *out, const char *value)
{
	struct kd_buf phrase = KD_BUF_INIT, addr = KD_BUF_INIT;
	struct kd_buf comment = KD_BUF_INIT, name = KD_BUF_INIT;
	const char *p = value ? value : "";
	int have_angle = 0, unclosed = 0;

	while (*p && *p != ',' && *p != ';') {
		if (*p == '"' && unclosed) {
			p++;
			continue;
		}
		if (*p == '"') {
			const char *q = p + 1;
			size_t mark = phrase.len;
			for (; *q && *q != '"'; q++) {
				if (*q == '\\' && q[1])
					q++;
				kd_buf_addch(&phrase, *q);
			}
			if (*q) {
				p = q + 1;
				continue;
			}
			/*
			 * unbalanced: the quote is a stray character.  A quote
			 * after it is escaped or unbalanced too (the scan from
			 * it runs as this one did), so none is scanned again:
			 * "\"\"\"... must not cost the square of its length.
			 */
			kd_buf_setlen(&phrase, mark);
			unclosed = 1;
			p++;
			continue;
		}
		if (*p == ':' && !have_angle && !strstr(phrase.buf, "=?")) {
			/* group syntax: what came before names the group */
			kd_buf_reset(&phrase);
			kd_buf_reset(&comment);
			p++;
			continue;
		}
		if (*p == '(') {
			struct kd_buf c = KD_BUF_INIT;
			p = skip_comment(p, &c);
			kd_buf_trim(&comment);
			if (!comment.len)
				kd_buf_add(&comment, c.buf, c.len);
			kd_buf_release(&c);
			continue;
		}
		if (*p == '<') {
			const char *close = strchr(p, '>');
			size_t n = close ? (size_t)(close - p - 1) : strlen(p + 1);
			kd_buf_reset(&addr);
			kd_buf_add(&addr, p + 1, n);
			have_angle = 1;
			p += n + 1 + (close ? 1 : 0);
			continue;
		}
		kd_buf_addch(have_angle ? &comment : &phrase, *p);
		p++;
	}

	if (!have_angle) {
		/* a bare address; what looked like a phrase is the address */
		kd_buf_add(&addr, phrase.buf, phrase.len);
		kd_buf_reset(&phrase);
		kd_buf_trim(&addr);
		kd_buf_trim(&comment);
		kd_buf_add(&phrase, comment.buf, comment.len);
	}
	kd_buf_trim(&addr);
	collapse_ws(&addr);

	decode_name(&name, &phrase);
	if (!name.len && have_angle && comment.len) {
		kd_buf_trim(&comment);
		decode_name(&name, &comment);
	}

	out->name = kd_buf_detach(&name, NULL);
	out->email = kd_buf_detach(&addr, NULL);
	kd_buf_release(&phrase);
	kd_buf_release(&comment);
}

void kd_mailbox_release(struct kd_mailbox *m)
{
	free(m->name);
	free(m->email);
	m->name = m->email = NULL;
}

/* Dates. */
static const char *const months[] = { "jan", "feb", "mar", "apr",
				      "may", "jun", "jul", "aug",
				      "sep", "oct", "nov", "dec" };

static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "ut", 0 },	     { "utc", 0 },	  { "gmt", 0 },
	{ "z", 0 },	     { "est", -5 * 60 },  { "edt", -4 * 60 },
	{ "cst", -6 * 60 },  { "cdt", -5 * 60 },  { "mst", -7 * 60 },
	{ "mdt", -6 * 60 },  { "pst", -8 * 60 },  { "pdt", -7 * 60 },
	{ "cet", 60 },	     { "cest", 120 },	  { "bst", 60 },
};

static int days_in_month(long year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month - 1] + (month == 2 && leap);
}

int64_t kd_days_from_civil(int64_t y, int m, int d)
{
	/* Howard Hinnant's algorithm: proleptic Gregorian, no tables */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int read_num(const char **pp, int maxdigits, long *out)
{
	const char *p = *pp;
	long v = 0;
	int n = 0;

	while (isdigit((unsigned char)*p) && n < maxdigits) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (!n)
		return -1;
	*pp = p;
	*out = v;
	return n;
}

static const char *skip_cfws(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r' ||
		       *p == '\n')
			p++;
		if (*p != '(')
			return p;
		p = skip_comment(p, NULL);
	}
}

int kd_date_parse(int64_t *when, int *tz_minutes, const char *value)
{
	const char *p = value ? value : "";
	long day, year, hour, min, sec = 0;
	int month = -1, ndig, tz = 0, i;

	p = skip_cfws(p);
	/* an optional day name */
	if (isalpha((unsigned char)*p)) {
		while (isalpha((unsigned char)*p))
			p++;
		p = skip_cfws(p);
	}
	if (read_num(&p, 2, &day) < 0)
		return -1;
	p = skip_cfws(p);
	if (*p == '-')
		p++;
	for (i = 0; i < 12; i++)
		if (!strncasecmp(p, months[i], 3)) {
			month = i + 1;
			break;
		}
	if (month < 0)
		return -1;
	while (isalpha((unsigned char)*p))
		p++;
	if (*p == '-')
		p++;
	p = skip_cfws(p);
	ndig = read_num(&p, 4, &year);
	if (ndig < 0)
		return -1;
	if (ndig <= 2)
		year += year < 50 ? 2000 : 1900;
	else if (ndig == 3)
		year += 1900;
	p = skip_cfws(p);
	if (read_num(&p, 2, &hour) < 0 || *p++ != ':' ||
	    read_num(&p, 2, &min) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, &sec) < 0)
			sec = 0;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	if (day < 1 || day > days_in_month(year, month) || hour > 23 ||
	    min > 59 || sec > 60)
		return -1;
	p = skip_cfws(p);
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		long hhmm;
		const char *q = p + 1;
		long mm;
		int nd = read_num(&q, 4, &hhmm);
		/* "+05:30", as some mailers write it */
		if (nd == 2 && *q == ':' && (q++, read_num(&q, 2, &mm) == 2))
			hhmm = hhmm * 100 + mm, nd = 4;
		if (nd == 4 && hhmm % 100 < 60 && hhmm / 100 < 24)
			tz = sign * (int)(hhmm / 100 * 60 + hhmm % 100);
	} else if (isalpha((unsigned char)*p)) {
		size_t k = 0;
		while (isalpha((unsigned char)p[k]))
			k++;
		for (i = 0; i < (int)(sizeof(zones) / sizeof(*zones)); i++)
			if (strlen(zones[i].name) == k &&
			    !strncasecmp(p, zones[i].name, k))
				tz = zones[i].minutes;
	}
	*when = kd_days_from_civil(year, month, (int)day) * 86400 + hour * 3600 +
		min * 60 + sec - (int64_t)tz * 60;
	*tz_minutes = tz;
	return 0;
}

static int is_id_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Ids are compared as written, less the white space a fold left in them. */
static void add_id(struct kd_buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_id_blank(s[i]))
			kd_buf_addch(out, s[i]);
}

/* The value with encoded words decoded, where it has any. */
static void msgid_value(struct kd_buf *out, const char *value)
{
	if (strstr(value, "=?"))
		kd_rfc2047_decode(out, value, strlen(value));
	else
		kd_buf_addstr(out, value);
}

void kd_msgid_first(struct kd_buf *out, const char *value)
{
	struct kd_buf dec = KD_BUF_INIT;
	const char *lt, *gt;

	if (!value)
		return;
	msgid_value(&dec, value);
	lt = strchr(dec.buf, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		add_id(out, lt + 1, (size_t)(gt - lt - 1));
	} else if (lt) {
		/* "<a@b" cut short: the id is what follows the bracket */
		add_id(out, lt + 1, strlen(lt + 1));
	} else {
		add_id(out, dec.buf, dec.len);
	}
	kd_buf_release(&dec);
}

/*
 * The ids of a value, "<a> <b>", or where it has no brackets at all (some
 * mailers) its words: counts them, and appends those numbered from
 * `index_from` up to `index_to` to `out` (when not NULL), each followed by
 * a NUL.  An id of nothing but white space ("< >") is no id.
 */
static size_t each_msgid(const char *s, size_t index_from, size_t index_to,
			 struct kd_buf *out)
{
	size_t n = 0;
	const char *lt, *gt, *p = s;
	int bracketed = strchr(s, '<') != NULL;

	while (*p) {
		const char *start, *end;

		if (bracketed) {
			lt = strchr(p, '<');
			if (!lt)
				break;
			gt = strchr(lt + 1, '>');
			start = lt + 1;
			end = gt ? gt : start + strlen(start);
			p = gt ? gt + 1 : end;
		} else {
			while (is_id_blank(*p))
				p++;
			if (!*p)
				break;
			start = p;
			while (*p && !is_id_blank(*p))
				p++;
			end = p;
		}
		while (start < end && is_id_blank(*start))
			start++;
		if (start == end)
			continue;
		if (out && n >= index_from && n < index_to) {
			add_id(out, start, (size_t)(end - start));
			kd_buf_addch(out, '\0');
		}
		n++;
	}
	return n;
}

size_t kd_msgid_list(struct kd_buf *out, const char *value, size_t max)
{
	struct kd_buf dec = KD_BUF_INIT;
	size_t n, kept;

	if (!value || !max)
		return 0;
	msgid_value(&dec, value);
	n = each_msgid(dec.buf, 0, 0, NULL);
	if (n <= max) {
		kept = n;
		each_msgid(dec.buf, 0, n, out);
	} else {
		/* the root, then the nearest max - 1 */
		kept = max;
		each_msgid(dec.buf, 0, 1, out);
		each_msgid(dec.buf, n - (max - 1), n, out);
	}
	kd_buf_release(&dec);
	return kept;
}
