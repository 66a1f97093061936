/*
 * The body of a patch mail or cover letter: its in-body headers, the
 * excerpt a digest shows, and the paths it touches.
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
 * - no diff at all: it stops at a signature or a list footer;
 * - for the paths touched: quoted names (C escapes, octal bytes), diffs
 *   without "diff --git" lines, "+++ " names followed by a timestamp,
 *   diffstats whose names git shortened (".../tail") or padded.
 *
 * Not tolerated, for simplicity: a cover letter that quotes a diff or a
 * diffstat summary in its prose is cut there, since the first such line
 * ends the excerpt; a pull request's several diffstats are cut after the
 * first one.
 */
#include "patchbody.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "charset.h"

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

static int line_is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!kd_is_space(l->start[i]))
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
			if (kd_tolower(l->start[i]) != (*names)[i])
				break;
		if (i == n)
			return n + 1;
	}
	return 0;
}

/* A value, trimmed; a value over KD_INBODY_MAX is cut there. */
static void add_value(struct kd_buf *out, const char *s, size_t len)
{
	while (len && kd_is_space(*s)) {
		s++;
		len--;
	}
	while (len && kd_is_space(s[len - 1]))
		len--;
	if (out->len >= KD_INBODY_MAX)
		return;
	if (len > KD_INBODY_MAX - out->len)
		len = KD_INBODY_MAX - out->len;
	kd_buf_add(out, s, len);
}

/*
 * "From 1a2b...(40 hex) Mon Sep 17 00:00:00 2001": the line git
 * format-patch puts before a patch's own headers, seen where a patch was
 * pasted into a mail or attached to it.
 */
static int is_format_patch_from(const struct line *l)
{
	size_t i;

	if (l->len < 46 || memcmp(l->start, "From ", 5) || l->start[45] != ' ')
		return 0;
	for (i = 5; i < 45; i++)
		if (kd_hex_digit(l->start[i]) < 0)
			return 0;
	return 1;
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
	/* a pasted format-patch: its "From <sha>" line opens the block */
	if (get_line(&l, body, len, pos) && is_format_patch_from(&l))
		pos = l.next;

	while (get_line(&l, body, len, pos)) {
		if (line_is_blank(&l)) {
			if (any)
				*end = l.next;
			return;
		}
		if (any && kd_is_space(l.start[0])) {
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
		if (kd_tolower(l.start[0]) == 'f' && !seen_from) {
			seen_from = 1;
			cur = from;
		} else if (kd_tolower(l.start[0]) == 's' && !seen_subject) {
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

	while (*i < l->len && kd_is_digit(l->start[*i]))
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

	while (i < l->len && kd_is_space(l->start[i]))
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
	while (i < l->len && kd_is_space(l->start[i]))
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

/*
 * Append body[start, stop) but for the headers of a patch attached or
 * pasted further down ("From <sha> Mon Sep 17 ...", its From:, Date:,
 * Subject: and the blank line after them): a reader wants the text.
 */
/*
 * Append a line of the excerpt, cut at KD_EXCERPT_LINE_MAX bytes (on a
 * character's boundary) with " [...]": a line of megabytes says nothing
 * a reader can take in.
 */
static void add_line(struct kd_buf *out, const struct line *l)
{
	size_t n = l->len;

	if (n <= KD_EXCERPT_LINE_MAX) {
		kd_buf_add(out, l->start, n);
	} else {
		n = kd_utf8_cut(l->start, KD_EXCERPT_LINE_MAX);
		kd_buf_add(out, l->start, n);
		kd_buf_addstr(out, " [...]");
	}
	kd_buf_addch(out, '\n');
}

static void add_without_patch_headers(struct kd_buf *out, const char *body,
				      size_t start, size_t stop)
{
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t pos = start, first = out->len, end;
	struct line l;

	while (get_line(&l, body, stop, pos)) {
		if (out->len - first >= KD_EXCERPT_MAX) {
			kd_buf_addstr(out, "[... the rest is left out]\n");
			break;
		}
		if (is_format_patch_from(&l)) {
			kd_inbody_headers(&from, &subject, &end, body + pos,
					  stop - pos);
			if (end) {
				pos += end;
				continue;
			}
		}
		add_line(out, &l);
		pos = l.next;
	}
	/* the caller adds the last line's newline */
	if (out->len > first && out->buf[out->len - 1] == '\n')
		kd_buf_setlen(out, out->len - 1);
	kd_buf_release(&from);
	kd_buf_release(&subject);
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
	add_without_patch_headers(out, body, start, stop);
	kd_buf_addch(out, '\n');
}

/* Paths */

struct path_list {
	struct kd_buf names; /* NUL-separated */
	size_t off[KD_PATCH_PATHS_MAX];
	size_t nr;
};

static void path_add(struct path_list *pl, const char *s, size_t n)
{
	struct kd_buf utf8 = KD_BUF_INIT;
	size_t i;

	if (!n || pl->nr == KD_PATCH_PATHS_MAX || memchr(s, '\0', n) ||
	    memchr(s, '\n', n))
		return;
	/*
	 * The octal escapes of a quoted name can spell bytes that are not
	 * UTF-8 (a Latin-1 file name): the paths are UTF-8 as the text is.
	 */
	if (!kd_utf8_valid(s, n)) {
		kd_utf8_append(&utf8, s, n);
		s = utf8.buf;
		n = utf8.len;
	}
	for (i = 0; i < pl->nr; i++) {
		const char *p = pl->names.buf + pl->off[i];

		if (strlen(p) == n && !memcmp(p, s, n))
			break;
	}
	if (i == pl->nr) {
		pl->off[pl->nr++] = pl->names.len;
		kd_buf_add(&pl->names, s, n);
		kd_buf_addch(&pl->names, '\0');
	}
	kd_buf_release(&utf8);
}

static int is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Unquote the C-style quoted name at s[0..n) (s[0] is '"'), as git quotes
 * names with blanks, quotes or bytes above 0x7f, into `out`.  Returns the
 * length taken, closing quote included; 0 when it does not close.
 */
static size_t unquote(struct kd_buf *out, const char *s, size_t n)
{
	static const char from[] = "abtnvfr\\\"", to[] = "\a\b\t\n\v\f\r\\\"";
	size_t i = 1;

	kd_buf_reset(out);
	while (i < n && s[i] != '"') {
		const char *e;

		if (s[i] != '\\' || i + 1 == n) {
			kd_buf_addch(out, s[i++]);
			continue;
		}
		i++;
		if (i + 2 < n && is_octal(s[i]) && is_octal(s[i + 1]) &&
		    is_octal(s[i + 2])) {
			kd_buf_addch(out, ((s[i] - '0') << 6) |
						  ((s[i + 1] - '0') << 3) |
						  (s[i + 2] - '0'));
			i += 3;
		} else if ((e = memchr(from, s[i], sizeof(from) - 1))) {
			kd_buf_addch(out, to[e - from]);
			i++;
		} else {
			kd_buf_addch(out, s[i++]);
		}
	}
	return i < n ? i + 1 : 0;
}

/* Add a name of a diff line, without its "b/" prefix. */
static void path_add_name(struct path_list *pl, const char *s, size_t n)
{
	if (n > 2 && !memcmp(s, "b/", 2)) {
		s += 2;
		n -= 2;
	}
	path_add(pl, s, n);
}

/* "diff --git a/X b/Y": Y. */
static void diff_git_path(struct path_list *pl, const struct line *l)
{
	const char *s = l->start + 11, *b;
	size_t n = l->len - 11, k, used;
	struct kd_buf tmp = KD_BUF_INIT;

	if (n && s[0] == '"') {
		/* "a/x y" b/z or "a/x y" "b/x y" */
		used = unquote(&tmp, s, n);
		if (used && used + 1 < n && s[used] == ' ') {
			s += used + 1;
			n -= used + 1;
			if (s[0] != '"')
				path_add_name(pl, s, n);
			else if (unquote(&tmp, s, n))
				path_add_name(pl, tmp.buf, tmp.len);
		}
		kd_buf_release(&tmp);
		return;
	}
	if (n && s[n - 1] == '"') {
		/* a/x "b/x y" */
		for (k = n - 1; k > 0; k--)
			if (s[k - 1] == ' ' && s[k] == '"')
				break;
		if (k && unquote(&tmp, s + k, n - k))
			path_add_name(pl, tmp.buf, tmp.len);
		kd_buf_release(&tmp);
		return;
	}
	/* The same name twice ("a/x y b/x y") is the usual case. */
	k = (n - 5) / 2;
	if (n >= 7 && (n - 5) % 2 == 0 && !memcmp(s, "a/", 2) &&
	    !memcmp(s + 2 + k, " b/", 3) && !memcmp(s + 2, s + 5 + k, k)) {
		path_add(pl, s + 2, k);
		return;
	}
	for (b = NULL, k = 0; k + 3 <= n; k++)
		if (!memcmp(s + k, " b/", 3))
			b = s + k + 1;
	if (b)
		path_add_name(pl, b, n - (size_t)(b - s));
}

/* "+++ b/X" after a "--- " line. */
static void plus_path(struct path_list *pl, const struct line *l, int git)
{
	const char *s = l->start + 4, *slash;
	size_t n = l->len - 4;
	struct kd_buf tmp = KD_BUF_INIT;

	if (n && s[0] == '"') {
		if (unquote(&tmp, s, n) && strcmp(tmp.buf, "/dev/null"))
			path_add_name(pl, tmp.buf, tmp.len);
		kd_buf_release(&tmp);
		return;
	}
	n = strcspn(s, "\t") < n ? strcspn(s, "\t") : n;
	while (n && kd_is_space(s[n - 1]))
		n--;
	if (n == 9 && !memcmp(s, "/dev/null", 9))
		return;
	if (n > 2 && !memcmp(s, "b/", 2)) {
		path_add(pl, s + 2, n - 2);
		return;
	}
	/* A plain diff -u: its first component goes, as with patch -p1. */
	if (git)
		return;
	slash = memchr(s, '/', n);
	if (slash)
		path_add(pl, slash + 1, n - (size_t)(slash + 1 - s));
}

/*
 * Is the line one of a diffstat's " NAME | 12 +++--" or " NAME | Bin ..."?
 * Sets `name`/`name_len` to NAME, blanks around it trimmed.
 */
static int is_stat_line(const struct line *l, const char **name,
			size_t *name_len)
{
	size_t bar, i, start = 0;

	if (!l->len || l->start[0] != ' ')
		return 0;
	for (bar = l->len; bar > 0 && l->start[bar - 1] != '|'; bar--)
		;
	if (!bar--)
		return 0;
	i = bar + 1;
	if (i >= l->len || l->start[i] != ' ')
		return 0;
	while (i < l->len && l->start[i] == ' ') /* counts are right-aligned */
		i++;
	if (l->len - i >= 3 && !memcmp(l->start + i, "Bin", 3)) {
		i = l->len;
	} else {
		if (!skip_digits(l, &i))
			return 0;
		if (i < l->len && l->start[i] == ' ')
			i++;
		while (i < l->len && (l->start[i] == '+' || l->start[i] == '-'))
			i++;
	}
	while (i < l->len && kd_is_space(l->start[i]))
		i++;
	if (i != l->len)
		return 0;
	while (start < bar && kd_is_space(l->start[start]))
		start++;
	while (bar > start && kd_is_space(l->start[bar - 1]))
		bar--;
	if (bar == start)
		return 0;
	*name = l->start + start;
	*name_len = bar - start;
	return 1;
}

/* The new name of a diffstat name: "a/{b => c}/d" or "old => new". */
static void stat_path(struct path_list *pl, const char *s, size_t n)
{
	struct kd_buf tmp = KD_BUF_INIT;
	const char *arrow = NULL, *open, *close;
	size_t i;

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"' && unquote(&tmp, s, n)) {
		path_add(pl, tmp.buf, tmp.len);
		kd_buf_release(&tmp);
		return;
	}
	for (i = 0; i + 4 <= n; i++)
		if (!memcmp(s + i, " => ", 4)) {
			arrow = s + i;
			break;
		}
	if (!arrow) {
		path_add(pl, s, n);
		return;
	}
	open = memchr(s, '{', (size_t)(arrow - s));
	close = memchr(arrow, '}', n - (size_t)(arrow - s));
	if (!open || !close) {
		path_add(pl, arrow + 4, n - (size_t)(arrow + 4 - s));
		return;
	}
	kd_buf_add(&tmp, s, (size_t)(open - s));
	kd_buf_add(&tmp, arrow + 4, (size_t)(close - (arrow + 4)));
	kd_buf_add(&tmp, close + 1, n - (size_t)(close + 1 - s));
	/* "a/{ => c}/d" and "a/{b => }/d" leave a double slash. */
	for (i = 0; i + 1 < tmp.len; i++)
		if (tmp.buf[i] == '/' && tmp.buf[i + 1] == '/') {
			memmove(tmp.buf + i, tmp.buf + i + 1, tmp.len - i);
			tmp.len--;
			break;
		}
	path_add(pl, tmp.buf, tmp.len);
	kd_buf_release(&tmp);
}

/* Does `shortened` (".../tail") stand for a full path of the list? */
static int has_full_path(const struct path_list *pl, const char *shortened)
{
	const char *tail = shortened + 3; /* "/tail" */
	size_t tn = strlen(tail), i;

	for (i = 0; i < pl->nr; i++) {
		const char *p = pl->names.buf + pl->off[i];
		size_t n = strlen(p);

		if (strncmp(p, ".../", 4) && n > tn &&
		    !memcmp(p + n - tn, tail, tn))
			return 1;
	}
	return 0;
}

void kd_patch_paths(struct kd_buf *out, const char *body, size_t len)
{
	struct path_list *pl = kd_calloc(1, sizeof(*pl));
	struct line l, prev = {NULL, 0, 0};
	size_t pos = 0, i;
	int git = 0;

	kd_buf_init(&pl->names, 256);
	while (get_line(&l, body, len, pos)) {
		const char *name;
		size_t name_len;

		if (is_stat_line(&l, &name, &name_len)) {
			/* A run of them counts when a summary ends it. */
			struct line r;
			size_t end = l.next, q;

			while (get_line(&r, body, len, end) &&
			       is_stat_line(&r, &name, &name_len))
				end = r.next;
			if (get_line(&r, body, len, end) &&
			    is_diffstat_summary(&r)) {
				for (q = pos; q < end; q = r.next) {
					get_line(&r, body, len, q);
					is_stat_line(&r, &name, &name_len);
					stat_path(pl, name, name_len);
				}
				get_line(&r, body, len, end);
				end = r.next;
			}
			/* Either way, the run is done with. */
			prev = l;
			pos = end;
			continue;
		} else if (starts_with(&l, "diff --git ")) {
			git = 1;
			diff_git_path(pl, &l);
		} else if (starts_with(&l, "+++ ") && prev.start &&
			   starts_with(&prev, "--- ")) {
			plus_path(pl, &l, git);
		}
		prev = l;
		pos = l.next;
	}
	for (i = 0; i < pl->nr; i++) {
		const char *p = pl->names.buf + pl->off[i];

		if (!strncmp(p, ".../", 4) && has_full_path(pl, p))
			continue;
		kd_buf_addstr(out, p);
		kd_buf_addch(out, '\n');
	}
	kd_buf_release(&pl->names);
	free(pl);
}
