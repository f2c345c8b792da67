/*
 * group_memberships.c: agents in groups (see group_memberships.h).
 *
 * Invariants:
 *  1. A (user, group) pair appears once (unique index; checked first so a
 *     duplicate is a 422, never a failed statement).
 *  2. Members are agents or admins of the account and groups are not
 *     deleted: users.c and groups.c drop memberships when either stops
 *     being true.
 *  3. A user with memberships has exactly one default membership and
 *     users.default_group_id is its group; without memberships it is NULL.
 *     sync() restores this after every change.
 */
#include "parley.h"
#include "core/group_memberships.h"
#include "core/groups.h"
#include "core/input.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#define COLS "id, user_id, group_id, is_default, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:s,s:I,s:I,s:b,s:o,s:o}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "group_memberships/%lld", (long long)id),
		"user_id", (json_int_t)stmt_i64(st, 1),
		"group_id", (json_int_t)stmt_i64(st, 2),
		"default", (int)stmt_i64(st, 3),
		"created_at", jtime(stmt_i64(st, 4)),
		"updated_at", jtime(stmt_i64(st, 5)));
}

static enum pl_err user_known(struct ctx *c, int64_t user_id)
{
	int64_t n = db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, user_id);
	if (n < 0)
		return ctx_store_failed(c);
	return n ? PL_OK : ctx_not_found(c);
}

enum pl_err group_memberships_list(struct ctx *c, const struct page *p,
	const struct group_membership_filter *f, struct list_result *out)
{
	static const char all[] = "FROM group_memberships WHERE account_id = ?"
		" AND (? = 0 OR user_id = ?) AND (? = 0 OR group_id = ?)";
	static const char assignable[] = "FROM group_memberships WHERE account_id = ?"
		" AND (? = 0 OR user_id = ?) AND (? = 0 OR group_id = ?)"
		" AND user_id IN (SELECT id FROM users WHERE active = 1 AND suspended = 0"
		" AND role IN ('agent', 'admin'))"
		" AND group_id IN (SELECT id FROM groups_ WHERE deleted = 0)";
	enum pl_err e;
	if (f->user_id && (e = user_known(c, f->user_id)))
		return e;
	if (f->group_id && !group_exists(c, f->group_id, true))
		return ctx_not_found(c);
	return list_run(c, p, COLS, f->assignable ? assignable : all, row, out,
		"iiiii", c->account_id, f->user_id, f->user_id, f->group_id, f->group_id);
}

enum pl_err group_membership_get(struct ctx *c, int64_t id, int64_t user_id,
	json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM group_memberships WHERE account_id = ?"
		" AND id = ? AND (? = 0 OR user_id = ?)", row, out, "iiii",
		c->account_id, id, user_id, user_id);
}

/* Restores invariant 3 for user_id, or (user_id 0) for the users whose
 * default group was group_id: the oldest membership becomes the default
 * where none is, then users.default_group_id follows. */
static enum pl_err sync(struct ctx *c, int64_t user_id, int64_t group_id)
{
	bool ok = db_exec(c->db, "UPDATE group_memberships SET is_default = 1,"
		" updated_at = ? WHERE id IN (SELECT min(id) FROM group_memberships"
		" WHERE account_id = ? AND (? = 0 OR user_id = ?) GROUP BY user_id"
		" HAVING max(is_default) = 0)", "iiii", c->now, c->account_id,
		user_id, user_id) &&
		db_exec(c->db, "UPDATE users SET default_group_id = (SELECT m.group_id"
		" FROM group_memberships m WHERE m.user_id = users.id AND m.is_default = 1),"
		" updated_at = ? WHERE account_id = ? AND (id = ? OR default_group_id = ?)",
		"iiii", c->now, c->account_id, user_id, group_id);
	return ok ? PL_OK : ctx_store_failed(c);
}

/* Makes the membership of user_id in group_id the default one. */
static enum pl_err mark_default(struct ctx *c, int64_t user_id, int64_t group_id)
{
	if (!db_exec(c->db, "UPDATE group_memberships SET is_default = (group_id = ?),"
		" updated_at = ? WHERE account_id = ? AND user_id = ?", "iiii",
		group_id, c->now, c->account_id, user_id))
		return ctx_store_failed(c);
	return sync(c, user_id, 0);
}

enum pl_err group_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t group_id)
{
	if (!db_exec(c->db, "INSERT INTO group_memberships(account_id, user_id, group_id,"
		" created_at, updated_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS"
		" (SELECT 1 FROM group_memberships WHERE account_id = ? AND user_id = ?"
		" AND group_id = ?)", "iiiiiiii", c->account_id, user_id, group_id,
		c->now, c->now, c->account_id, user_id, group_id))
		return ctx_store_failed(c);
	return mark_default(c, user_id, group_id);
}

enum pl_err group_membership_drop_user(struct ctx *c, int64_t user_id)
{
	if (!db_exec(c->db, "DELETE FROM group_memberships WHERE account_id = ?"
		" AND user_id = ?", "ii", c->account_id, user_id))
		return ctx_store_failed(c);
	return sync(c, user_id, 0);
}

enum pl_err group_membership_drop_group(struct ctx *c, int64_t group_id)
{
	if (!db_exec(c->db, "DELETE FROM group_memberships WHERE account_id = ?"
		" AND group_id = ?", "ii", c->account_id, group_id))
		return ctx_store_failed(c);
	return sync(c, 0, group_id);
}

/* The checks of a new membership, each reported under its field. */
static enum pl_err check_new(struct ctx *c, int64_t user_id, int64_t group_id)
{
	bool bad = false;
	enum pl_role role = user_role(c, user_id);
	if (role == ROLE_ANON)
		bad |= ctx_invalid(c, "user_id", "InvalidValue",
			"User: %lld does not exist", (long long)user_id) != PL_OK;
	else if (role < ROLE_AGENT)
		bad |= ctx_invalid(c, "user_id", "InvalidValue",
			"User: only agents can be group members") != PL_OK;
	if (!group_exists(c, group_id, false))
		bad |= ctx_invalid(c, "group_id", "InvalidValue",
			"Group: %lld does not exist", (long long)group_id) != PL_OK;
	if (!bad && db_i64(c->db, "SELECT count(*) FROM group_memberships WHERE"
		" account_id = ? AND user_id = ? AND group_id = ?", "iii", c->account_id,
		user_id, group_id) != 0)
		bad |= ctx_invalid(c, "user_id", "DuplicateValue",
			"User: is already a member of this group") != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

enum pl_err group_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out)
{
	int64_t uid = user_id, gid = 0;
	bool make_default = false, bad = false;
	if (!user_id)
		bad |= input_id(c, in, "user_id", &uid) != PL_OK;
	bad |= input_id(c, in, "group_id", &gid) != PL_OK;
	bad |= input_bool(c, in, "default", &make_default) != PL_OK;
	if (!bad && !uid)
		bad |= input_blank(c, "user_id") != PL_OK;
	if (!bad && !gid)
		bad |= input_blank(c, "group_id") != PL_OK;
	if (bad)
		return PL_INVALID;
	enum pl_err e;
	if (user_id && (e = user_known(c, user_id)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = 0;
	if (!(e = check_new(c, uid, gid))) {
		id = db_i64(c->db, "INSERT INTO group_memberships(account_id, user_id,"
			" group_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			"iiiii", c->account_id, uid, gid, c->now, c->now);
		e = id <= 0 ? ctx_store_failed(c)
			: make_default ? mark_default(c, uid, gid) : sync(c, uid, 0);
	}
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return group_membership_get(c, id, 0, out);
}

/* The user of membership id (which must belong to user_id unless 0);
 * PL_NOT_FOUND when there is none. */
static enum pl_err owner(struct ctx *c, int64_t id, int64_t user_id, int64_t *uid,
	int64_t *gid)
{
	struct stmt *st = db_q(c->db, "SELECT user_id, group_id FROM group_memberships"
		" WHERE account_id = ? AND id = ? AND (? = 0 OR user_id = ?)", "iiii",
		c->account_id, id, user_id, user_id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s == STEP_ROW) {
		*uid = stmt_i64(st, 0);
		*gid = stmt_i64(st, 1);
	}
	stmt_reset(st);
	return s == STEP_ROW ? PL_OK : s == STEP_DONE ? ctx_not_found(c)
		: ctx_store_failed(c);
}

enum pl_err group_membership_delete(struct ctx *c, int64_t id, int64_t user_id)
{
	int64_t uid, gid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(c, id, user_id, &uid, &gid);
	if (!e && !db_exec(c->db, "DELETE FROM group_memberships WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id))
		e = ctx_store_failed(c);
	if (!e)
		e = sync(c, uid, 0);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err group_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out)
{
	int64_t uid, gid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(c, id, user_id, &uid, &gid);
	if (!e)
		e = mark_default(c, uid, gid);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return list_all(c, "SELECT " COLS " FROM group_memberships WHERE account_id = ?"
		" AND user_id = ? ORDER BY id", row, out, "ii", c->account_id, uid);
}
