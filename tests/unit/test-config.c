#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "error.h"

static const char full_yaml[] =
	"# every key\n"
	"list:\n"
	"  name: KVM\n"
	"  archive: https://lore.kernel.org/kvm\n"
	"identities:\n"
	"  mailmap: [/path/to/linux/.mailmap, ~/other.mailmap]\n"
	"  people:\n"
	"    - name: Xin Li\n"
	"      email: xin3.li@intel.com\n"
	"      aliases: [xin@zytor.com, \"Xin Li (Intel)\"]\n"
	"    - name: Sean Christopherson\n"
	"      aliases: seanjc@google.com\n"
	"  domains:\n"
	"    linux.intel.com: intel.com\n"
	"    Linux.Alibaba.com: alibaba.com\n"
	"  organisations:\n"
	"    - {domain: intel.com, name: Intel}\n"
	"    - {domain: example.com, name: Example, until: 2020-01-01}\n"
	"  bots: ['^syzbot', 'lkp@intel\\.com']\n"
	"subsystems:\n"
	"  - name: x86/mmu\n"
	"    title: '^KVM: x86/mmu:'\n"
	"    files: ['arch/x86/kvm/mmu/**']\n"
	"  - name: arm64\n"
	"    files: arch/arm64/kvm/**\n"
	"  - name: selftests\n"
	"    title: '^KVM: selftests:'\n"
	"    prefix: kvm-unit-tests\n"
	"output:\n"
	"  format: markdown\n"
	"  top: 20\n"
	"  notes_ref: refs/notes/kvmdigest\n";

static int parse(struct kd_config *c, const char *yaml)
{
	kd_error_clear();
	return kd_config_parse(c, "t.yaml", yaml, strlen(yaml));
}

/* `yaml` is refused with exactly `msg`, and leaves nothing behind. */
static void check_error(const char *yaml, const char *msg)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct kd_config zero = KD_CONFIG_INIT;

	assert_int_equal(parse(&c, yaml), KD_EINVALID);
	assert_non_null(kd_error_last());
	assert_string_equal(kd_error_last(), msg);
	assert_memory_equal(&c, &zero, sizeof(c));
}

static void check_empty(const char *yaml)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct kd_config zero = KD_CONFIG_INIT;

	assert_int_equal(parse(&c, yaml), 0);
	assert_memory_equal(&c, &zero, sizeof(c));
	kd_config_release(&c);
}

static void test_full(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	assert_int_equal(parse(&c, full_yaml), 0);
	assert_null(c.path);
	assert_string_equal(c.list_name, "KVM");
	assert_string_equal(c.archive, "https://lore.kernel.org/kvm/");

	assert_int_equal(c.nr_mailmaps, 2);
	assert_string_equal(c.mailmaps[0], "/path/to/linux/.mailmap");
	assert_string_equal(c.mailmaps[1], "~/other.mailmap");

	assert_int_equal(c.nr_people, 2);
	assert_string_equal(c.people[0].name, "Xin Li");
	assert_string_equal(c.people[0].email, "xin3.li@intel.com");
	assert_int_equal(c.people[0].nr_aliases, 2);
	assert_string_equal(c.people[0].aliases[0], "xin@zytor.com");
	assert_string_equal(c.people[0].aliases[1], "Xin Li (Intel)");
	assert_int_equal(c.people[0].line, 8);
	assert_string_equal(c.people[1].name, "Sean Christopherson");
	assert_null(c.people[1].email);
	assert_int_equal(c.people[1].nr_aliases, 1);
	assert_string_equal(c.people[1].aliases[0], "seanjc@google.com");
	assert_int_equal(c.people[1].line, 11);

	assert_int_equal(c.nr_domains, 2);
	assert_string_equal(c.domains[0].from, "linux.intel.com");
	assert_string_equal(c.domains[0].to, "intel.com");
	assert_string_equal(c.domains[1].from, "linux.alibaba.com");
	assert_string_equal(c.domains[1].to, "alibaba.com");

	assert_int_equal(c.nr_orgs, 2);
	assert_string_equal(c.orgs[0].domain, "intel.com");
	assert_string_equal(c.orgs[0].name, "Intel");
	assert_int_equal(c.orgs[0].until, 0);
	assert_int_equal(c.orgs[0].line, 17);
	assert_string_equal(c.orgs[1].domain, "example.com");
	assert_string_equal(c.orgs[1].name, "Example");
	assert_int_equal(c.orgs[1].until, 1577836800); /* date -d 2020-01-01Z */
	assert_int_equal(c.orgs[1].line, 18);

	assert_int_equal(c.nr_bots, 2);
	assert_string_equal(c.bots[0].pattern, "^syzbot");
	assert_int_equal(c.bots[0].line, 19);
	assert_int_equal(c.bots[0].column, 10);
	assert_string_equal(c.bots[1].pattern, "lkp@intel\\.com");
	assert_int_equal(c.bots[1].line, 19);
	assert_int_equal(c.bots[1].column, 21);

	assert_int_equal(c.nr_subsystems, 3);
	assert_string_equal(c.subsystems[0].name, "x86/mmu");
	assert_string_equal(c.subsystems[0].title, "^KVM: x86/mmu:");
	assert_int_equal(c.subsystems[0].nr_files, 1);
	assert_string_equal(c.subsystems[0].files[0], "arch/x86/kvm/mmu/**");
	assert_int_equal(c.subsystems[0].line, 21);
	assert_int_equal(c.subsystems[0].title_line, 22);
	assert_int_equal(c.subsystems[0].title_column, 12);
	assert_string_equal(c.subsystems[1].name, "arm64");
	assert_null(c.subsystems[1].title);
	assert_int_equal(c.subsystems[1].nr_files, 1);
	assert_string_equal(c.subsystems[1].files[0], "arch/arm64/kvm/**");
	assert_int_equal(c.subsystems[1].line, 24);
	assert_string_equal(c.subsystems[2].name, "selftests");
	assert_string_equal(c.subsystems[2].title, "^KVM: selftests:");
	assert_string_equal(c.subsystems[2].prefix, "kvm-unit-tests");
	assert_int_equal(c.subsystems[2].prefix_line, 28);
	assert_null(c.subsystems[0].prefix);
	assert_int_equal(c.subsystems[2].nr_files, 0);
	assert_null(c.subsystems[2].files);

	assert_string_equal(c.format, "markdown");
	assert_int_equal(c.top, 20);
	assert_string_equal(c.notes_ref, "refs/notes/kvmdigest");
	kd_config_release(&c);
	/* Releasing twice is harmless: release leaves KD_CONFIG_INIT. */
	kd_config_release(&c);
}

static void test_empty(void **state)
{
	(void)state;
	check_empty("");
	check_empty("{}");
	check_empty("~");
	check_empty("---\n");
	check_empty("# only a comment\n\n");
	check_empty("list:\nidentities: {}\nsubsystems: []\noutput: ~\n");
	check_empty("identities:\n  people: []\n  bots:\n");
}

static void test_nulls_are_unset(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	assert_int_equal(parse(&c, "list: {name: KVM, archive: ~}\n"
				   "output: {top: , format: null}\n"),
			 0);
	assert_string_equal(c.list_name, "KVM");
	assert_null(c.archive);
	assert_int_equal(c.top, 0);
	assert_null(c.format);
	kd_config_release(&c);
}

static void test_archive_slash(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	assert_int_equal(parse(&c, "list: {archive: 'https://x/kvm'}"), 0);
	assert_string_equal(c.archive, "https://x/kvm/");
	kd_config_release(&c);
	assert_int_equal(parse(&c, "list: {archive: 'https://x/kvm/'}"), 0);
	assert_string_equal(c.archive, "https://x/kvm/");
	kd_config_release(&c);
}

static void check_notes_ref(const char *value, const char *want)
{
	struct kd_config c = KD_CONFIG_INIT;
	char yaml[256];

	snprintf(yaml, sizeof(yaml), "output:\n  notes_ref: %s\n", value);
	assert_int_equal(parse(&c, yaml), 0);
	assert_string_equal(c.notes_ref, want);
	kd_config_release(&c);
}

static void test_notes_ref(void **state)
{
	(void)state;
	/* git's expand_notes_ref(): what git notes --ref=... does */
	check_notes_ref("kvmdigest", "refs/notes/kvmdigest");
	check_notes_ref("notes/kvmdigest", "refs/notes/kvmdigest");
	check_notes_ref("refs/notes/kvmdigest", "refs/notes/kvmdigest");
	check_notes_ref("refs/notes/a/b", "refs/notes/a/b");
	check_notes_ref("refs/heads/x", "refs/notes/refs/heads/x");
}

static void test_top_and_format(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	assert_int_equal(parse(&c, "output: {top: '7', format: json}"), 0);
	assert_int_equal(c.top, 7);
	assert_string_equal(c.format, "json");
	kd_config_release(&c);
	assert_int_equal(parse(&c, "output: {top: 2147483647, format: html}"),
			 0);
	assert_int_equal(c.top, 2147483647);
	assert_string_equal(c.format, "html");
	kd_config_release(&c);
	assert_int_equal(parse(&c, "output: {format: classic}"), 0);
	assert_string_equal(c.format, "classic");
	kd_config_release(&c);
}

static void test_dates(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	assert_int_equal(parse(&c, "identities:\n  organisations:\n"
				   "    - {domain: A.com, name: A, "
				   "until: 2024-02-29}\n"
				   "    - {domain: b.com, name: B, "
				   "until: '1970-01-02'}\n"),
			 0);
	assert_string_equal(c.orgs[0].domain, "a.com");
	assert_int_equal(c.orgs[0].until, 1709164800);
	assert_int_equal(c.orgs[1].until, 86400);
	kd_config_release(&c);

	check_error("identities:\n  organisations:\n"
		    "    - {domain: a, name: A, until: 2023-02-29}\n",
		    "t.yaml:3:35: 'identities.organisations.until' must be "
		    "a date (YYYY-MM-DD)");
	check_error("identities:\n  organisations:\n"
		    "    - {domain: a, name: A, until: 2023-13-01}\n",
		    "t.yaml:3:35: 'identities.organisations.until' must be "
		    "a date (YYYY-MM-DD)");
}

static void test_malformed(void **state)
{
	(void)state;
	check_error("list:\n  name: \"KVM\n",
		    "t.yaml:3:1: found unexpected end of stream "
		    "(while scanning a quoted scalar at line 2, column 9)");
	check_error("list:\n  name: KVM\n archive: x\n",
		    "t.yaml:3:2: did not find expected key "
		    "(while parsing a block mapping at line 1, column 1)");
	check_error("identities:\n  bots: [a, b\n",
		    "t.yaml:3:1: did not find expected ',' or ']' "
		    "(while parsing a flow sequence at line 2, column 9)");
	check_error("list:\n\tname: KVM\n",
		    "t.yaml:2:1: found character that cannot start any token "
		    "(while scanning for the next token at line 2, column 1)");
	check_error("list:\n  name: K\xff\n",
		    "t.yaml:2:10: invalid leading UTF-8 octet (byte 0xff)");
	check_error("{}\n---\n{}\n", "t.yaml:2:1: more than one YAML document");
}

static void test_unknown_key(void **state)
{
	(void)state;
	check_error("lists:\n  name: KVM\n",
		    "t.yaml:1:1: unknown key 'lists' in the top level");
	check_error("identities:\n  people:\n    - nmae: Xin Li\n",
		    "t.yaml:3:7: unknown key 'nmae' in 'identities.people'");
	check_error("output:\n  top: 3\n  Top: 4\n",
		    "t.yaml:3:3: unknown key 'Top' in 'output'");
	check_error("subsystems:\n  - name: x\n    titel: y\n",
		    "t.yaml:3:5: unknown key 'titel' in 'subsystems'");
	/* What is shown of a key is short and free of control bytes */
	check_error("\"a\\e[31mb\": 1\n",
		    "t.yaml:1:1: unknown key 'a?[31mb' in the top level");
	check_error("? [a]\n: b\n", "t.yaml:1:3: keys must be strings");
}

static void test_wrong_types(void **state)
{
	(void)state;
	check_error("list: KVM\n", "t.yaml:1:7: 'list' must be a map");
	check_error("identities:\n  people:\n    name: Xin Li\n",
		    "t.yaml:3:5: 'identities.people' must be a list of maps");
	check_error("identities:\n  people: [Xin Li]\n",
		    "t.yaml:2:12: 'identities.people' must be a list of maps");
	check_error("list:\n  name: [KVM]\n",
		    "t.yaml:2:9: 'list.name' must be a string");
	check_error("identities:\n  mailmap: {a: b}\n",
		    "t.yaml:2:12: 'identities.mailmap' must be a string or a "
		    "list of strings");
	check_error("identities:\n  bots: [[a]]\n",
		    "t.yaml:2:10: 'identities.bots' must be a string or a "
		    "list of strings");
	check_error("identities:\n  bots: [a, ~]\n",
		    "t.yaml:2:13: 'identities.bots' must be a string or a "
		    "list of strings");
	check_error("identities:\n  domains: [a, b]\n",
		    "t.yaml:2:12: 'identities.domains' must be a map from "
		    "domains to domains");
	check_error("identities:\n  domains: {a: [b]}\n",
		    "t.yaml:2:16: 'identities.domains' must be a map from "
		    "domains to domains");
	check_error("output:\n  top: many\n",
		    "t.yaml:2:8: 'output.top' must be a positive integer");
	check_error("output:\n  top: 0\n",
		    "t.yaml:2:8: 'output.top' must be a positive integer");
	check_error("output:\n  top: -3\n",
		    "t.yaml:2:8: 'output.top' must be a positive integer");
	check_error("output:\n  top: 2147483648\n",
		    "t.yaml:2:8: 'output.top' must be a positive integer");
	check_error("output:\n  format: xml\n",
		    "t.yaml:2:11: 'output.format' must be classic, markdown, "
		    "json or html");
	check_error("identities:\n  organisations:\n"
		    "    - {domain: a, name: A, until: yesterday}\n",
		    "t.yaml:3:35: 'identities.organisations.until' must be "
		    "a date (YYYY-MM-DD)");
	check_error("identities:\n  people:\n    - {name: X, email: x}\n",
		    "t.yaml:3:24: 'identities.people.email' must be an "
		    "address");
	check_error("list:\n  name: ''\n", "t.yaml:2:9: empty string for "
					   "'list.name'");
	check_error("list:\n  name: \"a\\0b\"\n",
		    "t.yaml:2:9: NUL character in 'list.name'");
}

static void test_missing_required(void **state)
{
	(void)state;
	check_error("identities:\n  people:\n    - email: x@y.z\n",
		    "t.yaml:3:7: missing 'name' in 'identities.people'");
	check_error("identities:\n  people:\n    - {name: ~, email: x@y.z}\n",
		    "t.yaml:3:7: missing 'name' in 'identities.people'");
	check_error("subsystems:\n  - title: x\n",
		    "t.yaml:2:5: missing 'name' in 'subsystems'");
	check_error("identities:\n  organisations:\n    - {name: Intel}\n",
		    "t.yaml:3:7: missing 'domain' in "
		    "'identities.organisations'");
	check_error("identities:\n  organisations:\n    - {domain: x.com}\n",
		    "t.yaml:3:7: missing 'name' in 'identities.organisations'");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	check_error("list: {}\nlist: {}\n",
		    "t.yaml:2:1: duplicate key 'list' in the top level");
	check_error("output:\n  top: 1\n  top: 2\n",
		    "t.yaml:3:3: duplicate key 'top' in 'output'");
	check_error("identities:\n  domains:\n    a.com: b.com\n"
		    "    A.com: c.com\n",
		    "t.yaml:4:5: duplicate key 'a.com' in "
		    "'identities.domains'");
}

static void test_not_a_map(void **state)
{
	(void)state;
	check_error("- list\n", "t.yaml:1:1: the top level must be a map");
	check_error("KVM\n", "t.yaml:1:1: the top level must be a map");
	check_error("''\n", "t.yaml:1:1: the top level must be a map");
}

static void test_anchors(void **state)
{
	(void)state;
	check_error("list: &l {name: KVM}\noutput: *l\n",
		    "t.yaml:1:7: anchors and aliases are not supported");
	check_error("list: {name: &n KVM}\n",
		    "t.yaml:1:14: anchors and aliases are not supported");
	check_error("list: {name: *n}\n",
		    "t.yaml:1:14: anchors and aliases are not supported");
}

static void test_deep_nesting(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	struct kd_config c = KD_CONFIG_INIT;

	(void)state;
	kd_buf_addchars(&b, '[', 100);
	kd_buf_addchars(&b, ']', 100);
	check_error(b.buf, "t.yaml:1:1: the top level must be a map");

	kd_buf_reset(&b);
	kd_buf_addstr(&b, "identities:\n  bots: ");
	kd_buf_addchars(&b, '[', 100000);
	check_error(b.buf, "t.yaml:2:10: 'identities.bots' must be a string "
			   "or a list of strings");

	kd_buf_reset(&b);
	kd_buf_addstr(&b, "subsystems: ");
	kd_buf_addchars(&b, '{', 100000);
	assert_int_equal(parse(&c, b.buf), KD_EINVALID);
	assert_string_equal(kd_error_last(), "t.yaml:1:13: 'subsystems' must "
					     "be a list of maps");
	kd_buf_release(&b);
}

static void test_too_large(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;
	size_t len = 16 * 1024 * 1024 + 1;
	char *big = calloc(1, len);

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	assert_int_equal(kd_config_parse(&c, "big.yaml", big, len),
			 KD_EINVALID);
	assert_string_equal(kd_error_last(), "big.yaml: larger than 16 MiB");
	free(big);
}

static char tmpdir[64];

static int setup_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/test-config.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmpdir(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/kvmdigest.yaml", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	rmdir(path);
	return rmdir(tmpdir);
}

static void test_load(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;
	char path[128], msg[256];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/kvmdigest.yaml", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(full_yaml, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(kd_config_load(&c, path), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(c.list_name, "KVM");
	assert_int_equal(c.nr_subsystems, 3);
	kd_config_release(&c);

	/* Errors name the file as given */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("output:\n  top: many\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(kd_config_load(&c, path), KD_EINVALID);
	snprintf(msg, sizeof(msg),
		 "%s:2:8: 'output.top' must be a positive integer", path);
	assert_string_equal(kd_error_last(), msg);
	assert_null(c.path);
}

static void test_load_missing(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;
	char path[128], msg[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/nowhere.yaml", tmpdir);
	assert_int_equal(kd_config_load(&c, path), KD_ENOTFOUND);
	snprintf(msg, sizeof(msg),
		 "cannot read '%s': No such file or directory", path);
	assert_string_equal(kd_error_last(), msg);
	assert_null(c.path);
}

static void test_load_directory(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;
	char path[128], msg[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(kd_config_load(&c, path), KD_ERROR);
	snprintf(msg, sizeof(msg), "cannot read '%s': Is a directory", path);
	assert_string_equal(kd_error_last(), msg);
	assert_null(c.path);
}

static void test_describe(void **state)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	assert_int_equal(parse(&c, full_yaml), 0);
	kd_config_describe(&b, &c);
	assert_string_equal(b.buf, "list: KVM <https://lore.kernel.org/kvm/>\n"
				   "mailmaps: 2\n"
				   "people: 2 (3 aliases)\n"
				   "domain folds: 2\n"
				   "organisations: 2\n"
				   "bots: 2\n"
				   "subsystems: 3: x86/mmu, arm64, selftests\n"
				   "output: format markdown, top 20, "
				   "notes refs/notes/kvmdigest\n");
	kd_config_release(&c);

	kd_buf_reset(&b);
	assert_int_equal(parse(&c, "{}"), 0);
	kd_config_describe(&b, &c);
	assert_string_equal(b.buf, "nothing: no folding, no grouping\n");
	kd_config_release(&c);

	kd_buf_reset(&b);
	assert_int_equal(parse(&c, "identities:\n  people:\n    - name: A\n"
				   "      aliases: a@b.c\n"
				   "output: {top: 5}\n"),
			 0);
	kd_config_describe(&b, &c);
	assert_string_equal(b.buf, "people: 1 (1 alias)\noutput: top 5\n");
	kd_config_release(&c);
	kd_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_nulls_are_unset),
		cmocka_unit_test(test_archive_slash),
		cmocka_unit_test(test_notes_ref),
		cmocka_unit_test(test_top_and_format),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_not_a_map),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_directory),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, setup_tmpdir, teardown_tmpdir);
}
