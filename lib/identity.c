/*
 * Identities: who a mailbox counts as, compiled once from the
 * configuration (and the repository's git mailmap), then asked for every
 * patch mail.
 *
 * Folding order, for a mailbox (name, address):
 * 1. The mailmaps, as one mailmap read in this order, later lines
 *    overriding earlier ones exactly as git's do: the files of
 *    identities.mailmap in the order given, then the repository's own
 *    (what `git shortlog` reads): .mailmap at the top of the work tree
 *    (not followed when a symbolic link), the blob named by mailmap.blob
 *    (HEAD:.mailmap by default in a bare repository), the file named by
 *    mailmap.file.
 * 2. The configuration's people, on what step 1 gave and then on what the
 *    mail said: first by address (a person's own email, then the aliases
 *    that hold an '@', any case), then by name (the other aliases,
 *    exactly, blanks at both ends trimmed).  A person's name wins, and so
 *    does their email (or, without one, their first address alias).
 * 3. The domain of the address, the part after the last '@', through the
 *    domain folds (kd_identities_domain); organisations are then looked
 *    up on the folded domain (kd_identities_org).
 * Bots are asked about separately, on "Name <address>" after folding.
 *
 * Why the mailmaps are parsed here and only looked up by libgit2:
 * libgit2 1.5 cannot add a buffer to an existing git_mailmap, and where it
 * reads one it differs from git: it compares addresses and names case-
 * sensitively (git: strcasecmp), and a later "Name <address>" line
 * replaces an earlier "<new> <address>" instead of merging with it.  So
 * the files are read with git's rules into a list that merges as git's
 * add_mapping() does, with addresses and matched names folded to ASCII
 * lower case (git's strcasecmp folds ASCII only), and the final entries go
 * into one git_mailmap through git_mailmap_add_entry(), which answers
 * git_mailmap_resolve() for a lowercased name and address.  The result
 * groups mails as `git shortlog -se` with the same files would; addresses
 * come out lowercased, as the digest counts them.
 *
 * What is tolerated, as git tolerates it:
 * - mailmap lines without a "<...>" pair, lines starting with '#', and
 *   text after the second pair are ignored; the first address must not be
 *   empty, the second may (but a mapping for the empty address cannot be
 *   expressed to libgit2 and is dropped: no mail has an empty address);
 * - a repository mailmap (.mailmap, mailmap.blob, mailmap.file) that is
 *   missing, unreadable or not a blob is silently skipped, as git warns
 *   and goes on; a relative mailmap.file is taken from the work tree (the
 *   git directory when bare).  A file named in identities.mailmap must be
 *   readable: that one is an error ("~/" is $HOME, a relative path is
 *   taken from the configuration file's directory);
 * - a NUL byte ends a line (a blob: the whole text), as in git; git cuts
 *   file lines at 1023 bytes, which is not copied: lines have any length;
 * - domain folds are exact (no subdomain matching: "linux.intel.com" must
 *   be named to fold); a chain a -> b -> c folds a to c; a loop stops at
 *   the last domain before the walk would repeat itself (a -> a: a);
 * - organisations fall back to parent domains, label by label, as gitdm
 *   does ("eng.example.com" is looked up as itself, then "example.com",
 *   then "com"), taking the most specific mapping that holds at the date;
 * - the same alias, address or domain given twice: the first one wins.
 *
 * The digest lowercases addresses before asking; resolve() does not rely
 * on it (it lowercases in a buffer on the stack when needed), but
 * kd_identities_domain() returns the caller's spelling of an unfolded
 * domain.
 *
 * Threads: once kd_identities_new() returns, nothing in a kd_identities
 * changes, so every query may be asked from several threads at once.
 * Resolving allocates nothing unless a name or address is longer than
 * 255 bytes; is_bot() allocates PCRE2's match data per call (when there
 * are bots), as lib/subsystem.c does.  kd_identities_new() holds a
 * git_libgit2_init() reference while a mailmap may be in use.
 *
 * Bot patterns are bounded as lib/subsystem.c's are, for the same reason
 * (a configuration is trusted, but "(a+)+$" must not hang a digest): a
 * match is cut at KD_PATTERN_MATCH_LIMIT steps or KD_PATTERN_DEPTH_LIMIT backtracking levels,
 * and then counts as no match.  The match context holding them is only
 * read by pcre2_match(), so threads share it.
 */
#include "identity.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "pattern.h"
#include "strmap.h"

/* One of identities.people: what a mail of theirs is counted as. */
struct configured_person {
	char *name;  /* NULL: the configuration gave none */
	char *email; /* lowercased; NULL: none known */
};

struct org {
	char *name;
	int64_t until; /* 0: always */
	size_t order;  /* in the configuration, to keep sorting stable */
};

struct org_domain {
	struct org *orgs; /* dated ones by `until`, then undated ones */
	size_t nr, alloc;
};

struct kd_identities {
	git_mailmap *mailmap; /* NULL: no mailmap entries */
	int libgit2_inited;

	struct configured_person *people;
	size_t nr_people;
	struct kd_strmap people_by_email; /* lowercased address -> person */
	struct kd_strmap people_by_name;  /* trimmed name -> person */

	/* domain (lowercased) -> index into domain_from/to, first given */
	struct kd_strmap domains;
	char **domain_from, **domain_to;
	const char **domain_fold; /* where each folds to, chains followed */
	size_t nr_domains;

	struct kd_strmap org_index; /* domain (lowercased) -> org_domain */
	struct org_domain *org_domains;
	size_t nr_org_domains, alloc_org_domains;

	pcre2_code **bots;
	size_t nr_bots;
	pcre2_match_context *limits; /* NULL: PCRE2's defaults */
};

/* Small helpers */

static char *lower_dup(const char *s)
{
	char *d = kd_strdup(s);

	kd_lowercase(d);
	return d;
}

/* Trimmed of blanks at both ends, in a new string. */
static char *trim_dup(const char *s)
{
	size_t len;

	while (kd_is_space((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && kd_is_space((unsigned char)s[len - 1]))
		len--;
	return kd_strndup(s, len);
}

/*
 * `s` or a copy of part of it, for a lookup: in `buf` (of `size` bytes)
 * when it fits, else in `*heap`, which the caller frees.
 */
static const char *scratch(const char *s, size_t len, char *buf, size_t size,
			   char **heap)
{
	char *d = len < size ? buf : (*heap = kd_malloc(len + 1));

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* `s` in ASCII lower case: `s` itself when it has no capital letter. */
static const char *lowered(const char *s, char *buf, size_t size, char **heap)
{
	const char *p = s;
	char *d;

	while (*p && !kd_is_upper((unsigned char)*p))
		p++;
	if (!*p)
		return s;
	d = (char *)scratch(s, strlen(s), buf, size, heap);
	kd_lowercase(d + (p - s));
	return d;
}

/* `s` without blanks at its ends: `s` itself when it has none. */
static const char *trimmed(const char *s, char *buf, size_t size, char **heap)
{
	size_t len = strlen(s), start = 0;

	while (start < len && kd_is_space((unsigned char)s[start]))
		start++;
	while (len > start && kd_is_space((unsigned char)s[len - 1]))
		len--;
	if (!start && !s[len])
		return s;
	return scratch(s + start, len - start, buf, size, heap);
}

/* Mailmaps, read with git's rules */

struct mm_entry {
	char *old_email; /* lowercased */
	char *old_name;	 /* lowercased; NULL: any name (git's simple entry) */
	char *new_name;
	char *new_email; /* lowercased */
};

struct mm_list {
	struct mm_entry *entries;
	size_t nr, alloc;
	struct kd_strmap index; /* old_email, or old_email "\n" old_name */
	struct kd_buf key;
};

#define MM_LIST_INIT                                                           \
	{                                                                      \
		NULL, 0, 0, KD_STRMAP_INIT, KD_BUF_INIT                        \
	}

static void mm_list_release(struct mm_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->entries[i].old_email);
		free(l->entries[i].old_name);
		free(l->entries[i].new_name);
		free(l->entries[i].new_email);
	}
	free(l->entries);
	kd_strmap_release(&l->index);
	kd_buf_release(&l->key);
}

static void replace(char **slot, const char *s, int lower)
{
	free(*slot);
	*slot = s ? kd_strdup(s) : NULL;
	if (*slot && lower)
		kd_lowercase(*slot);
}

/*
 * git's add_mapping(): a line with one pair maps an address to a name
 * and/or an address, merging with what earlier lines set for it; a line
 * with two pairs maps one (name, address) and replaces an earlier line
 * for the same pair.
 */
static void mm_add(struct mm_list *l, const char *new_name,
		   const char *new_email, const char *old_name,
		   const char *old_email)
{
	struct mm_entry *e;
	size_t i;

	if (!old_email) {
		old_email = new_email;
		new_email = NULL;
	}
	kd_buf_reset(&l->key);
	kd_buf_addstr(&l->key, old_email);
	if (old_name) {
		kd_buf_addch(&l->key, '\n');
		kd_buf_addstr(&l->key, old_name);
	}
	kd_lowercase(l->key.buf);

	i = kd_strmap_put(&l->index, l->key.buf, l->nr);
	if (i == l->nr) {
		KD_ALLOC_GROW(l->entries, l->nr + 1, l->alloc);
		e = &l->entries[l->nr++];
		memset(e, 0, sizeof(*e));
		e->old_email = lower_dup(old_email);
		e->old_name = old_name ? lower_dup(old_name) : NULL;
	}
	e = &l->entries[i];
	if (!old_name) {
		if (new_name)
			replace(&e->new_name, new_name, 0);
		if (new_email)
			replace(&e->new_email, new_email, 1);
	} else {
		replace(&e->new_name, new_name, 0);
		replace(&e->new_email, new_email, 1);
	}
}

/*
 * One "Name <address>" of a mailmap line, cut in place as git cuts it:
 * the name is what precedes '<' without blanks at its ends (NULL when
 * nothing is left), the address what lies between '<' and the next '>',
 * as it is.  Returns the rest of the line after '>', NULL when that is
 * empty or when there is no pair (then *email is NULL too).
 */
static char *mm_pair(char *s, char **name, char **email, int allow_empty)
{
	char *lt, *gt, *start, *end;

	*name = *email = NULL;
	lt = strchr(s, '<');
	if (!lt)
		return NULL;
	gt = strchr(lt + 1, '>');
	if (!gt || (gt == lt + 1 && !allow_empty))
		return NULL;

	start = s;
	while (start < lt && kd_is_space((unsigned char)*start))
		start++;
	end = lt;
	while (end > start && kd_is_space((unsigned char)end[-1]))
		end--;
	*name = end > start ? start : NULL;
	*end = '\0';
	*email = lt + 1;
	*gt = '\0';
	return gt[1] ? gt + 1 : NULL;
}

static void mm_line(struct mm_list *l, char *line)
{
	char *name1, *email1, *name2 = NULL, *email2 = NULL, *rest;

	if (line[0] == '#')
		return;
	rest = mm_pair(line, &name1, &email1, 0);
	if (rest)
		mm_pair(rest, &name2, &email2, 1);
	if (email1)
		mm_add(l, name1, email1, name2, email2);
}

/* `text` is modified; `blob`: it ends at its first NUL, as git reads it. */
static void mm_text(struct mm_list *l, char *text, size_t len, int blob)
{
	char *end = text + (blob ? strnlen(text, len) : len);

	while (text < end) {
		char *nl = memchr(text, '\n', end - text);

		if (!nl)
			nl = end;
		*nl = '\0';
		mm_line(l, text);
		text = nl + 1;
	}
}

/* "~/x" from $HOME; "x" from the configuration file's directory. */
static void config_relative(struct kd_buf *out, const char *path,
			    const char *config_path)
{
	const char *home = getenv("HOME"), *slash;

	kd_buf_reset(out);
	if (path[0] == '~' && path[1] == '/' && home) {
		kd_buf_addstr(out, home);
		kd_buf_addstr(out, path + 1);
	} else if (path[0] != '/' && config_path &&
		   (slash = strrchr(config_path, '/'))) {
		kd_buf_add(out, config_path, slash + 1 - config_path);
		kd_buf_addstr(out, path);
	} else {
		kd_buf_addstr(out, path);
	}
}

static int mm_read_config_files(struct mm_list *l, const struct kd_config *cfg)
{
	struct kd_buf path = KD_BUF_INIT, text = KD_BUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < cfg->nr_mailmaps; i++) {
		if (!cfg->mailmaps[i])
			continue;
		config_relative(&path, cfg->mailmaps[i], cfg->path);
		kd_buf_reset(&text);
		if (kd_buf_read_file(&text, path.buf, 0, 0) < 0) {
			kd_error_set("cannot read identities.mailmap[%zu] "
				     "'%s': %s",
				     i + 1, path.buf, strerror(errno));
			ret = KD_EINVALID;
			break;
		}
		mm_text(l, text.buf, text.len, 0);
	}
	kd_buf_release(&path);
	kd_buf_release(&text);
	return ret;
}

static void mm_read_blob(struct mm_list *l, git_repository *repo,
			 const char *rev)
{
	git_object *obj = NULL;

	if (!git_revparse_single(&obj, repo, rev) &&
	    git_object_type(obj) == GIT_OBJECT_BLOB) {
		const git_blob *blob = (const git_blob *)obj;
		size_t len = (size_t)git_blob_rawsize(blob);
		char *text = kd_strndup(git_blob_rawcontent(blob), len);

		mm_text(l, text, len, 1);
		free(text);
	}
	git_object_free(obj);
}

/* What `git shortlog` reads, in its order; whatever is missing is skipped. */
static void mm_read_repository(struct mm_list *l, git_repository *repo,
			       const struct kd_gitconfig *gitcfg)
{
	const char *workdir = git_repository_workdir(repo);
	int bare = git_repository_is_bare(repo);
	struct kd_buf path = KD_BUF_INIT, text = KD_BUF_INIT;
	git_config *config = NULL;
	char *blob = NULL, *file = NULL;
	const char *home = getenv("HOME");

	if (!bare && workdir) {
		kd_buf_addstr(&path, workdir);
		kd_buf_addstr(&path, ".mailmap");
		kd_buf_reset(&text);
		if (!kd_buf_read_file(&text, path.buf, 0, KD_READ_NOFOLLOW))
			mm_text(l, text.buf, text.len, 0);
	}

	if (gitcfg) {
		const char *v = kd_gitconfig_get(gitcfg, "mailmap.blob");
		if (v)
			blob = kd_strdup(v);
		v = kd_gitconfig_get(gitcfg, "mailmap.file");
		if (v && !strncmp(v, "~/", 2) && home) {
			kd_buf_addf(&path, "%s%s", home, v + 1);
			file = kd_buf_detach(&path, NULL);
		} else if (v) {
			file = kd_strdup(v);
		}
	} else if (!git_repository_config_snapshot(&config, repo)) {
		git_buf b = {NULL, 0, 0};
		const char *v;
		if (!git_config_get_string(&v, config, "mailmap.blob"))
			blob = kd_strdup(v);
		if (!git_config_get_path(&b, config, "mailmap.file"))
			file = kd_strdup(b.ptr);
		git_buf_dispose(&b);
	}
	if (!blob && bare)
		blob = kd_strdup("HEAD:.mailmap");
	if (blob)
		mm_read_blob(l, repo, blob);

	if (file) {
		kd_buf_reset(&path);
		if (file[0] != '/')
			kd_buf_addstr(&path,
				      workdir ? workdir
					      : git_repository_path(repo));
		kd_buf_addstr(&path, file);
		kd_buf_reset(&text);
		if (!kd_buf_read_file(&text, path.buf, 0, 0))
			mm_text(l, text.buf, text.len, 0);
	}

	free(file);
	free(blob);
	git_config_free(config);
	git_error_clear();
	kd_buf_release(&path);
	kd_buf_release(&text);
}

static int build_mailmap(struct kd_identities *ids, const struct kd_config *cfg,
			 git_repository *repo, const struct kd_gitconfig *gitcfg)
{
	struct mm_list l = MM_LIST_INIT;
	const char *n, *e;
	size_t i;
	int ret;

	ret = mm_read_config_files(&l, cfg);
	if (!ret && repo)
		mm_read_repository(&l, repo, gitcfg);
	if (ret || !l.nr)
		goto out;

	if (git_mailmap_new(&ids->mailmap) < 0) {
		kd_error_from_git("cannot make a mailmap");
		ret = KD_ERROR;
		goto out;
	}
	for (i = 0; i < l.nr; i++) {
		const struct mm_entry *m = &l.entries[i];

		/* git's "nothing to map", and what libgit2 cannot key */
		if ((!m->new_name && !m->new_email) || !*m->old_email)
			continue;
		if (git_mailmap_add_entry(ids->mailmap, m->new_name,
					  m->new_email, m->old_name,
					  m->old_email) < 0) {
			kd_error_from_git("cannot add to the mailmap");
			ret = KD_ERROR;
			goto out;
		}
	}
	/* Any lazy work of the lookup happens now, on one thread. */
	git_mailmap_resolve(&n, &e, ids->mailmap, "", "");
out:
	mm_list_release(&l);
	return ret;
}

/* People */

static void build_people(struct kd_identities *ids, const struct kd_config *cfg)
{
	size_t i, j;

	ids->people = kd_calloc(cfg->nr_people, sizeof(*ids->people));
	ids->nr_people = cfg->nr_people;

	/* Their own addresses first: they win over another's alias. */
	for (i = 0; i < cfg->nr_people; i++) {
		const struct kd_config_person *c = &cfg->people[i];
		struct configured_person *p = &ids->people[i];
		char *email;

		if (c->name) {
			p->name = trim_dup(c->name);
			if (!*p->name) {
				free(p->name);
				p->name = NULL;
			}
		}
		if (!c->email)
			continue;
		email = trim_dup(c->email);
		kd_lowercase(email);
		if (*email) {
			p->email = email;
			kd_strmap_put(&ids->people_by_email, email, i);
		} else {
			free(email);
		}
	}

	for (i = 0; i < cfg->nr_people; i++) {
		const struct kd_config_person *c = &cfg->people[i];
		struct configured_person *p = &ids->people[i];

		for (j = 0; j < c->nr_aliases; j++) {
			char *alias;

			if (!c->aliases[j])
				continue;
			alias = trim_dup(c->aliases[j]);
			if (!*alias) {
				free(alias);
				continue;
			}
			if (strchr(alias, '@')) {
				kd_lowercase(alias);
				/* their email: the first address they won */
				if (kd_strmap_put(&ids->people_by_email, alias,
						  i) == i &&
				    !p->email) {
					p->email = alias;
					alias = NULL;
				}
			} else {
				kd_strmap_put(&ids->people_by_name, alias, i);
			}
			free(alias);
		}
	}
}

/* Domain folds */

static void build_domains(struct kd_identities *ids,
			  const struct kd_config *cfg)
{
	size_t n = cfg->nr_domains, i;
	unsigned char *seen;

	ids->domain_from = kd_calloc(n, sizeof(*ids->domain_from));
	ids->domain_to = kd_calloc(n, sizeof(*ids->domain_to));
	ids->domain_fold = kd_calloc(n, sizeof(*ids->domain_fold));
	ids->nr_domains = n;
	for (i = 0; i < n; i++) {
		const struct kd_config_domain *d = &cfg->domains[i];

		ids->domain_from[i] = trim_dup(d->from ? d->from : "");
		kd_lowercase(ids->domain_from[i]);
		ids->domain_to[i] = trim_dup(d->to ? d->to : "");
		kd_lowercase(ids->domain_to[i]);
		kd_strmap_put(&ids->domains, ids->domain_from[i], i);
	}

	/* Follow each chain once, now, so that a lookup is one probe. */
	seen = kd_calloc(n, 1);
	for (i = 0; i < n; i++) {
		size_t at = i, next;

		memset(seen, 0, n);
		seen[at] = 1;
		for (;;) {
			next = kd_strmap_get(&ids->domains, ids->domain_to[at]);
			if (next == KD_STRMAP_NONE) {
				ids->domain_fold[i] = ids->domain_to[at];
				break;
			}
			if (seen[next]) {
				ids->domain_fold[i] = ids->domain_from[at];
				break;
			}
			seen[next] = 1;
			at = next;
		}
	}
	free(seen);
}

/* Organisations */

static int org_cmp(const void *a_, const void *b_)
{
	const struct org *a = a_, *b = b_;

	/* dated ones first, by date; undated last; ties as given */
	if (!a->until != !b->until)
		return !a->until ? 1 : -1;
	if (a->until != b->until)
		return a->until < b->until ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void build_orgs(struct kd_identities *ids, const struct kd_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nr_orgs; i++) {
		const struct kd_config_org *c = &cfg->orgs[i];
		struct org_domain *d;
		struct org *o;
		char *domain;
		size_t at;

		if (!c->domain || !c->name)
			continue;
		domain = trim_dup(c->domain);
		kd_lowercase(domain);
		at = kd_strmap_put(&ids->org_index, domain,
				   ids->nr_org_domains);
		free(domain);
		if (at == ids->nr_org_domains) {
			KD_ALLOC_GROW(ids->org_domains, at + 1,
				      ids->alloc_org_domains);
			memset(&ids->org_domains[at], 0, sizeof(*d));
			ids->nr_org_domains++;
		}
		d = &ids->org_domains[at];
		KD_ALLOC_GROW(d->orgs, d->nr + 1, d->alloc);
		o = &d->orgs[d->nr++];
		o->name = kd_strdup(c->name);
		o->until = c->until;
		o->order = i;
	}
	for (i = 0; i < ids->nr_org_domains; i++)
		KD_QSORT(ids->org_domains[i].orgs, ids->org_domains[i].nr,
			 org_cmp);
}

/* Bots */

static int build_bots(struct kd_identities *ids, const struct kd_config *cfg)
{
	size_t i;

	ids->bots = kd_calloc(cfg->nr_bots, sizeof(*ids->bots));
	if (cfg->nr_bots)
		ids->limits = kd_pattern_limits();
	for (i = 0; i < cfg->nr_bots; i++) {
		const struct kd_config_bot *b = &cfg->bots[i];
		struct kd_buf why = KD_BUF_INIT;
		pcre2_code *re;

		if (!b->pattern)
			continue;
		/*
		 * Addresses come from raw headers and need not be UTF-8:
		 * PCRE2_MATCH_INVALID_UTF lets them be matched safely.
		 */
		re = kd_pattern_compile(b->pattern,
					PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &why);
		if (!re) {
			if (b->line)
				kd_error_set("bad regular expression in "
					     "identities.bots[%zu] (line %d): "
					     "'%s': %s", i + 1, b->line,
					     b->pattern, why.buf);
			else
				kd_error_set("bad regular expression in "
					     "identities.bots[%zu] '%s': %s",
					     i + 1, b->pattern, why.buf);
			kd_buf_release(&why);
			return KD_EINVALID;
		}
		ids->bots[ids->nr_bots++] = re;
	}
	return 0;
}

/* The object */

int kd_identities_new(struct kd_identities **out, const struct kd_config *cfg,
		      git_repository *repo, const struct kd_gitconfig *gitcfg)
{
	static const struct kd_config empty = KD_CONFIG_INIT;
	struct kd_identities *ids = kd_calloc(1, sizeof(*ids));
	int ret;

	*out = NULL;
	if (!cfg)
		cfg = &empty;

	/* git_mailmap allocates through libgit2, which must be set up. */
	if (repo || cfg->nr_mailmaps) {
		git_libgit2_init();
		ids->libgit2_inited = 1;
	}
	if ((ret = build_bots(ids, cfg)) < 0 ||
	    (ret = build_mailmap(ids, cfg, repo, gitcfg)) < 0) {
		kd_identities_free(ids);
		return ret;
	}
	build_people(ids, cfg);
	build_domains(ids, cfg);
	build_orgs(ids, cfg);
	*out = ids;
	return 0;
}

void kd_identities_free(struct kd_identities *ids)
{
	size_t i, j;

	if (!ids)
		return;
	git_mailmap_free(ids->mailmap);
	if (ids->libgit2_inited)
		git_libgit2_shutdown();

	for (i = 0; i < ids->nr_people; i++) {
		free(ids->people[i].name);
		free(ids->people[i].email);
	}
	free(ids->people);
	kd_strmap_release(&ids->people_by_email);
	kd_strmap_release(&ids->people_by_name);

	for (i = 0; i < ids->nr_domains; i++) {
		free(ids->domain_from[i]);
		free(ids->domain_to[i]);
	}
	free(ids->domain_from);
	free(ids->domain_to);
	free(ids->domain_fold);
	kd_strmap_release(&ids->domains);

	for (i = 0; i < ids->nr_org_domains; i++) {
		for (j = 0; j < ids->org_domains[i].nr; j++)
			free(ids->org_domains[i].orgs[j].name);
		free(ids->org_domains[i].orgs);
	}
	free(ids->org_domains);
	kd_strmap_release(&ids->org_index);

	for (i = 0; i < ids->nr_bots; i++)
		pcre2_code_free(ids->bots[i]);
	free(ids->bots);
	pcre2_match_context_free(ids->limits);
	free(ids);
}

/* Queries */

#define SCRATCH 256

static size_t find_person(const struct kd_identities *ids, const char *email1,
			  const char *email2, const char *name1,
			  const char *name2)
{
	size_t p;

	if (!ids->nr_people)
		return KD_STRMAP_NONE;
	if ((p = kd_strmap_get(&ids->people_by_email, email1)) !=
	    KD_STRMAP_NONE)
		return p;
	if (email2 != email1 && (p = kd_strmap_get(&ids->people_by_email,
						   email2)) != KD_STRMAP_NONE)
		return p;
	if (*name1 &&
	    (p = kd_strmap_get(&ids->people_by_name, name1)) != KD_STRMAP_NONE)
		return p;
	if (name2 != name1 && *name2)
		p = kd_strmap_get(&ids->people_by_name, name2);
	return p;
}

void kd_identities_resolve(const struct kd_identities *ids, const char *name,
			   const char *email, const char **out_name,
			   const char **out_email)
{
	char ebuf[SCRATCH], nbuf[SCRATCH], lbuf[SCRATCH];
	char *eheap = NULL, *nheap = NULL, *lheap = NULL;
	const char *e, *n, *mapped_name = NULL, *mapped_email = NULL;
	size_t p;

	*out_name = NULL;
	*out_email = email;
	if (!ids)
		return;

	e = lowered(email ? email : "", ebuf, sizeof(ebuf), &eheap);
	n = trimmed(name ? name : "", nbuf, sizeof(nbuf), &nheap);

	if (ids->mailmap) {
		const char *key = lowered(n, lbuf, sizeof(lbuf), &lheap);
		const char *rn, *re;

		/* What comes back unchanged is our own key: not a mapping. */
		if (!git_mailmap_resolve(&rn, &re, ids->mailmap, key, e)) {
			if (rn != key)
				mapped_name = rn;
			if (re != e)
				mapped_email = re;
		}
	}

	/* (the mailmap's names are trimmed already) */
	p = find_person(ids, mapped_email ? mapped_email : e, e,
			mapped_name ? mapped_name : n, n);
	if (p != KD_STRMAP_NONE) {
		const struct configured_person *who = &ids->people[p];

		*out_name = who->name;
		if (who->email)
			*out_email = who->email;
		else if (mapped_email)
			*out_email = mapped_email;
	} else {
		*out_name = mapped_name;
		if (mapped_email)
			*out_email = mapped_email;
	}
	free(eheap);
	free(nheap);
	free(lheap);
}

int kd_identity_name_key(struct kd_buf *out, const char *name)
{
	size_t words = 0;
	int blank = 1;

	kd_buf_reset(out);
	if (!name || strchr(name, '@'))
		return 0;
	kd_buf_addch(out, '\001');
	for (; *name; name++) {
		if (kd_is_space(*name)) {
			blank = 1;
			continue;
		}
		if (blank && words++)
			kd_buf_addch(out, ' ');
		blank = 0;
		kd_buf_addch(out, kd_tolower(*name));
	}
	if (words < 2) {
		kd_buf_reset(out);
		return 0;
	}
	return 1;
}

const char *kd_identities_domain(const struct kd_identities *ids,
				 const char *email)
{
	const char *at, *domain, *key;
	char buf[SCRATCH], *heap = NULL;
	size_t i;

	if (!email || !(at = strrchr(email, '@')))
		return "";
	domain = at + 1;
	if (!ids || !ids->nr_domains)
		return domain;
	key = lowered(domain, buf, sizeof(buf), &heap);
	i = kd_strmap_get(&ids->domains, key);
	free(heap);
	return i == KD_STRMAP_NONE ? domain : ids->domain_fold[i];
}

static const char *org_at(const struct org_domain *d, int64_t when)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		if (!d->orgs[i].until || when < d->orgs[i].until)
			return d->orgs[i].name;
	return NULL;
}

const char *kd_identities_org(const struct kd_identities *ids,
			      const char *domain, int64_t when)
{
	const char *key, *name = NULL;
	char buf[SCRATCH], *heap = NULL;

	if (!ids || !ids->nr_org_domains || !domain)
		return NULL;
	key = lowered(domain, buf, sizeof(buf), &heap);
	while (*key) {
		size_t i = kd_strmap_get(&ids->org_index, key);
		const char *dot;

		if (i != KD_STRMAP_NONE &&
		    (name = org_at(&ids->org_domains[i], when)))
			break;
		if (!(dot = strchr(key, '.')))
			break;
		key = dot + 1;
	}
	free(heap);
	return name;
}

int kd_identities_is_bot(const struct kd_identities *ids, const char *name,
			 const char *email)
{
	char buf[512], *s = buf;
	pcre2_match_data *md;
	size_t nlen, elen, len, i;
	int found = 0;

	if (!ids || !ids->nr_bots)
		return 0;
	if (!name)
		name = "";
	if (!email)
		email = "";
	nlen = strlen(name);
	elen = strlen(email);
	len = (nlen ? nlen + 1 : 0) + elen + 2;
	if (len >= sizeof(buf))
		s = kd_malloc(len + 1);
	/* "Name <address>", or "<address>" when there is no name */
	if (nlen) {
		memcpy(s, name, nlen);
		s[nlen] = ' ';
	}
	s[nlen ? nlen + 1 : 0] = '<';
	memcpy(s + len - elen - 1, email, elen);
	s[len - 1] = '>';
	s[len] = '\0';

	md = pcre2_match_data_create(1, NULL);
	for (i = 0; md && !found && i < ids->nr_bots; i++)
		/*
		 * 0: a match whose offsets did not fit; we need none.  A
		 * limit hit is an error: no match.
		 */
		found = pcre2_match(ids->bots[i], (PCRE2_SPTR)s, len, 0, 0, md,
				    ids->limits) >= 0;
	pcre2_match_data_free(md);
	if (s != buf)
		free(s);
	return found;
}

int kd_identities_has_orgs(const struct kd_identities *ids)
{
	return ids && ids->nr_org_domains > 0;
}
