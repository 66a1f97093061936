#ifndef KD_MESSAGE_H
#define KD_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lore.h"
#include "pull.h"
#include "reply.h"
#include "rfc5322.h"
#include "subject.h"
#include "trailer.h"

/*
 * One message of the archive, read for a digest: what its subject says,
 * who wrote it, who sent it, and for the head of a series the text a
 * digest shows.  Every string is valid UTF-8 and safe for a terminal
 * (sanitize.h); names and subjects are single lines.
 *
 * The rules are SPEC.md's ("What counts"):
 * - `sender` is the header From, or X-Original-From where a relay rewrote
 *   From to "Name via B4 Relay <devnull+...>";
 * - `author` is the in-body From of a patch mail when its decoded body
 *   starts with one, else the sender;
 * - addresses are lowercased; names decoded, unquoted, trimmed.
 *
 * - a reply's trailers, acceptance and ping are read from its own text
 *   (reply.h), the text it did not quote;
 * - a pull request's tree and ref from its body (pull.h).
 *
 * A message too large to read whole (over KD_MESSAGE_MAX bytes) is read by
 * its headers only, and `truncated` says so.
 */
#define KD_MESSAGE_MAX (32 * 1024 * 1024)
#define KD_MESSAGE_REFS 32

struct kd_message {
	char *subject;
	struct kd_subject subj;
	struct kd_mailbox sender;
	struct kd_mailbox author;
	char *message_id;  /* without brackets; "" when none */
	char *parent;      /* the first id of In-Reply-To, else the last of
			      References (thread.h); "" when none */
	char *refs;        /* the ids of References, oldest first, each
			      ended by a NUL: at most KD_MESSAGE_REFS, the
			      first and the nearest (kd_msgid_list()) */
	size_t nr_refs;
	int64_t date;      /* seconds since the epoch, UTC */
	int tz;            /* minutes east of UTC, as the Date field says */
	unsigned int has_date : 1;
	unsigned int truncated : 1; /* a limit of this module or MIME's hit */
	char *excerpt;              /* series heads only; else NULL */
	char *paths; /* patch mails: the paths its diff or diffstat touches,
			one a line (kd_patch_paths()); else NULL */
	/* patch mails: what they say of their series' versions */
	uint64_t patch_id;          /* of its diff (patchid.h), when it has */
	unsigned int has_patch_id : 1;
	char *change_id;            /* heads: b4's change-id, or NULL */
	struct kd_version_links links; /* heads: earlier versions it links */
	struct kd_fixes fixes;      /* the commits it fixes; stable or not */
	struct kd_pull pull;        /* a pull request's tree and ref */
	/* replies: what their own text says (reply.h) */
	struct kd_trailers trailers;   /* given: names and addresses safe */
	struct kd_acceptance acceptance; /* when `accepts` */
	unsigned int accepts : 1;
	unsigned int is_ping : 1;
};

#define KD_MESSAGE_INIT { NULL, KD_SUBJECT_INIT, KD_MAILBOX_INIT, \
			  KD_MAILBOX_INIT, NULL, NULL, NULL, 0, 0, 0, 0, 0, \
			  NULL, NULL, 0, 0, NULL, KD_VERSION_LINKS_INIT, \
			  KD_FIXES_INIT, KD_PULL_INIT, KD_TRAILERS_INIT, \
			  KD_ACCEPTANCE_INIT, 0, 0 }

/*
 * Read the raw message `raw` (RFC 5322, as public-inbox stores it) into
 * `out`, which need not be initialized and must be released with
 * kd_message_release().  Never fails: malformed mail yields empty fields,
 * not an error.
 */
void kd_message_parse(struct kd_message *out, const char *raw, size_t len);

/*
 * What of a message kd_message_read() reads: its header section always,
 * its body (all that the fields above say of it but the excerpt), and a
 * series head's excerpt, which a digest needs of the heads it shows
 * alone.
 */
enum kd_message_part {
	KD_MESSAGE_HEADERS = 0,
	KD_MESSAGE_BODY = 1 << 0,
	KD_MESSAGE_EXCERPT = 1 << 1, /* with KD_MESSAGE_BODY */
};

/*
 * kd_message_parse(), of the `parts` (enum kd_message_part) asked for:
 * the fields of the others are left empty.
 */
void kd_message_read(struct kd_message *out, const char *raw, size_t len,
		     unsigned int parts);

/*
 * The same, of the header section alone: the body is not looked at, so
 * a patch mail's author is its sender, and it has no excerpt or paths.
 * For reading no more of a message than its headers.
 */
void kd_message_parse_headers(struct kd_message *out, const char *raw,
			      size_t len);

/*
 * A raw Subject value as kd_message_parse() takes it: unfolded (the
 * value ends at a line break not followed by white space), encoded words
 * decoded, made safe.  For the subjects public-inbox writes into its
 * commits.  The string is the caller's to free.
 */
char *kd_message_subject(const char *value, size_t len);
void kd_message_release(struct kd_message *m);

#endif
