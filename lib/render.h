#ifndef KD_RENDER_H
#define KD_RENDER_H

#include "buf.h"
#include "digest.h"

/*
 * The digest, written out.  Each renderer appends the whole digest to
 * `out`; none fails.  Strings from mail are safe already (message.h).
 */
struct kd_render_options {
	int top; /* rows in the top tables; all rows in JSON */
};

/* The seeds' format (SPEC.md, "The digest"). */
void kd_render_classic(struct kd_buf *out, const struct kd_digest *d,
		       const struct kd_render_options *o);

/* Every fact of the digest, for scripts. */
void kd_render_json(struct kd_buf *out, const struct kd_digest *d,
		    const struct kd_render_options *o);

#endif
