/*
 * routes.c: the lists of route tables the router scans, in order: the REST
 * API under /api/v2, and the web pages and assets.
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
	ticket_fields_routes,
	ticket_forms_routes,
	brands_routes,
	help_center_routes,
	help_center_translations_routes,
	help_center_social_routes,
	triggers_routes,
	automations_routes,
	macros_routes,
	schedules_routes,
	sessions_routes,
	tickets_routes,
	tickets_bulk_routes,
	comments_routes,
	audits_routes,
	ticket_tags_routes,
	uploads_routes,
	requests_routes,
	help_center_contact_routes,
	account_settings_routes,
	recipient_addresses_routes,
	email_channel_routes,
	sla_policies_routes,
	ticket_metrics_routes,
	search_routes,
	views_routes,
	incremental_routes,
	NULL,
};

const struct route *const web_route_tables[] = {
	hc_routes,
	hc_account_routes,
	hc_contact_routes,
	hc_request_routes,
	live_routes,
	agent_routes,
	NULL,
};
