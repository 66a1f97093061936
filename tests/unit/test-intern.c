#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "intern.h"

static void test_ids_in_order(void **state)
{
	struct kd_intern p = KD_INTERN_INIT;

	(void)state;
	assert_int_equal(kd_intern_find(&p, "a", 1), KD_INTERN_NONE);
	assert_int_equal(kd_intern_putstr(&p, "a@b"), 0);
	assert_int_equal(kd_intern_putstr(&p, "c@d"), 1);
	assert_int_equal(kd_intern_putstr(&p, ""), 2);
	/* the same bytes are the same id */
	assert_int_equal(kd_intern_putstr(&p, "a@b"), 0);
	assert_int_equal(kd_intern_put(&p, "c@dxyz", 3), 1);
	assert_int_equal(p.nr, 3);
	assert_string_equal(kd_intern_str(&p, 0), "a@b");
	assert_string_equal(kd_intern_str(&p, 1), "c@d");
	assert_string_equal(kd_intern_str(&p, 2), "");
	assert_string_equal(kd_intern_str(&p, KD_INTERN_NONE), "");
	/* case and prefixes are other strings; a lookup does not add */
	assert_int_equal(kd_intern_find(&p, "A@b", 3), KD_INTERN_NONE);
	assert_int_equal(kd_intern_find(&p, "a@", 2), KD_INTERN_NONE);
	assert_int_equal(kd_intern_find(&p, "c@d", 3), 1);
	assert_int_equal(p.nr, 3);
	kd_intern_release(&p);
	assert_int_equal(p.nr, 0);
	assert_null(p.slots);
	kd_intern_release(&p);
}

/* Bytes after a NUL count: ids compare lengths as well as bytes. */
static void test_embedded_nul(void **state)
{
	struct kd_intern p = KD_INTERN_INIT;

	(void)state;
	assert_int_equal(kd_intern_put(&p, "a\0b", 3), 0);
	assert_int_equal(kd_intern_put(&p, "a", 1), 1);
	assert_int_equal(kd_intern_put(&p, "a\0b", 3), 0);
	assert_int_equal(p.lens[0], 3);
	kd_intern_release(&p);
}

/*
 * Many strings, some longer than a chunk: every id still names its own
 * string after the table and the chunks have grown many times.
 */
static void test_many(void **state)
{
	struct kd_intern p = KD_INTERN_INIT;
	static char big[200000];
	char key[32];
	uint32_t i;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "%u@example.org", i);
		assert_int_equal(kd_intern_putstr(&p, key), i);
		if (i == 5000)
			assert_int_equal(kd_intern_putstr(&p, big), ++i);
	}
	for (i = 0; i < 100000; i++) {
		if (i == 5001) {
			assert_int_equal(strlen(kd_intern_str(&p, i)),
					 sizeof(big) - 1);
			continue;
		}
		snprintf(key, sizeof(key), "%u@example.org", i);
		assert_int_equal(kd_intern_find(&p, key, strlen(key)), i);
		assert_string_equal(kd_intern_str(&p, i), key);
	}
	kd_intern_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_in_order),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
