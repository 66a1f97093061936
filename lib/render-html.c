/*
 * The digest as one HTML page that needs nothing else: no script, style
 * sheet, font or image from anywhere, and a Content-Security-Policy that
 * forbids the page to load any (default-src 'none'), so that opening a
 * digest never reaches the network.  Links to the archive are the only
 * URLs, followed only when clicked.
 *
 * The page, top to bottom: the title, a row of summary figures, each
 * count table with its bar chart (inline SVG) beside it (two columns on
 * wide screens, one on narrow ones), the patch list with a badge per fact
 * the digest knows of a series, and the bodies folded in <details>.  It
 * reads the same without script; a few lines of inline script (our own,
 * the same in every page, no mail text in it) add a filter box over the
 * patch list, sorting by a click on a column header, and open the bodies
 * for printing.  Colours follow the reader's light or dark setting;
 * print is black on white.
 *
 * Everything from mail or configuration is escaped for where it goes:
 * text and attribute values as HTML text (& < > " '), and what HTML
 * forbids in its input stream even escaped (C0 and C1 controls but tab
 * and newline, noncharacters) becomes U+FFFD, so that a strict HTML5
 * parser reads the page without an error.  Nothing from mail goes into
 * the style sheet, the script or an attribute but an escaped href.
 * Links are the archive's copy of a message, <archive><message-id>/, the
 * message id percent-encoded as lore does ('/' as %2F); without an
 * archive there are no links.
 *
 * To add to the page:
 * - a summary figure: one more figure(), figure_time() or figure_commit()
 *   call in summary(); the row wraps;
 * - a badge on a series: one more badge() call in badges(), with a kind
 *   that has its colour in the style sheet (.badge-<kind>): new, reroll,
 *   resend, incomplete, version, rfc, applied, reviewed, fix, subsystem.
 */
#include "render.h"
#include "lore.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"

/* The bar charts: 12px text, pixels as integers. */
#define ROW_HEIGHT 20
#define BAR_HEIGHT 14
#define BAR_MAX	   240
#define COUNT_ROOM 40 /* after the longest bar, for its count */
#define CHAR_WIDTH 8  /* a guess at the width of a character of a label */

/*
 * Colours are custom properties, set for the light scheme, the dark one
 * and print (last, so that it wins over a dark setting).  A badge takes
 * the colour of its kind for its text and border.  [hidden] is forced so
 * that the filter can hide rows whatever their display.
 */
static const char style[] =
	":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;\n"
	"--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--link:#0550ae;\n"
	"--bar:#4a76a8;--rfc:#9a6700;--resend:#8250df;--version:#0550ae;\n"
	"--subsystem:#59636e;--new:#1a7f37;--reroll:#0550ae;\n"
	"--applied:#1a7f37;--reviewed:#116329;--fix:#cf222e;--pull:#8250df}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;\n"
	"--muted:#9198a1;--line:#3d444d;--soft:#161b22;--link:#71b7ff;\n"
	"--bar:#5b8fd0;--rfc:#d29922;--resend:#b48cf8;--version:#71b7ff;\n"
	"--subsystem:#9198a1;--new:#3fb950;--reroll:#71b7ff;\n"
	"--applied:#3fb950;--reviewed:#56d364;--fix:#ff7b72;--pull:#b48cf8}}\n"
	"*,::before,::after{box-sizing:border-box}\n"
	"[hidden]{display:none!important}\n"
	"body{max-width:76em;margin:0 auto;padding:1em;\n"
	"font:16px/1.45 system-ui,sans-serif;color:var(--fg);\n"
	"background:var(--bg);overflow-wrap:anywhere}\n"
	"a{color:var(--link)}\n"
	"h1{font-size:1.5em;margin:.3em 0 .7em}\n"
	"h2{font-size:1.2em;margin:1.8em 0 .6em;padding-bottom:.2em;\n"
	"border-bottom:1px solid var(--line)}\n"
	"h3{font-size:1em;margin:1.2em 0 .3em}\n"
	"code,pre{font-family:ui-monospace,monospace;font-size:.9em}\n"
	".figures{display:flex;flex-wrap:wrap;gap:.6em;margin:0;padding:0;\n"
	"list-style:none}\n"
	".figures li{flex:1 1 6.5em;padding:.4em .7em;color:var(--muted);\n"
	"background:var(--soft);border:1px solid var(--line);\n"
	"border-radius:.5em}\n"
	".figure{display:block;color:var(--fg);font-size:1.6em;\n"
	"font-weight:600;font-variant-numeric:tabular-nums}\n"
	".figure code{font-size:.75em}\n"
	".pair{display:grid;\n"
	"grid-template-columns:minmax(0,auto) minmax(0,1fr);\n"
	"gap:1em 3em;align-items:start}\n"
	"@media (max-width:52em){.pair{grid-template-columns:minmax(0,1fr)}}\n"
	"table{width:100%;border-collapse:collapse}\n"
	".pair table{width:auto;justify-self:start}\n"
	/* the same columns in every group, but on a phone (below) */
	"@media (min-width:40.01em){table.series{table-layout:fixed}\n"
	"table.series th:first-child{width:6.5em}\n"
	"table.series th:nth-child(3),table.series th:nth-child(4)"
	"{width:12em}}\n"
	"th,td{padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"thead th{border-bottom:2px solid var(--line);white-space:nowrap}\n"
	"tbody tr:nth-child(even){background:var(--soft)}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums;\n"
	"white-space:nowrap}\n"
	"th button{all:unset;display:block;width:100%;cursor:pointer;\n"
	"text-align:inherit}\n"
	"th button:focus-visible{outline:2px solid var(--link)}\n"
	"th button::after{content:\" \\2195\";color:var(--muted)}\n"
	"th[aria-sort=ascending] button::after{content:\" \\25b2\"}\n"
	"th[aria-sort=descending] button::after{content:\" \\25bc\"}\n"
	"svg.bars{display:block;max-width:100%;height:auto}\n"
	"svg.bars rect{fill:var(--bar)}\n"
	"svg.bars text{font:12px system-ui,sans-serif;fill:var(--fg)}\n"
	/* a phone: a card a series, its count beside subject, tags, author */
	"@media (max-width:40em){table.series,table.series tbody"
	"{display:block}\n"
	"table.series thead tr{display:flex;flex-wrap:wrap}\n"
	"table.series thead th{padding:.1em .4em;border:0;font-size:.85em}\n"
	"table.series tbody tr{display:grid;\n"
	"grid-template-columns:auto minmax(0,1fr);padding:.3em 0;\n"
	"border-top:1px solid var(--line)}\n"
	"table.series td{display:block;padding:.05em .4em}\n"
	"table.series td:first-child{grid-row:span 3;min-width:2.5em}\n"
	"h1{font-size:1.3em}.figures{gap:.4em}.figures li{padding:.3em .5em;\n"
	"font-size:.9em}.figure{font-size:1.4em}}\n"
	".badge{display:inline-block;margin:0 .3em .15em 0;padding:0 .45em;\n"
	"color:var(--muted);border:1px solid;border-radius:.8em;\n"
	"font-size:.8em;line-height:1.45;white-space:nowrap}\n"
	".badge-rfc{color:var(--rfc)}.badge-resend{color:var(--resend)}\n"
	".badge-version{color:var(--version)}\n"
	".badge-subsystem{color:var(--subsystem)}\n"
	".badge-new{color:var(--new)}.badge-reroll{color:var(--reroll)}\n"
	".badge-incomplete{color:var(--resend)}\n"
	".note{display:block;font-size:.85em;color:var(--muted)}\n"
	".narrowed{color:var(--muted);margin:.2em 0 .6em}\n"
	".badge-applied{color:var(--applied)}\n"
	".badge-reviewed{color:var(--reviewed)}\n"
	".badge-fix{color:var(--fix)}.badge-pull{color:var(--pull)}\n"
	".filter{display:flex;flex-wrap:wrap;gap:.4em .8em;\n"
	"align-items:center;\n"
	"margin:.5em 0 1em}\n"
	".filter input{flex:1 1 12em;min-width:0;padding:.3em .5em;\n"
	"font:inherit;color:inherit;background:var(--bg);\n"
	"border:1px solid var(--line);border-radius:.3em}\n"
	".filter span{color:var(--muted)}\n"
	"details{margin:.5em 0;padding:.3em .8em;\n"
	"border:1px solid var(--line);\n"
	"border-radius:.4em}\n"
	"summary{cursor:pointer}\n"
	"pre{margin:.5em 0;padding:.6em;overflow-x:auto;overflow-wrap:normal;\n"
	"background:var(--soft);border-radius:.3em}\n"
	".skip{color:var(--muted)}\n"
	"@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;\n"
	"--muted:#333;--line:#999;--soft:#fff;--link:#000}\n"
	"body{max-width:none;padding:0;font-size:10pt}\n"
	".filter{display:none!important}.pair{display:block}\n"
	"th button::after{content:none}\n"
	"pre{white-space:pre-wrap;overflow:visible;border:1px solid #ccc}}\n"
	/* a rule of its own: a browser without ::details-content drops it */
	"@media print{details::details-content{display:block;\n"
	"content-visibility:visible}}\n";

/*
 * What script adds.  Written for this page alone and the same in every
 * page: it reads the document and never loads anything (the policy in
 * <head> would refuse it anyway).  No "//" in it: the tests look for URLs.
 */
static const char script[] =
	"(function () {\n"
	"'use strict';\n"
	"function each(list, f) { Array.prototype.forEach.call(list, f); }\n"
	"var box = document.getElementById('filter');\n"
	"var q = document.getElementById('filter-text');\n"
	"var count = document.getElementById('filter-count');\n"
	"function filter() {\n"
	"\tvar words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);\n"
	"\tvar shown = 0, all = 0;\n"
	"\teach(document.querySelectorAll('#patches .group'), function (g) {\n"
	"\t\tvar h = g.querySelector('h3'), any = false;\n"
	"\t\teach(g.querySelectorAll('tbody tr'), function (tr) {\n"
	"\t\t\tvar text = ((h ? h.textContent + ' ' : '') +\n"
	"\t\t\t\ttr.textContent).toLowerCase();\n"
	"\t\t\tvar ok = words.every(function (w) {\n"
	"\t\t\t\treturn text.indexOf(w) >= 0;\n"
	"\t\t\t});\n"
	"\t\t\ttr.hidden = !ok;\n"
	"\t\t\tall++;\n"
	"\t\t\tif (ok) { shown++; any = true; }\n"
	"\t\t});\n"
	"\t\tg.hidden = !any;\n"
	"\t});\n"
	"\tcount.textContent = words.length ?\n"
	"\t\tshown + ' of ' + all + ' series' : all + ' series';\n"
	"}\n"
	"if (box && q && count) {\n"
	"\tbox.hidden = false;\n"
	"\tq.addEventListener('input', filter);\n"
	"\tfilter();\n"
	"}\n"
	"each(document.querySelectorAll('table'), function (table) {\n"
	"\tvar head = table.tHead, body = table.tBodies[0];\n"
	"\tif (!head || !body) return;\n"
	"\teach(head.rows[0].cells, function (th, col) {\n"
	"\t\tvar b = document.createElement('button');\n"
	"\t\tb.type = 'button';\n"
	"\t\twhile (th.firstChild) b.appendChild(th.firstChild);\n"
	"\t\tth.appendChild(b);\n"
	"\t\tb.addEventListener('click', function () {\n"
	"\t\t\tvar up = th.getAttribute('aria-sort') !== 'ascending';\n"
	"\t\t\tvar num = th.classList.contains('n');\n"
	"\t\t\tfunction key(tr) {\n"
	"\t\t\t\tvar s = tr.cells[col].textContent.trim();\n"
	"\t\t\t\treturn num ? parseFloat(s) || 0 : s.toLowerCase();\n"
	"\t\t\t}\n"
	"\t\t\tvar rows = Array.prototype.slice.call(body.rows);\n"
	"\t\t\trows.sort(function (x, y) {\n"
	"\t\t\t\tvar a = key(x), c = key(y);\n"
	"\t\t\t\tvar d = num ? a - c : a.localeCompare(c);\n"
	"\t\t\t\treturn up ? d : -d;\n"
	"\t\t\t});\n"
	"\t\t\teach(rows, function (tr) { body.appendChild(tr); });\n"
	"\t\t\teach(head.rows[0].cells, function (c) {\n"
	"\t\t\t\tc.removeAttribute('aria-sort');\n"
	"\t\t\t});\n"
	"\t\t\tth.setAttribute('aria-sort', up ? 'ascending' : 'descending');\n"
	"\t\t});\n"
	"\t});\n"
	"});\n"
	"var opened = [];\n"
	"window.addEventListener('beforeprint', function () {\n"
	"\tvar closed = document.querySelectorAll('details:not([open])');\n"
	"\teach(closed, function (d) {\n"
	"\t\td.open = true;\n"
	"\t\topened.push(d);\n"
	"\t});\n"
	"});\n"
	"window.addEventListener('afterprint', function () {\n"
	"\topened.forEach(function (d) { d.open = false; });\n"
	"\topened = [];\n"
	"});\n"
	"}());\n";

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

/* One figure of the summary row: a count and what it counts. */
static void figure(struct kd_buf *out, size_t n, const char *one,
		   const char *many)
{
	kd_buf_addf(out, "<li><span class=\"figure\">%zu</span> %s</li>\n", n,
		    n == 1 ? one : many);
}

/* A figure that is a commit, as git abbreviates it. */
static void figure_commit(struct kd_buf *out, const char *abbrev,
			  const char *what)
{
	kd_buf_addstr(out, "<li><span class=\"figure\"><code>");
	html_text(out, *abbrev ? abbrev : "-");
	kd_buf_addf(out, "</code></span> %s</li>\n", what);
}

/* A figure that is a time: when the archive took a commit, in UTC. */
static void figure_time(struct kd_buf *out, int64_t when, const char *what)
{
	kd_buf_addstr(out, "<li><span class=\"figure\">");
	kd_render_day(out, when, 0);
	kd_buf_addf(out, "</span> %s</li>\n", what);
}

/* The figures of the summary (render.h's kd_render_summary()), a card each. */
static void summary(struct kd_buf *out, const struct kd_digest *d)
{
	if (d->narrowed) {
		kd_buf_addstr(out, "<p class=\"narrowed\">Narrowed to ");
		html_text(out, d->narrowed);
		kd_buf_addstr(out, "</p>\n");
	}
	kd_buf_addstr(out, "<ul class=\"figures\">\n");
	figure(out, d->messages, "message", "messages");
	figure(out, d->patches, "patch mail", "patch mails");
	figure(out, d->nr_series, "series", "series");
	figure(out, d->by_kind[KD_SEND_NEW], "new", "new");
	figure(out, d->by_kind[KD_SEND_REROLL], "reroll", "rerolls");
	figure(out, d->by_kind[KD_SEND_RESEND], "resend", "resends");
	figure(out, d->nr_applied, "applied", "applied");
	figure(out, d->reviewed, "reviewed", "reviewed");
	figure(out, d->nr_fixes, "fix", "fixes");
	figure(out, d->nr_pulls, "pull request", "pull requests");
	figure_time(out, d->first_arrival, "first arrival");
	figure_time(out, d->last_arrival, "last arrival");
	figure_commit(out, d->first_abbrev, "first commit");
	figure_commit(out, d->to_abbrev, "last commit");
	kd_buf_addstr(out, "</ul>\n");
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
 * The viewBox lets the chart shrink to a narrow column.
 */
static void chart(struct kd_buf *out, const char *id, const char *counted,
		  const char *what, const struct kd_count *c, size_t n)
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
		    "<title id=\"%s-chart\">%s per %s, "
		    "as a bar chart</title>\n",
		    label_width + BAR_MAX + COUNT_ROOM, n * ROW_HEIGHT,
		    label_width + BAR_MAX + COUNT_ROOM, n * ROW_HEIGHT, id, id,
		    counted, what);
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

/* What a count table counts: its heading's note, its column, its chart. */
struct counted {
	const char *based_on; /* one of the notes in render.h */
	const char *column;   /* "Patches", "Trailers" */
	const char *chart;    /* "Patch mails", "Trailers given" */
};

static const struct counted patch_mails = { KD_RENDER_BASED_ON_BODY,
					    "Patches", "Patch mails" };
static const struct counted trailers = { KD_RENDER_GIVEN_IN_REPLIES,
					 "Trailers", "Trailers given" };

/* The table and its chart side by side (stacked on a narrow screen). */
static void count_table(struct kd_buf *out, const char *id, const char *heading,
			const char *what, const char *per,
			const struct counted *k, const struct kd_count *c,
			size_t nr, int top)
{
	size_t i, n = kd_render_rows(nr, top);

	kd_buf_addf(out,
		    "<section id=\"%s\" class=\"counts\">\n"
		    "<h2>Top %d %s %s</h2>\n",
		    id, top, heading, k->based_on);
	if (!n) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	/* sorted by count, most first: aria-sort says so */
	kd_buf_addf(out,
		    "<div class=\"pair\">\n"
		    "<table>\n<thead><tr><th class=\"n\" "
		    "aria-sort=\"descending\">%s</th>"
		    "<th>%s</th></tr></thead>\n<tbody>\n",
		    k->column, what);
	for (i = 0; i < n; i++) {
		kd_buf_addf(out, "<tr><td class=\"n\">%zu</td><td>",
			    c[i].count);
		if (c[i].name)
			person(out, c[i].name, c[i].key);
		else
			html_text(out, c[i].key);
		kd_buf_addstr(out, "</td></tr>\n");
	}
	kd_buf_addstr(out, "</tbody>\n</table>\n");
	chart(out, id, k->chart, per, c, n);
	kd_buf_addstr(out, "</div>\n</section>\n");
}

/* The reviewers, as count rows: their names, addresses, trailers given. */
static struct kd_count *reviewer_rows(const struct kd_digest *d)
{
	struct kd_count *c = kd_calloc(d->nr_reviewers + 1, sizeof(*c));
	size_t i;

	for (i = 0; i < d->nr_reviewers; i++) {
		c[i].name = d->reviewers[i].name;
		c[i].key = d->reviewers[i].email;
		c[i].count = d->reviewers[i].count;
	}
	return c;
}

static void tables(struct kd_buf *out, const struct kd_digest *d, int top)
{
	struct kd_count *reviewers = reviewer_rows(d);

	count_table(out, "domains", "contributor Email domains", "Domain",
		    "domain", &patch_mails, d->domains, d->nr_domains, top);
	if (d->nr_orgs)
		count_table(out, "organisations", "organisations",
			    "Organisation", "organisation", &patch_mails,
			    d->orgs, d->nr_orgs, top);
	count_table(out, "contributors", "contributors", "Contributor",
		    "contributor", &patch_mails, d->contributors,
		    d->nr_contributors, top);
	if (d->bot_patches)
		kd_buf_addf(out,
			    "<p>Bots, not counted above: %zu patch mail%s."
			    "</p>\n",
			    d->bot_patches, d->bot_patches == 1 ? "" : "s");
	count_table(out, "reviewer-domains", "reviewer Email domains",
		    "Domain", "domain", &trailers, d->reviewer_domains,
		    d->nr_reviewer_domains, top);
	if (d->nr_reviewer_orgs)
		count_table(out, "reviewer-organisations",
			    "reviewer organisations", "Organisation",
			    "organisation", &trailers, d->reviewer_orgs,
			    d->nr_reviewer_orgs, top);
	count_table(out, "reviewers", "reviewers", "Reviewer", "reviewer",
		    &trailers, reviewers, d->nr_reviewers, top);
	free(reviewers);
}

/*
 * A badge of a series: `kind` is ours, one the style sheet has a colour
 * for (.badge-<kind>); `text` is escaped.
 */
static void badge(struct kd_buf *out, const char *kind, const char *text)
{
	kd_buf_addf(out, "<span class=\"badge badge-%s\">", kind);
	html_text(out, text);
	kd_buf_addstr(out, "</span>");
}

/* Does a patch mail of row `row` fix something or go to stable? */
static int fixes_something(const struct kd_digest *d, size_t row)
{
	size_t i;

	for (i = 0; i < d->nr_fixes; i++)
		if (d->fixes[i].row == row)
			return 1;
	return 0;
}

/* What the digest knows of a series, a badge each. */
static void badges(struct kd_buf *out, const struct kd_digest *d,
		   size_t row)
{
	const struct kd_series *s = &d->series[row];
	char text[64];

	if (s->kind == KD_SEND_REROLL) {
		snprintf(text, sizeof(text), "reroll v%d", s->version);
		badge(out, "reroll", text);
	} else {
		badge(out, kd_send_kind_names[s->kind],
		      kd_send_kind_names[s->kind]);
		if (s->version > 1) {
			snprintf(text, sizeof(text), "v%d", s->version);
			badge(out, "version", text);
		}
	}
	if (s->applied)
		badge(out, "applied", "applied");
	if (s->nr_reviews[KD_TRAILER_REVIEWED]) {
		snprintf(text, sizeof(text), "R-b %zu/%zu", s->patches_reviewed,
			 s->received);
		badge(out, "reviewed", text);
	}
	if (fixes_something(d, row))
		badge(out, "fix", "fix");
	if (s->rfc)
		badge(out, "rfc", "RFC");
	/* without rules every series is "other": no news in that */
	if (d->nr_groups)
		badge(out, "subsystem", s->subsystem);
}

static const struct kd_render_text html = { html_text, link };

/*
 * Under a series' subject: its earlier versions, and what happened to it
 * (render.h), each a line of its own when there is anything to say.
 */
static void series_notes(struct kd_buf *out, const struct kd_digest *d,
			 size_t row, const char *archive)
{
	const struct kd_series *s = &d->series[row];
	struct kd_buf reviews = KD_BUF_INIT;

	if (s->nr_previous) {
		kd_buf_addstr(out, "<span class=\"note\">");
		kd_render_history(out, s, d, archive, &html);
		kd_buf_addstr(out, "</span>");
	}
	kd_render_reviews(&reviews, s, d, row, &html);
	if (reviews.len)
		kd_buf_addf(out, "<span class=\"note\">%s</span>", reviews.buf);
	kd_buf_release(&reviews);
}

static void series_row(struct kd_buf *out, const struct kd_digest *d,
		       size_t row, const char *archive)
{
	const struct kd_series *s = &d->series[row];
	const char *mid = s->message_id;

	if (s->total < 0)
		kd_buf_addf(out, "<tr><td class=\"n\">%zu</td><td>",
			    s->received);
	else
		kd_buf_addf(out, "<tr><td class=\"n\">%zu/%d</td><td>",
			    s->received, s->total);
	link(out, s->subject, archive, mid);
	series_notes(out, d, row, archive);
	kd_buf_addstr(out, "</td><td>");
	badges(out, d, row);
	kd_buf_addf(out, "</td><td class=\"n\">%zu</td><td>", s->replies);
	html_text(out, *s->author.name ? s->author.name : s->author.email);
	kd_buf_addstr(out, "</td></tr>\n");
}

#define SERIES_HEADER                                                          \
	"<table class=\"series\">\n<thead><tr><th class=\"n\">Patches</th>"    \
	"<th>Series</th><th>Tags</th><th class=\"n\">Replies</th>"            \
	"<th>Author</th></tr></thead>\n<tbody>\n"
#define SERIES_FOOTER "</tbody>\n</table>\n"

/* Shown by the script alone: without it, a box that does nothing. */
#define FILTER_BOX                                                             \
	"<div id=\"filter\" class=\"filter\" hidden>\n"                        \
	"<label for=\"filter-text\">Filter the series</label>\n"               \
	"<input id=\"filter-text\" type=\"search\" "                           \
	"placeholder=\"subsystem, author or words\" autocomplete=\"off\">\n"   \
	"<span id=\"filter-count\" aria-live=\"polite\"></span>\n"             \
	"</div>\n"

/*
 * One row a series, under its subsystem when the configuration has some;
 * each group in a <div class="group"> that the filter hides when none of
 * its rows is left.
 */
static void patch_list(struct kd_buf *out, const struct kd_digest *d,
		       const char *archive)
{
	size_t g, i;

	kd_buf_addstr(out, "<section id=\"patches\">\n"
			   "<h2>Patch list in this time period</h2>\n");
	if (!d->nr_series) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	kd_buf_addstr(out, FILTER_BOX);
	if (!d->nr_groups) {
		kd_buf_addstr(out, "<div class=\"group\">\n" SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			series_row(out, d, i, archive);
		kd_buf_addstr(out, SERIES_FOOTER "</div>\n");
	}
	for (g = 0; g < d->nr_groups; g++) {
		kd_buf_addstr(out, "<div class=\"group\">\n<h3>");
		html_text(out, d->groups[g]);
		kd_buf_addstr(out, "</h3>\n" SERIES_HEADER);
		for (i = 0; i < d->nr_series; i++)
			if (!strcmp(d->series[i].subsystem, d->groups[g]))
				series_row(out, d, i, archive);
		kd_buf_addstr(out, SERIES_FOOTER "</div>\n");
	}
	kd_buf_addstr(out, "</section>\n");
}

/* What was applied, what fixes what, which pull requests came. */
static void applied(struct kd_buf *out, const struct kd_digest *d,
		    const char *archive)
{
	size_t i, k;

	kd_buf_addstr(out, "<section id=\"applied\">\n"
			   "<h2>Applied in this time period</h2>\n");
	if (!d->nr_applied) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	kd_buf_addstr(out, "<table>\n<thead><tr><th>Series</th><th>Tree</th>"
			   "<th>By</th><th>Commits</th></tr></thead>\n"
			   "<tbody>\n");
	for (i = 0; i < d->nr_applied; i++) {
		const struct kd_applied *a = &d->applied[i];

		kd_buf_addstr(out, "<tr><td>");
		link(out, a->subject, archive, a->message_id);
		kd_buf_addstr(out, "</td><td>");
		html_text(out, a->tree ? a->tree : "");
		kd_buf_addstr(out, "</td><td>");
		html_text(out, *a->by.name ? a->by.name : a->by.email);
		kd_buf_addstr(out, "</td><td>");
		for (k = 0; k < a->nr_commits; k++) {
			kd_buf_addstr(out, k ? " <code>" : "<code>");
			html_text(out, a->commits[k]);
			kd_buf_addstr(out, "</code>");
		}
		kd_buf_addstr(out, "</td></tr>\n");
	}
	kd_buf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

static void fixes(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i, k;

	kd_buf_addstr(out, "<section id=\"fixes\">\n"
			   "<h2>Fixes in this time period</h2>\n");
	if (!d->nr_fixes) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	kd_buf_addstr(out, "<table>\n<thead><tr><th>Patch</th><th>Author</th>"
			   "<th>Fixes</th><th>Stable</th></tr></thead>\n"
			   "<tbody>\n");
	for (i = 0; i < d->nr_fixes; i++) {
		const struct kd_fixing *f = &d->fixes[i];

		kd_buf_addstr(out, "<tr><td>");
		link(out, f->subject, archive, f->message_id);
		kd_buf_addstr(out, "</td><td>");
		html_text(out, *f->author.name ? f->author.name : f->author.email);
		kd_buf_addstr(out, "</td><td>");
		for (k = 0; k < f->nr_fixes; k++) {
			kd_buf_addstr(out, k ? "<br>\n<code>" : "<code>");
			html_text(out, f->fixes[k].commit);
			kd_buf_addstr(out, "</code>");
			if (f->fixes[k].subject) {
				kd_buf_addstr(out, " (\xe2\x80\x9c");
				html_text(out, f->fixes[k].subject);
				kd_buf_addstr(out, "\xe2\x80\x9d)");
			}
		}
		kd_buf_addf(out, "</td><td>%s</td></tr>\n",
			    f->stable ? "yes" : "");
	}
	kd_buf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

static void pulls(struct kd_buf *out, const struct kd_digest *d,
		  const char *archive)
{
	size_t i;

	kd_buf_addstr(out, "<section id=\"pulls\">\n"
			   "<h2>Pull requests in this time period</h2>\n");
	if (!d->nr_pulls) {
		kd_buf_addstr(out, "<p>None.</p>\n</section>\n");
		return;
	}
	kd_buf_addstr(out, "<table>\n<thead><tr><th>Pull request</th>"
			   "<th>From</th><th>Tree</th></tr></thead>\n"
			   "<tbody>\n");
	for (i = 0; i < d->nr_pulls; i++) {
		const struct kd_pull_request *p = &d->pulls[i];

		kd_buf_addstr(out, "<tr><td>");
		link(out, p->subject, archive, p->message_id);
		kd_buf_addstr(out, "</td><td>");
		html_text(out, *p->from.name ? p->from.name : p->from.email);
		kd_buf_addstr(out, "</td><td><code>");
		html_text(out, p->url ? p->url : "");
		if (p->ref) {
			kd_buf_addch(out, ' ');
			html_text(out, p->ref);
		}
		kd_buf_addstr(out, "</code></td></tr>\n");
	}
	kd_buf_addstr(out, "</tbody>\n</table>\n</section>\n");
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
			kd_buf_addf(out, "; %s)</p>\n",
				    kd_skip_why_names[h->why]);
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

/*
 * Nothing may be loaded, by anything on the page: only the inline style
 * sheet and script run.  No referrer goes to the archive with a click.
 */
#define HEAD_META                                                              \
	"<meta charset=\"utf-8\">\n"                                           \
	"<meta name=\"viewport\" "                                             \
	"content=\"width=device-width, initial-scale=1\">\n"                   \
	"<meta name=\"color-scheme\" content=\"light dark\">\n"                \
	"<meta http-equiv=\"Content-Security-Policy\" "                        \
	"content=\"default-src 'none'; style-src 'unsafe-inline'; "            \
	"script-src 'unsafe-inline'; base-uri 'none'; "                        \
	"form-action 'none'\">\n"                                              \
	"<meta name=\"referrer\" content=\"no-referrer\">\n"

void kd_render_html(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;

	kd_buf_addstr(out,
		      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" HEAD_META
		      "<title>");
	html_text(out, d->list_name);
	kd_buf_addf(out, " mailing list update from %s to %s</title>\n", from,
		    d->to_abbrev);
	kd_buf_addf(out, "<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
		    style);
	html_text(out, d->list_name);
	kd_buf_addf(out,
		    " mailing list update from <code>%s</code> to "
		    "<code>%s</code></h1>\n",
		    from, d->to_abbrev);
	summary(out, d);
	kd_buf_addstr(out, "</header>\n<main>\n");
	tables(out, d, o->top);
	patch_list(out, d, o->archive);
	applied(out, d, o->archive);
	fixes(out, d, o->archive);
	pulls(out, d, o->archive);
	heads(out, d, o->archive);
	kd_buf_addf(out, "</main>\n<script>\n%s</script>\n</body>\n</html>\n",
		    script);
}
