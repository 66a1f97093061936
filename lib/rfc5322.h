#ifndef KD_RFC5322_H
#define KD_RFC5322_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The header section of a message (RFC 5322), unfolded.
 *
 * Tolerated: LF or CRLF line ends (a CR before LF is dropped), a first line
 * that is an mbox "From " separator, lines without a colon (skipped), a
 * header section with no blank line after it (the whole input is header),
 * NUL bytes (kept; values are NUL-terminated, so readers see up to the
 * first NUL).  Bounded: at most KD_HEADERS_MAX fields and KD_HEADER_MAX
 * bytes a value; what is past these limits is dropped, and `truncated` says
 * so.
 */
#define KD_HEADERS_MAX 1024
#define KD_HEADER_MAX (64 * 1024)

struct kd_header_field {
	char *name;  /* as written */
	char *value; /* unfolded: line breaks before white space removed */
};

struct kd_headers {
	struct kd_header_field *fields;
	size_t nr, alloc;
	int truncated;
	/*
	 * When not NULL, the names (any case) of the only fields kept, ended
	 * by a NULL: the others are read past, never copied.  They count
	 * towards the limits all the same, so that what is kept, and
	 * `truncated`, are what parsing all fields would give.
	 */
	const char *const *only;
};

#define KD_HEADERS_INIT { NULL, 0, 0, 0, NULL }

/*
 * Parse the header section at the start of `msg`.  `*body_off` is set to the
 * offset of the first byte of the body (after the blank line), or `len`.
 * Fields are appended to `out` (call kd_headers_release() to reuse it).
 */
void kd_headers_parse(struct kd_headers *out, const char *msg, size_t len,
		      size_t *body_off);
void kd_headers_release(struct kd_headers *h);

/* The value of the first field called `name` (any case), or NULL. */
const char *kd_headers_get(const struct kd_headers *h, const char *name);

/*
 * A mailbox: display name decoded to UTF-8 (RFC 2047 words decoded,
 * quotes and backslash escapes removed, a trailing "(comment)" used as
 * the name when there is no other), and the address as written, trimmed.
 * Either may be empty, never NULL after kd_mailbox_parse().
 */
struct kd_mailbox {
	char *name;
	char *email;
};

#define KD_MAILBOX_INIT { NULL, NULL }

/*
 * Parse the first mailbox of an address list such as a From: value:
 * "Name <a@b>", "a@b (Name)", "\"Last, First\" <a@b>", "a@b".
 */
void kd_mailbox_parse(struct kd_mailbox *out, const char *value);
void kd_mailbox_release(struct kd_mailbox *m);

/*
 * An RFC 5322 date ("Wed, 4 Feb 2026 19:19:38 -0800"), leniently: the day
 * name optional, two-digit years, obsolete zone names (GMT, UT, EST, ...),
 * a missing seconds field, stray comments.  `*when` is seconds since the
 * epoch (UTC), `*tz_minutes` the zone's offset east of UTC.
 * Returns 0, or -1 when no date can be made of it.
 */
int kd_date_parse(int64_t *when, int *tz_minutes, const char *value);

/*
 * Days from 1970-01-01 to the date `y`-`m`-`d` of the proleptic Gregorian
 * calendar, negative before it; any year, also before 1 (year 0 is 1 BC).
 * `m` must be 1 to 12; a `d` past the month's end counts on into the
 * next (1970-01-32 is day 31).  Multiply by 86400 for seconds since the
 * epoch (UTC) at midnight.
 */
int64_t kd_days_from_civil(int64_t y, int m, int d);

/*
 * The first <msg-id> of a Message-ID, In-Reply-To or References value,
 * without its angle brackets and without the white space a fold left in
 * it; a value with no brackets is taken whole.  Encoded words are decoded
 * first (some mailers encode it).  Empty when there is none.
 */
void kd_msgid_first(struct kd_buf *out, const char *value);

/*
 * Every <msg-id> of a References or In-Reply-To value, as
 * kd_msgid_first() takes one, appended to `out` one after another, each
 * followed by a NUL byte; a value with no brackets gives its words.
 * At most `max` are kept, the first and the last `max - 1`: a References
 * field of thousands of ids says no more of a thread than its root and
 * the nearest ancestors.  Returns how many were appended.
 */
size_t kd_msgid_list(struct kd_buf *out, const char *value, size_t max);

#endif
