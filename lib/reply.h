#ifndef KD_REPLY_H
#define KD_REPLY_H

#include <stddef.h>

#include "buf.h"

/*
 * What a reply says: its own text, whether it tells that the patches were
 * applied, and whether it is a ping.
 *
 * Each reads a reply's text as kd_mime_text() gives it (UTF-8, LF line
 * ends), takes time linear in its length, allocates nothing per line but
 * its output, and never fails: text that follows no rule here is plain
 * text (reply.c lists what is tolerated).  `text` need not be
 * NUL-terminated; NUL bytes in it are ordinary bytes.
 */

/*
 * Append to `out` the own text of a reply (SPEC.md, "Series, threads and
 * reviews"): its lines, but
 * - not quoted lines: '>' after optional blanks ("> >" too);
 * - nothing from a signature line on: "-- " or "--" alone;
 * - nothing from a mailing-list footer on: a line of 15 or more '_'
 *   whose next non-blank line (of the next three) names a list
 *   ("mailing list", "lists.", "listinfo");
 * - nothing from an Outlook quote on: a line "-----Original Message-----"
 *   (any case, two or more dashes, "Ursprüngliche Nachricht" too), or a
 *   "From:" line with a "Sent:" line among the next four ("Von:" and
 *   "Gesendet:" too).  A "From:"/"Sent:" block that opens the text (no
 *   line kept before it) heads an inline reply instead: that block alone,
 *   up to the first blank line, is left out.
 * Attribution lines ("On ..., X wrote:") are own text.  Kept lines are
 * copied as they are, each ended by LF; blank lines at the start and the
 * end are left out and a run of them inside is kept as one.  Valid UTF-8
 * in is valid UTF-8 out: only whole lines are left out.
 */
void kd_reply_own_text(struct kd_buf *out, const char *text, size_t len);

/*
 * An acceptance: the maintainer says the patches were applied (SPEC.md,
 * "Acceptance").  Every string is one line, valid UTF-8 when the own text
 * is, and safe for a terminal (kd_sanitize_line()); all of it belongs to
 * the acceptance and goes with kd_acceptance_release().
 */
struct kd_accepted_patch {
	unsigned int index, total; /* of b4's "[2/5] title" */
	char *title;               /* "KVM: x86: ...", "" when none */
	char *commit;              /* the id on the line after; NULL if none */
};

struct kd_acceptance {
	char *line;    /* the line that says it, trimmed */
	char *tree;    /* the tree or branch it names; NULL when none */
	char *release; /* the release it names ("6.10"); NULL when none */
	char *what;    /* the patches it names ("patches 1-3"); NULL if none */
	char **commits; /* the commit ids named after the line, in order */
	size_t commits_nr;
	struct kd_accepted_patch *patches; /* b4's per-patch lines, in order */
	size_t patches_nr;
};

#define KD_ACCEPTANCE_INIT { NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 }

#define KD_ACCEPT_LINES 3          /* lines past greetings looked at */
#define KD_ACCEPT_COMMITS_MAX 1024 /* ids kept, and b4 lines */
#define KD_ACCEPT_TEXT_MAX 512     /* bytes of a line or a title kept */
#define KD_ACCEPT_TREE_MAX 200     /* bytes of a tree, a release, a what */

/*
 * Does the own text `own` (kd_reply_own_text()) say that its sender
 * applied, queued, pushed, merged, took, picked up or pulled the patches
 * (or a pull request)?  Returns 1 and fills `out` when it does, 0 and
 * leaves `out` empty (as KD_ACCEPTANCE_INIT) when not; `out` need not be
 * initialized, and is released with kd_acceptance_release() either way.
 *
 * It says so in one of its first KD_ACCEPT_LINES non-blank lines past
 * greetings ("Hi Sean,", "Paolo,"), attributions ("On ..., X wrote:",
 * "Quoting X (date):", pr-tracker-bot's "The pull request you sent on
 * ...:") and "[...]", at the start of the line, past a greeting on it,
 * or at the start of one of its next few sentences, in words of one of
 * these shapes (any case, any blanks):
 *
 *   [LEAD] [I've|I have|We've|I|We] [now|just] VERB [PATCHES] REST
 *   [LEAD] [now|just] VERB REST
 *   [LEAD] PATCHES|"has been" [is|are|has been|...] VERB REST
 *
 * LEAD is "Thanks,", "Thanks for the fix,", "OK,", "Rebased, and".  VERB
 * is applied, pulled, queued, pushed, merged, taken, picked (up); "I
 * applied" and "I pulled" are a tester's words and no acceptance, "I
 * queued" a maintainer's.  PATCHES is "this", "it", "the series",
 * "patches 1-3", "1-20 and 22-28", "v2" and the like; before the verb,
 * it needs a noun or a number ("Series applied", "Patch 2 applied"; not
 * "This applies").  REST is any of "to TREE" ("into", "through", "via";
 * "in" too when the TREE says it is one, "in my kvm-ppc-next branch",
 * "in kvm/queue", and not after a bare "I"), "for RELEASE", "for now",
 * "now", "as fixes", "and VERB", "and PATCHES", and then the clause's
 * end: the line's end, ',', '.', ';', '!', ':', '(', a dash, "thanks",
 * "with ...", "but ...", "for the next ...", "and pull request sent",
 * "and I'll ...".  Anything else, a '?' above all, makes the line no
 * acceptance: not "Applied on top of kvm/next and tested", "applied?",
 * "Not applied yet", "I applied your patch and it crashes", "I've taken
 * it for a spin", "Applied in my setup", "Can this be applied", "Once
 * this is applied".
 *
 * `tree` is the first TREE: the words after "to", up to the clause's end
 * or a word such as "for", "with", "and", "thanks", "now"; a sentence's
 * final '.' is not in it, a one-word parenthesis after it is
 * ("https://github.com/kvm-x86/linux.git (mmu)"), a leading "my", "the"
 * or "our" and a trailing "branch", "tree" or "repo" are not ("my
 * kvm-ppc-next branch" is "kvm-ppc-next", "my tree" none).  A TREE of
 * more than five words or KD_ACCEPT_TREE_MAX bytes, or a local one,
 * makes the line no acceptance.  `release` is the version after "for"
 * ("Linux-6.10", "v5.6", "Linux 6.10"; "the 6.10 merge window" gives
 * "6.10").  `what` is PATCHES as written.  Those three are cut at
 * KD_ACCEPT_TREE_MAX bytes.
 *
 * `commits` are the ids the own text names after that line, lowercased,
 * each once: "commit: <id>" lines, and ".../commit/<id>",
 * ".../commit/?id=<id>" and ".../c/<id>" in URLs, an id being 7 to 40 hex
 * digits; at most KD_ACCEPT_COMMITS_MAX.  `patches` are b4's "[i/n]
 * title" lines after it, each with the first id of the next line (at
 * most KD_ACCEPT_COMMITS_MAX of them).  A line or a title is cut at
 * KD_ACCEPT_TEXT_MAX bytes, on a character's boundary.
 */
int kd_reply_acceptance(struct kd_acceptance *out, const char *own,
			size_t len);
void kd_acceptance_release(struct kd_acceptance *a);

#define KD_PING_LINES 4   /* lines of a ping, the nudge's included */
#define KD_PING_BYTES 400 /* bytes of them */

/*
 * Is the own text `own` a ping, a short nudge for attention?  Past blank
 * lines, greetings, attributions and sign-offs ("Thanks,", "Regards", and
 * at its end a name of up to two lines), it has at most KD_PING_LINES
 * lines of KD_PING_BYTES bytes in all, and one of them opens, or has a
 * sentence or a greeting ("Hi,", "Paolo,", "Michael, Fred,") before, one
 * of
 * - [just] [a|another|one more] [gentle|friendly|kind|polite|quick]
 *   ping, reminder, nudge or bump, as a word, followed by nothing, by
 *   punctuation, by "^2", "x3", by "on", "for", "about", "again", "this
 *   series" and the like, or by a name alone: "Ping?", "ping^2", "Ping
 *   on this", "Ping Paolo"; not "Ping the other CPU", "Bump the version",
 *   "Ping 10.0.0.1", "mapping", "pinging";
 * - "Any comments", "Any feedback", "Any update(s)", "Any news", "Any
 *   thoughts", "Any ideas", "Any objections" ..., "Is there any ...";
 *   "Any chance someone/this/of ..." (not "Any chance you have ...");
 * - on the first of those lines only: "Could/Can/Would someone/anyone/you
 *   [please] take a look/review/take/apply/queue/...".
 * Returns 1 when it is, 0 when not.
 */
int kd_reply_is_ping(const char *own, size_t len);

#endif
