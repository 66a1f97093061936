#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charset.h"
#include "rfc2047.h"

#define FFFD	"\xef\xbf\xbd"
#define CLEMENT "Cl\xc3\xa9ment"

/* Decode `in` and check the output is exactly `want`. */
static void check(const char *in, const char *want)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_rfc2047_decode(&out, in, strlen(in));
	assert_string_equal(out.buf, want);
	assert_int_equal(out.len, strlen(want));
	assert_true(kd_utf8_valid(out.buf, out.len));
	kd_buf_release(&out);
}

static void test_q(void **state)
{
	check("=?UTF-8?q?Cl=C3=A9ment=20L=C3=A9ger?=", CLEMENT " L\xc3\xa9ger");
	check("=?UTF-8?Q?Cl=C3=A9ment_L=C3=A9ger?=", CLEMENT " L\xc3\xa9ger");
	/* Lowercase hex. */
	check("=?utf-8?q?Cl=c3=a9ment?=", CLEMENT);
	/* An "=" that does not start a hex pair stays as it is. */
	check("=?utf-8?q?a=zzb=4?=", "a=zzb=4");
	/* "?\?" keeps C99 from reading a trigraph. */
	check("=?utf-8?q?what?\?=", "what?");
}

static void test_b(void **state)
{
	check("=?UTF-8?B?Q2zDqW1lbnQ=?=", CLEMENT);
	check("=?utf-8?b?Q2zDqW1lbnQ=?=", CLEMENT);
}

static void test_broken_base64(void **state)
{
	/* Padding missing. */
	check("=?utf-8?b?Q2zDqW1lbnQ?=", CLEMENT);
	/* A stray character in the middle is skipped. */
	check("=?utf-8?b?Q2zD.qW1lbnQ=?=", CLEMENT);
	/* Two encoders' output pasted together. */
	check("=?utf-8?b?YQ==Yg==?=", "ab");
	/* A lone sextet is not a byte. */
	check("=?utf-8?b?Y?=", "");
	check("=?utf-8?b?YWJjZA?=", "abcd");
	/* Half a character: what is left is replaced. */
	check("=?utf-8?b?w?=", "");
	check("=?utf-8?b?4oI?=", FFFD FFFD);
}

static void test_split_character(void **state)
{
	/* "é" is C3 A9; each word holds one of its bytes. */
	check("=?UTF-8?B?Q2zD?= =?UTF-8?B?qW1lbnQ=?=", CLEMENT);
	check("=?utf-8?q?Cl=C3?= =?utf-8?q?=A9ment?=", CLEMENT);
	/* Charset names compare without regard to case. */
	check("=?UTF-8?q?Cl=C3?=\t=?utf-8?Q?=A9ment?=", CLEMENT);
	/* Glued words join too. */
	check("=?utf-8?q?Cl=C3?==?utf-8?q?=A9ment?=", CLEMENT);
	/* Unless something other than white space stands between. */
	check("=?utf-8?q?Cl=C3?= x =?utf-8?q?=A9ment?=",
	      "Cl" FFFD " x " FFFD "ment");
}

static void test_white_space(void **state)
{
	check("=?utf-8?q?a?= =?utf-8?q?b?=", "ab");
	check("=?utf-8?q?a?= \t\r\n =?utf-8?q?b?=", "ab");
	/* A word that decodes to nothing still counts as a word. */
	check("=?utf-8?q?a?= =?utf-8?q?\?= =?utf-8?q?b?=", "ab");
	/* Between a word and plain text it stays. */
	check("Re: =?utf-8?q?caf=C3=A9?= au lait", "Re: caf\xc3\xa9 au lait");
	check("  =?utf-8?q?a?=  ", "  a  ");
	check("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b");
}

static void test_mixed_charsets(void **state)
{
	check("=?iso-8859-1?q?caf=E9?= =?utf-8?q?=E2=82=AC?=",
	      "caf\xc3\xa9\xe2\x82\xac");
	/* Bytes are joined only within one charset. */
	check("=?utf-8?q?=C3?= =?iso-8859-1?q?=A9?=", FFFD "\xc2\xa9");
}

static void test_iso_8859_7(void **state)
{
	/* 0xAE is not defined in ISO-8859-7. */
	check("=?iso-8859-7?b?4a7i?=", "\xce\xb1" FFFD "\xce\xb2");
	check("=?ISO-8859-7?Q?=E1=AE=E2?=", "\xce\xb1" FFFD "\xce\xb2");
}

static void test_gb2312(void **state)
{
	check("=?gb2312?B?xOO6ww==?=", "\xe4\xbd\xa0\xe5\xa5\xbd");
	check("=?GB2312?Q?=C4=E3=BA=C3?=", "\xe4\xbd\xa0\xe5\xa5\xbd");
}

static void test_unknown_charsets(void **state)
{
	check("=?y?q?Cl=C3=A9ment?=", CLEMENT);
	check("=?y?q?caf=E9?=", "caf" FFFD);
	check("=?unknown-8bit?b?Q2zDqW1lbnQ=?=", CLEMENT);
	check("=?unknown-8bit?q?caf=E9=FF?=", "caf" FFFD FFFD);
}

static void test_us_ascii(void **state)
{
	check("=?us-ascii?q?Cl=C3=A9ment?=", CLEMENT);
	check("=?us-ascii?q?caf=E9?=", "caf" FFFD);
}

static void test_language_suffix(void **state)
{
	check("=?UTF-8*en?q?caf=C3=A9?=", "caf\xc3\xa9");
	check("=?iso-8859-1*fr-CA?q?caf=E9?=", "caf\xc3\xa9");
}

static void test_malformed_kept(void **state)
{
	check("=?utf-8?q?broken", "=?utf-8?q?broken");
	check("=?utf-8?q?broken =?utf-8?q?ok?=", "=?utf-8?q?broken ok");
	check("=?utf-8?x?abc?=", "=?utf-8?x?abc?=");
	check("=??q?abc?=", "=??q?abc?=");
	check("=?utf-8?q?a b?=", "=?utf-8?q?a b?=");
	check("=?utf 8?q?ab?=", "=?utf 8?q?ab?=");
	check("=?utf-8?qq?ab?=", "=?utf-8?qq?ab?=");
	check("=?", "=?");
	check("=?utf-8?q?", "=?utf-8?q?");
	check("a = b ?= c", "a = b ?= c");
	check("Subject ?= = ?", "Subject ?= = ?");
}

static void test_patch_tag(void **state)
{
	check("=?UTF-8?q?[PATCH]_KVM:_x86:_fix?=", "[PATCH] KVM: x86: fix");
	check("=?utf-8?b?W1BBVENIIHYyIDEvMl0g?= KVM", "[PATCH v2 1/2]  KVM");
}

static void test_glued(void **state)
{
	check("[PATCH]=?utf-8?q?Cl=C3=A9ment?=", "[PATCH]" CLEMENT);
	check("foo=?utf-8?q?bar?=baz", "foobarbaz");
	check("x=?utf-8?q?=C3=A9?=", "x\xc3\xa9");
}

static void test_raw_text(void **state)
{
	check("plain", "plain");
	check("", "");
	check(CLEMENT, CLEMENT);
	check("caf\xe9 =?utf-8?q?ok?=", "caf" FFFD " ok");
	check("=?utf-8?q?ok?= \xff", "ok " FFFD);
}

static void test_appends(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	const char *in = "=?utf-8?q?Cl=C3=A9ment?= <c@x>";

	kd_buf_addstr(&out, "From: ");
	kd_rfc2047_decode(&out, in, strlen(in));
	assert_string_equal(out.buf, "From: " CLEMENT " <c@x>");
	kd_buf_release(&out);
}

static void test_honours_length(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	/* The "?=" lies beyond `len`: no word. */
	kd_rfc2047_decode(&out, "=?utf-8?q?ab?=", 13);
	assert_string_equal(out.buf, "=?utf-8?q?ab?");
	kd_buf_release(&out);
}

/* Decode `n` copies of `unit` and check they come back unchanged. */
static void check_repeated(const char *unit, size_t n)
{
	size_t ulen = strlen(unit), i;
	char *in = malloc(ulen * n + 1);
	struct kd_buf out = KD_BUF_INIT;

	assert_non_null(in);
	for (i = 0; i < n; i++)
		memcpy(in + i * ulen, unit, ulen);
	in[ulen * n] = '\0';
	kd_rfc2047_decode(&out, in, ulen * n);
	assert_int_equal(out.len, ulen * n);
	assert_memory_equal(out.buf, in, ulen * n);
	kd_buf_release(&out);
	free(in);
}

static void test_pathological(void **state)
{
	/*
	 * Each of these would take hours if any step rescanned the rest;
	 * SIGALRM ends the test as failed instead of letting it hang.
	 */
	alarm(60);
	check_repeated("=?", 512 * 1024);
	check_repeated("=?a?q?x", 150000);
	check_repeated("=?x?b?AAAA", 100000);
	/* Charset names longer than any real one. */
	check_repeated("=?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		       10000);
	alarm(0);
}

static void test_many_words(void **state)
{
	/* 100000 adjacent words: joined, and linear. */
	size_t n = 100000, i;
	const char *unit = "=?utf-8?q?=C3=A9?= ";
	size_t ulen = strlen(unit);
	char *in = malloc(ulen * n);
	struct kd_buf out = KD_BUF_INIT;

	assert_non_null(in);
	for (i = 0; i < n; i++)
		memcpy(in + i * ulen, unit, ulen);
	kd_rfc2047_decode(&out, in, ulen * n);
	/* The white space after the last word is kept: plain text follows. */
	assert_int_equal(out.len, 2 * n + 1);
	for (i = 0; i < n; i++)
		assert_memory_equal(out.buf + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(out.buf[2 * n], ' ');
	kd_buf_release(&out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q),
		cmocka_unit_test(test_b),
		cmocka_unit_test(test_broken_base64),
		cmocka_unit_test(test_split_character),
		cmocka_unit_test(test_white_space),
		cmocka_unit_test(test_mixed_charsets),
		cmocka_unit_test(test_iso_8859_7),
		cmocka_unit_test(test_gb2312),
		cmocka_unit_test(test_unknown_charsets),
		cmocka_unit_test(test_us_ascii),
		cmocka_unit_test(test_language_suffix),
		cmocka_unit_test(test_malformed_kept),
		cmocka_unit_test(test_patch_tag),
		cmocka_unit_test(test_glued),
		cmocka_unit_test(test_raw_text),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_honours_length),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_many_words),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	kd_charset_thread_cleanup();
	return ret;
}
