/*
 * password_reset.c: reset tokens and the mail that carries them
 * (password_reset.h).
 *
 * Invariants:
 *  1. Tokens are stored only as their keyed hash; the clear token exists in
 *     the queued mail and nowhere else.
 *  2. A token works once: finishing sets used_at on every open token of the
 *     user inside the transaction that writes the password, and the write
 *     happens only if this token was still open (so two concurrent submits
 *     of one token change the password once).
 *  3. Reads of users here are limited to what a reset needs (id, name,
 *     locale of an active, unsuspended user by email); users.c owns writes.
 */
#include "parley.h"
#include "web/password_reset.h"
#include "web/i18n.h"
#include "web/sessions.h"
#include "core/auth.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"

#include <string.h>

struct recipient {
	int64_t id;
	const char *name;
	const char *email;
	const char *locale;
};

/* The active, unsuspended user with this email; PL_NOT_FOUND if none. */
static enum pl_err recipient_of(struct ctx *c, const char *email, struct recipient *u)
{
	struct stmt *st = db_q(c->db, "SELECT id, name, email, locale FROM users"
		" WHERE account_id = ? AND email = lower(?) AND active = 1"
		" AND suspended = 0", "is", c->account_id, email);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return PL_NOT_FOUND;
	}
	u->id = stmt_i64(st, 0);
	u->name = arena_strdup(c->a, stmt_text(st, 1));
	u->email = arena_strdup(c->a, stmt_text(st, 2));
	u->locale = arena_strdup(c->a, stmt_text(st, 3));
	stmt_reset(st);
	return PL_OK;
}

/* Queues the reset mail for u with the clear token; in the transaction. */
static bool queue_mail(struct ctx *c, const struct recipient *u, const char *link)
{
	struct web_i18n m;
	web_i18n_load(c, web_lang_of_locale(u->locale), &m);
	const char *names[] = { "name", "link", "minutes", "account" };
	const char *values[] = { u->name, link,
		arena_printf(c->a, "%d", RESET_SECONDS / 60), c->account_subdomain };
	char *subject = web_format(c, web_t(&m, "mail.reset.subject"), 4, names, values);
	char *body = web_format(c, web_t(&m, "mail.reset.body"), 4, names, values);
	return db_exec(c->db, "INSERT INTO mail_outbox(account_id, purpose, to_email,"
		" to_name, subject, body_text, created_at)"
		" VALUES (?, 'password_reset', ?, ?, ?, ?, ?)", "issssi", c->account_id,
		u->email, u->name, subject, body, c->now);
}

enum pl_err password_reset_request(struct ctx *c, const char *email,
	const char *link_base)
{
	struct recipient u = {0};
	enum pl_err e = recipient_of(c, email, &u);
	if (e)
		return e == PL_NOT_FOUND ? PL_OK : e;
	char *token, *hash;
	auth_new_token(c, &token, &hash);
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t recent = db_i64(c->db, "SELECT count(*) FROM password_resets"
		" WHERE account_id = ? AND user_id = ? AND created_at > ?", "iii",
		c->account_id, u.id, c->now - RESET_RESEND_SECONDS);
	bool ok = recent >= 0;
	if (ok && recent == 0)
		ok = db_exec(c->db, "INSERT INTO password_resets(account_id, user_id,"
			" token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
			"iisii", c->account_id, u.id, hash, c->now + RESET_SECONDS, c->now) &&
			queue_mail(c, &u, arena_printf(c->a, "%s%s", link_base, token));
	if (!ok) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err password_reset_check(struct ctx *c, const char *token, int64_t *user_id)
{
	int64_t id = db_i64(c->db, "SELECT user_id FROM password_resets"
		" WHERE account_id = ? AND token_hash = ? AND used_at IS NULL"
		" AND expires_at > ?", "isi", c->account_id, auth_token_hash(c, token),
		c->now);
	if (id <= 0)
		return ctx_not_found(c);
	*user_id = id;
	return PL_OK;
}

/* Uses up token (which must still be open) and every other open token of
 * its user; *user_id is the user.  In the transaction. */
static enum pl_err use_tokens(struct ctx *c, const char *token, int64_t *user_id)
{
	enum pl_err e = password_reset_check(c, token, user_id);
	if (e)
		return e;
	if (!db_exec(c->db, "UPDATE password_resets SET used_at = ?"
		" WHERE account_id = ? AND user_id = ? AND used_at IS NULL", "iii",
		c->now, c->account_id, *user_id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err password_reset_finish(struct ctx *c, const char *token,
	const char *password)
{
	char *hash;
	int64_t uid = 0;
	enum pl_err e = password_reset_check(c, token, &uid);
	if (e || (e = user_password_hash(c, password, &hash)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = use_tokens(c, token, &uid)) ||
	    (e = user_write_password(c, uid, hash)) ||
	    (e = sessions_end_user(c, uid))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	auth_forget_user(uid);
	return PL_OK;
}
