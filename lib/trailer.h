#ifndef KD_TRAILER_H
#define KD_TRAILER_H

#include <stddef.h>

#include "buf.h"

/*
 * The trailer lines of mail text that say who reviewed a patch, what a
 * patch fixes, and which b4 series it belongs to (SPEC.md, "Series,
 * threads and reviews").
 *
 * Text is given as the caller has it: decoded to UTF-8, LF line ends,
 * `len` bytes that need not be NUL-terminated and may hold NUL bytes.
 * Every function here reads it in one pass, line by line (a paragraph
 * read ahead at most once), allocates
 * only for what it returns, never fails, and keeps what it returns within
 * the bounds below, however the text is made.
 */

/* Trailers given: the review trailers of a reply's own text. */
enum kd_trailer_kind {
	KD_TRAILER_REVIEWED, /* "Reviewed-by:" */
	KD_TRAILER_ACKED,    /* "Acked-by:" */
	KD_TRAILER_TESTED,   /* "Tested-by:" */
	KD_TRAILER_NACKED,   /* "Nacked-by:" */
	KD_TRAILER_KINDS     /* how many there are, itself none */
};

struct kd_trailer {
	enum kd_trailer_kind kind;
	char *name;  /* as kd_mailbox_parse() gives it; "" when none */
	char *email; /* the address, ASCII-lowercased; never empty */
};

struct kd_trailers {
	struct kd_trailer *v;
	size_t nr, alloc;
};

#define KD_TRAILERS_INIT { NULL, 0, 0 }
#define KD_TRAILERS_MAX	     1024 /* trailers one call appends, at most */
#define KD_TRAILER_VALUE_MAX 1024 /* a longer value names no mailbox */

/*
 * Append to `out` the trailers given in `text`, the own text of a reply
 * (the caller has taken the quoted lines and the signature away: a
 * "> Reviewed-by:" line is here a line like any other, and is no trailer
 * only because it starts with '>').
 *
 * A trailer is a line of optional blanks (none in a paragraph that holds
 * an indented "Signed-off-by:", a commit message pasted in), then "Reviewed-by:",
 * "Acked-by:", "Tested-by:" or "Nacked-by:" (in any case), then a value
 * that names a mailbox: "Name <a@b>", "\"Last, First\" <a@b>", "a@b",
 * "a@b (Name)", read by kd_mailbox_parse().  What follows the mailbox is
 * a remark and is dropped ("<a@b> # arm64", "a@b [1]").  A value that
 * names no address ("Reviewed-by: me", "Acked-by: Name", an address
 * without its '@' or with blanks or "<>()[],;:\"\\" in it) makes no
 * trailer.  Each (kind, lowercased address) is appended once per call,
 * with the name of its first line, in the order of their first lines;
 * one address may give several kinds.
 */
void kd_trailers_given(struct kd_trailers *out, const char *text, size_t len);
void kd_trailers_release(struct kd_trailers *t);

/* "Reviewed-by" and so on, as git interpret-trailers spells them. */
const char *kd_trailer_kind_name(enum kd_trailer_kind kind);

/*
 * What a patch mail fixes: its "Fixes:" lines and whether it is Cc'd to
 * the stable trees, both read only in the commit message: `body` is the
 * text after the in-body headers (kd_inbody_headers()'s `end`), read up
 * to the first line that is "---" (format-patch's separator), the first
 * "diff --git " line or a "-- " signature, whichever comes first.  A Fixes line in the notes
 * after "---" or in the diff fixes nothing.
 *
 * A Fixes line: "Fixes:" (any case) at the start of a line, blanks, an
 * optional word "commit", then 8 to 40 hex digits ended by the end of
 * the line, a blank, '(', '"', ',', ':' or ';'.  Fewer digits (git's
 * 7-digit default of old, "Fixes: ?") or more are not a fix.  The
 * subject after the id:
 * - quoted, with or without parentheses: up to the last '"' of the line
 *   ("x" in `("x")`, `"x"`, `("x", 2017-06-26)`, `("Revert "x"")`);
 * - quoted and not closed on its line: the next line continues it when it
 *   is not blank, does not start like a trailer ("Word-by:") and holds
 *   the closing '"'; the two are joined by one blank; else the subject
 *   is the rest of its own line;
 * - in parentheses without quotes: up to the last ')';
 * - neither: the rest of the line, unless that starts with '#' (a remark
 *   such as "# v4.0"); empty or absent: NULL.
 * The same commit twice (or one id a prefix of another: "abcdef12" and
 * "abcdef1234") is one fix, the first line's.
 *
 * Stable: a "Cc:" line (any case, at the start of a line) whose mailbox
 * is stable@vger.kernel.org or stable@kernel.org (any case, with or
 * without <>, with or without a "# 6.1+" remark).
 */
struct kd_fix {
	char *commit;  /* hex digits as written, lowercased */
	char *subject; /* NULL when the line gives none */
};

struct kd_fixes {
	struct kd_fix *v;
	size_t nr, alloc;
	unsigned int stable : 1;
};

#define KD_FIXES_INIT { NULL, 0, 0, 0 }
#define KD_FIXES_MAX	   64	/* fixes one call appends, at most */
#define KD_FIX_SUBJECT_MAX 1024 /* bytes of a subject; longer is cut */

/*
 * Append the fixes of patch mail text `body` (after its in-body headers)
 * to `out` and set `out->stable` when it is Cc'd to stable (a flag never
 * cleared here).
 */
void kd_fixes_parse(struct kd_fixes *out, const char *body, size_t len);
void kd_fixes_release(struct kd_fixes *f);

/*
 * b4's change-id, the id b4 gives a series and keeps across its versions:
 * a line "change-id: 20240221-foo-bar-0123abcdef" after the first "---"
 * line of a cover letter or single patch (b4 writes it in the footer; a
 * "Change-Id: I..." line of Gerrit in a commit message is another
 * thing).  The key in any case, the value one token of 8 digits, '-',
 * then letters, digits, '.', '_' or '-', at most KD_CHANGE_ID_MAX bytes.
 * Appends the first such value to `out` and returns 1, or returns 0 and
 * leaves `out` alone.
 */
#define KD_CHANGE_ID_MAX 256
int kd_change_id(struct kd_buf *out, const char *text, size_t len);

#endif
