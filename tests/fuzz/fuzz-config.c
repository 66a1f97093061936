/*
 * libFuzzer target for the configuration reader: any bytes must come back
 * as a configuration or an error, without a crash, a leak, or a hang.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ilib \
 *	-D_DEFAULT_SOURCE tests/fuzz/fuzz-config.c lib/config.c \
 *	lib/buf.c lib/error.c lib/strmap.c \
 *	$(pkg-config --cflags --libs libgit2 libpcre2-8 yaml-0.1) \
 *	-lpthread -o /tmp/fuzz-config
 *   /tmp/fuzz-config -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_config c = KD_CONFIG_INIT;
	struct kd_buf b = KD_BUF_INIT;

	if (!kd_config_parse(&c, "fuzz.yaml", (const char *)data, size)) {
		/* What was read must be describable. */
		kd_config_describe(&b, &c);
		kd_buf_release(&b);
	}
	kd_config_release(&c);
	return 0;
}
