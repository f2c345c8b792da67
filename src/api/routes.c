/*
 * routes.c: the list of route tables the router scans, in order.
 */
#include "parley.h"
#include "api/routes.h"

const struct route *const api_route_tables[] = {
	api_tokens_routes,
	users_routes,
	job_statuses_routes,
	tickets_routes,
	tickets_bulk_routes,
	comments_routes,
	audits_routes,
	ticket_tags_routes,
	uploads_routes,
	NULL,
};
