/*
 * oauth_tokens.h: OAuth access tokens, used as Authorization: Bearer.
 *
 * An admin creates a token for themselves; the secret is shown once, in
 * the create response's full_token, and stored only as its keyed hash
 * (auth.c checks bearer tokens against it).  Admins see and revoke every
 * token of the account; other users only their own.
 */
#ifndef HEADER_CORE_OAUTH_TOKENS_H
#define HEADER_CORE_OAUTH_TOKENS_H

#include "core/list.h"

/* The principal's tokens, or every token of the account when all is set
 * and the principal is an admin. */
enum pl_err oauth_tokens_list(struct ctx *c, const struct page *p, bool all,
	struct list_result *out);
/* *out is borrowed from the arena. */
enum pl_err oauth_token_get(struct ctx *c, int64_t id, json_t **out);
/* The token whose secret is bearer (the request's own); 404 when the
 * request did not use one. */
enum pl_err oauth_token_current(struct ctx *c, const char *bearer, json_t **out);
/* {client_id, scopes, expires_at}: a new token for the principal. */
enum pl_err oauth_token_create(struct ctx *c, json_t *in, json_t **out);
/* Revokes token id: bearer requests with it fail from now on. */
enum pl_err oauth_token_delete(struct ctx *c, int64_t id);

#endif
