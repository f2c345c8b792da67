/*
 * sla_policies.h: SLA policies (/api/v2/slas/policies), stored per
 * account.
 *
 * A policy is {title, description, position, filter, policy_metrics}:
 * filter is a condition set as views have ({"all":[...],"any":[...]},
 * checked by core/rules.c for RULE_VIEW), and policy_metrics lists
 * [{priority, metric, target (minutes), business_hours}] with metric one
 * of SLA_METRICS.  A ticket gets the first policy, in position order,
 * whose filter it matches (core/ticket_slas.c).  Admins write; agents
 * read.
 */
#ifndef HEADER_CORE_SLA_POLICIES_H
#define HEADER_CORE_SLA_POLICIES_H

#include "core/ctx.h"

/* The metrics an SLA policy can target, NULL-ended. */
extern const char *const sla_metrics[];

/* Every policy of the account in position order (borrowed array). */
enum pl_err sla_policies_list(struct ctx *c, json_t **out);
enum pl_err sla_policy_get(struct ctx *c, int64_t id, json_t **out);
/* From {"title", "description"?, "position"?, "filter", "policy_metrics"};
 * PL_INVALID naming the field otherwise.  A new policy goes last unless
 * it names a position. */
enum pl_err sla_policy_create(struct ctx *c, json_t *in, json_t **out);
/* Changes the attributes given (PUT replaces each one given whole). */
enum pl_err sla_policy_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err sla_policy_delete(struct ctx *c, int64_t id);
/* Puts the policies of ids (JSON array) first in that order, the others
 * after them; PL_INVALID for an id not of the account. */
enum pl_err sla_policies_reorder(struct ctx *c, json_t *ids);
/* {"definitions":{"all":[...],"any":[...]}}: the filter conditions a
 * policy may use.  New reference. */
json_t *sla_policies_definitions(void);

#endif
