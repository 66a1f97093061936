#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "charset.h"

#define FFFD "\xef\xbf\xbd"

/* Convert `len` bytes of `in` and check the output is exactly `want`. */
static void check_len(const char *charset, const char *in, size_t len,
		      const char *want, size_t want_len)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_charset_to_utf8(&out, charset, in, len);
	assert_int_equal(out.len, want_len);
	assert_memory_equal(out.buf, want, want_len);
	assert_int_equal(out.buf[out.len], '\0');
	assert_true(kd_utf8_valid(out.buf, out.len));
	kd_buf_release(&out);
}

static void check(const char *charset, const char *in, const char *want)
{
	check_len(charset, in, strlen(in), want, strlen(want));
}

static void check_append(const char *in, size_t len, const char *want)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_utf8_append(&out, in, len);
	assert_string_equal(out.buf, want);
	assert_int_equal(out.len, strlen(want));
	kd_buf_release(&out);
}

#define VALID(s)   assert_true(kd_utf8_valid(s, sizeof(s) - 1))
#define INVALID(s) assert_false(kd_utf8_valid(s, sizeof(s) - 1))

static void test_utf8_valid(void **state)
{
	VALID("");
	VALID("plain ASCII, longer than one eight-byte word");
	VALID("caf\xc3\xa9");
	VALID("\xe2\x82\xac");
	VALID("\xed\x9f\xbf");	   /* U+D7FF, just below the surrogates */
	VALID("\xee\x80\x80");	   /* U+E000, just above */
	VALID("\xf0\x90\x80\x80"); /* U+10000 */
	VALID("\xf4\x8f\xbf\xbf"); /* U+10FFFF */
	VALID("a\0b");
}

static void test_utf8_invalid(void **state)
{
	INVALID("\x80");	     /* lone continuation byte */
	INVALID("\xc0\xaf");	     /* overlong "/" */
	INVALID("\xc1\xbf");	     /* overlong U+007F */
	INVALID("\xe0\x80\xaf");     /* overlong, three bytes */
	INVALID("\xe0\x9f\xbf");     /* overlong U+07FF */
	INVALID("\xf0\x80\x80\xaf"); /* overlong, four bytes */
	INVALID("\xf0\x8f\xbf\xbf"); /* overlong U+FFFF */
	INVALID("\xed\xa0\x80");     /* U+D800 */
	INVALID("\xed\xbf\xbf");     /* U+DFFF */
	INVALID("\xf4\x90\x80\x80"); /* U+110000 */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xff");
	INVALID("\xe2\x82");	 /* truncated at the end */
	INVALID("\xe2\x82x");	 /* truncated before ASCII */
	INVALID("\xf0\x9f\x98"); /* truncated four-byte sequence */
	/* A bad byte just past the ASCII fast path's first two words. */
	INVALID("0123456789abcdef\xff");
	INVALID("0123456789abcdef\xc3\xa9\x80");
}

static void test_utf8_append(void **state)
{
	check_append("caf\xc3\xa9", 5, "caf\xc3\xa9");
	check_append("a\xff\xfe"
		     "b",
		     4, "a" FFFD FFFD "b");
	/* Each byte of a bad sequence is replaced on its own. */
	check_append("\xe2\x82", 2, FFFD FFFD);
	check_append("\xe2\x82x", 3, FFFD FFFD "x");
	check_append("\xed\xa0\x80", 3, FFFD FFFD FFFD);
	check_append("\xc0\xaf", 2, FFFD FFFD);
	check_append("0123456789abcdef\xe9tail", 21,
		     "0123456789abcdef" FFFD "tail");
}

static void test_utf8_append_keeps_nul(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_buf_addstr(&out, ">");
	kd_utf8_append(&out, "a\0\xff", 3);
	assert_int_equal(out.len, 6);
	assert_memory_equal(out.buf, ">a\0" FFFD, 6);
	kd_buf_release(&out);
}

static void test_utf8_names(void **state)
{
	check(NULL, "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("UTF-8", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("utf8", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check(" \"Utf-8\" ", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("utf-8*en", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("UTF-8", "caf\xe9", "caf" FFFD);
}

/* A cut backs off to the start of the character it would split. */
static void test_utf8_cut(void **state)
{
	const char *euro = "ab\xe2\x82\xac!"; /* "ab€!" */

	assert_int_equal(kd_utf8_cut(euro, 0), 0);
	assert_int_equal(kd_utf8_cut(euro, 2), 2);
	assert_int_equal(kd_utf8_cut(euro, 3), 2);
	assert_int_equal(kd_utf8_cut(euro, 4), 2);
	assert_int_equal(kd_utf8_cut(euro, 5), 5);
	/* continuation bytes only: nothing is whole */
	assert_int_equal(kd_utf8_cut("\x80\x80\x80", 2), 0);
}

static void test_latin1_is_windows_1252(void **state)
{
	check("iso-8859-1", "caf\xe9", "caf\xc3\xa9");
	check("ISO_8859-1", "caf\xe9", "caf\xc3\xa9");
	check("latin1", "caf\xe9", "caf\xc3\xa9");
	check("iso-8859-1*fr", "caf\xe9", "caf\xc3\xa9");
	/* Curly quotes from Windows, not C1 controls. */
	check("iso-8859-1", "\x93quoted\x94", "\xe2\x80\x9cquoted\xe2\x80\x9d");
	/* A byte windows-1252 leaves undefined. */
	check("iso-8859-1", "a\x81z", "a" FFFD "z");
	check("iso-8859-1", "plain ascii", "plain ascii");
	check("windows-1252", "\x80", "\xe2\x82\xac");
}

static void test_iso_8859_7_invalid(void **state)
{
	/* 0xAE is not defined in ISO-8859-7. */
	check("iso-8859-7", "\xe1\xae\xe2", "\xce\xb1" FFFD "\xce\xb2");
}

static void test_cjk_supersets(void **state)
{
	check("gb2312", "\xc4\xe3\xba\xc3", "\xe4\xbd\xa0\xe5\xa5\xbd");
	/* U+4E02 is GBK, not GB2312: the label is widened. */
	check("gb2312", "\x81\x40", "\xe4\xb8\x82");
	check("ks_c_5601-1987", "\xc7\xd1\xb1\xdb", "\xed\x95\x9c\xea\xb8\x80");
	check("euc-kr", "\xc7\xd1", "\xed\x95\x9c");
}

static void test_stateful(void **state)
{
	const char *jis = "\x1b$B$3$s$K$A$O\x1b(B!";
	const char *want = "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1"
			   "\xe3\x81\xaf!";

	check("iso-2022-jp", jis, want);
	/* Shifted out and never back: the cached descriptor must reset. */
	check("iso-2022-jp", "\x1b$B$3", "\xe3\x81\x93");
	check("iso-2022-jp", "$3", "$3");
}

static void test_unknown_charsets(void **state)
{
	check("y", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("y", "caf\xe9", "caf" FFFD);
	check("unknown-8bit", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("unknown-8bit", "caf\xe9!", "caf" FFFD "!");
	check("x-unknown", "\xff\xfe", FFFD FFFD);
	check("", "caf\xe9", "caf" FFFD);
}

static void test_us_ascii_holding_utf8(void **state)
{
	check("us-ascii", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
	check("US-ASCII", "caf\xe9", "caf" FFFD);
	check("ascii", "Cl\xc3\xa9ment", "Cl\xc3\xa9ment");
}

static void test_odd_names_never_reach_iconv(void **state)
{
	/* "//TRANSLIT" and friends are iconv's, not the mail's, to choose. */
	check("iso-8859-1//TRANSLIT", "caf\xe9", "caf" FFFD);
	check("iso-8859-1 // IGNORE", "caf\xe9", "caf" FFFD);
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	      "caf\xe9", "caf" FFFD);
}

static void test_truncated_multibyte(void **state)
{
	/* EINVAL at the end: each leftover byte is replaced. */
	check_len("utf-16le", "a\0b", 3, "a" FFFD, 4);
	check_len("utf-16le", "a\0b\0", 4, "ab", 2);
}

static void test_nul_passes_through(void **state)
{
	check_len("iso-8859-1", "\xe9\0\xe9", 3, "\xc3\xa9\0\xc3\xa9", 5);
}

static void test_iconv_output_checked(void **state)
{
	/* glibc turns UCS-4 0x7FFFFFFF into six bytes that are not UTF-8. */
	check_len("ucs-4", "\x7f\xff\xff\xff\0\0\0A", 8,
		  FFFD FFFD FFFD FFFD FFFD FFFD "A", 19);
}

static void test_output_grows(void **state)
{
	/* Each 0x80 becomes three bytes: more than iconv's first room. */
	size_t n = 100000, i;
	char *in = malloc(n);
	struct kd_buf out = KD_BUF_INIT;

	assert_non_null(in);
	memset(in, 0x80, n);
	kd_buf_addstr(&out, "prefix");
	kd_charset_to_utf8(&out, "windows-1252", in, n);
	assert_int_equal(out.len, 6 + 3 * n);
	assert_memory_equal(out.buf, "prefix", 6);
	for (i = 0; i < n; i++)
		assert_memory_equal(out.buf + 6 + 3 * i, "\xe2\x82\xac", 3);
	kd_buf_release(&out);
	free(in);
}

static void test_many_charsets(void **state)
{
	static const char *const names[] = {
		"iso-8859-2", "iso-8859-3", "iso-8859-4",  "iso-8859-5",
		"iso-8859-6", "iso-8859-7", "iso-8859-15", "koi8-r",
		"koi8-u",     "cp1251",	    "y",	   "latin1",
	};
	size_t round, i;

	/* More charsets than the cache holds, twice round. */
	for (round = 0; round < 2; round++)
		for (i = 0; i < sizeof(names) / sizeof(*names); i++)
			check(names[i], "ok", "ok");
	check("iso-8859-7", "\xe1", "\xce\xb1");
	check("koi8-r", "\xc1", "\xd0\xb0");
	check("iso-8859-15", "\xa4", "\xe2\x82\xac");
	kd_charset_thread_cleanup();
	check("iso-8859-7", "\xe1", "\xce\xb1");
	kd_charset_thread_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_append),
		cmocka_unit_test(test_utf8_append_keeps_nul),
		cmocka_unit_test(test_utf8_names),
		cmocka_unit_test(test_utf8_cut),
		cmocka_unit_test(test_latin1_is_windows_1252),
		cmocka_unit_test(test_iso_8859_7_invalid),
		cmocka_unit_test(test_cjk_supersets),
		cmocka_unit_test(test_stateful),
		cmocka_unit_test(test_unknown_charsets),
		cmocka_unit_test(test_us_ascii_holding_utf8),
		cmocka_unit_test(test_odd_names_never_reach_iconv),
		cmocka_unit_test(test_truncated_multibyte),
		cmocka_unit_test(test_nul_passes_through),
		cmocka_unit_test(test_iconv_output_checked),
		cmocka_unit_test(test_output_grows),
		cmocka_unit_test(test_many_charsets),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	kd_charset_thread_cleanup();
	return ret;
}
