#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "output.h"
#include "race.h"

static char dir[] = "/tmp/test-output-XXXXXX";

static void path_of(struct kd_buf *out, const char *name)
{
	kd_buf_reset(out);
	kd_buf_addf(out, "%s/%s", dir, name);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void assert_file(const char *path, const char *text)
{
	struct kd_buf b = KD_BUF_INIT;

	assert_int_equal(kd_buf_read_file(&b, path, 1 << 20, 0), 0);
	assert_string_equal(b.buf, text);
	kd_buf_release(&b);
}

/* The files in the directory but `name`: none may be left behind. */
static void assert_alone(const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, name))
			fail_msg("'%s' left in the directory", de->d_name);
	closedir(d);
}

static void test_new_file(void **state)
{
	struct kd_buf p = KD_BUF_INIT;
	struct stat st;
	mode_t mask = umask(022);

	(void)state;
	path_of(&p, "new.txt");
	assert_int_equal(kd_output_write(p.buf, "digest\n", 7, 0), 0);
	assert_file(p.buf, "digest\n");
	assert_int_equal(stat(p.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_alone("new.txt");
	unlink(p.buf);
	umask(mask);
	kd_buf_release(&p);
}

static void test_existing_kept(void **state)
{
	struct kd_buf p = KD_BUF_INIT;

	(void)state;
	path_of(&p, "keep.txt");
	write_file(p.buf, "precious\n");
	kd_error_clear();
	assert_int_equal(kd_output_write(p.buf, "digest\n", 7, 0), KD_EEXISTS);
	assert_non_null(strstr(kd_error_last(), "exists already"));
	assert_non_null(strstr(kd_error_last(), p.buf));
	assert_file(p.buf, "precious\n");
	assert_alone("keep.txt");
	unlink(p.buf);
	kd_buf_release(&p);
}

static void test_existing_forced(void **state)
{
	struct kd_buf p = KD_BUF_INIT;

	(void)state;
	path_of(&p, "keep.txt");
	write_file(p.buf, "precious\n");
	assert_int_equal(kd_output_write(p.buf, "digest\n", 7, 1), 0);
	assert_file(p.buf, "digest\n");
	assert_alone("keep.txt");
	unlink(p.buf);
	kd_buf_release(&p);
}

static void test_no_such_directory(void **state)
{
	struct kd_buf p = KD_BUF_INIT;

	(void)state;
	path_of(&p, "no/such/x.txt");
	assert_int_equal(kd_output_write(p.buf, "digest\n", 7, 0), KD_ERROR);
	assert_non_null(strstr(kd_error_last(), "could not create"));
	assert_alone("");
	kd_buf_release(&p);
}

/* Two runs writing one file: each its own text. */
struct writers {
	const char *path;
	char text[2][64];
};

static int write_it(int who, void *arg)
{
	struct writers *w = arg;

	return race_outcome(who, kd_output_write(w->path, w->text[who],
						 strlen(w->text[who]), 0));
}

#define ROUNDS 25

static void test_race(void **state)
{
	struct kd_buf p = KD_BUF_INIT;
	struct racer r = { NULL, write_it, NULL };
	struct writers w;
	int round, status[2];

	(void)state;
	path_of(&p, "raced.txt");
	w.path = p.buf;
	r.arg = &w;
	for (round = 0; round < ROUNDS; round++) {
		int winner;

		snprintf(w.text[0], sizeof(w.text[0]), "round %d, one\n", round);
		snprintf(w.text[1], sizeof(w.text[1]), "round %d, two\n", round);
		assert_int_equal(race(status, &r), 0);
		/* exactly one wins, the other is refused, nothing replaced */
		if ((winner = race_winner(status)) < 0)
			fail_msg("round %d: writers exited %d and %d", round,
				 status[0], status[1]);
		assert_file(p.buf, w.text[winner]);
		assert_alone("raced.txt");
		unlink(p.buf);
	}
	kd_buf_release(&p);
}

/* With --force both land, one after the other: the file is one of them. */
static int force_it(int who, void *arg)
{
	struct writers *w = arg;

	return kd_output_write(w->path, w->text[who], strlen(w->text[who]),
			       1) ? 2 : 0;
}

static void test_race_forced(void **state)
{
	struct kd_buf p = KD_BUF_INIT, got = KD_BUF_INIT;
	struct racer r = { NULL, force_it, NULL };
	struct writers w;
	int status[2];

	(void)state;
	path_of(&p, "forced.txt");
	write_file(p.buf, "old\n");
	w.path = p.buf;
	r.arg = &w;
	strcpy(w.text[0], "one\n");
	strcpy(w.text[1], "two\n");
	assert_int_equal(race(status, &r), 0);
	assert_int_equal(status[0], 0);
	assert_int_equal(status[1], 0);
	assert_int_equal(kd_buf_read_file(&got, p.buf, 1 << 20, 0), 0);
	if (strcmp(got.buf, "one\n") && strcmp(got.buf, "two\n"))
		fail_msg("the file holds '%s'", got.buf);
	assert_alone("forced.txt");
	unlink(p.buf);
	kd_buf_release(&got);
	kd_buf_release(&p);
}

static void test_path(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	kd_output_path(&out, dir, "abc1234", "def5678", "json");
	assert_non_null(strstr(out.buf, "/abc1234..def5678.json"));
	assert_int_equal(strncmp(out.buf, dir, strlen(dir)), 0);
	kd_buf_reset(&out);
	kd_output_path(&out, "/no/such/file.txt", "a", "b", "txt");
	assert_string_equal(out.buf, "/no/such/file.txt");
	kd_buf_release(&out);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_existing_kept),
		cmocka_unit_test(test_existing_forced),
		cmocka_unit_test(test_no_such_directory),
		cmocka_unit_test(test_race),
		cmocka_unit_test(test_race_forced),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
