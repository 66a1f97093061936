#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "patchbody.h"

/* In-body headers */

struct inbody_case {
	const char *name;
	const char *body;
	const char *from;
	const char *subject;
	size_t end; /* as an offset into body */
};

static const struct inbody_case inbody_cases[] = {
	{"none", "Hello\n\nworld\n", "", "", 0},
	{"empty body", "", "", "", 0},
	{"only blank lines", "\n\n", "", "", 0},
	{"from only", "From: A B <a@b.c>\n\nText\n", "A B <a@b.c>", "", 19},
	{"leading blank lines", "\n\nFrom: A <a@b>\n\nText\n", "A <a@b>", "",
	 17},
	{"from date subject",
	 "From: A <a@b>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
	 "Subject: [PATCH] x\n\nText\n",
	 "A <a@b>", "[PATCH] x", 71},
	{"subject first", "Subject: s\nFrom: f\n\nT\n", "f", "s", 20},
	{"a pasted format-patch",
	 "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 "
	 "2001\nFrom: A <a@b>\nSubject: [PATCH] x\n\nT\n",
	 "A <a@b>", "[PATCH] x", 105},
	{"not a format-patch line",
	 "From 0123456789abcdefXYZ Mon Sep 17\nFrom: A <a@b>\n\nT\n", "", "",
	 0},
	{"case and blanks", "FROM:\t  A <a@b>  \n\nT\n", "A <a@b>", "", 19},
	{"continuation lines",
	 "From: A Very Long\n Name <a@b>\nSubject: one\n\ttwo\n\nT\n",
	 "A Very Long Name <a@b>", "one two", 49},
	{"message-id cc to after a header",
	 "From: A <a@b>\nMessage-Id: <1@x>\nCc: c@d\nTo: e@f\n\nT\n", "A <a@b>",
	 "", 49},
	{"message-id first is not a header", "Message-Id: <1@x>\n\nT\n", "", "",
	 0},
	{"cc first is not a header", "Cc: a@b\nFrom: x\n\nT\n", "", "", 0},
	{"no blank line ends them", "From: A <a@b>\nThis patch fixes x.\n",
	 "A <a@b>", "", 14},
	{"ends at end of body", "From: A <a@b>", "A <a@b>", "", 13},
	{"second from ignored", "From: A <a@b>\nFrom: C <c@d>\n\nT\n",
	 "A <a@b>", "", 29},
	{"crlf", "From: A <a@b>\r\n\r\nT\r\n", "A <a@b>", "", 17},
	{"from without colon is text", "From A <a@b>\n\nT\n", "", "", 0},
	{"indented first line is text", " From: A <a@b>\n\nT\n", "", "", 0},
	{"prose", "Fromage: cheese\n\nT\n", "", "", 0},
};

static void test_inbody_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inbody_cases) / sizeof(*inbody_cases); i++) {
		const struct inbody_case *c = &inbody_cases[i];
		struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
		size_t end = 12345;
		char msg[512];
		int bad;

		kd_inbody_headers(&from, &subject, &end, c->body,
				  strlen(c->body));
		bad = strcmp(from.buf, c->from) ||
		      strcmp(subject.buf, c->subject) || end != c->end;
		snprintf(msg, sizeof(msg),
			 "%s: got from=<%s> subject=<%s> end=%zu, "
			 "want from=<%s> subject=<%s> end=%zu",
			 c->name, from.buf, subject.buf, end, c->from,
			 c->subject, c->end);
		kd_buf_release(&from);
		kd_buf_release(&subject);
		if (bad)
			fail_msg("%s", msg);
	}
}

static void test_inbody_resets_outputs(void **state)
{
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t end;
	const char *body = "plain text\n";

	(void)state;
	kd_buf_addstr(&from, "stale");
	kd_buf_addstr(&subject, "stale");
	kd_inbody_headers(&from, &subject, &end, body, strlen(body));
	assert_string_equal(from.buf, "");
	assert_string_equal(subject.buf, "");
	assert_int_equal(end, 0);
	kd_buf_release(&from);
	kd_buf_release(&subject);
}

static void test_inbody_length_bounds(void **state)
{
	/* Only `len` bytes are read: what lies beyond is not a header. */
	const char *body = "From: A <a@b>\nSubject: s\n\nT\n";
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t end;

	(void)state;
	kd_inbody_headers(&from, &subject, &end, body, 14);
	assert_string_equal(from.buf, "A <a@b>");
	assert_string_equal(subject.buf, "");
	assert_int_equal(end, 14);
	kd_buf_release(&from);
	kd_buf_release(&subject);
}

/* Excerpts */

struct excerpt_case {
	const char *name;
	const char *body;
	const char *excerpt;
};

#define PATCH_MSG                                                              \
	"Introduce infrastructure to support secondary VM exit controls.\n"    \
	"\n"                                                                   \
	"Signed-off-by: Xin Li <xin3.li@intel.com>\n"

#define DIFF                                                                   \
	"diff --git a/x.c b/x.c\n"                                             \
	"index 1..2 100644\n"                                                  \
	"--- a/x.c\n"                                                          \
	"+++ b/x.c\n"                                                          \
	"@@ -1 +1 @@\n"                                                        \
	"-a\n"                                                                 \
	"+b\n"

#define SIG "-- \n2.43.0\n"

static const struct excerpt_case excerpt_cases[] = {
	{"the headers of an attached format-patch are left out",
	 "Hi,\n\nthe patch is attached.\n\n"
	 "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 "
	 "2001\nFrom: A <a@b>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
	 "Subject: [PATCH] x\n\nFix it.\n---\n a.c | 1 +\n"
	 " 1 file changed, 1 insertion(+)\n\ndiff --git a/a.c b/a.c\n",
	 "Hi,\n\nthe patch is attached.\n\nFix it.\n---\n a.c | 1 +\n"
	 " 1 file changed, 1 insertion(+)\n"},
	{"patch with in-body from, notes and diffstat",
	 "From: Xin Li <xin3.li@intel.com>\n"
	 "\n"
	 "\n" PATCH_MSG "---\n"
	 "\n"
	 "Change in v5:\n"
	 "* Add TB from Xuelian Guo.\n"
	 "---\n"
	 " arch/x86/kvm/vmx/vmx.c | 29 +++++++++++++++++++++++++++--\n"
	 " arch/x86/kvm/vmx/vmx.h |  7 ++++++-\n"
	 " 2 files changed, 33 insertions(+), 3 deletions(-)\n"
	 "\n" DIFF SIG,
	 PATCH_MSG
	 "---\n"
	 "\n"
	 "Change in v5:\n"
	 "* Add TB from Xuelian Guo.\n"
	 "---\n"
	 " arch/x86/kvm/vmx/vmx.c | 29 +++++++++++++++++++++++++++--\n"
	 " arch/x86/kvm/vmx/vmx.h |  7 ++++++-\n"
	 " 2 files changed, 33 insertions(+), 3 deletions(-)\n"},
	{"single file, insertion only",
	 PATCH_MSG "---\n x | 1 +\n 1 file changed, 1 insertion(+)\n\n" DIFF,
	 PATCH_MSG "---\n x | 1 +\n 1 file changed, 1 insertion(+)\n"},
	{"single file, deletions only",
	 PATCH_MSG "---\n x | 2 --\n 1 file changed, 2 deletions(-)\n\n" DIFF,
	 PATCH_MSG "---\n x | 2 --\n 1 file changed, 2 deletions(-)\n"},
	{"summary without leading space, trailing blanks and CR (CRLF is LF)",
	 "Msg\n---\n x | 1 +\n1 file changed, 1 insertion(+) \r\nrest\n",
	 "Msg\n---\n x | 1 +\n1 file changed, 1 insertion(+) \n"},
	{"files changed alone (mode change)",
	 "Msg\n---\n x | 0\n 1 file changed\n\n" DIFF,
	 "Msg\n---\n x | 0\n 1 file changed\n"},
	{"cover letter: the first diffstat of several",
	 "Hello,\n\nThis series does x.\n\n"
	 "A (2):\n  one\n  two\n\n"
	 " a.c | 3 ++-\n"
	 " 36 files changed, 2502 insertions(+), 34 deletions(-)\n"
	 "\n---\nbase-commit: abc\n\n"
	 " b.c | 1 +\n 1 file changed, 1 insertion(+)\n",
	 "Hello,\n\nThis series does x.\n\n"
	 "A (2):\n  one\n  two\n\n"
	 " a.c | 3 ++-\n"
	 " 36 files changed, 2502 insertions(+), 34 deletions(-)\n"},
	{"no diffstat: stop before diff --git", PATCH_MSG "---\n" DIFF SIG,
	 PATCH_MSG "---\n"},
	{"no diffstat: stop before diff -u", "Msg\n\ndiff -u a b\n-x\n+y\n",
	 "Msg\n"},
	{"no diffstat: stop before Index:",
	 "Msg\n\nIndex: x.c\n=====\n--- x.c\n+++ x.c\n", "Msg\n"},
	{"no diffstat: stop before a bare ---/+++ pair",
	 "Msg\n---\nnotes\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n",
	 "Msg\n---\nnotes\n"},
	{"--- not followed by +++ is text", "Msg\n--- a/x.c\nnot a diff\n",
	 "Msg\n--- a/x.c\nnot a diff\n"},
	{"diff before a later diffstat-looking line wins",
	 "Msg\n" DIFF "+ 1 file changed, 1 insertion(+)\n", "Msg\n"},
	{"no diff: stop at the signature", "Hello\n\nThanks\n-- \nMy Sig\n",
	 "Hello\n\nThanks\n"},
	{"no diff: signature without its blank", "Hello\n--\nSig\n", "Hello\n"},
	{"no diff: stop at a list footer",
	 "Hello\n\n_______________________________________________\n"
	 "kvmarm mailing list\n",
	 "Hello\n"},
	{"signature before the diffstat does not count",
	 "Msg\n--\nmore\n---\n x | 1 +\n 1 file changed, 1 insertion(+)\n",
	 "Msg\n--\nmore\n---\n x | 1 +\n 1 file changed, 1 insertion(+)\n"},
	{"neither: everything, trailing blank lines dropped",
	 "\n\n  Hello\n\nworld\n\n \n\t\n", "  Hello\n\nworld\n"},
	{"no final newline", "Hello\nworld", "Hello\nworld\n"},
	{"empty", "", ""},
	{"blank only", "\n \n\n", ""},
	{"in-body headers only", "From: A <a@b>\nSubject: x\n\n", ""},
	{"diff at the very start", DIFF, ""},
	{"in-body headers not ended by a blank line",
	 "From: A <a@b>\nThis fixes x.\n---\n x | 1 +\n"
	 " 1 file changed, 1 insertion(+)\n",
	 "This fixes x.\n---\n x | 1 +\n 1 file changed, 1 insertion(+)\n"},
	{"near-misses of the summary are text",
	 "2 files changed a lot\n 1 file changed, 1 insertion(-)\n"
	 " x files changed\n 1 file changed, 1 deletion(-), 2 "
	 "insertions(+)\n",
	 "2 files changed a lot\n 1 file changed, 1 insertion(-)\n"
	 " x files changed\n 1 file changed, 1 deletion(-), 2 "
	 "insertions(+)\n"},
	{"prose mentioning diff is not a diff",
	 "We diff the tables.\ndiff: no\n", "We diff the tables.\ndiff: no\n"},
};

static void test_excerpt_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(excerpt_cases) / sizeof(*excerpt_cases); i++) {
		const struct excerpt_case *c = &excerpt_cases[i];
		struct kd_buf out = KD_BUF_INIT;

		kd_patch_excerpt(&out, c->body, strlen(c->body));
		if (out.len != strlen(c->excerpt) ||
		    memcmp(out.buf, c->excerpt, out.len)) {
			print_error("%s:\n--- got ---\n%s--- want ---\n%s---\n",
				    c->name, out.buf, c->excerpt);
			kd_buf_release(&out);
			fail();
		}
		kd_buf_release(&out);
	}
}

/*
 * A line over KD_EXCERPT_LINE_MAX is cut there, backing off a character
 * the limit would split ("é" at bytes 4095-4096), and marked.
 */
static void test_excerpt_long_line(void **state)
{
	struct kd_buf body = KD_BUF_INIT, out = KD_BUF_INIT, want = KD_BUF_INIT;

	(void)state;
	kd_buf_addchars(&body, 'a', KD_EXCERPT_LINE_MAX - 1);
	kd_buf_addstr(&body, "\xc3\xa9 and more\n---\n x | 1 +\n 1 file changed\n");
	kd_buf_addchars(&want, 'a', KD_EXCERPT_LINE_MAX - 1);
	kd_buf_addstr(&want, " [...]\n---\n x | 1 +\n 1 file changed\n");
	kd_patch_excerpt(&out, body.buf, body.len);
	assert_string_equal(out.buf, want.buf);
	kd_buf_release(&body);
	kd_buf_release(&out);
	kd_buf_release(&want);
}

/* An in-body header's value is cut at KD_INBODY_MAX. */
static void test_inbody_value_bounded(void **state)
{
	struct kd_buf body = KD_BUF_INIT, from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t end;

	(void)state;
	kd_buf_addstr(&body, "From: ");
	kd_buf_addchars(&body, 'n', 3 * KD_INBODY_MAX);
	kd_buf_addstr(&body, " <a@b.c>\n\nText\n");
	kd_inbody_headers(&from, &subject, &end, body.buf, body.len);
	assert_int_equal(from.len, KD_INBODY_MAX);
	assert_int_equal(end, body.len - 5);
	kd_buf_release(&body);
	kd_buf_release(&from);
	kd_buf_release(&subject);
}

/* An excerpt stops at KD_EXCERPT_MAX, and says so. */
static void test_excerpt_bounded(void **state)
{
	struct kd_buf body = KD_BUF_INIT, out = KD_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < KD_EXCERPT_MAX / 16 + 100; i++)
		kd_buf_addstr(&body, "0123456789abcde\n");
	kd_patch_excerpt(&out, body.buf, body.len);
	assert_true(out.len < KD_EXCERPT_MAX + 64);
	assert_true(out.len > KD_EXCERPT_MAX - 64);
	assert_non_null(strstr(out.buf, "\n[... the rest is left out]\n"));
	assert_int_equal(out.buf[out.len - 1], '\n');
	kd_buf_release(&body);
	kd_buf_release(&out);
}

static void test_excerpt_appends(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	const char *body = "Msg\n";

	(void)state;
	kd_buf_addstr(&out, "before\n");
	kd_patch_excerpt(&out, body, strlen(body));
	assert_string_equal(out.buf, "before\nMsg\n");
	kd_buf_release(&out);
}

static void test_excerpt_length_bounds(void **state)
{
	/* A body that is not NUL-terminated at `len`. */
	const char body[] = "Msg\n---\n 1 file changed\nXXXX";
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	kd_patch_excerpt(&out, body, 7);
	assert_string_equal(out.buf, "Msg\n---\n");
	kd_buf_reset(&out);
	kd_patch_excerpt(&out, body, sizeof(body) - 5);
	assert_string_equal(out.buf, "Msg\n---\n 1 file changed\n");
	kd_buf_release(&out);
}

/* Paths touched */

struct paths_case {
	const char *name;
	const char *body;
	const char *paths; /* as kd_patch_paths appends them */
};

static const struct paths_case paths_cases[] = {
	{"nothing", "Just prose.\n", ""},
	{"empty", "", ""},
	{"diff --git",
	 "Msg\n---\ndiff --git a/arch/x86/kvm/x86.c b/arch/x86/kvm/x86.c\n"
	 "index 1..2 100644\n--- a/arch/x86/kvm/x86.c\n"
	 "+++ b/arch/x86/kvm/x86.c\n@@ -1 +1 @@\n-a\n+b\n",
	 "arch/x86/kvm/x86.c\n"},
	{"rename in diff --git takes the b side",
	 "diff --git a/old/x.c b/new/y.c\nsimilarity index 90%\n"
	 "rename from old/x.c\nrename to new/y.c\n",
	 "new/y.c\n"},
	{"name with blanks, same on both sides",
	 "diff --git a/doc/a b.txt b/doc/a b.txt\n", "doc/a b.txt\n"},
	{"quoted names",
	 "diff --git \"a/x y\" \"b/x y\"\n--- \"a/x y\"\n+++ \"b/x y\"\n",
	 "x y\n"},
	{"quoted b side only", "diff --git a/x \"b/x\\ty\"\n", "x\ty\n"},
	{"quoted octal bytes", "diff --git \"a/\\303\\251\" \"b/\\303\\251\"\n",
	 "\xc3\xa9\n"},
	{"quoted octal bytes that are not UTF-8 (a Latin-1 name)",
	 "---\n \"caf\\351\\303.c\" | 1 +\n 1 file changed, 1 insertion(+)\n"
	 "\ndiff --git \"a/caf\\351.c\" \"b/caf\\351.c\"\n",
	 "caf\xef\xbf\xbd\xef\xbf\xbd.c\ncaf\xef\xbf\xbd.c\n"},
	{"new file: --- /dev/null",
	 "diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n"
	 "+++ b/n.c\n",
	 "n.c\n"},
	{"deleted file: +++ /dev/null is skipped",
	 "--- a/gone.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n", ""},
	{"plain diff -u, -p1 and a timestamp",
	 "--- linux.orig/virt/kvm/kvm_main.c\t2024-01-01 00:00:00\n"
	 "+++ linux/virt/kvm/kvm_main.c\t2024-01-02 00:00:00\n",
	 "virt/kvm/kvm_main.c\n"},
	{"+++ without a --- line before is content",
	 "Text\n+++ b/not/a/path.c\n", ""},
	{"diffstat",
	 "Msg\n---\n arch/x86/kvm/mmu/mmu.c | 12 +++++++-----\n"
	 " include/linux/kvm_host.h |  2 +-\n"
	 " 2 files changed, 8 insertions(+), 6 deletions(-)\n",
	 "arch/x86/kvm/mmu/mmu.c\ninclude/linux/kvm_host.h\n"},
	{"diffstat, shortened, binary, no counts",
	 " .../selftests/kvm/x86/state_test.c | 3 +\n"
	 " tools/img.png                      | Bin 0 -> 1234 bytes\n"
	 " tools/mode-only                    | 0\n"
	 " 3 files changed, 3 insertions(+)\n",
	 ".../selftests/kvm/x86/state_test.c\ntools/img.png\ntools/"
	 "mode-only\n"},
	{"diffstat renames",
	 " arch/{x86 => riscv}/kvm/a.c | 2 +-\n"
	 " lib/{ => sub}/b.c | 0\n"
	 " lib/{old => }/c.c | 0\n"
	 " old.c => new.c | 0\n"
	 " 4 files changed, 1 insertion(+), 1 deletion(-)\n",
	 "arch/riscv/kvm/a.c\nlib/sub/b.c\nlib/c.c\nnew.c\n"},
	{"stat-like prose without a summary does not count",
	 "A table:\n x | 1 +\n y | 2 ++\nend\n", ""},
	{"summary not right after the run does not count",
	 " x | 1 +\n\n 1 file changed, 1 insertion(+)\n", ""},
	{"a pipe in prose is not a stat line", " a | b\n 1 file changed\n", ""},
	{"diffstat and diff name a path once",
	 " virt/kvm/guest_memfd.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
	 "diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c\n"
	 "--- a/virt/kvm/guest_memfd.c\n+++ b/virt/kvm/guest_memfd.c\n",
	 "virt/kvm/guest_memfd.c\n"},
	{"a full path stands for its shortened form",
	 " .../kvm/x86/state_test.c | 1 +\n 1 file changed, 1 insertion(+)\n"
	 "diff --git a/tools/testing/selftests/kvm/x86/state_test.c "
	 "b/tools/testing/selftests/kvm/x86/state_test.c\n",
	 "tools/testing/selftests/kvm/x86/state_test.c\n"},
	{"crlf", "diff --git a/x.c b/x.c\r\n--- a/x.c\r\n+++ b/x.c\r\n",
	 "x.c\n"},
	{"order of first appearance",
	 "diff --git a/b.c b/b.c\ndiff --git a/a.c b/a.c\n"
	 "diff --git a/b.c b/b.c\n",
	 "b.c\na.c\n"},
};

static void test_paths_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths_cases) / sizeof(*paths_cases); i++) {
		const struct paths_case *c = &paths_cases[i];
		struct kd_buf out = KD_BUF_INIT;
		int bad;

		kd_patch_paths(&out, c->body, strlen(c->body));
		bad = strcmp(out.buf, c->paths);
		if (bad) {
			print_error("%s:\ngot:\n%swant:\n%s", c->name, out.buf,
				    c->paths);
			kd_buf_release(&out);
			fail_msg("paths case '%s'", c->name);
		}
		kd_buf_release(&out);
	}
}

static void test_paths_appends(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	const char *body = "diff --git a/x b/x\n";

	(void)state;
	kd_buf_addstr(&out, "x\n");
	/* Only what this call appended is deduplicated against. */
	kd_patch_paths(&out, body, strlen(body));
	assert_string_equal(out.buf, "x\nx\n");
	kd_buf_release(&out);
}

static void test_paths_bounded(void **state)
{
	struct kd_buf body = KD_BUF_INIT, out = KD_BUF_INIT;
	size_t i, lines = 0;

	(void)state;
	for (i = 0; i < KD_PATCH_PATHS_MAX + 100; i++)
		kd_buf_addf(&body, "diff --git a/f%zu b/f%zu\n", i, i);
	kd_patch_paths(&out, body.buf, body.len);
	for (i = 0; i < out.len; i++)
		lines += out.buf[i] == '\n';
	assert_int_equal(lines, KD_PATCH_PATHS_MAX);
	assert_true(!strncmp(out.buf, "f0\nf1\n", 6));
	kd_buf_release(&body);
	kd_buf_release(&out);
}

static void test_paths_length_bounds(void **state)
{
	/* Not NUL-terminated at `len`: the name stops there. */
	const char body[] = "diff --git a/x b/xyz\nmore";

	(void)state;
	{
		struct kd_buf out = KD_BUF_INIT;

		kd_patch_paths(&out, body, 18);
		assert_string_equal(out.buf, "x\n");
		kd_buf_release(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inbody_table),
		cmocka_unit_test(test_inbody_resets_outputs),
		cmocka_unit_test(test_inbody_length_bounds),
		cmocka_unit_test(test_excerpt_table),
		cmocka_unit_test(test_inbody_value_bounded),
		cmocka_unit_test(test_excerpt_long_line),
		cmocka_unit_test(test_excerpt_bounded),
		cmocka_unit_test(test_excerpt_appends),
		cmocka_unit_test(test_excerpt_length_bounds),
		cmocka_unit_test(test_paths_table),
		cmocka_unit_test(test_paths_appends),
		cmocka_unit_test(test_paths_bounded),
		cmocka_unit_test(test_paths_length_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
