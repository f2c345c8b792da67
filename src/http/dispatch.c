/*
 * dispatch.c: from a complete request to a response.
 *
 * Order: body limit -> static assets -> account (Host) -> rate limit ->
 * credentials -> route -> role -> handler.  Every failure ends in render_error(), the one
 * place where enum pl_err becomes an HTTP status and a Zendesk-shaped body.
 * A handler that fails inside a transaction has rolled it back itself
 * (core functions pair db_begin with db_commit or db_rollback).
 */
#include "parley.h"
#include "http/http.h"
#include "http/router.h"
#include "core/auth.h"
#include "core/config.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "web/form.h"
#include "web/sessions.h"
#include "web/static.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

static int status_of(enum pl_err e)
{
	switch (e) {
	case PL_OK: return 200;
	case PL_BAD_REQUEST: return 400;
	case PL_UNAUTHORIZED: return 401;
	case PL_FORBIDDEN: return 403;
	case PL_NOT_FOUND: return 404;
	case PL_NO_ROUTE: return 404;
	case PL_METHOD: return 405;
	case PL_CONFLICT: return 409;
	case PL_TOO_LARGE: return 413;
	case PL_INVALID: return 422;
	case PL_RATE_LIMITED: return 429;
	case PL_STORE: return 503;
	case PL_INTERNAL: return 500;
	}
	return 500;
}

static void render_error(struct req *r, enum pl_err e)
{
	struct ctx *c = &r->c;
	r->status = status_of(e);
	json_t *b = json_object();
	switch (e) {
	case PL_UNAUTHORIZED:
		json_object_set_new(b, "error", json_string("Couldn't authenticate you"));
		reply_header(r, "WWW-Authenticate", "Basic realm=\"Web Password\"");
		break;
	case PL_NO_ROUTE:
		json_object_set_new(b, "error", json_string("InvalidEndpoint"));
		json_object_set_new(b, "description", json_string("Not found"));
		break;
	case PL_METHOD:
		json_object_set_new(b, "error", json_string("InvalidEndpoint"));
		json_object_set_new(b, "description",
			json_string("This endpoint does not accept this HTTP method"));
		break;
	default:
		json_object_set_new(b, "error", json_string(c->err_title ? c->err_title : "Error"));
		if (c->err_desc)
			json_object_set_new(b, "description", json_string(c->err_desc));
		if (c->err_details)
			json_object_set(b, "details", c->err_details);
	}
	if (r->web) {
		/* Pages get a page, not JSON. */
		const char *msg = json_string_value(json_object_get(b, "description"));
		char *html = arena_printf(c->a, "<!doctype html><meta charset=\"utf-8\">"
			"<title>%d</title><h1>%d</h1><p>%s</p>", r->status, r->status,
			r->status == 404 ? "This page does not exist." :
			r->status == 401 ? "Please sign in." :
			r->status == 403 ? "You do not have access to this page." :
			msg && r->status < 500 ? "The request could not be processed." :
			"Something went wrong; please try again.");
		json_decref(b);
		reply_raw(r, r->status, "text/html; charset=utf-8", html, strlen(html));
		return;
	}
	r->out = jown(c->a, b);
	r->nraw = 0;
}

/* The origin links are built on: --public-url, or the request's Host. */
static const char *api_base(struct req *r)
{
	const struct config *cfg = r->c.cfg;
	if (cfg->public_url)
		return arena_printf(r->c.a, "%s/api/v2", cfg->public_url);
	const char *host = req_header(r, "Host");
	const char *proto = req_header(r, "X-Forwarded-Proto");
	if (!proto || (strcmp(proto, "https") && strcmp(proto, "http")))
		proto = "http";
	return arena_printf(r->c.a, "%s://%s/api/v2", proto, host ? host : "localhost");
}

/* Whether a request the session cookie authenticates may change things:
 * API requests must carry the session's token in X-CSRF-Token; pages
 * (form posts) carry it in an authenticity_token field, or come from a page
 * of this origin, as the browser's Origin header tells (forms of pages
 * that do not embed the token, such as the help center's). */
static bool csrf_ok(struct req *r, const struct web_session *s)
{
	const char *t = req_header(r, "X-CSRF-Token");
	if (!r->web)
		return session_csrf_ok(s, t);
	return session_csrf_ok(s, t ? t : web_form(r, "authenticity_token")) ||
		web_origin_is_own(r);
}

/* Whether an end user's session counts for r: the help center's pages,
 * the requests API (users/{id}/requests, organizations/{id}/requests
 * included) and the session's own endpoints (users/me/session[/renew],
 * users/me/logout: its CSRF token, sign-out); never the agent workspace or
 * the rest of the API. */
static bool end_user_session_ok(const struct req *r)
{
	if (r->nseg < 1)
		return false;
	if (r->web)
		return strcmp(r->seg[0], "hc") == 0;
	if (r->nseg >= 3 && !strcmp(r->seg[0], "users") && !strcmp(r->seg[1], "me") &&
	    (!strcmp(r->seg[2], "session") || !strcmp(r->seg[2], "logout")))
		return true;
	return strcmp(r->seg[0], "requests") == 0 || (r->nseg == 3 &&
		(!strcmp(r->seg[0], "users") || !strcmp(r->seg[0], "organizations")) &&
		!strcmp(r->seg[2], "requests"));
}

/* Without an Authorization header, the browser session named by the
 * cookie (web/sessions.h) stands for its user, for pages and the API
 * alike (end users' sessions only where end_user_session_ok).  An unknown or expired cookie leaves the request anonymous, so the
 * sign-in page shows.  A request the cookie authenticates that may change
 * something (not GET or HEAD) must pass csrf_ok: 403 otherwise.  Basic and
 * Bearer credentials are not cookies, so API clients never need a token. */
static enum pl_err authenticate_cookie(struct req *r)
{
	const char *secret = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
		SESSION_COOKIE);
	if (!secret || !*secret)
		return PL_OK;
	struct web_session *s;
	enum pl_err e = session_resume(&r->c, secret, end_user_session_ok(r), &s);
	if (e == PL_UNAUTHORIZED) {
		r->c.err_title = NULL;
		return PL_OK;
	}
	if (e)
		return e;
	r->session = s;
	if ((r->verb & (V_GET | V_HEAD)) || csrf_ok(r, s))
		return PL_OK;
	return ctx_fail(&r->c, PL_FORBIDDEN, "The request needs the session's "
		"X-CSRF-Token header (see GET /api/v2/users/me/session/renew)");
}

static enum pl_err authenticate(struct req *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || !*h)
		return authenticate_cookie(r);
	int retry = 0;
	enum pl_err e = auth_header(&r->c, h, &retry);
	if (e == PL_RATE_LIMITED)
		reply_header(r, "Retry-After", arena_printf(r->c.a, "%d", retry));
	return e;
}

static enum pl_err run(struct req *r)
{
	struct ctx *c = &r->c;
	if (r->body_too_large)
		return ctx_fail(c, PL_TOO_LARGE, "The request body is larger than the "
			"server accepts");
	if (!r->path)
		return PL_NO_ROUTE;
	if (web_static_match(r))
		return web_static_serve(r);
	c->now = time_now();
	c->db = store_db(c->cfg->store);
	if (!c->db)
		return ctx_fail(c, PL_STORE, "The data store is unavailable");
	if (r->verb & (V_GET | V_HEAD))
		db_read_begin(c->db);
	enum pl_err e = auth_account_by_host(c, req_header(r, "Host"));
	if (e)
		return e;
	int retry = 0, remaining = 0;
	bool rate_ok = auth_rate_ok(c->account_id, c->cfg->rate_limit, c->now, &retry,
		&remaining);
	if (c->cfg->rate_limit > 0) {
		reply_header(r, "X-Rate-Limit", arena_printf(c->a, "%d", c->cfg->rate_limit));
		reply_header(r, "X-Rate-Limit-Remaining", arena_printf(c->a, "%d", remaining));
	}
	if (!rate_ok) {
		reply_header(r, "Retry-After", arena_printf(c->a, "%d", retry));
		return ctx_fail(c, PL_RATE_LIMITED,
			"The account has exceeded its rate limit of %d requests per minute",
			c->cfg->rate_limit);
	}
	c->api_base = api_base(r);
	if ((e = authenticate(r)))
		return e;
	const struct route *rt = router_match(r, &e);
	if (!rt)
		return e;
	if (c->me.read_only && !(r->verb & (V_GET | V_HEAD)))
		return ctx_fail(c, PL_FORBIDDEN, "This token's scopes allow reading only");
	if (c->me.role < rt->min_role)
		return c->me.role == ROLE_ANON ? ctx_fail(c, PL_UNAUTHORIZED, NULL)
			: ctx_forbidden(c);
	return rt->fn(r);
}

void http_dispatch(struct req *r)
{
	enum pl_err e = run(r);
	if (r->c.db && db_abandon(r->c.db)) {
		fprintf(stderr, "parley: BUG: %s left a transaction open; rolled back\n",
			r->path ? r->path : "?");
		if (e == PL_OK) {
			r->c.err_title = NULL;
			e = ctx_fail(&r->c, PL_INTERNAL, "The request was not completed");
		}
	}
	if (r->c.db)
		db_read_end(r->c.db);
	if (e != PL_OK)
		render_error(r, e);
	else if (!r->status)
		r->status = 200;
}
