/*
 * The default kvmdigest.yaml, as installed: it loads, its patterns
 * compile, and every one of its subsystem rules is exercised by a title
 * and by a path list of the kind the KVM list sees, each landing in
 * exactly that rule.  A rule added to the file without cases here, or a
 * case naming a rule the file no longer has, fails the suite.
 *
 * The file is read from $KD_SOURCE_DIR/kvmdigest.yaml, or from
 * ./kvmdigest.yaml when KD_SOURCE_DIR is not set: `make unit-tests` runs
 * the tests from the top of the source tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "error.h"
#include "subsystem.h"

struct fixture {
	struct kd_config cfg;
	struct kd_subsystems *subsystems;
};

/*
 * One case: a title (NULL: none) and/or paths (NULL-terminated; none:
 * judged by its title alone), and the rule it must land in.
 */
struct case_ {
	const char *rule;
	const char *title;
	const char *paths[4];
	const char *prefixes; /* the subject's other tags */
};

static const struct case_ cases[] = {
	{"kvmtool", "kvmtool: Add the --no-dhcp option to lkvm run", {NULL}, NULL},
	{"kvmtool", NULL, {"builtin-run.c", "virtio/net.c", NULL}, NULL},
	{"kvmtool", "arm64: Add the SVE vector length option", {NULL},
	 "kvmtool"},
	{"kvmtool", NULL, {"x86/include/kvm/kvm-arch.h", NULL}, NULL},

	{"kvm-unit-tests",
	 "scripts/arch-run: Mark migration tests as SKIP if ncat is not "
	 "available",
	 {NULL}, NULL},
	{"kvm-unit-tests",
	 "x86: Fix the kvm-unit-tests build with clang",
	 {NULL}, NULL},
	{"kvm-unit-tests", NULL, {"x86/vmx_tests.c", "lib/x86/processor.h"}, NULL},
	{"kvm-unit-tests", "x86: pmu: Skip the fixed counter test without PDCM",
	 {NULL}, "kvm-unit-tests"},
	{"kvm-unit-tests", NULL, {"powerpc/sprs.c", "lib/powerpc/handlers.c"}, NULL},

	{"QEMU",
	 "target/i386: Add definition of VMX proc based tertiary "
	 "controls",
	 {NULL}, NULL},
	{"QEMU", "hw/timer/i8254: Add I/O trace events", {NULL}, NULL},
	{"QEMU", "Add support for the SNP guest request", {NULL},
	 "qemu"},
	{"QEMU", "i386/kvm: Support for FRED", {NULL}, NULL},
	{"QEMU", "spapr: nvdimm: Implement H_SCM_FLUSH hcall", {NULL}, NULL},
	{"QEMU", NULL, {"hw/i386/pc.c", "include/hw/i386/apic.h", NULL}, NULL},

	{"guest_memfd",
	 "KVM: guest_memfd: Reject large folios until support "
	 "is implemented",
	 {NULL}, NULL},
	{"guest_memfd", "guest_memfd: In-place conversion support", {NULL}, NULL},
	{"guest_memfd", NULL, {"virt/kvm/guest_memfd.c", NULL}, NULL},
	{"guest_memfd", NULL, {".../kvm/guest_memfd.c", NULL}, NULL},

	{"x86/mmu", "KVM: x86/mmu: TDX post-populate cleanups", {NULL}, NULL},
	{"x86/mmu", "KVM: x86/tdp_mmu: Fix a race", {NULL}, NULL},
	{"x86/mmu", "KVM: MMU: Drop an unused parameter", {NULL}, NULL},
	{"x86/mmu", NULL, {"arch/x86/kvm/mmu/tdp_mmu.c", NULL}, NULL},
	{"x86/mmu", NULL, {".../kvm/mmu/paging_tmpl.h", NULL}, NULL},

	{"x86/pmu", "KVM: x86/pmu: Add support for the mediated vPMU", {NULL}, NULL},
	{"x86/pmu", "KVM: x86: PMU: Fix counter reprogramming", {NULL}, NULL},
	{"x86/pmu", NULL, {"arch/x86/kvm/vmx/pmu_intel.c", NULL}, NULL},

	{"x86/xen", "KVM: x86/xen: Fix SCHEDOP_poll with a timeout", {NULL}, NULL},
	{"x86/xen", NULL, {"arch/x86/kvm/xen.c", NULL}, NULL},

	{"TDX", "KVM: TDX: Decrease TDX VM shutdown time", {NULL}, NULL},
	{"TDX", "x86/virt/tdx: Add SEAMCALL wrappers", {NULL}, NULL},
	{"TDX", NULL, {"arch/x86/kvm/vmx/tdx.c", NULL}, NULL},

	{"SEV", "KVM: SEV: Add support for IBPB-on-Entry", {NULL}, NULL},
	{"SEV", "KVM: SVM: Fix SEV-ES intercepts", {NULL}, NULL},
	{"SEV", NULL, {"arch/x86/kvm/svm/sev.c", NULL}, NULL},

	{"SVM",
	 "KVM: nSVM: Use vcpu->arch.cr2 when updating vmcb12 on nested "
	 "#VMEXIT",
	 {NULL}, NULL},
	{"SVM", "KVM: SVM: Fix CR8 intercpetion woes with AVIC", {NULL}, NULL},
	{"SVM", NULL, {"arch/x86/kvm/svm/nested.c", NULL}, NULL},

	{"VMX",
	 "KVM: VMX: Enable support for secondary VM exit controls",
	 {NULL}, NULL},
	{"VMX", "KVM: nVMX: Fix the VMCS12 field checks", {NULL}, NULL},
	{"VMX", "Enable FRED with KVM VMX", {NULL}, NULL},
	{"VMX", NULL, {"arch/x86/kvm/vmx/nested.c", NULL}, NULL},

	{"x86",
	 "KVM: x86: Fix hard lockup with periodic timer in guest",
	 {NULL}, NULL},
	{"x86", "x86/fpu: Add guest FPU state for AMX", {NULL}, NULL},
	{"x86", "KVM: X86: Fix a comment", {NULL}, NULL},
	{"x86", NULL, {"arch/x86/kvm/lapic.c", NULL}, NULL},
	{"x86", NULL, {"arch/x86/kernel/fpu/core.c", NULL}, NULL},

	{"arm64", "KVM: arm64: Implement support for SME", {NULL}, NULL},
	{"arm64", "arm64: Support for Arm CCA in KVM", {NULL}, NULL},
	{"arm64", "KVM: arm64: selftests: Add a vgic test", {NULL}, NULL},
	{"arm64", NULL, {"arch/arm64/kvm/vgic/vgic-its.c", NULL}, NULL},

	{"RISC-V",
	 "RISC-V: KVM: Convert kvm_riscv_vcpu_sbi_forward() into "
	 "extension handler",
	 {NULL}, NULL},
	{"RISC-V",
	 "riscv: add SBI FWFT misaligned exception delegation "
	 "support",
	 {NULL}, NULL},
	{"RISC-V", "SBI MPXY support for KVM Guest", {NULL}, NULL},
	{"RISC-V", NULL, {"arch/riscv/kvm/vcpu_sbi.c", NULL}, NULL},

	{"LoongArch", "LoongArch: KVM: Add FPU delay load support", {NULL}, NULL},
	{"LoongArch",
	 "KVM: MIPS/LoongArch: Fix typo in pfn_to_pfn_prot "
	 "comments",
	 {NULL}, NULL},
	{"LoongArch", NULL, {"arch/loongarch/kvm/exit.c", NULL}, NULL},

	{"s390",
	 "KVM: s390: vsie: Fix the handling of the shadow gmap",
	 {NULL}, NULL},
	{"s390", "s390/mm: Fix the storage key handling", {NULL}, NULL},
	{"s390", NULL, {"arch/s390/kvm/kvm-s390.c", NULL}, NULL},

	{"PowerPC",
	 "KVM: PPC: Book3S HV: Fix IRQ map warnings with XICS on "
	 "pSeries KVM Guest",
	 {NULL}, NULL},
	{"PowerPC",
	 "powerpc/pseries/svm: Use FW_FEATURE to detect SVM",
	 {NULL}, NULL},
	{"PowerPC", "Support for H_RPT_INVALIDATE in PowerPC KVM", {NULL}, NULL},
	{"PowerPC", NULL, {"arch/powerpc/kvm/book3s_hv.c", NULL}, NULL},

	{"MIPS", "KVM: MIPS: Fix a build warning", {NULL}, NULL},
	{"MIPS", NULL, {"arch/mips/kvm/mips.c", NULL}, NULL},

	{"selftests",
	 "KVM: selftests: add test for SVE host corruption",
	 {NULL}, NULL},
	{"selftests", "selftests/kvm: Fix the build on arm64", {NULL}, NULL},
	{"selftests",
	 NULL,
	 {"tools/testing/selftests/kvm/x86/state_test.c", NULL}, NULL},
	{"selftests", NULL, {".../selftests/kvm/x86/state_test.c", NULL}, NULL},

	{"VFIO/IOMMU", "iommu: Add live update state preservation", {NULL}, NULL},
	{"VFIO/IOMMU", "vfio/pci: Fix the BAR mapping", {NULL}, NULL},
	{"VFIO/IOMMU", NULL, {"drivers/vfio/pci/vfio_pci_core.c", NULL}, NULL},
	{"VFIO/IOMMU",
	 NULL,
	 {".../vfio/pci/hisilicon/hisi_acc_vfio_pci.c", NULL}, NULL},

	{"generic",
	 "KVM: Make support for kvm_arch_vcpu_async_ioctl() "
	 "mandatory",
	 {NULL}, NULL},
	{"generic",
	 "Documentation: KVM: Formalizing taking vcpu->mutex "
	 "*outside*",
	 {NULL}, NULL},
	{"generic", "clean up redundant 'kvm_run' parameters", {NULL}, NULL},
	{"generic", NULL, {"virt/kvm/kvm_main.c", NULL}, NULL},

	{"mm",
	 "mm: Implement ECC handling for pfn with no struct page",
	 {NULL}, NULL},
	{"mm", NULL, {"mm/memory-failure.c", NULL}, NULL},

	/* what is none of the list's business stays "other" */
	{KD_SUBSYSTEM_OTHER,
	 "crypto: hisilicon - qm updates BAR "
	 "configuration",
	 {NULL}, NULL},
	{KD_SUBSYSTEM_OTHER, "Add support for SVM atomics in Nouveau", {NULL}, NULL},
	{KD_SUBSYSTEM_OTHER,
	 "gfs2: Fix mmap + page fault deadlocks",
	 {"fs/gfs2/file.c", NULL}, NULL},
	{KD_SUBSYSTEM_OTHER, NULL, {"drivers/crypto/hisilicon/qm.c", NULL}, NULL},
	{KD_SUBSYSTEM_OTHER, NULL, {".../kvm/lib/kvm_util.c", NULL}, NULL},
};

#define NR_CASES (sizeof(cases) / sizeof(*cases))

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *dir = getenv("KD_SOURCE_DIR");
	struct kd_buf path = KD_BUF_INIT;
	int err;

	if (!f)
		return -1;
	kd_buf_addf(&path, "%s/kvmdigest.yaml", dir && *dir ? dir : ".");
	err = kd_config_load(&f->cfg, path.buf);
	if (err) {
		print_error("%s: %s\n", path.buf, kd_error_last());
		kd_buf_release(&path);
		free(f);
		return -1;
	}
	kd_buf_release(&path);
	err = kd_subsystems_new(&f->subsystems, &f->cfg);
	if (err) {
		print_error("%s\n", kd_error_last());
		kd_config_release(&f->cfg);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kd_subsystems_free(f->subsystems);
	kd_config_release(&f->cfg);
	free(f);
	return 0;
}

static size_t nr_paths(const struct case_ *c)
{
	size_t n = 0;

	while (n < 4 && c->paths[n])
		n++;
	return n;
}

static void test_list(void **state)
{
	struct fixture *f = *state;

	assert_non_null(f->cfg.list_name);
	assert_string_equal(f->cfg.list_name, "KVM");
	assert_non_null(f->cfg.archive);
	assert_string_equal(f->cfg.archive, "https://lore.kernel.org/kvm/");
	assert_true(f->cfg.nr_people > 0);
	/* the domain mail came from, as the KVM digests have always shown */
	assert_int_equal(f->cfg.nr_domains, 0);
	assert_true(f->cfg.nr_orgs > 0);
	assert_true(f->cfg.nr_bots > 0);
}

/* The identity split the seeds show: Xin Li's two names and addresses. */
static void test_xin_li(void **state)
{
	struct fixture *f = *state;
	size_t i, j;
	int zytor = 0, tagged = 0;

	for (i = 0; i < f->cfg.nr_people; i++) {
		const struct kd_config_person *p = &f->cfg.people[i];

		if (strcmp(p->name, "Xin Li"))
			continue;
		assert_string_equal(p->email, "xin3.li@intel.com");
		for (j = 0; j < p->nr_aliases; j++) {
			zytor |= !strcmp(p->aliases[j], "xin@zytor.com");
			tagged |= !strcmp(p->aliases[j], "Xin Li (Intel)");
		}
	}
	assert_true(zytor && tagged);
}

static void test_cases_land(void **state)
{
	struct fixture *f = *state;
	size_t i, bad = 0;

	for (i = 0; i < NR_CASES; i++) {
		const struct case_ *c = &cases[i];
		const char *got = kd_subsystems_match(f->subsystems, c->title,
						      c->prefixes, c->paths,
						      nr_paths(c));

		if (strcmp(got, c->rule)) {
			print_error("'%s' %s%s: got '%s', want '%s'\n",
				    c->title ? c->title : "(no title)",
				    c->paths[0] ? "with " : "",
				    c->paths[0] ? c->paths[0] : "", got,
				    c->rule);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * Every rule of the file has a title case if it has a title, and a paths
 * case if it has files; every case names a rule of the file.
 */
static void test_every_rule_has_cases(void **state)
{
	struct fixture *f = *state;
	size_t i, j, bad = 0;

	assert_true(f->cfg.nr_subsystems > 0);
	for (i = 0; i < f->cfg.nr_subsystems; i++) {
		const struct kd_config_subsystem *r = &f->cfg.subsystems[i];
		int by_title = 0, by_files = 0;

		for (j = 0; j < NR_CASES; j++) {
			if (strcmp(cases[j].rule, r->name))
				continue;
			by_title |= cases[j].title && !cases[j].paths[0];
			by_files |= !cases[j].title && cases[j].paths[0];
		}
		if (r->title && !by_title) {
			print_error("rule '%s' (line %d): no title case\n",
				    r->name, r->line);
			bad++;
		}
		if (r->nr_files && !by_files) {
			print_error("rule '%s' (line %d): no paths case\n",
				    r->name, r->line);
			bad++;
		}
	}
	for (j = 0; j < NR_CASES; j++) {
		int found = !strcmp(cases[j].rule, KD_SUBSYSTEM_OTHER);

		for (i = 0; !found && i < f->cfg.nr_subsystems; i++)
			found = !strcmp(cases[j].rule,
					f->cfg.subsystems[i].name);
		if (!found) {
			print_error("case for '%s': no such rule\n",
				    cases[j].rule);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Rule names are what the digest groups by: two rules, one group. */
static void test_rule_names_unique(void **state)
{
	struct fixture *f = *state;
	size_t i, j;

	for (i = 0; i < f->cfg.nr_subsystems; i++) {
		assert_string_not_equal(f->cfg.subsystems[i].name,
					KD_SUBSYSTEM_OTHER);
		for (j = 0; j < i; j++)
			assert_string_not_equal(f->cfg.subsystems[i].name,
						f->cfg.subsystems[j].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_xin_li),
		cmocka_unit_test(test_cases_land),
		cmocka_unit_test(test_every_rule_has_cases),
		cmocka_unit_test(test_rule_names_unique),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
