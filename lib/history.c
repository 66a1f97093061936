/*
 * The history before a range, from its commits.
 *
 * Tolerated: commits whose author is empty (purged messages), subjects in
 * any encoding (decoded as a Subject field is), commit times out of order
 * (the walk stops at the first commit older than the cut-off, since
 * public-inbox stamps commits in the order it takes mail), a message that
 * cannot be parsed (it has no Message-ID then, and matches nothing).
 */
#include "history.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "intern.h"
#include "message.h"
#include "rfc5322.h"
#include "subject.h"
#include "tally.h"

#define BATCH 1024
#define DAY (24 * 60 * 60)

/* A patch mail before the range, as its commit tells it. */
struct hentry {
	git_oid commit;
	git_oid blob;
	size_t epoch;    /* of the inbox, which holds the blob */
	int64_t time;    /* committer time */
	uint32_t author; /* folded address, in h->text */
	uint32_t name;   /* its name's key (identity.h), or KD_INTERN_NONE */
	uint32_t title;  /* in h->text */
	uint32_t prefixes; /* in h->text */
	uint32_t msgid;  /* in h->text once read, else KD_INTERN_NONE */
	uint32_t send;
	int version, index, total;
	unsigned int rfc : 1;
	unsigned int resend : 1;
	unsigned int read : 1; /* msgid is known (or none can be) */
};

/* Keys to sends: chains of (send, next) through `links`. */
struct multimap {
	struct kd_intern keys;
	uint32_t *first;  /* by key: the newest link, or NONE */
	size_t alloc;
	struct { uint32_t send, next; } *links;
	size_t nr_links, alloc_links;
};

struct kd_history {
	const struct kd_inbox *ib;
	git_odb **odb;    /* by epoch, opened when first read */
	const struct kd_identities *ids;
	struct hentry *e; /* oldest first */
	size_t nr, alloc;
	struct kd_history_send *send;
	size_t nr_sends, alloc_sends;
	/* the entries of send s: entries_of[start[s] .. start[s + 1]) */
	uint32_t *entries_of;
	uint32_t *start;
	uint32_t *by_time; /* the entries by committer time */
	struct kd_intern text;
	struct multimap titles, patch_titles, alike;
	struct kd_history_facts **facts; /* by send, once read */
};

static void multimap_add(struct multimap *mm, const char *key, size_t len,
			 uint32_t send)
{
	uint32_t k = kd_intern_put(&mm->keys, key, len);

	if (k >= mm->alloc) {
		size_t old = mm->alloc, i;
		KD_ALLOC_GROW(mm->first, (size_t)k + 1, mm->alloc);
		for (i = old; i < mm->alloc; i++)
			mm->first[i] = KD_HISTORY_NONE;
	}
	/* a send is added under a key once, however many patches say it */
	if (mm->first[k] != KD_HISTORY_NONE &&
	    mm->links[mm->first[k]].send == send)
		return;
	KD_ALLOC_GROW(mm->links, mm->nr_links + 1, mm->alloc_links);
	mm->links[mm->nr_links].send = send;
	mm->links[mm->nr_links].next = mm->first[k];
	mm->first[k] = (uint32_t)mm->nr_links++;
}

/* The first link of `key`, KD_HISTORY_NONE when none. */
static uint32_t multimap_find(const struct multimap *mm, const char *key,
			      size_t len)
{
	uint32_t k = kd_intern_find(&mm->keys, key, len);

	return k == KD_INTERN_NONE ? KD_HISTORY_NONE : mm->first[k];
}

static void multimap_release(struct multimap *mm)
{
	kd_intern_release(&mm->keys);
	free(mm->first);
	free(mm->links);
}

/*
 * The key of a title or patch title by one author, in one project or tree
 * (the subject's other tags: "[PATCH 5.10]" and "[PATCH 6.1]" backports
 * of one patch are not versions of each other).
 */
static void author_key(struct kd_buf *key, const char *author,
		       const char *prefixes, const char *title)
{
	kd_buf_reset(key);
	kd_buf_addf(key, "%s\037%s\037%s", author, prefixes, title);
}

/*
 * The folded address of a commit's "Name <address>", and its name's key
 * in `name` (empty when it has none worth matching).
 */
static const char *folded_author(const struct kd_history *h, const char *who,
				 struct kd_mailbox *mb, struct kd_buf *name)
{
	const char *fixed = NULL, *email;

	kd_mailbox_parse(mb, who);
	kd_lowercase(mb->email);
	email = mb->email;
	if (h->ids)
		kd_identities_resolve(h->ids, mb->name, mb->email, &fixed,
				      &email);
	kd_identity_name_key(name, fixed ? fixed : mb->name);
	return email;
}

static void take_entry(struct kd_history *h, const struct kd_entry *e)
{
	struct kd_subject s = KD_SUBJECT_INIT;
	struct kd_mailbox mb = KD_MAILBOX_INIT;
	struct kd_buf name = KD_BUF_INIT;
	char *subject;
	struct hentry *he;

	if (e->deleted || !*e->author)
		return;
	subject = kd_message_subject(e->subject, strlen(e->subject));
	kd_subject_parse(&s, subject);
	if (s.is_patch) {
		KD_ALLOC_GROW(h->e, h->nr + 1, h->alloc);
		he = &h->e[h->nr++];
		memset(he, 0, sizeof(*he));
		git_oid_cpy(&he->commit, &e->commit);
		git_oid_cpy(&he->blob, &e->blob);
		he->epoch = e->epoch;
		he->time = e->committed;
		he->author = kd_intern_putstr(
			&h->text, folded_author(h, e->author, &mb, &name));
		he->name = name.len ? kd_intern_put(&h->text, name.buf,
						    name.len)
				    : KD_INTERN_NONE;
		he->title = kd_intern_putstr(&h->text, s.title);
		he->prefixes = kd_intern_putstr(&h->text, s.prefixes);
		he->msgid = KD_INTERN_NONE;
		he->version = s.version;
		he->index = s.index;
		he->total = s.total;
		he->rfc = s.rfc;
		he->resend = s.resend;
	}
	kd_mailbox_release(&mb);
	kd_buf_release(&name);
	kd_subject_release(&s);
	free(subject);
}

/*
 * Commits older than the cut-off in a row that end the walk: commit times
 * are the order the archive took mail in, but an archive imported from
 * older mail, or rewritten, may have some out of order.
 */
#define PAST_CUTOFF 1000

/*
 * The history up to the range's start, the newest first, on into the
 * epochs before the start's, until commits older than `since`.
 */
static int walk(struct kd_history *h, const struct kd_range *r, int64_t since)
{
	struct kd_range before;
	struct kd_entry *e = kd_calloc(BATCH, sizeof(*e));
	struct kd_walk *w = NULL;
	int n = 0, i, err, past = 0;

	memset(&before, 0, sizeof(before));
	git_oid_cpy(&before.to, &r->from);
	before.to_epoch = r->from_epoch;
	err = kd_walk_new(&w, h->ib, &before);
	while (!err && past < PAST_CUTOFF &&
	       (n = kd_walk_next(w, e, BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			if (e[i].committed < since)
				past++;
			else if (past < PAST_CUTOFF) {
				past = 0;
				take_entry(h, &e[i]);
			}
			kd_entry_release(&e[i]);
		}
	}
	if (!err && n < 0)
		err = n;
	kd_walk_free(w);
	free(e);
	return err;
}

/*
 * Sends, oldest first: each patch joins the newest send of its sender,
 * version and total when that one's last patch came at most
 * KD_HISTORY_GAP before and has not its counter yet.
 */
static void group(struct kd_history *h)
{
	struct kd_intern keys = KD_INTERN_INIT, counters = KD_INTERN_INIT;
	uint32_t *open = NULL, *last = NULL, *count;
	size_t alloc_open = 0, alloc_last = 0, i, j;
	struct kd_buf key = KD_BUF_INIT;

	for (i = 0; i < h->nr; i++) {
		struct hentry *he = &h->e[i];
		uint32_t k, s = KD_HISTORY_NONE, before;

		kd_buf_reset(&key);
		kd_buf_addf(&key, "%u %d %d", he->author, he->version,
			    he->total);
		k = kd_intern_put(&keys, key.buf, key.len);
		if (k >= alloc_open) {
			size_t old = alloc_open;
			KD_ALLOC_GROW(open, (size_t)k + 1, alloc_open);
			KD_ALLOC_GROW(last, (size_t)k + 1, alloc_last);
			for (j = old; j < alloc_open; j++)
				open[j] = KD_HISTORY_NONE;
		}
		if (he->total >= 0 && open[k] != KD_HISTORY_NONE &&
		    he->time - h->e[last[k]].time <= KD_HISTORY_GAP) {
			/* a counter it has already starts another send */
			kd_buf_reset(&key);
			kd_buf_addf(&key, "%u %d", open[k], he->index);
			before = counters.nr;
			kd_intern_put(&counters, key.buf, key.len);
			if (counters.nr != before)
				s = open[k];
		}
		if (s == KD_HISTORY_NONE) {
			struct kd_history_send *hs;

			KD_ALLOC_GROW(h->send, h->nr_sends + 1, h->alloc_sends);
			s = (uint32_t)h->nr_sends++;
			hs = &h->send[s];
			memset(hs, 0, sizeof(*hs));
			hs->version = he->version;
			hs->total = he->total;
			hs->rfc = he->rfc;
			hs->time = he->time;
			hs->head = (uint32_t)i;
			kd_buf_reset(&key);
			kd_buf_addf(&key, "%u %d", s, he->index);
			kd_intern_put(&counters, key.buf, key.len);
		}
		he->send = s;
		h->send[s].nr++;
		if (he->resend)
			h->send[s].resend = 1;
		if (he->index >= 0 && he->index < h->e[h->send[s].head].index) {
			h->send[s].head = (uint32_t)i;
			h->send[s].rfc = he->rfc;
		}
		open[k] = s;
		last[k] = (uint32_t)i;
	}
	free(open);
	free(last);
	kd_intern_release(&keys);
	kd_intern_release(&counters);

	/* the entries of each send together, oldest first */
	count = kd_calloc(h->nr_sends + 1, sizeof(*count));
	for (i = 0; i < h->nr; i++)
		count[h->e[i].send + 1]++;
	for (i = 0; i < h->nr_sends; i++)
		count[i + 1] += count[i];
	h->start = kd_malloc((h->nr_sends + 1) * sizeof(*h->start));
	memcpy(h->start, count, (h->nr_sends + 1) * sizeof(*h->start));
	h->entries_of = kd_malloc((h->nr ? h->nr : 1) * sizeof(*h->entries_of));
	for (i = 0; i < h->nr; i++)
		h->entries_of[count[h->e[i].send]++] = (uint32_t)i;
	free(count);
	kd_buf_release(&key);
}

/* Titles alike (subject.h): a send under each key of its title. */
struct alike {
	struct kd_history *h;
	const char *author, *prefixes;
	uint32_t send;   /* indexed; or, looking, before this one */
	int version;     /* looking: below this */
	uint32_t found;  /* looking: the newest one */
	int look;
	struct kd_buf key;
};

static void alike_key(const char *key, size_t len, void *payload)
{
	struct alike *a = payload;
	const struct multimap *mm = &a->h->alike;
	uint32_t l;

	kd_buf_reset(&a->key);
	kd_buf_addf(&a->key, "%s\037%s\037", a->author, a->prefixes);
	kd_buf_add(&a->key, key, len);
	if (!a->look) {
		multimap_add(&a->h->alike, a->key.buf, a->key.len, a->send);
		return;
	}
	for (l = multimap_find(mm, a->key.buf, a->key.len);
	     l != KD_HISTORY_NONE; l = mm->links[l].next) {
		uint32_t s = mm->links[l].send;

		if ((a->send == KD_HISTORY_NONE || s < a->send) &&
		    a->h->send[s].version < a->version) {
			if (a->found == KD_HISTORY_NONE || s > a->found)
				a->found = s;
			break; /* the chain is newest first */
		}
	}
}

static uint32_t alike_walk(struct kd_history *h, const char *author,
			   const char *prefixes, const char *title,
			   uint32_t send, int version, int look)
{
	struct alike a;

	a.h = h;
	a.author = author;
	a.prefixes = prefixes;
	a.send = send;
	a.version = version;
	a.found = KD_HISTORY_NONE;
	a.look = look;
	a.key = (struct kd_buf)KD_BUF_INIT;
	kd_title_alike_keys(title, alike_key, &a);
	kd_buf_release(&a.key);
	return a.found;
}

static void index_alike(struct kd_history *h, const char *author,
			const char *prefixes, const char *title, uint32_t send)
{
	alike_walk(h, author, prefixes, title, send, 0, 0);
}

static void index_sends(struct kd_history *h)
{
	struct kd_buf key = KD_BUF_INIT;
	size_t s, i;

	for (s = 0; s < h->nr_sends; s++) {
		const struct hentry *head = &h->e[h->send[s].head];
		const char *prefixes = kd_intern_str(&h->text, head->prefixes);
		uint32_t who[2] = { head->author, head->name }, w;

		/* under its address, and under its name */
		for (w = 0; w < 2 && who[w] != KD_INTERN_NONE; w++) {
			const char *author = kd_intern_str(&h->text, who[w]);

			author_key(&key, author, prefixes,
				   kd_intern_str(&h->text, head->title));
			multimap_add(&h->titles, key.buf, key.len, (uint32_t)s);
			index_alike(h, author, prefixes,
				    kd_intern_str(&h->text, head->title),
				    (uint32_t)s);
			for (i = 0; i < h->send[s].nr; i++) {
				const struct hentry *he =
					&h->e[h->entries_of[h->start[s] + i]];
				if (he->index == 0)
					continue;
				author_key(&key, author, prefixes,
					   kd_intern_str(&h->text, he->title));
				multimap_add(&h->patch_titles, key.buf,
					     key.len, (uint32_t)s);
			}
		}
	}
	kd_buf_release(&key);
}

struct time_key {
	int64_t time;
	uint32_t entry;
};

static int time_cmp(const void *va, const void *vb)
{
	const struct time_key *a = va, *b = vb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Entries by time, for the lookups by the time a Message-ID names. */
static void sort_by_time(struct kd_history *h)
{
	struct time_key *keys;
	size_t i;

	h->by_time = kd_malloc((h->nr + 1) * sizeof(*h->by_time));
	keys = kd_malloc((h->nr + 1) * sizeof(*keys));
	for (i = 0; i < h->nr; i++) {
		keys[i].time = h->e[i].time;
		keys[i].entry = (uint32_t)i;
	}
	KD_QSORT(keys, h->nr, time_cmp);
	for (i = 0; i < h->nr; i++)
		h->by_time[i] = keys[i].entry;
	free(keys);
}

int kd_history_new(struct kd_history **out, const struct kd_inbox *ib,
		   const struct kd_range *r, int64_t since,
		   const struct kd_identities *ids)
{
	struct kd_history *h = kd_calloc(1, sizeof(*h));
	int err = 0;
	size_t i;

	*out = NULL;
	h->ib = ib;
	h->ids = ids;
	h->odb = kd_calloc(ib->nr, sizeof(*h->odb));
	if (r->has_from && (err = walk(h, r, since))) {
		kd_history_free(h);
		return err;
	}
	/* the walk went newest first */
	for (i = 0; i < h->nr / 2; i++) {
		struct hentry t = h->e[i];
		h->e[i] = h->e[h->nr - 1 - i];
		h->e[h->nr - 1 - i] = t;
	}
	group(h);
	index_sends(h);
	sort_by_time(h);
	h->facts = kd_calloc(h->nr_sends + 1, sizeof(*h->facts));
	*out = h;
	return 0;
}

size_t kd_history_count(const struct kd_history *h)
{
	return h->nr_sends;
}

const struct kd_history_send *kd_history_send(const struct kd_history *h,
					      uint32_t send)
{
	return &h->send[send];
}

const char *kd_history_author(const struct kd_history *h, uint32_t send)
{
	return kd_intern_str(&h->text, h->e[h->send[send].head].author);
}

const char *kd_history_title(const struct kd_history *h, uint32_t send)
{
	return kd_intern_str(&h->text, h->e[h->send[send].head].title);
}

const char *kd_history_prefixes(const struct kd_history *h, uint32_t send)
{
	return kd_intern_str(&h->text, h->e[h->send[send].head].prefixes);
}

/* The newest send of `key`'s chain before `before`. */
static uint32_t newest_before(const struct multimap *mm, const char *key,
			      size_t len, uint32_t before)
{
	uint32_t l = multimap_find(mm, key, len);

	for (; l != KD_HISTORY_NONE; l = mm->links[l].next)
		if (before == KD_HISTORY_NONE || mm->links[l].send < before)
			return mm->links[l].send;
	return KD_HISTORY_NONE;
}

uint32_t kd_history_by_title(struct kd_history *h, const char *author,
			     const char *prefixes, const char *title,
			     uint32_t before)
{
	struct kd_buf key = KD_BUF_INIT;
	uint32_t s;

	author_key(&key, author, prefixes, title);
	s = newest_before(&h->titles, key.buf, key.len, before);
	kd_buf_release(&key);
	return s;
}

uint32_t kd_history_by_alike(struct kd_history *h, const char *author,
			     const char *prefixes, const char *title,
			     int version, uint32_t before)
{
	return alike_walk(h, author, prefixes, title, before, version, 1);
}

/* A send's patch titles: its patch mails, its cover letter not one. */
static size_t patch_count(uint32_t send, void *payload)
{
	const struct kd_history *h = payload;
	size_t n = h->send[send].nr;

	return h->e[h->send[send].head].index == 0 ? n - 1 : n;
}

uint32_t kd_history_by_patches(struct kd_history *h, const char *author,
			       const char *prefixes, const char *const *titles,
			       size_t nr, uint32_t before)
{
	struct kd_buf key = KD_BUF_INIT;
	struct kd_tally tally = KD_TALLY_INIT;
	size_t i;

	for (i = 0; i < nr; i++) {
		uint32_t l;
		size_t seen = 0;

		author_key(&key, author, prefixes, titles[i]);
		for (l = multimap_find(&h->patch_titles, key.buf, key.len);
		     l != KD_HISTORY_NONE && seen < KD_TALLY_MAX;
		     l = h->patch_titles.links[l].next) {
			uint32_t s = h->patch_titles.links[l].send;
			if (before != KD_HISTORY_NONE && s >= before)
				continue;
			seen++;
			kd_tally_vote(&tally, s);
		}
	}
	kd_buf_release(&key);
	return kd_tally_best(&tally, nr, patch_count, h);
}

uint32_t kd_history_earlier_by_patches(struct kd_history *h, uint32_t send)
{
	const char **titles = kd_calloc(h->send[send].nr + 1, sizeof(*titles));
	size_t i, n = 0;
	uint32_t found;

	for (i = h->start[send]; i < h->start[send + 1]; i++) {
		const struct hentry *he = &h->e[h->entries_of[i]];
		if (he->index != 0)
			titles[n++] = kd_intern_str(&h->text, he->title);
	}
	found = kd_history_by_patches(h, kd_history_author(h, send),
				      kd_history_prefixes(h, send), titles, n,
				      send);
	free(titles);
	return found;
}

/* Read the blob of entry `i`; NULL on error (the message is set). */
static git_odb_object *read_blob(struct kd_history *h, uint32_t i)
{
	size_t epoch = h->e[i].epoch;
	git_odb_object *obj;

	if ((!h->odb[epoch] &&
	     git_repository_odb(&h->odb[epoch], h->ib->epochs[epoch].repo)) ||
	    git_odb_read(&obj, h->odb[epoch], &h->e[i].blob)) {
		kd_error_from_git("cannot read a message before the range");
		return NULL;
	}
	return obj;
}

/* The Message-ID of entry `i`, read from its headers once. */
static const char *entry_msgid(struct kd_history *h, uint32_t i)
{
	struct hentry *he = &h->e[i];

	if (!he->read) {
		git_odb_object *obj = read_blob(h, i);

		he->read = 1;
		if (obj) {
			struct kd_message m;
			kd_message_parse_headers(&m, git_odb_object_data(obj),
						 git_odb_object_size(obj));
			if (*m.message_id)
				he->msgid = kd_intern_putstr(&h->text,
							     m.message_id);
			kd_message_release(&m);
			git_odb_object_free(obj);
		}
	}
	return he->msgid == KD_INTERN_NONE ? NULL
					   : kd_intern_str(&h->text, he->msgid);
}

static int digits(const char *s, size_t n, long long *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

/*
 * The time a Message-ID names: git send-email's "20260126224205.1442196-
 * 1-x@y" (UTC), b4's "20240221-topic-v2-1-abc@y" (a day), git
 * format-patch's "cover.1770060728.git.x@y" and "<sha1>.1770060728.git.x@y"
 * (seconds).  Returns 1 and the time, 0 when it names none.
 */
static int msgid_time(const char *id, int64_t *when)
{
	const char *p;
	long long v;
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strlen(id) > 15 && id[14] == '.' && digits(id, 14, &v)) {
		digits(id, 4, &v), tm.tm_year = (int)v - 1900;
		digits(id + 4, 2, &v), tm.tm_mon = (int)v - 1;
		digits(id + 6, 2, &v), tm.tm_mday = (int)v;
		digits(id + 8, 2, &v), tm.tm_hour = (int)v;
		digits(id + 10, 2, &v), tm.tm_min = (int)v;
		digits(id + 12, 2, &v), tm.tm_sec = (int)v;
		*when = (int64_t)timegm(&tm);
		return 1;
	}
	if (strlen(id) > 9 && id[8] == '-' && digits(id, 8, &v)) {
		digits(id, 4, &v), tm.tm_year = (int)v - 1900;
		digits(id + 4, 2, &v), tm.tm_mon = (int)v - 1;
		digits(id + 6, 2, &v), tm.tm_mday = (int)v;
		*when = (int64_t)timegm(&tm);
		return 1;
	}
	p = strstr(id, ".git.");
	if (p && p - id > 10 && p[-11] == '.' && digits(p - 10, 10, &v)) {
		*when = (int64_t)v;
		return 1;
	}
	return 0;
}

/* Messages of one author looked at for a Message-ID without a time. */
#define AUTHOR_CANDIDATES 500

uint32_t kd_history_by_message_id(struct kd_history *h, const char *id,
				  const char *author)
{
	int64_t when;
	size_t lo = 0, hi = h->nr, i, seen = 0;
	uint32_t a;

	if (msgid_time(id, &when)) {
		/* the first entry the archive took a day before it, or later */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (h->e[h->by_time[mid]].time < when - DAY)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < h->nr &&
			     h->e[h->by_time[i]].time <= when + 14 * DAY;
		     i++) {
			const char *got = entry_msgid(h, h->by_time[i]);
			if (got && !strcmp(got, id))
				return h->e[h->by_time[i]].send;
		}
		return KD_HISTORY_NONE;
	}
	if (!author)
		return KD_HISTORY_NONE;
	a = kd_intern_find(&h->text, author, strlen(author));
	if (a == KD_INTERN_NONE)
		return KD_HISTORY_NONE;
	for (i = h->nr; i-- > 0 && seen < AUTHOR_CANDIDATES;) {
		const char *got;

		if (h->e[i].author != a)
			continue;
		seen++;
		got = entry_msgid(h, (uint32_t)i);
		if (got && !strcmp(got, id))
			return h->e[i].send;
	}
	return KD_HISTORY_NONE;
}

static void facts_free(struct kd_history_facts *f)
{
	size_t i;

	if (!f)
		return;
	free(f->message_id);
	free(f->subject);
	free(f->title);
	free(f->author_name);
	free(f->author_email);
	free(f->change_id);
	for (i = 0; i < f->nr_links; i++)
		free(f->links[i]);
	free(f->links);
	free(f->link_versions);
	free(f->patch_ids);
	free(f);
}

/* The facts of the head of `send`, and the patch ids of its patches. */
static struct kd_history_facts *read_facts(struct kd_history *h,
					   uint32_t send)
{
	struct kd_history_facts *f = kd_calloc(1, sizeof(*f));
	const struct kd_history_send *hs = &h->send[send];
	size_t i, alloc_ids = 0;

	for (i = 0; i < hs->nr; i++) {
		uint32_t e = h->entries_of[h->start[send] + i];
		git_odb_object *obj = read_blob(h, e);
		struct kd_message m;

		if (!obj) {
			facts_free(f);
			return NULL;
		}
		kd_message_read(&m, git_odb_object_data(obj),
				git_odb_object_size(obj), KD_MESSAGE_BODY);
		git_odb_object_free(obj);
		if (m.has_patch_id && h->e[e].index != 0) {
			KD_ALLOC_GROW(f->patch_ids, f->nr_patch_ids + 1,
				      alloc_ids);
			f->patch_ids[f->nr_patch_ids++] = m.patch_id;
		}
		if (e == hs->head) {
			size_t k;

			f->nr_links = m.links.nr;
			f->links = kd_calloc(m.links.nr + 1, sizeof(*f->links));
			f->link_versions = kd_calloc(m.links.nr + 1,
						     sizeof(*f->link_versions));
			for (k = 0; k < m.links.nr; k++) {
				f->links[k] = kd_strdup(m.links.v[k].message_id);
				f->link_versions[k] = m.links.v[k].version;
			}
			if (m.change_id)
				f->change_id = kd_strdup(m.change_id);
			f->message_id = kd_strdup(m.message_id);
			f->subject = kd_strdup(m.subject);
			f->title = kd_strdup(m.subj.title);
			git_oid_cpy(&f->commit, &h->e[e].commit);
			f->date = m.has_date ? m.date : h->e[e].time;
			f->tz = m.has_date ? m.tz : 0;
			f->author_name = kd_strdup(m.author.name);
			f->author_email = kd_strdup(m.author.email);
		}
		kd_message_release(&m);
	}
	KD_QSORT(f->patch_ids, f->nr_patch_ids, kd_u64_cmp);
	return f;
}

const struct kd_history_facts *kd_history_facts(struct kd_history *h,
						uint32_t send)
{
	if (!h->facts[send])
		h->facts[send] = read_facts(h, send);
	return h->facts[send];
}

uint32_t kd_history_by_change_id(struct kd_history *h, const char *change_id,
				 const char *author, uint32_t before)
{
	uint32_t a = kd_intern_find(&h->text, author, strlen(author));
	size_t s;

	if (a == KD_INTERN_NONE)
		return KD_HISTORY_NONE;
	/* the author's sends, newest first, each head read once */
	for (s = before == KD_HISTORY_NONE ? h->nr_sends : before; s-- > 0;) {
		const struct kd_history_facts *f;

		if (h->e[h->send[s].head].author != a)
			continue;
		f = kd_history_facts(h, (uint32_t)s);
		if (f && f->change_id && !strcmp(f->change_id, change_id))
			return (uint32_t)s;
	}
	return KD_HISTORY_NONE;
}

void kd_history_free(struct kd_history *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; h->facts && i < h->nr_sends; i++)
		facts_free(h->facts[i]);
	free(h->facts);
	free(h->e);
	free(h->by_time);
	free(h->send);
	free(h->start);
	free(h->entries_of);
	kd_intern_release(&h->text);
	multimap_release(&h->titles);
	multimap_release(&h->patch_titles);
	multimap_release(&h->alike);
	for (i = 0; h->odb && i < h->ib->nr; i++)
		git_odb_free(h->odb[i]);
	free(h->odb);
	free(h);
}
