/*
 * views.c: /api/v2/views (core/views.h).
 *
 * Agents read views and run them; who may change which view is core's
 * (macros' rules).  views/{id}/tickets and execute page by offset (page,
 * per_page); the view list pages both ways.  NZ's views/shared,
 * execution_status, recent_ticket_ids and reorder are not Zendesk
 * endpoints and answer 404.
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/tickets.h"
#include "core/views.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

static enum pl_err list_by(struct req *r, int active, bool compact)
{
	struct view_filter f = { .active = active, .access = req_query(r, "access"),
		.compact = compact };
	const char *a = req_query(r, "active");
	if (a && strcmp(a, "true") && strcmp(a, "false"))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter active must be true or false");
	if (a && active < 0)
		f.active = !strcmp(a, "true");
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = views_list(&r->c, &p, &f, &res)))
		return e;
	return page_reply(r, &p, "views", &res);
}

static enum pl_err list(struct req *r) { return list_by(r, -1, false); }
static enum pl_err active(struct req *r) { return list_by(r, 1, false); }
static enum pl_err compact(struct req *r) { return list_by(r, 1, true); }

static enum pl_err show(struct req *r)
{
	json_t *v;
	enum pl_err e = view_get(&r->c, r->id[0], &v);
	return e ? e : reply_obj(r, 200, "view", json_incref(v));
}

static enum pl_err create(struct req *r)
{
	json_t *in, *v;
	enum pl_err e;
	if ((e = req_body_object(r, "view", &in)) || (e = view_create(&r->c, in, &v)))
		return e;
	return reply_created(r, "view", json_incref(v));
}

static enum pl_err update(struct req *r)
{
	json_t *in, *v;
	enum pl_err e;
	if ((e = req_body_object(r, "view", &in)) ||
	    (e = view_update(&r->c, r->id[0], in, &v)))
		return e;
	return reply_obj(r, 200, "view", json_incref(v));
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = view_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err count(struct req *r)
{
	json_t *v;
	enum pl_err e = view_count(&r->c, r->id[0], &v);
	return e ? e : reply_obj(r, 200, "view_count", json_incref(v));
}

static enum pl_err count_many(struct req *r)
{
	int64_t *ids;
	int n;
	json_t *out;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", 100, &ids, &n)) ||
	    (e = views_count_many(&r->c, ids, n, &out)))
		return e;
	return reply_obj(r, 200, "view_counts", json_incref(out));
}

/* Offset paging of a view's tickets: page and per_page only. */
static enum pl_err paging(struct req *r, struct page *p)
{
	enum pl_err e = page_parse(r, p, 100);
	if (!e && p->cursor)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "views page with page and per_page");
	return e;
}

/* The offset paging members of a list of n rows out of count. */
static struct list_result offset_result(const struct page *p, int64_t count)
{
	return (struct list_result){ .count = count,
		.has_more = (int64_t)p->number * p->size < count, .has_prev = p->number > 1 };
}

static enum pl_err tickets(struct req *r)
{
	struct page p;
	struct view_page vp;
	struct ticket_refs refs;
	json_t *extra;
	bool side = req_query(r, "include") != NULL;
	enum pl_err e;
	if ((e = paging(r, &p)) ||
	    (e = view_tickets(&r->c, r->id[0], p.number, p.size, req_query(r, "sort_by"),
		req_query(r, "sort_order"), &vp, side ? &refs : NULL)) ||
	    (e = ticket_sideload(&r->c, &refs, side ? req_query(r, "include") : NULL,
		&extra)))
		return e;
	struct list_result res = offset_result(&p, vp.count);
	res.text = vp.tickets;
	res.n = vp.n;
	return page_reply_text(r, &p, "tickets", &res, extra);
}

/* {"rows", ...body, "next_page", "previous_page", "count"}. */
static enum pl_err reply_rows(struct req *r, const struct page *p, json_t *body,
	int64_t count)
{
	struct list_result res = offset_result(p, count);
	res.text = jdump(r->c.a, json_object_get(body, "rows"));
	json_object_del(body, "rows");
	json_object_del(body, "count");
	return page_reply_text(r, p, "rows", &res, body);
}

static enum pl_err execute(struct req *r)
{
	struct page p;
	json_t *body;
	int64_t n;
	enum pl_err e;
	if ((e = paging(r, &p)) ||
	    (e = view_execute(&r->c, r->id[0], p.number, p.size, req_query(r, "sort_by"),
		req_query(r, "sort_order"), &body, &n)))
		return e;
	return reply_rows(r, &p, body, n);
}

static enum pl_err preview(struct req *r)
{
	struct page p;
	json_t *in, *body;
	int64_t n;
	enum pl_err e;
	if ((e = paging(r, &p)) || (e = req_body_object(r, "view", &in)) ||
	    (e = view_preview(&r->c, in, p.number, p.size, &body, &n)))
		return e;
	return reply_rows(r, &p, body, n);
}

const struct route views_routes[] = {
	{ V_GET, "views", list, ROLE_AGENT },
	{ V_POST, "views", create, ROLE_AGENT },
	{ V_GET, "views/active", active, ROLE_AGENT },
	{ V_GET, "views/compact", compact, ROLE_AGENT },
	{ V_GET, "views/count_many", count_many, ROLE_AGENT },
	{ V_POST, "views/preview", preview, ROLE_AGENT },
	{ V_GET, "views/{id}", show, ROLE_AGENT },
	{ V_PUT, "views/{id}", update, ROLE_AGENT },
	{ V_DELETE, "views/{id}", destroy, ROLE_AGENT },
	{ V_GET, "views/{id}/count", count, ROLE_AGENT },
	{ V_GET, "views/{id}/tickets", tickets, ROLE_AGENT },
	{ V_GET, "views/{id}/execute", execute, ROLE_AGENT },
	{ 0 },
};
