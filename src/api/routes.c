/*
 * routes.c: the list of route tables the router scans, in order.
 */
#include "parley.h"
#include "api/routes.h"

const struct route *const api_route_tables[] = {
	api_tokens_routes,
	users_routes,
	job_statuses_routes,
	ticket_fields_routes,
	ticket_forms_routes,
	brands_routes,
	NULL,
};
