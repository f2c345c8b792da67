/*
 * test_input.c: the request field readers of core/input.c and the LIKE
 * patterns of core/list.c, which need no store.
 */
#include "parley.h"
#include "core/input.h"
#include "core/list.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

struct fixture {
	struct ctx c;
	json_t *in;
	json_t *extra;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->c.a = arena_new();
	f->extra = json_object();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	json_decref(f->in);
	json_decref(f->extra);
	arena_free(f->c.a);
	free(f);
	return 0;
}

static json_t *load(struct fixture *f, const char *text)
{
	json_decref(f->in);
	f->in = json_loads(text, 0, NULL);
	assert_non_null(f->in);
	return f->in;
}

/* The error code of the first detail under field. */
static const char *detail(struct fixture *f, const char *field)
{
	json_t *list = json_object_get(f->c.err_details, field);
	return json_string_value(json_object_get(json_array_get(list, 0), "error"));
}

static void text_patch_semantics(void **state)
{
	struct fixture *f = *state;
	const char *out = "kept";
	assert_int_equal(input_text(&f->c, load(f, "{}"), "name", 5, &out), PL_OK);
	assert_string_equal(out, "kept");
	assert_int_equal(input_text(&f->c, load(f, "{\"name\":null}"), "name", 5, &out), PL_OK);
	assert_null(out);
	assert_int_equal(input_text(&f->c, load(f, "{\"name\":\"abcde\"}"), "name", 5, &out), PL_OK);
	assert_string_equal(out, "abcde");
	assert_int_equal(input_text(&f->c, load(f, "{\"name\":\"abcdef\"}"), "name", 5, &out),
		PL_INVALID);
	assert_string_equal(detail(f, "name"), "TooLong");
	assert_int_equal(input_text(&f->c, load(f, "{\"x\":1}"), "x", 5, &out), PL_INVALID);
	assert_string_equal(detail(f, "x"), "InvalidValue");
	assert_string_equal(f->c.err_title, "RecordInvalid");
}

static void keys_ids_and_bools(void **state)
{
	struct fixture *f = *state;
	const char *key = NULL;
	assert_int_equal(input_key(&f->c, load(f, "{\"k\":42}"), "k", &key), PL_OK);
	assert_string_equal(key, "42");
	assert_int_equal(input_key(&f->c, load(f, "{\"k\":\"\"}"), "k", &key), PL_OK);
	assert_null(key);
	int64_t id = 7;
	assert_int_equal(input_id(&f->c, load(f, "{\"id\":null}"), "id", &id), PL_OK);
	assert_int_equal(id, 0);
	assert_int_equal(input_id(&f->c, load(f, "{\"id\":-1}"), "id", &id), PL_INVALID);
	assert_int_equal(input_id(&f->c, load(f, "{\"id\":\"3\"}"), "id", &id), PL_INVALID);
	bool b = false;
	assert_int_equal(input_bool(&f->c, load(f, "{\"b\":true}"), "b", &b), PL_OK);
	assert_true(b);
	assert_int_equal(input_bool(&f->c, load(f, "{\"b\":1}"), "b", &b), PL_INVALID);
}

static void words_are_split_lowered_and_unique(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(input_words(&f->c, load(f, "{\"tags\":[\"VIP gold\",\"vip\",\"a,b\"]}"),
		"tags", 80, f->extra), PL_OK);
	char *s = json_dumps(json_object_get(f->extra, "tags"), JSON_COMPACT);
	assert_string_equal(s, "[\"vip\",\"gold\",\"a\",\"b\"]");
	free(s);
	assert_int_equal(input_words(&f->c, load(f, "{\"tags\":null}"), "tags", 80, f->extra),
		PL_OK);
	assert_int_equal(json_array_size(json_object_get(f->extra, "tags")), 0);
	assert_int_equal(input_words(&f->c, load(f, "{\"tags\":[1]}"), "tags", 80, f->extra),
		PL_INVALID);
	assert_int_equal(input_words(&f->c, load(f, "{\"d\":\"abcdef\"}"), "d", 5, f->extra),
		PL_INVALID);
	assert_string_equal(detail(f, "d"), "TooLong");
}

static void fields_merge_key_by_key(void **state)
{
	struct fixture *f = *state;
	json_object_set_new(f->extra, "user_fields", json_pack("{s:i,s:i}", "a", 1, "b", 2));
	assert_int_equal(input_fields(&f->c, load(f, "{\"user_fields\":{\"b\":3,\"c\":null}}"),
		"user_fields", f->extra), PL_OK);
	char *s = json_dumps(json_object_get(f->extra, "user_fields"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"a\":1,\"b\":3,\"c\":null}");
	free(s);
	assert_int_equal(input_fields(&f->c, load(f, "{\"user_fields\":{\"x\":[1]}}"),
		"user_fields", f->extra), PL_INVALID);
	assert_int_equal(json_object_size(json_object_get(f->extra, "user_fields")), 3);
}

static void labels_and_blanks(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(input_label(&f->c, "external_id"), "External id");
	assert_true(input_is_blank(NULL));
	assert_true(input_is_blank(" \t\n"));
	assert_false(input_is_blank(" x "));
	assert_int_equal(input_blank(&f->c, "name"), PL_INVALID);
	assert_string_equal(detail(f, "name"), "BlankValue");
}

static void like_patterns_escape_wildcards(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(list_like(f->c.a, "A%b_C\\", false), "%a\\%b\\_c\\\\%");
	assert_string_equal(list_like(f->c.a, "Zed", true), "zed%");
	assert_string_equal(list_like(f->c.a, "", false), "%%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(text_patch_semantics, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_ids_and_bools, setup, teardown),
		cmocka_unit_test_setup_teardown(words_are_split_lowered_and_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(fields_merge_key_by_key, setup, teardown),
		cmocka_unit_test_setup_teardown(labels_and_blanks, setup, teardown),
		cmocka_unit_test_setup_teardown(like_patterns_escape_wildcards, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
