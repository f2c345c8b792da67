/*
 * test_request.c: http/request.c, JSON bodies in and replies out.
 *
 * A body is parsed once and owned by the arena; no body reads as {}; bad
 * JSON, a top level that is not an object and duplicate keys answer 400
 * with a description, never a crash or a 500.
 */
#include "unit.h"
#include "http/request.h"

static struct req *with_body(const char *body)
{
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof(*r));
	r->c.a = a;
	if (body) {
		r->body_len = strlen(body);
		r->body = arena_strdup(a, body);
	}
	return r;
}

static void done(struct req *r)
{
	arena_free(r->c.a);
}

static void no_body_is_empty_object(void **state)
{
	(void)state;
	struct req *r = with_body(NULL);
	json_t *b;
	assert_int_equal(req_body(r, &b), PL_OK);
	assert_true(json_is_object(b));
	assert_int_equal(json_object_size(b), 0);
	json_t *again;
	assert_int_equal(req_body(r, &again), PL_OK);
	assert_ptr_equal(b, again);
	assert_int_equal(req_body_object(r, "ticket", &b), PL_BAD_REQUEST);
	assert_non_null(strstr(r->c.err_desc, "\"ticket\""));
	done(r);
}

static void object_under_root(void **state)
{
	(void)state;
	struct req *r = with_body("{\"ticket\":{\"subject\":\"Help\",\"comment\":"
		"{\"body\":\"x\"}}}");
	json_t *t;
	assert_int_equal(req_body_object(r, "ticket", &t), PL_OK);
	assert_string_equal(json_string_value(json_object_get(t, "subject")), "Help");
	json_t *b;
	assert_int_equal(req_body(r, &b), PL_OK); /* parsed once, cached */
	assert_ptr_equal(json_object_get(b, "ticket"), t);
	assert_int_equal(req_body_object(r, "user", &t), PL_BAD_REQUEST);
	done(r);

	r = with_body("{\"ticket\":[1]}");
	assert_int_equal(req_body_object(r, "ticket", &t), PL_BAD_REQUEST);
	done(r);
}

static void malformed_bodies_are_400(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{", "{\"a\":}", "nul", "[1,2]", "\"text\"", "42", "null",
		"{\"a\":1,\"a\":2}", "{\"a\":1} trailing", "\xff\xfe",
		"{\"s\":\"\\ud800\"}",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++) {
		struct req *r = with_body(bad[i]);
		json_t *b = NULL;
		if (req_body(r, &b) != PL_BAD_REQUEST)
			fail_msg("accepted body %s", bad[i]);
		assert_non_null(r->c.err_desc);
		assert_string_equal(r->c.err_title, "InvalidValue");
		done(r);
	}
}

static void embedded_nul_is_rejected(void **state)
{
	(void)state;
	struct req *r = with_body("{\"a\":1}");
	r->body[3] = 0; /* {"a\0:1} with the full length */
	json_t *b;
	assert_int_equal(req_body(r, &b), PL_BAD_REQUEST);
	done(r);
}

static void replies(void **state)
{
	(void)state;
	struct req *r = with_body(NULL);
	assert_int_equal(reply_obj(r, 201, "ticket", json_pack("{s:i}", "id", 7)), PL_OK);
	assert_int_equal(r->status, 201);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(r->out, "ticket"), "id")), 7);
	assert_int_equal(reply_no_content(r), PL_OK);
	assert_int_equal(r->status, 204);
	assert_null(r->out);
	for (int i = 0; i < REQ_MAX_HDR + 3; i++) /* extra headers are dropped */
		reply_header(r, "X-N", "v");
	assert_int_equal(r->nhdr, REQ_MAX_HDR);
	done(r); /* the ASan build checks the reply JSON was released */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_body_is_empty_object),
		cmocka_unit_test(object_under_root),
		cmocka_unit_test(malformed_bodies_are_400),
		cmocka_unit_test(embedded_nul_is_rejected),
		cmocka_unit_test(replies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
