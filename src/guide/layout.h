/*
 * layout.h: the frame of every help center page: <head> with the brand's
 * theme, the header with logo, search and locale switcher, the footer, and
 * the security headers pages are sent with.
 *
 * Pages carry no script, and their Content-Security-Policy forbids any:
 * even if HTML slipped past the sanitizer it could not run.  The one
 * exception is a page that names a script of the help center's own assets
 * (pg->script, a module under /hc/assets/): its policy then allows scripts
 * from this origin (no inline script) and fetches to it, nothing more.
 * Every string goes through html_escape() unless it is sanitized HTML
 * (article bodies, comments, theme header and footer) or markup built
 * here.  The header links to the contact form and, for a signed-in reader,
 * to "My requests" and sign-out (else sign-in).
 */
#ifndef HEADER_GUIDE_LAYOUT_H
#define HEADER_GUIDE_LAYOUT_H

#include "guide/hc.h"
#include "util/arena.h"

struct req;

struct hc_page {
	struct req *r;
	struct ctx *c;
	struct sbuf b;             /* the page being written */
	struct hc_brand brand;
	const char *locale;        /* the page's locale, enabled for the brand */
	json_t *locales;           /* enabled locales (arena) */
	const char *default_locale;
	json_t *theme;             /* hc_theme_get() */
	const char *script;        /* NULL, or the /hc/assets/ path of the page's
	                            * script (set before hc_page_begin) */
	int status;                /* what hc_page_end answers: 200 unless set */
};

/* Loads the brand of the request's Host, its locales and theme; fails with
 * PL_NOT_FOUND when the brand has no help center.  locale may be NULL
 * (pages outside a locale). */
enum pl_err hc_page_init(struct hc_page *pg, struct req *r, const char *locale);

/* Writes everything up to <main>.  title: the page's own title (NULL on
 * the home page).  rest: the path after /hc/{locale}/ of this page in
 * other locales, for the switcher; available: the locales it exists in
 * (NULL: all). */
void hc_page_begin(struct hc_page *pg, const char *title, const char *rest,
	json_t *available);
/* Closes <main>, writes the footer and answers pg->status text/html. */
enum pl_err hc_page_end(struct hc_page *pg);

/* Appends escaped text. */
void hc_put(struct hc_page *pg, const char *text);
/* Appends printf output; arguments are not escaped (use hc_esc). */
void hc_printf(struct hc_page *pg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Escaped copy of s in the request's arena. */
const char *hc_esc(struct hc_page *pg, const char *s);

/* Adds the headers every help center response carries (CSP, nosniff,
 * referrer policy); script: whether the CSP lets this origin's scripts run
 * (pages with pg->script). */
void hc_security_headers(struct req *r, bool script);

/* The page's locale from the request's first {key} (/hc/{locale}/...):
 * *locale NULL and a redirect answered when it is not one of the brand's
 * (the same path in the reader's locale). */
enum pl_err hc_page_locale(struct req *r, const char **locale);

/* Refuses (403) a form post whose Origin names another site: a page
 * elsewhere posting with the reader's cached credentials.  Clients that
 * send no Origin are not browsers posting on someone's behalf. */
enum pl_err hc_same_origin(struct req *r);

/* The hidden authenticity_token field of the request's session (web
 * forms of signed-in readers), or "" without a session.  In the arena. */
const char *hc_csrf_field(struct hc_page *pg);

#endif
