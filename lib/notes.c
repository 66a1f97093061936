#include "notes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

#define ATTEMPTS 200

char *kd_notes_ref_expand(const char *ref)
{
	struct kd_buf b = KD_BUF_INIT;

	if (!strncmp(ref, "refs/notes/", 11))
		kd_buf_addstr(&b, ref);
	else if (!strncmp(ref, "notes/", 6))
		kd_buf_addf(&b, "refs/%s", ref);
	else
		kd_buf_addf(&b, "refs/notes/%s", ref);
	return kd_buf_detach(&b, NULL);
}

int kd_notes_has(git_repository *repo, const char *ref, const git_oid *commit)
{
	git_note *note = NULL;
	int err = git_note_read(&note, repo, ref, commit);

	git_note_free(note);
	if (!err)
		return 1;
	if (err == GIT_ENOTFOUND)
		return 0;
	kd_error_from_git("cannot read notes");
	return KD_ERROR;
}

/* As git: the environment, then user.name and user.email. */
static int committer(git_signature **out, git_repository *repo)
{
	const char *name = getenv("GIT_COMMITTER_NAME");
	const char *email = getenv("GIT_COMMITTER_EMAIL");
	git_signature *def = NULL;
	int err;

	if (!name || !email) {
		if (!git_signature_default(&def, repo)) {
			if (!name)
				name = def->name;
			if (!email)
				email = def->email;
		}
	}
	err = git_signature_now(out, name ? name : "git kvmdigest",
				email ? email : "git-kvmdigest@localhost");
	git_signature_free(def);
	git_error_clear();
	return err;
}

static int is_fanout_dir(const git_tree_entry *e)
{
	const char *n = git_tree_entry_name(e);

	return git_tree_entry_type(e) == GIT_OBJECT_TREE && strlen(n) == 2;
}

/* Does the notes tree fan out, as git's does once it holds many notes? */
static int fans_out(const git_tree *tree)
{
	size_t i, n = tree ? git_tree_entrycount(tree) : 0;

	for (i = 0; i < n; i++)
		if (is_fanout_dir(git_tree_entry_byindex(tree, i)))
			return 1;
	return 0;
}

/*
 * One try at writing the note: the notes ref as it is now, and what is
 * built on it.  The paths in `up` point into `hex` and `fan`.
 */
struct attempt {
	git_reference *ref; /* NULL: no notes ref yet */
	git_commit *tip;
	git_tree *tree; /* the tip's; NULL when there is no tip */
	char hex[GIT_OID_HEXSZ + 1], fan[GIT_OID_HEXSZ + 2];
	git_tree_update up[3]; /* removals of the other layout, one upsert */
	size_t nr_up;
	git_oid commit_id; /* the new notes commit */
};

static void attempt_release(struct attempt *a)
{
	git_tree_free(a->tree);
	git_commit_free(a->tip);
	git_reference_free(a->ref);
	memset(a, 0, sizeof(*a));
}

static int git_failed(void)
{
	kd_error_from_git("cannot write the digest note");
	return KD_ERROR;
}

/* The ref's tip and its tree, when there is a ref. */
static int read_tip(struct attempt *a, git_repository *repo, const char *ref)
{
	int err = git_reference_lookup(&a->ref, repo, ref);

	if (!err)
		err = git_reference_peel((git_object **)&a->tip, a->ref,
					 GIT_OBJECT_COMMIT);
	if (!err)
		err = git_commit_tree(&a->tree, a->tip);
	if (err && err != GIT_ENOTFOUND)
		return git_failed();
	return 0;
}

/*
 * The plan: which paths of the notes tree change for the note of
 * `commit`.  It goes where the tree's layout puts it; an existing note,
 * in either layout, is replaced in place (upserting) or removed, and only
 * when `force`.  Returns 0 or KD_EEXISTS.
 */
static int plan_note(struct attempt *a, const char *ref, const git_oid *commit,
		     const git_oid *blob, int force)
{
	const char *target;
	git_tree_update *u;

	git_oid_tostr(a->hex, sizeof(a->hex), commit);
	snprintf(a->fan, sizeof(a->fan), "%.2s/%s", a->hex, a->hex + 2);
	target = fans_out(a->tree) ? a->fan : a->hex;
	if (a->tree) {
		const char *paths[2] = {a->hex, a->fan};
		git_tree_entry *e = NULL;
		int i;

		for (i = 0; i < 2; i++) {
			if (git_tree_entry_bypath(&e, a->tree, paths[i]))
				continue;
			git_tree_entry_free(e);
			if (!force) {
				kd_error_set("a digest note exists already for "
					     "%.12s in '%s' (use --force to "
					     "replace it)",
					     a->hex, ref);
				return KD_EEXISTS;
			}
			if (paths[i] == target)
				continue;
			u = &a->up[a->nr_up++];
			u->action = GIT_TREE_UPDATE_REMOVE;
			u->path = paths[i];
		}
	}
	git_error_clear();
	u = &a->up[a->nr_up++];
	u->action = GIT_TREE_UPDATE_UPSERT;
	git_oid_cpy(&u->id, blob);
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = target;
	return 0;
}

/* The tree of the first notes commit of a new ref is built on this. */
static int empty_tree(git_tree **out, git_repository *repo)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	int err = 0;

	if (git_treebuilder_new(&tb, repo, NULL) ||
	    git_treebuilder_write(&id, tb) || git_tree_lookup(out, repo, &id))
		err = KD_ERROR;
	git_treebuilder_free(tb);
	return err ? git_failed() : 0;
}

/* The notes commit: the tip's tree (or an empty one) with the plan made. */
static int write_commit(struct attempt *a, git_repository *repo,
			const char *message, const git_signature *sig)
{
	git_tree *empty = NULL, *newtree = NULL;
	const git_commit *parents[1] = {a->tip};
	git_oid tree_id;
	int err = 0;

	if (!a->tree && empty_tree(&empty, repo))
		return KD_ERROR;
	if (git_tree_create_updated(&tree_id, repo, a->tree ? a->tree : empty,
				    a->nr_up, a->up) ||
	    git_tree_lookup(&newtree, repo, &tree_id) ||
	    git_commit_create(&a->commit_id, repo, NULL, sig, sig, NULL,
			      message, newtree, a->tip ? 1 : 0, parents))
		err = git_failed();
	git_tree_free(newtree);
	git_tree_free(empty);
	return err;
}

/*
 * Compare and swap: the ref moves only from the tip the commit was built
 * on, or, for a new ref, only if it is still missing: a zero old value
 * makes libgit2 check that under the ref's lock, where a plain create
 * checks before taking it, and two runs creating the ref at once could
 * both think they did.  Returns 0, 1 when another run moved the ref
 * first, or KD_ERROR.
 */
static int move_ref(const struct attempt *a, git_repository *repo,
		    const char *ref, const char *message)
{
	git_reference *moved = NULL;
	git_oid none;
	int err;

	memset(&none, 0, sizeof(none));
	err = git_reference_create_matching(
		&moved, repo, ref, &a->commit_id, 1,
		a->tip ? git_commit_id(a->tip) : &none, message);
	git_reference_free(moved);
	if (err == GIT_EMODIFIED || err == GIT_ELOCKED || err == GIT_EEXISTS) {
		git_error_clear();
		return 1;
	}
	return err ? git_failed() : 0;
}

/*
 * One try: the new notes commit on the ref's current tip, then the ref
 * moved if it still points there.  Returns 0, 1 to try again, or an error.
 */
static int try_write(git_repository *repo, const char *ref,
		     const git_oid *commit, const git_oid *blob,
		     const char *message, int force, const git_signature *sig)
{
	struct attempt a;
	int err;

	memset(&a, 0, sizeof(a));
	if (!(err = read_tip(&a, repo, ref)) &&
	    !(err = plan_note(&a, ref, commit, blob, force)) &&
	    !(err = write_commit(&a, repo, message, sig)))
		err = move_ref(&a, repo, ref, message);
	attempt_release(&a);
	return err;
}

int kd_notes_write(git_repository *repo, const char *ref,
		   const git_oid *commit, const char *text, size_t len,
		   const char *message, int force)
{
	git_signature *sig = NULL;
	git_oid blob;
	int err, i;

	if (committer(&sig, repo)) {
		kd_error_from_git("cannot make a committer");
		return KD_ERROR;
	}
	if (git_blob_create_from_buffer(&blob, repo, text, len)) {
		git_signature_free(sig);
		kd_error_from_git("cannot write the digest note");
		return KD_ERROR;
	}
	srand((unsigned)(getpid() ^ time(NULL)));
	for (i = 0; i < ATTEMPTS; i++) {
		struct timespec ts = { 0, 0 };

		err = try_write(repo, ref, commit, &blob, message, force, sig);
		if (err != 1)
			break;
		/* another run moved the ref first: back off a little */
		ts.tv_nsec = 1000000L * (1 + rand() % (5 + i));
		nanosleep(&ts, NULL);
	}
	if (err == 1) {
		kd_error_set("'%s' kept changing: the note was not written "
			     "after %d attempts", ref, ATTEMPTS);
		err = KD_ERROR;
	}
	git_signature_free(sig);
	return err;
}
