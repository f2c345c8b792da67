/*
 * ticket_forms.c: /api/v2/ticket_forms (agents read, admins write).
 * Lists are not paged, as in Zendesk: every form comes in one answer.
 */
#include "parley.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/ticket_forms.h"
#include "http/request.h"

#include <string.h>

/* Reads a true/false query parameter into *out (unchanged when absent). */
static enum pl_err query_bool(struct req *r, const char *name, int *out)
{
	const char *v = req_query(r, name);
	if (!v)
		return PL_OK;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter %s must be true or false",
			name);
	return PL_OK;
}

/* {"ticket_forms": forms, ...} with Zendesk's empty paging keys. */
static enum pl_err reply_forms(struct req *r, json_t *forms)
{
	return reply_json(r, 200, json_pack("{s:O,s:n,s:n,s:I}", "ticket_forms", forms,
		"next_page", "previous_page", "count", (json_int_t)json_array_size(forms)));
}

static enum pl_err list(struct req *r)
{
	struct ticket_form_filter f = { -1, -1, 0 };
	int brand = 0;
	json_t *forms;
	enum pl_err e;
	if ((e = query_bool(r, "active", &f.active)) ||
	    (e = query_bool(r, "end_user_visible", &f.end_user_visible)) ||
	    (e = query_bool(r, "associated_to_brand", &brand)))
		return e;
	f.brand_id = brand ? r->c.brand_id : 0;
	if ((e = ticket_forms_list(&r->c, &f, &forms)))
		return e;
	return reply_forms(r, forms);
}

static enum pl_err show_many(struct req *r)
{
	int64_t *ids;
	int n;
	json_t *forms;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", 100, &ids, &n)) ||
	    (e = ticket_forms_show_many(&r->c, ids, n, &forms)))
		return e;
	return reply_forms(r, forms);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "ticket_form", ticket_form_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *f;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket_form", &in)) ||
	    (e = ticket_form_create(&r->c, in, &f)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(f, "url")));
	return reply_obj(r, 201, "ticket_form", json_incref(f));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "ticket_form", ticket_form_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = ticket_form_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* Zendesk answers a clone with 200, not 201. */
static enum pl_err clone(struct req *r)
{
	json_t *in, *f;
	enum pl_err e;
	if ((e = req_body(r, &in)))
		return e;
	json_t *prepend = json_object_get(in, "prepend_clone_title");
	if (prepend && !json_is_boolean(prepend))
		return ctx_invalid(&r->c, "prepend_clone_title", "InvalidValue",
			"prepend_clone_title: must be true or false");
	if ((e = ticket_form_clone(&r->c, r->id[0], json_is_true(prepend), &f)))
		return e;
	return reply_obj(r, 200, "ticket_form", json_incref(f));
}

static enum pl_err reorder(struct req *r)
{
	json_t *in, *forms;
	enum pl_err e;
	if ((e = req_body(r, &in)) ||
	    (e = ticket_forms_reorder(&r->c, json_object_get(in, "ticket_form_ids"),
		&forms)))
		return e;
	return reply_forms(r, forms);
}

const struct route ticket_forms_routes[] = {
	{ V_GET, "ticket_forms", list, ROLE_AGENT },
	{ V_POST, "ticket_forms", create, ROLE_ADMIN },
	{ V_GET, "ticket_forms/show_many", show_many, ROLE_AGENT },
	{ V_PUT, "ticket_forms/reorder", reorder, ROLE_ADMIN },
	{ V_GET, "ticket_forms/{id}", show, ROLE_AGENT },
	{ V_PUT, "ticket_forms/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "ticket_forms/{id}", destroy, ROLE_ADMIN },
	{ V_POST, "ticket_forms/{id}/clone", clone, ROLE_ADMIN },
	{ 0 },
};
