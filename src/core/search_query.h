/*
 * search_query.h: the Zendesk search query language, parsed.
 *
 * A query is a list of terms separated by white space, all of which must
 * hold (repeated "keyword:value" terms of one keyword are OR'd by the
 * search, not here):
 *
 *   word            free text; a trailing * makes it a prefix
 *   "two words"     a phrase
 *   kw:value        kw:"a phrase"   kw<v  kw>v  kw<=v  kw>=v  (also kw:<v ...)
 *   -term           negation of any of the above
 *
 * type:, order_by: and sort: are settings of the whole query and come out
 * of the term list.  Keywords are checked against search_query_keyword();
 * their values are the search's business (core/search.c), which knows
 * which ones each result type has.  Parsing needs nothing but the arena.
 */
#ifndef HEADER_CORE_SEARCH_QUERY_H
#define HEADER_CORE_SEARCH_QUERY_H

#include <stdbool.h>

#include "core/ctx.h"

#define SEARCH_QUERY_MAX 2048   /* bytes of a query */
#define SEARCH_TERMS_MAX 32     /* terms of a query */

enum sq_op { SQ_EQ, SQ_LT, SQ_GT, SQ_LE, SQ_GE };

struct sq_term {
	const char *field;   /* lower-cased keyword; NULL for free text */
	enum sq_op op;
	const char *value;   /* unquoted; never empty */
	bool neg;            /* a leading '-' */
	bool phrase;         /* the value was "quoted" */
	bool prefix;         /* a trailing '*', removed from value */
};

struct sq_query {
	struct sq_term *terms;   /* in the arena */
	int n;
	const char *type;        /* type: (lower case), NULL when absent */
	const char *order_by;    /* order_by: */
	const char *sort;        /* sort: asc or desc */
};

/* Parses q into *out, everything in the arena.  PL_BAD_REQUEST with a
 * description naming the problem: an unterminated quote, a keyword
 * without a value or unknown, a '-' before nothing, a negated setting,
 * too long or too many terms. */
enum pl_err search_query_parse(struct ctx *c, const char *q, struct sq_query *out);

/* Whether name (lower case, n bytes) is a keyword of the language:
 * the fixed ones of docs/search.md and custom_field_<digits>. */
bool search_query_keyword(const char *name, size_t n);

#endif
