#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "thread.h"

#define NONE KD_THREAD_NONE

static struct kd_thread_msg msg(uint32_t id, uint32_t parent)
{
	struct kd_thread_msg m = { id, parent, 0, 0 };
	return m;
}

/* A cover letter, two patches, replies at depth 1 and 2, newest first. */
static void test_depth(void **state)
{
	/* ids: 0 cover, 1 patch 1, 2 patch 2, 3 reply to 2, 4 reply to 3 */
	struct kd_thread_msg m[] = {
		msg(4, 3), msg(3, 2), msg(2, 0), msg(1, 0), msg(0, NONE),
	};
	unsigned char patch[] = { 0, 0, 1, 1, 1 };
	uint32_t up[5], near[5];

	(void)state;
	kd_thread_link(up, m, 5, NULL, 5);
	assert_int_equal(up[0], 1);
	assert_int_equal(up[1], 2);
	assert_int_equal(up[2], 4);
	assert_int_equal(up[3], 4);
	assert_int_equal(up[4], NONE);
	kd_thread_nearest(near, up, patch, 5);
	/* the reply to the reply reaches patch 2 (message 2) */
	assert_int_equal(near[0], 2);
	assert_int_equal(near[1], 2);
	assert_int_equal(near[2], 2);
	assert_int_equal(near[3], 3);
	assert_int_equal(near[4], 4);
}

/*
 * A parent before the range or missing: the nearest reference the range
 * holds stands in; with none, the message answers nothing here.
 */
static void test_missing_parent(void **state)
{
	/* id 0 patch; 1 a missing reply; 2 answers 1, referencing 0 and 1 */
	uint32_t refs[] = { 0, 1, 7, 8 };
	struct kd_thread_msg m[] = {
		{ 2, 1, 0, 2 },  /* parent 1 is missing: reference 0 */
		{ 3, 7, 2, 2 },  /* parent and references before the range */
		msg(0, NONE),
	};
	unsigned char patch[] = { 0, 0, 1 };
	uint32_t up[3], near[3];

	(void)state;
	kd_thread_link(up, m, 3, refs, 9);
	assert_int_equal(up[0], 2);
	assert_int_equal(up[1], NONE);
	assert_int_equal(up[2], NONE);
	kd_thread_nearest(near, up, patch, 3);
	assert_int_equal(near[0], 2);
	assert_int_equal(near[1], NONE);
	assert_int_equal(near[2], 2);
}

/* In-Reply-To wins over References; the last reference is tried first. */
static void test_parent_order(void **state)
{
	uint32_t refs[] = { 1, 2 };
	struct kd_thread_msg m[] = {
		{ 0, 3, 0, 2 }, /* In-Reply-To 3, References 1 2 */
		{ 0, NONE, 0, 2 },
		msg(1, NONE), msg(2, NONE), msg(3, NONE),
	};
	uint32_t up[5];

	(void)state;
	m[1].id = 5;
	kd_thread_link(up, m, 5, refs, 6);
	assert_int_equal(up[0], 4);
	assert_int_equal(up[1], 3);
}

/* A message naming itself, and loops of two and of three. */
static void test_loops(void **state)
{
	uint32_t refs[] = { 0, 0, 0 };
	struct kd_thread_msg m[] = {
		{ 0, 0, 0, 3 },  /* its own parent, its own references */
		msg(1, 2), msg(2, 1), /* a loop of two */
		msg(3, 4), msg(4, 5), msg(5, 3), /* three */
		msg(6, 3), /* hangs off the loop */
	};
	unsigned char none[7] = { 0 };
	unsigned char five[7] = { 0, 0, 0, 0, 0, 1, 0 };
	uint32_t up[7], near[7];
	int i;

	(void)state;
	kd_thread_link(up, m, 7, refs, 7);
	assert_int_equal(up[0], NONE);
	assert_int_equal(up[1], 2);
	assert_int_equal(up[2], 1);
	kd_thread_nearest(near, up, none, 7);
	for (i = 0; i < 7; i++)
		assert_int_equal(near[i], NONE);
	/* a wanted message inside a loop is reached from all of it */
	kd_thread_nearest(near, up, five, 7);
	assert_int_equal(near[3], 5);
	assert_int_equal(near[4], 5);
	assert_int_equal(near[5], 5);
	assert_int_equal(near[6], 5);
	assert_int_equal(near[1], NONE);
}

/* An id archived twice: replies answer its first copy. */
static void test_duplicate_ids(void **state)
{
	struct kd_thread_msg m[] = {
		msg(1, 0), msg(0, NONE), msg(0, NONE),
	};
	uint32_t up[3];

	(void)state;
	kd_thread_link(up, m, 3, NULL, 2);
	assert_int_equal(up[0], 1);
	assert_int_equal(up[1], NONE);
	assert_int_equal(up[2], NONE);
}

/*
 * Deep and wide: a chain of 200,000 replies and a message with 10,000
 * references, each walked once (this would take minutes if quadratic).
 */
static void test_large(void **state)
{
	enum { N = 200000, REFS = 10000 };
	struct kd_thread_msg *m = calloc(N + 1, sizeof(*m));
	uint32_t *up = calloc(N + 1, sizeof(*up));
	uint32_t *near = calloc(N + 1, sizeof(*near));
	unsigned char *want = calloc(N + 1, 1);
	uint32_t *refs = calloc(REFS, sizeof(*refs));
	uint32_t i;

	(void)state;
	/* message i has id i and answers id i + 1; the last is a patch */
	for (i = 0; i < N; i++)
		m[i] = msg(i, i + 1 < N ? i + 1 : NONE);
	want[N - 1] = 1;
	/* and one more, whose 10,000 references are all missing but one */
	for (i = 0; i < REFS; i++)
		refs[i] = N + 1 + i;
	refs[0] = N - 1;
	m[N] = (struct kd_thread_msg){ N + 1 + REFS, NONE, 0, REFS };
	kd_thread_link(up, m, N + 1, refs, N + 2 + REFS);
	kd_thread_nearest(near, up, want, N + 1);
	assert_int_equal(near[0], N - 1);
	assert_int_equal(near[N / 2], N - 1);
	assert_int_equal(up[N], N - 1);
	assert_int_equal(near[N], N - 1);
	free(m);
	free(up);
	free(near);
	free(want);
	free(refs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_missing_parent),
		cmocka_unit_test(test_parent_order),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
