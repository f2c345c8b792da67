/*
 * search.c: running searches (search.h): choosing the result types and the
 * order, one SQL statement over the types' SELECTs (search_sql.c), and
 * rendering the page in result order.
 *
 * A page costs one statement for the ids, their type and the total
 * (count(*) OVER (), a second statement only when a page past the end
 * returns no row), then one rendering query per result type present, all
 * in one read transaction: what is rendered is what matched.
 *
 * Without a type: term, every type whose keywords cover the query takes
 * part ("status:open" finds tickets only, "tags:vip" any of the three);
 * a query no type covers is a 422 naming that.  Relevance is FTS5's bm25
 * when the query has text, else the most recently updated first.
 */
#include "parley.h"
#include "core/organizations.h"
#include "core/search.h"
#include "core/searchInt.h"
#include "core/tickets.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what to search, in which order ---- */

struct plan {
	struct sq_query q;
	enum search_sort sort;
	bool desc;
	struct search_sql parts[R_TYPES];
	int nparts;
};

static enum pl_err bad_request(struct ctx *c, const char *fmt, const char *arg)
{
	return ctx_fail(c, PL_BAD_REQUEST, fmt, arg);
}

static enum pl_err sort_of(struct ctx *c, const struct sq_query *q,
	const struct search_params *p, struct plan *pl)
{
	static const struct { const char *name; enum search_sort sort; } names[] = {
		{ "relevance", SORT_RELEVANCE }, { "updated_at", SORT_UPDATED },
		{ "updated", SORT_UPDATED }, { "created_at", SORT_CREATED },
		{ "created", SORT_CREATED }, { "priority", SORT_PRIORITY },
		{ "status", SORT_STATUS }, { "ticket_type", SORT_TYPE },
	};
	const char *by = q->order_by ? q->order_by : p ? p->sort_by : NULL;
	const char *dir = q->sort ? q->sort : p ? p->sort_order : NULL;
	pl->sort = SORT_RELEVANCE;
	if (by) {
		size_t i = 0;
		while (i < PL_ARRAY_LEN(names) && strcasecmp(names[i].name, by))
			i++;
		if (i == PL_ARRAY_LEN(names))
			return bad_request(c, "Invalid search query: cannot sort by '%s';"
				" use updated_at, created_at, priority, status or ticket_type", by);
		pl->sort = names[i].sort;
	}
	if (dir && strcasecmp(dir, "asc") && strcasecmp(dir, "desc"))
		return bad_request(c, "Invalid search query: sort order '%s' is not asc"
			" or desc", dir);
	pl->desc = !dir || !strcasecmp(dir, "desc");
	return PL_OK;
}

/* The result types the query asks for: its type: or all of them. */
static enum pl_err types_of(struct ctx *c, const char *type, bool *want)
{
	for (int i = 0; i < R_TYPES; i++)
		want[i] = !type || !strcmp(type, search_type_names[i]);
	if (!type)
		return PL_OK;
	for (int i = 0; i < R_TYPES; i++)
		if (want[i])
			return PL_OK;
	c->err_title = "InvalidValue";
	return ctx_fail(c, PL_INVALID, "Invalid search query: type:%s is not"
		" searchable; use ticket, user or organization", type);
}

/* Parses and compiles query for the wanted types (want; NULL: by type:). */
static enum pl_err plan(struct ctx *c, const char *query,
	const struct search_params *p, const bool *want_in, struct plan *pl)
{
	enum pl_err e;
	if ((e = search_query_parse(c, query, &pl->q)) || (e = sort_of(c, &pl->q, p, pl)))
		return e;
	if (!pl->q.n && !pl->q.type && !want_in)
		return bad_request(c, "Invalid search query: %s", "the query is empty");
	bool want[R_TYPES];
	if (want_in)
		memcpy(want, want_in, sizeof(want));
	else if ((e = types_of(c, pl->q.type, want)))
		return e;
	enum ticket_restriction access = TR_NONE;
	if (want[R_TICKET] && (e = ticket_access_load(c, &access)))
		return e;
	pl->nparts = 0;
	for (int i = 0; i < R_TYPES; i++) {
		if (!want[i])
			continue;
		struct search_sql s;
		if ((e = search_sql(c, &pl->q, (enum rtype)i, access, pl->sort, &s)))
			return e;
		if (s.applies)
			pl->parts[pl->nparts++] = s;
	}
	if (!pl->nparts) {
		c->err_title = "InvalidValue";
		return ctx_fail(c, PL_INVALID, "Invalid search query: no %s has every"
			" keyword of the query", pl->q.type ? pl->q.type
			: "result type (ticket, user, organization)");
	}
	return PL_OK;
}

/* "(part UNION ALL part ...)" */
static void from_parts(const struct plan *pl, struct sqlbuf *b)
{
	sqlbuf_add(b, "(");
	for (int i = 0; i < pl->nparts; i++) {
		if (i)
			sqlbuf_add(b, " UNION ALL ");
		sqlbuf_cat(b, &pl->parts[i].select);
	}
	sqlbuf_add(b, ")");
}

/* ---- rendering ---- */

/* A result: its type and id. */
struct hit {
	int k;
	int64_t id;
};

/* Appends item (a JSON object text) with "result_type" added. */
static void put_typed(struct sbuf *b, const char *item, enum rtype k)
{
	size_t n = strlen(item);
	sbuf_add(b, item, n - 1);   /* without the closing brace */
	sbuf_printf(b, ",\"result_type\":\"%s\"}", search_type_names[k]);
}

/* Renders users or organizations of hits (type k) into text[i]. */
static enum pl_err render_people(struct ctx *c, const struct hit *hits, int n,
	enum rtype k, const char **text)
{
	json_t *ids = jown(c->a, json_array()), *list;
	for (int i = 0; i < n; i++)
		if (hits[i].k == (int)k)
			json_array_append_new(ids, json_integer(hits[i].id));
	if (!json_array_size(ids))
		return PL_OK;
	enum pl_err e = k == R_USER ? user_list_ids(c, ids, &list) : orgs_by_ids(c, ids, &list);
	if (e)
		return e;
	size_t j;
	json_t *o;
	json_array_foreach(list, j, o) {
		int64_t id = json_integer_value(json_object_get(o, "id"));
		for (int i = 0; i < n; i++)
			if (hits[i].k == (int)k && hits[i].id == id)
				text[i] = jdump(c->a, o);
	}
	return PL_OK;
}

/* The hits rendered in order as a JSON array text; *n counts the items
 * (a record deleted since the ids were read is left out). */
static enum pl_err render(struct ctx *c, const struct hit *hits, int nhits,
	const char **out, int *n)
{
	const char **text = arena_alloc(c->a, sizeof(*text) * (size_t)(nhits + 1));
	int64_t *tids = arena_alloc(c->a, sizeof(*tids) * (size_t)(nhits + 1));
	int *tpos = arena_alloc(c->a, sizeof(*tpos) * (size_t)(nhits + 1));
	int nt = 0;
	for (int i = 0; i < nhits; i++)
		if (hits[i].k == R_TICKET) {
			tpos[nt] = i;
			tids[nt++] = hits[i].id;
		}
	enum pl_err e;
	if (nt) {
		const char **items = arena_alloc(c->a, sizeof(*items) * (size_t)nt);
		if ((e = ticket_render_ids(c, tids, nt, false, items, NULL)))
			return e;
		for (int i = 0; i < nt; i++)
			text[tpos[i]] = items[i];
	}
	if ((e = render_people(c, hits, nhits, R_USER, text)) ||
	    (e = render_people(c, hits, nhits, R_ORGANIZATION, text)))
		return e;
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_add(&b, "[", 1);
	*n = 0;
	for (int i = 0; i < nhits; i++) {
		if (!text[i])
			continue;
		if ((*n)++)
			sbuf_add(&b, ",", 1);
		put_typed(&b, text[i], (enum rtype)hits[i].k);
	}
	sbuf_add(&b, "]", 1);
	*out = b.s;
	return PL_OK;
}

/* Steps st, collecting (k, id) of columns 0 and 1 into hits (room for
 * max) and, when total is set, column 2 into it. */
static enum pl_err collect(struct ctx *c, struct stmt *st, struct hit *hits, int max,
	int *n, int64_t *total)
{
	enum step rc;
	*n = 0;
	while ((rc = stmt_step(st)) == STEP_ROW && *n < max) {
		hits[*n] = (struct hit){ (int)stmt_i64(st, 0), stmt_i64(st, 1) };
		if (total)
			*total = stmt_i64(st, 2);
		(*n)++;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static enum pl_err count_plan(struct ctx *c, const struct plan *pl, int64_t *out)
{
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT count(*) FROM ");
	from_parts(pl, &b);
	struct stmt *st = sqlbuf_query(c->db, &b);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	*out = rc == STEP_ROW ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* The page: hits, total and rendering from one snapshot (run by
 * search_run in a read transaction). */
static enum pl_err run_page(struct ctx *c, const struct search_params *p,
	struct search_page *out)
{
	struct plan pl;
	enum pl_err e = plan(c, p->query, p, NULL, &pl);
	if (e)
		return e;
	int64_t offset = (int64_t)(p->page - 1) * p->per_page;
	if (offset + p->per_page > SEARCH_RESULTS_MAX) {
		c->err_title = "InvalidValue";
		return ctx_fail(c, PL_INVALID, "Search results are limited to the first"
			" 1,000; use search/export or narrow the query");
	}
	const char *dir = pl.sort == SORT_RELEVANCE ? "" : pl.desc ? " DESC" : " ASC";
	const char *id_dir = pl.sort == SORT_RELEVANCE || pl.desc ? " DESC" : " ASC";
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT k, id, count(*) OVER () FROM ");
	from_parts(&pl, &b);
	sqlbuf_add(&b, " ORDER BY key");
	sqlbuf_add(&b, dir);
	sqlbuf_add(&b, ", k, id");
	sqlbuf_add(&b, id_dir);
	sqlbuf_add(&b, " LIMIT ?i OFFSET ?i", (int64_t)p->per_page, offset);
	struct stmt *st = sqlbuf_query(c->db, &b);
	if (!st)
		return ctx_store_failed(c);
	struct hit *hits = arena_alloc(c->a, sizeof(*hits) * (size_t)p->per_page);
	int n;
	out->count = 0;
	if ((e = collect(c, st, hits, p->per_page, &n, &out->count)))
		return e;
	if (!n && offset && (e = count_plan(c, &pl, &out->count)))
		return e;
	return render(c, hits, n, &out->results, &out->n);
}

enum pl_err search_run(struct ctx *c, const struct search_params *p,
	struct search_page *out)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = run_page(c, p, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err search_count(struct ctx *c, const char *query, int64_t *out)
{
	struct plan pl;
	enum pl_err e = plan(c, query, NULL, NULL, &pl);
	return e ? e : count_plan(c, &pl, out);
}

/* ---- export ---- */

/* One page of search_export, from one snapshot. */
static enum pl_err export_page(struct ctx *c, const struct search_export_params *p,
	struct search_export_page *out)
{
	bool want[R_TYPES];
	int64_t created = p->after ? p->after_created : INT64_MIN;
	int64_t id = p->after ? p->after_id : 0;
	if (!p->type)
		return bad_request(c, "%s", "filter[type] is required: ticket, user or"
			" organization");
	for (int i = 0; i < R_TYPES; i++)
		want[i] = !strcmp(p->type, search_type_names[i]);
	if (!want[R_TICKET] && !want[R_USER] && !want[R_ORGANIZATION])
		return bad_request(c, "filter[type] '%s' is not ticket, user or"
			" organization", p->type);
	struct plan pl;
	enum pl_err e = plan(c, p->query, NULL, want, &pl);
	if (e)
		return e;
	if (pl.q.type)
		return bad_request(c, "%s", "Invalid search query: use filter[type],"
			" not type:, with search/export");
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT k, id, created FROM ");
	from_parts(&pl, &b);
	sqlbuf_add(&b, " WHERE created > ?i OR (created = ?i AND id > ?i)"
		" ORDER BY created, id LIMIT ?i", created, created, id, (int64_t)p->size + 1);
	struct stmt *st = sqlbuf_query(c->db, &b);
	if (!st)
		return ctx_store_failed(c);
	struct hit *hits = arena_alloc(c->a, sizeof(*hits) * (size_t)(p->size + 1));
	int64_t *times = arena_alloc(c->a, sizeof(*times) * (size_t)(p->size + 1));
	int n = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW && n <= p->size) {
		hits[n] = (struct hit){ (int)stmt_i64(st, 0), stmt_i64(st, 1) };
		times[n++] = stmt_i64(st, 2);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	out->has_more = n > p->size;
	if (out->has_more)
		n = p->size;
	if (n) {
		out->first_created = times[0];
		out->first_id = hits[0].id;
		out->last_created = times[n - 1];
		out->last_id = hits[n - 1].id;
	}
	return render(c, hits, n, &out->results, &out->n);
}

enum pl_err search_export(struct ctx *c, const struct search_export_params *p,
	struct search_export_page *out)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = export_page(c, p, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}
