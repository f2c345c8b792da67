/*
 * list.c: paged, unpaged and single-row queries rendered to JSON.
 *
 * Paged SQL is built per request from a few parts, but comes in few shapes
 * (columns, filter, bound, order); page sizes and offsets are placeholders.
 * Each text is interned, so equal texts share one address and the store's
 * statement cache, keyed by address, prepares every shape once per
 * connection instead of once per request.
 */
#include "parley.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define INTERN_SLOTS 1024 /* power of two; shapes beyond 3/4 are not cached */

static struct {
	pthread_mutex_t lock;
	int n;
	char *text[INTERN_SLOTS];
} interned = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The interned copy of sql (process lifetime), or sql itself when the
 * table is full.  Thread-safe. */
static const char *intern(const char *sql)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = sql; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	const char *out = sql;
	pthread_mutex_lock(&interned.lock);
	for (size_t i = h & (INTERN_SLOTS - 1);; i = (i + 1) & (INTERN_SLOTS - 1)) {
		char *t = interned.text[i];
		if (t && strcmp(t, sql) == 0) {
			out = t;
			break;
		}
		if (!t) {
			if (interned.n < INTERN_SLOTS * 3 / 4 && (t = strdup(sql))) {
				interned.text[i] = t;
				interned.n++;
				out = t;
			}
			break;
		}
	}
	pthread_mutex_unlock(&interned.lock);
	return out;
}

/* Renders up to limit rows (0: all); *more tells whether one more exists.
 * NULL on a store error. */
static json_t *collect(struct ctx *c, struct stmt *st, list_row_fn row, int limit,
	bool *more)
{
	json_t *arr = json_array();
	int n = 0;
	enum step rc;
	*more = false;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		if (limit && n == limit) {
			*more = true;
			break;
		}
		json_array_append_new(arr, row(c, st));
		n++;
	}
	stmt_reset(st);
	if (rc == STEP_ERR) {
		json_decref(arr);
		return NULL;
	}
	return jown(c->a, arr);
}

static void reverse(json_t *arr)
{
	size_t n = json_array_size(arr);
	for (size_t i = 0; i < n / 2; i++) {
		json_t *x = json_incref(json_array_get(arr, i));
		json_t *y = json_incref(json_array_get(arr, n - 1 - i));
		json_array_set_new(arr, i, y);
		json_array_set_new(arr, n - 1 - i, x);
	}
}

static enum pl_err cursor_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_row_fn row, struct list_result *out,
	const char *fmt, va_list ap)
{
	/* Going backwards (page[before]) reads in the opposite order, then
	 * reverses, so the page still comes out in list order. */
	bool back = p->before && !p->after;
	bool desc = p->desc != back;
	int64_t edge = back ? p->before : p->after;
	const char *bound = !edge ? "" : desc ? " AND id < ?" : " AND id > ?";
	const char *sql = intern(arena_printf(c->a, "SELECT %s %s%s ORDER BY id %s LIMIT ?",
		cols, from_where, bound, desc ? "DESC" : "ASC"));
	int64_t tail[2] = { edge, p->size + 1 };
	struct stmt *st = edge ? db_vq_tail(c->db, sql, fmt, ap, 2, tail)
		: db_vq_tail(c->db, sql, fmt, ap, 1, tail + 1);
	if (!st)
		return ctx_store_failed(c);
	bool more;
	out->items = collect(c, st, row, p->size, &more);
	if (!out->items)
		return ctx_store_failed(c);
	if (back)
		reverse(out->items);
	out->has_more = back ? true : more;
	out->has_prev = back ? more : edge != 0;
	out->count = -1;
	return PL_OK;
}

static enum pl_err offset_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_row_fn row, struct list_result *out,
	const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	const char *count_sql = intern(arena_printf(c->a, "SELECT count(*) %s", from_where));
	struct stmt *st = db_vq(c->db, count_sql, fmt, cp);
	va_end(cp);
	int64_t count = -1;
	if (st && stmt_step(st) == STEP_ROW)
		count = stmt_i64(st, 0);
	if (st)
		stmt_reset(st);
	if (count < 0)
		return ctx_store_failed(c);
	const char *order = p->order ? p->order : p->desc ? "id DESC" : "id ASC";
	const char *sql = intern(arena_printf(c->a, "SELECT %s %s ORDER BY %s"
		" LIMIT ? OFFSET ?", cols, from_where, order));
	int64_t tail[2] = { p->size, (int64_t)(p->number - 1) * p->size };
	st = db_vq_tail(c->db, sql, fmt, ap, 2, tail);
	if (!st)
		return ctx_store_failed(c);
	bool more;
	out->items = collect(c, st, row, 0, &more);
	if (!out->items)
		return ctx_store_failed(c);
	out->count = count;
	out->has_more = (int64_t)p->number * p->size < count;
	out->has_prev = p->number > 1;
	return PL_OK;
}

enum pl_err list_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_row_fn row, struct list_result *out,
	const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = p->cursor
		? cursor_run(c, p, cols, from_where, row, out, fmt, ap)
		: offset_run(c, p, cols, from_where, row, out, fmt, ap);
	va_end(ap);
	return e;
}

static enum pl_err vall(struct ctx *c, const char *sql, list_row_fn row, int limit,
	json_t **out, const char *fmt, va_list ap)
{
	struct stmt *st = db_vq(c->db, sql, fmt, ap);
	if (!st)
		return ctx_store_failed(c);
	bool more;
	*out = collect(c, st, row, limit, &more);
	return *out ? PL_OK : ctx_store_failed(c);
}

enum pl_err list_all(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vall(c, sql, row, 0, out, fmt, ap);
	va_end(ap);
	return e;
}

enum pl_err list_one(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *arr;
	enum pl_err e = vall(c, sql, row, 1, &arr, fmt, ap);
	va_end(ap);
	if (e)
		return e;
	if (json_array_size(arr) == 0)
		return ctx_not_found(c);
	*out = json_array_get(arr, 0); /* borrowed; arr is arena-owned */
	return PL_OK;
}

char *list_like(struct arena *a, const char *s, bool prefix)
{
	struct sbuf b;
	sbuf_init(&b, a);
	if (!prefix)
		sbuf_adds(&b, "%");
	for (const char *p = s; *p; p++) {
		char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		if (ch == '%' || ch == '_' || ch == '\\')
			sbuf_adds(&b, "\\");
		sbuf_add(&b, &ch, 1);
	}
	sbuf_adds(&b, "%");
	return b.s;
}
