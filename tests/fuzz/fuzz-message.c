/*
 * libFuzzer target for the message reader: any bytes, as a message of the
 * archive, must come back as a kd_message that keeps message.h's
 * promises, without a crash, a leak or a hang.  What a digest does with
 * the result is done too: which counter heads a series, and every string
 * valid UTF-8 and safe for a terminal (fuzz-check.h) — names, addresses,
 * subjects and ids single lines, the excerpt text with tabs and newlines.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz-check.h"
#include "message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_message m;

	kd_message_parse(&m, (const char *)data, size);

	fuzz_check_safe("subject", m.subject, "");
	fuzz_check_subject(&m.subj);
	fuzz_check_safe("title", m.subj.title, "");
	fuzz_check_safe("prefixes", m.subj.prefixes, "");
	fuzz_check_safe("sender name", m.sender.name, "");
	fuzz_check_safe("sender email", m.sender.email, "");
	fuzz_check_safe("author name", m.author.name, "");
	fuzz_check_safe("author email", m.author.email, "");
	fuzz_check_safe("message-id", m.message_id, "");
	fuzz_check_safe("parent", m.parent, "");
	{
		const char *p = m.refs;
		size_t i;

		if (m.nr_refs > KD_MESSAGE_REFS) {
			fprintf(stderr, "fuzz: %zu references kept\n",
				m.nr_refs);
			abort();
		}
		for (i = 0; i < m.nr_refs; i++, p += strlen(p) + 1) {
			if (!*p) {
				fprintf(stderr, "fuzz: reference %zu is empty\n",
					i);
				abort();
			}
			fuzz_check_safe("reference", p, "");
		}
	}
	if (m.excerpt) {
		if (!m.subj.is_patch || !kd_subject_is_head(&m.subj))
			abort(); /* series heads only */
		fuzz_check_safe("excerpt", m.excerpt, "\t\n");
	}
	/* paths are one a line; a quoted name may hold a tab */
	if (m.paths)
		fuzz_check_safe("paths", m.paths, "\t\n");
	if (m.has_date && (m.tz <= -24 * 60 || m.tz >= 24 * 60))
		abort();

	kd_message_release(&m);
	return 0;
}
