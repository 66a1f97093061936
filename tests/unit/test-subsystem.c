#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "error.h"
#include "subsystem.h"

/* Globs */

struct glob_case {
	const char *glob;
	const char *path;
	int match;
};

static const struct glob_case glob_cases[] = {
	{"Makefile", "Makefile", 1},
	{"Makefile", "a/Makefile", 0},
	{"arch/x86/kvm/x86.c", "arch/x86/kvm/x86.c", 1},
	{"arch/x86/kvm/x86.c", "arch/x86/kvm/x86.h", 0},
	{"arch/x86/kvm/x86.c", "arch/x86/kvm/x86.c/x", 0},
	{"arch/x86/kvm/x86.c", "arch/x86/kvm", 0},
	/* `*` and `?` stay within a component */
	{"arch/*/kvm/*.c", "arch/arm64/kvm/mmu.c", 1},
	{"arch/*/kvm/*.c", "arch/arm64/kvm/vgic/vgic.c", 0},
	{"arch/*.c", "arch/x86/a.c", 0},
	{"*", "a", 1},
	{"*", "a/b", 0},
	{"*", "", 1},
	{"a*", "a", 1},
	{"*.c", ".c", 1},
	{"*.c", "x.h", 0},
	{"x?.c", "x1.c", 1},
	{"x?.c", "x.c", 0},
	{"x?.c", "x12.c", 0},
	{"x?", "x/", 0},
	{"?", "\xc3\xa9", 1}, /* one UTF-8 character */
	{"a*b*c", "aXbYc", 1},
	{"a*b*c", "abcbc", 1},
	{"a*b*c", "acb", 0},
	{"*mmu*", "tdp_mmu.c", 1},
	/* `**` crosses components, zero or more of them */
	{"arch/x86/kvm/**", "arch/x86/kvm/mmu/mmu.c", 1},
	{"arch/x86/kvm/**", "arch/x86/kvm/x86.c", 1},
	{"arch/x86/kvm/**", "arch/x86/kvmx/x86.c", 0},
	{"arch/x86/kvm/**", "arch/x86/include/asm/kvm_host.h", 0},
	{"**/Makefile", "Makefile", 1},
	{"**/Makefile", "a/b/Makefile", 1},
	{"**/Makefile", "a/b/Makefile.am", 0},
	{"a/**/b", "a/b", 1},
	{"a/**/b", "a/x/y/b", 1},
	{"a/**/b", "a/x/y/c", 0},
	{"**", "anything/at/all", 1},
	{"**/kvm/**", "arch/s390/kvm/kvm-s390.c", 1},
	{"**/kvm/**", "arch/s390/mm/gmap.c", 0},
	{"**/*.rst", "Documentation/virt/kvm/api.rst", 1},
	{"a**b", "aXXb", 1}, /* within a component: two stars */
	{"a**b", "aX/Xb", 0},
	/* git's shortened diffstat names: a cut glob matches the tail */
	{"tools/testing/selftests/kvm/**", ".../selftests/kvm/x86/state_test.c",
	 1},
	{"arch/x86/kvm/mmu/**", ".../kvm/mmu/tdp_mmu.c", 1},
	{"arch/x86/kvm/mmu/**", ".../x86/kvm/mmu/tdp_mmu.c", 1},
	{"arch/x86/kvm/mmu/**", ".../arch/x86/kvm/mmu/tdp_mmu.c", 0},
	{"arch/*/kvm/mmu/**", ".../kvm/mmu/tdp_mmu.c", 1},
	{"arch/x86/kvm/mmu/**", ".../kvm/vmx/vmx.c", 0},
	{"virt/kvm/guest_memfd.c", ".../kvm/guest_memfd.c", 1},
	{"virt/kvm/guest_memfd.c", ".../guest_memfd.c", 1},
	{"virt/kvm/guest_memfd.c", ".../kvm_main.c", 0},
	{"**/Makefile", ".../b/Makefile", 1},
	/* a suffix of one directory and wildcards says too little */
	{"arch/x86/kvm/**", ".../foo.c", 0},
	{"arch/x86/kvm/**", ".../kvm/lib/kvm_util.c", 0},
	{"tools/testing/selftests/kvm/**", ".../kvm/lib/kvm_util.c", 0},
	{"arch/x86/kvm/*.c", ".../x86.c", 0},
	{"arch/x86/kvm/*.c", ".../kvm/x86.c", 0},
	{"*/include/kvm/**", ".../kvm/x86/a_test.c", 0},
	{"**", ".../a/b", 0},
	{"Makefile", ".../Makefile", 0},
	{"arch/x86/kvm/**", "...", 0},
	{"", "", 1},
	{"", "a", 0},
};

static void test_glob_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(glob_cases) / sizeof(*glob_cases); i++) {
		const struct glob_case *c = &glob_cases[i];
		int got = kd_glob_match(c->glob, c->path);

		if (!got != !c->match)
			fail_msg("glob '%s' on '%s': got %d, want %d", c->glob,
				 c->path, got, c->match);
	}
}

/*
 * Patterns that make naive backtracking exponential must finish at once:
 * each is matched against a long text it does not match.
 */
static void test_glob_pathological(void **state)
{
	char text[4096], glob[512], path[4096];
	clock_t start = clock();
	size_t i;

	(void)state;
	memset(text, 'a', 200);
	text[200] = '\0';
	assert_false(kd_glob_match("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
	assert_true(kd_glob_match("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", text));

	/* "**" thirty times, then "x", against 200 components "a" */
	glob[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(glob, "**/");
	strcat(glob, "x");
	path[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(path, "a/");
	strcat(path, "y");
	assert_false(kd_glob_match(glob, path));
	path[strlen(path) - 1] = 'x';
	assert_true(kd_glob_match(glob, path));

	/* both at once, on a shortened path */
	glob[0] = '\0';
	for (i = 0; i < 20; i++)
		strcat(glob, "**/a*a*a*/");
	strcat(glob, "b/x");
	memcpy(path, ".../", 4);
	for (i = 0; i < 100; i++)
		memcpy(path + 4 + i * 11, "aaaaaaaaaa/", 11);
	strcpy(path + 4 + 100 * 11, "y");
	assert_false(kd_glob_match(glob, path));

	assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
}

/* Rules */

#define TITLE_RULE(n, t)                                                       \
	{                                                                      \
		(char *)(n), (char *)(t), NULL, 0, 0, 0, 0, NULL, 0, 0         \
	}

static char *mmu_files[] = {"arch/x86/kvm/mmu/**"};
static char *x86_files[] = {"arch/x86/kvm/**", "arch/x86/include/asm/kvm*"};
static char *arm_files[] = {"arch/arm64/kvm/**"};

static struct kd_config_subsystem rules[] = {
	{"x86/mmu", "^KVM: x86/mmu:", mmu_files, 1, 3, 4, 12, NULL, 0, 0},
	{"x86", "^KVM: (x86|VMX|SVM):", x86_files, 2, 6, 7, 12, NULL, 0, 0},
	{"arm64", NULL, arm_files, 1, 9, 0, 0, NULL, 0, 0},
	{"docs", "Documentation", NULL, 0, 11, 12, 12, NULL, 0, 0},
};

static struct kd_subsystems *make(struct kd_config_subsystem *r, size_t nr)
{
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_subsystems *s = NULL;

	cfg.subsystems = r;
	cfg.nr_subsystems = nr;
	assert_int_equal(kd_subsystems_new(&s, &cfg), 0);
	assert_non_null(s);
	return s;
}

static void test_match_title(void **state)
{
	struct kd_subsystems *s = make(rules, 4);

	(void)state;
	assert_int_equal(kd_subsystems_count(s), 4);
	assert_string_equal(
		kd_subsystems_match(s, "KVM: x86/mmu: Fix it", NULL, NULL, 0),
		"x86/mmu");
	assert_string_equal(kd_subsystems_match(s, "KVM: VMX: Fix it", NULL, NULL, 0),
			    "x86");
	assert_string_equal(
		kd_subsystems_match(s, "Documentation: KVM: typo", NULL, NULL, 0),
		"docs");
	/* the pattern is anchored where it says so, not elsewhere */
	assert_string_equal(
		kd_subsystems_match(s, "Revert \"KVM: VMX: x\"", NULL, NULL, 0),
		KD_SUBSYSTEM_OTHER);
	/* UTF-8 titles */
	assert_string_equal(
		kd_subsystems_match(s, "KVM: x86: caf\xc3\xa9", NULL, NULL, 0),
		"x86");
	kd_subsystems_free(s);
}

static void test_match_limit(void **state)
{
	static struct kd_config_subsystem slow[] = {
		TITLE_RULE("slow", "^(?:(a+)+z|a{10})"),
		TITLE_RULE("docs", "Documentation|[Dd]ocs?:"),
	};
	struct kd_subsystems *s = make(slow, 2);
	struct kd_buf big = KD_BUF_INIT;

	(void)state;
	/* the first branch costs 2^n steps before the second is tried */
	assert_string_equal(kd_subsystems_match(s, "aaaaaaaaaaaa", NULL, NULL, 0),
			    "slow");
	/* 2^20: past the match limit, where PCRE2's default matches */
	assert_string_equal(kd_subsystems_match(s, "aaaaaaaaaaaaaaaaaaaa", NULL,
						NULL, 0),
			    KD_SUBSYSTEM_OTHER);
	/* a sane pattern is not limited on the longest title there is */
	kd_buf_addchars(&big, 'x', 64 * 1024 - 16);
	kd_buf_addstr(&big, " Documentation");
	assert_string_equal(kd_subsystems_match(s, big.buf, NULL, NULL, 0),
			    "docs");
	kd_buf_release(&big);
	kd_subsystems_free(s);
}

static void test_match_files(void **state)
{
	struct kd_subsystems *s = make(rules, 4);
	const char *mmu[] = {"README", "arch/x86/kvm/mmu/mmu.c"};
	const char *x86[] = {"arch/x86/include/asm/kvm_host.h"};
	const char *arm[] = {".../arm64/kvm/vgic/vgic-its.c"};
	const char *none[] = {"mm/gup.c", "include/linux/mm.h"};

	(void)state;
	assert_string_equal(kd_subsystems_match(s, "A title", NULL, mmu, 2),
			    "x86/mmu");
	assert_string_equal(kd_subsystems_match(s, "A title", NULL, x86, 1), "x86");
	assert_string_equal(kd_subsystems_match(s, "A title", NULL, arm, 1), "arm64");
	assert_string_equal(kd_subsystems_match(s, "A title", NULL, none, 2),
			    KD_SUBSYSTEM_OTHER);
	/* no title at all: the files decide */
	assert_string_equal(kd_subsystems_match(s, NULL, NULL, arm, 1), "arm64");
	kd_subsystems_free(s);
}

static void test_first_match_wins(void **state)
{
	struct kd_subsystems *s = make(rules, 4);
	const char *arm[] = {"arch/arm64/kvm/arm.c"};
	const char *mmu[] = {"arch/x86/kvm/mmu/mmu.c"};
	struct kd_config_subsystem swapped[2];

	(void)state;
	/* both the x86 title and the arm64 files match: x86 comes first */
	assert_string_equal(kd_subsystems_match(s, "KVM: x86: a", NULL, arm, 1),
			    "x86");
	/* a title outranks files, even those of an earlier rule */
	assert_string_equal(kd_subsystems_match(s, "KVM: x86: a", NULL, mmu, 1),
			    "x86");
	/* a title that matches two rules: the earlier one */
	assert_string_equal(
		kd_subsystems_match(s, "KVM: x86/mmu: Documentation", NULL, NULL, 0),
		"x86/mmu");
	/* so a later rule's title beats an earlier rule's files */
	assert_string_equal(kd_subsystems_match(s, "Documentation: x", NULL, mmu, 1),
			    "docs");
	/* and files decide only when no title matches */
	assert_string_equal(kd_subsystems_match(s, "Fix a thing", NULL, mmu, 1),
			    "x86/mmu");
	kd_subsystems_free(s);

	/* the order of the file is the order of the rules */
	swapped[0] = rules[1];
	swapped[1] = rules[0];
	s = make(swapped, 2);
	assert_string_equal(kd_subsystems_match(s, "A title", NULL, mmu, 1), "x86");
	kd_subsystems_free(s);
}

static void test_prefix(void **state)
{
	struct kd_config_subsystem r[] = {
		{"x86", "^x86: ", NULL, 0, 1, 1, 1, NULL, 0, 0},
		{"kut", NULL, NULL, 0, 2, 0, 0, "\\bkvm-unit-tests\\b", 2, 0},
	};
	struct kd_subsystems *s = make(r, 2);

	(void)state;
	/* the tag says what the title cannot */
	assert_string_equal(kd_subsystems_match(s, "x86: pmu: a",
						"kvm-unit-tests", NULL, 0),
			    "x86");
	r[0] = r[1];
	kd_subsystems_free(s);
	s = make(r, 1);
	assert_string_equal(kd_subsystems_match(s, "x86: pmu: a",
						"kvm-unit-tests", NULL, 0),
			    "kut");
	assert_string_equal(kd_subsystems_match(s, "x86: pmu: a",
						"net-next", NULL, 0),
			    KD_SUBSYSTEM_OTHER);
	assert_string_equal(kd_subsystems_match(s, "x86: pmu: a", NULL, NULL, 0),
			    KD_SUBSYSTEM_OTHER);
	kd_subsystems_free(s);
}

static void test_fallback(void **state)
{
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_subsystems *s = NULL;
	const char *p[] = {"x"};
	struct kd_config_subsystem empty[] = {TITLE_RULE("nothing", NULL)};

	(void)state;
	/* no rules: everything is "other", and there is nothing to group */
	assert_int_equal(kd_subsystems_new(&s, &cfg), 0);
	assert_int_equal(kd_subsystems_count(s), 0);
	assert_string_equal(kd_subsystems_match(s, "KVM: x86: a", NULL, p, 1),
			    "other");
	kd_subsystems_free(s);

	/* a rule with neither title nor files matches nothing */
	s = make(empty, 1);
	assert_string_equal(kd_subsystems_match(s, "", NULL, p, 1), "other");
	assert_string_equal(kd_subsystems_match(s, NULL, NULL, NULL, 0), "other");
	kd_subsystems_free(s);
	kd_subsystems_free(NULL);
}

static void test_bad_regex(void **state)
{
	struct kd_config_subsystem bad[] = {
		{"x86", "^KVM: x86:", NULL, 0, 10, 11, 12, NULL, 0, 0},
		{"x86/mmu", "^KVM: (x86", NULL, 0, 11, 12, 12, NULL, 0, 0},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_subsystems *s = (struct kd_subsystems *)&cfg;

	(void)state;
	cfg.subsystems = bad;
	cfg.nr_subsystems = 2;
	kd_error_clear();
	assert_int_equal(kd_subsystems_new(&s, &cfg), KD_EINVALID);
	assert_null(s);
	/* PCRE2 finds the parenthesis missing at the end, offset 10 */
	assert_string_equal(kd_error_last(),
			    "bad regular expression in subsystem 'x86/mmu' "
			    "(line 12): '^KVM: (x86': missing closing "
			    "parenthesis at offset 10");

	bad[1].title = "KVM: [x86";
	bad[1].name = "other rule";
	assert_int_equal(kd_subsystems_new(&s, &cfg), KD_EINVALID);
	assert_string_equal(kd_error_last(),
			    "bad regular expression in subsystem 'other rule' "
			    "(line 12): 'KVM: [x86': missing terminating ] "
			    "for character class at offset 9");

	/* invalid UTF-8 in a pattern is refused, not matched blindly */
	bad[1].title = "\xff";
	assert_int_equal(kd_subsystems_new(&s, &cfg), KD_EINVALID);
	assert_non_null(strstr(kd_error_last(), "UTF-8"));
}

static void test_unnamed_rule(void **state)
{
	struct kd_config_subsystem r[] = {
		{NULL, "x", NULL, 0, 5, 6, 1, NULL, 0, 0}};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_subsystems *s = NULL;

	(void)state;
	cfg.subsystems = r;
	cfg.nr_subsystems = 1;
	assert_int_equal(kd_subsystems_new(&s, &cfg), KD_EINVALID);
	assert_null(s);
	assert_string_equal(kd_error_last(),
			    "subsystem without a name (line 5)");
}

/* The rules are copied: the configuration may go before they do. */
static void test_rules_copied(void **state)
{
	char name[] = "arm64", glob[] = "arch/arm64/**", title[] = "^arm64";
	char *files[] = {glob};
	struct kd_config_subsystem r[] = {
		{name, title, files, 1, 1, 1, 1, NULL, 0, 0}};
	struct kd_subsystems *s = make(r, 1);
	const char *p[] = {"arch/arm64/kvm/arm.c"};

	(void)state;
	memset(name, 'x', 5);
	memset(glob, 'x', 5);
	memset(title, 'x', 5);
	assert_string_equal(kd_subsystems_match(s, "arm64: a", NULL, NULL, 0),
			    "arm64");
	assert_string_equal(kd_subsystems_match(s, "a", NULL, p, 1), "arm64");
	kd_subsystems_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob_table),
		cmocka_unit_test(test_glob_pathological),
		cmocka_unit_test(test_match_title),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_match_files),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_unnamed_rule),
		cmocka_unit_test(test_rules_copied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
