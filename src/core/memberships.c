/*
 * memberships.c: the shared membership logic (see memberships.h).
 *
 * Invariants (of every kind):
 *  1. A (user, parent) pair appears once (unique index; checked first so a
 *     duplicate is a 422, never a failed statement).
 *  2. A user with memberships has exactly one default membership and the
 *     users column names its parent; without memberships it is NULL.
 *     membership_sync() restores this after every change.
 */
#include "parley.h"
#include "core/input.h"
#include "core/memberships.h"
#include "core/users.h"
#include "store/store.h"

enum pl_err membership_get(const struct membership_kind *k, struct ctx *c,
	int64_t id, int64_t user_id, json_t **out)
{
	return list_one(c, k->get, k->row, out, "iiii", c->account_id, id, user_id,
		user_id);
}

enum pl_err membership_sync(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, int64_t parent_id)
{
	bool ok = db_exec(c->db, k->sync_rows, "iiii", c->now, c->account_id,
		user_id, user_id) &&
		db_exec(c->db, k->sync_users, "iiii", c->now, c->account_id, user_id,
		parent_id);
	return ok ? PL_OK : ctx_store_failed(c);
}

/* Makes the membership of user_id in parent_id the default one. */
static enum pl_err mark_default(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, int64_t parent_id)
{
	if (!db_exec(c->db, k->mark, "iiii", parent_id, c->now, c->account_id,
		user_id))
		return ctx_store_failed(c);
	return membership_sync(k, c, user_id, 0);
}

enum pl_err membership_set_default(const struct membership_kind *k,
	struct ctx *c, int64_t user_id, int64_t parent_id)
{
	if (!db_exec(c->db, k->insert_missing, "iiiiiiii", c->account_id, user_id,
		parent_id, c->now, c->now, c->account_id, user_id, parent_id))
		return ctx_store_failed(c);
	return mark_default(k, c, user_id, parent_id);
}

enum pl_err membership_drop_parent(const struct membership_kind *k,
	struct ctx *c, int64_t parent_id)
{
	if (!db_exec(c->db, k->delete_parent, "ii", c->account_id, parent_id))
		return ctx_store_failed(c);
	return membership_sync(k, c, 0, parent_id);
}

/* k->check, then the duplicate check when that passed. */
static enum pl_err check_new(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, int64_t parent_id)
{
	enum pl_err e = k->check(c, user_id, parent_id);
	if (e)
		return e;
	if (db_i64(c->db, k->count, "iii", c->account_id, user_id, parent_id) != 0)
		return ctx_invalid(c, "user_id", "DuplicateValue", "%s",
			k->dup_message);
	return PL_OK;
}

enum pl_err membership_create(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, json_t *in, json_t **out)
{
	int64_t uid = user_id, pid = 0;
	bool make_default = false, bad = false;
	if (!user_id)
		bad |= input_id(c, in, "user_id", &uid) != PL_OK;
	bad |= input_id(c, in, k->parent, &pid) != PL_OK;
	bad |= input_bool(c, in, "default", &make_default) != PL_OK;
	if (!bad && !uid)
		bad |= input_blank(c, "user_id") != PL_OK;
	if (!bad && !pid)
		bad |= input_blank(c, k->parent) != PL_OK;
	if (bad)
		return PL_INVALID;
	enum pl_err e;
	if (user_id && (e = user_known(c, user_id)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = 0;
	if (!(e = check_new(k, c, uid, pid))) {
		id = db_i64(c->db, k->insert, "iiiii", c->account_id, uid, pid, c->now,
			c->now);
		e = id <= 0 ? ctx_store_failed(c)
			: make_default ? mark_default(k, c, uid, pid)
			: membership_sync(k, c, uid, 0);
	}
	if ((e = ctx_end(c, e)))
		return e;
	return membership_get(k, c, id, 0, out);
}

/* The user and parent of membership id (which must belong to user_id
 * unless 0); PL_NOT_FOUND when there is none. */
static enum pl_err owner(const struct membership_kind *k, struct ctx *c,
	int64_t id, int64_t user_id, int64_t *uid, int64_t *pid)
{
	struct stmt *st = db_q(c->db, k->owner, "iiii", c->account_id, id, user_id,
		user_id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s == STEP_ROW) {
		*uid = stmt_i64(st, 0);
		*pid = stmt_i64(st, 1);
	}
	stmt_reset(st);
	return s == STEP_ROW ? PL_OK : s == STEP_DONE ? ctx_not_found(c)
		: ctx_store_failed(c);
}

enum pl_err membership_delete(const struct membership_kind *k, struct ctx *c,
	int64_t id, int64_t user_id)
{
	int64_t uid, pid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(k, c, id, user_id, &uid, &pid);
	if (!e && !db_exec(c->db, k->delete_one, "ii", c->account_id, id))
		e = ctx_store_failed(c);
	if (!e)
		e = membership_sync(k, c, uid, 0);
	return ctx_end(c, e);
}

enum pl_err membership_make_default(const struct membership_kind *k,
	struct ctx *c, int64_t user_id, int64_t id, json_t **out)
{
	int64_t uid, pid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(k, c, id, user_id, &uid, &pid);
	if (!e)
		e = mark_default(k, c, uid, pid);
	if ((e = ctx_end(c, e)))
		return e;
	return list_all(c, k->by_user, k->row, out, "ii", c->account_id, uid);
}
