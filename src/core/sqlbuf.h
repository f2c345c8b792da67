/*
 * sqlbuf.h: SQL built at run time with its arguments kept beside it.
 *
 * For queries whose shape depends on the request (search terms, view
 * conditions, who may see which tickets).  The text only ever receives
 * fragments written in core modules; every value that comes from outside
 * goes through a placeholder and the argument list, never into the text.
 * Statements built this way are prepared per request (store.h: dynamic SQL
 * misses the statement cache), which costs far less than the queries that
 * need them.
 */
#ifndef HEADER_CORE_SQLBUF_H
#define HEADER_CORE_SQLBUF_H

#include <stdint.h>

#include "store/store.h"
#include "util/arena.h"

struct sqlbuf {
	struct sbuf sql;
	struct db_arg *args;   /* in the arena */
	int n, cap;
};

void sqlbuf_init(struct sqlbuf *b, struct arena *a);
/* Appends fmt, in which "?i" is a placeholder bound to the next int64_t
 * argument and "?s" one bound to the next const char * (NULL binds NULL);
 * every other character is copied as is.  A '?' followed by anything else
 * would be a placeholder without an argument: fragments never hold one. */
void sqlbuf_add(struct sqlbuf *b, const char *fmt, ...);
/* Appends the text and the arguments of other. */
void sqlbuf_cat(struct sqlbuf *b, const struct sqlbuf *other);
/* Whether nothing was appended yet. */
static inline int sqlbuf_empty(const struct sqlbuf *b) { return b->sql.len == 0; }
/* Prepares and binds b on db (db_qa); NULL on error.  Borrowed statement. */
struct stmt *sqlbuf_query(struct db *db, const struct sqlbuf *b);

#endif
