/*
 * search.c: /api/v2/search, search/count and search/export (core/search.h).
 *
 * search pages by offset (page, per_page up to 100; Zendesk's style for
 * this endpoint) and answers {"results", "facets", "next_page",
 * "previous_page", "count"}; search/export pages by cursor (page[size] up
 * to 1,000, page[after]) with meta and links.  Every signed-in user may
 * search: core decides what each one sees.
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/search.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

static enum pl_err query_of(struct req *r, const char **q)
{
	*q = req_query(r, "query");
	return *q ? PL_OK : ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter query is required");
}

static enum pl_err search(struct req *r)
{
	struct page p;
	struct search_params sp;
	struct search_page res;
	enum pl_err e;
	if ((e = query_of(r, &sp.query)) || (e = page_parse(r, &p, 100)))
		return e;
	if (p.cursor)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "search pages with page and"
			" per_page; search/export pages with cursors");
	sp.sort_by = req_query(r, "sort_by");
	sp.sort_order = req_query(r, "sort_order");
	sp.page = p.number;
	sp.per_page = p.size;
	if ((e = search_run(&r->c, &sp, &res)))
		return e;
	int64_t reachable = res.count < SEARCH_RESULTS_MAX ? res.count : SEARCH_RESULTS_MAX;
	struct list_result lr = {
		.text = res.results, .n = res.n, .count = res.count,
		.has_more = (int64_t)p.number * p.size < reachable,
		.has_prev = p.number > 1,
	};
	json_t *extra = jown(r->c.a, json_pack("{s:n}", "facets"));
	return page_reply_text(r, &p, "results", &lr, extra);
}

static enum pl_err count(struct req *r)
{
	const char *q;
	int64_t n;
	enum pl_err e;
	if ((e = query_of(r, &q)) || (e = search_count(&r->c, q, &n)))
		return e;
	return reply_json(r, 200, json_pack("{s:I}", "count", (json_int_t)n));
}

static enum pl_err export(struct req *r)
{
	struct search_export_params sp = { .type = req_query(r, "filter[type]"),
		.size = 100 };
	const char *after = req_query(r, "page[after]");
	int64_t size = sp.size;
	enum pl_err e;
	if ((e = query_of(r, &sp.query)) || (e = req_query_i64(r, "page[size]", &size)))
		return e;
	if (size < 1 || size > 1000)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "page[size] must be between 1"
			" and 1000");
	if (after && !page_cursor_decode(after, &sp.after_created, &sp.after_id))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "page[after] is not a cursor of"
			" search/export");
	sp.after = after != NULL;
	sp.size = (int)size;
	struct search_export_page res;
	if ((e = search_export(&r->c, &sp, &res)))
		return e;
	const char *last = res.n ? page_cursor_encode(r, res.last_created, res.last_id)
		: NULL;
	const char *first = res.n ? page_cursor_encode(r, res.first_created, res.first_id)
		: NULL;
	static const char *const drop[] = { "page[after]", "page[before]", "page[size]",
		NULL };
	const char *next = res.has_more ? page_link_without(r, drop, arena_printf(r->c.a,
		"page%%5Bsize%%5D=%d&page%%5Bafter%%5D=%s", sp.size, last)) : NULL;
	json_t *rest = jown(r->c.a, json_pack("{s:n,s:{s:b,s:o,s:o},s:{s:n,s:o}}",
		"facets", "meta", "has_more", res.has_more, "after_cursor", jstr(last),
		"before_cursor", jstr(first), "links", "prev", "next", jstr(next)));
	return reply_text_obj(r, 200, "results", res.results, rest);
}

const struct route search_routes[] = {
	{ V_GET, "search", search, ROLE_END_USER },
	{ V_GET, "search/count", count, ROLE_END_USER },
	{ V_GET, "search/export", export, ROLE_END_USER },
	{ 0 },
};
