/*
 * brands.c: /api/v2/brands (agents read, admins write and check host
 * mappings).  The list is not paged: accounts have few brands.
 */
#include "parley.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/brands.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	json_t *brands;
	enum pl_err e = brands_list(&r->c, &brands);
	if (e)
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:n,s:n,s:I}", "brands", brands,
		"next_page", "previous_page", "count", (json_int_t)json_array_size(brands)));
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "brand", brand_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *b;
	enum pl_err e;
	if ((e = req_body_object(r, "brand", &in)) || (e = brand_create(&r->c, in, &b)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(b, "url")));
	return reply_obj(r, 201, "brand", json_incref(b));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "brand", brand_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = brand_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err check(struct req *r)
{
	json_t *out;
	enum pl_err e = brand_check_host_mapping(&r->c, req_query(r, "host_mapping"),
		req_query(r, "subdomain"), &out);
	return e ? e : reply_json(r, 200, json_incref(out));
}

static enum pl_err check_own(struct req *r)
{
	json_t *out;
	enum pl_err e = brand_check_own_host_mapping(&r->c, r->id[0], &out);
	return e ? e : reply_json(r, 200, json_incref(out));
}

const struct route brands_routes[] = {
	{ V_GET, "brands", list, ROLE_AGENT },
	{ V_POST, "brands", create, ROLE_ADMIN },
	{ V_GET, "brands/check_host_mapping", check, ROLE_ADMIN },
	{ V_GET, "brands/{id}", show, ROLE_AGENT },
	{ V_PUT, "brands/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "brands/{id}", destroy, ROLE_ADMIN },
	{ V_GET, "brands/{id}/check_host_mapping", check_own, ROLE_ADMIN },
	{ 0 },
};
