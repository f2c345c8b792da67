/*
 * request_pages.c: "My requests" in the help center, for signed-in readers.
 *
 *   GET  /hc/{locale}/requests[?page=N]   the requests the reader made or
 *                                         is copied on, latest activity first
 *   GET  /hc/{locale}/requests/{id}       one request: fields, public
 *                                         comments, the reply form
 *   POST /hc/{locale}/requests/{id}       body=..., solved=1 (when the
 *                                         request can be solved by the reader)
 *
 * Everything goes through core/requests.h, so a reader sees exactly what
 * the requests API shows them (another reader's request answers 404), and
 * replies come with via.channel "web".  Signed-out readers are sent to the
 * sign-in page and back.  Comment bodies are the stored sanitized HTML;
 * every other string is escaped.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/request_forms.h"
#include "core/requests.h"
#include "core/ticket_field_defs.h"
#include "core/tickets.h"
#include "guide/hc.h"
#include "guide/layout.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"
#include "web/form.h"

#include <string.h>

#define PER_PAGE 30

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The status as the reader is told it. */
static const char *status_text(const char *status)
{
	if (!strcmp(status, "pending"))
		return "Awaiting your reply";
	if (!strcmp(status, "solved"))
		return "Solved";
	if (!strcmp(status, "closed"))
		return "Closed";
	return "Open";
}

/* Opens the page of a signed-in reader; *ok false when a page was already
 * answered (a locale redirect, or the way to sign in). */
static enum pl_err init(struct req *r, struct hc_page *pg, bool *ok)
{
	const char *l;
	enum pl_err e;
	*ok = false;
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(pg, r, l)))
		return e;
	if (!r->c.me.id) {
		struct sbuf here;
		sbuf_init(&here, r->c.a);
		sbuf_printf(&here, "/%s", r->path);
		return reply_redirect(r, arena_printf(r->c.a, "/hc/%s/signin?return_to=%s",
			url_escape(r->c.a, l), url_escape(r->c.a, here.s)));
	}
	*ok = true;
	return PL_OK;
}

static enum pl_err mine(struct req *r)
{
	struct hc_page pg;
	bool ok;
	int64_t page = 1;
	enum pl_err e;
	if ((e = init(r, &pg, &ok)) || !ok || (e = req_query_i64(r, "page", &page)))
		return e;
	if (page < 1 || page > 1000)
		page = 1;
	struct page p = { .size = PER_PAGE, .number = (int)page };
	struct request_filter f = { .scope = REQUESTS_SEARCH };
	struct list_result res;
	if ((e = ticket_sort_order(&r->c, "updated_at", true, &p.order)) ||
	    (e = request_list(&r->c, &p, &f, &res)))
		return e;
	hc_page_begin(&pg, "My requests", "requests", NULL);
	const char *l = hc_esc(&pg, pg.locale);
	sbuf_adds(&pg.b, "<h1>My requests</h1>");
	if (!json_array_size(res.items))
		hc_printf(&pg, "<p>You have no requests. <a href=\"/hc/%s/requests/new\">"
			"Submit a request</a></p>", l);
	else
		sbuf_adds(&pg.b, "<table class=\"hc-requests\"><thead><tr><th scope=\"col\">"
			"Subject</th><th scope=\"col\">Id</th><th scope=\"col\">Created</th>"
			"<th scope=\"col\">Last activity</th><th scope=\"col\">Status</th></tr>"
			"</thead><tbody>");
	size_t i;
	json_t *q;
	json_array_foreach(res.items, i, q)
		hc_printf(&pg, "<tr><td><a href=\"/hc/%s/requests/%lld\">%s</a></td>"
			"<td>#%lld</td><td><time datetime=\"%s\">%.10s</time></td>"
			"<td><time datetime=\"%s\">%.10s</time></td><td>%s</td></tr>", l,
			(long long)num(q, "id"), hc_esc(&pg, str(q, "subject")),
			(long long)num(q, "id"), hc_esc(&pg, str(q, "created_at")),
			hc_esc(&pg, str(q, "created_at")), hc_esc(&pg, str(q, "updated_at")),
			hc_esc(&pg, str(q, "updated_at")), status_text(str(q, "status")));
	if (json_array_size(res.items))
		sbuf_adds(&pg.b, "</tbody></table>");
	if (res.has_prev)
		hc_printf(&pg, "<a rel=\"prev\" href=\"?page=%lld\">Previous</a> ",
			(long long)page - 1);
	if (res.has_more)
		hc_printf(&pg, "<a rel=\"next\" href=\"?page=%lld\">Next</a>",
			(long long)page + 1);
	return hc_page_end(&pg);
}

/* The shown value of custom field value v for field f (option names for
 * drop-downs), in the arena. */
static const char *value_text(struct ctx *c, json_t *f, json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v) ? "Yes" : "No";
	struct sbuf b;
	sbuf_init(&b, c->a);
	json_t *vals = json_is_array(v) ? v : jown(c->a, json_pack("[O]", v));
	size_t i, k;
	json_t *x, *o;
	json_array_foreach(vals, i, x) {
		const char *s = json_string_value(x);
		json_array_foreach(json_object_get(f, "custom_field_options"), k, o)
			if (s && !strcmp(str(o, "value"), s))
				s = str(o, "name");
		sbuf_printf(&b, "%s%s", i ? ", " : "", s ? s : "");
	}
	return b.s;
}

static void fields_box(struct hc_page *pg, json_t *q)
{
	size_t i;
	json_t *cf;
	bool any = false;
	json_array_foreach(json_object_get(q, "custom_fields"), i, cf) {
		json_t *v = json_object_get(cf, "value"), *f;
		if (!request_value_present(v) ||
		    ticket_field_def_get(pg->c, num(cf, "id"), &f) != PL_OK)
			continue;
		if (!any)
			sbuf_adds(&pg->b, "<dl class=\"hc-request-fields\">");
		any = true;
		hc_printf(pg, "<dt>%s</dt><dd>%s</dd>", hc_esc(pg, str(f, "title_in_portal")),
			hc_esc(pg, value_text(pg->c, f, v)));
	}
	pg->c->err_title = NULL;
	pg->c->err_desc = NULL;
	if (any)
		sbuf_adds(&pg->b, "</dl>");
}

static enum pl_err thread(struct hc_page *pg, int64_t id)
{
	struct page p = { .size = 100, .number = 1 };
	struct list_result res;
	enum pl_err e = request_comments(pg->c, id, &p, &res);
	if (e)
		return e;
	sbuf_adds(&pg->b, "<ol class=\"hc-thread\">");
	size_t i;
	json_t *cm;
	json_array_foreach(res.items, i, cm)
		/* html_body is sanitized when written (core/comments.c). */
		hc_printf(pg, "<li id=\"comment-%lld\"><p><strong>%s</strong> "
			"<time datetime=\"%s\">%.10s</time></p><div class=\"hc-comment-body\">"
			"%s</div></li>", (long long)num(cm, "id"),
			hc_esc(pg, hc_user_name(pg->c, num(cm, "author_id"))),
			hc_esc(pg, str(cm, "created_at")), hc_esc(pg, str(cm, "created_at")),
			str(cm, "html_body"));
	sbuf_adds(&pg->b, "</ol>");
	return PL_OK;
}

static void reply_form(struct hc_page *pg, json_t *q, const char *body)
{
	if (!strcmp(str(q, "status"), "closed")) {
		hc_printf(pg, "<p>This request is closed. <a href=\"/hc/%s/requests/new\">"
			"Submit a new request</a> to follow up.</p>", hc_esc(pg, pg->locale));
		return;
	}
	hc_printf(pg, "<form class=\"hc-form hc-reply\" method=\"post\" action=\"/hc/%s/"
		"requests/%lld\">%s<div class=\"hc-field\"><label for=\"body\">Add a reply"
		"</label><textarea id=\"body\" name=\"body\">%s</textarea></div>",
		hc_esc(pg, pg->locale), (long long)num(q, "id"), hc_csrf_field(pg),
		hc_esc(pg, body ? body : ""));
	if (json_is_true(json_object_get(q, "can_be_solved_by_me")))
		sbuf_adds(&pg->b, "<div class=\"hc-field\"><label><input type=\"checkbox\""
			" name=\"solved\" value=\"1\"> Mark as solved</label></div>");
	sbuf_adds(&pg->b, "<p><button type=\"submit\">Submit</button></p></form>");
}

/* The request page; errors: details to list (a failed reply), or NULL. */
static enum pl_err request_page(struct req *r, struct hc_page *pg, json_t *q,
	json_t *errors, const char *body)
{
	int64_t id = num(q, "id");
	const char *title = str(q, "subject");
	hc_page_begin(pg, title, arena_printf(r->c.a, "requests/%lld", (long long)id),
		NULL);
	hc_printf(pg, "<nav aria-label=\"Breadcrumbs\"><ol class=\"hc-crumbs\"><li><a"
		" href=\"/hc/%s/requests\">My requests</a></li></ol></nav>",
		hc_esc(pg, pg->locale));
	if (req_query(r, "submitted"))
		sbuf_adds(&pg->b, "<p class=\"hc-notice\" role=\"status\">Your request was "
			"submitted.</p>");
	hc_printf(pg, "<h1>%s</h1><p class=\"hc-meta\">#%lld &middot; %s &middot; "
		"<time datetime=\"%s\">%.10s</time></p>", hc_esc(pg, title), (long long)id,
		status_text(str(q, "status")), hc_esc(pg, str(q, "created_at")),
		hc_esc(pg, str(q, "created_at")));
	fields_box(pg, q);
	enum pl_err e = thread(pg, id);
	if (e)
		return e;
	if (errors) {
		sbuf_adds(&pg->b, "<div class=\"hc-errors\" role=\"alert\"><ul>");
		const char *k;
		json_t *list, *d;
		size_t i;
		json_object_foreach(errors, k, list)
			json_array_foreach(list, i, d)
				hc_printf(pg, "<li>%s</li>", hc_esc(pg, str(d, "description")));
		sbuf_adds(&pg->b, "</ul></div>");
	}
	reply_form(pg, q, body);
	return hc_page_end(pg);
}

static enum pl_err show(struct req *r)
{
	struct hc_page pg;
	bool ok;
	json_t *q;
	enum pl_err e;
	if ((e = init(r, &pg, &ok)) || !ok || (e = request_get(&r->c, r->id[0], &q)))
		return e;
	return request_page(r, &pg, q, NULL, NULL);
}

static enum pl_err reply(struct req *r)
{
	struct ctx *c = &r->c;
	struct hc_page pg;
	bool ok;
	json_t *q;
	enum pl_err e;
	if ((e = hc_same_origin(r)) || (e = init(r, &pg, &ok)) || !ok)
		return e;
	const char *body = web_form(r, "body");
	const char *solved = web_form(r, "solved");
	json_t *in = jown(c->a, json_object());
	if (body && *body)
		json_object_set_new(in, "comment", json_pack("{s:s}", "body", body));
	if (solved && !strcmp(solved, "1"))
		json_object_set_new(in, "solved", json_true());
	struct request_origin o = { "web", req_client_addr(r) };
	e = request_update(c, r->id[0], in, &o, &q);
	if (e == PL_INVALID) {
		json_t *errors = c->err_details;
		c->err_title = NULL;
		c->err_desc = NULL;
		c->err_details = NULL;
		if ((e = request_get(c, r->id[0], &q)))
			return e;
		pg.status = 422;
		return request_page(r, &pg, q, errors, body);
	}
	if (e)
		return e;
	return reply_redirect(r, arena_printf(c->a, "/hc/%s/requests/%lld",
		url_escape(c->a, pg.locale), (long long)r->id[0]));
}

const struct route hc_request_routes[] = {
	{ V_GET, "hc/{key}/requests", mine, ROLE_ANON },
	{ V_GET, "hc/{key}/requests/{id}", show, ROLE_ANON },
	{ V_POST, "hc/{key}/requests/{id}", reply, ROLE_ANON },
	{ 0 },
};
