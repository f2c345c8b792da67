/*
 * oauth_tokens.c: OAuth access tokens (see oauth_tokens.h).
 *
 * Invariants:
 *  1. Only the keyed hash of a secret is stored (auth_token_hash); the
 *     secret leaves the server once, in the create response.
 *  2. token_hint keeps the last four characters so tokens can be told
 *     apart, as api_tokens does.
 *  3. scopes is a non-empty JSON array of Zendesk scope names.
 */
#include "parley.h"
#include "core/auth.h"
#include "core/input.h"
#include "core/oauth_tokens.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, user_id, client_id, token_hint, scopes, expires_at, created_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:s,s:I,s:o,s:s,s:n,s:o,s:o,s:o,s:n}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "oauth/tokens/%lld", (long long)id),
		"user_id", (json_int_t)stmt_i64(st, 1),
		"client_id", jid(stmt_i64(st, 2)),
		"token", arena_printf(c->a, "...%s", stmt_text(st, 3)),
		"refresh_token",
		"scopes", jparse(stmt_text(st, 4), json_array()),
		"expires_at", jtime(stmt_i64(st, 5)),
		"created_at", jtime(stmt_i64(st, 6)),
		"used_at");
}

enum pl_err oauth_tokens_list(struct ctx *c, const struct page *p, bool all,
	struct list_result *out)
{
	int64_t owner = all && ctx_is_admin(c) ? 0 : c->me.id;
	return list_run(c, p, COLS, "FROM oauth_tokens WHERE account_id = ?"
		" AND (? = 0 OR user_id = ?)", row, out, "iii", c->account_id, owner, owner);
}

enum pl_err oauth_token_get(struct ctx *c, int64_t id, json_t **out)
{
	int64_t owner = ctx_is_admin(c) ? 0 : c->me.id;
	return list_one(c, "SELECT " COLS " FROM oauth_tokens WHERE account_id = ?"
		" AND id = ? AND (? = 0 OR user_id = ?)", row, out, "iiii",
		c->account_id, id, owner, owner);
}

enum pl_err oauth_token_current(struct ctx *c, const char *bearer, json_t **out)
{
	if (!bearer)
		return ctx_not_found(c);
	return list_one(c, "SELECT " COLS " FROM oauth_tokens WHERE account_id = ?"
		" AND token_hash = ? AND user_id = ?", row, out, "isi", c->account_id,
		auth_token_hash(c, bearer), c->me.id);
}

static bool scope_valid(const char *s)
{
	static const char *const plain[] = { "read", "write", "impersonate" };
	static const char *const resources[] = {
		"tickets", "users", "auditlogs", "organizations", "hc", "apps",
		"triggers", "automations", "targets", "webhooks", "macros", "requests",
		"satisfaction_ratings", "dynamic_content", "any_channel", "web_widget",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(plain); i++)
		if (!strcmp(s, plain[i]))
			return true;
	const char *colon = strchr(s, ':');
	if (!colon || (strcmp(colon + 1, "read") && strcmp(colon + 1, "write")))
		return false;
	for (size_t i = 0; i < PL_ARRAY_LEN(resources); i++)
		if (strlen(resources[i]) == (size_t)(colon - s) &&
		    !strncmp(s, resources[i], (size_t)(colon - s)))
			return true;
	return false;
}

/* Checks the create request; reports every bad field. */
static enum pl_err check(struct ctx *c, json_t *in, int64_t *client_id,
	int64_t *expires_at)
{
	bool bad = false;
	const char *expires = NULL;
	bad |= input_id(c, in, "client_id", client_id) != PL_OK;
	bad |= input_text(c, in, "expires_at", 40, &expires) != PL_OK;
	if (!bad && !*client_id)
		bad |= input_blank(c, "client_id") != PL_OK;
	if (expires && (!time_parse_iso(expires, expires_at) || *expires_at <= c->now))
		bad |= ctx_invalid(c, "expires_at", "InvalidValue",
			"Expires at: must be a future ISO 8601 time") != PL_OK;
	json_t *scopes = json_object_get(in, "scopes");
	size_t i;
	json_t *s;
	bool scopes_ok = json_is_array(scopes) && json_array_size(scopes) > 0 &&
		json_array_size(scopes) <= 32;
	json_array_foreach(scopes, i, s)
		scopes_ok &= json_is_string(s) && scope_valid(json_string_value(s));
	if (!scopes)
		bad |= input_blank(c, "scopes") != PL_OK;
	else if (!scopes_ok)
		bad |= ctx_invalid(c, "scopes", "InvalidValue", "Scopes: must be a list "
			"of scopes such as read, write or tickets:read") != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

enum pl_err oauth_token_create(struct ctx *c, json_t *in, json_t **out)
{
	int64_t client_id = 0, expires_at = 0;
	enum pl_err e = check(c, in, &client_id, &expires_at);
	if (e)
		return e;
	char *token, *hash;
	auth_new_token(c, &token, &hash);
	int64_t id = db_i64(c->db, "INSERT INTO oauth_tokens(account_id, user_id,"
		" client_id, token_hash, token_hint, scopes, expires_at, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiisssni",
		c->account_id, c->me.id, client_id, hash, token + TOKEN_LEN - 4,
		jdump(c->a, json_object_get(in, "scopes")), expires_at, c->now);
	if (id <= 0)
		return ctx_store_failed(c);
	if ((e = oauth_token_get(c, id, out)))
		return e;
	json_object_set_new(*out, "full_token", json_string(token));
	return PL_OK;
}

enum pl_err oauth_token_delete(struct ctx *c, int64_t id)
{
	int64_t owner = ctx_is_admin(c) ? 0 : c->me.id;
	if (!db_exec(c->db, "DELETE FROM oauth_tokens WHERE account_id = ? AND id = ?"
		" AND (? = 0 OR user_id = ?)", "iiii", c->account_id, id, owner, owner))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}
