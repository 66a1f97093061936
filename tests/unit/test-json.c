#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "json.h"

static void test_nested(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_json j;

	(void)state;
	kd_json_init(&j, &out);
	kd_json_object(&j, NULL);
	kd_json_string(&j, "list", "kvm");
	kd_json_int(&j, "count", 42);
	kd_json_int(&j, "neg", -7);
	kd_json_int(&j, "big", INT64_MAX);
	kd_json_bool(&j, "yes", 1);
	kd_json_bool(&j, "no", 0);
	kd_json_null(&j, "nothing");
	kd_json_string(&j, "nul", NULL);
	kd_json_array(&j, "series");
	kd_json_object(&j, NULL);
	kd_json_string(&j, "title", "x");
	kd_json_array(&j, "nums");
	kd_json_int(&j, NULL, 1);
	kd_json_int(&j, NULL, 2);
	kd_json_end_array(&j);
	kd_json_end_object(&j);
	kd_json_object(&j, NULL);
	kd_json_end_object(&j);
	kd_json_end_array(&j);
	kd_json_end_object(&j);
	assert_string_equal(out.buf, "{\n"
				     " \"list\": \"kvm\",\n"
				     " \"count\": 42,\n"
				     " \"neg\": -7,\n"
				     " \"big\": 9223372036854775807,\n"
				     " \"yes\": true,\n"
				     " \"no\": false,\n"
				     " \"nothing\": null,\n"
				     " \"nul\": null,\n"
				     " \"series\": [\n"
				     "  {\n"
				     "   \"title\": \"x\",\n"
				     "   \"nums\": [\n"
				     "    1,\n"
				     "    2\n"
				     "   ]\n"
				     "  },\n"
				     "  {}\n"
				     " ]\n"
				     "}\n");
	assert_int_equal(j.depth, 0);
	kd_buf_release(&out);
}

static void test_empty_containers(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_json j;

	(void)state;
	kd_json_init(&j, &out);
	kd_json_array(&j, NULL);
	kd_json_end_array(&j);
	assert_string_equal(out.buf, "[]\n");

	kd_buf_reset(&out);
	kd_json_init(&j, &out);
	kd_json_object(&j, NULL);
	kd_json_end_object(&j);
	assert_string_equal(out.buf, "{}\n");

	kd_buf_reset(&out);
	kd_json_init(&j, &out);
	kd_json_object(&j, NULL);
	kd_json_array(&j, "a");
	kd_json_end_array(&j);
	kd_json_object(&j, "o");
	kd_json_end_object(&j);
	kd_json_array(&j, "aa");
	kd_json_array(&j, NULL);
	kd_json_end_array(&j);
	kd_json_end_array(&j);
	kd_json_end_object(&j);
	assert_string_equal(out.buf, "{\n"
				     " \"a\": [],\n"
				     " \"o\": {},\n"
				     " \"aa\": [\n"
				     "  []\n"
				     " ]\n"
				     "}\n");
	kd_buf_release(&out);
}

static void test_deep(void **state)
{
	struct kd_buf out = KD_BUF_INIT, want = KD_BUF_INIT;
	struct kd_json j;
	int i, depth = KD_JSON_DEPTH;

	(void)state;
	kd_json_init(&j, &out);
	for (i = 0; i < depth; i++)
		kd_json_array(&j, NULL);
	kd_json_int(&j, NULL, 0);
	for (i = 0; i < depth; i++)
		kd_json_end_array(&j);
	for (i = 0; i < depth; i++) {
		kd_buf_addchars(&want, ' ', (size_t)i);
		kd_buf_add(&want, "[\n", 2);
	}
	kd_buf_addchars(&want, ' ', (size_t)depth);
	kd_buf_add(&want, "0\n", 2);
	for (i = depth - 1; i >= 0; i--) {
		kd_buf_addchars(&want, ' ', (size_t)i);
		kd_buf_add(&want, "]\n", 2);
	}
	/* the first "[" is not indented nor preceded by a newline */
	assert_string_equal(out.buf, want.buf);
	kd_buf_release(&out);
	kd_buf_release(&want);
}

static void check_quote(const char *in, const char *want)
{
	struct kd_buf out = KD_BUF_INIT;

	kd_json_quote(&out, in);
	if (strcmp(out.buf, want))
		fail_msg("quote(%s) is %s, not %s", in, out.buf, want);
	kd_buf_release(&out);
}

static void test_quote(void **state)
{
	(void)state;
	check_quote("", "\"\"");
	check_quote("plain", "\"plain\"");
	check_quote("say \"hi\"", "\"say \\\"hi\\\"\"");
	check_quote("a\\b", "\"a\\\\b\"");
	check_quote("\\", "\"\\\\\"");
	check_quote("\"", "\"\\\"\"");
	check_quote("a\nb\tc", "\"a\\nb\\tc\"");
	check_quote("\x1b[2J", "\"\\u001b[2J\"");
	check_quote("\x01\x1f\r\b\f",
		    "\"\\u0001\\u001f\\u000d\\u0008\\u000c\"");
	check_quote("del\x7f", "\"del\\u007f\"");
	/* UTF-8 passes through, also at the very end */
	check_quote("Cl\xc3\xa9ment", "\"Cl\xc3\xa9ment\"");
	check_quote("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	/* escapes next to each other and at both ends */
	check_quote("\"\\\n\x1b", "\"\\\"\\\\\\n\\u001b\"");
}

static void test_keys_are_escaped(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_json j;

	(void)state;
	kd_json_init(&j, &out);
	kd_json_object(&j, NULL);
	kd_json_string(&j, "k\"\x1b", "v\\");
	kd_json_end_object(&j);
	assert_string_equal(out.buf, "{\n \"k\\\"\\u001b\": \"v\\\\\"\n}\n");
	kd_buf_release(&out);
}

static void test_appends(void **state)
{
	struct kd_buf out = KD_BUF_INIT;
	struct kd_json j;

	(void)state;
	kd_buf_addstr(&out, "prefix ");
	kd_json_init(&j, &out);
	kd_json_string(&j, NULL, "x");
	assert_string_equal(out.buf, "prefix \"x\"");
	kd_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_keys_are_escaped),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
