#ifndef KD_SUBSYSTEM_H
#define KD_SUBSYSTEM_H

#include <stddef.h>

#include "config.h"

/*
 * Which subsystem a series belongs to: the configuration's rules, in
 * order; a series no rule matches is "other".
 *
 * Titles first: the first rule whose title pattern (PCRE2, compiled once,
 * JIT where the library has it) matches the series' title, or whose prefix
 * pattern matches the other tags of its subject ("kvm-unit-tests" of
 * "[kvm-unit-tests PATCH v2 3/5]", blank-separated), wins.  Only when no
 * such pattern matches, the first rule one of whose file globs
 * matches one of the paths the series touches wins.  Globs: `*` and `?`
 * within a path component, `**` across components.  A path shortened by
 * git's diffstat to ".../tail" matches a glob cut at one of its slashes
 * when what is left still says enough: it ends in an exact file name, or
 * keeps two exact directory names (so "kvm/..." cut from "arch/x86/kvm/..." does
 * not claim every ".../kvm/..." path).
 */
#define KD_SUBSYSTEM_OTHER "other"

struct kd_subsystems;

/*
 * Returns 0, or KD_EINVALID naming the rule, the pattern and PCRE2's
 * offset: "bad regular expression in subsystem 'x86/mmu' (line 12):
 * '^KVM: (x86': missing closing parenthesis at offset 10".
 */
int kd_subsystems_new(struct kd_subsystems **out, const struct kd_config *cfg);
void kd_subsystems_free(struct kd_subsystems *s);

/* The name of the first rule that matches, or KD_SUBSYSTEM_OTHER. */
const char *kd_subsystems_match(const struct kd_subsystems *s,
				const char *title, const char *prefixes,
				const char *const *paths, size_t nr_paths);

/* How many rules there are (0: the patch list is not grouped). */
size_t kd_subsystems_count(const struct kd_subsystems *s);

/* The name of rule `i` (0 <= i < kd_subsystems_count()), borrowed. */
const char *kd_subsystems_name(const struct kd_subsystems *s, size_t i);

/* Exposed for tests: does `glob` match `path` (which may be ".../tail")? */
int kd_glob_match(const char *glob, const char *path);

#endif
