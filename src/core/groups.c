/*
 * groups.c: agent groups (see groups.h).
 *
 * Invariants:
 *  1. Names are unique among the account's groups that are not deleted.
 *  2. Exactly one group of an account has is_default = 1; it is never
 *     deleted.
 *  3. A deleted group has no memberships (group_memberships.c drops them
 *     and moves each member's default group).
 */
#include "parley.h"
#include "core/group_memberships.h"
#include "core/groups.h"
#include "core/input.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, description, is_default, deleted, is_public," \
	" created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:s,s:s,s:s,s:b,s:b,s:b,s:o,s:o}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "groups/%lld", (long long)id),
		"name", stmt_text(st, 1),
		"description", stmt_text(st, 2),
		"default", (int)stmt_i64(st, 3),
		"deleted", (int)stmt_i64(st, 4),
		"is_public", (int)stmt_i64(st, 5),
		"created_at", jtime(stmt_i64(st, 6)),
		"updated_at", jtime(stmt_i64(st, 7)));
}

enum pl_err groups_by_ids(struct ctx *c, json_t *ids, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM groups_ WHERE +account_id = ? AND id IN"
		" (SELECT value FROM json_each(?)) ORDER BY id", row, out, "is",
		c->account_id, jdump(c->a, ids));
}

enum pl_err groups_list(struct ctx *c, const struct page *p, struct list_result *out)
{
	return list_run(c, p, COLS, "FROM groups_ WHERE account_id = ? AND deleted = 0",
		row, out, "i", c->account_id);
}

enum pl_err groups_of_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out)
{
	enum pl_err e = user_known(c, user_id);
	if (e)
		return e;
	return list_run(c, p, COLS, "FROM groups_ WHERE account_id = ? AND deleted = 0"
		" AND id IN (SELECT group_id FROM group_memberships WHERE user_id = ?)",
		row, out, "ii", c->account_id, user_id);
}

enum pl_err groups_count(struct ctx *c, int64_t user_id, json_t **out)
{
	enum pl_err e = user_id ? user_known(c, user_id) : PL_OK;
	if (e)
		return e;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM groups_ WHERE account_id = ?"
		" AND deleted = 0 AND (? = 0 OR id IN (SELECT group_id FROM group_memberships"
		" WHERE user_id = ?))", "iii", c->account_id, user_id, user_id);
	return list_count(c, n, out);
}

enum pl_err group_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM groups_ WHERE account_id = ? AND id = ?",
		row, out, "ii", c->account_id, id);
}

bool group_exists(struct ctx *c, int64_t id, bool deleted_too)
{
	return db_i64(c->db, "SELECT count(*) FROM groups_ WHERE account_id = ? AND id = ?"
		" AND (? OR deleted = 0)", "iib", c->account_id, id, (int)deleted_too) > 0;
}

/* The writable state of a group. */
struct rec {
	int64_t id;
	const char *name, *description;
	bool is_public, is_default;
};

/* Applies in onto r and checks it; reports every bad field. */
static enum pl_err rec_apply(struct ctx *c, struct rec *r, json_t *in)
{
	bool bad = false, was_default = r->is_default;
	bad |= input_text(c, in, "name", 100, &r->name) != PL_OK;
	bad |= input_text(c, in, "description", 1024, &r->description) != PL_OK;
	bad |= input_bool(c, in, "is_public", &r->is_public) != PL_OK;
	bad |= input_bool(c, in, "default", &r->is_default) != PL_OK;
	if (input_is_blank(r->name))
		bad |= input_blank(c, "name") != PL_OK;
	if (was_default && !r->is_default)
		bad |= ctx_invalid(c, "default", "InvalidValue", "Default: make another "
			"group the default instead") != PL_OK;
	if (!r->description)
		r->description = "";
	if (r->name && !bad && db_i64(c->db, "SELECT count(*) FROM groups_ WHERE"
		" account_id = ? AND deleted = 0 AND lower(name) = lower(?) AND id != ?",
		"isi", c->account_id, r->name, r->id) != 0)
		bad |= ctx_invalid(c, "name", "DuplicateValue",
			"Name: %s has already been taken", r->name) != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

/* Writes r (inserting when r->id is 0) and moves the default to it. */
static enum pl_err rec_write(struct ctx *c, struct rec *r)
{
	bool ok;
	if (!r->id) {
		r->id = db_i64(c->db, "INSERT INTO groups_(account_id, name, description,"
			" is_public, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
			" RETURNING id", "issbii", c->account_id, r->name, r->description,
			(int)r->is_public, c->now, c->now);
		ok = r->id > 0;
	} else {
		ok = db_exec(c->db, "UPDATE groups_ SET name = ?, description = ?,"
			" is_public = ?, updated_at = ? WHERE account_id = ? AND id = ?",
			"ssbiii", r->name, r->description, (int)r->is_public, c->now,
			c->account_id, r->id);
	}
	if (ok && r->is_default)
		ok = db_exec(c->db, "UPDATE groups_ SET is_default = (id = ?),"
			" updated_at = CASE WHEN is_default != (id = ?) THEN ?"
			" ELSE updated_at END WHERE account_id = ?", "iiii", r->id, r->id,
			c->now, c->account_id);
	return ok ? PL_OK : ctx_store_failed(c);
}

static enum pl_err save(struct ctx *c, struct rec *r, json_t *in, json_t **out)
{
	enum pl_err e;
	if ((e = rec_apply(c, r, in)) || (e = rec_write(c, r))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return group_get(c, r->id, out);
}

enum pl_err group_create(struct ctx *c, json_t *in, json_t **out)
{
	struct rec r = { .is_public = true };
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	return save(c, &r, in, out);
}

/* Loads group id, not deleted, into r. */
static enum pl_err rec_load(struct ctx *c, int64_t id, struct rec *r)
{
	struct stmt *st = db_q(c->db, "SELECT name, description, is_public, is_default"
		" FROM groups_ WHERE account_id = ? AND id = ? AND deleted = 0",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s == STEP_ROW) {
		r->id = id;
		r->name = arena_strdup(c->a, stmt_text(st, 0));
		r->description = arena_strdup(c->a, stmt_text(st, 1));
		r->is_public = stmt_i64(st, 2);
		r->is_default = stmt_i64(st, 3);
	}
	stmt_reset(st);
	return s == STEP_ROW ? PL_OK : s == STEP_DONE ? ctx_not_found(c)
		: ctx_store_failed(c);
}

enum pl_err group_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct rec r;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = rec_load(c, id, &r);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return save(c, &r, in, out);
}

enum pl_err group_delete(struct ctx *c, int64_t id)
{
	struct rec r;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = rec_load(c, id, &r);
	if (!e && r.is_default)
		e = ctx_invalid(c, "default", "InvalidValue", "The default group "
			"cannot be deleted; make another group the default first");
	if (!e)
		e = group_membership_drop_group(c, id);
	if (!e && !db_exec(c->db, "UPDATE groups_ SET deleted = 1, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "iii", c->now, c->account_id, id))
		e = ctx_store_failed(c);
	return ctx_end(c, e);
}
