#ifndef KD_LORE_H
#define KD_LORE_H

#include <stddef.h>

#include "buf.h"

/*
 * Links into a public-inbox web archive such as lore.kernel.org: a
 * message is at "<archive><message-id>/", its id percent-encoded.
 */

/*
 * Append the URL of message `message_id` in `archive` (a URL ending in
 * '/').  The archive URL is kept as configured but for bytes no URL may
 * hold; of the message id only RFC 3986's unreserved characters and '@'
 * are kept ("a/b+c@d" is "a%2Fb%2Bc@d"), as public-inbox writes them.
 */
void kd_lore_url(struct kd_buf *out, const char *archive,
		 const char *message_id);

/*
 * The message id of a public-inbox URL of a message, the inverse of
 * kd_lore_url(): "https://lore.kernel.org/kvm/<id>/", ".../r/<id>",
 * ".../all/<id>/T/#u", ".../<id>/t.mbox.gz", "https://lkml.kernel.org/r/
 * <id>", "https://patch.msgid.link/<id>", http:// as well, and any host
 * whose path has a segment holding an '@' (public-inbox names messages
 * so; "%40" counts as one), but www.mail-archive.com, whose segment with
 * an '@' is a list's address.  The id is the first such segment (a path
 * segment ends at '/', '?' or '#'), percent-decoded.
 *
 * `url` is read up to its first blank, control, '<', '>' or '"', or
 * `len`; what ends it then is dropped when it is one of ">).,;:]'!?"
 * (a URL copied out of prose: "(see https://.../id@x/)." ).  Returns 1
 * and appends the id to `out`; returns 0, `out` untouched, when it is no
 * such URL, or the id would be empty, over KD_LORE_MSGID_MAX bytes, or
 * hold a blank, a control, '<' or '>' once decoded.
 */
#define KD_LORE_MSGID_MAX 998 /* RFC 5322's line limit */

int kd_lore_msgid(struct kd_buf *out, const char *url, size_t len);

/*
 * Links to earlier versions of a series in its cover letter or first
 * patch (SPEC.md, "Versions"): the message URLs (kd_lore_msgid()) on
 * lines that name a version, up to the first "diff --git " line.
 *
 * A line names a version by a token, outside its URLs, of:
 * - "vN" (1 to 3 digits, any case), also glued to RFC or PATCH ("RFCv2",
 *   "PATCHv3"), but not a kernel release: "v6.8", "v6.9-rc1" are none;
 * - "version N", "revision N";
 * - "previous", "prev", "last", "earlier", "older", "prior" or
 *   "original" before "version(s)", "revision(s)", "iteration",
 *   "posting", "series", "submission", "spin", "round" or "patchset":
 *   version 0, none named;
 * - "RFC" as a word, not before a number ("RFC 5322"): version 0.
 * A line that also says "based on", "on top of", "depends on",
 * "dependency", "prerequisite" or "requires" names a series the new one
 * needs, not an earlier version of it, and gives no link.
 *
 * On a line that names a version, each URL takes the version of the
 * nearest token before it on the line, else of the first one after it.
 * A footnote mark there ("[1]", "[*]") stands for the URL of the line
 * that starts with the same mark elsewhere in the text ("[1] https://...",
 * or "[1]" alone or with a title, the URL on the next non-blank line).
 * A version line without a URL or mark takes the URL of the next
 * non-blank line when that line is "Link: <URL>" ("Changes from v2",
 * then "Link: https://..."), or, when its text ends in ':' ("v2:",
 * "Link to v1:"), when that line holds nothing but the URL (bullets and
 * brackets aside: "  * https://...").  A bare one ("v4:", only version
 * tokens on it) takes the first such line within
 * KD_VERSION_HEADING_REACH lines, before the next version line: the
 * changes of v4, then the link to v4.
 *
 * Each message id is appended once per call, the first time, at most
 * KD_VERSION_LINKS_MAX of them; marks above KD_FOOTNOTES_MAX are none.
 */
struct kd_version_link {
	char *message_id;
	int version; /* N; 0 when the line names none ("previous version") */
};

struct kd_version_links {
	struct kd_version_link *v;
	size_t nr, alloc;
};

#define KD_VERSION_LINKS_INIT { NULL, 0, 0 }
#define KD_VERSION_LINKS_MAX	 64
#define KD_FOOTNOTES_MAX	 999
#define KD_VERSION_HEADING_REACH 40

void kd_version_links(struct kd_version_links *out, const char *text,
		      size_t len);
void kd_version_links_release(struct kd_version_links *l);

#endif
