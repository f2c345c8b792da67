/*
 * requests.c: /api/v2/requests, Zendesk's end-user view of tickets
 * (core/requests.h).
 *
 *   GET  requests[?status=a,b]          the caller's requests
 *   GET  requests/open | solved | ccd   unsolved / solved or closed / copied
 *   GET  requests/search?query=         the caller's requests with the words
 *   GET  users/{id}/requests            requested by the user
 *   GET  organizations/{id}/requests    of the organization
 *   GET  requests/{id}, requests/{id}/comments[/{id}]
 *   POST requests                       signed in, or anonymous
 *   PUT  requests/{id}                  comment, solved
 *
 * Lists page by offset (sort_by created_at|updated_at, sort_order) or by
 * cursor; comments by cursor with sort=-created_at for newest first.
 * Requests come through the API with via.channel "api".
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/requests.h"
#include "core/tickets.h"
#include "http/request.h"
#include "util/arena.h"

#include <string.h>

static enum pl_err list_of(struct req *r, struct request_filter *f)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	if (!p.cursor && (e = ticket_sort_order(&r->c, req_query(r, "sort_by"),
		p.desc, &p.order)))
		return e;
	if (!f->statuses)
		f->statuses = req_query(r, "status");
	if ((e = request_list(&r->c, &p, f, &res)))
		return e;
	return page_reply(r, &p, "requests", &res);
}

static enum pl_err list(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_MINE };
	return list_of(r, &f);
}

static enum pl_err list_open(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_MINE,
		.statuses = "new,open,pending,hold" };
	return list_of(r, &f);
}

static enum pl_err list_solved(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_MINE, .statuses = "solved,closed" };
	return list_of(r, &f);
}

static enum pl_err list_ccd(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_CCD };
	return list_of(r, &f);
}

static enum pl_err by_user(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_USER, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err by_organization(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_ORGANIZATION, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err search(struct req *r)
{
	struct request_filter f = { .scope = REQUESTS_SEARCH,
		.query = req_query(r, "query") };
	if (!f.query)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "query is required");
	return list_of(r, &f);
}

static enum pl_err show(struct req *r)
{
	json_t *q;
	enum pl_err e = request_get(&r->c, r->id[0], &q);
	return e ? e : reply_obj(r, 200, "request", json_incref(q));
}

static enum pl_err create(struct req *r)
{
	json_t *in, *q;
	int retry = 0;
	struct request_origin o = { "api", req_client_addr(r) };
	enum pl_err e;
	if ((e = req_body_object(r, "request", &in)))
		return e;
	e = request_create(&r->c, in, &o, &q, &retry);
	if (e == PL_RATE_LIMITED)
		reply_header(r, "Retry-After", arena_printf(r->c.a, "%d", retry));
	if (e)
		return e;
	return reply_created(r, "request", json_incref(q));
}

static enum pl_err update(struct req *r)
{
	json_t *in, *q;
	struct request_origin o = { "api", req_client_addr(r) };
	enum pl_err e;
	if ((e = req_body_object(r, "request", &in)) ||
	    (e = request_update(&r->c, r->id[0], in, &o, &q)))
		return e;
	return reply_obj(r, 200, "request", json_incref(q));
}

static enum pl_err comments(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	const char *sort = req_query(r, "sort");
	if (sort && !strcmp(sort, "-created_at"))
		p.desc = true; /* comment ids grow with their creation time */
	if ((e = request_comments(&r->c, r->id[0], &p, &res)))
		return e;
	return page_reply(r, &p, "comments", &res);
}

static enum pl_err comment(struct req *r)
{
	json_t *cm;
	enum pl_err e = request_comment_get(&r->c, r->id[0], r->id[1], &cm);
	return e ? e : reply_obj(r, 200, "comment", json_incref(cm));
}

const struct route requests_routes[] = {
	{ V_GET, "requests", list, ROLE_END_USER },
	{ V_POST, "requests", create, ROLE_ANON },
	{ V_GET, "requests/open", list_open, ROLE_END_USER },
	{ V_GET, "requests/solved", list_solved, ROLE_END_USER },
	{ V_GET, "requests/ccd", list_ccd, ROLE_END_USER },
	{ V_GET, "requests/search", search, ROLE_END_USER },
	{ V_GET, "requests/{id}", show, ROLE_END_USER },
	{ V_PUT, "requests/{id}", update, ROLE_END_USER },
	{ V_GET, "requests/{id}/comments", comments, ROLE_END_USER },
	{ V_GET, "requests/{id}/comments/{id}", comment, ROLE_END_USER },
	{ V_GET, "users/{id}/requests", by_user, ROLE_END_USER },
	{ V_GET, "organizations/{id}/requests", by_organization, ROLE_END_USER },
	{ 0 },
};
