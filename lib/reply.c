/*
 * What a reply says: its own text, acceptances and pings.
 *
 * Tolerated, since people and their mail programs write as they please:
 * - a CR anywhere counts as a blank when matching (a CR left before LF
 *   makes "-- \r" a signature); kept lines are copied with it;
 * - NUL bytes and invalid UTF-8: ordinary bytes, never an end; what is
 *   taken out of a line goes through kd_sanitize_line();
 * - quotes with blanks before the '>', nested quotes, quotes whose lines
 *   were re-wrapped without their '>' (those are own text, as a reader
 *   would see them);
 * - attributions wrapped over two or three lines ("On Fri, 27 Sep 2019
 *   13:53 +0200" then "Greg Kurz <groug@kaod.org> wrote:"), in the
 *   languages seen on the lists (wrote, writes, schrieb, a écrit, 写道);
 * - Outlook headers in English or German, quoted or not;
 * - any case, any run of blanks between words, a curly apostrophe in
 *   "I’ve", b4's zero-padded "[01/15]" and its indentation.
 *
 * Not tolerated, for simplicity: an acceptance in the middle of a
 * sentence ("..., so I've applied it" is one only when "I've" opens a
 * line), a tree named before the verb ("kvm/next: applied"), a list
 * footer without a line naming the list, a signature delimiter with more
 * blanks than one.
 */
#include "reply.h"

#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "charset.h"
#include "sanitize.h"
#include "strmap.h"

/*
 * Blanks within a line are ascii.h's spaces (a line's LF is never part of
 * it).  A byte of a word (0 to 255; -1, the end, is none): letters,
 * digits, '_' and all of UTF-8's non-ASCII.
 */
static int is_word_byte(int c)
{
	return kd_is_alnum(c) || c == '_' || c >= 0x80;
}

/* Is `c` one of the bytes of `set`?  (strchr() also finds the NUL.) */
static int is_one_of(int c, const char *set)
{
	return c > 0 && strchr(set, c);
}

/* One line of a text: s[0, len) without its LF; next is past the LF. */
struct line {
	const char *s;
	size_t len;
	size_t next;
};

static int get_line(struct line *l, const char *text, size_t len, size_t pos)
{
	const char *nl;

	if (pos >= len)
		return 0;
	l->s = text + pos;
	nl = memchr(l->s, '\n', len - pos);
	l->len = nl ? (size_t)(nl - l->s) : len - pos;
	l->next = nl ? (size_t)(nl - text) + 1 : len;
	return 1;
}

/* The line without the blanks at either end (`next` unchanged). */
static struct line trimmed(const struct line *l)
{
	struct line t = *l;

	while (t.len && kd_is_space(t.s[0])) {
		t.s++;
		t.len--;
	}
	while (t.len && kd_is_space(t.s[t.len - 1]))
		t.len--;
	return t;
}

static int is_blank_line(const struct line *l)
{
	return !trimmed(l).len;
}

/*
 * A cursor over a line, for reading it word by word: s[i, n) is what is
 * left.
 */
struct cursor {
	const char *s;
	size_t i, n;
};

static struct cursor cursor_of(const struct line *l)
{
	struct cursor c = {l->s, 0, l->len};

	return c;
}

static void skip_blanks(struct cursor *c)
{
	while (c->i < c->n && kd_is_space(c->s[c->i]))
		c->i++;
}

static int at_end(const struct cursor *c)
{
	return c->i >= c->n;
}

static int peek(const struct cursor *c)
{
	return c->i < c->n ? (unsigned char)c->s[c->i] : -1;
}

/*
 * Take the words `w` (lowercase; a blank in it stands for a run of
 * blanks) at the cursor, in any case, ended where a word ends.
 */
static int take(struct cursor *c, const char *w)
{
	size_t i = c->i, k;

	for (k = 0; w[k]; k++) {
		if (w[k] == ' ') {
			if (i >= c->n || !kd_is_space(c->s[i]))
				return 0;
			while (i < c->n && kd_is_space(c->s[i]))
				i++;
			continue;
		}
		if (i >= c->n ||
		    kd_tolower((unsigned char)c->s[i]) != (unsigned char)w[k])
			return 0;
		i++;
	}
	if (k && is_word_byte(w[k - 1]) && i < c->n &&
	    is_word_byte((unsigned char)c->s[i]))
		return 0;
	c->i = i;
	return 1;
}

/* Take one of `words` (NULL-terminated); 1 + its index, or 0. */
static int take_any(struct cursor *c, const char *const *words)
{
	size_t k;

	for (k = 0; words[k]; k++)
		if (take(c, words[k]))
			return (int)k + 1;
	return 0;
}

/* Skip a word of any bytes but blanks and `stops`; its length. */
static size_t skip_word(struct cursor *c, const char *stops)
{
	size_t start = c->i;

	while (c->i < c->n && !kd_is_space(c->s[c->i]) &&
	       !is_one_of(c->s[c->i], stops))
		c->i++;
	return c->i - start;
}

/* Is s[0, m) the lowercase `w`, in any case (bytes above ASCII as is)? */
static int eq_ci(const char *s, const char *w, size_t m)
{
	size_t k;

	for (k = 0; k < m; k++)
		if (kd_tolower((unsigned char)s[k]) != (unsigned char)w[k])
			return 0;
	return 1;
}

/* Does s[0, n) hold `needle` in any case? */
static int contains_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (eq_ci(s + i, needle, m))
			return 1;
	return 0;
}

static int starts_with_ci(const struct line *t, const char *w)
{
	size_t m = strlen(w);

	return t->len >= m && eq_ci(t->s, w, m);
}

static int ends_with_ci(const struct line *t, const char *w)
{
	size_t m = strlen(w);

	return t->len >= m && eq_ci(t->s + t->len - m, w, m);
}

/* Own text */

#define FOOTER_LOOK  3 /* lines after "____" where the list is named */
#define OUTLOOK_LOOK 4 /* lines after "From:" where "Sent:" may be */

/*
 * The tests below but is_signature() take the line trimmed() (its `next`
 * is the line's own): kd_reply_own_text() trims each line once.
 */
static int is_quoted(const struct line *t)
{
	return t->len && t->s[0] == '>';
}

static int is_signature(const struct line *l)
{
	size_t n = l->len;

	if (n && l->s[n - 1] == '\r')
		n--;
	return (n == 2 || n == 3) && !memcmp(l->s, "-- ", n);
}

/* "____..." with a line naming the list after it (blank lines between). */
static int is_footer(const struct line *t, const char *text, size_t len)
{
	struct line next;
	size_t i, pos, tries;

	if (t->len < 15)
		return 0;
	for (i = 0; i < t->len; i++)
		if (t->s[i] != '_')
			return 0;
	for (pos = t->next, tries = 0;
	     tries < FOOTER_LOOK && get_line(&next, text, len, pos);
	     pos = next.next, tries++) {
		if (is_blank_line(&next))
			continue;
		return contains_ci(next.s, next.len, "mailing list") ||
		       contains_ci(next.s, next.len, "lists.") ||
		       contains_ci(next.s, next.len, "listinfo");
	}
	return 0;
}

/* "-----Original Message-----", in any case, with any dashes. */
static int is_outlook_separator(const struct line *t)
{
	static const char *const names[] = {"original message",
					    "urspr\xc3\xbc"
					    "ngliche nachricht",
					    NULL};
	struct cursor c = cursor_of(t);
	size_t dashes = 0;

	while (peek(&c) == '-') {
		c.i++;
		dashes++;
	}
	skip_blanks(&c);
	if (dashes < 2 || !take_any(&c, names))
		return 0;
	skip_blanks(&c);
	for (dashes = 0; peek(&c) == '-'; c.i++)
		dashes++;
	return dashes >= 2 && at_end(&c);
}

/* A "From:" line with a "Sent:" line among the next four. */
static int is_outlook_from(const struct line *t, const char *text, size_t len)
{
	static const char *const headers[][2] = {{"from:", "sent:"},
						 {"von:", "gesendet:"}};
	struct line next;
	size_t h, k, pos;

	for (h = 0; h < sizeof(headers) / sizeof(*headers); h++) {
		if (!starts_with_ci(t, headers[h][0]))
			continue;
		for (pos = t->next, k = 0;
		     k < OUTLOOK_LOOK && get_line(&next, text, len, pos);
		     pos = next.next, k++) {
			struct line nt = trimmed(&next);

			if (starts_with_ci(&nt, headers[h][1]))
				return 1;
		}
	}
	return 0;
}

void kd_reply_own_text(struct kd_buf *out, const char *text, size_t len)
{
	size_t pos = 0;
	int kept = 0, blank = 0;
	struct line l, t;

	while (get_line(&l, text, len, pos)) {
		pos = l.next;
		t = trimmed(&l);
		if (is_quoted(&t))
			continue;
		if (is_signature(&l) || is_footer(&t, text, len) ||
		    is_outlook_separator(&t))
			break;
		if (is_outlook_from(&t, text, len)) {
			if (kept)
				break;
			/* the header of an inline reply: up to a blank line */
			while (get_line(&l, text, len, pos)) {
				pos = l.next;
				if (is_blank_line(&l))
					break;
			}
			continue;
		}
		if (!t.len) {
			blank = kept;
			continue;
		}
		if (blank)
			kd_buf_addch(out, '\n');
		blank = 0;
		kd_buf_add(out, l.s, l.len);
		kd_buf_addch(out, '\n');
		kept = 1;
	}
}

/* Greetings, attributions, sign-offs */

#define GREETING_NAMES	  3 /* "Hi Paolo and Sean," */
#define ATTRIBUTION_WRAPS 2 /* lines an attribution may wrap onto */

/*
 * Up to `max` words of a name ("Sean", "all", "Paolo Bonzini"), each
 * opening with a letter, up to the end or a ',', '!', ':', ';', '.'.
 * Returns how many, or -1 when more or other words come.
 */
static int take_names(struct cursor *c, int max)
{
	int names = 0;

	for (;;) {
		skip_blanks(c);
		if (at_end(c) || is_one_of(peek(c), ",!:;."))
			return names;
		if (++names > max || !(kd_is_alpha(peek(c)) || peek(c) >= 0x80))
			return -1;
		skip_word(c, ",!:;.");
	}
}

/*
 * "Hi,", "Hi Sean,", "Hello all", "Dear Paolo:", "Good morning Marc!",
 * and names alone: "Paolo,", "Michael, Fred,".  Returns the length of
 * the greeting with its punctuation and the blanks after it, 0 when the
 * line does not open with one; `*whole` says whether it is all of the
 * line.
 */
static size_t greeting(const struct line *t, int *whole)
{
	static const char *const words[] = {"hi",
					    "hello",
					    "hey",
					    "hallo",
					    "hiya",
					    "howdy",
					    "dear",
					    "greetings",
					    "good morning",
					    "good afternoon",
					    "good evening",
					    "good day",
					    NULL};
	struct cursor c = cursor_of(t);
	int k;

	*whole = 0;
	if (take_any(&c, words)) {
		if (take_names(&c, GREETING_NAMES) < 0)
			return 0;
		if (!at_end(&c))
			c.i++;
	} else {
		for (k = 0; k < GREETING_NAMES; k++) {
			size_t save = c.i;

			if (take_names(&c, 2) <= 0 || peek(&c) != ',') {
				c.i = save;
				break;
			}
			c.i++;
		}
		if (!k)
			return 0;
	}
	skip_blanks(&c);
	*whole = at_end(&c);
	return c.i;
}

static int is_greeting_line(const struct line *t)
{
	int whole;

	return greeting(t, &whole) && whole;
}

/* Does the trimmed line end as an attribution does ("X wrote:")? */
static int ends_attribution(const struct line *t)
{
	static const char *const ends[] = {
		"wrote:",
		"wrote :",
		"writes:",
		"said:",
		"schrieb:",
		"a \xc3\xa9"
		"crit :",
		"a \xc3\xa9"
		"crit:",
		"escribi\xc3\xb3:",
		"ha scritto:",
		"skrev:",
		"napisa\xc5\x82:",
		"\xe5\x86\x99\xe9\x81\x93:",		/* 写道: */
		"\xe5\x86\x99\xe9\x81\x93\xef\xbc\x9a", /* 写道： */
		"\xe5\xaf\xab\xe9\x81\x93:",		/* 寫道: */
		"wrote\xef\xbc\x9a",
		NULL};
	size_t k;

	for (k = 0; ends[k]; k++)
		if (ends_with_ci(t, ends[k]))
			return 1;
	if (!t->len || t->s[t->len - 1] != ':')
		return 0;
	return starts_with_ci(t, "quoting ") ||
	       starts_with_ci(t, "excerpts from ") ||
	       starts_with_ci(t, "the pull request you sent on ") ||
	       (starts_with_ci(t, "am ") &&
		contains_ci(t->s, t->len, " schrieb "));
}

/*
 * Is the line at `l` an attribution, alone or wrapped over the next one
 * or two?  Sets *next past it.
 */
static int attribution(const struct line *l, const char *text, size_t len,
		       size_t *next)
{
	struct line t = trimmed(l), more;
	size_t pos, k;

	if (ends_attribution(&t)) {
		*next = l->next;
		return 1;
	}
	if (!starts_with_ci(&t, "on ") && !starts_with_ci(&t, "le ") &&
	    !starts_with_ci(&t, "am "))
		return 0;
	for (pos = l->next, k = 0;
	     k < ATTRIBUTION_WRAPS && get_line(&more, text, len, pos);
	     pos = more.next, k++) {
		struct line mt = trimmed(&more);

		if (!mt.len)
			return 0;
		if (ends_attribution(&mt)) {
			*next = more.next;
			return 1;
		}
	}
	return 0;
}

/* "[...]", "[snip]", "<snip>", "...": what stands for a cut quote. */
static int is_snip(const struct line *t)
{
	static const char *const snips[] = {"[...]", "[snip]", "<snip>", "...",
					    "[..]",  "<...>",  NULL};
	struct cursor c = cursor_of(t);

	return take_any(&c, snips) && (skip_blanks(&c), at_end(&c));
}

/*
 * The next line at *pos of an own text that says something: not blank,
 * not an attribution, not a "[...]".  `*t` is it, trimmed; *pos is moved
 * past it.  Returns 0 at the end.
 */
static int next_saying(struct line *t, const char *own, size_t len, size_t *pos)
{
	struct line l;
	size_t next;

	while (get_line(&l, own, len, *pos)) {
		*pos = l.next;
		*t = trimmed(&l);
		if (!t->len || is_snip(t))
			continue;
		if (attribution(&l, own, len, &next)) {
			*pos = next;
			continue;
		}
		return 1;
	}
	return 0;
}

/* How a line signs a mail off, if it does. */
enum signoff { SIGNOFF_NONE, SIGNOFF_WORDS, SIGNOFF_NAME };

/*
 * "Thanks,", "Regards", "Best regards,", "Cheers": SIGNOFF_WORDS; a name
 * alone, up to three words ("Paolo", "-Sean", "Bharata.", "M."):
 * SIGNOFF_NAME, which only its place at the end of a mail tells from a
 * short sentence.
 */
static enum signoff signoff(const struct line *t)
{
	static const char *const words[] = {"thanks",
					    "thank you",
					    "thx",
					    "regards",
					    "best regards",
					    "kind regards",
					    "best wishes",
					    "cheers",
					    "br",
					    "best",
					    "sincerely",
					    "many thanks",
					    "thanks in advance",
					    NULL};
	struct cursor c = cursor_of(t);
	int names = 0, lower = 0;

	if (t->len > 40)
		return SIGNOFF_NONE;
	if (take_any(&c, words)) {
		skip_blanks(&c);
		while (!at_end(&c) && is_one_of(peek(&c), ",.!-~"))
			c.i++;
		skip_blanks(&c);
		if (at_end(&c))
			return SIGNOFF_WORDS;
	}
	/* one word, or up to three that each open in capitals: "Red Hat" */
	c.i = 0;
	if (peek(&c) == '-')
		c.i++;
	while (!at_end(&c)) {
		int ch = peek(&c);

		if (++names > 3 || !(kd_is_alpha(ch) || ch >= 0x80))
			return SIGNOFF_NONE;
		if (ch >= 'a' && ch <= 'z')
			lower = 1;
		while (!at_end(&c) && !kd_is_space(c.s[c.i])) {
			ch = peek(&c);
			if (!(is_word_byte(ch) || is_one_of(ch, ".'-")))
				return SIGNOFF_NONE;
			c.i++;
		}
		skip_blanks(&c);
	}
	return names == 1 || (names && !lower) ? SIGNOFF_NAME : SIGNOFF_NONE;
}

/* Acceptances */

#define PATCHES_WORDS 10 /* "the first 5 patches of the series" */
#define TREE_WORDS    5	 /* "https://github.com/kvm-x86/linux.git (mmu)" */
#define RELEASE_WORDS 3	 /* "the Linux 6.10" */
#define LEAD_WORDS    8	 /* "Thanks for the quick fix," */
#define REST_STEPS    16 /* of take_rest(): words or groups after a verb */

/*
 * What a line says, as spans of it (empty when it names none), and
 * whether "I" or "We" said it, without "have": "I pushed the fix in my
 * QEMU branch" tells of another patch.
 */
struct said {
	struct line tree, release, what;
	int bare;
};

/*
 * The first VERBS_TESTED are a tester's words too ("I applied your
 * patch"); take_any() returns 1 to VERBS_TESTED for them.
 */
static const char *const verbs[] = {"applied",	 "pulled", "queued",
				    "pushed",	 "merged", "taken",
				    "picked up", "picked", NULL};
#define VERBS_TESTED 2

/*
 * "I've", "I’ve", "I have", "We've", "We have": SUBJECT_HAVE; "I", "We"
 * alone: SUBJECT_BARE, with which "applied" and "pulled" are a tester's
 * words ("I applied your patch and ...") but "queued" or "pushed" a
 * maintainer's.
 */
enum subject { SUBJECT_NONE, SUBJECT_HAVE, SUBJECT_BARE };

static enum subject take_subject(struct cursor *c)
{
	static const char *const have[] = {
		"i've",	 "i\xe2\x80\x99ve",  "i have",
		"we've", "we\xe2\x80\x99ve", "we have",
		NULL};
	static const char *const bare[] = {"i ", "we ", NULL};

	if (take_any(c, have))
		return SUBJECT_HAVE;
	return take_any(c, bare) ? SUBJECT_BARE : SUBJECT_NONE;
}

/* "3", "#3", "1-3", "1..3", "v2": a patch or a version by number. */
static int take_number(struct cursor *c)
{
	size_t save = c->i, digits = 0;

	if (peek(c) == 'v' || peek(c) == 'V') {
		c->i++;
		while (kd_is_digit(peek(c)))
			c->i++, digits++;
		if (digits && !is_word_byte(peek(c)))
			return 1;
		c->i = save;
		return 0;
	}
	if (peek(c) == '#')
		c->i++;
	while (kd_is_digit(peek(c)))
		c->i++, digits++;
	if (!digits) {
		c->i = save;
		return 0;
	}
	if (peek(c) == '-' ||
	    (peek(c) == '.' && c->i + 1 < c->n && c->s[c->i + 1] == '.')) {
		size_t mark = c->i, more = 0;

		c->i += peek(c) == '-' ? 1 : 2;
		if (peek(c) == '#')
			c->i++;
		while (kd_is_digit(peek(c)))
			c->i++, more++;
		if (!more)
			c->i = mark;
	}
	if (is_word_byte(peek(c))) {
		c->i = save;
		return 0;
	}
	return 1;
}

/*
 * The patches a line names: "this", "the series", "patches 1-3", "1-20
 * and 22-28", "the first 5 patches", "all of them".  With `need_noun`,
 * only words that say which (a noun, a number, "both", "all"), not a
 * pronoun alone.
 */
static int take_patches(struct cursor *c, struct line *what, int need_noun)
{
	static const char *const nouns[] = {
		"both",	     "all",	 "rest",    "everything", "series",
		"patchsets", "patchset", "patches", "patch",	  "set",
		"fixups",    "fixup",	 "fixes",   "fix",	  "ones",
		"one",	     "changes",	 "change",  "version",	  NULL};
	static const char *const others[] = {
		"the",	 "this",   "that", "these", "those", "your",
		"whole", "entire", "full", "first", "last",  "remaining",
		"other", "of",	   "it",   "them",  "new",   NULL};
	size_t start, end, words = 0;
	int noun = 0;

	skip_blanks(c);
	start = end = c->i;
	while (words < PATCHES_WORDS) {
		size_t save = c->i;

		skip_blanks(c);
		if (words &&
		    (peek(c) == ',' || take(c, "and") || take(c, "&"))) {
			if (peek(c) == ',')
				c->i++;
			skip_blanks(c);
		}
		if (take_number(c) || take_any(c, nouns))
			noun = 1;
		else if (!take_any(c, others)) {
			c->i = save;
			break;
		}
		words++;
		end = c->i;
	}
	c->i = end;
	if (!words || (need_noun && !noun)) {
		c->i = start;
		return 0;
	}
	what->s = c->s + start;
	what->len = end - start;
	return 1;
}

/* Does the word at the cursor end a tree ("for", "with", "thanks" ...)? */
static int at_tree_stop(const struct cursor *c)
{
	static const char *const stops[] = {
		"for",	   "with",    "and",   "as",	  "thanks", "thank",
		"thx",	   "now",     "too",   "also",	  "but",    "so",
		"after",   "because", "since", "already", "again",  "today",
		"instead", "via",     NULL};
	struct cursor look = *c;

	return take_any(&look, stops) != 0;
}

/* Where a tree's word ends: a ',' or a sentence's final '.', ... */
static int ends_tree_word(const struct cursor *c)
{
	int ch = peek(c),
	    after = c->i + 1 < c->n ? (unsigned char)c->s[c->i + 1] : -1;

	if (ch < 0x20 || ch == 0x7f || is_one_of(ch, ",;!?)\""))
		return 1;
	if (ch == '.' || ch == ':')
		return after < 0 || kd_is_space(after) ||
		       is_one_of(after, ".,;!?:)");
	return 0;
}

/* Is s[0, n) the word `w`, in any case? */
static int word_eq(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && eq_ci(s, w, n);
}

/* Does the line end with the word `w` (any case)? */
static int ends_with_word(const struct line *t, const char *w)
{
	size_t m = strlen(w);

	return t->len >= m && word_eq(t->s + t->len - m, m, w) &&
	       (t->len == m || kd_is_space(t->s[t->len - m - 1]));
}

/* Does the line hold the word `w` (any case)? */
static int has_word(const struct line *t, const char *w)
{
	size_t m = strlen(w), k;

	for (k = 0; k + m <= t->len; k++)
		if ((!k || kd_is_space(t->s[k - 1])) && word_eq(t->s + k, m, w) &&
		    (k + m == t->len || kd_is_space(t->s[k + m])))
			return 1;
	return 0;
}

/*
 * The words of a tree at the cursor, up to a stop (at_tree_stop(),
 * ends_tree_word()) and a one-word "(branch)" after them, in `span`.
 * Returns how many, past TREE_WORDS when there are more.
 */
static size_t tree_words(struct cursor *c, struct line *span)
{
	size_t start, end, words = 0;

	skip_blanks(c);
	start = end = c->i;
	while (!at_end(c) && words <= TREE_WORDS) {
		skip_blanks(c);
		if (at_end(c) || at_tree_stop(c))
			break;
		if (peek(c) == '(') {
			/* "(mmu)": the branch of a repository named first */
			size_t close = c->i + 1;

			while (close < c->n && !kd_is_space(c->s[close]) &&
			       c->s[close] != ')')
				close++;
			if (words && close < c->n && c->s[close] == ')' &&
			    close > c->i + 1)
				end = close + 1;
			break;
		}
		if (ends_tree_word(c))
			break;
		while (!at_end(c) && !kd_is_space(c->s[c->i]) &&
		       !ends_tree_word(c))
			c->i++;
		words++;
		end = c->i;
		if (!at_end(c) && !kd_is_space(c->s[c->i]))
			break;
	}
	c->i = end;
	span->s = c->s + start;
	span->len = end - start;
	return words;
}

/*
 * The tree after "to": "my kvm-ppc-next branch" gives "kvm-ppc-next",
 * "my tree" an empty one.  Returns 0 when what follows is no tree:
 * nothing, more than TREE_WORDS words or KD_ACCEPT_TREE_MAX bytes, a
 * local tree.
 */
static int take_tree(struct cursor *c, struct line *tree)
{
	static const char *const leading[] = {"my ", "the ", "our ", NULL};
	static const char *const trailing[] = {"branch", "tree", "repo",
					       "repository", NULL};
	size_t words = tree_words(c, tree), k;

	if (!words || words > TREE_WORDS || tree->len > KD_ACCEPT_TREE_MAX)
		return 0;
	for (k = 0; leading[k]; k++)
		if (starts_with_ci(tree, leading[k])) {
			tree->s += strlen(leading[k]);
			tree->len -= strlen(leading[k]);
			*tree = trimmed(tree);
			break;
		}
	for (k = 0; trailing[k]; k++)
		if (ends_with_word(tree, trailing[k])) {
			tree->len -= strlen(trailing[k]);
			*tree = trimmed(tree);
			break;
		}
	return !has_word(tree, "local");
}

/*
 * After "in", only a tree that says it is one is one: "in my kvm-ppc-next
 * branch", "in kvm/queue"; not "in the next version", "in my setup".
 */
static int names_a_tree(const char *s, size_t n)
{
	static const char *const kinds[] = {"branch",	  "tree",  "repo",
					    "repository", "queue", NULL};
	struct line t = {s, n, 0};
	size_t k;

	if (memchr(s, '/', n))
		return 1;
	t = trimmed(&t);
	for (k = 0; kinds[k]; k++)
		if (ends_with_word(&t, kinds[k]))
			return 1;
	return 0;
}

/* Does the word at s[0, n) look like a version: "6.10", "v5.6-rc2"? */
static int looks_like_version(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (kd_is_digit(s[i]) && s[i + 1] == '.' && kd_is_digit(s[i + 2]))
			return 1;
	return 0;
}

/*
 * The release after "for": "6.10", "Linux-6.10", "Linux 6.10", "the 6.10
 * merge window" (which gives "6.10").  Leaves the cursor past it; when
 * there is none, where it was.
 */
static void take_release(struct cursor *c, struct line *release)
{
	size_t save = c->i, first = 0, k;

	for (k = 0; k < RELEASE_WORDS; k++) {
		size_t ws, we;

		skip_blanks(c);
		if (!k && take(c, "the"))
			skip_blanks(c);
		ws = c->i;
		while (!at_end(c) && !kd_is_space(c->s[c->i]) &&
		       !ends_tree_word(c))
			c->i++;
		we = c->i;
		if (we == ws)
			break;
		if (!k)
			first = ws;
		if (looks_like_version(c->s + ws, we - ws)) {
			release->s = c->s + first;
			release->len = we - first;
			return;
		}
		if (k || !(word_eq(c->s + ws, we - ws, "linux") ||
			   word_eq(c->s + ws, we - ws, "kernel")))
			break;
	}
	c->i = save;
}

/* What a word or a group of words after the verb does to its clause. */
enum clause { CLAUSE_GOES_ON, CLAUSE_ENDS, CLAUSE_BROKEN };

/* ',', '.', ';', '!', ':', '(', a dash: where a clause ends. */
static int at_clause_end(const struct cursor *c)
{
	int ch = peek(c);

	if (ch < 0 || is_one_of(ch, ",;.!:("))
		return 1;
	if (ch == '-')
		return c->i + 1 == c->n || kd_is_space(c->s[c->i + 1]);
	/* an en or an em dash */
	return ch == 0xe2 && c->i + 2 < c->n &&
	       (unsigned char)c->s[c->i + 1] == 0x80 &&
	       ((unsigned char)c->s[c->i + 2] == 0x93 ||
		(unsigned char)c->s[c->i + 2] == 0x94);
}

/* After "and": "pushed", "18", "pull request sent"; not "tested". */
static enum clause after_and(struct cursor *c, struct said *said)
{
	/* "and pull request sent", "and I'll send it": a maintainer's */
	static const char *const and_more[] = {
		"pull request", "pull req",	   "sent",
		"will",		"should",	   "i'll",
		"i will",	"i\xe2\x80\x99ll", NULL};

	skip_blanks(c);
	if (take_any(c, verbs) ||
	    (!said->what.s && take_patches(c, &said->what, 0)))
		return CLAUSE_GOES_ON;
	return take_any(c, and_more) ? CLAUSE_ENDS : CLAUSE_BROKEN;
}

/* After "for": a release, "now", "the next cycle"; not "a spin". */
static enum clause after_for(struct cursor *c, struct said *said)
{
	static const char *const for_next[] = {"next", "the next", "-rc",
					       "linux-next", NULL};
	struct line r = {NULL, 0, 0};

	take_release(c, &r);
	if (r.s) {
		said->release = r;
		return CLAUSE_GOES_ON;
	}
	skip_blanks(c);
	if (take(c, "now"))
		return CLAUSE_GOES_ON;
	return take_any(c, for_next) ? CLAUSE_ENDS : CLAUSE_BROKEN;
}

/* After "to", "into", "in" ...: a tree, the first one kept. */
static enum clause after_into(struct cursor *c, struct said *said, int in)
{
	struct line tree;
	size_t from = c->i;

	if (!take_tree(c, &tree) ||
	    (in && !names_a_tree(c->s + from, c->i - from)))
		return CLAUSE_BROKEN;
	if (!said->tree.s)
		said->tree = tree;
	return CLAUSE_GOES_ON;
}

/* The next word or group of words after the verb, and what it does. */
static enum clause after_verb(struct cursor *c, struct said *said)
{
	static const char *const enders[] = {
		"thanks", "thank",   "thx",    "with",	 "but",	     "after",
		"since",  "because", "so",     "though", "although", "except",
		"minus",  "while",   "cheers", NULL};
	static const char *const adverbs[] = {
		"now",	    "too",	"also",	      "already", "again",
		"today",    "here",	"as well",    "as is",	 "as-is",
		"as a fix", "as fixes", "as a fixup", NULL};
	static const char *const into[] = {"to", "into", "through", "via",
					   NULL};

	skip_blanks(c);
	if (peek(c) == '?')
		return CLAUSE_BROKEN;
	if (at_clause_end(c) || take_any(c, enders))
		return CLAUSE_ENDS;
	if (take_any(c, adverbs))
		return CLAUSE_GOES_ON;
	if (take(c, "and") || take(c, "&"))
		return after_and(c, said);
	if (take(c, "for"))
		return after_for(c, said);
	if (take_any(c, into))
		return after_into(c, said, 0);
	if (!said->bare && take(c, "in"))
		return after_into(c, said, 1);
	if (!said->what.s && take_patches(c, &said->what, 0))
		return CLAUSE_GOES_ON;
	return CLAUSE_BROKEN;
}

/*
 * What may follow the verb, until the clause ends: the patches, the tree,
 * the release, "now", "and pushed", "as fixes"; then ',', '.', "thanks",
 * "with ..." and the like end it.  Returns 0 for anything else.
 */
static int take_rest(struct cursor *c, struct said *said)
{
	int steps;

	for (steps = 0; steps < REST_STEPS; steps++) {
		enum clause cl = after_verb(c, said);

		if (cl != CLAUSE_GOES_ON)
			return cl == CLAUSE_ENDS;
	}
	return 0;
}

/* "Thanks, ", "Thanks for the fix, ", "OK, ": words that may lead. */
static void skip_lead(struct cursor *c)
{
	static const char *const leads[] = {
		"thanks", "thank you", "thx",  "many thanks", "ok",	 "okay",
		"great",  "nice",      "cool", "sure",	      "rebased", NULL};
	size_t save = c->i, words;

	skip_blanks(c);
	if (!take_any(c, leads)) {
		c->i = save;
		return;
	}
	skip_blanks(c);
	if (take(c, "for"))
		for (words = 0; words < LEAD_WORDS && !at_end(c) &&
				!is_one_of(peek(c), ",.!;:");
		     words++) {
			skip_blanks(c);
			skip_word(c, ",.!;:");
		}
	skip_blanks(c);
	while (!at_end(c) && is_one_of(peek(c), ",.!;:-"))
		c->i++;
	skip_blanks(c);
	take(c, "and"); /* "Rebased, and queued" */
}

/*
 * Does the line have one of `stems` (lowercase) in it, in any case?  A
 * cheap look before its sentences are read: a line can say what a test
 * looks for only in one of its words.
 */
static int mentions(const struct line *t, const char *const *stems)
{
	unsigned char first[256] = {0};
	const char *const *w;
	size_t i, m;

	for (w = stems; *w; w++)
		first[(unsigned char)**w] = 1;
	for (i = 0; i < t->len; i++) {
		int c = kd_tolower((unsigned char)t->s[i]);

		if (!first[c])
			continue;
		for (w = stems; *w; w++)
			if ((unsigned char)**w == c &&
			    (m = strlen(*w)) <= t->len - i &&
			    eq_ci(t->s + i, *w, m))
				return 1;
	}
	return 0;
}

/*
 * A test of a sentence, at the cursor (says_applied(), is_nudge()), and
 * where it is tried: at the start of a line, past a greeting on it, and
 * at the start of its next KD_SENTENCES sentences.
 */
typedef int sentence_test(struct cursor c, void *arg);

#define KD_SENTENCES 4

static int some_sentence(const struct line *t, sentence_test *test, void *arg)
{
	struct cursor c = cursor_of(t);
	size_t i, tried = 0;
	int whole;

	if (test(c, arg))
		return 1;
	c.i = greeting(t, &whole);
	if (c.i && !whole && test(c, arg))
		return 1;
	for (i = 0; i + 1 < t->len && tried < KD_SENTENCES; i++) {
		if (!is_one_of(t->s[i], ".!?") || !kd_is_space(t->s[i + 1]))
			continue;
		c.i = i + 1;
		tried++;
		if (test(c, arg))
			return 1;
	}
	return 0;
}

/* Does the sentence at the cursor say the patches were applied? */
static int says_applied(struct cursor c, void *arg)
{
	struct said *said = arg;
	static const char *const aux[] = {
		"has been", "have been", "has now been", "have now been",
		"is now",   "are now",	 "is",		 "are",
		"was",	    "were",	 "now",		 "all",
		"both",	    NULL};
	static const char *const perfect[] = {"has been", "have been", NULL};
	static const char *const adverbs[] = {"now", "just", "also", "finally",
					      NULL};
	enum subject subject;
	int verb;

	memset(said, 0, sizeof(*said));
	skip_lead(&c);
	skip_blanks(&c);
	if ((subject = take_subject(&c))) {
		skip_blanks(&c);
		take_any(&c, adverbs);
		skip_blanks(&c);
		verb = take_any(&c, verbs);
		if (!verb || (subject == SUBJECT_BARE && verb <= VERBS_TESTED))
			return 0;
		said->bare = subject == SUBJECT_BARE;
	} else if (take_any(&c, adverbs)) {
		/* "Now merged through misc/queue." */
		skip_blanks(&c);
		if (!take_any(&c, verbs))
			return 0;
	} else if (!take_any(&c, verbs)) {
		/* "Series applied", "has been merged into" (pr-tracker-bot) */
		if (!take_patches(&c, &said->what, 1) && !take_any(&c, perfect))
			return 0;
		skip_blanks(&c);
		take_any(&c, aux);
		skip_blanks(&c);
		if (!take_any(&c, verbs))
			return 0;
	}
	return take_rest(&c, said);
}

/* A sanitized copy of s[0, n), cut at `max` bytes; NULL when empty. */
static char *copy_text(const char *s, size_t n, size_t max)
{
	struct kd_buf b = KD_BUF_INIT;

	if (!n) /* and s may be NULL: a span never set */
		return NULL;
	if (n > max)
		n = kd_utf8_cut(s, max);
	kd_sanitize_line(&b, s, n);
	if (!b.len) {
		kd_buf_release(&b);
		return NULL;
	}
	return kd_buf_detach(&b, NULL);
}

/* The length of a commit id at s[0, n): 7 to 40 hex digits; else 0. */
static size_t commit_id_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i <= 40 && kd_hex_digit((unsigned char)s[i]) >= 0)
		i++;
	if (i < 7 || i > 40 || (i < n && is_word_byte((unsigned char)s[i])))
		return 0;
	return i;
}

struct collect {
	struct kd_acceptance *a;
	size_t commits_alloc, patches_alloc;
	struct kd_strmap seen;		   /* the ids in a->commits */
	struct kd_accepted_patch *pending; /* waits for its commit line */
};

static void add_commit(struct collect *co, const char *s, size_t n)
{
	struct kd_acceptance *a = co->a;
	char id[41];
	size_t k;

	for (k = 0; k < n; k++)
		id[k] = (char)kd_tolower((unsigned char)s[k]);
	id[n] = '\0';
	if (co->pending && !co->pending->commit)
		co->pending->commit = kd_strdup(id);
	if (a->commits_nr == KD_ACCEPT_COMMITS_MAX ||
	    kd_strmap_put(&co->seen, id, a->commits_nr) != a->commits_nr)
		return;
	KD_ALLOC_GROW(a->commits, a->commits_nr + 1, co->commits_alloc);
	a->commits[a->commits_nr++] = kd_strdup(id);
}

/* The ids of a line: "commit: <id>", ".../commit/<id>", ".../c/<id>". */
/* A full commit id, as git log prints it. */
#define GIT_LOG_ID_LEN 40

static void line_commits(struct collect *co, const struct line *l)
{
	struct line t = trimmed(l);
	struct cursor c = cursor_of(&t);
	size_t i, n;

	if (take(&c, "commit:")) {
		skip_blanks(&c);
		n = commit_id_len(c.s + c.i, c.n - c.i);
		if (n)
			add_commit(co, c.s + c.i, n);
	} else if (take(&c, "commit")) {
		/* as git log shows it: "commit <40 hex digits>", that alone */
		skip_blanks(&c);
		n = commit_id_len(c.s + c.i, c.n - c.i);
		if (n == GIT_LOG_ID_LEN && c.i + n == c.n)
			add_commit(co, c.s + c.i, n);
	}
	for (i = 0; i < l->len; i++) {
		const char *slash = memchr(l->s + i, '/', l->len - i);
		size_t rest, at = 0;

		if (!slash)
			break;
		i = (size_t)(slash - l->s);
		rest = l->len - i;
		if (rest > 3 && !memcmp(slash, "/c/", 3))
			at = 3;
		else if (rest > 12 && !memcmp(slash, "/commit/?id=", 12))
			at = 12;
		else if (rest > 8 && !memcmp(slash, "/commit/", 8))
			at = 8;
		if (at && (n = commit_id_len(slash + at, rest - at)))
			add_commit(co, slash + at, n);
	}
}

/* b4's "[2/5] title": index, total and title; 0 when not one. */
static int patch_line(const struct line *t, unsigned int *index,
		      unsigned int *total, struct line *title)
{
	struct cursor c = cursor_of(t);
	unsigned long v[2] = {0, 0};
	int k;

	if (peek(&c) != '[')
		return 0;
	c.i++;
	for (k = 0; k < 2; k++) {
		size_t digits = 0;

		while (kd_is_digit(peek(&c)) && digits < 6) {
			v[k] = v[k] * 10 + (unsigned long)(peek(&c) - '0');
			c.i++;
			digits++;
		}
		if (!digits || peek(&c) != (k ? ']' : '/'))
			return 0;
		c.i++;
	}
	if (!at_end(&c) && !kd_is_space(c.s[c.i]))
		return 0;
	skip_blanks(&c);
	*index = (unsigned int)v[0];
	*total = (unsigned int)v[1];
	title->s = c.s + c.i;
	title->len = c.n - c.i;
	return 1;
}

/* What the own text names after the acceptance line, from `pos` on. */
static void collect_commits(struct kd_acceptance *a, const char *own,
			    size_t len, size_t pos)
{
	struct collect co = {a, 0, 0, KD_STRMAP_INIT, NULL};
	struct line l;

	for (; get_line(&l, own, len, pos); pos = l.next) {
		struct line t = trimmed(&l), title;
		unsigned int index, total;

		if (!t.len)
			continue;
		if (patch_line(&t, &index, &total, &title)) {
			struct kd_accepted_patch *p;

			co.pending = NULL;
			if (a->patches_nr == KD_ACCEPT_COMMITS_MAX)
				continue;
			KD_ALLOC_GROW(a->patches, a->patches_nr + 1,
				      co.patches_alloc);
			p = &a->patches[a->patches_nr++];
			p->index = index;
			p->total = total;
			p->title = copy_text(title.s, title.len,
					     KD_ACCEPT_TEXT_MAX);
			if (!p->title)
				p->title = kd_strdup("");
			p->commit = NULL;
			co.pending = p;
			continue;
		}
		line_commits(&co, &l);
		co.pending = NULL;
	}
	kd_strmap_release(&co.seen);
}

int kd_reply_acceptance(struct kd_acceptance *out, const char *own, size_t len)
{
	static const struct kd_acceptance empty = KD_ACCEPTANCE_INIT;
	size_t pos = 0, seen = 0;
	struct said said;
	struct line t;

	*out = empty;
	while (seen < KD_ACCEPT_LINES && next_saying(&t, own, len, &pos)) {
		if (mentions(&t, verbs) &&
		    some_sentence(&t, says_applied, &said)) {
			out->line = copy_text(t.s, t.len, KD_ACCEPT_TEXT_MAX);
			out->tree = copy_text(said.tree.s, said.tree.len,
					      KD_ACCEPT_TREE_MAX);
			out->release =
				copy_text(said.release.s, said.release.len,
					  KD_ACCEPT_TREE_MAX);
			out->what = copy_text(said.what.s, said.what.len,
					      KD_ACCEPT_TREE_MAX);
			collect_commits(out, own, len, pos);
			return 1;
		}
		if (!is_greeting_line(&t))
			seen++;
	}
	return 0;
}

void kd_acceptance_release(struct kd_acceptance *a)
{
	static const struct kd_acceptance empty = KD_ACCEPTANCE_INIT;
	size_t k;

	free(a->line);
	free(a->tree);
	free(a->release);
	free(a->what);
	for (k = 0; k < a->commits_nr; k++)
		free(a->commits[k]);
	free(a->commits);
	for (k = 0; k < a->patches_nr; k++) {
		free(a->patches[k].title);
		free(a->patches[k].commit);
	}
	free(a->patches);
	*a = empty;
}

/* Pings */

#define NUDGE_FILLERS 3 /* "just a gentle" */

/* "Any comments", "Is there any feedback", "Any chance someone ..." */
static int asks_for_comments(struct cursor *c)
{
	static const char *const any[] = {"any", "is there any",
					  "are there any", NULL};
	static const char *const asked[] = {
		"comments", "comment",	"feedback",   "updates",
		"update",   "news",	"thoughts",   "input",
		"reviews",  "review",	"objections", "suggestions",
		"concerns", "progress", "ideas",      "more comments",
		NULL};
	/* "Any chance someone can ...", not "Any chance you have ..." */
	static const char *const chance[] = {
		"someone", "somebody", "anyone", "anybody", "this", "these",
		"of",	   "to get",   "that",	 "for",	    NULL};

	if (!take_any(c, any))
		return 0;
	skip_blanks(c);
	if (take(c, "chance")) {
		skip_blanks(c);
		return take_any(c, chance) != 0;
	}
	return take_any(c, asked) != 0;
}

/* "Could someone take a look", "Paul, could you please take it?" */
static int asks_someone(struct cursor *c)
{
	static const char *const could[] = {"could", "can", "would", NULL};
	static const char *const who[] = {"someone", "somebody", "anyone",
					  "anybody", "you",	 "maintainers",
					  NULL};
	static const char *const asks[] = {
		"take a look", "have a look", "look at", "review", "comment",
		"take",	       "pick",	      "apply",	 "merge",  "queue",
		"ack",	       "consider",    NULL};

	if (!take_any(c, could))
		return 0;
	skip_blanks(c);
	if (!take_any(c, who))
		return 0;
	skip_blanks(c);
	if (take(c, "please"))
		skip_blanks(c);
	return take_any(c, asks) != 0;
}

/*
 * "Ping", "Gentle ping?", "ping^2", "Ping x3", "Just a reminder", "Ping
 * on this", "Ping Paolo": not "Ping the other CPU", "Bump the version",
 * "Ping 10.0.0.1".
 */
static int says_ping(struct cursor *c)
{
	static const char *const fillers[] = {
		"just",	     "a",      "an",	   "another", "one more",
		"this is a", "gentle", "friendly", "kind",    "polite",
		"soft",	     "quick",  "small",	   "little",  "humble",
		"final",     "second", NULL};
	static const char *const nudges[] = {"ping", "reminder", "nudge",
					     "bump", NULL};
	static const char *const followers[] = {
		"on",	       "for",	      "about",	       "regarding",
		"re",	       "again",	      "anyone",	       "everyone",
		"all",	       "maintainers", "folks",	       "here",
		"this series", "this patch",  "this patchset", "this thread",
		"this one",    "the series",  "the patch",     "the patchset",
		NULL};
	size_t save;
	int k;

	for (k = 0; k < NUDGE_FILLERS; k++) {
		skip_blanks(c);
		if (!take_any(c, fillers))
			break;
	}
	skip_blanks(c);
	if (!take_any(c, nudges))
		return 0;
	/* "^2", "x2", " x3", "*3", "#2" */
	save = c->i;
	skip_blanks(c);
	if (is_one_of(peek(c), "^*#xX") && c->i + 1 < c->n &&
	    kd_is_digit(c->s[c->i + 1])) {
		c->i++;
		while (kd_is_digit(peek(c)))
			c->i++;
	} else {
		c->i = save;
	}
	skip_blanks(c);
	if (at_end(c) || is_one_of(peek(c), "?!.,:;~)-") ||
	    take_any(c, followers))
		return 1;
	/* "Ping Paolo?": a name and no more */
	if (!kd_is_alpha(peek(c)) && peek(c) < 0x80)
		return 0;
	skip_word(c, "?!.,:;~");
	while (!at_end(c) && is_one_of(peek(c), "?!.,:;~"))
		c->i++;
	skip_blanks(c);
	return at_end(c);
}

/*
 * Does the sentence at the cursor open with a nudge (asks_for_comments(),
 * says_ping()), or, on the first line of a ping (when `*first` is set),
 * with a request (asks_someone())?
 */
static int is_nudge(struct cursor c, void *first)
{
	struct cursor save;

	skip_blanks(&c);
	save = c;
	if (asks_for_comments(&c))
		return 1;
	c = save;
	if (*(int *)first && asks_someone(&c))
		return 1;
	c = save;
	return says_ping(&c);
}

#define KD_PING_NAMES 2 /* lines of a name that may end a ping */

/* What every nudge has in one of its words (is_nudge()'s lists). */
static const char *const nudge_words[] = {"any", "can", "could", "would",
					  "ping", "remind", "nudge", "bump",
					  NULL};

int kd_reply_is_ping(const char *own, size_t len)
{
	size_t pos = 0, lines = 0, bytes = 0, names = 0, names_bytes = 0;
	int nudged = 0, first;
	struct line t;

	while (next_saying(&t, own, len, &pos)) {
		enum signoff so;

		first = !lines && !names;
		if (mentions(&t, nudge_words) &&
		    some_sentence(&t, is_nudge, &first))
			nudged = 1;
		else if (is_greeting_line(&t))
			continue;
		else if ((so = signoff(&t)) == SIGNOFF_WORDS)
			continue;
		else if (so == SIGNOFF_NAME) {
			/* a name, unless a sentence comes after it */
			names++;
			names_bytes += t.len;
			continue;
		}
		lines += names + 1;
		bytes += names_bytes + t.len;
		names = names_bytes = 0;
		if (lines > KD_PING_LINES || bytes > KD_PING_BYTES)
			return 0;
	}
	if (names > KD_PING_NAMES &&
	    (lines + names - KD_PING_NAMES > KD_PING_LINES ||
	     bytes + names_bytes > KD_PING_BYTES))
		return 0;
	return nudged;
}
