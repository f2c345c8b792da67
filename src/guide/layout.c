/*
 * layout.c: the frame of help center pages (layout.h).
 *
 * The theme's colours are validated #rrggbb values and its header and
 * footer are stored sanitized (hc.c), so they are written as they are.
 * Right-to-left locales get dir="rtl" on <html>; the stylesheet uses
 * logical properties (margin-inline-start...) so it mirrors by itself.
 */
#include "parley.h"
#include "util/html.h"
#include "guide/layout.h"
#include "http/request.h"
#include "util/url.h"
#include "web/form.h"
#include "web/sessions.h"

#include <stdarg.h>
#include <string.h>

static const char css[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
	"'Noto Sans','Noto Sans Arabic','Noto Sans Hebrew',sans-serif;"
	"color:var(--text);background:var(--bg)}"
	"a{color:var(--link)}"
	".hc-header{background:var(--brand);color:var(--brand-text);padding:12px 24px;"
	"display:flex;flex-wrap:wrap;gap:16px;align-items:center}"
	".hc-header a{color:var(--brand-text)}"
	".hc-logo{font-weight:700;font-size:20px;text-decoration:none}"
	".hc-logo img{max-height:40px;vertical-align:middle}"
	".hc-custom-header{flex:1}"
	".hc-locales{position:relative;margin-inline-start:auto}"
	".hc-locales summary{cursor:pointer}"
	".hc-locales ul{position:absolute;inset-inline-end:0;background:#fff;"
	"list-style:none;margin:4px 0;padding:8px;border:1px solid #ccc;z-index:2;"
	"min-width:12em}"
	".hc-locales ul a{color:var(--link)}"
	"main{max-width:960px;margin:0 auto;padding:24px}"
	".hc-search{display:flex;gap:8px;margin:16px 0}"
	".hc-search input{flex:1;padding:8px;font:inherit}"
	".hc-search button,.hc-vote button,.hc-comment-form button{padding:8px 16px;"
	"font:inherit;cursor:pointer}"
	".hc-blocks{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));"
	"gap:16px;padding:0;list-style:none}"
	".hc-blocks>li{border:1px solid #d8dcde;border-radius:4px;padding:16px}"
	".hc-crumbs{font-size:14px;padding:0;list-style:none;display:flex;gap:8px}"
	".hc-crumbs li+li::before{content:'\\203A';margin-inline-end:8px}"
	".hc-article-body img{max-width:100%}"
	".hc-article-body pre{overflow:auto;background:#f6f8f9;padding:8px}"
	".hc-badge{font-size:12px;border:1px solid;border-radius:3px;padding:0 4px;"
	"margin-inline-start:8px}"
	".hc-vote{border-top:1px solid #d8dcde;margin-top:32px;padding-top:16px}"
	".hc-vote button[aria-pressed=true]{background:var(--brand);color:var(--brand-text)}"
	".hc-notice{background:#fff8e1;padding:8px 12px;border-radius:4px}"
	".hc-comments li{border-bottom:1px solid #eee;padding:8px 0;list-style:none}"
	".hc-comment-form textarea{width:100%;min-height:6em;font:inherit}"
	".hc-results li{margin-bottom:16px}"
	".hc-results em{font-style:normal;background:#fff3b0}"
	".hc-agent{background:#eef6fb;padding:8px 12px;border-radius:4px;font-size:14px}"
	".hc-account{display:flex;gap:12px;align-items:center}"
	".hc-account form{display:inline;margin:0}"
	".hc-account button{font:inherit;background:none;border:0;padding:0;"
	"color:var(--brand-text);text-decoration:underline;cursor:pointer}"
	".hc-form{display:grid;gap:16px;max-width:640px}"
	".hc-field label{display:block;font-weight:600}"
	".hc-field input:not([type=checkbox]),.hc-field select,.hc-field textarea"
	"{width:100%;padding:8px;font:inherit}"
	".hc-field textarea{min-height:8em}"
	".hc-field[hidden]{display:none}"
	".hc-hint{font-size:14px;color:#68737d;margin:4px 0 0}"
	".hc-errors{background:#fff0f1;border:1px solid #cc3340;padding:8px 16px;"
	"border-radius:4px}"
	".hc-form button[type=submit],.hc-reply button{padding:8px 16px;font:inherit;"
	"cursor:pointer}"
	".hc-suggestions{border:1px solid #d8dcde;border-radius:4px;padding:8px 16px}"
	".hc-suggestions:empty{display:none}"
	".hc-suggestions li{margin:8px 0}"
	".hc-suggestions button{display:block;margin-top:4px;font:inherit;cursor:pointer}"
	".hc-form-picker{margin-bottom:16px}"
	".hc-requests{width:100%;border-collapse:collapse}"
	".hc-requests th,.hc-requests td{text-align:start;padding:8px;"
	"border-bottom:1px solid #eee}"
	".hc-thread{padding:0}"
	".hc-thread li{list-style:none;border-bottom:1px solid #eee;padding:8px 0}"
	".hc-request-fields dt{font-weight:600}.hc-request-fields dd{margin:0 0 8px}"
	"footer{border-top:1px solid #d8dcde;padding:24px;text-align:center}";

void hc_security_headers(struct req *r, bool script)
{
	reply_header(r, "Content-Security-Policy", script
		? "default-src 'none'; script-src 'self'; connect-src 'self';"
		  " img-src 'self' https: http:; style-src 'unsafe-inline';"
		  " form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
		: "default-src 'none'; img-src 'self' https: http:;"
		  " style-src 'unsafe-inline'; form-action 'self'; base-uri 'none';"
		  " frame-ancestors 'self'");
	reply_header(r, "X-Content-Type-Options", "nosniff");
	reply_header(r, "Referrer-Policy", "same-origin");
}

enum pl_err hc_page_init(struct hc_page *pg, struct req *r, const char *locale)
{
	memset(pg, 0, sizeof(*pg));
	pg->r = r;
	pg->c = &r->c;
	pg->status = 200;
	sbuf_init(&pg->b, r->c.a);
	enum pl_err e;
	if ((e = hc_brand_get(pg->c, r->c.brand_id, &pg->brand)))
		return e;
	if (!pg->brand.has_help_center)
		return ctx_not_found(pg->c);
	if ((e = hc_locales_get(pg->c, pg->brand.id, &pg->locales, &pg->default_locale)) ||
	    (e = hc_theme_get(pg->c, pg->brand.id, &pg->theme)))
		return e;
	pg->locale = locale ? locale : pg->default_locale;
	return PL_OK;
}

void hc_put(struct hc_page *pg, const char *text)
{
	html_escape(&pg->b, text);
}

void hc_printf(struct hc_page *pg, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(pg->c->a, fmt, ap);
	va_end(ap);
	sbuf_adds(&pg->b, s);
}

const char *hc_esc(struct hc_page *pg, const char *s)
{
	return html_esc(pg->c->a, s);
}

static const char *theme(struct hc_page *pg, const char *key)
{
	const char *v = json_string_value(json_object_get(pg->theme, key));
	return v ? v : "";
}

static bool listed(json_t *arr, const char *s)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (!strcmp(json_string_value(x), s))
			return true;
	return false;
}

static void switcher(struct hc_page *pg, const char *rest, json_t *available)
{
	if (json_array_size(pg->locales) < 2)
		return;
	hc_printf(pg, "<nav class=\"hc-locales\" aria-label=\"Language\"><details>"
		"<summary>%s</summary><ul>", hc_esc(pg, hc_locale_name(pg->locale)));
	size_t i;
	json_t *x;
	json_array_foreach(pg->locales, i, x) {
		const char *l = json_string_value(x);
		bool here = !available || listed(available, l);
		hc_printf(pg, "<li><a lang=\"%s\" dir=\"%s\" href=\"/hc/%s%s%s\"%s>%s</a></li>",
			hc_esc(pg, l), hc_locale_rtl(l) ? "rtl" : "ltr", hc_esc(pg, l),
			here && rest && *rest ? "/" : "", here && rest ? hc_esc(pg, rest) : "",
			!strcmp(l, pg->locale) ? " aria-current=\"true\"" : "",
			hc_esc(pg, hc_locale_name(l)));
	}
	sbuf_adds(&pg->b, "</ul></details></nav>");
}

enum pl_err hc_page_locale(struct req *r, const char **locale)
{
	const char *l = hc_locale_norm(&r->c, r->key[0]);
	*locale = NULL;
	if (l && hc_locale_enabled(&r->c, r->c.brand_id, l)) {
		*locale = l;
		return PL_OK;
	}
	const char *pref = hc_locale_preferred(&r->c, r->c.brand_id,
		req_header(r, "Accept-Language"));
	struct sbuf b;
	sbuf_init(&b, r->c.a);
	sbuf_printf(&b, "/hc/%s", url_escape(r->c.a, pref));
	for (int i = 2; i < r->nseg; i++)
		sbuf_printf(&b, "/%s", url_escape(r->c.a, r->seg[i]));
	return reply_redirect(r, b.s);
}

enum pl_err hc_same_origin(struct req *r)
{
	if (!req_header(r, "Origin") || web_origin_is_own(r))
		return PL_OK;
	return ctx_fail(&r->c, PL_FORBIDDEN, "Cross-site form posts are refused");
}

const char *hc_csrf_field(struct hc_page *pg)
{
	if (!pg->r->session)
		return "";
	return arena_printf(pg->c->a, "<input type=\"hidden\" name=\"authenticity_token\""
		" value=\"%s\">", hc_esc(pg, pg->r->session->csrf_token));
}

/* Submit a request; My requests and sign-out, or sign-in (back to rest). */
static void account_links(struct hc_page *pg, const char *rest)
{
	const char *l = hc_esc(pg, pg->locale);
	hc_printf(pg, "<nav class=\"hc-account\" aria-label=\"Account\">"
		"<a href=\"/hc/%s/requests/new\">Submit a request</a>", l);
	if (pg->c->me.id) {
		hc_printf(pg, "<a href=\"/hc/%s/requests\">My requests</a>", l);
		if (pg->r->session)
			hc_printf(pg, "<form method=\"post\" action=\"/hc/%s/signout\">%s"
				"<button type=\"submit\">Sign out</button></form>", l,
				hc_csrf_field(pg));
	} else {
		const char *back = arena_printf(pg->c->a, "/hc/%s%s%s", pg->locale,
			rest && *rest ? "/" : "", rest ? rest : "");
		hc_printf(pg, "<a href=\"/hc/%s/signin?return_to=%s\">Sign in</a>", l,
			hc_esc(pg, url_escape(pg->c->a, back)));
	}
	sbuf_adds(&pg->b, "</nav>");
}

void hc_page_begin(struct hc_page *pg, const char *title, const char *rest,
	json_t *available)
{
	const char *l = pg->locale;
	hc_printf(pg, "<!doctype html><html lang=\"%s\" dir=\"%s\"><head>"
		"<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
		"initial-scale=1\"><title>", hc_esc(pg, l), hc_locale_rtl(l) ? "rtl" : "ltr");
	if (title) {
		hc_put(pg, title);
		sbuf_adds(&pg->b, " \xE2\x80\x93 ");
	}
	hc_put(pg, pg->brand.name);
	hc_printf(pg, "</title><style>:root{--brand:%s;--brand-text:%s;--text:%s;--link:%s;"
		"--bg:%s}%s</style>", theme(pg, "brand_color"), theme(pg, "brand_text_color"),
		theme(pg, "text_color"), theme(pg, "link_color"), theme(pg, "background_color"),
		css);
	if (pg->script)
		hc_printf(pg, "<script type=\"module\" src=\"%s\"></script>", hc_esc(pg, pg->script));
	sbuf_adds(&pg->b, "</head><body><header class=\"hc-header\">");
	hc_printf(pg, "<a class=\"hc-logo\" href=\"/hc/%s\">", hc_esc(pg, l));
	const char *logo = theme(pg, "logo_url");
	if (*logo)
		hc_printf(pg, "<img src=\"%s\" alt=\"%s\">", hc_esc(pg, logo),
			hc_esc(pg, pg->brand.name));
	else
		hc_put(pg, pg->brand.name);
	sbuf_adds(&pg->b, "</a><div class=\"hc-custom-header\">");
	sbuf_adds(&pg->b, theme(pg, "header_html"));
	sbuf_adds(&pg->b, "</div>");
	switcher(pg, rest, available);
	account_links(pg, rest);
	sbuf_adds(&pg->b, "</header><main>");
}

enum pl_err hc_page_end(struct hc_page *pg)
{
	sbuf_adds(&pg->b, "</main><footer>");
	sbuf_adds(&pg->b, theme(pg, "footer_html"));
	sbuf_adds(&pg->b, "</footer></body></html>");
	hc_security_headers(pg->r, pg->script != NULL);
	return reply_raw(pg->r, pg->status, "text/html; charset=utf-8", pg->b.s,
		pg->b.len);
}
