#ifndef KD_TALLY_H
#define KD_TALLY_H

#include <stddef.h>
#include <stdint.h>

/*
 * "Most of the same patch titles" (SPEC.md, "Versions"): a tally of the
 * earlier sends that share patch titles with a send, and the one that
 * shares most.  At most KD_TALLY_MAX candidates are counted: more sends of
 * one author sharing a patch title than that say nothing more.
 */
#define KD_TALLY_MAX 16
#define KD_TALLY_NONE UINT32_MAX

struct kd_tally {
	uint32_t cand[KD_TALLY_MAX];
	uint32_t votes[KD_TALLY_MAX];
	size_t n;
};

#define KD_TALLY_INIT { { 0 }, { 0 }, 0 }

/* One more shared title for send `c`. */
void kd_tally_vote(struct kd_tally *t, uint32_t c);

/*
 * The candidate sharing most titles with a send of `nr` patch titles: at
 * least two, and more than half of the larger of the two sends (`size`
 * gives a candidate's number of patch titles); on a tie, the newer (the
 * larger id).  KD_TALLY_NONE when none does.
 */
uint32_t kd_tally_best(const struct kd_tally *t, size_t nr,
		       size_t (*size)(uint32_t c, void *payload),
		       void *payload);

#endif
