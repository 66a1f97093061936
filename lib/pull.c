/*
 * Pull requests: git request-pull's lines read back (pull.h).
 *
 * Tolerated, since request-pull has changed its words over the years and
 * people edit what it writes:
 * - "git repository" in any case ("Git repository"), the colon after
 *   "at" missing, the line starting with other words ("The changes are
 *   available in the git repository at:");
 * - any number of blank lines before the URL line, the URL line indented
 *   by blanks or tabs, several blanks between URL and ref, a remark
 *   after the ref (dropped);
 * - a CR before a line's LF; NUL bytes (a NUL ends the word it is in);
 * - commit ids abbreviated or in upper case, with or without the colon.
 * Not tolerated: a ref wrapped onto the line after the URL (it is NULL),
 * a request quoted with "> " (the caller passes the mail's own body).
 */
#include "pull.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"


static int is_word_byte(char c)
{
	unsigned char u = (unsigned char)c;

	return u > ' ' && u != 0x7f;
}

/* The first word of s[*i..n), from *i past blanks; *i is left after it. */
static char *take_word(const char *s, size_t n, size_t *i)
{
	size_t start, end;

	while (*i < n && kd_is_blank_cr(s[*i]))
		(*i)++;
	for (start = end = *i; end < n && is_word_byte(s[end]); end++)
		;
	*i = end;
	if (end == start)
		return NULL;
	if (end - start > KD_PULL_WORD_MAX)
		end = start + KD_PULL_WORD_MAX;
	return kd_strndup(s + start, end - start);
}

/*
 * "<prefix> <hex>[:]" at the start of a line (after blanks, prefix in
 * any case): the id lowercased, or NULL.
 */
static char *commit_after(const char *s, size_t n, const char *prefix)
{
	size_t plen = strlen(prefix), i = 0, start;
	char *id;

	while (i < n && kd_is_blank_cr(s[i]))
		i++;
	if (n - i < plen || strncasecmp(s + i, prefix, plen))
		return NULL;
	for (start = i += plen; i < n && kd_hex_digit(s[i]) >= 0; i++)
		;
	if (i - start < 7 || i - start > 64 ||
	    (i < n && s[i] != ':' && !kd_is_blank_cr(s[i])))
		return NULL;
	id = kd_strndup(s + start, i - start);
	kd_lowercase(id);
	return id;
}

/* Does the line end in "are available in the git repository at[:]"? */
static int is_marker(const char *s, size_t n)
{
	static const char marker[] = "are available in the git repository at";
	const size_t mlen = sizeof(marker) - 1;

	while (n && kd_is_blank_cr(s[n - 1]))
		n--;
	if (n && s[n - 1] == ':')
		n--;
	while (n && kd_is_blank_cr(s[n - 1]))
		n--;
	return n >= mlen && !strncasecmp(s + n - mlen, marker, mlen) &&
	       (n == mlen || kd_is_blank_cr(s[n - mlen - 1]));
}

int kd_pull_parse(struct kd_pull *out, const char *body, size_t len)
{
	enum { BEFORE, URL, AFTER } state = BEFORE;
	size_t pos, next;

	for (pos = 0; pos < len; pos = next) {
		const char *s = body + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0;

		next = pos + n + 1;
		if (state == BEFORE) {
			if (is_marker(s, n))
				state = URL;
			else if (!out->base)
				out->base = commit_after(
					s, n,
					"the following changes since commit ");
		} else if (state == URL) {
			if (!(out->url = take_word(s, n, &i)))
				continue; /* a blank line */
			out->ref = take_word(s, n, &i);
			state = AFTER;
		} else if ((out->tip = commit_after(
				    s, n, "for you to fetch changes up to "))) {
			break;
		}
	}
	if (!out->url) {
		kd_pull_release(out);
		return 0;
	}
	return 1;
}

void kd_pull_release(struct kd_pull *p)
{
	free(p->url);
	free(p->ref);
	free(p->base);
	free(p->tip);
	p->url = p->ref = p->base = p->tip = NULL;
}
