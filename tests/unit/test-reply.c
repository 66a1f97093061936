#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "reply.h"

/*
 * The cases marked "ppc.git <commit>" copy the lines they need from a mail
 * of the kvm-ppc archive (2019-2025), the public-inbox commit named;
 * "KVM-shaped" ones are written as lore's KVM list has them.
 */

/* Own text */

struct own_case {
	const char *name;
	const char *text;
	const char *own;
};

static const struct own_case own_cases[] = {
	{"empty", "", ""},
	{"only blank lines", "\n \n\t\n", ""},
	{"plain text", "Looks good.\n", "Looks good.\n"},
	{"no final newline", "Looks good.", "Looks good.\n"},
	{"quoted lines", "a\n> quoted\nb\n", "a\nb\n"},
	{"quote with blanks before it", "a\n   > quoted\n\t>x\nb\n", "a\nb\n"},
	{"nested quotes", "> > deep\n>> deeper\n> shallow\nmine\n", "mine\n"},
	{"a '>' inside a line is text", "if a > b then\n", "if a > b then\n"},
	{"attribution stays",
	 "On Mon, 1 Jan 2024, X wrote:\n> patch\n\nQueued, thanks.\n",
	 "On Mon, 1 Jan 2024, X wrote:\n\nQueued, thanks.\n"},
	{"blank runs are one, ends trimmed",
	 "\n\nfirst\n\n> q\n\n\nsecond\n\n\n", "first\n\nsecond\n"},
	{"signature with its blank", "text\n-- \nSean\n", "text\n"},
	{"signature without the blank", "text\n--\nhttps://x/tree/next\n",
	 "text\n"},
	{"signature line with a CR", "text\n-- \r\nsig\n", "text\n"},
	{"two blanks after dashes is text", "text\n--  \nmore\n",
	 "text\n--  \nmore\n"},
	{"three dashes is text", "text\n---\nmore\n", "text\n---\nmore\n"},
	{"outlook separator",
	 "Top post.\n-----Original Message-----\nFrom: x\n"
	 "old text\n",
	 "Top post.\n"},
	{"outlook separator, other case and dashes",
	 "Top.\n  ----- original MESSAGE ---  \nold\n", "Top.\n"},
	{"outlook separator in German",
	 "Oben.\n-----Urspr\xc3\xbcngliche Nachricht-----\nalt\n", "Oben.\n"},
	{"one dash is no separator", "a\n-Original Message-\nb\n",
	 "a\n-Original Message-\nb\n"},
	{"outlook from and sent after text",
	 "I agree.\n\nFrom: Lena Marsh <l@example.org>\nSent: Thursday\n"
	 "To: kvm\nSubject: x\n\nold unquoted text\n",
	 "I agree.\n"},
	{"outlook sent four lines after from",
	 "Mine.\nFrom: A\nTo: b\nCc: c\nSubject: d\nSent: e\nold\n", "Mine.\n"},
	{"sent five lines after from is text",
	 "Mine.\nFrom: A\n1\n2\n3\n4\nSent: e\n",
	 "Mine.\nFrom: A\n1\n2\n3\n4\nSent: e\n"},
	{"a from line alone is text", "Mine.\nFrom: A\nmore\n",
	 "Mine.\nFrom: A\nmore\n"},
	{"outlook in German", "Ja.\nVon: A\nGesendet: Montag\nalt\n", "Ja.\n"},
	/* tests/mail/24-outlook-reply-from-sent.eml, decoded */
	{"outlook header quoted",
	 "> From: Lena Marsh <lena.marsh@example.org>\n"
	 "> Sent: Thursday, February 8, 2024 6:02 PM\n"
	 "> To: kvm@vger.kernel.org\n"
	 "> Subject: [PATCH v2 3/4] KVM: x86: Add a quirk for the stale MTRR "
	 "state\n>\n> Add a quirk so that old userspace keeps the stale MTRR "
	 "state.\n\nLooks good, but please spell out which VMMs need the "
	 "quirk.\n\nOlivier\n",
	 "Looks good, but please spell out which VMMs need the quirk.\n\n"
	 "Olivier\n"},
	/* tests/mail/24b-outlook-reply-unquoted.eml */
	{"outlook header opening an inline reply",
	 "From: Lena Marsh <lena.marsh@example.org>\n"
	 "Sent: Thursday, February 8, 2024 6:02 PM\n"
	 "To: kvm@vger.kernel.org\n"
	 "Subject: [PATCH v2 3/4] KVM: x86: Add a quirk for the stale MTRR "
	 "state\n\n> Add a quirk so that old userspace keeps the stale MTRR "
	 "state.\n\nOne more thing: the quirk needs a line in api.rst.\n\n"
	 "Olivier\n",
	 "One more thing: the quirk needs a line in api.rst.\n\nOlivier\n"},
	{"list footer",
	 "Applied.\n\n_______________________________________________\n"
	 "kvm-riscv mailing list\nkvm-riscv@lists.infradead.org\n"
	 "http://lists.infradead.org/mailman/listinfo/kvm-riscv\n",
	 "Applied.\n"},
	{"list footer after a blank line",
	 "Text.\n_______________\n\nhttps://lists.example.org/listinfo/x\n",
	 "Text.\n"},
	{"underscores without a list are text",
	 "Name\n________________________\nMijn naam is\n",
	 "Name\n________________________\nMijn naam is\n"},
	{"short underscores are text", "a\n______________\nkvm mailing list\n",
	 "a\n______________\nkvm mailing list\n"},
	{"a lone CR inside a line is kept", "a\rb\n> q\n", "a\rb\n"},
	{"quoted signature is no end", "> -- \n> sig\nmine\n", "mine\n"},
	/* ppc.git 7d983634621722c363c7adf05a517106999fcea3 */
	{"top-posted ping above a Chinese attribution",
	 "Ping...\n\n\xe5\x9c\xa8 2021/6/4 16:13, yangerkun \xe5\x86\x99\xe9"
	 "\x81\x93:\n> Commit 2ed0ff8b5e91 (\"KVM: PPC: ...\n",
	 "Ping...\n\n\xe5\x9c\xa8 2021/6/4 16:13, yangerkun \xe5\x86\x99\xe9"
	 "\x81\x93:\n"},
};

static void test_own_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(own_cases) / sizeof(*own_cases); i++) {
		const struct own_case *c = &own_cases[i];
		struct kd_buf out = KD_BUF_INIT;
		int bad;

		kd_reply_own_text(&out, c->text, strlen(c->text));
		bad = out.len != strlen(c->own) ||
		      memcmp(out.buf, c->own, out.len);
		if (bad) {
			char msg[2048];

			snprintf(msg, sizeof(msg), "%s: got <%s>, want <%s>",
				 c->name, out.buf, c->own);
			kd_buf_release(&out);
			fail_msg("%s", msg);
		}
		kd_buf_release(&out);
	}
}

static void test_own_appends_and_bounds(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	const char text[] = "mine\n> theirs\nmore";

	(void)state;
	kd_buf_addstr(&out, "before\n");
	/* only `len` bytes are read: "more" is not */
	kd_reply_own_text(&out, text, strlen(text) - 4);
	assert_string_equal(out.buf, "before\nmine\n");
	kd_buf_release(&out);
}

static void test_own_nul_bytes(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	const char text[] = "a\0b\n> q\0x\n\0\n";

	(void)state;
	kd_reply_own_text(&out, text, sizeof(text) - 1);
	assert_int_equal(out.len, 6);
	assert_memory_equal(out.buf, "a\0b\n\0\n", 6);
	kd_buf_release(&out);
}

static void test_own_long_line(void **state)
{
	struct kd_buf text = KD_BUF_INIT, out = KD_BUF_INIT;

	(void)state;
	kd_buf_addchars(&text, 'x', 1024 * 1024);
	kd_buf_addstr(&text, "\n> quoted\n");
	kd_buf_addchars(&text, '>', 1024 * 1024);
	kd_buf_addstr(&text, "\nend");
	kd_reply_own_text(&out, text.buf, text.len);
	assert_int_equal(out.len, 1024 * 1024 + 5);
	assert_memory_equal(out.buf + 1024 * 1024, "\nend\n", 5);
	kd_buf_release(&text);
	kd_buf_release(&out);
}

/* Acceptances */

struct accept_case {
	const char *name;
	const char *text; /* the reply; its own text is taken first */
	int accepted;
	const char *tree, *release, *what; /* NULL: none named */
	const char *commits;		   /* ids, each followed by ' ' */
	const char *patches;		   /* "i/n commit|- title\n" each */
};

#define ATTRIBUTION "On Fri, 09 Feb 2024 14:56:05 -0800, A Person wrote:\n"
#define QUOTE	    "> Some text of the patch.\n>\n> [...]\n\n"

/* KVM-shaped: b4's "thank you" as Sean Christopherson sends it */
#define B4_KVM_X86                                                             \
	ATTRIBUTION QUOTE                                                      \
		"Applied to kvm-x86 mmu, thanks!\n\n"                          \
		"[1/3] KVM: x86/mmu: Retry fault before acquiring mmu_lock\n"  \
		"      https://github.com/kvm-x86/linux/commit/d02c357e5bfa\n" \
		"[2/3] KVM: x86/mmu: Move private vs. shared check\n"          \
		"      https://github.com/kvm-x86/linux/commit/BA6E3FE25543\n" \
		"[3/3] KVM: x86/mmu: Don't acquire mmu_lock\n"                 \
		"      "                                                       \
		"https://github.com/kvm-x86/linux/commit/9a3f2a2b10c6\n\n"     \
		"--\nhttps://github.com/kvm-x86/linux/tree/next\n"

/* KVM-shaped: Marc Zyngier's and Oliver Upton's b4 */
#define B4_ARM64                                                               \
	ATTRIBUTION QUOTE                                                      \
		"Applied to next, thanks!\n\n"                                 \
		"[1/3] KVM: arm64: Fix one thing\n      commit: "              \
		"0a1b2c3d4e5f\n"                                               \
		"[2/3] KVM: arm64: Fix another\n      commit: 1b2c3d4e5f60\n"  \
		"[3/3] KVM: arm64: Fix a third\n      (no commit info)\n\n"    \
		"Cheers,\n\n\tM.\n-- \nWithout deviation from the norm, "      \
		"progress is "                                                 \
		"not possible.\n\n[4/4] after the signature\n      commit: "   \
		"ffffffff\n"

/* ppc.git 0273dd58fc10ff17b710e2d334429e54c2534dda */
#define PPC_ELLERMAN                                                           \
	"On Fri, 3 Jul 2020 11:19:55 +1000, Nicholas Piggin wrote:\n"          \
	"> It was suggested that I post this to a wider audience on account "  \
	"of\n> [...]\n\nApplied to powerpc/next.\n\n"                          \
	"[1/3] powerpc: Remove stale calc_vm_prot_bits() comment\n"            \
	"      https://git.kernel.org/powerpc/c/"                              \
	"f4ac1774f2cba44994ce9ac0a65772e4656ac2df\n"                           \
	"[2/3] powerpc/64s: Remove PROT_SAO support\n"                         \
	"      https://git.kernel.org/powerpc/c/"                              \
	"5c9fa16e8abd342ce04dc830c1ebb2a03abf6c05\n"                           \
	"[3/3] powerpc/64s/hash: Disable subpage_prot syscall by default\n"    \
	"      https://git.kernel.org/powerpc/c/"                              \
	"63396ada804c676e070bd1b8663046f18698ab27\n\ncheers\n"

static const struct accept_case accept_cases[] = {
	{"b4 for kvm-x86", B4_KVM_X86, 1, "kvm-x86 mmu", NULL, NULL,
	 "d02c357e5bfa ba6e3fe25543 9a3f2a2b10c6 ",
	 "1/3 d02c357e5bfa KVM: x86/mmu: Retry fault before acquiring "
	 "mmu_lock\n"
	 "2/3 ba6e3fe25543 KVM: x86/mmu: Move private vs. shared check\n"
	 "3/3 9a3f2a2b10c6 KVM: x86/mmu: Don't acquire mmu_lock\n"},
	{"b4 for arm64, a patch without a commit", B4_ARM64, 1, "next", NULL,
	 NULL, "0a1b2c3d4e5f 1b2c3d4e5f60 ",
	 "1/3 0a1b2c3d4e5f KVM: arm64: Fix one thing\n"
	 "2/3 1b2c3d4e5f60 KVM: arm64: Fix another\n"
	 "3/3 - KVM: arm64: Fix a third\n"},
	{"b4 naming the repository",
	 ATTRIBUTION QUOTE
	 "Applied to https://github.com/kvm-x86/linux.git (mmu), thanks!\n\n"
	 "[1/1] KVM: x86: Fix\n      commit: 0123abcd\n",
	 1, "https://github.com/kvm-x86/linux.git (mmu)", NULL, NULL,
	 "0123abcd ", "1/1 0123abcd KVM: x86: Fix\n"},
	{"ppc.git 0273dd58: Michael Ellerman's b4", PPC_ELLERMAN, 1,
	 "powerpc/next", NULL, NULL,
	 "f4ac1774f2cba44994ce9ac0a65772e4656ac2df "
	 "5c9fa16e8abd342ce04dc830c1ebb2a03abf6c05 "
	 "63396ada804c676e070bd1b8663046f18698ab27 ",
	 "1/3 f4ac1774f2cba44994ce9ac0a65772e4656ac2df powerpc: Remove stale "
	 "calc_vm_prot_bits() comment\n"
	 "2/3 5c9fa16e8abd342ce04dc830c1ebb2a03abf6c05 powerpc/64s: Remove "
	 "PROT_SAO support\n"
	 "3/3 63396ada804c676e070bd1b8663046f18698ab27 powerpc/64s/hash: "
	 "Disable subpage_prot syscall by default\n"},
	/* ppc.git 245a7774baf8c9b8b2207be47b6488976cda39b7 */
	{"ppc.git 245a7774: series applied, a bare URL",
	 "On Wed, 2019-09-11 at 11:57:43 UTC, Michael Ellerman wrote:\n"
	 "> In some configurations of KVM, guests binary patch themselves\n\n"
	 "Series applied to powerpc next.\n\n"
	 "https://git.kernel.org/powerpc/c/"
	 "0cb0837f9db1a6ed5b764ef61dd5f1a314b8231a\n\ncheers\n",
	 1, "powerpc next", NULL, "Series",
	 "0cb0837f9db1a6ed5b764ef61dd5f1a314b8231a ", ""},
	/* ppc.git 0c2ea7936a30eab6033c32ed5efd0f346cb3e524 */
	{"ppc.git 0c2ea793: my branch",
	 "On Wed, Jan 22, 2020 at 10:25:42AM +0530, Bharata B Rao wrote:\n"
	 "> When migrate_vma_setup() fails in kvmppc_svm_page_out(),\n\n"
	 "Thanks, applied to my kvm-ppc-next branch.\n\nPaul.\n",
	 1, "kvm-ppc-next", NULL, NULL, "", ""},
	/* ppc.git 41fa3e20a4c547583ac267c04daa1fbc06249f89 */
	{"ppc.git 41fa3e20: patch ranges, a sentence after",
	 "On 09/10/21 04:11, Sean Christopherson wrote:\n> Overhaul\n\n"
	 "Queued 1-20 and 22-28.  Initially I skipped 21 because I didn't "
	 "receive it.\n\nPaolo\n",
	 1, NULL, NULL, "1-20 and 22-28", "", ""},
	/* ppc.git c2251eab0df7b63b958396eaa5323605f63a69c4 */
	{"ppc.git c2251eab: pr-tracker-bot",
	 "The pull request you sent on Tue,  2 Nov 2021 14:54:22 +0100:\n\n"
	 "> git://git.kernel.org/pub/scm/linux/kernel/git/gfs2/linux-gfs2.git "
	 "tags/gfs2-v5.15-rc5-mmap-fault\n\n"
	 "has been merged into torvalds/linux.git:\n"
	 "https://git.kernel.org/torvalds/c/"
	 "6edb6ba333d31bb42d9ab8b1b6ff1c5ecbc3813c\n\nThank you!\n\n-- \n"
	 "Deet-doot-dot, I am a bot.\n",
	 1, "torvalds/linux.git", NULL, NULL,
	 "6edb6ba333d31bb42d9ab8b1b6ff1c5ecbc3813c ", ""},
	/* ppc.git 8c053c6475fb3e1993b1159aa850588b4677854e */
	{"ppc.git 8c053c64: no stop, a branch URL is no commit",
	 "On Fri, Jun 23, 2023 at 01:57:50PM +1000, Gavin Shan wrote:\n"
	 "> Allow to specify properties\n\nApplied to arm/queue\n\n"
	 "https://gitlab.com/jones-drew/kvm-unit-tests/-/commits/arm/queue\n\n"
	 "Thanks,\ndrew\n",
	 1, "arm/queue", NULL, NULL, "", ""},
	/* ppc.git 15b1ae222eb54b15e5a1c240e30ab2f870a65acf */
	{"ppc.git 15b1ae22: I've applied, on the second line",
	 "On Tue, May 18, 2021 at 08:03:17AM -0400, Shivaprasad G Bhat "
	 "wrote:\n> Move the definitions\n\n"
	 "This is a reasonable cleanup regardless of the rest of the series, "
	 "so\nI've applied this to ppc-for-6.1.\n",
	 1, "ppc-for-6.1", NULL, "this", "", ""},
	{"applied, thanks", "Applied, thanks.\n", 1, NULL, NULL, NULL, "", ""},
	{"thanks, applied", "Thanks, applied.\n", 1, NULL, NULL, NULL, "", ""},
	{"queued, thanks", ATTRIBUTION QUOTE "Queued, thanks.\n\nPaolo\n", 1,
	 NULL, NULL, NULL, "", ""},
	{"queued for a release", "Queued for 6.9.\n", 1, NULL, "6.9", NULL, "",
	 ""},
	{"queued this series for Linux-6.10",
	 "Queued this series for Linux-6.10\n\nThanks,\nAnup\n", 1, NULL,
	 "Linux-6.10", "this series", "", ""},
	{"queued as fixes", "Queued this patch as fixes for Linux-6.9-rcX\n", 1,
	 NULL, "Linux-6.9-rcX", "this patch", "", ""},
	{"series applied to powerpc/next",
	 "Series applied to powerpc/next, thanks.\n", 1, "powerpc/next", NULL,
	 "Series", "", ""},
	{"patches 1-3 applied", "Patches 1-3 applied to kvm/queue.\n", 1,
	 "kvm/queue", NULL, "Patches 1-3", "", ""},
	{"pushed to kvm/master", "Pushed to kvm/master.\n", 1, "kvm/master",
	 NULL, NULL, "", ""},
	{"picked up for 6.10", "Picked up for 6.10, thanks\n", 1, NULL, "6.10",
	 NULL, "", ""},
	{"I've queued patches 1-4", "I've queued patches 1-4.\n", 1, NULL, NULL,
	 "patches 1-4", "", ""},
	{"curly apostrophe", "I\xe2\x80\x99ve applied it to kvm/next.\n", 1,
	 "kvm/next", NULL, "it", "", ""},
	{"I queued, a maintainer's word", "I queued this, but reworded it.\n",
	 1, NULL, NULL, "this", "", ""},
	{"tree, then release, then with",
	 "Applied to vfio next branch for v5.6 with Paul's R-b.  Thanks,\n", 1,
	 "vfio next", "v5.6", NULL, "", ""},
	{"the tree, with a remark",
	 "Applied to the hmm tree with the modification I noted\n", 1, "hmm",
	 NULL, NULL, "", ""},
	{"a greeting first, then a sentence",
	 "Hi Sean,\n\nLooks good to me. Applied to kvm/next!\n", 1, "kvm/next",
	 NULL, NULL, "", ""},
	{"a greeting on the line", "Hi all, queued for 6.8.\n", 1, NULL, "6.8",
	 NULL, "", ""},
	{"names alone first", "Paolo,\n\nPushed to kvm/queue for now.\n", 1,
	 "kvm/queue", NULL, NULL, "", ""},
	{"wrapped attribution",
	 "On Fri, 27 Sep 2019 13:53:32 +0200\nGreg Kurz <groug@kaod.org> "
	 "wrote:\n> x\n\nApplied, thanks!\n",
	 1, NULL, NULL, NULL, "", ""},
	{"quoting attribution",
	 "Quoting A Person (2024-01-01 10:00:00):\n> x\n\nMerged into "
	 "kvm/next.\n",
	 1, "kvm/next", NULL, NULL, "", ""},
	{"a pull request pulled", "Pulled, thanks.\n", 1, NULL, NULL, NULL, "",
	 ""},
	{"I pulled is a tester's", "I pulled your branch and it boots.\n", 0,
	 NULL, NULL, NULL, "", ""},
	{"the fixup", "Applied the fixup to kvm-x86 mmu, thanks!\n", 1,
	 "kvm-x86 mmu", NULL, "the fixup", "", ""},
	/* ppc.git afa933dba5770e528af69dea25935463d43f899b */
	{"ppc.git afa933db: taken in my branch",
	 "I have taken this patch in my kvm-ppc-next branch.\n", 1,
	 "kvm-ppc-next", NULL, "this patch", "", ""},
	{"in a tree with a slash", "Queued in kvm/queue.\n", 1, "kvm/queue",
	 NULL, NULL, "", ""},
	{"in what names no tree", "Applied in my setup.\n", 0, NULL, NULL, NULL,
	 "", ""},
	/* ppc.git 1f7bc2d47366a02f159c96d0c974a4c9afb25b80 */
	{"ppc.git 1f7bc2d4: I pushed another fix in my branch",
	 "I pushed the fix in my QEMU branch :\n", 0, NULL, NULL, NULL, "", ""},
	{"for the next cycle", "Queued for the next cycle, thanks.\n", 1, NULL,
	 NULL, NULL, "", ""},
	{"for a spin is a tester's",
	 "I've taken your patch for a spin and it works.\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"and pushed", "Applied and pushed to kvm/next.\n", 1, "kvm/next", NULL,
	 NULL, "", ""},
	{"and a pull request",
	 "Thanks, series applied to my kvm-ppc-next branch and pull request "
	 "sent.\n",
	 1, "kvm-ppc-next", NULL, "series", "", ""},
	{"ids each once, lowercased, of three forms",
	 "Applied.\n\ncommit: ABCDEF1\nsee https://x/commit/abcdef1 and "
	 "https://git.kernel.org/pub/scm/virt/kvm/kvm.git/commit/"
	 "?id=1234567890abcdef\n",
	 1, NULL, NULL, NULL, "abcdef1 1234567890abcdef ", ""},
	{"ids too short, too long or in words",
	 "Applied.\ncommit: abc123\n"
	 "https://x/c/0123456789012345678901234567890123456789a\n"
	 "https://x/c/0123456xyz\nhttps://x/commit/deadbeefcafe_\n",
	 1, NULL, NULL, NULL, "", ""},
	{"ids before the line are not its",
	 "https://x/commit/1111111\nApplied.\nhttps://x/commit/2222222\n", 1,
	 NULL, NULL, NULL, "2222222 ", ""},
	{"zero-padded b4 counters",
	 "Applied.\n[01/15] perf: a\n        https://x/c/78d76819e6f0\n", 1,
	 NULL, NULL, NULL, "78d76819e6f0 ", "1/15 78d76819e6f0 perf: a\n"},
	/* what is no acceptance */
	{"I applied your patch and it crashes",
	 "I applied your patch and it crashes.\n", 0, NULL, NULL, NULL, "", ""},
	{"I've applied your patch and it crashes",
	 "I've applied your patch and it crashes.\n", 0, NULL, NULL, NULL, "",
	 ""},
	{"applied on top and tested",
	 "Applied on top of kvm/next and tested, works for me\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"applied and tested", "Applied and tested, thanks.\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"applied locally", "Applied locally, it builds.\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"applied to a local tree", "Applied to my local tree.\n", 0, NULL,
	 NULL, NULL, "", ""},
	{"doesn't apply", "This doesn't apply to kvm/next\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"a question", "Can this be applied to 6.1 too?\n", 0, NULL, NULL, NULL,
	 "", ""},
	{"a question at the end", "Applied to 6.1 too?\n", 0, NULL, NULL, NULL,
	 "", ""},
	{"a bare question", "applied?\n", 0, NULL, NULL, NULL, "", ""},
	{"once applied", "Once this is applied, the rest can go.\n", 0, NULL,
	 NULL, NULL, "", ""},
	{"quoted", "> Applied, thanks\n\nBut this breaks the build.\n", 0, NULL,
	 NULL, NULL, "", ""},
	{"not applied yet", "Not applied yet.\n", 0, NULL, NULL, NULL, "", ""},
	{"not applied, after the subject", "Series not applied.\n", 0, NULL,
	 NULL, NULL, "", ""},
	{"a line deep in the mail",
	 "Hi,\n\nOne.\nTwo.\nThree.\nApplied, thanks.\n", 0, NULL, NULL, NULL,
	 "", ""},
	{"a word's object that is none",
	 "Applied Nick's suggestions and added a new patch\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"more than five words of tree",
	 "Applied to the tree I keep on my laptop at home\n", 0, NULL, NULL,
	 NULL, "", ""},
	{"applied to nothing", "Applied to, thanks\n", 0, NULL, NULL, NULL, "",
	 ""},
	{"a word of its own", "Applied-by: x\nQueuedness\n", 0, NULL, NULL,
	 NULL, "", ""},
	/* ppc.git 1f1cb670f8a9ac77493f5b46ba2a937dec5ed371 */
	{"ppc.git 1f1cb670: an author applied a review",
	 "On 6/7/19 1:48 AM, Madhavan Srinivasan wrote:\n> x\n\nThanks Maddy. "
	 "I applied that change to the next version.\n\nClaudio\n",
	 0, NULL, NULL, NULL, "", ""},
	/* ppc.git 9e47e13442790e69d333401131e01e0af386b51f */
	{"ppc.git 9e47e134: merged in the next version",
	 "Makes sense. I merged them in the next version. Thanks.\n", 0, NULL,
	 NULL, NULL, "", ""},
	/* ppc.git 13b4f29b61cb3a332ee15eb3fb742e2dc6e10540 */
	{"ppc.git 13b4f29b: a tester's clause",
	 "Hi Jing,\n\nI'm not sure if this is because I've applied your "
	 "patches on a\ndifferent base than the one you're using\n",
	 0, NULL, NULL, NULL, "", ""},
	/* ppc.git 5c97612ca2ea9928bc6a5b2e0c2d0407e92c0555 */
	{"ppc.git 5c97612c: another patch queued",
	 "Fabiano Rosas <farosas@linux.ibm.com> writes:\n> x\n\nI have this "
	 "queued:\n  https://patchwork.ozlabs.org/patch/1253390/\n",
	 0, NULL, NULL, NULL, "", ""},
	/* ppc.git 2b7e6329e61b9c9d8ff25b83a2379f373f5fa22b */
	{"ppc.git 2b7e6329: a tester",
	 "I applied these 4, compiled, installed, rebooted, tried running a "
	 "guest\n",
	 0, NULL, NULL, NULL, "", ""},
	/* ppc.git 91e3a05ffda9e5f720ce6843e93112f63904b2d0 */
	{"ppc.git 91e3a05f: picked up later",
	 "Should be fine to fix this when the patch gets picked up. With the "
	 "value\nfixed:\n",
	 0, NULL, NULL, NULL, "", ""},
	{"empty", "", 0, NULL, NULL, NULL, "", ""},
};

static void render_acceptance(struct kd_buf *b, const struct kd_acceptance *a)
{
	size_t k;

	kd_buf_addf(b, "tree=<%s> release=<%s> what=<%s> commits=<",
		    a->tree ? a->tree : "(null)",
		    a->release ? a->release : "(null)",
		    a->what ? a->what : "(null)");
	for (k = 0; k < a->commits_nr; k++)
		kd_buf_addf(b, "%s ", a->commits[k]);
	kd_buf_addstr(b, "> patches=<");
	for (k = 0; k < a->patches_nr; k++)
		kd_buf_addf(b, "%u/%u %s %s\n", a->patches[k].index,
			    a->patches[k].total,
			    a->patches[k].commit ? a->patches[k].commit : "-",
			    a->patches[k].title);
	kd_buf_addstr(b, ">");
}

static void test_accept_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(accept_cases) / sizeof(*accept_cases); i++) {
		const struct accept_case *c = &accept_cases[i];
		struct kd_buf own = KD_BUF_INIT, got = KD_BUF_INIT,
			      want = KD_BUF_INIT;
		struct kd_acceptance a;
		int r;

		kd_reply_own_text(&own, c->text, strlen(c->text));
		r = kd_reply_acceptance(&a, own.buf, own.len);
		render_acceptance(&got, &a);
		kd_buf_addf(&want,
			    "tree=<%s> release=<%s> what=<%s> commits=<%s> "
			    "patches=<%s>",
			    c->tree ? c->tree : "(null)",
			    c->release ? c->release : "(null)",
			    c->what ? c->what : "(null)", c->commits,
			    c->patches);
		if (r != c->accepted || strcmp(got.buf, want.buf)) {
			char msg[4096];

			snprintf(msg, sizeof(msg),
				 "%s: got %d %s\n      want %d %s", c->name, r,
				 got.buf, c->accepted, want.buf);
			kd_buf_release(&got);
			kd_buf_release(&want);
			kd_buf_release(&own);
			kd_acceptance_release(&a);
			fail_msg("%s", msg);
		}
		if (r)
			assert_non_null(a.line);
		else
			assert_null(a.line);
		kd_acceptance_release(&a);
		kd_buf_release(&got);
		kd_buf_release(&want);
		kd_buf_release(&own);
	}
}

static void test_accept_line_and_release(void **state)
{
	const char *own = "On 1/1/24, X wrote:\n\n  Queued, thanks.  \n";
	struct kd_acceptance a;

	(void)state;
	assert_int_equal(kd_reply_acceptance(&a, own, strlen(own)), 1);
	assert_string_equal(a.line, "Queued, thanks.");
	kd_acceptance_release(&a);
	/* released, it is empty and can be released again */
	assert_null(a.line);
	assert_null(a.commits);
	assert_int_equal(a.commits_nr, 0);
	kd_acceptance_release(&a);
}

static void test_accept_sanitized(void **state)
{
	/*
	 * Escapes and C1 controls never reach a tree or a title: a C0
	 * control ends a tree (and what follows makes no acceptance), a C1
	 * one is U+FFFD.
	 */
	const char *own = "Applied to kvm\xc2\x9b/next, thanks.\n"
			  "[1/1] KVM: \x1b]0;x\x07 title\xc2\x9b\n";
	const char *esc = "Applied to kvm\x1b[2J/next, thanks.\n";
	struct kd_acceptance a;

	(void)state;
	assert_int_equal(kd_reply_acceptance(&a, esc, strlen(esc)), 0);
	kd_acceptance_release(&a);
	assert_int_equal(kd_reply_acceptance(&a, own, strlen(own)), 1);
	assert_string_equal(a.tree, "kvm\xef\xbf\xbd/next");
	assert_int_equal(a.patches_nr, 1);
	assert_string_equal(a.patches[0].title,
			    "KVM: ^[]0;x^G title\xef\xbf\xbd");
	kd_acceptance_release(&a);
}

static void test_accept_nul_and_cr(void **state)
{
	const char own[] = "Applied to kvm\0/next\n";
	const char cr[] = "Hi,\r\n\rApplied\rto\rkvm/next,\rthanks\r\n";
	struct kd_acceptance a;

	(void)state;
	/* a NUL ends neither the line nor the text, but is no tree's */
	assert_int_equal(kd_reply_acceptance(&a, own, sizeof(own) - 1), 0);
	kd_acceptance_release(&a);
	/* a lone CR is a blank */
	assert_int_equal(kd_reply_acceptance(&a, cr, sizeof(cr) - 1), 1);
	assert_string_equal(a.tree, "kvm/next");
	kd_acceptance_release(&a);
}

static void test_accept_bounded(void **state)
{
	struct kd_buf own = KD_BUF_INIT;
	struct kd_acceptance a;
	size_t i;

	(void)state;
	kd_buf_addstr(&own, "Applied, thanks ");
	kd_buf_addchars(&own, 'x', 1024 * 1024);
	kd_buf_addstr(&own, "\n[1/1] ");
	kd_buf_addchars(&own, 'y', 4096);
	kd_buf_addch(&own, '\n');
	for (i = 0; i < KD_ACCEPT_COMMITS_MAX + 10; i++)
		kd_buf_addf(&own, "commit: %08zx\ncommit: %08zx\n", i, i);
	assert_int_equal(kd_reply_acceptance(&a, own.buf, own.len), 1);
	assert_int_equal(strlen(a.line), KD_ACCEPT_TEXT_MAX);
	assert_int_equal(strlen(a.patches[0].title), KD_ACCEPT_TEXT_MAX);
	assert_string_equal(a.patches[0].commit, "00000000");
	assert_int_equal(a.commits_nr, KD_ACCEPT_COMMITS_MAX);
	assert_string_equal(a.commits[KD_ACCEPT_COMMITS_MAX - 1], "000003ff");
	kd_acceptance_release(&a);

	/* a tree of a megabyte is none */
	kd_buf_reset(&own);
	kd_buf_addstr(&own, "Applied to ");
	kd_buf_addchars(&own, 'k', 1024 * 1024);
	kd_buf_addstr(&own, ", thanks\n");
	assert_int_equal(kd_reply_acceptance(&a, own.buf, own.len), 0);
	kd_acceptance_release(&a);
	kd_buf_release(&own);
}

static void test_accept_title_cut_on_character(void **state)
{
	struct kd_buf own = KD_BUF_INIT;
	struct kd_acceptance a;

	(void)state;
	kd_buf_addstr(&own, "Applied.\n[1/1] ");
	kd_buf_addchars(&own, 'a', KD_ACCEPT_TEXT_MAX - 1);
	kd_buf_addstr(&own, "\xc3\xa9\xc3\xa9\n"); /* é across the cut */
	assert_int_equal(kd_reply_acceptance(&a, own.buf, own.len), 1);
	assert_int_equal(strlen(a.patches[0].title), KD_ACCEPT_TEXT_MAX - 1);
	kd_acceptance_release(&a);
	kd_buf_release(&own);
}

/* Pings */

struct ping_case {
	const char *name;
	const char *text; /* the reply; its own text is taken first */
	int ping;
};

static const struct ping_case ping_cases[] = {
	{"ping", "Ping\n", 1},
	{"ping with a comma, no greeting", "Ping,\n\nAlice\n", 1},
	{"gentle ping", "Hi Paolo,\n\nGentle ping\n\nThanks,\nAlice\n", 1},
	{"friendly ping?", ATTRIBUTION QUOTE "Friendly ping?\n", 1},
	{"kind ping", "Kind ping.\n", 1},
	{"ping^2", "ping^2\n", 1},
	{"ping x3", "Ping x3 :)\n", 1},
	{"any comments?", "Any comments?\n", 1},
	{"any feedback on this series",
	 "Any feedback on this series?\n\nRegards,\nBob Smith\n", 1},
	{"gentle reminder", "Gentle reminder\n", 1},
	{"hi, just a reminder", "Hi, just a reminder about this series\n", 1},
	{"ping with a name", "Ping Paolo?\n", 1},
	{"names, then ping", "Michael, Fred, ping?\n", 1},
	{"a request on the first line",
	 "Could someone please take a look at this?\n", 1},
	{"any chance", "Any chance someone can review this ?\n\nCheers,\n", 1},
	/* ppc.git d4b62722847b3254c6f81d33537edc329ac01530 */
	{"ppc.git d4b62722: wrapped attribution, ping ?",
	 "On Fri, 27 Sep 2019 13:53:32 +0200\nGreg Kurz <groug@kaod.org> "
	 "wrote:\n\n> On POWER9, the VP id space is limited\n\nPing ?\n\n"
	 "Cheers,\n\n--\nGreg\n",
	 1},
	/* ppc.git 726fefc2748cc81467999dd52ff8a01ba6088a19 */
	{"ppc.git 726fefc2: any comments, top-posted",
	 "Hi,\n\nAny comments on this patchset? Anything specific to be "
	 "addressed\nbefore it could be considered for inclusion?\n\n"
	 "Regards,\nBharata.\n\nOn Mon, Oct 19, 2020 at 04:56:40PM +0530, "
	 "Bharata B Rao wrote:\n> This patchset adds support for the new "
	 "hcall H_RPT_INVALIDATE\n",
	 1},
	/* ppc.git 479102833bf572cc504e040df36fb4c3adc2c6c2 */
	{"ppc.git 47910283: a reminder on the third line",
	 "On Thu, Jul 14, 2022 at 06:18:19PM +1000, Alexey Kardashevskiy "
	 "wrote:\n> Here is another take on iommu_ops on POWER\n\n"
	 "It has been a little while - and I think this series is still "
	 "badly\nneeded by powerpc, right?\n\nSo, reminder.\n\nThanks,\n"
	 "Jason\n",
	 1},
	/* ppc.git 7d983634621722c363c7adf05a517106999fcea3 */
	{"ppc.git 7d983634: above a Chinese attribution",
	 "Ping...\n\n\xe5\x9c\xa8 2021/6/4 16:13, yangerkun \xe5\x86\x99\xe9"
	 "\x81\x93:\n> Commit 2ed0ff8b5e91 (\"KVM: PPC: ...\n",
	 1},
	/* what is no ping */
	{"mapping", "This mapping is wrong.\n", 0},
	{"pinging", "Pinging the other CPU is needed here.\n", 0},
	{"ping the CPU", "Ping the other CPU first.\n", 0},
	{"shipping", "We are shipping this.\n", 0},
	{"bump the version", "Bump the version here.\n", 0},
	{"ping an address", "Ping 192.168.1.10\n", 0},
	{"a review with ping in it",
	 "Looks good, but the pinging of vCPUs in kvm_vcpu_kick() is\n"
	 "racy.\n",
	 0},
	{"a long mail starting with ping",
	 "Ping.\nThis series fixes a crash.\nIt is needed for 6.10.\n"
	 "Please take it.\nOtherwise guests die.\n",
	 0},
	{"short lines before a sentence are no names",
	 "Ping.\nOne.\nTwo.\nThree.\nAnd the fourth sentence.\n", 0},
	{"a name of two lines ends a ping",
	 "Ping.\n\nBest regards,\n\tMaxim Levitsky\n\tRed Hat\n", 1},
	{"a ping of too many bytes",
	 "Ping, and let me write a really long explanation of why I think "
	 "this series is needed, and why it has to go in now, and who "
	 "depends on it, and what happens if it does not, and so on, and so "
	 "on, and so on, and on and on and on and on and on and on, until "
	 "the four hundred bytes that a ping may have are well and truly "
	 "gone by, which takes rather more words than one would think it "
	 "does, and then some more.\n",
	 0},
	{"a request later is no ping",
	 "This needs a word on why it does not need the hooks.\n\n"
	 "Marc, can you review and/or advise?\n",
	 0},
	{"any chance you have", "Any chance you have the debug info?\n", 0},
	{"quoted ping", "> Ping\n\nLooks good.\n", 0},
	{"empty", "", 0},
	{"only greetings", "Hi,\n\nThanks,\nAlice\n", 0},
};

static void test_ping_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ping_cases) / sizeof(*ping_cases); i++) {
		const struct ping_case *c = &ping_cases[i];
		struct kd_buf own = KD_BUF_INIT;
		int r;

		kd_reply_own_text(&own, c->text, strlen(c->text));
		r = kd_reply_is_ping(own.buf, own.len);
		kd_buf_release(&own);
		if (r != c->ping)
			fail_msg("%s: got %d, want %d", c->name, r, c->ping);
	}
}

static void test_ping_bounds(void **state)
{
	struct kd_buf own = KD_BUF_INIT;
	const char nul[] = "Ping\0\n";

	(void)state;
	/* only `len` bytes are read */
	assert_int_equal(kd_reply_is_ping("Ping\nOne\nTwo\nThree\nFour\n", 5),
			 1);
	/* a NUL is no punctuation: "Ping" and a byte of its own */
	assert_int_equal(kd_reply_is_ping(nul, sizeof(nul) - 1), 0);
	kd_buf_addstr(&own, "Ping ");
	kd_buf_addchars(&own, 'x', 1024 * 1024);
	assert_int_equal(kd_reply_is_ping(own.buf, own.len), 0);
	kd_buf_release(&own);
}

/* Linear time: texts that would make a careless reading quadratic. */

/* CPU time, which the other loads of a shared machine do not stretch */
static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const heavy_lines[] = {
	"Hi,\n",		  /* greetings are skipped, not counted */
	"On a line that waits\n", /* an attribution's look-ahead */
	"From: x\n",		  /* Outlook's look-ahead */
	"_______________\n",	  /* a footer's look-ahead */
	"commit: 0123456789ab\n", /* the same id again and again */
	"commit: %012zx\n",	  /* ids, each another (numbered) */
	"[1/2] title\n",	  /* b4's lines */
	"a. b. c. d. e. f. g.\n", /* sentences */
	"> quoted\n",
};

static double run_heavy(size_t lines)
{
	struct kd_buf text = KD_BUF_INIT, own = KD_BUF_INIT;
	struct kd_acceptance a;
	double start, total = 0;
	size_t kind, i;

	for (kind = 0; kind < sizeof(heavy_lines) / sizeof(*heavy_lines);
	     kind++) {
		kd_buf_reset(&text);
		kd_buf_reset(&own);
		kd_buf_addstr(&text, "Applied.\n");
		for (i = 0; i < lines; i++)
			if (strchr(heavy_lines[kind], '%'))
				kd_buf_addf(&text, "commit: %012zx\n", i);
			else
				kd_buf_addstr(&text, heavy_lines[kind]);
		start = seconds();
		kd_reply_own_text(&own, text.buf, text.len);
		(void)kd_reply_acceptance(&a, own.buf, own.len);
		kd_acceptance_release(&a);
		(void)kd_reply_is_ping(own.buf, own.len);
		/* and on the text itself, as if it were all own text */
		(void)kd_reply_acceptance(&a, text.buf + 9, text.len - 9);
		kd_acceptance_release(&a);
		(void)kd_reply_is_ping(text.buf + 9, text.len - 9);
		total += seconds() - start;
	}
	kd_buf_release(&text);
	kd_buf_release(&own);
	return total;
}

/* The best of three runs. */
static double best_heavy(size_t lines)
{
	double best = 0;
	int k;

	for (k = 0; k < 3; k++) {
		double t = run_heavy(lines);

		if (!k || t < best)
			best = t;
	}
	return best;
}

static void test_linear(void **state)
{
	double small, large;

	(void)state;
	small = best_heavy(12500);
	large = best_heavy(100000);
	/*
	 * 8 times the lines take about 8 times as long (0.3 s here, 1 s
	 * under ASan); a quadratic step would take 64 times as long.
	 */
	if (large > 10.0 || large > 32 * small + 0.05)
		fail_msg("100,000 lines took %.3f s, 12,500 took %.3f s", large,
			 small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_table),
		cmocka_unit_test(test_own_appends_and_bounds),
		cmocka_unit_test(test_own_nul_bytes),
		cmocka_unit_test(test_own_long_line),
		cmocka_unit_test(test_accept_table),
		cmocka_unit_test(test_accept_line_and_release),
		cmocka_unit_test(test_accept_sanitized),
		cmocka_unit_test(test_accept_nul_and_cr),
		cmocka_unit_test(test_accept_bounded),
		cmocka_unit_test(test_accept_title_cut_on_character),
		cmocka_unit_test(test_ping_table),
		cmocka_unit_test(test_ping_bounds),
		cmocka_unit_test(test_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
