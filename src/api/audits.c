/*
 * audits.c: /api/v2/tickets/{id}/audits and /api/v2/ticket_audits.
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/ticket_audit.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = audit_list(&r->c, r->id[0], &p, &res)))
		return e;
	return page_reply(r, &p, "audits", &res);
}

static enum pl_err list_account(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = audit_list_all(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "audits", &res);
}

static enum pl_err show(struct req *r)
{
	json_t *a;
	enum pl_err e = audit_get(&r->c, r->id[0], r->id[1], &a);
	return e ? e : reply_obj(r, 200, "audit", json_incref(a));
}

static enum pl_err count(struct req *r)
{
	int64_t n;
	return record_count_of(r, audit_count(&r->c, r->id[0], &n), &n);
}

static enum pl_err make_private(struct req *r)
{
	enum pl_err e = audit_make_private(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_json(r, 200, NULL);
}

const struct route audits_routes[] = {
	{ V_GET, "ticket_audits", list_account, ROLE_ADMIN },
	{ V_GET, "tickets/{id}/audits", list, ROLE_AGENT },
	{ V_GET, "tickets/{id}/audits/count", count, ROLE_AGENT },
	{ V_GET, "tickets/{id}/audits/{id}", show, ROLE_AGENT },
	{ V_PUT, "tickets/{id}/audits/{id}/make_private", make_private, ROLE_AGENT },
	{ 0 },
};
