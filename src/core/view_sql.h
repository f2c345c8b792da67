/*
 * view_sql.h: deciding which tickets a view's conditions select, over
 * many tickets at once.
 *
 * The rules engine (rules.h, rules_match) is the one definition of what a
 * condition means.  Listing or counting a view over a million tickets
 * cannot render each one for it, so view_sql_where translates the common
 * conditions to SQL over tickets t.  A translation is either exact (the
 * SQL keeps exactly the tickets rules_match keeps) or a prefilter (it
 * keeps a superset); a condition it cannot translate (custom fields,
 * business hours, assigned/requester/agent update times, SLA times)
 * contributes nothing.  Whenever the result is not exact, view_check runs
 * rules_match itself over the rows the SQL kept.  tests/unit/test_view_sql.c
 * checks that both agree on a set of tickets for every translated field
 * and operator.
 *
 * The times rules_match reads (struct rule_times) come from the ticket
 * and its history: a status time is its latest Create or Change event to
 * that status, assigned_at the latest event setting an assignee,
 * requester_updated_at and assignee_updated_at the latest audit by the
 * requester or the current assignee.  SLA times are not recorded yet (0).
 */
#ifndef HEADER_CORE_VIEW_SQL_H
#define HEADER_CORE_VIEW_SQL_H

#include "core/rules.h"
#include "core/sqlbuf.h"

/* Appends " AND (...)" for conditions ({"all","any"}, already valid for
 * RULE_VIEW) over tickets t of the account, evaluated for env (current
 * user and groups, now).  *exact tells whether the SQL alone decides; when
 * false, the rows it keeps must also pass view_check. */
void view_sql_where(struct ctx *c, const json_t *conditions,
	const struct rule_env *env, struct sqlbuf *b, bool *exact);

/* rules_match over tickets ids[0..n) of the account: keep[i] tells whether
 * ids[i] satisfies conditions (a missing ticket does not).  env gives the
 * current user, groups, now and schedule; the ticket's times and
 * requester locale are read here.  A few queries for the whole batch. */
enum pl_err view_check(struct ctx *c, const json_t *conditions,
	const struct rule_env *env, const int64_t *ids, int n, bool *keep);

#endif
