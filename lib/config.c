/*
 * The configuration file (SPEC.md, "Configuration"), read with libyaml's
 * event parser against a fixed schema: each function below is handed the
 * first event of a value and consumes the value whole, so a line and a
 * column are at hand for every message.
 *
 * Tolerated:
 * - an empty file, one of comments only, `{}`, `~` or `---`: nothing
 *   defined;
 * - a null value (`key:`, `key: ~`): the key is not set; a missing
 *   required `name` or `domain` is still reported;
 * - a single string where a list of strings is expected (mailmap,
 *   aliases, bots, files);
 * - numbers, dates and the like written plain where a string is expected
 *   (`name: 2024` is the name "2024"); quoted numbers for `top`;
 * - `list.archive` without its trailing '/', which is added;
 * - `output.notes_ref` as git notes --ref takes it: "kvmdigest" and
 *   "notes/kvmdigest" both mean "refs/notes/kvmdigest";
 * - upper case in domains, which are folded to lower case.
 *
 * Refused, with the file, line and column (1-based):
 * - what libyaml cannot parse (its own words: "did not find expected
 *   key"), bytes that are not UTF-8, more than one document;
 * - anchors and aliases (a configuration has no use for them, and they
 *   are how a small file becomes a large tree);
 * - a top level that is not a map; an unknown or duplicate key; a key
 *   that is not a string; a value of the wrong type; an empty string; a
 *   string holding a NUL; an email without '@'; a `top` that is not a
 *   positive integer; a `format` that is not one of the four; an `until`
 *   that is not a real YYYY-MM-DD day from 1970 on;
 * - a file over 16 MiB, nesting deeper than 64 levels (libyaml has no
 *   limit of its own; the schema stops far sooner, the bound stays for
 *   whatever may read deeper one day).
 * Regular expressions and globs are not compiled here: identity.c and
 * subsystem.c do that and name the rule, the pattern and the offset.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "notes.h"
#include "rfc5322.h"
#include "strmap.h"

#define MAX_SIZE  (16 * 1024 * 1024)
#define MAX_DEPTH 64

#define STRINGS "a string or a list of strings"

/*
 * Where the parse is in the YAML file: libyaml's parser and the event it
 * last gave, which each field's parse function reads and moves past.
 */
struct yaml_cursor {
	yaml_parser_t parser;
	yaml_event_t ev; /* the current event, valid when have_ev */
	int have_ev;
	int depth;
	const char *name; /* the file, for messages */
	const char *input;
	size_t len;
};

/*
 * A key of a map and what reads its value: either `parse`, or `map`, the
 * fields of a nested map filling the same object.
 */
struct field {
	const char *key;
	int (*parse)(struct yaml_cursor *r, const char *path, void *obj);
	const struct field *map;
};

/* Point `slot` at a new zeroed element at the end of `v` (`nr`, `alloc`). */
#define PUSH(slot, v, nr, alloc)                                               \
	do {                                                                   \
		KD_ALLOC_GROW((v), (nr) + 1, (alloc));                         \
		(slot) = &(v)[(nr)++];                                         \
		memset((slot), 0, sizeof(*(slot)));                            \
	} while (0)

/* ---- messages ---- */

static int fail_at(struct yaml_cursor *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(struct yaml_cursor *r, yaml_mark_t m, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kd_error_set("%s:%zu:%zu: %s", r->name, m.line + 1, m.column + 1, msg);
	return KD_EINVALID;
}

static int expected(struct yaml_cursor *r, const char *path, const char *what)
{
	return fail_at(r, r->ev.start_mark, "'%s' must be %s", path, what);
}

/* A key from the file, fit for a message: short, no control bytes. */
static const char *shown(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = len < size - 4 ? len : size - 4;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		buf[i] = c < 0x20 || c == 0x7f ? '?' : c;
	}
	strcpy(buf + i, n < len ? "..." : "");
	return buf;
}

/* libyaml's reader errors carry a byte offset and no line. */
static int reader_error(struct yaml_cursor *r)
{
	yaml_mark_t m = {0, 0, 0};
	size_t i, end = r->parser.problem_offset;

	for (i = 0; i < end && i < r->len; i++) {
		if (r->input[i] == '\n') {
			m.line++;
			m.column = 0;
		} else {
			m.column++;
		}
	}
	if (r->parser.problem_value < 0)
		return fail_at(r, m, "%s", r->parser.problem);
	return fail_at(r, m, "%s (byte 0x%02x)", r->parser.problem,
		       (unsigned)r->parser.problem_value & 0xff);
}

static int syntax_error(struct yaml_cursor *r)
{
	const yaml_parser_t *p = &r->parser;

	if (p->error == YAML_MEMORY_ERROR) {
		kd_error_set("%s: out of memory", r->name);
		return KD_ERROR;
	}
	if (p->error == YAML_READER_ERROR)
		return reader_error(r);
	if (!p->context)
		return fail_at(r, p->problem_mark, "%s",
			       p->problem ? p->problem : "malformed YAML");
	return fail_at(r, p->problem_mark, "%s (%s at line %zu, column %zu)",
		       p->problem ? p->problem : "malformed YAML", p->context,
		       p->context_mark.line + 1, p->context_mark.column + 1);
}

/* ---- events ---- */

static const yaml_char_t *anchor_of(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		return e->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return e->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return e->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Move to the next event; refuse what the schema never wants. */
static int next(struct yaml_cursor *r)
{
	if (r->have_ev) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
	}
	if (!yaml_parser_parse(&r->parser, &r->ev))
		return syntax_error(r);
	r->have_ev = 1;
	if (r->ev.type == YAML_ALIAS_EVENT || anchor_of(&r->ev))
		return fail_at(r, r->ev.start_mark,
			       "anchors and aliases are not supported");
	if (r->ev.type == YAML_SEQUENCE_START_EVENT ||
	    r->ev.type == YAML_MAPPING_START_EVENT) {
		if (++r->depth > MAX_DEPTH)
			return fail_at(r, r->ev.start_mark,
				       "nesting deeper than %d levels",
				       MAX_DEPTH);
	} else if (r->ev.type == YAML_SEQUENCE_END_EVENT ||
		   r->ev.type == YAML_MAPPING_END_EVENT) {
		r->depth--;
	}
	return 0;
}

static int is_scalar(const struct yaml_cursor *r)
{
	return r->ev.type == YAML_SCALAR_EVENT;
}

static int is_null(const yaml_event_t *e)
{
	const char *v, *tag;

	if (e->type != YAML_SCALAR_EVENT)
		return 0;
	v = (const char *)e->data.scalar.value;
	tag = (const char *)e->data.scalar.tag;
	if (tag)
		return !strcmp(tag, YAML_NULL_TAG);
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* The current scalar as a string of our own, or `what` was expected. */
static int take_string(struct yaml_cursor *r, const char *path,
		       const char *what, char **out)
{
	const char *v = (const char *)r->ev.data.scalar.value;
	size_t len = r->ev.data.scalar.length;

	if (!is_scalar(r) || is_null(&r->ev))
		return expected(r, path, what);
	if (!len)
		return fail_at(r, r->ev.start_mark, "empty string for '%s'",
			       path);
	if (memchr(v, '\0', len))
		return fail_at(r, r->ev.start_mark, "NUL character in '%s'",
			       path);
	*out = kd_strndup(v, len);
	return 0;
}

/* ---- shapes: maps, lists of maps, strings or lists of them ---- */

static const struct field *find_field(const struct field *fields,
				      const char *key, size_t len)
{
	for (; fields->key; fields++)
		if (strlen(fields->key) == len &&
		    !memcmp(fields->key, key, len))
			return fields;
	return NULL;
}

static int unknown_key(struct yaml_cursor *r, const char *path)
{
	char buf[64];
	const char *key =
		shown(buf, sizeof(buf), (const char *)r->ev.data.scalar.value,
		      r->ev.data.scalar.length);

	if (!path)
		return fail_at(r, r->ev.start_mark,
			       "unknown key '%s' in the top level", key);
	return fail_at(r, r->ev.start_mark, "unknown key '%s' in '%s'", key,
		       path);
}

static int duplicate_key(struct yaml_cursor *r, const char *path,
			 const char *key)
{
	if (!path)
		return fail_at(r, r->ev.start_mark,
			       "duplicate key '%s' in the top level", key);
	return fail_at(r, r->ev.start_mark, "duplicate key '%s' in '%s'", key,
		       path);
}

static int parse_map(struct yaml_cursor *r, const char *path,
		     const struct field *fields, void *obj);

/* The value of `f`, whose key has just been read. */
static int parse_field(struct yaml_cursor *r, const char *path,
		       const struct field *f, void *obj)
{
	char sub[128];
	int err;

	snprintf(sub, sizeof(sub), "%s%s%s", path ? path : "", path ? "." : "",
		 f->key);
	if ((err = next(r)) || is_null(&r->ev))
		return err;
	if (!f->map)
		return f->parse(r, sub, obj);
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return expected(r, sub, "a map");
	return parse_map(r, sub, f->map, obj);
}

/* The pairs of the map that starts at the current event (path NULL: the
 * top level). */
static int parse_map(struct yaml_cursor *r, const char *path,
		     const struct field *fields, void *obj)
{
	unsigned long seen = 0;
	const struct field *f;
	int err;

	while (!(err = next(r)) && r->ev.type != YAML_MAPPING_END_EVENT) {
		if (!is_scalar(r))
			return fail_at(r, r->ev.start_mark,
				       "keys must be strings");
		f = find_field(fields, (const char *)r->ev.data.scalar.value,
			       r->ev.data.scalar.length);
		if (!f)
			return unknown_key(r, path);
		if (seen & (1UL << (f - fields)))
			return duplicate_key(r, path, f->key);
		seen |= 1UL << (f - fields);
		if ((err = parse_field(r, path, f, obj)))
			return err;
	}
	return err;
}

/* A list of maps, `item` reading each one. */
static int map_list(struct yaml_cursor *r, const char *path,
		    int (*item)(struct yaml_cursor *, const char *, void *),
		    void *obj)
{
	int err;

	if (r->ev.type != YAML_SEQUENCE_START_EVENT)
		return expected(r, path, "a list of maps");
	while (!(err = next(r)) && r->ev.type != YAML_SEQUENCE_END_EVENT) {
		if (r->ev.type != YAML_MAPPING_START_EVENT)
			return expected(r, path, "a list of maps");
		if ((err = item(r, path, obj)))
			return err;
	}
	return err;
}

/* A string or a list of them, `one` taking each. */
static int strings(struct yaml_cursor *r, const char *path,
		   int (*one)(struct yaml_cursor *, const char *, void *),
		   void *obj)
{
	int err;

	if (is_scalar(r))
		return one(r, path, obj);
	if (r->ev.type != YAML_SEQUENCE_START_EVENT)
		return expected(r, path, STRINGS);
	while (!(err = next(r)) && r->ev.type != YAML_SEQUENCE_END_EVENT)
		if ((err = one(r, path, obj)))
			return err;
	return err;
}

static int missing(struct yaml_cursor *r, yaml_mark_t m, const char *key,
		   const char *path)
{
	return fail_at(r, m, "missing '%s' in '%s'", key, path);
}

/* ---- list ---- */

static int list_name(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;

	return take_string(r, path, "a string", &c->list_name);
}

static int list_archive(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	size_t len;
	int err;

	if ((err = take_string(r, path, "a string", &c->archive)))
		return err;
	len = strlen(c->archive);
	if (c->archive[len - 1] != '/') {
		c->archive = kd_realloc(c->archive, len + 2);
		strcpy(c->archive + len, "/");
	}
	return 0;
}

/* ---- identities ---- */

static int add_mailmap(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	char **slot;

	PUSH(slot, c->mailmaps, c->nr_mailmaps, c->alloc_mailmaps);
	return take_string(r, path, STRINGS, slot);
}

static int mailmap(struct yaml_cursor *r, const char *path, void *obj)
{
	return strings(r, path, add_mailmap, obj);
}

static int person_name(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_person *p = obj;

	return take_string(r, path, "a string", &p->name);
}

static int person_email(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_person *p = obj;
	int err;

	if ((err = take_string(r, path, "a string", &p->email)))
		return err;
	if (!strchr(p->email, '@'))
		return expected(r, path, "an address");
	return 0;
}

static int add_alias(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_person *p = obj;
	char **slot;

	PUSH(slot, p->aliases, p->nr_aliases, p->alloc_aliases);
	return take_string(r, path, STRINGS, slot);
}

static int person_aliases(struct yaml_cursor *r, const char *path, void *obj)
{
	return strings(r, path, add_alias, obj);
}

static const struct field person_fields[] = {
	{"name", person_name, NULL},
	{"email", person_email, NULL},
	{"aliases", person_aliases, NULL},
	{NULL, NULL, NULL},
};

static int person(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	struct kd_config_person *p;
	yaml_mark_t m = r->ev.start_mark;
	int err;

	PUSH(p, c->people, c->nr_people, c->alloc_people);
	p->line = m.line + 1;
	if ((err = parse_map(r, path, person_fields, p)))
		return err;
	return p->name ? 0 : missing(r, m, "name", path);
}

static int people(struct yaml_cursor *r, const char *path, void *obj)
{
	return map_list(r, path, person, obj);
}

/* One "from: to" of the domain folds. */
static int domain_fold(struct yaml_cursor *r, const char *path,
		       struct kd_config *c, struct kd_strmap *seen)
{
	const char *what = "a map from domains to domains";
	struct kd_config_domain *d;
	int err;

	PUSH(d, c->domains, c->nr_domains, c->alloc_domains);
	if ((err = take_string(r, path, what, &d->from)))
		return err;
	kd_lowercase(d->from);
	if (kd_strmap_put(seen, d->from, c->nr_domains) != c->nr_domains)
		return duplicate_key(r, path, d->from);
	if ((err = next(r)) || (err = take_string(r, path, what, &d->to)))
		return err;
	kd_lowercase(d->to);
	return 0;
}

static int domains(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_strmap seen = KD_STRMAP_INIT;
	int err;

	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return expected(r, path, "a map from domains to domains");
	while (!(err = next(r)) && r->ev.type != YAML_MAPPING_END_EVENT)
		if ((err = domain_fold(r, path, obj, &seen)))
			break;
	kd_strmap_release(&seen);
	return err;
}

static int org_domain(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_org *o = obj;
	int err;

	if (!(err = take_string(r, path, "a string", &o->domain)))
		kd_lowercase(o->domain);
	return err;
}

static int org_name(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_org *o = obj;

	return take_string(r, path, "a string", &o->name);
}

static int parse_date(const char *s, size_t len, int64_t *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y, m, d, i;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return -1;
	*out = kd_days_from_civil(y, m, d) * 86400;
	return 0;
}

static int org_until(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_org *o = obj;

	if (!is_scalar(r) || parse_date((const char *)r->ev.data.scalar.value,
					r->ev.data.scalar.length, &o->until))
		return expected(r, path, "a date (YYYY-MM-DD)");
	return 0;
}

static const struct field org_fields[] = {
	{"domain", org_domain, NULL},
	{"name", org_name, NULL},
	{"until", org_until, NULL},
	{NULL, NULL, NULL},
};

static int org(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	struct kd_config_org *o;
	yaml_mark_t m = r->ev.start_mark;
	int err;

	PUSH(o, c->orgs, c->nr_orgs, c->alloc_orgs);
	o->line = m.line + 1;
	if ((err = parse_map(r, path, org_fields, o)))
		return err;
	if (!o->domain)
		return missing(r, m, "domain", path);
	return o->name ? 0 : missing(r, m, "name", path);
}

static int orgs(struct yaml_cursor *r, const char *path, void *obj)
{
	return map_list(r, path, org, obj);
}

static int add_bot(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	struct kd_config_bot *b;

	PUSH(b, c->bots, c->nr_bots, c->alloc_bots);
	b->line = r->ev.start_mark.line + 1;
	b->column = r->ev.start_mark.column + 1;
	return take_string(r, path, STRINGS, &b->pattern);
}

static int bots(struct yaml_cursor *r, const char *path, void *obj)
{
	return strings(r, path, add_bot, obj);
}

/* ---- subsystems ---- */

static int sub_name(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_subsystem *s = obj;

	return take_string(r, path, "a string", &s->name);
}

static int sub_title(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_subsystem *s = obj;

	s->title_line = r->ev.start_mark.line + 1;
	s->title_column = r->ev.start_mark.column + 1;
	return take_string(r, path, "a string", &s->title);
}

static int sub_prefix(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_subsystem *s = obj;

	s->prefix_line = r->ev.start_mark.line + 1;
	return take_string(r, path, "a string", &s->prefix);
}

static int add_file(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config_subsystem *s = obj;
	char **slot;

	PUSH(slot, s->files, s->nr_files, s->alloc_files);
	return take_string(r, path, STRINGS, slot);
}

static int sub_files(struct yaml_cursor *r, const char *path, void *obj)
{
	return strings(r, path, add_file, obj);
}

static const struct field subsystem_fields[] = {
	{"name", sub_name, NULL},
	{"title", sub_title, NULL},
	{"prefix", sub_prefix, NULL},
	{"files", sub_files, NULL},
	{NULL, NULL, NULL},
};

static int subsystem(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	struct kd_config_subsystem *s;
	yaml_mark_t m = r->ev.start_mark;
	int err;

	PUSH(s, c->subsystems, c->nr_subsystems, c->alloc_subsystems);
	s->line = m.line + 1;
	if ((err = parse_map(r, path, subsystem_fields, s)))
		return err;
	return s->name ? 0 : missing(r, m, "name", path);
}

static int subsystems(struct yaml_cursor *r, const char *path, void *obj)
{
	return map_list(r, path, subsystem, obj);
}

/* ---- output ---- */

static int output_format(struct yaml_cursor *r, const char *path, void *obj)
{
	static const char *const formats[] = {"classic", "markdown", "json",
					      "html"};
	struct kd_config *c = obj;
	const char *v = (const char *)r->ev.data.scalar.value;
	size_t i;

	for (i = 0; is_scalar(r) && i < sizeof(formats) / sizeof(*formats); i++)
		if (strlen(v) == r->ev.data.scalar.length &&
		    !strcmp(v, formats[i])) {
			c->format = kd_strdup(v);
			return 0;
		}
	return expected(r, path, "classic, markdown, json or html");
}

static int output_top(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	const char *v = (const char *)r->ev.data.scalar.value;
	size_t i, len = r->ev.data.scalar.length;
	long n = 0;

	if (!is_scalar(r) || !len)
		return expected(r, path, "a positive integer");
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9' ||
		    n > (INT_MAX - (v[i] - '0')) / 10)
			return expected(r, path, "a positive integer");
		n = n * 10 + (v[i] - '0');
	}
	if (!n)
		return expected(r, path, "a positive integer");
	c->top = (int)n;
	return 0;
}

/* Expanded as `git notes --ref` expands it. */
static int output_notes_ref(struct yaml_cursor *r, const char *path, void *obj)
{
	struct kd_config *c = obj;
	char *s;
	int err;

	if ((err = take_string(r, path, "a string", &s)))
		return err;
	c->notes_ref = kd_notes_ref_expand(s);
	free(s);
	return 0;
}

/* ---- the document ---- */

static const struct field list_fields[] = {
	{"name", list_name, NULL},
	{"archive", list_archive, NULL},
	{NULL, NULL, NULL},
};

static const struct field identity_fields[] = {
	{"mailmap", mailmap, NULL}, {"people", people, NULL},
	{"domains", domains, NULL}, {"organisations", orgs, NULL},
	{"bots", bots, NULL},	    {NULL, NULL, NULL},
};

static const struct field output_fields[] = {
	{"format", output_format, NULL},
	{"top", output_top, NULL},
	{"notes_ref", output_notes_ref, NULL},
	{NULL, NULL, NULL},
};

static const struct field top_fields[] = {
	{"list", NULL, list_fields},
	{"identities", NULL, identity_fields},
	{"subsystems", subsystems, NULL},
	{"output", NULL, output_fields},
	{NULL, NULL, NULL},
};

/* From STREAM-START to STREAM-END: no document, or one. */
static int parse_stream(struct yaml_cursor *r, struct kd_config *c)
{
	int err;

	if ((err = next(r)) || (err = next(r)))
		return err;
	if (r->ev.type == YAML_STREAM_END_EVENT)
		return 0;
	if ((err = next(r)))
		return err;
	if (r->ev.type == YAML_MAPPING_START_EVENT)
		err = parse_map(r, NULL, top_fields, c);
	else if (!is_null(&r->ev))
		return fail_at(r, r->ev.start_mark,
			       "the top level must be a map");
	if (err || (err = next(r)) || (err = next(r)))
		return err;
	if (r->ev.type != YAML_STREAM_END_EVENT)
		return fail_at(r, r->ev.start_mark,
			       "more than one YAML document");
	return 0;
}

int kd_config_parse(struct kd_config *out, const char *name, const char *yaml,
		    size_t len)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct yaml_cursor r;
	int err;

	if (len > MAX_SIZE) {
		kd_error_set("%s: larger than 16 MiB", name);
		return KD_EINVALID;
	}
	memset(&r, 0, sizeof(r));
	r.name = name;
	r.input = yaml;
	r.len = len;
	if (!yaml_parser_initialize(&r.parser)) {
		kd_error_set("%s: out of memory", name);
		return KD_ERROR;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)yaml,
				     len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	err = parse_stream(&r, &c);
	if (r.have_ev)
		yaml_event_delete(&r.ev);
	yaml_parser_delete(&r.parser);
	if (err)
		kd_config_release(&c);
	else
		*out = c;
	return err;
}

/* ---- files ---- */

/* Past MAX_SIZE, one byte more is read, for kd_config_parse() to refuse. */
static int read_file(struct kd_buf *out, const char *path)
{
	int saved;

	if (!kd_buf_read_file(out, path, MAX_SIZE, 0))
		return 0;
	saved = errno;
	kd_error_set("cannot read '%s': %s", path, strerror(saved));
	return saved == ENOENT || saved == ENOTDIR ? KD_ENOTFOUND : KD_ERROR;
}

int kd_config_load(struct kd_config *out, const char *path)
{
	struct kd_buf b = KD_BUF_INIT;
	int err = read_file(&b, path);

	if (!err)
		err = kd_config_parse(out, path, b.buf, b.len);
	kd_buf_release(&b);
	if (!err)
		out->path = kd_strdup(path);
	return err;
}

/* ---- release ---- */

static void free_strings(char **v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

void kd_config_release(struct kd_config *c)
{
	size_t i;

	for (i = 0; i < c->nr_people; i++) {
		free(c->people[i].name);
		free(c->people[i].email);
		free_strings(c->people[i].aliases, c->people[i].nr_aliases);
	}
	for (i = 0; i < c->nr_domains; i++) {
		free(c->domains[i].from);
		free(c->domains[i].to);
	}
	for (i = 0; i < c->nr_orgs; i++) {
		free(c->orgs[i].domain);
		free(c->orgs[i].name);
	}
	for (i = 0; i < c->nr_bots; i++)
		free(c->bots[i].pattern);
	for (i = 0; i < c->nr_subsystems; i++) {
		free(c->subsystems[i].name);
		free(c->subsystems[i].title);
		free(c->subsystems[i].prefix);
		free_strings(c->subsystems[i].files, c->subsystems[i].nr_files);
	}
	free(c->people);
	free(c->domains);
	free(c->orgs);
	free(c->bots);
	free(c->subsystems);
	free_strings(c->mailmaps, c->nr_mailmaps);
	free(c->path);
	free(c->list_name);
	free(c->archive);
	free(c->format);
	free(c->notes_ref);
	memset(c, 0, sizeof(*c));
}

/* ---- describe ---- */

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void describe_list(struct kd_buf *out, const struct kd_config *c)
{
	if (!c->list_name && !c->archive)
		return;
	kd_buf_addstr(out, "list:");
	if (c->list_name)
		kd_buf_addf(out, " %s", c->list_name);
	if (c->archive)
		kd_buf_addf(out, " <%s>", c->archive);
	kd_buf_addch(out, '\n');
}

static void describe_identities(struct kd_buf *out, const struct kd_config *c)
{
	size_t i, aliases = 0;

	if (c->nr_mailmaps)
		kd_buf_addf(out, "mailmaps: %zu\n", c->nr_mailmaps);
	for (i = 0; i < c->nr_people; i++)
		aliases += c->people[i].nr_aliases;
	if (c->nr_people)
		kd_buf_addf(out, "people: %zu (%zu %s)\n", c->nr_people,
			    aliases, plural(aliases, "alias", "aliases"));
	if (c->nr_domains)
		kd_buf_addf(out, "domain folds: %zu\n", c->nr_domains);
	if (c->nr_orgs)
		kd_buf_addf(out, "organisations: %zu\n", c->nr_orgs);
	if (c->nr_bots)
		kd_buf_addf(out, "bots: %zu\n", c->nr_bots);
}

static void describe_subsystems(struct kd_buf *out, const struct kd_config *c)
{
	size_t i;

	if (!c->nr_subsystems)
		return;
	kd_buf_addf(out, "subsystems: %zu:", c->nr_subsystems);
	for (i = 0; i < c->nr_subsystems; i++)
		kd_buf_addf(out, "%s %s", i ? "," : "", c->subsystems[i].name);
	kd_buf_addch(out, '\n');
}

static void describe_output(struct kd_buf *out, const struct kd_config *c)
{
	const char *sep = " ";

	if (!c->format && !c->top && !c->notes_ref)
		return;
	kd_buf_addstr(out, "output:");
	if (c->format) {
		kd_buf_addf(out, "%sformat %s", sep, c->format);
		sep = ", ";
	}
	if (c->top) {
		kd_buf_addf(out, "%stop %d", sep, c->top);
		sep = ", ";
	}
	if (c->notes_ref)
		kd_buf_addf(out, "%snotes %s", sep, c->notes_ref);
	kd_buf_addch(out, '\n');
}

void kd_config_describe(struct kd_buf *out, const struct kd_config *c)
{
	size_t start = out->len;

	describe_list(out, c);
	describe_identities(out, c);
	describe_subsystems(out, c);
	describe_output(out, c);
	if (out->len == start)
		kd_buf_addstr(out, "nothing: no folding, no grouping\n");
}

static int exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int kd_config_locate(struct kd_buf *out, const char *given,
		     const char *from_git, const char *gitdir,
		     const char *const *defaults, size_t nr_defaults)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t i;

	kd_buf_reset(out);
	if (given || from_git) {
		kd_buf_addstr(out, given ? given : from_git);
		return 0;
	}
	if (gitdir) {
		kd_buf_addf(out, "%s%skvmdigest.yaml", gitdir,
			    *gitdir && gitdir[strlen(gitdir) - 1] == '/' ? ""
									  : "/");
		if (exists(out->buf))
			return 0;
	}
	kd_buf_reset(out);
	if (xdg && *xdg)
		kd_buf_addf(out, "%s/kvmdigest/kvmdigest.yaml", xdg);
	else if (home && *home)
		kd_buf_addf(out, "%s/.config/kvmdigest/kvmdigest.yaml", home);
	if (out->len && exists(out->buf))
		return 0;
	for (i = 0; i < nr_defaults; i++) {
		kd_buf_reset(out);
		kd_buf_addstr(out, defaults[i]);
		if (exists(out->buf))
			return 0;
	}
	kd_buf_reset(out);
	return 1;
}
