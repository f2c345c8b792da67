/*
 * account.c: signing in to and out of a brand's help center.
 *
 *   GET  /hc/{locale}/signin?return_to=/hc/...   the form (signed-in
 *                                                readers go straight back)
 *   POST /hc/{locale}/signin     email, password, return_to
 *   POST /hc/{locale}/signout    ends the session
 *
 * Any active user signs in here, end users included, with the sessions of
 * the agent workspace (web/sessions.h): the cookie of an end user counts
 * only on help center pages and in the requests API.  Wrong passwords
 * count toward the same lockout as the API's.  The sign-in post refuses
 * another site's Origin (login CSRF); return_to only ever leads back into
 * the help center.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/auth.h"
#include "guide/layout.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/url.h"
#include "web/form.h"
#include "web/sessions.h"
#include "web/static.h"

#include <string.h>

/* A help center path to go back to, or the locale's home page. */
static const char *safe_return(struct req *r, const char *locale, const char *to)
{
	if (!to || strncmp(to, "/hc/", 4) || strchr(to, '\\') || strstr(to, "//") ||
	    strncmp(to, WEB_HC_ASSETS_PREFIX, strlen(WEB_HC_ASSETS_PREFIX)) == 0)
		return arena_printf(r->c.a, "/hc/%s", url_escape(r->c.a, locale));
	return to;
}

static enum pl_err form(struct req *r, const char *locale, int status,
	const char *email, const char *error, const char *to)
{
	struct hc_page pg;
	enum pl_err e = hc_page_init(&pg, r, locale);
	if (e)
		return e;
	hc_page_begin(&pg, "Sign in", "signin", NULL);
	sbuf_adds(&pg.b, "<h1>Sign in</h1>");
	if (error)
		hc_printf(&pg, "<p class=\"hc-errors\" role=\"alert\">%s</p>",
			hc_esc(&pg, error));
	hc_printf(&pg, "<form class=\"hc-form\" method=\"post\" action=\"/hc/%s/signin\">"
		"<input type=\"hidden\" name=\"return_to\" value=\"%s\">"
		"<div class=\"hc-field\"><label for=\"email\">Email</label>"
		"<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\""
		" required value=\"%s\"></div>"
		"<div class=\"hc-field\"><label for=\"password\">Password</label>"
		"<input id=\"password\" name=\"password\" type=\"password\""
		" autocomplete=\"current-password\" required></div>"
		"<p><button type=\"submit\">Sign in</button></p></form>",
		hc_esc(&pg, locale), hc_esc(&pg, safe_return(r, locale, to)),
		hc_esc(&pg, email ? email : ""));
	pg.status = status;
	return hc_page_end(&pg);
}

static enum pl_err signin_page(struct req *r)
{
	const char *l;
	enum pl_err e;
	if ((e = hc_page_locale(r, &l)) || !l)
		return e;
	const char *to = req_query(r, "return_to");
	if (r->c.me.id)
		return reply_redirect(r, safe_return(r, l, to));
	return form(r, l, 200, NULL, NULL, to);
}

static enum pl_err signin(struct req *r)
{
	struct ctx *c = &r->c;
	const char *l;
	enum pl_err e;
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_same_origin(r)))
		return e;
	const char *email = web_form(r, "email"), *pw = web_form(r, "password");
	const char *to = web_form(r, "return_to");
	if (!email || !*email || !pw || !*pw)
		return form(r, l, 422, email, "Enter your email and password.", to);
	int retry = 0;
	c->me = (struct principal){0};
	e = auth_password(c, email, pw, &retry);
	if (e == PL_RATE_LIMITED) {
		c->err_title = NULL;
		c->err_desc = NULL;
		reply_header(r, "Retry-After", arena_printf(c->a, "%d", retry));
		return form(r, l, 429, email, "Too many attempts; try again in a few "
			"minutes.", to);
	}
	if (e == PL_UNAUTHORIZED) {
		c->err_title = NULL;
		return form(r, l, 401, email, "Invalid email or password.", to);
	}
	char *secret;
	struct web_session *s;
	if (e || (e = session_create(c, &secret, &s)))
		return e;
	web_session_cookie(r, secret, SESSION_MAX_SECONDS);
	reply_header(r, "Cache-Control", "no-store");
	return reply_redirect(r, safe_return(r, l, to));
}

static enum pl_err signout(struct req *r)
{
	const char *l;
	enum pl_err e;
	if ((e = hc_page_locale(r, &l)) || !l)
		return e;
	web_session_cookie(r, "", 0);
	if (r->session &&
	    (e = session_delete(&r->c, r->session->user_id, r->session->id)))
		return e;
	return reply_redirect(r, arena_printf(r->c.a, "/hc/%s", url_escape(r->c.a, l)));
}

const struct route hc_account_routes[] = {
	{ V_GET, "hc/{key}/signin", signin_page, ROLE_ANON },
	{ V_POST, "hc/{key}/signin", signin, ROLE_ANON },
	{ V_POST, "hc/{key}/signout", signout, ROLE_ANON },
	{ 0 },
};
