#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "notes.h"
#include "race.h"

#define REF "refs/notes/kvmdigest"

static char dir[] = "/tmp/test-notes-XXXXXX";
static git_repository *repo;

/* A new commit to annotate, of an empty tree, its message `msg`. */
static void new_commit(git_oid *out, const char *msg)
{
	git_treebuilder *tb;
	git_signature *sig;
	git_tree *tree;
	git_oid tid;

	assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
	assert_int_equal(git_treebuilder_write(&tid, tb), 0);
	git_treebuilder_free(tb);
	assert_int_equal(git_tree_lookup(&tree, repo, &tid), 0);
	assert_int_equal(git_signature_new(&sig, "A U Thor", "a@example.com",
					   1704067200, 0),
			 0);
	assert_int_equal(git_commit_create(out, repo, NULL, sig, sig, NULL, msg,
					   tree, 0, NULL),
			 0);
	git_signature_free(sig);
	git_tree_free(tree);
}

/* The text of the note on `commit`, or "" when there is none. */
static char *note_text(const git_oid *commit)
{
	git_note *note = NULL;
	char *text;

	if (git_note_read(&note, repo, REF, commit))
		return strdup("");
	text = strdup(git_note_message(note));
	git_note_free(note);
	return text;
}

static void assert_note(const git_oid *commit, const char *want)
{
	char *got = note_text(commit);

	assert_string_equal(got, want);
	free(got);
}

static void ref_tip(git_oid *out)
{
	assert_int_equal(git_reference_name_to_id(out, repo, REF), 0);
}

static int write_note(const git_oid *commit, const char *text, int force)
{
	return kd_notes_write(repo, REF, commit, text, strlen(text),
			      "kvmdigest: test\n", force);
}

static void test_new_note(void **state)
{
	git_oid c;

	(void)state;
	new_commit(&c, "new");
	assert_int_equal(kd_notes_has(repo, REF, &c), 0);
	assert_int_equal(write_note(&c, "digest\n", 0), 0);
	assert_int_equal(kd_notes_has(repo, REF, &c), 1);
	assert_note(&c, "digest\n");
}

static void test_flat_kept(void **state)
{
	git_oid c, before, after;

	(void)state;
	new_commit(&c, "flat");
	assert_int_equal(write_note(&c, "first\n", 0), 0);
	ref_tip(&before);
	kd_error_clear();
	assert_int_equal(write_note(&c, "second\n", 0), KD_EEXISTS);
	assert_non_null(strstr(kd_error_last(), "exists already"));
	assert_non_null(strstr(kd_error_last(), REF));
	assert_note(&c, "first\n");
	ref_tip(&after);
	assert_true(git_oid_equal(&before, &after));
}

static void test_flat_forced(void **state)
{
	git_oid c, before, after;
	git_commit *tip;

	(void)state;
	new_commit(&c, "flat forced");
	assert_int_equal(write_note(&c, "first\n", 0), 0);
	ref_tip(&before);
	assert_int_equal(write_note(&c, "second\n", 1), 0);
	assert_note(&c, "second\n");
	/* one notes commit more, on the one before */
	ref_tip(&after);
	assert_int_equal(git_commit_lookup(&tip, repo, &after), 0);
	assert_true(git_oid_equal(git_commit_parent_id(tip, 0), &before));
	git_commit_free(tip);
}

/*
 * A notes ref whose tree fans out ("ab/cdef..."), as git's does once it
 * holds many notes, with a note on `c` saying `text`.
 */
static void fanned_out(const git_oid *c, const char *text)
{
	git_treebuilder *sub, *top;
	git_signature *sig;
	git_oid blob, sub_id, top_id, commit;
	git_tree *tree;
	git_reference *ref;
	char hex[GIT_OID_HEXSZ + 1], fan[3];

	git_oid_tostr(hex, sizeof(hex), c);
	memcpy(fan, hex, 2);
	fan[2] = '\0';
	assert_int_equal(git_blob_create_from_buffer(&blob, repo, text,
						     strlen(text)),
			 0);
	assert_int_equal(git_treebuilder_new(&sub, repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, sub, hex + 2, &blob,
						GIT_FILEMODE_BLOB),
			 0);
	assert_int_equal(git_treebuilder_write(&sub_id, sub), 0);
	assert_int_equal(git_treebuilder_new(&top, repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, top, fan, &sub_id,
						GIT_FILEMODE_TREE),
			 0);
	assert_int_equal(git_treebuilder_write(&top_id, top), 0);
	git_treebuilder_free(sub);
	git_treebuilder_free(top);
	assert_int_equal(git_tree_lookup(&tree, repo, &top_id), 0);
	assert_int_equal(git_signature_new(&sig, "C O Mitter",
					   "c@example.com", 1704067200, 0),
			 0);
	assert_int_equal(git_commit_create(&commit, repo, NULL, sig, sig, NULL,
					   "fanned out\n", tree, 0, NULL),
			 0);
	assert_int_equal(git_reference_create(&ref, repo, REF, &commit, 1,
					      NULL),
			 0);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(tree);
}

/* The tip's tree has only fan-out folders ("ab"), no flat note. */
static void assert_fanned_out(void)
{
	git_object *obj;
	git_tree *tree;
	size_t i;

	assert_int_equal(git_revparse_single(&obj, repo, REF "^{tree}"), 0);
	tree = (git_tree *)obj;
	assert_true(git_tree_entrycount(tree) > 0);
	for (i = 0; i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		assert_int_equal(strlen(git_tree_entry_name(e)), 2);
		assert_int_equal(git_tree_entry_type(e), GIT_OBJECT_TREE);
	}
	git_tree_free(tree);
}

static void test_fanned_out_kept(void **state)
{
	git_oid c, before, after;

	(void)state;
	new_commit(&c, "fanned out");
	fanned_out(&c, "old\n");
	assert_int_equal(kd_notes_has(repo, REF, &c), 1);
	ref_tip(&before);
	kd_error_clear();
	assert_int_equal(write_note(&c, "new\n", 0), KD_EEXISTS);
	assert_non_null(strstr(kd_error_last(), "exists already"));
	assert_note(&c, "old\n");
	ref_tip(&after);
	assert_true(git_oid_equal(&before, &after));
}

static void test_fanned_out_forced(void **state)
{
	git_oid c, other;

	(void)state;
	new_commit(&c, "fanned out, forced");
	fanned_out(&c, "old\n");
	assert_int_equal(write_note(&c, "new\n", 1), 0);
	assert_note(&c, "new\n");
	assert_fanned_out();
	/* and a new note goes where the layout puts it */
	new_commit(&other, "fanned out, another");
	assert_int_equal(write_note(&other, "another\n", 0), 0);
	assert_note(&other, "another\n");
	assert_note(&c, "new\n");
	assert_fanned_out();
}

/* Two runs noting commits: the racers' state. */
struct noters {
	git_oid commit[2]; /* what each notes (the same, or not) */
	char text[2][64];
	git_repository *own; /* the racer's own handle, after fork */
};

static void open_own(int who, void *arg)
{
	struct noters *n = arg;

	if (git_repository_open(&n->own, dir))
		_exit(3);
}

static int note_it(int who, void *arg)
{
	struct noters *n = arg;

	return race_outcome(who, kd_notes_write(n->own, REF, &n->commit[who],
						n->text[who],
						strlen(n->text[who]),
						"kvmdigest: race\n", 0));
}

/*
 * Round `round` of a race: the racers' texts and the commits they note,
 * one commit for both (`same`) or one each, all new.
 */
static void set_round(struct noters *n, int round, int same)
{
	char msg[64];
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(n->text[i], sizeof(n->text[i]), "round %d, %s, %s\n",
			 round, same ? "one commit" : "two commits",
			 i ? "two" : "one");
		snprintf(msg, sizeof(msg), "%s", n->text[i]);
		if (i && same)
			git_oid_cpy(&n->commit[1], &n->commit[0]);
		else
			new_commit(&n->commit[i], msg);
	}
}

#define ROUNDS 20

static void test_race_one_commit(void **state)
{
	struct noters n;
	struct racer r = { open_own, note_it, &n };
	int round, status[2], winner;

	(void)state;
	for (round = 0; round < ROUNDS; round++) {
		set_round(&n, round, 1);
		assert_int_equal(race(status, &r), 0);
		/* exactly one wins, the other is refused, nothing replaced */
		if ((winner = race_winner(status)) < 0)
			fail_msg("round %d: noters exited %d and %d", round,
				 status[0], status[1]);
		assert_note(&n.commit[0], n.text[winner]);
	}
}

static void test_race_two_commits(void **state)
{
	struct noters n;
	struct racer r = { open_own, note_it, &n };
	int round, status[2];

	(void)state;
	for (round = 0; round < ROUNDS; round++) {
		set_round(&n, round, 0);
		assert_int_equal(race(status, &r), 0);
		/* both land: neither move of the ref loses the other's note */
		assert_int_equal(status[0], 0);
		assert_int_equal(status[1], 0);
		assert_note(&n.commit[0], n.text[0]);
		assert_note(&n.commit[1], n.text[1]);
	}
}

static void test_ref_expand(void **state)
{
	char *s;

	(void)state;
	s = kd_notes_ref_expand("kvmdigest");
	assert_string_equal(s, "refs/notes/kvmdigest");
	free(s);
	s = kd_notes_ref_expand("notes/x");
	assert_string_equal(s, "refs/notes/x");
	free(s);
	s = kd_notes_ref_expand("refs/notes/y");
	assert_string_equal(s, "refs/notes/y");
	free(s);
}

static int setup(void **state)
{
	(void)state;
	git_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 1))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_note),
		cmocka_unit_test(test_flat_kept),
		cmocka_unit_test(test_flat_forced),
		cmocka_unit_test(test_fanned_out_kept),
		cmocka_unit_test(test_fanned_out_forced),
		cmocka_unit_test(test_race_one_commit),
		cmocka_unit_test(test_race_two_commits),
		cmocka_unit_test(test_ref_expand),
	};

	/* the notes commits' committer, as git would take it */
	setenv("GIT_COMMITTER_NAME", "C O Mitter", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
