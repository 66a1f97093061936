#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct kd_strmap_slot {
	char *key;
	uint32_t hash;
	size_t value;
};

uint64_t kd_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

uint64_t kd_hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
	return h ^ (h >> 29);
}

uint32_t kd_fnv1a32(const void *data, size_t len)
{
	uint64_t h = kd_fnv1a(KD_FNV1A_INIT, data, len);

	return (uint32_t)(h ^ (h >> 32));
}

static void insert_slot(struct kd_strmap_slot *slots, size_t size,
			struct kd_strmap_slot *s)
{
	size_t i = s->hash & (size - 1);

	while (slots[i].key)
		i = (i + 1) & (size - 1);
	slots[i] = *s;
}

static void grow(struct kd_strmap *m)
{
	size_t size = m->size ? m->size * 2 : 64, i;
	struct kd_strmap_slot *slots = kd_calloc(size, sizeof(*slots));

	for (i = 0; i < m->size; i++)
		if (m->slots[i].key)
			insert_slot(slots, size, &m->slots[i]);
	free(m->slots);
	m->slots = slots;
	m->size = size;
}

static size_t find(const struct kd_strmap *m, const char *key, uint32_t h)
{
	size_t i;

	if (!m->size)
		return KD_STRMAP_NONE;
	for (i = h & (m->size - 1); m->slots[i].key;
	     i = (i + 1) & (m->size - 1))
		if (m->slots[i].hash == h && !strcmp(m->slots[i].key, key))
			return m->slots[i].value;
	return KD_STRMAP_NONE;
}

size_t kd_strmap_get(const struct kd_strmap *m, const char *key)
{
	return find(m, key, kd_fnv1a32(key, strlen(key)));
}

size_t kd_strmap_put(struct kd_strmap *m, const char *key, size_t value)
{
	uint32_t h = kd_fnv1a32(key, strlen(key));
	size_t have = find(m, key, h);
	struct kd_strmap_slot s;

	if (have != KD_STRMAP_NONE)
		return have;
	if ((m->nr + 1) * 4 > m->size * 3)
		grow(m);
	s.key = kd_strdup(key);
	s.hash = h;
	s.value = value;
	insert_slot(m->slots, m->size, &s);
	m->nr++;
	return value;
}

void kd_strmap_release(struct kd_strmap *m)
{
	size_t i;

	for (i = 0; i < m->size; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->nr = m->size = 0;
}
