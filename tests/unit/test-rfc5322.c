#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfc5322.h"

static void parse(struct kd_headers *h, const char *msg, size_t *body_off)
{
	kd_headers_parse(h, msg, strlen(msg), body_off);
}

static void assert_field(const struct kd_headers *h, size_t i, const char *name,
			 const char *value)
{
	if (i >= h->nr)
		fail_msg("no field %zu (%s), only %zu", i, name, h->nr);
	assert_string_equal(h->fields[i].name, name);
	assert_string_equal(h->fields[i].value, value);
}

static void test_headers_lf(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	const char *msg = "From: A <a@b>\n"
			  "Subject: hello\n"
			  " world\n"
			  "\tagain\n"
			  "To:x\n"
			  "Empty:\n"
			  "\n"
			  "body\n"
			  "Not: a header\n";
	size_t off = 0;

	(void)state;
	parse(&h, msg, &off);
	assert_int_equal(h.nr, 4);
	assert_field(&h, 0, "From", "A <a@b>");
	/* unfolding removes the line breaks only */
	assert_field(&h, 1, "Subject", "hello world\tagain");
	assert_field(&h, 2, "To", "x");
	assert_field(&h, 3, "Empty", "");
	assert_int_equal(h.truncated, 0);
	assert_int_equal(off, strstr(msg, "body") - msg);
	kd_headers_release(&h);
	assert_int_equal(h.nr, 0);
	assert_null(h.fields);
}

static void test_headers_crlf(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	const char *msg = "From: A <a@b>\r\n"
			  "Subject: hello\r\n"
			  " world\r\n"
			  "X: cr\rinside\r\n"
			  "\r\n"
			  "body\r\n";
	size_t off = 0;

	(void)state;
	parse(&h, msg, &off);
	assert_int_equal(h.nr, 3);
	assert_field(&h, 0, "From", "A <a@b>");
	assert_field(&h, 1, "Subject", "hello world");
	/* a CR alone inside a line is kept */
	assert_field(&h, 2, "X", "cr\rinside");
	assert_int_equal(off, strstr(msg, "body") - msg);
	kd_headers_release(&h);
}

static void test_headers_body_off(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	size_t off = 99;

	(void)state;
	parse(&h, "A: b\n\nX", &off);
	assert_int_equal(off, 6);
	kd_headers_release(&h);

	parse(&h, "A: b\r\n\r\nX", &off);
	assert_int_equal(off, 8);
	kd_headers_release(&h);

	/* an empty body */
	parse(&h, "A: b\n\n", &off);
	assert_int_equal(off, 6);
	assert_field(&h, 0, "A", "b");
	kd_headers_release(&h);

	/* the body starts with blank lines of its own */
	parse(&h, "A: b\n\n\n\nX", &off);
	assert_int_equal(off, 6);
	kd_headers_release(&h);

	/* nothing at all */
	off = 99;
	kd_headers_parse(&h, "", 0, &off);
	assert_int_equal(off, 0);
	assert_int_equal(h.nr, 0);
	kd_headers_release(&h);

	/* no header section: the message starts with the blank line */
	parse(&h, "\nbody: not a header\n", &off);
	assert_int_equal(off, 1);
	assert_int_equal(h.nr, 0);
	kd_headers_release(&h);
	parse(&h, "\r\nbody\r\n", &off);
	assert_int_equal(off, 2);
	assert_int_equal(h.nr, 0);
	kd_headers_release(&h);
}

static void test_headers_no_blank_line(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	size_t off = 0;

	(void)state;
	parse(&h, "Subject: x\nTo: y", &off);
	assert_int_equal(h.nr, 2);
	assert_field(&h, 0, "Subject", "x");
	assert_field(&h, 1, "To", "y");
	assert_int_equal(off, 16);
	kd_headers_release(&h);

	parse(&h, "Subject: x\n folded", &off);
	assert_int_equal(h.nr, 1);
	assert_field(&h, 0, "Subject", "x folded");
	assert_int_equal(off, 18);
	kd_headers_release(&h);

	parse(&h, "Subject: x\r\n", &off);
	assert_int_equal(h.nr, 1);
	assert_field(&h, 0, "Subject", "x");
	assert_int_equal(off, 12);
	kd_headers_release(&h);
}

static void test_headers_mbox_from(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	const char *msg = "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
			  "From: a@b\n"
			  "\n"
			  "x";
	size_t off = 0;

	(void)state;
	parse(&h, msg, &off);
	assert_int_equal(h.nr, 1);
	assert_field(&h, 0, "From", "a@b");
	assert_int_equal(off, strlen(msg) - 1);
	kd_headers_release(&h);

	/* "From:" as the first line is a field, not a separator */
	parse(&h, "From:a@b\nTo: c\n\n", &off);
	assert_int_equal(h.nr, 2);
	assert_field(&h, 0, "From", "a@b");
	kd_headers_release(&h);
}

static void test_headers_junk_lines(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	const char *msg = " continuation of nothing\n"
			  "Subject: x\n"
			  "garbage line\n"
			  " continues the garbage\n"
			  "Bad Name: has a blank\n"
			  ": no name\n"
			  "Subject : spaced\n"
			  "X-Tab\t: tabbed\n"
			  "To: y\n"
			  "\n";
	size_t off = 0;

	(void)state;
	parse(&h, msg, &off);
	assert_int_equal(h.nr, 4);
	assert_field(&h, 0, "Subject", "x");
	assert_field(&h, 1, "Subject", "spaced");
	assert_field(&h, 2, "X-Tab", "tabbed");
	assert_field(&h, 3, "To", "y");
	assert_int_equal(off, strlen(msg));
	assert_int_equal(h.truncated, 0);
	kd_headers_release(&h);
}

static void test_headers_nul(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	static const char msg[] = "A: x\0y\nB: z\n\nbody";
	size_t off = 0;

	(void)state;
	kd_headers_parse(&h, msg, sizeof(msg) - 1, &off);
	assert_int_equal(h.nr, 2);
	assert_field(&h, 0, "A", "x");
	assert_field(&h, 1, "B", "z");
	assert_int_equal(off, 13);
	kd_headers_release(&h);
}

static void test_headers_get(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	size_t off;

	(void)state;
	parse(&h,
	      "Subject: one\nmessage-id: <m@x>\nSUBJECT: two\n"
	      "Subject : three\n\n",
	      &off);
	assert_string_equal(kd_headers_get(&h, "Subject"), "one");
	assert_string_equal(kd_headers_get(&h, "subject"), "one");
	assert_string_equal(kd_headers_get(&h, "SUBJECT"), "one");
	assert_string_equal(kd_headers_get(&h, "Message-ID"), "<m@x>");
	assert_null(kd_headers_get(&h, "Message"));
	assert_null(kd_headers_get(&h, "Subjec"));
	assert_null(kd_headers_get(&h, "Date"));
	kd_headers_release(&h);
	assert_null(kd_headers_get(&h, "Subject"));
}

static void test_headers_reuse(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	size_t off;

	(void)state;
	parse(&h, "A: 1\nB: 2\n\n", &off);
	kd_headers_release(&h);
	parse(&h, "C: 3\n\n", &off);
	assert_int_equal(h.nr, 1);
	assert_field(&h, 0, "C", "3");
	/* parsing without a release appends */
	parse(&h, "D: 4\n\n", &off);
	assert_int_equal(h.nr, 2);
	assert_field(&h, 1, "D", "4");
	kd_headers_release(&h);
}

static void test_headers_field_limit(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf msg = KD_BUF_INIT;
	size_t off, i;
	char want[32];

	(void)state;
	for (i = 0; i < KD_HEADERS_MAX; i++)
		kd_buf_addf(&msg, "X-%zu: v%zu\n", i, i);
	kd_buf_addstr(&msg, "\nbody");
	kd_headers_parse(&h, msg.buf, msg.len, &off);
	assert_int_equal(h.nr, KD_HEADERS_MAX);
	assert_int_equal(h.truncated, 0);
	assert_int_equal(off, msg.len - 4);
	kd_headers_release(&h);

	kd_buf_reset(&msg);
	for (i = 0; i < KD_HEADERS_MAX + 100; i++)
		kd_buf_addf(&msg, "X-%zu: v%zu\n", i, i);
	kd_buf_addstr(&msg, "Subject: late\n\nbody");
	kd_headers_parse(&h, msg.buf, msg.len, &off);
	assert_int_equal(h.nr, KD_HEADERS_MAX);
	assert_int_equal(h.truncated, 1);
	snprintf(want, sizeof(want), "v%d", KD_HEADERS_MAX - 1);
	assert_field(&h, KD_HEADERS_MAX - 1, "X-1023", want);
	assert_null(kd_headers_get(&h, "Subject"));
	/* the body is still found */
	assert_int_equal(off, msg.len - 4);
	kd_headers_release(&h);
	kd_buf_release(&msg);
}

static void test_headers_size_limit(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf msg = KD_BUF_INIT;
	size_t off, i;

	(void)state;
	/* exactly the limit: kept whole */
	kd_buf_addstr(&msg, "X:");
	kd_buf_addchars(&msg, 'a', KD_HEADER_MAX);
	kd_buf_addstr(&msg, "\nY: y\n\nbody");
	kd_headers_parse(&h, msg.buf, msg.len, &off);
	assert_int_equal(h.nr, 2);
	assert_int_equal(h.truncated, 0);
	assert_int_equal(strlen(h.fields[0].value), KD_HEADER_MAX);
	assert_field(&h, 1, "Y", "y");
	kd_headers_release(&h);

	/* one line over the limit: cut */
	kd_buf_reset(&msg);
	kd_buf_addstr(&msg, "X:");
	kd_buf_addchars(&msg, 'a', KD_HEADER_MAX + 5000);
	kd_buf_addstr(&msg, "\nY: y\n\nbody");
	kd_headers_parse(&h, msg.buf, msg.len, &off);
	assert_int_equal(h.nr, 2);
	assert_int_equal(h.truncated, 1);
	assert_int_equal(strlen(h.fields[0].value), KD_HEADER_MAX);
	assert_field(&h, 1, "Y", "y");
	assert_int_equal(off, msg.len - 4);
	kd_headers_release(&h);

	/* over the limit by continuation lines */
	kd_buf_reset(&msg);
	kd_buf_addstr(&msg, "X: a\n");
	for (i = 0; i < 100; i++) {
		kd_buf_addch(&msg, ' ');
		kd_buf_addchars(&msg, 'b', 1000);
		kd_buf_addch(&msg, '\n');
	}
	kd_buf_addstr(&msg, "Y: y\n\nbody");
	kd_headers_parse(&h, msg.buf, msg.len, &off);
	assert_int_equal(h.nr, 2);
	assert_int_equal(h.truncated, 1);
	assert_true(strlen(h.fields[0].value) <= KD_HEADER_MAX);
	assert_true(strlen(h.fields[0].value) > KD_HEADER_MAX - 1002);
	assert_memory_equal(h.fields[0].value, "a bbb", 5);
	assert_field(&h, 1, "Y", "y");
	assert_int_equal(off, msg.len - 4);
	kd_headers_release(&h);
	kd_buf_release(&msg);
}

struct mailbox_case {
	const char *value;
	const char *name;
	const char *email;
};

static const struct mailbox_case mailboxes[] = {
	{"Name <a@b>", "Name", "a@b"},
	{"  John   Q.\tDoe  < a@b >  ", "John Q. Doe", "a@b"},
	{"\"Last, First\" <a@b>", "Last, First", "a@b"},
	{"a@b (Name)", "Name", "a@b"},
	{"a@b (Name (nested))", "Name (nested)", "a@b"},
	{"a@b", "", "a@b"},
	{"  a@b  ", "", "a@b"},
	{"<a@b>", "", "a@b"},
	{"<a@b> (Name)", "Name", "a@b"},
	{"Name (comment) <a@b>", "Name", "a@b"},
	{"Name <A@Example.ORG>", "Name", "A@Example.ORG"},
	{"=?UTF-8?q?Cl=C3=A9ment_L=C3=A9ger?= <x@y>",
	 "Cl\xc3\xa9ment L\xc3\xa9ger", "x@y"},
	{"\"=?UTF-8?q?Cl=C3=A9ment_L=C3=A9ger?=\" <x@y>",
	 "Cl\xc3\xa9ment L\xc3\xa9ger", "x@y"},
	{"=?iso-8859-1?Q?J=F6rg?= Doe <x@y>", "J\xc3\xb6rg Doe", "x@y"},
	{"Cl\xc3\xa9ment <x@y>", "Cl\xc3\xa9ment", "x@y"},
	{"'Name' <a@b>", "Name", "a@b"},
	{"\"'Name'\" <a@b>", "Name", "a@b"},
	{"\"A \\\"B\\\" C\" <a@b>", "A \"B\" C", "a@b"},
	{"\"A\\\\B\" <a@b>", "A\\B", "a@b"},
	{"Name <a@b", "Name", "a@b"},
	{"\"Name <a@b>", "Name", "a@b"},
	{"Name <a@b>, Other <c@d>", "Name", "a@b"},
	{"\"Doe, John\" <a@b>, c@d", "Doe, John", "a@b"},
	{"John Doe via B4 Relay <devnull+john.example.org@kernel.org>",
	 "John Doe via B4 Relay", "devnull+john.example.org@kernel.org"},
	{"", "", ""},
	{"   ", "", ""},
	{"undisclosed-recipients:;", "", ""},
	{"Team: a@b, c@d;", "", "a@b"},
	{"Team: Name <a@b>;", "Name", "a@b"},
	{"\"Re: x\" <a@b>", "Re: x", "a@b"},
	{"=?UTF-8?q?A:B?= <a@b>", "A:B", "a@b"},
	{"<a@b> Trailing Name", "Trailing Name", "a@b"},
	{"Name <a@b>; junk", "Name", "a@b"},
};

/*
 * Only the fields asked for are kept; the others still count towards the
 * limits, so that what is kept and `truncated` are as without the filter.
 */
static void test_headers_only(void **state)
{
	static const char *const only[] = { "subject", "Message-ID", NULL };
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf big = KD_BUF_INIT;
	size_t off, i;
	const char *msg = "Received: from a\n by b\nSubject: x\n y\n"
			  "Message-Id: <m@x>\nFrom: a@b\n\nbody";

	(void)state;
	h.only = only;
	kd_headers_parse(&h, msg, strlen(msg), &off);
	assert_int_equal(h.nr, 2);
	assert_string_equal(h.fields[0].value, "x y");
	assert_string_equal(kd_headers_get(&h, "message-id"), "<m@x>");
	assert_null(kd_headers_get(&h, "From"));
	assert_int_equal(h.truncated, 0);
	kd_headers_release(&h);

	/* a value too long is counted over the limit even when skipped */
	kd_buf_addstr(&big, "X-Junk: ");
	kd_buf_addchars(&big, 'j', KD_HEADER_MAX + 10);
	kd_buf_addstr(&big, "\nSubject: s\n\n");
	h.only = only;
	kd_headers_parse(&h, big.buf, big.len, &off);
	assert_int_equal(h.truncated, 1);
	assert_string_equal(kd_headers_get(&h, "Subject"), "s");
	kd_headers_release(&h);

	/* fields past KD_HEADERS_MAX are dropped, skipped ones counted */
	kd_buf_reset(&big);
	for (i = 0; i < KD_HEADERS_MAX; i++)
		kd_buf_addstr(&big, "X-Junk: j\n");
	kd_buf_addstr(&big, "Subject: late\n\n");
	h.only = only;
	kd_headers_parse(&h, big.buf, big.len, &off);
	assert_int_equal(h.truncated, 1);
	assert_null(kd_headers_get(&h, "Subject"));
	kd_headers_release(&h);
	kd_buf_release(&big);
}

static void test_mailbox(void **state)
{
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < sizeof(mailboxes) / sizeof(*mailboxes); i++) {
		const struct mailbox_case *c = &mailboxes[i];
		struct kd_mailbox m = KD_MAILBOX_INIT;

		kd_mailbox_parse(&m, c->value);
		assert_non_null(m.name);
		assert_non_null(m.email);
		if (strcmp(m.name, c->name) || strcmp(m.email, c->email)) {
			print_error("mailbox(%s) is [%s] [%s], not [%s] [%s]\n",
				    c->value, m.name, m.email, c->name,
				    c->email);
			failed = 1;
		}
		kd_mailbox_release(&m);
		assert_null(m.name);
		assert_null(m.email);
	}
	if (failed)
		fail();
}

static void test_mailbox_null(void **state)
{
	struct kd_mailbox m = KD_MAILBOX_INIT;

	(void)state;
	kd_mailbox_parse(&m, NULL);
	assert_string_equal(m.name, "");
	assert_string_equal(m.email, "");
	kd_mailbox_release(&m);
	kd_mailbox_release(&m);
}

struct date_case {
	const char *value;
	int64_t when;
	int tz;
};

static const struct date_case dates[] = {
	{"Wed, 4 Feb 2026 19:19:38 -0800", 1770261578, -480},
	{"Wed, 04 Feb 2026 19:19:38 -0800", 1770261578, -480},
	{"4 Feb 2026 19:19:38 -0800", 1770261578, -480},
	{"  Wed,4 Feb 2026 19:19:38 -0800 (PST)", 1770261578, -480},
	{"Wed, 4 Feb 2026 19:19 -0800", 1770261540, -480},
	{"Wed, 4 Feb 26 19:19:38 -0800", 1770261578, -480},
	{"Fri, 31 Dec 99 23:59:59 +0000", 946684799, 0},
	{"Wed, 4 Feb 2026 19:19:38 -0700", 1770257978, -420},
	{"Wed, 4 Feb 2026 19:19:38 GMT", 1770232778, 0},
	{"Wed, 4 Feb 2026 19:19:38 UT", 1770232778, 0},
	{"Wed, 4 Feb 2026 19:19:38 EST", 1770250778, -300},
	{"Wed, 4 Feb 2026 19:19:38 est", 1770250778, -300},
	{"Wed, 4 Feb 2026 19:19:38 +0530", 1770212978, 330},
	{"Wed, 4 Feb 2026 19:19:38 +05:30", 1770212978, 330},
	{"Wed, 4 Feb 2026 19:19:38 +0000", 1770232778, 0},
	{"Wed, 4 Feb 2026 19:19:38 -0000", 1770232778, 0},
	{"Wed, 4 Feb 2026 19:19:38", 1770232778, 0},
	{"Wed, 4 February 2026 19:19:38 +0000", 1770232778, 0},
	{"Wed, 4 feb 2026 19:19:38.123 +0000", 1770232778, 0},
	{"Wed, 4 Feb 2026 19:19:38 +0000 junk", 1770232778, 0},
	{"Thu, 29 Feb 2024 12:00:00 +0100", 1709204400, 60},
	{"Thu, 1 Jan 1970 00:00:00 +0000", 0, 0},
	{"Thu, 1 Jan 1970 00:00:00 XYZ", 0, 0},
};

static const char *const bad_dates[] = {
	"",
	"junk",
	"Wed, Feb 2026 19:19:38 -0800",
	"Wed, 4 Foo 2026 19:19:38 -0800",
	"Wed, 4 Feb 2026",
	"Wed, 4 Feb 2026 19 -0800",
	"Wed, 0 Feb 2026 19:19:38 -0800",
	"Wed, 32 Feb 2026 19:19:38 -0800",
	"Mon, 30 Feb 2026 19:19:38 -0800",
	"Sun, 29 Feb 2026 19:19:38 -0800",
	"Fri, 31 Apr 2026 19:19:38 -0800",
	"Wed, 4 Feb 2026 24:00:00 -0800",
	"Wed, 4 Feb 2026 19:60:00 -0800",
	"Wed, 4 Feb 2026 19:19:61 -0800",
};

static void test_date(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(*dates); i++) {
		int64_t when = -1;
		int tz = 12345;

		if (kd_date_parse(&when, &tz, dates[i].value))
			fail_msg("date(%s) failed", dates[i].value);
		if (when != dates[i].when || tz != dates[i].tz)
			fail_msg("date(%s) is %lld %d, not %lld %d",
				 dates[i].value, (long long)when, tz,
				 (long long)dates[i].when, dates[i].tz);
	}
	for (i = 0; i < sizeof(bad_dates) / sizeof(*bad_dates); i++) {
		int64_t when = 77;
		int tz = 77;

		if (kd_date_parse(&when, &tz, bad_dates[i]) != -1)
			fail_msg("date(%s) did not fail", bad_dates[i]);
		/* nothing is written on failure */
		assert_int_equal(when, 77);
		assert_int_equal(tz, 77);
	}
}

static void test_date_null(void **state)
{
	int64_t when = 5;
	int tz = 5;

	(void)state;
	assert_int_equal(kd_date_parse(&when, &tz, NULL), -1);
	assert_int_equal(when, 5);
	assert_int_equal(tz, 5);
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(kd_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(kd_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(kd_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(kd_days_from_civil(2026, 2, 4), 20488);
	assert_int_equal(kd_days_from_civil(1600, 2, 29), -135081);
	/* past the month's end counts on */
	assert_int_equal(kd_days_from_civil(1970, 1, 32), 31);
	/* year 0 is a leap year; before it, eras round down, not to zero */
	assert_int_equal(kd_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(kd_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(kd_days_from_civil(-1, 12, 31), -719529);
	assert_int_equal(kd_days_from_civil(-400, 1, 1), -719528 - 146097);
}

static void check_msgid(const char *value, const char *want)
{
	struct kd_buf b = KD_BUF_INIT;

	kd_msgid_first(&b, value);
	if (strcmp(b.buf, want))
		fail_msg("msgid(%s) is [%s], not [%s]", value ? value : "NULL",
			 b.buf, want);
	kd_buf_release(&b);
}

static void test_msgid(void **state)
{
	(void)state;
	check_msgid("<a@b>", "a@b");
	check_msgid("  <20260204.1234-1-x@example.org>  ",
		    "20260204.1234-1-x@example.org");
	/* as a folded header gives it, and as it is raw */
	check_msgid("\r\n <a@b>", "a@b");
	check_msgid("\n\t<a@b>\n", "a@b");
	check_msgid("=?UTF-8?B?PGFAYj4=?=", "a@b");
	check_msgid("=?us-ascii?q?=3Ca=40b=3E?=", "a@b");
	check_msgid("a@b", "a@b");
	check_msgid("  a@b \t", "a@b");
	check_msgid("<a@b> <c@d>\n <e@f>", "a@b");
	check_msgid("<a@b", "a@b");
	check_msgid("  <cut@short.example  ", "cut@short.example");
	check_msgid("(comment) <a@b>", "a@b");
	check_msgid("", "");
	check_msgid("   ", "");
	check_msgid("<>", "");
	check_msgid(NULL, "");
	/* folded inside an id: the fold's white space is no part of it */
	check_msgid("<20260204.1234-1-\r\n x@example.org>",
		    "20260204.1234-1-x@example.org");
}

/* The ids of `value` (max `max`), joined with blanks, and how many. */
static void check_list(const char *value, size_t max, const char *want,
		       size_t nr)
{
	struct kd_buf b = KD_BUF_INIT;
	size_t n = kd_msgid_list(&b, value, max), i;

	for (i = 0; i < b.len; i++)
		if (!b.buf[i])
			b.buf[i] = ' ';
	kd_buf_trim(&b);
	if (n != nr || strcmp(b.buf, want))
		fail_msg("list(%s, %zu) is %zu [%s], not %zu [%s]",
			 value ? value : "NULL", max, n, b.buf, nr, want);
	kd_buf_release(&b);
}

static void test_msgid_list(void **state)
{
	struct kd_buf many = KD_BUF_INIT, want = KD_BUF_INIT;
	int i;

	(void)state;
	check_list("<a@b> <c@d>\n <e@f>", 10, "a@b c@d e@f", 3);
	check_list("<a@b><c@d>", 10, "a@b c@d", 2);
	/* brackets missing altogether: words */
	check_list("a@b  c@d", 10, "a@b c@d", 2);
	check_list("(comment) <a@b> junk <c\n @d>", 10, "a@b c@d", 2);
	check_list("<a@b> <  > <> <c@d", 10, "a@b c@d", 2);
	check_list("=?UTF-8?B?PGFAYj4=?= <c@d>", 10, "a@b c@d", 2);
	check_list("", 10, "", 0);
	check_list(NULL, 10, "", 0);
	check_list("<a@b>", 0, "", 0);
	/* the root and the nearest */
	check_list("<1> <2> <3> <4> <5>", 3, "1 4 5", 3);
	check_list("<1> <2> <3> <4> <5>", 1, "1", 1);
	/* ten thousand: the root and the last 31 */
	for (i = 0; i < 10000; i++)
		kd_buf_addf(&many, "<%d@x>\n ", i);
	kd_buf_addstr(&want, "0@x");
	for (i = 10000 - 31; i < 10000; i++)
		kd_buf_addf(&want, " %d@x", i);
	check_list(many.buf, 32, want.buf, 32);
	kd_buf_release(&many);
	kd_buf_release(&want);
}

static void test_msgid_appends(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_addstr(&b, "id:");
	kd_msgid_first(&b, "<a@b>");
	assert_string_equal(b.buf, "id:a@b");
	kd_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_lf),
		cmocka_unit_test(test_headers_crlf),
		cmocka_unit_test(test_headers_body_off),
		cmocka_unit_test(test_headers_no_blank_line),
		cmocka_unit_test(test_headers_mbox_from),
		cmocka_unit_test(test_headers_junk_lines),
		cmocka_unit_test(test_headers_nul),
		cmocka_unit_test(test_headers_get),
		cmocka_unit_test(test_headers_reuse),
		cmocka_unit_test(test_headers_field_limit),
		cmocka_unit_test(test_headers_size_limit),
		cmocka_unit_test(test_headers_only),
		cmocka_unit_test(test_mailbox),
		cmocka_unit_test(test_mailbox_null),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_null),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_msgid),
		cmocka_unit_test(test_msgid_appends),
		cmocka_unit_test(test_msgid_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
