#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "render.h"

/*
 * A digest made by hand: two series (the second with no Message-ID), two
 * heads (the second a skip), hostile text wherever mail can put text.
 */
static struct kd_count domains[] = {
	{NULL, "example.org", 4},
	{NULL, "a|b.example", 2},
	{NULL, "c.example", 1},
};

static struct kd_count contributors[] = {
	{"Eve *Evil* | O_Hacker", "eve@example.org", 4},
	{"", "anon@a|b.example", 2},
};

static struct kd_series series[] = {
	{
		.title = "KVM: x86: a | b <script>",
		.subject = "[PATCH] KVM: x86: a | b <script>",
		.message_id = "1/2+3%4 5@example.org",
		.author = {"Eve *Evil* | O_Hacker", "eve@example.org"},
		.total = -1,
		.received = 1,
		.subsystem = "x86",
	},
	{
		.title = "KVM: arm64: no head",
		.subject = "[PATCH 1/2] KVM: arm64: no head",
		.author = {"", "anon@a|b.example"},
		.total = 2,
		.received = 1,
		.subsystem = "x86",
	},
};

static const char *groups[] = {"x86"};

static struct kd_head heads[] = {
	{
		.title = "KVM: x86: a | b <script>",
		.subject = "[PATCH] KVM: x86: a | b <script>",
		.message_id = "1/2+3%4 5@example.org",
		.author = {"Eve *Evil* | O_Hacker", "eve@example.org"},
		.sender = {"", "relay@example.net"},
		.body = "```\n````` x\n</pre>\"'&\x01\xc2\x85\xef\xbf\xbe"
			"\xf0\x9f\xbf\xbf\xf0\x9f\x98\x80 end",
		.series = 0,
	},
	{
		.title = "KVM: x86: a | b <script>",
		.subject = "[PATCH v2] KVM: x86: a | b <script>",
		.message_id = "v2@example.org",
		.author = {"Eve", "eve@example.org"},
		.sender = {"Eve", "eve@example.org"},
		.body = "",
		.series = 0,
		.existing = "[PATCH] KVM: x86: a | b <script>",
	},
};

static void digest(struct kd_digest *d)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->first_abbrev, "1111111");
	strcpy(d->to_abbrev, "2222222");
	d->list_name = "K*V|M";
	d->domains = domains;
	d->nr_domains = 3;
	d->contributors = contributors;
	d->nr_contributors = 2;
	d->bot_patches = 1;
	d->groups = groups;
	d->nr_groups = 1;
	d->series = series;
	d->nr_series = 2;
	d->heads = heads;
	d->nr_heads = 2;
}

static const struct kd_render_options with_archive = {
	2, "https://lore.kernel.org/kvm/"};
static const struct kd_render_options without_archive = {15, NULL};

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void test_markdown_escapes(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_digest d;

	(void)state;
	digest(&d);
	kd_render_markdown(&out, &d, &with_archive);
	assert_non_null(strstr(out.buf, "# K\\*V\\|M mailing list update "
					"from 1111111 to 2222222\n"));
	assert_non_null(strstr(out.buf, "| 2 | a\\|b.example |\n"));
	assert_non_null(strstr(out.buf, "| 4 | Eve \\*Evil\\* \\| O\\_Hacker "
					"\\<eve@example.org\\> |\n"));
	assert_non_null(strstr(out.buf, "| 2 | \\<anon@a\\|b.example\\> |\n"));
	/* --top 2: the third domain is left out */
	assert_null(strstr(out.buf, "c.example"));
	assert_non_null(strstr(out.buf, "Bots, not counted above: 1 patch "
					"mail.\n"));
	/* no '<' reaches the page unescaped outside the body's block */
	assert_null(strstr(out.buf, " <"));
	kd_buf_release(&out);
}

static void test_markdown_links(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_digest d;

	(void)state;
	digest(&d);
	kd_render_markdown(&out, &d, &with_archive);
	/* the message id percent-encoded, but for unreserved and '@' */
	assert_non_null(strstr(
		out.buf, "| 1 | [\\[PATCH\\] KVM: x86: a \\| b \\<script\\>]"
			 "(https://lore.kernel.org/kvm/"
			 "1%2F2%2B3%254%205@example.org/) | "));
	/* a series whose mail has no Message-ID has no link */
	assert_non_null(strstr(out.buf, "| 1/2 | \\[PATCH 1/2\\] KVM: arm64: "
					"no head | anon@a\\|b.example | new "
					"| 0 |  |  |\n"));
	assert_non_null(strstr(out.buf, ", sent by \\<relay@example.net\\>"));
	assert_non_null(strstr(out.buf,
			       "**Skip:** [\\[PATCH v2\\] KVM: x86: a \\| b "
			       "\\<script\\>](https://lore.kernel.org/kvm/"
			       "v2@example.org/) (shown above as: "));
	assert_non_null(strstr(out.buf, "; same title)\n"));
	kd_buf_release(&out);

	kd_render_markdown(&out, &d, &without_archive);
	assert_null(strstr(out.buf, "]("));
	assert_null(strstr(out.buf, "https:"));
	kd_buf_release(&out);
}

static void test_markdown_fence(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_digest d;
	const char *p;

	(void)state;
	digest(&d);
	kd_render_markdown(&out, &d, &with_archive);
	/* the body has a run of five backticks: the fence has six */
	p = strstr(out.buf, "\n``````\n```\n````` x\n");
	assert_non_null(p);
	assert_non_null(strstr(p, " end\n``````\n"));
	kd_buf_release(&out);
}

static void test_html_escapes(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_digest d;

	(void)state;
	digest(&d);
	kd_render_html(&out, &d, &with_archive);
	assert_true(!strncmp(out.buf, "<!DOCTYPE html>\n", 16));
	assert_non_null(strstr(out.buf, "<title>K*V|M mailing list update "
					"from 1111111 to 2222222</title>"));
	/* the one script is the page's own, at its end; the mail's escaped */
	assert_int_equal(count(out.buf, "<script"), 1);
	assert_non_null(strstr(out.buf, "\n<script>\n(function () {\n"));
	assert_non_null(strstr(out.buf, "</script>\n</body>\n</html>\n"));
	assert_non_null(strstr(out.buf, "<td>Eve *Evil* | O_Hacker "
					"&lt;eve@example.org&gt;</td>"));
	/*
	 * In the body: markup escaped; a C0 control, a C1 control and
	 * noncharacters (U+FFFE, U+1FFFF) made U+FFFD; an emoji kept.
	 */
	assert_non_null(strstr(
		out.buf, "<pre>\n```\n````` x\n&lt;/pre&gt;&quot;&#39;&amp;"
			 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			 "\xf0\x9f\x98\x80 end</pre>"));
	assert_non_null(strstr(out.buf,
			       "<a href=\"https://lore.kernel.org/kvm/"
			       "1%2F2%2B3%254%205@example.org/\">"
			       "[PATCH] KVM: x86: a | b &lt;script&gt;</a>"));
	assert_int_equal(count(out.buf, "<details>"), 1);
	assert_non_null(strstr(out.buf, "<p class=\"skip\">Skip: "));
	kd_buf_release(&out);
}

static void test_html_charts(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_digest d;

	(void)state;
	digest(&d);
	kd_render_html(&out, &d, &without_archive);
	/* 3 domains and 2 contributors: a bar a row */
	assert_int_equal(count(out.buf, "<rect "), 5);
	assert_int_equal(count(out.buf, "<svg "), 2);
	/* lengths proportional to the counts, the longest 240 */
	assert_int_equal(count(out.buf, " width=\"240\" height=\"14\""), 2);
	assert_int_equal(count(out.buf, " width=\"120\" height=\"14\""), 2);
	assert_int_equal(count(out.buf, " width=\"60\" height=\"14\""), 1);
	assert_null(strstr(out.buf, "<a "));
	/* no URL at all ("http-equiv" of the policy is no URL) */
	assert_null(strstr(out.buf, "://"));
	assert_null(strstr(out.buf, "http:"));
	assert_null(strstr(out.buf, "https:"));
	kd_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_escapes),
		cmocka_unit_test(test_markdown_links),
		cmocka_unit_test(test_markdown_fence),
		cmocka_unit_test(test_html_escapes),
		cmocka_unit_test(test_html_charts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
