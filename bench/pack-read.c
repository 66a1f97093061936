/*
 * bench/pack-read: read objects of a repository, timed, through libgit2
 * (git_odb_read) or through lib/pack.c, by one thread or more.
 *
 *   pack-read [--git | --pack | --prefix=N] [--threads=N] [--chunk=N]
 *             [--cache=BYTES] [--check] REPO <ids
 *
 * The ids (one hexadecimal id a line) are read before the clock starts;
 * what is timed is opening what reads (the packs, one reader or object
 * database a thread) and reading every id, threads taking the next id as
 * they are free, as lib/reader.c does (--chunk: that many ids at a time,
 * 1 by default, as lib/reader.c takes them).  Printed on one line: the mode,
 * threads, objects, bytes, wall and CPU seconds of the timed part, the
 * peak RSS of the process, and the readers' counts (lib/pack.c only).
 *
 * --check reads every id both ways instead, untimed, and fails on any
 * difference of type or content (of the prefix, with --prefix).
 */
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "pack.h"

#define MAX_THREADS 8

enum mode { MODE_GIT, MODE_PACK, MODE_PREFIX };

static enum mode mode = MODE_PACK;
static size_t prefix_len;
static size_t chunk = 1;
static size_t cache_bytes = KD_PACK_CACHE_DEFAULT;
static git_oid *ids;
static size_t nr_ids;
static size_t next_id; /* __atomic */
static git_repository *repo;
static struct kd_packs *packs;

struct worker {
	pthread_t thread;
	git_odb *odb;
	struct kd_pack_reader *reader;
	size_t bytes;
	int err;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what)
{
	const char *msg = kd_error_last();

	fprintf(stderr, "fatal: %s: %s\n", what, msg ? msg : "");
	exit(128);
}

static void die_git(const char *what)
{
	kd_error_from_git(NULL);
	die(what);
}

static int read_one(struct worker *w, size_t i, struct kd_buf *out)
{
	git_object_t type;
	size_t size;
	int err;

	if (mode == MODE_GIT) {
		git_odb_object *obj;

		if (git_odb_read(&obj, w->odb, &ids[i]))
			return -1;
		w->bytes += git_odb_object_size(obj);
		git_odb_object_free(obj);
		return 0;
	}
	if (mode == MODE_PACK)
		err = kd_pack_read(w->reader, &ids[i], &type, out);
	else
		err = kd_pack_read_prefix(w->reader, &ids[i], prefix_len, &type,
					  &size, out);
	if (err) {
		fprintf(stderr, "error: %s\n", kd_error_last());
		return err;
	}
	w->bytes += out->len;
	return 0;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct kd_buf out = KD_BUF_INIT;

	while (!w->err) {
		size_t i =
			__atomic_fetch_add(&next_id, chunk, __ATOMIC_RELAXED);
		size_t end = nr_ids - i < chunk ? nr_ids : i + chunk;

		if (i >= nr_ids)
			break;
		for (; i < end && !w->err; i++)
			w->err = read_one(w, i, &out);
	}
	kd_buf_release(&out);
	return NULL;
}

static void open_worker(struct worker *w)
{
	if (mode == MODE_GIT) {
		git_repository *own;

		if (git_repository_open_bare(&own, git_repository_path(repo)) ||
		    git_repository_odb(&w->odb, own))
			die_git("cannot open the repository");
		git_repository_free(own);
	} else if (kd_pack_reader_new(&w->reader, packs, repo, cache_bytes)) {
		die("cannot make a reader");
	}
}

static int check(void)
{
	struct kd_pack_reader *r;
	struct kd_buf out = KD_BUF_INIT;
	git_odb *odb;
	size_t i, bad = 0;

	if (git_repository_odb(&odb, repo))
		die_git("cannot open the object database");
	if (kd_pack_reader_new(&r, packs, repo, cache_bytes))
		die("cannot make a reader");
	for (i = 0; i < nr_ids; i++) {
		git_odb_object *obj;
		git_object_t type;
		size_t size = 0, want;
		int err;

		if (git_odb_read(&obj, odb, &ids[i]))
			die_git("git_odb_read");
		if (mode == MODE_PREFIX)
			err = kd_pack_read_prefix(r, &ids[i], prefix_len, &type,
						  &size, &out);
		else
			err = kd_pack_read(r, &ids[i], &type, &out);
		if (err)
			die("kd_pack_read");
		want = git_odb_object_size(obj);
		if (mode == MODE_PREFIX) {
			if (size != want || out.len > want ||
			    out.len < (prefix_len < want ? prefix_len : want))
				bad++;
			else if (want > out.len)
				want = out.len;
		} else if (out.len != want) {
			bad++;
			want = 0;
		}
		if (type != git_odb_object_type(obj) ||
		    memcmp(out.buf, git_odb_object_data(obj), want))
			bad++;
		git_odb_object_free(obj);
	}
	printf("checked %zu objects: %zu differ\n", nr_ids, bad);
	kd_buf_release(&out);
	kd_pack_reader_free(r);
	git_odb_free(odb);
	return bad ? 1 : 0;
}

static void read_ids(void)
{
	char line[128];
	size_t alloc = 0;

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		KD_ALLOC_GROW(ids, nr_ids + 1, alloc);
		if (git_oid_fromstr(&ids[nr_ids], line)) {
			fprintf(stderr, "fatal: not an object id: '%s'\n",
				line);
			exit(128);
		}
		nr_ids++;
	}
}

int main(int argc, char **argv)
{
	static const char *names[] = {"libgit2", "kd_pack", "kd_prefix"};
	struct worker workers[MAX_THREADS];
	struct kd_pack_stats sum = {0};
	int threads = 1, do_check = 0, i;
	double t0, c0, t1, c1;
	size_t bytes = 0;
	struct rusage ru;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--git"))
			mode = MODE_GIT;
		else if (!strcmp(a, "--pack"))
			mode = MODE_PACK;
		else if (!strncmp(a, "--prefix=", 9)) {
			mode = MODE_PREFIX;
			prefix_len = strtoul(a + 9, NULL, 10);
		} else if (!strncmp(a, "--threads=", 10))
			threads = atoi(a + 10);
		else if (!strncmp(a, "--chunk=", 8))
			chunk = strtoul(a + 8, NULL, 10);
		else if (!strncmp(a, "--cache=", 8))
			cache_bytes = strtoul(a + 8, NULL, 10);
		else if (!strcmp(a, "--check"))
			do_check = 1;
		else
			break;
	}
	if (i != argc - 1 || threads < 1 || threads > MAX_THREADS || !chunk) {
		fprintf(stderr, "usage: pack-read [--git | --pack | "
				"--prefix=N] [--threads=N] [--chunk=N] "
				"[--cache=BYTES] [--check] REPO <ids\n");
		return 129;
	}
	git_libgit2_init();
	/* as git-kvmdigest reads: no re-hashing of every object */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (git_repository_open(&repo, argv[i]))
		die_git("cannot open the repository");
	read_ids();

	if (do_check) {
		if (kd_packs_open(&packs, repo))
			die("cannot open the packs");
		return check();
	}

	t0 = now();
	c0 = cpu_seconds();
	if (mode != MODE_GIT && kd_packs_open(&packs, repo))
		die("cannot open the packs");
	memset(workers, 0, sizeof(workers));
	for (i = 0; i < threads; i++)
		open_worker(&workers[i]);
	for (i = 1; i < threads; i++)
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]))
			die("cannot start a thread");
	work(&workers[0]);
	for (i = 1; i < threads; i++)
		pthread_join(workers[i].thread, NULL);
	t1 = now();
	c1 = cpu_seconds();

	for (i = 0; i < threads; i++) {
		struct kd_pack_stats s;

		if (workers[i].err) {
			fprintf(stderr, "fatal: a read failed\n");
			return 128;
		}
		bytes += workers[i].bytes;
		if (workers[i].reader) {
			kd_pack_reader_stats(&s, workers[i].reader);
			sum.reads += s.reads;
			sum.fallbacks += s.fallbacks;
			sum.inflated += s.inflated;
			sum.cache_hits += s.cache_hits;
			kd_pack_reader_free(workers[i].reader);
		}
		git_odb_free(workers[i].odb);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%s threads=%d objects=%zu bytes=%zu wall=%.4f cpu=%.4f "
	       "maxrss_kb=%ld",
	       names[mode], threads, nr_ids, bytes, t1 - t0, c1 - c0,
	       ru.ru_maxrss);
	if (mode != MODE_GIT)
		printf(" cache=%zu inflated=%zu cache_hits=%zu fallbacks=%zu",
		       cache_bytes, sum.inflated, sum.cache_hits,
		       sum.fallbacks);
	printf("\n");
	kd_packs_free(packs);
	git_repository_free(repo);
	free(ids);
	git_libgit2_shutdown();
	return 0;
}
