#ifndef KD_OUTPUT_H
#define KD_OUTPUT_H

#include <stddef.h>

#include "buf.h"

/*
 * Writing a digest to a file, so that a reader never sees half of one:
 * the bytes go to a temporary file beside the target, are flushed to
 * disk, and only then take the target's name.  Without `force` an
 * existing file is never replaced (the name is taken with link(2), which
 * fails when it exists, so two writers cannot both win).  On any error
 * the temporary file is removed and the target is as it was.
 */

/*
 * Write `len` bytes of `data` to `path`.  Returns 0; KD_EEXISTS when
 * `path` exists and `force` is 0; KD_ERROR with errno's words otherwise.
 */
int kd_output_write(const char *path, const char *data, size_t len,
		    int force);

/*
 * The file a digest goes to when --output names `path`: `path` itself, or
 * when it is a directory, "<path>/<from>..<to>.<ext>".
 */
void kd_output_path(struct kd_buf *out, const char *path, const char *from,
		    const char *to, const char *ext);

#endif
