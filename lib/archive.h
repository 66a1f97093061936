#ifndef KD_ARCHIVE_H
#define KD_ARCHIVE_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A public-inbox archive, as a git repository, and the range of it that a
 * digest covers.
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

struct kd_range {
	git_oid from;  /* exclusive; meaningful when has_from */
	git_oid to;
	int has_from;  /* 0: the whole history up to `to` */
	int from_note; /* `from` is the newest ancestor with a digest note */
	int diverged;  /* `from` is not an ancestor of `to` */
};

/*
 * Resolve what the user named: "A..B", or "B" alone, which starts after
 * the newest ancestor of B that has a note in `notes_ref` (NULL: none), or
 * at the beginning where no ancestor has one.  "A...B" is refused.
 *
 * Returns 0; KD_ENOTFOUND for a revision this repository does not have
 * (the message names it); KD_EUSAGE for a spec that is not a range.
 */
int kd_range_resolve(struct kd_range *out, git_repository *repo,
		     const char *spec, const char *notes_ref);

/* One commit of the range. */
struct kd_entry {
	git_oid commit;
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
 * read a batch at a time so that a range of any length takes no more
 * memory than a batch.
 */
struct kd_walk;

/*
 * Returns 0; KD_EINVALID when the range's end is no public-inbox commit
 * ("not a public-inbox archive").
 */
int kd_walk_new(struct kd_walk **out, git_repository *repo,
		const struct kd_range *r);

/*
 * Fill up to `max` entries.  Returns how many (0 at the end), or
 * KD_EINVALID naming a commit that is no public-inbox commit (its tree
 * holds something else), or KD_ERROR.
 */
int kd_walk_next(struct kd_walk *w, struct kd_entry *out, size_t max);

/* How many commits the range has, walking it once more (for progress). */
int kd_walk_count(size_t *out, git_repository *repo, const struct kd_range *r);

void kd_walk_free(struct kd_walk *w);

/*
 * The length git abbreviates object names to in `repo`: `core_abbrev`
 * (the value of core.abbrev, or NULL) when it names one, else git's
 * automatic length for a repository of this many objects.
 */
int kd_abbrev_length(git_repository *repo, const char *core_abbrev);

/*
 * The abbreviation of `id` that git would print: at least `len` digits
 * (0: kd_abbrev_length() without core.abbrev), lengthened until unique.
 * `out` must hold GIT_OID_HEXSZ + 1 bytes.
 */
void kd_abbrev(char *out, git_repository *repo, const git_oid *id, int len);

#endif
