/*
 * tickets.c: /api/v2/tickets and the ticket lists hanging off users and
 * organizations.  Bulk endpoints are in tickets_bulk.c.
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/tickets.h"
#include "http/request.h"
#include "util/jsonx.h"

/* Answers a page of the tickets f selects, with ?include side-loads. */
static enum pl_err list_of(struct req *r, const struct ticket_filter *f)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	if (!p.cursor && (e = ticket_sort_order(&r->c, req_query(r, "sort_by"),
		p.desc, &p.order)))
		return e;
	if ((e = ticket_list(&r->c, &p, f, &res)) ||
	    (e = page_reply(r, &p, "tickets", &res)))
		return e;
	return ticket_sideload(&r->c, res.items, req_query(r, "include"), r->out);
}

static enum pl_err list(struct req *r)
{
	struct ticket_filter f = { TICKETS_ALL, 0, req_query(r, "external_id") };
	return list_of(r, &f);
}

static enum pl_err recent(struct req *r)
{
	struct ticket_filter f = { TICKETS_RECENT, 0, NULL };
	return list_of(r, &f);
}

static enum pl_err requested(struct req *r)
{
	struct ticket_filter f = { TICKETS_REQUESTED, r->id[0], NULL };
	return list_of(r, &f);
}

static enum pl_err ccd(struct req *r)
{
	struct ticket_filter f = { TICKETS_CCD, r->id[0], NULL };
	return list_of(r, &f);
}

static enum pl_err assigned(struct req *r)
{
	struct ticket_filter f = { TICKETS_ASSIGNED, r->id[0], NULL };
	return list_of(r, &f);
}

static enum pl_err by_organization(struct req *r)
{
	struct ticket_filter f = { TICKETS_ORGANIZATION, r->id[0], NULL };
	return list_of(r, &f);
}

/* {"ticket": t} with ?include side-loads; t is borrowed. */
static enum pl_err reply_ticket(struct req *r, int status, json_t *t)
{
	json_t *body = json_object();
	json_object_set(body, "ticket", t);
	reply_json(r, status, body);
	json_t *one = jown(r->c.a, json_pack("[O]", t));
	return ticket_sideload(&r->c, one, req_query(r, "include"), r->out);
}

static enum pl_err show(struct req *r)
{
	json_t *t;
	enum pl_err e = ticket_get(&r->c, r->id[0], &t);
	return e ? e : reply_ticket(r, 200, t);
}

static enum pl_err show_many(struct req *r)
{
	int64_t *ids;
	int n;
	json_t *arr;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", 100, &ids, &n)) ||
	    (e = ticket_show_many(&r->c, ids, n, &arr)))
		return e;
	reply_obj(r, 200, "tickets", json_incref(arr));
	return ticket_sideload(&r->c, arr, req_query(r, "include"), r->out);
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

/* {"ticket": t, "audit": a}; a may be NULL (nothing changed). */
static enum pl_err reply_write(struct req *r, int status, json_t *t, json_t *a)
{
	json_t *body = json_pack("{s:O}", "ticket", t);
	if (a)
		json_object_set(body, "audit", a);
	return reply_json(r, status, body);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *t, *a;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket", &in)) ||
	    (e = ticket_create(&r->c, in, &t, &a)))
		return e;
	reply_header(r, "Location", ctx_url(&r->c, "tickets/%lld",
		(long long)json_integer_value(json_object_get(t, "id"))));
	return reply_write(r, 201, t, a);
}

static enum pl_err update(struct req *r)
{
	json_t *in, *t, *a;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket", &in)) ||
	    (e = ticket_update(&r->c, r->id[0], in, &t, &a)))
		return e;
	return reply_write(r, 200, t, a);
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
