#ifndef KD_REVIEW_H
#define KD_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "mails.h"
#include "series.h"
#include "trailer.h"

/*
 * What happened to the sends of a range (SPEC.md, "Series, threads and
 * reviews"), from the replies that answer them:
 * - trailers given (Reviewed-by, Acked-by, Tested-by, Nacked-by in a
 *   reply's own text, each address and kind once a reply) count for the
 *   patch the reply answers, and a trailer given to a cover letter for
 *   every patch of its send (b4's rule); people are folded by the
 *   configured identities, bots are kept out;
 * - a send is reviewed patch by patch: `patches_reviewed` are its patches
 *   with at least one Reviewed-by; it is unreviewed when no one but its
 *   author (and bots) replied to it;
 * - pings are replies its author sent that nudge (reply.h);
 * - an acceptance (reply.h) answering any of its mails marks it applied.
 *
 * The mails' trailers, acceptances and pings are mails.h's.  Everything
 * here is linear in the replies and trailers of the range.
 */

struct kd_send_review {
	uint32_t *people[KD_TRAILER_KINDS]; /* mails->reviewers, each once,
					       in the order they gave it */
	uint32_t nr[KD_TRAILER_KINDS], alloc[KD_TRAILER_KINDS];
	uint32_t patches_reviewed; /* of its patches (the cover not one) */
	uint32_t replies_by_others;
	uint32_t pings;
	uint32_t accepted; /* the acceptances answering it */
};

struct kd_reviews {
	struct kd_send_review *send; /* by send */
	size_t nr_sends;
	uint32_t *trailer_send;    /* by trailer: the send it was given to,
				      or KD_SERIES_NONE */
	uint32_t *acceptance_send; /* by acceptance: the send it answers,
				      or KD_SERIES_NONE */
};

/*
 * Take the replies of `m` into `out` (initialized here; released with
 * kd_reviews_release()): `answers` is the patch mail each mail's thread
 * answers (thread.h's nearest), `s` the sends.
 */
void kd_reviews_build(struct kd_reviews *out, const struct kd_mails *m,
		      const struct kd_sends *s, const uint32_t *answers);

void kd_reviews_release(struct kd_reviews *r);

#endif
