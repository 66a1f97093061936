#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "error.h"

/* gitformat-pack(5) */
#define PACK_HEADER_LEN	 12 /* "PACK", version, object count */
#define PACK_TRAILER_LEN GIT_OID_RAWSZ
#define IDX_HEADER_LEN	 8 /* "\377tOc", version */
#define IDX_FANOUT_LEN	 (256 * 4)
#define IDX_ENTRY_LEN	 (GIT_OID_RAWSZ + 4 + 4) /* name, CRC, offset */
#define IDX_TRAILER_LEN	 (2 * GIT_OID_RAWSZ)	 /* pack's and own sum */
#define IDX_LARGE_OFFSET 0x80000000u
#define IDX_LARGE_ENTRY	 8

enum entry_type {
	ENTRY_COMMIT = 1,
	ENTRY_TREE = 2,
	ENTRY_BLOB = 3,
	ENTRY_TAG = 4,
	ENTRY_OFS_DELTA = 6,
	ENTRY_REF_DELTA = 7,
};

/* An entry header: a size varint and a base offset varint of at most 10
 * bytes each, or the size and a base's id. */
#define ENTRY_HEADER_MAX (10 + GIT_OID_RAWSZ)

/* deflate at its best: a 258-byte match in two bits */
#define DEFLATE_MAX_RATIO 1032
/* the zlib header and Adler-32 around the smallest stream */
#define ZLIB_MIN_LEN 8

/* a delta copies at most this much an instruction */
#define DELTA_COPY_MAX	0xffffffu
#define DELTA_COPY_ZERO 0x10000u /* what a size of 0 means */
/* an entry is inflated into a buffer of the size its header says; one
 * that says more than this goes to libgit2, which allocates as it can
 * (and fails, rather than aborts, where it cannot) */
#define INFLATE_MAX ((size_t)1 << 30)
/* walk_chain(): an entry to leave to libgit2 */
#define HAND_OVER 1
/* a delta's result is allocated up to this at once, then as it grows */
#define DELTA_PREALLOC (16u << 20)

/* what is read at a time when inflating a stream by parts, and of a
 * stream's beginning with its entry's header */
#define STREAM_CHUNK (64u << 10)
#define STREAM_HEAD  1024
/* a prefix of more than 1/PREFIX_WHOLE of an object is not worth zlib's
 * stopping early: libdeflate inflates all of it as fast */
#define PREFIX_WHOLE 2
/* a delta's header: the sizes of its base and its result */
#define DELTA_HEADER_MAX 20
/* a reader's buffers are given back past this, after the object that
 * needed them, so that one large message leaves no large reader */
#define BUF_KEEP (1u << 20)
/* cache entries per hash bucket, on average, when the cache is full of
 * mail-sized objects */
#define CACHE_BUCKET_BYTES (4u << 10)

struct pack {
	char *path; /* of the .pack, for messages */
	int fd;
	uint64_t size;
	unsigned char *idx; /* the whole .idx, mapped */
	size_t idx_size;
	uint32_t nr;
	const unsigned char *fanout, *names, *offsets, *large;
	uint32_t nr_large;
	uint64_t *by_offset; /* entry offsets, ascending: where each ends */
};

struct kd_packs {
	struct pack *packs;
	size_t nr;
};

/* One entry of a delta chain, as read on the way down to its base. */
struct link {
	const struct pack *pack;
	uint64_t off;
	int type;
	size_t size;	   /* inflated, as its header says */
	uint64_t data_off; /* where its zlib stream starts in the pack */
	size_t data;	   /* and in the arena */
	size_t data_len;   /* of it in the arena */
	size_t full_len;   /* of it in the pack */
	uint64_t base;	   /* OFS_DELTA: the base's offset */
	git_oid base_id;   /* REF_DELTA */
};

/* The cache's list, most recently used first. */
struct lru_link {
	struct lru_link *prev, *next;
};

struct cache_entry {
	struct lru_link lru; /* first: an entry is its link */
	struct cache_entry *hash_next;
	const struct pack *pack;
	uint64_t off;
	git_object_t type;
	size_t len;
	unsigned char data[];
};

struct kd_pack_reader {
	struct kd_packs *packs;
	git_odb *odb;
	struct libdeflate_decompressor *inflater;
	z_stream zs;
	int zs_ready;

	struct buf_set {
		struct kd_buf arena;   /* entries as read from the packs */
		struct kd_buf chunk;   /* more of a stream inflated by parts */
		struct kd_buf delta;   /* one inflated delta */
		struct kd_buf work[2]; /* the objects along a chain */
	} bufs;
	struct link *chain;
	size_t chain_alloc;

	struct cache_entry **buckets;
	size_t nr_buckets;   /* a power of two */
	size_t nr_entries;   /* at most two a bucket (grow_buckets()) */
	struct lru_link lru; /* list head */
	size_t cache_used, cache_max;

	struct kd_pack_stats stats;
};

static int delta_varint(const unsigned char **p, const unsigned char *end,
			size_t *out);

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (!n)
			errno = 0; /* the end of the file */
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Sort `v` ascending, as git sorts its reverse index: by bytes, least
 * significant first, only as many passes as the largest offset needs. */
static void radix_sort(uint64_t *v, size_t n)
{
	uint64_t *tmp = kd_malloc(n * sizeof(*tmp)), *from = v, *to = tmp;
	uint64_t max = 0;
	unsigned shift;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (shift = 0; shift < 64 && max >> shift; shift += 8) {
		size_t count[257] = {0};
		uint64_t *swap;

		for (i = 0; i < n; i++)
			count[((from[i] >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			to[count[(from[i] >> shift) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
}

static void pack_release(struct pack *p)
{
	if (p->idx)
		munmap(p->idx, p->idx_size);
	if (p->fd >= 0)
		close(p->fd);
	free(p->by_offset);
	free(p->path);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

/* Map the .idx and check its frame; 0, or -1 for one to leave out. */
static int idx_map(struct pack *p, const char *idx_path)
{
	static const unsigned char magic[4] = {0xff, 't', 'O', 'c'};
	uint64_t min_size;
	struct stat st;
	uint32_t prev = 0;
	int fd, i;

	fd = open(idx_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) ||
	    st.st_size < IDX_HEADER_LEN + IDX_FANOUT_LEN + IDX_TRAILER_LEN) {
		close(fd);
		return -1;
	}
	p->idx_size = (size_t)st.st_size;
	p->idx = mmap(NULL, p->idx_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p->idx == MAP_FAILED) {
		p->idx = NULL;
		return -1;
	}
	if (memcmp(p->idx, magic, sizeof(magic)) || get_be32(p->idx + 4) != 2)
		return -1;
	p->fanout = p->idx + IDX_HEADER_LEN;
	for (i = 0; i < 256; i++) {
		uint32_t n = get_be32(p->fanout + 4 * i);

		if (n < prev)
			return -1;
		prev = n;
	}
	p->nr = prev;
	min_size = IDX_HEADER_LEN + IDX_FANOUT_LEN +
		   (uint64_t)p->nr * IDX_ENTRY_LEN + IDX_TRAILER_LEN;
	if (p->idx_size < min_size ||
	    (p->idx_size - min_size) % IDX_LARGE_ENTRY ||
	    (p->idx_size - min_size) / IDX_LARGE_ENTRY > p->nr)
		return -1;
	p->nr_large = (uint32_t)((p->idx_size - min_size) / IDX_LARGE_ENTRY);
	p->names = p->fanout + IDX_FANOUT_LEN;
	p->offsets = p->names + (size_t)p->nr * (GIT_OID_RAWSZ + 4);
	p->large = p->offsets + (size_t)p->nr * 4;
	return 0;
}

static uint64_t idx_offset(const struct pack *p, uint32_t i)
{
	uint32_t o = get_be32(p->offsets + 4 * (size_t)i);

	if (!(o & IDX_LARGE_OFFSET))
		return o;
	/* checked at open: in the table */
	o &= ~IDX_LARGE_OFFSET;
	return get_be64(p->large + IDX_LARGE_ENTRY * (size_t)o);
}

/* The .pack beside the .idx, checked against it. */
static int pack_check(struct pack *p)
{
	unsigned char head[PACK_HEADER_LEN], sum[PACK_TRAILER_LEN];
	struct stat st;
	uint32_t version, i;

	p->fd = open(p->path, O_RDONLY | O_CLOEXEC);
	if (p->fd < 0 || fstat(p->fd, &st))
		return -1;
	p->size = (uint64_t)st.st_size;
	if (p->size < PACK_HEADER_LEN + PACK_TRAILER_LEN ||
	    pread_full(p->fd, head, sizeof(head), 0) ||
	    pread_full(p->fd, sum, sizeof(sum), p->size - sizeof(sum)))
		return -1;
	version = get_be32(head + 4);
	if (memcmp(head, "PACK", 4) || (version != 2 && version != 3) ||
	    get_be32(head + 8) != p->nr ||
	    memcmp(sum, p->idx + p->idx_size - IDX_TRAILER_LEN, sizeof(sum)))
		return -1;

	p->by_offset = kd_malloc((size_t)p->nr * sizeof(uint64_t));
	for (i = 0; i < p->nr; i++) {
		uint32_t o = get_be32(p->offsets + 4 * (size_t)i);
		uint64_t off;

		if ((o & IDX_LARGE_OFFSET) &&
		    (o & ~IDX_LARGE_OFFSET) >= p->nr_large)
			return -1;
		off = idx_offset(p, i);
		if (off < PACK_HEADER_LEN || off >= p->size - PACK_TRAILER_LEN)
			return -1;
		p->by_offset[i] = off;
	}
	radix_sort(p->by_offset, p->nr);
	for (i = 1; i < p->nr; i++)
		if (p->by_offset[i] == p->by_offset[i - 1])
			return -1;
	return 0;
}

static int pack_open(struct pack *p, const char *dir, const char *idx_name)
{
	size_t stem = strlen(idx_name) - strlen(".idx");
	struct kd_buf path = KD_BUF_INIT;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	kd_buf_addf(&path, "%s/%s", dir, idx_name);
	if (idx_map(p, path.buf)) {
		kd_buf_release(&path);
		pack_release(p);
		return -1;
	}
	kd_buf_reset(&path);
	kd_buf_addf(&path, "%s/%.*s.pack", dir, (int)stem, idx_name);
	p->path = kd_buf_detach(&path, NULL);
	if (pack_check(p)) {
		pack_release(p);
		return -1;
	}
	return 0;
}

static int cmp_pack_size(const void *a, const void *b)
{
	const struct pack *x = a, *y = b;

	return x->nr < y->nr ? 1 : x->nr > y->nr ? -1 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

int kd_packs_open(struct kd_packs **out, git_repository *repo)
{
	struct kd_packs *packs = kd_calloc(1, sizeof(*packs));
	struct kd_buf dir = KD_BUF_INIT;
	size_t alloc = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	kd_buf_addf(&dir, "%sobjects/pack", git_repository_commondir(repo));
	d = opendir(dir.buf);
	if (!d && errno != ENOENT) {
		kd_error_set("cannot list '%s': %s", dir.buf, strerror(errno));
		kd_buf_release(&dir);
		free(packs);
		return KD_ERROR;
	}
	while (d && (de = readdir(d))) {
		if (!ends_with(de->d_name, ".idx"))
			continue;
		KD_ALLOC_GROW(packs->packs, packs->nr + 1, alloc);
		if (!pack_open(&packs->packs[packs->nr], dir.buf, de->d_name))
			packs->nr++;
	}
	if (d)
		closedir(d);
	kd_buf_release(&dir);
	/* the pack with most objects first: most lookups end there */
	KD_QSORT(packs->packs, packs->nr, cmp_pack_size);
	*out = packs;
	return 0;
}

size_t kd_packs_count(const struct kd_packs *packs)
{
	return packs->nr;
}

void kd_packs_free(struct kd_packs *packs)
{
	size_t i;

	if (!packs)
		return;
	for (i = 0; i < packs->nr; i++)
		pack_release(&packs->packs[i]);
	free(packs->packs);
	free(packs);
}

/* Where `id` is in `p`: 0 with its offset, or -1. */
static int pack_find(const struct pack *p, const git_oid *id, uint64_t *off)
{
	uint32_t lo = id->id[0] ? get_be32(p->fanout + 4 * (id->id[0] - 1)) : 0;
	uint32_t hi = get_be32(p->fanout + 4 * id->id[0]);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(id->id, p->names + (size_t)mid * GIT_OID_RAWSZ,
			       GIT_OID_RAWSZ);

		if (!c) {
			*off = idx_offset(p, mid);
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static const struct pack *packs_find(const struct kd_packs *packs,
				     const struct pack *first,
				     const git_oid *id, uint64_t *off)
{
	size_t i;

	if (first && !pack_find(first, id, off))
		return first;
	for (i = 0; i < packs->nr; i++)
		if (&packs->packs[i] != first &&
		    !pack_find(&packs->packs[i], id, off))
			return &packs->packs[i];
	return NULL;
}

/* The end of the entry at `off`: where the next begins, or the trailer.
 * 0 when no entry begins at `off`. */
static uint64_t entry_end(const struct pack *p, uint64_t off)
{
	size_t lo = 0, hi = p->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->by_offset[mid] == off)
			return mid + 1 < p->nr ? p->by_offset[mid + 1]
					       : p->size - PACK_TRAILER_LEN;
		if (p->by_offset[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int corrupt(const struct pack *p, uint64_t off, const char *what)
{
	kd_error_set("corrupt pack '%s': the entry at offset %llu %s", p->path,
		     (unsigned long long)off, what);
	return KD_ERROR;
}

static int read_error(const struct pack *p, uint64_t off)
{
	kd_error_set("cannot read pack '%s' at offset %llu: %s", p->path,
		     (unsigned long long)off,
		     errno ? strerror(errno) : "the file is cut short");
	return KD_ERROR;
}

/*
 * Read the entry at `off` (its first `limit` bytes at most) to the end of
 * the arena and parse its header into `l`.
 */
static int load_link(struct kd_pack_reader *r, const struct pack *p,
		     uint64_t off, size_t limit, struct link *l)
{
	struct kd_buf *arena = &r->bufs.arena;
	uint64_t end = entry_end(p, off), full;
	const unsigned char *h, *hend;
	size_t n, pos = arena->len;
	unsigned shift = 4;
	unsigned c;

	if (!end)
		return corrupt(p, off, "is not in the index");
	full = end - off;
	n = full < limit ? (size_t)full : limit;
	kd_buf_grow(arena, n);
	if (pread_full(p->fd, arena->buf + pos, n, off))
		return read_error(p, off);
	kd_buf_setlen(arena, pos + n);
	h = (const unsigned char *)arena->buf + pos;
	hend = h + n;

	memset(l, 0, sizeof(*l));
	l->pack = p;
	l->off = off;
	c = *h++;
	l->type = (c >> 4) & 7;
	l->size = c & 15;
	while (c & 0x80) {
		if (h == hend || shift > 63)
			return corrupt(p, off, "has a bad size");
		c = *h++;
		if (((uint64_t)(c & 0x7f) << shift >> shift) != (c & 0x7f) ||
		    ((uint64_t)(c & 0x7f) << shift) > SIZE_MAX)
			return corrupt(p, off, "has a bad size");
		l->size |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	}
	switch (l->type) {
	case ENTRY_COMMIT:
	case ENTRY_TREE:
	case ENTRY_BLOB:
	case ENTRY_TAG:
		break;
	case ENTRY_OFS_DELTA: {
		/* each byte past the first adds one: git's encoding */
		uint64_t rel;

		if (h == hend)
			return corrupt(p, off, "is cut short");
		c = *h++;
		rel = c & 0x7f;
		while (c & 0x80) {
			if (h == hend || rel >= (UINT64_MAX >> 7) - 1)
				return corrupt(p, off, "has a bad base offset");
			c = *h++;
			rel = ((rel + 1) << 7) | (c & 0x7f);
		}
		if (!rel || rel > off)
			return corrupt(p, off, "has a bad base offset");
		l->base = off - rel;
		break;
	}
	case ENTRY_REF_DELTA:
		if ((size_t)(hend - h) < GIT_OID_RAWSZ)
			return corrupt(p, off, "is cut short");
		git_oid_fromraw(&l->base_id, h);
		h += GIT_OID_RAWSZ;
		break;
	default:
		return corrupt(p, off, "has an unknown type");
	}
	l->data = (size_t)(h - (const unsigned char *)arena->buf);
	l->data_off = off + (l->data - pos);
	l->data_len = (size_t)(hend - h);
	l->full_len = (size_t)full - (l->data - pos);
	if (l->full_len < ZLIB_MIN_LEN ||
	    l->size / DEFLATE_MAX_RATIO > l->full_len)
		return corrupt(p, off, "is too short for its size");
	return 0;
}

static int is_delta(int type)
{
	return type == ENTRY_OFS_DELTA || type == ENTRY_REF_DELTA;
}

/* Inflate the whole of `l` (read whole) into `dst`, `l->size` bytes. */
static int inflate_link(struct kd_pack_reader *r, const struct link *l,
			struct kd_buf *dst)
{
	enum libdeflate_result res;

	kd_buf_reset(dst);
	kd_buf_grow(dst, l->size);
	res = libdeflate_zlib_decompress(r->inflater,
					 r->bufs.arena.buf + l->data,
					 l->data_len, dst->buf, l->size, NULL);
	if (res == LIBDEFLATE_SHORT_OUTPUT)
		return corrupt(l->pack, l->off, "inflates short of its size");
	if (res == LIBDEFLATE_INSUFFICIENT_SPACE)
		return corrupt(l->pack, l->off, "inflates past its size");
	if (res != LIBDEFLATE_SUCCESS)
		return corrupt(l->pack, l->off, "does not inflate");
	kd_buf_setlen(dst, l->size);
	r->stats.inflated++;
	return 0;
}

/*
 * Inflate the first `want` bytes (at most its size) of `l` into `dst`
 * with zlib, which can stop there: from what the arena holds of the
 * entry, then from the pack a chunk at a time.
 */
static int inflate_link_prefix(struct kd_pack_reader *r, const struct link *l,
			       size_t want, struct kd_buf *dst)
{
	uint64_t next = l->data_off + l->data_len; /* not in the arena */
	uint64_t end = l->data_off + l->full_len;
	z_stream *zs = &r->zs;
	int ret;

	if (want > l->size)
		want = l->size;
	if (!r->zs_ready) {
		if (inflateInit(zs) != Z_OK) {
			kd_error_set("cannot start zlib");
			return KD_ERROR;
		}
		r->zs_ready = 1;
	} else if (inflateReset(zs) != Z_OK) {
		kd_error_set("cannot restart zlib");
		return KD_ERROR;
	}
	kd_buf_reset(dst);
	kd_buf_grow(dst, want);
	zs->next_out = (unsigned char *)dst->buf;
	zs->avail_out = (uInt)want;
	zs->next_in = (unsigned char *)r->bufs.arena.buf + l->data;
	zs->avail_in = (uInt)l->data_len;
	while (zs->avail_out) {
		if (!zs->avail_in) {
			size_t more = end - next < STREAM_CHUNK
					      ? (size_t)(end - next)
					      : STREAM_CHUNK;
			struct kd_buf *chunk = &r->bufs.chunk;

			if (!more)
				return corrupt(l->pack, l->off,
					       "inflates short of its size");
			kd_buf_reset(chunk);
			kd_buf_grow(chunk, more);
			if (pread_full(l->pack->fd, chunk->buf, more, next))
				return read_error(l->pack, next);
			next += more;
			zs->next_in = (unsigned char *)chunk->buf;
			zs->avail_in = (uInt)more;
		}
		ret = inflate(zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END && zs->avail_out)
			return corrupt(l->pack, l->off,
				       "inflates short of its size");
		if (ret == Z_STREAM_END)
			break;
		/* Z_BUF_ERROR is no progress: only for want of input */
		if ((ret != Z_OK && ret != Z_BUF_ERROR) ||
		    (ret == Z_BUF_ERROR && zs->avail_in))
			return corrupt(l->pack, l->off, "does not inflate");
	}
	kd_buf_setlen(dst, want);
	r->stats.inflated++;
	return 0;
}

/*
 * The delta-base cache: objects met along chains, keyed by pack and
 * offset, the least recently used given up first.
 */
static size_t cache_hash(const struct kd_pack_reader *r, const struct pack *p,
			 uint64_t off)
{
	uint64_t h = (off ^ (uint64_t)(uintptr_t)p) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & (r->nr_buckets - 1);
}

static void lru_unlink(struct lru_link *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

static void lru_push(struct kd_pack_reader *r, struct lru_link *e)
{
	e->next = r->lru.next;
	e->prev = &r->lru;
	r->lru.next->prev = e;
	r->lru.next = e;
}

static struct cache_entry *cache_find(const struct kd_pack_reader *r,
				      const struct pack *p, uint64_t off)
{
	struct cache_entry *e;

	if (!r->nr_buckets)
		return NULL;
	for (e = r->buckets[cache_hash(r, p, off)]; e; e = e->hash_next)
		if (e->pack == p && e->off == off)
			return e;
	return NULL;
}

/* A hit is the most recently used, and counted. */
static struct cache_entry *cache_get(struct kd_pack_reader *r,
				     const struct pack *p, uint64_t off)
{
	struct cache_entry *e = cache_find(r, p, off);

	if (e) {
		lru_unlink(&e->lru);
		lru_push(r, &e->lru);
		r->stats.cache_hits++;
	}
	return e;
}

static void cache_drop(struct kd_pack_reader *r, struct cache_entry *e)
{
	struct cache_entry **pp = &r->buckets[cache_hash(r, e->pack, e->off)];

	while (*pp != e)
		pp = &(*pp)->hash_next;
	*pp = e->hash_next;
	lru_unlink(&e->lru);
	r->cache_used -= sizeof(*e) + e->len;
	r->nr_entries--;
	free(e);
}

/*
 * Twice the buckets, once the entries are twice as many: a cache of small
 * objects (a walk's commits and trees) has a hundred times more entries
 * than one of mail, in the same bytes.
 */
static void grow_buckets(struct kd_pack_reader *r)
{
	size_t nr = r->nr_buckets * 2, i;
	struct cache_entry **old = r->buckets;
	size_t old_nr = r->nr_buckets;

	r->buckets = kd_calloc(nr, sizeof(*r->buckets));
	r->nr_buckets = nr;
	for (i = 0; i < old_nr; i++) {
		struct cache_entry *e = old[i], *next;

		for (; e; e = next) {
			size_t h = cache_hash(r, e->pack, e->off);

			next = e->hash_next;
			e->hash_next = r->buckets[h];
			r->buckets[h] = e;
		}
	}
	free(old);
}

/* Keep a copy; an object of more than a quarter of the cache would push
 * out too many others to be worth it. */
static void cache_put(struct kd_pack_reader *r, const struct pack *p,
		      uint64_t off, git_object_t type, const struct kd_buf *obj)
{
	size_t cost = sizeof(struct cache_entry) + obj->len;
	struct cache_entry *e;
	size_t h;

	if (!r->nr_buckets || cost > r->cache_max / 4 || cache_find(r, p, off))
		return;
	while (r->cache_used + cost > r->cache_max)
		cache_drop(r, (struct cache_entry *)r->lru.prev);
	e = kd_malloc(cost);
	e->pack = p;
	e->off = off;
	e->type = type;
	e->len = obj->len;
	memcpy(e->data, obj->buf, obj->len);
	if (++r->nr_entries > 2 * r->nr_buckets)
		grow_buckets(r);
	h = cache_hash(r, p, off);
	e->hash_next = r->buckets[h];
	r->buckets[h] = e;
	lru_push(r, &e->lru);
	r->cache_used += cost;
}

static void cache_clear(struct kd_pack_reader *r)
{
	while (r->lru.next != &r->lru)
		cache_drop(r, (struct cache_entry *)r->lru.next);
}

/* Objects no pack of ours holds, through libgit2. */
static int git_failure(int err, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	if (err == GIT_ENOTFOUND) {
		kd_error_set("object %s not found", hex);
		return KD_ENOTFOUND;
	}
	kd_error_from_git(NULL);
	{
		char why[512];

		snprintf(why, sizeof(why), "%s", kd_error_last());
		kd_error_set("cannot read object %s: %s", hex, why);
	}
	return KD_ERROR;
}

static int git_read(struct kd_pack_reader *r, const git_oid *id,
		    git_object_t *type, struct kd_buf *out)
{
	git_odb_object *obj;
	int err;

	r->stats.fallbacks++;
	err = git_odb_read(&obj, r->odb, id);
	if (err)
		return git_failure(err, id);
	*type = git_odb_object_type(obj);
	kd_buf_reset(out);
	kd_buf_add(out, git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	return 0;
}

/* What a chain of deltas is built on. */
enum base_kind {
	BASE_ENTRY,  /* its last link, stored whole */
	BASE_CACHED, /* an object of the cache */
	BASE_GIT,    /* a REF_DELTA's base no pack holds */
};

struct chain_base {
	enum base_kind kind;
	struct cache_entry *cached;
	git_oid id;
};

/*
 * Walk from the entry at `off` down its chain of deltas, in a loop, to
 * what the chain is built on, reading each entry (its first `limit` bytes)
 * into the arena and r->chain[0 .. *nr - 1], the entry asked for first.
 * A cached object ends the walk, even the one asked for (*nr is then 0).
 * Returns 0, an error, or HAND_OVER for a chain too large to inflate.
 */
static int walk_chain(struct kd_pack_reader *r, const struct pack *p,
		      uint64_t off, size_t limit, size_t *nr,
		      struct chain_base *base)
{
	size_t n = 0;
	int err;

	kd_buf_reset(&r->bufs.arena);
	*nr = 0;
	for (;;) {
		struct link *l;

		base->cached = cache_get(r, p, off);
		if (base->cached) {
			base->kind = BASE_CACHED;
			break;
		}
		if (n > KD_PACK_MAX_DEPTH)
			return corrupt(p, off,
				       "ends a chain of too many deltas");
		KD_ALLOC_GROW(r->chain, n + 1, r->chain_alloc);
		l = &r->chain[n];
		err = load_link(r, p, off, limit, l);
		if (err)
			return err;
		if (limit == SIZE_MAX && l->size > INFLATE_MAX)
			return HAND_OVER;
		n++;
		if (!is_delta(l->type)) {
			base->kind = BASE_ENTRY;
			break;
		}
		if (l->type == ENTRY_OFS_DELTA) {
			off = l->base;
			continue;
		}
		p = packs_find(r->packs, p, &l->base_id, &off);
		if (!p) {
			base->kind = BASE_GIT;
			git_oid_cpy(&base->id, &l->base_id);
			break;
		}
	}
	*nr = n;
	return 0;
}

static int bad_delta(const struct link *l)
{
	char what[600];

	snprintf(what, sizeof(what), "is a bad delta: %s", kd_error_last());
	return corrupt(l->pack, l->off, what);
}

/*
 * Build the object at the top of the chain walk_chain() read into `out`:
 * its base, then each delta applied in turn, the objects on the way put
 * in the cache.  The two work buffers take turns as base and result.
 */
static int build(struct kd_pack_reader *r, size_t n,
		 const struct chain_base *base, git_object_t *type,
		 struct kd_buf *out)
{
	const unsigned char *cur;
	size_t cur_len, i = n;
	struct kd_buf *dst;
	int w = 0, err;

	switch (base->kind) {
	case BASE_CACHED:
		*type = base->cached->type;
		cur = base->cached->data;
		cur_len = base->cached->len;
		if (!n) {
			kd_buf_reset(out);
			kd_buf_add(out, cur, cur_len);
			return 0;
		}
		break;
	case BASE_ENTRY:
		i = n - 1;
		dst = i ? &r->bufs.work[w] : out;
		err = inflate_link(r, &r->chain[i], dst);
		if (err)
			return err;
		*type = (git_object_t)r->chain[i].type;
		if (i)
			cache_put(r, r->chain[i].pack, r->chain[i].off, *type,
				  dst);
		cur = (const unsigned char *)dst->buf;
		cur_len = dst->len;
		w ^= 1;
		break;
	case BASE_GIT:
	default:
		dst = &r->bufs.work[w];
		err = git_read(r, &base->id, type, dst);
		/* the object is there: it is its base that is not */
		if (err == KD_ENOTFOUND)
			return corrupt(r->chain[n - 1].pack,
				       r->chain[n - 1].off,
				       "is a delta on an object not found");
		if (err)
			return err;
		cur = (const unsigned char *)dst->buf;
		cur_len = dst->len;
		w ^= 1;
		break;
	}
	while (i--) {
		const struct link *l = &r->chain[i];

		dst = i ? &r->bufs.work[w] : out;
		err = inflate_link(r, l, &r->bufs.delta);
		if (err)
			return err;
		if (kd_pack_apply_delta(
			    dst, cur, cur_len,
			    (const unsigned char *)r->bufs.delta.buf,
			    r->bufs.delta.len))
			return bad_delta(l);
		if (i)
			cache_put(r, l->pack, l->off, *type, dst);
		cur = (const unsigned char *)dst->buf;
		cur_len = dst->len;
		w ^= 1;
	}
	return 0;
}

/* Give back what one large object made large. */
static void trim_bufs(struct kd_pack_reader *r)
{
	struct kd_buf *all[] = {&r->bufs.arena, &r->bufs.chunk, &r->bufs.delta,
				&r->bufs.work[0], &r->bufs.work[1]};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(*all); i++)
		if (all[i]->alloc > BUF_KEEP)
			kd_buf_release(all[i]);
}

static int read_packed(struct kd_pack_reader *r, const git_oid *id,
		       const struct pack *p, uint64_t off, git_object_t *type,
		       struct kd_buf *out)
{
	struct chain_base base;
	size_t n;
	int err;

	err = walk_chain(r, p, off, SIZE_MAX, &n, &base);
	if (err == HAND_OVER) {
		trim_bufs(r);
		return git_read(r, id, type, out);
	}
	if (!err)
		err = build(r, n, &base, type, out);
	/* the object itself too: in a pack written in history order, as
	 * public-inbox's are, the next message read is often its delta */
	if (!err && n)
		cache_put(r, p, off, *type, out);
	trim_bufs(r);
	return err;
}

int kd_pack_read(struct kd_pack_reader *r, const git_oid *id,
		 git_object_t *type, struct kd_buf *out)
{
	const struct pack *p;
	uint64_t off;

	r->stats.reads++;
	p = packs_find(r->packs, NULL, id, &off);
	if (!p)
		return git_read(r, id, type, out);
	return read_packed(r, id, p, off, type, out);
}

int kd_pack_read_prefix(struct kd_pack_reader *r, const git_oid *id,
			size_t want, git_object_t *type, size_t *size,
			struct kd_buf *out)
{
	struct cache_entry *cached;
	const struct pack *p;
	struct link l;
	uint64_t off;
	int err;

	r->stats.reads++;
	p = packs_find(r->packs, NULL, id, &off);
	if (!p) {
		err = git_read(r, id, type, out);
		goto whole;
	}
	cached = cache_get(r, p, off);
	if (cached) {
		*type = cached->type;
		kd_buf_reset(out);
		kd_buf_add(out, cached->data, cached->len);
		err = 0;
		goto whole;
	}
	/* as much of the entry as `want` would take stored whole, roughly:
	 * the stream reads on if that is not enough */
	kd_buf_reset(&r->bufs.arena);
	err = load_link(r, p, off, ENTRY_HEADER_MAX + want / 2 + STREAM_HEAD,
			&l);
	if (err)
		goto done;
	if (is_delta(l.type) || want >= l.size / PREFIX_WHOLE ||
	    want > UINT32_MAX / 2) {
		err = read_packed(r, id, p, off, type, out);
		goto whole;
	}
	*type = (git_object_t)l.type;
	if (size)
		*size = l.size;
	err = inflate_link_prefix(r, &l, want, out);
	goto done;

whole:
	if (!err && size)
		*size = out->len;
done:
	trim_bufs(r);
	return err;
}

/* The size a delta gives its result: its second varint. */
static int delta_result_size(struct kd_pack_reader *r, struct link *l,
			     size_t *size)
{
	const unsigned char *p, *end;
	size_t base_size;
	int err;

	err = inflate_link_prefix(r, l, DELTA_HEADER_MAX, &r->bufs.delta);
	if (err)
		return err;
	p = (const unsigned char *)r->bufs.delta.buf;
	end = p + r->bufs.delta.len;
	if (delta_varint(&p, end, &base_size) || delta_varint(&p, end, size))
		return corrupt(l->pack, l->off, "is a bad delta: cut short");
	return 0;
}

int kd_pack_read_header(struct kd_pack_reader *r, const git_oid *id,
			git_object_t *type, size_t *size)
{
	struct chain_base base;
	const struct pack *p;
	uint64_t off;
	size_t n, ignored;
	int err;

	r->stats.reads++;
	p = packs_find(r->packs, NULL, id, &off);
	if (!p) {
		r->stats.fallbacks++;
		err = git_odb_read_header(size, type, r->odb, id);
		return err ? git_failure(err, id) : 0;
	}
	err = walk_chain(r, p, off, ENTRY_HEADER_MAX + STREAM_HEAD, &n, &base);
	if (err)
		goto done;
	switch (base.kind) {
	case BASE_CACHED:
		*type = base.cached->type;
		break;
	case BASE_ENTRY:
		*type = (git_object_t)r->chain[n - 1].type;
		break;
	case BASE_GIT:
	default:
		r->stats.fallbacks++;
		err = git_odb_read_header(&ignored, type, r->odb, &base.id);
		if (err) {
			err = git_failure(err, &base.id);
			goto done;
		}
		break;
	}
	if (!n)
		*size = base.cached->len;
	else if (!is_delta(r->chain[0].type))
		*size = r->chain[0].size;
	else
		err = delta_result_size(r, &r->chain[0], size);
done:
	trim_bufs(r);
	return err;
}

static int delta_varint(const unsigned char **p, const unsigned char *end,
			size_t *out)
{
	size_t v = 0;
	unsigned shift = 0;
	unsigned c;

	do {
		if (*p == end || shift > 63)
			return -1;
		c = *(*p)++;
		if (((uint64_t)(c & 0x7f) << shift >> shift) != (c & 0x7f) ||
		    ((uint64_t)(c & 0x7f) << shift) > SIZE_MAX)
			return -1;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	*out = v;
	return 0;
}

int kd_pack_apply_delta(struct kd_buf *out, const unsigned char *base,
			size_t base_len, const unsigned char *delta,
			size_t delta_len)
{
	const unsigned char *p = delta, *end = delta + delta_len;
	size_t src_size, dst_size, per_byte, left;

	if (delta_varint(&p, end, &src_size) ||
	    delta_varint(&p, end, &dst_size)) {
		kd_error_set("its header is cut short");
		return KD_ERROR;
	}
	if (src_size != base_len) {
		kd_error_set("it is for a base of %zu bytes, not %zu", src_size,
			     base_len);
		return KD_ERROR;
	}
	/* an instruction of one byte or more makes at most this much of
	 * the result: a size no delta of this length can make is refused
	 * before anything is allocated for it */
	per_byte = base_len < DELTA_COPY_MAX ? base_len : DELTA_COPY_MAX;
	if (per_byte < 1)
		per_byte = 1;
	left = (size_t)(end - p);
	if (dst_size && (!left || (dst_size - 1) / per_byte >= left)) {
		kd_error_set("it cannot make the %zu bytes it says", dst_size);
		return KD_ERROR;
	}
	/* and what may still be a lie is not allocated all at once */
	kd_buf_reset(out);
	kd_buf_grow(out, dst_size < DELTA_PREALLOC ? dst_size : DELTA_PREALLOC);
	while (p < end) {
		unsigned op = *p++;
		size_t off = 0, len = 0;
		unsigned i;

		if (op & 0x80) {
			/* copy: bits 0-3 say which offset bytes follow,
			 * bits 4-6 which size bytes */
			for (i = 0; i < 7; i++) {
				if (!(op & (1u << i)))
					continue;
				if (p == end) {
					kd_error_set("a copy is cut short");
					return KD_ERROR;
				}
				if (i < 4)
					off |= (size_t)*p++ << (8 * i);
				else
					len |= (size_t)*p++ << (8 * (i - 4));
			}
			if (!len)
				len = DELTA_COPY_ZERO;
			if (off > base_len || len > base_len - off) {
				kd_error_set("a copy of %zu bytes at %zu is "
					     "out of its base of %zu",
					     len, off, base_len);
				return KD_ERROR;
			}
			if (len > dst_size - out->len)
				goto too_long;
			kd_buf_add(out, base + off, len);
		} else if (op) {
			/* insert: the next `op` bytes */
			if (op > (size_t)(end - p)) {
				kd_error_set("an insert is cut short");
				return KD_ERROR;
			}
			if (op > dst_size - out->len)
				goto too_long;
			kd_buf_add(out, p, op);
			p += op;
		} else {
			kd_error_set("it holds the reserved instruction 0");
			return KD_ERROR;
		}
	}
	if (out->len != dst_size) {
		kd_error_set("it makes %zu bytes, not the %zu it says",
			     out->len, dst_size);
		return KD_ERROR;
	}
	return 0;

too_long:
	kd_error_set("it makes more than the %zu bytes it says", dst_size);
	return KD_ERROR;
}

int kd_pack_reader_new(struct kd_pack_reader **out, struct kd_packs *packs,
		       git_repository *repo, size_t cache_bytes)
{
	struct kd_pack_reader *r = kd_calloc(1, sizeof(*r));
	git_repository *own;
	struct kd_buf empty = KD_BUF_INIT;

	*out = NULL;
	r->packs = packs;
	r->bufs.arena = r->bufs.chunk = r->bufs.delta = empty;
	r->bufs.work[0] = r->bufs.work[1] = empty;
	r->lru.next = r->lru.prev = &r->lru;
	r->inflater = libdeflate_alloc_decompressor();
	if (!r->inflater) {
		kd_error_set("cannot make an inflater");
		kd_pack_reader_free(r);
		return KD_ERROR;
	}
	/* a handle of its own: libgit2 objects stay with one thread */
	if (git_repository_open_bare(&own, git_repository_path(repo))) {
		kd_error_from_git("cannot open the repository");
		kd_pack_reader_free(r);
		return KD_ERROR;
	}
	if (git_repository_odb(&r->odb, own)) {
		kd_error_from_git("cannot open the object database");
		git_repository_free(own);
		kd_pack_reader_free(r);
		return KD_ERROR;
	}
	git_repository_free(own);
	if (cache_bytes) {
		r->nr_buckets = 16;
		while (r->nr_buckets < cache_bytes / CACHE_BUCKET_BYTES)
			r->nr_buckets *= 2;
		r->buckets = kd_calloc(r->nr_buckets, sizeof(*r->buckets));
		r->cache_max = cache_bytes;
	}
	*out = r;
	return 0;
}

void kd_pack_reader_stats(struct kd_pack_stats *out,
			  const struct kd_pack_reader *r)
{
	*out = r->stats;
}

void kd_pack_reader_free(struct kd_pack_reader *r)
{
	if (!r)
		return;
	cache_clear(r);
	free(r->buckets);
	free(r->chain);
	kd_buf_release(&r->bufs.arena);
	kd_buf_release(&r->bufs.chunk);
	kd_buf_release(&r->bufs.delta);
	kd_buf_release(&r->bufs.work[0]);
	kd_buf_release(&r->bufs.work[1]);
	if (r->zs_ready)
		inflateEnd(&r->zs);
	if (r->inflater)
		libdeflate_free_decompressor(r->inflater);
	git_odb_free(r->odb);
	free(r);
}
