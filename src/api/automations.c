/*
 * automations.c: /api/v2/automations (agents read, admins write).
 * automations/definitions is Parley's own (Zendesk has it for triggers
 * only): the conditions and actions automations accept, for editors.
 */
#include "parley.h"
#include "api/business_rules.h"
#include "api/routes.h"
#include "core/rules.h"
#include "http/request.h"

static enum pl_err definitions(struct req *r)
{
	return reply_obj(r, 200, "definitions", rules_definitions(RULE_AUTOMATION));
}

const struct route automations_routes[] = {
	{ V_GET, "automations", rule_api_list, ROLE_AGENT },
	{ V_POST, "automations", rule_api_create, ROLE_ADMIN },
	{ V_GET, "automations/active", rule_api_active, ROLE_AGENT },
	{ V_GET, "automations/search", rule_api_search, ROLE_AGENT },
	{ V_GET, "automations/definitions", definitions, ROLE_AGENT },
	{ V_PUT, "automations/update_many", rule_api_update_many, ROLE_ADMIN },
	{ V_DELETE, "automations/destroy_many", rule_api_destroy_many, ROLE_ADMIN },
	{ V_PUT, "automations/reorder", rule_api_reorder, ROLE_ADMIN },
	{ V_GET, "automations/{id}", rule_api_show, ROLE_AGENT },
	{ V_PUT, "automations/{id}", rule_api_update, ROLE_ADMIN },
	{ V_DELETE, "automations/{id}", rule_api_destroy, ROLE_ADMIN },
	{ 0 },
};
