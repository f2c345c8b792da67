/*
 * account_settings.c: /api/v2/account/settings, in Zendesk's shape, with
 * the settings Parley has (core/accounts.h):
 *
 *   GET account/settings   agents   {"settings":{"tickets":{
 *                                    "anonymous_requests":true}}}
 *   PUT account/settings   admins   {"settings":{...the same...}}
 */
#include "parley.h"
#include "api/routes.h"
#include "core/accounts.h"
#include "http/request.h"

static enum pl_err show(struct req *r)
{
	json_t *s;
	enum pl_err e = account_settings_get(&r->c, &s);
	return e ? e : reply_obj(r, 200, "settings", json_incref(s));
}

static enum pl_err update(struct req *r)
{
	json_t *in, *s;
	enum pl_err e;
	if ((e = req_body_object(r, "settings", &in)) ||
	    (e = account_settings_update(&r->c, in, &s)))
		return e;
	return reply_obj(r, 200, "settings", json_incref(s));
}

const struct route account_settings_routes[] = {
	{ V_GET, "account/settings", show, ROLE_AGENT },
	{ V_PUT, "account/settings", update, ROLE_ADMIN },
	{ 0 },
};
