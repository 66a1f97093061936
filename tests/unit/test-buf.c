#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

static void test_init_is_empty_string(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	/* Releasing a buffer that never allocated is harmless. */
	kd_buf_release(&b);
	assert_ptr_equal(b.buf, kd_buf_empty);

	kd_buf_init(&b, 100);
	assert_true(b.alloc >= 101);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.buf, "");
	kd_buf_release(&b);
	assert_ptr_equal(b.buf, kd_buf_empty);
	assert_int_equal(b.alloc, 0);
}

static void test_add(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_add(&b, "abc", 3);
	kd_buf_add(&b, "", 0);
	kd_buf_addstr(&b, "def");
	kd_buf_addch(&b, 'g');
	kd_buf_addchars(&b, '-', 3);
	assert_string_equal(b.buf, "abcdefg---");
	assert_int_equal(b.len, 10);

	/* NUL bytes are content; the buffer stays NUL-terminated past them */
	kd_buf_add(&b, "x\0y", 3);
	assert_int_equal(b.len, 13);
	assert_memory_equal(b.buf + 10, "x\0y", 3);
	assert_int_equal(b.buf[13], '\0');
	kd_buf_release(&b);
}

static void test_add_grows(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		kd_buf_addch(&b, 'a' + (int)(i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.alloc > b.len);
	for (i = 0; i < 100000; i++)
		if (b.buf[i] != 'a' + (int)(i % 26))
			fail_msg("byte %zu is %c", i, b.buf[i]);
	assert_int_equal(b.buf[100000], '\0');
	kd_buf_release(&b);
}

static void test_addf(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_addf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.buf, "42-x");
	kd_buf_addf(&b, "%7d|%-3s|", 15, "a");
	assert_string_equal(b.buf, "42-x     15|a  |");
	assert_int_equal(b.len, 16);
	kd_buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 16);
	kd_buf_release(&b);
}

static void check_addf_long(size_t n)
{
	struct kd_buf b = KD_BUF_INIT;
	char *s = malloc(n + 1);
	size_t i;

	memset(s, 'q', n);
	s[n] = '\0';
	kd_buf_addstr(&b, "<");
	kd_buf_addf(&b, "%s>%zu", s, n);
	/* a second, longer one on top of a non-empty buffer */
	kd_buf_addf(&b, "[%s]", s);
	assert_int_equal(
		b.len, 1 + n + 1 + (size_t)snprintf(NULL, 0, "%zu", n) + n + 2);
	assert_int_equal(b.buf[0], '<');
	for (i = 0; i < n; i++)
		if (b.buf[1 + i] != 'q')
			fail_msg("byte %zu of %zu is %c", i, n, b.buf[1 + i]);
	assert_int_equal(b.buf[1 + n], '>');
	assert_int_equal(b.buf[b.len - 1], ']');
	assert_int_equal(b.buf[b.len], '\0');
	assert_int_equal(strlen(b.buf), b.len);
	kd_buf_release(&b);
	free(s);
}

static void test_addf_long(void **state)
{
	(void)state;
	check_addf_long(63);
	check_addf_long(64);
	check_addf_long(65);
	check_addf_long(200);
	check_addf_long(4095);
	check_addf_long(4096);
	check_addf_long(10000);
	check_addf_long(1 << 20);
}

static void test_add_utf8(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_add_utf8(&b, 'A');
	assert_string_equal(b.buf, "A");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x7f);
	assert_string_equal(b.buf, "\x7f");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x80);
	assert_string_equal(b.buf, "\xc2\x80");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0xe9);
	assert_string_equal(b.buf, "\xc3\xa9");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x7ff);
	assert_string_equal(b.buf, "\xdf\xbf");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x800);
	assert_string_equal(b.buf, "\xe0\xa0\x80");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x20ac);
	assert_string_equal(b.buf, "\xe2\x82\xac");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0xffff);
	assert_string_equal(b.buf, "\xef\xbf\xbf");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x10000);
	assert_string_equal(b.buf, "\xf0\x90\x80\x80");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x1f600);
	assert_string_equal(b.buf, "\xf0\x9f\x98\x80");
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0x10ffff);
	assert_string_equal(b.buf, "\xf4\x8f\xbf\xbf");
	kd_buf_reset(&b);

	/* Not scalar values: U+FFFD */
	kd_buf_add_utf8(&b, 0xd800);
	kd_buf_add_utf8(&b, 0xdbff);
	kd_buf_add_utf8(&b, 0xdc00);
	kd_buf_add_utf8(&b, 0xdfff);
	kd_buf_add_utf8(&b, 0x110000);
	kd_buf_add_utf8(&b, 0xffffffffUL);
	assert_string_equal(b.buf, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(b.len, 18);
	kd_buf_reset(&b);
	/* the neighbours of the surrogates are fine */
	kd_buf_add_utf8(&b, 0xd7ff);
	kd_buf_add_utf8(&b, 0xe000);
	assert_string_equal(b.buf, "\xed\x9f\xbf\xee\x80\x80");

	/* U+0000 is one NUL byte of content */
	kd_buf_reset(&b);
	kd_buf_add_utf8(&b, 0);
	assert_int_equal(b.len, 1);
	assert_int_equal(b.buf[0], '\0');
	kd_buf_release(&b);
}

static void test_trim(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	kd_buf_addstr(&b, " \t\r\n\f\vabc  d \n\t ");
	kd_buf_trim(&b);
	assert_string_equal(b.buf, "abc  d");
	assert_int_equal(b.len, 6);

	kd_buf_reset(&b);
	kd_buf_addstr(&b, " \t \n");
	kd_buf_trim(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);

	kd_buf_reset(&b);
	kd_buf_addstr(&b, "x");
	kd_buf_trim(&b);
	assert_string_equal(b.buf, "x");

	kd_buf_release(&b);
	/* an empty, never allocated buffer */
	kd_buf_trim(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
}

static void test_detach(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	char *s;
	size_t len = 99;

	(void)state;
	kd_buf_addstr(&b, "hello");
	s = kd_buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_ptr_equal(b.buf, kd_buf_empty);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	free(s);

	/* Detaching an empty buffer still hands out a string to free. */
	s = kd_buf_detach(&b, &len);
	assert_non_null(s);
	assert_ptr_not_equal(s, kd_buf_empty);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	s = kd_buf_detach(&b, NULL);
	assert_string_equal(s, "");
	free(s);

	/* The buffer is usable again after a detach. */
	kd_buf_addstr(&b, "again");
	assert_string_equal(b.buf, "again");
	kd_buf_release(&b);
}

static void test_setlen(void **state)
{
	struct kd_buf b = KD_BUF_INIT;

	(void)state;
	/* On a never allocated buffer, setlen(0) is a no-op. */
	kd_buf_setlen(&b, 0);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);

	kd_buf_addstr(&b, "abcdef");
	kd_buf_setlen(&b, 3);
	assert_string_equal(b.buf, "abc");
	assert_int_equal(b.len, 3);
	kd_buf_addstr(&b, "XY");
	assert_string_equal(b.buf, "abcXY");
	kd_buf_reset(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_true(b.alloc > 0);
	kd_buf_release(&b);
}

static void test_release_then_reuse(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	int round;

	(void)state;
	for (round = 0; round < 3; round++) {
		kd_buf_addf(&b, "round %d", round);
		kd_buf_addchars(&b, 'z', 100);
		assert_int_equal(b.len, 107);
		assert_memory_equal(b.buf, "round ", 6);
		assert_int_equal(b.buf[6], '0' + round);
		kd_buf_release(&b);
		assert_ptr_equal(b.buf, kd_buf_empty);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.alloc, 0);
		assert_string_equal(b.buf, "");
	}
	/* the shared empty string is left untouched by all this */
	assert_int_equal(kd_buf_empty[0], '\0');
}

static void test_strdup(void **state)
{
	char *s;

	(void)state;
	s = kd_strndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = kd_strdup("");
	assert_string_equal(s, "");
	free(s);
}

static void test_read_file(void **state)
{
	char dir[] = "/tmp/test-buf.XXXXXX", path[64], link_path[64];
	struct kd_buf b = KD_BUF_INIT;
	size_t i;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/file", dir);
	snprintf(link_path, sizeof(link_path), "%s/link", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 10000; i++)
		fputs("0123456789", f);
	fputc('\0', f);
	fclose(f);
	assert_int_equal(symlink("file", link_path), 0);

	/* appends, NUL bytes and all */
	kd_buf_addstr(&b, "x");
	assert_int_equal(kd_buf_read_file(&b, path, 0, 0), 0);
	assert_int_equal(b.len, 1 + 100001);
	assert_memory_equal(b.buf, "x0123456789", 11);
	assert_int_equal(b.buf[b.len - 1], '\0');
	assert_int_equal(kd_buf_read_file(&b, link_path, 0, 0), 0);
	assert_int_equal(b.len, 1 + 2 * 100001);

	/* one byte past `max` tells a file too large */
	kd_buf_reset(&b);
	assert_int_equal(kd_buf_read_file(&b, path, 1000, 0), 0);
	assert_int_equal(b.len, 1001);
	assert_int_equal(kd_buf_read_file(&b, path, 100001, 0), 0);
	assert_int_equal(b.len, 1001 + 100001);

	/* failures leave the buffer as it was */
	kd_buf_reset(&b);
	kd_buf_addstr(&b, "kept");
	assert_int_equal(kd_buf_read_file(&b, link_path, 0, KD_READ_NOFOLLOW),
			 -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(kd_buf_read_file(&b, dir, 0, 0), -1);
	assert_int_equal(errno, EISDIR);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(kd_buf_read_file(&b, path, 0, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(b.buf, "kept");

	kd_buf_release(&b);
	snprintf(path, sizeof(path), "%s/file", dir);
	unlink(path);
	unlink(link_path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty_string),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_add_grows),
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_addf_long),
		cmocka_unit_test(test_add_utf8),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_setlen),
		cmocka_unit_test(test_release_then_reuse),
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
