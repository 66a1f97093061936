/*
 * Trailer lines: reviews given, fixes, b4's change-id (trailer.h).
 *
 * Tolerated, since people type trailers by hand:
 * - keys in any case ("Acked-By:", "CC:", "fixes:"), review trailers
 *   indented by blanks or tabs, but for those of an indented commit
 *   message pasted into a reply (a paragraph with an indented
 *   Signed-off-by: its trailers were given elsewhere);
 * - a CR before a line's LF (left over from CRLF mail);
 * - a remark after the mailbox ("<a@b> # arm64", "a@b [1]",
 *   "stable@vger.kernel.org # v4.18+"), an unclosed '<' (the rest is the
 *   address), an address in quotes or comments as kd_mailbox_parse()
 *   reads them;
 * - Fixes lines with "commit" before the id, 8 to 40 digits in either
 *   case, the subject in quotes, in parentheses, both or neither, a
 *   date or remark after it, or wrapped onto the next line;
 * - NUL bytes: a NUL ends the value it is in (names and subjects are C
 *   strings).
 * Not tolerated, for want of a way to tell them from prose: an unquoted
 * "Last, First <a@b>" (kd_mailbox_parse() stops at the comma, and "Last"
 * is no address), Fixes ids of fewer than 8 digits, a subject wrapped
 * over more than two lines (the first line's part is kept), Fixes and Cc
 * lines indented (an indented one quotes another commit's message).
 *
 * ASCII case is folded with strncasecmp() (the C locale: this program
 * never calls setlocale), character classes are ascii.h's.
 */
#include "trailer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "charset.h"
#include "rfc5322.h"
#include "strmap.h"

/*
 * Does s[0..n) start with `key` (ASCII, any case)?  The length of `key`
 * when it does, to step past it; 0 when not (no key is empty).
 */
static size_t has_key(const char *s, size_t n, const char *key)
{
	size_t klen = strlen(key);

	return n >= klen && !strncasecmp(s, key, klen) ? klen : 0;
}

/* Trim blanks (and a CR) at both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	while (*n && kd_is_blank_cr(*s)) {
		s++;
		(*n)--;
	}
	while (*n && kd_is_blank_cr(s[*n - 1]))
		(*n)--;
	return s;
}

/* Is the line `word` exactly (a CR after it allowed)? */
static int line_is(const char *s, size_t n, const char *word, size_t wlen)
{
	return (n == wlen || (n == wlen + 1 && s[wlen] == '\r')) &&
	       !memcmp(s, word, wlen);
}

/* "---", format-patch's line between the message and the notes */
static int is_separator(const char *s, size_t n)
{
	return line_is(s, n, "---", 3);
}

/*
 * An address as this module takes it: local@domain, both parts non-empty,
 * one '@', nothing that no address holds (blanks, controls, the
 * specials of RFC 5322 but '.').
 */
static int address_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t i;

	if (!at || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', n - (size_t)(at + 1 - s)))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || strchr("<>()[],;:\"\\", c))
			return 0;
	}
	return 1;
}

/*
 * The mailbox a trailer's value names, or 0.  kd_mailbox_parse() reads
 * it; a bare address followed by a remark comes back as "a@b # x", so the
 * address is its first word holding an '@'.  `*addr`/`*addr_len` point
 * into mb->email.
 */
static int value_mailbox(struct kd_mailbox *mb, struct kd_buf *scratch,
			 const char *v, size_t n, const char **addr,
			 size_t *addr_len)
{
	const char *p, *w;

	v = trim(v, &n);
	if (!n || n > KD_TRAILER_VALUE_MAX)
		return 0;
	kd_buf_reset(scratch);
	kd_buf_add(scratch, v, n);
	kd_mailbox_release(mb);
	kd_mailbox_parse(mb, scratch->buf);
	for (p = mb->email; *p; p = w) {
		while (*p == ' ')
			p++;
		for (w = p; *w && *w != ' '; w++)
			;
		if (memchr(p, '@', (size_t)(w - p))) {
			*addr = p;
			*addr_len = (size_t)(w - p);
			return address_ok(p, *addr_len);
		}
	}
	return 0;
}

static char *lower_dup(const char *s, size_t n)
{
	char *d = kd_strndup(s, n);

	kd_lowercase(d);
	return d;
}

/* Trailers given */

static const struct {
	const char *key;
	const char *name;
} kinds[KD_TRAILER_KINDS] = {
	[KD_TRAILER_REVIEWED] = {"reviewed-by:", "Reviewed-by"},
	[KD_TRAILER_ACKED] = {"acked-by:", "Acked-by"},
	[KD_TRAILER_TESTED] = {"tested-by:", "Tested-by"},
	[KD_TRAILER_NACKED] = {"nacked-by:", "Nacked-by"},
};

const char *kd_trailer_kind_name(enum kd_trailer_kind kind)
{
	return (size_t)kind < KD_TRAILER_KINDS ? kinds[kind].name : "";
}

/* The kind of the trailer key at s[0..n), or -1; `*key_len` its length. */
static int trailer_kind(const char *s, size_t n, size_t *key_len)
{
	size_t k;

	for (k = 0; k < KD_TRAILER_KINDS; k++)
		if ((*key_len = has_key(s, n, kinds[k].key)))
			return (int)k;
	return -1;
}

/* Is s[0..n) a blank line (blanks and a CR at most)? */
static int blank_line(const char *s, size_t n)
{
	trim(s, &n);
	return !n;
}

/*
 * Does the paragraph from text[pos] on (up to a blank line) hold an
 * indented "Signed-off-by:"?  Then it is a commit message pasted into
 * the reply ("I reworded it:" and the commit, indented), and its
 * trailers were given elsewhere; an indented trailer alone is one typed
 * by hand ("You can add my:", a blank line, "  Acked-by: ...").
 */
static int pasted_commit(const char *text, size_t len, size_t pos)
{
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0;

		if (blank_line(s, n))
			break;
		while (i < n && kd_is_blank(s[i]))
			i++;
		if (i && has_key(s + i, n - i, "signed-off-by:"))
			return 1;
		pos += n + 1;
	}
	return 0;
}

void kd_trailers_given(struct kd_trailers *out, const char *text, size_t len)
{
	struct kd_buf scratch = KD_BUF_INIT, key = KD_BUF_INIT;
	struct kd_mailbox mb = KD_MAILBOX_INIT;
	struct kd_strmap seen = KD_STRMAP_INIT;
	size_t pos, next, added = 0;
	int paragraph_start = 1, pasted = 0;

	for (pos = 0; pos < len && added < KD_TRAILERS_MAX; pos = next) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, klen;
		const char *addr;
		size_t addr_len;
		int kind;

		next = pos + n + 1;
		if (blank_line(s, n)) {
			paragraph_start = 1;
			continue;
		}
		if (paragraph_start) {
			/* each paragraph is read ahead once: two passes at most */
			pasted = pasted_commit(text, len, pos);
			paragraph_start = 0;
		}
		if (n && kd_is_blank(*s)) {
			if (pasted)
				continue;
			while (n && kd_is_blank(*s)) {
				s++;
				n--;
			}
		}
		kind = trailer_kind(s, n, &klen);
		if (kind < 0 || !value_mailbox(&mb, &scratch, s + klen,
					       n - klen, &addr, &addr_len))
			continue;
		kd_buf_reset(&key);
		kd_buf_addch(&key, '0' + kind);
		kd_buf_add(&key, addr, addr_len);
		/* case folded for the key only: the output is lowercased too */
		kd_lowercase(key.buf + 1);
		if (kd_strmap_put(&seen, key.buf, added) != added)
			continue;
		KD_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr].kind = (enum kd_trailer_kind)kind;
		out->v[out->nr].name = kd_strdup(mb.name);
		out->v[out->nr].email = lower_dup(addr, addr_len);
		out->nr++;
		added++;
	}
	kd_mailbox_release(&mb);
	kd_strmap_release(&seen);
	kd_buf_release(&scratch);
	kd_buf_release(&key);
}

void kd_trailers_release(struct kd_trailers *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		free(t->v[i].name);
		free(t->v[i].email);
	}
	free(t->v);
	t->v = NULL;
	t->nr = t->alloc = 0;
}

/* Fixes */

/* Does the line start like a trailer, "Word-by:" or "Cc:"? */
static int looks_like_trailer(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == '-' || kd_is_alnum(s[i])))
		i++;
	return i > 0 && i < n && s[i] == ':';
}

static const char *last_of(const char *s, size_t n, char c)
{
	while (n--)
		if (s[n] == c)
			return s + n;
	return NULL;
}

/* Append s[0..n) to `out`, cut at a NUL and at KD_FIX_SUBJECT_MAX. */
static void add_subject_part(struct kd_buf *out, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);

	if (nul)
		n = (size_t)(nul - s);
	if (out->len + n > KD_FIX_SUBJECT_MAX)
		n = out->len < KD_FIX_SUBJECT_MAX
			    ? kd_utf8_cut(s, KD_FIX_SUBJECT_MAX - out->len)
			    : 0;
	kd_buf_add(out, s, n);
}

/*
 * The subject after a Fixes line's id: s[0..n) is the rest of the line,
 * next[0..next_n) the line after it (next is NULL at the end).
 */
static char *fix_subject(const char *s, size_t n, const char *next,
			 size_t next_n)
{
	struct kd_buf out = KD_BUF_INIT;
	const char *q;
	int paren = 0;

	s = trim(s, &n);
	if (n && *s == '(') {
		paren = 1;
		s++;
		n--;
		s = trim(s, &n);
	}
	if (n && *s == '"') {
		s++;
		n--;
		if ((q = last_of(s, n, '"'))) {
			add_subject_part(&out, s, (size_t)(q - s));
		} else if (next && (next = trim(next, &next_n), next_n) &&
			   !looks_like_trailer(next, next_n) &&
			   (q = last_of(next, next_n, '"'))) {
			add_subject_part(&out, s, n);
			kd_buf_addch(&out, ' ');
			add_subject_part(&out, next, (size_t)(q - next));
		} else {
			if (paren && n && s[n - 1] == ')')
				n--;
			add_subject_part(&out, s, n);
		}
	} else if (paren) {
		q = last_of(s, n, ')');
		add_subject_part(&out, s, q ? (size_t)(q - s) : n);
	} else if (n && *s != '#') {
		add_subject_part(&out, s, n);
	}
	kd_buf_trim(&out);
	if (!out.len) {
		kd_buf_release(&out);
		return NULL;
	}
	return kd_buf_detach(&out, NULL);
}

/* Is one of the two ids a prefix of the other (the same commit)? */
static int same_commit(const char *a, const char *b, size_t bn)
{
	size_t an = strlen(a);

	return !strncmp(a, b, an < bn ? an : bn);
}

static void fix_line(struct kd_fixes *out, size_t first, const char *s,
		     size_t n, const char *next, size_t next_n)
{
	size_t i = 0, start, k, klen;
	char *commit;

	while (i < n && kd_is_blank_cr(s[i]))
		i++;
	if ((klen = has_key(s + i, n - i, "commit")) && i + klen < n &&
	    kd_is_blank_cr(s[i + klen])) {
		i += klen;
		while (i < n && kd_is_blank_cr(s[i]))
			i++;
	}
	for (start = i; i < n && kd_hex_digit(s[i]) >= 0; i++)
		;
	if (i - start < 8 || i - start > 40 ||
	    (i < n && !kd_is_blank_cr(s[i]) && !strchr("(\",:;", s[i])))
		return;
	commit = lower_dup(s + start, i - start);
	for (k = first; k < out->nr; k++)
		if (same_commit(out->v[k].commit, commit, i - start)) {
			free(commit);
			return;
		}
	KD_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr].commit = commit;
	out->v[out->nr].subject = fix_subject(s + i, n - i, next, next_n);
	out->nr++;
}

static int is_stable(const char *addr, size_t n)
{
	return (n == 22 && !strncasecmp(addr, "stable@vger.kernel.org", n)) ||
	       (n == 17 && !strncasecmp(addr, "stable@kernel.org", n));
}

void kd_fixes_parse(struct kd_fixes *out, const char *body, size_t len)
{
	struct kd_buf scratch = KD_BUF_INIT;
	struct kd_mailbox mb = KD_MAILBOX_INIT;
	size_t pos, next, first = out->nr;

	for (pos = 0; pos < len; pos = next) {
		const char *s = body + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		const char *after = NULL, *addr;
		size_t after_n = 0, addr_len, klen;

		next = pos + n + 1;
		if (is_separator(s, n) || line_is(s, n, "-- ", 3) ||
		    (n >= 11 && !memcmp(s, "diff --git ", 11)))
			break;
		if ((klen = has_key(s, n, "fixes:"))) {
			if (out->nr - first >= KD_FIXES_MAX)
				continue;
			if (next < len) {
				after = body + next;
				nl = memchr(after, '\n', len - next);
				after_n =
					nl ? (size_t)(nl - after) : len - next;
			}
			fix_line(out, first, s + klen, n - klen, after,
				 after_n);
		} else if (!out->stable && (klen = has_key(s, n, "cc:")) &&
			   value_mailbox(&mb, &scratch, s + klen, n - klen,
					 &addr, &addr_len) &&
			   is_stable(addr, addr_len)) {
			out->stable = 1;
		}
	}
	kd_mailbox_release(&mb);
	kd_buf_release(&scratch);
}

void kd_fixes_release(struct kd_fixes *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		free(f->v[i].commit);
		free(f->v[i].subject);
	}
	free(f->v);
	f->v = NULL;
	f->nr = f->alloc = 0;
	f->stable = 0;
}

/* b4's change-id */

static int change_id_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 10 || n > KD_CHANGE_ID_MAX || s[8] != '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (i < 8 ? !kd_is_digit(c)
			  : !(kd_is_alnum(c) || c == '.' || c == '_' ||
			      c == '-'))
			return 0;
	}
	return 1;
}

int kd_change_id(struct kd_buf *out, const char *text, size_t len)
{
	size_t pos, next;
	int footer = 0;

	for (pos = 0; pos < len; pos = next) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, klen;

		next = pos + n + 1;
		if (!footer) {
			footer = is_separator(s, n);
			continue;
		}
		if (!(klen = has_key(s, n, "change-id:")))
			continue;
		s += klen;
		n -= klen;
		s = trim(s, &n);
		if (change_id_ok(s, n)) {
			kd_buf_add(out, s, n);
			return 1;
		}
	}
	return 0;
}
