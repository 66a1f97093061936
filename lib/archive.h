#ifndef KD_ARCHIVE_H
#define KD_ARCHIVE_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "inbox.h"

/*
 * The walk over a range of a public-inbox archive (inbox.h): which
 * commits it holds, epoch after epoch, and which message each one adds.
 *
 * v2 (public-inbox-v2-format(5)): each epoch is a repository whose every
 * commit has a tree of one blob, `m` (a message) or `d` (a message removed
 * again: not a message).  v1: one repository, each message a blob at
 * xx/yyyy... (its Message-ID's SHA-1), one commit per message added.
 */
enum kd_layout {
	KD_LAYOUT_V1 = 1,
	KD_LAYOUT_V2 = 2,
};

/* One commit of the range. */
struct kd_entry {
	git_oid commit;
	size_t epoch;  /* which epoch of the inbox holds it */
	git_oid blob;  /* the message; zero for a deletion */
	int deleted;   /* a `d` commit (v2), or one that adds no blob (v1) */
	int64_t time;  /* the commit's author time, for mail with no Date */
	int tz;        /* and its offset, in minutes */
	int64_t committed; /* its committer time: when the archive took it */
	char *author;   /* the commit's author, "Name <address>" as
			   public-inbox made it of From ("" when purged) */
	char *subject;  /* the commit message, which public-inbox makes of
			   the raw Subject field */
	/* author and subject are owned, freed by kd_entry_release() */
};

void kd_entry_release(struct kd_entry *e);

/*
 * The layout of the archive, from the tree of `tip`.  Returns it, or
 * KD_EINVALID when `tip` is no public-inbox commit.
 */
int kd_archive_layout(git_repository *repo, const git_oid *tip);

/*
 * The commits of a range, newest first, as `git log A..B` lists them,
 * epoch after epoch: the range's part of the epoch of its end, then each
 * epoch before it (from its tip), down to the epoch of its start.  Read a
 * batch at a time, so that a range of any length takes no more memory
 * than a batch.  The walk borrows the inbox, which must outlive it.
 */
struct kd_walk;

/*
 * Returns 0; KD_EINVALID when the range's end is no public-inbox commit
 * ("not a public-inbox archive").
 */
int kd_walk_new(struct kd_walk **out, const struct kd_inbox *ib,
		const struct kd_range *r);

/*
 * Fill up to `max` entries.  Returns how many (0 at the end), or
 * KD_EINVALID naming a commit that is no public-inbox commit (its tree
 * holds something else, or an epoch's tip is none), or KD_ERROR.
 */
int kd_walk_next(struct kd_walk *w, struct kd_entry *out, size_t max);

/* How many commits the range has, walking it once more (for progress). */
int kd_walk_count(size_t *out, const struct kd_inbox *ib,
		  const struct kd_range *r);

void kd_walk_free(struct kd_walk *w);

#endif
