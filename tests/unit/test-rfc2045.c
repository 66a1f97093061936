#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rfc2045.h"
#include "rfc5322.h"

/* The text of a whole message (header and body), as kd_mime_text sees it. */
static char *mime_text(const char *msg, size_t len, int *limited)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf out = KD_BUF_INIT;
	size_t off;

	kd_headers_parse(&h, msg, len, &off);
	*limited = -1;
	kd_mime_text(&out, &h, msg + off, len - off, limited);
	kd_headers_release(&h);
	return kd_buf_detach(&out, NULL);
}

static void check_text(const char *msg, const char *want)
{
	int limited;
	char *got = mime_text(msg, strlen(msg), &limited);

	assert_string_equal(got, want);
	assert_int_equal(limited, 0);
	free(got);
}

static void test_no_content_type(void **state)
{
	(void)state;
	check_text("Subject: x\n\nHello\r\nworld\n", "Hello\nworld\n");
	check_text("Subject: x\r\n\r\nno final newline", "no final newline");
	/* a lone CR stays; CRs before LF go, also two of them */
	check_text("Subject: x\n\na\r\r\nb\rc\r\n", "a\nb\rc\n");
	/* no header at all, and nothing at all */
	check_text("\nbody\n", "body\n");
	check_text("", "");
}

static void test_unknown_type(void **state)
{
	(void)state;
	/* an unparsable type is text/plain (RFC 2045 5.2) */
	check_text("Content-Type: text\n\nx\n", "x\n");
	check_text("Content-Type: ; charset=iso-8859-1\n\ncaf\xe9\n",
		   "caf\xc3\xa9\n");
	/* a lone text/html is still the only text there is */
	check_text("Content-Type: text/html\n\n<p>x</p>\n", "<p>x</p>\n");
	check_text("Content-Type: application/octet-stream\n\nx\n", "");
	check_text("Content-Type: message/rfc822\n\nSubject: y\n\nx\n", "");
}

static void test_qp(void **state)
{
	(void)state;
	check_text("Content-Type: text/plain; charset=utf-8\n"
		   "Content-Transfer-Encoding: quoted-printable\n"
		   "\n"
		   "line one=0D\n"
		   "crlf=0d=0a"
		   "soft =\n"
		   "break=\r\n"
		   "here\n"
		   "trail=  \n"
		   "x =3d =3D =C3=A9 =ZZ =4 a=\n",
		   "line one\n"
		   "crlf\n"
		   "soft breakhere\n"
		   "trailx = = \xc3\xa9 =ZZ =4 a");
}

static void test_qp_decode(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_addstr(&b, "kept:");
	kd_qp_decode(&b, "a=\tb=", 5);
	assert_string_equal(b.buf, "kept:a=\tb");
	kd_buf_reset(&b);
	kd_qp_decode(&b, "=4", 2);
	assert_string_equal(b.buf, "=4");
	kd_buf_reset(&b);
	kd_qp_decode(&b, "=\r", 2);
	assert_string_equal(b.buf, "");
	kd_buf_reset(&b);
	kd_qp_decode(&b, "=00x=fF", 7);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.buf, "\0x\xff", 3);
	kd_buf_release(&b);
}

static void test_base64_crlf(void **state)
{
	(void)state;
	/* a diffstat that came CRLF inside base64 */
	check_text("Content-Type: text/plain; charset=\"utf-8\"\r\n"
		   "Content-Transfer-Encoding: base64\r\n"
		   "\r\n"
		   "Rml4IHRoZSB0aGluZy4NCg0KU2lnbmVkLW9mZi1ieTogQSA8YUBiLmM+"
		   "DQotLS0NCiBhcmNoL3g4\r\n"
		   "Ni9rdm0veDg2LmMgfCAyICstDQogMSBmaWxlIGNoYW5nZWQsIDEgaW5z"
		   "ZXJ0aW9uKCspLCAxIGRl\r\n"
		   "bGV0aW9uKC0pDQo=\r\n",
		   "Fix the thing.\n"
		   "\n"
		   "Signed-off-by: A <a@b.c>\n"
		   "---\n"
		   " arch/x86/kvm/x86.c | 2 +-\n"
		   " 1 file changed, 1 insertion(+), 1 deletion(-)\n");
}

static void test_base64_broken(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	/* no padding, junk inside, garbage after the padding */
	kd_base64_decode(&b, "SGVsbG8gd29ybGQ", 15);
	assert_string_equal(b.buf, "Hello world");
	kd_buf_reset(&b);
	kd_base64_decode(&b, "SG*Vs\nbG8=garbage", 17);
	assert_string_equal(b.buf, "Hello");
	kd_buf_reset(&b);
	/* a lone digit at the end is no byte; "=" early is skipped */
	kd_base64_decode(&b, "=SGVsbG8hX", 10);
	assert_string_equal(b.buf, "Hello!");
	kd_buf_reset(&b);
	kd_base64_decode(&b, "SGk", 3);
	assert_string_equal(b.buf, "Hi");
	kd_buf_reset(&b);
	kd_base64_decode(&b, "////", 4);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.buf, "\xff\xff\xff", 3);
	kd_buf_release(&b);

	/* a list footer after the padding is not decoded into junk */
	check_text("Content-Transfer-Encoding: base64\n\n"
		   "SGVsbG8=\n"
		   "_______________________________________________\n"
		   "kvmarm mailing list\n",
		   "Hello");
	check_text("Content-Transfer-Encoding: base64\n\n!!!\n", "");
}

static void test_charsets(void **state)
{
	(void)state;
	check_text("Content-Type: text/plain; charset=\"ISO-8859-1\"\n\n"
		   "caf\xe9\n",
		   "caf\xc3\xa9\n");
	check_text("Content-Type: text/plain; charset=iso-8859-1\n"
		   "Content-Transfer-Encoding: base64\n\n"
		   "R3L832UgYXVzIEv2bG4K\n",
		   "Gr\xc3\xbc\xc3\x9f"
		   "e aus K\xc3\xb6ln\n");
	check_text("Content-Type: text/plain; charset=gb2312\n\n"
		   "\xd6\xd0\xce\xc4\n",
		   "\xe4\xb8\xad\xe6\x96\x87\n");
	check_text("Content-Type: text/plain; charset=GB2312\n"
		   "Content-Transfer-Encoding: base64\n\n"
		   "1tDOxLK5tqEK\n",
		   "\xe4\xb8\xad\xe6\x96\x87\xe8\xa1\xa5\xe4\xb8\x81\n");
}

static void test_cte_values(void **state)
{
	(void)state;
	check_text("Content-Type: text/plain; charset=utf-8\n"
		   "Content-transfer-encoding: 8-bit\n\n"
		   "caf\xc3\xa9 =3D\n",
		   "caf\xc3\xa9 =3D\n");
	check_text("Content-Transfer-Encoding:  Base64 \n\nSGk=\n", "Hi");
	check_text("Content-Transfer-Encoding: QUOTED-PRINTABLE (yes)\n\n"
		   "a=3Db\n",
		   "a=b\n");
	check_text("Content-Transfer-Encoding: x-uuencode\n\na=3Db\n",
		   "a=3Db\n");
	check_text("Content-Transfer-Encoding: binary\n\nSGk=\n", "SGk=\n");
}

static const char mixed_msg[] =
	"From: A <a@b.c>\n"
	"Content-Type: multipart/mixed; boundary=\"=-=-=\"\n"
	"\n"
	"This is a multi-part message in MIME format.\n"
	"--=-=-=\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"\n"
	"Hello,\n"
	"\n"
	"please apply.\n"
	"--=-=-= \t\n"
	"Content-Type: text/html\n"
	"\n"
	"<p>Hello</p>\n"
	"--=-=-=\n"
	"Content-Type: text/x-patch; name=\"0001-fix.patch\"\n"
	"Content-Disposition: attachment; filename=\"0001-fix.patch\"\n"
	"Content-Transfer-Encoding: 8bit\n"
	"\n"
	"diff --git a/x b/x\n"
	"--- a/x\n"
	"+++ b/x\n"
	"@@ -1 +1 @@\n"
	"-a\n"
	"+b\n"
	"\n"
	"--=-=-=\n"
	"Content-Type: text/plain; name=dmesg.log\n"
	"Content-Disposition: attachment; filename=dmesg.log\n"
	"\n"
	"[    0.000000] Linux version\n"
	"--=-=-=\n"
	"Content-Type: text/plain; name=\"notes.txt\"\n"
	"Content-Disposition: attachment\n"
	"\n"
	"a text attachment named by its type\n"
	"--=-=-=\n"
	"Content-Type: text/plain\n"
	"Content-Disposition: attachment; filename=\"fix.DIFF\"\n"
	"\n"
	"-c\n"
	"+d\n"
	"--=-=-=\n"
	"Content-Type: image/png\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"iVBORw0KGgo=\n"
	"--=-=-=\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"Subject: forwarded\n"
	"\n"
	"someone else's mail\n"
	"--=-=-=\n"
	"Content-Type: text/x-csrc\n"
	"Content-Disposition: attachment; filename=t.c\n"
	"\n"
	"int main(void);\n"
	"--=-=-=--\n"
	"epilogue\n";

static void test_multipart_mixed(void **state)
{
	(void)state;
	check_text(mixed_msg, "Hello,\n"
			      "\n"
			      "please apply.\n"
			      "\n"
			      "diff --git a/x b/x\n"
			      "--- a/x\n"
			      "+++ b/x\n"
			      "@@ -1 +1 @@\n"
			      "-a\n"
			      "+b\n"
			      "\n"
			      "-c\n"
			      "+d\n"
			      "\n"
			      "int main(void);\n");
}

static void test_multipart_crlf(void **state)
{
	(void)state;
	/* CRLF throughout; an empty first part adds no separator */
	check_text("Content-Type: multipart/mixed; boundary=XX\r\n"
		   "\r\n"
		   "--XX\r\n"
		   "\r\n"
		   "--XX\r\n"
		   "Content-Type: text/plain; charset=utf-8\r\n"
		   "Content-Transfer-Encoding: quoted-printable\r\n"
		   "\r\n"
		   "one=\r\n"
		   " line\r\n"
		   "--XX\r\n"
		   "\r\n"
		   "default text/plain\r\n"
		   "\r\n"
		   "--XX--\r\n",
		   "one line\n"
		   "\n"
		   "default text/plain\n");
}

static void test_part_ends_in_cr(void **state)
{
	(void)state;
	/*
	 * A part whose last line ends in a CR but no LF (a CR too many
	 * before the delimiter, or one decoded from "=0D"): the LF that ends
	 * the part makes it a line end, and the CR goes as other CRs do.
	 */
	check_text("Content-Type: multipart/mixed; boundary=XX\n"
		   "\n"
		   "--XX\n"
		   "\n"
		   "one\r\r\n"
		   "--XX\n"
		   "Content-Transfer-Encoding: quoted-printable\n"
		   "\n"
		   "two=0D=0D\n"
		   "--XX\n"
		   "\n"
		   "\r\r\n"
		   "--XX--\n",
		   "one\n"
		   "\n"
		   "two\n");
}

static void test_alternative(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/alternative; boundary=alt\n"
		   "\n"
		   "--alt\n"
		   "Content-Type: text/html; charset=utf-8\n"
		   "\n"
		   "<b>bold</b>\n"
		   "--alt\n"
		   "Content-Type: text/plain; charset=utf-8\n"
		   "\n"
		   "plain\n"
		   "--alt\n"
		   "Content-Type: text/plain; charset=utf-8\n"
		   "\n"
		   "second plain\n"
		   "--alt--\n",
		   "plain\n");
	/* only html: then html; an empty plain part gives way */
	check_text("Content-Type: multipart/alternative; boundary=alt\n"
		   "\n"
		   "--alt\n"
		   "Content-Type: text/plain\n"
		   "\n"
		   "\n"
		   "--alt\n"
		   "Content-Type: text/html\n"
		   "\n"
		   "<b>bold</b>\n"
		   "--alt--\n",
		   "<b>bold</b>\n");
	/* a nested multipart with no plain text falls back to html */
	check_text("Content-Type: multipart/alternative; boundary=alt\n"
		   "\n"
		   "--alt\n"
		   "Content-Type: text/html\n"
		   "\n"
		   "outer html\n"
		   "--alt\n"
		   "Content-Type: multipart/related; boundary=rel\n"
		   "\n"
		   "--rel\n"
		   "Content-Type: text/html\n"
		   "\n"
		   "inner html\n"
		   "--rel--\n"
		   "--alt--\n",
		   "outer html\n");
	/* ... and one with plain text in it wins over html */
	check_text("Content-Type: multipart/alternative; boundary=alt\n"
		   "\n"
		   "--alt\n"
		   "Content-Type: text/html\n"
		   "\n"
		   "outer html\n"
		   "--alt\n"
		   "Content-Type: multipart/related; boundary=rel\n"
		   "\n"
		   "--rel\n"
		   "Content-Type: text/plain\n"
		   "\n"
		   "inner plain\n"
		   "--rel--\n"
		   "--alt--\n",
		   "inner plain\n");
}

static void test_signed(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/signed; micalg=pgp-sha256;\n"
		   "\tprotocol=\"application/pgp-signature\";\n"
		   "\tboundary=\"sig-b\"\n"
		   "\n"
		   "--sig-b\n"
		   "Content-Type: text/plain; charset=us-ascii\n"
		   "Content-Disposition: inline\n"
		   "Content-Transfer-Encoding: quoted-printable\n"
		   "\n"
		   "Signed text=2E\n"
		   "\n"
		   "--sig-b\n"
		   "Content-Type: application/pgp-signature; name=\"sig.asc\"\n"
		   "\n"
		   "-----BEGIN PGP SIGNATURE-----\n"
		   "xyz\n"
		   "-----END PGP SIGNATURE-----\n"
		   "\n"
		   "--sig-b--\n",
		   "Signed text.\n");
}

static void test_nested_three(void **state)
{
	(void)state;
	/* inner boundaries that start with the outer one */
	check_text("Content-Type: multipart/mixed; boundary=b\n"
		   "\n"
		   "--b\n"
		   "Content-Type: multipart/alternative; boundary=b-1\n"
		   "\n"
		   "--b-1\n"
		   "Content-Type: multipart/related; boundary=\"b--2\"\n"
		   "\n"
		   "--b--2\n"
		   "Content-Type: text/plain\n"
		   "\n"
		   "deep text\n"
		   "--b--2\n"
		   "Content-Type: image/png\n"
		   "\n"
		   "png\n"
		   "--b--2--\n"
		   "--b-1\n"
		   "Content-Type: text/html\n"
		   "\n"
		   "html\n"
		   "--b-1--\n"
		   "--b\n"
		   "Content-Type: text/x-diff\n"
		   "\n"
		   "--- a/f\n"
		   "+++ b/f\n"
		   "--b--\n",
		   "deep text\n"
		   "\n"
		   "--- a/f\n"
		   "+++ b/f\n");
}

/* `levels` multiparts, one in another, with "deep" in the innermost. */
static char *nested(int levels, size_t *len)
{
	struct kd_buf b = KD_BUF_INIT;
	int i;

	for (i = 0; i < levels; i++)
		kd_buf_addf(&b,
			    "Content-Type: multipart/mixed; boundary=\"n%d\"\n"
			    "\n--n%d\n",
			    i, i);
	kd_buf_addstr(&b, "Content-Type: text/plain\n\ndeep\n");
	for (i = levels - 1; i >= 0; i--)
		kd_buf_addf(&b, "--n%d--\n", i);
	return kd_buf_detach(&b, len);
}

static void test_nested_deep(void **state)
{
	size_t len;
	char *msg, *got;
	int limited;

	(void)state;
	msg = nested(KD_MIME_MAX_DEPTH, &len);
	got = mime_text(msg, len, &limited);
	assert_string_equal(got, "deep\n");
	assert_int_equal(limited, 0);
	free(got);
	free(msg);

	msg = nested(KD_MIME_MAX_DEPTH + 1, &len);
	got = mime_text(msg, len, &limited);
	assert_string_equal(got, "");
	assert_int_equal(limited, 1);
	free(got);
	free(msg);

	msg = nested(1000, &len);
	got = mime_text(msg, len, &limited);
	assert_string_equal(got, "");
	assert_int_equal(limited, 1);
	free(got);
	free(msg);
}

static void test_many_parts(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	size_t len, lines = 0;
	char *msg, *got, *p;
	int i, limited;

	(void)state;
	kd_buf_addstr(&b, "Content-Type: multipart/mixed; boundary=p\n\n");
	for (i = 0; i < KD_MIME_MAX_PARTS + 50; i++)
		kd_buf_addf(&b, "--p\n\n%d\n", i);
	kd_buf_addstr(&b, "--p--\n");
	msg = kd_buf_detach(&b, &len);
	got = mime_text(msg, len, &limited);
	assert_int_equal(limited, 1);
	for (p = got; (p = strchr(p, '\n')); p++)
		lines++;
	/* each part a line and a blank line, the last without one */
	assert_int_equal(lines, 2 * KD_MIME_MAX_PARTS - 1);
	assert_non_null(strstr(got, "\n255\n"));
	assert_null(strstr(got, "\n256\n"));
	free(got);
	free(msg);
}

static void test_missing_close(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/mixed; boundary=\"b\"\n"
		   "\n"
		   "preamble\n"
		   "--b\n"
		   "\n"
		   "first\n"
		   "--b\n"
		   "\n"
		   "second\n"
		   "--bb\n"
		   "not a delimiter\n",
		   "first\n"
		   "\n"
		   "second\n"
		   "--bb\n"
		   "not a delimiter\n");
	/* a delimiter on the last line, with no line break after it */
	check_text("Content-Type: multipart/mixed; boundary=b\n"
		   "\n"
		   "--b\n"
		   "\n"
		   "only\n"
		   "--b--",
		   "only\n");
}

static void test_no_boundary(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/mixed\n\nraw body\n", "raw body\n");
	check_text("Content-Type: multipart/mixed; boundary=\"\"\n\nraw\n",
		   "raw\n");
	/* a boundary that never shows up */
	check_text("Content-Type: multipart/mixed; boundary=zz\n\n--z\nraw\n",
		   "--z\nraw\n");
	/* a close delimiter first: no parts */
	check_text("Content-Type: multipart/mixed; boundary=zz\n\n--zz--\nx\n",
		   "");
}

static void test_multipart_encoded(void **state)
{
	(void)state;
	/* base64 over a whole multipart, which RFC 2045 forbids */
	check_text("Content-Type: multipart/mixed; boundary=q\n"
		   "Content-Transfer-Encoding: base64\n"
		   "\n"
		   /* "--q\n\ninside\n--q--\n" */
		   "LS1xCgppbnNpZGUKLS1xLS0K\n",
		   "inside\n");
}

static void test_digest(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/digest; boundary=d\n"
		   "\n"
		   "--d\n"
		   "\n"
		   "Subject: one\n"
		   "\n"
		   "a message\n"
		   "--d\n"
		   "Content-Type: text/plain\n"
		   "\n"
		   "said plain\n"
		   "--d--\n",
		   "said plain\n");
}

static void test_rfc2231_boundary(void **state)
{
	(void)state;
	check_text("Content-Type: multipart/mixed;\n"
		   " boundary*0=\"abc\";\n"
		   " boundary*1*=%3D%3D\n"
		   "\n"
		   "--abc==\n"
		   "Content-Type: text/plain; charset*=us-ascii'en'iso-8859-1\n"
		   "\n"
		   "\xe9t\xe9\n"
		   "--abc==--\n",
		   "\xc3\xa9t\xc3\xa9\n");
}

static void test_flowed(void **state)
{
	(void)state;
	check_text("Content-Type: text/plain; charset=utf-8; format=flowed\n"
		   "\n"
		   "This is a \n"
		   "flowed paragraph.\n"
		   "  context line of a diff\n"
		   " From the start\n"
		   ">quoted \n"
		   ">> deeper \n"
		   ">> still\n"
		   "ends before \n"
		   "> another depth\n"
		   "sig next \n"
		   "-- \n"
		   "Name\n"
		   "last \n",
		   "This is a flowed paragraph.\n"
		   " context line of a diff\n"
		   "From the start\n"
		   ">quoted \n"
		   ">> deeper still\n"
		   "ends before \n"
		   "> another depth\n"
		   "sig next \n"
		   "-- \n"
		   "Name\n"
		   "last \n");
	check_text("Content-Type: text/plain; format=flowed; delsp=yes\n"
		   "Content-Transfer-Encoding: quoted-printable\n"
		   "\n"
		   "Hel \r\n"
		   "lo wor \r\n"
		   "ld=0D\n"
		   "fixed\n",
		   "Hello world\n"
		   "fixed\n");
	/* format=flowed means nothing outside text/plain */
	check_text("Content-Type: text/x-patch; format=flowed\n\n"
		   "  a \nb\n",
		   "  a \nb\n");
	/* nor without the parameter */
	check_text("Content-Type: text/plain\n\n  a \nb\n", "  a \nb\n");
}

struct ct_case {
	const char *value;
	const char *type, *charset, *boundary, *format;
	int delsp;
};

static const struct ct_case ct_cases[] = {
	{"text/plain", "text/plain", NULL, NULL, NULL, 0},
	{"TEXT/Plain; CHARSET=\"UTF-8\"", "text/plain", "utf-8", NULL, NULL, 0},
	{"", "", NULL, NULL, NULL, 0},
	{NULL, "", NULL, NULL, NULL, 0},
	{"text", "", NULL, NULL, NULL, 0},
	{"text/", "", NULL, NULL, NULL, 0},
	{"/plain", "", NULL, NULL, NULL, 0},
	{" text / plain ; charset = \" utf-8 \" ", "text/plain", "utf-8", NULL,
	 NULL, 0},
	{"text/plain (a; charset=x) ; charset=us-ascii (Plain text)",
	 "text/plain", "us-ascii", NULL, NULL, 0},
	{"text/plain; charset=\"a;b\"; charset=c", "text/plain", "a;b", NULL,
	 NULL, 0},
	{"multipart/mixed; boundary=\"a\\\"b\\\\c\"", "multipart/mixed", NULL,
	 "a\"b\\c", NULL, 0},
	{"multipart/mixed;\tboundary*0=\"abc\";boundary*1=def; "
	 "boundary*2*=%41%4a%zz",
	 "multipart/mixed", NULL, "abcdefAJ%zz", NULL, 0},
	/* a section out of order is dropped */
	{"multipart/mixed; boundary*0=a; boundary*2=c; boundary*1=b",
	 "multipart/mixed", NULL, "ab", NULL, 0},
	{"multipart/mixed; boundary=plain; boundary*=''ext%2Dx",
	 "multipart/mixed", NULL, "ext-x", NULL, 0},
	{"multipart/mixed; boundary*=''ext; boundary=plain", "multipart/mixed",
	 NULL, "ext", NULL, 0},
	/* the first RFC 2231 form given wins */
	{"multipart/mixed; boundary*=''one; boundary*0=two; boundary*=three",
	 "multipart/mixed", NULL, "one", NULL, 0},
	{"multipart/mixed; boundary*0=a; boundary*0=z", "multipart/mixed", NULL,
	 "a", NULL, 0},
	{"text/plain; charset*=us-ascii'en'UTF-8", "text/plain", "utf-8", NULL,
	 NULL, 0},
	{"text/plain; format=Flowed; DelSp=Yes", "text/plain", NULL, NULL,
	 "flowed", 1},
	{"text/plain; format=fixed; delsp=no", "text/plain", NULL, NULL, NULL,
	 0},
	{";;; = ; charset ; junk\"x;y\" ; charset=KOI8-R", "", "koi8-r", NULL,
	 NULL, 0},
	{"multipart/alternative; boundary=----=_NextPart_000_0001_01D?x",
	 "multipart/alternative", NULL, "----=_NextPart_000_0001_01D?x", NULL,
	 0},
	{"multipart/mixed; boundary=\"\"", "multipart/mixed", NULL, NULL, NULL,
	 0},
	{"multipart/mixed; boundary=\"unterminated", "multipart/mixed", NULL,
	 "unterminated", NULL, 0},
	{"multipart/mixed; boundary=\"Case Kept\"(c)", "multipart/mixed", NULL,
	 "Case Kept", NULL, 0},
	{"text/plain (unterminated; charset=x", "text/plain", NULL, NULL, NULL,
	 0},
};

/* Compare an optional string, naming the case when it differs. */
static void check_field(size_t i, const char *what, const char *got,
			const char *want)
{
	if (got == want || (got && want && !strcmp(got, want)))
		return;
	print_error("case %zu, %s: got \"%s\", want \"%s\"\n", i, what,
		    got ? got : "(null)", want ? want : "(null)");
	fail();
}

static void test_content_type(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ct_cases) / sizeof(*ct_cases); i++) {
		const struct ct_case *c = &ct_cases[i];
		struct kd_content_type ct;

		kd_content_type_parse(&ct, c->value);
		check_field(i, "type", ct.type, c->type);
		check_field(i, "charset", ct.charset, c->charset);
		check_field(i, "boundary", ct.boundary, c->boundary);
		check_field(i, "format", ct.format, c->format);
		assert_int_equal(ct.delsp, c->delsp);
		kd_content_type_release(&ct);
		assert_null(ct.type);
	}
}

static void test_appends(void **state)
{
	struct kd_headers h = KD_HEADERS_INIT;
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	/* kd_mime_text appends, and takes no headers and no limited */
	kd_buf_addstr(&out, "before:");
	kd_mime_text(&out, &h, "x\r\n", 3, NULL);
	assert_string_equal(out.buf, "before:x\n");
	kd_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_content_type),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_qp_decode),
		cmocka_unit_test(test_base64_crlf),
		cmocka_unit_test(test_base64_broken),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_cte_values),
		cmocka_unit_test(test_multipart_mixed),
		cmocka_unit_test(test_multipart_crlf),
		cmocka_unit_test(test_part_ends_in_cr),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_nested_three),
		cmocka_unit_test(test_nested_deep),
		cmocka_unit_test(test_many_parts),
		cmocka_unit_test(test_missing_close),
		cmocka_unit_test(test_no_boundary),
		cmocka_unit_test(test_multipart_encoded),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_rfc2231_boundary),
		cmocka_unit_test(test_flowed),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
