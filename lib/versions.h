#ifndef KD_VERSIONS_H
#define KD_VERSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "mails.h"
#include "series.h"

/*
 * Versions: which send of a series is an earlier send of the same work,
 * and what each send is (SPEC.md, "Series, threads and reviews").
 *
 * For each send of the range, oldest first, its earlier version is the
 * send that
 * 1. its cover letter or first patch links on a line naming a version
 *    (a lore URL of any of that send's messages, or of a reply in its
 *    thread);
 * 2. else shares its b4 change-id;
 * 3. else has the same title from the same author (after identities: the
 *    author of the patches, or their sender);
 * 4. else has most of the same patch titles from the same author
 *    (at least two, and more than half of the larger send's);
 * looked for first among the range's earlier sends, then in the history
 * before the range (history.h), where the versions found are followed
 * back in the same way.  Threads never say it: KVM forbids threading a
 * new version to an old one.
 *
 * What a send is:
 * - incomplete: a send that broke off (it lacks counters that the next
 *   send of the same version, total and title has) and was sent again at
 *   most KD_INCOMPLETE_WINDOW seconds later;
 * - resend: its patches are an earlier send's again (the same patch ids,
 *   `git patch-id --stable`'s equality), or its subject says RESEND;
 * - reroll: it has an earlier version otherwise;
 * - new: no earlier version was found.
 * An incomplete send is passed over when the send after it is judged: a
 * series sent again after a broken send is what it would have been.
 *
 * The versions linked this way make a *work*: the patch list shows one
 * row for each work of the range.
 */
#define KD_VERSIONS_NONE UINT32_MAX
#define KD_INCOMPLETE_WINDOW (6 * 60 * 60)

enum kd_found {
	KD_FOUND_LINK,
	KD_FOUND_CHANGE_ID,
	KD_FOUND_TITLE,
	KD_FOUND_PATCHES,
};

enum kd_send_kind {
	KD_SEND_NEW,
	KD_SEND_REROLL,
	KD_SEND_RESEND,
	KD_SEND_INCOMPLETE,
};

/* "link", "change-id", "title", "patches"; "new", "reroll", ... */
extern const char *const kd_found_names[];
extern const char *const kd_send_kind_names[];

/* A send of the range, or one of the history before it. */
struct kd_version {
	uint32_t send;          /* in the kd_sends, or in the history */
	unsigned int in_range : 1;
	unsigned int found : 1; /* a later send found this one... */
	enum kd_found how;      /* ...this way */
	uint32_t prev;          /* the version it follows, or NONE */
	enum kd_send_kind kind;
	uint32_t work;          /* the same for every version of a work */
};

struct kd_versions {
	struct kd_version *v; /* the range's sends first, in kd_sends's
				 order; then the history's, as found */
	size_t nr, alloc;
};

/*
 * Find the versions of the sends `s` of the mails `m`.  `answers` gives
 * for each mail the patch mail its thread answers (thread.h's nearest, or
 * KD_MAILS_NONE); `h` is the history before the range, or NULL.
 * `out` must be released with kd_versions_release().
 */
void kd_versions_find(struct kd_versions *out, const struct kd_mails *m,
		      const struct kd_sends *s, const uint32_t *answers,
		      struct kd_history *h);

void kd_versions_release(struct kd_versions *v);

#endif
