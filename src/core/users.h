/*
 * users.h: end users, agents and admins of an account.
 */
#ifndef HEADER_CORE_USERS_H
#define HEADER_CORE_USERS_H

#include "core/list.h"

/* The user as Zendesk renders it; PL_NOT_FOUND when not in the account or
 * not visible to the principal (end users see only themselves). */
enum pl_err user_get(struct ctx *c, int64_t id, json_t **out);
/* The principal, or Zendesk's anonymous user when signed out. */
enum pl_err user_me(struct ctx *c, json_t **out);

/* The id of the account's user with this email, creating an end user
 * named name (or the email's local part) when there is none.  PL_INVALID
 * on a malformed email.  Runs inside the caller's transaction. */
enum pl_err user_find_or_create(struct ctx *c, const char *name, const char *email,
	int64_t *id);

/* The role of user id in the account; ROLE_ANON when there is no such active
 * user. */
enum pl_role user_role(struct ctx *c, int64_t id);

/* The role and organization (0 when none) of active user id in the
 * account; ROLE_ANON when there is no such user. */
enum pl_role user_role_org(struct ctx *c, int64_t id, int64_t *organization_id);

/* The users of the account whose ids are in ids (a JSON array of integers,
 * borrowed), rendered, in id order; one query.  *out is arena-owned. */
enum pl_err user_list_ids(struct ctx *c, json_t *ids, json_t **out);

/* Whether email looks like an address (one '@', a dot in the domain, no
 * spaces) and fits in 254 bytes. */
bool user_email_valid(const char *email);

#endif
