/*
 * libFuzzer target for what a reply says (reply.h): any bytes, taken as a
 * reply's decoded text, must give an own text made of its lines (valid
 * UTF-8 when the text is, without quotes or a signature), an acceptance
 * whose strings are safe one-liners and whose commit ids are distinct
 * lowercase hex of 7 to 40 digits, and a ping that is 0 or 1, without a
 * crash, a leak or a hang; and the same of the bytes taken as own text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "fuzz-check.h"
#include "reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

/* Lines ended by LF, none quoted, none a signature, no blank run. */
static void check_own(const struct kd_buf *own, int utf8)
{
	const char *p = own->buf, *end = own->buf + own->len, *nl;
	int blank = 1; /* no blank line first */

	if (utf8)
		fuzz_check_utf8("own text", own->buf, own->len);
	if (own->len && own->buf[own->len - 1] != '\n')
		fail("own text does not end in LF");
	for (; p < end; p = nl + 1) {
		const char *q = p;
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)(nl - p);
		while (q < nl && (*q == ' ' || *q == '\t' || *q == '\r' ||
				  *q == '\f' || *q == '\v'))
			q++;
		if (q < nl && *q == '>')
			fail("a quoted line in the own text");
		if ((n == 2 || n == 3) && !memcmp(p, "-- ", n))
			fail("a signature line in the own text");
		if (q == nl && blank)
			fail("a blank line first or after a blank line");
		blank = q == nl;
	}
	if (own->len && blank)
		fail("a blank line last");
}

static void check_id(const char *id)
{
	size_t n = strlen(id), i;

	if (n < 7 || n > 40)
		fail("a commit id of a wrong length");
	for (i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		      (id[i] >= 'a' && id[i] <= 'f')))
			fail("a commit id that is not lowercase hex");
}

static void check_text(const char *what, const char *s, int utf8)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	if (!*s)
		fail("an empty string where NULL was due");
	if (utf8) {
		fuzz_check_safe(what, s, "");
		return;
	}
	/* sanitize.h makes C0 controls visible whatever the input */
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail("a control in a string of an acceptance");
}

static void check_acceptance(const char *text, size_t len, int utf8)
{
	struct kd_acceptance a;
	size_t i, j;
	int r = kd_reply_acceptance(&a, text, len);

	if (r != 0 && r != 1)
		fail("acceptance neither 0 nor 1");
	if (!r && (a.line || a.tree || a.release || a.what || a.commits ||
		   a.commits_nr || a.patches || a.patches_nr))
		fail("no acceptance, yet something filled");
	if (r && !a.line)
		fail("an acceptance without its line");
	if (a.commits_nr > KD_ACCEPT_COMMITS_MAX ||
	    a.patches_nr > KD_ACCEPT_COMMITS_MAX)
		fail("too many commits or patches");
	check_text("line", a.line, utf8);
	check_text("tree", a.tree, utf8);
	check_text("release", a.release, utf8);
	check_text("what", a.what, utf8);
	if (a.line && strlen(a.line) > 2 * KD_ACCEPT_TEXT_MAX)
		fail("a line longer than its limit");
	for (i = 0; i < a.commits_nr; i++) {
		check_id(a.commits[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(a.commits[i], a.commits[j]))
				fail("a commit id twice");
	}
	for (i = 0; i < a.patches_nr; i++) {
		if (!a.patches[i].title)
			fail("a patch without a title");
		if (a.patches[i].title[0])
			check_text("title", a.patches[i].title, utf8);
		if (strlen(a.patches[i].title) > 2 * KD_ACCEPT_TEXT_MAX)
			fail("a title longer than its limit");
		if (a.patches[i].commit)
			check_id(a.patches[i].commit);
	}
	kd_acceptance_release(&a);
}

static void check_ping(const char *text, size_t len)
{
	int r = kd_reply_is_ping(text, len);

	if (r != 0 && r != 1)
		fail("ping neither 0 nor 1");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct kd_buf own = KD_BUF_INIT, again = KD_BUF_INIT;
	int utf8 = kd_utf8_valid(text, size);

	kd_reply_own_text(&own, text, size);
	check_own(&own, utf8);
	check_acceptance(own.buf, own.len, utf8);
	check_ping(own.buf, own.len);

	/* the own text of an own text holds no more than it */
	kd_reply_own_text(&again, own.buf, own.len);
	if (again.len > own.len)
		fail("the own text of an own text grew");

	/* the same bytes, as if they were an own text already */
	check_acceptance(text, size, utf8);
	check_ping(text, size);

	kd_buf_release(&own);
	kd_buf_release(&again);
	return 0;
}
