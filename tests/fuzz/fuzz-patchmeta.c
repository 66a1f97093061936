/*
 * libFuzzer target for the metadata of patch mails: any bytes, as the
 * decoded text of a mail, go through trailer.h, lore.h, pull.h and
 * patchid.h, whose results must keep the promises of those headers
 * (bounds, shapes, no duplicates, ids that survive a round trip), without
 * a crash, a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "fuzz-check.h"
#include "lore.h"
#include "patchid.h"
#include "pull.h"
#include "trailer.h"

#define FAIL(...) \
	do { \
		fprintf(stderr, "fuzz: " __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} while (0)

static int is_hex_lower(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* An address as trailer.h returns it: lowercased, one '@', no specials. */
static void check_email(const char *e)
{
	const char *at = strchr(e, '@');
	const unsigned char *p;

	if (!at || at == e || !at[1] || strchr(at + 1, '@'))
		FAIL("trailer address <%s> is no address", e);
	for (p = (const unsigned char *)e; *p; p++)
		if (*p <= ' ' || *p == 0x7f || (*p >= 'A' && *p <= 'Z') ||
		    strchr("<>()[],;:\"\\", *p))
			FAIL("trailer address <%s> holds 0x%02x", e, *p);
}

static void check_trailers(const char *text, size_t len, int utf8)
{
	struct kd_trailers t = KD_TRAILERS_INIT;
	size_t i, j;

	kd_trailers_given(&t, text, len);
	if (t.nr > KD_TRAILERS_MAX)
		FAIL("%zu trailers", t.nr);
	for (i = 0; i < t.nr; i++) {
		if ((unsigned)t.v[i].kind > KD_TRAILER_NACKED || !t.v[i].name)
			FAIL("trailer %zu: kind %d", i, (int)t.v[i].kind);
		check_email(t.v[i].email);
		if (utf8)
			fuzz_check_utf8("trailer name", t.v[i].name,
					strlen(t.v[i].name));
		for (j = 0; j < i; j++)
			if (t.v[j].kind == t.v[i].kind &&
			    !strcmp(t.v[j].email, t.v[i].email))
				FAIL("trailer %s twice", t.v[i].email);
	}
	kd_trailers_release(&t);
}

static void check_fixes(const char *text, size_t len, int utf8)
{
	struct kd_fixes f = KD_FIXES_INIT;
	size_t i, j, n;

	kd_fixes_parse(&f, text, len);
	if (f.nr > KD_FIXES_MAX)
		FAIL("%zu fixes", f.nr);
	for (i = 0; i < f.nr; i++) {
		const char *c = f.v[i].commit, *s = f.v[i].subject;

		n = strlen(c);
		if (n < 8 || n > 40 || !is_hex_lower(c))
			FAIL("fix commit <%s>", c);
		if (s &&
		    (!*s || strlen(s) > KD_FIX_SUBJECT_MAX || strchr(s, '\n') ||
		     (utf8 && !kd_utf8_valid(s, strlen(s)))))
			FAIL("fix subject <%s>", s);
		for (j = 0; j < i; j++)
			if (!strncmp(f.v[j].commit, c,
				     n < strlen(f.v[j].commit)
					     ? n
					     : strlen(f.v[j].commit)))
				FAIL("fix %s and %s are one commit",
				     f.v[j].commit, c);
	}
	kd_fixes_release(&f);
	if (f.stable || f.nr)
		FAIL("kd_fixes_release() left state");
}

static void check_change_id(const char *text, size_t len)
{
	struct kd_buf id = KD_BUF_INIT;
	size_t i;

	if (kd_change_id(&id, text, len)) {
		if (id.len < 10 || id.len > KD_CHANGE_ID_MAX ||
		    id.buf[8] != '-')
			FAIL("change-id <%s>", id.buf);
		for (i = 0; i < id.len; i++)
			if (id.buf[i] <= ' ' ||
			    (i < 8 && (id.buf[i] < '0' || id.buf[i] > '9')))
				FAIL("change-id <%s>", id.buf);
	} else if (id.len) {
		FAIL("change-id none, yet written");
	}
	kd_buf_release(&id);
}

/* An id as kd_lore_msgid() returns it. */
static void check_msgid(const char *what, const char *id, size_t len)
{
	size_t i;

	if (!len || len > KD_LORE_MSGID_MAX || strlen(id) != len)
		FAIL("%s: id of %zu bytes", what, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>')
			FAIL("%s: id holds 0x%02x", what, c);
	}
}

/* kd_lore_url() then kd_lore_msgid() gives the id back. */
static void check_round_trip(const char *id)
{
	struct kd_buf url = KD_BUF_INIT, back = KD_BUF_INIT;

	kd_lore_url(&url, "https://lore.kernel.org/kvm/", id);
	if (!kd_lore_msgid(&back, url.buf, url.len) || strcmp(back.buf, id))
		FAIL("<%s> came back from <%s> as <%s>", id, url.buf, back.buf);
	kd_buf_release(&url);
	kd_buf_release(&back);
}

static void check_lore(const char *text, size_t len, const char *str)
{
	struct kd_version_links l = KD_VERSION_LINKS_INIT;
	struct kd_buf id = KD_BUF_INIT;
	size_t i, j, n;

	if (kd_lore_msgid(&id, text, len)) {
		check_msgid("url", id.buf, id.len);
		check_round_trip(id.buf);
	} else if (id.len) {
		FAIL("no message id, yet written");
	}
	/* the text's first line as an id, when it can be one */
	n = strcspn(str, "\n");
	kd_buf_reset(&id);
	kd_buf_add(&id, str, n < KD_LORE_MSGID_MAX ? n : KD_LORE_MSGID_MAX);
	for (i = 0; i < id.len && (unsigned char)id.buf[i] > ' ' &&
		    id.buf[i] != 0x7f && id.buf[i] != '<' && id.buf[i] != '>';
	     i++)
		;
	if (i == id.len && i && strchr(id.buf, '@'))
		check_round_trip(id.buf);
	kd_buf_release(&id);

	kd_version_links(&l, text, len);
	if (l.nr > KD_VERSION_LINKS_MAX)
		FAIL("%zu version links", l.nr);
	for (i = 0; i < l.nr; i++) {
		check_msgid("version link", l.v[i].message_id,
			    strlen(l.v[i].message_id));
		if (l.v[i].version < 0 || l.v[i].version > 999)
			FAIL("version %d", l.v[i].version);
		for (j = 0; j < i; j++)
			if (!strcmp(l.v[i].message_id, l.v[j].message_id))
				FAIL("version link %s twice",
				     l.v[i].message_id);
	}
	kd_version_links_release(&l);
}

static void check_word(const char *what, const char *w, int hex)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t n = strlen(w);

	if (!n || n > KD_PULL_WORD_MAX)
		FAIL("pull %s of %zu bytes", what, n);
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			FAIL("pull %s <%s> holds 0x%02x", what, w, *p);
	if (hex && (n < 7 || n > 64 || !is_hex_lower(w)))
		FAIL("pull %s <%s>", what, w);
}

static void check_pull(const char *text, size_t len)
{
	struct kd_pull p = KD_PULL_INIT;

	if (kd_pull_parse(&p, text, len)) {
		check_word("url", p.url, 0);
		if (p.ref)
			check_word("ref", p.ref, 0);
		if (p.base)
			check_word("base", p.base, 1);
		if (p.tip)
			check_word("tip", p.tip, 1);
	} else if (p.url || p.ref || p.base || p.tip) {
		FAIL("no pull request, yet fields set");
	}
	kd_pull_release(&p);
}

static void check_patch_id(const char *text, size_t len)
{
	uint64_t a, b;
	int have = kd_patch_id(&a, text, len);

	if (!have && a)
		FAIL("no patch id, yet %llx", (unsigned long long)a);
	if (kd_patch_id(&b, text, len) != have || a != b)
		FAIL("two patch ids for one text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct kd_buf str = KD_BUF_INIT;
	int utf8 = kd_utf8_valid(text, size);

	/*
	 * The functions read libFuzzer's buffer, which ends where the input
	 * does, so that ASan sees a read past `size`; a NUL-terminated copy
	 * is for what wants a C string.
	 */
	kd_buf_add(&str, data, size);
	check_trailers(text, size, utf8);
	check_fixes(text, size, utf8);
	check_change_id(text, size);
	check_lore(text, size, str.buf);
	check_pull(text, size);
	check_patch_id(text, size);
	kd_buf_release(&str);
	return 0;
}
