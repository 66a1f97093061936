/*
 * Ranges: of revisions, after the last digest note, and of time.
 */
#include "range.h"

#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "buf.h"
#include "error.h"

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
 * The newest commit of `tip`'s history in `repo` with a note: walking in
 * git log's order, the first commit met that has one.
 */
static int newest_noted_in(git_oid *out, int *found, git_repository *repo,
			   const git_oid *tip, const char *notes_ref)
{
	struct note_set set = { NULL, 0, 0 };
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	*found = 0;
	err = git_note_foreach(repo, notes_ref, collect_note, &set);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (err) {
		kd_error_from_git("cannot read notes");
		free(set.ids);
		return KD_ERROR;
	}
	if (!set.nr)
		return 0;
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

/*
 * The newest noted commit before the end of `r`: in its epoch, the newest
 * noted ancestor of `to`; else in each epoch before, the newest first.
 */
static int newest_noted(struct kd_range *r, const struct kd_inbox *ib,
			const char *notes_ref)
{
	size_t epoch = r->to_epoch + 1;
	int err;

	while (epoch-- > 0) {
		const struct kd_epoch *e = &ib->epochs[epoch];
		const git_oid *tip = epoch == r->to_epoch ? &r->to : &e->tip;

		if (epoch != r->to_epoch && !e->has_tip)
			continue;
		err = newest_noted_in(&r->from, &r->has_from, e->repo, tip,
				      notes_ref);
		if (err)
			return err;
		if (r->has_from) {
			r->from_epoch = epoch;
			r->from_note = 1;
			return 0;
		}
	}
	return 0;
}

/* `a` is in the history of `b` (or is `b`). */
static int in_history(git_repository *repo, const git_oid *a,
		      const git_oid *b)
{
	return git_oid_equal(a, b) || git_graph_descendant_of(repo, b, a) == 1;
}

/* A..B: B not before A, and whether A is in B's history. */
static int check_ends(struct kd_range *r, const struct kd_inbox *ib,
		      const char *a, const char *b)
{
	git_repository *repo = ib->epochs[r->from_epoch].repo;

	if (r->from_epoch > r->to_epoch) {
		kd_error_set("the range ends before it starts: '%s' is in "
			     "%d.git, before '%s' in %d.git",
			     b, ib->epochs[r->to_epoch].number, a,
			     ib->epochs[r->from_epoch].number);
		return KD_EINVALID;
	}
	if (r->from_epoch < r->to_epoch) {
		/* the history of A's epoch is walked from its tip */
		const struct kd_epoch *e = &ib->epochs[r->from_epoch];
		r->diverged = !e->has_tip || !in_history(repo, &r->from,
							 &e->tip);
		return 0;
	}
	if (git_oid_equal(&r->from, &r->to))
		return 0;
	if (in_history(repo, &r->to, &r->from)) {
		kd_error_set("the range ends before it starts: '%s' is an "
			     "ancestor of '%s'", b, a);
		return KD_EINVALID;
	}
	r->diverged = !in_history(repo, &r->from, &r->to);
	return 0;
}

int kd_range_resolve(struct kd_range *out, const struct kd_inbox *ib,
		     const char *spec, const char *notes_ref)
{
	const char *dots = strstr(spec, "..");
	char *a, *b;
	int err;

	memset(out, 0, sizeof(*out));
	if (!dots) {
		err = kd_inbox_lookup(&out->to_epoch, &out->to, ib, spec);
		if (!err && notes_ref)
			err = newest_noted(out, ib, notes_ref);
		return err;
	}
	if (dots[2] == '.') {
		kd_error_set("symmetric ranges are not digests: '%s'", spec);
		return KD_EUSAGE;
	}
	a = kd_strndup(spec, (size_t)(dots - spec));
	b = kd_strdup(dots[2] ? dots + 2 : "HEAD");
	if (!*a) {
		free(a);
		a = kd_strdup("HEAD");
	}
	out->has_from = 1;
	err = kd_inbox_lookup(&out->from_epoch, &out->from, ib, a);
	if (!err)
		err = kd_inbox_lookup(&out->to_epoch, &out->to, ib, b);
	if (!err)
		err = check_ends(out, ib, a, b);
	free(a);
	free(b);
	return err;
}

#define WINDOW_BATCH 256

int kd_range_window(struct kd_range *out, const struct kd_inbox *ib,
		    const char *tip, int64_t since, int64_t until)
{
	struct kd_range history;
	struct kd_entry *e;
	struct kd_walk *w = NULL;
	int n = 0, i, found_end = 0, done = 0, err;

	memset(out, 0, sizeof(*out));
	memset(&history, 0, sizeof(history));
	err = kd_inbox_lookup(&history.to_epoch, &history.to, ib, tip);
	if (err)
		return err;
	*out = history;
	if ((err = kd_walk_new(&w, ib, &history)))
		return err;
	e = kd_calloc(WINDOW_BATCH, sizeof(*e));
	while (!done && (n = kd_walk_next(w, e, WINDOW_BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			if (!done && !found_end && e[i].committed <= until) {
				git_oid_cpy(&out->to, &e[i].commit);
				out->to_epoch = e[i].epoch;
				found_end = 1;
				/* no start to look for: the rest is history */
				if (since == KD_WINDOW_NO_SINCE)
					done = 1;
			}
			if (!done && found_end && e[i].committed < since) {
				git_oid_cpy(&out->from, &e[i].commit);
				out->from_epoch = e[i].epoch;
				out->has_from = 1;
				done = 1;
			}
			kd_entry_release(&e[i]);
		}
	}
	free(e);
	kd_walk_free(w);
	if (n < 0)
		return n;
	/* nothing that old, or the newest message in it is older than it */
	if (!found_end || (out->has_from && git_oid_equal(&out->from, &out->to)))
		out->empty = 1;
	return 0;
}
