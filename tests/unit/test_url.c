/*
 * test_url.c: util/url.c, percent-encoding as URLSearchParams does it.
 *
 * Queries are decoded form-style ('+' is a space), path segments are not;
 * a '%' not followed by two hex digits is kept as it is.  url_escape output
 * decodes back to its input for every byte value.
 */
#include "unit.h"
#include "util/url.h"

static void decoded(const char *in, bool plus, const char *want)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", in);
	url_decode(buf, plus);
	assert_string_equal(buf, want);
}

static void decode_plus_and_hex(void **state)
{
	(void)state;
	decoded("a+b%20c", true, "a b c");
	decoded("a+b%20c", false, "a+b c");
	decoded("%2B", true, "+");
	decoded("page%5Bsize%5D", true, "page[size]");
	decoded("users%2cgroups", true, "users,groups");
	decoded("%C3%A9t%C3%A9", true, "\xc3\xa9t\xc3\xa9");
	decoded("", true, "");
	decoded("plain", true, "plain");
}

static void decode_keeps_malformed_percent(void **state)
{
	(void)state;
	decoded("%", true, "%");
	decoded("100%", true, "100%");
	decoded("%4", true, "%4");
	decoded("%zz", true, "%zz");
	decoded("%g0%0g", true, "%g0%0g");
	decoded("%%41", true, "%A");
	decoded("a%2", true, "a%2");
	decoded("%+1", true, "% 1");
}

static void escape_encodes_query_components(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(url_escape(a, ""), "");
	assert_string_equal(url_escape(a, "AZaz09-_.*"), "AZaz09-_.*");
	assert_string_equal(url_escape(a, "a b"), "a+b");
	assert_string_equal(url_escape(a, "page[size]"), "page%5Bsize%5D");
	assert_string_equal(url_escape(a, "x=1&y=2/3?"), "x%3D1%26y%3D2%2F3%3F");
	assert_string_equal(url_escape(a, "+%"), "%2B%25");
	assert_string_equal(url_escape(a, "\xc3\xa9"), "%C3%A9");
	arena_free(a);
}

static void escape_then_decode_round_trips(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = 0;
	char *e = url_escape(a, all);
	for (char *p = e; *p; p++) /* only the unreserved set, '+' and '%' */
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789-_.*+%", *p));
	url_decode(e, true);
	assert_memory_equal(e, all, 256);

	static const char *const samples[] = {
		"type:ticket status<solved \"two words\" -tags:x",
		"100% sure + more", "a&b=c", "%41", "  ",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(samples); i++) {
		char *s = url_escape(a, samples[i]);
		url_decode(s, true);
		assert_string_equal(s, samples[i]);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_plus_and_hex),
		cmocka_unit_test(decode_keeps_malformed_percent),
		cmocka_unit_test(escape_encodes_query_components),
		cmocka_unit_test(escape_then_decode_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
