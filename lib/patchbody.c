/*
 * The body of a patch mail or cover letter: its in-body headers and the
 * excerpt a digest shows.
 *
 * Tolerated, since senders and their tools vary:
 * - blank lines before the in-body headers, header names in any case,
 *   white space around a value, continuation lines (unfolded into the
 *   value: the line break and the white space around it become one blank);
 * - in-body headers not ended by a blank line: as git's mailinfo does,
 *   they end at the first line that is neither a header nor a
 *   continuation, and that line belongs to the text;
 * - a header given twice: the first one counts;
 * - a CR before the LF of a line (CRLF left over): ignored when matching;
 * - several "---" lines before the diffstat, notes between them;
 * - a diffstat summary with or without its insertions and deletions,
 *   singular or plural, any indentation and trailing white space;
 * - no diffstat (format-patch --no-stat): the excerpt stops before the
 *   diff, which may be a git diff, a plain "diff -u", an "Index: " diff of
 *   quilt or svn, or a bare "--- "/"+++ " pair;
 * - no diff at all: it stops at a signature or a list footer.
 *
 * Not tolerated, for simplicity: a cover letter that quotes a diff or a
 * diffstat summary in its prose is cut there, since the first such line
 * ends the excerpt; a pull request's several diffstats are cut after the
 * first one.
 */
#include "patchbody.h"

#include <string.h>

#include "buf.h"

/* One line of the body: [start, end) without its LF; next is past it. */
struct line {
	const char *start;
	size_t len;  /* without LF and without a CR before it */
	size_t next; /* offset of the next line */
};

static int get_line(struct line *l, const char *body, size_t len, size_t pos)
{
	const char *nl;

	if (pos >= len)
		return 0;
	l->start = body + pos;
	nl = memchr(l->start, '\n', len - pos);
	l->len = nl ? (size_t)(nl - l->start) : len - pos;
	l->next = nl ? (size_t)(nl - body) + 1 : len;
	if (l->len && l->start[l->len - 1] == '\r')
		l->len--;
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int line_is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!is_blank(l->start[i]))
			return 0;
	return 1;
}

/* Does the line start with `prefix` (matched exactly)? */
static int starts_with(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && !memcmp(l->start, prefix, n);
}

static int line_eq(const struct line *l, const char *s)
{
	return l->len == strlen(s) && !memcmp(l->start, s, l->len);
}

/*
 * Is the line "Name:" for one of `names` (any case)?  Returns the length
 * of the name and its colon, 0 when not.
 */
static size_t header_name(const struct line *l, const char *const *names)
{
	for (; *names; names++) {
		size_t n = strlen(*names), i;

		if (l->len <= n || l->start[n] != ':')
			continue;
		for (i = 0; i < n; i++)
			if (lower(l->start[i]) != (*names)[i])
				break;
		if (i == n)
			return n + 1;
	}
	return 0;
}

static void add_value(struct kd_buf *out, const char *s, size_t len)
{
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	kd_buf_add(out, s, len);
}

void kd_inbody_headers(struct kd_buf *from, struct kd_buf *subject, size_t *end,
		       const char *body, size_t len)
{
	static const char *const first[] = {"from", "date", "subject", NULL};
	static const char *const more[] = {
		"from", "date", "subject", "message-id", "cc", "to", NULL};
	struct kd_buf *cur = NULL; /* the value a continuation adds to */
	int seen_from = 0, seen_subject = 0, any = 0;
	size_t pos = 0, n;
	struct line l;

	kd_buf_reset(from);
	kd_buf_reset(subject);
	*end = 0;

	while (get_line(&l, body, len, pos) && line_is_blank(&l))
		pos = l.next;

	while (get_line(&l, body, len, pos)) {
		if (line_is_blank(&l)) {
			if (any)
				*end = l.next;
			return;
		}
		if (any && is_blank(l.start[0])) {
			if (cur) {
				if (cur->len)
					kd_buf_addch(cur, ' ');
				add_value(cur, l.start, l.len);
			}
			pos = *end = l.next;
			continue;
		}
		n = header_name(&l, any ? more : first);
		if (!n)
			return;
		any = 1;
		cur = NULL;
		/* Of the names known, only From and Subject start so. */
		if (lower(l.start[0]) == 'f' && !seen_from) {
			seen_from = 1;
			cur = from;
		} else if (lower(l.start[0]) == 's' && !seen_subject) {
			seen_subject = 1;
			cur = subject;
		}
		if (cur)
			add_value(cur, l.start + n, l.len - n);
		pos = *end = l.next;
	}
}

/* Skip `*i` past digits; return 1 when there was at least one. */
static int skip_digits(const struct line *l, size_t *i)
{
	size_t start = *i;

	while (*i < l->len && is_digit(l->start[*i]))
		(*i)++;
	return *i > start;
}

static int skip_word(const struct line *l, size_t *i, const char *w)
{
	size_t n = strlen(w);

	if (l->len - *i < n || memcmp(l->start + *i, w, n))
		return 0;
	*i += n;
	return 1;
}

/*
 * " N file(s) changed[, N insertion(s)(+)][, N deletion(s)(-)]", as
 * git's diffstat ends.
 */
static int is_diffstat_summary(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && is_blank(l->start[i]))
		i++;
	if (!skip_digits(l, &i) || !skip_word(l, &i, " file"))
		return 0;
	skip_word(l, &i, "s");
	if (!skip_word(l, &i, " changed"))
		return 0;
	if (skip_word(l, &i, ", ")) {
		size_t save = i;

		if (!skip_digits(l, &i) || !skip_word(l, &i, " insertion"))
			i = save;
		else {
			skip_word(l, &i, "s");
			if (!skip_word(l, &i, "(+)"))
				return 0;
			if (!skip_word(l, &i, ", "))
				goto tail;
		}
		if (!skip_digits(l, &i) || !skip_word(l, &i, " deletion"))
			return 0;
		skip_word(l, &i, "s");
		if (!skip_word(l, &i, "(-)"))
			return 0;
	}
tail:
	while (i < l->len && is_blank(l->start[i]))
		i++;
	return i == l->len;
}

/* Is the line at `l` where a diff starts? */
static int is_diff_start(const struct line *l, const char *body, size_t len)
{
	struct line next;

	if (starts_with(l, "diff --git ") || starts_with(l, "diff -") ||
	    starts_with(l, "Index: "))
		return 1;
	return starts_with(l, "--- ") && get_line(&next, body, len, l->next) &&
	       starts_with(&next, "+++ ");
}

static int is_signature_or_footer(const struct line *l)
{
	return line_eq(l, "-- ") || line_eq(l, "--") ||
	       starts_with(l, "_______________");
}

/*
 * Where the excerpt of body[start, len) ends: after the first diffstat
 * summary or before the first diff line, whichever comes first; else
 * before a signature or footer; else at the end.
 */
static size_t excerpt_end(const char *body, size_t len, size_t start)
{
	struct line l;
	size_t pos;

	for (pos = start; get_line(&l, body, len, pos); pos = l.next) {
		if (is_diffstat_summary(&l))
			return l.next;
		if (is_diff_start(&l, body, len))
			return pos;
	}
	for (pos = start; get_line(&l, body, len, pos); pos = l.next)
		if (is_signature_or_footer(&l))
			return pos;
	return len;
}

void kd_patch_excerpt(struct kd_buf *out, const char *body, size_t len)
{
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t start, stop;
	struct line l;

	kd_inbody_headers(&from, &subject, &start, body, len);
	kd_buf_release(&from);
	kd_buf_release(&subject);

	while (get_line(&l, body, len, start) && line_is_blank(&l))
		start = l.next;
	stop = excerpt_end(body, len, start);

	/* Drop trailing blank lines, then the last line's LF (added back). */
	for (;;) {
		struct line last;
		size_t ls = stop;

		if (ls > start && body[ls - 1] == '\n')
			ls--;
		while (ls > start && body[ls - 1] != '\n')
			ls--;
		if (!get_line(&last, body, stop, ls) || !line_is_blank(&last))
			break;
		stop = ls;
	}
	if (stop > start && body[stop - 1] == '\n')
		stop--;
	if (stop == start)
		return;
	kd_buf_add(out, body + start, stop - start);
	kd_buf_addch(out, '\n');
}
