/*
 * organization_memberships.c: users in organizations (see
 * organization_memberships.h).
 *
 * Invariants:
 *  1. A (user, organization) pair appears once (unique index; checked
 *     first so a duplicate is a 422, never a failed statement).
 *  2. A user with memberships has exactly one default membership and
 *     users.organization_id is its organization; without memberships it is
 *     NULL.  sync() restores this after every change.
 * Same shape as group_memberships.c, over another table and column.
 */
#include "parley.h"
#include "core/input.h"
#include "core/organization_memberships.h"
#include "core/organizations.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#define COLS "id, user_id, organization_id, is_default, created_at, updated_at," \
	" (SELECT o.name FROM organizations o" \
	" WHERE o.id = organization_memberships.organization_id)"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:s,s:I,s:I,s:b,s:o,s:b,s:o,s:o}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "organization_memberships/%lld", (long long)id),
		"user_id", (json_int_t)stmt_i64(st, 1),
		"organization_id", (json_int_t)stmt_i64(st, 2),
		"default", (int)stmt_i64(st, 3),
		"organization_name", jstr(stmt_text(st, 6)),
		"view_tickets", 1,
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

enum pl_err org_memberships_list(struct ctx *c, const struct page *p,
	int64_t user_id, int64_t organization_id, struct list_result *out)
{
	enum pl_err e;
	if (user_id && (e = user_known(c, user_id)))
		return e;
	if (organization_id && !org_exists(c, organization_id))
		return ctx_not_found(c);
	return list_run(c, p, COLS, "FROM organization_memberships WHERE account_id = ?"
		" AND (? = 0 OR user_id = ?) AND (? = 0 OR organization_id = ?)", row, out,
		"iiiii", c->account_id, user_id, user_id, organization_id, organization_id);
}

enum pl_err org_membership_get(struct ctx *c, int64_t id, int64_t user_id,
	json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM organization_memberships WHERE"
		" account_id = ? AND id = ? AND (? = 0 OR user_id = ?)", row, out, "iiii",
		c->account_id, id, user_id, user_id);
}

/* Restores invariant 2 for user_id, or (user_id 0) for the users whose
 * default organization was organization_id. */
static enum pl_err sync(struct ctx *c, int64_t user_id, int64_t organization_id)
{
	bool ok = db_exec(c->db, "UPDATE organization_memberships SET is_default = 1,"
		" updated_at = ? WHERE id IN (SELECT min(id) FROM organization_memberships"
		" WHERE account_id = ? AND (? = 0 OR user_id = ?) GROUP BY user_id"
		" HAVING max(is_default) = 0)", "iiii", c->now, c->account_id,
		user_id, user_id) &&
		db_exec(c->db, "UPDATE users SET organization_id = (SELECT m.organization_id"
		" FROM organization_memberships m WHERE m.user_id = users.id"
		" AND m.is_default = 1), updated_at = ? WHERE account_id = ?"
		" AND (id = ? OR organization_id = ?)", "iiii", c->now, c->account_id,
		user_id, organization_id);
	return ok ? PL_OK : ctx_store_failed(c);
}

static enum pl_err mark_default(struct ctx *c, int64_t user_id, int64_t org_id)
{
	if (!db_exec(c->db, "UPDATE organization_memberships SET"
		" is_default = (organization_id = ?), updated_at = ? WHERE account_id = ?"
		" AND user_id = ?", "iiii", org_id, c->now, c->account_id, user_id))
		return ctx_store_failed(c);
	return sync(c, user_id, 0);
}

enum pl_err org_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t organization_id)
{
	if (!db_exec(c->db, "INSERT INTO organization_memberships(account_id, user_id,"
		" organization_id, created_at, updated_at) SELECT ?, ?, ?, ?, ? WHERE NOT"
		" EXISTS (SELECT 1 FROM organization_memberships WHERE account_id = ?"
		" AND user_id = ? AND organization_id = ?)", "iiiiiiii", c->account_id,
		user_id, organization_id, c->now, c->now, c->account_id, user_id,
		organization_id))
		return ctx_store_failed(c);
	return mark_default(c, user_id, organization_id);
}

enum pl_err org_membership_drop_default(struct ctx *c, int64_t user_id)
{
	if (!db_exec(c->db, "DELETE FROM organization_memberships WHERE account_id = ?"
		" AND user_id = ? AND is_default = 1", "ii", c->account_id, user_id))
		return ctx_store_failed(c);
	return sync(c, user_id, 0);
}

enum pl_err org_membership_drop_org(struct ctx *c, int64_t organization_id)
{
	if (!db_exec(c->db, "DELETE FROM organization_memberships WHERE account_id = ?"
		" AND organization_id = ?", "ii", c->account_id, organization_id))
		return ctx_store_failed(c);
	return sync(c, 0, organization_id);
}

static enum pl_err check_new(struct ctx *c, int64_t user_id, int64_t org_id)
{
	bool bad = false;
	if (user_role(c, user_id) == ROLE_ANON)
		bad |= ctx_invalid(c, "user_id", "InvalidValue",
			"User: %lld does not exist", (long long)user_id) != PL_OK;
	if (!org_exists(c, org_id))
		bad |= ctx_invalid(c, "organization_id", "InvalidValue",
			"Organization: %lld does not exist", (long long)org_id) != PL_OK;
	if (!bad && db_i64(c->db, "SELECT count(*) FROM organization_memberships WHERE"
		" account_id = ? AND user_id = ? AND organization_id = ?", "iii",
		c->account_id, user_id, org_id) != 0)
		bad |= ctx_invalid(c, "user_id", "DuplicateValue",
			"User: is already a member of this organization") != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

enum pl_err org_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out)
{
	int64_t uid = user_id, oid = 0;
	bool make_default = false, bad = false;
	if (!user_id)
		bad |= input_id(c, in, "user_id", &uid) != PL_OK;
	bad |= input_id(c, in, "organization_id", &oid) != PL_OK;
	bad |= input_bool(c, in, "default", &make_default) != PL_OK;
	if (!bad && !uid)
		bad |= input_blank(c, "user_id") != PL_OK;
	if (!bad && !oid)
		bad |= input_blank(c, "organization_id") != PL_OK;
	if (bad)
		return PL_INVALID;
	enum pl_err e;
	if (user_id && (e = user_known(c, user_id)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = 0;
	if (!(e = check_new(c, uid, oid))) {
		id = db_i64(c->db, "INSERT INTO organization_memberships(account_id, user_id,"
			" organization_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
			" RETURNING id", "iiiii", c->account_id, uid, oid, c->now, c->now);
		e = id <= 0 ? ctx_store_failed(c)
			: make_default ? mark_default(c, uid, oid) : sync(c, uid, 0);
	}
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return org_membership_get(c, id, 0, out);
}

static enum pl_err owner(struct ctx *c, int64_t id, int64_t user_id, int64_t *uid,
	int64_t *oid)
{
	struct stmt *st = db_q(c->db, "SELECT user_id, organization_id FROM"
		" organization_memberships WHERE account_id = ? AND id = ?"
		" AND (? = 0 OR user_id = ?)", "iiii", c->account_id, id, user_id, user_id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s == STEP_ROW) {
		*uid = stmt_i64(st, 0);
		*oid = stmt_i64(st, 1);
	}
	stmt_reset(st);
	return s == STEP_ROW ? PL_OK : s == STEP_DONE ? ctx_not_found(c)
		: ctx_store_failed(c);
}

enum pl_err org_membership_delete(struct ctx *c, int64_t id, int64_t user_id)
{
	int64_t uid, oid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(c, id, user_id, &uid, &oid);
	if (!e && !db_exec(c->db, "DELETE FROM organization_memberships WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, id))
		e = ctx_store_failed(c);
	if (!e)
		e = sync(c, uid, 0);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err org_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out)
{
	int64_t uid, oid;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = owner(c, id, user_id, &uid, &oid);
	if (!e)
		e = mark_default(c, uid, oid);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return list_all(c, "SELECT " COLS " FROM organization_memberships WHERE"
		" account_id = ? AND user_id = ? ORDER BY id", row, out, "ii",
		c->account_id, uid);
}
