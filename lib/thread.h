#ifndef KD_THREAD_H
#define KD_THREAD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Threads: which message of a range each message answers (SPEC.md,
 * "Series, threads and reviews").
 *
 * A message's parent is the first id of its In-Reply-To, else the last of
 * its References.  The parent may lie before the range or be missing from
 * the archive; then the nearest of its other References that the range
 * holds stands in for it, so that a reply still reaches its series when a
 * message between them is missing.
 *
 * Mail is hostile: references may loop (A answers B, B answers A), a
 * message may name itself, thousands of references may be given, one
 * Message-ID may be archived several times.  All of it is taken in time
 * linear in the messages and their references: a message that names
 * itself is not its own parent, an id held by several messages is
 * answered by the first of them (in the range's order, which is git log's),
 * and a chain that loops ends where it loops.
 *
 * Message ids are numbers (intern.h) below `nr_ids`; KD_THREAD_NONE is
 * "none", both for ids and for messages.
 */
#define KD_THREAD_NONE UINT32_MAX

struct kd_thread_msg {
	uint32_t id;      /* its Message-ID; KD_THREAD_NONE when it has none */
	uint32_t parent;  /* its parent's id, or KD_THREAD_NONE */
	uint32_t refs;    /* its References: refs[refs .. refs + nr_refs) */
	uint32_t nr_refs; /* of the array given to kd_thread_link(), oldest first */
};

/*
 * Fill `up[0..n)`: for each message of `m[0..n)`, the index of the message
 * it answers: its parent when the range holds it, else the nearest of its
 * References the range holds (the last one first), else KD_THREAD_NONE.
 * `refs` is the array the messages' `refs` index into; every id is below
 * `nr_ids`.  Takes O(n + nr_ids + references) time and O(nr_ids) memory.
 */
void kd_thread_link(uint32_t *up, const struct kd_thread_msg *m, size_t n,
		    const uint32_t *refs, uint32_t nr_ids);

/*
 * Fill `nearest[0..n)`: for each message i, the first of i, up[i],
 * up[up[i]], ... whose `want` is set; KD_THREAD_NONE when the chain ends,
 * or loops, before one.  Each message is walked once: O(n).
 */
void kd_thread_nearest(uint32_t *nearest, const uint32_t *up,
		       const unsigned char *want, size_t n);

#endif
