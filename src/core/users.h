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

#endif
