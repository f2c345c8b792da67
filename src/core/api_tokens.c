/*
 * api_tokens.c: account-wide API tokens.
 *
 * The secret is generated here, shown once in the create response, and
 * stored only as its keyed hash (auth.c); token_hint keeps the last four
 * characters so admins can tell tokens apart.
 */
#include "parley.h"
#include "core/api_tokens.h"
#include "core/auth.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, description, active, token_hint, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:s,s:o,s:b,s:s,s:o,s:o}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "api_tokens/%lld", (long long)id),
		"description", jstr(stmt_text(st, 1)),
		"active", (int)stmt_i64(st, 2),
		"token", arena_printf(c->a, "...%s", stmt_text(st, 3)),
		"created_at", jtime(stmt_i64(st, 4)),
		"updated_at", jtime(stmt_i64(st, 5)));
}

enum pl_err api_tokens_list(struct ctx *c, const struct page *p, struct list_result *out)
{
	return list_run(c, p, COLS, "FROM api_tokens WHERE account_id = ?", row, out,
		"i", c->account_id);
}

enum pl_err api_token_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM api_tokens WHERE account_id = ? AND id = ?",
		row, out, "ii", c->account_id, id);
}

static enum pl_err description_of(struct ctx *c, json_t *in, const char **out)
{
	json_t *d = json_object_get(in, "description");
	if (d && !json_is_string(d) && !json_is_null(d))
		return ctx_invalid(c, "description", "InvalidValue",
			"Description: must be a string");
	if (json_is_string(d) && json_string_length(d) > 255)
		return ctx_invalid(c, "description", "TooLong",
			"Description: is too long (maximum is 255 characters)");
	*out = json_is_string(d) ? json_string_value(d) : NULL;
	return PL_OK;
}

enum pl_err api_token_create(struct ctx *c, json_t *in, json_t **out)
{
	const char *desc;
	enum pl_err e = description_of(c, in, &desc);
	if (e)
		return e;
	char *token, *hash;
	auth_new_token(c, &token, &hash);
	int64_t id = db_i64(c->db,
		"INSERT INTO api_tokens(account_id, token_hash, token_hint, description,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		"isssii", c->account_id, hash, token + TOKEN_LEN - 4, desc ? desc : "",
		c->now, c->now);
	if (id <= 0)
		return ctx_store_failed(c);
	if ((e = api_token_get(c, id, out)))
		return e;
	json_object_set_new(*out, "token", json_string(token));
	return PL_OK;
}

enum pl_err api_token_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	const char *desc;
	enum pl_err e = description_of(c, in, &desc);
	if (e)
		return e;
	json_t *active = json_object_get(in, "active");
	if (active && !json_is_boolean(active))
		return ctx_invalid(c, "active", "InvalidValue", "Active: must be true or false");
	if (!db_exec(c->db, "UPDATE api_tokens SET description = coalesce(?, description),"
		" active = coalesce(?, active), updated_at = ? WHERE account_id = ? AND id = ?",
		"soiii", desc, active ? json_is_true(active) : -1,
		c->now, c->account_id, id))
		return ctx_store_failed(c);
	return api_token_get(c, id, out);
}

enum pl_err api_token_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM api_tokens WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}
