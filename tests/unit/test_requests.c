/*
 * test_requests.c: the pure parts of the contact form: which fields field
 * conditions show and require (core/request_forms.c), what counts as a
 * value, the words a suggestion searches for (guide/search.c) and attempt
 * ids (guide/contact.c).
 */
#include "unit.h"
#include "core/request_forms.h"
#include "guide/contact.h"
#include "guide/search.h"

/* A form: reason; plan -> company (plan_business, required); agree
 * (checkbox) -> detail; multi -> extra ("a" among the chosen); p <-> q
 * (a cycle). */
static struct request_form form(struct request_field *f)
{
	static const char *const types[] = { "tagger", "tagger", "text", "checkbox",
		"text", "multiselect", "text", "text", "text" };
	for (int i = 0; i < 9; i++)
		f[i] = (struct request_field){ .id = 100 + i, .type = types[i],
			.title = "x", .description = "" };
	f[0].reason = f[0].required = true;
	struct request_form out = { .id = 1, .fields = f, .nfields = 9 };
	out.conditions = json_loads("["
		"{\"parent_field_id\":101,\"value\":\"plan_business\","
		" \"child_fields\":[{\"id\":102,\"is_required\":true}]},"
		"{\"parent_field_id\":103,\"value\":true,\"child_fields\":[{\"id\":104}]},"
		"{\"parent_field_id\":105,\"value\":\"a\",\"child_fields\":[{\"id\":106}]},"
		"{\"parent_field_id\":107,\"value\":\"1\",\"child_fields\":[{\"id\":108}]},"
		"{\"parent_field_id\":108,\"value\":\"1\",\"child_fields\":[{\"id\":107}]},"
		"{\"parent_field_id\":999,\"value\":\"x\",\"child_fields\":[{\"id\":100}]}"
		"]", 0, NULL);
	return out;
}

static bool shown(const struct request_form *f, int i, const char *values,
	bool *required)
{
	json_t *v = json_loads(values, 0, NULL);
	bool s = request_field_shown(f, i, v, required);
	json_decref(v);
	return s;
}

static void conditions(void **state)
{
	(void)state;
	struct request_field fields[9];
	struct request_form f = form(fields);
	bool req;
	/* The reason is always shown and required, whatever names it. */
	assert_true(shown(&f, 0, "{}", &req));
	assert_true(req);
	/* Unconditional fields are shown; required only when they say so. */
	assert_true(shown(&f, 1, "{}", &req));
	assert_false(req);
	/* A tagger parent. */
	assert_false(shown(&f, 2, "{}", &req));
	assert_false(req);
	assert_false(shown(&f, 2, "{\"101\":\"plan_free\"}", &req));
	assert_true(shown(&f, 2, "{\"101\":\"plan_business\"}", &req));
	assert_true(req);
	/* A checkbox parent: true/false, absent is false. */
	assert_false(shown(&f, 4, "{}", &req));
	assert_false(shown(&f, 4, "{\"103\":false}", &req));
	assert_true(shown(&f, 4, "{\"103\":true}", &req));
	assert_false(req);
	/* A multiselect parent: the value among the chosen ones. */
	assert_false(shown(&f, 6, "{\"105\":[\"b\"]}", &req));
	assert_true(shown(&f, 6, "{\"105\":[\"b\",\"a\"]}", &req));
	/* A cycle hides both, whatever the values. */
	assert_false(shown(&f, 7, "{\"107\":\"1\",\"108\":\"1\"}", &req));
	assert_false(shown(&f, 8, "{\"107\":\"1\",\"108\":\"1\"}", &req));
	json_decref(f.conditions);
}

static void nested(void **state)
{
	(void)state;
	struct request_field fields[9];
	struct request_form f = form(fields);
	json_decref(f.conditions);
	/* company (102) -> agree (103) -> detail (104): a hidden parent hides
	 * its children even when their own condition holds. */
	f.conditions = json_loads("["
		"{\"parent_field_id\":101,\"value\":\"plan_business\",\"child_fields\":[{\"id\":103}]},"
		"{\"parent_field_id\":103,\"value\":true,\"child_fields\":[{\"id\":104,\"is_required\":true}]}"
		"]", 0, NULL);
	bool req;
	assert_false(shown(&f, 4, "{\"101\":\"plan_free\",\"103\":true}", &req));
	assert_false(req);
	assert_true(shown(&f, 4, "{\"101\":\"plan_business\",\"103\":true}", &req));
	assert_true(req);
	json_decref(f.conditions);
}

static void values(void **state)
{
	(void)state;
	const char *absent[] = { "null", "\"\"", "[]", "false" };
	const char *present[] = { "\"x\"", "[\"a\"]", "true", "0", "\"0\"" };
	assert_false(request_value_present(NULL));
	for (size_t i = 0; i < PL_ARRAY_LEN(absent); i++) {
		json_t *v = json_loads(absent[i], JSON_DECODE_ANY, NULL);
		assert_false(request_value_present(v));
		json_decref(v);
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(present); i++) {
		json_t *v = json_loads(present[i], JSON_DECODE_ANY, NULL);
		assert_true(request_value_present(v));
		json_decref(v);
	}
}

static void search_words(void **state)
{
	(void)state;
	struct ctx c = { .a = arena_new() };
	assert_string_equal(hc_search_expr(&c, "How do I get my invoice?", true),
		"\"invoice\"");
	assert_string_equal(hc_search_expr(&c, "Refund for a double charge", true),
		"\"Refund\" OR \"double\" OR \"charge\"");
	assert_string_equal(hc_search_expr(&c, "refund charge", false),
		"\"refund\" \"charge\"");
	assert_string_equal(hc_search_expr(&c, "\"x\" OR title:y NEAR(", false),
		"\"x\" \"OR\" \"title\" \"y\" \"NEAR\"");
	assert_null(hc_search_expr(&c, "how can I do it?", true));
	assert_null(hc_search_expr(&c, NULL, true));
	arena_free(c.a);
}

static void attempts(void **state)
{
	(void)state;
	struct ctx c = { .a = arena_new() };
	const char *a = hc_attempt_new(&c), *b = hc_attempt_new(&c);
	assert_int_equal(strlen(a), HC_ATTEMPT_LEN);
	assert_true(hc_attempt_valid(a));
	assert_string_not_equal(a, b);
	assert_false(hc_attempt_valid(NULL));
	assert_false(hc_attempt_valid(""));
	assert_false(hc_attempt_valid("short"));
	assert_false(hc_attempt_valid("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'"));
	assert_true(hc_attempt_valid("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-_"));
	arena_free(c.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conditions),
		cmocka_unit_test(nested),
		cmocka_unit_test(values),
		cmocka_unit_test(search_words),
		cmocka_unit_test(attempts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
