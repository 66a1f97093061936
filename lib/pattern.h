#ifndef KD_PATTERN_H
#define KD_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "buf.h"

/*
 * The regular expressions of a configuration (PCRE2): compiled once, with
 * the JIT where the library has it, and matched under limits, so that no
 * pattern, however written, can hang a digest.
 *
 * Under valgrind the JIT is left out: its code reads strings 16 bytes at a
 * time, past their ends, which valgrind cannot tell from a bug.
 */
#define KD_PATTERN_MATCH_LIMIT 1000000 /* backtracking steps a match */
#define KD_PATTERN_DEPTH_LIMIT 100000

/*
 * Compile `pattern` with `options` (PCRE2_UTF and so on).  Returns the
 * code, or NULL with PCRE2's words and the offset in `why`
 * ("missing closing parenthesis at offset 5").
 */
pcre2_code *kd_pattern_compile(const char *pattern, uint32_t options,
			       struct kd_buf *why);

/* A match context with the limits above; NULL when memory ran out. */
pcre2_match_context *kd_pattern_limits(void);

#endif
