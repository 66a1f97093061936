/*
 * The classic digest: the format of the script the KVM maintainers used
 * before this tool, kept so that their readers and filters keep working.
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#define DASHES "----------------------------------------------------------------------"

static void person(struct kd_buf *out, const struct kd_mailbox *m)
{
	if (*m->name)
		kd_buf_addf(out, "%s <%s>", m->name, m->email);
	else
		kd_buf_addf(out, "<%s>", m->email);
}

static void header(struct kd_buf *out, const struct kd_digest *d)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;

	kd_buf_addf(out, "From %s to %s\n", from, d->to_abbrev);
	kd_buf_addf(out, "%s mailing list update from %s to %s\n",
		    d->list_name, from, d->to_abbrev);
	if (d->narrowed)
		kd_buf_addf(out, "Narrowed to %s\n", d->narrowed);
}

/* "Top N <what> (Based on Email Body)", then a count and a key a row. */
static void key_table(struct kd_buf *out, const char *what,
		      const struct kd_count *rows, size_t nr, int top)
{
	size_t i, n = kd_render_rows(nr, top);

	kd_buf_addf(out, "\nTop %d %s (Based on Email Body)\n\n", top, what);
	for (i = 0; i < n; i++)
		kd_buf_addf(out, "%7zu %s\n", rows[i].count, rows[i].key);
}

static void tables(struct kd_buf *out, const struct kd_digest *d, int top)
{
	size_t i, n;

	key_table(out, "contributor Email domains", d->domains, d->nr_domains,
		  top);
	if (d->nr_orgs)
		key_table(out, "organisations", d->orgs, d->nr_orgs, top);

	kd_buf_addf(out, "\nTop %d contributors (Based on Email Body)\n\n",
		    top);
	for (i = 0, n = kd_render_rows(d->nr_contributors, top); i < n; i++) {
		const struct kd_count *c = &d->contributors[i];
		if (*c->name)
			kd_buf_addf(out, "%7zu  %s <%s>\n", c->count, c->name,
				    c->key);
		else
			kd_buf_addf(out, "%7zu  <%s>\n", c->count, c->key);
	}
	if (d->bot_patches)
		kd_buf_addf(out, "%7zu  (bots, not counted above)\n",
			    d->bot_patches);
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
	if (s->nr_previous)
		kd_buf_addstr(out, "; ");
	kd_render_history(out, s, d, o->archive, &plain);
	kd_buf_addch(out, '\n');
}

static void series_line(struct kd_buf *out, const struct kd_series *s,
			const struct kd_digest *d,
			const struct kd_render_options *o)
{
	char got[48];

	if (s->total < 0)
		snprintf(got, sizeof(got), "%zu", s->received);
	else
		snprintf(got, sizeof(got), "%zu/%d", s->received, s->total);
	kd_buf_addf(out, "%7s  %s (%s)\n", got, s->subject,
		    *s->author.name ? s->author.name : s->author.email);
	history_line(out, s, d, o);
}

/* One line a series, under its subsystem when the configuration has some. */
static void patch_list(struct kd_buf *out, const struct kd_digest *d,
		       const struct kd_render_options *o)
{
	size_t g, i;

	kd_buf_addstr(out, "\n===== Patch list in this time period =====\n\n");
	if (!d->nr_groups) {
		for (i = 0; i < d->nr_series; i++)
			series_line(out, &d->series[i], d, o);
		return;
	}
	for (g = 0; g < d->nr_groups; g++) {
		kd_buf_addf(out, "%s%s:\n", g ? "\n" : "", d->groups[g]);
		for (i = 0; i < d->nr_series; i++)
			if (!strcmp(d->series[i].subsystem, d->groups[g]))
				series_line(out, &d->series[i], d, o);
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
		person(out, &h->author);
		if (strcmp(h->author.email, h->sender.email)) {
			kd_buf_addstr(out, ", sent by ");
			person(out, &h->sender);
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
	heads(out, d);
}
