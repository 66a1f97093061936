#ifndef KD_GITDATE_H
#define KD_GITDATE_H

#include <stdint.h>

/*
 * Dates as git's options read them: what `git log --since=<date>` and
 * `--until=<date>` take (git's "approxidate"), so that a window of a
 * digest is the window git would list.
 *
 * The forms, as git reads them:
 * - absolute: ISO-like "2026-11-01 12:00:00 +0100", "2026-11-01T12:00Z",
 *   RFC 2822 "Sun, 1 Nov 2026 12:00:00 +0100", "Nov 1 2026",
 *   "11/01/2026", "01.11.2026", "20261101", seconds since the epoch
 *   ("@1700000000": nine digits or more, or a zone after them, as in
 *   "@0 +0000"; "@1" is the 1st of this month, as git reads it);
 * - relative to `now`: "now", "yesterday", "N.unit.ago" and "N unit
 *   ago" (seconds, minutes, hours, days, weeks, months, years; "one" to
 *   "ten" and "last" for N), weekdays ("last monday"), "noon",
 *   "midnight", "tea" (17:00), "am"/"pm", "never" (the epoch).
 * A date or a time left out is taken from `now` as git does: a date with
 * no time of day ("2026-11-01") is that day at the time it is now, and a
 * time with no zone is local time (TZ).  Words that mean nothing are
 * skipped, as git skips them ("3 days ago" and "3 days" are one date).
 */

/*
 * Read `text` as a date, relative forms counted back from `now` (seconds
 * since the epoch).  Returns 0 and the date in `*out` (seconds since the
 * epoch, UTC); KD_EINVALID when nothing in `text` is a date (git's
 * "invalid timestamp"), with the message set.
 */
int kd_gitdate_parse(int64_t *out, const char *text, int64_t now);

#endif
