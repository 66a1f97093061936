#include "lore.h"

#include <string.h>

/* Percent-encode every byte of `s` outside `keep` and ALPHA / DIGIT. */
static void url_escape(struct kd_buf *out, const char *s, const char *keep)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			kd_buf_addch(out, *p);
		else
			kd_buf_addf(out, "%%%02X", *p);
	}
}

void kd_lore_url(struct kd_buf *out, const char *archive,
		 const char *message_id)
{
	url_escape(out, archive, "-._~:/?#@!$&+,;=%");
	url_escape(out, message_id, "-._~@");
	kd_buf_addch(out, '/');
}
