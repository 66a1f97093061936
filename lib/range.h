#ifndef KD_RANGE_H
#define KD_RANGE_H

#include <stdint.h>

#include "inbox.h"

/*
 * The range a digest covers, made of what the user names: revisions
 * ("A..B", "B" after its last digest note) or a window of time (--since,
 * --until), across the epochs of the inbox.  The range's ends are in
 * struct kd_range (inbox.h).
 */

/*
 * "A..B", or "B" alone, which starts after the newest commit with a note
 * in `notes_ref` (NULL: none is looked for): the newest noted ancestor of
 * B in B's epoch, else the newest noted commit of the epochs before it,
 * the newest epoch first; where none has one, at the beginning.  Each
 * revision is looked up as kd_inbox_lookup() does.  "A...B" is refused.
 *
 * Returns 0; KD_ENOTFOUND for a revision no epoch has (the message names
 * it); KD_EINVALID for a range that ends before it starts (B before A:
 * in an earlier epoch, or an ancestor of A); KD_EUSAGE for a spec that is
 * not a range.
 */
int kd_range_resolve(struct kd_range *out, const struct kd_inbox *ib,
		     const char *spec, const char *notes_ref);

/* A window open at its start (no --since) or at its end (no --until). */
#define KD_WINDOW_NO_SINCE INT64_MIN
#define KD_WINDOW_NO_UNTIL INT64_MAX

/*
 * The messages that arrived from `since` to `until` (seconds since the
 * epoch, both included), in the history up to `tip` (a revision): what
 * `git log --since --until` lists, by commit time, which is when the
 * archive took a message.  The range ends at the newest commit of the
 * window and starts after the first commit older than it; a message taken
 * out of order within those is digested with them.  A window with no
 * message is a range with `empty` set.
 *
 * Returns 0; KD_ENOTFOUND for a `tip` no epoch has; KD_EINVALID or
 * KD_ERROR from the walk (a commit that is no public-inbox commit).
 */
int kd_range_window(struct kd_range *out, const struct kd_inbox *ib,
		    const char *tip, int64_t since, int64_t until);

#endif
