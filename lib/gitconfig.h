#ifndef KD_GITCONFIG_H
#define KD_GITCONFIG_H

#include <git2.h>

/*
 * git config as a git subcommand must see it.  `git -c key=value cmd`
 * hands the values to `cmd` in the environment (GIT_CONFIG_PARAMETERS,
 * and GIT_CONFIG_COUNT with GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> since
 * git 2.31), which libgit2 1.5 does not read.  These getters look there
 * first, the last setting winning as in git, then in the repository's
 * configuration.
 *
 * Keys compare as git compares them: section and name in any case,
 * a subsection exactly.
 */
struct kd_gitconfig;

/* Returns 0, or KD_EINVALID for a GIT_CONFIG_PARAMETERS git would refuse. */
int kd_gitconfig_open(struct kd_gitconfig **out, git_repository *repo);
void kd_gitconfig_free(struct kd_gitconfig *c);

/*
 * The value of `key`, or NULL when it is not set.  A key given with no
 * value (`git -c key cmd`) reads as "true".  The string is borrowed from
 * `c` and valid until the next call.
 */
const char *kd_gitconfig_get(const struct kd_gitconfig *c, const char *key);

/*
 * `key` as an integer with git's k/m/g suffixes.  Returns 0 and sets *out,
 * 1 when not set, or KD_EINVALID naming the key and the bad value.
 */
int kd_gitconfig_get_int(int *out, const struct kd_gitconfig *c,
			 const char *key);

/* The underlying libgit2 configuration (a snapshot), borrowed. */
git_config *kd_gitconfig_git(const struct kd_gitconfig *c);

#endif
