/*
 * search.h: GET search, search/count and search/export: tickets, users
 * and organizations found by a query in Zendesk's search language
 * (search_query.h; docs/search.md lists the keywords).
 *
 * Results are what the principal may see (ticket_access.h), read in the
 * request's own snapshot of the store: the full-text indexes change in
 * the transaction of every write (0080), so a result is never stale.
 * Offset paging stops at 1,000 results, as Zendesk's does; the count is
 * always the full number of matches.
 */
#ifndef HEADER_CORE_SEARCH_H
#define HEADER_CORE_SEARCH_H

#include "core/ctx.h"

#define SEARCH_RESULTS_MAX 1000

struct search_params {
	const char *query;
	const char *sort_by;     /* updated_at, created_at, priority, status,
	                          * ticket_type; NULL: relevance (order_by: in
	                          * the query wins) */
	const char *sort_order;  /* asc or desc (default); sort: in the query wins */
	int page;                /* 1-based */
	int per_page;            /* 1..100 */
};

struct search_page {
	const char *results;     /* JSON array text, each item with result_type */
	int n;
	int64_t count;           /* every match */
};

/* A page of results.  PL_BAD_REQUEST (400) on a malformed query or sort,
 * PL_INVALID (422) on a value a keyword does not take, on keywords no
 * result type has together, or past the 1,000th result. */
enum pl_err search_run(struct ctx *c, const struct search_params *p,
	struct search_page *out);

/* The number of results of query; errors as search_run. */
enum pl_err search_count(struct ctx *c, const char *query, int64_t *out);

struct search_export_params {
	const char *query;       /* without type: */
	const char *type;        /* filter[type]: ticket, user or organization */
	int size;                /* 1..1000 */
	bool after;              /* continue after (after_created, after_id) */
	int64_t after_created, after_id;
};

struct search_export_page {
	const char *results;     /* JSON array text */
	int n;
	bool has_more;
	int64_t first_created, first_id;   /* positions of the first and last */
	int64_t last_created, last_id;     /* results (when n > 0) */
};

/* Every result of one type in creation order, a page at a time, past the
 * 1,000 results of search_run.  A position is a creation time and an id,
 * so cursors made of them never expire.  400 on a type: in the query or a
 * missing or unknown filter[type]. */
enum pl_err search_export(struct ctx *c, const struct search_export_params *p,
	struct search_export_page *out);

#endif
