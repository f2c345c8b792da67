/*
 * views.h: views, the saved ticket lists agents work from (/api/v2/views).
 *
 * A view is a title, conditions ({"all","any"}, valid for RULE_VIEW: the
 * rules engine's conditions, view_sql.h) and an output (columns, grouping
 * and sort).  Who sees and changes a view follows macros (macros.h):
 * shared with everyone (no restriction), with groups, or personal to one
 * agent; admins change any view, agents only their personal ones.  A
 * view's tickets are the live tickets its conditions select, evaluated for
 * the principal (current_user, current_groups) at the time of the request,
 * among those the principal may see (ticket_access.h).
 */
#ifndef HEADER_CORE_VIEWS_H
#define HEADER_CORE_VIEWS_H

#include "core/list.h"

struct ticket_refs;

struct view_filter {
	int active;              /* 1, 0 or -1 for both */
	const char *access;      /* personal, shared, account or NULL */
	bool compact;            /* render without conditions and execution */
};

/* A page of the views the principal sees, in position order (offset
 * paging) or id order (cursor paging).  400 for an unknown access. */
enum pl_err views_list(struct ctx *c, const struct page *p,
	const struct view_filter *f, struct list_result *out);
/* PL_NOT_FOUND when id is not a view the principal sees.  Borrowed. */
enum pl_err view_get(struct ctx *c, int64_t id, json_t **out);
/* From {"title", "description", "active", "position", "all"/"any" (or
 * "conditions"), "output": {"columns", "group_by", "group_order",
 * "sort_by", "sort_order"}, "restriction"}.  422 with details on bad
 * input, 403 when an agent would share it.  One transaction. */
enum pl_err view_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err view_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err view_delete(struct ctx *c, int64_t id);

/* {"view_id", "url", "value", "pretty", "fresh": true, "active"}: the
 * number of tickets of view id now.  Borrowed. */
enum pl_err view_count(struct ctx *c, int64_t id, json_t **out);
/* The counts of the views of ids the principal sees (others left out). */
enum pl_err views_count_many(struct ctx *c, const int64_t *ids, int n, json_t **out);

/* A page of a view's tickets. */
struct view_page {
	const char *tickets;     /* rendered tickets, a JSON array text */
	int n;
	int64_t count;
};
/* sort_by (a column id: nice_id, created, updated, status, priority, ...)
 * and sort_order override the view's own; NULL keeps them.  400 for an
 * unknown sort.  refs (may be NULL) collects side-load ids. */
enum pl_err view_tickets(struct ctx *c, int64_t id, int page, int per_page,
	const char *sort_by, const char *sort_order, struct view_page *out,
	struct ticket_refs *refs);

/* views/{id}/execute: {"view", "rows", "columns", "groups", "users",
 * "count", ...paging left to the caller} for a page.  Borrowed. */
enum pl_err view_execute(struct ctx *c, int64_t id, int page, int per_page,
	const char *sort_by, const char *sort_order, json_t **out, int64_t *count);
/* views/preview: execute for the unsaved view of in (its "all", "any",
 * "output"); 422 on invalid conditions or output. */
enum pl_err view_preview(struct ctx *c, json_t *in, int page, int per_page,
	json_t **out, int64_t *count);

/* Zendesk's default views, inside the account's creating transaction:
 * Your unsolved tickets, Unassigned tickets, All unsolved tickets,
 * Recently updated tickets, Pending tickets, Recently solved tickets.
 * False on a store error. */
bool views_seed(struct ctx *c);

#endif
