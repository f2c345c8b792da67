/*
 * organization_memberships.c: users in organizations (see
 * organization_memberships.h).
 *
 * Invariants:
 *  1. A (user, organization) pair appears once (unique index; checked
 *     first so a duplicate is a 422, never a failed statement).
 *  2. A user with memberships has exactly one default membership and
 *     users.organization_id is its organization; without memberships it is
 *     NULL.
 * The shared logic (and both invariants) is core/memberships.c's.
 */
#include "parley.h"
#include "core/memberships.h"
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

static enum pl_err check_new(struct ctx *c, int64_t user_id, int64_t org_id)
{
	bool bad = false;
	if (user_role(c, user_id) == ROLE_ANON)
		bad |= ctx_invalid(c, "user_id", "InvalidValue",
			"User: %lld does not exist", (long long)user_id) != PL_OK;
	if (!org_exists(c, org_id))
		bad |= ctx_invalid(c, "organization_id", "InvalidValue",
			"Organization: %lld does not exist", (long long)org_id) != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

static const struct membership_kind kind = {
	MEMBERSHIP_KIND("organization_memberships", "organization_id",
		"organization_id", COLS),
	.dup_message = "User: is already a member of this organization",
	.row = row,
	.check = check_new,
};

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
	return membership_get(&kind, c, id, user_id, out);
}

enum pl_err org_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t organization_id)
{
	return membership_set_default(&kind, c, user_id, organization_id);
}

enum pl_err org_membership_drop_default(struct ctx *c, int64_t user_id)
{
	if (!db_exec(c->db, "DELETE FROM organization_memberships WHERE account_id = ?"
		" AND user_id = ? AND is_default = 1", "ii", c->account_id, user_id))
		return ctx_store_failed(c);
	return membership_sync(&kind, c, user_id, 0);
}

enum pl_err org_membership_drop_org(struct ctx *c, int64_t organization_id)
{
	return membership_drop_parent(&kind, c, organization_id);
}

enum pl_err org_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out)
{
	return membership_create(&kind, c, user_id, in, out);
}

enum pl_err org_membership_delete(struct ctx *c, int64_t id, int64_t user_id)
{
	return membership_delete(&kind, c, id, user_id);
}

enum pl_err org_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out)
{
	return membership_make_default(&kind, c, user_id, id, out);
}
