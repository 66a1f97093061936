#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "text-cases.h"
#include "lore.h"

/*
 * Lines marked "real" are copied from the kvm-ppc archive of lore (the
 * public-inbox commit that holds the mail is named).
 */

/* kd_lore_url() */

static void test_url(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_lore_url(&b, "https://lore.kernel.org/kvm/", "a/b+c@d");
	assert_string_equal(b.buf, "https://lore.kernel.org/kvm/a%2Fb%2Bc@d/");
	kd_buf_release(&b);
}

/* kd_lore_msgid() */

/* A URL's message id, or "(none)"; the URL names the case. */
#define URL_CASE(url, want)                                                    \
	{                                                                      \
		url, url, want                                                 \
	}

static const struct text_case msgid_cases[] = {
	URL_CASE("https://lore.kernel.org/kvm/20240101.123-1-a@b.com/",
		 "20240101.123-1-a@b.com"),
	URL_CASE("https://lore.kernel.org/kvm/20240101.123-1-a@b.com",
		 "20240101.123-1-a@b.com"),
	URL_CASE("https://lore.kernel.org/r/"
		 "20211223211931.3560887-1-farosas@linux.ibm.com",
		 "20211223211931.3560887-1-farosas@linux.ibm.com"),
	URL_CASE("https://lore.kernel.org/all/x@y/T/#u", "x@y"),
	URL_CASE("https://lore.kernel.org/kvm/x@y/t.mbox.gz", "x@y"),
	URL_CASE("https://lore.kernel.org/linuxppc-dev/"
		 "1592606622-29884-1-git-send-email-"
		 "linuxram@us.ibm.com/#r",
		 "1592606622-29884-1-git-send-email-linuxram@us.ibm.com"),
	URL_CASE("https://lkml.kernel.org/r/"
		 "cover.1632171478.git.maciej.szmigiero@oracle.com",
		 "cover.1632171478.git.maciej.szmigiero@oracle.com"),
	URL_CASE("https://patch.msgid.link/20240101-x-v2-1-abc@kernel.org",
		 "20240101-x-v2-1-abc@kernel.org"),
	URL_CASE("http://lore.kernel.org/kvm/x@y/", "x@y"),
	URL_CASE("HTTPS://LORE.KERNEL.ORG/kvm/X@Y/", "X@Y"),
	URL_CASE("https://patchwork.ozlabs.org/project/kvm-ppc/patch/"
		 "20220701061751.1955857-1-aik@ozlabs.ru/",
		 "20220701061751.1955857-1-aik@ozlabs.ru"),
	URL_CASE("https://inbox.example.org:8080/list/x@y/?q=1", "x@y"),
	URL_CASE("https://lore.kernel.org/kvm/a%2Fb%2Bc@d/", "a/b+c@d"),
	URL_CASE("https://lore.kernel.org/kvm/abc%40example.com/",
		 "abc@example.com"),
	URL_CASE("https://lore.kernel.org/kvm/x@y%zz%4/", "x@y%zz%4"),
	URL_CASE("https://lore.kernel.org/kvm/CAHk-=wh+x@mail.gmail.com/",
		 "CAHk-=wh+x@mail.gmail.com"),
	/* what follows a URL in prose */
	URL_CASE("https://lore.kernel.org/r/x@y).", "x@y"),
	URL_CASE("https://lore.kernel.org/r/x@y>,", "x@y"),
	URL_CASE("https://lore.kernel.org/r/x@y], and more", "x@y"),
	URL_CASE("https://lore.kernel.org/r/x@y\"", "x@y"),
	URL_CASE("https://lore.kernel.org/r/x@y/) text", "x@y"),
	URL_CASE("https://lore.kernel.org/r/x@y<br>", "x@y"),
	/* not a message */
	URL_CASE("https://lore.kernel.org/kvm/", "(none)"),
	URL_CASE("https://lore.kernel.org/kvm/?q=a@b", "(none)"),
	URL_CASE("https://lore.kernel.org/kvm/#a@b", "(none)"),
	URL_CASE("https://user@example.org/x/y", "(none)"),
	URL_CASE("https://github.com/torvalds/linux/commit/1234", "(none)"),
	/* real: c4cf5cee; a list's address, not a message id */
	URL_CASE("https://www.mail-archive.com/linuxppc-dev@lists.ozlabs.org/"
		 "msg152842.html",
		 "(none)"),
	URL_CASE("ftp://lore.kernel.org/kvm/x@y/", "(none)"),
	URL_CASE("lore.kernel.org/kvm/x@y/", "(none)"),
	URL_CASE("see https://lore.kernel.org/kvm/x@y/", "(none)"),
	URL_CASE("https://", "(none)"),
	URL_CASE("https:///x@y", "x@y"),
	URL_CASE("https://lore.kernel.org/kvm/x%20y@z/", "(none)"),
	URL_CASE("https://lore.kernel.org/kvm/x%00@z/", "(none)"),
	URL_CASE("https://lore.kernel.org/kvm/x%0a@z/", "(none)"),
	URL_CASE("https://lore.kernel.org/kvm/%3Cx@z%3E/", "(none)"),
	URL_CASE("", "(none)"),
};

static void show_msgid(struct kd_buf *out, const char *url, size_t len)
{
	show_found(out, kd_lore_msgid(out, url, len));
}

static void test_msgid_table(void **state)
{
	(void)state;
	CHECK_CASES(msgid_cases, show_msgid);
}

static void test_msgid_appends_and_bounds(void **state)
{
	struct kd_buf got = KD_BUF_INIT, url = KD_BUF_INIT;
	const char *u =
		"https://lore.kernel.org/r/x@y/ https://lore.kernel.org/r/z@w/";

	(void)state;
	kd_buf_addstr(&got, "id:");
	assert_int_equal(kd_lore_msgid(&got, u, strlen(u)), 1);
	assert_string_equal(got.buf, "id:x@y");
	/* only `len` bytes are read */
	assert_int_equal(kd_lore_msgid(&got, u, 28), 1);
	assert_string_equal(got.buf, "id:x@yx@");
	/* a failure leaves `out` as it was */
	assert_int_equal(
		kd_lore_msgid(&got, "https://lore.kernel.org/r/x%20@y", 32), 0);
	assert_string_equal(got.buf, "id:x@yx@");

	/* an id of KD_LORE_MSGID_MAX bytes, and one more */
	kd_buf_reset(&got);
	kd_buf_addstr(&url, "https://lore.kernel.org/r/");
	kd_buf_addchars(&url, 'a', KD_LORE_MSGID_MAX - 2);
	kd_buf_addstr(&url, "@b");
	assert_int_equal(kd_lore_msgid(&got, url.buf, url.len), 1);
	assert_int_equal(got.len, KD_LORE_MSGID_MAX);
	kd_buf_reset(&got);
	kd_buf_addstr(&url, "c/");
	assert_int_equal(kd_lore_msgid(&got, url.buf, url.len), 0);
	assert_int_equal(got.len, 0);
	kd_buf_release(&got);
	kd_buf_release(&url);
}

static void test_msgid_inverts_url(void **state)
{
	static const char *const ids[] = {
		"20240101.123-1-a@b.com",
		"a/b+c@d",
		"x%y@z",
		"CAHk-=wh?#&@x",
		"caf\xc3\xa9@example.org",
		"q\"uote@x",
		"a..b@c.",
		"ends-in-paren)@x)",
		"[1]@x.",
		"@",
		"a@b/../c",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		struct kd_buf url = KD_BUF_INIT, got = KD_BUF_INIT;

		kd_lore_url(&url, "https://lore.kernel.org/kvm/", ids[i]);
		assert_int_equal(kd_lore_msgid(&got, url.buf, url.len), 1);
		assert_string_equal(got.buf, ids[i]);
		/*
		 * without the final '/' too, unless the id ends in what ends
		 * a sentence; and with "T/#u" after it
		 */
		kd_buf_reset(&got);
		assert_int_equal(kd_lore_msgid(&got, url.buf, url.len - 1), 1);
		if (!strchr(").", ids[i][strlen(ids[i]) - 1]))
			assert_string_equal(got.buf, ids[i]);
		kd_buf_reset(&got);
		kd_buf_addstr(&url, "T/#u");
		assert_int_equal(kd_lore_msgid(&got, url.buf, url.len), 1);
		assert_string_equal(got.buf, ids[i]);
		kd_buf_release(&url);
		kd_buf_release(&got);
	}
}

/* kd_version_links(): the output as "id vN" lines. */

#define LORE "https://lore.kernel.org/r/"

static const struct text_case links_cases[] = {
	/* b4's changelog */
	{"link to v1",
	 "Changes in v2:\n- Fix it\n- Link to v1: " LORE
	 "20240101-x-v1-0-abc@kernel.org\n",
	 "20240101-x-v1-0-abc@kernel.org v1\n"},
	{"vN colon URL", "v3: " LORE "a@x\nV2: " LORE "b@x\n",
	 "a@x v3\nb@x v2\n"},
	{"glued to RFC and PATCH",
	 "RFCv2: " LORE "a@x\nPATCHv3 was " LORE "b@x\nRFC v1 at " LORE "c@x\n",
	 "a@x v2\nb@x v3\nc@x v1\n"},
	{"changes since", "Changes since v3 (" LORE "a@x):\n- none\n",
	 "a@x v3\n"},
	{"version N", "Version 4 is at " LORE "a@x\nrevision 2: " LORE "b@x\n",
	 "a@x v4\nb@x v2\n"},
	{"previous, without a number",
	 "Previous version: " LORE "a@x\nThe last revision: " LORE "b@x\n"
	 "Earlier iteration " LORE "c@x\nprev series: " LORE "d@x\n"
	 "Original posting: " LORE "e@x\n",
	 "a@x v0\nb@x v0\nc@x v0\nd@x v0\ne@x v0\n"},
	{"RFC followed by a link", "RFC: " LORE "a@x\nThe RFC " LORE "b@x\n",
	 "a@x v0\nb@x v0\n"},
	{"nearest version before the URL", "v1: " LORE "a@x, v2: " LORE "b@x\n",
	 "a@x v1\nb@x v2\n"},
	{"version after the URL", LORE "a@x (v3)\n", "a@x v3\n"},
	{"arrow", "v1 -> v2: " LORE "a@x\n", "a@x v2\n"},
	{"any message URL",
	 "v2: https://lkml.kernel.org/r/a@x\nv1: https://patch.msgid.link/b@x\n"
	 "v0: https://inbox.example.org/list/c%40x/T/#t\n",
	 "a@x v2\nb@x v1\nc@x v0\n"},
	/* real: 9cbe1bee; a heading, the URL on the next line */
	{"heading, next line",
	 "- patch 4 is new. It fixes an issue with module refcounting.\n\nv1:\n"
	 "https://lore.kernel.org/r/"
	 "20211223211931.3560887-1-farosas@linux.ibm.com\n"
	 "\nFabiano Rosas (4):\n",
	 "20211223211931.3560887-1-farosas@linux.ibm.com v1\n"},
	/* real: 3f667f20; a blank line between */
	{"heading, blank line, URL",
	 "v1:\n\nhttps://lkml.kernel.org/r/"
	 "20210305231055.2913892-1-farosas@linux.ibm.com\n---\n",
	 "20210305231055.2913892-1-farosas@linux.ibm.com v1\n"},
	/* real: 3e9d4b52; a bullet before it */
	{"heading, bulleted URL",
	 "v5:\n  * "
	 "https://lkml.kernel.org/r/"
	 "cover.1632171478.git.maciej.szmigiero@oracle.com\n"
	 "  * Rebase onto v5.15-rc2 (torvalds/master),\n",
	 "cover.1632171478.git.maciej.szmigiero@oracle.com v5\n"},
	{"heading with words", "Link to v1:\n  <" LORE "a@x>\n", "a@x v1\n"},
	/* real: 2897312e */
	{"a Link line under a heading without a colon",
	 "Changes from v2\nLink: https://lore.kernel.org/all/"
	 "20250115143948.369379-1-vaibhav@linux.ibm.com/\n"
	 "* Fixed a build warning reported by kernel test robot at [4]\n",
	 "20250115143948.369379-1-vaibhav@linux.ibm.com v2\n"},
	{"a Link line under a colon heading", "v3:\n\n  Link: " LORE "a@x\n",
	 "a@x v3\n"},
	/* real: ee839b07 (cut); a bare heading, its changes, then its link */
	{"bare heading, changes, link",
	 "Changes since v4:\n- moved setting of the Cause bits under "
	 "BOOK3S_INTERRUPT_H_FAC_UNAVAIL.\n\nv4:\n\n- now passing lpcr "
	 "separately into load_l2_hv_regs to solve the\n  conflict with commit "
	 "a19b70abc69a (\"KVM: PPC: Book3S HV: Nested move\n  LPCR sanitising "
	 "to sanitise_hv_regs\");\n\n- patch 2 now forwards a HEAI instead of "
	 "injecting a Program.\n\n"
	 "https://lkml.kernel.org/r/"
	 "20210722221240.2384655-1-farosas@linux.ibm.com\n\n"
	 "v3:\n\n- removed the sanitise functions;\n\n"
	 "https://lkml.kernel.org/r/"
	 "20210415230948.3563415-1-farosas@linux.ibm.com\n\n"
	 "v1:\nhttps://lkml.kernel.org/r/"
	 "20210305231055.2913892-1-farosas@linux.ibm.com\n",
	 "20210722221240.2384655-1-farosas@linux.ibm.com v4\n"
	 "20210415230948.3563415-1-farosas@linux.ibm.com v3\n"
	 "20210305231055.2913892-1-farosas@linux.ibm.com v1\n"},
	/* real: c79f6508 */
	{"part of an RFC",
	 "merge. Originally, this was part of an RFC:\n"
	 "https://lore.kernel.org/linux-mm/"
	 "20201001181715.17416-1-rcampbell@nvidia.com\n"
	 "and is changed to only make device private struct page reference\n",
	 "20201001181715.17416-1-rcampbell@nvidia.com v0\n"},
	/* real: bd81cfaf */
	{"v0 and a fragment",
	 "v0: "
	 "https://lore.kernel.org/linuxppc-dev/20200703104420.21349-1-bharata@"
	 "linux.ibm.com/T/#m1800c5f5b3d4f6a154ae58fc1c617c06f286358f\n",
	 "20200703104420.21349-1-bharata@linux.ibm.com v0\n"},
	{"footnote after", "Changes since v1 [1]:\n- x\n\n[1] " LORE "a@x\n",
	 "a@x v1\n"},
	{"footnote before",
	 "[2]: " LORE "b@x\nThe previous version is at [2].\n", "b@x v0\n"},
	{"footnote on the next line", "v2 [1]\n\n[1]\n  " LORE "a@x\n",
	 "a@x v2\n"},
	{"footnote with a title",
	 "v1 is [3].\n[3] \"KVM: x: y\"\n    " LORE "a@x/\n", "a@x v1\n"},
	{"star footnote", "v1[*]\n[*] " LORE "a@x\n", "a@x v1\n"},
	{"footnote, first definition wins",
	 "v1 [1]\n[1] " LORE "a@x\n[1] " LORE "b@x\n", "a@x v1\n"},
	{"footnotes cited twice, and one undefined",
	 "v1 [1] [1] [4], v2 [2]\n[1] " LORE "a@x\n[2] - " LORE "b@x\n",
	 "a@x v1\nb@x v2\n"},
	{"each id once", "v1: " LORE "a@x\nv1 again: " LORE "a@x/T/\n",
	 "a@x v1\n"},
	/* counter-examples */
	{"no version on the line",
	 "Based on " LORE "a@x\nLink: " LORE "b@x\n" LORE "c@x\n", ""},
	{"a dependency names a version",
	 "This series applies on top of v3 of X:\n" LORE "a@x\n"
	 "Depends on v2 " LORE "b@x\nBased on v1: " LORE "c@x\n"
	 "Prerequisite (v4): " LORE "d@x\nRequires v2 of " LORE "e@x\n",
	 ""},
	/* real: 8dc4e942 */
	{"a dependency list",
	 "Dependency:\n  1: p10 kvm base enablement\n     "
	 "https://lore.kernel.org/linuxppc-dev/"
	 "20200602055325.6102-1-alistair@popple.id.au\n",
	 ""},
	/* real: b6f54307; the title names a version, the line does not end in
	   ':' */
	{"a quoted subject above a URL",
	 "This series applies on top of the Ram's one titled:\n"
	 "\"PATCH v3 0/4] Migrate non-migrated pages of a SVM.\"\n"
	 "https://lore.kernel.org/linuxppc-dev/"
	 "1592606622-29884-1-git-send-email-"
	 "linuxram@us.ibm.com/#r\n",
	 ""},
	/* real: aa2e6d6f; footnotes cited on lines naming no version */
	{"footnotes of prose",
	 "at [1]. These stats counters are exposed via a new bit-flag\n\n[1]\n"
	 "https://lore.kernel.org/all/"
	 "20241222140247.174998-2-vaibhav@linux.ibm.com\n",
	 ""},
	{"a version line without a URL", "v2: changed foo\nv3:\n- more\n", ""},
	{"not a message URL", "v2: https://github.com/x/y/tree/v2\n", ""},
	{"kernel releases are no versions",
	 "Tested on v6.8 " LORE "a@x\nOn v6.9-rc1: " LORE "b@x\n", ""},
	{"a version inside the URL only",
	 "  " LORE "20240101-x-v2-1-abc@kernel.org\n", ""},
	{"RFC of a standard", "RFC 5322: " LORE "a@x\nRFC2045 " LORE "b@x\n",
	 ""},
	{"words that are no version",
	 "v1234: " LORE "a@x\nxv2: " LORE "b@x\nvia " LORE "c@x\n"
	 "previous discussion: " LORE "d@x\nversion: " LORE "e@x\n",
	 ""},
	{"non-bare heading, then text",
	 "Link to v1:\n- something\n" LORE "a@x\n", ""},
	{"heading ends at the next version line",
	 "v1:\n- x\nv2 is the same as v1\n" LORE "a@x\n", ""},
	{"heading ended by a dependency", "v1:\nBased on\n" LORE "a@x\n", ""},
	{"heading without a colon", "the v2 patches\n" LORE "a@x\n", ""},
	{"a Link line, not the next one",
	 "Changes from v2\n- x\nLink: " LORE "a@x\n", ""},
	{"a Link line with more words",
	 "Changes from v2\nLink to it: " LORE "a@x\n"
	 "Bug link: " LORE "b@x\n",
	 ""},
	{"a Link line with no version line", "Fixed\nLink: " LORE "a@x\n", ""},
	{"after the diff", "diff --git a/x b/x\nv1: " LORE "a@x\n", ""},
	{"crlf", "v1: " LORE "a@x\r\nv2:\r\n" LORE "b@x\r\n",
	 "a@x v1\nb@x v2\n"},
	{"empty", "", ""},
};

static void show_links(struct kd_buf *out, const char *text, size_t len)
{
	struct kd_version_links l = KD_VERSION_LINKS_INIT;
	size_t i;

	kd_version_links(&l, text, len);
	for (i = 0; i < l.nr; i++)
		kd_buf_addf(out, "%s v%d\n", l.v[i].message_id, l.v[i].version);
	kd_version_links_release(&l);
}

static void test_links_table(void **state)
{
	(void)state;
	CHECK_CASES(links_cases, show_links);
}

static void test_links_heading_reach(void **state)
{
	struct kd_version_links l = KD_VERSION_LINKS_INIT;
	struct kd_buf b = KD_BUF_INIT;
	size_t lines, i;

	(void)state;
	/* a link within reach of its heading, and one line too far */
	for (lines = KD_VERSION_HEADING_REACH;
	     lines <= KD_VERSION_HEADING_REACH + 1; lines++) {
		kd_buf_reset(&b);
		kd_buf_addstr(&b, "v4:\n");
		for (i = 0; i < lines; i++)
			kd_buf_addstr(&b, "- a change\n");
		kd_buf_addstr(&b, LORE "a@x\n");
		kd_version_links(&l, b.buf, b.len);
		assert_int_equal(l.nr, lines == KD_VERSION_HEADING_REACH);
		kd_version_links_release(&l);
	}
	kd_buf_release(&b);
}

static void test_links_append(void **state)
{
	struct kd_version_links l = KD_VERSION_LINKS_INIT;
	const char *t = "v1: " LORE "a@xy\n";

	(void)state;
	kd_version_links(&l, t, strlen(t));
	kd_version_links(&l, t, strlen(t));
	assert_int_equal(l.nr, 2);
	/* only `len` bytes are read */
	kd_version_links(&l, t, strlen(t) - 2);
	assert_int_equal(l.nr, 3);
	assert_string_equal(l.v[2].message_id, "a@x");
	kd_version_links_release(&l);
	assert_null(l.v);
	kd_version_links_release(&l);
}

static void test_links_hostile(void **state)
{
	struct kd_version_links l = KD_VERSION_LINKS_INIT;
	struct kd_buf b = KD_BUF_INIT;
	clock_t start = clock();
	size_t i;
	static const char nul[] = "v1: " LORE "a@x\0b\nv2\0: " LORE "c@x\n"
				  "v3: " LORE "d%00@x\n";

	(void)state;
	/* 10,000 footnotes, each cited ten times on one version line */
	kd_buf_addstr(&b, "v1:");
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b, " [%zu]", i % 10000);
	kd_buf_addch(&b, '\n');
	for (i = 0; i < 10000; i++)
		kd_buf_addf(&b, "[%zu] " LORE "%zu@x\n", i, i);
	kd_version_links(&l, b.buf, b.len);
	assert_int_equal(l.nr, KD_VERSION_LINKS_MAX);
	assert_string_equal(l.v[0].message_id, "0@x");
	kd_version_links_release(&l);

	/* a megabyte of version tokens, then a URL of a megabyte */
	kd_buf_reset(&b);
	for (i = 0; i < 256 * 1024; i++)
		kd_buf_addstr(&b, "v1 ");
	kd_buf_addstr(&b, LORE);
	kd_buf_addchars(&b, 'a', 1024 * 1024);
	kd_buf_addstr(&b, "@x\n");
	kd_version_links(&l, b.buf, b.len);
	assert_int_equal(l.nr, 0);

	/* 100,000 version lines: KD_VERSION_LINKS_MAX links, then it stops */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b, "v%zu: " LORE "%zu@x\n", i % 1000, i);
	kd_version_links(&l, b.buf, b.len);
	assert_int_equal(l.nr, KD_VERSION_LINKS_MAX);
	kd_version_links_release(&l);

	/* 100,000 lines citing one footnote, then 100,000 headings */
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "v1: [1]\n");
	kd_buf_addstr(&b, "[1] " LORE "z@x\n");
	for (i = 0; i < 100000; i++)
		kd_buf_addstr(&b, "v2:\n\n");
	kd_buf_addstr(&b, LORE "y@x\n");
	kd_version_links(&l, b.buf, b.len);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[0].message_id, "z@x");
	assert_int_equal(l.v[1].version, 2);
	kd_version_links_release(&l);

	/* NUL bytes: a URL ends at one, an id holding one is none */
	kd_version_links(&l, nul, sizeof(nul) - 1);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[0].message_id, "a@x");
	assert_string_equal(l.v[1].message_id, "c@x");
	kd_version_links_release(&l);
	kd_buf_release(&b);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_msgid_table),
		cmocka_unit_test(test_msgid_appends_and_bounds),
		cmocka_unit_test(test_msgid_inverts_url),
		cmocka_unit_test(test_links_table),
		cmocka_unit_test(test_links_heading_reach),
		cmocka_unit_test(test_links_append),
		cmocka_unit_test(test_links_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
