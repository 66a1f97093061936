#ifndef KD_SERIES_H
#define KD_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "mails.h"

/*
 * Series: the patch mails of one author, version and total sent together
 * (SPEC.md, "Series, threads and reviews").  This module groups the patch
 * mails of a range into *sends*, one for each time a series was sent:
 * - a cover letter (0/N) starts a send; the patches threaded to it, at
 *   any depth, with the same sender, version and total join it, and so do
 *   patches threaded to patch 1 where there is no cover letter;
 * - a patch whose thread leads to no such mail of the range (its cover
 *   letter came before the range, or a message between them is missing)
 *   joins the send of the other patches under the same thread root;
 * - a patch with no thread at all joins the send of the same sender,
 *   version and total whose latest mail is at most KD_SEND_WINDOW seconds
 *   older and that has no patch of its number yet;
 * - a patch with no counter is a send of its own.
 * A send is named by its head: its cover letter, else its lowest patch,
 * else its single patch.
 */
#define KD_SERIES_NONE UINT32_MAX
#define KD_SEND_WINDOW (10 * 60)

struct kd_send {
	uint32_t *patches; /* into mails->patches: by counter, then newest
			      first; owned */
	uint32_t nr, alloc;
	uint32_t head;     /* the patch mail that names it */
	uint32_t cover;    /* its cover letter, or KD_SERIES_NONE */
	uint32_t sender;   /* in mails->senders */
	uint32_t author;   /* its head's author, in mails->authors */
	int version;
	int total;         /* -1: a single patch */
	unsigned int rfc : 1;
	unsigned int resend : 1; /* any of its mails says RESEND */
	uint32_t newest;   /* the number of its newest mail in the range */
	int64_t first, last; /* the dates of its oldest and newest mail */
	size_t received;   /* its patches, the cover letter not counted */
};

struct kd_sends {
	struct kd_send *send; /* oldest first */
	size_t nr, alloc;
	uint32_t *of_patch;   /* by patch mail: its send; owned */
};

/*
 * Group the patch mails of `m` into sends; `up` is thread.h's answer for
 * every message of `m` (kd_thread_link()).  `out` is initialized here and
 * must be released with kd_sends_release().
 */
void kd_sends_group(struct kd_sends *out, const struct kd_mails *m,
		    const uint32_t *up);

void kd_sends_release(struct kd_sends *s);

#endif
