/*
 * help_center_contact.c: the contact form's settings and results (Parley's
 * own; docs/help-center.md).
 *
 *   GET    help_center/brands/{id}/contact_reason   agents
 *   PUT    help_center/brands/{id}/contact_reason   admins
 *          {"contact_reason":{"ticket_field_id","options":[{"value",
 *          "label_names"}]}}
 *   DELETE help_center/brands/{id}/contact_reason   admins
 *   GET    help_center/deflection?start_time=&end_time=&brand_id=   admins
 *          {"deflection":[{brand_id, locale, reason, attempts, shown,
 *          clicked, solved, submitted, deflection_rate,
 *          click_through_rate}], "start_time", "end_time"}
 */
#include "parley.h"
#include "api/routes.h"
#include "core/request_forms.h"
#include "guide/contact.h"
#include "http/request.h"

static enum pl_err reason(struct req *r)
{
	json_t *out;
	enum pl_err e = request_reason_get(&r->c, r->id[0], &out);
	return e ? e : reply_obj(r, 200, "contact_reason", json_incref(out));
}

static enum pl_err reason_update(struct req *r)
{
	json_t *in, *out;
	enum pl_err e;
	if ((e = req_body_object(r, "contact_reason", &in)) ||
	    (e = request_reason_set(&r->c, r->id[0], in, &out)))
		return e;
	return reply_obj(r, 200, "contact_reason", json_incref(out));
}

static enum pl_err reason_delete(struct req *r)
{
	enum pl_err e = request_reason_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err deflection(struct req *r)
{
	int64_t start = 0, end = 0, brand = 0;
	json_t *rows;
	enum pl_err e;
	if ((e = req_query_i64(r, "start_time", &start)) ||
	    (e = req_query_i64(r, "end_time", &end)) ||
	    (e = req_query_i64(r, "brand_id", &brand)))
		return e;
	if (start < 0 || end < 0 || (end ? end : r->c.now + 1) <= start)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "start_time and end_time are Unix "
			"times with start_time before end_time");
	if ((e = hc_deflection_report(&r->c, start, end, brand, &rows)))
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:I,s:I}", "deflection", rows,
		"start_time", (json_int_t)start, "end_time",
		(json_int_t)(end ? end : r->c.now)));
}

const struct route help_center_contact_routes[] = {
	{ V_GET, "help_center/brands/{id}/contact_reason", reason, ROLE_AGENT },
	{ V_PUT, "help_center/brands/{id}/contact_reason", reason_update, ROLE_ADMIN },
	{ V_DELETE, "help_center/brands/{id}/contact_reason", reason_delete, ROLE_ADMIN },
	{ V_GET, "help_center/deflection", deflection, ROLE_ADMIN },
	{ 0 },
};
