/*
 * Counting a range: contributors, domains, series and their heads.
 */
#include "digest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "error.h"
#include "message.h"
#include "reader.h"
#include "patchbody.h"
#include "strmap.h"

/* A contributor while counting: every name the address used, and how often. */
struct contributor {
	char *email;
	char *fixed_name; /* the configuration's name for it, if any */
	size_t count;
	char **names;
	size_t *uses;
	size_t nr_names, alloc_names, alloc_uses;
};

struct builder {
	struct kd_digest *d;
	struct contributor *people;
	size_t nr_people, alloc_people;
	struct kd_strmap people_map;
	size_t alloc_domains;
	struct kd_strmap domain_map;
	size_t alloc_series;
	struct kd_strmap series_map;
	size_t *series_order; /* per series: the position of its newest mail */
	size_t alloc_heads;
	struct kd_strmap patch_ids;
	size_t order;          /* position in the range of the next mail */
	git_oid oldest;        /* the last commit taken */
	int trust_checked;     /* mails whose commit was checked against them */
	int distrust;          /* a commit said otherwise than its mail */
	const struct kd_identities *ids;
	size_t alloc_orgs, alloc_bots;
	struct kd_strmap org_map, bot_map;
};

static void contributor_add_name(struct contributor *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr_names; i++)
		if (!strcmp(p->names[i], name)) {
			p->uses[i]++;
			return;
		}
	KD_ALLOC_GROW(p->names, p->nr_names + 1, p->alloc_names);
	KD_ALLOC_GROW(p->uses, p->nr_names + 1, p->alloc_uses);
	p->names[p->nr_names] = kd_strdup(name);
	p->uses[p->nr_names++] = 1;
}

/*
 * The name configured for an address, else the name it used most; a tie
 * goes to the name seen first.
 */
static const char *contributor_name(const struct contributor *p)
{
	const char *best = "";
	size_t i, uses = 0;

	if (p->fixed_name)
		return p->fixed_name;
	for (i = 0; i < p->nr_names; i++)
		if (*p->names[i] && p->uses[i] > uses) {
			best = p->names[i];
			uses = p->uses[i];
		}
	return best;
}

static size_t count_row(struct kd_strmap *map, struct kd_count **rows,
			size_t *nr, size_t *alloc, const char *key,
			const char *name)
{
	size_t i = kd_strmap_put(map, key, *nr);

	if (i == *nr) {
		KD_ALLOC_GROW(*rows, *nr + 1, *alloc);
		(*rows)[i].key = kd_strdup(key);
		(*rows)[i].name = name ? kd_strdup(name) : NULL;
		(*rows)[i].count = 0;
		(*nr)++;
	}
	(*rows)[i].count++;
	return i;
}

/*
 * A patch mail, for its author: folded by the configuration, then counted
 * for the person, for the domain of the address it came from and for that
 * domain's organisation; or, for a bot, apart.
 */
static void count_contributor(struct builder *b, const struct kd_mailbox *a,
			      int64_t when)
{
	struct kd_digest *d = b->d;
	const char *name = NULL, *email = a->email, *domain, *at, *org;
	size_t i;

	if (b->ids) {
		kd_identities_resolve(b->ids, a->name, a->email, &name, &email);
		if (kd_identities_is_bot(b->ids, name ? name : a->name, email)) {
			d->bot_patches++;
			count_row(&b->bot_map, &d->bots, &d->nr_bots,
				  &b->alloc_bots, email, name ? name : a->name);
			return;
		}
	}

	i = kd_strmap_put(&b->people_map, email, b->nr_people);
	if (i == b->nr_people) {
		KD_ALLOC_GROW(b->people, b->nr_people + 1, b->alloc_people);
		memset(&b->people[i], 0, sizeof(b->people[i]));
		b->people[i].email = kd_strdup(email);
		if (name)
			b->people[i].fixed_name = kd_strdup(name);
		b->nr_people++;
	}
	b->people[i].count++;
	contributor_add_name(&b->people[i], a->name);

	/*
	 * The domain is the one the mail came from, not the person's folded
	 * address: work done at a former employer stays counted for it.
	 */
	at = strrchr(a->email, '@');
	domain = at ? at + 1 : "";
	if (b->ids)
		domain = kd_identities_domain(b->ids, a->email);
	count_row(&b->domain_map, &d->domains, &d->nr_domains,
		  &b->alloc_domains, domain, NULL);

	if (b->ids && (org = kd_identities_org(b->ids, domain, when)))
		count_row(&b->org_map, &d->orgs, &d->nr_orgs, &b->alloc_orgs,
			  org, NULL);
}

/*
 * Which series a patch mail belongs to.  git send-email and b4 send every
 * patch of a series in the thread of its cover letter (or of its first
 * patch), so the first message of the thread, with sender, version and
 * total, names the series.
 */
static void series_key(struct kd_buf *key, const struct kd_message *m)
{
	const struct kd_subject *s = &m->subj;
	const char *root = *m->thread_root ? m->thread_root : m->message_id;

	if (s->total < 0) {
		kd_buf_addf(key, "single\037%s\037%s", m->message_id,
			    m->subject);
		return;
	}
	kd_buf_addf(key, "%s\037%d\037%d\037%d\037%s", m->sender.email,
		    s->version, s->total, s->rfc, root);
}

static void series_add_subject(struct kd_series *s, const char *subject,
			       int index)
{
	size_t i;

	KD_ALLOC_GROW(s->subjects, s->nr_subjects + 1, s->alloc_subjects);
	s->indexes = kd_realloc(s->indexes, s->alloc_subjects *
						    sizeof(*s->indexes));
	i = s->nr_subjects++;
	while (i > 0 && s->indexes[i - 1] > index) {
		s->subjects[i] = s->subjects[i - 1];
		s->indexes[i] = s->indexes[i - 1];
		i--;
	}
	s->subjects[i] = kd_strdup(subject);
	s->indexes[i] = index;
}

/* Paths touched by a series, each once; as many as one body may name. */
static void add_paths(struct kd_buf *paths, size_t *nr, const char *add)
{
	struct kd_buf needle = KD_BUF_INIT;
	const char *p, *nl;

	for (p = add; p && *p && *nr < KD_PATCH_PATHS_MAX; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		kd_buf_reset(&needle);
		kd_buf_addch(&needle, '\n');
		kd_buf_add(&needle, p, (size_t)(nl - p) + 1);
		if (!paths->len)
			kd_buf_addch(paths, '\n');
		if (strstr(paths->buf, needle.buf))
			continue;
		kd_buf_add(paths, needle.buf + 1, needle.len - 1);
		(*nr)++;
	}
	kd_buf_release(&needle);
}

static size_t add_to_series(struct builder *b, const struct kd_message *m,
			    size_t order)
{
	struct kd_digest *d = b->d;
	const struct kd_subject *subj = &m->subj;
	struct kd_buf key = KD_BUF_INIT;
	struct kd_series *s;
	size_t i;

	series_key(&key, m);
	i = kd_strmap_put(&b->series_map, key.buf, d->nr_series);
	kd_buf_release(&key);
	if (i == d->nr_series) {
		size_t alloc = b->alloc_series;
		KD_ALLOC_GROW(d->series, d->nr_series + 1, b->alloc_series);
		if (alloc != b->alloc_series)
			b->series_order = kd_realloc(
				b->series_order,
				b->alloc_series * sizeof(*b->series_order));
		s = &d->series[i];
		memset(s, 0, sizeof(*s));
		s->version = subj->version;
		s->total = subj->total;
		s->rfc = subj->rfc;
		s->best = KD_SERIES_BEST_NONE;
		kd_buf_init(&s->paths, 0);
		kd_buf_init(&s->cover_paths, 0);
		b->series_order[i] = order;
		d->nr_series++;
	}
	s = &d->series[i];
	series_add_subject(s, m->subject, subj->index);
	if (subj->index == 0)
		add_paths(&s->cover_paths, &s->nr_cover_paths, m->paths);
	else
		add_paths(&s->paths, &s->nr_paths, m->paths);
	if (subj->index == 0)
		s->has_cover = 1;
	else
		s->received++;
	if (subj->resend)
		s->resend = 1;
	/* the cover letter names the series, else its lowest patch */
	if (s->best == KD_SERIES_BEST_NONE ||
	    (subj->index >= 0 && subj->index < s->best)) {
		free(s->title);
		free(s->subject);
		free(s->message_id);
		free(s->prefixes);
		kd_mailbox_release(&s->author);
		s->title = kd_strdup(subj->title);
		s->message_id = kd_strdup(m->message_id);
		s->subject = kd_strdup(m->subject);
		s->prefixes = kd_strdup(subj->prefixes);
		s->author.name = kd_strdup(m->author.name);
		s->author.email = kd_strdup(m->author.email);
		s->best = subj->index;
	}
	return i;
}

static void add_head(struct builder *b, struct kd_message *m,
		     const struct kd_entry *e, size_t series, size_t order)
{
	struct kd_digest *d = b->d;
	struct kd_head *h;

	KD_ALLOC_GROW(d->heads, d->nr_heads + 1, b->alloc_heads);
	h = &d->heads[d->nr_heads++];
	memset(h, 0, sizeof(*h));
	h->title = kd_strdup(m->subj.title);
	h->subject = kd_strdup(m->subject);
	h->kind = m->subj.index == 0	? KD_HEAD_COVER
		  : m->subj.index == 1 ? KD_HEAD_FIRST
				       : KD_HEAD_SINGLE;
	h->message_id = kd_strdup(m->message_id);
	git_oid_cpy(&h->commit, &e->commit);
	if (m->has_date) {
		h->date = m->date;
		h->tz = m->tz;
	} else {
		h->date = e->time;
		h->tz = e->tz;
	}
	h->author = m->author;
	h->sender = m->sender;
	m->author.name = m->author.email = NULL;
	m->sender.name = m->sender.email = NULL;
	h->body = m->excerpt ? m->excerpt : kd_strdup("");
	m->excerpt = NULL;
	h->series = series;
	h->series_order = b->series_order[series];
	h->order = order;
}

static void add_message(struct builder *b, const struct kd_entry *e,
			struct kd_message *m, size_t order)
{
	struct kd_digest *d = b->d;
	size_t series;

	d->messages++;
	if (m->truncated)
		d->truncated++;
	if (m->subj.is_reply) {
		d->replies++;
		return;
	}
	if (!m->subj.is_patch) {
		d->other++;
		return;
	}
	/* Message-ID -> the number of the patch mail that first had it */
	if (*m->message_id && kd_strmap_put(&b->patch_ids, m->message_id,
					    d->patches) != d->patches) {
		d->duplicates++;
		return;
	}
	d->patches++;
	count_contributor(b, &m->author, m->has_date ? m->date : e->time);
	series = add_to_series(b, m, order);
	if (kd_subject_is_head(&m->subj))
		add_head(b, m, e, series, order);
}

/*
 * What the commit says of the mail, without reading it.  public-inbox
 * makes the commit message of the raw Subject field, so when the field
 * holds no encoded word, the commit tells a reply or an "other" mail from
 * a patch as well as the mail would: those need not be read at all.
 * Returns 1 and fills `out` when the commit can be trusted to say.
 */
static int commit_subject(struct kd_subject *out, const struct kd_entry *e)
{
	struct kd_buf line = KD_BUF_INIT;
	const char *p;

	if (!e->has_author || !e->subject || strstr(e->subject, "=?"))
		return 0;
	/* unfold, as the Subject field is unfolded: line breaks go */
	for (p = e->subject; *p; p++) {
		if (*p == '\n' && (p[1] == ' ' || p[1] == '\t'))
			continue;
		if (*p == '\n')
			break;
		kd_buf_addch(&line, *p);
	}
	kd_subject_parse(out, line.buf);
	kd_buf_release(&line);
	return 1;
}

/*
 * The first batch of a range is read whole, and the commits' word checked
 * against the mail's: only an archive whose commits agree with their mail
 * has its replies and other mail skipped.
 */
#define TRUST_SAMPLE 64

static void check_trust(struct builder *b, const struct kd_entry *e,
			const struct kd_read *rd)
{
	struct kd_subject s = KD_SUBJECT_INIT;

	if (b->trust_checked >= TRUST_SAMPLE || e->deleted || rd->empty)
		return;
	b->trust_checked++;
	if (commit_subject(&s, e) && (s.is_reply != rd->msg.subj.is_reply ||
				      s.is_patch != rd->msg.subj.is_patch))
		b->distrust = 1;
	kd_subject_release(&s);
}

/* Which entries of a batch must be read. */
static void plan_batch(struct builder *b, const struct kd_entry *e,
		       struct kd_read *rd, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct kd_subject s = KD_SUBJECT_INIT;

		memset(&rd[i], 0, sizeof(rd[i]));
		rd[i].msg = (struct kd_message)KD_MESSAGE_INIT;
		if (e[i].deleted)
			continue;
		rd[i].want = 1;
		if (b->trust_checked < TRUST_SAMPLE || b->distrust)
			continue;
		if (commit_subject(&s, &e[i]) && !s.is_patch) {
			rd[i].want = 0;
			rd[i].reply = s.is_reply;
		}
		kd_subject_release(&s);
	}
}

/* Take a read batch into the digest, in the range's order. */
static void take_batch(struct builder *b, const struct kd_entry *e,
		       struct kd_read *rd, size_t n)
{
	struct kd_digest *d = b->d;
	size_t i;

	for (i = 0; i < n; i++, b->order++) {
		d->commits++;
		if (e[i].deleted || rd[i].empty) {
			/* public-inbox-purge leaves an empty `m` where mail was */
			d->deleted++;
		} else if (!rd[i].want) {
			d->messages++;
			if (rd[i].reply)
				d->replies++;
			else
				d->other++;
		} else {
			check_trust(b, &e[i], &rd[i]);
			add_message(b, &e[i], &rd[i].msg, b->order);
		}
		kd_message_release(&rd[i].msg);
	}
}

#define BATCH 2048

/*
 * The range, a batch at a time: while the reader's threads read and parse
 * one batch, this thread walks the next; then the batch is counted, in
 * order.
 */
static int read_range(struct builder *b, git_repository *repo,
		      const struct kd_range *r,
		      const struct kd_digest_options *opts)
{
	struct kd_entry *e[2];
	struct kd_read *rd[2];
	struct kd_walk *walk = NULL;
	struct kd_reader *reader = NULL;
	size_t total = 0, done = 0;
	int n[2] = { 0, 0 }, cur = 0, err, i;

	if (opts->progress && (err = kd_walk_count(&total, repo, r)))
		return err;
	if ((err = kd_walk_new(&walk, repo, r)) ||
	    (err = kd_reader_new(&reader, repo, opts->threads))) {
		kd_walk_free(walk);
		return err;
	}
	for (i = 0; i < 2; i++) {
		e[i] = kd_calloc(BATCH, sizeof(*e[i]));
		rd[i] = kd_calloc(BATCH, sizeof(*rd[i]));
	}

	/* a first batch just large enough to settle trust, read whole */
	n[cur] = kd_walk_next(walk, e[cur], TRUST_SAMPLE);
	if (n[cur] > 0) {
		plan_batch(b, e[cur], rd[cur], (size_t)n[cur]);
		kd_reader_start(reader, e[cur], rd[cur], (size_t)n[cur]);
	}
	while (n[cur] > 0) {
		int next = !cur;

		n[next] = kd_walk_next(walk, e[next], BATCH);
		err = kd_reader_wait(reader);
		if (!err) {
			take_batch(b, e[cur], rd[cur], (size_t)n[cur]);
			done += (size_t)n[cur];
			if (opts->progress)
				opts->progress(done, total, opts->payload);
			git_oid_cpy(&b->oldest, &e[cur][n[cur] - 1].commit);
		} else {
			for (i = 0; i < n[cur]; i++)
				kd_message_release(&rd[cur][i].msg);
		}
		for (i = 0; i < n[cur]; i++)
			kd_entry_release(&e[cur][i]);
		if (err || n[next] <= 0) {
			for (i = 0; i < n[next]; i++)
				kd_entry_release(&e[next][i]);
			break;
		}
		/* trust is settled by the batch just taken */
		plan_batch(b, e[next], rd[next], (size_t)n[next]);
		kd_reader_start(reader, e[next], rd[next], (size_t)n[next]);
		cur = next;
	}
	if (!err && n[cur] < 0)
		err = n[cur];
	if (!err && n[!cur] < 0)
		err = n[!cur];
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

static void finish_contributors(struct builder *b)
{
	struct kd_digest *d = b->d;
	size_t i, j;

	d->contributors = kd_calloc(b->nr_people, sizeof(*d->contributors));
	for (i = 0; i < b->nr_people; i++) {
		struct contributor *p = &b->people[i];
		d->contributors[i].name = kd_strdup(contributor_name(p));
		d->contributors[i].key = p->email;
		d->contributors[i].count = p->count;
		for (j = 0; j < p->nr_names; j++)
			free(p->names[j]);
		free(p->names);
		free(p->uses);
		free(p->fixed_name);
	}
	d->nr_contributors = b->nr_people;
	free(b->people);
	b->people = NULL;
	KD_QSORT(d->contributors, d->nr_contributors, count_cmp);
	KD_QSORT(d->domains, d->nr_domains, count_cmp);
}

/* A mail with no name in From: is shown under the name counted for it. */
static void fill_names(const struct kd_digest *d, const struct kd_strmap *rows,
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

/*
 * Heads series by series, cover letter first; a title shown already is
 * shown as a skip.
 */
static void finish_heads(struct builder *b)
{
	struct kd_digest *d = b->d;
	struct kd_strmap shown = KD_STRMAP_INIT, rows = KD_STRMAP_INIT;
	size_t i, j;

	/* each address to its row of the (sorted) contributors table */
	for (i = 0; i < d->nr_contributors; i++)
		kd_strmap_put(&rows, d->contributors[i].key, i);

	KD_QSORT(d->heads, d->nr_heads, head_cmp);
	for (i = 0; i < d->nr_heads; i++) {
		struct kd_head *h = &d->heads[i];
		j = kd_strmap_put(&shown, h->title, i);
		if (j != i)
			h->existing = d->heads[j].subject;
		fill_names(d, &rows, &h->author);
		fill_names(d, &rows, &h->sender);
	}
	for (i = 0; i < d->nr_series; i++)
		fill_names(d, &rows, &d->series[i].author);
	kd_strmap_release(&shown);
	kd_strmap_release(&rows);
}

/*
 * Each series' subsystem: by its title, or the paths its patches touch, or
 * where none of its patches is in the range, its cover letter's diffstat.
 */
static void finish_subsystems(struct kd_digest *d,
			      const struct kd_subsystems *subs)
{
	struct kd_buf scratch = KD_BUF_INIT;
	const char **paths = NULL;
	size_t i, alloc = 0;

	for (i = 0; i < d->nr_series; i++) {
		struct kd_series *s = &d->series[i];
		const struct kd_buf *b = s->nr_paths ? &s->paths : &s->cover_paths;
		size_t n = 0;
		char *p;

		if (!subs) {
			s->subsystem = KD_SUBSYSTEM_OTHER;
			continue;
		}
		/* "\npath\npath\n", split into strings */
		kd_buf_reset(&scratch);
		kd_buf_add(&scratch, b->buf, b->len);
		for (p = scratch.buf; (p = strchr(p, '\n')); ) {
			*p++ = '\0';
			if (*p) {
				KD_ALLOC_GROW(paths, n + 1, alloc);
				paths[n++] = p;
			}
		}
		s->subsystem = kd_subsystems_match(subs, s->title, s->prefixes,
						   paths, n);
	}
	free(paths);
	kd_buf_release(&scratch);
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

static int count_only_cmp(const void *va, const void *vb)
{
	const struct kd_count *a = va, *b = vb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->key, b->key);
}

int kd_digest_build(struct kd_digest *d, git_repository *repo,
		    const struct kd_range *r,
		    const struct kd_digest_options *opts)
{
	struct builder b;
	int err;

	memset(d, 0, sizeof(*d));
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.ids = opts->ids;
	d->range = *r;
	d->list_name = opts->list_name;
	kd_abbrev(d->to_abbrev, repo, &r->to, opts->abbrev);
	if (r->has_from)
		kd_abbrev(d->from_abbrev, repo, &r->from, opts->abbrev);

	err = read_range(&b, repo, r, opts);
	if (d->commits)
		kd_abbrev(d->first_abbrev, repo, &b.oldest, opts->abbrev);

	finish_contributors(&b);
	finish_heads(&b);
	finish_subsystems(d, opts->subsystems);
	KD_QSORT(d->orgs, d->nr_orgs, count_only_cmp);
	KD_QSORT(d->bots, d->nr_bots, count_cmp);
	d->has_orgs = b.ids && kd_identities_has_orgs(b.ids);
	finish_groups(d, opts->subsystems);
	kd_strmap_release(&b.people_map);
	kd_strmap_release(&b.domain_map);
	kd_strmap_release(&b.series_map);
	kd_strmap_release(&b.patch_ids);
	kd_strmap_release(&b.org_map);
	kd_strmap_release(&b.bot_map);
	free(b.series_order);
	if (err)
		kd_digest_release(d);
	return err;
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

void kd_digest_release(struct kd_digest *d)
{
	size_t i, j;

	release_counts(d->contributors, d->nr_contributors);
	release_counts(d->domains, d->nr_domains);
	release_counts(d->orgs, d->nr_orgs);
	release_counts(d->bots, d->nr_bots);
	for (i = 0; i < d->nr_series; i++) {
		struct kd_series *s = &d->series[i];
		free(s->title);
		free(s->subject);
		free(s->message_id);
		free(s->prefixes);
		kd_mailbox_release(&s->author);
		for (j = 0; j < s->nr_subjects; j++)
			free(s->subjects[j]);
		free(s->subjects);
		free(s->indexes);
		kd_buf_release(&s->paths);
		kd_buf_release(&s->cover_paths);
	}
	free(d->series);
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
	memset(d, 0, sizeof(*d));
}
