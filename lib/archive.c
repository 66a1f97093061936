/*
 * The archive walk: which commits a range holds, and which message blob
 * each one adds.
 */
#include "archive.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

static int lookup_commit(git_oid *out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	err = git_revparse_single(&obj, repo, rev);
	if (!err)
		err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (err) {
		git_object_free(obj);
		kd_error_set("bad revision '%s'", rev);
		return KD_ENOTFOUND;
	}
	git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

struct note_set {
	git_oid *ids;
	size_t nr, alloc;
};

static int collect_note(const git_oid *blob, const git_oid *annotated,
			void *payload)
{
	struct note_set *s = payload;

	KD_ALLOC_GROW(s->ids, s->nr + 1, s->alloc);
	git_oid_cpy(&s->ids[s->nr++], annotated);
	return 0;
}

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/*
 * The newest ancestor of `tip` with a note: walking in git log's order, the
 * first commit met that has one.
 */
static int newest_noted(git_oid *out, int *found, git_repository *repo,
			const git_oid *tip, const char *notes_ref)
{
	struct note_set set = { NULL, 0, 0 };
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	*found = 0;
	err = git_note_foreach(repo, notes_ref, collect_note, &set);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err) {
		kd_error_from_git("cannot read notes");
		return KD_ERROR;
	}
	if (!set.nr) {
		free(set.ids);
		return 0;
	}
	KD_QSORT(set.ids, set.nr, oid_cmp);

	if (git_revwalk_new(&walk, repo) || git_revwalk_push(walk, tip)) {
		kd_error_from_git("cannot walk history");
		err = KD_ERROR;
		goto done;
	}
	while (!(err = git_revwalk_next(&id, walk))) {
		if (bsearch(&id, set.ids, set.nr, sizeof(*set.ids), oid_cmp)) {
			git_oid_cpy(out, &id);
			*found = 1;
			break;
		}
	}
	err = err == GIT_ITEROVER || !err ? 0 : KD_ERROR;
	if (err)
		kd_error_from_git("cannot walk history");
done:
	git_revwalk_free(walk);
	free(set.ids);
	return err;
}

int kd_range_resolve(struct kd_range *out, git_repository *repo,
		     const char *spec, const char *notes_ref)
{
	const char *dots = strstr(spec, "..");
	int err;

	memset(out, 0, sizeof(*out));
	if (dots) {
		char *from;

		if (dots[2] == '.') {
			kd_error_set("symmetric ranges are not digests: '%s'",
				     spec);
			return KD_EUSAGE;
		}
		from = kd_strndup(spec, (size_t)(dots - spec));
		err = lookup_commit(&out->from, repo, *from ? from : "HEAD");
		free(from);
		if (err)
			return err;
		err = lookup_commit(&out->to, repo,
				    dots[2] ? dots + 2 : "HEAD");
		if (err)
			return err;
		out->has_from = 1;
	} else {
		err = lookup_commit(&out->to, repo, spec);
		if (err)
			return err;
		if (notes_ref) {
			err = newest_noted(&out->from, &out->has_from, repo,
					   &out->to, notes_ref);
			if (err)
				return err;
			out->from_note = out->has_from;
		}
	}
	if (out->has_from && !git_oid_equal(&out->from, &out->to) &&
	    git_graph_descendant_of(repo, &out->to, &out->from) != 1)
		out->diverged = 1;
	return 0;
}

static int is_hex2(const char *name)
{
	static const char hex[] = "0123456789abcdef";

	return strlen(name) == 2 && strchr(hex, name[0]) &&
	       strchr(hex, name[1]);
}

int kd_archive_layout(git_repository *repo, const git_oid *tip)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int layout = KD_EINVALID;
	size_t i, n;

	if (git_commit_lookup(&c, repo, tip) || git_commit_tree(&t, c))
		goto done;
	n = git_tree_entrycount(t);
	if (n == 1) {
		const git_tree_entry *e = git_tree_entry_byindex(t, 0);
		const char *name = git_tree_entry_name(e);
		if ((!strcmp(name, "m") || !strcmp(name, "d")) &&
		    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			layout = KD_LAYOUT_V2;
			goto done;
		}
	}
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		if (!is_hex2(git_tree_entry_name(e)) ||
		    git_tree_entry_type(e) != GIT_OBJECT_TREE)
			goto done;
	}
	if (n)
		layout = KD_LAYOUT_V1;
done:
	git_tree_free(t);
	git_commit_free(c);
	return layout;
}

static int use_revwalk(struct kd_walk *w);

static void set_invalid(git_repository *repo, const git_oid *id,
			const char *why)
{
	char abbrev[GIT_OID_HEXSZ + 1];

	kd_abbrev(abbrev, repo, id, 0);
	kd_error_set("commit %s is not a public-inbox message: %s", abbrev,
		     why);
}

struct added {
	git_oid blob;
	int found;
};

static int find_added(const git_diff_delta *d, float progress, void *payload)
{
	struct added *a = payload;

	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED)
		return 0;
	git_oid_cpy(&a->blob, &d->new_file.id);
	a->found = 1;
	return 0;
}

/* v1: the message a commit adds is the blob its tree has and its parent's does not. */
static int entry_v1(struct kd_entry *e, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_diff *diff = NULL;
	struct added a = { { { 0 } }, 0 };
	int err = KD_ERROR;

	if (git_commit_tree(&t, c))
		goto done;
	if (git_commit_parentcount(c) &&
	    (git_commit_parent(&parent, c, 0) || git_commit_tree(&pt, parent)))
		goto done;
	if (git_diff_tree_to_tree(&diff, git_commit_owner(c), pt, t, NULL) ||
	    git_diff_foreach(diff, find_added, NULL, NULL, NULL, &a))
		goto done;
	if (a.found)
		git_oid_cpy(&e->blob, &a.blob);
	else
		e->deleted = 1;
	err = 0;
done:
	if (err)
		kd_error_from_git("cannot read commit");
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(parent);
	return err;
}

/*
 * The walk.  public-inbox writes a straight line of commits, so the walk
 * follows first parents, reading each commit once, raw; the first merge
 * it meets hands the walk over to libgit2's revision walker, which orders
 * any history as git log does.
 */
struct kd_walk {
	git_repository *repo;
	git_odb *odb;
	git_revwalk *revwalk; /* NULL while the line is straight */
	struct kd_range range;
	git_oid next;         /* the next commit of the straight line */
	size_t emitted;
	int layout;
	int done;
};

static int push_range(git_revwalk *walk, const struct kd_range *r)
{
	if (git_revwalk_push(walk, &r->to) ||
	    (r->has_from && git_revwalk_hide(walk, &r->from))) {
		kd_error_from_git("cannot walk history");
		return KD_ERROR;
	}
	return 0;
}

int kd_walk_new(struct kd_walk **out, git_repository *repo,
		const struct kd_range *r)
{
	struct kd_walk *w;
	int layout = kd_archive_layout(repo, &r->to);

	*out = NULL;
	if (layout < 0) {
		kd_error_set("not a public-inbox archive: '%s'",
			     git_repository_path(repo));
		return KD_EINVALID;
	}
	w = kd_calloc(1, sizeof(*w));
	w->repo = repo;
	w->layout = layout;
	w->range = *r;
	git_oid_cpy(&w->next, &r->to);
	if (git_repository_odb(&w->odb, repo)) {
		kd_error_from_git("cannot open the object database");
		kd_walk_free(w);
		return KD_ERROR;
	}
	/* A not below B: what git log A..B lists takes the real walker */
	if (r->diverged && use_revwalk(w)) {
		kd_walk_free(w);
		return KD_ERROR;
	}
	*out = w;
	return 0;
}

/* Switch to libgit2's walker, past the commits given out already. */
static int use_revwalk(struct kd_walk *w)
{
	git_oid id;
	size_t i;

	if (git_revwalk_new(&w->revwalk, w->repo) ||
	    push_range(w->revwalk, &w->range)) {
		kd_error_from_git("cannot walk history");
		return KD_ERROR;
	}
	for (i = 0; i < w->emitted; i++)
		if (git_revwalk_next(&id, w->revwalk)) {
			kd_error_from_git("cannot walk history");
			return KD_ERROR;
		}
	return 0;
}

/*
 * A v1 entry, through libgit2's objects (it takes a tree diff); `*parents`
 * says how many parents the commit has, `parent` the first.
 */
static int entry_v1_commit(struct kd_entry *e, struct kd_walk *w,
			   const git_oid *id, git_oid *parent,
			   unsigned int *parents)
{
	const git_signature *sig;
	git_commit *c;
	int err;

	memset(e, 0, sizeof(*e));
	if (git_commit_lookup(&c, w->repo, id)) {
		kd_error_from_git("cannot read commit");
		return KD_ERROR;
	}
	git_oid_cpy(&e->commit, id);
	sig = git_commit_author(c);
	e->time = sig->when.time;
	e->tz = sig->when.offset;
	e->committed = git_commit_committer(c)->when.time;
	e->author = kd_strdup("");
	if (sig->email && *sig->email) {
		struct kd_buf who = KD_BUF_INIT;
		kd_buf_addf(&who, "%s <%s>", sig->name ? sig->name : "",
			    sig->email);
		free(e->author);
		e->author = kd_buf_detach(&who, NULL);
	}
	e->subject = kd_strdup(git_commit_message(c) ? git_commit_message(c) : "");
	err = entry_v1(e, c);
	*parents = git_commit_parentcount(c);
	if (*parents)
		git_oid_cpy(parent, git_commit_parent_id(c, 0));
	git_commit_free(c);
	if (err)
		kd_entry_release(e);
	return err;
}

/* "1770261578 -0800": seconds and the offset in minutes */
static void parse_when(int64_t *time, int *tz, const char *p, const char *end)
{
	long long t = 0;
	int sign;

	while (p < end && *p == ' ')
		p++;
	while (p < end && *p >= '0' && *p <= '9')
		t = t * 10 + (*p++ - '0');
	*time = t;
	while (p < end && *p == ' ')
		p++;
	if (end - p < 5 || (*p != '+' && *p != '-'))
		return;
	sign = *p == '-' ? -1 : 1;
	*tz = sign * ((p[1] - '0') * 600 + (p[2] - '0') * 60 +
		      (p[3] - '0') * 10 + (p[4] - '0'));
}

/*
 * The hex id after `key` ("tree ", "parent ") at the start of the commit
 * header line [p, nl), as git's skip_prefix() finds it; NULL when the
 * line is not `key` and a whole id.
 */
static const char *header_oid(const char *p, const char *nl, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(nl - p) < n + GIT_OID_HEXSZ || memcmp(p, key, n))
		return NULL;
	return p + n;
}

/*
 * A v2 tree holds one entry: "100644 m\0" and the blob's raw id ("d" for
 * a deleted message).  That is a mode of six digits and, after it, a
 * space, the one-letter name, its NUL and the id.
 */
#define V2_MODE_LEN (sizeof("100644") - 1)
/* " m\0" and the id: from the space after the mode to the end */
#define V2_ENTRY_AFTER_MODE (sizeof(" m") + GIT_OID_RAWSZ)

/*
 * A v2 commit read raw: its tree, parents, author and message, and the one
 * blob its tree holds.  `*parents` says how many parents it has, `parent`
 * the first.  Returns 0 or an error.
 */
static int entry_raw(struct kd_entry *e, struct kd_walk *w, const git_oid *id,
		     git_oid *parent, unsigned int *parents)
{
	git_odb_object *obj = NULL, *tobj = NULL;
	const char *p, *end, *nl, *hex;
	git_oid tree;
	int have_tree = 0;
	int err = KD_ERROR;

	memset(e, 0, sizeof(*e));
	*parents = 0;
	git_oid_cpy(&e->commit, id);
	if (git_odb_read(&obj, w->odb, id))
		goto git_error;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		kd_error_set("not a commit in the range");
		goto out;
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	for (; p < end && *p != '\n'; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((hex = header_oid(p, nl, "tree ")))
			have_tree =
				!git_oid_fromstrn(&tree, hex, GIT_OID_HEXSZ);
		else if ((hex = header_oid(p, nl, "parent "))) {
			if (!(*parents)++ &&
			    git_oid_fromstrn(parent, hex, GIT_OID_HEXSZ))
				goto bad;
		} else if (!memcmp(p, "author ", 7) && nl - p > 7) {
			const char *lt = memchr(p, '<', (size_t)(nl - p));
			const char *gt = lt ? memchr(lt, '>', (size_t)(nl - lt)) : NULL;
			if (!gt)
				goto bad;
			free(e->author);
			e->author = gt > lt + 1
					    ? kd_strndup(p + 7, (size_t)(gt + 1 - p - 7))
					    : kd_strdup("");
			parse_when(&e->time, &e->tz, gt + 1, nl);
		} else if (!memcmp(p, "committer ", 10)) {
			const char *gt = memchr(p, '>', (size_t)(nl - p));
			int tz = 0;
			if (gt)
				parse_when(&e->committed, &tz, gt + 1, nl);
		}
	}
	if (!have_tree)
		goto bad;
	if (!e->author)
		e->author = kd_strdup("");
	e->subject = kd_strndup(p + 1 < end ? p + 1 : end,
				p + 1 < end ? (size_t)(end - p - 1) : 0);

	/* the tree: one blob entry, "100644 m\0<20 bytes>", or d */
	if (git_odb_read(&tobj, w->odb, &tree))
		goto git_error;
	p = git_odb_object_data(tobj);
	end = p + git_odb_object_size(tobj);
	nl = memchr(p, ' ', (size_t)(end - p));
	if (!nl || (size_t)(nl - p) != V2_MODE_LEN || memcmp(p, "100", 3) ||
	    (size_t)(end - nl) != V2_ENTRY_AFTER_MODE ||
	    (nl[1] != 'm' && nl[1] != 'd') || nl[2] != '\0') {
		set_invalid(w->repo, id, "its tree is not one 'm' or 'd'");
		err = KD_EINVALID;
		goto out;
	}
	if (nl[1] == 'd')
		e->deleted = 1;
	else
		git_oid_fromraw(&e->blob,
				(const unsigned char *)nl + sizeof(" m"));
	err = 0;
	goto out;

bad:
	set_invalid(w->repo, id, "its commit cannot be read");
	err = KD_EINVALID;
	goto out;
git_error:
	kd_error_from_git("cannot read commit");
out:
	git_odb_object_free(tobj);
	git_odb_object_free(obj);
	if (err)
		kd_entry_release(e);
	return err;
}

/* The entry of commit `id`, in the archive's layout, and its parents. */
static int read_commit(struct kd_entry *e, struct kd_walk *w,
		       const git_oid *id, git_oid *parent,
		       unsigned int *parents)
{
	if (w->layout == KD_LAYOUT_V2)
		return entry_raw(e, w, id, parent, parents);
	return entry_v1_commit(e, w, id, parent, parents);
}

/* What next_straight() found, besides a negative error. */
enum straight {
	STRAIGHT_ENTRY = 0, /* the next commit of the line, in `e` */
	STRAIGHT_END = 1,   /* the line, and the range, ended */
	STRAIGHT_MERGE = 2, /* a merge: libgit2's walker must take over */
};

/* The next commit of the straight line. */
static int next_straight(struct kd_entry *e, struct kd_walk *w)
{
	git_oid parent;
	unsigned int parents;
	int err;

	if (w->done || (w->range.has_from && git_oid_equal(&w->next,
							   &w->range.from)))
		return STRAIGHT_END;
	err = read_commit(e, w, &w->next, &parent, &parents);
	if (err)
		return err;
	if (parents > 1) {
		kd_entry_release(e);
		return STRAIGHT_MERGE;
	}
	if (parents)
		git_oid_cpy(&w->next, &parent);
	else
		w->done = 1;
	return STRAIGHT_ENTRY;
}

int kd_walk_next(struct kd_walk *w, struct kd_entry *out, size_t max)
{
	unsigned int parents;
	git_oid id, parent;
	size_t n = 0;
	int err = 0;

	while (n < max) {
		if (!w->revwalk) {
			err = next_straight(&out[n], w);
			if (err == STRAIGHT_MERGE)
				err = use_revwalk(w);
			else if (err == STRAIGHT_END) {
				err = 0;
				break;
			} else {
				if (err)
					break;
				n++;
				w->emitted++;
				continue;
			}
			if (err)
				break;
		}
		err = git_revwalk_next(&id, w->revwalk);
		if (err == GIT_ITEROVER) {
			err = 0;
			break;
		}
		if (err) {
			kd_error_from_git("cannot walk history");
			err = KD_ERROR;
			break;
		}
		/* the revision walker knows the parents already */
		err = read_commit(&out[n], w, &id, &parent, &parents);
		if (err)
			break;
		n++;
		w->emitted++;
	}
	if (err) {
		while (n > 0)
			kd_entry_release(&out[--n]);
		return err < 0 ? err : KD_ERROR;
	}
	return (int)n;
}

int kd_walk_count(size_t *out, git_repository *repo, const struct kd_range *r)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	*out = 0;
	if (git_revwalk_new(&walk, repo)) {
		kd_error_from_git("cannot walk history");
		return KD_ERROR;
	}
	err = push_range(walk, r);
	while (!err && !(err = git_revwalk_next(&id, walk)))
		(*out)++;
	git_revwalk_free(walk);
	if (err == GIT_ITEROVER)
		return 0;
	if (err != KD_ERROR)
		kd_error_from_git("cannot walk history");
	return KD_ERROR;
}

void kd_walk_free(struct kd_walk *w)
{
	if (!w)
		return;
	git_revwalk_free(w->revwalk);
	git_odb_free(w->odb);
	free(w);
}

void kd_entry_release(struct kd_entry *e)
{
	free(e->subject);
	free(e->author);
	e->subject = e->author = NULL;
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

void kd_abbrev(char *out, git_repository *repo, const git_oid *id, int len)
{
	git_odb *odb = NULL;

	if (len <= 0)
		len = kd_abbrev_length(repo, NULL);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
	if (!git_repository_odb(&odb, repo)) {
		git_oid found;
		while (len < GIT_OID_HEXSZ &&
		       git_odb_exists_prefix(&found, odb, id, (size_t)len) ==
			       GIT_EAMBIGUOUS)
			len++;
		git_odb_free(odb);
	}
	out[len] = '\0';
}
