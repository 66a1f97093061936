#ifndef KD_DIGEST_H
#define KD_DIGEST_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "buf.h"
#include "identity.h"
#include "narrow.h"
#include "review.h"
#include "rfc5322.h"
#include "subsystem.h"
#include "versions.h"

/*
 * The digest of a range: every fact the renderers show, computed once.
 *
 * The counting rules are SPEC.md's ("What counts"):
 * - messages are the commits that add a message (`d` commits are not);
 * - a patch mail is counted once per Message-ID (the same mail imported
 *   twice is one mail), for its author (contributor) and the author's
 *   domain, after the identities of the configuration fold them; a bot's
 *   patch mails are counted apart from people's;
 * - a series is the patch mails of one sender, version and total that
 *   share the first message of their thread; a patch with no counter is a
 *   series of its own;
 * - heads (0/N, 1/N, or no counter) are listed series by series, in the
 *   order each series was last active (git log's order), cover letter
 *   before first patch; a head whose title was already listed is skipped.
 */
/*
 * Ownership: a kd_digest owns its arrays (counts, series, heads, groups)
 * and every string and mailbox in them, which kd_digest_release() frees,
 * but for what is marked borrowed: the list name (the options'), the
 * subsystem names (the kd_subsystems', which must outlive the digest) and
 * each head's `existing` (another head's subject).
 */
struct kd_count {
	char *name;  /* contributors: the name shown; domains: NULL */
	char *key;   /* contributors: the address; domains: the domain */
	size_t count;
};

/*
 * An earlier send of a series: one of the range, or of the history before
 * it (versions.h).  Its strings are owned by the digest.
 */
struct kd_previous {
	int version;
	unsigned int rfc : 1;
	char *title;
	char *subject;
	char *message_id;  /* of its head */
	int64_t date;      /* its head's Date, UTC; `tz` minutes east */
	int tz;
	git_oid commit;    /* its head's */
	unsigned int in_range : 1;
	struct kd_mailbox author;
	enum kd_found how; /* how it was found to be an earlier version */
	enum kd_send_kind kind; /* what that send was */
};

/*
 * A series as the patch list shows it: one row for all its versions in
 * the range (a work, versions.h), made of its newest send.  Every pointer
 * is owned by the digest (freed by kd_digest_release()) but `subsystem`,
 * which is borrowed from the kd_subsystems the digest was built with.
 */
struct kd_series {
	char *title;   /* of the cover letter, else of the first patch */
	char *subject; /* the subject that title comes from */
	char *message_id; /* of the mail that subject comes from */
	struct kd_mailbox author;
	char *prefixes;
	int version;
	int total;     /* -1: a single patch */
	unsigned int rfc : 1;
	unsigned int resend : 1;
	unsigned int has_cover : 1;
	size_t received;   /* patches of it in the range, cover not counted */
	const char *subsystem; /* the rule it matched; KD_SUBSYSTEM_OTHER */
	char **subjects;   /* every patch mail of it in the range, by counter */
	size_t nr_subjects;
	int64_t date;      /* its head's Date (UTC), `tz` minutes east */
	int tz;
	enum kd_send_kind kind;
	char **message_ids; /* every patch mail of every version in range */
	size_t nr_message_ids;
	size_t replies;    /* to any of its versions in the range */
	struct kd_count *participants; /* who sent them: name, address */
	size_t nr_participants;
	struct kd_previous *previous; /* its earlier sends, newest first */
	size_t nr_previous;
	/* what happened to the send it shows (review.h) */
	struct kd_mailbox *reviews[KD_TRAILER_KINDS]; /* by trailer kind */
	size_t nr_reviews[KD_TRAILER_KINDS];
	size_t patches_reviewed; /* of `received`, with a Reviewed-by */
	unsigned int unreviewed : 1; /* no one but its author replied */
	unsigned int applied : 1;    /* an acceptance answers a version */
	size_t pings;                /* nudges by its author */
};

/* Who gave trailers in the range's replies (review.h); strings owned. */
struct kd_reviewer {
	char *name;
	char *email;
	size_t count; /* trailers given, each address and kind once a reply */
	size_t given[KD_TRAILER_KINDS]; /* by kind: reviewed, acked, ... */
};

/* A reply saying patches were applied; strings owned. */
struct kd_applied {
	char *message_id; /* of the acceptance */
	char *subject;    /* of the mail it answers */
	struct kd_mailbox by;
	char *tree;       /* the tree or branch named, or NULL */
	char **commits;
	size_t nr_commits;
	char *series;     /* the head of the series it answers, or NULL when
			     that is not in the digest */
	size_t row;       /* that series' row, when `series` */
};

/*
 * A patch mail with Fixes: lines or Cc: stable; strings owned, those of
 * `fixes` too (trailer.h's commit and subject, the subject NULL when the
 * line gives none).
 */
struct kd_fixing {
	char *message_id;
	char *subject;
	struct kd_mailbox author;
	struct kd_fix *fixes;
	size_t nr_fixes;
	unsigned int stable : 1;
	size_t row;    /* the row of its series */
};

/* A pull request; strings owned. */
struct kd_pull_request {
	char *message_id;
	char *subject;
	struct kd_mailbox from;
	char *url;  /* the tree, or NULL when its body names none */
	char *ref;  /* the tag or branch, or NULL */
};

enum kd_head_kind {
	KD_HEAD_COVER,
	KD_HEAD_FIRST,
	KD_HEAD_SINGLE,
};

/* Why a head is not shown again: how it stands to the one shown. */
enum kd_skip_why {
	KD_SKIP_TITLE,      /* another series of the same title */
	KD_SKIP_OLDER,      /* an older version of the series shown */
	KD_SKIP_NEWER,      /* a newer version, whose title came first */
	KD_SKIP_RESEND,     /* the same version sent again */
	KD_SKIP_INCOMPLETE, /* a send that broke off and was sent again */
};

extern const char *const kd_skip_why_names[];

struct kd_head {
	char *title;
	char *subject;
	enum kd_head_kind kind;
	char *message_id;
	git_oid commit;
	int64_t date; /* UTC seconds; `tz` minutes east, from the Date field */
	int tz;
	struct kd_mailbox author, sender;
	char *body;
	size_t series; /* index into kd_digest.series */
	size_t series_order; /* position of its series' newest mail */
	size_t order;  /* position in the range, 0 the newest */
	/* a head whose title was shown before: which subject showed it */
	const char *existing; /* borrowed from that head; NULL when new */
	enum kd_skip_why why; /* when `existing` */
};

struct kd_digest {
	struct kd_range range;
	char from_abbrev[GIT_OID_HEXSZ + 1]; /* "" for the whole history */
	char to_abbrev[GIT_OID_HEXSZ + 1];
	char first_abbrev[GIT_OID_HEXSZ + 1]; /* the oldest commit digested */
	int64_t first_arrival, last_arrival; /* when the archive took the
						oldest and the newest commit */
	const char *list_name; /* borrowed: kd_digest_options.list_name */

	size_t commits, messages, deleted;
	size_t patches, replies, other;
	char *narrowed;    /* what it was narrowed to (narrow.h), or NULL */
	/* the summary a digest opens with */
	size_t by_kind[KD_SEND_INCOMPLETE + 1]; /* series by what they are */
	size_t reviewed;   /* series with a Reviewed-by */
	size_t duplicates; /* patch mails seen before under their Message-ID */
	size_t truncated;  /* messages read only in part (too large) */

	struct kd_count *contributors;
	size_t nr_contributors;
	struct kd_count *domains;
	size_t nr_domains;
	struct kd_count *orgs; /* when organisations are configured */
	size_t nr_orgs;
	int has_orgs;
	struct kd_count *bots; /* patch mails of bots, by address */
	size_t nr_bots;
	size_t bot_patches;
	/*
	 * The subsystems that have a series here, in the configuration's
	 * order, KD_SUBSYSTEM_OTHER last; borrowed from the kd_subsystems.
	 * None when the configuration has no rules: the list is not grouped.
	 */
	const char **groups;
	size_t nr_groups;
	struct kd_series *series;
	size_t nr_series;
	struct kd_reviewer *reviewers; /* every row, sorted as contributors */
	size_t nr_reviewers;
	struct kd_count *reviewer_domains, *reviewer_orgs;
	size_t nr_reviewer_domains, nr_reviewer_orgs;
	struct kd_applied *applied;    /* in the range's order */
	size_t nr_applied;
	struct kd_fixing *fixes;       /* in the range's order */
	size_t nr_fixes;
	struct kd_pull_request *pulls; /* in the range's order */
	size_t nr_pulls;
	struct kd_head *heads; /* in the order they are shown, skips too */
	size_t nr_heads;
};

struct kd_digest_options {
	const char *list_name;
	const struct kd_identities *ids;       /* NULL: no folding */
	const struct kd_subsystems *subsystems; /* NULL: no grouping */
	int abbrev; /* kd_inbox_abbrev()'s length; 0: git's automatic one,
		       in the epoch of each commit */
	int threads; /* readers (0: one per CPU; 1: none but the caller) */
	/* how far before the range earlier versions are looked for, in
	   seconds of the archive's time (0: not at all) */
	int64_t lookback;
	struct kd_narrow *narrow; /* the series to keep; NULL: all */
	/* called every so often while reading, NULL for none */
	void (*progress)(size_t done, size_t total, void *payload);
	void *payload;
};

/*
 * Read the range `r` of the inbox `ib` and fill `out` (zeroed first),
 * which the caller releases with kd_digest_release().  The digest borrows
 * `opts->list_name` and the names of `opts->subsystems`, which must
 * outlive it; `ib`, `r` and the rest of `opts` are used only while it
 * is built.  Returns 0, or a negative code with the message set
 * (kd_error_last()) and `out` released already.
 */
int kd_digest_build(struct kd_digest *out, const struct kd_inbox *ib,
		    const struct kd_range *r,
		    const struct kd_digest_options *opts);

/*
 * Free what the digest owns (its arrays, and the strings and mailboxes in
 * them; nothing it borrows) and zero it, so that it may be released again.
 */
void kd_digest_release(struct kd_digest *d);

#endif
