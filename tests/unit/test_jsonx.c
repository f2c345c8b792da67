/*
 * test_jsonx.c: json_text writes exactly what json_dumps(JSON_COMPACT |
 * JSON_ENCODE_ANY) writes, for every kind of value.
 */
#include "parley.h"
#include "util/jsonx.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void same_as_jansson(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	assert_non_null(v);
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t len = 0;
	char *got = json_text(v, &len);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
	json_decref(v);
}

static void matches_json_dumps(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"null", "true", "false", "0", "-9223372036854775808", "1.5", "-0.25",
		"1e300", "3.0", "\"\"", "\"plain\"",
		"\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f\"",
		"\"ctl \\u0001 \\u001f del \\u007f\"", "\"utf8 \\u00e9 \\u263a \\ud83d\\ude00\"",
		"[]", "{}", "[1,[2,[3,{}]],\"x\",null]",
		"{\"b\":1,\"a\":{\"z\":[true,false],\"y\":\"s\"},\"k\\\"ey\":null}",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++)
		same_as_jansson(cases[i]);
}

static void shared_subtrees_and_null(void **state)
{
	(void)state;
	json_t *arr = json_pack("[i,s]", 1, "two");
	json_t *o = json_pack("{s:O,s:O}", "a", arr, "b", arr);
	char *got = json_text(o, NULL);
	assert_string_equal(got, "{\"a\":[1,\"two\"],\"b\":[1,\"two\"]}");
	free(got);
	json_decref(o);
	json_decref(arr);
	got = json_text(NULL, NULL);
	assert_string_equal(got, "null");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_json_dumps),
		cmocka_unit_test(shared_subtrees_and_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
