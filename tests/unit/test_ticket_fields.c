/*
 * test_ticket_fields.c: custom field values (core/ticket_fields.c) through
 * its public functions, on an in-memory store with two accounts whose
 * field definitions are inserted directly.
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/ticket_fields.h"
#include "store/store.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static struct store *store;
static struct config cfg;
static int64_t acme, beta;
static int64_t f_text, f_int, f_dec, f_box, f_date, f_re, f_tagger, f_multi,
	f_inactive, f_beta, f_required;

struct fixture {
	struct ctx c;
};

static int64_t add_field(int64_t account, const char *type, const char *title,
	const char *regexp, const char *tag, int active, int required, int position)
{
	struct db *db = store_db(store);
	return db_i64(db, "INSERT INTO ticket_fields(account_id, type, title,"
		" regexp_for_validation, tag, active, required, position, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id",
		"issssbbi", account, type, title, regexp, tag, active, required,
		(int64_t)position);
}

static void add_option(int64_t account, int64_t field, const char *value, int pos)
{
	struct db *db = store_db(store);
	assert_true(db_exec(db, "INSERT INTO custom_field_options(account_id, field_id,"
		" name, value, position) VALUES (?, ?, ?, ?, ?)", "iissi",
		account, field, value, value, (int64_t)pos));
}

static int64_t make_account(const char *sub, const char *email)
{
	struct ctx c = { .a = arena_new(), .db = store_db(store), .cfg = &cfg,
		.now = 1700000000 };
	int64_t admin;
	assert_int_equal(account_create(&c, sub, email, "password-123", &admin), PL_OK);
	arena_free(c.a);
	return c.account_id;
}

static int group_setup(void **state)
{
	memset(cfg.token_key, 7, sizeof(cfg.token_key));
	store = store_open("sqlite::memory:");
	assert_non_null(store);
	cfg.store = store;
	acme = make_account("acme", "admin@acme.test");
	beta = make_account("beta", "admin@beta.test");
	/* Inserted out of position order: render follows position. */
	f_text = add_field(acme, "text", "Order", NULL, NULL, 1, 0, 2);
	f_int = add_field(acme, "integer", "Count", NULL, NULL, 1, 0, 3);
	f_dec = add_field(acme, "decimal", "Amount", NULL, NULL, 1, 0, 4);
	f_box = add_field(acme, "checkbox", "Urgent", NULL, "urgent_box", 1, 0, 5);
	f_date = add_field(acme, "date", "Due", NULL, NULL, 1, 0, 6);
	f_re = add_field(acme, "regexp", "Code", "^[A-Z]{3}-[0-9]+$", NULL, 1, 0, 7);
	f_tagger = add_field(acme, "tagger", "Product", NULL, NULL, 1, 0, 8);
	f_multi = add_field(acme, "multiselect", "Extras", NULL, NULL, 1, 0, 9);
	f_inactive = add_field(acme, "text", "Old", NULL, NULL, 0, 0, 10);
	f_required = add_field(acme, "text", "Reason", NULL, NULL, 1, 1, 1);
	f_beta = add_field(beta, "text", "Beta only", NULL, NULL, 1, 0, 1);
	add_option(acme, f_tagger, "pie", 1);
	add_option(acme, f_tagger, "cake", 2);
	add_option(acme, f_multi, "cream", 1);
	add_option(acme, f_multi, "nuts", 2);
	add_option(acme, f_multi, "jam", 3);
	*state = NULL;
	return 0;
}

static int group_teardown(void **state)
{
	store_close(store);
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	fx->c.a = arena_new();
	fx->c.db = store_db(store);
	fx->c.cfg = &cfg;
	fx->c.account_id = acme;
	fx->c.now = 1700000000;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	arena_free(fx->c.a);
	free(fx);
	return 0;
}

/* Applies custom_fields, given as JSON text, to values and tags. */
static enum pl_err apply(struct ctx *c, const char *cf, json_t *values,
	json_t *tags)
{
	json_t *in = json_loads(cf, JSON_DECODE_ANY, NULL);
	assert_non_null(in);
	enum pl_err e = ticket_fields_apply(c, in, values, tags);
	json_decref(in);
	return e;
}

static char *cf(int64_t id, const char *value_json)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), "[{\"id\": %lld, \"value\": %s}]",
		(long long)id, value_json);
	return buf;
}

static json_t *value_of(json_t *values, int64_t id)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)id);
	return json_object_get(values, key);
}

static void assert_json(json_t *v, const char *expected)
{
	json_t *want = json_loads(expected, JSON_DECODE_ANY, NULL);
	assert_non_null(want);
	if (!json_equal(v, want)) {
		char *got = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
		fail_msg("got %s, want %s", got ? got : "(missing)", expected);
	}
	json_decref(want);
}

/* The RecordInvalid detail was filed under custom_fields with this code. */
static void assert_detail(struct ctx *c, const char *code, const char *needle)
{
	json_t *list = json_object_get(c->err_details, "custom_fields");
	assert_non_null(list);
	json_t *d = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(d, "error")), code);
	assert_non_null(strstr(json_string_value(json_object_get(d, "description")),
		needle));
}

static void test_text_and_clear(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_text, "\"A-1\""), v, t), PL_OK);
	assert_json(value_of(v, f_text), "\"A-1\"");
	assert_int_equal(apply(c, cf(f_text, "null"), v, t), PL_OK);
	assert_null(value_of(v, f_text));
	assert_int_equal(apply(c, cf(f_text, "\"x\""), v, t), PL_OK);
	assert_int_equal(apply(c, cf(f_text, "\"\""), v, t), PL_OK);
	assert_null(value_of(v, f_text));
	assert_int_equal(apply(c, cf(f_text, "12"), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "Order: must be a string");
	json_decref(v);
	json_decref(t);
}

static void test_integer(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_int, "42"), v, t), PL_OK);
	assert_json(value_of(v, f_int), "\"42\"");
	assert_int_equal(apply(c, cf(f_int, "\"-7\""), v, t), PL_OK);
	assert_json(value_of(v, f_int), "\"-7\"");
	assert_int_equal(apply(c, cf(f_int, "\"+8\""), v, t), PL_OK);
	assert_json(value_of(v, f_int), "\"8\"");
	const char *bad[] = { "4.5", "\"4.5\"", "\"abc\"", "true", "\"\\u0031 2\"",
		"\"99999999999999999999\"", "[1]" };
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++)
		assert_int_equal(apply(c, cf(f_int, bad[i]), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "Count: must be a whole number");
	assert_json(value_of(v, f_int), "\"8\"");
	json_decref(v);
	json_decref(t);
}

static void test_decimal(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_dec, "1.5"), v, t), PL_OK);
	assert_json(value_of(v, f_dec), "\"1.5\"");
	assert_int_equal(apply(c, cf(f_dec, "3"), v, t), PL_OK);
	assert_json(value_of(v, f_dec), "\"3\"");
	assert_int_equal(apply(c, cf(f_dec, "\"-0.25\""), v, t), PL_OK);
	assert_json(value_of(v, f_dec), "\"-0.25\"");
	const char *bad[] = { "\"x\"", "\"1e999\"", "\"nan\"", "\"1.2.3\"", "\"-\"",
		"false", "\"0x10\"" };
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++)
		assert_int_equal(apply(c, cf(f_dec, bad[i]), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "Amount: must be a number");
	json_decref(v);
	json_decref(t);
}

static void test_checkbox_tags(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_pack("[s]", "vip");
	assert_int_equal(apply(c, cf(f_box, "true"), v, t), PL_OK);
	assert_json(value_of(v, f_box), "true");
	assert_json(t, "[\"vip\", \"urgent_box\"]");
	assert_int_equal(apply(c, cf(f_box, "true"), v, t), PL_OK);
	assert_json(t, "[\"vip\", \"urgent_box\"]");
	assert_int_equal(apply(c, cf(f_box, "false"), v, t), PL_OK);
	assert_json(value_of(v, f_box), "false");
	assert_json(t, "[\"vip\"]");
	assert_int_equal(apply(c, cf(f_box, "true"), v, t), PL_OK);
	assert_int_equal(apply(c, cf(f_box, "null"), v, t), PL_OK);
	assert_null(value_of(v, f_box));
	assert_json(t, "[\"vip\"]");
	assert_int_equal(apply(c, cf(f_box, "\"yes\""), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "Urgent: must be true or false");
	json_decref(v);
	json_decref(t);
}

static void test_date(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_date, "\"2024-02-29\""), v, t), PL_OK);
	assert_json(value_of(v, f_date), "\"2024-02-29\"");
	const char *bad[] = { "\"2023-02-29\"", "\"2024-1-01\"", "\"2024-13-01\"",
		"\"2024-01-01T10:00:00Z\"", "\"tomorrow\"", "20240101" };
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++)
		assert_int_equal(apply(c, cf(f_date, bad[i]), v, t), PL_INVALID);
	assert_json(value_of(v, f_date), "\"2024-02-29\"");
	json_decref(v);
	json_decref(t);
}

static void test_regexp(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_re, "\"ABC-123\""), v, t), PL_OK);
	assert_json(value_of(v, f_re), "\"ABC-123\"");
	assert_int_equal(apply(c, cf(f_re, "\"abc-123\""), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "does not match");
	assert_int_equal(apply(c, cf(f_re, "\"ABC-123x\""), v, t), PL_INVALID);
	assert_json(value_of(v, f_re), "\"ABC-123\"");
	json_decref(v);
	json_decref(t);
}

static void test_tagger_replaces_tag(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_pack("[s]", "keep");
	assert_int_equal(apply(c, cf(f_tagger, "\"pie\""), v, t), PL_OK);
	assert_json(value_of(v, f_tagger), "\"pie\"");
	assert_json(t, "[\"keep\", \"pie\"]");
	assert_int_equal(apply(c, cf(f_tagger, "\"cake\""), v, t), PL_OK);
	assert_json(t, "[\"keep\", \"cake\"]");
	assert_int_equal(apply(c, cf(f_tagger, "\"bread\""), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "'bread' is not one of");
	assert_int_equal(apply(c, cf(f_tagger, "[\"pie\"]"), v, t), PL_INVALID);
	assert_json(t, "[\"keep\", \"cake\"]");
	assert_int_equal(apply(c, cf(f_tagger, "null"), v, t), PL_OK);
	assert_null(value_of(v, f_tagger));
	assert_json(t, "[\"keep\"]");
	json_decref(v);
	json_decref(t);
}

static void test_multiselect(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(f_multi, "[\"cream\", \"jam\", \"cream\"]"), v, t),
		PL_OK);
	assert_json(value_of(v, f_multi), "[\"cream\", \"jam\"]");
	assert_json(t, "[\"cream\", \"jam\"]");
	assert_int_equal(apply(c, cf(f_multi, "[\"nuts\"]"), v, t), PL_OK);
	assert_json(t, "[\"nuts\"]");
	assert_int_equal(apply(c, cf(f_multi, "\"nuts\""), v, t), PL_INVALID);
	assert_int_equal(apply(c, cf(f_multi, "[\"nuts\", \"pie\"]"), v, t), PL_INVALID);
	assert_int_equal(apply(c, cf(f_multi, "[\"nuts\", 3]"), v, t), PL_INVALID);
	assert_json(t, "[\"nuts\"]");
	assert_int_equal(apply(c, cf(f_multi, "[]"), v, t), PL_OK);
	assert_null(value_of(v, f_multi));
	assert_json(t, "[]");
	json_decref(v);
	json_decref(t);
}

static void test_unknown_inactive_foreign(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object(), *t = json_array();
	assert_int_equal(apply(c, cf(999999, "\"x\""), v, t), PL_INVALID);
	assert_detail(c, "InvalidValue", "999999 is not an active custom field");
	assert_int_equal(apply(c, cf(f_inactive, "\"x\""), v, t), PL_INVALID);
	assert_int_equal(apply(c, cf(f_beta, "\"x\""), v, t), PL_INVALID);
	assert_int_equal(apply(c, "[{\"value\": 1}]", v, t), PL_INVALID);
	assert_int_equal(apply(c, "[5]", v, t), PL_INVALID);
	assert_int_equal(apply(c, "{\"id\": 1}", v, t), PL_INVALID);
	assert_int_equal(json_object_size(v), 0);
	json_decref(v);
	json_decref(t);
}

static void test_string_ids_and_atomicity(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_pack("{s:s}", "1", "stale"), *t = json_pack("[s]", "a");
	char buf[256];
	snprintf(buf, sizeof(buf), "[{\"id\": \"%lld\", \"value\": \"pie\"},"
		" {\"id\": %lld, \"value\": \"not a date\"}]",
		(long long)f_tagger, (long long)f_date);
	assert_int_equal(apply(c, buf, v, t), PL_INVALID);
	assert_json(v, "{\"1\": \"stale\"}");
	assert_json(t, "[\"a\"]");
	snprintf(buf, sizeof(buf), "[{\"id\": \"%lld\", \"value\": \"pie\"},"
		" {\"id\": %lld, \"value\": \"2025-01-31\"}]",
		(long long)f_tagger, (long long)f_date);
	assert_int_equal(apply(c, buf, v, t), PL_OK);
	assert_json(value_of(v, f_tagger), "\"pie\"");
	assert_json(value_of(v, f_date), "\"2025-01-31\"");
	assert_json(t, "[\"a\", \"pie\"]");
	json_decref(v);
	json_decref(t);
}

static void test_check_required(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	json_t *v = json_object();
	assert_int_equal(ticket_fields_check_required(c, 0, v), PL_INVALID);
	json_t *list = json_object_get(c->err_details, "custom_fields");
	assert_int_equal(json_array_size(list), 1);
	assert_detail(c, "BlankValue", "Reason: is required");
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)f_required);
	json_object_set_new(v, key, json_string("broken"));
	c->err_details = NULL;
	assert_int_equal(ticket_fields_check_required(c, 0, v), PL_OK);
	json_decref(v);
}

static void test_render(void **state)
{
	struct ctx *c = &((struct fixture *)*state)->c;
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)f_text);
	json_t *v = json_pack("{s:s}", key, "A-1");
	json_t *r = ticket_fields_render(c, v);
	/* Active custom fields only, in position order; unset values are null,
	 * an unset checkbox false. */
	assert_int_equal(json_array_size(r), 9);
	int64_t order[] = { f_required, f_text, f_int, f_dec, f_box, f_date, f_re,
		f_tagger, f_multi };
	for (size_t i = 0; i < PL_ARRAY_LEN(order); i++) {
		json_t *e = json_array_get(r, i);
		assert_int_equal(json_integer_value(json_object_get(e, "id")), order[i]);
		json_t *val = json_object_get(e, "value");
		if (order[i] == f_text)
			assert_json(val, "\"A-1\"");
		else if (order[i] == f_box)
			assert_json(val, "false");
		else
			assert_true(json_is_null(val));
	}
	json_decref(r);
	json_decref(v);
	c->account_id = beta;
	v = json_object();
	r = ticket_fields_render(c, v);
	assert_int_equal(json_array_size(r), 1);
	json_decref(r);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decimal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkbox_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regexp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tagger_replaces_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiselect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_inactive_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_ids_and_atomicity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
