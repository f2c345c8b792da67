/*
 * rules.h: Zendesk business-rule conditions and actions over ticket JSON.
 *
 * One condition evaluator serves triggers, automations, views and SLA
 * filters; one action engine serves triggers, automations and macros.
 * Everything here is a pure function of its arguments: the ticket as
 * Zendesk renders it (id, subject, status, priority, type, requester_id,
 * assignee_id, group_id, organization_id, brand_id, ticket_form_id, tags,
 * custom_fields [{id,value}], via {channel}, ...), optionally the ticket
 * before the update, and a struct rule_env describing the update.  Nothing
 * reads the store; checks that need it (does group 12 exist?) go through
 * the caller's struct rule_refs.
 *
 * Conditions: {"all": [C...], "any": [C...]}, C = {field, operator, value}.
 * All of `all` must hold and, when `any` is not empty, one of `any`.
 * docs/rules.md lists the fields and operators, and the via ids.
 *
 * Actions: [{field, value}...], applied in order.  Notifications and
 * comments are not sent here: they come back as "effects" for the caller.
 */
#ifndef HEADER_CORE_RULES_H
#define HEADER_CORE_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

struct schedule;

/* Where a rule is used; it decides which fields and operators are valid. */
enum rule_kind {
	RULE_TRIGGER,
	RULE_AUTOMATION,
	RULE_MACRO,
	RULE_VIEW,          /* views and SLA policy filters */
};

enum rule_update {
	RULE_UPDATE_NONE,   /* no update: automations, views, SLA filters */
	RULE_UPDATE_CREATE,
	RULE_UPDATE_CHANGE,
};

/* When things last happened to the ticket, for time conditions; Unix
 * seconds, 0 when it never happened.  The status times are the latest
 * change to that status. */
struct rule_times {
	int64_t created_at, updated_at;
	int64_t open_at, pending_at, hold_at, solved_at, closed_at;
	int64_t assigned_at, requester_updated_at, assignee_updated_at;
	int64_t due_at;
	int64_t last_sla_breach_at, next_sla_breach_at;
};

/* The update (or hourly run) the rules are evaluated for. */
struct rule_env {
	enum rule_update update;
	bool comment;                 /* the update adds a comment */
	bool comment_public;
	const char *comment_text;
	int64_t current_user_id;      /* who makes the update; 0: the system */
	enum pl_role current_role;
	const int64_t *current_groups;   /* groups of the current user */
	int ncurrent_groups;
	const char *requester_locale;    /* "en-US" */
	int64_t now;
	struct rule_times times;
	const struct schedule *schedule; /* business hours; NULL: none */
};

/* Things a rule may name that only the store knows about. */
enum rule_ref { REF_GROUP, REF_USER, REF_ORGANIZATION, REF_BRAND, REF_FORM, REF_FIELD };

struct rule_refs {
	/* Whether the account has a kind with this id. */
	bool (*exists)(void *arg, enum rule_ref kind, int64_t id);
	void *arg;
};

/* Validates conditions ({"all":[...],"any":[...]}, both optional arrays)
 * for kind.  Fails with PL_INVALID, details under "conditions", naming the
 * bad field, operator or value.  refs may be NULL (ids are then only
 * checked for form). */
enum pl_err rules_check_conditions(struct ctx *c, const json_t *conditions,
	enum rule_kind kind, const struct rule_refs *refs);

/* Validates actions ([{field, value}...]) for kind; details under
 * "actions".  Templates (notification subjects and bodies, comments) must
 * name only known placeholders. */
enum pl_err rules_check_actions(struct ctx *c, const json_t *actions,
	enum rule_kind kind, const struct rule_refs *refs);

/* Zendesk's rule for automations, on already valid conditions and actions:
 * at least one time condition, and one condition the actions make false or
 * an "hours since ... is N" condition (so the automation cannot fire again
 * on the same ticket).  PL_INVALID, details under "conditions", otherwise. */
enum pl_err rules_check_automation(struct ctx *c, const json_t *conditions,
	const json_t *actions);

/* Whether ticket satisfies conditions.  previous is the ticket before the
 * update (NULL: none; on RULE_UPDATE_CREATE every set field then counts as
 * changed).  Unknown fields and operators never match. */
bool rules_match(const json_t *conditions, const json_t *ticket,
	const json_t *previous, const struct rule_env *env);

/* Applies actions to a copy of ticket and returns it (new reference).
 * *effects (new reference) lists what the caller must carry out, in order:
 *   {"type":"comment","body","html_body","public"}          (macros)
 *   {"type":"notification_user","recipient","user_id","subject","body"}
 *     recipient is the action's ("requester_id", "assignee_id",
 *     "current_user", "requester_and_ccs", "all_agents" or "user");
 *     user_id is resolved on the updated ticket (null for all_agents)
 *   {"type":"notification_group","group_id","subject","body"}
 *   {"type":"notification_webhook","webhook_id","body"}
 * Subjects and bodies are the raw templates; the caller renders them with
 * placeholders_render.  Notifications to nobody (no assignee) are dropped. */
json_t *rules_apply(const json_t *actions, const json_t *ticket,
	const struct rule_env *env, json_t **effects);

/* The conditions and actions valid for kind, as Zendesk's
 * triggers/definitions: {"conditions_all","conditions_any","actions"}.
 * New reference. */
json_t *rules_definitions(enum rule_kind kind);

/* Zendesk's numeric via id of a ticket via channel ("web" 0, "email" 4,
 * "api" 5...), or -1 when the channel is unknown. */
int rules_via_id(const char *channel);

#endif
