#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "gitdate.h"

/* Thu 2025-09-04 15:33:20 UTC */
#define NOW 1757000000

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int64_t parse_at(const char *text, int64_t now)
{
	int64_t t = -1;

	if (kd_gitdate_parse(&t, text, now))
		fail_msg("'%s' was refused: %s", text, kd_error_last());
	return t;
}

struct fixed {
	const char *text;
	int64_t when;
};

/* In UTC, at NOW: what git makes of them (git rev-parse --since=...). */
static const struct fixed fixed[] = {
	{ "now", NOW },
	{ "1.week.ago", NOW - 7 * 86400 },
	{ "1 week ago", NOW - 7 * 86400 },
	{ "yesterday", NOW - 86400 },
	{ "3 days ago", NOW - 3 * 86400 },
	{ "2 weeks 3 days ago", NOW - 17 * 86400 },
	{ "noon", 1756987200 },             /* today 12:00 */
	{ "midnight", 1756944000 },         /* today 00:00 */
	{ "yesterday noon", 1756900800 },
	{ "last monday", 1756740800 },      /* Mon 2025-09-01, this time */
	{ "2.months.ago", 1751643200 },     /* 2025-07-04 */
	{ "1.year.ago", 1725464000 },
	{ "never", 0 },
	/* a date without a time of day: that day at this time, as git */
	{ "2025-09-01", 1756740800 },
	{ "2025.09.01", 1756740800 },
	{ "Nov 1", 1730475200 },            /* a later month: last year's */
	{ "2025-09-10 10:00", 1757498400 },
	{ "2026-11-01 12:00 +0100", 1793530800 },
	{ "Sat, 1 Nov 2026 12:00:00 +0100", 1793530800 },
	{ "2026-11-01T12:00:00Z", 1793534400 },
	{ "@1700000000", 1700000000 },
	{ "@1700000000 +0100", 1700000000 },
	{ "1700000000", 1700000000 },
};

static void test_fixed(void **state)
{
	size_t i;

	(void)state;
	set_tz("UTC0");
	for (i = 0; i < sizeof(fixed) / sizeof(*fixed); i++) {
		int64_t t = parse_at(fixed[i].text, NOW);
		if (t != fixed[i].when)
			fail_msg("'%s' is %lld, not %lld", fixed[i].text,
				 (long long)t, (long long)fixed[i].when);
	}
}

/* Local time: a date without a zone is TZ's, summer time included. */
static void test_local_zone(void **state)
{
	(void)state;
	set_tz("CET-1CEST,M3.5.0,M10.5.0/3");
	/* 12:00 CEST is 10:00 UTC; in winter, 12:00 CET is 11:00 UTC */
	assert_int_equal(parse_at("2025-08-01 12:00", NOW), 1754042400);
	assert_int_equal(parse_at("2025-01-15 12:00", NOW), 1736938800);
	/* a zone given wins over TZ */
	assert_int_equal(parse_at("2025-08-01 12:00 +0000", NOW), 1754049600);
	set_tz("UTC0");
}

static const char *const refused[] = {
	"", "   ", "garbage", "days ago", "week", "ago", "a.b.c", "foo bar",
	"monday",
};

static void test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		int64_t t = 42;
		kd_error_clear();
		if (kd_gitdate_parse(&t, refused[i], NOW) != KD_EINVALID)
			fail_msg("'%s' was taken as %lld", refused[i],
				 (long long)t);
		assert_int_equal(t, 42);
		assert_non_null(strstr(kd_error_last(), refused[i]));
	}
}

/* --- the same forms, as git itself reads them -------------------------- */

static const char *const forms[] = {
	"now", "yesterday", "1.week.ago", "2.weeks.ago", "1 week ago",
	"3 days ago", "3.days", "10.days.ago", "1.day.ago", "36.hours.ago",
	"90.minutes.ago", "30.seconds.ago", "2.months.ago", "13.months.ago",
	"1.year.ago", "2 years ago", "last week", "last monday",
	"2.sundays.ago", "one week ago", "two weeks ago", "ten days ago",
	"noon", "midnight", "tea", "yesterday noon", "yesterday 5pm", "5pm",
	"9am", "noon yesterday", "last friday noon", "3 days ago 12:00",
	"yesterday 10:00", "never", "1.month.ago", "6.months.ago",
	"2025-08-01", "2025-08-01 12:00", "2025-08-01 12:00:30",
	"2025-08-01 12:00 +0100", "2025-08-01 12:00:00 -0700",
	"2025-08-01T12:00:00Z", "2025-08-01T12:00:00+05:30",
	"2025-08-01 12:00:00.123", "2025-08-01 00:00", "2024-02-29 12:00 UTC",
	"2025-08-01 12:00 PST", "2025-08-01 12:00 CEST", "2025-02-30",
	"2025-13-45", "Sat, 1 Nov 2025 12:00:00 +0100",
	"Fri, 01 Aug 2025 12:00:00 GMT", "Thu, 4 Sep 2025 10:00:00 +0000",
	"Aug 1 2025", "Aug 1, 2025 10:00", "1 Aug 2025", "August 1",
	"Aug 1", "Dec 1", "Dec 02", "08/01/2025", "01.08.2025", "2025.08.01",
	"20250801", "20250801 120000", "@1700000000", "@1700000000 +0100",
	"1700000000", "12:00", "23:59:59", "foo 3", "2026-11-01",
	"1.week.ago 12:00", "5.days.ago.midnight",
};

static const char *const zones[] = {
	"UTC0",
	"PST8PDT,M3.2.0,M11.1.0",
	"CET-1CEST,M3.5.0,M10.5.0/3",
	"IST-5:30",
	"NZST-12NZDT,M9.5.0,M4.1.0/3",
};

/* Thursday afternoon; Sunday just after midnight; a winter Monday morning */
static const int64_t nows[] = { NOW, 1756598460, 1769418000 };

static char repo[] = "/tmp/test-gitdate-XXXXXX";

/* What git makes of `form`: `git rev-parse --since=<form>`. */
static int64_t git_reads(const char *form, int64_t now, const char *tz)
{
	char cmd[1024];
	long long t;
	FILE *f;
	int n;

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && GIT_TEST_DATE_NOW=%lld TZ='%s' "
		 "git rev-parse --since='%s'",
		 repo, (long long)now, tz, form);
	f = popen(cmd, "r");
	if (!f)
		fail_msg("cannot run git");
	n = fscanf(f, "--max-age=%lld", &t);
	if (pclose(f) || n != 1)
		fail_msg("git rev-parse --since='%s' said no date", form);
	return t;
}

/* Whether git takes `form` as a date at all: reflog expire refuses. */
static int git_takes(const char *form)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && git reflog expire --dry-run --expire='%s' --all "
		 ">/dev/null 2>&1",
		 repo, form);
	return !system(cmd);
}

static int setup_repo(void **state)
{
	char cmd[256];

	(void)state;
	if (!mkdtemp(repo))
		return -1;
	snprintf(cmd, sizeof(cmd), "git init -q '%s'", repo);
	return system(cmd) ? -1 : 0;
}

static int remove_repo(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", repo);
	return system(cmd) ? -1 : 0;
}

static void test_as_git_reads(void **state)
{
	size_t f, z, n, checked = 0;

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(*zones); z++) {
		set_tz(zones[z]);
		for (n = 0; n < sizeof(nows) / sizeof(*nows); n++)
			for (f = 0; f < sizeof(forms) / sizeof(*forms); f++) {
				int64_t want = git_reads(forms[f], nows[n],
							 zones[z]);
				int64_t got = parse_at(forms[f], nows[n]);
				if (got != want)
					fail_msg("'%s' at %lld in %s: %lld, "
						 "git says %lld",
						 forms[f], (long long)nows[n],
						 zones[z], (long long)got,
						 (long long)want);
				checked++;
			}
	}
	set_tz("UTC0");
	assert_int_equal(checked, sizeof(forms) / sizeof(*forms) *
					  sizeof(zones) / sizeof(*zones) *
					  sizeof(nows) / sizeof(*nows));
}

static void test_refused_as_git(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (git_takes(refused[i]))
			fail_msg("git takes '%s'", refused[i]);
	/* and what is taken, git takes ("now" and "never" are its own) */
	for (i = 0; i < sizeof(forms) / sizeof(*forms); i++)
		if (strcmp(forms[i], "now") && strcmp(forms[i], "never") &&
		    !git_takes(forms[i]))
			fail_msg("git refuses '%s'", forms[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_local_zone),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_as_git_reads),
		cmocka_unit_test(test_refused_as_git),
	};

	return cmocka_run_group_tests(tests, setup_repo, remove_repo);
}
