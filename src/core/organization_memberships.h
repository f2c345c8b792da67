/*
 * organization_memberships.h: which users belong to which organizations.
 *
 * A user with memberships has exactly one default membership, and
 * users.organization_id names its organization (NULL without memberships);
 * this module is the only writer of that column.
 */
#ifndef HEADER_CORE_ORGANIZATION_MEMBERSHIPS_H
#define HEADER_CORE_ORGANIZATION_MEMBERSHIPS_H

#include "core/list.h"

/* user_id / organization_id: 0 for any, else 404 when unknown. */
enum pl_err org_memberships_list(struct ctx *c, const struct page *p,
	int64_t user_id, int64_t organization_id, struct list_result *out);
/* Membership id, which must belong to user_id unless that is 0.  *out is
 * borrowed from the arena. */
enum pl_err org_membership_get(struct ctx *c, int64_t id, int64_t user_id,
	json_t **out);
/* Creates {user_id, organization_id, default} (user_id, when not 0,
 * overrides the body's); the user's first membership becomes the default.
 * 422 for an unknown user or organization or an existing membership. */
enum pl_err org_membership_create(struct ctx *c, int64_t user_id, json_t *in,
	json_t **out);
/* Deletes membership id (of user_id unless 0); the user's oldest other
 * membership becomes the default when this one was. */
enum pl_err org_membership_delete(struct ctx *c, int64_t id, int64_t user_id);
/* Makes membership id the default of user_id; *out is the user's
 * memberships afterwards (an arena-owned array). */
enum pl_err org_membership_make_default(struct ctx *c, int64_t user_id, int64_t id,
	json_t **out);

/* Inside the caller's transaction: */
/* Makes user_id a member of organization_id (if not yet) and that
 * membership the default.  The caller has checked both exist. */
enum pl_err org_membership_set_default(struct ctx *c, int64_t user_id,
	int64_t organization_id);
/* Removes the default membership of user_id; the next becomes default. */
enum pl_err org_membership_drop_default(struct ctx *c, int64_t user_id);
/* Removes every membership in organization_id (its deletion). */
enum pl_err org_membership_drop_org(struct ctx *c, int64_t organization_id);

#endif
