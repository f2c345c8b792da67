/*
 * recipient_addresses.c: /api/v2/recipient_addresses (Zendesk's support
 * addresses).  Agents read, admins write.
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/recipient_addresses.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = recipient_addresses_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "recipient_addresses", &res);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "recipient_address", recipient_address_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *a;
	enum pl_err e;
	if ((e = req_body_object(r, "recipient_address", &in)) ||
	    (e = recipient_address_create(&r->c, in, &a)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(a, "url")));
	return reply_obj(r, 201, "recipient_address", json_incref(a));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "recipient_address", recipient_address_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = recipient_address_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route recipient_addresses_routes[] = {
	{ V_GET, "recipient_addresses", list, ROLE_AGENT },
	{ V_POST, "recipient_addresses", create, ROLE_ADMIN },
	{ V_GET, "recipient_addresses/{id}", show, ROLE_AGENT },
	{ V_PUT, "recipient_addresses/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "recipient_addresses/{id}", destroy, ROLE_ADMIN },
	{ 0 },
};
