/*
 * test_list.c: core/list.c, paged queries on a temporary store.
 *
 * A table of 25 rows for account 1 (ids 1..29, interleaved with 4 rows of
 * account 2) is paged both ways: by cursor (page[after] forwards,
 * page[before] backwards, ascending and descending) and by offset (pages,
 * count, a custom order).  Pages come out in list order in every case.
 */
#include "unit.h"
#include "core/list.h"

static json_t *row(struct ctx *c, struct stmt *st)
{
	(void)c;
	return json_pack("{s:I,s:s}", "id", (json_int_t)stmt_i64(st, 0),
		"name", stmt_text(st, 1));
}

static int setup(void **state)
{
	unit_setup(state);
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(db_exec(db, "CREATE TABLE items(id INTEGER PRIMARY KEY,"
		" account_id INTEGER NOT NULL, name TEXT NOT NULL)", ""));
	int own = 0;
	for (int64_t id = 1; own < 25; id++) {
		bool other = id % 6 == 0; /* ids 6, 12, 18, 24 are account 2's */
		if (!other)
			own++;
		assert_true(db_exec(db, "INSERT INTO items VALUES (?, ?, ?)", "iis",
			id, (int64_t)(other ? 2 : 1), arena_printf(f->c.a, "n%02d", own)));
	}
	return 0;
}

/* Runs list_run for account 1 and returns the ids of the page, as text
 * "1,2,3" in the arena. */
static char *ids(struct unit_fixture *f, const struct page *p, struct list_result *res)
{
	assert_int_equal(list_run(&f->c, p, "id, name", "FROM items WHERE account_id = ?",
		row, res, "i", (int64_t)1), PL_OK);
	struct sbuf b;
	sbuf_init(&b, f->c.a);
	size_t i;
	json_t *it;
	json_array_foreach(res->items, i, it)
		sbuf_printf(&b, "%s%lld", i ? "," : "",
			(long long)json_integer_value(json_object_get(it, "id")));
	return b.s;
}

static void cursor_forward(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .cursor = true, .size = 10 };
	assert_string_equal(ids(f, &p, &res), "1,2,3,4,5,7,8,9,10,11");
	assert_true(res.has_more);
	assert_false(res.has_prev);
	assert_int_equal(res.count, -1);
	p.after = 11;
	assert_string_equal(ids(f, &p, &res), "13,14,15,16,17,19,20,21,22,23");
	assert_true(res.has_more);
	assert_true(res.has_prev);
	p.after = 23;
	assert_string_equal(ids(f, &p, &res), "25,26,27,28,29");
	assert_false(res.has_more);
	assert_true(res.has_prev);
	p.after = 29;
	assert_string_equal(ids(f, &p, &res), "");
	assert_false(res.has_more);
	/* A page exactly as large as what is left has no next page. */
	p.after = 0;
	p.size = 25;
	ids(f, &p, &res);
	assert_int_equal(json_array_size(res.items), 25);
	assert_false(res.has_more);
}

static void cursor_backward(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .cursor = true, .size = 10, .before = 25 };
	assert_string_equal(ids(f, &p, &res), "13,14,15,16,17,19,20,21,22,23");
	assert_true(res.has_more);
	assert_true(res.has_prev);
	p.before = 13;
	assert_string_equal(ids(f, &p, &res), "1,2,3,4,5,7,8,9,10,11");
	assert_true(res.has_more);
	assert_false(res.has_prev);
	p.before = 4;
	assert_string_equal(ids(f, &p, &res), "1,2,3");
	assert_false(res.has_prev);
}

static void cursor_descending(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .cursor = true, .size = 10, .desc = true };
	assert_string_equal(ids(f, &p, &res), "29,28,27,26,25,23,22,21,20,19");
	assert_true(res.has_more);
	assert_false(res.has_prev);
	p.after = 19;
	assert_string_equal(ids(f, &p, &res), "17,16,15,14,13,11,10,9,8,7");
	assert_true(res.has_prev);
	p.after = 7;
	assert_string_equal(ids(f, &p, &res), "5,4,3,2,1");
	assert_false(res.has_more);
	p.after = 0;
	p.before = 17;
	assert_string_equal(ids(f, &p, &res), "29,28,27,26,25,23,22,21,20,19");
	assert_false(res.has_prev);
	assert_true(res.has_more);
}

static void offset_pages_with_count(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .number = 1, .size = 10 };
	assert_string_equal(ids(f, &p, &res), "1,2,3,4,5,7,8,9,10,11");
	assert_int_equal(res.count, 25);
	assert_true(res.has_more);
	assert_false(res.has_prev);
	p.number = 3;
	assert_string_equal(ids(f, &p, &res), "25,26,27,28,29");
	assert_int_equal(res.count, 25);
	assert_false(res.has_more);
	assert_true(res.has_prev);
	p.number = 4;
	assert_string_equal(ids(f, &p, &res), "");
	assert_int_equal(res.count, 25);
	assert_false(res.has_more);
	p.number = 2;
	p.size = 25;
	assert_string_equal(ids(f, &p, &res), "");
	assert_false(res.has_more);
	assert_true(res.has_prev);
	p.number = 2;
	p.size = 10;
	p.desc = true;
	assert_string_equal(ids(f, &p, &res), "17,16,15,14,13,11,10,9,8,7");
	p.number = 1;
	p.size = 3;
	p.order = "name DESC";
	assert_string_equal(ids(f, &p, &res), "29,28,27");
	assert_int_equal(res.count, 25);
}

static void one_and_all(void **state)
{
	struct unit_fixture *f = *state;
	json_t *v;
	assert_int_equal(list_one(&f->c, "SELECT id, name FROM items WHERE account_id = ?"
		" AND id = ?", row, &v, "ii", (int64_t)1, (int64_t)7), PL_OK);
	assert_string_equal(json_string_value(json_object_get(v, "name")), "n06");
	/* Another account's id is not found, exactly like a missing one. */
	assert_int_equal(list_one(&f->c, "SELECT id, name FROM items WHERE account_id = ?"
		" AND id = ?", row, &v, "ii", (int64_t)1, (int64_t)6), PL_NOT_FOUND);
	assert_string_equal(f->c.err_title, "RecordNotFound");
	assert_int_equal(list_all(&f->c, "SELECT id, name FROM items WHERE account_id = ?",
		row, &v, "i", (int64_t)2), PL_OK);
	assert_int_equal(json_array_size(v), 4);
}

static void store_errors_are_503(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .cursor = true, .size = 10 };
	assert_int_equal(list_run(&f->c, &p, "id, name", "FROM no_such_table", row, &res,
		""), PL_STORE);
	p.cursor = false;
	p.number = 1;
	assert_int_equal(list_run(&f->c, &p, "id, name", "FROM no_such_table", row, &res,
		""), PL_STORE);
}

static void text_row(struct ctx *c, struct stmt *st, struct sbuf *out, void *arg)
{
	(void)c;
	int *calls = arg;
	(*calls)++;
	sbuf_printf(out, "{\"id\":%lld,\"name\":\"%s\"}", (long long)stmt_i64(st, 0),
		stmt_text(st, 1));
}

/* list_run_text gives, as text, exactly the page list_run gives. */
static void same_as_text(struct unit_fixture *f, const struct page *p)
{
	struct list_result a, b;
	int calls = 0;
	assert_int_equal(list_run(&f->c, p, "id, name", "FROM items WHERE account_id = ?",
		row, &a, "i", (int64_t)1), PL_OK);
	assert_int_equal(list_run_text(&f->c, p, "id, name", "FROM items WHERE"
		" account_id = ?", text_row, &calls, &b, "i", (int64_t)1), PL_OK);
	json_t *parsed = json_loads(b.text, 0, NULL);
	assert_non_null(parsed);
	assert_true(json_equal(parsed, a.items));
	size_t n = json_array_size(a.items);
	assert_int_equal(b.n, n);
	assert_int_equal(calls, n);
	assert_int_equal(b.first_id, n ? json_integer_value(json_object_get(
		json_array_get(a.items, 0), "id")) : 0);
	assert_int_equal(b.last_id, n ? json_integer_value(json_object_get(
		json_array_get(a.items, n - 1), "id")) : 0);
	assert_int_equal(a.has_more, b.has_more);
	assert_int_equal(a.has_prev, b.has_prev);
	assert_int_equal(a.count, b.count);
	json_decref(parsed);
}

static void text_pages_match_json_pages(void **state)
{
	struct unit_fixture *f = *state;
	static const struct page pages[] = {
		{ .cursor = true, .size = 10 },
		{ .cursor = true, .size = 10, .after = 11 },
		{ .cursor = true, .size = 10, .after = 29 },
		{ .cursor = true, .size = 10, .before = 25 },
		{ .cursor = true, .size = 10, .before = 4 },
		{ .cursor = true, .size = 1, .before = 2 },
		{ .cursor = true, .size = 10, .desc = true, .before = 17 },
		{ .number = 1, .size = 10 },
		{ .number = 3, .size = 10 },
		{ .number = 4, .size = 10 },
		{ .number = 2, .size = 10, .desc = true },
		{ .number = 1, .size = 3, .order = "name DESC" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(pages); i++)
		same_as_text(f, &pages[i]);
	json_t *all;
	const char *text;
	int calls = 0;
	assert_int_equal(list_all(&f->c, "SELECT id, name FROM items WHERE account_id = ?",
		row, &all, "i", (int64_t)2), PL_OK);
	assert_int_equal(list_all_text(&f->c, "SELECT id, name FROM items WHERE"
		" account_id = ?", text_row, &calls, &text, "i", (int64_t)2), PL_OK);
	json_t *parsed = json_loads(text, 0, NULL);
	assert_true(json_equal(parsed, all));
	json_decref(parsed);
	assert_int_equal(list_all_text(&f->c, "SELECT id, name FROM items WHERE"
		" account_id = ?", text_row, &calls, &text, "i", (int64_t)3), PL_OK);
	assert_string_equal(text, "[]");
}

static void known_total_skips_the_count(void **state)
{
	struct unit_fixture *f = *state;
	struct list_result res;
	struct page p = { .number = 1, .size = 10, .known_total = true, .total = 12 };
	assert_string_equal(ids(f, &p, &res), "1,2,3,4,5,7,8,9,10,11");
	assert_int_equal(res.count, 12);
	assert_true(res.has_more);
	p.number = 2;
	ids(f, &p, &res);
	assert_false(res.has_more); /* the caller's total decides */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, unit_teardown)
	const struct CMUnitTest tests[] = {
		T(cursor_forward),
		T(cursor_backward),
		T(cursor_descending),
		T(offset_pages_with_count),
		T(one_and_all),
		T(store_errors_are_503),
		T(text_pages_match_json_pages),
		T(known_total_skips_the_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
