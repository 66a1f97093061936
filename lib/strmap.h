#ifndef KD_STRMAP_H
#define KD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * A map from strings to indexes (size_t), for counting and looking up
 * people, domains and series: open addressing over FNV-1a hashes.
 * Keys are copied; the map owns them.
 */
struct kd_strmap {
	struct kd_strmap_slot *slots;
	size_t nr, size;
};

#define KD_STRMAP_INIT { NULL, 0, 0 }

#define KD_STRMAP_NONE ((size_t)-1)

/* The value of `key`, or KD_STRMAP_NONE when it is absent. */
size_t kd_strmap_get(const struct kd_strmap *m, const char *key);

/*
 * Add `key` (a copy) with `value` when it is absent, and return `value`;
 * when it is present, return the value it has and change nothing.  So
 * "kd_strmap_put(m, key, n) == n", with an `n` no key has yet, says the
 * key is new.  `value` must not be KD_STRMAP_NONE.
 */
size_t kd_strmap_put(struct kd_strmap *m, const char *key, size_t value);

/* Free the keys and the table; the map is then as KD_STRMAP_INIT left it. */
void kd_strmap_release(struct kd_strmap *m);

/*
 * FNV-1a over `len` bytes, 64 bits wide, going on from `h`
 * (KD_FNV1A_INIT to begin).
 */
#define KD_FNV1A_INIT UINT64_C(14695981039346656037)
uint64_t kd_fnv1a(uint64_t h, const void *data, size_t len);

/*
 * kd_fnv1a() of `len` bytes from KD_FNV1A_INIT, both halves folded into
 * 32 bits: what places a key in the slots of a map here and of an intern
 * pool (intern.h).  Only where a key goes depends on it, not any order.
 */
uint32_t kd_fnv1a32(const void *data, size_t len);

/*
 * A 64-bit fingerprint of `len` bytes read eight at a time, for long
 * strings where only equality matters and no one chooses the input to
 * collide: several times faster than FNV-1a's byte at a time.
 */
uint64_t kd_hash64(const void *data, size_t len);

#endif
