/*
 * api_tokens.h: the account's API tokens (admins only).
 */
#ifndef HEADER_CORE_API_TOKENS_H
#define HEADER_CORE_API_TOKENS_H

#include "core/list.h"

enum pl_err api_tokens_list(struct ctx *c, const struct page *p, struct list_result *out);
enum pl_err api_token_get(struct ctx *c, int64_t id, json_t **out);
/* Creates a token; *out carries the secret in "token", the only time it is
 * ever shown. */
enum pl_err api_token_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err api_token_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err api_token_delete(struct ctx *c, int64_t id);

#endif
