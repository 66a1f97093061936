/*
 * Subjects of patch mails: reply markers, the leading "[...]" groups of
 * git format-patch and its many hand-made imitations, and the title.
 *
 * Tolerated, since list archives hold all of them:
 * - reply markers in any case, repeated, with a count ("Re[2]:"), with
 *   blanks before the colon ("Re :"), and localised ones (Aw, Antw, Sv, Vs);
 * - white space before, between and inside groups ("[ PATCH ]"), empty
 *   groups ("[]"), several groups ("[PATCH][RESEND]", "[PATCH] [RFC]");
 * - tokens split by commas as well as blanks ("[PATCH net-next, 0/2]");
 * - PATCH glued to its neighbours ("PATCHv3", "PATCH1/8", "RFC/PATCH",
 *   "PATCH/RFC", "PATCH-v2", "PATCHSET", "PATCHES");
 * - versions in either case and with a minor part ("V2", "v5.1" is 5),
 *   "v0" (kept as 0: the sender said so);
 * - counters with zero padding ("024/375", "00/37") or past their total
 *   ("7/6", kept as it is);
 * - an unclosed "[": it ends the groups and is part of the title, so
 *   "[PATCH v2 x" is not a patch;
 * - numbers too large for an int: such a token is not a version or a
 *   counter and is kept as a prefix, so "v99999999999" is a prefix;
 * - bytes that are not ASCII: copied as they are (only ASCII white space
 *   is collapsed in the title).
 *
 * Reply markers are only looked for at the start, before the groups:
 * "[PATCH] Re: x" is a patch titled "Re: x".  The groups of any subject
 * are parsed, so a reply "Re: [PATCH v2 3/5] x" still says version 2 and
 * counter 3/5; is_patch is what tells whether it counts as a patch.
 */
#include "subject.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"

/* Does s[0..len) equal `word` (lowercase ASCII), ignoring case? */
static int word_eq(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (kd_tolower(s[i]) != word[i])
			return 0;
	return 1;
}

static const char *skip_blanks(const char *p)
{
	while (kd_is_space(*p))
		p++;
	return p;
}

/*
 * Parse the digits at s[0..len) into `*out`; fail (return 0) when there
 * are none, when something else is there, or when the value does not fit
 * an int.
 */
static int parse_number(int *out, const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		int d;

		if (!kd_is_digit(s[i]))
			return 0;
		d = s[i] - '0';
		if (v > (INT_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/* "vN", "VN", "vN.M..." (the major part only). */
static int parse_version(int *out, const char *s, size_t len)
{
	size_t n = 1, i;

	if (len < 2 || kd_tolower(s[0]) != 'v')
		return 0;
	while (n < len && kd_is_digit(s[n]))
		n++;
	/* Whatever follows must be ".digits" parts. */
	for (i = n; i < len; i++) {
		if (s[i] == '.') {
			if (i + 1 >= len || !kd_is_digit(s[i + 1]))
				return 0;
		} else if (!kd_is_digit(s[i])) {
			return 0;
		}
	}
	return parse_number(out, s + 1, n - 1);
}

/* "M/N" */
static int parse_counter(int *index, int *total, const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	int m, n;

	if (!slash)
		return 0;
	if (!parse_number(&m, s, (size_t)(slash - s)) ||
	    !parse_number(&n, slash + 1, len - (size_t)(slash - s) - 1))
		return 0;
	*index = m;
	*total = n;
	return 1;
}

/*
 * Take what a token other than PATCH says; return 0 when it says nothing
 * we know (it is then a prefix).
 */
static int parse_known(struct kd_subject *out, const char *s, size_t len)
{
	if (word_eq(s, len, "rfc")) {
		out->rfc = 1;
		return 1;
	}
	if (word_eq(s, len, "resend") || word_eq(s, len, "repost")) {
		out->resend = 1;
		return 1;
	}
	/* sent again on a newer base: the diffs tell what it is */
	if (word_eq(s, len, "rebased") || word_eq(s, len, "rebase"))
		return 1;
	if (parse_version(&out->version, s, len))
		return 1;
	if (parse_counter(&out->index, &out->total, s, len))
		return 1;
	return 0;
}

static void add_prefix(struct kd_buf *prefixes, const char *s, size_t len)
{
	if (prefixes->len)
		kd_buf_addch(prefixes, ' ');
	kd_buf_add(prefixes, s, len);
}

/*
 * What is glued after PATCH in a token: "" (PATCH), "v3", "1/8",
 * "SET", "ES", "-v2", "/RFC", "SETv2".  Returns 0 when it makes another
 * word of it ("PATCHWORK", "PATCHABLE"), which is then no PATCH at all.
 */
static int parse_after_patch(struct kd_subject *out, struct kd_buf *prefixes,
			     const char *rest, size_t n)
{
	static const char *const words[] = {"sets", "set", "es", "s"};
	size_t i, w;

	if (!n || parse_known(out, rest, n))
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++) {
		w = strlen(words[i]);
		if (n >= w && word_eq(rest, w, words[i]) &&
		    (n == w || !kd_is_alpha(rest[w]) ||
		     kd_tolower(rest[w]) == 'v')) {
			rest += w;
			n -= w;
			if (!n || parse_known(out, rest, n))
				return 1;
			break;
		}
	}
	if (kd_is_alpha(*rest))
		return 0;
	if (*rest == '-' || *rest == '/' || *rest == '_' || *rest == ':') {
		rest++;
		n--;
	}
	if (n && !parse_known(out, rest, n))
		add_prefix(prefixes, rest, n);
	return 1;
}

/*
 * One token of a group.  Returns 1 when it holds the word PATCH, which is
 * then taken away and what is glued to it parsed: "PATCHv3", "PATCH1/8",
 * "PATCH-v2", "PATCH/RFC", "RFC/PATCH".
 */
static int parse_token(struct kd_subject *out, struct kd_buf *prefixes,
		       const char *s, size_t len)
{
	size_t n;

	if (len >= 5 && word_eq(s, 5, "patch") &&
	    parse_after_patch(out, prefixes, s + 5, len - 5))
		return 1;
	if (len > 5 && word_eq(s + len - 5, 5, "patch") &&
	    !kd_is_alpha(s[len - 6])) {
		/*
		 * The separator goes ("RFC/PATCH"); the last byte of a
		 * character in UTF-8 is no separator, and stays with it.
		 */
		n = (unsigned char)s[len - 6] < 0x80 ? len - 6 : len - 5;
		if (n && !parse_known(out, s, n))
			add_prefix(prefixes, s, n);
		return 1;
	}
	if (!parse_known(out, s, len))
		add_prefix(prefixes, s, len);
	return 0;
}

/*
 * The inside of one group, s[0..len).  Returns 1 when it holds PATCH;
 * sets *pull when it holds GIT PULL.
 */
static int parse_group(struct kd_subject *out, struct kd_buf *prefixes,
		       const char *s, size_t len, int *pull)
{
	size_t i = 0, start;
	int patch = 0, git = 0;

	while (i < len) {
		while (i < len && (kd_is_space(s[i]) || s[i] == ','))
			i++;
		start = i;
		while (i < len && !kd_is_space(s[i]) && s[i] != ',')
			i++;
		if (i == start)
			continue;
		if (git && word_eq(s + start, i - start, "pull"))
			*pull = 1;
		git = word_eq(s + start, i - start, "git");
		if (parse_token(out, prefixes, s + start, i - start))
			patch = 1;
	}
	return patch;
}

/*
 * If `p` starts with a reply marker ("Re:", "Fwd :", "Re[2]:"), return
 * what follows its colon; else NULL.
 */
static const char *skip_reply_marker(const char *p)
{
	static const char *const markers[] = {"re",   "fwd", "fw", "aw",
					      "antw", "sv",  "vs"};
	const char *q = p;
	size_t n, i;

	while (kd_is_alpha(*q))
		q++;
	n = (size_t)(q - p);
	for (i = 0; i < sizeof(markers) / sizeof(*markers); i++)
		if (word_eq(p, n, markers[i]))
			break;
	if (i == sizeof(markers) / sizeof(*markers))
		return NULL;
	if (*q == '[') {
		const char *d = q + 1;

		while (kd_is_digit(*d))
			d++;
		if (d == q + 1 || *d != ']')
			return NULL;
		q = d + 1;
	}
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q != ':')
		return NULL;
	return q + 1;
}

static char *collapse_blanks(const char *p)
{
	struct kd_buf b = KD_BUF_INIT;

	p = skip_blanks(p);
	while (*p) {
		if (kd_is_space(*p)) {
			p = skip_blanks(p);
			if (*p)
				kd_buf_addch(&b, ' ');
			continue;
		}
		kd_buf_addch(&b, *p++);
	}
	return kd_buf_detach(&b, NULL);
}

/*
 * `out` is overwritten, not released first: call kd_subject_release()
 * before parsing into it again.
 */
void kd_subject_parse(struct kd_subject *out, const char *subject)
{
	struct kd_subject init = KD_SUBJECT_INIT;
	struct kd_buf prefixes = KD_BUF_INIT;
	const char *p = subject ? subject : "", *next;
	int patch = 0, pull = 0;

	*out = init;

	for (p = skip_blanks(p); (next = skip_reply_marker(p));
	     p = skip_blanks(next))
		out->is_reply = 1;

	while (*p == '[') {
		const char *close = strchr(p + 1, ']');

		if (!close)
			break;
		if (parse_group(out, &prefixes, p + 1, (size_t)(close - p - 1),
				&pull))
			patch = 1;
		p = skip_blanks(close + 1);
	}

	out->is_patch = patch && !out->is_reply;
	out->is_pull = pull && !out->is_reply;
	out->prefixes = kd_buf_detach(&prefixes, NULL);
	out->title = collapse_blanks(p);
}

void kd_subject_release(struct kd_subject *s)
{
	struct kd_subject init = KD_SUBJECT_INIT;

	if (!s)
		return;
	free(s->prefixes);
	free(s->title);
	*s = init;
}

const char *kd_subject_unreplied(const char *subject)
{
	const char *p = skip_blanks(subject), *next;

	while ((next = skip_reply_marker(p)))
		p = skip_blanks(next);
	return p;
}

int kd_subject_is_head(const struct kd_subject *s)
{
	return s->index == -1 || s->index == 0 || s->index == 1;
}

/* A character of a subsystem tag: "x86/mmu", "kvm-unit-tests", "Book3S". */
static int tag_char(int c)
{
	return kd_is_alpha(c) || kd_is_digit(c) || (c && strchr("/-_.+", c));
}

/* The length of the subsystem tag at `p` (1 to 3 words of tag_char()s,
 * the last ending in ':', then a blank), or 0. */
static size_t tag_len(const char *p)
{
	const char *q = p;
	int words;

	for (words = 0; words < 3 && tag_char(*q); words++) {
		while (tag_char(*q))
			q++;
		if (*q == ':' && q[1] == ' ')
			return (size_t)(q + 2 - p);
		if (*q != ' ')
			return 0;
		q++;
	}
	return 0;
}

void kd_title_alike_keys(const char *title, kd_title_key_fn *fn,
			 void *payload)
{
	struct kd_buf core = KD_BUF_INIT, key = KD_BUF_INIT;
	const char *p = title ? title : "";
	size_t start[KD_TITLE_ALIKE_MAX + 1], nr = 0, n, i;

	/* titles are collapsed already (kd_subject_parse()): one blank */
	while ((n = tag_len(p)) && p[n])
		p += n;
	kd_buf_addstr(&core, p);
	kd_lowercase(core.buf);
	if (core.len)
		fn(core.buf, core.len, payload);
	/* where its first words start, one more to end the last of them */
	for (i = 0; i < core.len && nr <= KD_TITLE_ALIKE_MAX; i++)
		if (!i || core.buf[i - 1] == ' ')
			start[nr++] = i;
	if (nr <= KD_TITLE_ALIKE_MAX)
		start[nr] = core.len + 1;
	else
		nr = KD_TITLE_ALIKE_MAX;
	for (i = 0; nr >= KD_TITLE_ALIKE_WORDS && i < nr; i++) {
		size_t after = start[i + 1]; /* past word i and its blank */

		kd_buf_reset(&key);
		kd_buf_add(&key, core.buf, start[i] ? start[i] - 1 : 0);
		if (after < core.len) {
			if (key.len)
				kd_buf_addch(&key, ' ');
			kd_buf_add(&key, core.buf + after, core.len - after);
		}
		fn(key.buf, key.len, payload);
	}
	kd_buf_release(&core);
	kd_buf_release(&key);
}
