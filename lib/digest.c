/*
 * Putting a digest together: the range is read into mails.h's compact
 * form, threaded (thread.h), grouped into series (series.h), and counted
 * into the tables and lists that the renderers show.
 */
#include "digest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "error.h"
#include "mails.h"
#include "message.h"
#include "reader.h"
#include "patchbody.h"
#include "review.h"
#include "series.h"
#include "strmap.h"
#include "thread.h"

const char *const kd_skip_why_names[] = { "same title", "older version",
					  "newer version", "resend",
					  "incomplete send" };

/* Rows of a digest's table, counted by key as they come. */
struct tally {
	struct kd_count **rows; /* the digest's */
	size_t *nr;
	size_t alloc;
	struct kd_strmap map; /* key to row */
};

#define TALLY_INIT(rows, nr) { &(rows), &(nr), 0, KD_STRMAP_INIT }

struct builder {
	struct kd_digest *d;
	struct kd_mails mails;
	size_t *contributions; /* by person of mails.authors (count_kept) */
	struct tally domains, orgs, bots;
	git_oid oldest;        /* the last commit taken */
	size_t oldest_epoch;
	const struct kd_identities *ids;
};

static void count_row(struct tally *t, const char *key, const char *name)
{
	size_t i = kd_strmap_put(&t->map, key, *t->nr);

	if (i == *t->nr) {
		KD_ALLOC_GROW(*t->rows, *t->nr + 1, t->alloc);
		(*t->rows)[i].key = kd_strdup(key);
		(*t->rows)[i].name = name ? kd_strdup(name) : NULL;
		(*t->rows)[i].count = 0;
		(*t->nr)++;
	}
	(*t->rows)[i].count++;
}

/*
 * A mail from `email` at `when`, counted for the domain of the address
 * (as the configuration folds it) and for that domain's organisation.
 */
static void count_domain(struct tally *domains, struct tally *orgs,
			 const struct kd_identities *ids, const char *email,
			 int64_t when)
{
	const char *domain = kd_identities_domain(ids, email);
	const char *org = kd_identities_org(ids, domain, when);

	count_row(domains, domain, NULL);
	if (org)
		count_row(orgs, org, NULL);
}

/*
 * A patch mail, for its author: counted for the person (folded by the
 * configuration as mails.h adds it), for the domain of the address it
 * came from and for that domain's organisation; or, for a bot, apart.
 */
static void count_contributor(struct builder *b, const struct kd_patch_mail *p,
			      int64_t when)
{
	struct kd_digest *d = b->d;
	const char *email = kd_people_email(&b->mails.authors, p->author);

	if (p->bot) {
		d->bot_patches++;
		count_row(&b->bots, email,
			  kd_people_name(&b->mails.authors, p->author));
		return;
	}
	b->contributions[p->author]++;

	/*
	 * The domain is the one the mail came from, not the person's folded
	 * address: work done at a former employer stays counted for it.
	 */
	count_domain(&b->domains, &b->orgs, b->ids,
		     kd_mails_text(&b->mails, p->author_email), when);
}

static void release_counts(struct kd_count *c, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(c[i].name);
		free(c[i].key);
	}
	free(c);
}

static void release_strings(char **s, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(s[i]);
	free(s);
}

static void release_series(struct kd_series *s)
{
	size_t i;
	int k;

	free(s->title);
	free(s->subject);
	free(s->message_id);
	free(s->prefixes);
	kd_mailbox_release(&s->author);
	release_strings(s->subjects, s->nr_subjects);
	release_strings(s->message_ids, s->nr_message_ids);
	release_counts(s->participants, s->nr_participants);
	for (i = 0; i < s->nr_previous; i++) {
		struct kd_previous *p = &s->previous[i];
		free(p->title);
		free(p->subject);
		free(p->message_id);
		kd_mailbox_release(&p->author);
	}
	free(s->previous);
	for (k = 0; k < KD_TRAILER_KINDS; k++) {
		for (i = 0; i < s->nr_reviews[k]; i++)
			kd_mailbox_release(&s->reviews[k][i]);
		free(s->reviews[k]);
	}
}

/* What a digest says of reviews, acceptances, fixes and pull requests. */
static void release_reviews(struct kd_digest *d)
{
	size_t i, k;

	for (i = 0; i < d->nr_reviewers; i++) {
		free(d->reviewers[i].name);
		free(d->reviewers[i].email);
	}
	free(d->reviewers);
	release_counts(d->reviewer_domains, d->nr_reviewer_domains);
	release_counts(d->reviewer_orgs, d->nr_reviewer_orgs);
	for (i = 0; i < d->nr_applied; i++) {
		struct kd_applied *a = &d->applied[i];
		free(a->message_id);
		free(a->subject);
		kd_mailbox_release(&a->by);
		free(a->tree);
		release_strings(a->commits, a->nr_commits);
		free(a->series);
	}
	free(d->applied);
	for (i = 0; i < d->nr_fixes; i++) {
		struct kd_fixing *f = &d->fixes[i];
		free(f->message_id);
		free(f->subject);
		kd_mailbox_release(&f->author);
		for (k = 0; k < f->nr_fixes; k++) {
			free(f->fixes[k].commit);
			free(f->fixes[k].subject);
		}
		free(f->fixes);
	}
	free(d->fixes);
	for (i = 0; i < d->nr_pulls; i++) {
		struct kd_pull_request *p = &d->pulls[i];
		free(p->message_id);
		free(p->subject);
		kd_mailbox_release(&p->from);
		free(p->url);
		free(p->ref);
	}
	free(d->pulls);
}

static void add_message(struct builder *b, const struct kd_entry *e,
			struct kd_message *m)
{
	struct kd_digest *d = b->d;
	uint32_t n = kd_mails_add(&b->mails, e, m);
	const struct kd_mail *mail = &b->mails.mail[n];

	d->messages++;
	if (m->truncated)
		d->truncated++;
	if (mail->type == KD_MAIL_REPLY)
		d->replies++;
	else if (mail->type == KD_MAIL_OTHER)
		d->other++;
	else if (mail->patch == KD_MAILS_NONE)
		d->duplicates++;
	else
		d->patches++;
}

/* Take a read batch into the digest, in the range's order. */
static void take_batch(struct builder *b, const struct kd_entry *e,
		       struct kd_read *rd, size_t n)
{
	struct kd_digest *d = b->d;
	size_t i;

	for (i = 0; i < n; i++) {
		d->commits++;
		if (e[i].deleted || rd[i].empty)
			/* public-inbox-purge leaves an empty `m` where mail was */
			d->deleted++;
		else
			add_message(b, &e[i], &rd[i].msg);
		kd_message_release(&rd[i].msg);
	}
}

static void plan_batch(const struct kd_entry *e, struct kd_read *rd, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&rd[i], 0, sizeof(rd[i]));
		rd[i].msg = (struct kd_message)KD_MESSAGE_INIT;
		rd[i].want = !e[i].deleted;
	}
}

#define BATCH 2048

/* Count a batch the reader has read, in order, and let its entries go. */
static void count_batch(struct builder *b, struct kd_entry *e,
			struct kd_read *rd, size_t n, size_t *done,
			size_t total, const struct kd_digest_options *opts)
{
	size_t i;

	take_batch(b, e, rd, n);
	*done += n;
	if (opts->progress)
		opts->progress(*done, total, opts->payload);
	git_oid_cpy(&b->oldest, &e[n - 1].commit);
	b->oldest_epoch = e[n - 1].epoch;
	b->d->first_arrival = e[n - 1].committed;
	if (*done == n)
		b->d->last_arrival = e[0].committed;
	for (i = 0; i < n; i++)
		kd_entry_release(&e[i]);
}

/*
 * The range, a batch at a time, two batches at once: while the reader's
 * threads read and parse one batch, this thread counts the one before it
 * and walks the one after, then reads with them.  Batches are counted
 * in order, so the digest is the same whatever the number of threads.
 */
static int read_range(struct builder *b, const struct kd_inbox *ib,
		      const struct kd_range *r,
		      const struct kd_digest_options *opts)
{
	struct kd_entry *e[2];
	struct kd_read *rd[2];
	struct kd_walk *walk = NULL;
	struct kd_reader *reader = NULL;
	size_t total = 0, done = 0;
	int n[2] = { 0, 0 }, cur = 0, err = 0, i, k;

	if (opts->progress && (err = kd_walk_count(&total, ib, r)))
		return err;
	if ((err = kd_walk_new(&walk, ib, r)) ||
	    (err = kd_reader_new(&reader, ib, opts->threads))) {
		kd_walk_free(walk);
		return err;
	}
	for (i = 0; i < 2; i++) {
		e[i] = kd_calloc(BATCH, sizeof(*e[i]));
		rd[i] = kd_calloc(BATCH, sizeof(*rd[i]));
	}

	n[cur] = kd_walk_next(walk, e[cur], BATCH);
	if (n[cur] > 0) {
		plan_batch(e[cur], rd[cur], (size_t)n[cur]);
		kd_reader_start(reader, e[cur], rd[cur], (size_t)n[cur]);
		n[!cur] = kd_walk_next(walk, e[!cur], BATCH);
	}
	while (n[cur] > 0) {
		int next = !cur;

		if ((err = kd_reader_wait(reader)))
			break;
		if (n[next] > 0) {
			plan_batch(e[next], rd[next], (size_t)n[next]);
			kd_reader_start(reader, e[next], rd[next],
					(size_t)n[next]);
		}
		count_batch(b, e[cur], rd[cur], (size_t)n[cur], &done, total,
			    opts);
		n[cur] = 0;
		if (n[next] > 0)
			n[cur] = kd_walk_next(walk, e[cur], BATCH);
		cur = next;
	}
	if (err) {
		/* the batch read, and the one walked after it, not started */
		for (i = 0; i < n[cur]; i++) {
			kd_message_release(&rd[cur][i].msg);
			kd_entry_release(&e[cur][i]);
		}
		for (i = 0; i < n[!cur]; i++)
			kd_entry_release(&e[!cur][i]);
	}
	for (k = 0; k < 2 && !err; k++)
		if (n[k] < 0)
			err = n[k];
	for (i = 0; i < 2; i++) {
		free(e[i]);
		free(rd[i]);
	}
	kd_reader_free(reader);
	kd_walk_free(walk);
	return err;
}

static int count_cmp(const void *va, const void *vb)
{
	const struct kd_count *a = va, *b = vb;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->name && b->name) {
		if ((c = strcasecmp(a->name, b->name)) ||
		    (c = strcmp(a->name, b->name)))
			return c;
	}
	return strcmp(a->key, b->key);
}

static int count_only_cmp(const void *va, const void *vb)
{
	const struct kd_count *a = va, *b = vb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void finish_contributors(struct builder *b)
{
	struct kd_digest *d = b->d;
	const struct kd_people *people = &b->mails.authors;
	uint32_t id, n = kd_people_count(people);

	d->contributors = kd_calloc(n ? n : 1, sizeof(*d->contributors));
	for (id = 0; id < n; id++) {
		struct kd_count *c;

		if (!b->contributions[id])
			continue;
		c = &d->contributors[d->nr_contributors++];
		c->name = kd_strdup(kd_people_name(people, id));
		c->key = kd_strdup(kd_people_email(people, id));
		c->count = b->contributions[id];
	}
	KD_QSORT(d->contributors, d->nr_contributors, count_cmp);
	KD_QSORT(d->domains, d->nr_domains, count_cmp);
}

/* A mailbox of the mail, as it was written. */
static void mailbox(struct kd_mailbox *out, const struct kd_mails *m,
		    uint32_t name, uint32_t email)
{
	out->name = kd_strdup(kd_mails_text(m, name));
	out->email = kd_strdup(kd_mails_text(m, email));
}

/*
 * Paths touched by a send, into `seen`: each once, in the order the send
 * names them, as many as one body may name.
 */
static void send_paths(struct kd_intern *seen, const struct kd_mails *m,
		       const struct kd_send *s, int cover)
{
	uint32_t i;

	for (i = 0; i < s->nr && seen->nr < KD_PATCH_PATHS_MAX; i++) {
		const struct kd_patch_mail *p = &m->patches[s->patches[i]];
		const char *path = kd_mails_text(m, p->paths), *nl;

		if ((p->index == 0) != cover)
			continue;
		for (; *path && seen->nr < KD_PATCH_PATHS_MAX; path = nl + 1) {
			nl = strchr(path, '\n');
			if (!nl)
				break;
			kd_intern_put(seen, path, (size_t)(nl - path));
		}
	}
}

/*
 * A series' subsystem: by its title, or the paths its patches touch, or
 * where none of its patches is in the range, its cover letter's diffstat.
 */
static const char *subsystem(const struct kd_subsystems *subs,
			     const struct kd_mails *m, const struct kd_send *s,
			     const struct kd_series *row)
{
	struct kd_intern paths = KD_INTERN_INIT;
	const char *name;

	if (!subs)
		return KD_SUBSYSTEM_OTHER;
	send_paths(&paths, m, s, 0);
	if (!paths.nr)
		send_paths(&paths, m, s, 1);
	/* the pool's strings by id are the paths in the order first put */
	name = kd_subsystems_match(subs, row->title, row->prefixes,
				   paths.strs, paths.nr);
	kd_intern_release(&paths);
	return name;
}

static void fill_series(struct kd_series *row, const struct kd_mails *m,
			const struct kd_send *s,
			const struct kd_subsystems *subs)
{
	const struct kd_patch_mail *head = &m->patches[s->head];
	const struct kd_mail *mail = &m->mail[head->mail];
	uint32_t i;

	row->title = kd_strdup(kd_mails_text(m, head->title));
	row->subject = kd_strdup(kd_mails_text(m, mail->subject));
	row->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
	mailbox(&row->author, m, head->author_name, head->author_email);
	row->prefixes = kd_strdup(kd_mails_text(m, head->prefixes));
	row->version = s->version;
	row->total = s->total;
	row->rfc = s->rfc;
	row->resend = s->resend;
	row->has_cover = s->cover != KD_SERIES_NONE;
	row->received = s->received;
	row->subjects = kd_calloc(s->nr, sizeof(*row->subjects));
	for (i = 0; i < s->nr; i++) {
		const struct kd_patch_mail *p = &m->patches[s->patches[i]];
		row->subjects[i] = kd_strdup(
			kd_mails_text(m, m->mail[p->mail].subject));
	}
	row->nr_subjects = s->nr;
	row->subsystem = subsystem(subs, m, s, row);
}

/* What the builder knows of the range once it is read. */
struct range_facts {
	const struct kd_mails *m;
	struct kd_sends sends;
	struct kd_versions versions;
	struct kd_history *history;
	struct kd_reviews reviews;
	uint32_t *answers;   /* by mail: the patch mail its thread answers */
	uint32_t *row_of_work; /* by version: its work's row (works only) */
	uint32_t *shown;     /* by row: the send it shows */
};

static void add_head(struct kd_digest *d, const struct kd_mails *m,
		     uint32_t patch, size_t series, size_t series_order,
		     size_t *alloc)
{
	const struct kd_patch_mail *p = &m->patches[patch];
	const struct kd_mail *mail = &m->mail[p->mail];
	struct kd_head *h;

	KD_ALLOC_GROW(d->heads, d->nr_heads + 1, *alloc);
	h = &d->heads[d->nr_heads++];
	memset(h, 0, sizeof(*h));
	h->title = kd_strdup(kd_mails_text(m, p->title));
	h->subject = kd_strdup(kd_mails_text(m, mail->subject));
	h->kind = p->index == 0	  ? KD_HEAD_COVER
		  : p->index == 1 ? KD_HEAD_FIRST
				  : KD_HEAD_SINGLE;
	h->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
	git_oid_cpy(&h->commit, &mail->commit);
	h->date = mail->date;
	h->tz = mail->tz;
	mailbox(&h->author, m, p->author_name, p->author_email);
	mailbox(&h->sender, m, p->sender_name, p->sender_email);
	h->body = NULL; /* read_excerpts(), of the heads shown */
	h->series = series;
	h->series_order = series_order;
	h->order = p->mail;
}

/* A mail with no name in From: is shown under the name counted for it. */
static void fill_names(const struct kd_digest *d, struct kd_strmap *rows,
		       struct kd_mailbox *m)
{
	size_t i;

	if (*m->name)
		return;
	i = kd_strmap_get(rows, m->email);
	if (i == KD_STRMAP_NONE)
		return;
	free(m->name);
	m->name = kd_strdup(d->contributors[i].name);
}

static int head_cmp(const void *va, const void *vb)
{
	const struct kd_head *a = va, *b = vb;

	if (a->series_order != b->series_order)
		return a->series_order < b->series_order ? -1 : 1;
	if (a->series != b->series)
		return a->series < b->series ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Does send `a` show a series better than send `b` (newer, complete)? */
static int shows_better(const struct range_facts *f, uint32_t a, uint32_t b)
{
	const struct kd_version *va = &f->versions.v[a], *vb = &f->versions.v[b];
	const struct kd_send *sa = &f->sends.send[a], *sb = &f->sends.send[b];

	if ((va->kind == KD_SEND_INCOMPLETE) != (vb->kind == KD_SEND_INCOMPLETE))
		return vb->kind == KD_SEND_INCOMPLETE;
	if (sa->version != sb->version)
		return sa->version > sb->version;
	return a > b; /* the one the archive took later */
}

/*
 * The rows of the patch list, one a work, in the order of their newest
 * mail (git log's order): each mail belongs to one send and each send to
 * one work, so no two rows tie.  Fills f->row_of_work and f->shown.
 */
static size_t make_rows(struct range_facts *f)
{
	size_t nv = f->versions.nr, ns = f->sends.nr, i, nr = 0;
	uint32_t *newest = kd_malloc((ns + 1) * sizeof(*newest));
	uint32_t *shown = kd_malloc((ns + 1) * sizeof(*shown));
	uint64_t *keys = kd_malloc((ns + 1) * sizeof(*keys));

	f->row_of_work = kd_malloc((nv + 1) * sizeof(*f->row_of_work));
	for (i = 0; i < nv; i++)
		f->row_of_work[i] = KD_SERIES_NONE;
	for (i = 0; i < ns; i++) {
		uint32_t w = f->versions.v[i].work, r = f->row_of_work[w];

		if (r == KD_SERIES_NONE) {
			r = f->row_of_work[w] = (uint32_t)nr++;
			newest[r] = f->sends.send[i].newest;
			shown[r] = (uint32_t)i;
			continue;
		}
		if (f->sends.send[i].newest < newest[r])
			newest[r] = f->sends.send[i].newest;
		if (shows_better(f, (uint32_t)i, shown[r]))
			shown[r] = (uint32_t)i;
	}
	for (i = 0; i < nr; i++)
		keys[i] = (uint64_t)newest[i] << 32 | i;
	KD_QSORT(keys, nr, kd_u64_cmp);
	/* renumber the rows in that order */
	f->shown = kd_malloc((nr + 1) * sizeof(*f->shown));
	for (i = 0; i < nr; i++) {
		newest[(uint32_t)keys[i]] = (uint32_t)i;
		f->shown[i] = shown[(uint32_t)keys[i]];
	}
	for (i = 0; i < nv; i++)
		if (f->row_of_work[i] != KD_SERIES_NONE)
			f->row_of_work[i] = newest[f->row_of_work[i]];
	free(newest);
	free(shown);
	free(keys);
	return nr;
}

/* The row of a send, or KD_SERIES_NONE when narrowing dropped it. */
static size_t row_of_send(const struct range_facts *f, uint32_t send)
{
	return f->row_of_work[f->versions.v[send].work];
}

/* A previous version of the range, from its send's head. */
static void previous_in_range(struct kd_previous *p,
			      const struct range_facts *f, uint32_t send)
{
	const struct kd_mails *m = f->m;
	const struct kd_send *s = &f->sends.send[send];
	const struct kd_patch_mail *head = &m->patches[s->head];
	const struct kd_mail *mail = &m->mail[head->mail];

	p->version = s->version;
	p->rfc = s->rfc;
	p->title = kd_strdup(kd_mails_text(m, head->title));
	p->subject = kd_strdup(kd_mails_text(m, mail->subject));
	p->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
	p->date = mail->date;
	p->tz = mail->tz;
	git_oid_cpy(&p->commit, &mail->commit);
	p->in_range = 1;
	mailbox(&p->author, m, head->author_name, head->author_email);
}

/* A previous version before the range, from what its messages say. */
static void previous_in_history(struct kd_previous *p, struct kd_history *h,
				uint32_t send)
{
	const struct kd_history_facts *facts = kd_history_facts(h, send);

	p->version = kd_history_send(h, send)->version;
	p->rfc = kd_history_send(h, send)->rfc;
	if (!facts) {
		/* its head could not be read: what its commit said */
		p->title = kd_strdup(kd_history_title(h, send));
		p->subject = kd_strdup(p->title);
		p->message_id = kd_strdup("");
		p->author.name = kd_strdup("");
		p->author.email = kd_strdup(kd_history_author(h, send));
		p->date = kd_history_send(h, send)->time;
		return;
	}
	p->title = kd_strdup(facts->title);
	p->subject = kd_strdup(facts->subject);
	p->message_id = kd_strdup(facts->message_id);
	p->date = facts->date;
	p->tz = facts->tz;
	git_oid_cpy(&p->commit, &facts->commit);
	p->author.name = kd_strdup(facts->author_name);
	p->author.email = kd_strdup(facts->author_email);
}

static int previous_cmp(const void *va, const void *vb)
{
	const struct kd_previous *a = va, *b = vb;

	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	return b->version - a->version;
}

/* Every version of a row's work but the one it shows, newest first. */
static void fill_previous(struct kd_series *row, const struct range_facts *f,
			  size_t r)
{
	const struct kd_versions *vs = &f->versions;
	size_t i, n = 0;

	for (i = 0; i < vs->nr; i++)
		if (f->row_of_work[vs->v[i].work] == r && i != f->shown[r])
			n++;
	row->previous = kd_calloc(n + 1, sizeof(*row->previous));
	for (i = 0; i < vs->nr; i++) {
		const struct kd_version *v = &vs->v[i];
		struct kd_previous *p;

		if (f->row_of_work[v->work] != r || i == f->shown[r])
			continue;
		p = &row->previous[row->nr_previous++];
		if (v->in_range)
			previous_in_range(p, f, v->send);
		else
			previous_in_history(p, f->history, v->send);
		p->how = v->how;
		p->kind = v->kind;
	}
	KD_QSORT(row->previous, row->nr_previous, previous_cmp);
}

/*
 * The patch mails of every row, in the range's order: counted a row
 * first, so that each row holds what it has and no more.
 */
static void fill_message_ids(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	size_t *count = kd_calloc(d->nr_series + 1, sizeof(*count));
	size_t i, r;

	for (i = 0; i < m->nr_patches; i++)
		if ((r = row_of_send(f, f->sends.of_patch[i])) != KD_SERIES_NONE)
			count[r]++;
	for (r = 0; r < d->nr_series; r++)
		d->series[r].message_ids =
			kd_calloc(count[r] + 1, sizeof(*d->series[r].message_ids));
	for (i = 0; i < m->nr_patches; i++) {
		const struct kd_mail *mail = &m->mail[m->patches[i].mail];
		struct kd_series *row;

		if ((r = row_of_send(f, f->sends.of_patch[i])) == KD_SERIES_NONE)
			continue;
		row = &d->series[r];
		row->message_ids[row->nr_message_ids++] =
			kd_strdup(kd_intern_str(&m->ids, mail->id));
	}
	free(count);
}

/*
 * Replies to each row, and who sent them (bots apart): a pair (row,
 * person) a reply, sorted, counted in runs.
 */
static void fill_replies(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	uint64_t *pairs = kd_malloc((m->nr + 1) * sizeof(*pairs));
	size_t n = 0, i, j;

	for (i = 0; i < m->nr; i++) {
		const struct kd_mail *mail = &m->mail[i];
		uint32_t a = f->answers[i];
		size_t r;

		if (mail->type != KD_MAIL_REPLY ||
		    (mail->flags & KD_MAIL_DUPLICATE) || a == KD_MAILS_NONE)
			continue;
		r = row_of_send(f, f->sends.of_patch[m->mail[a].patch]);
		if (r == KD_SERIES_NONE)
			continue;
		d->series[r].replies++;
		if (!(mail->flags & KD_MAIL_BOT))
			pairs[n++] = (uint64_t)r << 32 | mail->sender;
	}
	KD_QSORT(pairs, n, kd_u64_cmp);
	for (i = 0; i < n; i = j) {
		struct kd_series *row = &d->series[pairs[i] >> 32];
		struct kd_count *c;

		for (j = i; j < n && pairs[j] == pairs[i]; j++)
			;
		if (!row->participants)
			row->participants = kd_calloc(
				row->replies + 1, sizeof(*row->participants));
		c = &row->participants[row->nr_participants++];
		c->key = kd_strdup(kd_people_email(&m->senders,
						   (uint32_t)pairs[i]));
		c->name = kd_strdup(kd_people_name(&m->senders,
						   (uint32_t)pairs[i]));
		c->count = j - i;
	}
	for (i = 0; i < d->nr_series; i++)
		KD_QSORT(d->series[i].participants,
			 d->series[i].nr_participants, count_cmp);
	free(pairs);
}

/* How the send of a skipped head stands to the send shown before it. */
static enum kd_skip_why skip_why(const struct range_facts *f, uint32_t skipped,
				 uint32_t shown)
{
	const struct kd_version *a = &f->versions.v[skipped];
	const struct kd_version *b = &f->versions.v[shown];
	int va = f->sends.send[skipped].version;
	int vb = f->sends.send[shown].version;

	if (a->work != b->work)
		return KD_SKIP_TITLE;
	if (a->kind == KD_SEND_INCOMPLETE)
		return KD_SKIP_INCOMPLETE;
	if (va != vb)
		return va < vb ? KD_SKIP_OLDER : KD_SKIP_NEWER;
	return KD_SKIP_RESEND;
}

/* "title\037work": a title within the versions of one series. */
static const char *work_key(struct kd_buf *key, const char *title,
			    const struct range_facts *f, uint32_t send)
{
	kd_buf_reset(key);
	kd_buf_addf(key, "%s\037%u", title, f->versions.v[send].work);
	return key->buf;
}

static uint32_t send_of_head(const struct range_facts *f,
			     const struct kd_head *h)
{
	return f->sends.of_patch[f->m->mail[h->order].patch];
}

/*
 * The heads of every send (cover letter, first patch, single patch),
 * send by send in the order each was last active, a title shown already
 * shown as a skip, saying why.
 */
static void finish_heads(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	struct kd_strmap shown = KD_STRMAP_INIT, rows = KD_STRMAP_INIT;
	struct kd_strmap of_work = KD_STRMAP_INIT;
	struct kd_buf key = KD_BUF_INIT;
	size_t i, j, k, alloc = 0;

	for (i = 0; i < f->sends.nr; i++) {
		const struct kd_send *s = &f->sends.send[i];
		size_t r = row_of_send(f, (uint32_t)i);

		for (j = 0; j < s->nr && r != KD_SERIES_NONE; j++)
			if (m->patches[s->patches[j]].head)
				add_head(d, m, s->patches[j], r, s->newest,
					 &alloc);
	}
	/* each address to its row of the (sorted) contributors table */
	for (i = 0; i < d->nr_contributors; i++)
		kd_strmap_put(&rows, d->contributors[i].key, i);
	KD_QSORT(d->heads, d->nr_heads, head_cmp);
	for (i = 0; i < d->nr_heads; i++) {
		struct kd_head *h = &d->heads[i];
		uint32_t send = send_of_head(f, h);

		j = kd_strmap_put(&shown, h->title, i);
		k = kd_strmap_put(&of_work, work_key(&key, h->title, f, send), i);
		if (j != i) {
			/* said of the first head of its own series, if any */
			if (k != i)
				j = k;
			h->existing = d->heads[j].subject;
			h->why = skip_why(f, send, send_of_head(f, &d->heads[j]));
		}
		fill_names(d, &rows, &h->author);
		fill_names(d, &rows, &h->sender);
	}
	for (i = 0; i < d->nr_series; i++)
		fill_names(d, &rows, &d->series[i].author);
	kd_strmap_release(&shown);
	kd_strmap_release(&rows);
	kd_strmap_release(&of_work);
	kd_buf_release(&key);
}

/*
 * Drop the rows that narrowing does not keep, renumbering the others in
 * their order.
 */
static void narrow_rows(struct kd_digest *d, struct range_facts *f,
			struct kd_narrow *n)
{
	uint32_t *renumber = kd_malloc((d->nr_series + 1) * sizeof(*renumber));
	struct kd_buf what = KD_BUF_INIT;
	size_t r, kept = 0, i;

	for (r = 0; r < d->nr_series; r++) {
		struct kd_series *row = &d->series[r];

		if (!kd_narrow_keeps(n, row->subsystem, row->author.name,
				     row->author.email)) {
			release_series(row);
			renumber[r] = KD_SERIES_NONE;
			continue;
		}
		renumber[r] = (uint32_t)kept;
		f->shown[kept] = f->shown[r];
		d->series[kept++] = *row;
	}
	for (i = 0; i < f->versions.nr; i++)
		if (f->row_of_work[i] != KD_SERIES_NONE)
			f->row_of_work[i] = renumber[f->row_of_work[i]];
	d->nr_series = kept;
	free(renumber);
	kd_narrow_describe(&what, n);
	d->narrowed = kd_buf_detach(&what, NULL);
}

/*
 * The patch mails of the rows kept, counted for the tables; narrowed, the
 * digest's counts are of what it kept: these patch mails and the replies
 * to their series.
 */
static void count_kept(struct builder *b, const struct range_facts *f)
{
	const struct kd_mails *m = &b->mails;
	struct kd_digest *d = b->d;
	size_t i, kept = 0;

	b->contributions = kd_calloc(kd_people_count(&m->authors),
				     sizeof(*b->contributions));
	for (i = 0; i < m->nr_patches; i++) {
		if (row_of_send(f, f->sends.of_patch[i]) == KD_SERIES_NONE)
			continue;
		count_contributor(b, &m->patches[i],
				  m->mail[m->patches[i].mail].date);
		kept++;
	}
	if (!d->narrowed)
		return;
	d->patches = kept;
	d->replies = 0;
	for (i = 0; i < d->nr_series; i++)
		d->replies += d->series[i].replies;
	d->other = 0;
	d->messages = d->patches + d->replies;
}

/* The row of a send; KD_SERIES_NONE for none or one narrowed away. */
static size_t row_of(const struct range_facts *f, uint32_t send)
{
	return send == KD_SERIES_NONE ? KD_SERIES_NONE : row_of_send(f, send);
}

static void person_mailbox(struct kd_mailbox *out, const struct kd_people *p,
			   uint32_t id)
{
	out->name = kd_strdup(kd_people_name(p, id));
	out->email = kd_strdup(kd_people_email(p, id));
}

/* What happened to each row's send: reviews, replies, pings, acceptance. */
static void fill_reviews(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	size_t i, r;
	int k;

	for (r = 0; r < d->nr_series; r++) {
		struct kd_series *row = &d->series[r];
		const struct kd_send_review *sr = &f->reviews.send[f->shown[r]];

		for (k = 0; k < KD_TRAILER_KINDS; k++) {
			row->reviews[k] = kd_calloc(sr->nr[k] + 1,
						    sizeof(*row->reviews[k]));
			for (i = 0; i < sr->nr[k]; i++)
				person_mailbox(&row->reviews[k][i],
					       &m->reviewers, sr->people[k][i]);
			row->nr_reviews[k] = sr->nr[k];
		}
		row->patches_reviewed = sr->patches_reviewed;
		row->unreviewed = !sr->replies_by_others;
		row->pings = sr->pings;
	}
	for (i = 0; i < f->sends.nr; i++) {
		r = row_of(f, (uint32_t)i);
		if (r != KD_SERIES_NONE && f->reviews.send[i].accepted)
			d->series[r].applied = 1;
	}
}

static int reviewer_cmp(const void *va, const void *vb)
{
	const struct kd_reviewer *a = va, *b = vb;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = strcasecmp(a->name, b->name)) || (c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->email, b->email);
}

/*
 * The reviewer tables: trailers given in replies (each address and kind
 * once a reply), bots kept out, by person, by the domain of the address
 * and by its organisation; narrowed, those given to the series kept.
 */
static void finish_reviewers(struct builder *b, const struct range_facts *f)
{
	const struct kd_mails *m = &b->mails;
	struct kd_digest *d = b->d;
	struct tally domains = TALLY_INIT(d->reviewer_domains,
					  d->nr_reviewer_domains);
	struct tally orgs = TALLY_INIT(d->reviewer_orgs, d->nr_reviewer_orgs);
	uint32_t n = kd_people_count(&m->reviewers), i;
	struct kd_reviewer *by = kd_calloc(n + 1, sizeof(*by));

	for (i = 0; i < m->nr_trailers; i++) {
		const struct kd_mail_trailer *t = &m->trailers[i];

		if (t->bot || (d->narrowed &&
			       row_of(f, f->reviews.trailer_send[i]) ==
				       KD_SERIES_NONE))
			continue;
		by[t->person].count++;
		by[t->person].given[t->kind]++;
		count_domain(&domains, &orgs, b->ids,
			     kd_people_email(&m->reviewers, t->person),
			     m->mail[t->mail].date);
	}
	d->reviewers = kd_calloc(n + 1, sizeof(*d->reviewers));
	for (i = 0; i < n; i++) {
		if (!by[i].count)
			continue;
		by[i].name = kd_strdup(kd_people_name(&m->reviewers, i));
		by[i].email = kd_strdup(kd_people_email(&m->reviewers, i));
		d->reviewers[d->nr_reviewers++] = by[i];
	}
	free(by);
	KD_QSORT(d->reviewers, d->nr_reviewers, reviewer_cmp);
	KD_QSORT(d->reviewer_domains, d->nr_reviewer_domains, count_cmp);
	KD_QSORT(d->reviewer_orgs, d->nr_reviewer_orgs, count_only_cmp);
	kd_strmap_release(&domains.map);
	kd_strmap_release(&orgs.map);
}

/* The acceptances, in the range's order, each with the series it answers. */
static void finish_applied(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	size_t i, k;

	d->applied = kd_calloc(m->nr_acceptances + 1, sizeof(*d->applied));
	for (i = 0; i < m->nr_acceptances; i++) {
		const struct kd_mail_acceptance *a = &m->acceptances[i];
		const struct kd_mail *mail = &m->mail[a->mail];
		size_t r = row_of(f, f->reviews.acceptance_send[i]);
		struct kd_applied *out;

		if (d->narrowed && r == KD_SERIES_NONE)
			continue;
		out = &d->applied[d->nr_applied++];
		out->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
		out->subject = kd_strdup(kd_subject_unreplied(
			kd_mails_text(m, mail->subject)));
		person_mailbox(&out->by, &m->senders, mail->sender);
		out->tree = a->tree == KD_MAILS_NONE
				    ? NULL
				    : kd_strdup(kd_mails_text(m, a->tree));
		out->commits = kd_calloc(a->nr_commits + 1,
					 sizeof(*out->commits));
		for (k = 0; k < a->nr_commits; k++)
			out->commits[k] = kd_strdup(
				kd_mails_text(m, m->strings[a->commits + k]));
		out->nr_commits = a->nr_commits;
		if (r != KD_SERIES_NONE) {
			out->series = kd_strdup(d->series[r].message_id);
			out->row = r;
		}
	}
}

/* The patch mails that fix something or go to stable, in range order. */
static void finish_fixes(struct kd_digest *d, const struct range_facts *f)
{
	const struct kd_mails *m = f->m;
	size_t i, k, n = 0;

	for (i = 0; i < m->nr_patches; i++)
		if (m->patches[i].nr_fixes || m->patches[i].stable)
			n++;
	d->fixes = kd_calloc(n + 1, sizeof(*d->fixes));
	for (i = 0; i < m->nr_patches; i++) {
		const struct kd_patch_mail *p = &m->patches[i];
		const struct kd_mail *mail = &m->mail[p->mail];
		size_t r = row_of(f, f->sends.of_patch[i]);
		struct kd_fixing *fix;

		if ((!p->nr_fixes && !p->stable) || r == KD_SERIES_NONE)
			continue;
		fix = &d->fixes[d->nr_fixes++];
		fix->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
		fix->subject = kd_strdup(kd_mails_text(m, mail->subject));
		mailbox(&fix->author, m, p->author_name, p->author_email);
		fix->fixes = kd_calloc(p->nr_fixes + 1, sizeof(*fix->fixes));
		for (k = 0; k < p->nr_fixes; k++) {
			const struct kd_mail_fix *mf = &m->fixes[p->fixes + k];
			fix->fixes[k].commit =
				kd_strdup(kd_mails_text(m, mf->commit));
			if (mf->subject != KD_MAILS_NONE)
				fix->fixes[k].subject = kd_strdup(
					kd_mails_text(m, mf->subject));
		}
		fix->nr_fixes = p->nr_fixes;
		fix->stable = p->stable;
		fix->row = r;
	}
}

/* The pull requests; a narrowed digest has none (they are no series). */
static void finish_pulls(struct kd_digest *d, const struct kd_mails *m)
{
	size_t i;

	if (d->narrowed)
		return;
	d->pulls = kd_calloc(m->nr_pulls + 1, sizeof(*d->pulls));
	for (i = 0; i < m->nr_pulls; i++) {
		const struct kd_mail_pull *p = &m->pulls[i];
		const struct kd_mail *mail = &m->mail[p->mail];
		struct kd_pull_request *out = &d->pulls[d->nr_pulls++];

		out->message_id = kd_strdup(kd_intern_str(&m->ids, mail->id));
		out->subject = kd_strdup(kd_mails_text(m, mail->subject));
		person_mailbox(&out->from, &m->senders, mail->sender);
		if (p->url != KD_MAILS_NONE)
			out->url = kd_strdup(kd_mails_text(m, p->url));
		if (p->ref != KD_MAILS_NONE)
			out->ref = kd_strdup(kd_mails_text(m, p->ref));
	}
}

/* The patch list: a row a work, made of the send it shows. */
static void finish_series(struct builder *b, struct range_facts *f,
			  const struct kd_digest_options *opts)
{
	struct kd_digest *d = b->d;
	const struct kd_mails *m = f->m;
	size_t r;

	d->nr_series = make_rows(f);
	d->series = kd_calloc(d->nr_series + 1, sizeof(*d->series));
	for (r = 0; r < d->nr_series; r++) {
		struct kd_series *row = &d->series[r];
		const struct kd_send *s = &f->sends.send[f->shown[r]];
		const struct kd_mail *head = &m->mail[m->patches[s->head].mail];

		fill_series(row, m, s, opts->subsystems);
		row->date = head->date;
		row->tz = head->tz;
		row->kind = f->versions.v[f->shown[r]].kind;
		fill_previous(row, f, r);
	}
	fill_message_ids(d, f);
	if (opts->narrow)
		narrow_rows(d, f, opts->narrow);
	fill_replies(d, f);
	fill_reviews(d, f);
	for (r = 0; r < d->nr_series; r++) {
		d->by_kind[d->series[r].kind]++;
		if (d->series[r].nr_reviews[KD_TRAILER_REVIEWED])
			d->reviewed++;
	}
	count_kept(b, f);
	finish_contributors(b);
	finish_reviewers(b, f);
	finish_applied(d, f);
	finish_fixes(d, f);
	finish_pulls(d, m);
	finish_heads(d, f);
}

static int has_subsystem(const struct kd_digest *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nr_series; i++)
		if (!strcmp(d->series[i].subsystem, name))
			return 1;
	return 0;
}

static void finish_groups(struct kd_digest *d, const struct kd_subsystems *subs)
{
	size_t i, n = subs ? kd_subsystems_count(subs) : 0;

	if (!n)
		return;
	d->groups = kd_calloc(n + 1, sizeof(*d->groups));
	for (i = 0; i < n; i++) {
		const char *name = kd_subsystems_name(subs, i);
		if (has_subsystem(d, name))
			d->groups[d->nr_groups++] = name;
	}
	if (has_subsystem(d, KD_SUBSYSTEM_OTHER))
		d->groups[d->nr_groups++] = KD_SUBSYSTEM_OTHER;
}


/*
 * Which mail each mail answers (`*up`, thread.h's), and which patch mail
 * its thread answers (itself for a patch mail): both the caller's.
 */
static uint32_t *thread_answers(const struct kd_mails *m, uint32_t **out_up)
{
	struct kd_thread_msg *msgs = kd_malloc((m->nr + 1) * sizeof(*msgs));
	uint32_t *up = kd_malloc((m->nr + 1) * sizeof(*up));
	uint32_t *answers = kd_malloc((m->nr + 1) * sizeof(*answers));
	unsigned char *patch = kd_malloc(m->nr + 1);
	size_t i;

	for (i = 0; i < m->nr; i++) {
		msgs[i].id = m->mail[i].id;
		msgs[i].parent = m->mail[i].parent;
		msgs[i].refs = m->mail[i].refs;
		msgs[i].nr_refs = m->mail[i].nr_refs;
		patch[i] = m->mail[i].patch != KD_MAILS_NONE;
	}
	kd_thread_link(up, msgs, m->nr, m->refs, m->ids.nr);
	kd_thread_nearest(answers, up, patch, m->nr);
	free(msgs);
	free(patch);
	*out_up = up;
	return answers;
}

/*
 * The excerpts of the heads shown: the one a title the range kept
 * (mails.h), else read again from its blob.  Skipped heads have none.
 */
static int read_excerpts(struct kd_digest *d, const struct kd_mails *m,
			 const struct kd_inbox *ib,
			 const struct kd_digest_options *opts)
{
	struct kd_entry *e;
	struct kd_read *rd;
	size_t *head;
	struct kd_reader *reader = NULL;
	size_t i, n = 0;
	int err = 0;

	for (i = 0; i < d->nr_heads; i++) {
		struct kd_head *h = &d->heads[i];
		const struct kd_mail *mail = &m->mail[h->order];
		const struct kd_patch_mail *p = &m->patches[mail->patch];

		if (h->existing || p->excerpt)
			h->body = kd_strdup(h->existing ? "" : p->excerpt);
		else
			n++;
	}
	/* those to read again: few, often none */
	e = kd_calloc(n + 1, sizeof(*e));
	rd = kd_calloc(n + 1, sizeof(*rd));
	head = kd_calloc(n + 1, sizeof(*head));
	for (i = 0, n = 0; i < d->nr_heads; i++) {
		struct kd_head *h = &d->heads[i];
		const struct kd_mail *mail = &m->mail[h->order];
		const struct kd_patch_mail *p = &m->patches[mail->patch];

		if (h->body)
			continue;
		git_oid_cpy(&e[n].commit, &mail->commit);
		git_oid_cpy(&e[n].blob, &p->blob);
		e[n].epoch = p->epoch;
		rd[n].msg = (struct kd_message)KD_MESSAGE_INIT;
		rd[n].want = 1;
		head[n++] = i;
	}
	if (n && !(err = kd_reader_new(&reader, ib, opts->threads))) {
		kd_reader_start(reader, e, rd, n);
		err = kd_reader_wait(reader);
		kd_reader_free(reader);
	}
	for (i = 0; i < n; i++) {
		struct kd_head *h = &d->heads[head[i]];

		if (!err && rd[i].msg.excerpt) {
			h->body = rd[i].msg.excerpt;
			rd[i].msg.excerpt = NULL;
		} else {
			h->body = kd_strdup("");
		}
		kd_message_release(&rd[i].msg);
	}
	free(e);
	free(rd);
	free(head);
	return err;
}

/* Threads, series, versions: what the mails of the range make together. */
static int finish(struct builder *b, const struct kd_inbox *ib,
		  const struct kd_range *r,
		  const struct kd_digest_options *opts)
{
	struct range_facts f;
	uint32_t *up;
	int err = 0;

	memset(&f, 0, sizeof(f));
	f.m = &b->mails;
	f.answers = thread_answers(f.m, &up);
	kd_sends_group(&f.sends, f.m, up);
	free(up);
	if (opts->lookback > 0 && r->has_from)
		err = kd_history_new(&f.history, ib, r,
				     b->d->first_arrival - opts->lookback, b->ids);
	if (!err) {
		kd_versions_find(&f.versions, f.m, &f.sends, f.answers,
				 f.history);
		kd_reviews_build(&f.reviews, f.m, &f.sends, f.answers);
		finish_series(b, &f, opts);
		err = read_excerpts(b->d, f.m, ib, opts);
	}
	kd_versions_release(&f.versions);
	kd_reviews_release(&f.reviews);
	kd_history_free(f.history);
	kd_sends_release(&f.sends);
	free(f.answers);
	free(f.row_of_work);
	free(f.shown);
	return err;
}

int kd_digest_build(struct kd_digest *d, const struct kd_inbox *ib,
		    const struct kd_range *r,
		    const struct kd_digest_options *opts)
{
	struct builder b;
	int err;

	memset(d, 0, sizeof(*d));
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.ids = opts->ids;
	b.domains = (struct tally)TALLY_INIT(d->domains, d->nr_domains);
	b.orgs = (struct tally)TALLY_INIT(d->orgs, d->nr_orgs);
	b.bots = (struct tally)TALLY_INIT(d->bots, d->nr_bots);
	kd_mails_init(&b.mails, opts->ids);
	d->range = *r;
	d->list_name = opts->list_name;
	kd_inbox_abbrev(d->to_abbrev, ib, r->to_epoch, &r->to, opts->abbrev);
	if (r->has_from)
		kd_inbox_abbrev(d->from_abbrev, ib, r->from_epoch, &r->from,
				opts->abbrev);

	err = read_range(&b, ib, r, opts);
	if (d->commits)
		kd_inbox_abbrev(d->first_abbrev, ib, b.oldest_epoch, &b.oldest,
				opts->abbrev);

	if (!err)
		err = finish(&b, ib, r, opts);
	KD_QSORT(d->orgs, d->nr_orgs, count_only_cmp);
	KD_QSORT(d->bots, d->nr_bots, count_cmp);
	d->has_orgs = b.ids && kd_identities_has_orgs(b.ids);
	finish_groups(d, opts->subsystems);
	kd_strmap_release(&b.domains.map);
	kd_strmap_release(&b.orgs.map);
	kd_strmap_release(&b.bots.map);
	free(b.contributions);
	kd_mails_release(&b.mails);
	if (err)
		kd_digest_release(d);
	return err;
}

void kd_digest_release(struct kd_digest *d)
{
	size_t i;

	release_counts(d->contributors, d->nr_contributors);
	release_counts(d->domains, d->nr_domains);
	release_counts(d->orgs, d->nr_orgs);
	release_counts(d->bots, d->nr_bots);
	for (i = 0; i < d->nr_series; i++)
		release_series(&d->series[i]);
	free(d->series);
	release_reviews(d);
	for (i = 0; i < d->nr_heads; i++) {
		struct kd_head *h = &d->heads[i];
		free(h->title);
		free(h->subject);
		free(h->message_id);
		free(h->body);
		kd_mailbox_release(&h->author);
		kd_mailbox_release(&h->sender);
	}
	free(d->heads);
	free(d->groups);
	free(d->narrowed);
	memset(d, 0, sizeof(*d));
}
