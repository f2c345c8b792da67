/*
 * api_tokens.c: /api/v2/api_tokens (admins only).
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/api_tokens.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = api_tokens_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "api_tokens", &res);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "api_token", api_token_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *t;
	enum pl_err e;
	if ((e = req_body_object(r, "api_token", &in)) ||
	    (e = api_token_create(&r->c, in, &t)))
		return e;
	return reply_obj(r, 201, "api_token", json_incref(t));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "api_token", api_token_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = api_token_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route api_tokens_routes[] = {
	{ V_GET, "api_tokens", list, ROLE_ADMIN },
	{ V_POST, "api_tokens", create, ROLE_ADMIN },
	{ V_GET, "api_tokens/{id}", show, ROLE_ADMIN },
	{ V_PUT, "api_tokens/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "api_tokens/{id}", destroy, ROLE_ADMIN },
	{ 0 },
};
