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
 * The shared logic (and invariants 1 and 3) is core/memberships.c's.
 */
#include "parley.h"
#include "core/group_memberships.h"
#include "core/groups.h"
#include "core/memberships.h"
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

/* Only agents and admins join live groups, each reported under its field. */
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
	return bad ? PL_INVALID : PL_OK;
}

static const struct membership_kind kind = {
	MEMBERSHIP_KIND("group_memberships", "group_id", "default_group_id", COLS),
	.dup_message = "User: is already a member of this group",
	.row = row,
	.check = check_new,
};

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
	return membership_get(&kind, c, id, user_id, out);
}

enum pl_err group_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t group_id)
{
	return membership_set_default(&kind, c, user_id, group_id);
}

enum pl_err group_membership_drop_user(struct ctx *c, int64_t user_id)
{
	if (!db_exec(c->db, "DELETE FROM group_memberships WHERE account_id = ?"
		" AND user_id = ?", "ii", c->account_id, user_id))
		return ctx_store_failed(c);
	return membership_sync(&kind, c, user_id, 0);
}

enum pl_err group_membership_drop_group(struct ctx *c, int64_t group_id)
{
	return membership_drop_parent(&kind, c, group_id);
}

enum pl_err group_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out)
{
	return membership_create(&kind, c, user_id, in, out);
}

enum pl_err group_membership_delete(struct ctx *c, int64_t id, int64_t user_id)
{
	return membership_delete(&kind, c, id, user_id);
}

enum pl_err group_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out)
{
	return membership_make_default(&kind, c, user_id, id, out);
}

static json_t *group_id_row(struct ctx *c, struct stmt *st)
{
	return json_integer(stmt_i64(st, 0));
}

enum pl_err group_membership_group_ids(struct ctx *c, int64_t user_id, json_t **out)
{
	return list_all(c, "SELECT group_id FROM group_memberships WHERE account_id = ?"
		" AND user_id = ? ORDER BY group_id", group_id_row, out, "ii", c->account_id,
		user_id);
}
