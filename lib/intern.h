#ifndef KD_INTERN_H
#define KD_INTERN_H

#include <stddef.h>
#include <stdint.h>

/*
 * A pool of interned strings: each distinct string is stored once and
 * named by a small number, its id (0, 1, 2, ... in the order they were
 * first put).  A digest keeps per message only such ids (its Message-ID,
 * its parent's, its subject), so that a range of any length costs a few
 * words a message and no allocation per message: the strings live in
 * large chunks that the pool owns and frees all at once.
 *
 * Strings are compared and hashed by their bytes; the copies the pool
 * hands out are NUL-terminated.  Ids are valid until kd_intern_release().
 * Not safe for use from several threads at once.
 */
#define KD_INTERN_NONE UINT32_MAX

struct kd_intern_chunk;

struct kd_intern {
	const char **strs;   /* by id */
	uint32_t *lens;      /* by id */
	uint32_t *hashes;    /* by id */
	uint32_t nr, alloc;
	uint32_t *slots;     /* open addressing: id + 1, 0 for empty */
	size_t size;         /* slots, a power of two */
	struct kd_intern_chunk *chunks;
	char *free_at;       /* room left in the newest chunk */
	size_t free_len;
};

#define KD_INTERN_INIT { NULL, NULL, NULL, 0, 0, NULL, 0, NULL, NULL, 0 }

/*
 * The id of the `len` bytes at `s`, adding a copy of them when they are
 * new.  A string longer than UINT32_MAX - 1 bytes is cut there.
 */
uint32_t kd_intern_put(struct kd_intern *p, const char *s, size_t len);

/* The same for a NUL-terminated string. */
uint32_t kd_intern_putstr(struct kd_intern *p, const char *s);

/* The id of the bytes at `s`, or KD_INTERN_NONE when they were never put. */
uint32_t kd_intern_find(const struct kd_intern *p, const char *s, size_t len);

/* The string of `id`, borrowed from the pool; "" for KD_INTERN_NONE. */
static inline const char *kd_intern_str(const struct kd_intern *p,
					uint32_t id)
{
	return id == KD_INTERN_NONE ? "" : p->strs[id];
}

/* Free every string and the tables; the pool is then as KD_INTERN_INIT. */
void kd_intern_release(struct kd_intern *p);

#endif
