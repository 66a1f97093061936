#ifndef KD_CONFIG_H
#define KD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The configuration of a digest (SPEC.md, "Configuration"): a YAML file
 * read with libyaml.  Every key is optional; a missing file section means
 * no folding, no grouping, and the built-in defaults.
 *
 *   list:        name, archive
 *   identities:  mailmap, people, domains, organisations, bots
 *   subsystems:  a list of {name, title, prefix, files}
 *   output:      format, top, notes_ref
 *
 * Strings are UTF-8 and owned by the kd_config.
 */
struct kd_config_person {
	char *name;
	char *email;     /* may be NULL */
	char **aliases;  /* addresses (with an '@') or names */
	size_t nr_aliases;
	int line;        /* where it was defined, for messages */
	size_t alloc_aliases;
};

struct kd_config_domain {
	char *from; /* "linux.intel.com" */
	char *to;   /* "intel.com" */
};

struct kd_config_org {
	char *domain;
	char *name;
	int64_t until; /* seconds since the epoch, UTC; 0: always */
	int line;
};

struct kd_config_subsystem {
	char *name;
	char *title;  /* a PCRE2 pattern, or NULL */
	char **files; /* globs; ** crosses directories */
	size_t nr_files;
	int line, title_line, title_column; /* of the rule and its pattern */
	/* a PCRE2 pattern on the subject's other tags ("kvm-unit-tests") */
	char *prefix;
	int prefix_line;
	size_t alloc_files;
};

struct kd_config_bot {
	char *pattern; /* PCRE2, matched on "Name <address>" */
	int line, column;
};

struct kd_config {
	char *path; /* the file read; NULL when none was */

	char *list_name; /* NULL: not set */
	char *archive;   /* lore URL with a trailing '/', or NULL */

	char **mailmaps;
	size_t nr_mailmaps, alloc_mailmaps;
	struct kd_config_person *people;
	size_t nr_people, alloc_people;
	struct kd_config_domain *domains;
	size_t nr_domains, alloc_domains;
	struct kd_config_org *orgs;
	size_t nr_orgs, alloc_orgs;
	struct kd_config_bot *bots;
	size_t nr_bots, alloc_bots;

	struct kd_config_subsystem *subsystems;
	size_t nr_subsystems, alloc_subsystems;

	char *format;    /* NULL: not set */
	int top;         /* 0: not set */
	char *notes_ref; /* NULL: not set */
};

#define KD_CONFIG_INIT { 0 }

/*
 * Read the YAML file at `path` into `out` (which must be KD_CONFIG_INIT or
 * released).  An empty file, or one holding only `{}`, defines nothing.
 *
 * Returns 0; KD_ENOTFOUND when there is no such file; KD_ERROR when it
 * cannot be read (a directory, no permission); KD_EINVALID for a file
 * over 16 MiB, malformed YAML, an unknown key, or a value of the wrong
 * type.  The message names the file, line and column the way compilers do:
 * "kvmdigest.yaml:12:5: unknown key 'nmae' in 'identities.people'".
 * Nothing is left in `out` on error.
 */
int kd_config_load(struct kd_config *out, const char *path);

/* Same, from memory; `name` is what messages call the file. */
int kd_config_parse(struct kd_config *out, const char *name,
		    const char *yaml, size_t len);

void kd_config_release(struct kd_config *c);

/*
 * Which file is in force, in SPEC.md's order: `given` (--config), then
 * `from_git` (git config kvmdigest.config), either used whether it exists
 * or not (reading it then says what is wrong); then, the first that
 * exists: kvmdigest.yaml in `gitdir`, the user's
 * $XDG_CONFIG_HOME/kvmdigest/kvmdigest.yaml (~/.config when unset), and
 * each of `defaults` (the installed default).  Returns 0 with the path in
 * `out`, or 1 when there is none.
 */
int kd_config_locate(struct kd_buf *out, const char *given,
		     const char *from_git, const char *gitdir,
		     const char *const *defaults, size_t nr_defaults);

/* A summary of what the configuration defines, for --check-config. */
void kd_config_describe(struct kd_buf *out, const struct kd_config *c);

#endif
