/*
 * macros.c: /api/v2/macros.  Every agent may read the macros they see and
 * write their personal ones; admins write all (core/macros.h).
 */
#include "parley.h"
#include "api/business_rules.h"
#include "api/routes.h"
#include "core/macros.h"
#include "core/rules.h"
#include "http/request.h"

static enum pl_err categories(struct req *r)
{
	json_t *cats;
	enum pl_err e = macro_categories(&r->c, &cats);
	return e ? e : reply_obj(r, 200, "categories", json_incref(cats));
}

static enum pl_err apply(struct req *r)
{
	json_t *out;
	enum pl_err e = macro_apply(&r->c, r->id[0], &out);
	return e ? e : reply_json(r, 200, json_incref(out));
}

static enum pl_err apply_ticket(struct req *r)
{
	json_t *out;
	enum pl_err e = macro_apply_ticket(&r->c, r->id[1], r->id[0], &out);
	return e ? e : reply_json(r, 200, json_incref(out));
}

static enum pl_err definitions(struct req *r)
{
	return reply_obj(r, 200, "definitions", rules_definitions(RULE_MACRO));
}

static enum pl_err actions(struct req *r)
{
	json_t *defs = rules_definitions(RULE_MACRO);
	json_t *acts = json_incref(json_object_get(defs, "actions"));
	json_decref(defs);
	return reply_obj(r, 200, "actions", acts);
}

const struct route macros_routes[] = {
	{ V_GET, "macros", rule_api_list, ROLE_AGENT },
	{ V_POST, "macros", rule_api_create, ROLE_AGENT },
	{ V_GET, "macros/active", rule_api_active, ROLE_AGENT },
	{ V_GET, "macros/search", rule_api_search, ROLE_AGENT },
	{ V_GET, "macros/categories", categories, ROLE_AGENT },
	{ V_GET, "macros/definitions", definitions, ROLE_AGENT },
	{ V_GET, "macros/actions", actions, ROLE_AGENT },
	{ V_PUT, "macros/update_many", rule_api_update_many, ROLE_AGENT },
	{ V_DELETE, "macros/destroy_many", rule_api_destroy_many, ROLE_AGENT },
	{ V_GET, "macros/{id}", rule_api_show, ROLE_AGENT },
	{ V_PUT, "macros/{id}", rule_api_update, ROLE_AGENT },
	{ V_DELETE, "macros/{id}", rule_api_destroy, ROLE_AGENT },
	{ V_GET, "macros/{id}/apply", apply, ROLE_AGENT },
	{ V_GET, "tickets/{id}/macros/{id}/apply", apply_ticket, ROLE_AGENT },
	{ V_POST, "tickets/{id}/macros/{id}/apply", apply_ticket, ROLE_AGENT },
	{ 0 },
};
