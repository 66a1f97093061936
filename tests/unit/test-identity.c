#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "error.h"
#include "identity.h"
#include "shell.h"

/*
 * A scratch directory for mailmap files and git repositories, made once;
 * HOME points into it so that no one's ~/.gitconfig (a mailmap.file of
 * their own) changes what git or libgit2 read.
 */
static char tmpdir[] = "/tmp/kd-identity-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		fail_msg("cannot write %s", path);
}

/* a shell command in tmpdir (shell.h) */
#define run(...) run_in(tmpdir, __VA_ARGS__)

/* The whole output of a command run in the scratch directory. */
static char *output_of(const char *cmd)
{
	struct kd_buf b = KD_BUF_INIT;
	char line[1024];
	FILE *p;

	kd_buf_addf(&b, "cd '%s' && %s", tmpdir, cmd);
	p = popen(b.buf, "r");
	kd_buf_reset(&b);
	if (!p)
		fail_msg("cannot run %s", cmd);
	while (fgets(line, sizeof(line), p))
		kd_buf_addstr(&b, line);
	if (pclose(p))
		fail_msg("%s failed", cmd);
	return kd_buf_detach(&b, NULL);
}

static int setup(void **state)
{
	char home[64];

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(home, sizeof(home), "%s/home", tmpdir);
	isolate_git(home);
	git_libgit2_init();
	run("mkdir home");
	return 0;
}

static int teardown(void **state)
{
	struct kd_buf cmd = KD_BUF_INIT;

	(void)state;
	git_libgit2_shutdown();
	kd_buf_addf(&cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd.buf))
		return -1;
	kd_buf_release(&cmd);
	return 0;
}

static struct kd_identities *new_ids(const struct kd_config *cfg,
				     git_repository *repo)
{
	struct kd_identities *ids = NULL;

	kd_error_clear();
	if (kd_identities_new(&ids, cfg, repo, NULL))
		fail_msg("kd_identities_new: %s", kd_error_last());
	assert_non_null(ids);
	return ids;
}

#define assert_resolves(ids, name, email, want_name, want_email)               \
	do {                                                                   \
		const char *n_, *e_;                                           \
		kd_identities_resolve((ids), (name), (email), &n_, &e_);       \
		if ((want_name) == NULL)                                       \
			assert_null(n_);                                       \
		else                                                           \
			assert_string_equal(n_ ? n_ : "(null)",                \
					    (const char *)(want_name));        \
		assert_string_equal(e_, (want_email));                         \
	} while (0)

/* Nothing configured */

static void test_no_config(void **state)
{
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;
	const char *email = "Someone@Example.ORG", *n, *e;

	(void)state;
	ids = new_ids(&cfg, NULL);
	kd_identities_resolve(ids, "Someone", email, &n, &e);
	assert_null(n);
	/* the very string given, not a copy */
	assert_ptr_equal(e, email);
	kd_identities_resolve(ids, NULL, email, &n, &e);
	assert_null(n);
	assert_ptr_equal(e, email);
	assert_string_equal(kd_identities_domain(ids, "a@kvm.example.org"),
			    "kvm.example.org");
	assert_string_equal(kd_identities_domain(ids, "no-at-sign"), "");
	assert_null(kd_identities_org(ids, "intel.com", 0));
	assert_false(kd_identities_has_orgs(ids));
	assert_false(kd_identities_is_bot(ids, "syzbot", "syzbot@x.com"));
	kd_identities_free(ids);

	/* no configuration at all, and no object, behave the same */
	ids = new_ids(NULL, NULL);
	kd_identities_resolve(ids, "Someone", email, &n, &e);
	assert_null(n);
	assert_ptr_equal(e, email);
	kd_identities_free(ids);
	kd_identities_resolve(NULL, "Someone", email, &n, &e);
	assert_null(n);
	assert_ptr_equal(e, email);
	kd_identities_free(NULL);
}

/* People */

static char *xin_aliases[] = {"xin@zytor.com", "Xin Li (Intel)"};
static struct kd_config_person xin = {
	"Xin Li", "xin3.li@intel.com", xin_aliases, 2, 3, 0,
};

static void test_xin_li(void **state)
{
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;

	(void)state;
	cfg.people = &xin;
	cfg.nr_people = 1;
	ids = new_ids(&cfg, NULL);

	/* the two rows of the seeds are one */
	assert_resolves(ids, "Xin Li", "xin3.li@intel.com", "Xin Li",
			"xin3.li@intel.com");
	assert_resolves(ids, "Xin Li (Intel)", "xin@zytor.com", "Xin Li",
			"xin3.li@intel.com");
	/* by the alias address under any name, by the alias name anywhere */
	assert_resolves(ids, "Li, Xin", "xin@zytor.com", "Xin Li",
			"xin3.li@intel.com");
	assert_resolves(ids, "Xin Li (Intel)", "xin.li@elsewhere.example",
			"Xin Li", "xin3.li@intel.com");
	/* the person's own name is no alias: namesakes stay apart */
	assert_resolves(ids, "Xin Li", "xin.li@elsewhere.example", NULL,
			"xin.li@elsewhere.example");
	/* names match exactly, after trimming */
	assert_resolves(ids, "xin li (intel)", "x@y.example", NULL,
			"x@y.example");
	assert_resolves(ids, "  Xin Li (Intel)\t", "x@y.example", "Xin Li",
			"xin3.li@intel.com");
	kd_identities_free(ids);
}

static void test_alias_case(void **state)
{
	char *a1[] = {" XIN@Zytor.COM ", "Xin Li (Intel)"};
	char *a2[] = {"xin@zytor.com", "Jo@Example.com", "Joe"};
	char *a3[] = {"Ann@Example.org", "ann.b@example.org"};
	struct kd_config_person people[] = {
		{"Xin Li", "Xin3.Li@Intel.COM", a1, 2, 1, 0},
		/* a second claim on xin@zytor.com, and on Xin's own email */
		{"Joe", NULL, a2, 3, 5, 0},
		{" Ann B ", NULL, a3, 2, 7, 0},
		{"Xin Li's twin", NULL, (char *[]){"xin3.li@intel.com"}, 1, 9,
		 0},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;

	(void)state;
	cfg.people = people;
	cfg.nr_people = 4;
	ids = new_ids(&cfg, NULL);

	assert_resolves(ids, "X", "xin@zytor.com", "Xin Li",
			"xin3.li@intel.com");
	/* the digest lowercases first; a caller that does not is served */
	assert_resolves(ids, "X", "Xin@ZYTOR.com", "Xin Li",
			"xin3.li@intel.com");
	assert_resolves(ids, "X", "XIN3.LI@intel.com", "Xin Li",
			"xin3.li@intel.com");
	/* without an email of their own: their first address alias */
	assert_resolves(ids, "J", "jo@example.com", "Joe", "jo@example.com");
	assert_resolves(ids, "Joe", "joe@other.example", "Joe",
			"jo@example.com");
	assert_resolves(ids, "A", "ANN.B@example.org", "Ann B",
			"ann@example.org");
	kd_identities_free(ids);
}

/* Mailmaps */

static void test_mailmap_config_file(void **state)
{
	char path[512], rel_config[512];
	char *mailmaps[1] = {path};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;

	(void)state;
	write_file("config.mailmap",
		   "# two addresses, one person\n"
		   "Jane Doe <jane@new.example> <jane@old.example>\n"
		   "Jane Doe <jane@new.example>\n"
		   "<bob@corp.example> Bobby <b@home.example>\n"
		   "Carol Real <carol@x.example>\n"
		   "<carol2@x.example> <carol@x.example>\n"
		   "Xin Li <xin@zytor.com> <xin.li@old.example>\r\n"
		   "no pair here\n"
		   "Dave <> <dave@x.example>\n");
	snprintf(path, sizeof(path), "%s/config.mailmap", tmpdir);
	cfg.mailmaps = mailmaps;
	cfg.nr_mailmaps = 1;
	ids = new_ids(&cfg, NULL);

	assert_resolves(ids, "Jane", "jane@old.example", "Jane Doe",
			"jane@new.example");
	/* addresses match in any case, as git's do */
	assert_resolves(ids, "J. Doe", "JANE@Old.Example", "Jane Doe",
			"jane@new.example");
	/* a name-only entry names, and keeps the address */
	assert_resolves(ids, "jd", "jane@new.example", "Jane Doe",
			"jane@new.example");
	/* a name-specific entry: names match in any case */
	assert_resolves(ids, "bobby", "b@home.example", NULL,
			"bob@corp.example");
	assert_resolves(ids, "Robert", "b@home.example", NULL,
			"b@home.example");
	/* git merges the two simple lines for carol@; libgit2 alone would not
	 */
	assert_resolves(ids, "carol", "carol@x.example", "Carol Real",
			"carol2@x.example");
	/* a first address that is empty is no entry */
	assert_resolves(ids, "Dave", "dave@x.example", NULL, "dave@x.example");
	kd_identities_free(ids);

	/* the mailmap folds first, then the people */
	cfg.people = &xin;
	cfg.nr_people = 1;
	ids = new_ids(&cfg, NULL);
	assert_resolves(ids, "X. Li", "xin.li@old.example", "Xin Li",
			"xin3.li@intel.com");
	kd_identities_free(ids);
	cfg.people = NULL;
	cfg.nr_people = 0;

	/* a relative path is taken from the configuration's directory */
	snprintf(rel_config, sizeof(rel_config), "%s/kvmdigest.yaml", tmpdir);
	cfg.path = rel_config;
	strcpy(path, "config.mailmap");
	ids = new_ids(&cfg, NULL);
	assert_resolves(ids, "Jane", "jane@old.example", "Jane Doe",
			"jane@new.example");
	kd_identities_free(ids);
	cfg.path = NULL;

	/* a file the configuration names must be there */
	snprintf(path, sizeof(path), "%s/missing.mailmap", tmpdir);
	ids = (struct kd_identities *)&ids;
	assert_int_equal(kd_identities_new(&ids, &cfg, NULL, NULL), KD_EINVALID);
	assert_null(ids);
	{
		char want[600];

		snprintf(want, sizeof(want),
			 "cannot read identities.mailmap[1] '%s': No such "
			 "file or directory",
			 path);
		assert_string_equal(kd_error_last(), want);
	}
}

/*
 * `git shortlog -se HEAD`, done again with kd_identities on the same
 * commits: both outputs sorted, so that only the grouping counts.
 */
static const char *const authors[] = {
	"Jane Doe <jane@old.example>", "J <JANE@OLD.example>",
	"Jane Doe <jane@new.example>", "Bobby <b@home.example>",
	"BOBBY <b@home.example>",      "Robert <b@home.example>",
	"carol <carol@x.example>",     "carol <Carol@X.example>",
	"ann <Ann@x.example>",	       "Ann <ann@x.example>",
	"Zed <zed@z.example>",	       "Zed <zed@z.example>",
	"Zoe <zoe@z.example>",
};

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted_lines(char *text)
{
	char *lines[64], *p, *save = NULL;
	struct kd_buf b = KD_BUF_INIT;
	size_t n = 0, i;

	for (p = strtok_r(text, "\n", &save); p && n < 64;
	     p = strtok_r(NULL, "\n", &save))
		lines[n++] = p;
	qsort(lines, n, sizeof(*lines), cmp_lines);
	for (i = 0; i < n; i++)
		kd_buf_addf(&b, "%s\n", lines[i]);
	return kd_buf_detach(&b, NULL);
}

static char *shortlog_with(const struct kd_identities *ids, const char *repo)
{
	struct kd_buf cmd = KD_BUF_INIT, out = KD_BUF_INIT;
	char *log, *line, *save = NULL, *keys[64];
	size_t counts[64], nr = 0, i;

	kd_buf_addf(&cmd, "git -C %s log --format='%%an%%x09%%ae' HEAD", repo);
	log = output_of(cmd.buf);
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), key[256];
		const char *n, *e;

		assert_non_null(tab);
		*tab = '\0';
		kd_identities_resolve(ids, line, tab + 1, &n, &e);
		snprintf(key, sizeof(key), "%s <%s>", n ? n : line, e);
		for (i = 0; i < nr && strcmp(keys[i], key); i++)
			;
		if (i == nr) {
			assert_true(nr < 64);
			keys[nr] = kd_strdup(key);
			counts[nr++] = 0;
		}
		counts[i]++;
	}
	for (i = 0; i < nr; i++) {
		kd_buf_addf(&out, "%6zu\t%s\n", counts[i], keys[i]);
		free(keys[i]);
	}
	free(log);
	kd_buf_release(&cmd);
	log = sorted_lines(out.buf);
	kd_buf_release(&out);
	return log;
}

static char *git_shortlog(const char *args)
{
	struct kd_buf cmd = KD_BUF_INIT;
	char *out, *sorted;

	kd_buf_addf(&cmd, "git %s shortlog -se HEAD", args);
	out = output_of(cmd.buf);
	sorted = sorted_lines(out);
	free(out);
	kd_buf_release(&cmd);
	return sorted;
}

static void make_repo(const char *name)
{
	size_t i;

	run("git init -q %s", name);
	for (i = 0; i < sizeof(authors) / sizeof(*authors); i++)
		run("cd %s && git -c user.name=T -c user.email=t@t.example "
		    "commit -q --allow-empty -m 'commit %zu' --author='%s'",
		    name, i, authors[i]);
}

static git_repository *open_repo(const char *name)
{
	git_repository *repo = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (git_repository_open(&repo, path) < 0)
		fail_msg("cannot open %s", path);
	return repo;
}

static const char config_map[] =
	"Jane Doe <jane@new.example> <jane@old.example>\n"
	"<bob@corp.example> Bobby <b@home.example>\n"
	"Carol Real <carol@x.example>\n"
	"Zed One <zed@z.example>\n";

static const char file_map[] =
	"# mailmap.file: read last, it overrides\n"
	"<carol2@x.example> <carol@x.example>\n"
	"Jane D. <jane@new.example> <jane@old.example>\n"
	"Ann <ann@x.example> ann <ANN@X.example> junk after\n"
	"Zoe Z <zoe@z.example>\n";

static void test_mailmap_like_shortlog(void **state)
{
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;
	git_repository *repo;
	char path[512], *mailmaps[1] = {path}, *want, *got, *blob;

	(void)state;
	make_repo("r");
	write_file("config.map", config_map);
	write_file("file.map", file_map);
	run("git -C r config mailmap.file '%s/file.map'", tmpdir);
	snprintf(path, sizeof(path), "%s/config.map", tmpdir);
	cfg.mailmaps = mailmaps;
	cfg.nr_mailmaps = 1;

	/*
	 * The configuration's file, then mailmap.file: for git, the first
	 * is a blob (read before mailmap.file), given for this run only.
	 */
	blob = output_of("git -C r hash-object -w ../config.map");
	blob[strcspn(blob, "\n")] = '\0';
	{
		char args[128];

		snprintf(args, sizeof(args), "-C r -c mailmap.blob=%s", blob);
		want = git_shortlog(args);
	}
	repo = open_repo("r");
	ids = new_ids(&cfg, repo);
	got = shortlog_with(ids, "r");
	assert_string_equal(got, want);
	/* and it did fold something */
	assert_non_null(strstr(got, "\tJane D. <jane@new.example>"));
	assert_non_null(strstr(got, "\tCarol Real <carol2@x.example>"));
	assert_non_null(strstr(got, "     2\tAnn <ann@x.example>"));
	assert_non_null(strstr(got, "\tZoe Z <zoe@z.example>"));
	kd_identities_free(ids);
	free(want);
	free(got);
	free(blob);

	/*
	 * The repository alone: the work tree's .mailmap, then
	 * mailmap.blob, then mailmap.file, as git reads them.
	 */
	write_file("r/.mailmap", "Zed Zulu <zed@z.example>\n"
				 "Robert B <b@home.example>\n");
	write_file("blob.map", "<z2@z.example> <zed@z.example>\n"
			       "Zoe Y <zoe2@z.example> <zoe@z.example>\n");
	blob = output_of("git -C r hash-object -w ../blob.map");
	blob[strcspn(blob, "\n")] = '\0';
	run("git -C r config mailmap.blob %s", blob);
	want = git_shortlog("-C r");
	ids = new_ids(NULL, repo);
	got = shortlog_with(ids, "r");
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "     2\tZed Zulu <z2@z.example>"));
	/* mailmap.file's name-only line for zoe@ came after the blob's */
	assert_non_null(strstr(got, "\tZoe Z <zoe2@z.example>"));
	kd_identities_free(ids);
	git_repository_free(repo);
	free(want);
	free(got);
	free(blob);
}

static void test_mailmap_bare_head(void **state)
{
	git_repository *repo;
	struct kd_identities *ids;
	char *want, *got;

	(void)state;
	/* a bare repository reads HEAD:.mailmap unless told otherwise */
	make_repo("b");
	write_file("b/.mailmap", config_map);
	run("cd b && git add .mailmap && git -c user.name=T "
	    "-c user.email=t@t.example commit -q -m mailmap");
	run("git clone -q --bare b b.git");
	want = git_shortlog("-C b.git");
	repo = open_repo("b.git");
	ids = new_ids(NULL, repo);
	got = shortlog_with(ids, "b.git");
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "\tJane Doe <jane@new.example>"));
	kd_identities_free(ids);
	git_repository_free(repo);
	free(want);
	free(got);
}

/* Domains and organisations */

static void test_domains(void **state)
{
	struct kd_config_domain domains[] = {
		{"Linux.Intel.COM", "intel.com"},
		{"a.example", "b.example"},
		{"b.example", "c.example"},
		{"x.example", "y.example"},
		{"y.example", "x.example"},
		{"self.example", "self.example"},
		{"p.example", "q.example"},
		{"q.example", "r.example"},
		{"r.example", "q.example"},
		{"linux.intel.com", "not-this.example"},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;
	const char *email = "dev@kernel.example";

	(void)state;
	cfg.domains = domains;
	cfg.nr_domains = sizeof(domains) / sizeof(*domains);
	ids = new_ids(&cfg, NULL);

	/* keys in any case; the first of two folds wins */
	assert_string_equal(kd_identities_domain(ids, "x@linux.intel.com"),
			    "intel.com");
	assert_string_equal(kd_identities_domain(ids, "x@LINUX.intel.com"),
			    "intel.com");
	/* exact only: a subdomain needs its own fold */
	assert_string_equal(kd_identities_domain(ids, "x@mail.linux.intel.com"),
			    "mail.linux.intel.com");
	/* chains are followed */
	assert_string_equal(kd_identities_domain(ids, "x@a.example"),
			    "c.example");
	assert_string_equal(kd_identities_domain(ids, "x@b.example"),
			    "c.example");
	/* loops end before they repeat */
	assert_string_equal(kd_identities_domain(ids, "x@x.example"),
			    "y.example");
	assert_string_equal(kd_identities_domain(ids, "x@y.example"),
			    "x.example");
	assert_string_equal(kd_identities_domain(ids, "x@self.example"),
			    "self.example");
	assert_string_equal(kd_identities_domain(ids, "x@p.example"),
			    "r.example");
	/* an unfolded domain is the caller's own string */
	assert_ptr_equal(kd_identities_domain(ids, email), email + 4);
	/* the last '@' starts the domain */
	assert_string_equal(kd_identities_domain(ids, "\"a@b\"@a.example"),
			    "c.example");
	kd_identities_free(ids);
}

static void test_organisations(void **state)
{
	struct kd_config_org orgs[] = {
		{"intel.com", "Intel", 0, 1},
		/* out of order on purpose */
		{"Example.com", "Example New", 0, 2},
		{"example.com", "Example Mid", 1640995200, 3}, /* 2022 */
		{"example.com", "Example Old", 1577836800, 4}, /* 2020 */
		{"gone.example", "Gone", 1577836800, 5},
		{"eng.example.com", "Example Eng", 1577836800, 6},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;

	(void)state;
	cfg.orgs = orgs;
	cfg.nr_orgs = sizeof(orgs) / sizeof(*orgs);
	ids = new_ids(&cfg, NULL);
	assert_true(kd_identities_has_orgs(ids));

	assert_string_equal(kd_identities_org(ids, "intel.com", 0), "Intel");
	assert_string_equal(kd_identities_org(ids, "intel.com", 1700000000),
			    "Intel");
	/* `until` holds for mail dated before it */
	assert_string_equal(kd_identities_org(ids, "example.com", 1500000000),
			    "Example Old");
	assert_string_equal(kd_identities_org(ids, "example.com", 1577836799),
			    "Example Old");
	assert_string_equal(kd_identities_org(ids, "example.com", 1577836800),
			    "Example Mid");
	assert_string_equal(kd_identities_org(ids, "example.com", 1640995199),
			    "Example Mid");
	assert_string_equal(kd_identities_org(ids, "EXAMPLE.com", 1700000000),
			    "Example New");
	/* only dated mappings: none after the last */
	assert_string_equal(kd_identities_org(ids, "gone.example", 1000),
			    "Gone");
	assert_null(kd_identities_org(ids, "gone.example", 1600000000));
	/* subdomains, label by label, most specific that holds */
	assert_string_equal(kd_identities_org(ids, "linux.intel.com", 0),
			    "Intel");
	assert_string_equal(kd_identities_org(ids, "eng.example.com", 1000),
			    "Example Eng");
	assert_string_equal(
		kd_identities_org(ids, "eng.example.com", 1700000000),
		"Example New");
	assert_null(kd_identities_org(ids, "notintel.com", 0));
	assert_null(kd_identities_org(ids, "com", 0));
	assert_null(kd_identities_org(ids, "", 0));
	kd_identities_free(ids);
}

/* Bots */

static void test_bots(void **state)
{
	struct kd_config_bot bots[] = {
		{"^syzbot", 4, 9},
		{"lkp@intel\\.com", 4, 20},
		{"(?i)^[^<]*\\bci\\b", 4, 40},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;
	char longname[2000];

	(void)state;
	cfg.bots = bots;
	cfg.nr_bots = 3;
	ids = new_ids(&cfg, NULL);

	assert_true(kd_identities_is_bot(
		ids, "syzbot", "syzbot+4d2c3a1b@syzkaller.appspotmail.com"));
	assert_true(kd_identities_is_bot(ids, "kernel test robot",
					 "lkp@intel.com"));
	assert_true(kd_identities_is_bot(ids, "KVM CI", "ci@kvm.example"));
	assert_false(kd_identities_is_bot(ids, "Xin Li", "xin3.li@intel.com"));
	assert_false(kd_identities_is_bot(ids, "Lucia", "lucia@ci.example"));
	/* the name comes first: without one, ^syzbot has nothing to match */
	assert_false(kd_identities_is_bot(ids, NULL, "syzbot@x.example"));
	assert_false(kd_identities_is_bot(ids, "Jo syzbot", "jo@x.example"));
	/* long strings, and bytes that are not UTF-8 */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_true(kd_identities_is_bot(ids, longname, "lkp@intel.com"));
	assert_false(kd_identities_is_bot(ids, longname, "lkp@intel.org"));
	assert_false(kd_identities_is_bot(ids, "\xff\xfe", "\xc3(@x.example"));
	assert_true(
		kd_identities_is_bot(ids, "syzbot \xff", "\xc3(@x.example"));
	kd_identities_free(ids);
}

static void test_bot_match_limit(void **state)
{
	struct kd_config_bot bots[] = {
		{"^(?:(a+)+z|a{10})", 4, 9},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids;

	(void)state;
	cfg.bots = bots;
	cfg.nr_bots = 1;
	ids = new_ids(&cfg, NULL);
	/* the first branch costs 2^n steps before the second is tried */
	assert_true(kd_identities_is_bot(ids, "aaaaaaaaaaaa", ""));
	/* 2^20: past the match limit, where PCRE2's default matches */
	assert_false(kd_identities_is_bot(ids, "aaaaaaaaaaaaaaaaaaaa", ""));
	kd_identities_free(ids);
}

static void test_name_key(void **state)
{
	struct kd_buf key = KD_BUF_INIT;

	(void)state;
	assert_int_equal(kd_identity_name_key(&key, "  Sukadev \t Bhattiprolu "),
			 1);
	assert_string_equal(key.buf, "\001sukadev bhattiprolu");
	assert_int_equal(kd_identity_name_key(&key, "Aneesh Kumar K.V"), 1);
	assert_string_equal(key.buf, "\001aneesh kumar k.v");
	/* too little to say who it is: nothing, and `key` left empty */
	assert_int_equal(kd_identity_name_key(&key, "root"), 0);
	assert_int_equal(key.len, 0);
	assert_int_equal(kd_identity_name_key(&key, "  "), 0);
	assert_int_equal(kd_identity_name_key(&key, "a@b.org c@d.org"), 0);
	assert_int_equal(kd_identity_name_key(&key, NULL), 0);
	assert_int_equal(key.len, 0);
	kd_buf_release(&key);
}

static void test_bad_bot(void **state)
{
	struct kd_config_bot bots[] = {
		{"^syzbot", 0, 0},
		{"^syz(", 0, 0},
	};
	struct kd_config cfg = KD_CONFIG_INIT;
	struct kd_identities *ids = (struct kd_identities *)&cfg;

	(void)state;
	cfg.bots = bots;
	cfg.nr_bots = 2;
	assert_int_equal(kd_identities_new(&ids, &cfg, NULL, NULL), KD_EINVALID);
	assert_null(ids);
	assert_string_equal(kd_error_last(),
			    "bad regular expression in identities.bots[2] "
			    "'^syz(': missing closing parenthesis at offset 5");

	/* with the line the configuration read it on */
	bots[1].line = 12;
	bots[1].column = 9;
	assert_int_equal(kd_identities_new(&ids, &cfg, NULL, NULL), KD_EINVALID);
	assert_string_equal(kd_error_last(),
			    "bad regular expression in identities.bots[2] "
			    "(line 12): '^syz(': missing closing parenthesis "
			    "at offset 5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_config),
		cmocka_unit_test(test_xin_li),
		cmocka_unit_test(test_alias_case),
		cmocka_unit_test(test_mailmap_config_file),
		cmocka_unit_test(test_mailmap_like_shortlog),
		cmocka_unit_test(test_mailmap_bare_head),
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_organisations),
		cmocka_unit_test(test_bots),
		cmocka_unit_test(test_bot_match_limit),
		cmocka_unit_test(test_bad_bot),
		cmocka_unit_test(test_name_key),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
