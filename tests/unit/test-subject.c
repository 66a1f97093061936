#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subject.h"

struct subject_case {
	const char *subject;
	int is_reply;
	int is_patch;
	int rfc;
	int resend;
	int version;
	int index;
	int total;
	const char *prefixes;
	const char *title;
};

/* subject, reply, patch, rfc, resend, version, index, total, prefixes, title */
static const struct subject_case cases[] = {
	/* Replies */
	{"Re: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"RE: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"AW: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Re: Re: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Re[2]: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Fwd: [PATCH] x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"FW: x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Antw: Sv: VS: x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Re : x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"re:x", 1, 0, 0, 0, 1, -1, -1, "", "x"},
	{"Re: [PATCH v2 3/5] KVM: x", 1, 0, 0, 0, 2, 3, 5, "", "KVM: x"},
	/* Words that only look like markers */
	{"Read: x", 0, 0, 0, 0, 1, -1, -1, "", "Read: x"},
	{"Re[x]: y", 0, 0, 0, 0, 1, -1, -1, "", "Re[x]: y"},
	{"[PATCH] Re: x", 0, 1, 0, 0, 1, -1, -1, "", "Re: x"},
	/* Groups */
	{"[PATCH] x", 0, 1, 0, 0, 1, -1, -1, "", "x"},
	{"[PATCH][RESEND] x", 0, 1, 0, 1, 1, -1, -1, "", "x"},
	{"[PATCH] [RFC] x", 0, 1, 1, 0, 1, -1, -1, "", "x"},
	{"[PATCH v5.1 10/12] x", 0, 1, 0, 0, 5, 10, 12, "", "x"},
	{"[PATCH net-next, 0/2] x", 0, 1, 0, 0, 1, 0, 2, "net-next", "x"},
	{"[PATCH v9 7/6] x", 0, 1, 0, 0, 9, 7, 6, "", "x"},
	{"[PATCH 024/375] x", 0, 1, 0, 0, 1, 24, 375, "", "x"},
	{"[PATCH 00/37] x", 0, 1, 0, 0, 1, 0, 37, "", "x"},
	{"[RFC PATCH v2 00/37] guest_memfd: In-place conversion support", 0, 1,
	 1, 0, 2, 0, 37, "", "guest_memfd: In-place conversion support"},
	{"[kvm-unit-tests PATCH v2 3/5] x", 0, 1, 0, 0, 2, 3, 5,
	 "kvm-unit-tests", "x"},
	{"[PATCHv3 1/2] x", 0, 1, 0, 0, 3, 1, 2, "", "x"},
	{"[PATCH1/8] x", 0, 1, 0, 0, 1, 1, 8, "", "x"},
	{"[RFC/PATCH] x", 0, 1, 1, 0, 1, -1, -1, "", "x"},
	{"[PATCH/RFC] x", 0, 1, 1, 0, 1, -1, -1, "", "x"},
	/* the byte before PATCH is a separator only when it is ASCII */
	{"[\xc3\xa9PATCH] x", 0, 1, 0, 0, 1, -1, -1, "\xc3\xa9", "x"},
	{"[RFC\xef\xbf\xbdPATCH] x", 0, 1, 0, 0, 1, -1, -1,
	 "RFC\xef\xbf\xbd", "x"},
	{"[PATCH-v4] x", 0, 1, 0, 0, 4, -1, -1, "", "x"},
	{"[PATCHSET] x", 0, 1, 0, 0, 1, -1, -1, "", "x"},
	{"[PATCHES 2/3] x", 0, 1, 0, 0, 1, 2, 3, "", "x"},
	{"[PATCHSETv2] x", 0, 1, 0, 0, 2, -1, -1, "", "x"},
	{"[PATCH RESEND v2] x", 0, 1, 0, 1, 2, -1, -1, "", "x"},
	{"[patch V3 resend rfc] x", 0, 1, 1, 1, 3, -1, -1, "", "x"},
	{"[PATCH REBASED v5 0/3] x", 0, 1, 0, 0, 5, 0, 3, "", "x"},
	{"[PATCH REPOST 2/2] x", 0, 1, 0, 1, 1, 2, 2, "", "x"},
	{"[PATCH AUTOSEL 6.6 30/52] x", 0, 1, 0, 0, 1, 30, 52, "AUTOSEL 6.6", "x"},
	{"[ PATCH ] x", 0, 1, 0, 0, 1, -1, -1, "", "x"},
	{"[] [PATCH] x", 0, 1, 0, 0, 1, -1, -1, "", "x"},
	{"[PATCH v0] x", 0, 1, 0, 0, 0, -1, -1, "", "x"},
	{"[PATCH 6.1.y 1/2] x", 0, 1, 0, 0, 1, 1, 2, "6.1.y", "x"},
	{"[PATCH for-next v2,1/3] x", 0, 1, 0, 0, 2, 1, 3, "for-next", "x"},
	{"[PATCH] KVM: x86: fix [bug]", 0, 1, 0, 0, 1, -1, -1, "",
	 "KVM: x86: fix [bug]"},
	{" \t [PATCH v2]   a  \t b  ", 0, 1, 0, 0, 2, -1, -1, "", "a b"},
	{"[PATCH] KVM: Ünïcödé — titre", 0, 1, 0, 0, 1, -1, -1, "",
	 "KVM: Ünïcödé — titre"},
	/* Not patches */
	{"[GIT PULL] KVM fixes", 0, 0, 0, 0, 1, -1, -1, "GIT PULL",
	 "KVM fixes"},
	{"[Bug 221031] New: Windows 11 ...", 0, 0, 0, 0, 1, -1, -1,
	 "Bug 221031", "New: Windows 11 ..."},
	{"[DISPATCH] x", 0, 0, 0, 0, 1, -1, -1, "DISPATCH", "x"},
	{"[patchwork] x", 0, 0, 0, 0, 1, -1, -1, "patchwork", "x"},
	{"[PATCH v2 x", 0, 0, 0, 0, 1, -1, -1, "", "[PATCH v2 x"},
	{"[agraf-2.6:kexec-cma 1/2] kernel/x", 0, 0, 0, 0, 1, 1, 2,
	 "agraf-2.6:kexec-cma", "kernel/x"},
	{"KVM: x86: plain", 0, 0, 0, 0, 1, -1, -1, "", "KVM: x86: plain"},
	{"", 0, 0, 0, 0, 1, -1, -1, "", ""},
	{"   ", 0, 0, 0, 0, 1, -1, -1, "", ""},
	/* Numbers that do not fit an int are not numbers */
	{"[PATCH v99999999999] x", 0, 1, 0, 0, 1, -1, -1, "v99999999999", "x"},
	{"[PATCH 1/99999999999] x", 0, 1, 0, 0, 1, -1, -1, "1/99999999999",
	 "x"},
	{"[PATCH v2147483647 2147483647/2147483647] x", 0, 1, 0, 0, INT_MAX,
	 INT_MAX, INT_MAX, "", "x"},
	{"[PATCH v2147483648] x", 0, 1, 0, 0, 1, -1, -1, "v2147483648", "x"},
	/* Things near versions and counters */
	{"[PATCH v 1/] x", 0, 1, 0, 0, 1, -1, -1, "v 1/", "x"},
	{"[PATCH v2.] x", 0, 1, 0, 0, 1, -1, -1, "v2.", "x"},
	{"[PATCH v2a] x", 0, 1, 0, 0, 1, -1, -1, "v2a", "x"},
};

/*
 * Every field in one line, so that a failure names the subject and shows
 * all that differs.
 */
static void describe(char *out, size_t n, const char *subject, int is_reply,
		     int is_patch, int rfc, int resend, int version, int index,
		     int total, const char *prefixes, const char *title)
{
	snprintf(out, n,
		 "%s => reply=%d patch=%d rfc=%d resend=%d v=%d %d/%d "
		 "prefixes=<%s> title=<%s>",
		 subject, is_reply, is_patch, rfc, resend, version, index,
		 total, prefixes ? prefixes : "(null)",
		 title ? title : "(null)");
}

static void test_table(void **state)
{
	char want[1024], got[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct subject_case *c = &cases[i];
		struct kd_subject s;

		kd_subject_parse(&s, c->subject);
		describe(want, sizeof(want), c->subject, c->is_reply,
			 c->is_patch, c->rfc, c->resend, c->version, c->index,
			 c->total, c->prefixes, c->title);
		describe(got, sizeof(got), c->subject, s.is_reply, s.is_patch,
			 s.rfc, s.resend, s.version, s.index, s.total,
			 s.prefixes, s.title);
		assert_string_equal(got, want);
		kd_subject_release(&s);
	}
}

static void test_is_head(void **state)
{
	static const struct {
		const char *subject;
		int head;
	} heads[] = {
		{"[PATCH] x", 1},	{"[PATCH 0/3] x", 1},
		{"[PATCH 00/37] x", 1}, {"[PATCH 1/3] x", 1},
		{"[PATCH 2/3] x", 0},	{"[PATCH v9 7/6] x", 0},
		{"[PATCH 01/22] x", 1}, {"[PATCH 10/12] x", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(heads) / sizeof(*heads); i++) {
		struct kd_subject s;

		kd_subject_parse(&s, heads[i].subject);
		if (!!kd_subject_is_head(&s) != heads[i].head)
			fail_msg("is_head(%s) is not %d", heads[i].subject,
				 heads[i].head);
		kd_subject_release(&s);
	}
}

static void test_pull(void **state)
{
	static const struct {
		const char *subject;
		int pull;
	} pulls[] = {
		{"[GIT PULL] KVM fixes for 6.9", 1},
		{"[git pull] KVM", 1},
		{"[GIT PULL v2 1/2] KVM/arm64 updates", 1},
		{"[PATCH] [GIT PULL] odd", 1},
		{"[GIT PULL\t] x", 1},
		{"Re: [GIT PULL] KVM fixes", 0},
		{"[GIT] PULL x", 0},
		{"[GITPULL] x", 0},
		{"[PULL] x", 0},
		{"GIT PULL: x", 0},
		{"[PATCH] git pull is broken", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pulls) / sizeof(*pulls); i++) {
		struct kd_subject s;

		kd_subject_parse(&s, pulls[i].subject);
		if (s.is_pull != pulls[i].pull)
			fail_msg("is_pull(%s) is not %d", pulls[i].subject,
				 pulls[i].pull);
		kd_subject_release(&s);
	}
}

static void test_unreplied(void **state)
{
	(void)state;
	assert_string_equal(kd_subject_unreplied("Re: [PATCH] x"), "[PATCH] x");
	assert_string_equal(kd_subject_unreplied(" RE: Aw:  Re[2]: x y"), "x y");
	assert_string_equal(kd_subject_unreplied("[PATCH] Re: x"),
			    "[PATCH] Re: x");
	assert_string_equal(kd_subject_unreplied("Reply: x"), "Reply: x");
	assert_string_equal(kd_subject_unreplied(""), "");
}

static void test_release_resets(void **state)
{
	struct kd_subject s;

	(void)state;
	kd_subject_parse(&s, "[RFC PATCH v3 2/4] x");
	kd_subject_release(&s);
	assert_null(s.prefixes);
	assert_null(s.title);
	assert_int_equal(s.version, 1);
	assert_int_equal(s.index, -1);
	assert_int_equal(s.total, -1);
	assert_int_equal(s.rfc, 0);
	/* Releasing twice, and releasing NULL, is harmless. */
	kd_subject_release(&s);
	kd_subject_release(NULL);
}

static void test_long_subject(void **state)
{
	char big[5000];
	struct kd_subject s;
	size_t i;

	(void)state;
	/* Many groups and long runs of blanks. */
	big[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(big, "[x] ");
	strcat(big, "[PATCH 3/4]");
	for (i = 0; i < 1000; i++)
		strcat(big, " ");
	strcat(big, "t");
	kd_subject_parse(&s, big);
	assert_int_equal(s.is_patch, 1);
	assert_int_equal(s.index, 3);
	assert_int_equal(s.total, 4);
	assert_int_equal(strlen(s.prefixes), 200 * 2 - 1);
	assert_string_equal(s.title, "t");
	kd_subject_release(&s);
}

/* The keys of a title, one a line. */
static void add_key(const char *key, size_t len, void *payload)
{
	kd_buf_add(payload, key, len);
	kd_buf_addch(payload, '\n');
}

static char *keys_of(const char *title)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_title_alike_keys(title, add_key, &out);
	return kd_buf_detach(&out, NULL);
}

/* Do two titles share a key? */
static int alike(const char *a, const char *b)
{
	char *ka = keys_of(a), *kb = keys_of(b), *line, *save = NULL;
	int shared = 0;

	for (line = strtok_r(ka, "\n", &save); line && !shared;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = kb;
		size_t n = strlen(line);

		for (; *p; p = strchr(p, '\n') + 1)
			if (!strncmp(p, line, n) && p[n] == '\n')
				shared = 1;
	}
	free(ka);
	free(kb);
	return shared;
}

static void test_title_alike_keys(void **state)
{
	char *k;

	(void)state;
	/* the core, then each word left out */
	k = keys_of("KVM: PPC: Book3S HV nestedv2: Cancel pending DEC exception");
	assert_string_equal(k, "cancel pending dec exception\n"
			       "pending dec exception\n"
			       "cancel dec exception\n"
			       "cancel pending exception\n"
			       "cancel pending dec\n");
	free(k);
	/* a core of fewer words than KD_TITLE_ALIKE_WORDS: itself alone */
	k = keys_of("kvmppc: Fix the leak");
	assert_string_equal(k, "fix the leak\n");
	free(k);
	/* tags alone: the last one stays, as the title */
	k = keys_of("KVM: x86:");
	assert_string_equal(k, "x86:\n");
	free(k);
	k = keys_of("");
	assert_string_equal(k, "");
	free(k);
	/* a colon inside a word is no tag's end */
	k = keys_of("Revert \"x86: foo\"");
	assert_string_equal(k, "revert \"x86: foo\"\n");
	free(k);
}

static void test_titles_alike(void **state)
{
	(void)state;
	/* real, of the kvm-ppc archive: v2 and v1 of one patch */
	assert_true(alike("KVM: PPC: Book3S HV nestedv2: Cancel pending DEC "
			  "exception",
			  "KVM: PPC: Book3S HV nestedv2: Cancel pending HDEC "
			  "exception"));
	assert_true(alike("KVM: PPC: Driver to manage pages of secure guest",
			  "kvmppc: Driver to manage pages of secure guest"));
	/* a word added */
	assert_true(alike("KVM: x86: Cancel DEC exception now",
			  "KVM: x86: Cancel pending DEC exception now"));
	/* two words changed, or short titles a word apart: not alike */
	assert_false(alike("KVM: x86: Cancel pending DEC exception",
			   "KVM: x86: Cancel stale HDEC exception"));
	assert_false(alike("KVM: x86: Fix the leak", "KVM: x86: Fix the race"));
	assert_false(alike("KVM: Add a", "KVM: Add b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_is_head),
		cmocka_unit_test(test_pull),
		cmocka_unit_test(test_unreplied),
		cmocka_unit_test(test_release_resets),
		cmocka_unit_test(test_long_subject),
		cmocka_unit_test(test_title_alike_keys),
		cmocka_unit_test(test_titles_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
