#ifndef KD_PATCHID_H
#define KD_PATCHID_H

#include <stddef.h>
#include <stdint.h>

/*
 * The patch id of a patch mail, to tell a resend from a reroll (SPEC.md,
 * "Resend"): two mails get equal ids exactly when `git patch-id --stable`
 * (git 2.39's builtin/patch-id.c) gives their texts equal ids.
 *
 * The rules are git's, followed line by line:
 * - nothing before the first line starting "diff " counts (the message,
 *   the notes, the diffstat); a line starting with 40 hex digits, alone
 *   or after "From " or "commit ", is where git's next patch begins:
 *   before any diff it is passed over, after one it ends the patch;
 * - "index " lines are not hashed (their ids are kept for binary
 *   diffs), nor are hunk headers: only their counts are read, to know
 *   where a hunk ends; "\ No newline at end of file" is skipped;
 * - of every other line all white space is removed (isspace() of the C
 *   locale), and what is left is hashed; line ends are not hashed, so
 *   "ab" + "c" is "a" + "bc", as in git;
 * - each file's diff, from its "diff " line up to the next, is hashed
 *   alone and the hashes summed, so the order of the files does not
 *   matter (--stable); a file whose diff has only header lines (a mode
 *   change) is hashed with the next one, as git does;
 * - the patch ends at the first line that cannot continue it: in a
 *   diff header a line not starting with a letter, after a hunk a line
 *   that is neither "@@ -" nor "diff " ("-- " before the signature, a
 *   blank line, a list footer);
 * - a binary diff ("GIT binary patch", "Binary files ... differ") is
 *   hashed as the ids of the "index " line before it, and what follows
 *   it is skipped up to the next "diff " line, however far, and that
 *   line too;
 * - a NUL byte ends its line, as C strings end in git.
 *
 * Where git hashes SHA-1 digests summed as 160-bit numbers, this hashes
 * each file with a 64-bit fingerprint (kd_hash64() of strmap.h), mixed,
 * and sums them modulo 2^64: equality is what matters, and for two different
 * patches it fails with odds of about 2^-64 a pair.  The id is no git
 * patch id and cannot be compared with one.
 *
 * One deviation: a binary diff with no "index " line before it in its
 * patch hashes the empty string here, where git hashes what its stack
 * holds.
 *
 * `text` is the decoded body of a patch mail (UTF-8 or not, LF line
 * ends), `len` bytes, read once; what a file hashes is gathered in one
 * buffer, the only allocation.  Returns 1 and sets `*id`, or returns 0
 * and sets `*id` to 0 when the text has no diff
 * (git patch-id prints nothing for it).
 */
int kd_patch_id(uint64_t *id, const char *text, size_t len);

#endif
