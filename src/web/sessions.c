/*
 * sessions.c: browser sessions (see sessions.h) and their queries.
 *
 * Invariants:
 *  1. The cookie secret is never stored: a session row is found by the
 *     keyed hash of the cookie value, so a copy of the store signs no one in.
 *  2. A row is live while expires_at > now and created_at + SESSION_MAX_SECONDS
 *     > now; session_resume slides expires_at (idle expiry) at most once per
 *     SESSION_TOUCH_SECONDS, so reading pages costs no write per request.
 *  3. Every query is scoped by account_id: a cookie replayed against another
 *     account's host finds nothing.
 *  4. An end user's session authenticates only requests whose caller allows
 *     end users (session_resume's end_users: help center pages and the
 *     requests API); anywhere else it is refused, so a session signed in on
 *     the help center never opens the agent workspace, and a demoted
 *     agent's session stops working there at the next request.
 */
#include "parley.h"
#include "web/sessions.h"
#include "core/auth.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>

#define COLS "id, user_id, csrf_token, created_at, last_seen_at, expires_at"
#define LIVE "expires_at > ? AND created_at > ?"

static void fill(struct ctx *c, struct stmt *st, struct web_session *s)
{
	s->id = stmt_i64(st, 0);
	s->user_id = stmt_i64(st, 1);
	s->csrf_token = arena_strdup(c->a, stmt_text(st, 2));
	s->created_at = stmt_i64(st, 3);
	s->last_seen_at = stmt_i64(st, 4);
	s->expires_at = stmt_i64(st, 5);
}

json_t *session_json(struct ctx *c, const struct web_session *s)
{
	return json_pack("{s:I,s:s,s:I,s:o,s:o}",
		"id", (json_int_t)s->id,
		"url", ctx_url(c, "users/%lld/sessions/%lld", (long long)s->user_id,
			(long long)s->id),
		"user_id", (json_int_t)s->user_id,
		"authenticated_at", jtime(s->created_at),
		"last_seen_at", jtime(s->last_seen_at));
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	struct web_session s;
	fill(c, st, &s);
	return session_json(c, &s);
}

enum pl_err session_create(struct ctx *c, char **secret, struct web_session **out)
{
	char *hash, *csrf, *unused;
	auth_new_token(c, secret, &hash);
	auth_new_token(c, &csrf, &unused);
	struct web_session *s = arena_alloc(c->a, sizeof(*s));
	s->user_id = c->me.id;
	s->csrf_token = csrf;
	s->created_at = s->last_seen_at = c->now;
	s->expires_at = c->now + SESSION_IDLE_SECONDS;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	bool ok = db_exec(c->db, "DELETE FROM sessions WHERE account_id = ?"
		" AND NOT (" LIVE ")", "iii", c->account_id, c->now,
		c->now - SESSION_MAX_SECONDS);
	s->id = ok ? db_i64(c->db, "INSERT INTO sessions(account_id, user_id,"
		" secret_hash, csrf_token, created_at, last_seen_at, expires_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "iissiii", c->account_id,
		s->user_id, hash, csrf, s->created_at, s->last_seen_at,
		s->expires_at) : -1;
	if (s->id <= 0) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	*out = s;
	return PL_OK;
}

/* Slides the idle expiry of s when it was last written long enough ago. */
static enum pl_err touch(struct ctx *c, struct web_session *s)
{
	if (c->now - s->last_seen_at < SESSION_TOUCH_SECONDS)
		return PL_OK;
	s->last_seen_at = c->now;
	s->expires_at = c->now + SESSION_IDLE_SECONDS;
	if (!db_exec(c->db, "UPDATE sessions SET last_seen_at = ?, expires_at = ?"
		" WHERE account_id = ? AND id = ?", "iiii", s->last_seen_at,
		s->expires_at, c->account_id, s->id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err session_resume(struct ctx *c, const char *secret, bool end_users,
	struct web_session **out)
{
	if (strlen(secret) != TOKEN_LEN)
		return ctx_fail(c, PL_UNAUTHORIZED, NULL);
	struct stmt *st = db_q(c->db, "SELECT " COLS " FROM sessions"
		" WHERE account_id = ? AND secret_hash = ? AND " LIVE, "isii",
		c->account_id, auth_token_hash(c, secret), c->now,
		c->now - SESSION_MAX_SECONDS);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_fail(c, PL_UNAUTHORIZED, NULL);
	}
	struct web_session *s = arena_alloc(c->a, sizeof(*s));
	fill(c, st, s);
	stmt_reset(st);
	enum pl_err e = auth_load_user(c, s->user_id);
	if (e == PL_OK && c->me.role < ROLE_AGENT && !end_users) {
		c->me = (struct principal){0};
		e = ctx_fail(c, PL_UNAUTHORIZED, NULL);
	}
	if (e)
		return e;
	if ((e = touch(c, s)))
		return e;
	*out = s;
	return PL_OK;
}

bool session_csrf_ok(const struct web_session *s, const char *token)
{
	size_t n = strlen(s->csrf_token);
	return token && strlen(token) == n &&
		sodium_memcmp(token, s->csrf_token, n) == 0;
}

/* Admins act on the sessions of any user of the account (404 for an
 * unknown one), others only on their own (403). */
static enum pl_err may_see(struct ctx *c, int64_t user_id)
{
	if (user_id == c->me.id)
		return PL_OK;
	if (!ctx_is_admin(c))
		return ctx_forbidden(c);
	return user_role(c, user_id) == ROLE_ANON ? ctx_not_found(c) : PL_OK;
}

enum pl_err session_delete(struct ctx *c, int64_t user_id, int64_t id)
{
	enum pl_err e = may_see(c, user_id);
	if (e)
		return e;
	if (!db_exec(c->db, "DELETE FROM sessions WHERE account_id = ? AND user_id = ?"
		" AND id = ?", "iii", c->account_id, user_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

enum pl_err sessions_end_user(struct ctx *c, int64_t user_id)
{
	if (!db_exec(c->db, "DELETE FROM sessions WHERE account_id = ? AND user_id = ?",
		"ii", c->account_id, user_id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err sessions_delete_user(struct ctx *c, int64_t user_id)
{
	enum pl_err e = may_see(c, user_id);
	return e ? e : sessions_end_user(c, user_id);
}

enum pl_err session_get(struct ctx *c, int64_t user_id, int64_t id, json_t **out)
{
	enum pl_err e = may_see(c, user_id);
	if (e)
		return e;
	return list_one(c, "SELECT " COLS " FROM sessions WHERE account_id = ?"
		" AND user_id = ? AND id = ? AND " LIVE, row, out, "iiiii",
		c->account_id, user_id, id, c->now, c->now - SESSION_MAX_SECONDS);
}

enum pl_err sessions_list(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out)
{
	if (!user_id && !ctx_is_admin(c))
		user_id = c->me.id;
	enum pl_err e = may_see(c, user_id ? user_id : c->me.id);
	if (e)
		return e;
	if (!user_id)
		return list_run(c, p, COLS, "FROM sessions WHERE account_id = ?"
			" AND " LIVE, row, out, "iii", c->account_id, c->now,
			c->now - SESSION_MAX_SECONDS);
	return list_run(c, p, COLS, "FROM sessions WHERE account_id = ?"
		" AND user_id = ? AND " LIVE, row, out, "iiii", c->account_id, user_id,
		c->now, c->now - SESSION_MAX_SECONDS);
}
