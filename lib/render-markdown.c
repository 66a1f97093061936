/*
 * The digest as Markdown, for posting: CommonMark with GitHub's tables.
 *
 * Subjects and names land in headings, table cells and link texts, where
 * Markdown gives meaning to punctuation: a '|' would add a cell, a '<'
 * could open raw HTML, '*' and '_' emphasis, '[' a link, '&' an entity.
 * Each such character is backslash-escaped (CommonMark takes a backslash
 * before any ASCII punctuation as the character itself, and GitHub's
 * tables split a row only at a '|' that is not escaped).  Bodies are not
 * escaped: they go into fenced code blocks whose fence is longer than any
 * run of backticks in the body, so no line of it can close the block.
 *
 * Links are the archive's (list.archive) copy of a message,
 * <archive><message-id>/, the message id percent-encoded as lore does
 * ('/' as %2F); without an archive there are no links.
 */
#include "render.h"
#include "lore.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* One line of text from mail, safe in a heading, a cell or a link text. */
static void md_text(struct kd_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\t') {
			kd_buf_addch(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>#|&~!", *s))
			kd_buf_addch(out, '\\');
		kd_buf_addch(out, *s);
	}
}

static void link(struct kd_buf *out, const char *text, const char *archive,
		 const char *mid)
{
	if (!archive || !mid || !*mid) {
		md_text(out, text);
		return;
	}
	kd_buf_addch(out, '[');
	md_text(out, text);
	kd_buf_addstr(out, "](");
	kd_lore_url(out, archive, mid);
	kd_buf_addch(out, ')');
}

static void person(struct kd_buf *out, const char *name, const char *email)
{
	if (*name) {
		md_text(out, name);
		kd_buf_addch(out, ' ');
	}
	kd_buf_addstr(out, "\\<");
	md_text(out, email);
	kd_buf_addstr(out, "\\>");
}

static void count_table(struct kd_buf *out, const char *heading,
			const char *based_on, const char *counted,
			const char *what, const struct kd_count *c, size_t nr,
			int top)
{
	size_t i, n;

	kd_buf_addf(out, "\n## Top %d %s %s\n\n", top, heading, based_on);
	n = kd_render_rows(nr, top);
	if (!n) {
		kd_buf_addstr(out, "None.\n");
		return;
	}
	kd_buf_addf(out, "| %s | %s |\n| ---: | :--- |\n", counted, what);
	for (i = 0; i < n; i++) {
		kd_buf_addf(out, "| %zu | ", c[i].count);
		if (c[i].name)
			person(out, c[i].name, c[i].key);
		else
			md_text(out, c[i].key);
		kd_buf_addstr(out, " |\n");
	}
}

static void reviewer_table(struct kd_buf *out, const struct kd_digest *d,
			   int top)
{
	size_t i, n = kd_render_rows(d->nr_reviewers, top);

	kd_buf_addf(out, "\n## Top %d reviewers %s\n\n", top,
		    KD_RENDER_GIVEN_IN_REPLIES);
	if (!n) {
		kd_buf_addstr(out, "None.\n");
		return;
	}
	kd_buf_addstr(out, "| Trailers | Reviewer | Reviewed | Acked | Tested "
			   "| Nacked |\n| ---: | :--- | ---: | ---: | ---: "
			   "| ---: |\n");
	for (i = 0; i < n; i++) {
		const struct kd_reviewer *r = &d->reviewers[i];
		kd_buf_addf(out, "| %zu | ", r->count);
		person(out, r->name, r->email);
		kd_buf_addf(out, " | %zu | %zu | %zu | %zu |\n", r->given[0],
			    r->given[1], r->given[2], r->given[3]);
	}
}

static void tables(struct kd_buf *out, const struct kd_digest *d, int top)
{
	count_table(out, "contributor Email domains", KD_RENDER_BASED_ON_BODY,
		    "Patches", "Domain", d->domains, d->nr_domains, top);
	if (d->nr_orgs)
		count_table(out, "organisations", KD_RENDER_BASED_ON_BODY,
			    "Patches", "Organisation", d->orgs, d->nr_orgs,
			    top);
	count_table(out, "contributors", KD_RENDER_BASED_ON_BODY, "Patches",
		    "Contributor", d->contributors, d->nr_contributors, top);
	if (d->bot_patches)
		kd_buf_addf(out, "\nBots, not counted above: %zu patch %s.\n",
			    d->bot_patches,
			    d->bot_patches == 1 ? "mail" : "mails");
	count_table(out, "reviewer Email domains", KD_RENDER_GIVEN_IN_REPLIES,
		    "Trailers", "Domain", d->reviewer_domains,
		    d->nr_reviewer_domains, top);
	if (d->nr_reviewer_orgs)
		count_table(out, "reviewer organisations",
			    KD_RENDER_GIVEN_IN_REPLIES, "Trailers",
			    "Organisation", d->reviewer_orgs,
			    d->nr_reviewer_orgs, top);
	reviewer_table(out, d, top);
}

static const struct kd_render_text md = { md_text, link };

static void series_row(struct kd_buf *out, const struct kd_digest *d,
		       size_t row, const char *archive)
{
	const struct kd_series *s = &d->series[row];
	const char *mid = s->message_id;

	if (s->total < 0)
		kd_buf_addf(out, "| %zu | ", s->received);
	else
		kd_buf_addf(out, "| %zu/%d | ", s->received, s->total);
	link(out, s->subject, archive, mid);
	kd_buf_addstr(out, " | ");
	md_text(out, *s->author.name ? s->author.name : s->author.email);
	kd_buf_addf(out, " | %s | %zu | ", kd_send_kind_names[s->kind],
		    s->replies);
	kd_render_history(out, s, d, archive, &md);
	kd_buf_addstr(out, " | ");
	kd_render_reviews(out, s, d, row, &md);
	kd_buf_addstr(out, " |\n");
}

#define SERIES_HEADER                                                    \
	"| Patches | Series | Author | Kind | Replies | Earlier versions "  \
	"| Reviews |\n"                                                    \
	"| ---: | :--- | :--- | :--- | ---: | :--- | :--- |\n"

/* One row a series, under its subsystem when the configuration has some. */
static void patch_list(struct kd_buf *out, const struct kd_digest *d,
		       const char *archive)
{
	size_t g, i;

	kd_buf_addstr(out, "\n## Patch list in this time period\n\n");
	if (!d->nr_series)
		kd_buf_addstr(out, "None.\n");
	else if (!d->nr_groups) {
		kd_buf_addstr(out, SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			series_row(out, d, i, archive);
	}
	for (g = 0; g < d->nr_groups; g++) {
		kd_buf_addf(out, "%s### ", g ? "\n" : "");
		md_text(out, d->groups[g]);
		kd_buf_addstr(out, "\n\n" SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			if (!strcmp(d->series[i].subsystem, d->groups[g]))
				series_row(out, d, i, archive);
	}
}

static void applied(struct kd_buf *out, const struct kd_digest *d,
		    const char *archive)
{
	size_t i, k;

	kd_buf_addstr(out, "\n## Applied in this time period\n\n");
	if (!d->nr_applied) {
		kd_buf_addstr(out, "None.\n");
		return;
	}
	kd_buf_addstr(out, "| Series | Tree | By | Commits |\n"
			   "| :--- | :--- | :--- | :--- |\n");
	for (i = 0; i < d->nr_applied; i++) {
		const struct kd_applied *a = &d->applied[i];
		kd_buf_addstr(out, "| ");
		link(out, a->subject, archive, a->message_id);
		kd_buf_addstr(out, " | ");
		md_text(out, a->tree ? a->tree : "");
		kd_buf_addstr(out, " | ");
		md_text(out, *a->by.name ? a->by.name : a->by.email);
		kd_buf_addstr(out, " | ");
		for (k = 0; k < a->nr_commits; k++)
			kd_buf_addf(out, "%s%s", k ? " " : "", a->commits[k]);
		kd_buf_addstr(out, " |\n");
	}
}

static void fixes(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i, k;

	kd_buf_addstr(out, "\n## Fixes in this time period\n\n");
	if (!d->nr_fixes) {
		kd_buf_addstr(out, "None.\n");
		return;
	}
	kd_buf_addstr(out, "| Patch | Author | Fixes | Stable |\n"
			   "| :--- | :--- | :--- | :--- |\n");
	for (i = 0; i < d->nr_fixes; i++) {
		const struct kd_fixing *f = &d->fixes[i];
		kd_buf_addstr(out, "| ");
		link(out, f->subject, archive, f->message_id);
		kd_buf_addstr(out, " | ");
		md_text(out, *f->author.name ? f->author.name : f->author.email);
		kd_buf_addstr(out, " | ");
		for (k = 0; k < f->nr_fixes; k++) {
			kd_buf_addf(out, "%s%s", k ? "; " : "",
				    f->fixes[k].commit);
			if (f->fixes[k].subject) {
				kd_buf_addstr(out, " (\"");
				md_text(out, f->fixes[k].subject);
				kd_buf_addstr(out, "\")");
			}
		}
		kd_buf_addf(out, " | %s |\n", f->stable ? "yes" : "");
	}
}

static void pulls(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i;

	kd_buf_addstr(out, "\n## Pull requests in this time period\n\n");
	if (!d->nr_pulls) {
		kd_buf_addstr(out, "None.\n");
		return;
	}
	kd_buf_addstr(out, "| Pull request | From | Tree | Ref |\n"
			   "| :--- | :--- | :--- | :--- |\n");
	for (i = 0; i < d->nr_pulls; i++) {
		const struct kd_pull_request *p = &d->pulls[i];
		kd_buf_addstr(out, "| ");
		link(out, p->subject, archive, p->message_id);
		kd_buf_addstr(out, " | ");
		md_text(out, *p->from.name ? p->from.name : p->from.email);
		kd_buf_addstr(out, " | ");
		md_text(out, p->url ? p->url : "");
		kd_buf_addstr(out, " | ");
		md_text(out, p->ref ? p->ref : "");
		kd_buf_addstr(out, " |\n");
	}
}

/* A fence no line of `body` can close (CommonMark, "Fenced code blocks"). */
static void fenced(struct kd_buf *out, const char *body)
{
	size_t run = 0, longest = 0, n;
	const char *p;

	for (p = body; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = longest < 3 ? 3 : longest + 1;
	kd_buf_addchars(out, '`', n);
	kd_buf_addch(out, '\n');
	kd_buf_addstr(out, body);
	if (*body && body[strlen(body) - 1] != '\n')
		kd_buf_addch(out, '\n');
	kd_buf_addchars(out, '`', n);
	kd_buf_addch(out, '\n');
}

static void heads(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i;

	kd_buf_addstr(out, "\n## Patch commit messages\n");
	for (i = 0; i < d->nr_heads; i++) {
		const struct kd_head *h = &d->heads[i];

		if (h->existing) {
			kd_buf_addstr(out, "\n**Skip:** ");
			link(out, h->subject, archive, h->message_id);
			kd_buf_addstr(out, " (shown above as: ");
			md_text(out, h->existing);
			kd_buf_addf(out, "; %s)\n", kd_skip_why_names[h->why]);
			continue;
		}
		kd_buf_addstr(out, "\n### ");
		md_text(out, h->title);
		kd_buf_addstr(out, "\n\n- Subject: ");
		link(out, h->subject, archive, h->message_id);
		kd_buf_addstr(out, "\n- Author: ");
		person(out, h->author.name, h->author.email);
		if (strcmp(h->author.email, h->sender.email)) {
			kd_buf_addstr(out, ", sent by ");
			person(out, h->sender.name, h->sender.email);
		}
		kd_buf_addstr(out, "\n\n");
		fenced(out, h->body);
	}
}

void kd_render_markdown(struct kd_buf *out, const struct kd_digest *d,
			const struct kd_render_options *o)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;
	struct kd_buf summary = KD_BUF_INIT;

	kd_buf_addstr(out, "# ");
	md_text(out, d->list_name);
	kd_buf_addf(out, " mailing list update from %s to %s\n", from,
		    d->to_abbrev);
	if (d->narrowed) {
		kd_buf_addstr(out, "\nNarrowed to ");
		md_text(out, d->narrowed);
		kd_buf_addstr(out, ".\n");
	}
	kd_buf_addstr(out, "\n");
	kd_render_summary(&summary, d);
	md_text(out, summary.buf);
	kd_buf_addstr(out, ".\n");
	kd_buf_release(&summary);
	tables(out, d, o->top);
	patch_list(out, d, o->archive);
	applied(out, d, o->archive);
	fixes(out, d, o->archive);
	pulls(out, d, o->archive);
	heads(out, d, o->archive);
}
