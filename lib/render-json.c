/*
 * The digest as JSON: every row of every table, every series and head,
 * with the ids a script needs to find them again.
 */
#include "render.h"

#include <stdio.h>
#include <time.h>

#include "json.h"

static void oid(struct kd_json *j, const char *key, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	kd_json_string(j, key, hex);
}

static void mailbox(struct kd_json *j, const char *key,
		    const struct kd_mailbox *m)
{
	kd_json_object(j, key);
	kd_json_string(j, "name", m->name);
	kd_json_string(j, "email", m->email);
	kd_json_end_object(j);
}

/* ISO 8601 in the zone the mail was written in: 2026-02-04T19:19:38-08:00 */
static void date(struct kd_json *j, const char *key, int64_t when, int tz)
{
	time_t t = (time_t)(when + (int64_t)tz * 60);
	int a = tz < 0 ? -tz : tz;
	char s[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, tz < 0 ? '-' : '+', a / 60, a % 60);
	kd_json_string(j, key, s);
}

static void range(struct kd_json *j, const struct kd_digest *d)
{
	kd_json_object(j, "range");
	if (d->range.has_from)
		oid(j, "from", &d->range.from);
	else
		kd_json_null(j, "from");
	oid(j, "to", &d->range.to);
	kd_json_int(j, "commits", (int64_t)d->commits);
	kd_json_bool(j, "from_note", d->range.from_note);
	kd_json_bool(j, "diverged", d->range.diverged);
	kd_json_end_object(j);
}

static void counts(struct kd_json *j, const char *key, const char *what,
		   const struct kd_count *c, size_t nr)
{
	size_t i;

	kd_json_array(j, key);
	for (i = 0; i < nr; i++) {
		kd_json_object(j, NULL);
		if (c[i].name)
			kd_json_string(j, "name", c[i].name);
		kd_json_string(j, what, c[i].key);
		kd_json_int(j, "count", (int64_t)c[i].count);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static void previous(struct kd_json *j, const struct kd_series *s)
{
	size_t i;

	kd_json_array(j, "previous");
	for (i = 0; i < s->nr_previous; i++) {
		const struct kd_previous *p = &s->previous[i];
		kd_json_object(j, NULL);
		kd_json_int(j, "version", p->version);
		kd_json_bool(j, "rfc", p->rfc);
		kd_json_string(j, "title", p->title);
		kd_json_string(j, "subject", p->subject);
		kd_json_string(j, "message_id", p->message_id);
		date(j, "date", p->date, p->tz);
		if (git_oid_is_zero(&p->commit))
			kd_json_null(j, "commit");
		else
			oid(j, "commit", &p->commit);
		kd_json_bool(j, "in_range", p->in_range);
		mailbox(j, "author", &p->author);
		kd_json_string(j, "how", kd_found_names[p->how]);
		kd_json_string(j, "kind", kd_send_kind_names[p->kind]);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static const char *const review_keys[KD_TRAILER_KINDS] = {
	"reviewed", "acked", "tested", "nacked"
};

static void reviews(struct kd_json *j, const struct kd_series *s)
{
	size_t i;
	int k;

	kd_json_object(j, "reviews");
	for (k = 0; k < KD_TRAILER_KINDS; k++) {
		kd_json_array(j, review_keys[k]);
		for (i = 0; i < s->nr_reviews[k]; i++)
			mailbox(j, NULL, &s->reviews[k][i]);
		kd_json_end_array(j);
	}
	kd_json_end_object(j);
	kd_json_int(j, "patches_reviewed", (int64_t)s->patches_reviewed);
	kd_json_bool(j, "applied", s->applied);
	kd_json_bool(j, "unreviewed", s->unreviewed);
	kd_json_int(j, "pings", (int64_t)s->pings);
}

static void series(struct kd_json *j, const struct kd_digest *d)
{
	size_t i, k;

	kd_json_array(j, "series");
	for (i = 0; i < d->nr_series; i++) {
		const struct kd_series *s = &d->series[i];
		kd_json_object(j, NULL);
		kd_json_string(j, "title", s->title);
		kd_json_string(j, "subject", s->subject);
		kd_json_string(j, "message_id", s->message_id);
		kd_json_int(j, "version", s->version);
		if (s->total < 0)
			kd_json_null(j, "total");
		else
			kd_json_int(j, "total", s->total);
		kd_json_bool(j, "rfc", s->rfc);
		kd_json_bool(j, "resend", s->resend);
		kd_json_string(j, "prefixes", s->prefixes);
		kd_json_bool(j, "cover", s->has_cover);
		kd_json_string(j, "subsystem", s->subsystem);
		kd_json_int(j, "received", (int64_t)s->received);
		mailbox(j, "author", &s->author);
		kd_json_array(j, "subjects");
		for (k = 0; k < s->nr_subjects; k++)
			kd_json_string(j, NULL, s->subjects[k]);
		kd_json_end_array(j);
		kd_json_string(j, "kind", kd_send_kind_names[s->kind]);
		date(j, "date", s->date, s->tz);
		kd_json_array(j, "message_ids");
		for (k = 0; k < s->nr_message_ids; k++)
			kd_json_string(j, NULL, s->message_ids[k]);
		kd_json_end_array(j);
		kd_json_int(j, "replies", (int64_t)s->replies);
		counts(j, "participants", "email", s->participants,
		       s->nr_participants);
		previous(j, s);
		reviews(j, s);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static const char *const kinds[] = { "cover", "first", "single" };

static void heads(struct kd_json *j, const struct kd_digest *d)
{
	size_t i;

	kd_json_array(j, "heads");
	for (i = 0; i < d->nr_heads; i++) {
		const struct kd_head *h = &d->heads[i];
		if (h->existing)
			continue;
		kd_json_object(j, NULL);
		kd_json_string(j, "title", h->title);
		kd_json_string(j, "subject", h->subject);
		kd_json_string(j, "kind", kinds[h->kind]);
		kd_json_string(j, "message_id", h->message_id);
		oid(j, "commit", &h->commit);
		date(j, "date", h->date, h->tz);
		mailbox(j, "author", &h->author);
		mailbox(j, "sender", &h->sender);
		kd_json_int(j, "series", (int64_t)h->series);
		kd_json_string(j, "body", h->body);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);

	kd_json_array(j, "skipped");
	for (i = 0; i < d->nr_heads; i++) {
		const struct kd_head *h = &d->heads[i];
		if (!h->existing)
			continue;
		kd_json_object(j, NULL);
		kd_json_string(j, "subject", h->subject);
		kd_json_string(j, "kind", kinds[h->kind]);
		kd_json_string(j, "existing", h->existing);
		kd_json_string(j, "why", kd_skip_why_names[h->why]);
		oid(j, "commit", &h->commit);
		kd_json_string(j, "message_id", h->message_id);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static void reviewers(struct kd_json *j, const struct kd_digest *d)
{
	size_t i;
	int k;

	kd_json_array(j, "reviewers");
	for (i = 0; i < d->nr_reviewers; i++) {
		const struct kd_reviewer *r = &d->reviewers[i];
		kd_json_object(j, NULL);
		kd_json_string(j, "name", r->name);
		kd_json_string(j, "email", r->email);
		kd_json_int(j, "count", (int64_t)r->count);
		for (k = 0; k < KD_TRAILER_KINDS; k++)
			kd_json_int(j, review_keys[k], (int64_t)r->given[k]);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
	counts(j, "reviewer_domains", "domain", d->reviewer_domains,
	       d->nr_reviewer_domains);
	if (d->has_orgs)
		counts(j, "reviewer_organisations", "name", d->reviewer_orgs,
		       d->nr_reviewer_orgs);
}

static void applied(struct kd_json *j, const struct kd_digest *d)
{
	size_t i, k;

	kd_json_array(j, "applied");
	for (i = 0; i < d->nr_applied; i++) {
		const struct kd_applied *a = &d->applied[i];
		kd_json_object(j, NULL);
		kd_json_string(j, "message_id", a->message_id);
		kd_json_string(j, "subject", a->subject);
		mailbox(j, "by", &a->by);
		kd_json_string(j, "tree", a->tree);
		kd_json_array(j, "commits");
		for (k = 0; k < a->nr_commits; k++)
			kd_json_string(j, NULL, a->commits[k]);
		kd_json_end_array(j);
		kd_json_string(j, "series", a->series);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static void fixes(struct kd_json *j, const struct kd_digest *d)
{
	size_t i, k;

	kd_json_array(j, "fixes");
	for (i = 0; i < d->nr_fixes; i++) {
		const struct kd_fixing *f = &d->fixes[i];
		kd_json_object(j, NULL);
		kd_json_string(j, "message_id", f->message_id);
		kd_json_string(j, "subject", f->subject);
		mailbox(j, "author", &f->author);
		kd_json_array(j, "fixes");
		for (k = 0; k < f->nr_fixes; k++) {
			kd_json_object(j, NULL);
			kd_json_string(j, "commit", f->fixes[k].commit);
			kd_json_string(j, "subject", f->fixes[k].subject);
			kd_json_end_object(j);
		}
		kd_json_end_array(j);
		kd_json_bool(j, "stable", f->stable);
		kd_json_string(j, "series", d->series[f->row].message_id);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

static void pulls(struct kd_json *j, const struct kd_digest *d)
{
	size_t i;

	kd_json_array(j, "pulls");
	for (i = 0; i < d->nr_pulls; i++) {
		const struct kd_pull_request *p = &d->pulls[i];
		kd_json_object(j, NULL);
		kd_json_string(j, "message_id", p->message_id);
		kd_json_string(j, "subject", p->subject);
		mailbox(j, "from", &p->from);
		kd_json_string(j, "url", p->url);
		kd_json_string(j, "ref", p->ref);
		kd_json_end_object(j);
	}
	kd_json_end_array(j);
}

/* The figures a digest opens with, and the range's first and last arrival. */
static void summary(struct kd_json *j, const struct kd_digest *d)
{
	kd_json_object(j, "summary");
	kd_json_int(j, "messages", (int64_t)d->messages);
	kd_json_int(j, "patches", (int64_t)d->patches);
	kd_json_int(j, "series", (int64_t)d->nr_series);
	kd_json_int(j, "new", (int64_t)d->by_kind[KD_SEND_NEW]);
	kd_json_int(j, "rerolls", (int64_t)d->by_kind[KD_SEND_REROLL]);
	kd_json_int(j, "resends", (int64_t)d->by_kind[KD_SEND_RESEND]);
	kd_json_int(j, "incomplete", (int64_t)d->by_kind[KD_SEND_INCOMPLETE]);
	kd_json_int(j, "applied", (int64_t)d->nr_applied);
	kd_json_int(j, "reviewed", (int64_t)d->reviewed);
	kd_json_int(j, "fixes", (int64_t)d->nr_fixes);
	kd_json_int(j, "pulls", (int64_t)d->nr_pulls);
	date(j, "first_arrival", d->first_arrival, 0);
	date(j, "last_arrival", d->last_arrival, 0);
	kd_json_end_object(j);
}

void kd_render_json(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o)
{
	struct kd_json j;

	kd_json_init(&j, out);
	kd_json_object(&j, NULL);
	range(&j, d);
	kd_json_string(&j, "list", d->list_name);
	kd_json_string(&j, "narrowed", d->narrowed);
	summary(&j, d);
	kd_json_int(&j, "messages", (int64_t)d->messages);
	kd_json_int(&j, "patches", (int64_t)d->patches);
	kd_json_int(&j, "replies", (int64_t)d->replies);
	kd_json_int(&j, "other", (int64_t)d->other);
	kd_json_int(&j, "deleted", (int64_t)d->deleted);
	kd_json_int(&j, "duplicates", (int64_t)d->duplicates);
	kd_json_int(&j, "truncated", (int64_t)d->truncated);
	counts(&j, "contributors", "email", d->contributors,
	       d->nr_contributors);
	counts(&j, "domains", "domain", d->domains, d->nr_domains);
	if (d->has_orgs)
		counts(&j, "organisations", "name", d->orgs, d->nr_orgs);
	kd_json_int(&j, "bot_patches", (int64_t)d->bot_patches);
	counts(&j, "bots", "email", d->bots, d->nr_bots);
	reviewers(&j, d);
	series(&j, d);
	applied(&j, d);
	fixes(&j, d);
	pulls(&j, d);
	heads(&j, d);
	kd_json_end_object(&j);
}
