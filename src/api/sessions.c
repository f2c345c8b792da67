/*
 * sessions.c: /api/v2 sessions of the agent workspace (web/sessions.h).
 *
 * GET users/me/session and users/me/session/renew describe the session the
 * request came with (the cookie): 404 for Basic or Bearer requests, which
 * have none, as in Zendesk.  renew answers the CSRF token
 * ({"authenticity_token"}) that cookie-authenticated writes must send as
 * X-CSRF-Token.  DELETE users/me/logout ends it.
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "http/request.h"
#include "web/sessions.h"

static enum pl_err current(struct req *r)
{
	if (!r->session)
		return ctx_fail(&r->c, PL_NOT_FOUND, "There is no session: the request "
			"was not authenticated by a session cookie");
	return PL_OK;
}

static enum pl_err me(struct req *r)
{
	enum pl_err e = current(r);
	return e ? e : reply_obj(r, 200, "session", session_json(&r->c, r->session));
}

static enum pl_err renew(struct req *r)
{
	enum pl_err e = current(r);
	return e ? e : reply_json(r, 200, json_pack("{s:s}", "authenticity_token",
		r->session->csrf_token));
}

static enum pl_err logout(struct req *r)
{
	if (!r->session)
		return reply_no_content(r);
	enum pl_err e = session_delete(&r->c, r->session->user_id, r->session->id);
	return e ? e : reply_no_content(r);
}

static enum pl_err list_of(struct req *r, int64_t user_id)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = sessions_list(&r->c, &p, user_id, &res)))
		return e;
	return page_reply(r, &p, "sessions", &res);
}

static enum pl_err list(struct req *r)
{
	return list_of(r, 0);
}

static enum pl_err list_user(struct req *r)
{
	return list_of(r, r->id[0]);
}

static enum pl_err show(struct req *r)
{
	json_t *s;
	enum pl_err e = session_get(&r->c, r->id[0], r->id[1], &s);
	return e ? e : reply_obj(r, 200, "session", json_incref(s));
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = session_delete(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

static enum pl_err destroy_user(struct req *r)
{
	enum pl_err e = sessions_delete_user(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route sessions_routes[] = {
	{ V_GET, "users/me/session", me, ROLE_END_USER },
	{ V_GET, "users/me/session/renew", renew, ROLE_END_USER },
	{ V_DELETE, "users/me/logout", logout, ROLE_END_USER },
	{ V_GET, "sessions", list, ROLE_AGENT },
	{ V_GET, "users/{id}/sessions", list_user, ROLE_AGENT },
	{ V_DELETE, "users/{id}/sessions", destroy_user, ROLE_AGENT },
	{ V_GET, "users/{id}/sessions/{id}", show, ROLE_AGENT },
	{ V_DELETE, "users/{id}/sessions/{id}", destroy, ROLE_AGENT },
	{ 0 },
};
