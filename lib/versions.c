/*
 * Finding earlier versions.  Each send looks for one earlier version, so
 * the cost is linear in the sends: titles and change-ids are looked up in
 * maps of the newest send that had them, patch titles in lists of the
 * KD_TALLY_MAX newest sends that had them (tally.h), and the history is
 * asked only for what the range could not answer.  A chain through the
 * history is followed at most KD_HISTORY_CHAIN versions back.
 */
#include "versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subject.h"
#include "tally.h"

#define KD_HISTORY_CHAIN 64

const char *const kd_found_names[] = { "link", "change-id", "title",
				       "patches" };
const char *const kd_send_kind_names[] = { "new", "reroll", "resend",
					   "incomplete" };

struct finder {
	const struct kd_mails *m;
	const struct kd_sends *s;
	const uint32_t *answers;
	struct kd_history *h;
	struct kd_versions *out;
	uint32_t *mail_of_id;   /* by id: the first mail that has it */
	uint32_t *of_history;   /* by history send: its version */
	struct kd_intern names; /* the range's authors' name keys */
	uint32_t *name_of_send; /* by send: its author's, or NONE */
	struct kd_intern keys;
	uint32_t *newest;       /* by key: the newest send that has it */
	uint32_t (*recent)[KD_TALLY_MAX]; /* by key, patch titles */
	size_t alloc_keys;
	struct kd_buf key;
};

static const char *text(const struct finder *f, uint32_t id)
{
	return kd_mails_text(f->m, id);
}

/* Room in the maps by key for key `k`. */
static void key_room(struct finder *f, uint32_t k)
{
	size_t old = f->alloc_keys, i, j, a2 = f->alloc_keys;

	if (k < f->alloc_keys)
		return;
	KD_ALLOC_GROW(f->newest, (size_t)k + 1, f->alloc_keys);
	KD_ALLOC_GROW(f->recent, (size_t)k + 1, a2);
	for (i = old; i < f->alloc_keys; i++) {
		f->newest[i] = KD_VERSIONS_NONE;
		for (j = 0; j < KD_TALLY_MAX; j++)
			f->recent[i][j] = KD_VERSIONS_NONE;
	}
}

/*
 * The key of a change-id ('c'), or of a title ('t') or a patch title
 * ('p') by one author in one project or tree (the subject's other tags).
 */
static uint32_t key_id(struct finder *f, char kind, const char *author,
		       const char *prefixes, const char *title)
{
	uint32_t k;

	kd_buf_reset(&f->key);
	kd_buf_addf(&f->key, "%c\037%s\037%s\037%s", kind, author, prefixes,
		    title);
	k = kd_intern_put(&f->keys, f->key.buf, f->key.len);
	key_room(f, k);
	return k;
}

/*
 * What a send's author may be known by: its author's address, its
 * sender's, and its author's name (identity.h), NULL when it has none
 * worth matching.
 */
#define KD_AUTHOR_KEYS 3

static void send_authors(const struct finder *f, const struct kd_send *s,
			 const char *out[KD_AUTHOR_KEYS])
{
	uint32_t name = f->name_of_send[s - f->s->send];

	out[0] = kd_people_email(&f->m->authors, s->author);
	out[1] = kd_people_email(&f->m->senders, s->sender);
	out[2] = name == KD_INTERN_NONE ? NULL : kd_intern_str(&f->names, name);
}

static const struct kd_patch_mail *head_of(const struct finder *f,
					   const struct kd_send *s)
{
	return &f->m->patches[s->head];
}

/* The send of the range a Message-ID belongs to (a reply: its thread's). */
static uint32_t send_of_id(const struct finder *f, uint32_t id)
{
	uint32_t mail = id < f->m->ids.nr ? f->mail_of_id[id] : KD_MAILS_NONE;

	if (mail == KD_MAILS_NONE)
		return KD_VERSIONS_NONE;
	if (f->m->mail[mail].patch == KD_MAILS_NONE)
		mail = f->answers[mail];
	if (mail == KD_MAILS_NONE || f->m->mail[mail].patch == KD_MAILS_NONE)
		return KD_VERSIONS_NONE;
	return f->s->of_patch[f->m->mail[mail].patch];
}

static uint32_t add_version(struct finder *f, uint32_t send, int in_range)
{
	struct kd_versions *out = f->out;
	struct kd_version *v;

	KD_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	v = &out->v[out->nr];
	memset(v, 0, sizeof(*v));
	v->send = send;
	v->in_range = in_range;
	v->prev = KD_VERSIONS_NONE;
	v->work = (uint32_t)out->nr;
	return (uint32_t)out->nr++;
}

static uint32_t history_version(struct finder *f, uint32_t hsend)
{
	if (f->of_history[hsend] == KD_VERSIONS_NONE)
		f->of_history[hsend] = add_version(f, hsend, 0);
	return f->of_history[hsend];
}

static void link_versions(struct finder *f, uint32_t v, uint32_t prev,
			  enum kd_found how)
{
	struct kd_version *p = &f->out->v[prev];

	f->out->v[v].prev = prev;
	f->out->v[v].how = how;
	if (!p->found) {
		p->found = 1;
		p->how = how;
	}
}

/* The range's links of a send's cover letter and first patch. */
static uint32_t by_link(struct finder *f, uint32_t send, int in_history)
{
	const struct kd_send *s = &f->s->send[send];
	const char *author = kd_people_email(&f->m->authors, s->author);
	uint32_t i, k;

	for (i = 0; i < s->nr && i < 2; i++) {
		const struct kd_patch_mail *p = &f->m->patches[s->patches[i]];

		if (p->index > 1)
			break;
		for (k = 0; k < p->nr_links; k++) {
			uint32_t id = f->m->links[p->links + k].id, t;

			if (!in_history) {
				t = send_of_id(f, id);
				if (t != KD_VERSIONS_NONE && t < send)
					return t;
				continue;
			}
			if (!f->h || send_of_id(f, id) != KD_VERSIONS_NONE)
				continue;
			t = kd_history_by_message_id(
				f->h, kd_intern_str(&f->m->ids, id), author);
			if (t != KD_HISTORY_NONE)
				return history_version(f, t);
		}
	}
	return KD_VERSIONS_NONE;
}

/* The patch titles of a send (its cover letter has none). */
static size_t patch_titles(const struct finder *f, const struct kd_send *s,
			   const char **out)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < s->nr; i++) {
		const struct kd_patch_mail *p = &f->m->patches[s->patches[i]];
		if (p->index != 0)
			out[n++] = text(f, p->title);
	}
	return n;
}

static size_t received(uint32_t send, void *payload)
{
	const struct finder *f = payload;

	return f->s->send[send].received;
}

static uint32_t by_patches(struct finder *f, const struct kd_send *s,
			   const char *author)
{
	const char *prefixes = text(f, head_of(f, s)->prefixes);
	const char **titles = kd_calloc(s->nr + 1, sizeof(*titles));
	size_t nr = patch_titles(f, s, titles), i, j;
	struct kd_tally tally = KD_TALLY_INIT;
	uint32_t best;

	for (i = 0; i < nr; i++) {
		uint32_t key = key_id(f, 'p', author, prefixes, titles[i]);
		for (j = 0; j < KD_TALLY_MAX; j++) {
			uint32_t t = f->recent[key][j];
			if (t == KD_VERSIONS_NONE)
				break;
			kd_tally_vote(&tally, t);
		}
	}
	free(titles);
	best = kd_tally_best(&tally, nr, received, f);
	return best == KD_TALLY_NONE ? KD_VERSIONS_NONE : best;
}

/* The history's answer for a send of the range, by title or patches. */
static uint32_t history_by_text(struct finder *f, const struct kd_send *s,
				const char *authors[KD_AUTHOR_KEYS],
				enum kd_found *how)
{
	const struct kd_patch_mail *head = head_of(f, s);
	const char **titles;
	uint32_t t = KD_HISTORY_NONE;
	size_t nr, a;

	if (head->change_id != KD_MAILS_NONE) {
		t = kd_history_by_change_id(f->h, text(f, head->change_id),
					    authors[0], KD_HISTORY_NONE);
		*how = KD_FOUND_CHANGE_ID;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_HISTORY_NONE; a++) {
		if (!authors[a])
			continue;
		t = kd_history_by_title(f->h, authors[a],
					text(f, head->prefixes),
					text(f, head->title), KD_HISTORY_NONE);
		*how = KD_FOUND_TITLE;
	}
	titles = kd_calloc(s->nr + 1, sizeof(*titles));
	nr = patch_titles(f, s, titles);
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_HISTORY_NONE; a++) {
		if (!authors[a])
			continue;
		t = kd_history_by_patches(f->h, authors[a],
					  text(f, head->prefixes), titles, nr,
					  KD_HISTORY_NONE);
		*how = KD_FOUND_PATCHES;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_HISTORY_NONE; a++) {
		if (!authors[a])
			continue;
		t = kd_history_by_alike(f->h, authors[a],
					text(f, head->prefixes),
					text(f, head->title), s->version,
					KD_HISTORY_NONE);
		*how = KD_FOUND_TITLE;
	}
	free(titles);
	return t;
}

/* Follow a version of the history back to the versions before it. */
static void follow_history(struct finder *f, uint32_t v)
{
	int steps;

	for (steps = 0; steps < KD_HISTORY_CHAIN; steps++) {
		uint32_t hs = f->out->v[v].send, t = KD_HISTORY_NONE;
		const struct kd_history_facts *facts;
		const char *author = kd_history_author(f->h, hs);
		enum kd_found how = KD_FOUND_LINK;
		size_t k;

		if (f->out->v[v].prev != KD_VERSIONS_NONE)
			return;
		facts = kd_history_facts(f->h, hs);
		for (k = 0; facts && k < facts->nr_links && t == KD_HISTORY_NONE;
		     k++) {
			t = kd_history_by_message_id(f->h, facts->links[k],
						     author);
			if (t != KD_HISTORY_NONE && t >= hs)
				t = KD_HISTORY_NONE; /* only earlier sends */
		}
		if (t == KD_HISTORY_NONE && facts && facts->change_id) {
			t = kd_history_by_change_id(f->h, facts->change_id,
						    author, hs);
			how = KD_FOUND_CHANGE_ID;
		}
		if (t == KD_HISTORY_NONE) {
			t = kd_history_by_title(f->h, author,
						kd_history_prefixes(f->h, hs),
						kd_history_title(f->h, hs), hs);
			how = KD_FOUND_TITLE;
		}
		if (t == KD_HISTORY_NONE) {
			t = kd_history_earlier_by_patches(f->h, hs);
			how = KD_FOUND_PATCHES;
		}
		if (t == KD_HISTORY_NONE) {
			t = kd_history_by_alike(f->h, author,
						kd_history_prefixes(f->h, hs),
						kd_history_title(f->h, hs),
						kd_history_send(f->h, hs)->version,
						hs);
			how = KD_FOUND_TITLE;
		}
		if (t == KD_HISTORY_NONE)
			return;
		link_versions(f, v, history_version(f, t), how);
		v = f->out->v[v].prev;
	}
}

/*
 * Titles alike (subject.h): the keys ('a') of a send's title, each kept
 * for the newest send under it, and asked of the sends after it.  A title
 * alike is taken for an earlier version only when that one says a lower
 * version: two v1 patches of titles a word apart are two works.
 */
struct alike {
	struct finder *f;
	const char *author, *prefixes;
	uint32_t send;  /* remembered, or looking */
	int version;    /* looking: below this */
	uint32_t found; /* looking: the newest one */
	int look;
};

static void alike_key(const char *key, size_t len, void *payload)
{
	struct alike *a = payload;
	struct finder *f = a->f;
	uint32_t k, t;

	kd_buf_reset(&a->f->key);
	kd_buf_addf(&f->key, "a\037%s\037%s\037", a->author, a->prefixes);
	kd_buf_add(&f->key, key, len);
	k = kd_intern_put(&f->keys, f->key.buf, f->key.len);
	key_room(f, k);
	if (!a->look) {
		f->newest[k] = a->send;
		return;
	}
	t = f->newest[k];
	if (t != KD_VERSIONS_NONE && f->s->send[t].version < a->version &&
	    (a->found == KD_VERSIONS_NONE || t > a->found))
		a->found = t;
}

static void title_alike(struct finder *f, uint32_t send, const char *author,
			int look, uint32_t *found)
{
	const struct kd_send *s = &f->s->send[send];
	const struct kd_patch_mail *head = head_of(f, s);
	struct alike a;

	a.f = f;
	a.author = author;
	a.prefixes = text(f, head->prefixes);
	a.send = send;
	a.version = s->version;
	a.found = KD_VERSIONS_NONE;
	a.look = look;
	kd_title_alike_keys(text(f, head->title), alike_key, &a);
	if (found)
		*found = a.found;
}

/* The key of a patch's diff (patchid.h) sent by one author. */
static uint32_t diff_key(struct finder *f, const char *author,
			 const struct kd_patch_mail *p)
{
	char hex[17];

	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)p->patch_id);
	return key_id(f, 'd', author, "", hex);
}

/* The first patch of a send that has a diff, or NULL. */
static const struct kd_patch_mail *first_diff(const struct finder *f,
					      const struct kd_send *s)
{
	uint32_t i;

	for (i = 0; i < s->nr; i++) {
		const struct kd_patch_mail *p = &f->m->patches[s->patches[i]];
		if (p->index != 0 && p->has_patch_id)
			return p;
	}
	return NULL;
}

/* The patch ids of a version, sorted; NULL when it has none. */
static uint64_t *patch_ids(struct finder *f, const struct kd_version *v,
			   size_t *nr)
{
	uint64_t *ids;
	uint32_t i;

	*nr = 0;
	if (!v->in_range) {
		const struct kd_history_facts *facts =
			kd_history_facts(f->h, v->send);
		if (!facts || !facts->nr_patch_ids)
			return NULL;
		ids = kd_malloc(facts->nr_patch_ids * sizeof(*ids));
		memcpy(ids, facts->patch_ids, facts->nr_patch_ids * sizeof(*ids));
		*nr = facts->nr_patch_ids;
		return ids;
	}
	ids = kd_malloc((f->s->send[v->send].nr + 1) * sizeof(*ids));
	for (i = 0; i < f->s->send[v->send].nr; i++) {
		const struct kd_patch_mail *p =
			&f->m->patches[f->s->send[v->send].patches[i]];
		if (p->index != 0 && p->has_patch_id)
			ids[(*nr)++] = p->patch_id;
	}
	return ids;
}

/*
 * Are all of `a`'s patches among `b`'s (both sorted)?  With `exactly`,
 * are they the same patches: `b` has no others.
 */
static int same_patches(struct finder *f, const struct kd_version *a,
			const struct kd_version *b, int exactly)
{
	size_t na, nb, i = 0, j = 0;
	uint64_t *pa = patch_ids(f, a, &na), *pb = patch_ids(f, b, &nb);
	int same = na > 0 && (!exactly || na == nb);

	KD_QSORT(pa, na, kd_u64_cmp);
	KD_QSORT(pb, nb, kd_u64_cmp);
	while (same && i < na) {
		while (j < nb && pb[j] < pa[i])
			j++;
		if (j == nb || pb[j] != pa[i])
			same = 0;
		i++, j++;
	}
	free(pa);
	free(pb);
	return same;
}

/*
 * The same patches sent again under other tags: a stable tree's AUTOSEL
 * copy of a patch, a RHEL backport.  Taken only when the two sends'
 * diffs are the same set (`git patch-id --stable`), by the same author;
 * the newest earlier send with the first of its diffs is asked.
 */
static uint32_t by_diffs(struct finder *f, uint32_t send, const char *author)
{
	const struct kd_patch_mail *p = first_diff(f, &f->s->send[send]);
	uint32_t k, t;

	if (!p)
		return KD_VERSIONS_NONE;
	k = diff_key(f, author, p);
	t = f->newest[k];
	if (t == KD_VERSIONS_NONE ||
	    !same_patches(f, &f->out->v[send], &f->out->v[t], 1))
		return KD_VERSIONS_NONE;
	return t;
}

/* What the range knows of a send, for the sends after it. */
static void remember(struct finder *f, uint32_t send)
{
	const struct kd_send *s = &f->s->send[send];
	const struct kd_patch_mail *head = head_of(f, s);
	const char *authors[KD_AUTHOR_KEYS];
	uint32_t i, j, a, k;

	send_authors(f, s, authors);
	if (head->change_id != KD_MAILS_NONE) {
		k = key_id(f, 'c', "", "", text(f, head->change_id));
		f->newest[k] = send;
	}
	for (a = 0; a < KD_AUTHOR_KEYS; a++) {
		if (!authors[a])
			continue;
		k = key_id(f, 't', authors[a], text(f, head->prefixes),
			   text(f, head->title));
		f->newest[k] = send;
		title_alike(f, send, authors[a], 0, NULL);
		for (i = 0; i < s->nr; i++) {
			const struct kd_patch_mail *p =
				&f->m->patches[s->patches[i]];

			if (p->index == 0)
				continue;
			if (p->has_patch_id) {
				k = diff_key(f, authors[a], p);
				f->newest[k] = send;
			}
			k = key_id(f, 'p', authors[a], text(f, p->prefixes),
				   text(f, p->title));
			if (f->recent[k][0] == send)
				continue;
			for (j = KD_TALLY_MAX - 1; j > 0; j--)
				f->recent[k][j] = f->recent[k][j - 1];
			f->recent[k][0] = send;
		}
	}
}

static void find_one(struct finder *f, uint32_t send)
{
	const struct kd_send *s = &f->s->send[send];
	const struct kd_patch_mail *head = head_of(f, s);
	const char *authors[KD_AUTHOR_KEYS];
	enum kd_found how = KD_FOUND_LINK;
	uint32_t t, a, k;

	send_authors(f, s, authors);
	t = by_link(f, send, 0);
	if (t == KD_VERSIONS_NONE && head->change_id != KD_MAILS_NONE) {
		k = key_id(f, 'c', "", "", text(f, head->change_id));
		t = f->newest[k];
		how = KD_FOUND_CHANGE_ID;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_VERSIONS_NONE; a++) {
		if (!authors[a])
			continue;
		k = key_id(f, 't', authors[a], text(f, head->prefixes),
			   text(f, head->title));
		t = f->newest[k];
		how = KD_FOUND_TITLE;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_VERSIONS_NONE; a++) {
		if (!authors[a])
			continue;
		t = by_patches(f, s, authors[a]);
		how = KD_FOUND_PATCHES;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_VERSIONS_NONE; a++) {
		if (!authors[a])
			continue;
		t = by_diffs(f, send, authors[a]);
		how = KD_FOUND_PATCHES;
	}
	for (a = 0; a < KD_AUTHOR_KEYS && t == KD_VERSIONS_NONE; a++) {
		if (!authors[a])
			continue;
		title_alike(f, send, authors[a], 1, &t);
		how = KD_FOUND_TITLE;
	}
	if (t != KD_VERSIONS_NONE) {
		link_versions(f, send, t, how);
		return;
	}
	if (!f->h)
		return;
	how = KD_FOUND_LINK;
	t = by_link(f, send, 1);
	if (t == KD_VERSIONS_NONE) {
		uint32_t hs = history_by_text(f, s, authors, &how);
		if (hs != KD_HISTORY_NONE)
			t = history_version(f, hs);
	}
	if (t == KD_VERSIONS_NONE)
		return;
	link_versions(f, send, t, how);
	follow_history(f, t);
}

/* Does send `a` lack a counter that send `b` has? */
static int lacks_counters(const struct finder *f, const struct kd_send *a,
			  const struct kd_send *b)
{
	uint32_t i, j;

	for (i = 0; i < b->nr; i++) {
		int index = f->m->patches[b->patches[i]].index;
		for (j = 0; j < a->nr; j++)
			if (f->m->patches[a->patches[j]].index == index)
				break;
		if (j == a->nr)
			return 1;
	}
	return 0;
}

/* The range's sends that broke off and were sent again. */
static void mark_incomplete(struct finder *f)
{
	size_t i;

	for (i = 0; i < f->s->nr; i++) {
		struct kd_version *v = &f->out->v[i];
		const struct kd_send *s = &f->s->send[i], *t;

		if (v->prev == KD_VERSIONS_NONE ||
		    !f->out->v[v->prev].in_range)
			continue;
		t = &f->s->send[f->out->v[v->prev].send];
		if (t->version == s->version && t->total == s->total &&
		    t->nr < s->nr && s->first - t->last <= KD_INCOMPLETE_WINDOW &&
		    head_of(f, t)->title == head_of(f, s)->title &&
		    lacks_counters(f, t, s))
			f->out->v[v->prev].kind = KD_SEND_INCOMPLETE;
	}
}

static int says_resend(const struct finder *f, const struct kd_version *v)
{
	if (v->in_range)
		return f->s->send[v->send].resend;
	return kd_history_send(f->h, v->send)->resend;
}

static void judge(struct finder *f)
{
	size_t i;

	mark_incomplete(f);
	for (i = 0; i < f->out->nr; i++) {
		struct kd_version *v = &f->out->v[i];
		uint32_t p = v->prev;

		if (v->kind == KD_SEND_INCOMPLETE)
			continue;
		while (p != KD_VERSIONS_NONE &&
		       f->out->v[p].kind == KD_SEND_INCOMPLETE)
			p = f->out->v[p].prev;
		if (says_resend(f, v) ||
		    (p != KD_VERSIONS_NONE &&
		     same_patches(f, v, &f->out->v[p], 0)))
			v->kind = KD_SEND_RESEND;
		else if (p != KD_VERSIONS_NONE)
			v->kind = KD_SEND_REROLL;
		else
			v->kind = KD_SEND_NEW;
	}
}

static uint32_t find_work(struct kd_versions *out, uint32_t v)
{
	uint32_t root = v, next;

	while (out->v[root].work != root)
		root = out->v[root].work;
	for (; v != root; v = next) {
		next = out->v[v].work;
		out->v[v].work = root;
	}
	return root;
}

/* The works: every version linked to another is of its work. */
static void join_works(struct kd_versions *out)
{
	size_t i;

	for (i = 0; i < out->nr; i++) {
		uint32_t a, b;

		if (out->v[i].prev == KD_VERSIONS_NONE)
			continue;
		a = find_work(out, (uint32_t)i);
		b = find_work(out, out->v[i].prev);
		if (a != b)
			out->v[a > b ? a : b].work = a > b ? b : a;
	}
	for (i = 0; i < out->nr; i++)
		out->v[i].work = find_work(out, (uint32_t)i);
}

void kd_versions_find(struct kd_versions *out, const struct kd_mails *m,
		      const struct kd_sends *s, const uint32_t *answers,
		      struct kd_history *h)
{
	struct finder f;
	size_t i, nh = h ? kd_history_count(h) : 0;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.m = m;
	f.s = s;
	f.answers = answers;
	f.h = h;
	f.out = out;
	f.key = (struct kd_buf)KD_BUF_INIT;
	f.mail_of_id = kd_malloc((m->ids.nr + 1) * sizeof(*f.mail_of_id));
	for (i = 0; i < m->ids.nr; i++)
		f.mail_of_id[i] = KD_MAILS_NONE;
	for (i = m->nr; i-- > 0;)
		if (m->mail[i].id != KD_MAILS_NONE)
			f.mail_of_id[m->mail[i].id] = (uint32_t)i;
	f.of_history = kd_malloc((nh + 1) * sizeof(*f.of_history));
	f.name_of_send = kd_malloc((s->nr + 1) * sizeof(*f.name_of_send));
	for (i = 0; i < s->nr; i++) {
		const char *name =
			kd_people_name(&m->authors, s->send[i].author);

		f.name_of_send[i] =
			kd_identity_name_key(&f.key, name)
				? kd_intern_put(&f.names, f.key.buf, f.key.len)
				: KD_INTERN_NONE;
	}
	for (i = 0; i < nh; i++)
		f.of_history[i] = KD_VERSIONS_NONE;

	for (i = 0; i < s->nr; i++)
		add_version(&f, (uint32_t)i, 1);
	/* the range's sends are in the order the archive took them */
	for (i = 0; i < s->nr; i++) {
		find_one(&f, (uint32_t)i);
		remember(&f, (uint32_t)i);
	}
	judge(&f);
	join_works(out);

	free(f.mail_of_id);
	free(f.of_history);
	free(f.name_of_send);
	kd_intern_release(&f.names);
	free(f.newest);
	free(f.recent);
	kd_intern_release(&f.keys);
	kd_buf_release(&f.key);
}

void kd_versions_release(struct kd_versions *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}
