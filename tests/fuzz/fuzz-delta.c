/*
 * libFuzzer target for the delta applier of lib/pack.c: any base and any
 * delta (the first two bytes say how long the base is, the rest after it
 * is the delta) must give what a plain reading of gitformat-pack(5)'s
 * instructions gives, the same bytes or the same refusal, never a read
 * outside the two buffers (ASan watches), and a result of the size the
 * delta says.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A varint of the delta header; -1 past the end or past 64 bits. */
static int varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;

	for (;;) {
		if (*p == end || shift > 63)
			return -1;
		v |= (uint64_t)(**p & 0x7f) << shift;
		if ((uint64_t)(**p & 0x7f) << shift >> shift != (**p & 0x7f))
			return -1;
		shift += 7;
		if (!(*(*p)++ & 0x80))
			break;
	}
	*out = v;
	return 0;
}

/* The instructions read one by one, into a buffer that grows as it
 * goes: slow and plain, to hold the other to. */
static int reference(struct kd_buf *out, const uint8_t *base, size_t base_len,
		     const uint8_t *p, const uint8_t *end)
{
	uint64_t src, dst;

	kd_buf_reset(out);
	if (varint(&p, end, &src) || varint(&p, end, &dst) || src != base_len)
		return -1;
	while (p < end) {
		uint8_t op = *p++;

		if (op & 0x80) {
			uint64_t off = 0, len = 0;
			int i;

			for (i = 0; i < 4; i++)
				if (op & (1 << i)) {
					if (p == end)
						return -1;
					off |= (uint64_t)*p++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (op & (0x10 << i)) {
					if (p == end)
						return -1;
					len |= (uint64_t)*p++ << (8 * i);
				}
			if (!len)
				len = 0x10000;
			if (off + len > base_len || out->len + len > dst)
				return -1;
			kd_buf_add(out, base + off, len);
		} else if (op) {
			if ((size_t)(end - p) < op || out->len + op > dst)
				return -1;
			kd_buf_add(out, p, op);
			p += op;
		} else {
			return -1;
		}
	}
	return out->len == dst ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_buf out = KD_BUF_INIT, want = KD_BUF_INIT;
	size_t base_len;
	uint8_t *base, *delta;
	int err, ref;

	if (size < 2)
		return 0;
	base_len = (size_t)data[0] << 8 | data[1];
	if (base_len > size - 2)
		base_len = size - 2;
	/* copies of their own, so that ASan sees the end of each */
	base = malloc(base_len ? base_len : 1);
	delta = malloc(size - 2 - base_len ? size - 2 - base_len : 1);
	memcpy(base, data + 2, base_len);
	memcpy(delta, data + 2 + base_len, size - 2 - base_len);

	err = kd_pack_apply_delta(&out, base, base_len, delta,
				  size - 2 - base_len);
	ref = reference(&want, base, base_len, delta,
			delta + (size - 2 - base_len));
	if (!err != !ref) {
		fprintf(stderr,
			"fuzz: the applier says %d, a plain reading %d\n", err,
			ref);
		abort();
	}
	if (!err &&
	    (out.len != want.len || memcmp(out.buf, want.buf, out.len) ||
	     out.buf[out.len] != '\0')) {
		fprintf(stderr, "fuzz: the applier makes other bytes\n");
		abort();
	}
	free(base);
	free(delta);
	kd_buf_release(&out);
	kd_buf_release(&want);
	return 0;
}
