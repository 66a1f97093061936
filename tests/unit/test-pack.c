#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "error.h"
#include "pack.h"
#include "shell.h"

/*
 * Repositories are made under a temporary directory with git's command
 * line: loose objects only, one pack, several, deep OFS_DELTA chains,
 * REF_DELTA, a large object, empty blobs, an .idx with 64-bit offsets;
 * every object of each is read through lib/pack.c and compared with what
 * libgit2 reads.  Then broken packs: cut short, a bad zlib stream, a bad
 * delta, and packs written here byte by byte for what git never writes.
 */

static char tmpdir[64];

/* a shell command in tmpdir (shell.h) */
#define run(...) run_in(tmpdir, __VA_ARGS__)

/* The first line a command prints. */
static void capture(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void capture(char *out, size_t len, const char *fmt, ...)
{
	struct kd_buf cmd = KD_BUF_INIT;
	va_list ap;
	FILE *f;

	kd_buf_addf(&cmd, "cd '%s' && ", tmpdir);
	va_start(ap, fmt);
	kd_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	f = popen(cmd.buf, "r");
	assert_non_null(f);
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(f);
	kd_buf_release(&cmd);
}

static unsigned long lcg_state;

static unsigned long lcg(void)
{
	lcg_state = lcg_state * 6364136223846793005ul + 1442695040888963407ul;
	return lcg_state >> 33;
}

static void add_commit(struct kd_buf *s, int i, const char *path,
		       const char *data, size_t len)
{
	kd_buf_addf(s,
		    "commit refs/heads/master\n"
		    "committer A U Thor <a@example.com> %d +0000\n"
		    "data 3\nm%d\n",
		    1000000 + i, i % 10);
	kd_buf_addf(s, "M 100644 inline %s\ndata %zu\n", path, len);
	kd_buf_add(s, data, len);
	kd_buf_addch(s, '\n');
}

/*
 * Import `n` messages into `repo` (made when missing), each the one
 * before with one line of 200 changed: what makes long delta chains.
 */
static void import_messages(const char *repo, int n, unsigned long seed)
{
	struct kd_buf stream = KD_BUF_INIT, msg = KD_BUF_INIT;
	char lines[200][48], path[128];
	FILE *f;
	int i, j;

	lcg_state = seed;
	for (j = 0; j < 200; j++)
		snprintf(lines[j], sizeof(lines[j]),
			 "line %d of a patch to kvm, hunk %d\n", j, j * 7 % 13);
	for (i = 0; i < n; i++) {
		j = (int)(lcg() % 200);
		snprintf(lines[j], sizeof(lines[j]),
			 "changed by %lu:%d at %d\n", seed, i, j);
		kd_buf_reset(&msg);
		kd_buf_addf(&msg,
			    "Message-ID: <%lu.%d@example.com>\n"
			    "Subject: [PATCH] x%d\n\n",
			    seed, i, i);
		for (j = 0; j < 200; j++)
			kd_buf_addstr(&msg, lines[j]);
		add_commit(&stream, i, "m", msg.buf, msg.len);
	}
	snprintf(path, sizeof(path), "%s/stream", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(stream.buf, 1, stream.len, f), stream.len);
	fclose(f);
	run("test -d %s || git init -q --bare %s", repo, repo);
	/* --force: an import after another starts a history of its own */
	run("git -C %s fast-import --quiet --force <stream", repo);
	kd_buf_release(&stream);
	kd_buf_release(&msg);
}

static git_repository *open_repo(const char *name)
{
	git_repository *repo;
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(git_repository_open(&repo, path), 0);
	return repo;
}

struct ids {
	git_oid *v;
	size_t nr, alloc;
};

static int add_id(const git_oid *id, void *payload)
{
	struct ids *ids = payload;

	KD_ALLOC_GROW(ids->v, ids->nr + 1, ids->alloc);
	git_oid_cpy(&ids->v[ids->nr++], id);
	return 0;
}

/* Read `id` every way with `r` and compare with `obj`. */
static void check_object(struct kd_pack_reader *r, const git_oid *id,
			 git_odb_object *obj)
{
	const char *data = git_odb_object_data(obj);
	size_t len = git_odb_object_size(obj), wants[5], size, i;
	struct kd_buf out = KD_BUF_INIT;
	git_object_t type;

	assert_int_equal(kd_pack_read(r, id, &type, &out), 0);
	assert_int_equal(type, git_odb_object_type(obj));
	assert_int_equal(out.len, len);
	assert_memory_equal(out.buf, data, len);
	assert_int_equal(out.buf[len], '\0');

	wants[0] = 0;
	wants[1] = 1;
	wants[2] = len / 3;
	wants[3] = len;
	wants[4] = len + 1;
	for (i = 0; i < 5; i++) {
		size_t got = wants[i] < len ? wants[i] : len;

		kd_buf_addstr(&out, "stale");
		assert_int_equal(kd_pack_read_prefix(r, id, wants[i], &type,
						     &size, &out),
				 0);
		assert_int_equal(type, git_odb_object_type(obj));
		assert_int_equal(size, len);
		assert_true(out.len >= got && out.len <= len);
		assert_memory_equal(out.buf, data, out.len);
	}

	assert_int_equal(kd_pack_read_header(r, id, &type, &size), 0);
	assert_int_equal(type, git_odb_object_type(obj));
	assert_int_equal(size, len);
	kd_buf_release(&out);
}

/*
 * Every object of `name`, read through lib/pack.c with a cache and
 * without, forwards and backwards, is libgit2's.  Returns how many
 * objects there are.
 */
static size_t check_repo(const char *name, size_t nr_packs,
			 struct kd_pack_stats *stats)
{
	git_repository *repo = open_repo(name);
	struct kd_pack_reader *cached, *uncached;
	struct kd_packs *packs;
	struct ids ids = {0};
	git_odb *odb;
	size_t i;

	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), nr_packs);
	assert_int_equal(
		kd_pack_reader_new(&cached, packs, repo, KD_PACK_CACHE_DEFAULT),
		0);
	assert_int_equal(kd_pack_reader_new(&uncached, packs, repo, 0), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_int_equal(git_odb_foreach(odb, add_id, &ids), 0);
	assert_true(ids.nr > 0);
	for (i = 0; i < 2 * ids.nr; i++) {
		const git_oid *id = &ids.v[i < ids.nr ? i : 2 * ids.nr - 1 - i];
		git_odb_object *obj;

		assert_int_equal(git_odb_read(&obj, odb, id), 0);
		check_object(cached, id, obj);
		check_object(uncached, id, obj);
		git_odb_object_free(obj);
	}
	kd_pack_reader_stats(stats, uncached);
	free(ids.v);
	git_odb_free(odb);
	kd_pack_reader_free(cached);
	kd_pack_reader_free(uncached);
	kd_packs_free(packs);
	git_repository_free(repo);
	return i / 2;
}

static void test_loose_only(void **state)
{
	struct kd_pack_stats st;
	size_t n;

	(void)state;
	run("git init -q loose && cd loose && "
	    "printf 'a\\n' >a && : >empty && git add a empty && "
	    "git -c user.name=A -c user.email=a@x commit -q -m one && "
	    "printf 'b\\n' >>a && git add a && "
	    "git -c user.name=A -c user.email=a@x commit -q -m two");
	n = check_repo("loose/.git", 0, &st);
	/* two commits, two trees, three blobs, all through libgit2 */
	assert_int_equal(n, 7);
	assert_int_equal(st.fallbacks, st.reads);
	assert_int_equal(st.inflated, 0);
}

static void test_one_pack(void **state)
{
	struct kd_pack_stats st;

	(void)state;
	import_messages("one.git", 120, 1);
	run("git -C one.git repack -adq");
	/* 120 commits, trees and messages */
	assert_int_equal(check_repo("one.git", 1, &st), 360);
	assert_int_equal(st.fallbacks, 0);
}

static void test_several_packs(void **state)
{
	struct kd_pack_stats st;

	(void)state;
	/* each import writes a pack; the loose objects go through libgit2 */
	import_messages("several.git", 50, 2);
	import_messages("several.git", 50, 3);
	import_messages("several.git", 50, 4);
	run("cd several.git && printf 'loose\\n' | git hash-object -w --stdin");
	assert_int_equal(check_repo("several.git", 3, &st), 451);
	assert_true(st.fallbacks > 0);
}

/* The deepest chain `git verify-pack -v` reports in `repo`. */
static int deepest_chain(const char *repo)
{
	char line[64];

	capture(line, sizeof(line),
		"git verify-pack -v %s/objects/pack/*.idx | "
		"sed -n 's/^chain length = \\([0-9]*\\):.*/\\1/p' | tail -n 1",
		repo);
	return atoi(line);
}

static void test_deep_ofs_chains(void **state)
{
	struct kd_pack_stats st;

	(void)state;
	import_messages("deep.git", 300, 5);
	run("git -C deep.git repack -adfq --depth=250 --window=250");
	assert_true(deepest_chain("deep.git") > 100);
	assert_int_equal(check_repo("deep.git", 1, &st), 900);
	assert_int_equal(st.fallbacks, 0);
}

/* How many entries of the pack of `repo` are REF_DELTA: the type bits of
 * the byte at each offset `git verify-pack -v` gives a delta. */
static int ref_deltas(const char *repo)
{
	char line[64];

	capture(line, sizeof(line),
		"p=$(ls %s/objects/pack/*.pack) && "
		"git verify-pack -v ${p%%.pack}.idx | "
		"awk 'NF == 7 { print $5 }' | "
		"while read off; do "
		"  od -An -tu1 -j $off -N1 $p; "
		"done | "
		"awk 'int($1 / 16) %% 8 == 7 { n++ } END { print n + 0 }'",
		repo);
	return atoi(line);
}

static void test_ref_delta(void **state)
{
	struct kd_pack_stats st;

	(void)state;
	import_messages("ref.git", 100, 6);
	run("git -C ref.git -c repack.useDeltaBaseOffset=false "
	    "repack -adfq --depth=50");
	assert_true(ref_deltas("ref.git") > 50);
	assert_int_equal(check_repo("ref.git", 1, &st), 300);
	assert_int_equal(st.fallbacks, 0);
}

static void test_large_and_empty(void **state)
{
	struct kd_buf stream = KD_BUF_INIT, big = KD_BUF_INIT;
	struct kd_pack_stats st;
	char path[128];
	size_t i;
	FILE *f;

	(void)state;
	/* 6 MB that does not compress, then the same with a change: a delta
	 * on a large base; and empty blobs */
	lcg_state = 7;
	for (i = 0; i < (6u << 20); i++)
		kd_buf_addch(&big, (int)(lcg() & 0xff));
	add_commit(&stream, 0, "big", big.buf, big.len);
	memcpy(big.buf + 3000000, "a change in the middle", 22);
	add_commit(&stream, 1, "big", big.buf, big.len);
	add_commit(&stream, 2, "empty", "", 0);
	add_commit(&stream, 3, "empty2", "", 0);
	snprintf(path, sizeof(path), "%s/stream", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(stream.buf, 1, stream.len, f), stream.len);
	fclose(f);
	run("git init -q --bare large.git && "
	    "git -C large.git fast-import --quiet <stream && "
	    "git -C large.git repack -adfq");
	/* 4 commits, 4 trees, 3 blobs (the empty one twice) */
	assert_int_equal(check_repo("large.git", 1, &st), 11);
	assert_int_equal(st.fallbacks, 0);
	kd_buf_release(&stream);
	kd_buf_release(&big);
}

static void test_large_offsets(void **state)
{
	char idx[200];
	struct kd_pack_stats st;
	struct stat s;
	size_t nr = 300, min;

	(void)state;
	/* every object past 4 KB in the 64-bit table */
	run("cp -R deep.git large-offsets.git && cd large-offsets.git && "
	    "rm objects/pack/*.idx objects/pack/*.bitmap 2>/dev/null; "
	    "git index-pack --index-version=2,0x1000 objects/pack/*.pack");
	capture(idx, sizeof(idx), "ls %s/large-offsets.git/objects/pack/*.idx",
		tmpdir);
	assert_int_equal(stat(idx, &s), 0);
	min = 8 + 256 * 4 + 3 * nr * (20 + 4 + 4) + 40;
	assert_true((size_t)s.st_size > min + 8 * 100);
	assert_int_equal(check_repo("large-offsets.git", 1, &st), 3 * nr);
}

static void test_not_found(void **state)
{
	git_repository *repo = open_repo("one.git");
	struct kd_pack_reader *r;
	struct kd_buf out = KD_BUF_INIT;
	struct kd_packs *packs;
	git_object_t type;
	git_oid id;
	size_t size;

	(void)state;
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_pack_reader_new(&r, packs, repo, 0), 0);
	git_oid_fromstr(&id, "0123456789012345678901234567890123456789");
	assert_int_equal(kd_pack_read(r, &id, &type, &out), KD_ENOTFOUND);
	assert_string_equal(kd_error_last(),
			    "object 0123456789012345678901234567890123456789 "
			    "not found");
	assert_int_equal(kd_pack_read_prefix(r, &id, 10, &type, &size, &out),
			 KD_ENOTFOUND);
	assert_int_equal(kd_pack_read_header(r, &id, &type, &size),
			 KD_ENOTFOUND);
	kd_buf_release(&out);
	kd_pack_reader_free(r);
	kd_packs_free(packs);
	git_repository_free(repo);
}

/* What no pack of kd_packs holds comes through libgit2: an object of an
 * alternate, one of a pack written after kd_packs_open(). */
static void test_fallbacks(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_pack_reader *r;
	struct kd_pack_stats st;
	struct kd_packs *packs;
	git_repository *repo;
	git_object_t type;
	git_oid alt, late;
	char hex[64];

	(void)state;
	run("git init -q --bare alt.git && "
	    "echo \"$PWD/one.git/objects\" >alt.git/objects/info/alternates");
	capture(hex, sizeof(hex), "git -C one.git rev-parse HEAD:m");
	assert_int_equal(git_oid_fromstr(&alt, hex), 0);

	repo = open_repo("alt.git");
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), 0);
	assert_int_equal(kd_pack_reader_new(&r, packs, repo, 0), 0);
	assert_int_equal(kd_pack_read(r, &alt, &type, &out), 0);
	assert_int_equal(type, GIT_OBJECT_BLOB);
	assert_non_null(strstr(out.buf, "Message-ID: <1.119@example.com>"));

	/* a pack of its own, and no loose copy */
	run("cd alt.git && printf 'late\\n' | git hash-object -w --stdin | "
	    "git pack-objects -q objects/pack/pack && git prune-packed && "
	    "ls objects/pack/*.pack");
	capture(hex, sizeof(hex), "printf 'late\\n' | git hash-object --stdin");
	assert_int_equal(git_oid_fromstr(&late, hex), 0);
	assert_int_equal(kd_pack_read(r, &late, &type, &out), 0);
	assert_string_equal(out.buf, "late\n");
	kd_pack_reader_stats(&st, r);
	assert_int_equal(st.fallbacks, 2);
	kd_buf_release(&out);
	kd_pack_reader_free(r);
	kd_packs_free(packs);
	git_repository_free(repo);
}

/* The `n`th line (from 1) of `git verify-pack -v` of `repo` that `filter`
 * (awk, printing id, size in the pack and offset) prints.  0, or -1 when
 * there are fewer. */
static int nth_entry(const char *repo, const char *filter, int n, git_oid *id,
		     long *off, long *len)
{
	char line[200], hex[GIT_OID_HEXSZ + 1];

	capture(line, sizeof(line),
		"git verify-pack -v %s/objects/pack/*.idx | awk '%s' | "
		"sed -n %dp",
		repo, filter, n);
	if (sscanf(line, "%40s %ld %ld", hex, len, off) != 3)
		return -1;
	assert_int_equal(git_oid_fromstr(id, hex), 0);
	return 0;
}

static void pack_entry(const char *repo, const char *filter, git_oid *id,
		       long *off, long *len)
{
	assert_int_equal(nth_entry(repo, filter, 1, id, off, len), 0);
}

static void patch_file(const char *repo, long off, const void *data, size_t len)
{
	char path[200];
	FILE *f;

	capture(path, sizeof(path), "ls %s/%s/objects/pack/*.pack", tmpdir,
		repo);
	run("chmod u+w %s", path);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void read_pack_bytes(const char *repo, long off, void *data, size_t len)
{
	char path[200];
	FILE *f;

	capture(path, sizeof(path), "ls %s/%s/objects/pack/*.pack", tmpdir,
		repo);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fread(data, 1, len, f), len);
	fclose(f);
}

/* Read `id` in `repo`: the return code, and the message in `msg`. */
static int read_one(const char *repo_name, const git_oid *id, char *msg,
		    size_t len)
{
	git_repository *repo = open_repo(repo_name);
	struct kd_pack_reader *r;
	struct kd_buf out = KD_BUF_INIT;
	struct kd_packs *packs;
	git_object_t type;
	int err;

	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_pack_reader_new(&r, packs, repo, 0), 0);
	kd_error_clear();
	err = kd_pack_read(r, id, &type, &out);
	snprintf(msg, len, "%s", kd_error_last() ? kd_error_last() : "");
	/* the reader is still of use after an error */
	if (err) {
		assert_int_equal(kd_pack_read(r, id, &type, &out), err);
	}
	kd_buf_release(&out);
	kd_pack_reader_free(r);
	kd_packs_free(packs);
	git_repository_free(repo);
	return err;
}

static void test_truncated_pack(void **state)
{
	git_repository *repo;
	struct kd_pack_reader *r;
	struct kd_buf out = KD_BUF_INIT;
	struct kd_packs *packs;
	char path[200], msg[512];
	git_object_t type;
	git_oid id;
	long off, len;
	int err;

	(void)state;
	run("cp -R one.git cut.git");
	/* the last blob of the pack */
	pack_entry("cut.git",
		   "$2 == \"blob\" { l = $1 \" \" $4 \" \" $5 } "
		   "END { print l }",
		   &id, &off, &len);

	/* cut short under an open kd_packs: the read fails, with a message */
	repo = open_repo("cut.git");
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), 1);
	assert_int_equal(kd_pack_reader_new(&r, packs, repo, 0), 0);
	capture(path, sizeof(path), "ls %s/cut.git/objects/pack/*.pack",
		tmpdir);
	assert_int_equal(truncate(path, off + 10), 0);
	assert_int_equal(kd_pack_read(r, &id, &type, &out), KD_ERROR);
	assert_non_null(strstr(kd_error_last(), "the file is cut short"));
	assert_non_null(strstr(kd_error_last(), path));
	kd_pack_reader_free(r);
	kd_packs_free(packs);
	git_repository_free(repo);

	/* cut short before: the pack is left out, libgit2 says what fails */
	err = read_one("cut.git", &id, msg, sizeof(msg));
	assert_true(err == KD_ERROR || err == KD_ENOTFOUND);
	assert_true(strlen(msg) > 0);
	kd_buf_release(&out);
}

static void test_bad_zlib(void **state)
{
	unsigned char junk[8] = {0xde, 0xad, 0xbe, 0xef,
				 0xde, 0xad, 0xbe, 0xef};
	char msg[512];
	git_oid id;
	long off, len;

	(void)state;
	run("cp -R one.git zlib.git");
	pack_entry("zlib.git",
		   "$2 == \"blob\" && NF == 5 && $4 > 100 "
		   "{ print $1, $4, $5 }",
		   &id, &off, &len);
	patch_file("zlib.git", off + len / 2, junk, sizeof(junk));
	assert_int_equal(read_one("zlib.git", &id, msg, sizeof(msg)), KD_ERROR);
	assert_non_null(strstr(msg, "corrupt pack '"));
	assert_non_null(strstr(msg, "inflate"));
}

static void test_bad_size(void **state)
{
	unsigned char c;
	char msg[512];
	git_oid id;
	long off, len;

	(void)state;
	/* one less in the size of an entry's header */
	run("cp -R one.git size.git");
	pack_entry("size.git",
		   "$2 == \"blob\" && NF == 5 && $4 > 100 "
		   "{ print $1, $4, $5 }",
		   &id, &off, &len);
	read_pack_bytes("size.git", off, &c, 1);
	c = (unsigned char)((c & 0xf0) | ((c & 0x0f) ^ 1));
	patch_file("size.git", off, &c, 1);
	assert_int_equal(read_one("size.git", &id, msg, sizeof(msg)), KD_ERROR);
	assert_non_null(strstr(msg, "inflates"));
	assert_non_null(strstr(msg, "of its size"));
}

/* Deflate `in` into `out` in at most `room` bytes, trying the levels and
 * strategies of zlib until one fits.  Returns the length, or 0. */
static size_t deflate_into(unsigned char *out, size_t room,
			   const unsigned char *in, size_t len)
{
	static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FIXED,
					 Z_FILTERED, Z_HUFFMAN_ONLY};
	size_t s;
	int level;

	for (s = 0; s < sizeof(strategies) / sizeof(*strategies); s++)
		for (level = 9; level >= 1; level--) {
			z_stream zs;
			size_t n;

			memset(&zs, 0, sizeof(zs));
			assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED,
						      15, 8, strategies[s]),
					 Z_OK);
			zs.next_in = (unsigned char *)in;
			zs.avail_in = (uInt)len;
			zs.next_out = out;
			zs.avail_out = (uInt)room;
			n = deflate(&zs, Z_FINISH) == Z_STREAM_END
				    ? room - zs.avail_out
				    : 0;
			deflateEnd(&zs);
			if (n)
				return n;
		}
	return 0;
}

/*
 * A delta of the pack of `repo` made bad: inflated, `edit` applied,
 * deflated again in the room it had (the first delta where it fits).
 */
static void break_delta(const char *repo, void (*edit)(unsigned char *, size_t),
			git_oid *id)
{
	unsigned char entry[4096], delta[65536], packed[4096];
	long off, len;
	int n;

	for (n = 1;
	     !nth_entry(repo, "NF == 7 && $4 < 4000 { print $1, $4, $5 }", n,
			id, &off, &len);
	     n++) {
		uLongf delta_len = sizeof(delta);
		size_t h = 0, packed_len;

		read_pack_bytes(repo, off, entry, (size_t)len);
		/* the header: type and size, then the base offset */
		while (entry[h++] & 0x80)
			;
		assert_int_equal((entry[0] >> 4) & 7, 6);
		while (entry[h++] & 0x80)
			;
		assert_int_equal(uncompress(delta, &delta_len, entry + h,
					    (uLong)len - h),
				 Z_OK);
		edit(delta, delta_len);
		packed_len =
			deflate_into(packed, (size_t)len - h, delta, delta_len);
		if (packed_len) {
			patch_file(repo, off + (long)h, packed, packed_len);
			return;
		}
	}
	fail_msg("no delta of %s could be broken in place", repo);
}

static void wrong_base_size(unsigned char *delta, size_t len)
{
	/* the base size's lowest bit */
	delta[0] ^= 1;
}

static void copy_out_of_base(unsigned char *delta, size_t len)
{
	size_t i = 0;

	/* the first instruction, past the two sizes, made a copy of
	 * 0xffff bytes at 0xffffff00 */
	while (delta[i++] & 0x80)
		;
	while (delta[i++] & 0x80)
		;
	assert_true(i + 7 <= len);
	delta[i] = 0x80 | 0x08 | 0x30;
	delta[i + 1] = 0xff;
	delta[i + 2] = 0xff;
	delta[i + 3] = 0xff;
}

static void test_bad_delta(void **state)
{
	char msg[512];
	git_oid id;

	(void)state;
	run("cp -R deep.git delta1.git && cp -R deep.git delta2.git");
	break_delta("delta1.git", wrong_base_size, &id);
	assert_int_equal(read_one("delta1.git", &id, msg, sizeof(msg)),
			 KD_ERROR);
	assert_non_null(strstr(msg, "is a bad delta: it is for a base of"));

	break_delta("delta2.git", copy_out_of_base, &id);
	assert_int_equal(read_one("delta2.git", &id, msg, sizeof(msg)),
			 KD_ERROR);
	assert_non_null(strstr(msg, "is a bad delta: a copy of 65535 bytes"));
}

/*
 * Packs written here byte by byte, for what git never writes.  The pack
 * and its .idx share a made-up checksum, which is all kd_packs checks.
 */
struct crafted {
	struct kd_buf pack;
	git_oid ids[16];
	uint64_t offs[16];
	size_t nr;
};

static const unsigned char fake_sum[GIT_OID_RAWSZ] = "0123456789abcdefghi";

static void crafted_begin(struct crafted *c)
{
	memset(c, 0, sizeof(*c));
	kd_buf_init(&c->pack, 0);
	kd_buf_add(&c->pack, "PACK\0\0\0\2\0\0\0\0", 12);
}

static void put_header(struct kd_buf *b, int type, size_t size)
{
	unsigned char c = (unsigned char)(type << 4 | (size & 15));

	size >>= 4;
	while (size) {
		kd_buf_addch(b, c | 0x80);
		c = size & 0x7f;
		size >>= 7;
	}
	kd_buf_addch(b, c);
}

static void put_zlib(struct kd_buf *b, const void *data, size_t len)
{
	uLongf n = compressBound((uLong)len);

	kd_buf_grow(b, n);
	assert_int_equal(compress2((unsigned char *)b->buf + b->len, &n, data,
				   (uLong)len, 6),
			 Z_OK);
	kd_buf_setlen(b, b->len + n);
}

/* Start an entry with object id made of `name`; returns its offset. */
static uint64_t crafted_entry(struct crafted *c, const char *name)
{
	unsigned char raw[GIT_OID_RAWSZ] = {0};

	memcpy(raw, name, strlen(name));
	git_oid_fromraw(&c->ids[c->nr], raw);
	c->offs[c->nr] = c->pack.len;
	return c->offs[c->nr++];
}

/* A base's distance back, as git writes it: each byte past the first
 * stands for one more. */
static void put_ofs(struct kd_buf *b, uint64_t rel)
{
	unsigned char v[10];
	size_t pos = sizeof(v) - 1;

	v[pos] = rel & 0x7f;
	while (rel >>= 7)
		v[--pos] = 0x80 | (--rel & 0x7f);
	kd_buf_add(b, v + pos, sizeof(v) - pos);
}

static void put_be32(struct kd_buf *b, uint32_t v)
{
	kd_buf_addch(b, (int)(v >> 24));
	kd_buf_addch(b, (int)(v >> 16 & 0xff));
	kd_buf_addch(b, (int)(v >> 8 & 0xff));
	kd_buf_addch(b, (int)(v & 0xff));
}

/* Write the pack and its .idx into a new repository `name`. */
static void crafted_write(struct crafted *c, const char *name)
{
	struct kd_buf idx = KD_BUF_INIT;
	char path[200];
	size_t i, j, order[16];
	unsigned b;
	FILE *f;

	c->pack.buf[11] = (char)c->nr;
	kd_buf_add(&c->pack, fake_sum, sizeof(fake_sum));
	for (i = 0; i < c->nr; i++)
		order[i] = i;
	for (i = 0; i < c->nr; i++)
		for (j = i + 1; j < c->nr; j++)
			if (git_oid_cmp(&c->ids[order[j]], &c->ids[order[i]]) <
			    0) {
				size_t t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
	kd_buf_add(&idx, "\377tOc\0\0\0\2", 8);
	for (b = 0; b < 256; b++) {
		uint32_t n = 0;

		for (i = 0; i < c->nr; i++)
			if (c->ids[i].id[0] <= b)
				n++;
		put_be32(&idx, n);
	}
	for (i = 0; i < c->nr; i++)
		kd_buf_add(&idx, c->ids[order[i]].id, GIT_OID_RAWSZ);
	for (i = 0; i < c->nr; i++)
		put_be32(&idx, 0); /* CRC-32: not read */
	for (i = 0; i < c->nr; i++)
		put_be32(&idx, (uint32_t)c->offs[order[i]]);
	kd_buf_add(&idx, fake_sum, sizeof(fake_sum));
	kd_buf_add(&idx, fake_sum, sizeof(fake_sum));

	run("git init -q --bare %s", name);
	snprintf(path, sizeof(path), "%s/%s/objects/pack/pack-crafted.pack",
		 tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(c->pack.buf, 1, c->pack.len, f), c->pack.len);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s/objects/pack/pack-crafted.idx",
		 tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(idx.buf, 1, idx.len, f), idx.len);
	fclose(f);
	kd_buf_release(&idx);
	kd_buf_release(&c->pack);
}

/* Read the object `name` of the crafted repository `repo`. */
static int crafted_read(const char *repo_name, const char *name,
			struct kd_buf *out, char *msg, size_t len)
{
	git_repository *repo = open_repo(repo_name);
	unsigned char raw[GIT_OID_RAWSZ] = {0};
	struct kd_pack_reader *r;
	struct kd_packs *packs;
	git_object_t type;
	git_oid id;
	int err;

	memcpy(raw, name, strlen(name));
	git_oid_fromraw(&id, raw);
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), 1);
	assert_int_equal(kd_pack_reader_new(&r, packs, repo, 1 << 20), 0);
	kd_error_clear();
	err = kd_pack_read(r, &id, &type, out);
	snprintf(msg, len, "%s", kd_error_last() ? kd_error_last() : "");
	kd_pack_reader_free(r);
	kd_packs_free(packs);
	git_repository_free(repo);
	return err;
}

static void test_crafted_ref_to_loose(void **state)
{
	/* base size, result size, copy 9 bytes at 2, insert "!\n" */
	static const unsigned char delta[] = {26, 11, 0x91, 2, 9, 2, '!', '\n'};
	struct kd_buf out = KD_BUF_INIT;
	struct crafted c;
	char hex[64], msg[512];
	git_oid base_id;

	(void)state;
	run("git init -q --bare crafted-ref.git && "
	    "printf 'a base that libgit2 reads\\n' >base");
	capture(hex, sizeof(hex),
		"git -C crafted-ref.git hash-object -w ../base");
	assert_int_equal(git_oid_fromstr(&base_id, hex), 0);
	crafted_begin(&c);
	crafted_entry(&c, "delta");
	put_header(&c.pack, 7, sizeof(delta));
	kd_buf_add(&c.pack, base_id.id, GIT_OID_RAWSZ);
	put_zlib(&c.pack, delta, sizeof(delta));
	crafted_write(&c, "crafted-ref.git");
	assert_int_equal(crafted_read("crafted-ref.git", "delta", &out, msg,
				      sizeof(msg)),
			 0);
	assert_string_equal(out.buf, "base that!\n");

	/* without its base, the delta is an error, not an object missing */
	run("rm -rf crafted-ref.git/objects/??");
	assert_int_equal(crafted_read("crafted-ref.git", "delta", &out, msg,
				      sizeof(msg)),
			 KD_ERROR);
	assert_non_null(strstr(msg, "is a delta on an object not found"));
	kd_buf_release(&out);
}

static void test_crafted_ref_cycle(void **state)
{
	static const unsigned char delta[] = {3, 3, 0x90, 3};
	struct kd_buf out = KD_BUF_INIT;
	struct crafted c;
	char msg[512];

	(void)state;
	crafted_begin(&c);
	crafted_entry(&c, "a");
	put_header(&c.pack, 7, sizeof(delta));
	kd_buf_addstr(&c.pack, "b");
	kd_buf_addchars(&c.pack, 0, GIT_OID_RAWSZ - 1);
	put_zlib(&c.pack, delta, sizeof(delta));
	crafted_entry(&c, "b");
	put_header(&c.pack, 7, sizeof(delta));
	kd_buf_addstr(&c.pack, "a");
	kd_buf_addchars(&c.pack, 0, GIT_OID_RAWSZ - 1);
	put_zlib(&c.pack, delta, sizeof(delta));
	crafted_write(&c, "crafted-cycle.git");
	assert_int_equal(
		crafted_read("crafted-cycle.git", "a", &out, msg, sizeof(msg)),
		KD_ERROR);
	assert_non_null(strstr(msg, "ends a chain of too many deltas"));
	kd_buf_release(&out);
}

static void test_crafted_bad_entries(void **state)
{
	static const char text[] = "some text\n";
	struct kd_buf out = KD_BUF_INIT;
	struct crafted c;
	char msg[512];
	uint64_t off;

	(void)state;
	crafted_begin(&c);
	crafted_entry(&c, "good");
	put_header(&c.pack, 3, sizeof(text) - 1);
	put_zlib(&c.pack, text, sizeof(text) - 1);
	/* type 5 is reserved */
	crafted_entry(&c, "type5");
	put_header(&c.pack, 5, sizeof(text) - 1);
	put_zlib(&c.pack, text, sizeof(text) - 1);
	/* a size that needs more than 64 bits */
	crafted_entry(&c, "huge");
	kd_buf_add(&c.pack, "\xbf\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11);
	put_zlib(&c.pack, text, sizeof(text) - 1);
	/* 1 GB said, ten bytes inflated: refused before allocating */
	crafted_entry(&c, "liar");
	put_header(&c.pack, 3, 1u << 30);
	put_zlib(&c.pack, text, sizeof(text) - 1);
	/* OFS_DELTA on an offset where no entry begins */
	off = crafted_entry(&c, "ofs");
	put_header(&c.pack, 6, 4);
	put_ofs(&c.pack, off - 13); /* into "good"'s stream */
	put_zlib(&c.pack, "\x0a\x0a\x90\x0a", 4);
	/* OFS_DELTA pointing before the pack */
	off = crafted_entry(&c, "before");
	put_header(&c.pack, 6, 4);
	kd_buf_add(&c.pack, "\xff\x7f", 2);
	put_zlib(&c.pack, "\x0a\x0a\x90\x0a", 4);
	/* a good delta on "good", then one with the reserved instruction */
	off = crafted_entry(&c, "delta");
	put_header(&c.pack, 6, 5);
	put_ofs(&c.pack, off - 12);
	put_zlib(&c.pack, "\x0a\x04\x91\x05\x04", 5);
	off = crafted_entry(&c, "zero");
	put_header(&c.pack, 6, 6);
	put_ofs(&c.pack, off - 12);
	put_zlib(&c.pack, "\x0a\x04\x91\x05\x04\x00", 6);
	crafted_write(&c, "crafted-bad.git");

	assert_int_equal(
		crafted_read("crafted-bad.git", "good", &out, msg, sizeof(msg)),
		0);
	assert_string_equal(out.buf, text);
	assert_int_equal(crafted_read("crafted-bad.git", "delta", &out, msg,
				      sizeof(msg)),
			 0);
	assert_string_equal(out.buf, "text");
	assert_int_equal(crafted_read("crafted-bad.git", "type5", &out, msg,
				      sizeof(msg)),
			 KD_ERROR);
	assert_non_null(strstr(msg, "has an unknown type"));
	assert_int_equal(
		crafted_read("crafted-bad.git", "huge", &out, msg, sizeof(msg)),
		KD_ERROR);
	assert_non_null(strstr(msg, "has a bad size"));
	assert_int_equal(
		crafted_read("crafted-bad.git", "liar", &out, msg, sizeof(msg)),
		KD_ERROR);
	assert_non_null(strstr(msg, "is too short for its size"));
	assert_int_equal(
		crafted_read("crafted-bad.git", "ofs", &out, msg, sizeof(msg)),
		KD_ERROR);
	assert_non_null(strstr(msg, "is not in the index"));
	assert_int_equal(crafted_read("crafted-bad.git", "before", &out, msg,
				      sizeof(msg)),
			 KD_ERROR);
	assert_non_null(strstr(msg, "has a bad base offset"));
	assert_int_equal(
		crafted_read("crafted-bad.git", "zero", &out, msg, sizeof(msg)),
		KD_ERROR);
	assert_non_null(strstr(msg, "the reserved instruction 0"));
	kd_buf_release(&out);
}

static void test_crafted_bad_index(void **state)
{
	static const char text[] = "x";
	git_repository *repo;
	struct kd_packs *packs;
	struct crafted c;

	(void)state;
	/* an offset past the end of the pack: the pack is left out */
	crafted_begin(&c);
	crafted_entry(&c, "far");
	put_header(&c.pack, 3, 1);
	put_zlib(&c.pack, text, 1);
	c.offs[0] = 1u << 20;
	crafted_write(&c, "crafted-far.git");
	repo = open_repo("crafted-far.git");
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), 0);
	kd_packs_free(packs);
	git_repository_free(repo);

	/* a pack whose checksum is not its index's */
	crafted_begin(&c);
	crafted_entry(&c, "x");
	put_header(&c.pack, 3, 1);
	put_zlib(&c.pack, text, 1);
	crafted_write(&c, "crafted-sum.git");
	run("printf Z | dd of=crafted-sum.git/objects/pack/pack-crafted.pack "
	    "bs=1 seek=$(($(stat -c %%s "
	    "crafted-sum.git/objects/pack/pack-crafted.pack) - 1)) "
	    "conv=notrunc 2>/dev/null");
	repo = open_repo("crafted-sum.git");
	assert_int_equal(kd_packs_open(&packs, repo), 0);
	assert_int_equal(kd_packs_count(packs), 0);
	kd_packs_free(packs);
	git_repository_free(repo);
}

/* kd_pack_apply_delta() alone, on deltas made here. */
static int apply(struct kd_buf *out, const char *base, const char *delta,
		 size_t delta_len)
{
	return kd_pack_apply_delta(out, (const unsigned char *)base,
				   strlen(base), (const unsigned char *)delta,
				   delta_len);
}

static void test_apply_delta(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	/* copy "quick" (offset 4, size 5), insert " kvm" */
	assert_int_equal(apply(&out, "the quick fox",
			       "\x0d\x09\x91\x04\x05"
			       "\x04 kvm",
			       10),
			 0);
	assert_string_equal(out.buf, "quick kvm");
	/* no offset byte: offset 0; the whole base */
	assert_int_equal(apply(&out, "abc", "\x03\x03\x90\x03", 4), 0);
	assert_string_equal(out.buf, "abc");
	/* an empty result */
	assert_int_equal(apply(&out, "abc", "\x03\x00", 2), 0);
	assert_int_equal(out.len, 0);

	assert_int_equal(apply(&out, "abc", "\x04\x03\x90\x03", 4), KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "it is for a base of 4 bytes, not 3");
	assert_int_equal(apply(&out, "abc", "\x03\x03\x91\x01\x03", 5),
			 KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "a copy of 3 bytes at 1 is out of its base of 3");
	/* size 0 means 0x10000 */
	assert_int_equal(apply(&out, "abc", "\x03\x03\x80", 3), KD_ERROR);
	assert_string_equal(
		kd_error_last(),
		"a copy of 65536 bytes at 0 is out of its base of 3");
	assert_int_equal(apply(&out, "abc", "\x03\x02\x90\x03", 4), KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "it makes more than the 2 bytes it says");
	assert_int_equal(apply(&out, "abc", "\x03\x04\x90\x03", 4), KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "it makes 3 bytes, not the 4 it says");
	assert_int_equal(apply(&out, "abc", "\x03\x03\x91", 3), KD_ERROR);
	assert_string_equal(kd_error_last(), "a copy is cut short");
	assert_int_equal(apply(&out, "abc", "\x03\x03\x05xy", 5), KD_ERROR);
	assert_string_equal(kd_error_last(), "an insert is cut short");
	assert_int_equal(apply(&out, "abc", "\x03\x01\x00", 3), KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "it holds the reserved instruction 0");
	assert_int_equal(apply(&out, "abc", "\x83", 1), KD_ERROR);
	assert_string_equal(kd_error_last(), "its header is cut short");
	/* 2^60 bytes claimed by four bytes of delta: refused at once */
	assert_int_equal(apply(&out, "abc",
			       "\x03\x80\x80\x80\x80\x80\x80\x80\x80\x10"
			       "\x90\x03",
			       12),
			 KD_ERROR);
	assert_string_equal(kd_error_last(),
			    "it cannot make the 1152921504606846976 bytes "
			    "it says");
	kd_buf_release(&out);
}

static int setup(void **state)
{
	(void)state;
	git_libgit2_init();
	strcpy(tmpdir, "/tmp/test-pack.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s' && rm -rf '%s'", tmpdir,
		 tmpdir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_delta),
		cmocka_unit_test(test_loose_only),
		cmocka_unit_test(test_one_pack),
		cmocka_unit_test(test_several_packs),
		cmocka_unit_test(test_deep_ofs_chains),
		cmocka_unit_test(test_ref_delta),
		cmocka_unit_test(test_large_and_empty),
		cmocka_unit_test(test_large_offsets),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_truncated_pack),
		cmocka_unit_test(test_bad_zlib),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_bad_delta),
		cmocka_unit_test(test_crafted_ref_to_loose),
		cmocka_unit_test(test_crafted_ref_cycle),
		cmocka_unit_test(test_crafted_bad_entries),
		cmocka_unit_test(test_crafted_bad_index),
	};

	/* the git command line must not see the user's configuration */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
