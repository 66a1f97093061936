#ifndef KD_RENDER_H
#define KD_RENDER_H

#include "buf.h"
#include "digest.h"

/*
 * The digest, written out.  Each renderer appends the whole digest to
 * `out`; none fails.  Strings from mail are safe already (message.h).
 */
struct kd_render_options {
	int top;             /* rows in the top tables; all rows in JSON */
	const char *archive; /* lore URL ending in '/', for links; or NULL */
};

/*
 * The notes after a top table's heading, the same in every format: what
 * its counts are counted from.
 */
#define KD_RENDER_BASED_ON_BODY "(Based on Email Body)"
#define KD_RENDER_GIVEN_IN_REPLIES \
	"(Reviewed-by, Acked-by, Tested-by given in replies)"

/* How many of `nr` rows a top table shows. */
static inline size_t kd_render_rows(size_t nr, int top)
{
	return nr < (size_t)top ? nr : (size_t)top;
}

/*
 * Pieces the formats share: how long before `now` a time was ("3 days
 * ago"); the day a time was in its zone ("2022-11-03"); the archive's
 * link of a message, or "<message-id>" when there is no archive.
 */
void kd_render_ago(struct kd_buf *out, int64_t when, int64_t now);
void kd_render_day(struct kd_buf *out, int64_t when, int tz);
void kd_render_link(struct kd_buf *out, const char *archive,
		    const char *message_id);

/* "no replies", "1 reply", "4 replies" */
void kd_render_replies(struct kd_buf *out, size_t n);

/* How a format writes text from mail, and a link to the archive. */
struct kd_render_text {
	void (*text)(struct kd_buf *out, const char *s);
	void (*link)(struct kd_buf *out, const char *text, const char *archive,
		     const char *message_id);
};

/*
 * A series' earlier versions, as the patch list says them: those of the
 * range newest first, the newest with how long ago it was, then the one
 * before the range with its day and link, and the older ones: "v4 3 days
 * ago, v3, v1 in this period; was v2 of 2022-11-03 <link>, v1 before".
 * Nothing when it has none.
 */
void kd_render_history(struct kd_buf *out, const struct kd_series *s,
		       const struct kd_digest *d, const char *archive,
		       const struct kd_render_text *fmt);

/*
 * What happened to a series' newest version, when anything did: "R-b 2/3:
 * Sean Christopherson, Paolo Bonzini; Acked-by: Marc Zyngier; applied to
 * kvm-x86 mmu".  Nothing when nothing did.  `row` is its index in `d`.
 */
void kd_render_reviews(struct kd_buf *out, const struct kd_series *s,
		       const struct kd_digest *d, size_t row,
		       const struct kd_render_text *fmt);

/*
 * The summary a digest opens with, as one line of text: "202 messages,
 * 2026-02-02 19:33 to 2026-02-04 03:11 UTC; 103 patch mails in 14 series
 * (9 new, 3 rerolls, 2 resends); 2 applied, 5 reviewed, 3 fixes, 1 pull
 * request".
 */
void kd_render_summary(struct kd_buf *out, const struct kd_digest *d);

/* The seeds' format (SPEC.md, "The digest"). */
void kd_render_classic(struct kd_buf *out, const struct kd_digest *d,
		       const struct kd_render_options *o);

/* Every fact of the digest, for scripts. */
void kd_render_json(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o);

/*
 * For posting: headings, the tables as Markdown tables, each body in a
 * fenced code block, links to the archive's copy of each head.
 */
void kd_render_markdown(struct kd_buf *out, const struct kd_digest *d,
			const struct kd_render_options *o);

/*
 * One self-contained HTML page (no script or style from the network): the
 * tables with bar charts in inline SVG, the patch list with links, each
 * body folded away in a <details> until opened.
 */
void kd_render_html(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o);

#endif
