/*
 * test_jsonx.c: util/jsonx.c, JSON helpers and ISO-8601 time.
 *
 * The wire format is Zendesk's: UTC to the second with a Z.  Parsing takes
 * what clients send in filters and custom date fields: a date alone, a
 * time with Z or a numeric offset, fractional seconds; anything else,
 * including impossible calendar dates, is rejected rather than normalized.
 */
#include "unit.h"

#include <time.h>

#define T_2026_11_25 1795564800LL       /* 2026-11-25T00:00:00Z */
#define T_2026_11_25_09 1795597200LL    /* 2026-11-25T09:00:00Z */

static void iso_formats_utc_with_z(void **state)
{
	(void)state;
	char buf[32];
	time_iso(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	time_iso(T_2026_11_25_09, buf);
	assert_string_equal(buf, "2026-11-25T09:00:00Z");
	time_iso(2147483648LL, buf); /* past 2038 */
	assert_string_equal(buf, "2038-01-19T03:14:08Z");
	time_iso(4107585600LL, buf);
	assert_string_equal(buf, "2100-03-01T12:00:00Z");
}

static int64_t parsed(const char *s)
{
	int64_t t = -1;
	assert_true(time_parse_iso(s, &t));
	return t;
}

/* The hand-rolled civil-date arithmetic agrees with gmtime_r + strftime
 * across centuries, leap days and negative times. */
static void iso_agrees_with_strftime(void **state)
{
	(void)state;
	char mine[32], libc[32];
	for (int64_t t = -5000000000LL; t < 9000000000LL; t += 7777790) {
		time_iso(t, mine);
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(libc, sizeof(libc), "%Y-%m-%dT%H:%M:%SZ", &tm);
		assert_string_equal(mine, libc);
	}
	time_iso(951782400, mine); /* 2000-02-29, a leap day of a /400 year */
	assert_string_equal(mine, "2000-02-29T00:00:00Z");
	time_iso(-1, mine);
	assert_string_equal(mine, "1969-12-31T23:59:59Z");
}

static void parse_accepts_dates_and_times(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-25"), T_2026_11_25);
	assert_int_equal(parsed("2026-11-25T09:00:00Z"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T09:00:00"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25 09:00:00"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T09:00Z"), T_2026_11_25_09);
	assert_int_equal(parsed("2024-02-29"), 1709164800LL);
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
}

static void parse_applies_offsets(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-25T11:00:00+02:00"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T11:00:00+0200"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T03:30:00-05:30"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T09:00:00+00:00"), T_2026_11_25_09);
	/* An offset can move the instant to another day. */
	assert_int_equal(parsed("2026-11-24T23:00:00-10:00"), T_2026_11_25_09);
}

static void parse_skips_fractional_seconds(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-25T09:00:00.123Z"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T09:00:00.999999+00:00"), T_2026_11_25_09);
	assert_int_equal(parsed("2026-11-25T11:00:00.5+02:00"), T_2026_11_25_09);
}

static void parse_rejects(const char *s)
{
	int64_t t = 12345;
	if (time_parse_iso(s, &t))
		fail_msg("accepted '%s'", s ? s : "(null)");
	assert_int_equal(t, 12345); /* untouched on failure */
}

static void parse_rejects_invalid_dates(void **state)
{
	(void)state;
	parse_rejects("2026-02-31");
	parse_rejects("2026-02-29");          /* not a leap year */
	parse_rejects("2026-04-31");
	parse_rejects("2026-13-01");
	parse_rejects("2026-00-10");
	parse_rejects("2026-11-00");
	parse_rejects("2026-11-32");
	parse_rejects("2026-11-25T24:00:00Z");
	parse_rejects("2026-11-25T09:60:00Z");
	parse_rejects("2026-11-25T09:00:61Z");
}

static void parse_rejects_garbage(void **state)
{
	(void)state;
	parse_rejects(NULL);
	parse_rejects("");
	parse_rejects("garbage");
	parse_rejects("2026-11-2");
	parse_rejects("2026/11/25");
	parse_rejects("26-11-25");
	parse_rejects("2026-11-25T");
	parse_rejects("2026-11-25T9:00:00Z");
	parse_rejects("2026-11-25T09:00:00Zjunk");
	parse_rejects("2026-11-25T09:00:00+2");
	parse_rejects("2026-11-25T09:00:00+02:");
	parse_rejects("2026-11-25X");
	parse_rejects("2026-11-25 ");
	parse_rejects("-2026-11-25");
	parse_rejects("１２３４-11-25"); /* full-width digits */
}

static void parse_round_trips_iso(void **state)
{
	(void)state;
	for (int64_t t = 0; t < 5000000000LL; t += 86399 * 397) {
		char buf[32];
		time_iso(t, buf);
		assert_int_equal(parsed(buf), t);
	}
}

static void helpers_map_absent_to_null(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_true(json_is_null(jown(a, jstr(NULL))));
	assert_string_equal(json_string_value(jown(a, jstr("x"))), "x");
	assert_true(json_is_null(jown(a, jid(0))));
	assert_int_equal(json_integer_value(jown(a, jid(42))), 42);
	assert_true(json_is_null(jown(a, jtime(0))));
	assert_string_equal(json_string_value(jown(a, jtime(T_2026_11_25_09))),
		"2026-11-25T09:00:00Z");
	assert_string_equal(jdump(a, NULL), "null");
	assert_string_equal(jdump(a, jown(a, json_pack("{s:i}", "a", 1))), "{\"a\":1}");
	arena_free(a);
}

static void jparse_falls_back(void **state)
{
	(void)state;
	json_t *v = jparse("{\"k\":[1]}", json_object());
	assert_true(json_is_array(json_object_get(v, "k")));
	json_decref(v);
	v = jparse("not json", json_string("dflt"));
	assert_string_equal(json_string_value(v), "dflt");
	json_decref(v);
	v = jparse(NULL, json_array());
	assert_true(json_is_array(v));
	json_decref(v);
	v = jparse("3", json_null()); /* any JSON value, not only objects */
	assert_int_equal(json_integer_value(v), 3);
	json_decref(v);
}

/* sbuf_json writes exactly what json_dumps(JSON_COMPACT | JSON_ENCODE_ANY)
 * writes, faster. */
static char *text_of(struct arena *a, const json_t *v)
{
	struct sbuf b;
	sbuf_init(&b, a);
	sbuf_json(&b, v);
	assert_int_equal(b.len, strlen(b.s));
	return b.s;
}

static void text_as_jansson(struct arena *a, const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	assert_non_null(v);
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_string_equal(text_of(a, v), want);
	free(want);
	json_decref(v);
}

static void text_matches_json_dumps(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"null", "true", "false", "0", "-9223372036854775808", "1.5", "-0.25",
		"1e300", "3.0", "\"\"", "\"plain\"",
		"\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f\"",
		"\"ctl \\u0001 \\u001f del \\u007f\"",
		"\"utf8 \\u00e9 \\u263a \\ud83d\\ude00\"",
		"[]", "{}", "[1,[2,[3,{}]],\"x\",null]",
		"{\"b\":1,\"a\":{\"z\":[true,false],\"y\":\"s\"},\"k\\\"ey\":null}",
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++)
		text_as_jansson(a, cases[i]);
	/* Long enough to grow the buffer many times. */
	json_t *big = json_array();
	for (int i = 0; i < 5000; i++)
		json_array_append_new(big, json_pack("{s:i,s:s}", "id", i, "s", "x\ty"));
	char *want = json_dumps(big, JSON_COMPACT);
	assert_string_equal(text_of(a, big), want);
	free(want);
	json_decref(big);
	/* Escapes only: each one grows the text past the room made for it. */
	char esc[3000];
	for (size_t i = 0; i < sizeof(esc); i++)
		esc[i] = "\x01\"\\\n"[i % 4];
	json_t *s = json_stringn(esc, sizeof(esc));
	want = json_dumps(s, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_string_equal(text_of(a, s), want);
	free(want);
	json_decref(s);
	arena_free(a);
}

static void text_of_shared_subtrees_and_null(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	json_t *arr = json_pack("[i,s]", 1, "two");
	json_t *o = json_pack("{s:O,s:O}", "a", arr, "b", arr);
	assert_string_equal(text_of(a, o), "{\"a\":[1,\"two\"],\"b\":[1,\"two\"]}");
	json_decref(o);
	json_decref(arr);
	assert_string_equal(text_of(a, NULL), "null");
	struct sbuf b;
	sbuf_init(&b, a);
	sbuf_json_str(&b, "a\"b\n", 4);
	assert_string_equal(b.s, "\"a\\\"b\\n\"");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso_formats_utc_with_z),
		cmocka_unit_test(iso_agrees_with_strftime),
		cmocka_unit_test(parse_accepts_dates_and_times),
		cmocka_unit_test(parse_applies_offsets),
		cmocka_unit_test(parse_skips_fractional_seconds),
		cmocka_unit_test(parse_rejects_invalid_dates),
		cmocka_unit_test(parse_rejects_garbage),
		cmocka_unit_test(parse_round_trips_iso),
		cmocka_unit_test(helpers_map_absent_to_null),
		cmocka_unit_test(jparse_falls_back),
		cmocka_unit_test(text_matches_json_dumps),
		cmocka_unit_test(text_of_shared_subtrees_and_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
