#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "patchbody.h"
#include "text-cases.h"
#include "trailer.h"

/*
 * Lines marked "real" are copied from the kvm-ppc archive of lore (the
 * public-inbox commit that holds the mail is named).
 */

/* Trailers given: the output as "Kind|name|email" lines. */
static void show_trailers(struct kd_buf *out, const char *text, size_t len)
{
	struct kd_trailers t = KD_TRAILERS_INIT;
	size_t i;

	kd_trailers_given(&t, text, len);
	for (i = 0; i < t.nr; i++)
		kd_buf_addf(out, "%s|%s|%s\n",
			    kd_trailer_kind_name(t.v[i].kind), t.v[i].name,
			    t.v[i].email);
	kd_trailers_release(&t);
}

static const struct text_case trailer_cases[] = {
	{"name and address", "Reviewed-by: Ada Lovelace <ada@example.org>\n",
	 "Reviewed-by|Ada Lovelace|ada@example.org\n"},
	{"each kind",
	 "Reviewed-by: A <a@x.org>\nAcked-by: A <a@x.org>\n"
	 "Tested-by: A <a@x.org>\nNacked-by: A <a@x.org>\n",
	 "Reviewed-by|A|a@x.org\nAcked-by|A|a@x.org\nTested-by|A|a@x.org\n"
	 "Nacked-by|A|a@x.org\n"},
	{"key in any case", "REVIEWED-BY: A <a@x.org>\nAcked-By: B <b@x.org>\n",
	 "Reviewed-by|A|a@x.org\nAcked-by|B|b@x.org\n"},
	{"leading blanks and tabs",
	 "  Tested-by: A <a@x.org>\n\tAcked-by: b@x.org\n",
	 "Tested-by|A|a@x.org\nAcked-by||b@x.org\n"},
	/* real: 1b7967d0, a commit message reworded and pasted back */
	{"an indented commit message pasted in",
	 "Yeah. I rewrote the change log a bit.\n\n"
	 "  powerpc: Re-enable ARCH_ENABLE_SPLIT_PMD_PTLOCK\n  \n"
	 "  Fixes: 66f24fa766e3 (\"mm: drop redundant\")\n"
	 "  Signed-off-by: Lukas Bulwahn <lukas.bulwahn@gmail.com>\n"
	 "  Reviewed-by: Daniel Axtens <dja@axtens.net>\n"
	 "  Signed-off-by: Michael Ellerman <mpe@ellerman.id.au>\n",
	 ""},
	{"a trailer beside the pasted commit still counts",
	 "  Reviewed-by: A <a@x.org>\n\n"
	 "  Subject\n  Signed-off-by: B <b@x.org>\n  Acked-by: C <c@x.org>\n"
	 "Tested-by: D <d@x.org>\n",
	 "Reviewed-by|A|a@x.org\nTested-by|D|d@x.org\n"},
	/* real: Christoffer Dall's in the kvm-ppc archive, typed indented */
	{"indented by hand after a blank line",
	 "You can add my:\n\n  Acked-by: Christoffer Dall "
	 "<christoffer.dall@arm.com>\n\nTo the arm/arm64 and generic parts.\n",
	 "Acked-by|Christoffer Dall|christoffer.dall@arm.com\n"},
	{"quoted name with a comma",
	 "Acked-by: \"Lovelace, Ada\" <ada@example.org>\n",
	 "Acked-by|Lovelace, Ada|ada@example.org\n"},
	{"bare address", "Reviewed-by: ada@example.org\n",
	 "Reviewed-by||ada@example.org\n"},
	{"address and comment", "Reviewed-by: ada@example.org (Ada L)\n",
	 "Reviewed-by|Ada L|ada@example.org\n"},
	/* real: 0dae7957, quoted there; the remark after the address */
	{"remark after the mailbox",
	 "Tested-by: Fuad Tabba <tabba@google.com> #arm64\n",
	 "Tested-by|Fuad Tabba|tabba@google.com\n"},
	{"remark after a bare address",
	 "Acked-by: a@x.org # x86\nAcked-by: b@x.org [1]\n",
	 "Acked-by||a@x.org\nAcked-by||b@x.org\n"},
	/* real: 8ecf692f */
	{"unclosed angle", "Acked-by: Vlastimil Babka <vbabka@suse.cz\n",
	 "Acked-by|Vlastimil Babka|vbabka@suse.cz\n"},
	{"address lowercased", "Reviewed-by: Ada <Ada@Example.ORG>\n",
	 "Reviewed-by|Ada|ada@example.org\n"},
	{"the same trailer twice, once",
	 "Reviewed-by: Ada <ada@x.org>\nReviewed-by: Ada L <ADA@x.org>\n",
	 "Reviewed-by|Ada|ada@x.org\n"},
	{"one address, two kinds",
	 "Reviewed-by: Ada <ada@x.org>\nTested-by: Ada <ada@x.org>\n"
	 "Reviewed-by: Ada <ada@x.org>\n",
	 "Reviewed-by|Ada|ada@x.org\nTested-by|Ada|ada@x.org\n"},
	{"order of first lines",
	 "Tested-by: B <b@x.org>\nReviewed-by: A <a@x.org>\nTested-by: B "
	 "<b@x.org>\n",
	 "Tested-by|B|b@x.org\nReviewed-by|A|a@x.org\n"},
	{"no address", "Reviewed-by: me\nAcked-by: Sean Christopherson\n", ""},
	{"empty value", "Reviewed-by:\nAcked-by:   \n", ""},
	/* real: 00f9f718 */
	{"comma in the address",
	 "Reviewed-by: Leonardo Bras <leobras.c@gmail,com>\n", ""},
	{"two at signs", "Acked-by: <a@b@c>\n", ""},
	{"nothing before the at", "Acked-by: <@x.org>\nAcked-by: x.org@\n", ""},
	{"unquoted comma name", "Acked-by: Lovelace, Ada <ada@x.org>\n", ""},
	/* real: f0361ae0 */
	{"key inside a sentence",
	 "In reply to V1, I didn't add a Reviewed-by: tag, but I can now.\n",
	 ""},
	{"a quoted trailer is no trailer here", "> Reviewed-by: A <a@x.org>\n",
	 ""},
	{"blank before the colon", "Reviewed-by : A <a@x.org>\n", ""},
	{"other trailers",
	 "Signed-off-by: A <a@x.org>\nCc: b@x.org\nReported-by: c@x.org\n", ""},
	{"prefix of a key", "Reviewed: a@x.org\nAcked-byx: b@x.org\n", ""},
	{"crlf", "Reviewed-by: A <a@x.org>\r\nAcked-by: b@x.org\r\n",
	 "Reviewed-by|A|a@x.org\nAcked-by||b@x.org\n"},
	{"no final newline", "text\nAcked-by: A <a@x.org>",
	 "Acked-by|A|a@x.org\n"},
	{"encoded name decoded",
	 "Acked-by: =?UTF-8?Q?Cl=C3=A9ment?= <c@x.org>\n",
	 "Acked-by|Cl\xc3\xa9ment|c@x.org\n"},
	{"empty text", "", ""},
};

static void test_trailers_table(void **state)
{
	(void)state;
	CHECK_CASES(trailer_cases, show_trailers);
}

static void test_trailers_append(void **state)
{
	/* a second call appends, and repeats what the first call gave */
	struct kd_trailers t = KD_TRAILERS_INIT;
	const char *text = "Acked-by: A <a@x.org>\n";

	(void)state;
	kd_trailers_given(&t, text, strlen(text));
	kd_trailers_given(&t, text, strlen(text));
	assert_int_equal(t.nr, 2);
	kd_trailers_release(&t);
	assert_null(t.v);
	assert_int_equal(t.nr, 0);
	kd_trailers_release(&t);
	assert_string_equal(kd_trailer_kind_name(KD_TRAILER_NACKED),
			    "Nacked-by");
	assert_string_equal(kd_trailer_kind_name((enum kd_trailer_kind)99), "");
}

static void test_trailers_length_bounds(void **state)
{
	/* only `len` bytes are read */
	struct kd_trailers t = KD_TRAILERS_INIT;
	const char *text = "Acked-by: a@x.org\nAcked-by: b@x.org\n";

	(void)state;
	kd_trailers_given(&t, text, 18);
	assert_int_equal(t.nr, 1);
	assert_string_equal(t.v[0].email, "a@x.org");
	kd_trailers_release(&t);
}

static void test_trailers_hostile(void **state)
{
	struct kd_trailers t = KD_TRAILERS_INIT;
	struct kd_buf b = KD_BUF_INIT;
	clock_t start = clock();
	size_t i;
	static const char nul[] =
		"Acked-by: A <a@x.org>\0junk <b@x.org>\n"
		"Reviewed-by:\0 B <b@x.org>\nTested-by: c@x.org\n";

	(void)state;
	/* a value of a megabyte names no mailbox */
	kd_buf_addstr(&b, "Reviewed-by: A <a@x.org");
	kd_buf_addchars(&b, 'a', 1024 * 1024);
	kd_buf_addstr(&b, ">\n");
	kd_trailers_given(&t, b.buf, b.len);
	assert_int_equal(t.nr, 0);

	/* 100,000 trailers: each address once, at most KD_TRAILERS_MAX */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b, "Reviewed-by: P%zu <p%zu@x.org>\n", i, i);
	kd_trailers_given(&t, b.buf, b.len);
	assert_int_equal(t.nr, KD_TRAILERS_MAX);
	assert_string_equal(t.v[KD_TRAILERS_MAX - 1].email, "p1023@x.org");
	kd_trailers_release(&t);

	/* 100,000 times the same one */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "Reviewed-by: P <p@x.org>\n");
	kd_trailers_given(&t, b.buf, b.len);
	assert_int_equal(t.nr, 1);
	kd_trailers_release(&t);

	/* 100,000 lines of text, then one trailer */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(
			&b, "Reviewed-by is what I will give once it works\n");
	kd_buf_addstr(&b, "Tested-by: T <t@x.org>\n");
	kd_trailers_given(&t, b.buf, b.len);
	assert_int_equal(t.nr, 1);
	kd_trailers_release(&t);

	/* a NUL ends the value it is in */
	kd_trailers_given(&t, nul, sizeof(nul) - 1);
	assert_int_equal(t.nr, 2);
	assert_string_equal(t.v[0].email, "a@x.org");
	assert_string_equal(t.v[1].email, "c@x.org");
	kd_trailers_release(&t);
	kd_buf_release(&b);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

/* Fixes: the output as "commit|subject" lines, then "stable" if so. */
static const struct text_case fixes_cases[] = {
	{"quoted in parentheses",
	 "Fix it.\n\nFixes: 1234567890ab (\"KVM: x86: Do the thing\")\n"
	 "Signed-off-by: A <a@x.org>\n---\n x | 1 +\n",
	 "1234567890ab|KVM: x86: Do the thing\n"},
	/* real: 835e6279 */
	{"quotes without parentheses",
	 "Fixes: 95a6432ce903 \"KVM: PPC: Book3S HV: Streamlined guest "
	 "entry/exit path on P9 for radix guests\"\n",
	 "95a6432ce903|KVM: PPC: Book3S HV: Streamlined guest entry/exit path "
	 "on P9 for radix guests\n"},
	/* real: 90c7c07e */
	{"a date after the subject",
	 "Fixes: 8b24e69fc47e (\"KVM: PPC: Book3S HV: Close race with testing "
	 "for signals on guest entry\", 2017-06-26)\n",
	 "8b24e69fc47e|KVM: PPC: Book3S HV: Close race with testing for "
	 "signals on guest entry\n"},
	/* real: f9d3d04f */
	{"a remark after it",
	 "Fixes: 755563bc79c7 (\"powerpc/powernv: Fixes for hypervisor "
	 "doorbell "
	 "handling\") # v4.0\n",
	 "755563bc79c7|powerpc/powernv: Fixes for hypervisor doorbell "
	 "handling\n"},
	{"the word commit",
	 "Fixes: commit abcdef12 (\"x\")\nFIXES: Commit  0123456789 y\n",
	 "abcdef12|x\n0123456789|y\n"},
	{"upper-case id lowercased", "Fixes: ABCDEF1234 (\"x\")\n",
	 "abcdef1234|x\n"},
	{"key in any case", "fixes: abcdef1234 (\"x\")\n", "abcdef1234|x\n"},
	{"wrapped subject",
	 "Fixes: abcdef123456 (\"KVM: x86: a subject long enough to\n"
	 "  wrap onto the next line\")\nSigned-off-by: A <a@x.org>\n",
	 "abcdef123456|KVM: x86: a subject long enough to wrap onto the next "
	 "line\n"},
	{"unclosed quote, next line a trailer",
	 "Fixes: abcdef123456 (\"KVM: x86: cut\nSigned-off-by: \"A\" "
	 "<a@x.org>\n",
	 "abcdef123456|KVM: x86: cut\n"},
	{"unclosed quote, next line no quote",
	 "Fixes: abcdef123456 (\"KVM: x86: cut)\nmore words\n",
	 "abcdef123456|KVM: x86: cut\n"},
	{"inner quotes", "Fixes: abcdef123456 (\"Revert \"x: y\"\")\n",
	 "abcdef123456|Revert \"x: y\"\n"},
	{"parentheses without quotes",
	 "Fixes: abcdef123456 (KVM: x86: foo (bar))\n",
	 "abcdef123456|KVM: x86: foo (bar)\n"},
	{"neither", "Fixes: abcdef123456 KVM: x86: foo\n",
	 "abcdef123456|KVM: x86: foo\n"},
	{"no subject", "Fixes: abcdef123456\nFixes: 123456789a  \n",
	 "abcdef123456|(null)\n123456789a|(null)\n"},
	{"only a remark", "Fixes: abcdef123456 # v4.0\n",
	 "abcdef123456|(null)\n"},
	{"empty quotes", "Fixes: abcdef123456 (\"\")\n",
	 "abcdef123456|(null)\n"},
	{"two fixes in order",
	 "Fixes: 2222222222 (\"b\")\nFixes: 1111111111 (\"a\")\n",
	 "2222222222|b\n1111111111|a\n"},
	{"the same commit twice",
	 "Fixes: abcdef123456 (\"a\")\nFixes: abcdef1234567 (\"a\")\n"
	 "Fixes: ABCDEF123456 (\"a\")\nFixes: abcdef12 (\"a\")\n",
	 "abcdef123456|a\n"},
	{"8 and 40 digits",
	 "Fixes: 12345678\nFixes: 0123456789abcdef0123456789abcdef01234567\n",
	 "12345678|(null)\n0123456789abcdef0123456789abcdef01234567|(null)\n"},
	/* real: 4ea7c8ae (6 digits), 9ddca278 ("?") */
	{"too short, or no id",
	 "fixes: ca9f49 (\"KVM: PPC: Book3S HV: Support for running secure "
	 "guests\")\nFixes: ?\nFixes: 1234567 (\"x\")\n",
	 ""},
	{"41 digits", "Fixes: 0123456789abcdef0123456789abcdef012345678\n", ""},
	{"not hex after it",
	 "Fixes: deadbeefcafe-x\nFixes: abcdef12g\nFixes: "
	 "https://bugzilla.kernel.org/1\n",
	 ""},
	{"indented", "  Fixes: abcdef123456 (\"x\")\n", ""},
	{"in prose", "This Fixes: abcdef123456 (\"x\")\n", ""},
	{"after the separator",
	 "Msg\n\nSigned-off-by: A <a@x.org>\n---\nv2: Fixes: no\n"
	 "Fixes: abcdef123456 (\"in the notes\")\n",
	 ""},
	{"after the signature", "Msg\n-- \nFixes: abcdef123456 (\"x\")\n", ""},
	{"in the diff",
	 "Msg\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n"
	 "Fixes: abcdef123456 (\"x\")\n",
	 ""},
	{"after in-body headers",
	 "From: A <a@x.org>\nSubject: [PATCH] x\n\nFixes: abcdef123456 "
	 "(\"x\")\n",
	 "abcdef123456|x\n"},
	{"a separator with trailing blank is not one",
	 "Msg\n--- \nFixes: abcdef123456\n---\nFixes: 123456789a\n",
	 "abcdef123456|(null)\n"},
	{"stable",
	 "Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: A <a@x.org>\n",
	 "stable\n"},
	/* real: 30eadbac */
	{"stable in brackets with a remark",
	 "Cc: <stable@vger.kernel.org> # 5.12\n", "stable\n"},
	/* real: 45636e95 */
	{"stable, upper-case key", "CC: stable@vger.kernel.org # v4.19+\n",
	 "stable\n"},
	{"stable at kernel.org", "Cc: Stable@Kernel.org\n", "stable\n"},
	{"stable with a name", "Cc: Stable Team <stable@vger.kernel.org>\n",
	 "stable\n"},
	{"not stable",
	 "Cc: stable-commits@vger.kernel.org\nCc: "
	 "linux-stable@vger.kernel.org\n"
	 "Cc: stable\nCc: x@y.org, stable@vger.kernel.org\n"
	 "> Cc: stable@vger.kernel.org\n  Cc: stable@vger.kernel.org\n"
	 "To: stable@vger.kernel.org\n",
	 ""},
	{"stable after the separator", "Msg\n---\nCc: stable@vger.kernel.org\n",
	 ""},
	{"fixes and stable",
	 "Fixes: abcdef123456 (\"x\")\nCc: stable@vger.kernel.org # 6.1+\n",
	 "abcdef123456|x\nstable\n"},
	{"crlf",
	 "Fixes: abcdef123456 (\"x\")\r\nCc: stable@kernel.org\r\n---\r\n"
	 "Fixes: 123456789a\r\n",
	 "abcdef123456|x\nstable\n"},
	{"empty", "", ""},
};

/* As message.c reads a patch mail: from where its in-body headers end. */
static void show_fixes(struct kd_buf *out, const char *body, size_t len)
{
	struct kd_fixes f = KD_FIXES_INIT;
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	size_t i, end;

	kd_inbody_headers(&from, &subject, &end, body, len);
	kd_buf_release(&from);
	kd_buf_release(&subject);
	kd_fixes_parse(&f, body + end, len - end);
	for (i = 0; i < f.nr; i++)
		kd_buf_addf(out, "%s|%s\n", f.v[i].commit,
			    f.v[i].subject ? f.v[i].subject : "(null)");
	if (f.stable)
		kd_buf_addstr(out, "stable\n");
	kd_fixes_release(&f);
}

static void test_fixes_table(void **state)
{
	(void)state;
	CHECK_CASES(fixes_cases, show_fixes);
}

static void test_fixes_hostile(void **state)
{
	struct kd_fixes f = KD_FIXES_INIT;
	struct kd_buf b = KD_BUF_INIT;
	clock_t start = clock();
	size_t i;
	static const char nul[] =
		"Fixes: abcdef123456 (\"a\0b\")\n"
		"Fixes:\0 123456789a\nCc: stable@kernel.org\0x\n";

	(void)state;
	/* a subject of a megabyte is cut, on a character's boundary */
	kd_buf_addstr(&b, "Fixes: abcdef123456 (\"");
	for (i = 0; i < 512 * 1024; i++)
		kd_buf_addstr(&b, "\xc3\xa9");
	kd_buf_addstr(&b, "\")\n");
	kd_fixes_parse(&f, b.buf, b.len);
	assert_int_equal(f.nr, 1);
	assert_true(strlen(f.v[0].subject) <= KD_FIX_SUBJECT_MAX);
	assert_true(strlen(f.v[0].subject) >= KD_FIX_SUBJECT_MAX - 1);
	assert_int_equal(strlen(f.v[0].subject) % 2, 0);
	kd_fixes_release(&f);

	/* 100,000 Fixes lines: KD_FIXES_MAX of them */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b, "Fixes: %012zx (\"x\")\n", i + 0x100000000000);
	kd_fixes_parse(&f, b.buf, b.len);
	assert_int_equal(f.nr, KD_FIXES_MAX);
	kd_fixes_release(&f);

	/* 100,000 lines of prose before a Cc */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "Fixes nothing, Cc nobody.\n");
	kd_buf_addstr(&b, "Cc: stable@vger.kernel.org\n");
	kd_fixes_parse(&f, b.buf, b.len);
	assert_int_equal(f.nr, 0);
	assert_true(f.stable);
	kd_fixes_release(&f);
	assert_false(f.stable);

	kd_fixes_parse(&f, nul, sizeof(nul) - 1);
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.v[0].subject, "a");
	assert_true(f.stable);
	kd_fixes_release(&f);
	kd_buf_release(&b);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

/* b4's change-id: the id, or "(none)" */
static const struct text_case change_id_cases[] = {
	{"cover letter footer",
	 "Text.\n\n---\nA (1):\n  x\n\n x | 1 +\n 1 file changed\n---\n"
	 "base-commit: 0123456789abcdef0123456789abcdef01234567\n"
	 "change-id: 20240221-foo-bar-0123abcdef\n\nBest regards,\n-- \nA\n",
	 "20240221-foo-bar-0123abcdef"},
	{"single patch, after the diff",
	 "Msg\n---\n x | 1 +\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n"
	 "@@ -1 +1 @@\n-a\n+b\n\n---\nbase-commit: 0123\n"
	 "change-id: 20231130-kvm_x86-v1.1_2\n",
	 "20231130-kvm_x86-v1.1_2"},
	{"key in any case, blanks around", "---\nChange-ID:   20240101-x  \n",
	 "20240101-x"},
	{"the first of two",
	 "---\nchange-id: 20240101-a\nchange-id: 20240102-b\n", "20240101-a"},
	{"before the separator", "change-id: 20240101-a\n", "(none)"},
	{"gerrit's",
	 "Msg\n\nChange-Id: I0123456789abcdef0123456789abcdef01234567\n---\n"
	 "Change-Id: I0123456789abcdef0123456789abcdef01234567\n",
	 "(none)"},
	{"no date",
	 "---\nchange-id: 2024-foo\nchange-id: 20240101\n"
	 "change-id: 20240101-\n",
	 "(none)"},
	{"a blank inside", "---\nchange-id: 20240101-foo bar\n", "(none)"},
	{"other characters", "---\nchange-id: 20240101-foo/bar\n", "(none)"},
	{"indented", "---\n change-id: 20240101-foo\n", "(none)"},
	{"crlf", "---\r\nchange-id: 20240101-foo\r\n", "20240101-foo"},
	{"none", "Msg\n---\nbase-commit: 1234\n", "(none)"},
	{"empty", "", "(none)"},
};

static void show_change_id(struct kd_buf *out, const char *text, size_t len)
{
	show_found(out, kd_change_id(out, text, len));
}

static void test_change_id_table(void **state)
{
	(void)state;
	CHECK_CASES(change_id_cases, show_change_id);
}

static void test_change_id_hostile(void **state)
{
	struct kd_buf b = KD_BUF_INIT, got = KD_BUF_INIT;
	clock_t start = clock();
	size_t i;
	static const char nul[] =
		"---\nchange-id: 20240101-a\0b\nchange-id: 20240101-c\n";

	(void)state;
	kd_buf_addstr(&b, "---\nchange-id: 20240101-");
	kd_buf_addchars(&b, 'a', 1024 * 1024);
	kd_buf_addch(&b, '\n');
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "change-id:\n");
	assert_int_equal(kd_change_id(&got, b.buf, b.len), 0);
	kd_buf_addstr(&b, "change-id: 20240101-last\n");
	assert_int_equal(kd_change_id(&got, b.buf, b.len), 1);
	assert_string_equal(got.buf, "20240101-last");
	kd_buf_reset(&got);
	assert_int_equal(kd_change_id(&got, nul, sizeof(nul) - 1), 1);
	assert_string_equal(got.buf, "20240101-c");
	kd_buf_release(&b);
	kd_buf_release(&got);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trailers_table),
		cmocka_unit_test(test_trailers_append),
		cmocka_unit_test(test_trailers_length_bounds),
		cmocka_unit_test(test_trailers_hostile),
		cmocka_unit_test(test_fixes_table),
		cmocka_unit_test(test_fixes_hostile),
		cmocka_unit_test(test_change_id_table),
		cmocka_unit_test(test_change_id_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
