/*
 * searchInt.h: what search.c (running, rendering, exporting) shares with
 * search_sql.c (turning a parsed query into SQL for one result type).
 */
#ifndef HEADER_CORE_SEARCHINT_H
#define HEADER_CORE_SEARCHINT_H

#include "core/search_query.h"
#include "core/sqlbuf.h"
#include "core/ticket_access.h"

enum rtype { R_TICKET, R_USER, R_ORGANIZATION, R_TYPES };

/* How results are ordered. */
enum search_sort {
	SORT_RELEVANCE,  /* bm25 when there is text, else newest update */
	SORT_UPDATED,
	SORT_CREATED,
	SORT_PRIORITY,
	SORT_STATUS,
	SORT_TYPE,       /* ticket_type */
};

/* One result type's part of a query: "SELECT <k> AS k, <id> AS id,
 * <key> AS key, <created_at> AS created FROM ... WHERE ...", everything
 * the principal may see that matches every term. */
struct search_sql {
	bool applies;          /* false: a term has no meaning for the type */
	struct sqlbuf select;
};

/* Compiles q for type into *out, ordered by sort.  access is the
 * principal's ticket restriction.  Fails with PL_INVALID (422) on a value
 * the keyword does not take (a status that does not exist, a date that
 * is not one...); a keyword the type does not have is not an error but
 * out->applies = false.  Builds text only: nothing is read from the store. */
enum pl_err search_sql(struct ctx *c, const struct sq_query *q, enum rtype type,
	enum ticket_restriction access, enum search_sort sort, struct search_sql *out);

/* The result_type names: "ticket", "user", "organization". */
extern const char *const search_type_names[R_TYPES];

#endif
