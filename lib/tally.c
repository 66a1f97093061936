#include "tally.h"

void kd_tally_vote(struct kd_tally *t, uint32_t c)
{
	size_t k;

	for (k = 0; k < t->n && t->cand[k] != c; k++)
		;
	if (k == t->n) {
		if (t->n == KD_TALLY_MAX)
			return;
		t->cand[t->n] = c;
		t->votes[t->n++] = 0;
	}
	t->votes[k]++;
}

uint32_t kd_tally_best(const struct kd_tally *t, size_t nr,
		       size_t (*size)(uint32_t c, void *payload),
		       void *payload)
{
	uint32_t best = KD_TALLY_NONE, best_votes = 0;
	size_t k;

	for (k = 0; k < t->n; k++) {
		size_t theirs = size(t->cand[k], payload);
		size_t larger = theirs > nr ? theirs : nr;
		uint32_t v = t->votes[k];

		if (v < 2 || (size_t)v * 2 <= larger)
			continue;
		if (v > best_votes ||
		    (v == best_votes && (best == KD_TALLY_NONE ||
					 t->cand[k] > best))) {
			best = t->cand[k];
			best_votes = v;
		}
	}
	return best;
}
