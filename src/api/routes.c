/*
 * routes.c: the list of route tables the router scans, in order.
 */
#include "parley.h"
#include "api/routes.h"

const struct route *const api_route_tables[] = {
	api_tokens_routes,
	users_routes,
	job_statuses_routes,
	organizations_routes,
	organization_memberships_routes,
	groups_routes,
	group_memberships_routes,
	oauth_tokens_routes,
	NULL,
};
