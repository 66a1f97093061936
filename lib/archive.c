/*
 * The archive walk: which commits a range holds, and which message blob
 * each one adds.
 */
#include "archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

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
 * The part of a range in one epoch: the history of `tip` less that of
 * `hide`.  The range's end is the tip of its epoch's part; each epoch
 * before it is walked from its own tip, the epoch of the range's start
 * down to the start.
 */
struct segment {
	size_t epoch;
	git_oid tip, hide;
	int has_hide;
	int diverged; /* `hide` is not in the history of `tip` */
};

/* The part of `r` in `epoch`; 0 when it has none (an empty epoch). */
static int segment_of(struct segment *s, const struct kd_inbox *ib,
		      const struct kd_range *r, size_t epoch)
{
	memset(s, 0, sizeof(*s));
	s->epoch = epoch;
	if (epoch == r->to_epoch)
		git_oid_cpy(&s->tip, &r->to);
	else if (ib->epochs[epoch].has_tip)
		git_oid_cpy(&s->tip, &ib->epochs[epoch].tip);
	else
		return 0;
	if (r->has_from && epoch == r->from_epoch) {
		git_oid_cpy(&s->hide, &r->from);
		s->has_hide = 1;
		/* said of this epoch's `tip` (inbox.h) */
		s->diverged = r->diverged;
	}
	return 1;
}

/* How many epochs `r` spans, its end's first: 0 for an empty range. */
static size_t epochs_of(const struct kd_range *r)
{
	size_t low = r->has_from ? r->from_epoch : 0;

	if (r->empty || low > r->to_epoch)
		return 0;
	return r->to_epoch - low + 1;
}

/*
 * The walk.  public-inbox writes a straight line of commits, so the walk
 * follows first parents, reading each commit once, raw; the first merge
 * it meets hands the walk over to libgit2's revision walker, which orders
 * any history as git log does.  It does so one epoch at a time, the
 * newest first.
 */
struct kd_walk {
	const struct kd_inbox *ib;
	struct kd_range range;
	size_t epoch, left;   /* the next epoch to enter; how many are left */
	int in_segment;
	/* the epoch being walked */
	struct segment seg;
	git_repository *repo; /* borrowed from the inbox */
	struct kd_pack_reader *pack; /* this epoch's objects (pack.h) */
	struct kd_buf commit, tree;  /* read into, reused */
	git_revwalk *revwalk; /* NULL while the line is straight */
	git_oid next;         /* the next commit of the straight line */
	size_t emitted;       /* in this epoch */
	int layout;
	int done;
};

static int push_segment(git_revwalk *walk, const struct segment *s)
{
	if (git_revwalk_push(walk, &s->tip) ||
	    (s->has_hide && git_revwalk_hide(walk, &s->hide))) {
		kd_error_from_git("cannot walk history");
		return KD_ERROR;
	}
	return 0;
}

static void leave_segment(struct kd_walk *w)
{
	git_revwalk_free(w->revwalk);
	kd_pack_reader_free(w->pack);
	w->revwalk = NULL;
	w->pack = NULL;
	w->in_segment = 0;
}

static int use_revwalk(struct kd_walk *w);

/*
 * Start on the next epoch that has a part of the range.  Returns 1, 0
 * when there is none left, or an error.
 */
static int enter_segment(struct kd_walk *w)
{
	const struct kd_epoch *e;
	struct kd_packs *packs;

	leave_segment(w);
	for (;;) {
		if (!w->left)
			return 0;
		w->left--;
		if (segment_of(&w->seg, w->ib, &w->range, w->epoch--))
			break;
	}
	e = &w->ib->epochs[w->seg.epoch];
	w->repo = e->repo;
	w->layout = kd_archive_layout(e->repo, &w->seg.tip);
	if (w->layout < 0) {
		kd_error_set("not a public-inbox archive: '%s'", e->path);
		return KD_EINVALID;
	}
	packs = kd_inbox_packs(w->ib, w->seg.epoch);
	if (!packs || kd_pack_reader_new(&w->pack, packs, e->repo,
					 KD_PACK_CACHE_DEFAULT))
		return KD_ERROR;
	w->in_segment = 1;
	git_oid_cpy(&w->next, &w->seg.tip);
	w->emitted = 0;
	w->done = 0;
	/* A not below B: what git log A..B lists takes the real walker */
	if (w->seg.diverged && use_revwalk(w))
		return KD_ERROR;
	return 1;
}

int kd_walk_new(struct kd_walk **out, const struct kd_inbox *ib,
		const struct kd_range *r)
{
	struct kd_walk *w = kd_calloc(1, sizeof(*w));
	int err;

	*out = NULL;
	kd_buf_init(&w->commit, 0);
	kd_buf_init(&w->tree, 0);
	w->ib = ib;
	w->range = *r;
	w->epoch = r->to_epoch;
	w->left = epochs_of(r);
	/* the first epoch now, so that a range of no archive fails here */
	err = enter_segment(w);
	if (err < 0) {
		kd_walk_free(w);
		return err;
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
	    push_segment(w->revwalk, &w->seg)) {
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
	const char *p, *end, *nl, *hex;
	git_object_t type;
	git_oid tree;
	int have_tree = 0;
	int err = KD_ERROR;

	memset(e, 0, sizeof(*e));
	*parents = 0;
	git_oid_cpy(&e->commit, id);
	if (kd_pack_read(w->pack, id, &type, &w->commit))
		goto out;
	if (type != GIT_OBJECT_COMMIT) {
		kd_error_set("not a commit in the range");
		goto out;
	}
	p = w->commit.buf;
	end = p + w->commit.len;
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
	if (kd_pack_read(w->pack, &tree, &type, &w->tree))
		goto out;
	p = w->tree.buf;
	end = p + w->tree.len;
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
out:
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
	STRAIGHT_END = 1,   /* the line, and the range's part of the epoch,
			       ended */
	STRAIGHT_MERGE = 2, /* a merge: libgit2's walker must take over */
};

/* The next commit of the straight line. */
static int next_straight(struct kd_entry *e, struct kd_walk *w)
{
	git_oid parent;
	unsigned int parents;
	int err;

	if (w->done || (w->seg.has_hide && git_oid_equal(&w->next,
							     &w->seg.hide)))
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

/*
 * The next commit of the epoch being walked, in `e`.  Returns 1, 0 at the
 * end of the epoch's part, or an error.
 */
static int next_in_segment(struct kd_entry *e, struct kd_walk *w)
{
	unsigned int parents;
	git_oid id, parent;
	int err;

	if (!w->revwalk) {
		err = next_straight(e, w);
		if (err == STRAIGHT_END)
			return 0;
		if (err != STRAIGHT_MERGE)
			return err ? err : 1;
		if ((err = use_revwalk(w)))
			return err;
	}
	err = git_revwalk_next(&id, w->revwalk);
	if (err == GIT_ITEROVER)
		return 0;
	if (err) {
		kd_error_from_git("cannot walk history");
		return KD_ERROR;
	}
	/* the revision walker knows the parents already */
	err = read_commit(e, w, &id, &parent, &parents);
	return err ? err : 1;
}

int kd_walk_next(struct kd_walk *w, struct kd_entry *out, size_t max)
{
	size_t n = 0;
	int err = 0;

	while (n < max) {
		if (!w->in_segment && (err = enter_segment(w)) <= 0)
			break;
		err = next_in_segment(&out[n], w);
		if (err < 0)
			break;
		if (!err) {
			leave_segment(w);
			continue;
		}
		out[n++].epoch = w->seg.epoch;
		w->emitted++;
		err = 0;
	}
	if (err < 0) {
		while (n > 0)
			kd_entry_release(&out[--n]);
		return err;
	}
	return (int)n;
}

int kd_walk_count(size_t *out, const struct kd_inbox *ib,
		  const struct kd_range *r)
{
	size_t nr = epochs_of(r), i;
	struct segment s;
	git_oid id;
	int err = 0;

	*out = 0;
	for (i = 0; i < nr && !err; i++) {
		git_revwalk *walk = NULL;

		if (!segment_of(&s, ib, r, r->to_epoch - i))
			continue;
		if (git_revwalk_new(&walk, ib->epochs[s.epoch].repo)) {
			kd_error_from_git("cannot walk history");
			return KD_ERROR;
		}
		err = push_segment(walk, &s);
		while (!err && !(err = git_revwalk_next(&id, walk)))
			(*out)++;
		git_revwalk_free(walk);
		if (err == GIT_ITEROVER)
			err = 0;
		else if (err != KD_ERROR)
			kd_error_from_git("cannot walk history");
	}
	return err ? KD_ERROR : 0;
}

void kd_walk_free(struct kd_walk *w)
{
	if (!w)
		return;
	leave_segment(w);
	kd_buf_release(&w->commit);
	kd_buf_release(&w->tree);
	free(w);
}

void kd_entry_release(struct kd_entry *e)
{
	free(e->subject);
	free(e->author);
	e->subject = e->author = NULL;
}
