/*
 * Subsystems: the configuration's rules compiled once, then asked which
 * rule a series falls under.
 *
 * Title patterns are PCRE2 with PCRE2_UTF, JIT-compiled when the library
 * can (a failed JIT compile is not an error: the interpreter is used).
 * Titles reach us as valid UTF-8 (the subject decoder guarantees it), so
 * they are matched with PCRE2_NO_UTF_CHECK.
 *
 * Threads: a kd_subsystems is read-only once built, and compiled (and
 * JIT-compiled) patterns may be shared between threads.  The only
 * per-match state, PCRE2's match data, is allocated by each call of
 * kd_subsystems_match() and freed before it returns, so several threads
 * may call it at once on the same kd_subsystems.  JIT matching uses
 * PCRE2's default 32K stack on the caller's machine stack.  The match
 * context that holds the limits below is only read by pcre2_match(), and
 * shared too.
 *
 * Patterns come from the configuration, which is trusted, but a silly or
 * hostile one ("(a+)+$") must not hang a digest: a match is bounded by
 * KD_PATTERN_MATCH_LIMIT steps and KD_PATTERN_DEPTH_LIMIT backtracking levels, and one that hits
 * either counts as no match.  PCRE2's defaults (ten million of each) cost
 * tens of milliseconds a title for each series; a tenth of it is far more
 * than a sane pattern needs on a title of at most KD_HEADER_MAX bytes (a
 * step or so a start position).
 *
 * Globs are matched by hand, component by component:
 * - a component "**" matches zero or more whole components;
 * - within a component, `*` matches any run of characters and `?` one
 *   (UTF-8) character, neither crossing '/';
 * - "**" inside a component ("a**b") is two `*`, as in git;
 * - every other character is literal (no [classes], no escapes: paths of
 *   the trees a list discusses do not need them).
 * Both levels use the two-pointer algorithm of wildcard matching: on a
 * mismatch, go back to the last star and let it take one more character
 * (or component).  This is exact because every other element consumes
 * exactly one item, and it costs at most O(pattern x text) steps, so
 * "a*a*a*a*b", or a glob made of many "**" components, cannot blow up
 * as naive backtracking does.
 *
 * A path that git's diffstat shortened to ".../tail" (the tail starts at
 * a component: git cuts at a slash) is matched by a suffix of the glob:
 * the glob cut after one of its slashes (or the whole glob when it starts
 * with "**") matches the tail.  Since the hidden part could be anything,
 * the suffix must say enough on its own: it ends in a literal file name
 * ("kvm/guest_memfd.c"), or it holds two literal components
 * ("kvm/mmu/" + "**").  A single directory name and a wildcard would let
 * the globs of x86's KVM claim the selftests' ".../kvm/lib/kvm_util.c".
 */
#include "subsystem.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "pattern.h"


struct rule {
	char *name;
	pcre2_code *title;  /* NULL: no title pattern */
	pcre2_code *prefix; /* NULL: no prefix pattern */
	char **files;
	size_t nr_files;
};

struct kd_subsystems {
	struct rule *rules;
	size_t nr;
	pcre2_match_context *limits; /* NULL: PCRE2's defaults */
};

static void rule_release(struct rule *r)
{
	size_t i;

	free(r->name);
	pcre2_code_free(r->title);
	pcre2_code_free(r->prefix);
	for (i = 0; i < r->nr_files; i++)
		free(r->files[i]);
	free(r->files);
}

void kd_subsystems_free(struct kd_subsystems *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++)
		rule_release(&s->rules[i]);
	free(s->rules);
	pcre2_match_context_free(s->limits);
	free(s);
}

static int compile(pcre2_code **out, const struct kd_config_subsystem *c,
		   const char *pattern, int pattern_line)
{
	struct kd_buf why = KD_BUF_INIT;
	int line = pattern_line ? pattern_line : c->line;

	*out = kd_pattern_compile(pattern, PCRE2_UTF, &why);
	if (!*out) {
		if (line)
			kd_error_set("bad regular expression in subsystem "
				     "'%s' (line %d): '%s': %s",
				     c->name, line, pattern, why.buf);
		else
			kd_error_set("bad regular expression in subsystem "
				     "'%s': '%s': %s", c->name, pattern, why.buf);
	}
	kd_buf_release(&why);
	return *out ? 0 : KD_EINVALID;
}

int kd_subsystems_new(struct kd_subsystems **out, const struct kd_config *cfg)
{
	struct kd_subsystems *s = kd_calloc(1, sizeof(*s));
	size_t i, j;
	int err;

	*out = NULL;
	s->limits = kd_pattern_limits();
	if (cfg && cfg->nr_subsystems)
		s->rules = kd_calloc(cfg->nr_subsystems, sizeof(*s->rules));
	for (i = 0; cfg && i < cfg->nr_subsystems; i++) {
		const struct kd_config_subsystem *c = &cfg->subsystems[i];
		struct rule *r = &s->rules[i];

		s->nr = i + 1;
		if (!c->name || !*c->name) {
			kd_error_set("subsystem without a name (line %d)",
				     c->line);
			kd_subsystems_free(s);
			return KD_EINVALID;
		}
		r->name = kd_strdup(c->name);
		if ((c->title &&
		     (err = compile(&r->title, c, c->title, c->title_line)) < 0) ||
		    (c->prefix &&
		     (err = compile(&r->prefix, c, c->prefix, c->prefix_line)) < 0)) {
			kd_subsystems_free(s);
			return err;
		}
		if (c->nr_files)
			r->files = kd_calloc(c->nr_files, sizeof(*r->files));
		for (j = 0; j < c->nr_files; j++)
			r->files[j] = kd_strdup(c->files[j]);
		r->nr_files = c->nr_files;
	}
	*out = s;
	return 0;
}

size_t kd_subsystems_count(const struct kd_subsystems *s)
{
	return s ? s->nr : 0;
}

const char *kd_subsystems_name(const struct kd_subsystems *s, size_t i)
{
	return s->rules[i].name;
}

/* Globs */

/* Length of the component at `c` (up to '/' or the end). */
static size_t comp_len(const char *c)
{
	return strcspn(c, "/");
}

/* The component after the one at `c`, NULL when it was the last. */
static const char *comp_next(const char *c)
{
	const char *slash = strchr(c, '/');

	return slash ? slash + 1 : NULL;
}

static int comp_is_globstar(const char *c)
{
	return c[0] == '*' && c[1] == '*' && (!c[2] || c[2] == '/');
}

/* Length of the UTF-8 character at p[0..n), at least 1. */
static size_t utf8_len(const char *p, size_t n)
{
	size_t i = 1;

	while (i < n && ((unsigned char)p[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* Does the component pattern g[0..gl) match the component p[0..pl)? */
static int comp_match(const char *g, size_t gl, const char *p, size_t pl)
{
	size_t gi = 0, pi = 0, star_g = 0, star_p = 0;
	int star = 0;

	while (pi < pl) {
		if (gi < gl && g[gi] == '*') {
			while (gi < gl && g[gi] == '*')
				gi++;
			star = 1;
			star_g = gi;
			star_p = pi;
		} else if (gi < gl && g[gi] == '?') {
			gi++;
			pi += utf8_len(p + pi, pl - pi);
		} else if (gi < gl && g[gi] == p[pi]) {
			gi++;
			pi++;
		} else if (star) {
			star_p += utf8_len(p + star_p, pl - star_p);
			pi = star_p;
			gi = star_g;
		} else {
			return 0;
		}
	}
	while (gi < gl && g[gi] == '*')
		gi++;
	return gi == gl;
}

/* Does the glob `g` match the whole of `p`, component by component? */
static int path_match(const char *g, const char *p)
{
	const char *star_g = NULL, *star_p = NULL;
	int star = 0;

	while (p) {
		if (g && comp_is_globstar(g)) {
			g = comp_next(g);
			star = 1;
			star_g = g;
			star_p = p;
		} else if (g && comp_match(g, comp_len(g), p, comp_len(p))) {
			g = comp_next(g);
			p = comp_next(p);
		} else if (star) {
			star_p = comp_next(star_p);
			p = star_p;
			g = star_g;
		} else {
			return 0;
		}
	}
	while (g && comp_is_globstar(g))
		g = comp_next(g);
	return !g;
}

static int is_literal(const char *c, size_t n)
{
	return n && !memchr(c, '*', n) && !memchr(c, '?', n);
}

/* Does the glob suffix at `g` say enough to match a shortened path? */
static int specific_enough(const char *g)
{
	int literals = 0, last = 0;

	for (; g; g = comp_next(g)) {
		last = is_literal(g, comp_len(g));
		literals += last;
	}
	return last || literals >= 2;
}

int kd_glob_match(const char *glob, const char *path)
{
	const char *g;

	if (strncmp(path, ".../", 4))
		return path_match(glob, path);

	path += 4;
	if (comp_is_globstar(glob) && specific_enough(glob) &&
	    path_match(glob, path))
		return 1;
	for (g = comp_next(glob); g; g = comp_next(g))
		if (specific_enough(g) && path_match(g, path))
			return 1;
	return 0;
}

/* Matching */

static int matches(const pcre2_code *re, const char *s, pcre2_match_data **md,
		   pcre2_match_context *limits)
{
	int rc;

	if (!re || !s)
		return 0;
	if (!*md)
		*md = pcre2_match_data_create(1, NULL);
	if (!*md)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, PCRE2_NO_UTF_CHECK,
			 *md, limits);
	/*
	 * 0 is a match whose offsets did not fit: we need none of them.  A
	 * limit hit is an error, so no match.
	 */
	return rc >= 0;
}

static int files_match(const struct rule *r, const char *const *paths,
		       size_t nr_paths)
{
	size_t i, j;

	for (i = 0; i < nr_paths; i++)
		for (j = 0; j < r->nr_files; j++)
			if (paths[i] && kd_glob_match(r->files[j], paths[i]))
				return 1;
	return 0;
}

const char *kd_subsystems_match(const struct kd_subsystems *s,
				const char *title, const char *prefixes,
				const char *const *paths, size_t nr_paths)
{
	pcre2_match_data *md = NULL;
	const char *found = KD_SUBSYSTEM_OTHER;
	size_t i;

	/*
	 * What a series says of itself, in its title or its tags, outranks
	 * where it happens to touch:
	 * "KVM: PPC: ..." is PowerPC's even if an earlier rule claims one of
	 * its files.
	 */
	for (i = 0; s && i < s->nr; i++) {
		const struct rule *r = &s->rules[i];
		if (matches(r->prefix, prefixes, &md, s->limits) ||
		    matches(r->title, title, &md, s->limits)) {
			found = r->name;
			goto done;
		}
	}
	for (i = 0; s && i < s->nr; i++) {
		if (files_match(&s->rules[i], paths, nr_paths)) {
			found = s->rules[i].name;
			break;
		}
	}
done:
	pcre2_match_data_free(md);
	return found;
}
