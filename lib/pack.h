#ifndef KD_PACK_H
#define KD_PACK_H

#include <git2.h>
#include <stddef.h>

#include "buf.h"

/*
 * Reading objects straight from a repository's pack files
 * (gitformat-pack(5): packs of version 2 and 3, .idx of version 2 with
 * 64-bit offsets, OFS_DELTA and REF_DELTA entries), inflated with
 * libdeflate, which is about twice as fast as zlib on mail-sized
 * objects.  libgit2 has neither another inflater nor a read of part of
 * an object; it stays the reader of everything the packs do not hold
 * (loose objects, alternates, a pack written since kd_packs_open()).
 *
 * Two levels, for threads:
 *
 *  - `struct kd_packs`: the packs of one repository, opened once, then
 *    only read: any number of threads may read through it at once.  It
 *    must outlive every reader made from it.
 *
 *  - `struct kd_pack_reader`: what one thread reads with: its own
 *    inflaters, delta-base cache, buffers and libgit2 repository for the
 *    fallback.  One thread at a time uses a reader (it may be made on
 *    one thread and used on another).
 *
 * Objects are not re-hashed (git does not either, reading its packs);
 * each entry's inflated size is checked against its header, and each
 * zlib stream against its Adler-32.
 *
 * Return codes: 0; KD_ENOTFOUND when neither the packs nor libgit2 have
 * the object (a message says which); KD_ERROR, with a message naming the
 * pack and the offset, when a pack is corrupt or cannot be read.
 *
 * Tolerance.  Nothing a pack or an index holds is trusted: offsets, sizes,
 * varints and delta instructions are all checked against the bounds of
 * what holds them, delta chains are followed in a loop bounded by
 * KD_PACK_MAX_DEPTH (a REF_DELTA cycle ends there), and sizes are checked
 * for plausibility (no entry inflates more than deflate's ratio allows)
 * before anything is allocated for them.
 *  - An .idx that is not of version 2, is cut short, or disagrees with its
 *    .pack (object count, checksum, an offset past the end, two objects at
 *    one offset) is left out at open: libgit2 then reads its objects, and
 *    says what it thinks of them.
 *  - A corrupt entry (bad type, a zlib stream that does not inflate to the
 *    size its header says, a delta whose base size or target size does
 *    not hold, a copy out of the base, the reserved instruction 0) is
 *    KD_ERROR for that object; the reader stays usable.
 *  - A REF_DELTA whose base no pack holds takes its base from libgit2.
 *  - An entry whose header says it inflates to more than 1 GiB is read
 *    through libgit2 instead, which fails where memory does rather than
 *    abort; a delta's result is allocated as it grows past 16 MB, so a
 *    size it only claims costs nothing.
 *  - A pack or index changed under an open kd_packs (git never rewrites
 *    one in place) reads as corrupt, never out of bounds.
 */

/* The longest chain of deltas followed (git's pack-objects makes 4095). */
#define KD_PACK_MAX_DEPTH 10000

/*
 * Bytes of objects a reader keeps by default for the chains of deltas it
 * builds: the bases, and each object it built, which in a pack written
 * in history order is often the base of the next message read.  Reading
 * every message of the kvm-ppc archive (5,965, 3,627 of them deltas)
 * newest first, one reader inflates 13,000 zlib streams without a cache,
 * 6,531 with 2 MB, 6,123 with 4 MB, 5,988 with 8 MB (5,965 is once a
 * message); CPU time is lowest at 4 MB, larger caches costing more in
 * fresh pages than they save (bench/pack-read --cache).
 */
#define KD_PACK_CACHE_DEFAULT (4u << 20)

struct kd_packs;
struct kd_pack_reader;

/*
 * Open the packs of `repo`: each .idx in objects/pack of its common
 * directory, with its .pack.  A repository without packs is no error:
 * every read then goes to libgit2.  Each .pack stays open (read with
 * pread(), never mapped: a reader's memory does not grow with the pack);
 * each .idx is mapped whole, 28 bytes an object, and beside it a table
 * of the entries' offsets, 8 bytes an object, shared by all readers.
 * `repo` may be freed afterwards.  Returns 0, or KD_ERROR, `*out` NULL,
 * when the pack directory exists but cannot be listed.
 */
int kd_packs_open(struct kd_packs **out, git_repository *repo);

/* How many packs were opened (those left out at open are not counted). */
size_t kd_packs_count(const struct kd_packs *packs);

/* Close the packs; accepts NULL.  No reader of them may be left. */
void kd_packs_free(struct kd_packs *packs);

/*
 * A reader of `packs` for one thread, with its own handle on `repo` for
 * what the packs do not hold: the repository is opened again from its
 * path (all that is read of `repo`), as libgit2 objects are not to be
 * shared between threads.  `cache_bytes` bounds its delta-base cache (0:
 * no cache; KD_PACK_CACHE_DEFAULT is what was measured best).  Besides
 * the cache, a reader holds buffers of about the largest object it read,
 * given back after any object past 1 MB, and zlib's and libdeflate's
 * states (some 50 KB): with the default cache, about 5 MB when reading
 * mail.  Returns 0, or KD_ERROR when the repository cannot be opened
 * again.
 */
int kd_pack_reader_new(struct kd_pack_reader **out, struct kd_packs *packs,
		       git_repository *repo, size_t cache_bytes);

/* What a reader did, for benchmarks and progress reports. */
struct kd_pack_stats {
	size_t reads;	   /* objects asked for */
	size_t fallbacks;  /* objects or bases read through libgit2 */
	size_t inflated;   /* zlib streams inflated: objects, bases, deltas */
	size_t cache_hits; /* chains cut short by the delta-base cache */
};

void kd_pack_reader_stats(struct kd_pack_stats *out,
			  const struct kd_pack_reader *r);

/* Accepts NULL. */
void kd_pack_reader_free(struct kd_pack_reader *r);

/*
 * Read the object `id` whole: its type into `*type`, its content into
 * `out`, which is reset first and then holds exactly the object (and a
 * NUL after it).  `out` is the caller's, grown as needed and reused from
 * one call to the next, so that reading many objects allocates nothing
 * once it is large enough.  On error `out` holds nothing meaningful.
 */
int kd_pack_read(struct kd_pack_reader *r, const git_oid *id,
		 git_object_t *type, struct kd_buf *out);

/*
 * Read at least the first `want` bytes of `id` into `out`, reset first
 * (all of it when it is shorter), its type into `*type` and its whole
 * size into `*size` (NULL: not wanted), so that `out->len == *size` says
 * the object is whole.  An object stored whole in a pack, of which less
 * than half is wanted, is inflated up to `want` and no further (with
 * zlib, which can stop; libdeflate inflates a whole object in the time
 * zlib takes for half of it); any other comes whole: a delta, an object
 * in the cache or one read through libgit2.  Only a whole object checks
 * its Adler-32.
 */
int kd_pack_read_prefix(struct kd_pack_reader *r, const git_oid *id,
			size_t want, git_object_t *type, size_t *size,
			struct kd_buf *out);

/*
 * The type and size of `id` without its content, as git_odb_read_header:
 * only the entry headers down its delta chain are read, and the first
 * bytes of its own delta, where the size of the result is written.
 */
int kd_pack_read_header(struct kd_pack_reader *r, const git_oid *id,
			git_object_t *type, size_t *size);

/*
 * Apply a git delta (gitformat-pack(5), "Deltified representation") to
 * `base`: the result replaces the contents of `out`.  Returns 0, or
 * KD_ERROR with a message when the delta is malformed: its base size is
 * not `base_len`, an instruction is cut short or reserved (0), a copy
 * reaches out of the base, or the result is not of the size the delta
 * says.  Never reads outside `base` and `delta`.
 */
int kd_pack_apply_delta(struct kd_buf *out, const unsigned char *base,
			size_t base_len, const unsigned char *delta,
			size_t delta_len);

#endif
