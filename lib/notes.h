#ifndef KD_NOTES_H
#define KD_NOTES_H

#include <git2.h>
#include <stddef.h>

/*
 * Digests as git notes on the last commit of their range, in the layout
 * `git notes` reads: a notes ref whose commits hold a tree of blobs named
 * after the annotated objects (flat, or fanned out into "ab/cdef..."
 * directories as git does for large notes trees; this module keeps
 * whichever layout the tree has).
 *
 * Several runs may write notes on one ref at the same time (a timer and a
 * hook).  Each builds its notes commit on the ref's current tip and moves
 * the ref only if the tip is still that commit (compare-and-swap, under
 * git's ref lock); if another run moved it first, it rebuilds on the new
 * tip and tries again.  So every note lands, none is lost.
 */

/*
 * The ref that `ref` names, as git's expand_notes_ref() (`git notes
 * --ref`) makes it: "refs/notes/x" stays, "notes/x" is "refs/notes/x",
 * and any other "x" is "refs/notes/x".  A new string; the caller frees it.
 */
char *kd_notes_ref_expand(const char *ref);

/* Whether `commit` has a note in `ref`: 1 yes, 0 no, <0 error. */
int kd_notes_has(git_repository *repo, const char *ref, const git_oid *commit);

/*
 * Attach `text` as the note of `commit` in `ref`, in a notes commit whose
 * message is `message`.  An existing note is replaced only when `force`;
 * else KD_EEXISTS and nothing is written.  The notes commit is made by
 * the committer git would use (GIT_COMMITTER_NAME/EMAIL, user.name and
 * user.email), or "git kvmdigest" when none is configured.
 * Returns 0, KD_EEXISTS, or KD_ERROR with libgit2's words.
 */
int kd_notes_write(git_repository *repo, const char *ref,
		   const git_oid *commit, const char *text, size_t len,
		   const char *message, int force);

#endif
