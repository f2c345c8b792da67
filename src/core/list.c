/*
 * list.c: paged, unpaged and single-row queries rendered to JSON values,
 * or to JSON text for pages of large records (list_run_text).
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

/* How rows become output: JSON values (row) or JSON text (text, arg). */
struct render {
	list_row_fn row;
	list_text_fn text;
	void *arg;
};

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

/* Rows rendered as text: "[row,row,..." in one buffer, and where each row
 * starts in it. */
struct text_rows {
	struct sbuf buf;
	size_t *start;
	int64_t *id;
	int n, cap;
};

static void text_row(struct ctx *c, struct stmt *st, const struct render *rd,
	int rows, struct text_rows *t)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 32;
		size_t *start = arena_alloc(c->a, sizeof(*start) * (size_t)cap);
		int64_t *id = arena_alloc(c->a, sizeof(*id) * (size_t)cap);
		if (t->n) {
			memcpy(start, t->start, sizeof(*start) * (size_t)t->n);
			memcpy(id, t->id, sizeof(*id) * (size_t)t->n);
		}
		t->start = start;
		t->id = id;
		t->cap = cap;
	}
	sbuf_add(&t->buf, t->n ? "," : "[", 1);
	t->start[t->n] = t->buf.len;
	t->id[t->n] = stmt_i64(st, 0);
	t->n++;
	rd->text(c, st, &t->buf, rd->arg);
	/* The first row tells how large the page will be: grow once. */
	if (t->n == 1 && rows > 1)
		sbuf_reserve(&t->buf, t->buf.len * (size_t)(rows - 1) * 5 / 4);
}

/* Closes the array (rebuilt in reverse order when back) into the text
 * fields of out. */
static void text_join(struct ctx *c, struct text_rows *t, bool back,
	struct list_result *out)
{
	out->n = t->n;
	out->first_id = t->n ? t->id[back ? t->n - 1 : 0] : 0;
	out->last_id = t->n ? t->id[back ? 0 : t->n - 1] : 0;
	if (!t->n) {
		out->text = "[]";
		return;
	}
	if (!back) {
		sbuf_add(&t->buf, "]", 1);
		out->text = t->buf.s;
		return;
	}
	struct sbuf b;
	sbuf_init(&b, c->a);
	for (int k = 0; k < t->n; k++) {
		int i = t->n - 1 - k;
		/* A row ends where the next one's separator is. */
		size_t end = i + 1 < t->n ? t->start[i + 1] - 1 : t->buf.len;
		sbuf_add(&b, k ? "," : "[", 1);
		sbuf_add(&b, t->buf.s + t->start[i], end - t->start[i]);
	}
	sbuf_add(&b, "]", 1);
	out->text = b.s;
}

/* Renders up to limit rows (0: all; rows: how many are expected, 0 when
 * unknown) of st into out as rd says, in reverse order when back; *more
 * tells whether one more row exists. */
static enum pl_err collect(struct ctx *c, struct stmt *st, const struct render *rd,
	int limit, int rows, bool back, bool *more, struct list_result *out)
{
	json_t *arr = rd->row ? jown(c->a, json_array()) : NULL;
	struct text_rows t = { .n = 0 };
	if (!arr)
		sbuf_init(&t.buf, c->a);
	int n = 0;
	enum step rc;
	*more = false;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		if (limit && n == limit) {
			*more = true;
			break;
		}
		if (arr)
			json_array_append_new(arr, rd->row(c, st));
		else
			text_row(c, st, rd, rows, &t);
		n++;
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (!arr) {
		text_join(c, &t, back, out);
		return PL_OK;
	}
	if (back)
		reverse(arr);
	out->items = arr;
	return PL_OK;
}

static enum pl_err cursor_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, const struct render *rd, struct list_result *out,
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
	enum pl_err e = collect(c, st, rd, p->size, p->size, back, &more, out);
	if (e)
		return e;
	out->has_more = back ? true : more;
	out->has_prev = back ? more : edge != 0;
	out->count = -1;
	return PL_OK;
}

static enum pl_err offset_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, const struct render *rd, struct list_result *out,
	const char *fmt, va_list ap)
{
	int64_t count = p->known_total ? p->total : -1;
	struct stmt *st;
	if (!p->known_total) {
		va_list cp;
		va_copy(cp, ap);
		const char *count_sql = intern(arena_printf(c->a, "SELECT count(*) %s",
			from_where));
		st = db_vq(c->db, count_sql, fmt, cp);
		va_end(cp);
		if (st && stmt_step(st) == STEP_ROW)
			count = stmt_i64(st, 0);
		if (st)
			stmt_reset(st);
	}
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
	enum pl_err e = collect(c, st, rd, 0, p->size, false, &more, out);
	if (e)
		return e;
	out->count = count;
	out->has_more = (int64_t)p->number * p->size < count;
	out->has_prev = p->number > 1;
	return PL_OK;
}

static enum pl_err vrun(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, const struct render *rd, struct list_result *out,
	const char *fmt, va_list ap)
{
	memset(out, 0, sizeof(*out));
	return p->cursor ? cursor_run(c, p, cols, from_where, rd, out, fmt, ap)
		: offset_run(c, p, cols, from_where, rd, out, fmt, ap);
}

enum pl_err list_run(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_row_fn row, struct list_result *out,
	const char *fmt, ...)
{
	struct render rd = { .row = row };
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vrun(c, p, cols, from_where, &rd, out, fmt, ap);
	va_end(ap);
	return e;
}

enum pl_err list_run_text(struct ctx *c, const struct page *p, const char *cols,
	const char *from_where, list_text_fn row, void *arg, struct list_result *out,
	const char *fmt, ...)
{
	struct render rd = { .text = row, .arg = arg };
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vrun(c, p, cols, from_where, &rd, out, fmt, ap);
	va_end(ap);
	return e;
}

static enum pl_err vall(struct ctx *c, const char *sql, const struct render *rd,
	int limit, struct list_result *out, const char *fmt, va_list ap)
{
	struct stmt *st = db_vq(c->db, sql, fmt, ap);
	if (!st)
		return ctx_store_failed(c);
	bool more;
	return collect(c, st, rd, limit, 0, false, &more, out);
}

enum pl_err list_all(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...)
{
	struct render rd = { .row = row };
	struct list_result res;
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vall(c, sql, &rd, 0, &res, fmt, ap);
	va_end(ap);
	if (!e)
		*out = res.items;
	return e;
}

enum pl_err list_all_text(struct ctx *c, const char *sql, list_text_fn row,
	void *arg, const char **out, const char *fmt, ...)
{
	struct render rd = { .text = row, .arg = arg };
	struct list_result res;
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vall(c, sql, &rd, 0, &res, fmt, ap);
	va_end(ap);
	if (!e)
		*out = res.text;
	return e;
}

enum pl_err list_one(struct ctx *c, const char *sql, list_row_fn row,
	json_t **out, const char *fmt, ...)
{
	struct render rd = { .row = row };
	struct list_result res;
	va_list ap;
	va_start(ap, fmt);
	enum pl_err e = vall(c, sql, &rd, 1, &res, fmt, ap);
	va_end(ap);
	if (e)
		return e;
	if (json_array_size(res.items) == 0)
		return ctx_not_found(c);
	*out = json_array_get(res.items, 0); /* borrowed; items is arena-owned */
	return PL_OK;
}

enum pl_err list_show_many(struct ctx *c, const char *by_id,
	const char *by_external, list_row_fn row, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out)
{
	json_t *all = jown(c->a, json_array());
	for (int i = 0; i < n; i++) {
		json_t *found;
		enum pl_err e = ids
			? list_all(c, by_id, row, &found, "ii", c->account_id, ids[i])
			: list_all(c, by_external, row, &found, "is", c->account_id,
				external_ids[i]);
		if (e)
			return e;
		json_array_extend(all, found);
	}
	*out = all;
	return PL_OK;
}

enum pl_err list_count(struct ctx *c, int64_t n, json_t **out)
{
	if (n < 0)
		return ctx_store_failed(c);
	*out = jown(c->a, json_pack("{s:I,s:o}", "value", (json_int_t)n,
		"refreshed_at", jtime(c->now)));
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
