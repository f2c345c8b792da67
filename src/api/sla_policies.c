/*
 * sla_policies.c: /api/v2/slas/policies (agents read, admins write).
 * Lists are not paged: Zendesk returns every policy at once, in position
 * order.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/sla_policies.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	json_t *all;
	enum pl_err e = sla_policies_list(&r->c, &all);
	if (e)
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:n,s:n,s:I}", "sla_policies", all,
		"next_page", "previous_page", "count", (json_int_t)json_array_size(all)));
}

static enum pl_err show(struct req *r)
{
	json_t *p;
	enum pl_err e = sla_policy_get(&r->c, r->id[0], &p);
	return e ? e : reply_obj(r, 200, "sla_policy", json_incref(p));
}

static enum pl_err create(struct req *r)
{
	json_t *in, *p;
	enum pl_err e;
	if ((e = req_body_object(r, "sla_policy", &in)) ||
	    (e = sla_policy_create(&r->c, in, &p)))
		return e;
	return reply_created(r, "sla_policy", json_incref(p));
}

static enum pl_err update(struct req *r)
{
	json_t *in, *p;
	enum pl_err e;
	if ((e = req_body_object(r, "sla_policy", &in)) ||
	    (e = sla_policy_update(&r->c, r->id[0], in, &p)))
		return e;
	return reply_obj(r, 200, "sla_policy", json_incref(p));
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = sla_policy_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err reorder(struct req *r)
{
	json_t *ids, *all;
	enum pl_err e;
	if ((e = req_body_array(r, "sla_policy_ids", 1000, &ids)) ||
	    (e = sla_policies_reorder(&r->c, ids)) ||
	    (e = sla_policies_list(&r->c, &all)))
		return e;
	return reply_obj(r, 200, "sla_policies", json_incref(all));
}

static enum pl_err definitions(struct req *r)
{
	return reply_json(r, 200, sla_policies_definitions());
}

const struct route sla_policies_routes[] = {
	{ V_GET, "slas/policies", list, ROLE_AGENT },
	{ V_POST, "slas/policies", create, ROLE_ADMIN },
	{ V_GET, "slas/policies/definitions", definitions, ROLE_AGENT },
	{ V_PUT, "slas/policies/reorder", reorder, ROLE_ADMIN },
	{ V_GET, "slas/policies/{id}", show, ROLE_AGENT },
	{ V_PUT, "slas/policies/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "slas/policies/{id}", destroy, ROLE_ADMIN },
	{ 0 },
};
