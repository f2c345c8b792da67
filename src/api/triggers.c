/*
 * triggers.c: /api/v2/triggers and /api/v2/trigger_categories (agents
 * read, admins write).  Trigger revisions (an Enterprise feature) are not
 * kept, so triggers/{id}/revisions is not routed.
 */
#include "parley.h"
#include "api/business_rules.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/rules.h"
#include "core/trigger_categories.h"
#include "http/request.h"

static enum pl_err definitions(struct req *r)
{
	return reply_obj(r, 200, "definitions", rules_definitions(RULE_TRIGGER));
}

static enum pl_err category_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = trigger_categories_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "trigger_categories", &res);
}

static enum pl_err category_show(struct req *r)
{
	return record_by_id(r, "trigger_category", trigger_category_get);
}

static enum pl_err category_create(struct req *r)
{
	json_t *in, *t;
	enum pl_err e;
	if ((e = req_body_object(r, "trigger_category", &in)) ||
	    (e = trigger_category_create(&r->c, in, &t)))
		return e;
	return reply_obj(r, 201, "trigger_category", json_incref(t));
}

static enum pl_err category_update(struct req *r)
{
	return record_update(r, "trigger_category", trigger_category_update);
}

static enum pl_err category_destroy(struct req *r)
{
	enum pl_err e = trigger_category_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route triggers_routes[] = {
	{ V_GET, "triggers", rule_api_list, ROLE_AGENT },
	{ V_POST, "triggers", rule_api_create, ROLE_ADMIN },
	{ V_GET, "triggers/active", rule_api_active, ROLE_AGENT },
	{ V_GET, "triggers/search", rule_api_search, ROLE_AGENT },
	{ V_GET, "triggers/definitions", definitions, ROLE_AGENT },
	{ V_PUT, "triggers/update_many", rule_api_update_many, ROLE_ADMIN },
	{ V_DELETE, "triggers/destroy_many", rule_api_destroy_many, ROLE_ADMIN },
	{ V_PUT, "triggers/reorder", rule_api_reorder, ROLE_ADMIN },
	{ V_GET, "triggers/{id}", rule_api_show, ROLE_AGENT },
	{ V_PUT, "triggers/{id}", rule_api_update, ROLE_ADMIN },
	{ V_DELETE, "triggers/{id}", rule_api_destroy, ROLE_ADMIN },
	{ V_GET, "trigger_categories", category_list, ROLE_AGENT },
	{ V_POST, "trigger_categories", category_create, ROLE_ADMIN },
	{ V_GET, "trigger_categories/{id}", category_show, ROLE_AGENT },
	{ V_PUT | V_PATCH, "trigger_categories/{id}", category_update, ROLE_ADMIN },
	{ V_DELETE, "trigger_categories/{id}", category_destroy, ROLE_ADMIN },
	{ 0 },
};
