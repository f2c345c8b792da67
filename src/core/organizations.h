/*
 * organizations.h: the companies end users (and agents) belong to.
 *
 * Names and external ids are unique within an account.  Deleting an
 * organization is a hard delete (204): its memberships go with it and its
 * members' default organization moves to their next one.
 */
#ifndef HEADER_CORE_ORGANIZATIONS_H
#define HEADER_CORE_ORGANIZATIONS_H

#include "core/list.h"

enum pl_err orgs_list(struct ctx *c, const struct page *p, struct list_result *out);
/* The organizations user_id belongs to; 404 for an unknown user. */
enum pl_err orgs_of_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out);
/* {"value", "refreshed_at"}: all organizations, or user_id's (0: all). */
enum pl_err orgs_count(struct ctx *c, int64_t user_id, json_t **out);
/* By id or external id, in the order asked, unknown ones left out.  *out
 * is an arena-owned array. */
enum pl_err orgs_show_many(struct ctx *c, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out);
/* The organizations whose ids are in ids (a JSON array, borrowed), in id
 * order, with one query (side-loads).  Arena-owned. */
enum pl_err orgs_by_ids(struct ctx *c, json_t *ids, json_t **out);
/* Exact external_id, else exact name (case-insensitive). */
enum pl_err orgs_search(struct ctx *c, const struct page *p, const char *external_id,
	const char *name, struct list_result *out);
/* Names starting with prefix (case-insensitive). */
enum pl_err orgs_autocomplete(struct ctx *c, const struct page *p, const char *prefix,
	struct list_result *out);

/* *out is borrowed from the arena. */
enum pl_err org_get(struct ctx *c, int64_t id, json_t **out);
/* {"users_count"} of organization id. */
enum pl_err org_related(struct ctx *c, int64_t id, json_t **out);
enum pl_err org_create(struct ctx *c, json_t *in, json_t **out);
/* Updates the organization named by in's id or else external_id, or
 * creates one; *created tells which. */
enum pl_err org_create_or_update(struct ctx *c, json_t *in, json_t **out,
	bool *created);
enum pl_err org_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err org_delete(struct ctx *c, int64_t id);
/* The organization with this external id, or PL_NOT_FOUND. */
enum pl_err org_id_by_external(struct ctx *c, const char *external_id, int64_t *id);

/* Whether organization id is in the account. */
bool org_exists(struct ctx *c, int64_t id);

#endif
