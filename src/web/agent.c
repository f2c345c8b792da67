/*
 * agent.c: the server side of the agent workspace at /agent.
 *
 * The workspace itself is static HTML, CSS and ES modules under
 * web/agent/ (served by static.c) that call the public /api/v2 with the
 * session cookie; this file renders only what must exist before that code
 * runs or without it:
 *  - the sign-in form and its post, sign-out;
 *  - the password reset pages (request a link, set a new password);
 *  - the shell page of every workspace URL (/agent, /agent/tickets/7,
 *    /agent/admin/brands...), which carries the session's CSRF token and
 *    loads app.js, which routes on the path.
 *
 * Signed-out pages speak the browser's language (Accept-Language); the
 * workspace then speaks the agent's (users.locale).  Only agents and admins
 * get a session; the admin center's URLs answer 403 to other agents (the
 * API refuses them anyway).
 *
 * Every page is sent with Cache-Control: no-store, a Content-Security-Policy
 * that allows only this origin's files (no inline script), and
 * Referrer-Policy: same-origin so a reset link's token does not leak.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/auth.h"
#include "core/config.h"
#include "http/request.h"
#include "util/arena.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/password_reset.h"
#include "web/sessions.h"

#include <string.h>
#include <strings.h>

#define CSP "default-src 'self'; img-src 'self' data:; object-src 'none';" \
	" base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* text escaped for HTML text and quoted attributes, in the arena. */
static char *esc(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, a);
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&': sbuf_adds(&b, "&amp;"); break;
		case '<': sbuf_adds(&b, "&lt;"); break;
		case '>': sbuf_adds(&b, "&gt;"); break;
		case '"': sbuf_adds(&b, "&quot;"); break;
		case '\'': sbuf_adds(&b, "&#39;"); break;
		default: sbuf_add(&b, p, 1);
		}
	}
	return b.s;
}

/* The origin pages are reached at: --public-url, or the Host. */
static const char *origin(struct req *r)
{
	if (r->c.cfg->public_url)
		return r->c.cfg->public_url;
	const char *host = req_header(r, "Host");
	return arena_printf(r->c.a, "%s://%s", web_https(r) ? "https" : "http",
		host ? host : "localhost");
}

/* Refuses form posts another site's page sent (login CSRF): a browser
 * names the page's origin in Origin; clients that send none are not
 * browsers posting on someone's behalf. */
static bool same_origin(struct req *r)
{
	return !req_header(r, "Origin") || web_origin_is_own(r);
}

static void page_headers(struct req *r)
{
	reply_header(r, "Cache-Control", "no-store");
	reply_header(r, "Content-Security-Policy", CSP);
	reply_header(r, "Referrer-Policy", "same-origin");
}

/* A signed-out page: a card with body under the product name. */
static enum pl_err card(struct req *r, int status, const struct web_i18n *m,
	const char *title, const char *body)
{
	page_headers(r);
	char *html = arena_printf(r->c.a,
		"<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<title>%s</title>"
		"<link rel=\"stylesheet\" href=\"/agent/assets/agent/styles.css\">"
		"</head><body class=\"signed-out\"><main class=\"card\">"
		"<p class=\"brand\">Parley</p><h1>%s</h1>%s</main></body></html>\n",
		m->lang, esc(r->c.a, title), esc(r->c.a, title), body);
	return reply_raw(r, status, "text/html; charset=utf-8", html, strlen(html));
}

static void signed_out_lang(struct req *r, struct web_i18n *m)
{
	web_i18n_load(&r->c, web_lang_accept(req_header(r, "Accept-Language")), m);
}

/* The hidden CSRF field forms need when a session exists. */
static const char *csrf_field(struct req *r)
{
	if (!r->session)
		return "";
	return arena_printf(r->c.a, "<input type=\"hidden\" name=\"authenticity_token\""
		" value=\"%s\">", esc(r->c.a, r->session->csrf_token));
}

static const char *alert(struct req *r, const char *role, const char *text)
{
	if (!text)
		return "";
	return arena_printf(r->c.a, "<p class=\"%s\" role=\"%s\">%s</p>",
		strcmp(role, "alert") == 0 ? "error" : "notice", role, esc(r->c.a, text));
}

/* A workspace path to come back to after signing in, or "/agent". */
static const char *safe_return(const char *to)
{
	if (!to || strncmp(to, "/agent", 6) != 0 || (to[6] && to[6] != '/' &&
	    to[6] != '?') || strstr(to, "//") || strchr(to, '\\') ||
	    strncmp(to, "/agent/assets", 13) == 0)
		return "/agent";
	return to;
}

/* The path and query of the request, to return to after signing in. */
static const char *here(struct req *r)
{
	struct sbuf b;
	sbuf_init(&b, r->c.a);
	sbuf_adds(&b, "/");
	sbuf_adds(&b, r->path);
	return b.s;
}

static enum pl_err sign_in_form(struct req *r, int status, const struct web_i18n *m,
	const char *email, const char *error, const char *notice, const char *to)
{
	struct arena *a = r->c.a;
	char *body = arena_printf(a,
		"%s%s<form method=\"post\" action=\"/agent/session\" class=\"stack\">%s"
		"<input type=\"hidden\" name=\"return_to\" value=\"%s\">"
		"<label for=\"email\">%s</label>"
		"<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\""
		" required autofocus value=\"%s\">"
		"<label for=\"password\">%s</label>"
		"<input id=\"password\" name=\"password\" type=\"password\""
		" autocomplete=\"current-password\" required>"
		"<button type=\"submit\">%s</button></form>"
		"<p><a href=\"/agent/password/reset\">%s</a></p>",
		alert(r, "alert", error), alert(r, "status", notice), csrf_field(r),
		esc(a, safe_return(to)), esc(a, web_t(m, "signin.email")),
		esc(a, email ? email : ""), esc(a, web_t(m, "signin.password")),
		esc(a, web_t(m, "signin.submit")), esc(a, web_t(m, "signin.forgot")));
	return card(r, status, m, web_t(m, "signin.title"), body);
}

/* Notices the sign-in page shows after a redirect (?notice=NAME). */
static const char *notice_of(struct req *r, const struct web_i18n *m)
{
	const char *n = req_query(r, "notice");
	if (n && strcmp(n, "signed_out") == 0)
		return web_t(m, "signin.signed_out");
	if (n && strcmp(n, "password_reset") == 0)
		return web_t(m, "reset.done");
	return NULL;
}

/* The modules every workspace page imports, preloaded with app.js so the
 * browser fetches them at once instead of discovering them import by
 * import, and the two reads app.js starts with (users/me, the English
 * catalog), fetched while the modules load (bench/agent_pages.sh). */
#define PRELOAD(m) "<link rel=\"modulepreload\" href=\"/agent/assets/agent/" m "\">"
#define PRELOADS PRELOAD("app.js") PRELOAD("lib/dom.js") PRELOAD("lib/api.js") \
	PRELOAD("lib/i18n.js") PRELOAD("lib/keys.js") PRELOAD("lib/live.js") \
	PRELOAD("lib/views_nav.js") PRELOAD("lib/table.js") PRELOAD("lib/columns.js") \
	PRELOAD("lib/tickets.js") \
	"<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\"" \
	" href=\"/api/v2/users/me\">" \
	"<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\"" \
	" href=\"/agent/assets/agent/i18n/en.json\">"

/* The workspace page: app.js renders everything from the path. */
static enum pl_err shell(struct req *r)
{
	struct arena *a = r->c.a;
	page_headers(r);
	char *html = arena_printf(a,
		"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<meta name=\"csrf-token\" content=\"%s\">"
		"<title>Parley</title>"
		"<link rel=\"stylesheet\" href=\"/agent/assets/agent/styles.css\">"
		PRELOADS
		"<script type=\"module\" src=\"/agent/assets/agent/app.js\"></script>"
		"</head><body><div id=\"app\" aria-busy=\"true\"></div>"
		"<noscript>The agent workspace needs JavaScript.</noscript>"
		"</body></html>\n",
		r->session ? esc(a, r->session->csrf_token) : "");
	return reply_raw(r, 200, "text/html; charset=utf-8", html, strlen(html));
}

/* Who may see workspace pages: agents (admins for the admin center). */
static enum pl_err workspace(struct req *r)
{
	struct web_i18n m;
	if (r->c.me.role == ROLE_ANON) {
		signed_out_lang(r, &m);
		return sign_in_form(r, 200, &m, NULL, NULL, notice_of(r, &m), here(r));
	}
	if (r->c.me.role < ROLE_AGENT) {
		signed_out_lang(r, &m);
		return card(r, 403, &m, web_t(&m, "signin.agents_only_title"),
			alert(r, "alert", web_t(&m, "signin.agents_only")));
	}
	if (r->nseg >= 2 && strcmp(r->seg[1], "admin") == 0 && r->c.me.role < ROLE_ADMIN) {
		signed_out_lang(r, &m);
		return card(r, 403, &m, web_t(&m, "admin.only_title"), arena_printf(r->c.a,
			"%s<p><a href=\"/agent\">%s</a></p>",
			alert(r, "alert", web_t(&m, "admin.only")),
			esc(r->c.a, web_t(&m, "nav.home"))));
	}
	return shell(r);
}

static enum pl_err sign_in(struct req *r)
{
	struct ctx *c = &r->c;
	struct web_i18n m;
	signed_out_lang(r, &m);
	const char *email = web_form(r, "email"), *pw = web_form(r, "password");
	const char *to = web_form(r, "return_to");
	if (!same_origin(r))
		return card(r, 403, &m, web_t(&m, "signin.title"),
			alert(r, "alert", web_t(&m, "error.cross_site")));
	if (!email || !*email || !pw || !*pw)
		return sign_in_form(r, 422, &m, email, web_t(&m, "signin.blank"), NULL, to);
	int retry = 0;
	c->me = (struct principal){0};
	enum pl_err e = auth_password(c, email, pw, &retry);
	if (e == PL_RATE_LIMITED) {
		reply_header(r, "Retry-After", arena_printf(c->a, "%d", retry));
		return sign_in_form(r, 429, &m, email, web_t(&m, "signin.locked"), NULL, to);
	}
	if (e == PL_UNAUTHORIZED) {
		c->err_title = NULL;
		return sign_in_form(r, 401, &m, email, web_t(&m, "signin.invalid"), NULL, to);
	}
	if (e)
		return e;
	if (c->me.role < ROLE_AGENT)
		return card(r, 403, &m, web_t(&m, "signin.agents_only_title"),
			alert(r, "alert", web_t(&m, "signin.agents_only")));
	char *secret;
	struct web_session *s;
	if ((e = session_create(c, &secret, &s)))
		return e;
	web_session_cookie(r, secret, SESSION_MAX_SECONDS);
	reply_header(r, "Cache-Control", "no-store");
	return reply_redirect(r, safe_return(to));
}

/* Ends the request's session, if any, and clears the cookie. */
static enum pl_err end_session(struct req *r)
{
	web_session_cookie(r, "", 0);
	if (!r->session)
		return PL_OK;
	return session_delete(&r->c, r->session->user_id, r->session->id);
}

static enum pl_err sign_out_form(struct req *r)
{
	enum pl_err e = end_session(r);
	return e ? e : reply_redirect(r, "/agent?notice=signed_out");
}

static enum pl_err sign_out(struct req *r)
{
	enum pl_err e = end_session(r);
	return e ? e : reply_no_content(r);
}

static enum pl_err reset_request_form(struct req *r, const struct web_i18n *m,
	const char *notice)
{
	struct arena *a = r->c.a;
	char *body = arena_printf(a, "%s<p>%s</p>"
		"<form method=\"post\" action=\"/agent/password/reset\" class=\"stack\">%s"
		"<label for=\"email\">%s</label>"
		"<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\""
		" required autofocus>"
		"<button type=\"submit\">%s</button></form>"
		"<p><a href=\"/agent\">%s</a></p>",
		alert(r, "status", notice), esc(a, web_t(m, "reset.intro")), csrf_field(r),
		esc(a, web_t(m, "signin.email")), esc(a, web_t(m, "reset.send")),
		esc(a, web_t(m, "reset.back")));
	return card(r, 200, m, web_t(m, "reset.title"), body);
}

static enum pl_err reset_request_page(struct req *r)
{
	struct web_i18n m;
	signed_out_lang(r, &m);
	return reset_request_form(r, &m, NULL);
}

static enum pl_err reset_request(struct req *r)
{
	struct web_i18n m;
	signed_out_lang(r, &m);
	const char *email = web_form(r, "email");
	if (!same_origin(r))
		return card(r, 403, &m, web_t(&m, "reset.title"),
			alert(r, "alert", web_t(&m, "error.cross_site")));
	if (email && *email) {
		enum pl_err e = password_reset_request(&r->c, email,
			arena_printf(r->c.a, "%s/agent/password/reset/", origin(r)));
		if (e)
			return e;
	}
	return reset_request_form(r, &m, web_t(&m, "reset.sent"));
}

static enum pl_err new_password_form(struct req *r, int status,
	const struct web_i18n *m, const char *error)
{
	struct arena *a = r->c.a;
	char *body = arena_printf(a, "%s"
		"<form method=\"post\" action=\"/agent/password/reset/%s\" class=\"stack\">%s"
		"<label for=\"password\">%s</label>"
		"<input id=\"password\" name=\"password\" type=\"password\""
		" autocomplete=\"new-password\" required minlength=\"8\" autofocus>"
		"<label for=\"confirm\">%s</label>"
		"<input id=\"confirm\" name=\"confirm\" type=\"password\""
		" autocomplete=\"new-password\" required minlength=\"8\">"
		"<button type=\"submit\">%s</button></form>",
		alert(r, "alert", error), esc(a, r->key[0]), csrf_field(r),
		esc(a, web_t(m, "reset.new_password")), esc(a, web_t(m, "reset.confirm")),
		esc(a, web_t(m, "reset.save")));
	return card(r, status, m, web_t(m, "reset.choose_title"), body);
}

static enum pl_err dead_link(struct req *r, const struct web_i18n *m)
{
	r->c.err_title = NULL;
	return card(r, 404, m, web_t(m, "reset.title"), arena_printf(r->c.a,
		"%s<p><a href=\"/agent/password/reset\">%s</a></p>",
		alert(r, "alert", web_t(m, "reset.invalid")),
		esc(r->c.a, web_t(m, "reset.again"))));
}

static enum pl_err reset_page(struct req *r)
{
	struct web_i18n m;
	signed_out_lang(r, &m);
	int64_t uid;
	enum pl_err e = password_reset_check(&r->c, r->key[0], &uid);
	if (e == PL_NOT_FOUND)
		return dead_link(r, &m);
	return e ? e : new_password_form(r, 200, &m, NULL);
}

static enum pl_err reset(struct req *r)
{
	struct web_i18n m;
	signed_out_lang(r, &m);
	const char *pw = web_form(r, "password"), *confirm = web_form(r, "confirm");
	if (!same_origin(r))
		return card(r, 403, &m, web_t(&m, "reset.title"),
			alert(r, "alert", web_t(&m, "error.cross_site")));
	if (!pw || !confirm || strcmp(pw, confirm) != 0)
		return new_password_form(r, 422, &m, web_t(&m, "reset.mismatch"));
	enum pl_err e = password_reset_finish(&r->c, r->key[0], pw);
	if (e == PL_NOT_FOUND)
		return dead_link(r, &m);
	if (e == PL_INVALID) {
		r->c.err_title = NULL;
		return new_password_form(r, 422, &m, web_t(&m, "reset.too_short"));
	}
	if (e)
		return e;
	if (r->session)
		web_session_cookie(r, "", 0);
	return reply_redirect(r, "/agent?notice=password_reset");
}

const struct route agent_routes[] = {
	{ V_GET, "agent", workspace, ROLE_ANON },
	{ V_POST, "agent/session", sign_in, ROLE_ANON },
	{ V_DELETE, "agent/session", sign_out, ROLE_ANON },
	{ V_POST, "agent/signout", sign_out_form, ROLE_ANON },
	{ V_GET, "agent/password/reset", reset_request_page, ROLE_ANON },
	{ V_POST, "agent/password/reset", reset_request, ROLE_ANON },
	{ V_GET, "agent/password/reset/{key}", reset_page, ROLE_ANON },
	{ V_POST, "agent/password/reset/{key}", reset, ROLE_ANON },
	{ V_GET, "agent/{key}", workspace, ROLE_ANON },
	{ V_GET, "agent/{key}/{key}", workspace, ROLE_ANON },
	{ V_GET, "agent/admin/{key}/{key}", workspace, ROLE_ANON },
	{ 0 },
};
