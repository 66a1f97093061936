#ifndef KD_SUBJECT_H
#define KD_SUBJECT_H

#include <stddef.h>

/*
 * What a Subject says about the mail: a reply, a patch, and if a patch,
 * which one of which series (the rules of SPEC.md, "What counts").
 *
 * The subject given is already unfolded and decoded to UTF-8.
 *
 * - A reply starts with Re:, Fwd:, Fw:, Aw:, Antw:, Sv: or Vs: (any case,
 *   possibly repeated, "Re[2]:" too, white space before the colon allowed).
 * - A patch is not a reply, and one of its leading [...] groups holds the
 *   word PATCH in any case, alone or as a token's start or end after a
 *   non-letter (PATCH, PATCHv3, PATCHSET, RFC/PATCH, PATCH1/8, but not
 *   DISPATCH or PATCHES-unrelated words).
 * - Leading groups are peeled one after another ("[kvm-unit-tests PATCH v2
 *   3/5]", "[PATCH][RESEND]", "[PATCH net-next, 0/2]"); white space between
 *   them is allowed; tokens are split at blanks and commas.
 * - Tokens: version vN / VN / PATCHvN / "v5.1" (5); counter M/N (zero
 *   padding allowed, "00/37" is 0 of 37; "7/6" is kept as it is); RFC and
 *   RESEND in any case; everything else is kept, in order, as a prefix.
 * - The title is the rest of the subject, white space collapsed to single
 *   blanks and trimmed.  A subject that is not a patch has its title too:
 *   the subject without reply markers and leading groups.
 * - A pull request is not a reply, and one of its leading groups has the
 *   words GIT PULL, in any case ("[GIT PULL]", "[GIT PULL v2 1/2]").
 * Tolerated: unbalanced brackets (an unclosed "[" ends the groups and is
 * part of the title), empty groups, groups with no PATCH ("[GIT PULL]").
 */
struct kd_subject {
	unsigned int is_reply : 1;
	unsigned int is_patch : 1;
	unsigned int rfc : 1;
	unsigned int resend : 1;
	unsigned int is_pull : 1; /* not a reply; a group says GIT PULL */
	int version; /* 1 when not given */
	int index;   /* -1 when there is no counter */
	int total;   /* -1 when there is no counter */
	char *prefixes; /* other tokens, blank-separated; "" when none */
	char *title;
};

#define KD_SUBJECT_INIT { 0, 0, 0, 0, 0, 1, -1, -1, NULL, NULL }

/* Parse `subject` into `out` (which kd_subject_release() must free). */
void kd_subject_parse(struct kd_subject *out, const char *subject);
void kd_subject_release(struct kd_subject *s);

/*
 * `subject` past its reply markers ("Re: Re: [PATCH] x" is "[PATCH] x"):
 * the subject of the mail a reply answers.  Borrowed from `subject`.
 */
const char *kd_subject_unreplied(const char *subject);

/* Is it the head of a series: counter 0/N or 1/N, or none at all? */
int kd_subject_is_head(const struct kd_subject *s);

/*
 * Titles alike, for versions whose title changed a little (SPEC.md,
 * "Versions").  A title's *core* is what follows its leading subsystem
 * tags, each of one to three words ending in ':' ("KVM: PPC: Book3S HV:",
 * "kvmppc:"), in lower case: a core is the whole title when the tags
 * would leave nothing.  Two titles are alike when their cores are the
 * same, or when one of KD_TITLE_ALIKE_WORDS words or more has one word
 * the other has not, in place of one of its own or more ("Cancel pending
 * HDEC exception", "Cancel pending DEC exception", "Cancel DEC
 * exception").
 *
 * kd_title_alike_keys() calls `fn` with each key of `title`, two titles
 * alike sharing one: its core, then the core with each of its first
 * KD_TITLE_ALIKE_MAX words in turn left out; none for an empty title.  A
 * key is a string of `len` bytes, valid during the call.
 */
#define KD_TITLE_ALIKE_WORDS 4
#define KD_TITLE_ALIKE_MAX   24

typedef void kd_title_key_fn(const char *key, size_t len, void *payload);

void kd_title_alike_keys(const char *title, kd_title_key_fn *fn,
			 void *payload);

#endif
