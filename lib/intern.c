#include "intern.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

/* Strings are copied into chunks of at least this many bytes. */
#define CHUNK_MIN (64 * 1024)

struct kd_intern_chunk {
	struct kd_intern_chunk *next;
	char data[];
};

static char *copy_in(struct kd_intern *p, const char *s, size_t len)
{
	char *at;

	if (p->free_len < len + 1) {
		size_t n = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;
		struct kd_intern_chunk *c = kd_malloc(sizeof(*c) + n);

		c->next = p->chunks;
		p->chunks = c;
		p->free_at = c->data;
		p->free_len = n;
	}
	at = p->free_at;
	memcpy(at, s, len);
	at[len] = '\0';
	p->free_at += len + 1;
	p->free_len -= len + 1;
	return at;
}

static void rehash(struct kd_intern *p)
{
	size_t size = p->size ? p->size * 2 : 1024, i;
	uint32_t id;

	free(p->slots);
	p->slots = kd_calloc(size, sizeof(*p->slots));
	p->size = size;
	for (id = 0; id < p->nr; id++) {
		i = p->hashes[id] & (size - 1);
		while (p->slots[i])
			i = (i + 1) & (size - 1);
		p->slots[i] = id + 1;
	}
}

/* The slot that holds `s`, or the empty slot where it would go. */
static size_t probe(const struct kd_intern *p, const char *s, size_t len,
		    uint32_t h)
{
	size_t i = h & (p->size - 1);

	for (; p->slots[i]; i = (i + 1) & (p->size - 1)) {
		uint32_t id = p->slots[i] - 1;
		if (p->hashes[id] == h && p->lens[id] == len &&
		    !memcmp(p->strs[id], s, len))
			break;
	}
	return i;
}

uint32_t kd_intern_find(const struct kd_intern *p, const char *s, size_t len)
{
	size_t i;

	if (!p->size || len >= UINT32_MAX)
		return KD_INTERN_NONE;
	i = probe(p, s, len, kd_fnv1a32(s, len));
	return p->slots[i] ? p->slots[i] - 1 : KD_INTERN_NONE;
}

uint32_t kd_intern_put(struct kd_intern *p, const char *s, size_t len)
{
	uint32_t h, id;
	size_t i;

	if (len >= UINT32_MAX)
		len = UINT32_MAX - 1;
	if ((size_t)(p->nr + 1) * 4 > p->size * 3)
		rehash(p);
	h = kd_fnv1a32(s, len);
	i = probe(p, s, len, h);
	if (p->slots[i])
		return p->slots[i] - 1;
	if (p->nr == KD_INTERN_NONE - 1)
		abort(); /* four billion strings: memory ran out long before */
	if (p->nr == p->alloc) {
		uint32_t alloc = p->alloc ? p->alloc * 2 : 1024;
		p->strs = kd_realloc(p->strs, alloc * sizeof(*p->strs));
		p->lens = kd_realloc(p->lens, alloc * sizeof(*p->lens));
		p->hashes = kd_realloc(p->hashes, alloc * sizeof(*p->hashes));
		p->alloc = alloc;
	}
	id = p->nr++;
	p->strs[id] = copy_in(p, s, len);
	p->lens[id] = (uint32_t)len;
	p->hashes[id] = h;
	p->slots[i] = id + 1;
	return id;
}

uint32_t kd_intern_putstr(struct kd_intern *p, const char *s)
{
	return kd_intern_put(p, s, strlen(s));
}

void kd_intern_release(struct kd_intern *p)
{
	while (p->chunks) {
		struct kd_intern_chunk *next = p->chunks->next;
		free(p->chunks);
		p->chunks = next;
	}
	free(p->strs);
	free(p->lens);
	free(p->hashes);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}
