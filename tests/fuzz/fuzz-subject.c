/*
 * libFuzzer target for the subject parser: any bytes, as a Subject value
 * already decoded or still holding encoded words, must give a subject that
 * keeps subject.h's promises (fuzz-check.h), without a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fuzz-check.h"
#include "rfc2047.h"
#include "subject.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_subject s = KD_SUBJECT_INIT;
	struct kd_buf raw = KD_BUF_INIT, dec = KD_BUF_INIT;

	/* the parser reads a C string: what follows a NUL is not seen */
	kd_buf_add(&raw, data, size);

	kd_subject_parse(&s, raw.buf);
	fuzz_check_subject(&s);
	kd_subject_release(&s);

	/* as kd_message_parse() hands it over: decoded, valid UTF-8 */
	kd_rfc2047_decode(&dec, raw.buf, strlen(raw.buf));
	fuzz_check_utf8("decoded subject", dec.buf, dec.len);
	kd_subject_parse(&s, dec.buf);
	fuzz_check_subject(&s);
	/* UTF-8 in, UTF-8 out: the parser cuts only at ASCII */
	fuzz_check_utf8("title", s.title, strlen(s.title));
	fuzz_check_utf8("prefixes", s.prefixes, strlen(s.prefixes));
	kd_subject_release(&s);

	kd_buf_release(&raw);
	kd_buf_release(&dec);
	return 0;
}
