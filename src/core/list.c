/*
 * list.c: paged, unpaged and single-row queries rendered to JSON.
 */
#include "parley.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdarg.h>
#include <string.h>

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
	char *sql = arena_printf(c->a, "SELECT %s %s%s ORDER BY id %s LIMIT %d",
		cols, from_where, bound, desc ? "DESC" : "ASC", p->size + 1);
	struct stmt *st = db_vq_tail(c->db, sql, fmt, ap, edge ? 1 : 0, &edge);
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
	char *count_sql = arena_printf(c->a, "SELECT count(*) %s", from_where);
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
	char *sql = arena_printf(c->a, "SELECT %s %s ORDER BY %s LIMIT %d OFFSET %lld",
		cols, from_where, order, p->size, (long long)(p->number - 1) * p->size);
	st = db_vq(c->db, sql, fmt, ap);
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
