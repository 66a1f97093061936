#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "text-cases.h"
#include "pull.h"

/* The request as "url|ref|base|tip", a NULL field as "-"; or "(none)". */

#define BASE "9294b8a12585f8b4ccb9c060b54bab0bd13f24b9"
#define TIP  "72476aaa469179222b92c380de60c76b4cb9a318"

static const struct text_case pull_cases[] = {
	/* real: db78a6f6, its first 24 lines */
	{"request-pull",
	 "Paolo,\n\nPlease do a pull from my kvm-ppc-next-5.12-1 tag to get a "
	 "PPC KVM\n"
	 "update for 5.12.  This one is quite small, with just one new "
	 "feature,\n"
	 "support for the second data watchpoint in "
	 "POWER10.\n\nThanks,\nPaul.\n\n"
	 "The following changes since commit " BASE ":\n\n"
	 "  Documentation: kvm: fix warning (2021-02-09 08:42:10 -0500)\n\n"
	 "are available in the git repository at:\n\n"
	 "  git://git.kernel.org/pub/scm/linux/kernel/git/paulus/powerpc "
	 "tags/kvm-ppc-next-5.12-1\n\n"
	 "for you to fetch changes up to " TIP ":\n\n"
	 "  KVM: PPC: Book3S HV: Fix host radix SLB optimisation with hash "
	 "guests (2021-02-11 17:28:15 +1100)\n\n"
	 "----------------------------------------------------------------\n"
	 "PPC KVM update for 5.12\n",
	 "git://git.kernel.org/pub/scm/linux/kernel/git/paulus/powerpc|"
	 "tags/kvm-ppc-next-5.12-1|" BASE "|" TIP},
	/* real: 066ba1d6 */
	{"Git in capitals",
	 "are available in the Git repository at:\n\n"
	 "  git://git.kernel.org/pub/scm/linux/kernel/git/gfs2/linux-gfs2.git "
	 "tags/gfs2-v5.15-rc5-mmap-fault\n",
	 "git://git.kernel.org/pub/scm/linux/kernel/git/gfs2/linux-gfs2.git|"
	 "tags/gfs2-v5.15-rc5-mmap-fault|-|-"},
	{"https, a branch, no blank line",
	 "are available in the Git repository at:\n"
	 "  https://git.kernel.org/pub/scm/virt/kvm/kvm.git for-linus\n",
	 "https://git.kernel.org/pub/scm/virt/kvm/kvm.git|for-linus|-|-"},
	{"ssh and scp-like",
	 "are available in the git repository at:\n\n"
	 "\tssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/a/b.git  "
	 "refs/heads/next\n",
	 "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/a/b.git|refs/"
	 "heads/next|-|-"},
	{"scp-like",
	 "are available in the git repository at:\n  git@github.com:a/b.git "
	 "topic\n",
	 "git@github.com:a/b.git|topic|-|-"},
	{"no ref",
	 "are available in the Git repository at:\n\n  "
	 "https://github.com/a/b.git\n\n"
	 "for you to fetch changes up to " TIP ":\n",
	 "https://github.com/a/b.git|-|-|" TIP},
	{"many blank lines, remark after the ref",
	 "ARE AVAILABLE IN THE GIT REPOSITORY AT\n\n\n\n   git://h/r.git tag-1 "
	 "(signed)\n",
	 "git://h/r.git|tag-1|-|-"},
	{"words before the marker",
	 "The changes are available in the git repository at:\n  git://h/r.git "
	 "t\n",
	 "git://h/r.git|t|-|-"},
	{"abbreviated and upper-case ids",
	 "The following changes since commit ABCDEF1:\nare available in the "
	 "git "
	 "repository at:\n git://h/r.git\nfor you to fetch changes up to "
	 "1234567\n",
	 "git://h/r.git|-|abcdef1|1234567"},
	{"ids of other shapes",
	 "The following changes since commit 123456 (x):\n"
	 "are available in the git repository at:\n git://h/r.git\n"
	 "for you to fetch changes up to 12345678z:\n",
	 "git://h/r.git|-|-|-"},
	{"only the first request",
	 "are available in the git repository at:\n  git://a/1.git x\n"
	 "are available in the git repository at:\n  git://a/2.git y\n",
	 "git://a/1.git|x|-|-"},
	{"crlf",
	 "are available in the git repository at:\r\n\r\n  git://h/r.git "
	 "tags/t\r\n",
	 "git://h/r.git|tags/t|-|-"},
	{"the marker ends no line",
	 "The code is available in the git repository at: git://h/r.git\n",
	 "(none)"},
	{"inside a word",
	 "xare available in the git repository at:\n git://h/r.git\n",
	 "(none)"},
	{"no URL after the marker",
	 "are available in the git repository at:\n\n\n", "(none)"},
	{"at the end", "are available in the git repository at:", "(none)"},
	{"a patch", "Msg\n---\n x | 1 +\ndiff --git a/x b/x\n", "(none)"},
	{"empty", "", "(none)"},
};

static void show_pull(struct kd_buf *out, const char *body, size_t len)
{
	struct kd_pull p = KD_PULL_INIT;

	if (kd_pull_parse(&p, body, len))
		kd_buf_addf(out, "%s|%s|%s|%s", p.url, p.ref ? p.ref : "-",
			    p.base ? p.base : "-", p.tip ? p.tip : "-");
	else if (p.url || p.ref || p.base || p.tip)
		kd_buf_addstr(out, "fields set, yet (none)");
	else
		kd_buf_addstr(out, "(none)");
	kd_pull_release(&p);
}

static void test_pull_table(void **state)
{
	(void)state;
	CHECK_CASES(pull_cases, show_pull);
}

static void test_pull_hostile(void **state)
{
	struct kd_pull p = KD_PULL_INIT;
	struct kd_buf b = KD_BUF_INIT;
	clock_t start = clock();
	size_t i;
	static const char nul[] = "are available in the git repository at:\n"
				  "  git://h/r\0.git tags/x\0y\n";

	(void)state;
	/* a URL of a megabyte is cut at KD_PULL_WORD_MAX */
	kd_buf_addstr(&b, "are available in the git repository at:\n  git://");
	kd_buf_addchars(&b, 'h', 1024 * 1024);
	kd_buf_addstr(&b, " ref\n");
	assert_int_equal(kd_pull_parse(&p, b.buf, b.len), 1);
	assert_int_equal(strlen(p.url), KD_PULL_WORD_MAX);
	assert_string_equal(p.ref, "ref");
	kd_pull_release(&p);
	kd_pull_release(&p);

	/* 100,000 lines before the marker, 100,000 blank lines after it */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(
			&b,
			"The following changes since commit x are available\n");
	kd_buf_addstr(&b, "are available in the git repository at:\n");
	kd_buf_addchars(&b, '\n', 100000);
	kd_buf_addstr(&b, "git://h/r.git\n");
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "for you to fetch changes up to\n");
	assert_int_equal(kd_pull_parse(&p, b.buf, b.len), 1);
	assert_string_equal(p.url, "git://h/r.git");
	assert_null(p.ref);
	assert_null(p.base);
	assert_null(p.tip);
	kd_pull_release(&p);

	/* a NUL ends the word it is in */
	assert_int_equal(kd_pull_parse(&p, nul, sizeof(nul) - 1), 1);
	assert_string_equal(p.url, "git://h/r");
	assert_null(p.ref);
	kd_pull_release(&p);
	kd_buf_release(&b);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pull_table),
		cmocka_unit_test(test_pull_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
