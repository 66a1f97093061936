#ifndef KD_LORE_H
#define KD_LORE_H

#include "buf.h"

/*
 * Links into a public-inbox web archive such as lore.kernel.org: a
 * message is at "<archive><message-id>/", its id percent-encoded.
 */

/*
 * Append the URL of message `message_id` in `archive` (a URL ending in
 * '/').  The archive URL is kept as configured but for bytes no URL may
 * hold; of the message id only RFC 3986's unreserved characters and '@'
 * are kept ("a/b+c@d" is "a%2Fb%2Bc@d"), as public-inbox writes them.
 */
void kd_lore_url(struct kd_buf *out, const char *archive,
		 const char *message_id);

#endif
