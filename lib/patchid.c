/*
 * Patch ids with the equality of `git patch-id --stable` (patchid.h).
 *
 * This follows get_one_patchid() of git 2.39's builtin/patch-id.c step by
 * step, over lines that are (pointer, length) rather than C strings:
 * git reads each line with its LF into a NUL-terminated buffer, so what
 * it sees of a line is what comes before its first NUL, and the LF only
 * when there is no NUL.  `struct line` keeps both, and at() reads a line
 * as git's string functions do, LF and terminating NUL included.
 *
 * Tolerated: anything.  Malformed hunk headers and counts that go wrong
 * (a mailer that strips the blank of an empty context line) are read as
 * git reads them, down to atoi()'s conversion of numbers too large for
 * an int, so that the ids stay equal where git's are; counters wrap
 * where git's int would.
 */
#include "patchid.h"

#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "strmap.h"

#define GIT_HEXSZ   40 /* get_oid_hex() of SHA-1 */
#define OID_STR_MAX 64 /* strlcpy(..., GIT_MAX_HEXSZ + 1) */

struct line {
	const char *s;
	size_t len; /* up to the first NUL or LF */
	int nl;	    /* git sees an LF after it (none if a NUL came first) */
};

/* The byte git sees at offset i of the line: LF, then NUL, past it. */
static char at(const struct line *l, size_t i)
{
	if (i < l->len)
		return l->s[i];
	return i == l->len && l->nl ? '\n' : '\0';
}

static size_t git_strlen(const struct line *l)
{
	return l->len + (l->nl ? 1 : 0);
}

static int starts_with(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && !memcmp(l->s, prefix, n);
}


/* get_oid_hex(): 40 hex digits at offset i. */
static int is_oid_hex(const struct line *l, size_t i)
{
	size_t k;

	if (l->len < i + GIT_HEXSZ)
		return 0;
	for (k = i; k < i + GIT_HEXSZ; k++) {
		char c = l->s[k];

		if (!kd_is_digit(c) &&
		    !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static size_t digits_at(const struct line *l, size_t i)
{
	size_t n = 0;

	while (kd_is_digit(at(l, i + n)))
		n++;
	return n;
}

/*
 * glibc's atoi(): (int)strtol(s, NULL, 10) -- blanks skipped, a sign,
 * digits saturating at LONG_MAX or LONG_MIN, then cut to an int as gcc
 * cuts (modulo 2^32).
 */
static int git_atoi(const struct line *l, size_t i)
{
	const uint64_t max = UINT64_C(9223372036854775807);
	uint64_t v = 0;
	int neg = 0;

	while (kd_is_space(at(l, i)))
		i++;
	if (at(l, i) == '-' || at(l, i) == '+')
		neg = at(l, i++) == '-';
	for (; kd_is_digit(at(l, i)); i++) {
		uint64_t d = (uint64_t)(at(l, i) - '0');

		v = v > (max + 1 - d) / 10 ? max + 1 : v * 10 + d;
	}
	if (!neg && v > max)
		v = max;
	if (neg)
		v = (uint64_t)0 - v;
	return (int)(uint32_t)v;
}

/* scan_hunk_header(): the counts of "@@ -a,b +c,d @@"; git's side effects. */
static void scan_hunk_header(const struct line *l, int *before, int *after)
{
	size_t q = 4, r, n;

	n = digits_at(l, q);
	if (at(l, q + n) == ',') {
		q += n + 1;
		*before = git_atoi(l, q);
		n = digits_at(l, q);
	} else {
		*before = 1;
	}
	if (n == 0 || at(l, q + n) != ' ' || at(l, q + n + 1) != '+')
		return;
	r = q + n + 2;
	n = digits_at(l, r);
	if (at(l, r + n) == ',') {
		r += n + 1;
		*after = git_atoi(l, r);
	} else {
		*after = 1;
	}
}

static int dec(int v)
{
	return (int)((unsigned int)v - 1u);
}

struct state {
	uint64_t sum;  /* of the files flushed */
	struct kd_buf *file; /* what the current file hashes, so far */
	size_t patchlen;
	int before, after, binary;
	char pre[OID_STR_MAX + 1], post[OID_STR_MAX + 1];
};

/* A fresh state, hashing into `file` (emptied), which it keeps. */
static void state_init(struct state *st, struct kd_buf *file)
{
	memset(st, 0, sizeof(*st));
	st->file = file;
	kd_buf_reset(file);
	st->before = st->after = -1;
}

/*
 * flush_one_hunk(): add the file's hash to the sum.  What a file hashes
 * is gathered first and hashed at once, eight bytes at a time
 * (kd_hash64()); a finalizer (splitmix64's) spreads the bits before the
 * hashes are added.
 */
static void flush(struct state *st)
{
	uint64_t h = kd_hash64(st->file->buf, st->file->len);

	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	st->sum += h;
	kd_buf_reset(st->file);
}

/* The line without its white space, gathered for its file's hash. */
static void hash_line(struct state *st, const struct line *l)
{
	struct kd_buf *f = st->file;
	char *dst;
	size_t i, kept;

	kd_buf_grow(f, l->len);
	dst = f->buf + f->len;
	for (i = 0; i < l->len; i++)
		if (!kd_is_space(l->s[i]))
			*dst++ = l->s[i];
	kept = (size_t)(dst - (f->buf + f->len));
	kd_buf_setlen(f, f->len + kept);
	st->patchlen += kept;
}

static void hash_str(struct state *st, const char *s)
{
	kd_buf_addstr(st->file, s);
}

static void copy_oid(char *dst, const char *s, size_t n)
{
	if (n > OID_STR_MAX)
		n = OID_STR_MAX;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "index <pre>..<post> <mode>": the ids as git's string surgery cuts them. */
static void index_line(struct state *st, const struct line *l)
{
	size_t o1, o2, len = git_strlen(l);

	for (o1 = 0; o1 + 1 < l->len; o1++)
		if (l->s[o1] == '.' && l->s[o1 + 1] == '.')
			break;
	if (o1 + 1 >= l->len)
		return; /* no "..": git keeps what it had */
	for (o2 = o1; o2 < l->len && l->s[o2] != ' '; o2++)
		;
	if (o2 == l->len)
		o2 = len - 1; /* the LF, or else the last byte, cut off */
	copy_oid(st->pre, l->s + 6, o1 - 6);
	copy_oid(st->post, l->s + o1 + 2, o2 > o1 + 2 ? o2 - (o1 + 2) : 0);
}

enum step { NEXT, STOP, RESTART };

/* One line of get_one_patchid()'s loop. */
static enum step patch_line(struct state *st, const struct line *l)
{
	size_t p = 0;

	if (starts_with(l, "commit "))
		p = 7;
	else if (starts_with(l, "From "))
		p = 5;
	else if (starts_with(l, "\\ ") && git_strlen(l) > 12)
		return NEXT;

	if (is_oid_hex(l, p))
		return st->patchlen ? STOP : RESTART;

	if (!st->patchlen && !starts_with(l, "diff "))
		return NEXT;

	if (st->before == -1) {
		if (starts_with(l, "GIT binary patch") ||
		    starts_with(l, "Binary files")) {
			st->binary = 1;
			st->before = 0;
			hash_str(st, st->pre);
			hash_str(st, st->post);
			flush(st);
			return NEXT;
		} else if (starts_with(l, "index ")) {
			index_line(st, l);
			return NEXT;
		} else if (starts_with(l, "--- ")) {
			st->before = st->after = 1;
		} else if (!kd_is_alpha(at(l, 0))) {
			return STOP;
		}
	}

	if (st->binary) {
		/* git skips this "diff " line too: it is in no file's hash */
		if (starts_with(l, "diff ")) {
			st->binary = 0;
			st->before = -1;
		}
		return NEXT;
	}

	if (st->before == 0 && st->after == 0) {
		if (starts_with(l, "@@ -")) {
			scan_hunk_header(l, &st->before, &st->after);
			return NEXT;
		}
		if (!starts_with(l, "diff "))
			return STOP;
		flush(st);
		st->before = st->after = -1;
	}

	if (at(l, 0) == '-' || at(l, 0) == ' ')
		st->before = dec(st->before);
	if (at(l, 0) == '+' || at(l, 0) == ' ')
		st->after = dec(st->after);
	hash_line(st, l);
	return NEXT;
}

int kd_patch_id(uint64_t *id, const char *text, size_t len)
{
	struct kd_buf file = KD_BUF_INIT;
	struct state st;
	size_t pos = 0;

	kd_buf_init(&file, len < 65536 ? len : 65536);
	state_init(&st, &file);
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		const char *nul = memchr(s, '\0', n);
		struct line l = {s, nul ? (size_t)(nul - s) : n, nl && !nul};
		enum step step = patch_line(&st, &l);

		pos += n + 1;
		if (step == STOP)
			break;
		if (step == RESTART)
			state_init(&st, &file);
	}
	flush(&st);
	kd_buf_release(&file);
	*id = st.patchlen ? st.sum : 0;
	return st.patchlen > 0;
}
