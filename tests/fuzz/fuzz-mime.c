/*
 * libFuzzer target for the body of a message: its header section, its
 * MIME text, and what patchbody.h reads in that text.  Any bytes must come
 * back as valid UTF-8 text and excerpt, a bounded list of distinct paths,
 * and in-body headers within the text, without a crash, a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz-check.h"
#include "patchbody.h"
#include "rfc2045.h"
#include "rfc5322.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_headers(const struct kd_headers *h, size_t body_off,
			  size_t size)
{
	size_t i;

	if (body_off > size || h->nr > KD_HEADERS_MAX)
		abort();
	for (i = 0; i < h->nr; i++)
		if (!h->fields[i].name || !h->fields[i].value ||
		    strlen(h->fields[i].value) > KD_HEADER_MAX)
			abort();
}

/* One path a line, none twice, none empty, at most KD_PATCH_PATHS_MAX. */
static void check_paths(const struct kd_buf *paths)
{
	struct kd_buf seen = KD_BUF_INIT, needle = KD_BUF_INIT;
	const char *p = paths->buf, *nl;
	size_t n = 0;

	fuzz_check_utf8("paths", paths->buf, paths->len);
	if (paths->len && paths->buf[paths->len - 1] != '\n')
		abort();
	kd_buf_addch(&seen, '\n');
	for (; (nl = memchr(p, '\n', paths->len - (size_t)(p - paths->buf)));
	     p = nl + 1) {
		if (nl == p) {
			fprintf(stderr, "fuzz: empty path\n");
			abort();
		}
		kd_buf_reset(&needle);
		kd_buf_addch(&needle, '\n');
		kd_buf_add(&needle, p, (size_t)(nl - p) + 1);
		if (!memchr(p, '\0', (size_t)(nl - p)) &&
		    strstr(seen.buf, needle.buf)) {
			fprintf(stderr, "fuzz: path '%.*s' twice\n",
				(int)(nl - p), p);
			abort();
		}
		kd_buf_add(&seen, needle.buf + 1, needle.len - 1);
		n++;
	}
	if (n > KD_PATCH_PATHS_MAX) {
		fprintf(stderr, "fuzz: %zu paths\n", n);
		abort();
	}
	kd_buf_release(&seen);
	kd_buf_release(&needle);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf text = KD_BUF_INIT, ex = KD_BUF_INIT;
	struct kd_buf paths = KD_BUF_INIT;
	struct kd_buf from = KD_BUF_INIT, subject = KD_BUF_INIT;
	const char *raw = (const char *)data;
	size_t body_off, end, i;
	int limited = 0;

	kd_headers_parse(&h, raw, size, &body_off);
	check_headers(&h, body_off, size);
	(void)kd_headers_get(&h, "Content-Type");

	kd_mime_text(&text, &h, raw + body_off, size - body_off, &limited);
	fuzz_check_utf8("text", text.buf, text.len);
	for (i = 0; i + 1 < text.len; i++)
		if (text.buf[i] == '\r' && text.buf[i + 1] == '\n') {
			fprintf(stderr, "fuzz: CR LF in the text at %zu\n", i);
			abort();
		}

	kd_inbody_headers(&from, &subject, &end, text.buf, text.len);
	if (end > text.len)
		abort();

	kd_patch_excerpt(&ex, text.buf, text.len);
	fuzz_check_utf8("excerpt", ex.buf, ex.len);
	if (ex.len && ex.buf[ex.len - 1] != '\n')
		abort();

	kd_patch_paths(&paths, text.buf, text.len);
	check_paths(&paths);

	kd_headers_release(&h);
	kd_buf_release(&text);
	kd_buf_release(&ex);
	kd_buf_release(&paths);
	kd_buf_release(&from);
	kd_buf_release(&subject);
	return 0;
}
