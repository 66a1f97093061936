#ifndef KD_FUZZ_CHECK_H
#define KD_FUZZ_CHECK_H

/*
 * What the fuzz targets hold the parsers to: the promises of charset.h and
 * sanitize.h on every string that reaches a digest, and subject.h's on a
 * parsed subject.  A broken promise aborts, so that libFuzzer reports it
 * as a crash, with the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "subject.h"

/* `len` bytes of `s` are valid UTF-8 (charset.h's promise). */
static inline void fuzz_check_utf8(const char *what, const char *s, size_t len)
{
	if (!kd_utf8_valid(s, len)) {
		fprintf(stderr, "fuzz: %s is not valid UTF-8\n", what);
		abort();
	}
}

/*
 * `s` is valid UTF-8 and holds no C0 control, DEL or C1 control, except
 * the characters of `allowed` (say "\t\n" for a text, "" for a line).
 */
static inline void fuzz_check_safe(const char *what, const char *s,
				   const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fprintf(stderr, "fuzz: %s is NULL\n", what);
		abort();
	}
	fuzz_check_utf8(what, s, strlen(s));
	for (; *p; p++) {
		if ((*p < 0x20 || *p == 0x7f) && !strchr(allowed, *p)) {
			fprintf(stderr,
				"fuzz: %s holds control 0x%02x at %zu\n", what,
				*p, (size_t)(p - (const unsigned char *)s));
			abort();
		}
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fprintf(stderr, "fuzz: %s holds C1 control at %zu\n",
				what, (size_t)(p - (const unsigned char *)s));
			abort();
		}
	}
}

static inline int fuzz_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* `s` has no white space but single blanks between words. */
static inline void fuzz_check_collapsed(const char *what, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (fuzz_is_blank(s[i]) && s[i] != ' ') {
			fprintf(stderr,
				"fuzz: %s holds white space "
				"0x%02x at %zu\n",
				what, (unsigned char)s[i], i);
			abort();
		}
		if (s[i] == ' ' && (i == 0 || i + 1 == n || s[i + 1] == ' ')) {
			fprintf(stderr, "fuzz: stray blank in %s at %zu\n",
				what, i);
			abort();
		}
	}
}

/*
 * A subject's fields as subject.h states them: a version, a counter
 * that is whole or absent, a title and prefixes with their white space
 * collapsed.
 */
static inline void fuzz_check_subject(const struct kd_subject *s)
{
	if (s->version < 0) {
		fprintf(stderr, "fuzz: negative version %d\n", s->version);
		abort();
	}
	if (!((s->index == -1 && s->total == -1) ||
	      (s->index >= 0 && s->total >= 0))) {
		fprintf(stderr, "fuzz: half a counter %d/%d\n", s->index,
			s->total);
		abort();
	}
	if (s->is_patch && s->is_reply) {
		fprintf(stderr, "fuzz: a reply taken for a patch\n");
		abort();
	}
	if (!s->prefixes || !s->title) {
		fprintf(stderr, "fuzz: NULL prefixes or title\n");
		abort();
	}
	fuzz_check_collapsed("title", s->title);
	fuzz_check_collapsed("prefixes", s->prefixes);
	(void)kd_subject_is_head(s);
}

#endif
