/*
 * group_memberships.h: which agents belong to which groups.
 *
 * Only agents and admins are members.  Each member with memberships has
 * exactly one default membership, and users.default_group_id names its
 * group (NULL without memberships); this module is the only writer of that
 * column.
 */
#ifndef HEADER_CORE_GROUP_MEMBERSHIPS_H
#define HEADER_CORE_GROUP_MEMBERSHIPS_H

#include "core/list.h"

struct group_membership_filter {
	int64_t user_id;    /* 0: any; else 404 when no such user */
	int64_t group_id;   /* 0: any; else 404 when no such group */
	bool assignable;    /* only active, unsuspended agents in live groups */
};

enum pl_err group_memberships_list(struct ctx *c, const struct page *p,
	const struct group_membership_filter *f, struct list_result *out);
/* Membership id, which must belong to user_id unless that is 0.  *out is
 * borrowed from the arena. */
enum pl_err group_membership_get(struct ctx *c, int64_t id, int64_t user_id,
	json_t **out);
/* Creates {user_id, group_id, default} (user_id, when not 0, overrides the
 * body's).  422 when the user is not an agent, the group is unknown or
 * deleted, or the membership exists. */
enum pl_err group_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out);
/* Deletes membership id (of user_id unless 0); the member's oldest other
 * membership becomes the default when this one was. */
enum pl_err group_membership_delete(struct ctx *c, int64_t id, int64_t user_id);
/* Makes membership id the default of user_id; *out is the user's
 * memberships afterwards (an arena-owned array). */
enum pl_err group_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out);

/* Inside the caller's transaction: */
/* Makes user_id a member of group_id (if not yet) and that membership the
 * default.  The caller has checked the user is an agent and the group
 * exists. */
enum pl_err group_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t group_id);
/* Removes every membership of user_id (demotion, deletion). */
enum pl_err group_membership_drop_user(struct ctx *c, int64_t user_id);
/* The ids of the groups user_id belongs to (JSON array, arena-owned). */
enum pl_err group_membership_group_ids(struct ctx *c, int64_t user_id, json_t **out);
/* Removes every membership of group_id (deletion), moving defaults. */
enum pl_err group_membership_drop_group(struct ctx *c, int64_t group_id);

#endif
