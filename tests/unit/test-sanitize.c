#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sanitize.h"

static void check(int one_line, const char *in, size_t len, const char *want)
{
	struct kd_buf out = KD_BUF_INIT;

	if (one_line)
		kd_sanitize_line(&out, in, len);
	else
		kd_sanitize_text(&out, in, len);
	if (out.len != strlen(want) || memcmp(out.buf, want, out.len))
		fail_msg("sanitize_%s(\"%s\") is \"%s\", not \"%s\"",
			 one_line ? "line" : "text", in, out.buf, want);
	kd_buf_release(&out);
}

#define TEXT(in, want) check(0, in, sizeof(in) - 1, want)
#define LINE(in, want) check(1, in, sizeof(in) - 1, want)

static void test_text(void **state)
{
	(void)state;
	TEXT("", "");
	TEXT("plain text", "plain text");
	TEXT("\x1b[2J\x1b]0;pwned\x07", "^[[2J^[]0;pwned^G");
	TEXT("del\x7f", "del^?");
	TEXT("a\r\nb", "a^M\nb");
	TEXT("\ttab\nnew line\n", "\ttab\nnew line\n");
	TEXT("  two  blanks  ", "  two  blanks  ");
	TEXT("\x01\x1f\x08\x0c", "^A^_^H^L");
	/* a NUL byte inside the given length is shown, not an end */
	TEXT("a\0b", "a^@b");
	/* C1 controls: U+0085 (NEL), U+009B (CSI), U+0080, U+009F */
	TEXT("x\xc2\x85y", "x\xef\xbf\xbdy");
	TEXT("\xc2\x9b"
	     "31m",
	     "\xef\xbf\xbd"
	     "31m");
	TEXT("\xc2\x80\xc2\x9f", "\xef\xbf\xbd\xef\xbf\xbd");
	/* UTF-8 kept, including U+00A0 and U+00A9 next to the C1 range */
	TEXT("Cl\xc3\xa9ment \xc2\xa0\xc2\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	     "Cl\xc3\xa9ment \xc2\xa0\xc2\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

static void test_text_length(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	/* only `len` bytes are read */
	kd_sanitize_text(&out,
			 "abc\x1b"
			 "def",
			 4);
	assert_string_equal(out.buf, "abc^[");
	assert_int_equal(out.len, 5);
	/* and it appends */
	kd_sanitize_text(&out, "\x1b", 1);
	assert_string_equal(out.buf, "abc^[^[");
	kd_buf_release(&out);
}

static void test_line(void **state)
{
	(void)state;
	LINE("", "");
	LINE("   ", "");
	LINE("one", "one");
	LINE("  lead and trail \t", "lead and trail");
	LINE("a  \t b\n\nc", "a b c");
	LINE("a\r\nb", "a b");
	LINE("fold\n\tcontinued", "fold continued");
	LINE("\x1b[31mred\x1b[0m", "^[[31mred^[[0m");
	LINE("a \x1b b", "a ^[ b");
	LINE(" \x1b ", "^[");
	LINE("x\xc2\x85 y", "x\xef\xbf\xbd y");
	LINE("Cl\xc3\xa9ment  L\xc3\xa9ger", "Cl\xc3\xa9ment L\xc3\xa9ger");
}

static void test_line_appends(void **state)
{
	struct kd_buf out = KD_BUF_INIT;

	(void)state;
	kd_buf_addstr(&out, "Name:");
	/* leading blanks of the appended text are trimmed too */
	kd_sanitize_line(&out, "  John \t Doe  ", 14);
	assert_string_equal(out.buf, "Name:John Doe");
	kd_buf_addch(&out, ' ');
	kd_sanitize_line(&out, "\n<a@b>\n", 7);
	/* what was there before is left alone, its blank included */
	assert_string_equal(out.buf, "Name:John Doe <a@b>");
	kd_sanitize_line(&out, " \t\n", 3);
	assert_string_equal(out.buf, "Name:John Doe <a@b>");
	kd_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_length),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_line_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
