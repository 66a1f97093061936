/*
 * The digest as one HTML page that needs nothing else: no script, no
 * style sheet, font or image from anywhere.  The count tables come with
 * a bar chart drawn in inline SVG, the bodies folded in <details>.
 *
 * Everything from mail or configuration is escaped for where it goes:
 * text and attribute values as HTML text (& < > " '), and what HTML
 * forbids in its input stream even escaped (C0 and C1 controls but tab
 * and newline, noncharacters) becomes U+FFFD, so that a strict HTML5
 * parser reads the page without an error.  Links are the archive's copy
 * of a message, <archive><message-id>/, the message id percent-encoded
 * as lore does ('/' as %2F); without an archive there are no links.
 */
#include "render.h"
#include "lore.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"

/* The bar charts: 12px text, pixels as integers. */
#define ROW_HEIGHT 20
#define BAR_HEIGHT 14
#define BAR_MAX	   360
#define CHAR_WIDTH 7 /* a guess at the width of a character of a label */

static const char style[] =
	"body{font-family:sans-serif;line-height:1.4;color:#222;"
	"background:#fff;max-width:62em;margin:1em auto;padding:0 1em}\n"
	"h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;"
	"border-bottom:1px solid #ccc}h3{font-size:1.05em}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{padding:.15em .6em;text-align:left;vertical-align:top}\n"
	"th{border-bottom:1px solid #999}\n"
	"tbody tr:nth-child(even){background:#f3f3f3}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	"svg.bars{display:block;margin:.5em 0;overflow:visible}\n"
	"svg.bars rect{fill:#4a76a8}\n"
	"svg.bars text{font:12px sans-serif;fill:#222}\n"
	"details{margin:.4em 0;padding-left:.6em;border-left:3px solid #ccc}\n"
	"summary{cursor:pointer}\n"
	"pre{background:#f6f6f6;padding:.6em;overflow-x:auto}\n"
	".skip{color:#555}\n";

/*
 * The length of a character HTML does not allow in its input (parse
 * errors even as a character reference), or 0.  `s` is valid UTF-8.
 */
static size_t forbidden(const unsigned char *s)
{
	if ((*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2; /* C1 */
	if (s[0] == 0xef && s[1] == 0xb7 && s[2] >= 0x90 && s[2] <= 0xaf)
		return 3; /* U+FDD0..U+FDEF */
	if (s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))
		return 3; /* U+FFFE, U+FFFF */
	if (s[0] >= 0xf0 && (s[1] & 0x0f) == 0x0f && s[2] == 0xbf &&
	    (s[3] == 0xbe || s[3] == 0xbf))
		return 4; /* U+xFFFE, U+xFFFF of the other planes */
	return 0;
}

/* `s` as HTML text, good in an element and in a quoted attribute value. */
static void html_text(struct kd_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		switch (*p) {
		case '&':
			kd_buf_addstr(out, "&amp;");
			break;
		case '<':
			kd_buf_addstr(out, "&lt;");
			break;
		case '>':
			kd_buf_addstr(out, "&gt;");
			break;
		case '"':
			kd_buf_addstr(out, "&quot;");
			break;
		case '\'':
			kd_buf_addstr(out, "&#39;");
			break;
		default:
			if ((n = forbidden(p))) {
				kd_buf_addstr(out, REPLACEMENT);
				p += n;
				continue;
			}
			kd_buf_addch(out, *p);
		}
		p++;
	}
}

/* <a href="<archive><message-id>/">text</a>, or the text alone. */
static void link(struct kd_buf *out, const char *text, const char *archive,
		 const char *mid)
{
	struct kd_buf url = KD_BUF_INIT;

	if (!archive || !mid || !*mid) {
		html_text(out, text);
		return;
	}
	kd_lore_url(&url, archive, mid);
	kd_buf_addstr(out, "<a href=\"");
	html_text(out, url.buf);
	kd_buf_addstr(out, "\">");
	html_text(out, text);
	kd_buf_addstr(out, "</a>");
	kd_buf_release(&url);
}

static void person(struct kd_buf *out, const char *name, const char *email)
{
	if (*name) {
		html_text(out, name);
		kd_buf_addch(out, ' ');
	}
	kd_buf_addstr(out, "&lt;");
	html_text(out, email);
	kd_buf_addstr(out, "&gt;");
}

/* The label of a row in a chart: a name alone, else the key. */
static const char *label(const struct kd_count *c)
{
	return c->name && *c->name ? c->name : c->key;
}

static size_t characters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * A horizontal bar a row, the label right-aligned before it and the count
 * after it; the bars' lengths proportional to the counts, the longest
 * BAR_MAX pixels.  The rows are sorted already, so the first is the most.
 */
static void chart(struct kd_buf *out, const char *id, const char *what,
		  const struct kd_count *c, size_t n)
{
	size_t i, w, label_width = 0, max = n ? c[0].count : 0;

	for (i = 0; i < n; i++) {
		w = characters(label(&c[i]));
		if (w > label_width)
			label_width = w;
		if (c[i].count > max)
			max = c[i].count;
	}
	label_width = label_width * CHAR_WIDTH + 8;
	kd_buf_addf(out,
		    "<svg class=\"bars\" width=\"%zu\" height=\"%zu\" "
		    "viewBox=\"0 0 %zu %zu\" role=\"img\" "
		    "aria-labelledby=\"%s-chart\">\n"
		    "<title id=\"%s-chart\">Patch mails per %s, "
		    "as a bar chart</title>\n",
		    label_width + BAR_MAX + 60, n * ROW_HEIGHT,
		    label_width + BAR_MAX + 60, n * ROW_HEIGHT, id, id, what);
	for (i = 0; i < n; i++) {
		size_t y = i * ROW_HEIGHT;

		w = max ? (c[i].count * BAR_MAX + max / 2) / max : 0;
		if (!w && c[i].count)
			w = 1;
		kd_buf_addstr(out, "<g><title>");
		html_text(out, label(&c[i]));
		kd_buf_addf(out, ": %zu</title>", c[i].count);
		kd_buf_addf(out,
			    "<text x=\"%zu\" y=\"%zu\" "
			    "text-anchor=\"end\">",
			    label_width - 6, y + 14);
		html_text(out, label(&c[i]));
		kd_buf_addf(out,
			    "</text><rect x=\"%zu\" y=\"%zu\" width=\"%zu\" "
			    "height=\"%d\"></rect>",
			    label_width, y + 3, w, BAR_HEIGHT);
		kd_buf_addf(out, "<text x=\"%zu\" y=\"%zu\">%zu</text></g>\n",
			    label_width + w + 4, y + 14, c[i].count);
	}
	kd_buf_addstr(out, "</svg>\n");
}

static void count_table(struct kd_buf *out, const char *id, const char *heading,
			const char *what, const char *per,
			const struct kd_count *c, size_t nr, int top)
{
	size_t i, n = kd_render_rows(nr, top);

	kd_buf_addf(out,
		    "<section id=\"%s\" class=\"counts\">\n"
		    "<h2>Top %d %s (Based on Email Body)</h2>\n",
		    id, top, heading);
	if (!n) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	chart(out, id, per, c, n);
	kd_buf_addf(out,
		    "<table>\n<thead><tr><th class=\"n\">Patches</th>"
		    "<th>%s</th></tr></thead>\n<tbody>\n",
		    what);
	for (i = 0; i < n; i++) {
		kd_buf_addf(out, "<tr><td class=\"n\">%zu</td><td>",
			    c[i].count);
		if (c[i].name)
			person(out, c[i].name, c[i].key);
		else
			html_text(out, c[i].key);
		kd_buf_addstr(out, "</td></tr>\n");
	}
	kd_buf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

static void tables(struct kd_buf *out, const struct kd_digest *d, int top)
{
	count_table(out, "domains", "contributor Email domains", "Domain",
		    "domain", d->domains, d->nr_domains, top);
	if (d->nr_orgs)
		count_table(out, "organisations", "organisations",
			    "Organisation", "organisation", d->orgs, d->nr_orgs,
			    top);
	count_table(out, "contributors", "contributors", "Contributor",
		    "contributor", d->contributors, d->nr_contributors, top);
	if (d->bot_patches)
		kd_buf_addf(out,
			    "<p>Bots, not counted above: %zu patch mail%s."
			    "</p>\n",
			    d->bot_patches, d->bot_patches == 1 ? "" : "s");
}

static void series_row(struct kd_buf *out, const struct kd_series *s,
		       const char *archive)
{
	const char *mid = s->message_id;

	if (s->total < 0)
		kd_buf_addf(out, "<tr><td class=\"n\">%zu</td><td>",
			    s->received);
	else
		kd_buf_addf(out, "<tr><td class=\"n\">%zu/%d</td><td>",
			    s->received, s->total);
	link(out, s->subject, archive, mid);
	kd_buf_addstr(out, "</td><td>");
	html_text(out, *s->author.name ? s->author.name : s->author.email);
	kd_buf_addstr(out, "</td></tr>\n");
}

#define SERIES_HEADER                                                          \
	"<table class=\"series\">\n<thead><tr><th class=\"n\">Patches</th>"    \
	"<th>Series</th><th>Author</th></tr></thead>\n<tbody>\n"
#define SERIES_FOOTER "</tbody>\n</table>\n"

/* One row a series, under its subsystem when the configuration has some. */
static void patch_list(struct kd_buf *out, const struct kd_digest *d,
		       const char *archive)
{
	size_t g, i;

	kd_buf_addstr(out, "<section id=\"patches\">\n"
			   "<h2>Patch list in this time period</h2>\n");
	if (!d->nr_series)
		kd_buf_addstr(out, "<p>None.</p>\n");
	else if (!d->nr_groups) {
		kd_buf_addstr(out, SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			series_row(out, &d->series[i], archive);
		kd_buf_addstr(out, SERIES_FOOTER);
	}
	for (g = 0; g < d->nr_groups; g++) {
		kd_buf_addstr(out, "<h3>");
		html_text(out, d->groups[g]);
		kd_buf_addstr(out, "</h3>\n" SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			if (!strcmp(d->series[i].subsystem, d->groups[g]))
				series_row(out, &d->series[i], archive);
		kd_buf_addstr(out, SERIES_FOOTER);
	}
	kd_buf_addstr(out, "</section>\n");
}

static void heads(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i;

	kd_buf_addstr(out, "<section id=\"messages\">\n"
			   "<h2>Patch commit messages</h2>\n");
	for (i = 0; i < d->nr_heads; i++) {
		const struct kd_head *h = &d->heads[i];

		if (h->existing) {
			kd_buf_addstr(out, "<p class=\"skip\">Skip: ");
			link(out, h->subject, archive, h->message_id);
			kd_buf_addstr(out, " (shown above as: ");
			html_text(out, h->existing);
			kd_buf_addstr(out, ")</p>\n");
			continue;
		}
		kd_buf_addstr(out, "<details>\n<summary><strong>");
		html_text(out, h->title);
		kd_buf_addstr(out, "</strong> \xe2\x80\x94 ");
		html_text(out, h->subject);
		kd_buf_addstr(out, "</summary>\n<p>Author: ");
		person(out, h->author.name, h->author.email);
		if (strcmp(h->author.email, h->sender.email)) {
			kd_buf_addstr(out, ", sent by ");
			person(out, h->sender.name, h->sender.email);
		}
		kd_buf_addstr(out, "<br>\nMessage-ID: ");
		if (archive) {
			link(out, h->message_id, archive, h->message_id);
		} else {
			kd_buf_addstr(out, "&lt;");
			html_text(out, h->message_id);
			kd_buf_addstr(out, "&gt;");
		}
		/* the newline after <pre> is dropped: the body keeps its own */
		kd_buf_addstr(out, "</p>\n<pre>\n");
		html_text(out, h->body);
		kd_buf_addstr(out, "</pre>\n</details>\n");
	}
	kd_buf_addstr(out, "</section>\n");
}

void kd_render_html(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;

	kd_buf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			   "<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" "
			   "content=\"width=device-width, initial-scale=1\">\n"
			   "<title>");
	html_text(out, d->list_name);
	kd_buf_addf(out, " mailing list update from %s to %s</title>\n", from,
		    d->to_abbrev);
	kd_buf_addf(out, "<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	html_text(out, d->list_name);
	kd_buf_addf(out,
		    " mailing list update from <code>%s</code> to "
		    "<code>%s</code></h1>\n",
		    from, d->to_abbrev);
	tables(out, d, o->top);
	patch_list(out, d, o->archive);
	heads(out, d, o->archive);
	kd_buf_addstr(out, "</body>\n</html>\n");
}
