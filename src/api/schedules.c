/*
 * schedules.c: /api/v2/business_hours/schedules, their workweek and
 * holidays (agents read, admins write).  Lists are not paged: Zendesk
 * returns every schedule and every holiday at once.
 */
#include "parley.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/schedules.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	json_t *all;
	enum pl_err e = schedules_list(&r->c, &all);
	return e ? e : reply_obj(r, 200, "schedules", json_incref(all));
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "schedule", schedule_get);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *s;
	enum pl_err e;
	if ((e = req_body_object(r, "schedule", &in)) || (e = schedule_create(&r->c, in, &s)))
		return e;
	return reply_obj(r, 201, "schedule", json_incref(s));
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "schedule", schedule_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = schedule_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err workweek(struct req *r)
{
	return record_update(r, "workweek", schedule_set_workweek);
}

static enum pl_err holidays(struct req *r)
{
	return record_by_id(r, "holidays", schedule_holidays_list);
}

static enum pl_err holiday_show(struct req *r)
{
	json_t *h;
	enum pl_err e = schedule_holiday_get(&r->c, r->id[0], r->id[1], &h);
	return e ? e : reply_obj(r, 200, "holiday", json_incref(h));
}

static enum pl_err holiday_create(struct req *r)
{
	json_t *in, *h;
	enum pl_err e;
	if ((e = req_body_object(r, "holiday", &in)) ||
	    (e = schedule_holiday_create(&r->c, r->id[0], in, &h)))
		return e;
	return reply_obj(r, 201, "holiday", json_incref(h));
}

static enum pl_err holiday_update(struct req *r)
{
	json_t *in, *h;
	enum pl_err e;
	if ((e = req_body_object(r, "holiday", &in)) ||
	    (e = schedule_holiday_update(&r->c, r->id[0], r->id[1], in, &h)))
		return e;
	return reply_obj(r, 200, "holiday", json_incref(h));
}

static enum pl_err holiday_destroy(struct req *r)
{
	enum pl_err e = schedule_holiday_delete(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

const struct route schedules_routes[] = {
	{ V_GET, "business_hours/schedules", list, ROLE_AGENT },
	{ V_POST, "business_hours/schedules", create, ROLE_ADMIN },
	{ V_GET, "business_hours/schedules/{id}", show, ROLE_AGENT },
	{ V_PUT, "business_hours/schedules/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "business_hours/schedules/{id}", destroy, ROLE_ADMIN },
	{ V_PUT, "business_hours/schedules/{id}/workweek", workweek, ROLE_ADMIN },
	{ V_GET, "business_hours/schedules/{id}/holidays", holidays, ROLE_AGENT },
	{ V_POST, "business_hours/schedules/{id}/holidays", holiday_create, ROLE_ADMIN },
	{ V_GET, "business_hours/schedules/{id}/holidays/{id}", holiday_show, ROLE_AGENT },
	{ V_PUT, "business_hours/schedules/{id}/holidays/{id}", holiday_update, ROLE_ADMIN },
	{ V_DELETE, "business_hours/schedules/{id}/holidays/{id}", holiday_destroy,
	  ROLE_ADMIN },
	{ 0 },
};
