/*
 * ticket_metrics.h: Zendesk's ticket metrics (/api/v2/ticket_metrics),
 * kept up to date by every ticket write rather than computed on read.
 *
 * Each ticket has one metrics row, written by the ticket's create and by
 * each update that changes something (core/ticket_rules.c calls
 * ticket_metrics_saved inside the write's transaction).  Durations are
 * counted in calendar time and in business time of the account's default
 * schedule (calendar time when it has none), as of the latest write:
 *   reply time            creation to the first public comment by an agent
 *                         who is not the requester
 *   first/full resolution creation to the first/latest solve
 *   requester wait        time spent new, open or on hold
 *   agent wait            time spent pending
 *   on hold               time spent on hold
 * reopens counts solved -> not solved, replies the public agent comments,
 * assignee/group stations the assignees/groups the ticket had.
 */
#ifndef HEADER_CORE_TICKET_METRICS_H
#define HEADER_CORE_TICKET_METRICS_H

#include "core/list.h"

struct schedule;
struct ticket;
struct comment_in;
struct rule_times;

/* Updates ticket t's row after a write by the principal at c->now: old is
 * the ticket before it (NULL on create), comment the write's (NULL: none).
 * sched counts business time (NULL: calendar). */
enum pl_err ticket_metrics_saved(struct ctx *c, const struct ticket *old,
	const struct ticket *t, const struct comment_in *comment,
	const struct schedule *sched);

/* What SLA targets start from when a policy first applies to a ticket. */
struct ticket_metric_state {
	int replies;
	int64_t requester_wait;    /* seconds: calendar, or business when */
	int64_t agent_work;        /* ... asked (new and open only) */
	int64_t last_reply_at;     /* latest public agent comment, 0: none */
};

/* The state of ticket_id's metrics, in business seconds when business. */
enum pl_err ticket_metrics_state(struct ctx *c, int64_t ticket_id, bool business,
	struct ticket_metric_state *out);

/* The times of t for rule conditions (statuses, assignment, requester and
 * assignee updates, SLA breaches), with created, updated and due from t. */
enum pl_err ticket_metrics_times(struct ctx *c, const struct ticket *t,
	struct rule_times *out);

/* Records ticket_id's SLA breach times: last (0: leave as is) and the
 * next one due (0: none).  For core/ticket_slas.c. */
enum pl_err ticket_metrics_set_sla(struct ctx *c, int64_t ticket_id,
	int64_t last_breach, int64_t next_breach);

/* A page of the account's ticket metrics (live tickets). */
enum pl_err ticket_metrics_list(struct ctx *c, const struct page *p,
	struct list_result *out);
/* One by its id; PL_NOT_FOUND when missing or its ticket is deleted. */
enum pl_err ticket_metric_get(struct ctx *c, int64_t id, json_t **out);
/* The metrics of a ticket the principal can see. */
enum pl_err ticket_metric_of_ticket(struct ctx *c, int64_t ticket_id, json_t **out);

#endif
