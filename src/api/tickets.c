/*
 * tickets.c: /api/v2/tickets and the ticket lists hanging off users and
 * organizations.  Bulk endpoints are in tickets_bulk.c.
 *
 * Tickets come from core rendered as JSON text; replies place that text
 * next to their other members (paging, side-loads, the audit).
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/ticket_slas.h"
#include "core/tickets.h"
#include "http/request.h"
#include "util/jsonx.h"

/* refs when the request asks for side-loads, else NULL (none collected). */
static struct ticket_refs *refs_for(struct req *r, struct ticket_refs *refs)
{
	return req_query(r, "include") ? refs : NULL;
}

/* Answers a page of the tickets f selects, with ?include side-loads. */
static enum pl_err list_of(struct req *r, const struct ticket_filter *f)
{
	struct page p;
	struct list_result res;
	struct ticket_refs refs;
	json_t *extra;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	if (!p.cursor && (e = ticket_sort_order(&r->c, req_query(r, "sort_by"),
		p.desc, &p.order)))
		return e;
	if ((e = ticket_list(&r->c, &p, f, &res, refs_for(r, &refs))) ||
	    (e = ticket_slas_include(&r->c, req_query(r, "include"), &res.text)) ||
	    (e = ticket_sideload(&r->c, &refs, req_query(r, "include"), &extra)))
		return e;
	return page_reply_text(r, &p, "tickets", &res, extra);
}

static enum pl_err list(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_ALL,
		.external_id = req_query(r, "external_id") };
	return list_of(r, &f);
}

static enum pl_err recent(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_RECENT };
	return list_of(r, &f);
}

static enum pl_err requested(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_REQUESTED, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err ccd(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_CCD, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err assigned(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_ASSIGNED, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err by_organization(struct req *r)
{
	struct ticket_filter f = { .scope = TICKETS_ORGANIZATION, .id = r->id[0] };
	return list_of(r, &f);
}

static enum pl_err show(struct req *r)
{
	const char *t;
	struct ticket_refs refs;
	json_t *extra;
	enum pl_err e;
	if ((e = ticket_get(&r->c, r->id[0], &t, refs_for(r, &refs))) ||
	    (e = ticket_slas_include(&r->c, req_query(r, "include"), &t)) ||
	    (e = ticket_sideload(&r->c, &refs, req_query(r, "include"), &extra)))
		return e;
	return reply_text_obj(r, 200, "ticket", t, extra);
}

static enum pl_err show_many(struct req *r)
{
	int64_t *ids;
	int n;
	const char *tickets;
	struct ticket_refs refs;
	json_t *extra;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", 100, &ids, &n)) ||
	    (e = ticket_show_many(&r->c, ids, n, &tickets, refs_for(r, &refs))) ||
	    (e = ticket_slas_include(&r->c, req_query(r, "include"), &tickets)) ||
	    (e = ticket_sideload(&r->c, &refs, req_query(r, "include"), &extra)))
		return e;
	return reply_text_obj(r, 200, "tickets", tickets, extra);
}

static enum pl_err count(struct req *r)
{
	int64_t n;
	enum pl_err e = ticket_count(&r->c, &n);
	if (e)
		return e;
	return reply_obj(r, 200, "count", json_pack("{s:I,s:o}", "value", (json_int_t)n,
		"refreshed_at", jtime(r->c.now)));
}

static enum pl_err collaborators(struct req *r)
{
	json_t *users;
	enum pl_err e = ticket_collaborators(&r->c, r->id[0], &users);
	return e ? e : reply_obj(r, 200, "users", json_incref(users));
}

/* {"ticket": ..., "audit": ...}; no audit when nothing changed. */
static enum pl_err reply_written(struct req *r, int status,
	const struct ticket_written *w)
{
	json_t *extra = NULL;
	if (w->audit)
		extra = jown(r->c.a, json_pack("{s:O}", "audit", w->audit));
	return reply_text_obj(r, status, "ticket", w->ticket, extra);
}

static enum pl_err create(struct req *r)
{
	json_t *in;
	struct ticket_written w;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket", &in)) ||
	    (e = ticket_create(&r->c, in, &w)))
		return e;
	reply_header(r, "Location", ctx_url(&r->c, "tickets/%lld", (long long)w.id));
	return reply_written(r, 201, &w);
}

static enum pl_err update(struct req *r)
{
	json_t *in;
	struct ticket_written w;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket", &in)) ||
	    (e = ticket_update(&r->c, r->id[0], in, &w)))
		return e;
	return reply_written(r, 200, &w);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = ticket_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route tickets_routes[] = {
	{ V_GET, "tickets", list, ROLE_END_USER },
	{ V_POST, "tickets", create, ROLE_END_USER },
	{ V_GET, "tickets/show_many", show_many, ROLE_END_USER },
	{ V_GET, "tickets/recent", recent, ROLE_AGENT },
	{ V_GET, "tickets/count", count, ROLE_AGENT },
	{ V_GET, "tickets/{id}", show, ROLE_END_USER },
	{ V_PUT, "tickets/{id}", update, ROLE_END_USER },
	{ V_DELETE, "tickets/{id}", destroy, ROLE_AGENT },
	{ V_GET, "tickets/{id}/collaborators", collaborators, ROLE_AGENT },
	{ V_GET, "users/{id}/tickets/requested", requested, ROLE_AGENT },
	{ V_GET, "users/{id}/tickets/ccd", ccd, ROLE_AGENT },
	{ V_GET, "users/{id}/tickets/assigned", assigned, ROLE_AGENT },
	{ V_GET, "organizations/{id}/tickets", by_organization, ROLE_AGENT },
	{ 0 },
};
