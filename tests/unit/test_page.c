/*
 * test_page.c: api/page.c, paging parameters in and links out, over
 * core/list.c's list_run on a temporary store.
 *
 * Besides the parameter rules, the links are followed as node-zendesk does
 * (it requests links.next, else next_page, verbatim until null): walking
 * them must visit every row exactly once, in order, and walking links.prev
 * back must retrace the same pages.
 */
#include "unit.h"
#include "api/page.h"
#include "http/request.h"
#include "util/url.h"

#define BASE "http://acme.test/api/v2"
#define ROWS 23

/* A GET of BASE/items.json?query, as server.c would have parsed it. */
static struct req *req_for(struct unit_fixture *f, const char *query)
{
	struct req *r = arena_alloc(f->c.a, sizeof(*r));
	r->c = f->c;
	r->c.err_title = r->c.err_desc = NULL;
	r->path = "items";
	char *qs = arena_strdup(f->c.a, query);
	r->q = arena_alloc(f->c.a, sizeof(struct qparam) * (strlen(qs) / 2 + 2));
	for (char *t = strtok(qs, "&"); t; t = strtok(NULL, "&")) {
		char *eq = strchr(t, '=');
		if (eq)
			*eq++ = 0;
		url_decode(t, true);
		if (eq)
			url_decode(eq, true);
		r->q[r->nq].name = t;
		r->q[r->nq++].value = eq ? eq : "";
	}
	return r;
}

static enum pl_err parsed(struct unit_fixture *f, const char *query, struct page *p)
{
	return page_parse(req_for(f, query), p, 100);
}

static void parse_defaults_and_modes(void **state)
{
	struct unit_fixture *f = *state;
	struct page p;
	assert_int_equal(parsed(f, "", &p), PL_OK);
	assert_false(p.cursor);
	assert_int_equal(p.number, 1);
	assert_int_equal(p.size, 100);
	assert_false(p.desc);

	assert_int_equal(parsed(f, "page=3&per_page=20&sort_order=desc", &p), PL_OK);
	assert_false(p.cursor);
	assert_int_equal(p.number, 3);
	assert_int_equal(p.size, 20);
	assert_true(p.desc);

	assert_int_equal(parsed(f, "page%5Bsize%5D=5&sort=-id", &p), PL_OK);
	assert_true(p.cursor);
	assert_int_equal(p.size, 5);
	assert_true(p.desc);

	assert_int_equal(parsed(f, "page[after]=42", &p), PL_OK);
	assert_true(p.cursor);
	assert_int_equal(p.size, 100);
	assert_int_equal(p.after, 42);

	assert_int_equal(parsed(f, "page[before]=7&page[size]=2", &p), PL_OK);
	assert_int_equal(p.before, 7);

	/* node-zendesk's "undefined" and empty values are absent. */
	assert_int_equal(parsed(f, "page=undefined&per_page=&page[size]=", &p), PL_OK);
	assert_false(p.cursor);
	assert_int_equal(p.number, 1);
}

static void parse_rejects_out_of_range(void **state)
{
	struct unit_fixture *f = *state;
	static const char *const bad[] = {
		"page[size]=0", "page[size]=101", "page[size]=x", "page[after]=-1",
		"page[before]=1.5", "page=0", "per_page=101", "per_page=0",
		"page=abc", "page=100001", "page=102&per_page=100", "page=10002&per_page=1",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++) {
		struct page p;
		struct req *r = req_for(f, bad[i]);
		if (page_parse(r, &p, 100) != PL_BAD_REQUEST)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(r->c.err_desc);
	}
	struct page p;
	/* The last offset page Zendesk serves: records 10,001 to 10,100. */
	assert_int_equal(parsed(f, "page=101&per_page=100", &p), PL_OK);
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	(void)c;
	return json_pack("{s:I}", "id", (json_int_t)stmt_i64(st, 0));
}

static int setup(void **state)
{
	unit_setup(state);
	struct unit_fixture *f = *state;
	assert_true(db_exec(f->c.db, "CREATE TABLE items(id INTEGER PRIMARY KEY)", ""));
	for (int64_t i = 1; i <= ROWS; i++)
		assert_true(db_exec(f->c.db, "INSERT INTO items VALUES (?)", "i", i * 10));
	return 0;
}

/* Runs the request's page and renders it; returns the response body. */
static json_t *get(struct unit_fixture *f, const char *query)
{
	struct req *r = req_for(f, query);
	struct page p;
	struct list_result res;
	assert_int_equal(page_parse(r, &p, 100), PL_OK);
	assert_int_equal(list_run(&r->c, &p, "id", "FROM items WHERE 1 = ?", row, &res,
		"i", (int64_t)1), PL_OK);
	assert_int_equal(page_reply(r, &p, "items", &res), PL_OK);
	assert_int_equal(r->status, 200);
	return r->out;
}

/* The query of an absolute link we emitted; fails unless it is under BASE. */
static const char *query_of(const char *link)
{
	static const char prefix[] = BASE "/items.json?";
	if (strncmp(link, prefix, sizeof(prefix) - 1) != 0)
		fail_msg("link %s is not under %s", link, BASE);
	return link + sizeof(prefix) - 1;
}

static const char *link_at(json_t *body, const char *obj, const char *key)
{
	json_t *v = obj ? json_object_get(json_object_get(body, obj), key)
		: json_object_get(body, key);
	assert_non_null(v); /* present even when null */
	return json_string_value(v);
}

/* Appends the ids of body's page to b. */
static void collect(json_t *body, struct sbuf *b)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(body, "items"), i, it)
		sbuf_printf(b, "%lld,", (long long)json_integer_value(json_object_get(it, "id")));
}

static void cursor_links_walk_everything(void **state)
{
	struct unit_fixture *f = *state;
	struct sbuf fwd, back;
	sbuf_init(&fwd, f->c.a);
	sbuf_init(&back, f->c.a);
	const char *q = "page%5Bsize%5D=5&include=users%2Cgroups&sort=-id";
	json_t *body = get(f, q);
	assert_null(link_at(body, "links", "prev"));
	int pages = 0;
	json_t *last = body;
	for (;;) {
		collect(body, &fwd);
		pages++;
		assert_null(json_object_get(body, "count"));
		json_t *meta = json_object_get(body, "meta");
		assert_true(json_is_string(json_object_get(meta, "after_cursor")));
		last = body;
		const char *next = link_at(body, "links", "next");
		if (!next) {
			assert_false(json_is_true(json_object_get(meta, "has_more")));
			break;
		}
		assert_true(json_is_true(json_object_get(meta, "has_more")));
		/* Other parameters survive; paging ones are replaced. */
		assert_non_null(strstr(next, "include=users%2Cgroups&sort=-id&"));
		assert_null(strstr(query_of(next), "page%5Bsize%5D=5&include"));
		body = get(f, query_of(next));
		assert_true(pages < 10);
	}
	assert_int_equal(pages, 5);
	struct sbuf want;
	sbuf_init(&want, f->c.a);
	for (int i = ROWS; i >= 1; i--)
		sbuf_printf(&want, "%d,", i * 10);
	assert_string_equal(fwd.s, want.s);

	/* Back from the last page through links.prev: the same pages. */
	body = last;
	struct sbuf pagesback[8];
	int nb = 0;
	for (;;) {
		sbuf_init(&pagesback[nb], f->c.a);
		collect(body, &pagesback[nb++]);
		const char *prev = link_at(body, "links", "prev");
		if (!prev)
			break;
		body = get(f, query_of(prev));
		assert_true(nb < 8);
	}
	assert_int_equal(nb, 5);
	for (int i = nb - 1; i >= 0; i--)
		sbuf_adds(&back, pagesback[i].s);
	assert_string_equal(back.s, want.s);
}

static void offset_links_walk_everything(void **state)
{
	struct unit_fixture *f = *state;
	struct sbuf fwd;
	sbuf_init(&fwd, f->c.a);
	json_t *body = get(f, "per_page=10&role=agent");
	assert_null(link_at(body, NULL, "previous_page"));
	int pages = 0;
	for (;;) {
		collect(body, &fwd);
		pages++;
		assert_int_equal(json_integer_value(json_object_get(body, "count")), ROWS);
		assert_null(json_object_get(body, "links"));
		const char *next = link_at(body, NULL, "next_page");
		if (!next)
			break;
		assert_string_equal(next, arena_printf(f->c.a,
			BASE "/items.json?role=agent&page=%d&per_page=10", pages + 1));
		body = get(f, query_of(next));
		assert_true(pages < 10);
	}
	assert_int_equal(pages, 3);
	const char *prev = link_at(body, NULL, "previous_page");
	assert_string_equal(prev, BASE "/items.json?role=agent&page=2&per_page=10");
	struct sbuf want;
	sbuf_init(&want, f->c.a);
	for (int i = 1; i <= ROWS; i++)
		sbuf_printf(&want, "%d,", i * 10);
	assert_string_equal(fwd.s, want.s);
}

static void empty_cursor_page(void **state)
{
	struct unit_fixture *f = *state;
	json_t *body = get(f, "page[size]=5&page[after]=100000");
	assert_int_equal(json_array_size(json_object_get(body, "items")), 0);
	json_t *meta = json_object_get(body, "meta");
	assert_true(json_is_null(json_object_get(meta, "after_cursor")));
	assert_true(json_is_null(json_object_get(meta, "before_cursor")));
	assert_null(link_at(body, "links", "next"));
	assert_null(link_at(body, "links", "prev"));
}

static void text_row(struct ctx *c, struct stmt *st, struct sbuf *out, void *arg)
{
	(void)c;
	(void)arg;
	sbuf_printf(out, "{\"id\":%lld}", (long long)stmt_i64(st, 0));
}

/* page_reply_text answers the body page_reply answers, plus extra. */
static void text_reply_matches(void **state)
{
	struct unit_fixture *f = *state;
	static const char *const queries[] = { "page[size]=3", "page[size]=3&page[after]=30",
		"page[size]=2&page[before]=50", "per_page=4&page=2", "per_page=100",
		"page[size]=5&page[after]=999999" };
	for (size_t i = 0; i < PL_ARRAY_LEN(queries); i++) {
		json_t *want = json_deep_copy(get(f, queries[i]));
		struct req *r = req_for(f, queries[i]);
		struct page p;
		struct list_result res;
		assert_int_equal(page_parse(r, &p, 100), PL_OK);
		assert_int_equal(list_run_text(&r->c, &p, "id", "FROM items WHERE 1 = ?",
			text_row, NULL, &res, "i", (int64_t)1), PL_OK);
		json_t *extra = json_pack("{s:[i]}", "users", 7);
		assert_int_equal(page_reply_text(r, &p, "items", &res, extra), PL_OK);
		assert_int_equal(r->status, 200);
		assert_string_equal(r->content_type, "application/json; charset=utf-8");
		/* The body as sent: its pieces one after another. */
		struct sbuf body;
		sbuf_init(&body, r->c.a);
		for (int k = 0; k < r->nraw; k++)
			sbuf_add(&body, r->raw[k], r->raw_len[k]);
		json_t *got = json_loadb(body.s, body.len, 0, NULL);
		assert_non_null(got);
		json_object_update(want, extra);
		if (!json_equal(got, want))
			fail_msg("%s: %s", queries[i], body.s);
		/* The array comes first, as in page_reply. */
		assert_int_equal(strncmp(body.s, "{\"items\":[", 10), 0);
		json_decref(got);
		json_decref(want);
		json_decref(extra);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, unit_teardown)
	const struct CMUnitTest tests[] = {
		T(parse_defaults_and_modes),
		T(parse_rejects_out_of_range),
		T(cursor_links_walk_everything),
		T(offset_links_walk_everything),
		T(empty_cursor_page),
		T(text_reply_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
