#ifndef KD_INBOX_H
#define KD_INBOX_H

#include <git2.h>
#include <pthread.h>
#include <stddef.h>

#include "pack.h"

/*
 * A public-inbox archive as one history: the epochs of a v2 inbox, oldest
 * first, or a lone repository.
 *
 * A v2 inbox is a folder holding git/0.git, git/1.git, ... (and perhaps
 * all.git, inbox.lock, manifest.js.gz), as public-inbox writes it and as
 * public-inbox-clone or a mirror of each epoch makes it.  Each epoch is a
 * history of its own, about a gigabyte of mail: its first commit has no
 * parent, and comes after the last commit of the epoch before.  So the
 * inbox's history is the newest epoch's, then the one before it, and so
 * on down to epoch 0.  A repository on its own (a v1 archive, or an epoch
 * cloned anywhere else) is an inbox of one epoch.
 *
 * Invariants: `epochs` holds at least one epoch, numbered one after
 * another without a gap (the lowest may be above 0: a mirror of the newest
 * epochs only), each open, with its tip resolved when it has a commit.
 * Epochs are named by their index in `epochs` everywhere else
 * (kd_range, kd_entry); `number` is what their folder is called.
 */
struct kd_epoch {
	int number;            /* the N of git/N.git; 0 for a lone repository */
	char *path;            /* the repository's folder */
	git_repository *repo;  /* owned */
	git_oid tip;           /* its HEAD, when has_tip */
	int has_tip;           /* 0: no commit yet (an epoch just begun) */
	struct kd_packs *packs; /* opened when first asked (kd_inbox_packs()) */
};

struct kd_inbox {
	char *path;              /* the inbox folder, or the lone repository's */
	struct kd_epoch *epochs; /* oldest first */
	size_t nr;
	size_t current;  /* the epoch the tool was started in, else the
			    newest: the repository whose git config is read */
	int lone;        /* one repository, not in an inbox folder */
	pthread_mutex_t packs_lock; /* for opening the epochs' packs */
};

/*
 * The ends of a range, each a commit and the epoch that holds it.  The
 * range is the history up to `to` (its epoch, then every epoch before
 * it), less the history up to `from`: `git log from..to` when both are in
 * one epoch.
 */
struct kd_range {
	git_oid from;      /* exclusive; meaningful when has_from */
	git_oid to;
	size_t from_epoch, to_epoch;
	int has_from;      /* 0: the whole history up to `to` */
	int from_note;     /* `from` is the newest commit with a digest note */
	/*
	 * `from` is not in the history of `to`, or, when `from_epoch` is
	 * before `to_epoch`, of that epoch's tip, where its walk starts.
	 * Only A..B sets it: a start after a note or before a window is
	 * found in that history.
	 */
	int diverged;
	int empty;         /* no commit at all: nothing to walk */
};

/*
 * Open the archive at `path`, or, for NULL, the one git would find: in
 * GIT_DIR, else in the current directory (which `git -C` sets) or above.
 * `path` is an inbox folder, any of its epochs or its all.git (which mean
 * the whole inbox), or a lone repository.  In an epoch, that epoch's git
 * config is the one read; elsewhere the newest epoch's.
 * Returns 0; KD_ENOTFOUND when it is no inbox and in no repository;
 * KD_EINVALID for epochs with a gap; KD_ERROR when an epoch cannot be
 * opened.  The message names the folder.
 */
int kd_inbox_open(struct kd_inbox **out, const char *path);

/*
 * The packs of epoch `epoch` (pack.h), opened the first time any thread
 * asks, then shared by all of them: an epoch a digest does not read costs
 * nothing.  NULL when they cannot be opened (the message says why).
 */
struct kd_packs *kd_inbox_packs(const struct kd_inbox *ib, size_t epoch);
void kd_inbox_free(struct kd_inbox *ib);

/* The repository whose git config applies (`current`), borrowed. */
git_repository *kd_inbox_config_repo(const struct kd_inbox *ib);

/*
 * The commit that `rev` names, looked up in each epoch, the newest first:
 * HEAD is the newest epoch's tip, an object id is found in whichever
 * epoch holds it.  "<rev>~<n>" and "<rev>^" count first parents back
 * through the whole history: from an epoch's first commit on to the tip
 * of the epoch before.  Returns 0 and its epoch; KD_ENOTFOUND ("bad
 * revision") when no epoch has it, or when a short object id names
 * commits in two epochs.
 */
int kd_inbox_lookup(size_t *epoch, git_oid *out, const struct kd_inbox *ib,
		    const char *rev);

/*
 * The length git abbreviates object names to in `repo`: `core_abbrev`
 * (the value of core.abbrev, or NULL) when it names one, else git's
 * automatic length for a repository of this many objects.
 */
int kd_abbrev_length(git_repository *repo, const char *core_abbrev);

/*
 * The abbreviation of `id` that git would print in `repo`: at least `len`
 * digits (0: kd_abbrev_length() without core.abbrev), lengthened until
 * unique.  `out` must hold GIT_OID_HEXSZ + 1 bytes.
 */
void kd_abbrev(char *out, git_repository *repo, const git_oid *id, int len);

/*
 * The same for commit `id` of `epoch` in the inbox: git's length in its
 * epoch, lengthened until no epoch has another object of that prefix, so
 * that kd_inbox_lookup() finds it again.
 */
void kd_inbox_abbrev(char *out, const struct kd_inbox *ib, size_t epoch,
		     const git_oid *id, int len);

#endif
