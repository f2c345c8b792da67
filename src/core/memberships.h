/*
 * memberships.h: the logic group_memberships.c and
 * organization_memberships.c share: a user belongs to parents (groups,
 * organizations) through a table of (user_id, PARENT, is_default) rows,
 * with exactly one default row per user who has any, mirrored into one
 * column of users.
 *
 * A resource describes itself with a struct membership_kind built by
 * MEMBERSHIP_KIND from its table and column names, so every statement is
 * a string literal (the store caches statements by the address of their
 * text).  Its own rules (who may be a member, which rows go when a user
 * leaves) stay in its module.
 */
#ifndef HEADER_CORE_MEMBERSHIPS_H
#define HEADER_CORE_MEMBERSHIPS_H

#include "core/list.h"

struct membership_kind {
	const char *parent;       /* body field and column, e.g. "group_id" */
	const char *dup_message;  /* the DuplicateValue message on user_id */
	list_row_fn row;          /* renders a row of the COLS given below */
	/* 422 (ctx_invalid) when user_id may not join parent_id, in a
	 * transaction; the duplicate check follows when this passes. */
	enum pl_err (*check)(struct ctx *c, int64_t user_id, int64_t parent_id);
	const char *get, *by_user, *sync_rows, *sync_users, *mark, *insert_missing,
		*count, *insert, *owner, *delete_one, *delete_parent;
};

/* TABLE: the table; PARENT: its parent column (and body field); USERCOL:
 * the column of users naming the default parent; COLS: the selected
 * columns, id first. */
#define MEMBERSHIP_KIND(TABLE, PARENT, USERCOL, COLS) \
	.parent = PARENT, \
	.get = "SELECT " COLS " FROM " TABLE " WHERE account_id = ? AND id = ?" \
		" AND (? = 0 OR user_id = ?)", \
	.by_user = "SELECT " COLS " FROM " TABLE " WHERE account_id = ?" \
		" AND user_id = ? ORDER BY id", \
	.sync_rows = "UPDATE " TABLE " SET is_default = 1, updated_at = ?" \
		" WHERE id IN (SELECT min(id) FROM " TABLE " WHERE account_id = ?" \
		" AND (? = 0 OR user_id = ?) GROUP BY user_id" \
		" HAVING max(is_default) = 0)", \
	.sync_users = "UPDATE users SET " USERCOL " = (SELECT m." PARENT \
		" FROM " TABLE " m WHERE m.user_id = users.id AND m.is_default = 1)," \
		" updated_at = ? WHERE account_id = ? AND (id = ? OR " USERCOL " = ?)", \
	.mark = "UPDATE " TABLE " SET is_default = (" PARENT " = ?)," \
		" updated_at = ? WHERE account_id = ? AND user_id = ?", \
	.insert_missing = "INSERT INTO " TABLE "(account_id, user_id, " PARENT "," \
		" created_at, updated_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS" \
		" (SELECT 1 FROM " TABLE " WHERE account_id = ? AND user_id = ?" \
		" AND " PARENT " = ?)", \
	.count = "SELECT count(*) FROM " TABLE " WHERE account_id = ?" \
		" AND user_id = ? AND " PARENT " = ?", \
	.insert = "INSERT INTO " TABLE "(account_id, user_id, " PARENT "," \
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id", \
	.owner = "SELECT user_id, " PARENT " FROM " TABLE " WHERE account_id = ?" \
		" AND id = ? AND (? = 0 OR user_id = ?)", \
	.delete_one = "DELETE FROM " TABLE " WHERE account_id = ? AND id = ?", \
	.delete_parent = "DELETE FROM " TABLE " WHERE account_id = ?" \
		" AND " PARENT " = ?"

/* Membership id, which must belong to user_id unless that is 0.  *out is
 * borrowed from the arena. */
enum pl_err membership_get(const struct membership_kind *k, struct ctx *c,
	int64_t id, int64_t user_id, json_t **out);
/* Creates {user_id, PARENT, default} (user_id, when not 0, overrides the
 * body's): 400/422 for bad input, 404 for an unknown user_id, 422 when
 * k->check refuses or the membership exists. */
enum pl_err membership_create(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, json_t *in, json_t **out);
/* Deletes membership id (of user_id unless 0); the user's oldest other
 * membership becomes the default when this one was. */
enum pl_err membership_delete(const struct membership_kind *k, struct ctx *c,
	int64_t id, int64_t user_id);
/* Makes membership id the default of user_id; *out is the user's
 * memberships afterwards (an arena-owned array). */
enum pl_err membership_make_default(const struct membership_kind *k,
	struct ctx *c, int64_t user_id, int64_t id, json_t **out);

/* Inside the caller's transaction: */
/* Restores the one-default invariant for user_id, or (user_id 0) for the
 * users whose default parent was parent_id: the oldest membership becomes
 * the default where none is, then the users column follows. */
enum pl_err membership_sync(const struct membership_kind *k, struct ctx *c,
	int64_t user_id, int64_t parent_id);
/* Makes user_id a member of parent_id (if not yet) and that membership the
 * default. */
enum pl_err membership_set_default(const struct membership_kind *k,
	struct ctx *c, int64_t user_id, int64_t parent_id);
/* Removes every membership in parent_id, moving defaults. */
enum pl_err membership_drop_parent(const struct membership_kind *k,
	struct ctx *c, int64_t parent_id);

#endif
