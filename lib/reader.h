#ifndef KD_READER_H
#define KD_READER_H

#include <git2.h>
#include <stddef.h>

#include "archive.h"
#include "message.h"

/*
 * Reading messages in parallel: a pool of threads, each with its own
 * handles on the epochs' repositories (libgit2 objects are not shared
 * between threads), reads the blobs of a batch of entries, each from the
 * epoch the entry says, and parses them (kd_message_parse()).  The
 * caller walks the next batch meanwhile, then takes the results in the
 * batch's order, so the digest is the same whatever the number of
 * threads.
 */
struct kd_read {
	int want;              /* in: read and parse this entry, whole */
	int empty;             /* out: its blob is empty (a purged message) */
	struct kd_message msg; /* out, when wanted and not empty */
	int reply;             /* the caller's, for an entry not read: its
				  commit says it is a reply */
};

struct kd_reader;

/*
 * A reader of the inbox `ib` (which must outlive it) with `threads`
 * threads in all, the caller's one of them (0: one per online CPU, at
 * most 8; 1: no other thread, and kd_reader_start() reads at once).  The
 * caller's thread reads through the inbox's repositories; the others open
 * their own, an epoch at a time, when they first read from it.
 */
int kd_reader_new(struct kd_reader **out, const struct kd_inbox *ib,
		  int threads);

/*
 * Read the entries whose `reads[i].want` is set.  Returns at once when
 * there are workers; kd_reader_wait() waits for them.  `entries` and
 * `reads` must stay put until then.
 */
void kd_reader_start(struct kd_reader *r, const struct kd_entry *entries,
		     struct kd_read *reads, size_t n);

/*
 * Read what is left of the batch, with the workers, then wait for them.
 * Returns 0, or KD_ERROR with the message of the first blob that could
 * not be read.
 */
int kd_reader_wait(struct kd_reader *r);

void kd_reader_free(struct kd_reader *r);

#endif
