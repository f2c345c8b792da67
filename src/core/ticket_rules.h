/*
 * ticket_rules.h: business rules running on tickets: triggers on every
 * ticket write, automations over the open tickets, notifications, and the
 * placeholder context of a ticket.
 *
 * Every ticket create and every update that changes something calls
 * ticket_rules_saved inside its transaction (tickets.c).  It runs the
 * account's active triggers, then keeps the ticket's metrics
 * (ticket_metrics.h) and SLA targets (ticket_slas.h), then delivers the
 * notifications the triggers asked for.  Rule-made changes go through the
 * same checks as an API update; a trigger whose changes fail them changes
 * nothing (its notifications still go out).
 */
#ifndef HEADER_CORE_TICKET_RULES_H
#define HEADER_CORE_TICKET_RULES_H

#include "core/ctx.h"

struct audit;
struct ticket;
struct comment_in;

/* The ticket write's hook.  old is the ticket before the write (NULL on
 * create), t after it, already stored; comment is the write's comment
 * (NULL: none).  Triggers' changes are applied to t, logged in au with
 * the trigger's via, and stored. */
enum pl_err ticket_rules_saved(struct ctx *c, struct audit *au,
	const struct ticket *old, struct ticket *t, const struct comment_in *comment);

/* The placeholder context of ticket id (core/placeholders.h) for a reader
 * who is an agent (every comment) or not (public comments only).  *out is
 * arena-owned.  PL_NOT_FOUND when the principal cannot see the ticket. */
enum pl_err ticket_rules_context(struct ctx *c, int64_t id, bool agent,
	json_t **out);

/* Runs the account's active automations over its tickets that are not
 * closed, as the system (c->me.id -1): each fires at most once per ticket
 * until its conditions stop holding.  Each ticket's changes are one
 * transaction, with an audit whose via names the automation.  *fired
 * (may be NULL) counts the firings. */
enum pl_err ticket_rules_automations(struct ctx *c, int *fired);

#endif
