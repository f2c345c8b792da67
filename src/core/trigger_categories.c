/*
 * trigger_categories.c: trigger categories (see trigger_categories.h).
 *
 * Invariant: a category holding triggers is never deleted, so a trigger's
 * category_id always names a category of its account.
 */
#include "parley.h"
#include "core/trigger_categories.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, position, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:o,s:s,s:I,s:o,s:o}",
		"id", json_sprintf("%lld", (long long)stmt_i64(st, 0)),
		"name", stmt_text(st, 1),
		"position", (json_int_t)stmt_i64(st, 2),
		"created_at", jtime(stmt_i64(st, 3)),
		"updated_at", jtime(stmt_i64(st, 4)));
}

enum pl_err trigger_categories_list(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	struct page pg = *p;
	pg.order = p->desc ? "position DESC, id DESC" : "position, id";
	return list_run(c, &pg, COLS, "FROM trigger_categories WHERE account_id = ?", row,
		out, "i", c->account_id);
}

enum pl_err trigger_category_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM trigger_categories WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

/* name (required when creating) and position of the request. */
static enum pl_err read(struct ctx *c, json_t *in, bool creating, const char **name,
	int64_t *position)
{
	json_t *n = json_object_get(in, "name"), *p = json_object_get(in, "position");
	const char *s = json_string_value(n);
	if ((n || creating) && (!s || strspn(s, " \t\r\n") == strlen(s)))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (s && strlen(s) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if (p && (!json_is_integer(p) || json_integer_value(p) < 0))
		return ctx_invalid(c, "position", "InvalidValue",
			"Position: must be a whole number of 0 or more");
	*name = s;
	*position = p ? json_integer_value(p) : -1;
	return PL_OK;
}

static int64_t insert(struct ctx *c, const char *name, int64_t position)
{
	if (position < 0)
		position = db_i64(c->db, "SELECT coalesce(max(position), -1) + 1"
			" FROM trigger_categories WHERE account_id = ?", "i", c->account_id);
	return db_i64(c->db, "INSERT INTO trigger_categories(account_id, name, position,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "isiii",
		c->account_id, name, position, c->now, c->now);
}

enum pl_err trigger_category_create(struct ctx *c, json_t *in, json_t **out)
{
	const char *name;
	int64_t position;
	enum pl_err e = read(c, in, true, &name, &position);
	if (e)
		return e;
	int64_t id = insert(c, name, position);
	return id > 0 ? trigger_category_get(c, id, out) : ctx_store_failed(c);
}

enum pl_err trigger_category_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	const char *name;
	int64_t position;
	enum pl_err e = read(c, in, false, &name, &position);
	if (e)
		return e;
	if (!db_exec(c->db, "UPDATE trigger_categories SET name = coalesce(?, name),"
		" position = CASE WHEN ? < 0 THEN position ELSE ? END, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "siiiii", name, position, position, c->now,
		c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? trigger_category_get(c, id, out) : ctx_not_found(c);
}

enum pl_err trigger_category_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t used = db_i64(c->db, "SELECT count(*) FROM business_rules"
		" WHERE account_id = ? AND category_id = ?", "ii", c->account_id, id);
	enum pl_err e = PL_OK;
	if (used < 0 || !db_exec(c->db, "DELETE FROM trigger_categories WHERE account_id = ?"
		" AND id = ? AND ? = 0", "iii", c->account_id, id, used))
		e = ctx_store_failed(c);
	else if (used > 0)
		e = ctx_invalid(c, "base", "InvalidValue", "Category: it still holds %lld "
			"triggers; move or delete them first", (long long)used);
	else if (db_changes(c->db) == 0)
		e = ctx_not_found(c);
	return ctx_end(c, e);
}

bool trigger_category_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM trigger_categories WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id) > 0;
}

int64_t trigger_category_first(struct ctx *c)
{
	int64_t id = db_i64(c->db, "SELECT id FROM trigger_categories WHERE account_id = ?"
		" ORDER BY position, id LIMIT 1", "i", c->account_id);
	return id > 0 ? id : 0;
}

bool trigger_categories_seed(struct ctx *c)
{
	return insert(c, "Notifications", 0) > 0;
}
