/*
 * routes.h: every api/ module's route table, listed in api/routes.c.
 */
#ifndef HEADER_API_ROUTES_H
#define HEADER_API_ROUTES_H

#include "http/router.h"

extern const struct route api_tokens_routes[];
extern const struct route users_routes[];
extern const struct route job_statuses_routes[];
extern const struct route ticket_fields_routes[];
extern const struct route ticket_forms_routes[];
extern const struct route brands_routes[];
extern const struct route organizations_routes[];
extern const struct route organization_memberships_routes[];
extern const struct route groups_routes[];
extern const struct route group_memberships_routes[];
extern const struct route oauth_tokens_routes[];
extern const struct route help_center_routes[];
extern const struct route help_center_translations_routes[];
extern const struct route help_center_social_routes[];
extern const struct route hc_routes[];
extern const struct route hc_account_routes[];
extern const struct route hc_contact_routes[];
extern const struct route hc_request_routes[];
extern const struct route triggers_routes[];
extern const struct route automations_routes[];
extern const struct route macros_routes[];
extern const struct route schedules_routes[];
extern const struct route sessions_routes[];
extern const struct route agent_routes[];
extern const struct route live_routes[];
extern const struct route tickets_routes[];
extern const struct route tickets_bulk_routes[];
extern const struct route comments_routes[];
extern const struct route audits_routes[];
extern const struct route ticket_tags_routes[];
extern const struct route uploads_routes[];
extern const struct route requests_routes[];
extern const struct route help_center_contact_routes[];
extern const struct route account_settings_routes[];
extern const struct route recipient_addresses_routes[];
extern const struct route email_channel_routes[];
extern const struct route sla_policies_routes[];
extern const struct route ticket_metrics_routes[];
extern const struct route search_routes[];
extern const struct route views_routes[];
extern const struct route incremental_routes[];

#endif
