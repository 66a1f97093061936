#ifndef KD_IDENTITY_H
#define KD_IDENTITY_H

#include <git2.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "gitconfig.h"

/*
 * Who is who: the configuration's people, .mailmap files, domain folds,
 * organisations and bots, compiled once for a digest.
 *
 * The order of folding, for a mailbox (name, address):
 * 1. the mailmaps (git's rules, through libgit2's git_mailmap: the
 *    files the configuration names, then git's mailmap.file and
 *    mailmap.blob of the repository);
 * 2. the configuration's people: an alias that is an address matches the
 *    address (any case), one that is a name matches the name exactly;
 *    their own email matches too; the person's name and email win;
 * 3. the domain of the resulting address, folded by the domain map.
 * Bots are recognised on "Name <address>" after folding.
 */
struct kd_identities;

/*
 * Compile `cfg`'s identities for `repo` (NULL: no git mailmap), whose
 * mailmap.file and mailmap.blob are read from `gitcfg` (so that `git -c`
 * reaches them; NULL: the repository's own configuration).  Returns
 * 0; KD_EINVALID when a bot pattern does not compile ("bad regular
 * expression in identities.bots[2] '^syz(': missing closing parenthesis
 * at offset 5") or a mailmap file cannot be read.
 */
int kd_identities_new(struct kd_identities **out, const struct kd_config *cfg,
		      git_repository *repo, const struct kd_gitconfig *gitcfg);
void kd_identities_free(struct kd_identities *ids);

/*
 * Fold (name, email) into the identity it counts as.  `*out_name` and
 * `*out_email` are borrowed from `ids` or from the arguments, and live as
 * long as both do.  `*out_name` is NULL when nothing configured a name
 * (the digest then picks the name the address used most).
 */
void kd_identities_resolve(const struct kd_identities *ids, const char *name,
			   const char *email, const char **out_name,
			   const char **out_email);

/*
 * A person's name as a key for matching mail of one person sent from two
 * addresses (a v3 from linux.vnet.ibm.com, its v4 from linux.ibm.com):
 * "\001" and the name lowercased, one blank between its words, into
 * `out`.  Returns 0, leaving `out` empty, for a name of fewer than two
 * words, or one that is an address: those say too little of who sent it.
 */
int kd_identity_name_key(struct kd_buf *out, const char *name);

/* The domain an address counts under, folded; borrowed as above. */
const char *kd_identities_domain(const struct kd_identities *ids,
				 const char *email);

/*
 * The organisation of a (folded) domain at `when`, or NULL.  A mapping
 * with `until` holds for mail dated before it.
 */
const char *kd_identities_org(const struct kd_identities *ids,
			      const char *domain, int64_t when);

/* Whether "name <email>" is a bot. */
int kd_identities_is_bot(const struct kd_identities *ids, const char *name,
			 const char *email);

/* Whether any organisation is configured (the table is shown then). */
int kd_identities_has_orgs(const struct kd_identities *ids);

#endif
