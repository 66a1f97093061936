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
#include <unistd.h>

#include "lib/archive.h"
#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/error.h"
#include "lib/gitconfig.h"
#include "lib/render.h"

static const char usage_text[] =
	"usage: git kvmdigest [<options>] [<A>..<B> | <B>]\n"
	"\n"
	"    --format <format>     classic (default) or json\n"
	"    --top <n>             rows in the top tables (default 15)\n"
	"    --notes-ref <ref>     where digest notes are found (default\n"
	"                          refs/notes/kvmdigest)\n"
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
	if (err == KD_ENOTFOUND)
		fputs("hint: each epoch of a public-inbox v2 archive "
		      "(git/0.git, git/1.git, ...)\n"
		      "hint: is a repository of its own\n",
		      stderr);
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

enum format { FORMAT_CLASSIC, FORMAT_JSON };

struct options {
	enum format format;
	int format_given;
	int top;
	int quiet;
	const char *notes_ref;
	const char *range;
};

static int parse_format(const char *s, enum format *out)
{
	if (!strcmp(s, "classic"))
		*out = FORMAT_CLASSIC;
	else if (!strcmp(s, "json"))
		*out = FORMAT_JSON;
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
		} else if ((v = option_value(argc, argv, &i, "--format"))) {
			if (parse_format(v, &o->format))
				usage_error("unknown format '%s'", v);
			o->format_given = 1;
		} else if ((v = option_value(argc, argv, &i, "--top"))) {
			if (parse_top(v, &o->top))
				usage_error("--top takes a positive number, "
					    "not '%s'", v);
		} else if ((v = option_value(argc, argv, &i, "--notes-ref"))) {
			o->notes_ref = v;
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
		o->notes_ref = kd_strdup(s);
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

static git_repository *open_repository(void)
{
	git_repository *repo = NULL;

	if (git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV,
				    NULL))
		die("not a git repository (or any of the parent "
		    "directories): .git");
	return repo;
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

int main(int argc, char **argv)
{
	struct options given = { FORMAT_CLASSIC, 0, 0, 0, NULL, NULL };
	struct options o;
	struct kd_digest_options dopts = { "KVM", 0, NULL, NULL };
	struct kd_gitconfig *cfg;
	struct kd_render_options ropts;
	struct kd_range range;
	struct kd_digest d;
	struct kd_buf out = KD_BUF_INIT;
	git_repository *repo;
	int err;

	parse_options(&given, argc, argv);
	o = given;
	git_libgit2_init();
	repo = open_repository();
	err = kd_gitconfig_open(&cfg, repo);
	if (err)
		die_lib(err);
	read_config(&o, cfg, &given);
	dopts.abbrev = kd_abbrev_length(repo, kd_gitconfig_get(cfg, "core.abbrev"));
	if (!o.top)
		o.top = 15;
	if (!o.notes_ref)
		o.notes_ref = "refs/notes/kvmdigest";
	if (!o.range)
		o.range = "HEAD";

	err = kd_range_resolve(&range, repo, o.range, o.notes_ref);
	if (err)
		die_lib(err);
	if (range.diverged)
		fprintf(stderr, "warning: '%s' is not an ancestor of the "
			"range's end: history was rewritten?\n", o.range);

	if (!o.quiet && isatty(2))
		dopts.progress = progress;
	err = kd_digest_build(&d, repo, &range, &dopts);
	if (err)
		die_lib(err);

	if (!d.commits) {
		if (!o.quiet)
			fprintf(stderr, "nothing to digest in '%s'\n", o.range);
		goto done;
	}
	if (!o.quiet && !range.has_from)
		fprintf(stderr, "digesting the whole history up to %s: "
			"%zu messages\n", d.to_abbrev, d.messages);
	if (d.truncated)
		fprintf(stderr, "warning: %zu messages too large to read whole, "
			"digested by their headers\n", d.truncated);

	ropts.top = o.top;
	if (o.format == FORMAT_JSON)
		kd_render_json(&out, &d, &ropts);
	else
		kd_render_classic(&out, &d, &ropts);
	write_out(&out);
done:
	kd_buf_release(&out);
	kd_digest_release(&d);
	kd_gitconfig_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
