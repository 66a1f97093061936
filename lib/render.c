/*
 * What the formats share: times said the way a reader says them, and
 * links to the archive.
 */
#include "render.h"

#include <time.h>

#include "lore.h"

void kd_render_ago(struct kd_buf *out, int64_t when, int64_t now)
{
	static const struct {
		int64_t seconds;
		const char *unit;
	} units[] = {
		{ 365 * 24 * 3600, "year" },
		{ 30 * 24 * 3600, "month" },
		{ 7 * 24 * 3600, "week" },
		{ 24 * 3600, "day" },
		{ 3600, "hour" },
		{ 60, "minute" },
	};
	int64_t apart = now - when;
	size_t i;

	if (apart < 60) {
		kd_buf_addstr(out, apart < 0 ? "later" : "just before");
		return;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		int64_t n = apart / units[i].seconds;
		/* "13 days", not "1 week": weeks once there are two */
		if (n >= (units[i].seconds == 7 * 24 * 3600 ? 2 : 1)) {
			kd_buf_addf(out, "%lld %s%s ago", (long long)n,
				    units[i].unit, n == 1 ? "" : "s");
			return;
		}
	}
}

/* "2026-02-02 19:33", UTC */
static void minute(struct kd_buf *out, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;

	gmtime_r(&t, &tm);
	kd_buf_addf(out, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static void counted(struct kd_buf *out, size_t n, const char *one,
		    const char *many)
{
	kd_buf_addf(out, "%zu %s", n, n == 1 ? one : many);
}

void kd_render_summary(struct kd_buf *out, const struct kd_digest *d)
{
	counted(out, d->messages, "message", "messages");
	kd_buf_addstr(out, ", ");
	minute(out, d->first_arrival);
	kd_buf_addstr(out, " to ");
	minute(out, d->last_arrival);
	kd_buf_addstr(out, " UTC; ");
	counted(out, d->patches, "patch mail", "patch mails");
	kd_buf_addstr(out, " in ");
	counted(out, d->nr_series, "series", "series");
	kd_buf_addf(out, " (%zu new, ", d->by_kind[KD_SEND_NEW]);
	counted(out, d->by_kind[KD_SEND_REROLL], "reroll", "rerolls");
	kd_buf_addstr(out, ", ");
	counted(out, d->by_kind[KD_SEND_RESEND], "resend", "resends");
	if (d->by_kind[KD_SEND_INCOMPLETE])
		kd_buf_addf(out, ", %zu incomplete",
			    d->by_kind[KD_SEND_INCOMPLETE]);
	kd_buf_addf(out, "); %zu applied, %zu reviewed, ", d->nr_applied,
		    d->reviewed);
	counted(out, d->nr_fixes, "fix", "fixes");
	kd_buf_addstr(out, ", ");
	counted(out, d->nr_pulls, "pull request", "pull requests");
}

void kd_render_day(struct kd_buf *out, int64_t when, int tz)
{
	time_t t = (time_t)(when + (int64_t)tz * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	kd_buf_addf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
}

void kd_render_link(struct kd_buf *out, const char *archive,
		    const char *message_id)
{
	if (archive)
		kd_lore_url(out, archive, message_id);
	else
		kd_buf_addf(out, "<%s>", message_id);
}

void kd_render_replies(struct kd_buf *out, size_t n)
{
	if (n)
		kd_buf_addf(out, "%zu repl%s", n, n == 1 ? "y" : "ies");
	else
		kd_buf_addstr(out, "no replies");
}

/* "v4", "RFC v1", "v5 RESEND", "v7 incomplete": an earlier send. */
static void version_label(struct kd_buf *out, const struct kd_previous *p)
{
	kd_buf_addf(out, "%sv%d", p->rfc ? "RFC " : "", p->version);
	if (p->kind == KD_SEND_RESEND)
		kd_buf_addstr(out, " RESEND");
	else if (p->kind == KD_SEND_INCOMPLETE)
		kd_buf_addstr(out, " incomplete");
}

void kd_render_history(struct kd_buf *out, const struct kd_series *s,
		       const struct kd_digest *d, const char *archive,
		       const struct kd_render_text *fmt)
{
	struct kd_buf label = KD_BUF_INIT;
	size_t i, in = 0, before = 0;

	for (i = 0; i < s->nr_previous; i++) {
		const struct kd_previous *p = &s->previous[i];

		if (!p->in_range)
			continue;
		kd_buf_reset(&label);
		version_label(&label, p);
		if (!in++) {
			kd_buf_addch(&label, ' ');
			kd_render_ago(&label, p->date, d->last_arrival);
		} else {
			kd_buf_addstr(out, ", ");
		}
		fmt->text(out, label.buf);
	}
	if (in)
		fmt->text(out, " in this period");
	for (i = 0; i < s->nr_previous; i++) {
		const struct kd_previous *p = &s->previous[i];

		if (p->in_range)
			continue;
		kd_buf_reset(&label);
		version_label(&label, p);
		if (!before++) {
			fmt->text(out, in ? "; was " : "was ");
			kd_buf_addstr(&label, " of ");
			kd_render_day(&label, p->date, p->tz);
			if (*p->message_id)
				fmt->link(out, label.buf, archive,
					  p->message_id);
			else
				fmt->text(out, label.buf);
		} else {
			fmt->text(out, ", ");
			fmt->text(out, label.buf);
		}
	}
	if (before > 1)
		fmt->text(out, " before");
	kd_buf_release(&label);
}

static void people(struct kd_buf *out, const struct kd_mailbox *who, size_t n,
		   const struct kd_render_text *fmt)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			fmt->text(out, ", ");
		fmt->text(out, *who[i].name ? who[i].name : who[i].email);
	}
}

void kd_render_reviews(struct kd_buf *out, const struct kd_series *s,
		       const struct kd_digest *d, size_t row,
		       const struct kd_render_text *fmt)
{
	struct kd_buf label = KD_BUF_INIT;
	size_t i, said = 0;
	int k;

	if (s->nr_reviews[KD_TRAILER_REVIEWED]) {
		kd_buf_addf(&label, "R-b %zu/%zu: ", s->patches_reviewed,
			    s->received);
		fmt->text(out, label.buf);
		people(out, s->reviews[KD_TRAILER_REVIEWED],
		       s->nr_reviews[KD_TRAILER_REVIEWED], fmt);
		said++;
	}
	for (k = KD_TRAILER_ACKED; k < KD_TRAILER_KINDS; k++) {
		if (!s->nr_reviews[k])
			continue;
		fmt->text(out, said++ ? "; " : "");
		fmt->text(out, kd_trailer_kind_name(k));
		fmt->text(out, ": ");
		people(out, s->reviews[k], s->nr_reviews[k], fmt);
	}
	if (s->applied) {
		const char *tree = NULL;

		for (i = 0; i < d->nr_applied && !tree; i++)
			if (d->applied[i].series && d->applied[i].row == row)
				tree = d->applied[i].tree;
		fmt->text(out, said++ ? "; applied" : "applied");
		if (tree) {
			fmt->text(out, " to ");
			fmt->text(out, tree);
		}
	}
	kd_buf_release(&label);
}
