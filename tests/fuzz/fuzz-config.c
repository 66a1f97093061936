/*
 * libFuzzer target for the configuration reader: any bytes must come back
 * as a configuration or an error, without a crash, a leak, or a hang.  A
 * configuration that reads is compiled, as a digest compiles it, into
 * identities and subsystems (their PCRE2 patterns included), and these are
 * asked once about a fixed mail: a hostile pattern must not hang them.
 *
 * Built and run by `make fuzz` (see the Makefile).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "config.h"
#include "identity.h"
#include "subsystem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A mail that runs through every kind of rule. */
static const char title[] =
	"KVM: x86/mmu: Drop the aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
	"check from kvm_mmu_page_fault() (again, again, again) \xc3\xa9!";
static const char prefixes[] = "kvm-unit-tests RFC";
static const char *const paths[] = {
	"arch/x86/kvm/mmu/mmu.c",
	"tools/testing/selftests/kvm/x86/a.c",
	".../kvm/lib/kvm_util.c",
	"Documentation/virt/kvm/api.rst",
};

static void compile(const struct kd_config *c)
{
	struct kd_config cc = *c;
	struct kd_identities *ids;
	struct kd_subsystems *subs;
	const char *name, *email, *domain;
	size_t i, n;

	/* Mailmaps name files to read: not the input under test. */
	cc.nr_mailmaps = 0;
	if (!kd_identities_new(&ids, &cc, NULL, NULL)) {
		kd_identities_resolve(ids, "Sean Example", "SEAN@Example.COM",
				      &name, &email);
		domain = kd_identities_domain(ids, email);
		(void)kd_identities_org(ids, domain, 1700000000);
		(void)kd_identities_is_bot(ids, name ? name : "Sean Example",
					   email);
		(void)kd_identities_is_bot(ids, "syzbot",
					   "syzbot+0123456789abcdef@"
					   "syzkaller.appspotmail.com");
		(void)kd_identities_has_orgs(ids);
		kd_identities_free(ids);
	}
	if (!kd_subsystems_new(&subs, c)) {
		(void)kd_subsystems_match(subs, title, prefixes, paths,
					  sizeof(paths) / sizeof(*paths));
		n = kd_subsystems_count(subs);
		for (i = 0; i < n; i++)
			if (!kd_subsystems_name(subs, i))
				abort();
		kd_subsystems_free(subs);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct kd_buf b = KD_BUF_INIT;

	if (!kd_config_parse(&c, "fuzz.yaml", (const char *)data, size)) {
		/* What was read must be describable. */
		kd_config_describe(&b, &c);
		kd_buf_release(&b);
		compile(&c);
	}
	kd_config_release(&c);
	return 0;
}
