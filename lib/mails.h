#ifndef KD_MAILS_H
#define KD_MAILS_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "identity.h"
#include "intern.h"
#include "message.h"
#include "people.h"

/*
 * The messages of a range as a digest keeps them once read: per message a
 * few numbers (ids of interned strings, a date, a commit), per patch mail
 * a few more, and of the text a digest shows at length two excerpts a
 * title at most: of the newest series head and cover letter with it.  Everything else a message said is dropped when it has been added, so
 * that memory grows with the range by a few dozen bytes a message.
 *
 * Messages are numbered in the range's order (0 is the newest, as git log
 * lists them).  Identities are folded as they are added (identity.h):
 * `senders` are the people who sent mail, `authors` the authors of patch
 * mails, `reviewers` those who gave trailers; a person's id is that of its
 * folded address in that table.
 */
#define KD_MAILS_NONE UINT32_MAX

enum kd_mail_type {
	KD_MAIL_OTHER,
	KD_MAIL_REPLY,
	KD_MAIL_PATCH,
};

enum kd_mail_flag {
	KD_MAIL_DUPLICATE = 1 << 0, /* its Message-ID came before in the range */
	KD_MAIL_BOT = 1 << 1,       /* its sender is a configured bot */
	KD_MAIL_PING = 1 << 2,      /* a reply that nudges (reply.h) */
};

struct kd_mail {
	git_oid commit;
	int64_t date;      /* its Date, else its commit's author time (UTC) */
	uint32_t id;       /* Message-ID, in `ids`; KD_MAILS_NONE when none */
	uint32_t parent;   /* in `ids`, or KD_MAILS_NONE */
	uint32_t refs;     /* References: refs[refs .. refs + nr_refs) */
	uint32_t nr_refs;
	uint32_t subject;  /* decoded, in `text` */
	uint32_t sender;   /* in `senders` */
	uint32_t patch;    /* a patch mail's index in `patches`, else NONE */
	int16_t tz;        /* minutes east of UTC */
	uint8_t type;      /* enum kd_mail_type */
	uint8_t flags;     /* enum kd_mail_flag */
};

struct kd_patch_mail {
	uint32_t mail;      /* its index in `mail` */
	uint32_t title;     /* in `text` */
	uint32_t prefixes;  /* in `text` */
	uint32_t author;    /* in `authors`: folded */
	uint32_t author_name, author_email; /* as the mail says, in `text` */
	uint32_t sender_name, sender_email; /* likewise */
	uint32_t paths;     /* "path\n..." its diff touches, in `text` */
	int version;
	int index;          /* -1: no counter */
	int total;          /* -1: no counter */
	unsigned int rfc : 1;
	unsigned int resend : 1;
	unsigned int head : 1; /* 0/N, 1/N or a single patch */
	unsigned int bot : 1;  /* its author is a configured bot */
	unsigned int has_patch_id : 1;
	uint64_t patch_id;  /* of its diff (patchid.h), when it has one */
	uint32_t change_id; /* b4's, in `text`; KD_MAILS_NONE */
	uint32_t links;     /* heads: the earlier versions it links, */
	uint32_t nr_links;  /* links[links .. links + nr_links) */
	uint32_t fixes;     /* the commits it fixes, */
	uint32_t nr_fixes;  /* fixes[fixes .. fixes + nr_fixes) */
	unsigned int stable : 1; /* Cc: stable */
	char *excerpt;      /* the text a digest shows, of the newest head
			       and the newest cover of its title; owned;
			       else NULL */
	git_oid blob;       /* its message, to read its excerpt from */
	size_t epoch;       /* of the inbox, that holds `blob` */
};

/* A commit a patch mail fixes (trailer.h's kd_fix), in `text`. */
struct kd_mail_fix {
	uint32_t commit;
	uint32_t subject; /* KD_MAILS_NONE when the line gives none */
};

/* A pull request (pull.h): its mail, its tree and ref, in `text`. */
struct kd_mail_pull {
	uint32_t mail;
	uint32_t url;     /* KD_MAILS_NONE when its body names none */
	uint32_t ref;     /* likewise */
};

/* A trailer given in a reply's own text (trailer.h). */
struct kd_mail_trailer {
	uint32_t mail;
	uint32_t person;   /* in `reviewers`: folded */
	uint8_t kind;      /* enum kd_trailer_kind */
	uint8_t bot;       /* the person is a configured bot */
};

/* A reply saying the patches were applied (reply.h's kd_acceptance). */
struct kd_mail_acceptance {
	uint32_t mail;
	uint32_t tree;     /* in `text`, or KD_MAILS_NONE */
	uint32_t commits;  /* the ids it names, in `text`: */
	uint32_t nr_commits; /* strings[commits .. commits + nr_commits) */
};

/* A link to an earlier version (lore.h's kd_version_link). */
struct kd_mail_link {
	uint32_t id;  /* the Message-ID linked, in `ids` */
	int version;  /* the version the line names; 0: "the previous" */
};

struct kd_mails {
	struct kd_mail *mail;
	size_t nr, alloc;
	struct kd_patch_mail *patches;
	size_t nr_patches, alloc_patches;
	uint32_t *refs;
	size_t nr_refs, alloc_refs;
	struct kd_mail_link *links;
	size_t nr_links, alloc_links;
	struct kd_mail_fix *fixes;
	size_t nr_fixes, alloc_fixes;
	struct kd_mail_pull *pulls;
	size_t nr_pulls, alloc_pulls;
	struct kd_mail_trailer *trailers;
	size_t nr_trailers, alloc_trailers;
	struct kd_mail_acceptance *acceptances;
	size_t nr_acceptances, alloc_acceptances;
	uint32_t *strings;     /* lists of ids in `text` */
	size_t nr_strings, alloc_strings;
	struct kd_intern ids;  /* Message-IDs and the ids they name */
	unsigned char *owned;  /* by id: some message of the range has it */
	size_t alloc_owned;
	struct kd_intern text; /* subjects, titles, names, paths */
	unsigned char *title_kept; /* by title: a head's excerpt is kept */
	size_t alloc_titles_kept;
	struct kd_people senders, authors, reviewers;
	const struct kd_identities *identities; /* NULL: no folding */
};

/* References kept a message: the root and the nearest 31 (rfc5322.h). */
#define KD_MAILS_REFS 32

void kd_mails_init(struct kd_mails *m, const struct kd_identities *ids);

/*
 * Add the message `msg` of range entry `e` (its commit) as the next, older
 * message of the range.  `msg`'s excerpt is taken over (set to NULL)
 * when it is kept; the rest stays the caller's.  Returns the message's
 * number.
 */
uint32_t kd_mails_add(struct kd_mails *m, const struct kd_entry *e,
		      struct kd_message *msg);

/* A string of `text`, borrowed. */
static inline const char *kd_mails_text(const struct kd_mails *m,
					uint32_t id)
{
	return kd_intern_str(&m->text, id);
}

void kd_mails_release(struct kd_mails *m);

#endif
