#include "sanitize.h"

#include <string.h>

static void add_safe(struct kd_buf *out, const char *s, size_t len,
		     int one_line)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	size_t start = out->len;
	int blank = 0;

	while (p < end) {
		const unsigned char *run = p;

		/* the common case: printable ASCII and UTF-8 but for C1 */
		while (p < end && *p >= 0x20 && *p != 0x7f &&
		       !(*p == ' ' && one_line) &&
		       !(*p == 0xc2 && p + 1 < end && p[1] >= 0x80 &&
			 p[1] <= 0x9f))
			p++;
		if (p > run) {
			if (blank && out->len > start)
				kd_buf_addch(out, ' ');
			blank = 0;
			kd_buf_add(out, run, (size_t)(p - run));
		}
		if (p >= end)
			break;
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (one_line)
				blank = 1;
			else if (*p == '\r')
				kd_buf_add(out, "^M", 2);
			else
				kd_buf_addch(out, *p);
			p++;
			continue;
		}
		if (blank && out->len > start)
			kd_buf_addch(out, ' ');
		blank = 0;
		if (*p == 0xc2) {
			kd_buf_add_utf8(out, 0xfffd);
			p += 2;
		} else {
			kd_buf_addch(out, '^');
			kd_buf_addch(out, *p == 0x7f ? '?' : *p + '@');
			p++;
		}
	}
}

void kd_sanitize_text(struct kd_buf *out, const char *s, size_t len)
{
	add_safe(out, s, len, 0);
}

void kd_sanitize_line(struct kd_buf *out, const char *s, size_t len)
{
	add_safe(out, s, len, 1);
}
