#ifndef KD_BUF_H
#define KD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * A growable byte buffer, in the manner of git's strbuf.
 *
 * `buf` is always NUL-terminated, also when empty (it then points at a
 * shared empty string, so a KD_BUF_INIT buffer can be read at once).
 * `len` excludes the NUL.  The contents may hold NUL bytes.
 *
 * Allocation failure aborts the program: every caller would have to give
 * up anyway, and mail parsing must not leave half-built state behind.
 */
struct kd_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char kd_buf_empty[];
#define KD_BUF_INIT { kd_buf_empty, 0, 0 }

void kd_buf_init(struct kd_buf *b, size_t hint);
/* Free the contents; the buffer is then as KD_BUF_INIT left it. */
void kd_buf_release(struct kd_buf *b);
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *kd_buf_detach(struct kd_buf *b, size_t *len);
/* Make room for `extra` more bytes beyond `len`. */
void kd_buf_grow(struct kd_buf *b, size_t extra);
void kd_buf_setlen(struct kd_buf *b, size_t len);
static inline void kd_buf_reset(struct kd_buf *b)
{
	kd_buf_setlen(b, 0);
}

void kd_buf_add(struct kd_buf *b, const void *data, size_t len);
void kd_buf_addstr(struct kd_buf *b, const char *s);
void kd_buf_addch(struct kd_buf *b, int c);
void kd_buf_addchars(struct kd_buf *b, int c, size_t n);
void kd_buf_addf(struct kd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kd_buf_vaddf(struct kd_buf *b, const char *fmt, va_list ap);
/* Append the UTF-8 encoding of `cp` (U+FFFD for what is not a scalar). */
void kd_buf_add_utf8(struct kd_buf *b, unsigned long cp);

/* Trim ASCII white space at both ends. */
void kd_buf_trim(struct kd_buf *b);

/*
 * Append the contents of the file at `path` to `b`, as git's
 * strbuf_read_file() does.  Returns 0, or -1 with errno set and `b` as it
 * was: a directory is refused with EISDIR, and with KD_READ_NOFOLLOW a
 * symbolic link with ELOOP (O_NOFOLLOW).  At most `max` + 1 bytes are
 * read (0: no limit), so a caller tells a file larger than `max` by more
 * than `max` bytes added, without reading all of it.
 */
#define KD_READ_NOFOLLOW 1
int kd_buf_read_file(struct kd_buf *b, const char *path, size_t max, int flags);

/* xmalloc and friends: abort with a message when memory runs out. */
void *kd_malloc(size_t n);
void *kd_calloc(size_t nmemb, size_t n);
void *kd_realloc(void *p, size_t n);
char *kd_strdup(const char *s);
char *kd_strndup(const char *s, size_t n);

/*
 * qsort() of `nr` elements at `base`, as git's QSORT: the element size
 * taken from the pointer, and nothing done for fewer than two (qsort of a
 * NULL base is undefined even for none).
 */
#define KD_QSORT(base, nr, cmp) \
	do { \
		if ((nr) > 1) \
			qsort((base), (nr), sizeof(*(base)), (cmp)); \
	} while (0)

/* A qsort() comparison of uint64_t values, smallest first. */
int kd_u64_cmp(const void *a, const void *b);

/* Grow `p` (holding `*alloc` elements of `size`) to hold at least `nr`. */
#define KD_ALLOC_GROW(p, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			size_t kd_new_ = (alloc) ? (alloc) * 2 : 16; \
			if (kd_new_ < (nr)) \
				kd_new_ = (nr); \
			(p) = kd_realloc((p), kd_new_ * sizeof(*(p))); \
			(alloc) = kd_new_; \
		} \
	} while (0)

#endif
