#include "lore.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"

/* Percent-encode every byte of `s` outside `keep` and ALPHA / DIGIT. */
static void url_escape(struct kd_buf *out, const char *s, const char *keep)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (kd_is_alnum(*p) || strchr(keep, *p))
			kd_buf_addch(out, *p);
		else
			kd_buf_addf(out, "%%%02X", *p);
	}
}

void kd_lore_url(struct kd_buf *out, const char *archive,
		 const char *message_id)
{
	url_escape(out, archive, "-._~:/?#@!$&+,;=%");
	url_escape(out, message_id, "-._~@");
	kd_buf_addch(out, '/');
}

/*
 * Reading links back out of text: message ids of URLs, and the links a
 * new version of a series gives to its earlier ones (lore.h).
 *
 * Tolerated, as people paste links into prose: "http://" and "https://"
 * in any case, any host, a URL in brackets or parentheses or followed by
 * punctuation, "%40" for '@', ids percent-encoded in part or not at all,
 * footnote marks defined before or after they are used, a CR before a
 * line's LF, NUL bytes (an id holding one, once decoded, is none).
 * Not tolerated: a URL broken over two lines (the part on the first line
 * is read), version words in languages other than English.
 *
 * Each line is read a bounded number of times: once for its footnote
 * mark, twice for its tokens; a footnote's URL is decoded once however
 * often it is cited, and a call stops at KD_VERSION_LINKS_MAX links.
 *
 * ASCII case is folded with strncasecmp() (the C locale: this program
 * never calls setlocale), character classes are ascii.h's.
 */

/* "http://" or "https://" (any case) at s: its length, else 0. */
static size_t url_scheme(const char *s, size_t n)
{
	if (n >= 7 && !strncasecmp(s, "http://", 7))
		return 7;
	if (n >= 8 && !strncasecmp(s, "https://", 8))
		return 8;
	return 0;
}

/* Where a URL at s[0..n) ends, the punctuation after it left out. */
static size_t url_span(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"')
			break;
		i++;
	}
	while (i && strchr(">).,;:]'!?", s[i - 1]))
		i--;
	return i;
}

static int ends_segment(char c)
{
	return c == '/' || c == '?' || c == '#';
}

static int holds_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '@' || (s[i] == '%' && i + 2 < n &&
				    s[i + 1] == '4' && s[i + 2] == '0'))
			return 1;
	return 0;
}

/* Append s[0..n) percent-decoded; 0 (out as it was) when no id. */
static int add_msgid(struct kd_buf *out, const char *s, size_t n)
{
	size_t old = out->len, i;

	for (i = 0; i < n; i++) {
		int hi, lo;
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n &&
		    (hi = kd_hex_digit(s[i + 1])) >= 0 &&
		    (lo = kd_hex_digit(s[i + 2])) >= 0) {
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' ||
		    out->len - old >= KD_LORE_MSGID_MAX) {
			kd_buf_setlen(out, old);
			return 0;
		}
		kd_buf_addch(out, c);
	}
	return out->len > old;
}

int kd_lore_msgid(struct kd_buf *out, const char *url, size_t len)
{
	size_t scheme = url_scheme(url, len), n, i, start;

	if (!scheme)
		return 0;
	n = url_span(url, len);
	for (i = scheme; i < n && !ends_segment(url[i]); i++)
		; /* the host */
	/* www.mail-archive.com/<list address>/msg123.html names a list */
	if (i - scheme >= 16 &&
	    !strncasecmp(url + i - 16, "mail-archive.com", 16))
		return 0;
	while (i < n && url[i] == '/') {
		for (start = ++i; i < n && !ends_segment(url[i]); i++)
			;
		if (holds_at(url + start, i - start))
			return add_msgid(out, url + start, i - start);
	}
	return 0;
}

/* Version links */

enum item_type { ITEM_END, ITEM_WORD, ITEM_VERSION, ITEM_URL, ITEM_MARK };

struct item {
	enum item_type type;
	size_t start, len; /* in the line */
	int value;	   /* a version's N, a mark's number */
	int negative;	   /* a word of a dependency ("based on") */
};

static int word_is(const char *w, size_t wl, const char *lit)
{
	return wl == strlen(lit) && !strncasecmp(w, lit, wl);
}

static int word_in(const char *w, size_t wl, const char *const *list)
{
	for (; *list; list++)
		if (word_is(w, wl, *list))
			return 1;
	return 0;
}

/* The word after s[from] past blanks: its length (0: none), `*at` its start. */
static size_t next_word(const char *s, size_t n, size_t from, size_t *at)
{
	size_t i = from, start;

	while (i < n && kd_is_blank(s[i]))
		i++;
	for (start = i; i < n && kd_is_alnum(s[i]); i++)
		;
	*at = start;
	return i - start;
}

/* The N of 1 to 3 digits that are all of w[0..wl), or -1. */
static int small_number(const char *w, size_t wl)
{
	size_t i;
	int v = 0;

	if (!wl || wl > 3)
		return -1;
	for (i = 0; i < wl; i++) {
		if (!kd_is_digit(w[i]))
			return -1;
		v = v * 10 + (w[i] - '0');
	}
	return v;
}

/* "v3", "V3", "RFCv2", "PATCHv3" but not "v6.8" or "v6-rc1": N or -1. */
static int v_number(const char *s, size_t n, size_t at, size_t end)
{
	const char *w = s + at;
	size_t wl = end - at, k = 0;

	if (wl > 4 && !strncasecmp(w, "rfc", 3))
		k = 3;
	else if (wl > 6 && !strncasecmp(w, "patch", 5))
		k = 5;
	if (wl - k < 2 || (w[k] != 'v' && w[k] != 'V'))
		return -1;
	if (end + 1 < n && s[end] == '.' && kd_is_digit(s[end + 1]))
		return -1;
	if (end + 2 < n && s[end] == '-' && !strncasecmp(s + end + 1, "rc", 2))
		return -1;
	return small_number(w + k + 1, wl - k - 1);
}

static const char *const adjectives[] = {"previous", "prev",  "last",
					 "earlier",  "older", "prior",
					 "original", NULL};
static const char *const nouns[] = {"version",	 "versions",   "revision",
				    "revisions", "iteration",  "posting",
				    "series",	 "submission", "spin",
				    "round",	 "patchset",   NULL};
static const char *const dependency_words[] = {"dependency",   "dependencies",
					       "prerequisite", "prerequisites",
					       "requires",     NULL};

/* Classify the word s[at..*i): a version token, a dependency or a word. */
static void classify_word(struct item *it, const char *s, size_t n, size_t at,
			  size_t *i)
{
	const char *w = s + at;
	size_t wl = *i - at, nat, nl;
	int v;

	it->type = ITEM_WORD;
	it->start = at;
	it->len = wl;
	/* the words below start so: most words are none of them */
	if (!strchr("vrpleobdVRPLEOBD", w[0]))
		return;
	nl = next_word(s, n, *i, &nat);
	if ((v = v_number(s, n, at, *i)) >= 0) {
		it->type = ITEM_VERSION;
		it->value = v;
	} else if ((word_is(w, wl, "version") || word_is(w, wl, "revision")) &&
		   (v = small_number(s + nat, nl)) >= 0) {
		it->type = ITEM_VERSION;
		it->value = v;
		*i = nat + nl;
	} else if (word_in(w, wl, adjectives) && word_in(s + nat, nl, nouns)) {
		it->type = ITEM_VERSION;
		it->value = 0;
		*i = nat + nl;
	} else if (word_is(w, wl, "rfc") && !(nl && kd_is_digit(s[nat]))) {
		it->type = ITEM_VERSION;
		it->value = 0;
	} else if (((word_is(w, wl, "based") || word_is(w, wl, "depends") ||
		     word_is(w, wl, "depend")) &&
		    word_is(s + nat, nl, "on")) ||
		   (word_is(w, wl, "on") && word_is(s + nat, nl, "top")) ||
		   word_in(w, wl, dependency_words)) {
		it->negative = 1;
	}
	it->len = *i - at;
}

/* A footnote mark "[N]" (up to 3 digits) or "[*]" at s[at]: its number. */
static int mark_at(const char *s, size_t n, size_t at, size_t *end)
{
	size_t i = at + 1;
	int v;

	if (i + 1 < n && s[i] == '*' && s[i + 1] == ']') {
		*end = i + 2;
		return 0;
	}
	while (i < n && kd_is_digit(s[i]))
		i++;
	if (i == n || s[i] != ']' ||
	    (v = small_number(s + at + 1, i - at - 1)) < 0)
		return -1;
	*end = i + 1;
	return v;
}

/* The next item of the line s[0..n) from *i. */
static void next_item(struct item *it, const char *s, size_t n, size_t *i)
{
	memset(it, 0, sizeof(*it));
	while (*i < n) {
		size_t at = *i, k, end;
		char c = s[at];
		int v;

		if (c == '[' && (v = mark_at(s, n, at, &end)) >= 0) {
			it->type = ITEM_MARK;
			it->start = at;
			it->len = end - at;
			it->value = v;
			*i = end;
			return;
		}
		if (!kd_is_alnum(c)) {
			(*i)++;
			continue;
		}
		if ((c == 'h' || c == 'H') &&
		    (k = url_scheme(s + at, n - at)) &&
		    (end = url_span(s + at, n - at)) > k) {
			it->type = ITEM_URL;
			it->start = at;
			it->len = end;
			*i = at + end;
			return;
		}
		for (*i = at; *i < n && kd_is_alnum(s[*i]); (*i)++)
			;
		classify_word(it, s, n, at, i);
		return;
	}
	it->type = ITEM_END;
}

/* What a line holds, for the rules of lore.h. */
struct line_facts {
	int first, last; /* versions named: the first, the last; -1 */
	unsigned int negative : 1, colon : 1;
	unsigned int link : 1; /* its first item is the word "Link" */
	size_t urls, marks, words;
	size_t url_start, url_len; /* the first URL */
};

static void line_facts(struct line_facts *f, const char *s, size_t n)
{
	struct item it;
	size_t i = 0, end = n;

	memset(f, 0, sizeof(*f));
	f->first = f->last = -1;
	for (next_item(&it, s, n, &i); it.type != ITEM_END;
	     next_item(&it, s, n, &i)) {
		if (it.type == ITEM_VERSION) {
			if (f->first < 0)
				f->first = it.value;
			f->last = it.value;
		} else if (it.type == ITEM_URL) {
			if (!f->urls++) {
				f->url_start = it.start;
				f->url_len = it.len;
			}
		} else if (it.type == ITEM_MARK) {
			f->marks++;
		} else {
			if (!f->words++ && !f->urls && !f->marks &&
			    f->first < 0)
				f->link = word_is(s + it.start, it.len, "link");
		}
		f->negative |= it.negative;
	}
	while (end && kd_is_blank_cr(s[end - 1]))
		end--;
	f->colon = end && s[end - 1] == ':';
}

static int is_url_only(const struct line_facts *f)
{
	return f->urls == 1 && !f->words && !f->marks && f->first < 0;
}

/* "Link: https://..." and nothing else */
static int is_link_line(const struct line_facts *f)
{
	return f->urls == 1 && f->words == 1 && f->link && !f->marks &&
	       f->first < 0;
}

static int is_blank_line(const char *s, size_t n)
{
	while (n && kd_is_blank_cr(*s)) {
		s++;
		n--;
	}
	return !n;
}

/* One call's state. */
struct links {
	struct kd_version_links *out;
	size_t first; /* out->v[first..] are this call's */
	struct kd_buf id;
	/* footnote N: its URL at text[off - 1, + len); 0 when none or used */
	struct footnote {
		size_t off, len;
	} * foot;
};

static int links_full(const struct links *l)
{
	return l->out->nr - l->first >= KD_VERSION_LINKS_MAX;
}

/* Take the URL u[0..n) as a link to `version`, if it is a message's. */
static void take(struct links *l, const char *u, size_t n, int version)
{
	struct kd_version_links *out = l->out;
	size_t k;

	kd_buf_reset(&l->id);
	if (links_full(l) || !kd_lore_msgid(&l->id, u, n))
		return;
	for (k = l->first; k < out->nr; k++)
		if (!strcmp(out->v[k].message_id, l->id.buf))
			return;
	KD_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr].message_id = kd_strdup(l->id.buf);
	out->v[out->nr].version = version;
	out->nr++;
}

/* The line at text[pos..): its length without LF; *next past it. */
static size_t line_at(const char *text, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

	*next = pos + n + 1;
	return n;
}

static int is_diff_line(const char *s, size_t n)
{
	return n >= 11 && !memcmp(s, "diff --git ", 11);
}

/*
 * Footnotes: lines starting "[N]", with a URL after the mark or, when
 * there is none, on the next non-blank line holding only a URL.
 */
static void find_footnotes(struct links *l, const char *text, size_t len)
{
	size_t pos, next, n;

	for (pos = 0; pos < len; pos = next) {
		const char *s = text + pos;
		struct line_facts f;
		size_t i = 0, end, url = 0, url_len = 0;
		int mark;

		n = line_at(text, len, pos, &next);
		if (is_diff_line(s, n))
			break;
		while (i < n && kd_is_blank(s[i]))
			i++;
		if (i == n || s[i] != '[' ||
		    (mark = mark_at(s, n, i, &end)) < 0)
			continue;
		if (l->foot && l->foot[mark].off)
			continue; /* the first definition counts */
		line_facts(&f, s + end, n - end);
		if (f.urls) {
			url = pos + end + f.url_start;
			url_len = f.url_len;
		} else {
			size_t p = next, after;

			while (p < len) {
				const char *t = text + p;
				size_t tn = line_at(text, len, p, &after);

				if (!is_blank_line(t, tn)) {
					line_facts(&f, t, tn);
					if (is_url_only(&f) &&
					    !is_diff_line(t, tn)) {
						url = p + f.url_start;
						url_len = f.url_len;
					}
					break;
				}
				p = after;
			}
		}
		if (!url_len)
			continue;
		if (!l->foot)
			l->foot = kd_calloc(KD_FOOTNOTES_MAX + 1,
					    sizeof(*l->foot));
		l->foot[mark].off = url + 1;
		l->foot[mark].len = url_len;
	}
}

/* The links of a version line; returns whether it gave or cited one. */
static int version_line(struct links *l, const char *text, const char *s,
			size_t n, const struct line_facts *f)
{
	struct item it;
	size_t i = 0;
	int last = -1, cited = 0;

	for (next_item(&it, s, n, &i); it.type != ITEM_END && !links_full(l);
	     next_item(&it, s, n, &i)) {
		int version = last >= 0 ? last : f->first;

		if (it.type == ITEM_VERSION) {
			last = it.value;
		} else if (it.type == ITEM_URL) {
			take(l, s + it.start, it.len, version);
			cited = 1;
		} else if (it.type == ITEM_MARK && l->foot &&
			   l->foot[it.value].off) {
			struct footnote *fn = &l->foot[it.value];

			take(l, text + fn->off - 1, fn->len, version);
			fn->off = 0; /* once: the same mark gives the same id */
			cited = 1;
		}
	}
	return cited;
}

/* Is there a "://" in s[0, len)?  No link is read out of text without. */
static int has_url(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, ':', (size_t)(end - p))) && end - p >= 3) {
		if (p[1] == '/' && p[2] == '/')
			return 1;
		p++;
	}
	return 0;
}

void kd_version_links(struct kd_version_links *out, const char *text,
		      size_t len)
{
	struct links l = {out, out->nr, KD_BUF_INIT, NULL};
	struct {
		int version;
		unsigned int active : 1, bare : 1, colon : 1;
		size_t lines;
	} head = {0, 0, 0, 0, 0};
	size_t pos, next, n;

	if (!has_url(text, len))
		return;
	find_footnotes(&l, text, len);
	for (pos = 0; pos < len && !links_full(&l); pos = next) {
		const char *s = text + pos;
		struct line_facts f;

		n = line_at(text, len, pos, &next);
		if (is_diff_line(s, n))
			break;
		if (is_blank_line(s, n))
			continue;
		line_facts(&f, s, n);
		if (f.negative) {
			head.active = 0;
		} else if (f.first >= 0) {
			head.active = 0;
			if (!version_line(&l, text, s, n, &f) && !f.urls) {
				head.active = 1;
				head.version = f.last;
				head.bare = !f.words && !f.marks;
				head.colon = f.colon || head.bare;
				head.lines = 0;
			}
		} else if (head.active && ((head.colon && is_url_only(&f)) ||
					   is_link_line(&f))) {
			take(&l, s + f.url_start, f.url_len, head.version);
			head.active = 0;
		} else if (head.active &&
			   (!head.bare ||
			    ++head.lines > KD_VERSION_HEADING_REACH)) {
			head.active = 0;
		}
	}
	kd_buf_release(&l.id);
	free(l.foot);
}

void kd_version_links_release(struct kd_version_links *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].message_id);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}
