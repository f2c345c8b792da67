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

/* 0080's full-text indexes hold account a's records in rowids
 * [a * SPAN, (a + 1) * SPAN): the record's id is rowid - a * SPAN. */
#define SEARCH_ROWID_SPAN 1099511627776LL

/* One result type's part of a query.  The rows it selects are those of
 * the type's table (search_sql_table, aliased search_sql_alias) with
 *   <alias>.account_id = the account  <where>
 *   and, when match is set, an id among what the index finds for match in
 *   the account's rowid range [lo, hi]  (the attribute conditions, in
 *   attrs, are then implied; without match, <attrs> must be added).
 * When narrowed is false (tickets only), what the index finds in the
 * account's range is exactly the result: no table row need be read. */
struct search_sql {
	bool applies;          /* false: a term has no meaning for the type */
	enum rtype type;
	const char *match;     /* FTS5 expression of the index, NULL: none */
	bool text;             /* match has words, not only ticket attributes */
	struct sqlbuf where;   /* " AND ...": liveness, visibility, SQL-only terms */
	struct sqlbuf attrs;   /* " AND ...": the attribute terms, as SQL */
	bool narrowed;         /* where holds more than ticket liveness */
	bool ranged;           /* where holds a range of created or updated,
	                        * which a table index reads */
	bool selective;        /* where holds a condition an index finds few
	                        * rows for (dates, people or groups by name) */
	int64_t lo, hi;        /* the account's rowid range in the index */
};

/* Compiles q for type into *out.  access is the principal's ticket
 * restriction.  Fails with PL_INVALID (422) on a value the keyword does
 * not take (a status that does not exist, a date that is not one...); a
 * keyword the type does not have is not an error but out->applies =
 * false.  Builds text only: nothing is read from the store. */
enum pl_err search_sql(struct ctx *c, const struct sq_query *q, enum rtype type,
	enum ticket_restriction access, struct search_sql *out);

/* The type's table ("tickets"), its alias in where ("t") and its
 * full-text index ("ticket_search"). */
const char *search_sql_table(enum rtype type);
const char *search_sql_alias(enum rtype type);
const char *search_sql_index(enum rtype type);

/* The result_type names: "ticket", "user", "organization". */
extern const char *const search_type_names[R_TYPES];

#endif
