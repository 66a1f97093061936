#include "gitconfig.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "error.h"

struct setting {
	char *key;
	char *value; /* NULL: given without a value */
};

struct kd_gitconfig {
	git_config *cfg;
	struct setting *v;
	size_t nr, alloc;
	struct kd_buf scratch; /* for the value of a libgit2 lookup */
};

static void add(struct kd_gitconfig *c, const char *key, size_t klen,
		const char *value, size_t vlen, int has_value)
{
	KD_ALLOC_GROW(c->v, c->nr + 1, c->alloc);
	c->v[c->nr].key = kd_strndup(key, klen);
	c->v[c->nr].value = has_value ? kd_strndup(value, vlen) : NULL;
	c->nr++;
}

/*
 * One single-quoted word of GIT_CONFIG_PARAMETERS, as git's sq_quote
 * writes it: 'it'\''s'.  Returns the position after it, or NULL.
 */
static const char *sq_word(struct kd_buf *out, const char *p)
{
	if (*p != '\'')
		return NULL;
	for (p++;;) {
		const char *q = strchr(p, '\'');
		if (!q)
			return NULL;
		kd_buf_add(out, p, (size_t)(q - p));
		p = q + 1;
		if (p[0] == '\\' && p[1] == '\'' && p[2] == '\'') {
			kd_buf_addch(out, '\'');
			p += 3;
			continue;
		}
		return p;
	}
}

/* 'key=value' (before git 2.31) or 'key'='value' (since) or 'key'. */
static int parse_parameters(struct kd_gitconfig *c, const char *s)
{
	struct kd_buf key = KD_BUF_INIT, value = KD_BUF_INIT;
	int err = 0;

	while (*s) {
		const char *eq;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		kd_buf_reset(&key);
		kd_buf_reset(&value);
		if (!(s = sq_word(&key, s))) {
			err = KD_EINVALID;
			break;
		}
		if (*s == '=') {
			if (!(s = sq_word(&value, s + 1))) {
				err = KD_EINVALID;
				break;
			}
			add(c, key.buf, key.len, value.buf, value.len, 1);
		} else if ((eq = memchr(key.buf, '=', key.len))) {
			add(c, key.buf, (size_t)(eq - key.buf), eq + 1,
			    key.len - (size_t)(eq + 1 - key.buf), 1);
		} else {
			add(c, key.buf, key.len, NULL, 0, 0);
		}
	}
	if (err)
		kd_error_set("bogus format in GIT_CONFIG_PARAMETERS");
	kd_buf_release(&key);
	kd_buf_release(&value);
	return err;
}

static int parse_count(struct kd_gitconfig *c, const char *count)
{
	char name[64], *end;
	long n, i;

	errno = 0;
	n = strtol(count, &end, 10);
	if (errno || *end || n < 0 || n > 100000) {
		kd_error_set("bogus count in GIT_CONFIG_COUNT");
		return KD_EINVALID;
	}
	for (i = 0; i < n; i++) {
		const char *key, *value;

		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%ld", i);
		key = getenv(name);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%ld", i);
		value = getenv(name);
		if (!key || !*key || !value) {
			kd_error_set("missing config key or value %ld in "
				     "GIT_CONFIG_COUNT", i);
			return KD_EINVALID;
		}
		add(c, key, strlen(key), value, strlen(value), 1);
	}
	return 0;
}

int kd_gitconfig_open(struct kd_gitconfig **out, git_repository *repo)
{
	struct kd_gitconfig *c = kd_calloc(1, sizeof(*c));
	const char *env;
	int err = 0;

	kd_buf_init(&c->scratch, 0);
	if (repo && git_repository_config_snapshot(&c->cfg, repo)) {
		kd_error_from_git("cannot read git config");
		err = KD_ERROR;
	}
	if (!err && (env = getenv("GIT_CONFIG_PARAMETERS")))
		err = parse_parameters(c, env);
	if (!err && (env = getenv("GIT_CONFIG_COUNT")))
		err = parse_count(c, env);
	if (err) {
		kd_gitconfig_free(c);
		return err;
	}
	*out = c;
	return 0;
}

void kd_gitconfig_free(struct kd_gitconfig *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	git_config_free(c->cfg);
	kd_buf_release(&c->scratch);
	free(c);
}

/* section.sub.section.name: the ends in any case, the middle exactly. */
static int key_equal(const char *a, const char *b)
{
	const char *a1 = strchr(a, '.'), *b1 = strchr(b, '.');
	const char *a2 = strrchr(a, '.'), *b2 = strrchr(b, '.');

	if (!a1 || !b1 || a1 - a != b1 - b || strncasecmp(a, b, (size_t)(a1 - a)))
		return 0;
	if (strcasecmp(a2, b2) || a2 - a1 != b2 - b1)
		return 0;
	return !strncmp(a1, b1, (size_t)(a2 - a1));
}

const char *kd_gitconfig_get(const struct kd_gitconfig *c, const char *key)
{
	struct kd_gitconfig *m = (struct kd_gitconfig *)c;
	git_buf buf = { NULL, 0, 0 };
	size_t i;

	for (i = c->nr; i-- > 0;)
		if (key_equal(c->v[i].key, key))
			return c->v[i].value ? c->v[i].value : "true";
	if (!c->cfg || git_config_get_string_buf(&buf, c->cfg, key))
		return NULL;
	/* the scratch buffer keeps the last value alive, as documented */
	kd_buf_reset(&m->scratch);
	kd_buf_add(&m->scratch, buf.ptr, buf.size);
	git_buf_dispose(&buf);
	return m->scratch.buf;
}

int kd_gitconfig_get_int(int *out, const struct kd_gitconfig *c,
			 const char *key)
{
	const char *s = kd_gitconfig_get(c, key);
	char *end;
	long v;

	if (!s)
		return 1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end != s) {
		switch (tolower((unsigned char)*end)) {
		case 'k':
			v *= 1024, end++;
			break;
		case 'm':
			v *= 1024 * 1024, end++;
			break;
		case 'g':
			v *= 1024L * 1024 * 1024, end++;
			break;
		}
	}
	if (errno || end == s || *end || v < INT_MIN || v > INT_MAX) {
		kd_error_set("bad numeric config value '%s' for '%s'", s, key);
		return KD_EINVALID;
	}
	*out = (int)v;
	return 0;
}

git_config *kd_gitconfig_git(const struct kd_gitconfig *c)
{
	return c->cfg;
}
