/*
 * ticket_fields.c: /api/v2/ticket_fields and their options (agents read,
 * admins write).  ?locale= is accepted and ignored: titles are stored as
 * given, without dynamic content.
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/ticket_field_defs.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = ticket_field_defs_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "ticket_fields", &res);
}

static enum pl_err count(struct req *r)
{
	int64_t n;
	return record_count_of(r, ticket_field_defs_count(&r->c, &n), &n);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "ticket_field", ticket_field_def_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *f;
	enum pl_err e;
	if ((e = req_body_object(r, "ticket_field", &in)) ||
	    (e = ticket_field_def_create(&r->c, in, &f)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(f, "url")));
	return reply_obj(r, 201, "ticket_field", json_incref(f));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "ticket_field", ticket_field_def_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = ticket_field_def_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err options(struct req *r)
{
	json_t *opts;
	enum pl_err e = ticket_field_options_list(&r->c, r->id[0], &opts);
	if (e)
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:n,s:n,s:I}",
		"custom_field_options", opts, "next_page", "previous_page",
		"count", (json_int_t)json_array_size(opts)));
}

static enum pl_err option_show(struct req *r)
{
	json_t *o;
	enum pl_err e = ticket_field_option_get(&r->c, r->id[0], r->id[1], &o);
	return e ? e : reply_obj(r, 200, "custom_field_option", json_incref(o));
}

/* Zendesk: 201 when the option was created, 200 when an id updated one. */
static enum pl_err option_save(struct req *r)
{
	json_t *in, *o;
	bool created;
	enum pl_err e;
	if ((e = req_body_object(r, "custom_field_option", &in)) ||
	    (e = ticket_field_option_save(&r->c, r->id[0], in, &o, &created)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(o, "url")));
	return reply_obj(r, created ? 201 : 200, "custom_field_option", json_incref(o));
}

static enum pl_err option_destroy(struct req *r)
{
	enum pl_err e = ticket_field_option_delete(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

const struct route ticket_fields_routes[] = {
	{ V_GET, "ticket_fields", list, ROLE_AGENT },
	{ V_POST, "ticket_fields", create, ROLE_ADMIN },
	{ V_GET, "ticket_fields/count", count, ROLE_AGENT },
	{ V_GET, "ticket_fields/{id}", show, ROLE_AGENT },
	{ V_PUT, "ticket_fields/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "ticket_fields/{id}", destroy, ROLE_ADMIN },
	{ V_GET, "ticket_fields/{id}/options", options, ROLE_AGENT },
	{ V_POST, "ticket_fields/{id}/options", option_save, ROLE_ADMIN },
	{ V_GET, "ticket_fields/{id}/options/{id}", option_show, ROLE_AGENT },
	{ V_DELETE, "ticket_fields/{id}/options/{id}", option_destroy, ROLE_ADMIN },
	{ 0 },
};
