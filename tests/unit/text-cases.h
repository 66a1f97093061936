#ifndef KD_TEST_TEXT_CASES_H
#define KD_TEST_TEXT_CASES_H

/*
 * For the unit tests of the text functions (trailer, lore, pull): a table
 * of cases, each an input whose result a `show` function writes as text
 * to be compared with the one wanted, and the bound on the time hostile
 * input may take.  Include after <cmocka.h>.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"

struct text_case {
	const char *name;
	const char *input;
	const char *want;
};

typedef void show_fn(struct kd_buf *out, const char *input, size_t len);

static inline void check_cases(const struct text_case *cases, size_t nr,
			       show_fn *show)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct kd_buf got = KD_BUF_INIT;
		int bad;

		show(&got, cases[i].input, strlen(cases[i].input));
		bad = strcmp(got.buf, cases[i].want) != 0;
		if (bad)
			print_error("%s: got\n%s\nwant\n%s\n", cases[i].name,
				    got.buf, cases[i].want);
		kd_buf_release(&got);
		if (bad)
			fail_msg("case '%s'", cases[i].name);
	}
}

/* The text of a function that appends what it found and says whether. */
static inline void show_found(struct kd_buf *out, int found)
{
	if (!found)
		kd_buf_addstr(out, out->len ? "written, yet (none)" : "(none)");
}

#define CHECK_CASES(cases, show)                                               \
	check_cases(cases, sizeof(cases) / sizeof(*cases), show)

/*
 * Hostile input (a line of a megabyte, 100,000 lines) must be read in
 * linear time: a quadratic step would take minutes, so seconds of CPU
 * tell the two apart on any machine.
 */
#define CPU_LIMIT 5.0

static inline double cpu_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

#endif
