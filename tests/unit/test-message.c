#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "message.h"

static void parse(struct kd_message *m, const char *raw)
{
	struct kd_message init = KD_MESSAGE_INIT;

	*m = init;
	kd_message_parse(m, raw, strlen(raw));
}

static void assert_mailbox(const struct kd_mailbox *mb, const char *name,
			   const char *email)
{
	assert_non_null(mb->name);
	assert_non_null(mb->email);
	assert_string_equal(mb->name, name);
	assert_string_equal(mb->email, email);
}

/* The body of a one-patch series after its headers. */
#define PATCH_TEXT                                                             \
	"Fix the thing.\n"                                                     \
	"\n"                                                                   \
	"Signed-off-by: Author Name <author@y.org>\n"                          \
	"---\n"                                                                \
	" a.c | 1 +\n"                                                         \
	" 1 file changed, 1 insertion(+)\n"                                    \
	"\n"                                                                   \
	"diff --git a/a.c b/a.c\n"                                             \
	"--- a/a.c\n"                                                          \
	"+++ b/a.c\n"                                                          \
	"@@ -1 +1,2 @@\n"                                                      \
	" x\n"                                                                 \
	"+y\n"                                                                 \
	"-- \n"                                                                \
	"2.43.0\n"

#define PATCH_EXCERPT                                                          \
	"Fix the thing.\n"                                                     \
	"\n"                                                                   \
	"Signed-off-by: Author Name <author@y.org>\n"                          \
	"---\n"                                                                \
	" a.c | 1 +\n"                                                         \
	" 1 file changed, 1 insertion(+)\n"

static void test_reply(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Sean Christopherson <SEANJC@Google.com>\n"
		  "Subject: Re: [PATCH 2/3] KVM: x86: Fix it\n"
		  "Date: Wed, 4 Feb 2026 19:19:38 -0800\n"
		  "Message-ID: <reply@x>\n"
		  "In-Reply-To: <p2@x>\n"
		  "References: <cover@x>\n"
		  " <p2@x>\n"
		  "\n"
		  "From: Somebody Else <else@x.org>\n"
		  "\n"
		  "> quoted\n"
		  "Reply.\n");
	assert_string_equal(m.subject, "Re: [PATCH 2/3] KVM: x86: Fix it");
	assert_int_equal(m.subj.is_reply, 1);
	assert_int_equal(m.subj.is_patch, 0);
	assert_mailbox(&m.sender, "Sean Christopherson", "seanjc@google.com");
	/* a reply's body is not searched for an author */
	assert_mailbox(&m.author, "Sean Christopherson", "seanjc@google.com");
	assert_string_equal(m.message_id, "reply@x");
	assert_string_equal(m.parent, "p2@x");
	assert_int_equal(m.nr_refs, 2);
	assert_memory_equal(m.refs, "cover@x\0p2@x", sizeof("cover@x\0p2@x"));
	assert_int_equal(m.has_date, 1);
	assert_int_equal(m.date, 1770261578);
	assert_int_equal(m.tz, -480);
	assert_null(m.excerpt);
	assert_int_equal(m.truncated, 0);
	kd_message_release(&m);
	assert_null(m.subject);
	assert_null(m.sender.name);
	assert_null(m.author.email);
	assert_null(m.message_id);
	assert_null(m.parent);
	assert_null(m.refs);
	assert_null(m.excerpt);
}

static void test_patch_inbody_from(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Sender Person <sender@x.org>\n"
		  "Subject: [PATCH] KVM: Fix the thing\n"
		  "Date: Wed, 4 Feb 2026 19:19:38 -0700\n"
		  "Message-Id: <p@x>\n"
		  "\n"
		  "From: Author Name <Author@Y.org>\n"
		  "\n" PATCH_TEXT);
	assert_int_equal(m.subj.is_patch, 1);
	assert_string_equal(m.subj.title, "KVM: Fix the thing");
	assert_mailbox(&m.sender, "Sender Person", "sender@x.org");
	assert_mailbox(&m.author, "Author Name", "author@y.org");
	assert_string_equal(m.message_id, "p@x");
	assert_string_equal(m.parent, "");
	assert_int_equal(m.nr_refs, 0);
	assert_int_equal(m.tz, -420);
	assert_int_equal(m.date, 1770257978);
	assert_non_null(m.excerpt);
	assert_string_equal(m.excerpt, PATCH_EXCERPT);
	kd_message_release(&m);
}

static void test_patch_no_inbody_from(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Author Name <author@y.org>\n"
		  "Subject: [PATCH v3 1/2] KVM: Fix the thing\n"
		  "\n" PATCH_TEXT);
	assert_mailbox(&m.sender, "Author Name", "author@y.org");
	assert_mailbox(&m.author, "Author Name", "author@y.org");
	assert_int_equal(m.subj.version, 3);
	assert_int_equal(m.subj.index, 1);
	assert_int_equal(m.subj.total, 2);
	assert_string_equal(m.excerpt, PATCH_EXCERPT);
	/* no Date at all */
	assert_int_equal(m.has_date, 0);
	kd_message_release(&m);
}

static void test_patch_base64(void **state)
{
	struct kd_message m;

	(void)state;
	/*
	 * "From: Author Name <Author@Y.org>\n\nFix the thing.\n\n
	 * Signed-off-by: ...\n---\n a.c | 1 +\n 1 file changed, ..."
	 */
	parse(&m, "From: Sender Person <sender@x.org>\n"
		  "Subject: [PATCH] KVM: Fix the thing\n"
		  "MIME-Version: 1.0\n"
		  "Content-Type: text/plain; charset=utf-8\n"
		  "Content-Transfer-Encoding: base64\n"
		  "\n"
		  "RnJvbTogQXV0aG9yIE5hbWUgPEF1dGhvckBZLm9yZz4KCkZpeCB0aGUg"
		  "dGhpbmcuCgpTaWduZWQt\n"
		  "b2ZmLWJ5OiBBdXRob3IgTmFtZSA8YXV0aG9yQHkub3JnPgotLS0KIGEu"
		  "YyB8IDEgKwogMSBmaWxl\n"
		  "IGNoYW5nZWQsIDEgaW5zZXJ0aW9uKCspCgpkaWZmIC0tZ2l0IGEvYS5j"
		  "IGIvYS5jCg==\n");
	assert_mailbox(&m.sender, "Sender Person", "sender@x.org");
	assert_mailbox(&m.author, "Author Name", "author@y.org");
	assert_string_equal(m.excerpt, PATCH_EXCERPT);
	kd_message_release(&m);
}

static void test_outlook_reply(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Mary Manager <Mary@Corp.example>\n"
		  "Subject: RE: [PATCH 1/4] KVM: Fix the thing\n"
		  "\n"
		  "From: Author Name <author@y.org> Sent: Monday, February 2, "
		  "2026 9:00 AM To: kvm@vger.kernel.org\n"
		  "\n"
		  "Looks good.\n");
	assert_int_equal(m.subj.is_reply, 1);
	assert_int_equal(m.subj.is_patch, 0);
	assert_mailbox(&m.sender, "Mary Manager", "mary@corp.example");
	assert_mailbox(&m.author, "Mary Manager", "mary@corp.example");
	assert_null(m.excerpt);
	kd_message_release(&m);
}

static void test_b4_relay(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: John Doe via B4 Relay "
		  "<devnull+john.doe.example.org@kernel.org>\n"
		  "Subject: [PATCH 2/5] KVM: Fix the thing\n"
		  "X-Original-From: John Doe <John.Doe@Example.org>\n"
		  "Reply-To: john.doe@example.org\n"
		  "\n" PATCH_TEXT);
	assert_mailbox(&m.sender, "John Doe", "john.doe@example.org");
	assert_mailbox(&m.author, "John Doe", "john.doe@example.org");
	/* not a series head */
	assert_null(m.excerpt);
	kd_message_release(&m);

	/* the relay's From without X-Original-From: the name is mended */
	parse(&m, "From: John Doe via B4 Relay "
		  "<devnull+john.doe.example.org@kernel.org>\n"
		  "Subject: [PATCH 2/5] KVM: Fix the thing\n"
		  "\n" PATCH_TEXT);
	assert_mailbox(&m.sender, "John Doe",
		       "devnull+john.doe.example.org@kernel.org");
	assert_mailbox(&m.author, "John Doe",
		       "devnull+john.doe.example.org@kernel.org");
	kd_message_release(&m);

	/* an X-Original-From with no address is not taken */
	parse(&m, "From: John Doe via B4 Relay "
		  "<devnull+john.doe.example.org@kernel.org>\n"
		  "X-Original-From: \n"
		  "Subject: Re: x\n"
		  "\n");
	assert_mailbox(&m.sender, "John Doe",
		       "devnull+john.doe.example.org@kernel.org");
	kd_message_release(&m);

	/* X-Original-From is ignored when From is not the relay's */
	parse(&m, "From: Jane Roe <jane@example.org>\n"
		  "X-Original-From: Spoof <spoof@example.org>\n"
		  "Subject: Re: x\n"
		  "\n");
	assert_mailbox(&m.sender, "Jane Roe", "jane@example.org");
	kd_message_release(&m);
}

static void test_subjects(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: a@b\n"
		  "Subject: [PATCH v2 0/4] KVM: a very\n"
		  "  long   subject\n"
		  "\tfolded \n"
		  "\n"
		  "Cover letter text.\n");
	assert_string_equal(m.subject,
			    "[PATCH v2 0/4] KVM: a very long subject folded");
	assert_string_equal(m.subj.title, "KVM: a very long subject folded");
	assert_int_equal(m.subj.index, 0);
	assert_int_equal(m.subj.total, 4);
	assert_string_equal(m.excerpt, "Cover letter text.\n");
	kd_message_release(&m);

	/* the [PATCH] tag inside the encoded word */
	parse(&m, "From: a@b\n"
		  "Subject: =?UTF-8?q?=5BPATCH=5D_KVM:_fix_caf=C3=A9?=\n"
		  "\n"
		  "Text.\n");
	assert_string_equal(m.subject, "[PATCH] KVM: fix caf\xc3\xa9");
	assert_int_equal(m.subj.is_patch, 1);
	assert_string_equal(m.subj.title, "KVM: fix caf\xc3\xa9");
	assert_string_equal(m.excerpt, "Text.\n");
	kd_message_release(&m);

	/* folded between two encoded words */
	parse(&m, "From: a@b\n"
		  "Subject: =?UTF-8?B?W1BBVENIIDEvMl0g?=\n"
		  " =?UTF-8?B?S1ZNOiB4?=\n"
		  "\n");
	assert_string_equal(m.subject, "[PATCH 1/2] KVM: x");
	assert_int_equal(m.subj.is_patch, 1);
	assert_int_equal(m.subj.index, 1);
	kd_message_release(&m);
}

static void test_names_and_addresses(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: =?UTF-8?q?Cl=C3=A9ment_L=C3=A9ger?= "
		  "<CLeger@RivosInc.COM>\n"
		  "Subject: Re: x\n"
		  "\n");
	assert_mailbox(&m.sender, "Cl\xc3\xa9ment L\xc3\xa9ger",
		       "cleger@rivosinc.com");
	kd_message_release(&m);

	parse(&m, "From: \"Doe,\n"
		  "  John\" <John@X.org>\n"
		  "Subject: Re: x\n"
		  "\n");
	assert_mailbox(&m.sender, "Doe, John", "john@x.org");
	kd_message_release(&m);
}

static void test_ids(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "Message-ID:\n"
		  " <20260204.abc@x.org>\n"
		  "In-Reply-To: <parent@x>\n"
		  "\n");
	assert_string_equal(m.message_id, "20260204.abc@x.org");
	assert_string_equal(m.parent, "parent@x");
	assert_int_equal(m.nr_refs, 0);
	kd_message_release(&m);

	/* In-Reply-To names the parent, even when References disagrees */
	parse(&m, "Message-ID: <m@x>\n"
		  "References: <root@x> <mid@x>\n"
		  "In-Reply-To: <other@x> <mid@x>\n"
		  "\n");
	assert_string_equal(m.parent, "other@x");
	assert_int_equal(m.nr_refs, 2);
	assert_memory_equal(m.refs, "root@x\0mid@x", sizeof("root@x\0mid@x"));
	kd_message_release(&m);

	/* without In-Reply-To, the last reference is the parent */
	parse(&m, "References: <root@x>\n <mid@x>\n"
		  "\n");
	assert_string_equal(m.parent, "mid@x");
	kd_message_release(&m);

	/* an empty References does not hide In-Reply-To */
	parse(&m, "References: \n"
		  "In-Reply-To: <parent@x>\n"
		  "\n");
	assert_string_equal(m.message_id, "");
	assert_string_equal(m.parent, "parent@x");
	assert_int_equal(m.nr_refs, 0);
	kd_message_release(&m);

	/* ids are made safe like every string; empty ones are dropped */
	parse(&m, "Message-ID: <a\033]0;x@y>\n"
		  "References: <\033@z> < >\n"
		  "\n");
	assert_string_equal(m.message_id, "a^[]0;x@y");
	assert_int_equal(m.nr_refs, 1);
	assert_string_equal(m.refs, "^[@z");
	assert_string_equal(m.parent, "^[@z");
	kd_message_release(&m);
}

/* Thousands of references: the root and the nearest are kept. */
static void test_many_refs(void **state)
{
	struct kd_buf raw = KD_BUF_INIT;
	struct kd_message m;
	const char *p;
	size_t i;

	(void)state;
	kd_buf_addstr(&raw, "Message-ID: <me@x>\nReferences:");
	for (i = 0; i < 5000; i++)
		kd_buf_addf(&raw, " <%zu@x>\n", i);
	kd_buf_addstr(&raw, "\nbody\n");
	kd_message_parse(&m, raw.buf, raw.len);
	assert_int_equal(m.nr_refs, KD_MESSAGE_REFS);
	assert_string_equal(m.refs, "0@x");
	for (p = m.refs, i = 1; i < KD_MESSAGE_REFS; i++)
		p += strlen(p) + 1;
	assert_string_equal(p, "4999@x");
	assert_string_equal(m.parent, "4999@x");
	kd_message_release(&m);
	kd_buf_release(&raw);
}

static void test_excerpt_heads_only(void **state)
{
	static const struct {
		const char *subject;
		int head;
	} cases[] = {
		{"[PATCH 0/3] x", 1},
		{"[PATCH 00/37] x", 1},
		{"[PATCH 1/3] x", 1},
		{"[PATCH] x", 1},
		{"[PATCH 2/3] x", 0},
		{"[PATCH 10/12] x", 0},
		{"Re: [PATCH 0/3] x", 0},
		{"Re: [PATCH] x", 0},
		{"x", 0},
	};
	struct kd_buf raw = KD_BUF_INIT;
	struct kd_message m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		kd_buf_reset(&raw);
		kd_buf_addf(&raw, "From: a@b\nSubject: %s\n\n%s",
			    cases[i].subject, PATCH_TEXT);
		parse(&m, raw.buf);
		if (cases[i].head) {
			if (!m.excerpt || strcmp(m.excerpt, PATCH_EXCERPT))
				fail_msg("excerpt of '%s' is '%s'",
					 cases[i].subject,
					 m.excerpt ? m.excerpt : "(null)");
		} else if (m.excerpt) {
			fail_msg("'%s' has an excerpt", cases[i].subject);
		}
		kd_message_release(&m);
	}
	kd_buf_release(&raw);
}

static void test_escapes(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Evil\x1b[2J Person <evil@x\x1b.org>\n"
		  "Subject: [PATCH] \x1b[31mred\x1b[0m title\n"
		  "Message-ID: <id\x1b@x>\n"
		  "\n"
		  "Body \x1b]0;retitled\x07 text\n"
		  "tab\there\r\n");
	assert_string_equal(m.subject, "[PATCH] ^[[31mred^[[0m title");
	assert_string_equal(m.subj.title, "^[[31mred^[[0m title");
	assert_mailbox(&m.sender, "Evil^[[2J Person", "evil@x^[.org");
	assert_string_equal(m.message_id, "id^[@x");
	/* the MIME layer drops the CR of CRLF; tabs are kept */
	assert_string_equal(m.excerpt, "Body ^[]0;retitled^G text\n"
				       "tab\there\n");
	kd_message_release(&m);
}

static void test_crlf_patch(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: Sender Person <sender@x.org>\r\n"
		  "Subject: [PATCH 0/2] KVM:\r\n"
		  " two lines\r\n"
		  "Date: Wed, 4 Feb 2026 19:19:38 -0800\r\n"
		  "\r\n"
		  "From: =?UTF-8?q?J=C3=B6rg_Roe?= <Joerg@Y.org>\r\n"
		  "\r\n"
		  "Cover.\r\n"
		  "\r\n"
		  "-- \r\n"
		  "sig\r\n");
	assert_string_equal(m.subject, "[PATCH 0/2] KVM: two lines");
	assert_mailbox(&m.author, "J\xc3\xb6rg Roe", "joerg@y.org");
	assert_int_equal(m.tz, -480);
	assert_string_equal(m.excerpt, "Cover.\n");
	kd_message_release(&m);
}

static void test_control_in_address(void **state)
{
	struct kd_message m;

	(void)state;
	/* caret notation stays upper case in a lowercased address */
	parse(&m, "From: N <A\x01"
		  "B@X.org>\nSubject: Re: x\n\n");
	assert_mailbox(&m.sender, "N", "a^Ab@x.org");
	kd_message_release(&m);
}

static void test_8bit_address(void **state)
{
	struct kd_message m;

	(void)state;
	/* raw bytes that are not UTF-8 in an address: each is U+FFFD */
	parse(&m, "From: N <a@x.d\xff\xfe>\nSubject: [PATCH] x\n"
		  "\n"
		  "From: A <b\xe9@y.org>\n\nBody.\n");
	assert_mailbox(&m.sender, "N", "a@x.d\xef\xbf\xbd\xef\xbf\xbd");
	assert_mailbox(&m.author, "A", "b\xef\xbf\xbd@y.org");
	kd_message_release(&m);
}

static void test_8bit_ids(void **state)
{
	struct kd_message m;

	(void)state;
	/* found by fuzz-message: raw bytes that are not UTF-8 in ids */
	parse(&m, "Message-ID: <a\xe7\xe7@x>\n"
		  "In-Reply-To: <p\xff@x>\n"
		  "References: <r\xfe@x> <ok\xc3\xa9@x>\n"
		  "Subject: Re: x\n\nText.\n");
	assert_string_equal(m.message_id, "a\xef\xbf\xbd\xef\xbf\xbd@x");
	assert_string_equal(m.parent, "p\xef\xbf\xbd@x");
	assert_int_equal(m.nr_refs, 2);
	assert_string_equal(m.refs, "r\xef\xbf\xbd@x");
	assert_string_equal(m.refs + strlen(m.refs) + 1, "ok\xc3\xa9@x");
	kd_message_release(&m);
}

static void test_control_in_path(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: N <n@x.org>\nSubject: [PATCH] x\n\n"
		  "Text.\n---\n"
		  " a\x1b[2Jb.c | 1 +\n"
		  " 1 file changed, 1 insertion(+)\n"
		  "\n"
		  "diff --git a/c\x02.c b/c\x02.c\n");
	assert_string_equal(m.paths, "a^[[2Jb.c\nc^B.c\n");
	kd_message_release(&m);
}

static void test_too_large(void **state)
{
	struct kd_buf raw = KD_BUF_INIT;
	struct kd_message m;

	(void)state;
	kd_buf_addstr(&raw, "From: Sender <sender@x.org>\n"
			    "Subject: [PATCH] KVM: huge\n"
			    "\n"
			    "From: Author <author@y.org>\n"
			    "\n");
	kd_buf_addchars(&raw, 'x', KD_MESSAGE_MAX);
	parse(&m, raw.buf);
	/* read by its headers only */
	assert_int_equal(m.truncated, 1);
	assert_string_equal(m.subject, "[PATCH] KVM: huge");
	assert_mailbox(&m.author, "Sender", "sender@x.org");
	assert_null(m.excerpt);
	kd_message_release(&m);

	/* just under the limit: read whole */
	kd_buf_setlen(&raw, KD_MESSAGE_MAX);
	parse(&m, raw.buf);
	assert_int_equal(m.truncated, 0);
	assert_mailbox(&m.author, "Author", "author@y.org");
	assert_non_null(m.excerpt);
	kd_message_release(&m);
	kd_buf_release(&raw);
}

static void test_no_headers(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "\nFrom: a@b\nSubject: [PATCH] x\n");
	assert_string_equal(m.subject, "");
	assert_int_equal(m.subj.is_patch, 0);
	assert_int_equal(m.subj.is_reply, 0);
	assert_mailbox(&m.sender, "", "");
	assert_mailbox(&m.author, "", "");
	assert_string_equal(m.message_id, "");
	assert_string_equal(m.parent, "");
	assert_int_equal(m.has_date, 0);
	assert_null(m.excerpt);
	assert_int_equal(m.truncated, 0);
	kd_message_release(&m);
}

static void test_empty(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "");
	assert_string_equal(m.subject, "");
	assert_mailbox(&m.sender, "", "");
	assert_mailbox(&m.author, "", "");
	assert_string_equal(m.message_id, "");
	assert_string_equal(m.parent, "");
	assert_int_equal(m.has_date, 0);
	assert_null(m.excerpt);
	kd_message_release(&m);

	/* a subject and nothing else, no body, no blank line */
	parse(&m, "Subject: [PATCH] x");
	assert_string_equal(m.subject, "[PATCH] x");
	assert_int_equal(m.subj.is_patch, 1);
	assert_mailbox(&m.author, "", "");
	assert_non_null(m.excerpt);
	assert_string_equal(m.excerpt, "");
	kd_message_release(&m);
}

static void test_reuse_after_release(void **state)
{
	struct kd_message m;

	(void)state;
	parse(&m, "From: a@b\nDate: Thu, 1 Jan 1970 00:00:00 +0100\n"
		  "Subject: [PATCH] x\n\ntext\n");
	assert_int_equal(m.has_date, 1);
	assert_int_equal(m.tz, 60);
	assert_string_equal(m.excerpt, "text\n");
	kd_message_release(&m);
	/* parsed again without KD_MESSAGE_INIT: nothing of the first stays */
	kd_message_parse(&m, "Subject: Re: y\n\n", 16);
	assert_int_equal(m.has_date, 0);
	assert_int_equal(m.tz, 0);
	assert_int_equal(m.date, 0);
	assert_null(m.excerpt);
	assert_string_equal(m.subject, "Re: y");
	kd_message_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_patch_inbody_from),
		cmocka_unit_test(test_patch_no_inbody_from),
		cmocka_unit_test(test_patch_base64),
		cmocka_unit_test(test_outlook_reply),
		cmocka_unit_test(test_b4_relay),
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_names_and_addresses),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_many_refs),
		cmocka_unit_test(test_excerpt_heads_only),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_crlf_patch),
		cmocka_unit_test(test_control_in_address),
		cmocka_unit_test(test_8bit_address),
		cmocka_unit_test(test_8bit_ids),
		cmocka_unit_test(test_control_in_path),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_no_headers),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_reuse_after_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
