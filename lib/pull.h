#ifndef KD_PULL_H
#define KD_PULL_H

#include <stddef.h>

/*
 * A pull request: what git request-pull writes in the body of a
 * "[GIT PULL]" mail, read back (SPEC.md, "Pull request").
 *
 *	The following changes since commit <base>:
 *	  <subject> (<date>)
 *	are available in the Git repository at:
 *
 *	  <url> <ref>
 *
 *	for you to fetch changes up to <tip>:
 *
 * `url` is the first word of the first non-blank line after the first
 * line that ends in "are available in the git repository at:" (any case,
 * the colon optional, blank lines between them allowed), as written:
 * git://, https://, ssh://, scp-like "git@host:path" or a local path
 * alike.  `ref` is the word after it on that line ("tags/kvm-ppc-next-
 * 5.12-1", "for-linus", "refs/heads/x"), NULL when the line has none
 * (request-pull writes none when it finds no ref for the tip).  `base`
 * and `tip` are the commit ids of the lines around it (7 to 64 hex
 * digits, lowercased), NULL when they are missing.  Words are cut at
 * KD_PULL_WORD_MAX bytes and hold no blank, control or NUL.
 *
 * The body is decoded text (UTF-8, LF line ends), `len` bytes, read once;
 * it never fails.  Only the first request of a mail is read.
 */
struct kd_pull {
	char *url;
	char *ref;
	char *base;
	char *tip;
};

#define KD_PULL_INIT { NULL, NULL, NULL, NULL }
#define KD_PULL_WORD_MAX 1024

/*
 * Read the request in `body` into `out` (which must be KD_PULL_INIT or
 * released).  Returns 1 when there is one (then `out->url` is set), 0
 * when the body holds none (then every field is NULL).
 */
int kd_pull_parse(struct kd_pull *out, const char *body, size_t len);
void kd_pull_release(struct kd_pull *p);

#endif
