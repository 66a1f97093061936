#ifndef KD_SANITIZE_H
#define KD_SANITIZE_H

#include <stddef.h>

#include "buf.h"

/*
 * Text from a mail, made safe to reach a terminal.
 *
 * A mail can carry escape sequences that would clear a maintainer's
 * screen, retitle the terminal or hide text.  Everything taken from a mail
 * goes through one of these before it is stored for a digest:
 * - C0 controls other than tab and newline, and DEL, are shown in caret
 *   notation ("^[" for ESC), as `cat -v` shows them;
 * - C1 controls (U+0080 to U+009F), which some terminals obey, become
 *   U+FFFD;
 * - the input is assumed valid UTF-8 (charset.h makes it so).
 */

/* Append `s` to `out`, keeping tabs and newlines. */
void kd_sanitize_text(struct kd_buf *out, const char *s, size_t len);

/*
 * Append `s` as one line: tabs and newlines become blanks, runs of white
 * space collapse to one blank, and the ends are trimmed.
 */
void kd_sanitize_line(struct kd_buf *out, const char *s, size_t len);

#endif
