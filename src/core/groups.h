/*
 * groups.h: agent groups.
 *
 * Deleting a group is soft (deleted = 1): it still shows, with deleted:true,
 * to a direct read, but leaves lists and counts and loses its memberships.
 * Every account has exactly one default group (seeded as "Support" when the
 * account is created), which cannot be deleted.
 */
#ifndef HEADER_CORE_GROUPS_H
#define HEADER_CORE_GROUPS_H

#include "core/list.h"

/* Groups that are not deleted.  Every such group can take tickets, so
 * groups/assignable lists the same ones. */
enum pl_err groups_list(struct ctx *c, const struct page *p, struct list_result *out);
/* The groups user_id is a member of; 404 for an unknown user. */
enum pl_err groups_of_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out);
/* {"value", "refreshed_at"}: every group not deleted, or user_id's (0: all). */
enum pl_err groups_count(struct ctx *c, int64_t user_id, json_t **out);

/* *out is borrowed from the arena. */
enum pl_err group_get(struct ctx *c, int64_t id, json_t **out);
/* The groups (deleted ones too) whose ids are in ids (a JSON array,
 * borrowed), in id order, with one query (side-loads).  Arena-owned. */
enum pl_err groups_by_ids(struct ctx *c, json_t *ids, json_t **out);
/* {name, description, is_public, default}; default:true moves the account's
 * default to this group. */
enum pl_err group_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err group_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err group_delete(struct ctx *c, int64_t id);

/* Whether group id is in the account (and not deleted, unless deleted_too). */
bool group_exists(struct ctx *c, int64_t id, bool deleted_too);

#endif
