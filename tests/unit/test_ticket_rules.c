/*
 * test_ticket_rules.c: the pure parts of running rules on tickets
 * (core/ticket_rules.c): a stored ticket as the rules engine reads it, and
 * the update request that turns the engine's result into checked changes.
 */
#include "../../src/core/ticket_rules.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static json_t *J(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	if (!v)
		fail_msg("bad JSON %s: %s", text, err.text);
	return v;
}

static void assert_json(const json_t *got, const char *want)
{
	json_t *w = J(want);
	if (!json_equal(got, w)) {
		char *g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
		fail_msg("got %s, want %s", g, want);
	}
	json_decref(w);
}

static struct ticket sample(json_t *tags, json_t *custom)
{
	struct ticket t = {
		.id = 7, .subject = "Printer", .description = "On fire", .status = "open",
		.priority = NULL, .type = "incident", .via_channel = "email",
		.requester_id = 10, .submitter_id = 10, .assignee_id = 20, .group_id = 0,
		.brand_id = 1, .tags = tags, .custom_fields = custom, .is_public = true,
	};
	return t;
}

static void rule_json_reads_like_the_api(void **state)
{
	(void)state;
	json_t *tags = J("[\"vip\"]"), *custom = J("{\"42\":\"x\",\"7\":true}");
	struct ticket t = sample(tags, custom);
	json_t *j = rule_json(&t);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	assert_true(json_is_null(json_object_get(j, "priority")));
	assert_true(json_is_null(json_object_get(j, "group_id")));
	assert_int_equal(json_integer_value(json_object_get(j, "assignee_id")), 20);
	assert_json(json_object_get(j, "via"), "{\"channel\":\"email\"}");
	assert_json(json_object_get(j, "tags"), "[\"vip\"]");
	/* custom fields become [{id, value}] with integer ids */
	json_t *cf = json_object_get(j, "custom_fields");
	assert_int_equal(json_array_size(cf), 2);
	size_t i;
	json_t *f;
	int seen = 0;
	json_array_foreach(cf, i, f) {
		int64_t id = json_integer_value(json_object_get(f, "id"));
		if (id == 42)
			seen += !strcmp(json_string_value(json_object_get(f, "value")), "x");
		if (id == 7)
			seen += json_is_true(json_object_get(f, "value")) ? 1 : 0;
	}
	assert_int_equal(seen, 2);
	/* the engine matches it */
	struct rule_env env = { .update = RULE_UPDATE_CHANGE, .now = 1 };
	json_t *cond = J("{\"all\":[{\"field\":\"via_id\",\"operator\":\"is\",\"value\":4},"
		"{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"vip\"},"
		"{\"field\":\"custom_fields_42\",\"operator\":\"is\",\"value\":\"x\"}]}");
	assert_true(rules_match(cond, j, NULL, &env));
	json_decref(cond);
	json_decref(j);
	json_decref(tags);
	json_decref(custom);
}

static void changes_name_only_what_differs(void **state)
{
	(void)state;
	json_t *before = J("{\"status\":\"new\",\"priority\":\"low\",\"group_id\":5,"
		"\"assignee_id\":null,\"tags\":[\"a\"],"
		"\"custom_fields\":[{\"id\":1,\"value\":\"x\"},{\"id\":2,\"value\":null}]}");
	json_t *same = json_deep_copy(before);
	json_t *in = changes_of(before, same);
	assert_int_equal(json_object_size(in), 0);
	json_decref(in);

	json_t *after = J("{\"status\":\"open\",\"priority\":null,\"group_id\":5,"
		"\"assignee_id\":20,\"tags\":[\"a\",\"b\"],\"subject\":\"ignored\","
		"\"custom_fields\":[{\"id\":1,\"value\":\"x\"},{\"id\":2,\"value\":\"y\"},"
		"{\"id\":3,\"value\":true}]}");
	in = changes_of(before, after);
	assert_json(in, "{\"status\":\"open\",\"priority\":null,\"assignee_id\":20,"
		"\"tags\":[\"a\",\"b\"],\"custom_fields\":[{\"id\":2,\"value\":\"y\"},"
		"{\"id\":3,\"value\":true}]}");
	json_decref(in);
	json_decref(after);
	json_decref(same);
	json_decref(before);
}

static void applied_actions_become_an_update_request(void **state)
{
	(void)state;
	json_t *ticket = J("{\"status\":\"new\",\"priority\":null,\"tags\":[\"x\"],"
		"\"requester_id\":10,\"assignee_id\":null,\"custom_fields\":[]}");
	json_t *actions = J("[{\"field\":\"status\",\"value\":\"open\"},"
		"{\"field\":\"assignee_id\",\"value\":\"current_user\"},"
		"{\"field\":\"remove_tags\",\"value\":\"x\"},"
		"{\"field\":\"custom_fields_9\",\"value\":\"v\"},"
		"{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\",\"b\"]}]");
	struct rule_env env = { .update = RULE_UPDATE_CHANGE, .current_user_id = 33 };
	json_t *effects;
	json_t *after = rules_apply(actions, ticket, &env, &effects);
	json_t *in = changes_of(ticket, after);
	assert_json(in, "{\"status\":\"open\",\"assignee_id\":33,\"tags\":[],"
		"\"custom_fields\":[{\"id\":9,\"value\":\"v\"}]}");
	assert_int_equal(json_array_size(effects), 1);
	json_decref(in);
	json_decref(after);
	json_decref(effects);
	json_decref(actions);
	json_decref(ticket);
}

static void via_texts(void **state)
{
	(void)state;
	assert_string_equal(via_text("api"), "Web Service");
	assert_string_equal(via_text("email"), "Mail");
	assert_string_equal(via_text("twitter"), "twitter");
	assert_string_equal(via_text(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_json_reads_like_the_api),
		cmocka_unit_test(changes_name_only_what_differs),
		cmocka_unit_test(applied_actions_become_an_update_request),
		cmocka_unit_test(via_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
