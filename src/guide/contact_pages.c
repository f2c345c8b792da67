/*
 * contact_pages.c: the help center's contact form ("Submit a request").
 *
 *   GET  /hc/{locale}/requests/new[?ticket_form_id=N]   the form
 *   POST /hc/{locale}/requests                          submit, or "this
 *                                                       solved my problem"
 *   GET  /hc/{locale}/requests/suggestions?attempt=&reason=&text=
 *        {"suggestions":[{"id","title","snippet","url"}]} (records "shown")
 *   GET  /hc/{locale}/requests/suggested/{id}?attempt=&reason=
 *        records "clicked", 302 to the article
 *
 * The form works without JavaScript: the first submit of a visit that has
 * not seen suggestions shows them above the submit button (the reader may
 * then press "This solved my problem" on one, or submit again); conditional
 * fields are all shown, each with a hint naming its condition, and the
 * server drops the values of those whose condition does not hold.  With
 * /hc/assets/contact.js (the only script of the help center, a module that
 * imports conditions.js; allowed by this page's CSP), conditional fields
 * show and hide as the reader picks values and suggestions appear as they
 * type; it marks the visit as having seen them, so a submit creates the
 * request at once.
 *
 * Every visit carries an attempt id (a hidden field) naming its deflection
 * events (guide/contact.h).  Requests come with via.channel "web", through
 * the same rules as the requests API (core/requests.h).
 */
#include "parley.h"
#include "api/routes.h"
#include "core/accounts.h"
#include "core/request_forms.h"
#include "core/requests.h"
#include "guide/contact.h"
#include "guide/content.h"
#include "guide/layout.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"
#include "web/form.h"
#include "web/static.h"

#include <stdlib.h>
#include <string.h>

#define SUGGESTIONS 5
#define SCRIPT WEB_HC_ASSETS_PREFIX "contact.js"

/* One visit of the form being answered. */
struct contact {
	struct hc_page pg;
	struct request_form form;
	json_t *offered;           /* the brand's forms for end users */
	json_t *post;              /* the posted fields (web_form_all), or {} */
	const char *attempt;
	const char *reason;        /* the reason's chosen value, or "" */
	json_t *suggestions;       /* shown above the submit button, or NULL */
	json_t *errors;            /* validation details to list, or NULL */
};

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The first posted value of name, or NULL. */
static const char *posted(struct contact *ct, const char *name)
{
	return json_string_value(json_array_get(json_object_get(ct->post, name), 0));
}

static const char *field_name(struct contact *ct, int64_t id)
{
	return arena_printf(ct->pg.c->a, "fields[%lld]", (long long)id);
}

/* The id of a positive decimal string, else 0. */
static int64_t id_of(const char *s)
{
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return 0;
	return strtoll(s, NULL, 10);
}

/* The contact reason's value posted, when it is one of its options. */
static const char *reason_value(struct contact *ct)
{
	const struct request_form *f = &ct->form;
	if (!f->nfields || !f->fields[0].reason)
		return "";
	const char *v = posted(ct, field_name(ct, f->fields[0].id));
	size_t i;
	json_t *o;
	json_array_foreach(f->fields[0].options, i, o)
		if (v && !strcmp(str(o, "value"), v))
			return v;
	return "";
}

/* The label names of the chosen reason (borrowed, maybe empty). */
static json_t *reason_labels(struct contact *ct)
{
	const struct request_form *f = &ct->form;
	size_t i;
	json_t *o;
	if (f->nfields && f->fields[0].reason)
		json_array_foreach(f->fields[0].options, i, o)
			if (!strcmp(str(o, "value"), ct->reason))
				return json_object_get(o, "label_names");
	return NULL;
}

/* ---- the form ---- */

/* The link of a suggestion, through the "clicked" counter. */
static const char *suggestion_link(struct contact *ct, json_t *s)
{
	struct ctx *c = ct->pg.c;
	return arena_printf(c->a, "/hc/%s/requests/suggested/%lld?attempt=%s&reason=%s",
		url_escape(c->a, ct->pg.locale), (long long)num(s, "id"),
		url_escape(c->a, ct->attempt), url_escape(c->a, ct->reason));
}

static void suggestions_box(struct contact *ct)
{
	struct hc_page *pg = &ct->pg;
	sbuf_adds(&pg->b, "<section class=\"hc-suggestions\" id=\"hc-suggestions\""
		" aria-live=\"polite\">");
	if (json_array_size(ct->suggestions)) {
		sbuf_adds(&pg->b, "<h2>These articles may answer your question</h2><ul>");
		size_t i;
		json_t *s;
		json_array_foreach(ct->suggestions, i, s) {
			hc_printf(pg, "<li><a href=\"%s\" target=\"_blank\" rel=\"noopener\">%s</a>",
				hc_esc(pg, suggestion_link(ct, s)), hc_esc(pg, str(s, "title")));
			if (*str(s, "snippet"))
				hc_printf(pg, "<p class=\"hc-hint\">%s</p>", hc_esc(pg, str(s, "snippet")));
			hc_printf(pg, "<button type=\"submit\" name=\"solved_article\" value=\"%lld\""
				" formnovalidate>This solved my problem</button></li>",
				(long long)num(s, "id"));
		}
		sbuf_adds(&pg->b, "</ul>");
	}
	sbuf_adds(&pg->b, "</section>");
}

static void errors_box(struct contact *ct)
{
	struct hc_page *pg = &ct->pg;
	if (!ct->errors)
		return;
	sbuf_adds(&pg->b, "<div class=\"hc-errors\" role=\"alert\"><p>The request "
		"could not be submitted:</p><ul>");
	const char *k;
	json_t *list, *d;
	size_t i;
	json_object_foreach(ct->errors, k, list)
		json_array_foreach(list, i, d)
			hc_printf(pg, "<li>%s</li>", hc_esc(pg, str(d, "description")));
	sbuf_adds(&pg->b, "</ul></div>");
}

static bool has_error(struct contact *ct, const char *key)
{
	return json_object_get(ct->errors, key) != NULL;
}

/* A text input row (subject, requester name and email). */
static void text_row(struct contact *ct, const char *name, const char *label,
	const char *type, const char *attrs, const char *error_key)
{
	struct hc_page *pg = &ct->pg;
	const char *v = posted(ct, name);
	hc_printf(pg, "<div class=\"hc-field\"><label for=\"%s\">%s</label>"
		"<input id=\"%s\" name=\"%s\" type=\"%s\" %s value=\"%s\"%s></div>",
		name, label, name, name, type, attrs, hc_esc(pg, v ? v : ""),
		has_error(ct, error_key) ? " aria-invalid=\"true\"" : "");
}

static bool chosen(struct contact *ct, int64_t id, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ct->post, field_name(ct, id)), i, v)
		if (!strcmp(json_string_value(v), value))
			return true;
	return false;
}

static void options(struct contact *ct, const struct request_field *f)
{
	struct hc_page *pg = &ct->pg;
	size_t i;
	json_t *o;
	json_array_foreach(f->options, i, o)
		hc_printf(pg, "<option value=\"%s\"%s>%s</option>", hc_esc(pg, str(o, "value")),
			chosen(ct, f->id, str(o, "value")) ? " selected" : "",
			hc_esc(pg, str(o, "name")));
}

/* The condition hint of field i: "Only when <parent> is <value>". */
static void condition_hint(struct contact *ct, int i)
{
	struct hc_page *pg = &ct->pg;
	const struct request_form *f = &ct->form;
	size_t k, j;
	json_t *cond, *ch;
	json_array_foreach(f->conditions, k, cond)
		json_array_foreach(json_object_get(cond, "child_fields"), j, ch) {
			if (num(ch, "id") != f->fields[i].id)
				continue;
			for (int p = 0; p < f->nfields; p++) {
				if (f->fields[p].id != num(cond, "parent_field_id"))
					continue;
				json_t *want = json_object_get(cond, "value");
				const char *shown = json_is_boolean(want) ?
					(json_is_true(want) ? "checked" : "not checked") : str(cond, "value");
				size_t m;
				json_t *o;
				json_array_foreach(f->fields[p].options, m, o)
					if (!strcmp(str(o, "value"), shown))
						shown = str(o, "name");
				hc_printf(pg, "<p class=\"hc-hint hc-condition\">Only when "
					"\xE2\x80\x9C%s\xE2\x80\x9D is \xE2\x80\x9C%s\xE2\x80\x9D.</p>",
					hc_esc(pg, f->fields[p].title), hc_esc(pg, shown));
			}
		}
}

/* Whether field i is the child of a condition on the form. */
static bool conditional(const struct request_form *f, int i)
{
	size_t k, j;
	json_t *cond, *ch;
	json_array_foreach(f->fields[i].reason ? NULL : f->conditions, k, cond)
		json_array_foreach(json_object_get(cond, "child_fields"), j, ch)
			if (json_integer_value(json_object_get(ch, "id")) == f->fields[i].id)
				return true;
	return false;
}

static void field_row(struct contact *ct, int i)
{
	struct hc_page *pg = &ct->pg;
	const struct request_field *f = &ct->form.fields[i];
	const char *name = hc_esc(pg, field_name(ct, f->id));
	const char *v = posted(ct, field_name(ct, f->id));
	const char *val = hc_esc(pg, v ? v : "");
	bool cond = conditional(&ct->form, i);
	const char *req = f->required && !cond ? " required" : "";
	hc_printf(pg, "<div class=\"hc-field\" data-field-id=\"%lld\" data-type=\"%s\""
		" data-required=\"%s\"%s>", (long long)f->id, hc_esc(pg, f->type),
		f->required ? "true" : "false", f->reason ? " data-reason=\"true\"" : "");
	if (!strcmp(f->type, "checkbox")) {
		hc_printf(pg, "<input type=\"hidden\" name=\"%s\" value=\"0\">"
			"<label><input type=\"checkbox\" id=\"field-%lld\" name=\"%s\" value=\"1\"%s>"
			" %s</label>", name, (long long)f->id, name,
			chosen(ct, f->id, "1") ? " checked" : "", hc_esc(pg, f->title));
	} else {
		hc_printf(pg, "<label for=\"field-%lld\">%s</label>", (long long)f->id,
			hc_esc(pg, f->title));
		if (!strcmp(f->type, "tagger") || !strcmp(f->type, "multiselect")) {
			bool multi = !strcmp(f->type, "multiselect");
			hc_printf(pg, "<select id=\"field-%lld\" name=\"%s\"%s%s>%s",
				(long long)f->id, name, multi ? " multiple" : "", req,
				multi ? "" : "<option value=\"\">-</option>");
			options(ct, f);
			sbuf_adds(&pg->b, "</select>");
		} else if (!strcmp(f->type, "textarea")) {
			hc_printf(pg, "<textarea id=\"field-%lld\" name=\"%s\"%s>%s</textarea>",
				(long long)f->id, name, req, val);
		} else {
			const char *type = !strcmp(f->type, "date") ? "date" :
				!strcmp(f->type, "integer") ? "number" : "text";
			hc_printf(pg, "<input id=\"field-%lld\" name=\"%s\" type=\"%s\"%s%s"
				" value=\"%s\">", (long long)f->id, name, type,
				!strcmp(f->type, "decimal") ? " inputmode=\"decimal\"" : "", req, val);
		}
	}
	if (*f->description)
		hc_printf(pg, "<p class=\"hc-hint\">%s</p>", hc_esc(pg, f->description));
	if (cond)
		condition_hint(ct, i);
	sbuf_adds(&pg->b, "</div>");
}

/* The picker of the brand's forms when it offers several (a GET form). */
static void form_picker(struct contact *ct)
{
	struct hc_page *pg = &ct->pg;
	if (json_array_size(ct->offered) < 2)
		return;
	hc_printf(pg, "<form class=\"hc-form-picker\" method=\"get\""
		" action=\"/hc/%s/requests/new\"><label for=\"ticket_form_id\">Choose a form"
		"</label> <select id=\"ticket_form_id\" name=\"ticket_form_id\">",
		hc_esc(pg, pg->locale));
	size_t i;
	json_t *f;
	json_array_foreach(ct->offered, i, f)
		hc_printf(pg, "<option value=\"%lld\"%s>%s</option>", (long long)num(f, "id"),
			num(f, "id") == ct->form.id ? " selected" : "", hc_esc(pg, str(f, "name")));
	sbuf_adds(&pg->b, "</select> <button type=\"submit\">Choose</button></form>");
}

static enum pl_err form_page(struct contact *ct, int status, const char *notice)
{
	struct hc_page *pg = &ct->pg;
	struct ctx *c = pg->c;
	pg->script = SCRIPT;
	pg->status = status;
	hc_page_begin(pg, "Submit a request", "requests/new", NULL);
	sbuf_adds(&pg->b, "<h1>Submit a request</h1>");
	if (notice)
		hc_printf(pg, "<p class=\"hc-notice\" role=\"status\">%s</p>", hc_esc(pg, notice));
	errors_box(ct);
	form_picker(ct);
	const char *desc = posted(ct, "description");
	hc_printf(pg, "<form class=\"hc-form hc-request-form\" method=\"post\""
		" action=\"/hc/%s/requests\" data-suggest=\"/hc/%s/requests/suggestions\""
		" data-conditions=\"%s\">%s<input type=\"hidden\" name=\"attempt\" value=\"%s\">"
		"<input type=\"hidden\" name=\"ticket_form_id\" value=\"%lld\">"
		"<input type=\"hidden\" name=\"suggested\" value=\"%s\">",
		hc_esc(pg, pg->locale), hc_esc(pg, pg->locale),
		hc_esc(pg, jdump(c->a, ct->form.conditions)), hc_csrf_field(pg),
		hc_esc(pg, ct->attempt), (long long)ct->form.id,
		ct->suggestions || (posted(ct, "suggested") && *posted(ct, "suggested"))
			? "1" : "");
	if (!c->me.id) {
		text_row(ct, "requester_name", "Your name", "text",
			"autocomplete=\"name\" maxlength=\"255\"", "requester");
		text_row(ct, "requester_email", "Your email address", "email",
			"autocomplete=\"email\" required", "requester");
	}
	int i = 0;
	if (ct->form.nfields && ct->form.fields[0].reason)
		field_row(ct, i++);
	text_row(ct, "subject", "Subject", "text", "required maxlength=\"255\"", "subject");
	hc_printf(pg, "<div class=\"hc-field\"><label for=\"description\">Description</label>"
		"<textarea id=\"description\" name=\"description\" required%s>%s</textarea>"
		"<p class=\"hc-hint\">Please enter the details of your request.</p></div>",
		has_error(ct, "description") ? " aria-invalid=\"true\"" : "",
		hc_esc(pg, desc ? desc : ""));
	for (; i < ct->form.nfields; i++)
		field_row(ct, i);
	suggestions_box(ct);
	sbuf_adds(&pg->b, "<p><button type=\"submit\">Submit</button></p></form>");
	return hc_page_end(pg);
}

/* Loads what every contact page needs; *ok false when a page was already
 * answered (a locale redirect). */
static enum pl_err contact_init(struct req *r, struct contact *ct, int64_t form_id,
	bool *ok)
{
	const char *l;
	enum pl_err e;
	*ok = false;
	memset(ct, 0, sizeof(*ct));
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&ct->pg, r, l)))
		return e;
	ct->post = web_form_all(r);
	if ((e = request_forms_offered(&r->c, ct->pg.brand.id, &ct->offered)))
		return e;
	e = request_form_load(&r->c, ct->pg.brand.id, form_id, &ct->form);
	if (e == PL_INVALID) {
		/* A form the brand does not offer: its default one instead. */
		r->c.err_title = NULL;
		r->c.err_desc = NULL;
		r->c.err_details = NULL;
		e = request_form_load(&r->c, ct->pg.brand.id, 0, &ct->form);
	}
	if (e)
		return e;
	const char *a = posted(ct, "attempt");
	ct->attempt = hc_attempt_valid(a) ? a : hc_attempt_new(&r->c);
	ct->reason = reason_value(ct);
	*ok = true;
	return PL_OK;
}

/* The page for readers who must sign in first. */
static enum pl_err sign_in_first(struct contact *ct, int status)
{
	struct hc_page *pg = &ct->pg;
	pg->status = status;
	hc_page_begin(pg, "Submit a request", "requests/new", NULL);
	hc_printf(pg, "<h1>Submit a request</h1><p>Please <a href=\"/hc/%s/signin?"
		"return_to=%s\">sign in</a> to submit a request.</p>", hc_esc(pg, pg->locale),
		hc_esc(pg, url_escape(pg->c->a, arena_printf(pg->c->a,
		"/hc/%s/requests/new", pg->locale))));
	return hc_page_end(pg);
}

static enum pl_err new_page(struct req *r)
{
	struct contact ct;
	int64_t form_id = id_of(req_query(r, "ticket_form_id"));
	bool ok;
	enum pl_err e = contact_init(r, &ct, form_id, &ok);
	if (e || !ok)
		return e;
	if (!r->c.me.id && !account_anonymous_requests(&r->c))
		return sign_in_first(&ct, 200);
	int64_t done = id_of(req_query(r, "submitted"));
	return form_page(&ct, 200, done ? arena_printf(r->c.a, "Your request #%lld was "
		"submitted. We will reply by email.", (long long)done) : NULL);
}

/* ---- submitting ---- */

/* Records an event of the visit, when it has an attempt id (a caller of
 * the suggestions without one counts nothing); a failure loses only the
 * statistic. */
static void record(struct contact *ct, const char *kind, int64_t article,
	int64_t ticket)
{
	struct ctx *c = ct->pg.c;
	if (!hc_attempt_valid(ct->attempt))
		return;
	struct hc_deflection d = { .brand_id = ct->pg.brand.id, .locale = ct->pg.locale,
		.reason = ct->reason, .attempt = ct->attempt, .kind = kind,
		.article_id = article, .ticket_id = ticket };
	if (hc_deflection_record(c, &d) != PL_OK) {
		c->err_title = NULL;
		c->err_desc = NULL;
	}
}

/* The suggestions for what the reader wrote, each recorded as shown. */
static enum pl_err suggest(struct contact *ct, const char *text, json_t **out)
{
	struct hc_suggest_query q = { .brand_id = ct->pg.brand.id,
		.locale = ct->pg.locale, .text = text, .labels = reason_labels(ct),
		.limit = SUGGESTIONS };
	enum pl_err e = hc_suggest(ct->pg.c, &q, out);
	size_t i;
	json_t *s;
	json_array_foreach(e ? NULL : *out, i, s)
		record(ct, "shown", num(s, "id"), 0);
	return e;
}

/* "This solved my problem" on suggestion article. */
static enum pl_err solved_page(struct contact *ct, int64_t article)
{
	struct hc_page *pg = &ct->pg;
	struct hc_deflection d = { .brand_id = pg->brand.id, .locale = pg->locale,
		.reason = ct->reason, .attempt = ct->attempt, .kind = "solved",
		.article_id = article };
	json_t *a;
	enum pl_err e;
	if ((e = hc_deflection_record(pg->c, &d)) ||
	    (e = hc_article_get(pg->c, article, pg->locale, &a)))
		return e;
	hc_page_begin(pg, "Glad we could help", "requests/new", NULL);
	hc_printf(pg, "<h1>Glad we could help</h1><p role=\"status\">Your problem was "
		"solved by <a href=\"/hc/%s/articles/%lld\">%s</a>, so no request was "
		"submitted.</p><p><a href=\"/hc/%s\">Back to the help center</a></p>",
		hc_esc(pg, pg->locale), (long long)article, hc_esc(pg, str(a, "title")),
		hc_esc(pg, pg->locale));
	return hc_page_end(pg);
}

/* The custom_fields of the post, one entry per field of the form. */
static json_t *posted_fields(struct contact *ct)
{
	struct ctx *c = ct->pg.c;
	json_t *out = jown(c->a, json_array());
	for (int i = 0; i < ct->form.nfields; i++) {
		const struct request_field *f = &ct->form.fields[i];
		json_t *vals = json_object_get(ct->post, field_name(ct, f->id));
		json_t *v;
		if (!strcmp(f->type, "checkbox"))
			v = json_boolean(chosen(ct, f->id, "1"));
		else if (!strcmp(f->type, "multiselect"))
			v = json_deep_copy(vals ? vals : jown(c->a, json_array()));
		else if (json_array_size(vals) && *json_string_value(json_array_get(vals, 0)))
			v = json_incref(json_array_get(vals, 0));
		else
			continue;
		json_array_append_new(out, json_pack("{s:I,s:o}", "id", (json_int_t)f->id,
			"value", v));
	}
	return out;
}

/* The "request" object of the post (core/requests.h). */
static json_t *request_of(struct contact *ct)
{
	struct ctx *c = ct->pg.c;
	const char *subject = posted(ct, "subject"), *desc = posted(ct, "description");
	json_t *in = jown(c->a, json_pack("{s:s,s:{s:s},s:o}", "subject",
		subject ? subject : "", "comment", "body", desc ? desc : "",
		"custom_fields", json_incref(posted_fields(ct))));
	if (ct->form.id)
		json_object_set_new(in, "ticket_form_id", json_integer(ct->form.id));
	if (!c->me.id) {
		const char *name = posted(ct, "requester_name");
		const char *email = posted(ct, "requester_email");
		json_t *who = json_object();
		json_object_set_new(who, "email", json_string(email ? email : ""));
		if (name && *name)
			json_object_set_new(who, "name", json_string(name));
		json_object_set_new(in, "requester", who);
	}
	return in;
}

static enum pl_err submit(struct req *r)
{
	struct ctx *c = &r->c;
	struct contact ct;
	bool ok;
	enum pl_err e;
	if ((e = hc_same_origin(r)) ||
	    (e = contact_init(r, &ct, id_of(web_form(r, "ticket_form_id")), &ok)) || !ok)
		return e;
	int64_t article = id_of(posted(&ct, "solved_article"));
	if (article)
		return solved_page(&ct, article);
	if (!c->me.id && !account_anonymous_requests(c))
		return sign_in_first(&ct, 401);
	const char *seen = posted(&ct, "suggested");
	if (!seen || !*seen) {
		const char *text = arena_printf(c->a, "%s\n%s", posted(&ct, "subject") ?
			posted(&ct, "subject") : "", posted(&ct, "description") ?
			posted(&ct, "description") : "");
		json_t *found;
		if ((e = suggest(&ct, text, &found)))
			return e;
		if (json_array_size(found)) {
			ct.suggestions = found;
			return form_page(&ct, 200, "Before you submit: do these articles "
				"answer your question?");
		}
	}
	struct request_origin o = { "web", req_client_addr(r) };
	json_t *req;
	int retry = 0;
	e = request_create(c, request_of(&ct), &o, &req, &retry);
	if (e == PL_INVALID) {
		ct.errors = c->err_details;
		c->err_title = NULL;
		c->err_desc = NULL;
		return form_page(&ct, 422, NULL);
	}
	if (e == PL_RATE_LIMITED) {
		reply_header(r, "Retry-After", arena_printf(c->a, "%d", retry));
		ct.errors = jown(c->a, json_pack("{s:[{s:s}]}", "base", "description",
			"Too many requests were submitted from your network. Please try "
			"again later."));
		c->err_title = NULL;
		c->err_desc = NULL;
		return form_page(&ct, 429, NULL);
	}
	if (e)
		return e;
	int64_t id = num(req, "id");
	record(&ct, "submitted", 0, id);
	const char *l = url_escape(c->a, ct.pg.locale);
	return reply_redirect(r, c->me.id
		? arena_printf(c->a, "/hc/%s/requests/%lld?submitted=1", l, (long long)id)
		: arena_printf(c->a, "/hc/%s/requests/new?submitted=%lld", l, (long long)id));
}

/* ---- the script's suggestions and the click counter ---- */

/* ct->reason from ?reason= (one of the reason's option values, else ""). */
static void reason_from_query(struct req *r, struct contact *ct)
{
	const char *reason = req_query(r, "reason");
	ct->post = jown(r->c.a, json_object());
	if (reason && ct->form.nfields && ct->form.fields[0].reason)
		json_object_set_new(ct->post, field_name(ct, ct->form.fields[0].id),
			json_pack("[s]", reason));
	ct->reason = reason_value(ct);
}

static enum pl_err suggestions(struct req *r)
{
	struct contact ct;
	bool ok;
	enum pl_err e = contact_init(r, &ct, id_of(req_query(r, "ticket_form_id")), &ok);
	if (e || !ok)
		return e;
	const char *a = req_query(r, "attempt");
	ct.attempt = hc_attempt_valid(a) ? a : "";
	reason_from_query(r, &ct);
	json_t *found;
	if ((e = suggest(&ct, req_query(r, "text"), &found)))
		return e;
	size_t i;
	json_t *s;
	json_array_foreach(found, i, s)
		json_object_set_new(s, "url", json_string(suggestion_link(&ct, s)));
	hc_security_headers(r, false);
	reply_header(r, "Cache-Control", "no-store");
	return reply_json(r, 200, json_pack("{s:O}", "suggestions", found));
}

static enum pl_err suggested(struct req *r)
{
	struct contact ct;
	bool ok;
	enum pl_err e = contact_init(r, &ct, 0, &ok);
	if (e || !ok)
		return e;
	const char *a = req_query(r, "attempt");
	int64_t id = r->id[0];
	reason_from_query(r, &ct);
	struct hc_deflection d = { .brand_id = ct.pg.brand.id, .locale = ct.pg.locale,
		.reason = ct.reason, .attempt = a, .kind = "clicked", .article_id = id };
	if (hc_attempt_valid(a) && (e = hc_deflection_record(&r->c, &d)))
		return e;
	return reply_redirect(r, arena_printf(r->c.a, "/hc/%s/articles/%lld",
		url_escape(r->c.a, ct.pg.locale), (long long)id));
}

const struct route hc_contact_routes[] = {
	{ V_GET, "hc/{key}/requests/new", new_page, ROLE_ANON },
	{ V_POST, "hc/{key}/requests", submit, ROLE_ANON },
	{ V_GET, "hc/{key}/requests/suggestions", suggestions, ROLE_ANON },
	{ V_GET, "hc/{key}/requests/suggested/{id}", suggested, ROLE_ANON },
	{ 0 },
};
