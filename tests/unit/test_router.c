/*
 * test_router.c: http/router.c against the real route tables (api/routes.c).
 *
 * Literal segments beat {id} and {key} only by coming first, so besides a
 * few fixed cases this checks every route of every table: the path made
 * from its own pattern must reach that very route, with its ids and keys
 * captured.  A route shadowed by an earlier {key} route fails here.
 */
#include "unit.h"
#include "http/router.h"

/* A request for path ("api_tokens/12") and verb, segments in the arena. */
static struct req *req_for(struct arena *a, enum verb verb, const char *path)
{
	struct req *r = arena_alloc(a, sizeof(*r));
	r->c.a = a;
	r->verb = verb;
	r->path = path;
	char *p = arena_strdup(a, path);
	for (char *s = strtok(p, "/"); s; s = strtok(NULL, "/")) {
		assert_true(r->nseg < REQ_MAX_SEG);
		r->seg[r->nseg++] = s;
	}
	return r;
}

static const struct route *routed(struct arena *a, enum verb verb,
	const char *path, enum pl_err *err)
{
	*err = PL_OK;
	return router_match(req_for(a, verb, path), err);
}

static void literal_and_id_routes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct req *r = req_for(a, V_GET, "api_tokens/12");
	enum pl_err e = PL_OK;
	const struct route *rt = router_match(r, &e);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "api_tokens/{id}");
	assert_int_equal(r->id[0], 12);
	assert_int_equal(rt->min_role, ROLE_ADMIN);

	rt = routed(a, V_GET, "api_tokens", &e);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "api_tokens");

	r = req_for(a, V_PUT, "api_tokens/123456789012345678"); /* 18 digits */
	rt = router_match(r, &e);
	assert_non_null(rt);
	assert_int_equal(r->id[0], 123456789012345678LL);
	arena_free(a);
}

static void literal_before_key(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum pl_err e;
	const struct route *rt = routed(a, V_GET, "users/me", &e);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "users/me");
	assert_int_equal(rt->min_role, ROLE_ANON);

	rt = routed(a, V_GET, "job_statuses/show_many", &e);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "job_statuses/show_many");

	struct req *r = req_for(a, V_GET, "job_statuses/8f2c0a");
	rt = router_match(r, &e);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "job_statuses/{key}");
	assert_string_equal(r->key[0], "8f2c0a");
	arena_free(a);
}

static void method_not_allowed_vs_not_found(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum pl_err e;
	assert_null(routed(a, V_POST, "api_tokens/12", &e));
	assert_int_equal(e, PL_METHOD);
	assert_null(routed(a, V_DELETE, "api_tokens", &e));
	assert_int_equal(e, PL_METHOD);
	assert_null(routed(a, (enum verb)(V_HEAD << 1), "api_tokens", &e));
	assert_int_equal(e, PL_METHOD);

	assert_null(routed(a, V_GET, "no_such_resource", &e));
	assert_int_equal(e, PL_NO_ROUTE);
	assert_null(routed(a, V_GET, "api_tokens/abc", &e));   /* {id} is digits */
	assert_int_equal(e, PL_NO_ROUTE);
	assert_null(routed(a, V_GET, "api_tokens/-1", &e));
	assert_int_equal(e, PL_NO_ROUTE);
	assert_null(routed(a, V_GET, "api_tokens/1234567890123456789", &e));
	assert_int_equal(e, PL_NO_ROUTE);                        /* 19 digits */
	assert_null(routed(a, V_GET, "api_tokens/12/extra", &e));
	assert_int_equal(e, PL_NO_ROUTE);
	assert_null(routed(a, V_GET, "", &e));                   /* /api/v2 itself */
	assert_int_equal(e, PL_NO_ROUTE);

	/* Deeper than any route (server.c marks it with REQ_MAX_SEG + 1). */
	struct req *r = req_for(a, V_GET, "api_tokens/1/2/3/4/5/6/7/8/9/10/11");
	assert_int_equal(r->nseg, REQ_MAX_SEG);
	r->nseg = REQ_MAX_SEG + 1;
	assert_null(router_match(r, &e));
	assert_int_equal(e, PL_NO_ROUTE);
	arena_free(a);
}

/* The concrete path of pattern: {id}s become 11, 22..., {key}s k0, k1. */
static char *path_of(struct arena *a, const char *pattern)
{
	struct sbuf b;
	sbuf_init(&b, a);
	int nid = 0, nkey = 0;
	char *p = arena_strdup(a, pattern);
	for (char *s = strtok(p, "/"); s; s = strtok(NULL, "/")) {
		if (b.len)
			sbuf_adds(&b, "/");
		if (!strcmp(s, "{id}"))
			sbuf_printf(&b, "%d", 11 * ++nid);
		else if (!strcmp(s, "{key}"))
			sbuf_printf(&b, "k%d", nkey++);
		else
			sbuf_adds(&b, s);
	}
	return b.s;
}

static void every_route_reaches_itself(void **state)
{
	(void)state;
	int checked = 0;
	for (int t = 0; api_route_tables[t]; t++) {
		for (const struct route *rt = api_route_tables[t]; rt->pattern; rt++) {
			struct arena *a = arena_new();
			assert_true(rt->verbs != 0);
			assert_non_null(rt->fn);
			unsigned verb = rt->verbs & -rt->verbs; /* lowest verb bit */
			struct req *r = req_for(a, (enum verb)verb, path_of(a, rt->pattern));
			enum pl_err e = PL_OK;
			const struct route *got = router_match(r, &e);
			if (got != rt)
				fail_msg("%s (verbs %u) is reached as %s", rt->pattern,
					rt->verbs, got ? got->pattern : "no route");
			int nid = 0, nkey = 0;
			for (const char *s = rt->pattern; (s = strchr(s, '{')); s++) {
				if (!strncmp(s, "{id}", 4)) {
					assert_int_equal(r->id[nid], 11 * (nid + 1));
					nid++;
				} else {
					assert_string_equal(r->key[nkey],
						arena_printf(a, "k%d", nkey));
					nkey++;
				}
			}
			arena_free(a);
			checked++;
		}
	}
	assert_true(checked >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_and_id_routes),
		cmocka_unit_test(literal_before_key),
		cmocka_unit_test(method_not_allowed_vs_not_found),
		cmocka_unit_test(every_route_reaches_itself),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
