#include "reader.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "charset.h"
#include "error.h"

#define MAX_THREADS 8

/*
 * A thread's readers of the epochs' packs (pack.h), one an epoch, made
 * the first time the thread reads from that epoch, and the buffer a
 * message is read into, reused from one to the next.
 */
struct handles {
	struct kd_pack_reader **pack; /* by epoch; NULL: not made yet */
	struct kd_buf blob;
};

struct worker {
	struct kd_reader *reader;
	pthread_t thread;
	struct handles h;
};

struct kd_reader {
	const struct kd_inbox *ib;
	struct handles h; /* the caller's thread's */
	struct worker workers[MAX_THREADS];
	int nr_workers;

	pthread_mutex_t lock;
	pthread_cond_t work, done;
	unsigned long generation; /* bumped for each batch */
	int pending;              /* workers still on this batch */
	int quit;

	const struct kd_entry *entries;
	struct kd_read *reads;
	size_t n;
	size_t next; /* the next entry to take, shared: __atomic */
	int err;
	char errmsg[512];
};

/*
 * This thread's reader of `epoch`: each thread has its own (they are not
 * shared between threads).  NULL on failure, with the message set.
 */
static struct kd_pack_reader *epoch_reader(struct kd_reader *r,
					   struct handles *h, size_t epoch)
{
	struct kd_packs *packs;

	if (h->pack[epoch])
		return h->pack[epoch];
	packs = kd_inbox_packs(r->ib, epoch);
	if (packs && kd_pack_reader_new(&h->pack[epoch], packs,
					r->ib->epochs[epoch].repo,
					KD_PACK_CACHE_DEFAULT))
		h->pack[epoch] = NULL;
	return h->pack[epoch];
}

static void note_error(struct kd_reader *r, const struct kd_entry *e)
{
	const char *why = kd_error_last();
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &e->commit);
	pthread_mutex_lock(&r->lock);
	if (!r->err) {
		r->err = KD_ERROR;
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "cannot read the message of commit %.12s: %s", hex,
			 why ? why : "");
	}
	pthread_mutex_unlock(&r->lock);
}

/* Read entry `i`; on failure, note the first error of the batch. */
static void read_one(struct kd_reader *r, struct handles *h, size_t i)
{
	const struct kd_entry *e = &r->entries[i];
	struct kd_read *rd = &r->reads[i];
	struct kd_pack_reader *pr;
	git_object_t type;

	if (!rd->want)
		return;
	pr = epoch_reader(r, h, e->epoch);
	if (!pr || kd_pack_read(pr, &e->blob, &type, &h->blob)) {
		note_error(r, e);
		return;
	}
	if (!h->blob.len)
		rd->empty = 1;
	else
		kd_message_parse(&rd->msg, h->blob.buf, h->blob.len);
}

/*
 * Entries taken at a time.  Whoever is free takes the next run, so that a
 * thread slowed by a large message holds no one up; a run of consecutive
 * messages, not one, because a pack written in history's order makes a
 * message the delta base of the next, which a thread's delta-base cache
 * then has at hand (pack.h): one at a time, both threads would build
 * most chains.
 */
#define RUN 256

static void take_entries(struct kd_reader *r, struct handles *h)
{
	size_t i, end;

	while ((i = __atomic_fetch_add(&r->next, RUN, __ATOMIC_RELAXED)) <
	       r->n) {
		end = i + RUN < r->n ? i + RUN : r->n;
		for (; i < end; i++)
			read_one(r, h, i);
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct kd_reader *r = w->reader;
	unsigned long seen = 0;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (!r->quit && r->generation == seen)
			pthread_cond_wait(&r->work, &r->lock);
		if (r->quit) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		seen = r->generation;
		pthread_mutex_unlock(&r->lock);

		take_entries(r, &w->h);

		pthread_mutex_lock(&r->lock);
		if (!--r->pending)
			pthread_cond_signal(&r->done);
		pthread_mutex_unlock(&r->lock);
	}
	kd_charset_thread_cleanup();
	return NULL;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void handles_init(struct handles *h, const struct kd_inbox *ib)
{
	h->pack = kd_calloc(ib->nr, sizeof(*h->pack));
	kd_buf_init(&h->blob, 0);
}

static void handles_release(struct handles *h, const struct kd_inbox *ib)
{
	size_t i;

	for (i = 0; h->pack && i < ib->nr; i++)
		kd_pack_reader_free(h->pack[i]);
	free(h->pack);
	h->pack = NULL;
	kd_buf_release(&h->blob);
}

int kd_reader_new(struct kd_reader **out, const struct kd_inbox *ib,
		  int threads)
{
	struct kd_reader *r = kd_calloc(1, sizeof(*r));
	int i;

	*out = NULL;
	/* the caller's thread reads too, once it has walked the next batch */
	if (threads <= 0)
		threads = online_cpus();
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	r->ib = ib;

	handles_init(&r->h, ib);
	for (i = 0; i < threads - 1; i++) {
		struct worker *w = &r->workers[i];

		handles_init(&w->h, ib);
		w->reader = r;
		if (pthread_create(&w->thread, NULL, work, w)) {
			handles_release(&w->h, ib);
			kd_error_set("cannot start a thread");
			kd_reader_free(r);
			return KD_ERROR;
		}
		r->nr_workers++;
	}
	*out = r;
	return 0;
}

void kd_reader_start(struct kd_reader *r, const struct kd_entry *entries,
		     struct kd_read *reads, size_t n)
{
	r->entries = entries;
	r->reads = reads;
	r->n = n;
	r->next = 0;
	if (!r->nr_workers) {
		take_entries(r, &r->h);
		return;
	}
	pthread_mutex_lock(&r->lock);
	r->pending = r->nr_workers;
	r->generation++;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
}

int kd_reader_wait(struct kd_reader *r)
{
	int err;

	take_entries(r, &r->h);
	pthread_mutex_lock(&r->lock);
	while (r->pending)
		pthread_cond_wait(&r->done, &r->lock);
	err = r->err;
	r->err = 0;
	pthread_mutex_unlock(&r->lock);
	if (err)
		kd_error_set("%s", r->errmsg);
	return err;
}

void kd_reader_free(struct kd_reader *r)
{
	int i;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->quit = 1;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < r->nr_workers; i++) {
		pthread_join(r->workers[i].thread, NULL);
		handles_release(&r->workers[i].h, r->ib);
	}
	handles_release(&r->h, r->ib);
	/* the caller's thread read too: its iconv descriptors go now */
	kd_charset_thread_cleanup();
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
