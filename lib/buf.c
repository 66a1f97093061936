#include "buf.h"

#include "ascii.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char kd_buf_empty[1];

static void die_oom(size_t n)
{
	fprintf(stderr, "fatal: out of memory, allocating %zu bytes\n", n);
	abort();
}

void *kd_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *kd_calloc(size_t nmemb, size_t n)
{
	void *p = calloc(nmemb ? nmemb : 1, n ? n : 1);
	if (!p)
		die_oom(nmemb * n);
	return p;
}

void *kd_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

char *kd_strndup(const char *s, size_t n)
{
	char *p = kd_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *kd_strdup(const char *s)
{
	return kd_strndup(s, strlen(s));
}

void kd_buf_init(struct kd_buf *b, size_t hint)
{
	b->buf = kd_buf_empty;
	b->len = b->alloc = 0;
	if (hint)
		kd_buf_grow(b, hint);
}

void kd_buf_release(struct kd_buf *b)
{
	if (b->alloc)
		free(b->buf);
	kd_buf_init(b, 0);
}

char *kd_buf_detach(struct kd_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		kd_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	kd_buf_init(b, 0);
	return s;
}

void kd_buf_grow(struct kd_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		die_oom(SIZE_MAX);
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	if (want < b->alloc + b->alloc / 2)
		want = b->alloc + b->alloc / 2;
	if (want < 64)
		want = 64;
	b->buf = kd_realloc(b->buf, want);
	if (!b->alloc)
		b->buf[0] = '\0';
	b->alloc = want;
}

void kd_buf_setlen(struct kd_buf *b, size_t len)
{
	if (!b->alloc)
		return;
	b->len = len < b->alloc ? len : b->alloc - 1;
	b->buf[b->len] = '\0';
}

void kd_buf_add(struct kd_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	kd_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void kd_buf_addstr(struct kd_buf *b, const char *s)
{
	kd_buf_add(b, s, strlen(s));
}

void kd_buf_addch(struct kd_buf *b, int c)
{
	kd_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void kd_buf_addchars(struct kd_buf *b, int c, size_t n)
{
	kd_buf_grow(b, n);
	memset(b->buf + b->len, c, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void kd_buf_vaddf(struct kd_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	kd_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		kd_buf_grow(b, (size_t)n);
		vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void kd_buf_addf(struct kd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kd_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void kd_buf_add_utf8(struct kd_buf *b, unsigned long cp)
{
	char s[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		kd_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		kd_buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		kd_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		kd_buf_add(b, s, 4);
	}
}

void kd_buf_trim(struct kd_buf *b)
{
	size_t start = 0, end = b->len;

	while (end > 0 && kd_is_space(b->buf[end - 1]))
		end--;
	while (start < end && kd_is_space(b->buf[start]))
		start++;
	if (!b->alloc)
		return;
	memmove(b->buf, b->buf + start, end - start);
	kd_buf_setlen(b, end - start);
}

int kd_buf_read_file(struct kd_buf *b, const char *path, size_t max, int flags)
{
	int fd = open(path,
		      O_RDONLY | (flags & KD_READ_NOFOLLOW ? O_NOFOLLOW : 0));
	size_t start = b->len;
	struct stat st;
	ssize_t n = 0;
	int saved;

	if (fd < 0)
		return -1;
	if (!fstat(fd, &st) && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	while (!max || b->len - start <= max) {
		size_t room;

		kd_buf_grow(b, 8192);
		room = b->alloc - b->len - 1;
		if (max && room > max + 1 - (b->len - start))
			room = max + 1 - (b->len - start);
		n = read(fd, b->buf + b->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		kd_buf_setlen(b, b->len + (size_t)n);
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		kd_buf_setlen(b, start);
		errno = saved;
		return -1;
	}
	return 0;
}

int kd_u64_cmp(const void *va, const void *vb)
{
	uint64_t a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}
