/*
 * list.h: running paged list queries for every resource.
 *
 * A list is "SELECT cols FROM ... WHERE ..." over rows whose first column
 * is the id.  Cursor paging bounds the id (opaque cursors are edge ids);
 * offset paging orders, offsets and also counts.  One row more than the
 * page is read to learn whether more exist.  The api layer parses paging
 * parameters into a struct page and renders links from the result.
 */
#ifndef HEADER_CORE_LIST_H
#define HEADER_CORE_LIST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

struct stmt;
struct sbuf;

struct page {
	bool cursor;
	int size;          /* rows per page, 1..100 */
	int number;        /* offset mode: 1-based page */
	int64_t after;     /* cursor mode: rows with id beyond this */
	int64_t before;    /* cursor mode: rows with id before this */
	bool desc;         /* id descending */
	const char *order; /* offset mode: ORDER BY text, chosen from a whitelist */
	bool known_total;  /* offset mode: the caller knows the row count... */
	int64_t total;     /* ...which is this (no count query is run) */
};

struct list_result {
	json_t *items;     /* new reference, owned by the arena */
	bool has_more;     /* another page follows in list order */
	bool has_prev;     /* a page precedes (cursor mode) */
	int64_t count;     /* offset mode: total rows; -1 in cursor mode */
	/* Text lists (list_run_text) instead of items: */
	const char *text;  /* the rows as a JSON array, in the arena */
	int n;             /* rows in it */
	int64_t first_id;  /* ids of its first and last rows (cursors) */
	int64_t last_id;
};

/* Renders the current row of st as a new JSON object. */
typedef json_t *(*list_row_fn)(struct ctx *c, struct stmt *st);
/* Appends the current row of st as JSON text to out; arg is the caller's. */
typedef void (*list_text_fn)(struct ctx *c, struct stmt *st, struct sbuf *out,
	void *arg);

/* Runs the paged query; fmt/... bind the placeholders of from_where. */
enum pl_err list_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_row_fn row, struct list_result *out,
	const char *fmt, ...);
/* list_run writing JSON text (out->text, n, first_id, last_id) instead of
 * building JSON values: for pages of large records, where building,
 * serializing and freeing a tree per row would dominate. */
enum pl_err list_run_text(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_text_fn row, void *arg, struct list_result *out,
	const char *fmt, ...);

/* Runs a complete query and renders every row; *out is arena-owned. */
enum pl_err list_all(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...);

/* list_all writing a JSON array text (*out, in the arena). */
enum pl_err list_all_text(struct ctx *c, const char *sql, list_text_fn row,
	void *arg, const char **out, const char *fmt, ...);

/* The first row of a complete query rendered, or PL_NOT_FOUND. */
enum pl_err list_one(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...);

/* Records named by ids, or (ids NULL) by external_ids, n of them, in that
 * order: by_id and by_external select them with (account_id, id) and
 * (account_id, external_id); unknown ones are left out.  *out is
 * arena-owned. */
enum pl_err list_show_many(struct ctx *c, const char *by_id,
	const char *by_external, list_row_fn row, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out);

/* *out = {"value": n, "refreshed_at": now} (arena-owned), n being a count
 * query's answer; 503 when it is negative (the query failed). */
enum pl_err list_count(struct ctx *c, int64_t n, json_t **out);

/* A LIKE pattern matching text that contains s (or starts with it when
 * prefix), lower-cased, with %, _ and \ escaped: use it as
 * "lower(col) LIKE ? ESCAPE '\'".  In the arena. */
char *list_like(struct arena *a, const char *s, bool prefix);

#endif
