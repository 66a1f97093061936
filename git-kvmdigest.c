/*
 * git-kvmdigest: the digest of a range of a public-inbox archive.
 *
 * This file only wires things together: options, git config, the
 * repository, the calls into lib/, and how errors are said.  Everything
 * else lives in lib/.
 */
#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/error.h"
#include "lib/gitconfig.h"
#include "lib/gitdate.h"
#include "lib/config.h"
#include "lib/identity.h"
#include "lib/inbox.h"
#include "lib/narrow.h"
#include "lib/notes.h"
#include "lib/output.h"
#include "lib/range.h"
#include "lib/subsystem.h"
#include "lib/render.h"

static const char usage_text[] =
	"usage: git kvmdigest [<options>] [<A>..<B> | <B>]\n"
	"   or: git kvmdigest [<options>] --since=<date> [--until=<date>] [<B>]\n"
	"   or: git kvmdigest --check-config\n"
	"\n"
	"    --format <format>     classic (default), markdown, json or html\n"
	"    --top <n>             rows in the top tables (default 15)\n"
	"    -o, --output <path>   write to a file (a directory: <A>..<B>.<ext>)\n"
	"    --notes[=<ref>]       attach the digest as a note on <B>\n"
	"                          (default ref: refs/notes/kvmdigest)\n"
	"    -f, --force           replace an existing file or note\n"
	"    --[no-]since-last     <B> alone: start after its newest noted\n"
	"                          ancestor (the default), or at the beginning\n"
	"    --since <date>        the messages that arrived since <date>\n"
	"    --until <date>        ... and until <date> (git's date forms:\n"
	"                          2026-11-01, 1.week.ago, yesterday, @<secs>)\n"
	"    --notes-ref <ref>     where digest notes are looked for\n"
	"    --subsystem <name>    only the series of this subsystem (repeatable)\n"
	"    --author <pattern>    only the series whose author matches (PCRE2)\n"
	"    --config <file>       the configuration to use alone\n"
	"    --check-config        say which configuration is in force and what\n"
	"                          it defines, or what is wrong with it\n"
	"    --[no-]progress       show progress on stderr (default: on a terminal)\n"
	"    -q, --quiet           say nothing on stderr but errors\n"
	"    -h                    show this help\n";

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(128);
}

static void die_lib(int err)
{
	const char *msg = kd_error_last();

	fprintf(stderr, "fatal: %s\n", msg ? msg : "unknown error");
	exit(err == KD_EUSAGE ? 129 : 128);
}

/* A range that could not be made: a revision missing says where it was looked for. */
static void die_range(int err, const struct kd_inbox *ib)
{
	const char *msg = kd_error_last();

	fprintf(stderr, "fatal: %s\n", msg ? msg : "unknown error");
	if (err == KD_ENOTFOUND && ib->lone)
		fprintf(stderr, "hint: '%s' is a repository on its own; run in "
			"the inbox folder (git/0.git, git/1.git, ...)\n"
			"hint: or in an epoch in it to look in every epoch\n",
			ib->path);
	else if (err == KD_ENOTFOUND)
		fprintf(stderr, "hint: looked for in every epoch of '%s': "
			"%d.git to %d.git\n", ib->path, ib->epochs[0].number,
			ib->epochs[ib->nr - 1].number);
	exit(err == KD_EUSAGE ? 129 : 128);
}

static void usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	exit(129);
}

enum format { FORMAT_CLASSIC, FORMAT_JSON, FORMAT_MARKDOWN, FORMAT_HTML };

/*
 * How far before the range earlier versions of its series are looked for:
 * a year, and a day for the year that has one more.
 */
#define LOOKBACK_DAYS 366

/* The file name extension of each format, for --output into a directory. */
static const char *const format_ext[] = { "txt", "json", "md", "html" };

struct options {
	enum format format;
	int format_given;
	int top;
	int quiet;
	int progress; /* -1: when stderr is a terminal */
	int force;
	int notes;
	int since_last;
	const char *output;
	int check_config;
	const char *config;
	const char *notes_ref;
	char *notes_ref_config; /* owned: from git config */
	const char *range;
	const char *since, *until; /* as given */
	const char **subsystems; /* --subsystem, in order; owned array */
	size_t nr_subsystems, alloc_subsystems;
	const char *author;
};

static int parse_format(const char *s, enum format *out)
{
	if (!strcmp(s, "classic"))
		*out = FORMAT_CLASSIC;
	else if (!strcmp(s, "json"))
		*out = FORMAT_JSON;
	else if (!strcmp(s, "markdown"))
		*out = FORMAT_MARKDOWN;
	else if (!strcmp(s, "html"))
		*out = FORMAT_HTML;
	else
		return -1;
	return 0;
}

static int parse_top(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

/* "--name=value" or "--name value": the value, or NULL when `arg` is not --name. */
static const char *option_value(int argc, char **argv, int *i,
				const char *name)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n))
		return NULL;
	if (arg[n] == '=')
		return arg + n + 1;
	if (arg[n])
		return NULL;
	if (*i + 1 >= argc)
		usage_error("option '%s' requires a value", name + 2);
	return argv[++*i];
}

static void parse_options(struct options *o, int argc, char **argv)
{
	int i, dashdash = 0;
	const char *v;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (dashdash || arg[0] != '-' || !arg[1]) {
			if (o->range)
				usage_error("too many arguments");
			o->range = arg;
		} else if (!strcmp(arg, "--")) {
			dashdash = 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			exit(129);
		} else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			o->quiet = 1;
		} else if (!strcmp(arg, "--no-quiet")) {
			o->quiet = 0;
		} else if (!strcmp(arg, "--progress")) {
			o->progress = 1;
		} else if (!strcmp(arg, "--no-progress")) {
			o->progress = 0;
		} else if (!strcmp(arg, "-f") || !strcmp(arg, "--force")) {
			o->force = 1;
		} else if (!strcmp(arg, "--no-force")) {
			o->force = 0;
		} else if (!strcmp(arg, "--notes")) {
			o->notes = 1;
		} else if (!strncmp(arg, "--notes=", 8)) {
			o->notes = 1;
			o->notes_ref = arg + 8;
		} else if (!strcmp(arg, "--no-notes")) {
			o->notes = 0;
		} else if (!strcmp(arg, "--since-last")) {
			o->since_last = 1;
		} else if (!strcmp(arg, "--no-since-last")) {
			o->since_last = 0;
		} else if (!strcmp(arg, "-o") && i + 1 < argc) {
			o->output = argv[++i];
		} else if (!strcmp(arg, "-o")) {
			usage_error("switch 'o' requires a value");
		} else if ((v = option_value(argc, argv, &i, "--output"))) {
			o->output = v;
		} else if (!strcmp(arg, "--no-output")) {
			o->output = NULL;
		} else if ((v = option_value(argc, argv, &i, "--format"))) {
			if (parse_format(v, &o->format))
				usage_error("unknown format '%s'", v);
			o->format_given = 1;
		} else if ((v = option_value(argc, argv, &i, "--top"))) {
			if (parse_top(v, &o->top))
				usage_error("--top takes a positive number, "
					    "not '%s'", v);
		} else if (!strcmp(arg, "--check-config")) {
			o->check_config = 1;
		} else if ((v = option_value(argc, argv, &i, "--config"))) {
			o->config = v;
		} else if ((v = option_value(argc, argv, &i, "--notes-ref"))) {
			o->notes_ref = v;
		} else if ((v = option_value(argc, argv, &i, "--since")) ||
			   (v = option_value(argc, argv, &i, "--after"))) {
			o->since = v;
		} else if ((v = option_value(argc, argv, &i, "--until")) ||
			   (v = option_value(argc, argv, &i, "--before"))) {
			o->until = v;
		} else if ((v = option_value(argc, argv, &i, "--subsystem"))) {
			KD_ALLOC_GROW(o->subsystems, o->nr_subsystems + 1,
				      o->alloc_subsystems);
			o->subsystems[o->nr_subsystems++] = v;
		} else if (!strcmp(arg, "--no-subsystem")) {
			o->nr_subsystems = 0;
		} else if ((v = option_value(argc, argv, &i, "--author"))) {
			o->author = v;
		} else if (!strcmp(arg, "--no-author")) {
			o->author = NULL;
		} else {
			usage_error("unknown option '%s'", arg);
		}
	}
}

/* git config, for what the command line did not say. */
static void read_config(struct options *o, const struct kd_gitconfig *cfg,
			const struct options *given)
{
	const char *s;
	int n, err;

	if (!given->notes_ref && (s = kd_gitconfig_get(cfg, "kvmdigest.notesref")))
		o->notes_ref = o->notes_ref_config = kd_strdup(s);
	if (!given->top) {
		err = kd_gitconfig_get_int(&n, cfg, "kvmdigest.top");
		if (err < 0)
			die_lib(err);
		if (!err && n < 1)
			die("bad config value '%d' for 'kvmdigest.top'", n);
		if (!err)
			o->top = n;
	}
	if (!given->format_given && (s = kd_gitconfig_get(cfg, "kvmdigest.format")) &&
	    parse_format(s, &o->format))
		die("bad config value '%s' for 'kvmdigest.format'", s);
}

/*
 * A window's ends, read as git reads --since and --until, from now (or
 * GIT_TEST_DATE_NOW, as git's own tests pin it).
 */
static void parse_window(const struct options *o, int64_t *since,
			 int64_t *until)
{
	const char *pinned = getenv("GIT_TEST_DATE_NOW");
	int64_t now = pinned ? (int64_t)atoll(pinned) : (int64_t)time(NULL);

	*since = KD_WINDOW_NO_SINCE;
	*until = KD_WINDOW_NO_UNTIL;
	if (o->since && kd_gitdate_parse(since, o->since, now))
		die("invalid timestamp '%s' given to '--since'", o->since);
	if (o->until && kd_gitdate_parse(until, o->until, now))
		die("invalid timestamp '%s' given to '--until'", o->until);
	if (*since > *until)
		die("the window ends before it starts: --until=%s is before "
		    "--since=%s", o->until, o->since);
}

/* What the range was named, for "nothing to digest in ...". */
static void describe_range(struct kd_buf *out, const struct options *o)
{
	if (o->since)
		kd_buf_addf(out, "--since=%s", o->since);
	if (o->until)
		kd_buf_addf(out, "%s--until=%s", out->len ? " " : "",
			    o->until);
	if (o->range && strcmp(o->range, "HEAD"))
		kd_buf_addf(out, "%s%s", out->len ? " " : "", o->range);
	if (!out->len)
		kd_buf_addstr(out, o->range);
}

static void write_out(const struct kd_buf *b)
{
	if (fwrite(b->buf, 1, b->len, stdout) != b->len || fflush(stdout))
		die("unable to write to standard output: %s", strerror(errno));
}

static void progress(size_t done, size_t total, void *payload)
{
	fprintf(stderr, "\rReading messages: %3d%% (%zu/%zu)",
		(int)(done * 100 / total), done, total);
	if (done == total)
		fputs(", done.\n", stderr);
}

/* Where the installed default is: KD_DATADIR, or beside this program. */
static size_t default_configs(const char **out, struct kd_buf *beside)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t nr = 0;

	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			kd_buf_add(beside, exe, (size_t)(slash - exe));
			kd_buf_addstr(beside, "/kvmdigest.yaml");
			out[nr++] = beside->buf;
		}
	}
	out[nr++] = KD_DATADIR "/kvmdigest.yaml";
	return nr;
}

/*
 * The configuration, found and read, and what it compiles to.  Nothing is
 * written before all of it has been checked.
 */
struct setup {
	struct kd_config config;
	struct kd_identities *ids;
	struct kd_subsystems *subsystems;
	struct kd_buf path;
	int found;
};

/*
 * Where the archive's own kvmdigest.yaml is: in the inbox folder, which
 * stays as epochs come (an epoch's git dir is new with each epoch), when
 * it has one there; else in the git dir of the repository whose git
 * config is read.
 */
static const char *archive_dir(struct kd_buf *buf, const struct kd_inbox *ib)
{
	kd_buf_addf(buf, "%s/kvmdigest.yaml", ib->path);
	if (!ib->lone && !access(buf->buf, F_OK))
		return ib->path;
	return git_repository_path(kd_inbox_config_repo(ib));
}

static void load_config(struct setup *st, const struct options *o,
			const struct kd_gitconfig *cfg,
			const struct kd_inbox *ib)
{
	git_repository *repo = kd_inbox_config_repo(ib);
	struct kd_buf dir = KD_BUF_INIT;
	const char *defaults[2];
	struct kd_buf beside = KD_BUF_INIT;
	size_t nr = default_configs(defaults, &beside);
	const char *from_git = kd_gitconfig_get(cfg, "kvmdigest.config");
	char *from_git_copy = from_git ? kd_strdup(from_git) : NULL;
	int err;

	kd_buf_init(&st->path, 0);
	st->found = !kd_config_locate(&st->path, o->config, from_git_copy,
				      archive_dir(&dir, ib), defaults, nr);
	kd_buf_release(&dir);
	free(from_git_copy);
	kd_buf_release(&beside);
	if (st->found) {
		err = kd_config_load(&st->config, st->path.buf);
		if (err)
			die_lib(err == KD_ENOTFOUND ? KD_ERROR : err);
	}
	err = kd_identities_new(&st->ids, &st->config, repo, cfg);
	if (!err)
		err = kd_subsystems_new(&st->subsystems, &st->config);
	if (err)
		die_lib(err);
}

static void release_setup(struct setup *st)
{
	kd_subsystems_free(st->subsystems);
	kd_identities_free(st->ids);
	kd_config_release(&st->config);
	kd_buf_release(&st->path);
}

static int check_config(const struct setup *st)
{
	struct kd_buf out = KD_BUF_INIT;

	if (st->found)
		kd_buf_addf(&out, "config: %s\n", st->path.buf);
	else
		kd_buf_addstr(&out, "config: none found\n");
	kd_config_describe(&out, &st->config);
	write_out(&out);
	kd_buf_release(&out);
	return 0;
}

/*
 * The digest goes to standard output, or to a file and/or a note.  What
 * would refuse (an existing file or note without --force) is checked
 * before anything is written, so a refusal leaves everything as it was.
 */
static void deliver(const struct options *o, const struct kd_inbox *ib,
		    const struct kd_digest *d, const struct kd_buf *text)
{
	const char *from = d->range.has_from ? d->from_abbrev : d->first_abbrev;
	/* the note goes on B, in B's epoch */
	git_repository *repo = ib->epochs[d->range.to_epoch].repo;
	struct kd_buf path = KD_BUF_INIT, msg = KD_BUF_INIT;
	int err;

	if (!o->output && !o->notes) {
		write_out(text);
		return;
	}
	if (o->notes && !o->force) {
		err = kd_notes_has(repo, o->notes_ref, &d->range.to);
		if (err < 0)
			die_lib(err);
		if (err)
			die("a digest note exists already for %s in '%s' "
			    "(use --force to replace it)", d->to_abbrev,
			    o->notes_ref);
	}
	if (o->output) {
		kd_output_path(&path, o->output, from, d->to_abbrev,
			       format_ext[o->format]);
		if (!o->force && !access(path.buf, F_OK))
			die("'%s' exists already (use --force to replace it)",
			    path.buf);
		err = kd_output_write(path.buf, text->buf, text->len, o->force);
		if (err)
			die_lib(err);
	}
	if (o->notes) {
		if (d->range.has_from)
			kd_buf_addf(&msg, "kvmdigest: digest of %s..%s\n",
				    d->from_abbrev, d->to_abbrev);
		else
			kd_buf_addf(&msg, "kvmdigest: digest of the history "
				    "up to %s\n", d->to_abbrev);
		kd_buf_addf(&msg, "\n%zu messages, %zu patch mails.\n",
			    d->messages, d->patches);
		err = kd_notes_write(repo, o->notes_ref, &d->range.to,
				     text->buf, text->len, msg.buf, o->force);
		if (err)
			die_lib(err);
	}
	kd_buf_release(&path);
	kd_buf_release(&msg);
}

int main(int argc, char **argv)
{
	struct options given = { 0 };
	char *notes_ref = NULL;
	struct options o;
	struct kd_digest_options dopts = { 0 };
	struct kd_render_options ropts = { 0 };
	struct kd_gitconfig *cfg;
	struct setup st = { KD_CONFIG_INIT, NULL, NULL, KD_BUF_INIT, 0 };
	struct kd_range range;
	struct kd_digest d;
	struct kd_buf out = KD_BUF_INIT, what = KD_BUF_INIT;
	struct kd_inbox *ib;
	struct kd_narrow *narrow = NULL;
	git_repository *repo;
	const char *core_abbrev;
	int64_t since, until;
	int window, err;

	given.progress = -1;
	given.since_last = -1;
	parse_options(&given, argc, argv);
	o = given;
	window = o.since || o.until;
	if (o.since_last > 0 && o.range && strstr(o.range, ".."))
		usage_error("--since-last takes <B>, not a range");
	if (window && o.range && strstr(o.range, ".."))
		usage_error("--since and --until take <B>, not a range");
	if (window && o.since_last > 0)
		usage_error("--since-last cannot be used with --since or "
			    "--until");
	parse_window(&o, &since, &until);
	git_libgit2_init();
	/*
	 * git does not hash again what it reads from its own object store;
	 * nor need we (libgit2's check costs a third of the reading).  Pack
	 * windows are kept small, so memory stays flat over any archive.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	err = kd_inbox_open(&ib, NULL);
	if (err)
		die_lib(err);
	/* git config is the epoch's we are in, or the newest epoch's */
	repo = kd_inbox_config_repo(ib);
	err = kd_gitconfig_open(&cfg, repo);
	if (err)
		die_lib(err);
	read_config(&o, cfg, &given);
	load_config(&st, &o, cfg, ib);
	if (o.check_config) {
		err = check_config(&st);
		goto out;
	}

	/* the command line, then git config, then the YAML file */
	if (!o.top)
		o.top = st.config.top ? st.config.top : 15;
	if (!o.notes_ref)
		o.notes_ref = st.config.notes_ref ? st.config.notes_ref
						  : "refs/notes/kvmdigest";
	if (!given.format_given && !kd_gitconfig_get(cfg, "kvmdigest.format") &&
	    st.config.format && parse_format(st.config.format, &o.format))
		die("%s: output.format '%s' is not one this version writes",
		    st.path.buf, st.config.format);
	if (!o.range)
		o.range = "HEAD";
	o.notes_ref = notes_ref = kd_notes_ref_expand(o.notes_ref);

	dopts.list_name = st.config.list_name ? st.config.list_name : "KVM";
	/* without core.abbrev, each id as git abbreviates it in its epoch */
	core_abbrev = kd_gitconfig_get(cfg, "core.abbrev");
	dopts.abbrev = core_abbrev ? kd_abbrev_length(repo, core_abbrev) : 0;
	dopts.ids = st.ids;
	dopts.subsystems = st.subsystems;
	dopts.lookback = LOOKBACK_DAYS * 24 * 60 * 60;
	if (o.nr_subsystems || o.author) {
		err = kd_narrow_new(&narrow, o.subsystems, o.nr_subsystems,
				    o.author, st.subsystems);
		if (err)
			die_lib(err);
		dopts.narrow = narrow;
	}

	/* <B> alone starts after the last note, unless --no-since-last */
	if (window)
		err = kd_range_window(&range, ib, o.range, since, until);
	else
		err = kd_range_resolve(&range, ib, o.range,
				       o.since_last ? o.notes_ref : NULL);
	if (err)
		die_range(err, ib);
	if (range.diverged)
		fprintf(stderr, "warning: '%s' is not an ancestor of the "
			"range's end: history was rewritten?\n", o.range);

	describe_range(&what, &o);
	memset(&d, 0, sizeof(d));
	if (range.empty) {
		if (!o.quiet)
			fprintf(stderr, "nothing to digest in '%s'\n", what.buf);
		goto done;
	}
	if (!o.quiet && (o.progress > 0 || (o.progress < 0 && isatty(2))))
		dopts.progress = progress;
	err = kd_digest_build(&d, ib, &range, &dopts);
	if (err)
		die_lib(err);

	if (!d.commits) {
		if (!o.quiet)
			fprintf(stderr, "nothing to digest in '%s'\n", what.buf);
		goto done;
	}
	if (!o.quiet && !range.has_from)
		fprintf(stderr, "digesting the whole history up to %s: "
			"%zu messages\n", d.to_abbrev, d.messages);
	if (d.truncated)
		fprintf(stderr, "warning: %zu message%s read only in part: "
			"a size, header or MIME limit was reached\n",
			d.truncated, d.truncated == 1 ? "" : "s");

	ropts.top = o.top;
	ropts.archive = st.config.archive;
	if (o.format == FORMAT_JSON)
		kd_render_json(&out, &d, &ropts);
	else if (o.format == FORMAT_MARKDOWN)
		kd_render_markdown(&out, &d, &ropts);
	else if (o.format == FORMAT_HTML)
		kd_render_html(&out, &d, &ropts);
	else
		kd_render_classic(&out, &d, &ropts);
	deliver(&o, ib, &d, &out);
done:
	kd_buf_release(&out);
	kd_buf_release(&what);
	kd_digest_release(&d);
out:
	kd_narrow_free(narrow);
	free(o.subsystems);
	release_setup(&st);
	kd_gitconfig_free(cfg);
	free(o.notes_ref_config);
	free(notes_ref);
	kd_inbox_free(ib);
	git_libgit2_shutdown();
	return err;
}
