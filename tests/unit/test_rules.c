/*
 * test_rules.c: the business-rule engine (core/rules.c, rule_actions.c):
 * every condition field and operator, validation messages, applying
 * actions, the automation check and definitions.  Pure functions: no
 * store, only an arena for the ctx that collects errors.
 */
#include "parley.h"
#include "core/rules.h"
#include "core/schedule.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/tz.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static json_t *J(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	if (!v)
		fail_msg("bad JSON %s: %s", text, err.text);
	return v;
}

static const char *base_ticket =
	"{\"id\":1,\"subject\":\"Printer on fire\",\"status\":\"open\","
	"\"priority\":\"high\",\"type\":\"incident\",\"requester_id\":10,"
	"\"submitter_id\":10,\"assignee_id\":20,\"organization_id\":null,"
	"\"group_id\":5,\"brand_id\":1,\"ticket_form_id\":2,"
	"\"tags\":[\"printer\",\"vip\"],"
	"\"custom_fields\":[{\"id\":7,\"value\":\"745\"},{\"id\":8,\"value\":true},"
	"{\"id\":9,\"value\":[\"red\",\"blue\"]},{\"id\":11,\"value\":\"2024-05-01\"},"
	"{\"id\":12,\"value\":null}],"
	"\"via\":{\"channel\":\"email\"},"
	"\"created_at\":\"2024-04-01T09:00:00Z\",\"updated_at\":\"2024-04-01T09:00:00Z\"}";

static struct rule_env env0(void)
{
	static const int64_t groups[] = { 5, 6 };
	struct rule_env env = {
		.update = RULE_UPDATE_CHANGE, .current_user_id = 20,
		.current_role = ROLE_AGENT, .current_groups = groups, .ncurrent_groups = 2,
		.requester_locale = "en-US", .now = 1712000000,
	};
	return env;
}

/* Whether the single condition (JSON text) holds on ticket/prev. */
static bool holds_on(const char *cond, const json_t *ticket, const json_t *prev,
	const struct rule_env *env)
{
	char *text;
	if (asprintf(&text, "{\"all\":[%s]}", cond) < 0)
		fail();
	json_t *c = J(text);
	free(text);
	bool r = rules_match(c, ticket, prev, env);
	json_decref(c);
	return r;
}

static bool holds(const char *cond)
{
	json_t *t = J(base_ticket);
	struct rule_env env = env0();
	bool r = holds_on(cond, t, NULL, &env);
	json_decref(t);
	return r;
}

#define YES(cond) do { if (!holds(cond)) fail_msg("expected true: %s", cond); } while (0)
#define NO(cond) do { if (holds(cond)) fail_msg("expected false: %s", cond); } while (0)

static void test_status_priority_type(void **state)
{
	YES("{\"field\":\"status\",\"operator\":\"is\",\"value\":\"open\"}");
	NO("{\"field\":\"status\",\"operator\":\"is\",\"value\":\"pending\"}");
	YES("{\"field\":\"status\",\"operator\":\"is_not\",\"value\":\"pending\"}");
	YES("{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"}");
	YES("{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"hold\"}");
	NO("{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"open\"}");
	YES("{\"field\":\"status\",\"operator\":\"less_than_equal\",\"value\":\"open\"}");
	YES("{\"field\":\"status\",\"operator\":\"greater_than\",\"value\":\"new\"}");
	NO("{\"field\":\"status\",\"operator\":\"greater_than\",\"value\":\"open\"}");
	YES("{\"field\":\"status\",\"operator\":\"greater_than_equal\",\"value\":\"open\"}");
	YES("{\"field\":\"priority\",\"operator\":\"greater_than\",\"value\":\"normal\"}");
	NO("{\"field\":\"priority\",\"operator\":\"less_than\",\"value\":\"high\"}");
	YES("{\"field\":\"priority\",\"operator\":\"less_than\",\"value\":\"urgent\"}");
	YES("{\"field\":\"priority\",\"operator\":\"is_not\",\"value\":\"\"}");
	YES("{\"field\":\"type\",\"operator\":\"is\",\"value\":\"incident\"}");
	NO("{\"field\":\"type\",\"operator\":\"is\",\"value\":\"task\"}");
	/* No priority ranks below low. */
	json_t *t = J("{\"status\":\"new\",\"priority\":null}");
	struct rule_env env = env0();
	assert_true(holds_on("{\"field\":\"priority\",\"operator\":\"less_than\","
		"\"value\":\"low\"}", t, NULL, &env));
	assert_true(holds_on("{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"\"}",
		t, NULL, &env));
	json_decref(t);
}

static void test_ids(void **state)
{
	YES("{\"field\":\"group_id\",\"operator\":\"is\",\"value\":5}");
	YES("{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"5\"}");
	NO("{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"6\"}");
	YES("{\"field\":\"group_id\",\"operator\":\"is_not\",\"value\":\"\"}");
	YES("{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"current_groups\"}");
	YES("{\"field\":\"group_id\",\"operator\":\"present\"}");
	YES("{\"field\":\"organization_id\",\"operator\":\"is\",\"value\":\"\"}");
	YES("{\"field\":\"organization_id\",\"operator\":\"not_present\"}");
	NO("{\"field\":\"organization_id\",\"operator\":\"present\"}");
	YES("{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"current_user\"}");
	NO("{\"field\":\"requester_id\",\"operator\":\"is\",\"value\":\"current_user\"}");
	YES("{\"field\":\"requester_id\",\"operator\":\"is_not\",\"value\":\"current_user\"}");
	YES("{\"field\":\"brand_id\",\"operator\":\"is\",\"value\":\"1\"}");
	YES("{\"field\":\"ticket_form_id\",\"operator\":\"is\",\"value\":2}");
	NO("{\"field\":\"ticket_form_id\",\"operator\":\"is_not\",\"value\":2}");
	/* The system (no current user) is nobody's current_user. */
	json_t *t = J("{\"assignee_id\":null}");
	struct rule_env env = env0();
	env.current_user_id = 0;
	assert_false(holds_on("{\"field\":\"assignee_id\",\"operator\":\"is\","
		"\"value\":\"current_user\"}", t, NULL, &env));
	json_decref(t);
}

static void test_changes(void **state)
{
	json_t *now = J(base_ticket), *was = J(base_ticket);
	json_object_set_new(was, "status", json_string("new"));
	json_object_set_new(was, "assignee_id", json_null());
	struct rule_env env = env0();
#define CH(cond, expect) assert_int_equal(holds_on(cond, now, was, &env), expect)
	CH("{\"field\":\"status\",\"operator\":\"changed\"}", true);
	CH("{\"field\":\"priority\",\"operator\":\"changed\"}", false);
	CH("{\"field\":\"priority\",\"operator\":\"not_changed\"}", true);
	CH("{\"field\":\"status\",\"operator\":\"value\",\"value\":\"open\"}", true);
	CH("{\"field\":\"status\",\"operator\":\"value\",\"value\":\"solved\"}", false);
	CH("{\"field\":\"status\",\"operator\":\"value_previous\",\"value\":\"new\"}", true);
	CH("{\"field\":\"status\",\"operator\":\"value_previous\",\"value\":\"open\"}", false);
	CH("{\"field\":\"status\",\"operator\":\"not_value\",\"value\":\"open\"}", false);
	CH("{\"field\":\"status\",\"operator\":\"not_value\",\"value\":\"solved\"}", true);
	CH("{\"field\":\"status\",\"operator\":\"not_value_previous\",\"value\":\"new\"}", false);
	CH("{\"field\":\"priority\",\"operator\":\"not_value\",\"value\":\"high\"}", true);
	CH("{\"field\":\"assignee_id\",\"operator\":\"changed\"}", true);
	CH("{\"field\":\"assignee_id\",\"operator\":\"value\",\"value\":\"20\"}", true);
	CH("{\"field\":\"assignee_id\",\"operator\":\"value_previous\",\"value\":\"\"}", true);
	CH("{\"field\":\"custom_fields_7\",\"operator\":\"changed\"}", false);
#undef CH
	/* Create without a previous state: every set field changed. */
	env.update = RULE_UPDATE_CREATE;
	assert_true(holds_on("{\"field\":\"status\",\"operator\":\"changed\"}", now, NULL, &env));
	assert_true(holds_on("{\"field\":\"group_id\",\"operator\":\"value\",\"value\":5}",
		now, NULL, &env));
	assert_false(holds_on("{\"field\":\"organization_id\",\"operator\":\"changed\"}",
		now, NULL, &env));
	/* Change without one: nothing changed. */
	env.update = RULE_UPDATE_CHANGE;
	assert_false(holds_on("{\"field\":\"status\",\"operator\":\"changed\"}", now, NULL, &env));
	assert_true(holds_on("{\"field\":\"status\",\"operator\":\"not_changed\"}", now, NULL, &env));
	json_decref(now);
	json_decref(was);
}

static void test_tags_and_via(void **state)
{
	YES("{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"vip\"}");
	YES("{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"gold vip\"}");
	YES("{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":[\"gold\",\"printer\"]}");
	NO("{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"gold vi\"}");
	YES("{\"field\":\"current_tags\",\"operator\":\"not_includes\",\"value\":\"gold silver\"}");
	NO("{\"field\":\"current_tags\",\"operator\":\"not_includes\",\"value\":\"gold vip\"}");
	YES("{\"field\":\"via_id\",\"operator\":\"is\",\"value\":4}");
	YES("{\"field\":\"via_id\",\"operator\":\"is\",\"value\":\"4\"}");
	YES("{\"field\":\"via_id\",\"operator\":\"is_not\",\"value\":\"5\"}");
	assert_int_equal(rules_via_id("web"), 0);
	assert_int_equal(rules_via_id("email"), 4);
	assert_int_equal(rules_via_id("api"), 5);
	assert_int_equal(rules_via_id("rule"), 8);
	assert_int_equal(rules_via_id("chat"), 29);
	assert_int_equal(rules_via_id("voice"), 34);
	assert_int_equal(rules_via_id("carrier_pigeon"), -1);
	assert_int_equal(rules_via_id(NULL), -1);
	json_t *t = J("{\"via\":{\"channel\":29}}");
	struct rule_env env = env0();
	assert_true(holds_on("{\"field\":\"via_id\",\"operator\":\"is\",\"value\":29}", t,
		NULL, &env));
	json_object_set_new(t, "via", J("{\"channel\":\"carrier_pigeon\"}"));
	assert_false(holds_on("{\"field\":\"via_id\",\"operator\":\"is\",\"value\":0}", t,
		NULL, &env));
	json_decref(t);
}

static void test_update_context(void **state)
{
	json_t *t = J(base_ticket);
	struct rule_env env = env0();
#define U(cond, expect) assert_int_equal(holds_on(cond, t, NULL, &env), expect)
	U("{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Change\"}", true);
	U("{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}", false);
	U("{\"field\":\"update_type\",\"operator\":\"is_not\",\"value\":\"Create\"}", true);
	/* No comment: no comment condition holds, except the negations. */
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"not_relevant\"}", false);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":true}", false);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"includes\",\"value\":\"fire\"}", false);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"not_includes\",\"value\":\"fire\"}", true);
	env.comment = true;
	env.comment_public = true;
	env.comment_text = "The FIRE spread, fireworks too. Call 112.";
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":true}", true);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"true\"}", true);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":false}", false);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"not_relevant\"}", true);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\","
		"\"value\":\"requester_can_see_comment\"}", true);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is_not\",\"value\":true}", false);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"includes\",\"value\":\"fire\"}", true);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"includes\",\"value\":\"firework\"}",
		false);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"includes\",\"value\":\"water 112\"}",
		true);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"not_includes\",\"value\":\"spread\"}",
		false);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"is\",\"value\":\"fire spread\"}", true);
	U("{\"field\":\"comment_includes_word\",\"operator\":\"is_not\",\"value\":\"fire spread\"}",
		false);
	U("{\"field\":\"subject_includes_word\",\"operator\":\"includes\",\"value\":\"printer\"}",
		true);
	U("{\"field\":\"subject_includes_word\",\"operator\":\"includes\",\"value\":\"print\"}",
		false);
	env.comment_public = false;
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":false}", true);
	U("{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":true}", false);
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"agent\"}", true);
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"admin\"}", false);
	U("{\"field\":\"role\",\"operator\":\"is_not\",\"value\":\"end_user\"}", true);
	env.current_role = ROLE_END_USER;
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"end_user\"}", true);
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"agent\"}", false);
	env.current_role = ROLE_ADMIN;
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"agent\"}", true);
	U("{\"field\":\"role\",\"operator\":\"is\",\"value\":\"admin\"}", true);
	U("{\"field\":\"locale_id\",\"operator\":\"is\",\"value\":\"en-us\"}", true);
	U("{\"field\":\"locale_id\",\"operator\":\"is\",\"value\":1}", true);
	U("{\"field\":\"locale_id\",\"operator\":\"is\",\"value\":\"de\"}", false);
	U("{\"field\":\"locale_id\",\"operator\":\"is_not\",\"value\":\"de\"}", true);
#undef U
	json_decref(t);
}

static void test_custom_fields(void **state)
{
	YES("{\"field\":\"custom_fields_7\",\"operator\":\"is\",\"value\":\"745\"}");
	YES("{\"field\":\"custom_fields_7\",\"operator\":\"is\",\"value\":745}");
	YES("{\"field\":\"custom_fields_7\",\"operator\":\"greater_than\",\"value\":\"99\"}");
	NO("{\"field\":\"custom_fields_7\",\"operator\":\"less_than\",\"value\":\"99\"}");
	YES("{\"field\":\"custom_fields_8\",\"operator\":\"is\",\"value\":true}");
	YES("{\"field\":\"custom_fields_8\",\"operator\":\"is\",\"value\":\"true\"}");
	NO("{\"field\":\"custom_fields_8\",\"operator\":\"is\",\"value\":false}");
	YES("{\"field\":\"custom_fields_9\",\"operator\":\"includes\",\"value\":\"blue green\"}");
	NO("{\"field\":\"custom_fields_9\",\"operator\":\"includes\",\"value\":\"green\"}");
	YES("{\"field\":\"custom_fields_9\",\"operator\":\"is\",\"value\":\"red\"}");
	YES("{\"field\":\"custom_fields_11\",\"operator\":\"less_than\",\"value\":\"2024-06-01\"}");
	NO("{\"field\":\"custom_fields_11\",\"operator\":\"greater_than\",\"value\":\"2024-06-01\"}");
	YES("{\"field\":\"custom_fields_12\",\"operator\":\"not_present\"}");
	YES("{\"field\":\"custom_fields_12\",\"operator\":\"is\",\"value\":\"\"}");
	YES("{\"field\":\"custom_fields_7\",\"operator\":\"present\"}");
	YES("{\"field\":\"custom_fields_404\",\"operator\":\"not_present\"}");
	NO("{\"field\":\"custom_fields_12\",\"operator\":\"less_than\",\"value\":\"5\"}");
}

static void test_time(void **state)
{
	json_t *t = J(base_ticket);
	struct rule_env env = env0();
	env.update = RULE_UPDATE_NONE;
	env.times.solved_at = env.now - 97 * 3600;
	env.times.updated_at = env.now - 96 * 3600 - 1800;
	env.times.due_at = env.now + 5 * 3600 + 10;
#define T(cond, expect) assert_int_equal(holds_on(cond, t, NULL, &env), expect)
	T("{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"96\"}", true);
	T("{\"field\":\"hours_since_solved\",\"operator\":\"greater_than\",\"value\":96}", true);
	T("{\"field\":\"SOLVED\",\"operator\":\"is\",\"value\":\"97\"}", true);
	T("{\"field\":\"SOLVED\",\"operator\":\"less_than\",\"value\":\"97\"}", false);
	T("{\"field\":\"updated_at\",\"operator\":\"greater_than\",\"value\":\"96\"}", false);
	T("{\"field\":\"updated_at\",\"operator\":\"is\",\"value\":\"96\"}", true);
	T("{\"field\":\"until_due_date\",\"operator\":\"is\",\"value\":\"5\"}", true);
	T("{\"field\":\"hours_until_due\",\"operator\":\"less_than\",\"value\":\"6\"}", true);
	T("{\"field\":\"due_date\",\"operator\":\"less_than\",\"value\":\"0\"}", true);
	/* Never pending: no pending condition holds. */
	T("{\"field\":\"PENDING\",\"operator\":\"less_than\",\"value\":\"1000\"}", false);
	T("{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"0\"}", false);
	/* Business hours: updated Friday 17:00, now Monday 10:00 in Amsterdam:
	 * 65 hours, one of them business. */
	static const struct schedule_interval iv[] = {
		{ 1980, 2460 }, { 3420, 3900 }, { 4860, 5340 }, { 6300, 6780 }, { 7740, 8220 } };
	struct schedule s = { .tz = tz_get("Europe/Amsterdam"), .iv = iv, .niv = 5 };
	int64_t fri, mon;
	assert_true(time_parse_iso("2024-04-05T17:00:00+02:00", &fri));
	assert_true(time_parse_iso("2024-04-08T10:00:00+02:00", &mon));
	env.now = mon;
	env.times.updated_at = fri;
	T("{\"field\":\"updated_at\",\"operator\":\"is\",\"value\":\"65\"}", true);
	T("{\"field\":\"updated_at\",\"operator\":\"is_business_hours\",\"value\":\"65\"}", true);
	env.schedule = &s;
	T("{\"field\":\"updated_at\",\"operator\":\"is_business_hours\",\"value\":\"1\"}", true);
	T("{\"field\":\"updated_at\",\"operator\":\"less_than_business_hours\",\"value\":\"2\"}",
		true);
	T("{\"field\":\"updated_at\",\"operator\":\"greater_than_business_hours\",\"value\":\"1\"}",
		false);
	T("{\"field\":\"in_business_hours\",\"operator\":\"is\",\"value\":\"true\"}", true);
	env.now = fri + 3600;
	T("{\"field\":\"in_business_hours\",\"operator\":\"is\",\"value\":true}", false);
	T("{\"field\":\"in_business_hours\",\"operator\":\"is\",\"value\":false}", true);
	env.schedule = NULL;
	T("{\"field\":\"in_business_hours\",\"operator\":\"is\",\"value\":true}", true);
#undef T
	json_decref(t);
}

static void test_all_any(void **state)
{
	json_t *t = J(base_ticket);
	struct rule_env env = env0();
	json_t *c = J("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"open\"}],"
		"\"any\":[]}");
	assert_true(rules_match(c, t, NULL, &env));
	json_decref(c);
	c = J("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"open\"}],"
		"\"any\":[{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"low\"},"
		"{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"vip\"}]}");
	assert_true(rules_match(c, t, NULL, &env));
	json_decref(c);
	c = J("{\"any\":[{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"low\"}]}");
	assert_false(rules_match(c, t, NULL, &env));
	json_decref(c);
	c = J("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"open\"},"
		"{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"low\"}]}");
	assert_false(rules_match(c, t, NULL, &env));
	json_decref(c);
	c = J("{}");
	assert_true(rules_match(c, t, NULL, &env));
	json_decref(c);
	/* Unknown fields and operators never match. */
	NO("{\"field\":\"shoe_size\",\"operator\":\"is\",\"value\":\"9\"}");
	NO("{\"field\":\"status\",\"operator\":\"resembles\",\"value\":\"open\"}");
	NO("{\"field\":\"status\",\"operator\":\"includes\",\"value\":\"open\"}");
	json_decref(t);
}

/* ---- validation ---- */

static bool refs_exist(void *arg, enum rule_ref kind, int64_t id)
{
	(void)arg;
	switch (kind) {
	case REF_GROUP: return id == 5 || id == 6;
	case REF_USER: return id == 10 || id == 20;
	case REF_FIELD: return id == 7 || id == 8;
	default: return id < 100;
	}
}

static const struct rule_refs refs = { refs_exist, NULL };


static enum pl_err check_conds(struct ctx *c, const char *text, enum rule_kind kind)
{
	json_t *v = jown(c->a, J(text));
	return rules_check_conditions(c, v, kind, &refs);
}

static enum pl_err check_acts(struct ctx *c, const char *text, enum rule_kind kind)
{
	json_t *v = jown(c->a, J(text));
	return rules_check_actions(c, v, kind, &refs);
}

/* The first error under key, or "". */
static const char *detail(struct ctx *c, const char *key)
{
	const char *d = json_string_value(json_object_get(json_array_get(
		json_object_get(c->err_details, key), 0), "description"));
	return d ? d : "";
}

static struct ctx fresh(struct arena *a)
{
	return (struct ctx){ .a = a };
}

#define COND_BAD(text, kind, msg) do { \
	struct ctx c_ = fresh(a); \
	assert_int_equal(check_conds(&c_, text, kind), PL_INVALID); \
	assert_string_equal(detail(&c_, "conditions"), msg); \
} while (0)

#define COND_OK(text, kind) do { \
	struct ctx c_ = fresh(a); \
	if (check_conds(&c_, text, kind)) \
		fail_msg("%s: %s", text, detail(&c_, "conditions")); \
} while (0)

#define ACT_BAD(text, kind, msg) do { \
	struct ctx c_ = fresh(a); \
	assert_int_equal(check_acts(&c_, text, kind), PL_INVALID); \
	assert_string_equal(detail(&c_, "actions"), msg); \
} while (0)

#define ACT_OK(text, kind) do { \
	struct ctx c_ = fresh(a); \
	if (check_acts(&c_, text, kind)) \
		fail_msg("%s: %s", text, detail(&c_, "actions")); \
} while (0)

static void test_check_conditions(void **state)
{
	struct arena *a = arena_new();
	COND_OK("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"open\"},"
		"{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"},"
		"{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"5\"},"
		"{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"current_user\"},"
		"{\"field\":\"assignee_id\",\"operator\":\"changed\"},"
		"{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"a b\"},"
		"{\"field\":\"via_id\",\"operator\":\"is\",\"value\":4},"
		"{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"not_relevant\"},"
		"{\"field\":\"role\",\"operator\":\"is\",\"value\":\"end_user\"},"
		"{\"field\":\"custom_fields_7\",\"operator\":\"is\",\"value\":\"x\"},"
		"{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"\"}],"
		"\"any\":[{\"field\":\"comment_includes_word\",\"operator\":\"includes\","
		"\"value\":\"help\"}]}", RULE_TRIGGER);
	COND_OK("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"solved\"},"
		"{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"96\"}],\"any\":[]}",
		RULE_AUTOMATION);
	COND_OK("{\"all\":[{\"field\":\"hours_since_updated\",\"operator\":"
		"\"greater_than_business_hours\",\"value\":24}]}", RULE_VIEW);
	COND_OK("null", RULE_TRIGGER);
	COND_OK("{}", RULE_TRIGGER);
	COND_BAD("[]", RULE_TRIGGER, "Conditions: must be an object with all and any arrays");
	COND_BAD("{\"all\":{}}", RULE_TRIGGER, "Conditions: all must be an array");
	COND_BAD("{\"all\":[\"status\"]}", RULE_TRIGGER,
		"Conditions: each condition must be an object with field, operator and value");
	COND_BAD("{\"all\":[{\"field\":\"shoe_size\",\"operator\":\"is\",\"value\":\"9\"}]}",
		RULE_TRIGGER, "Conditions: 'shoe_size' is not a valid field");
	COND_BAD("{\"any\":[{\"field\":\"status\",\"operator\":\"includes\",\"value\":\"open\"}]}",
		RULE_TRIGGER, "Conditions: 'includes' is not a valid operator for 'status'");
	COND_BAD("{\"all\":[{\"field\":\"status\",\"value\":\"open\"}]}", RULE_TRIGGER,
		"Conditions: '(none)' is not a valid operator for 'status'");
	COND_BAD("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"opened\"}]}",
		RULE_TRIGGER, "Conditions: 'opened' is not a valid value for 'status'");
	COND_BAD("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"\"}]}",
		RULE_TRIGGER, "Conditions: '' is not a valid value for 'status'");
	COND_BAD("{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}]}",
		RULE_AUTOMATION, "Conditions: 'update_type' cannot be used in automations");
	COND_BAD("{\"all\":[{\"field\":\"SOLVED\",\"operator\":\"is\",\"value\":\"1\"}]}",
		RULE_TRIGGER, "Conditions: 'SOLVED' cannot be used in triggers");
	COND_BAD("{\"all\":[{\"field\":\"status\",\"operator\":\"changed\"}]}", RULE_VIEW,
		"Conditions: 'changed' can only be used in triggers");
	COND_BAD("{\"all\":[{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"99\"}]}",
		RULE_TRIGGER, "Conditions: 'group_id' names 99, which does not exist");
	COND_BAD("{\"all\":[{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"five\"}]}",
		RULE_TRIGGER, "Conditions: 'five' is not a valid value for 'group_id'");
	COND_BAD("{\"all\":[{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":[1]}]}",
		RULE_TRIGGER, "Conditions: '[1]' is not a valid value for 'assignee_id'");
	COND_BAD("{\"all\":[{\"field\":\"group_id\",\"operator\":\"is\",\"value\":\"current_user\"}]}",
		RULE_TRIGGER, "Conditions: 'current_user' is not a valid value for 'group_id'");
	COND_BAD("{\"all\":[{\"field\":\"custom_fields_404\",\"operator\":\"is\",\"value\":\"x\"}]}",
		RULE_TRIGGER, "Conditions: 'custom_fields_404' names no custom ticket field");
	COND_BAD("{\"all\":[{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"4d\"}]}",
		RULE_AUTOMATION, "Conditions: '4d' is not a valid value for 'SOLVED'");
	COND_BAD("{\"all\":[{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\" \"}]}",
		RULE_TRIGGER, "Conditions: ' ' is not a valid value for 'current_tags'");
	COND_BAD("{\"all\":[{\"field\":\"role\",\"operator\":\"is\",\"value\":\"boss\"}]}",
		RULE_TRIGGER, "Conditions: 'boss' is not a valid value for 'role'");
	COND_BAD("{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Delete\"}]}",
		RULE_TRIGGER, "Conditions: 'Delete' is not a valid value for 'update_type'");
	COND_BAD("{\"all\":[{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"x\"}]}",
		RULE_TRIGGER, "Conditions: 'x' is not a valid value for 'comment_is_public'");
	COND_BAD("{\"all\":[{\"field\":\"via_id\",\"operator\":\"is\"}]}",
		RULE_TRIGGER, "Conditions: '(none)' is not a valid value for 'via_id'");
	arena_free(a);
}

static void test_check_actions(void **state)
{
	struct arena *a = arena_new();
	ACT_OK("[{\"field\":\"status\",\"value\":\"solved\"},"
		"{\"field\":\"priority\",\"value\":\"\"},"
		"{\"field\":\"assignee_id\",\"value\":\"current_user\"},"
		"{\"field\":\"group_id\",\"value\":5},"
		"{\"field\":\"set_tags\",\"value\":\"\"},"
		"{\"field\":\"current_tags\",\"value\":[\"a\",\"b\"]},"
		"{\"field\":\"remove_tags\",\"value\":\"c\"},"
		"{\"field\":\"custom_fields_7\",\"value\":\"x\"},"
		"{\"field\":\"notification_user\",\"value\":[\"requester_id\","
		"\"Re: {{ticket.title}}\",\"Hi {{ticket.requester.first_name}}\"]},"
		"{\"field\":\"notification_user\",\"value\":[\"10\",\"s\",\"b\"]},"
		"{\"field\":\"notification_group\",\"value\":[\"group_id\",\"s\",\"b\"]},"
		"{\"field\":\"notification_group\",\"value\":[6,\"s\",\"b\"]},"
		"{\"field\":\"notification_webhook\",\"value\":[\"01GXYZ\",\"{\\\"id\\\":{{ticket.id}}}\"]}]",
		RULE_TRIGGER);
	ACT_OK("[{\"field\":\"comment_value\",\"value\":[\"channel:all\",\"Hello {{ticket.requester.name}}\"]},"
		"{\"field\":\"comment_value_html\",\"value\":\"<p>Hi</p>\"},"
		"{\"field\":\"comment_mode_is_public\",\"value\":\"false\"},"
		"{\"field\":\"subject\",\"value\":\"Re: {{ticket.title}}\"},"
		"{\"field\":\"status\",\"value\":\"pending\"}]", RULE_MACRO);
	ACT_OK("[{\"field\":\"status\",\"value\":\"closed\"}]", RULE_AUTOMATION);
	ACT_OK("[]", RULE_MACRO);
	ACT_BAD("{}", RULE_MACRO, "Actions: must be an array");
	ACT_BAD("[{\"value\":1}]", RULE_MACRO,
		"Actions: each action must be an object with field and value");
	ACT_BAD("[{\"field\":\"explode\",\"value\":1}]", RULE_MACRO,
		"Actions: 'explode' is not a valid field");
	ACT_BAD("[{\"field\":\"status\",\"value\":\"closed\"}]", RULE_TRIGGER,
		"Actions: 'closed' is not a valid value for 'status'");
	ACT_BAD("[{\"field\":\"status\",\"value\":\"new\"}]", RULE_MACRO,
		"Actions: 'new' is not a valid value for 'status'");
	ACT_BAD("[{\"field\":\"status\",\"value\":\"\"}]", RULE_MACRO,
		"Actions: '' is not a valid value for 'status'");
	ACT_BAD("[{\"field\":\"comment_value\",\"value\":\"hi\"}]", RULE_TRIGGER,
		"Actions: 'comment_value' cannot be used in triggers");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\",\"b\"]}]",
		RULE_MACRO, "Actions: 'notification_user' cannot be used in macros");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\"]}]",
		RULE_TRIGGER, "Actions: 'notification_user' takes [recipient, subject, body]");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\","
		"\"{{ticket.bogus}}\"]}]", RULE_TRIGGER,
		"Actions: body of 'notification_user': unknown placeholder {{ticket.bogus}}");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"requester_id\","
		"\"{% if ticket.id %}\",\"b\"]}]", RULE_AUTOMATION,
		"Actions: subject of 'notification_user': {% if %} is not closed by {% endif %}");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"99\",\"s\",\"b\"]}]", RULE_TRIGGER,
		"Actions: 'notification_user' names 99, which does not exist");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"someone\",\"s\",\"b\"]}]",
		RULE_TRIGGER, "Actions: 'someone' is not a valid value for 'notification_user'");
	ACT_BAD("[{\"field\":\"notification_group\",\"value\":[77,\"s\",\"b\"]}]", RULE_TRIGGER,
		"Actions: 'notification_group' names 77, which does not exist");
	ACT_BAD("[{\"field\":\"notification_user\",\"value\":[\"requester_id\",3,\"b\"]}]",
		RULE_TRIGGER, "Actions: the subject of 'notification_user' must be a string");
	ACT_BAD("[{\"field\":\"notification_webhook\",\"value\":[\"\",\"b\"]}]", RULE_TRIGGER,
		"Actions: '' is not a valid value for 'notification_webhook'");
	ACT_BAD("[{\"field\":\"current_tags\",\"value\":\"\"}]", RULE_TRIGGER,
		"Actions: '' is not a valid value for 'current_tags'");
	ACT_BAD("[{\"field\":\"requester_id\",\"value\":\"\"}]", RULE_MACRO,
		"Actions: '' is not a valid value for 'requester_id'");
	ACT_BAD("[{\"field\":\"group_id\",\"value\":\"99\"}]", RULE_MACRO,
		"Actions: 'group_id' names 99, which does not exist");
	ACT_BAD("[{\"field\":\"custom_fields_404\",\"value\":\"x\"}]", RULE_MACRO,
		"Actions: 'custom_fields_404' names no custom ticket field");
	ACT_BAD("[{\"field\":\"comment_value\",\"value\":\"Hi {{dc.name}}\"}]", RULE_MACRO,
		"Actions: text of 'comment_value': unknown placeholder {{dc.name}}");
	ACT_BAD("[{\"field\":\"comment_mode_is_public\",\"value\":\"maybe\"}]", RULE_MACRO,
		"Actions: 'maybe' is not a valid value for 'comment_mode_is_public'");
	ACT_BAD("[{\"field\":\"subject\",\"value\":\"\"}]", RULE_MACRO,
		"Actions: '' is not a valid value for 'subject'");
	arena_free(a);
}

/* ---- applying ---- */

static json_t *apply(const char *actions, const char *ticket, const struct rule_env *env,
	json_t **effects)
{
	json_t *a = J(actions), *t = J(ticket);
	json_t *out = rules_apply(a, t, env, effects);
	json_decref(a);
	json_decref(t);
	return out;
}

static void test_apply_fields(void **state)
{
	struct rule_env env = env0();
	json_t *effects;
	json_t *t = apply("[{\"field\":\"status\",\"value\":\"pending\"},"
		"{\"field\":\"priority\",\"value\":\"\"},{\"field\":\"type\",\"value\":\"task\"},"
		"{\"field\":\"group_id\",\"value\":\"6\"},"
		"{\"field\":\"assignee_id\",\"value\":\"current_user\"},"
		"{\"field\":\"organization_id\",\"value\":3},"
		"{\"field\":\"set_tags\",\"value\":\"a b a\"},"
		"{\"field\":\"current_tags\",\"value\":[\"c\",\"b\"]},"
		"{\"field\":\"remove_tags\",\"value\":\"a zz\"},"
		"{\"field\":\"custom_fields_7\",\"value\":\"800\"},"
		"{\"field\":\"custom_fields_13\",\"value\":true},"
		"{\"field\":\"subject\",\"value\":\"New subject\"}]",
		"{\"status\":\"open\",\"priority\":\"high\",\"tags\":[\"x\"],"
		"\"custom_fields\":[{\"id\":7,\"value\":\"1\"}],\"fields\":[{\"id\":7,\"value\":\"1\"}]}",
		&env, &effects);
	assert_string_equal(json_string_value(json_object_get(t, "status")), "pending");
	assert_true(json_is_null(json_object_get(t, "priority")));
	assert_string_equal(json_string_value(json_object_get(t, "type")), "task");
	assert_int_equal(json_integer_value(json_object_get(t, "group_id")), 6);
	assert_int_equal(json_integer_value(json_object_get(t, "assignee_id")), 20);
	/* Not an action: left alone. */
	assert_null(json_object_get(t, "organization_id"));
	char *tags = json_dumps(json_object_get(t, "tags"), JSON_COMPACT);
	assert_string_equal(tags, "[\"b\",\"c\"]");
	free(tags);
	char *cf = json_dumps(json_object_get(t, "custom_fields"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(cf, "[{\"id\":7,\"value\":\"800\"},{\"id\":13,\"value\":true}]");
	free(cf);
	cf = json_dumps(json_object_get(t, "fields"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(cf, "[{\"id\":7,\"value\":\"800\"},{\"id\":13,\"value\":true}]");
	free(cf);
	assert_string_equal(json_string_value(json_object_get(t, "subject")), "New subject");
	assert_int_equal(json_array_size(effects), 0);
	json_decref(t);
	json_decref(effects);
	/* Clearing ids; the input ticket is not changed. */
	json_t *in = J("{\"group_id\":5,\"assignee_id\":20}"), *acts =
		J("[{\"field\":\"group_id\",\"value\":\"\"},{\"field\":\"assignee_id\",\"value\":null}]");
	t = rules_apply(acts, in, &env, &effects);
	assert_true(json_is_null(json_object_get(t, "group_id")));
	assert_true(json_is_null(json_object_get(t, "assignee_id")));
	assert_int_equal(json_integer_value(json_object_get(in, "group_id")), 5);
	json_decref(t);
	json_decref(effects);
	json_decref(in);
	json_decref(acts);
	/* An empty ticket (macro preview) and NULL. */
	t = apply("[{\"field\":\"current_tags\",\"value\":\"new\"}]", "{}", &env, &effects);
	assert_int_equal(json_array_size(json_object_get(t, "tags")), 1);
	json_decref(t);
	json_decref(effects);
	acts = J("[]");
	t = rules_apply(acts, NULL, &env, &effects);
	assert_true(json_is_object(t));
	json_decref(t);
	json_decref(effects);
	json_decref(acts);
}

static void test_apply_effects(void **state)
{
	struct rule_env env = env0();
	json_t *effects;
	json_t *t = apply("[{\"field\":\"comment_value\",\"value\":[\"channel:all\",\"Hello\"]},"
		"{\"field\":\"comment_mode_is_public\",\"value\":false},"
		"{\"field\":\"comment_value_html\",\"value\":\"<b>Hello</b>\"}]", "{}", &env, &effects);
	char *e = json_dumps(effects, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(e, "[{\"body\":\"Hello\",\"html_body\":\"<b>Hello</b>\","
		"\"public\":false,\"type\":\"comment\"}]");
	free(e);
	json_decref(t);
	json_decref(effects);
	/* Notifications resolve on the updated ticket. */
	t = apply("[{\"field\":\"notification_user\",\"value\":[\"assignee_id\",\"S1\",\"B1\"]},"
		"{\"field\":\"assignee_id\",\"value\":\"30\"},"
		"{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"S2\",\"B2\"]},"
		"{\"field\":\"notification_user\",\"value\":[\"requester_and_ccs\",\"S3\",\"B3\"]},"
		"{\"field\":\"notification_user\",\"value\":[\"current_user\",\"S4\",\"B4\"]},"
		"{\"field\":\"notification_user\",\"value\":[\"all_agents\",\"S5\",\"B5\"]},"
		"{\"field\":\"notification_user\",\"value\":[44,\"S6\",\"B6\"]},"
		"{\"field\":\"notification_group\",\"value\":[\"group_id\",\"S7\",\"B7\"]},"
		"{\"field\":\"notification_group\",\"value\":[\"9\",\"S8\",\"B8\"]},"
		"{\"field\":\"notification_webhook\",\"value\":[\"01H\",\"{}\"]},"
		"{\"field\":\"notification_webhook\",\"value\":[12,\"{}\"]}]",
		"{\"requester_id\":10,\"group_id\":5}", &env, &effects);
	e = json_dumps(effects, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(e, "["
		"{\"body\":\"B1\",\"recipient\":\"assignee_id\",\"subject\":\"S1\",\"type\":\"notification_user\",\"user_id\":30},"
		"{\"body\":\"B2\",\"recipient\":\"requester_id\",\"subject\":\"S2\",\"type\":\"notification_user\",\"user_id\":10},"
		"{\"body\":\"B3\",\"recipient\":\"requester_and_ccs\",\"subject\":\"S3\",\"type\":\"notification_user\",\"user_id\":10},"
		"{\"body\":\"B4\",\"recipient\":\"current_user\",\"subject\":\"S4\",\"type\":\"notification_user\",\"user_id\":20},"
		"{\"body\":\"B5\",\"recipient\":\"all_agents\",\"subject\":\"S5\",\"type\":\"notification_user\",\"user_id\":null},"
		"{\"body\":\"B6\",\"recipient\":\"user\",\"subject\":\"S6\",\"type\":\"notification_user\",\"user_id\":44},"
		"{\"body\":\"B7\",\"group_id\":5,\"subject\":\"S7\",\"type\":\"notification_group\"},"
		"{\"body\":\"B8\",\"group_id\":9,\"subject\":\"S8\",\"type\":\"notification_group\"},"
		"{\"body\":\"{}\",\"type\":\"notification_webhook\",\"webhook_id\":\"01H\"},"
		"{\"body\":\"{}\",\"type\":\"notification_webhook\",\"webhook_id\":\"12\"}]");
	free(e);
	json_decref(t);
	json_decref(effects);
	/* Nobody to notify: dropped. */
	env.current_user_id = 0;
	t = apply("[{\"field\":\"notification_user\",\"value\":[\"assignee_id\",\"S\",\"B\"]},"
		"{\"field\":\"notification_user\",\"value\":[\"current_user\",\"S\",\"B\"]},"
		"{\"field\":\"notification_group\",\"value\":[\"group_id\",\"S\",\"B\"]}]",
		"{\"assignee_id\":null}", &env, &effects);
	assert_int_equal(json_array_size(effects), 0);
	json_decref(t);
	json_decref(effects);
}

/* ---- automations ---- */

static enum pl_err check_auto(struct ctx *c, const char *conds, const char *acts)
{
	json_t *cj = jown(c->a, J(conds)), *aj = jown(c->a, J(acts));
	return rules_check_automation(c, cj, aj);
}

#define AUTO_OK(conds, acts) do { \
	struct ctx c_ = fresh(a); \
	if (check_auto(&c_, conds, acts)) \
		fail_msg("%s / %s: %s", conds, acts, detail(&c_, "conditions")); \
} while (0)

#define AUTO_BAD(conds, acts, prefix) do { \
	struct ctx c_ = fresh(a); \
	assert_int_equal(check_auto(&c_, conds, acts), PL_INVALID); \
	assert_non_null(strstr(detail(&c_, "conditions"), prefix)); \
} while (0)

static void test_automation_check(void **state)
{
	struct arena *a = arena_new();
	const char *solved96 = "{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"96\"}";
	char conds[512];
	snprintf(conds, sizeof(conds), "{\"all\":[{\"field\":\"status\",\"operator\":\"is\","
		"\"value\":\"solved\"},%s],\"any\":[]}", solved96);
	AUTO_OK(conds, "[{\"field\":\"status\",\"value\":\"closed\"}]");
	AUTO_BAD(conds, "[{\"field\":\"priority\",\"value\":\"high\"}]", "makes false");
	/* A tag the automation adds. */
	AUTO_OK("{\"all\":[{\"field\":\"PENDING\",\"operator\":\"greater_than\",\"value\":\"48\"},"
		"{\"field\":\"current_tags\",\"operator\":\"not_includes\",\"value\":\"reminded\"}]}",
		"[{\"field\":\"current_tags\",\"value\":\"reminded\"},"
		"{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\",\"b\"]}]");
	/* A tag it removes; and one it does not remove. */
	AUTO_OK("{\"all\":[{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"1\"},"
		"{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"escalate\"}]}",
		"[{\"field\":\"remove_tags\",\"value\":\"escalate\"}]");
	AUTO_BAD("{\"all\":[{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"1\"},"
		"{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"a b\"}]}",
		"[{\"field\":\"remove_tags\",\"value\":\"a\"}]", "makes false");
	/* status less than solved, set to solved. */
	AUTO_OK("{\"all\":[{\"field\":\"OPEN\",\"operator\":\"greater_than\",\"value\":\"240\"},"
		"{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"}]}",
		"[{\"field\":\"status\",\"value\":\"solved\"}]");
	/* Unassigned, then assigned; a priority set to what it checks. */
	AUTO_OK("{\"all\":[{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"2\"},"
		"{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"\"}]}",
		"[{\"field\":\"assignee_id\",\"value\":\"20\"}]");
	AUTO_BAD("{\"all\":[{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"2\"},"
		"{\"field\":\"priority\",\"operator\":\"is\",\"value\":\"high\"}]}",
		"[{\"field\":\"priority\",\"value\":\"high\"}]", "makes false");
	/* Custom field set away from the checked value. */
	AUTO_OK("{\"all\":[{\"field\":\"NEW\",\"operator\":\"greater_than\",\"value\":\"2\"},"
		"{\"field\":\"custom_fields_7\",\"operator\":\"is\",\"value\":\"a\"}]}",
		"[{\"field\":\"custom_fields_7\",\"value\":\"b\"}]");
	/* Every any-condition nullified counts too. */
	AUTO_OK("{\"all\":[{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"1\"}],"
		"\"any\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"solved\"},"
		"{\"field\":\"status\",\"operator\":\"is\",\"value\":\"pending\"}]}",
		"[{\"field\":\"status\",\"value\":\"closed\"}]");
	AUTO_BAD("{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"solved\"}]}",
		"[{\"field\":\"status\",\"value\":\"closed\"}]", "time-based condition");
	/* "Hours since pending is 24" holds in one hourly run only. */
	AUTO_OK("{\"all\":[{\"field\":\"PENDING\",\"operator\":\"is\",\"value\":\"24\"}]}",
		"[{\"field\":\"notification_user\",\"value\":[\"requester_id\",\"s\",\"b\"]}]");
	AUTO_BAD("{\"any\":[{\"field\":\"PENDING\",\"operator\":\"is\",\"value\":\"24\"},"
		"{\"field\":\"OPEN\",\"operator\":\"is\",\"value\":\"24\"}]}",
		"[{\"field\":\"priority\",\"value\":\"high\"}]", "makes false");
	AUTO_BAD("{\"all\":[{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"1\"}]}",
		"[{\"field\":\"status\",\"value\":\"closed\"}]", "makes false");
	arena_free(a);
}

static bool has_subject(const json_t *list, const char *name)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (strcmp(json_string_value(json_object_get(x, "subject")), name) == 0)
			return true;
	return false;
}

static void test_definitions(void **state)
{
	json_t *d = rules_definitions(RULE_TRIGGER);
	json_t *all = json_object_get(d, "conditions_all"), *acts = json_object_get(d, "actions");
	assert_true(has_subject(all, "update_type"));
	assert_true(has_subject(all, "status"));
	assert_false(has_subject(all, "SOLVED"));
	assert_false(has_subject(all, "hours_since_solved"));
	assert_true(has_subject(json_object_get(d, "conditions_any"), "current_tags"));
	assert_true(has_subject(acts, "notification_user"));
	assert_false(has_subject(acts, "comment_value"));
	json_t *status = json_array_get(all, 0);
	assert_string_equal(json_string_value(json_object_get(status, "subject")), "status");
	assert_int_equal(json_array_size(json_object_get(status, "values")), 6);
	json_decref(d);
	d = rules_definitions(RULE_AUTOMATION);
	assert_true(has_subject(json_object_get(d, "conditions_all"), "SOLVED"));
	assert_false(has_subject(json_object_get(d, "conditions_all"), "update_type"));
	json_decref(d);
	d = rules_definitions(RULE_MACRO);
	assert_null(json_object_get(d, "conditions_all"));
	assert_true(has_subject(json_object_get(d, "actions"), "comment_value"));
	assert_false(has_subject(json_object_get(d, "actions"), "notification_user"));
	json_decref(d);
}

/* Every value a definition offers passes validation with its first
 * operator (editors build conditions from them). */
static void test_definition_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const enum rule_kind kinds[] = { RULE_TRIGGER, RULE_AUTOMATION, RULE_VIEW };
	for (size_t k = 0; k < PL_ARRAY_LEN(kinds); k++) {
		json_t *d = rules_definitions(kinds[k]), *f, *v;
		size_t i, j;
		json_array_foreach(json_object_get(d, "conditions_all"), i, f) {
			const char *op = json_string_value(json_object_get(json_array_get(
				json_object_get(f, "operators"), 0), "value"));
			json_array_foreach(json_object_get(f, "values"), j, v) {
				struct ctx c = fresh(a);
				json_t *cd = jown(a, json_pack("{s:[{s:O,s:s,s:O}]}", "all",
					"field", json_object_get(f, "subject"), "operator", op,
					"value", json_object_get(v, "value")));
				if (rules_check_conditions(&c, cd, kinds[k], &refs))
					fail_msg("%s: %s", jdump(a, cd), detail(&c, "conditions"));
			}
		}
		json_decref(d);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_priority_type),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_tags_and_via),
		cmocka_unit_test(test_update_context),
		cmocka_unit_test(test_custom_fields),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_all_any),
		cmocka_unit_test(test_check_conditions),
		cmocka_unit_test(test_check_actions),
		cmocka_unit_test(test_apply_fields),
		cmocka_unit_test(test_apply_effects),
		cmocka_unit_test(test_automation_check),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_definition_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
