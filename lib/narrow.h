#ifndef KD_NARROW_H
#define KD_NARROW_H

#include <stddef.h>

#include "buf.h"
#include "subsystem.h"

/*
 * Narrowing a digest to some of its series, as git log narrows a history:
 * to the series of some subsystems (the configuration's rule names, or
 * "other"), and to those whose author matches a pattern (PCRE2, on
 * "Name <address>", as `git log -P --author` matches).  A series is kept
 * when it passes both that are given; the digest then counts only the
 * series kept, their replies and their reviews.
 */
struct kd_narrow;

/*
 * What to keep: the `nr` subsystem names (none: any subsystem) and the
 * author pattern (NULL: any author).  `subs` are the configuration's
 * rules, against which the names are checked.  Returns 0, or KD_EINVALID
 * naming a subsystem the configuration does not have or a pattern that
 * does not compile.
 */
int kd_narrow_new(struct kd_narrow **out, const char *const *subsystems,
		  size_t nr, const char *author,
		  const struct kd_subsystems *subs);
void kd_narrow_free(struct kd_narrow *n);

/*
 * Whether a series of `subsystem` by `name` <`email`> is kept.  Not for
 * several threads at once: it matches in `n`'s own scratch space.
 */
int kd_narrow_keeps(struct kd_narrow *n, const char *subsystem,
		    const char *name, const char *email);

/*
 * What it narrows to, for the first lines of a digest:
 * "subsystem x86/mmu or SVM, author matching 'Sean'".
 */
void kd_narrow_describe(struct kd_buf *out, const struct kd_narrow *n);

#endif
