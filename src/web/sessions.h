/*
 * sessions.h: browser sessions of the agent workspace and the help center.
 *
 * Signing in at /agent (agents) or on a help center page (anyone) gives the
 * browser a cookie holding a random secret; the store keeps only its keyed
 * hash (auth_token_hash), with the user, the session's CSRF token and its
 * expiry.  A session ends when it is idle for SESSION_IDLE_SECONDS,
 * SESSION_MAX_SECONDS after sign-in, at sign-out, when the user's password
 * is reset, or when the user is no longer active (session_resume then
 * refuses it).  An end user's session counts only where the caller says
 * end users may use one (the help center's pages and the requests API):
 * elsewhere, and once an agent is demoted, it authenticates nothing.
 *
 * Requests authenticated by the cookie that change something must carry
 * the session's CSRF token (X-CSRF-Token, or an authenticity_token form
 * field): SameSite=Lax already keeps other sites' POSTs cookieless, the
 * token also covers older browsers and same-site subdomains.
 */
#ifndef HEADER_WEB_SESSIONS_H
#define HEADER_WEB_SESSIONS_H

#include "core/list.h"

#define SESSION_COOKIE "parley_session"
#define SESSION_IDLE_SECONDS (8 * 3600)
#define SESSION_MAX_SECONDS (14 * 86400)
/* last_seen_at and the idle expiry are written at most this often. */
#define SESSION_TOUCH_SECONDS 60

struct web_session {
	int64_t id;
	int64_t user_id;
	const char *csrf_token;  /* in the arena */
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;
};

/* Starts a session for c->me (any active user).  *secret is the cookie
 * value, shown only here; *out describes the session.  Both in the arena.
 * Also drops the account's expired sessions. */
enum pl_err session_create(struct ctx *c, char **secret, struct web_session **out);

/* The live session whose cookie value is secret, with its user loaded into
 * c->me; slides its idle expiry.  PL_UNAUTHORIZED when unknown, expired,
 * when the user is no longer active, or when the user is an end user and
 * not end_users (the request is not one end users make with a session). */
enum pl_err session_resume(struct ctx *c, const char *secret, bool end_users,
	struct web_session **out);

/* Whether token is the session's CSRF token (constant time). */
bool session_csrf_ok(const struct web_session *s, const char *token);

/* Ends session id of user_id.  Admins end anyone's, others only their
 * own (403).  PL_NOT_FOUND when there is no such session. */
enum pl_err session_delete(struct ctx *c, int64_t user_id, int64_t id);
/* Ends every session of user_id (same rule). */
enum pl_err sessions_delete_user(struct ctx *c, int64_t user_id);
/* Ends every session of user_id whoever asks (password reset); runs in the
 * caller's transaction. */
enum pl_err sessions_end_user(struct ctx *c, int64_t user_id);

/* Zendesk's session object: id, url, user_id, authenticated_at,
 * last_seen_at.  A new reference. */
json_t *session_json(struct ctx *c, const struct web_session *s);
/* Session id of user_id, rendered; borrowed from the arena. */
enum pl_err session_get(struct ctx *c, int64_t user_id, int64_t id, json_t **out);
/* Live sessions of user_id (0: every user of the account, admins only;
 * others see only their own), paged. */
enum pl_err sessions_list(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out);

#endif
