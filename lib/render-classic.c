/*
 * The classic digest: the format of the script the KVM maintainers used
 * before this tool, kept so that their readers and filters keep working.
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#define DASHES "----------------------------------------------------------------------"

/* "Name <address>", or "<address>" when the name is empty. */
static void person(struct kd_buf *out, const char *name, const char *email)
{
	if (*name)
		kd_buf_addf(out, "%s <%s>", name, email);
	else
		kd_buf_addf(out, "<%s>", email);
}

static void header(struct kd_buf *out, const struct kd_digest *d)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;

	kd_buf_addf(out, "From %s to %s\n", from, d->to_abbrev);
	kd_buf_addf(out, "%s mailing list update from %s to %s\n",
		    d->list_name, from, d->to_abbrev);
	if (d->narrowed)
		kd_buf_addf(out, "Narrowed to %s\n", d->narrowed);
	kd_buf_addstr(out, "Summary: ");
	kd_render_summary(out, d);
	kd_buf_addch(out, '\n');
}

/* "Top N <what> <based on>", then a count and a key a row. */
static void key_table(struct kd_buf *out, const char *what,
		      const char *based_on, const struct kd_count *rows,
		      size_t nr, int top)
{
	size_t i, n = kd_render_rows(nr, top);

	kd_buf_addf(out, "\nTop %d %s %s\n\n", top, what, based_on);
	for (i = 0; i < n; i++)
		kd_buf_addf(out, "%7zu %s\n", rows[i].count, rows[i].key);
}

static void person_row(struct kd_buf *out, size_t count, const char *name,
		       const char *email)
{
	kd_buf_addf(out, "%7zu  ", count);
	person(out, name, email);
	kd_buf_addch(out, '\n');
}

/* Beside the contributors, who gave trailers, by domain and by person. */
static void reviewer_tables(struct kd_buf *out, const struct kd_digest *d,
			    int top)
{
	size_t i, n = kd_render_rows(d->nr_reviewers, top);

	key_table(out, "reviewer Email domains", KD_RENDER_GIVEN_IN_REPLIES,
		  d->reviewer_domains, d->nr_reviewer_domains, top);
	if (d->nr_reviewer_orgs)
		key_table(out, "reviewer organisations",
			  KD_RENDER_GIVEN_IN_REPLIES, d->reviewer_orgs,
			  d->nr_reviewer_orgs, top);
	kd_buf_addf(out, "\nTop %d reviewers %s\n\n", top,
		    KD_RENDER_GIVEN_IN_REPLIES);
	for (i = 0; i < n; i++)
		person_row(out, d->reviewers[i].count, d->reviewers[i].name,
			   d->reviewers[i].email);
}

static void tables(struct kd_buf *out, const struct kd_digest *d, int top)
{
	size_t i, n;

	key_table(out, "contributor Email domains", KD_RENDER_BASED_ON_BODY,
		  d->domains, d->nr_domains, top);
	if (d->nr_orgs)
		key_table(out, "organisations", KD_RENDER_BASED_ON_BODY,
			  d->orgs, d->nr_orgs, top);

	kd_buf_addf(out, "\nTop %d contributors %s\n\n", top,
		    KD_RENDER_BASED_ON_BODY);
	for (i = 0, n = kd_render_rows(d->nr_contributors, top); i < n; i++)
		person_row(out, d->contributors[i].count,
			   d->contributors[i].name, d->contributors[i].key);
	if (d->bot_patches)
		kd_buf_addf(out, "%7zu  (bots, not counted above)\n",
			    d->bot_patches);
	reviewer_tables(out, d, top);
}

static void plain_text(struct kd_buf *out, const char *s)
{
	kd_buf_addstr(out, s);
}

/* "v2 of 2022-11-03 https://lore.kernel.org/kvm/<id>/" */
static void plain_link(struct kd_buf *out, const char *text,
		       const char *archive, const char *message_id)
{
	kd_buf_addf(out, "%s ", text);
	kd_render_link(out, archive, message_id);
}

static const struct kd_render_text plain = { plain_text, plain_link };

/* The line under a series: what it is, its replies, its history. */
static void history_line(struct kd_buf *out, const struct kd_series *s,
			 const struct kd_digest *d,
			 const struct kd_render_options *o)
{
	kd_buf_addf(out, "         %s, ", kd_send_kind_names[s->kind]);
	kd_render_replies(out, s->replies);
	if (s->unreviewed)
		kd_buf_addstr(out, ", unreviewed");
	if (s->pings)
		kd_buf_addf(out, ", %zu ping%s", s->pings,
			    s->pings == 1 ? "" : "s");
	if (s->nr_previous)
		kd_buf_addstr(out, "; ");
	kd_render_history(out, s, d, o->archive, &plain);
	kd_buf_addch(out, '\n');
}

/*
 * The line under that, when there is something to say of its reviews:
 * "R-b 2/3: Sean Christopherson, Paolo Bonzini; Acked-by: Marc Zyngier;
 * applied to kvm-x86 mmu".
 */
static void review_line(struct kd_buf *out, const struct kd_series *s,
			const struct kd_digest *d, size_t row)
{
	struct kd_buf line = KD_BUF_INIT;

	kd_render_reviews(&line, s, d, row, &plain);
	if (line.len)
		kd_buf_addf(out, "         %s\n", line.buf);
	kd_buf_release(&line);
}

static void series_line(struct kd_buf *out, const struct kd_digest *d,
			size_t row, const struct kd_render_options *o)
{
	const struct kd_series *s = &d->series[row];
	char got[48];

	if (s->total < 0)
		snprintf(got, sizeof(got), "%zu", s->received);
	else
		snprintf(got, sizeof(got), "%zu/%d", s->received, s->total);
	kd_buf_addf(out, "%7s  %s (%s)\n", got, s->subject,
		    *s->author.name ? s->author.name : s->author.email);
	history_line(out, s, d, o);
	review_line(out, s, d, row);
}

/* One line a series, under its subsystem when the configuration has some. */
static void patch_list(struct kd_buf *out, const struct kd_digest *d,
		       const struct kd_render_options *o)
{
	size_t g, i;

	kd_buf_addstr(out, "\n===== Patch list in this time period =====\n\n");
	if (!d->nr_groups) {
		for (i = 0; i < d->nr_series; i++)
			series_line(out, d, i, o);
		return;
	}
	for (g = 0; g < d->nr_groups; g++) {
		kd_buf_addf(out, "%s%s:\n", g ? "\n" : "", d->groups[g]);
		for (i = 0; i < d->nr_series; i++)
			if (!strcmp(d->series[i].subsystem, d->groups[g]))
				series_line(out, d, i, o);
	}
}

/* After the patch list: what was applied, what fixes what, pull requests. */
static void applied(struct kd_buf *out, const struct kd_digest *d)
{
	size_t i, k;

	kd_buf_addstr(out, "\n===== Applied in this time period =====\n");
	for (i = 0; i < d->nr_applied; i++) {
		const struct kd_applied *a = &d->applied[i];

		kd_buf_addf(out, "\n%s\n        applied", a->subject);
		if (a->tree)
			kd_buf_addf(out, " to %s", a->tree);
		kd_buf_addstr(out, " by ");
		person(out, a->by.name, a->by.email);
		kd_buf_addch(out, '\n');
		if (a->nr_commits) {
			kd_buf_addstr(out, "        commits:");
			for (k = 0; k < a->nr_commits; k++)
				kd_buf_addf(out, " %s", a->commits[k]);
			kd_buf_addch(out, '\n');
		}
	}
}

static void fixes(struct kd_buf *out, const struct kd_digest *d)
{
	size_t i, k;

	kd_buf_addstr(out, "\n===== Fixes in this time period =====\n");
	for (i = 0; i < d->nr_fixes; i++) {
		const struct kd_fixing *f = &d->fixes[i];

		kd_buf_addf(out, "\n%s (%s)\n", f->subject,
			    *f->author.name ? f->author.name : f->author.email);
		for (k = 0; k < f->nr_fixes; k++) {
			kd_buf_addf(out, "        fixes %s", f->fixes[k].commit);
			if (f->fixes[k].subject)
				kd_buf_addf(out, " (\"%s\")",
					    f->fixes[k].subject);
			kd_buf_addch(out, '\n');
		}
		if (f->stable)
			kd_buf_addstr(out, "        for stable\n");
	}
}

static void pulls(struct kd_buf *out, const struct kd_digest *d)
{
	size_t i;

	kd_buf_addstr(out, "\n===== Pull requests in this time period =====\n");
	for (i = 0; i < d->nr_pulls; i++) {
		const struct kd_pull_request *p = &d->pulls[i];

		kd_buf_addf(out, "\n%s (%s)\n", p->subject,
			    *p->from.name ? p->from.name : p->from.email);
		if (p->url)
			kd_buf_addf(out, "        %s%s%s\n", p->url,
				    p->ref ? " " : "", p->ref ? p->ref : "");
	}
}

static void heads(struct kd_buf *out, const struct kd_digest *d)
{
	size_t i;

	kd_buf_addstr(out, "\n===== Patch Commit Messages ====\n\n");
	for (i = 0; i < d->nr_heads; i++) {
		const struct kd_head *h = &d->heads[i];

		if (h->existing) {
			kd_buf_addf(out, "Exist: %s\n Skip: %s\n  Why: %s\n",
				    h->existing, h->subject,
				    kd_skip_why_names[h->why]);
			continue;
		}
		kd_buf_addf(out, "New:  %s\n%s\nAuthor: ", h->title,
			    h->subject);
		person(out, h->author.name, h->author.email);
		if (strcmp(h->author.email, h->sender.email)) {
			kd_buf_addstr(out, ", sent by ");
			person(out, h->sender.name, h->sender.email);
		}
		kd_buf_addstr(out, "\n\n");
		kd_buf_addstr(out, h->body);
		kd_buf_addstr(out, "\n" DASHES "\n\n");
	}
}

void kd_render_classic(struct kd_buf *out, const struct kd_digest *d,
		       const struct kd_render_options *o)
{
	header(out, d);
	tables(out, d, o->top);
	patch_list(out, d, o);
	applied(out, d);
	fixes(out, d);
	pulls(out, d);
	heads(out, d);
}
