/*
 * test_server.c: http/server.c's URI parsing (path segments and query), and
 * the query accessors of http/request.c on what it produces.
 *
 * server.c is included so its static parse_path/parse_query are reached
 * through uri_log, exactly as MHD calls it; the linker then leaves the
 * archive's server.o out.
 */
#include "unit.h"
#include "http/server.c"

static struct config cfg;
static struct server srv = { .cfg = &cfg };

static struct req *parse(const char *uri)
{
	return uri_log(&srv, uri, NULL);
}

static void done(struct req *r)
{
	arena_free(r->c.a);
}

static void api_paths(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/users/me.json");
	assert_string_equal(r->path, "users/me");
	assert_int_equal(r->nseg, 2);
	assert_string_equal(r->seg[0], "users");
	assert_string_equal(r->seg[1], "me");
	assert_int_equal(r->nq, 0);
	done(r);

	r = parse("/api/v2/tickets/12");
	assert_string_equal(r->path, "tickets/12");
	done(r);

	r = parse("/api/v2//webhooks//test"); /* node-zendesk sends '//' */
	assert_string_equal(r->path, "webhooks/test");
	assert_int_equal(r->nseg, 2);
	done(r);

	r = parse("/api/v2");
	assert_string_equal(r->path, "");
	assert_int_equal(r->nseg, 0);
	done(r);

	r = parse("/api/v2/");
	assert_string_equal(r->path, "");
	done(r);

	r = parse("/api/v2/locales/en-us.json");
	assert_string_equal(r->seg[1], "en-us");
	done(r);

	r = parse("/api/v2/.json"); /* nothing before the suffix: kept */
	assert_string_equal(r->seg[0], ".json");
	done(r);
}

static void non_api_paths(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2x/users");
	assert_true(r->web);
	assert_string_equal(r->path, "api/v2x/users");
	assert_int_equal(r->nseg, 3);
	done(r);

	r = parse("/hc/en-us/articles/12.json");
	assert_true(r->web);
	assert_string_equal(r->seg[0], "hc");
	assert_string_equal(r->seg[3], "12.json"); /* no suffix stripping for pages */
	done(r);

	r = parse("/");
	assert_true(r->web);
	assert_string_equal(r->path, "");
	assert_int_equal(r->nseg, 0);
	done(r);

	r = parse("/api/v2/users");
	assert_false(r->web);
	done(r);
}

static void segments_are_decoded_after_splitting(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/users/a%2Fb+c.json");
	assert_int_equal(r->nseg, 2);
	assert_string_equal(r->seg[1], "a/b+c"); /* '+' is literal in a path */
	done(r);
}

static void deep_paths_match_nothing(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/a/b/c/d/e/f/g/h/i/j/k/l");
	assert_int_equal(r->nseg, REQ_MAX_SEG);
	done(r);
	r = parse("/api/v2/a/b/c/d/e/f/g/h/i/j/k/l/m/n");
	assert_int_equal(r->nseg, REQ_MAX_SEG + 1);
	enum pl_err e;
	assert_null(router_match(r, &e));
	assert_int_equal(e, PL_NO_ROUTE);
	done(r);
}

static void query_is_form_decoded(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/search.json?query=type%3Aticket+status%3Csolved"
		"+%22two+words%22&page%5Bsize%5D=10&include=users%2Cgroups"
		"&flag&empty=&start_time=undefined&dup=1&dup=2&=v");
	assert_string_equal(r->path, "search");
	assert_int_equal(r->nq, 9);
	assert_string_equal(req_query(r, "query"),
		"type:ticket status<solved \"two words\"");
	assert_string_equal(req_query(r, "page[size]"), "10");
	assert_string_equal(req_query(r, "include"), "users,groups");
	assert_null(req_query(r, "flag"));        /* no value */
	assert_null(req_query(r, "empty"));
	assert_null(req_query(r, "start_time"));  /* node-zendesk's "undefined" */
	assert_null(req_query(r, "absent"));
	assert_string_equal(req_query(r, "dup"), "1");
	assert_string_equal(req_query(r, ""), "v");
	done(r);

	r = parse("/api/v2/users.json?&&a=1&&");
	assert_int_equal(r->nq, 1);
	assert_string_equal(req_query(r, "a"), "1");
	done(r);

	r = parse("/api/v2/users.json?");
	assert_int_equal(r->nq, 0);
	done(r);

	/* A '.json' inside the query is not the path's suffix. */
	r = parse("/api/v2/users?x=a.json");
	assert_string_equal(r->path, "users");
	assert_string_equal(req_query(r, "x"), "a.json");
	done(r);
}

static void integer_parameters(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/x?n=42&neg=-7&bad=4x&huge=99999999999999999999&sp=+1");
	int64_t v = 5;
	assert_int_equal(req_query_i64(r, "absent", &v), PL_OK);
	assert_int_equal(v, 5);
	assert_int_equal(req_query_i64(r, "n", &v), PL_OK);
	assert_int_equal(v, 42);
	assert_int_equal(req_query_i64(r, "neg", &v), PL_OK);
	assert_int_equal(v, -7);
	assert_int_equal(req_query_i64(r, "bad", &v), PL_BAD_REQUEST);
	assert_non_null(strstr(r->c.err_desc, "bad"));
	assert_int_equal(req_query_i64(r, "huge", &v), PL_BAD_REQUEST);
	assert_int_equal(v, -7);
	done(r);
}

static void id_lists(void **state)
{
	(void)state;
	struct req *r = parse("/api/v2/tickets/show_many.json?ids=1%2C2%2C3"
		"&trail=4,5,&bad=1,x&empty_item=1,,2&many=1,2,3,4");
	int64_t *ids;
	int n;
	assert_int_equal(req_id_list(r, "ids", 100, &ids, &n), PL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[2], 3);
	assert_int_equal(req_id_list(r, "absent", 100, &ids, &n), PL_OK);
	assert_int_equal(n, 0);
	assert_null(ids);
	assert_int_equal(req_id_list(r, "trail", 100, &ids, &n), PL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(req_id_list(r, "bad", 100, &ids, &n), PL_BAD_REQUEST);
	assert_int_equal(req_id_list(r, "empty_item", 100, &ids, &n), PL_BAD_REQUEST);
	assert_int_equal(req_id_list(r, "many", 3, &ids, &n), PL_BAD_REQUEST);
	done(r);
}

static void upload_bodies_get_their_own_limit(void **state)
{
	(void)state;
	cfg.max_body = 100;
	cfg.max_upload = 1000;
	struct req *r = parse("/api/v2/uploads.json?filename=a.png");
	assert_int_equal(body_limit(r), 1000);
	done(r);
	r = parse("/api/v2/tickets.json");
	assert_int_equal(body_limit(r), 100);
	done(r);
	r = parse("/uploads");
	assert_int_equal(body_limit(r), 100);
	done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_paths),
		cmocka_unit_test(non_api_paths),
		cmocka_unit_test(segments_are_decoded_after_splitting),
		cmocka_unit_test(deep_paths_match_nothing),
		cmocka_unit_test(query_is_form_decoded),
		cmocka_unit_test(integer_parameters),
		cmocka_unit_test(id_lists),
		cmocka_unit_test(upload_bodies_get_their_own_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
