#ifndef KD_PATCHBODY_H
#define KD_PATCHBODY_H

#include <stddef.h>

#include "buf.h"

/*
 * The parts of a patch mail's body (decoded to UTF-8, LF line ends) that a
 * digest uses: the in-body headers at its start, and the excerpt a digest
 * shows.
 */

/*
 * In-body pseudo-headers: git send-email and git format-patch put "From:",
 * "Date:" and "Subject:" lines at the start of the body (after optional
 * blank lines) when author and sender differ; a blank line ends them.
 * `from` and `subject` receive the raw values (not decoded, continuation
 * lines unfolded), and stay empty when absent.  `*end` is set to the
 * offset just after them (and the blank line that ends them), 0 when the
 * body does not start with one.
 *
 * Only "From:", "Date:", "Subject:" (and "Message-Id:", "Cc:" and "To:" after
 * one of them) count, so that ordinary text is not taken for headers: an
 * Outlook reply starting "From: X Sent: ..." is a header-looking line
 * too, which is why callers only ask this of patch mails.
 */
#define KD_INBODY_MAX (64 * 1024) /* bytes of an in-body header's value */

void kd_inbody_headers(struct kd_buf *from, struct kd_buf *subject,
		       size_t *end, const char *body, size_t len);

/*
 * The text of a patch mail or cover letter that a digest shows, appended to
 * `out`: the body after the in-body headers, up to and including the
 * diffstat's summary line (" 3 files changed, 19 insertions(+), 5
 * deletions(-)"), or, when there is no diffstat, up to the first line of
 * the diff itself ("diff --git", "Index: ", "--- a/" followed by "+++ "),
 * or, when there is neither, up to a signature ("-- " or "--" alone) or a
 * mailing list footer ("_______________" lines), else all of it.
 * Notes between "---" and the diffstat are kept; several "---" lines are
 * no trouble.  A line over KD_EXCERPT_LINE_MAX bytes is cut there, and an
 * excerpt stops at about KD_EXCERPT_MAX bytes, each cut marked.  Trailing
 * blank lines are dropped; the excerpt ends in a newline unless it is
 * empty.
 */
#define KD_EXCERPT_LINE_MAX 4096       /* a longer line ends in " [...]" */
#define KD_EXCERPT_MAX (1024 * 1024)   /* then "[... the rest is left out]" */

void kd_patch_excerpt(struct kd_buf *out, const char *body, size_t len);

/*
 * The paths a patch mail or cover letter touches, appended to `out` one
 * per line ("path\n"), in the order they first appear:
 * - the new side of "diff --git a/X b/Y" lines (Y), quoted names too;
 * - "+++ b/X" lines that follow a "--- " line (not "+++ /dev/null"; a
 *   name without "b/", from plain diff -u, loses its first component as
 *   patch -p1 would, and a tab and timestamp after it are dropped);
 * - the names of a diffstat, when it is one: a run of " NAME | N +-" or
 *   " NAME | Bin ..." lines ended by its summary line.  Renames give the
 *   new name ("a/{b => c}/d.c" is "a/c/d.c", "old => new" is "new"); a
 *   name git shortened stays ".../tail", unless a full path of the same
 *   body ends in "/tail", which then stands for it.
 * Paths are valid UTF-8: a byte of a quoted name's octal escapes that is
 * not becomes U+FFFD.  A path already appended by this call is not
 * repeated.  At most 1024 paths are taken from one body: a tree-wide
 * series touching more says nothing more about where it belongs.
 */
#define KD_PATCH_PATHS_MAX 1024
void kd_patch_paths(struct kd_buf *out, const char *body, size_t len);

#endif
