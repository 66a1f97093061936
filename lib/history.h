#ifndef KD_HISTORY_H
#define KD_HISTORY_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "identity.h"

/*
 * The archive's history before a range, where the earlier versions of
 * the range's series are looked for (SPEC.md, "Versions").
 *
 * It is read from commits alone: public-inbox makes each commit of the
 * mail's From (author), Date and raw Subject, and stamps it with the time
 * it took the mail (committer), so the patch mails of months of a list
 * are known without reading one message.  Messages are read only where a
 * question needs them, each at most once: the Message-IDs of the patch
 * mails near the time a link names, the cover letters of one author for
 * a b4 change-id, and the heads and patches of an earlier version found.
 *
 * Patch mails are grouped into sends as series.h does for mail without
 * threads (commits say nothing of threads): one sender, version and
 * total, each patch at most KD_HISTORY_GAP seconds after the one before
 * and with a counter the send does not have yet.
 */
#define KD_HISTORY_NONE UINT32_MAX
#define KD_HISTORY_GAP (30 * 60)

struct kd_history;

/* What the commits say of a send before the range. */
struct kd_history_send {
	int version;
	int total;        /* -1: a single patch */
	unsigned int rfc : 1;
	unsigned int resend : 1;
	int64_t time;     /* when the archive took its first mail */
	uint32_t head;    /* its head: cover letter, else lowest patch */
	uint32_t nr;      /* how many patch mails it has */
};

/* What its messages say, read on demand (kd_history_facts()). */
struct kd_history_facts {
	char *message_id;       /* of its head */
	char *subject, *title;  /* its head's */
	int64_t date;           /* its head's Date (UTC), else commit time */
	int tz;
	git_oid commit;         /* its head's commit */
	char *author_name, *author_email; /* its head's author, as written */
	char *change_id;        /* b4's, or NULL */
	char **links;           /* Message-IDs its head names as versions */
	int *link_versions;
	size_t nr_links;
	uint64_t *patch_ids;    /* of its patches (not its cover), sorted */
	size_t nr_patch_ids;
};

/*
 * The history of the inbox `ib` before range `r`: every commit of the
 * history up to r->from (its epoch, then the epochs before it) whose
 * committer time is `since` or later (none when the range has no start:
 * it covers the whole history).  Identities are folded by `ids` (NULL:
 * none).  `ib` must outlive the history.  Returns 0 or an error
 * (kd_error_last()).
 */
int kd_history_new(struct kd_history **out, const struct kd_inbox *ib,
		   const struct kd_range *r, int64_t since,
		   const struct kd_identities *ids);
void kd_history_free(struct kd_history *h);

/* How many sends there are; send ids are below, oldest first. */
size_t kd_history_count(const struct kd_history *h);
const struct kd_history_send *kd_history_send(const struct kd_history *h,
					      uint32_t send);

/*
 * Lookups.  Each gives the newest send before `before` (a send id, or
 * KD_HISTORY_NONE for any) that matches, or KD_HISTORY_NONE.  `author`
 * is a folded address, or a name's key (identity.h: sends are indexed
 * under both); `prefixes` the other tags of the
 * subject (subject.h), which must be the same: they name the project or
 * the tree ("[kvm-unit-tests PATCH]", "[PATCH 6.1]").
 */
uint32_t kd_history_by_title(struct kd_history *h, const char *author,
			     const char *prefixes, const char *title,
			     uint32_t before);

/*
 * The newest send by `author` whose title is alike `title` (subject.h's
 * kd_title_alike_keys()) and whose version is below `version`.
 */
uint32_t kd_history_by_alike(struct kd_history *h, const char *author,
			     const char *prefixes, const char *title,
			     int version, uint32_t before);

/*
 * The send by `author` that has the most of the patch titles `titles`
 * (at least two, and more than half of the larger of the two sends), or
 * KD_HISTORY_NONE.
 */
uint32_t kd_history_by_patches(struct kd_history *h, const char *author,
			       const char *prefixes, const char *const *titles,
			       size_t nr, uint32_t before);

/* The same, for the patch titles of history send `send`, before it. */
uint32_t kd_history_earlier_by_patches(struct kd_history *h, uint32_t send);

/*
 * The send one of whose patch mails has Message-ID `id`.  The messages
 * read are those the archive took within days of the time the id names
 * (git send-email, git format-patch and b4 put one in it), else those of
 * `author` (NULL: none).  Returns KD_HISTORY_NONE when not found.
 */
uint32_t kd_history_by_message_id(struct kd_history *h, const char *id,
				  const char *author);

/* The send by `author` whose head has b4 change-id `change_id`. */
uint32_t kd_history_by_change_id(struct kd_history *h, const char *change_id,
				 const char *author, uint32_t before);

/* The folded address, the title and the other tags of a send, borrowed. */
const char *kd_history_author(const struct kd_history *h, uint32_t send);
const char *kd_history_title(const struct kd_history *h, uint32_t send);
const char *kd_history_prefixes(const struct kd_history *h, uint32_t send);

/*
 * What the messages of `send` say: read the first time it is asked, then
 * kept.  Borrowed from `h`.  Returns NULL when a message cannot be read
 * (the message says why).
 */
const struct kd_history_facts *kd_history_facts(struct kd_history *h,
						uint32_t send);

#endif
