#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "strmap.h"

static void test_empty(void **state)
{
	struct kd_strmap m = KD_STRMAP_INIT;

	(void)state;
	assert_int_equal(kd_strmap_get(&m, "a"), KD_STRMAP_NONE);
	/* a lookup does not insert */
	assert_int_equal(m.nr, 0);
	assert_null(m.slots);
	kd_strmap_release(&m);
	kd_strmap_release(&m);
}

static void test_put_get(void **state)
{
	struct kd_strmap m = KD_STRMAP_INIT;
	char key[8];

	(void)state;
	assert_int_equal(kd_strmap_put(&m, "kvm.example.org", 0), 0);
	assert_int_equal(kd_strmap_put(&m, "intel.com", 1), 1);
	assert_int_equal(kd_strmap_put(&m, "", 2), 2);
	assert_int_equal(m.nr, 3);

	assert_int_equal(kd_strmap_get(&m, "kvm.example.org"), 0);
	assert_int_equal(kd_strmap_get(&m, "intel.com"), 1);
	assert_int_equal(kd_strmap_get(&m, ""), 2);
	/* case matters, and prefixes are other keys */
	assert_int_equal(kd_strmap_get(&m, "Intel.com"), KD_STRMAP_NONE);
	assert_int_equal(kd_strmap_get(&m, "intel.co"), KD_STRMAP_NONE);
	assert_int_equal(m.nr, 3);

	/* keys are copied */
	strcpy(key, "abc");
	kd_strmap_put(&m, key, 7);
	strcpy(key, "xyz");
	assert_int_equal(kd_strmap_get(&m, "abc"), 7);
	assert_int_equal(kd_strmap_get(&m, "xyz"), KD_STRMAP_NONE);
	kd_strmap_release(&m);
	assert_null(m.slots);
	assert_int_equal(m.nr, 0);
	assert_int_equal(m.size, 0);
}

static void test_duplicate_put(void **state)
{
	struct kd_strmap m = KD_STRMAP_INIT;

	(void)state;
	assert_int_equal(kd_strmap_put(&m, "dup", 5), 5);
	/* a put of a present key returns the stored value, unchanged */
	assert_int_equal(kd_strmap_put(&m, "dup", 9), 5);
	assert_int_equal(kd_strmap_get(&m, "dup"), 5);
	assert_int_equal(m.nr, 1);
	kd_strmap_release(&m);
}

static void test_many_keys(void **state)
{
	struct kd_strmap m = KD_STRMAP_INIT;
	char key[32];
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "user%zu@example.org", i);
		if (kd_strmap_put(&m, key, i * 3) != i * 3)
			fail_msg("put of %s", key);
	}
	assert_int_equal(m.nr, 10000);
	/* the table grew, and stays under three quarters full */
	assert_true(m.size >= 10000 * 4 / 3);
	assert_int_equal(m.size & (m.size - 1), 0);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "user%zu@example.org", i);
		if (kd_strmap_get(&m, key) != i * 3)
			fail_msg("lookup of %s", key);
		/* putting it again returns what is stored */
		if (kd_strmap_put(&m, key, 1) != i * 3)
			fail_msg("second put of %s", key);
	}
	assert_int_equal(m.nr, 10000);
	for (i = 10000; i < 10100; i++) {
		snprintf(key, sizeof(key), "user%zu@example.org", i);
		if (kd_strmap_get(&m, key) != KD_STRMAP_NONE)
			fail_msg("%s found but never added", key);
	}
	kd_strmap_release(&m);

	/* the map can be filled again after a release */
	assert_int_equal(kd_strmap_put(&m, "again", 4), 4);
	assert_int_equal(kd_strmap_get(&m, "again"), 4);
	kd_strmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_duplicate_put),
		cmocka_unit_test(test_many_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
