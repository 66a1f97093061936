/*
 * The inbox: its epochs found, checked and opened; revisions looked up
 * across them; object names abbreviated as git abbreviates them.
 *
 * Tolerated: epochs cloned bare or with a work tree, a lowest epoch above
 * 0 (the older ones not mirrored), an epoch with no commit yet (the newest,
 * just begun), anything else in the inbox folder and in git/ (all.git,
 * msgmap.sqlite3, xap15/, a "0.git.tmp"): only folders named <N>.git in
 * git/ are epochs.  Refused: epochs with a gap (0.git and 2.git without
 * 1.git), which would splice two histories that do not follow each other.
 */
#include "inbox.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "buf.h"
#include "error.h"

/* The largest epoch number taken: lore's largest lists have dozens. */
#define EPOCH_MAX 1000000

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The N of "N.git", or -1 when `name` is no epoch's folder name. */
static int epoch_number(const char *name)
{
	const char *p = name;
	long n = 0;

	if (!kd_is_digit(*p) || (*p == '0' && kd_is_digit(p[1])))
		return -1;
	for (; kd_is_digit(*p); p++)
		if ((n = n * 10 + (*p - '0')) > EPOCH_MAX)
			return -1;
	return strcmp(p, ".git") ? -1 : (int)n;
}

static int int_cmp(const void *va, const void *vb)
{
	int a = *(const int *)va, b = *(const int *)vb;

	return a < b ? -1 : a > b;
}

/*
 * The epoch numbers in `dir`/git, sorted; how many (0: not an inbox
 * folder).  The caller frees `*out`.
 */
static size_t list_epochs(int **out, const char *dir)
{
	struct kd_buf path = KD_BUF_INIT;
	size_t nr = 0, alloc = 0, base;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	kd_buf_addf(&path, "%s/git/", dir);
	base = path.len;
	d = opendir(path.buf);
	while (d && (de = readdir(d))) {
		int n = epoch_number(de->d_name);

		kd_buf_setlen(&path, base);
		kd_buf_addstr(&path, de->d_name);
		if (n < 0 || !is_dir(path.buf))
			continue;
		KD_ALLOC_GROW(*out, nr + 1, alloc);
		(*out)[nr++] = n;
	}
	if (d)
		closedir(d);
	kd_buf_release(&path);
	KD_QSORT(*out, nr, int_cmp);
	return nr;
}

/*
 * The commit `rev` names in `repo`, peeled; -1, `*out` untouched and
 * libgit2's error cleared, when it names none.
 */
static int lookup_commit(git_oid *out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	err = git_revparse_single(&obj, repo, rev);
	if (!err)
		err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (!err)
		git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	git_error_clear();
	return err ? -1 : 0;
}

/* The tip of an epoch: the commit its HEAD names, when it has one. */
static void resolve_tip(struct kd_epoch *e)
{
	e->has_tip = !lookup_commit(&e->tip, e->repo, "HEAD");
}

static int open_epoch(struct kd_epoch *e, int number, const char *path)
{
	e->number = number;
	e->path = kd_strdup(path);
	if (git_repository_open_ext(&e->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) {
		const git_error *ge = git_error_last();
		kd_error_set("cannot open epoch '%s': %s", path,
			     ge && ge->message ? ge->message : "not a "
							       "repository");
		return KD_ERROR;
	}
	resolve_tip(e);
	return 0;
}

static struct kd_inbox *inbox_new(const char *path)
{
	struct kd_inbox *ib = kd_calloc(1, sizeof(*ib));

	ib->path = kd_strdup(path);
	pthread_mutex_init(&ib->packs_lock, NULL);
	return ib;
}

struct kd_packs *kd_inbox_packs(const struct kd_inbox *ib, size_t epoch)
{
	/* the packs are a cache of the inbox's, filled as it is read */
	struct kd_inbox *mut = (struct kd_inbox *)ib;
	struct kd_epoch *e = &mut->epochs[epoch];
	struct kd_packs *packs;

	pthread_mutex_lock(&mut->packs_lock);
	/* a failed open leaves NULL and its message, and is tried again */
	if (!e->packs)
		(void)kd_packs_open(&e->packs, e->repo);
	packs = e->packs;
	pthread_mutex_unlock(&mut->packs_lock);
	return packs;
}

/*
 * The inbox folder `dir`, its epochs opened; `current` is the number of
 * the epoch the tool was started in, or -1 for the newest.  Returns
 * KD_ENOTFOUND, with no message and `*out` untouched, when `dir` is no
 * inbox folder (git/ holds no epoch).
 */
static int open_folder(struct kd_inbox **out, const char *dir, int current)
{
	struct kd_inbox *ib;
	struct kd_buf path = KD_BUF_INIT;
	int *numbers;
	size_t nr = list_epochs(&numbers, dir), i;
	int err = 0;

	if (!nr) {
		free(numbers);
		return KD_ENOTFOUND;
	}
	ib = inbox_new(dir);
	for (i = 1; i < nr && !err; i++)
		if (numbers[i] != numbers[i - 1] + 1) {
			kd_error_set("epochs with a gap in '%s/git': %d.git "
				     "is missing between %d.git and %d.git",
				     dir, numbers[i - 1] + 1, numbers[i - 1],
				     numbers[i]);
			err = KD_EINVALID;
		}
	ib->epochs = kd_calloc(nr, sizeof(*ib->epochs));
	for (i = 0; i < nr && !err; i++) {
		kd_buf_reset(&path);
		kd_buf_addf(&path, "%s/git/%d.git", dir, numbers[i]);
		err = open_epoch(&ib->epochs[i], numbers[i], path.buf);
		ib->nr++;
		if (numbers[i] == current)
			ib->current = i;
	}
	if (current < 0)
		ib->current = nr - 1;
	kd_buf_release(&path);
	free(numbers);
	if (err) {
		kd_inbox_free(ib);
		return err;
	}
	*out = ib;
	return 0;
}

/* The folder of `repo`: its work tree, or for a bare one the repository. */
static char *repo_folder(git_repository *repo)
{
	const char *p = git_repository_workdir(repo);
	size_t n;

	if (!p)
		p = git_repository_path(repo);
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return kd_strndup(p, n);
}

/* The last component of `path` (which has no trailing slash). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The folder that `path` (with no trailing slash) is in, a new string. */
static char *dir_name(const char *path)
{
	size_t n = (size_t)(base_name(path) - path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return kd_strndup(path, n);
}

/*
 * The inbox folder whose epoch (<inbox>/git/<N>.git) or all.git
 * (<inbox>/all.git) the repository `folder` is by its name, a new string,
 * and `*number` the N of an epoch (else -1); NULL when its name is
 * neither.  Whether the folder holds epochs, open_folder() finds.
 */
static char *inbox_of(const char *folder, int *number)
{
	char *parent = dir_name(folder), *inbox = NULL;

	*number = epoch_number(base_name(folder));
	if (*number >= 0 && !strcmp(base_name(parent), "git"))
		inbox = dir_name(parent);
	else if (!strcmp(base_name(folder), "all.git"))
		inbox = kd_strdup(parent);
	free(parent);
	return inbox;
}

/*
 * The repository found: an epoch of an inbox folder, that inbox's
 * all.git, or a repository on its own.  Takes `repo` over.
 */
static int from_repository(struct kd_inbox **out, git_repository *repo)
{
	char *folder = repo_folder(repo), *inbox;
	struct kd_inbox *ib;
	int number, err;

	if ((inbox = inbox_of(folder, &number))) {
		err = open_folder(out, inbox, number);
		free(inbox);
		if (err != KD_ENOTFOUND) {
			git_repository_free(repo);
			free(folder);
			return err;
		}
	}
	ib = inbox_new(folder);
	ib->lone = 1;
	ib->nr = 1;
	ib->epochs = kd_calloc(1, sizeof(*ib->epochs));
	ib->epochs[0].path = folder;
	ib->epochs[0].repo = repo;
	resolve_tip(&ib->epochs[0]);
	*out = ib;
	return 0;
}

int kd_inbox_open(struct kd_inbox **out, const char *path)
{
	git_repository *repo = NULL;
	char cwd[4096];
	const char *where = path;
	int err;

	*out = NULL;
	if (!path && !getenv("GIT_DIR")) {
		if (!getcwd(cwd, sizeof(cwd))) {
			kd_error_set("cannot read the current directory: %s",
				     strerror(errno));
			return KD_ERROR;
		}
		where = cwd;
	}
	if (where && (err = open_folder(out, where, -1)) != KD_ENOTFOUND)
		return err;
	if (git_repository_open_ext(&repo, path,
				    path ? 0 : GIT_REPOSITORY_OPEN_FROM_ENV,
				    NULL)) {
		git_error_clear();
		kd_error_set("not a public-inbox archive: '%s' holds no "
			     "git/<N>.git epochs and is in no git repository",
			     where ? where : getenv("GIT_DIR"));
		return KD_ENOTFOUND;
	}
	return from_repository(out, repo);
}

void kd_inbox_free(struct kd_inbox *ib)
{
	size_t i;

	if (!ib)
		return;
	for (i = 0; i < ib->nr; i++) {
		kd_packs_free(ib->epochs[i].packs);
		git_repository_free(ib->epochs[i].repo);
		free(ib->epochs[i].path);
	}
	free(ib->epochs);
	free(ib->path);
	pthread_mutex_destroy(&ib->packs_lock);
	free(ib);
}

git_repository *kd_inbox_config_repo(const struct kd_inbox *ib)
{
	return ib->epochs[ib->current].repo;
}

/* A short object id: what could name commits in two epochs. */
static int is_short_id(const char *rev)
{
	size_t n = strlen(rev), i;

	if (n < 4 || n >= GIT_OID_HEXSZ)
		return 0;
	for (i = 0; i < n; i++)
		if (kd_hex_digit(rev[i]) < 0)
			return 0;
	return 1;
}

/* The newest epoch's commit that `rev` names, as libgit2 reads it. */
static int lookup_newest(size_t *epoch, git_oid *out,
			 const struct kd_inbox *ib, const char *rev)
{
	size_t i, found = ib->nr;
	git_oid id;

	for (i = ib->nr; i-- > 0;) {
		if (lookup_commit(&id, ib->epochs[i].repo, rev))
			continue;
		if (found == ib->nr) {
			found = i;
			git_oid_cpy(out, &id);
			/* a name (HEAD, master) is the newest epoch's */
			if (!is_short_id(rev))
				break;
		} else {
			kd_error_set("short object id '%s' is ambiguous: it "
				     "names a commit in %d.git and in %d.git",
				     rev, ib->epochs[i].number,
				     ib->epochs[found].number);
			return KD_ENOTFOUND;
		}
	}
	if (found == ib->nr)
		return -1;
	*epoch = found;
	return 0;
}

/*
 * `rev` as a name and a number of first parents back: "HEAD~3^" is HEAD
 * and 4.  Returns the length of the name, 0 when `rev` has no such
 * suffix or one with more in it (^2, ^{tree}): libgit2 reads those, in
 * one epoch.
 */
static size_t split_ancestry(const char *rev, size_t *back)
{
	size_t n = strlen(rev);

	*back = 0;
	while (n > 0) {
		size_t d = n, steps = 0, k;

		while (d > 0 && kd_is_digit(rev[d - 1]))
			d--;
		if (d == 0 || (rev[d - 1] != '~' && rev[d - 1] != '^'))
			break;
		for (k = d; k < n; k++)
			steps = steps * 10 + (size_t)(rev[k] - '0');
		if (d == n)
			steps = 1;
		else if (rev[d - 1] == '^' && steps > 1)
			return 0;
		*back += steps;
		n = d - 1;
	}
	return *back && n ? n : 0;
}

/*
 * `back` first parents back from commit `id` of `*epoch`: from an epoch's
 * first commit on to the tip of the epoch before.  Returns 0 or -1 when
 * the history is not that long.
 */
static int go_back(size_t *epoch, git_oid *id, const struct kd_inbox *ib,
		   size_t back)
{
	for (; back > 0; back--) {
		git_commit *c;
		size_t e = *epoch;

		if (git_commit_lookup(&c, ib->epochs[e].repo, id)) {
			git_error_clear();
			return -1;
		}
		if (git_commit_parentcount(c)) {
			git_oid_cpy(id, git_commit_parent_id(c, 0));
			git_commit_free(c);
			continue;
		}
		git_commit_free(c);
		do {
			if (e-- == 0)
				return -1;
		} while (!ib->epochs[e].has_tip);
		*epoch = e;
		git_oid_cpy(id, &ib->epochs[e].tip);
	}
	return 0;
}

int kd_inbox_lookup(size_t *epoch, git_oid *out, const struct kd_inbox *ib,
		    const char *rev)
{
	size_t back, n = split_ancestry(rev, &back);
	int err;

	if (n) {
		/* HEAD~500 counts back through the epochs before HEAD's */
		char *name = kd_strndup(rev, n);
		err = lookup_newest(epoch, out, ib, name);
		free(name);
		if (!err && go_back(epoch, out, ib, back))
			err = -1;
	} else {
		err = lookup_newest(epoch, out, ib, rev);
	}
	if (err == -1) {
		kd_error_set("bad revision '%s'", rev);
		return KD_ENOTFOUND;
	}
	return err;
}

/* What git's repo_approximate_object_count() counts: packed objects. */
static unsigned long packed_objects(git_repository *repo)
{
	struct kd_buf path = KD_BUF_INIT;
	unsigned long count = 0;
	struct dirent *de;
	size_t base;
	DIR *dir;

	kd_buf_addf(&path, "%sobjects/pack/", git_repository_commondir(repo));
	base = path.len;
	dir = opendir(path.buf);
	while (dir && (de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		unsigned char hdr[8 + 256 * 4];
		FILE *f;

		if (n < 4 || strcmp(de->d_name + n - 4, ".idx"))
			continue;
		kd_buf_setlen(&path, base);
		kd_buf_addstr(&path, de->d_name);
		f = fopen(path.buf, "rb");
		if (!f)
			continue;
		if (fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) &&
		    !memcmp(hdr, "\377tOc", 4)) {
			const unsigned char *p = hdr + 8 + 255 * 4;
			count += (unsigned long)p[0] << 24 | p[1] << 16 |
				 p[2] << 8 | p[3];
		}
		fclose(f);
	}
	if (dir)
		closedir(dir);
	kd_buf_release(&path);
	return count;
}

static int auto_abbrev(git_repository *repo)
{
	unsigned long count = packed_objects(repo);
	int bits = 0, len;

	while (count >> bits)
		bits++;
	/* git: 2^bits objects collide at 2^(bits/2); 4 bits a hex digit */
	len = (bits + 1) / 2;
	return len < 7 ? 7 : len;
}

int kd_abbrev_length(git_repository *repo, const char *core_abbrev)
{
	int len = -1;

	if (core_abbrev) {
		if (!strcmp(core_abbrev, "no") || !strcmp(core_abbrev, "false"))
			len = GIT_OID_HEXSZ;
		else if (strcmp(core_abbrev, "auto"))
			len = atoi(core_abbrev);
	}
	if (len < 0)
		len = auto_abbrev(repo);
	if (len < 4)
		len = 4;
	return len > GIT_OID_HEXSZ ? GIT_OID_HEXSZ : len;
}

/*
 * The length at which `id` is the only object of its prefix in `repo`
 * (`own`: `id` is in it; else no object of the prefix may be there).
 */
static int unique_length(git_repository *repo, const git_oid *id, int len,
			 int own)
{
	git_odb *odb = NULL;
	git_oid found;
	int err;

	if (git_repository_odb(&odb, repo)) {
		git_error_clear();
		return len;
	}
	while (len < GIT_OID_HEXSZ) {
		err = git_odb_exists_prefix(&found, odb, id, (size_t)len);
		if (err == GIT_EAMBIGUOUS ||
		    (!own && !err && !git_oid_equal(&found, id)))
			len++;
		else
			break;
	}
	git_error_clear();
	git_odb_free(odb);
	return len;
}

void kd_abbrev(char *out, git_repository *repo, const git_oid *id, int len)
{
	if (len <= 0)
		len = kd_abbrev_length(repo, NULL);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
	out[unique_length(repo, id, len, 1)] = '\0';
}

void kd_inbox_abbrev(char *out, const struct kd_inbox *ib, size_t epoch,
		     const git_oid *id, int len)
{
	size_t i;

	if (len <= 0)
		len = kd_abbrev_length(ib->epochs[epoch].repo, NULL);
	for (i = 0; i < ib->nr; i++)
		len = unique_length(ib->epochs[i].repo, id, len, i == epoch);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
	out[len] = '\0';
}
