/*
 * Grouping patch mails into sends.  Mail is taken as it comes: thread
 * references that loop or lead out of the range, counters past their
 * total, a patch number sent twice, covers without patches and patches
 * without covers are all grouped somehow, never refused.  Ancestors are
 * followed at most KD_ANCESTOR_HOPS replies up, so that a chain of any
 * length costs the same.
 */
#include "series.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define KD_ANCESTOR_HOPS 64

/*
 * While grouping: sends by key, a key being a thread root with sender,
 * version and total ('r'), or sender, version and total alone for the
 * latest send with no thread ('u').  An RFC tag is no part of a key: a
 * send whose cover says "[PATCH v5 0/7]" and two of whose patches say
 * "[RFC PATCH v5 5/7]" is one send; what its head says is what it is.
 */
struct grouping {
	const struct kd_mails *m;
	struct kd_sends *out;
	struct kd_intern keys;
	uint32_t *send_of_key; /* by key id */
	size_t alloc_keys;
};

static const struct kd_patch_mail *patch_of(const struct kd_mails *m,
					    uint32_t mail)
{
	uint32_t p = m->mail[mail].patch;

	return p == KD_MAILS_NONE ? NULL : &m->patches[p];
}

static int same_series(const struct kd_mails *m, const struct kd_patch_mail *a,
		       const struct kd_patch_mail *b)
{
	return m->mail[a->mail].sender == m->mail[b->mail].sender &&
	       a->version == b->version && a->total == b->total;
}

static uint32_t key_of(struct grouping *g, const struct kd_patch_mail *p,
		       char kind, uint32_t root)
{
	const struct kd_mail *mail = &g->m->mail[p->mail];
	struct kd_buf key = KD_BUF_INIT;
	uint32_t id;

	kd_buf_addf(&key, "%c %u %d %d %u", kind, mail->sender, p->version,
		    p->total, root);
	id = kd_intern_put(&g->keys, key.buf, key.len);
	kd_buf_release(&key);
	if (id >= g->alloc_keys) {
		size_t old = g->alloc_keys, i;
		KD_ALLOC_GROW(g->send_of_key, (size_t)id + 1, g->alloc_keys);
		for (i = old; i < g->alloc_keys; i++)
			g->send_of_key[i] = KD_SERIES_NONE;
	}
	return id;
}

static uint32_t new_send(struct grouping *g, const struct kd_patch_mail *p)
{
	struct kd_sends *out = g->out;
	struct kd_send *s;

	KD_ALLOC_GROW(out->send, out->nr + 1, out->alloc);
	s = &out->send[out->nr];
	memset(s, 0, sizeof(*s));
	s->head = s->cover = KD_SERIES_NONE;
	s->sender = g->m->mail[p->mail].sender;
	s->version = p->version;
	s->total = p->total;
	s->newest = p->mail;
	s->first = s->last = g->m->mail[p->mail].date;
	return (uint32_t)out->nr++;
}

static int send_has_index(const struct kd_sends *out, uint32_t send,
			  const struct kd_mails *m, int index)
{
	const struct kd_send *s = &out->send[send];
	uint32_t i;

	for (i = 0; i < s->nr; i++)
		if (m->patches[s->patches[i]].index == index)
			return 1;
	return 0;
}

/*
 * The send of the nearest ancestor of `p` that is a patch of the same
 * series and already grouped (older), or KD_SERIES_NONE.
 */
static uint32_t ancestor_send(struct grouping *g, const uint32_t *up,
			      const struct kd_patch_mail *p)
{
	const struct kd_mails *m = g->m;
	uint32_t a = up[p->mail];
	int hops;

	for (hops = 0; a != KD_MAILS_NONE && hops < KD_ANCESTOR_HOPS;
	     hops++, a = up[a]) {
		const struct kd_patch_mail *q = patch_of(m, a);
		uint32_t qi;

		if (!q || !same_series(m, p, q))
			continue;
		qi = (uint32_t)(q - m->patches);
		if (g->out->of_patch[qi] != KD_SERIES_NONE)
			return g->out->of_patch[qi];
	}
	return KD_SERIES_NONE;
}

/*
 * The send of the cover letter `p` answers, when its sender's: patches
 * tagged more loosely than their cover ("[PATCH 1/2]" under "[RFC PATCH
 * v2 0/2]", "1/2" and "2/2" under a "0/3") are still the send it covers.
 * Not when the patch says a higher version than the cover: that is a
 * new version sent in reply to the old one.
 */
static uint32_t cover_send(struct grouping *g, const uint32_t *up,
			   const struct kd_patch_mail *p)
{
	const struct kd_mails *m = g->m;
	uint32_t parent = up[p->mail], send;
	const struct kd_patch_mail *cover;

	if (parent == KD_MAILS_NONE || p->index < 1)
		return KD_SERIES_NONE;
	cover = patch_of(m, parent);
	if (!cover || cover->index != 0 || cover->version < p->version ||
	    m->mail[cover->mail].sender != m->mail[p->mail].sender)
		return KD_SERIES_NONE;
	send = g->out->of_patch[cover - m->patches];
	if (send == KD_SERIES_NONE || send_has_index(g->out, send, m, p->index))
		return KD_SERIES_NONE;
	return send;
}

/* The id a thread hangs from: its first reference, else its parent. */
static uint32_t thread_root(const struct kd_mails *m,
			    const struct kd_mail *mail)
{
	if (mail->nr_refs)
		return m->refs[mail->refs];
	return mail->parent;
}

static void join(struct kd_sends *out, uint32_t send, uint32_t patch)
{
	struct kd_send *s = &out->send[send];

	KD_ALLOC_GROW(s->patches, (size_t)s->nr + 1, s->alloc);
	s->patches[s->nr++] = patch;
	out->of_patch[patch] = send;
}

static uint32_t group_one(struct grouping *g, const uint32_t *up,
			  uint32_t patch)
{
	const struct kd_mails *m = g->m;
	const struct kd_patch_mail *p = &m->patches[patch];
	const struct kd_mail *mail = &m->mail[p->mail];
	uint32_t root = thread_root(m, mail), own = KD_SERIES_NONE;
	uint32_t key, send = KD_SERIES_NONE;

	if (p->total < 0)
		return new_send(g, p);
	/* patches threaded to this one may have come first */
	if (mail->id != KD_MAILS_NONE) {
		own = key_of(g, p, 'r', mail->id);
		send = g->send_of_key[own];
	}
	if (p->index != 0 && send == KD_SERIES_NONE)
		send = ancestor_send(g, up, p);
	if (p->index != 0 && send == KD_SERIES_NONE &&
	    (send = cover_send(g, up, p)) != KD_SERIES_NONE) {
		/* the rest of its patches find it by their own tags */
		if (root != KD_MAILS_NONE) {
			key = key_of(g, p, 'r', root);
			if (g->send_of_key[key] == KD_SERIES_NONE)
				g->send_of_key[key] = send;
		}
	}
	if (send != KD_SERIES_NONE) {
		/* it came in before this one, in the same thread */
	} else if (p->index != 0 && root == KD_MAILS_NONE) {
		/* no thread at all: the same sender, close in time */
		int64_t apart;

		key = key_of(g, p, 'u', 0);
		send = g->send_of_key[key];
		apart = send == KD_SERIES_NONE
				? 0
				: mail->date - g->out->send[send].last;
		if (send == KD_SERIES_NONE || apart > KD_SEND_WINDOW ||
		    apart < -KD_SEND_WINDOW ||
		    send_has_index(g->out, send, m, p->index)) {
			send = new_send(g, p);
			g->send_of_key[key] = send;
		}
	} else if (p->index != 0) {
		key = key_of(g, p, 'r', root);
		send = g->send_of_key[key];
		if (send == KD_SERIES_NONE) {
			send = new_send(g, p);
			g->send_of_key[key] = send;
		}
	} else {
		send = new_send(g, p);
	}
	/* later patches threaded to this one find it by its own id */
	if (own != KD_SERIES_NONE)
		g->send_of_key[own] = send;
	return send;
}

/* The patches of a send by counter, a counter sent twice newest first. */
static void sort_by_counter(struct kd_send *s, const struct kd_mails *m)
{
	uint64_t *keys = kd_malloc((s->nr ? s->nr : 1) * sizeof(*keys));
	uint32_t i;

	for (i = 0; i < s->nr; i++) {
		const struct kd_patch_mail *p = &m->patches[s->patches[i]];
		/* counters are -1 (none) and up: one more is never negative */
		keys[i] = (uint64_t)((int64_t)p->index + 1) << 32 | p->mail;
	}
	KD_QSORT(keys, s->nr, kd_u64_cmp);
	for (i = 0; i < s->nr; i++)
		s->patches[i] = m->mail[(uint32_t)keys[i]].patch;
	free(keys);
}

/* The head, the cover and the figures of a complete send. */
static void finish_send(struct kd_send *s, const struct kd_mails *m)
{
	uint32_t i;

	sort_by_counter(s, m);
	s->head = s->patches[0];
	s->rfc = m->patches[s->head].rfc;
	for (i = 0; i < s->nr; i++) {
		const struct kd_patch_mail *p = &m->patches[s->patches[i]];
		const struct kd_mail *mail = &m->mail[p->mail];

		if (p->index == 0 && s->cover == KD_SERIES_NONE)
			s->cover = s->patches[i];
		else if (p->index != 0)
			s->received++;
		if (p->resend)
			s->resend = 1;
		if (p->mail < s->newest)
			s->newest = p->mail;
		if (mail->date < s->first)
			s->first = mail->date;
		if (mail->date > s->last)
			s->last = mail->date;
	}
	s->author = m->patches[s->head].author;
}

void kd_sends_group(struct kd_sends *out, const struct kd_mails *m,
		    const uint32_t *up)
{
	struct grouping g;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.m = m;
	g.out = out;
	out->of_patch = kd_malloc((m->nr_patches ? m->nr_patches : 1) *
				  sizeof(*out->of_patch));
	for (i = 0; i < m->nr_patches; i++)
		out->of_patch[i] = KD_SERIES_NONE;
	/* oldest first, so that a patch finds what it was threaded to */
	for (i = m->nr_patches; i-- > 0;) {
		uint32_t send = group_one(&g, up, (uint32_t)i);
		struct kd_send *s = &out->send[send];
		int64_t date = m->mail[m->patches[i].mail].date;

		join(out, send, (uint32_t)i);
		if (date > s->last)
			s->last = date;
	}
	for (i = 0; i < out->nr; i++)
		finish_send(&out->send[i], m);
	kd_intern_release(&g.keys);
	free(g.send_of_key);
}

void kd_sends_release(struct kd_sends *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->send[i].patches);
	free(s->send);
	free(s->of_patch);
	memset(s, 0, sizeof(*s));
}
