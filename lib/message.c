#include "message.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "charset.h"
#include "patchbody.h"
#include "patchid.h"
#include "rfc2045.h"
#include "rfc2047.h"
#include "sanitize.h"

static char *decoded_line(const char *value)
{
	struct kd_buf dec = KD_BUF_INIT, out = KD_BUF_INIT;

	if (value)
		kd_rfc2047_decode(&dec, value, strlen(value));
	kd_sanitize_line(&out, dec.buf, dec.len);
	kd_buf_release(&dec);
	return kd_buf_detach(&out, NULL);
}

/*
 * A parsed mailbox, made fit to show and count: the name on one line and
 * safe, the address lowercased and safe.
 */
static void mailbox_from(struct kd_mailbox *out, const char *value)
{
	struct kd_mailbox raw = KD_MAILBOX_INIT;
	struct kd_buf b = KD_BUF_INIT, utf8 = KD_BUF_INIT;

	kd_mailbox_parse(&raw, value);
	kd_sanitize_line(&b, raw.name, strlen(raw.name));
	out->name = kd_buf_detach(&b, NULL);
	/* before sanitizing, which writes caret notation in upper case */
	kd_lowercase(raw.email);
	/*
	 * The address is taken as written, not decoded: 8-bit bytes in it
	 * need not be UTF-8, and sanitizing assumes they are.
	 */
	kd_utf8_append(&utf8, raw.email, strlen(raw.email));
	kd_sanitize_line(&b, utf8.buf, utf8.len);
	out->email = kd_buf_detach(&b, NULL);
	kd_buf_release(&utf8);
	kd_mailbox_release(&raw);
}

static void mailbox_copy(struct kd_mailbox *out, const struct kd_mailbox *m)
{
	out->name = kd_strdup(m->name);
	out->email = kd_strdup(m->email);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/*
 * b4's web relay sends as "Name via B4 Relay <devnull+...@kernel.org>" and
 * keeps the author in X-Original-From.  Only the devnull address says the
 * relay rewrote From; a real address is taken as it is.
 */
static void read_sender(struct kd_message *m, const struct kd_headers *h)
{
	const char *orig;

	mailbox_from(&m->sender, kd_headers_get(h, "From"));
	if (ends_with(m->sender.name, " via B4 Relay"))
		m->sender.name[strlen(m->sender.name) - 13] = '\0';
	if (strncmp(m->sender.email, "devnull+", 8))
		return;
	orig = kd_headers_get(h, "X-Original-From");
	if (orig) {
		struct kd_mailbox o = KD_MAILBOX_INIT;
		mailbox_from(&o, orig);
		if (*o.email) {
			kd_mailbox_release(&m->sender);
			m->sender = o;
			return;
		}
		kd_mailbox_release(&o);
	}
}

/*
 * An id made safe: ids are raw bytes in the header, where the 8-bit ones
 * of no charset are taken as UTF-8, and U+FFFD where they are not.
 */
static void add_safe_id(struct kd_buf *out, const char *id, size_t len)
{
	struct kd_buf utf8 = KD_BUF_INIT;

	if (kd_utf8_valid(id, len)) {
		kd_sanitize_line(out, id, len);
		return;
	}
	kd_utf8_append(&utf8, id, len);
	kd_sanitize_line(out, utf8.buf, utf8.len);
	kd_buf_release(&utf8);
}

static char *safe_id(const char *id, size_t len)
{
	struct kd_buf safe = KD_BUF_INIT;

	add_safe_id(&safe, id, len);
	return kd_buf_detach(&safe, NULL);
}

/* Its own id, its parent's (thread.h) and its References, made safe. */
static void read_ids(struct kd_message *m, const struct kd_headers *h)
{
	struct kd_buf b = KD_BUF_INIT, safe = KD_BUF_INIT;
	const char *refs = kd_headers_get(h, "References"), *p;
	size_t i, n, last = 0; /* where the last id starts in `safe` */

	kd_msgid_first(&b, kd_headers_get(h, "Message-ID"));
	m->message_id = safe_id(b.buf, b.len);

	kd_buf_reset(&b);
	n = kd_msgid_list(&b, refs, KD_MESSAGE_REFS);
	for (i = 0, p = b.buf; i < n; i++, p += strlen(p) + 1) {
		size_t at = safe.len;

		add_safe_id(&safe, p, strlen(p));
		if (safe.len == at)
			continue;
		kd_buf_addch(&safe, '\0');
		m->nr_refs++;
		last = at;
	}
	kd_buf_reset(&b);
	kd_msgid_first(&b, kd_headers_get(h, "In-Reply-To"));
	if (b.len)
		m->parent = safe_id(b.buf, b.len);
	else
		m->parent = kd_strdup(m->nr_refs ? safe.buf + last : "");
	m->refs = kd_buf_detach(&safe, NULL);
	kd_buf_release(&b);
}

static char *safe_line(const char *s)
{
	struct kd_buf safe = KD_BUF_INIT;

	kd_sanitize_line(&safe, s, strlen(s));
	return kd_buf_detach(&safe, NULL);
}

/* Replace the string at `slot` by its safe form. */
static void make_safe(char **slot)
{
	char *safe;

	if (!*slot)
		return;
	safe = safe_line(*slot);
	free(*slot);
	*slot = safe;
}

/* The length of `text` up to its first "diff --git " line, or all of it. */
static size_t before_diff(const char *text, size_t len)
{
	static const char diff[] = "diff --git ";
	const size_t n = sizeof(diff) - 1;
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		if (len - pos >= n && !memcmp(text + pos, diff, n))
			return pos;
		if (!nl)
			break;
		pos = (size_t)(nl - text) + 1;
	}
	return len;
}

/*
 * What a patch mail's text says of its series: its patch id, the commits
 * it fixes (in its commit message, from `inbody_end` on), and for a head
 * the earlier versions it links and b4's change-id.  Made safe like
 * every string here.
 */
static void read_patch_facts(struct kd_message *m, const char *text,
			     size_t len, size_t inbody_end)
{
	struct kd_buf id = KD_BUF_INIT;
	size_t i;

	m->has_patch_id = kd_patch_id(&m->patch_id, text, len);
	kd_fixes_parse(&m->fixes, text + inbody_end, len - inbody_end);
	for (i = 0; i < m->fixes.nr; i++) {
		make_safe(&m->fixes.v[i].commit);
		make_safe(&m->fixes.v[i].subject);
	}
	if (!kd_subject_is_head(&m->subj))
		return;
	/* what names versions is above the diff: the diff is not read */
	len = before_diff(text, len);
	kd_version_links(&m->links, text, len);
	for (i = 0; i < m->links.nr; i++)
		make_safe(&m->links.v[i].message_id);
	if (kd_change_id(&id, text, len))
		m->change_id = safe_line(id.buf);
	kd_buf_release(&id);
}

/*
 * The body of a patch mail: the in-body From names its author, and the head
 * of a series keeps its excerpt.
 */
static void read_patch_body(struct kd_message *m, const struct kd_headers *h,
			    const char *body, size_t len, unsigned int parts)
{
	struct kd_buf text = KD_BUF_INIT, from = KD_BUF_INIT;
	struct kd_buf subject = KD_BUF_INIT, ex = KD_BUF_INIT;
	struct kd_buf safe = KD_BUF_INIT;
	int limited = 0;
	size_t end;

	kd_mime_text(&text, h, body, len, &limited);
	if (limited)
		m->truncated = 1;
	kd_inbody_headers(&from, &subject, &end, text.buf, text.len);
	if (from.len) {
		struct kd_mailbox a = KD_MAILBOX_INIT;
		mailbox_from(&a, from.buf);
		if (*a.email && strchr(a.email, '@')) {
			kd_mailbox_release(&m->author);
			m->author = a;
		} else {
			kd_mailbox_release(&a);
		}
	}
	/* safe like every string here, should a path ever be shown */
	kd_patch_paths(&ex, text.buf, text.len);
	kd_sanitize_text(&safe, ex.buf, ex.len);
	m->paths = kd_buf_detach(&safe, NULL);
	kd_buf_reset(&ex);
	read_patch_facts(m, text.buf, text.len, end);
	if ((parts & KD_MESSAGE_EXCERPT) && kd_subject_is_head(&m->subj)) {
		kd_patch_excerpt(&ex, text.buf, text.len);
		kd_sanitize_text(&safe, ex.buf, ex.len);
		m->excerpt = kd_buf_detach(&safe, NULL);
	}
	kd_buf_release(&text);
	kd_buf_release(&from);
	kd_buf_release(&subject);
	kd_buf_release(&ex);
}

/* What a reply's own text says: trailers given, acceptance, ping. */
static void read_reply_body(struct kd_message *m, const struct kd_headers *h,
			    const char *body, size_t len)
{
	struct kd_buf text = KD_BUF_INIT, own = KD_BUF_INIT;
	int limited = 0;
	size_t i;

	kd_mime_text(&text, h, body, len, &limited);
	if (limited)
		m->truncated = 1;
	kd_reply_own_text(&own, text.buf, text.len);
	kd_trailers_given(&m->trailers, own.buf, own.len);
	for (i = 0; i < m->trailers.nr; i++) {
		make_safe(&m->trailers.v[i].name);
		make_safe(&m->trailers.v[i].email);
	}
	m->accepts = kd_reply_acceptance(&m->acceptance, own.buf, own.len);
	m->is_ping = kd_reply_is_ping(own.buf, own.len);
	kd_buf_release(&text);
	kd_buf_release(&own);
}

/* A pull request's tree and ref, from git request-pull's lines. */
static void read_pull_body(struct kd_message *m, const struct kd_headers *h,
			   const char *body, size_t len)
{
	struct kd_buf text = KD_BUF_INIT;
	int limited = 0;

	kd_mime_text(&text, h, body, len, &limited);
	if (limited)
		m->truncated = 1;
	if (kd_pull_parse(&m->pull, text.buf, text.len)) {
		make_safe(&m->pull.url);
		make_safe(&m->pull.ref);
		make_safe(&m->pull.base);
		make_safe(&m->pull.tip);
	}
	kd_buf_release(&text);
}

/*
 * The fields a message is read for (and rfc2045.h for its body): the rest
 * of its header, Received: lines and all, is read past and never copied.
 */
static const char *const fields_read[] = {
	"Subject",	"From",	      "X-Original-From",
	"Message-ID", "References", "In-Reply-To",
	"Date",	"Content-Type", "Content-Transfer-Encoding",
	"Content-Disposition", NULL,
};

void kd_message_read(struct kd_message *m, const char *raw, size_t len,
		     unsigned int parts)
{
	int with_body = !!(parts & KD_MESSAGE_BODY);
	static const struct kd_message init = KD_MESSAGE_INIT;
	struct kd_headers h = KD_HEADERS_INIT;
	size_t body_off;

	h.only = fields_read;
	/* flags and the excerpt are set only when present: start clean */
	*m = init;
	kd_headers_parse(&h, raw, len, &body_off);
	if (h.truncated)
		m->truncated = 1;

	m->subject = decoded_line(kd_headers_get(&h, "Subject"));
	kd_subject_parse(&m->subj, m->subject);
	read_sender(m, &h);
	read_ids(m, &h);
	if (!kd_date_parse(&m->date, &m->tz, kd_headers_get(&h, "Date")))
		m->has_date = 1;

	mailbox_copy(&m->author, &m->sender);
	if (with_body && len > KD_MESSAGE_MAX)
		m->truncated = 1;
	else if (with_body && m->subj.is_patch)
		read_patch_body(m, &h, raw + body_off, len - body_off, parts);
	else if (with_body && m->subj.is_pull)
		read_pull_body(m, &h, raw + body_off, len - body_off);
	else if (with_body && m->subj.is_reply)
		read_reply_body(m, &h, raw + body_off, len - body_off);
	kd_headers_release(&h);
}

void kd_message_parse(struct kd_message *m, const char *raw, size_t len)
{
	kd_message_read(m, raw, len, KD_MESSAGE_BODY | KD_MESSAGE_EXCERPT);
}

void kd_message_parse_headers(struct kd_message *m, const char *raw,
			      size_t len)
{
	kd_message_read(m, raw, len, KD_MESSAGE_HEADERS);
}

char *kd_message_subject(const char *value, size_t len)
{
	struct kd_buf unfolded = KD_BUF_INIT;
	char *subject;
	size_t i;

	/* unfold, as a Subject field is unfolded: line breaks go */
	for (i = 0; i < len; i++) {
		if (value[i] == '\n' && i + 1 < len &&
		    (value[i + 1] == ' ' || value[i + 1] == '\t'))
			continue;
		if (value[i] == '\n')
			break;
		kd_buf_addch(&unfolded, value[i]);
	}
	subject = decoded_line(unfolded.buf);
	kd_buf_release(&unfolded);
	return subject;
}

void kd_message_release(struct kd_message *m)
{
	free(m->subject);
	kd_subject_release(&m->subj);
	kd_mailbox_release(&m->sender);
	kd_mailbox_release(&m->author);
	free(m->message_id);
	free(m->parent);
	free(m->refs);
	free(m->excerpt);
	free(m->paths);
	m->paths = NULL;
	free(m->change_id);
	m->change_id = NULL;
	kd_version_links_release(&m->links);
	kd_fixes_release(&m->fixes);
	kd_pull_release(&m->pull);
	kd_trailers_release(&m->trailers);
	kd_acceptance_release(&m->acceptance);
	m->accepts = m->is_ping = 0;
	m->subject = m->message_id = m->parent = m->excerpt = NULL;
	m->refs = NULL;
	m->nr_refs = 0;
}
