/*
 * ticket_slas.h: the SLA targets of tickets, their metric events and
 * breaches.
 *
 * Every ticket write recomputes the ticket's targets in its transaction
 * (core/ticket_rules.c calls ticket_slas_saved after the metrics): the
 * first SLA policy whose filter the ticket matches gives a target per
 * metric for the ticket's priority (tickets without a priority get none),
 * and each metric moves between active, paused and achieved:
 *   first_reply_time      from creation to the first public comment by
 *                         an agent who is not the requester
 *   next_reply_time       from a public requester comment after a reply to
 *                         the next public agent comment
 *   periodic_update_time  from a public agent comment (or creation) to the
 *                         next one
 *   pausable_update_time  the same, paused while pending or on hold
 *   requester_wait_time   time new, open or on hold; paused while pending
 *   agent_work_time       time new or open; paused while pending or on hold
 * Solving a ticket achieves every metric; reopening resumes the wait
 * metrics.  A target in business hours counts the account's default
 * schedule.  A target missed is a breach: an event recorded at its
 * breach_at, by the write or by the scheduler (ticket_slas_breaches) when
 * the time passes, and ticket_metrics.last_sla_breach_at (search and
 * rules read it there, or through ticket_slas_last_breach).
 */
#ifndef HEADER_CORE_TICKET_SLAS_H
#define HEADER_CORE_TICKET_SLAS_H

#include "core/list.h"

struct schedule;
struct ticket;
struct comment_in;

/* Recomputes t's targets after a write at c->now (old: before it, NULL on
 * create; ticket: t as the rules engine reads it; comment: the write's or
 * NULL; sched: the default schedule or NULL). */
enum pl_err ticket_slas_saved(struct ctx *c, const struct ticket *old,
	const struct ticket *t, const json_t *ticket, const struct comment_in *comment,
	const struct schedule *sched);

/* Records the breaches of the account whose time has come (active targets
 * with breach_at <= c->now); *n (may be NULL) counts them.  Own
 * transaction. */
enum pl_err ticket_slas_breaches(struct ctx *c, int *n);

/* When ticket_id last breached a target (0: never). */
enum pl_err ticket_slas_last_breach(struct ctx *c, int64_t ticket_id, int64_t *at);

/* The "slas" of each ticket among ids (JSON array): an object mapping the
 * ticket id (string) to {"policy_metrics":[{breach_at, stage, metric,
 * days, hours, minutes}]} (arena). */
enum pl_err ticket_slas_of(struct ctx *c, json_t *ids, json_t **out);

/* When the comma list include names "slas" and the principal is an agent,
 * rewrites *text, a rendered ticket or array of tickets (JSON text), with
 * each ticket's "slas" (ticket_slas_of); otherwise leaves it.  Arena. */
enum pl_err ticket_slas_include(struct ctx *c, const char *include,
	const char **text);

/* The metric events of a ticket the principal can see, oldest first. */
enum pl_err ticket_metric_events(struct ctx *c, int64_t ticket_id, json_t **out);
/* Up to max metric events of the account's live tickets from start_time
 * on, by time (Zendesk's incremental export); *out is arena-owned. */
enum pl_err ticket_metric_events_since(struct ctx *c, int64_t start_time, int max,
	json_t **out);

#endif
