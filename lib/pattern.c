#include "pattern.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

pcre2_code *kd_pattern_compile(const char *pattern, uint32_t options,
			       struct kd_buf *why)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE offset;
	pcre2_code *re;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
			   &err, &offset, NULL);
	if (!re) {
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			kd_buf_addstr(why, "unknown error");
		else
			kd_buf_addstr(why, (const char *)msg);
		kd_buf_addf(why, " at offset %zu", (size_t)offset);
		return NULL;
	}
	/* Without JIT the interpreter matches all the same. */
	if (!RUNNING_ON_VALGRIND)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

pcre2_match_context *kd_pattern_limits(void)
{
	pcre2_match_context *mc = pcre2_match_context_create(NULL);

	if (mc) {
		pcre2_set_match_limit(mc, KD_PATTERN_MATCH_LIMIT);
		pcre2_set_depth_limit(mc, KD_PATTERN_DEPTH_LIMIT);
	}
	return mc;
}
