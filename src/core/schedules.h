/*
 * schedules.h: business-hours schedules and their holidays, stored per
 * account (/api/v2/business_hours/schedules).
 *
 * A schedule has a name, a time zone (IANA, or a Zendesk/Rails name such
 * as "Pacific Time (US & Canada)", stored as given) and a workweek of
 * intervals in minutes since Sunday 00:00 local time; a new one without
 * intervals gets Monday to Friday, 09:00 to 17:00.  Holidays close whole
 * local days from start_date to end_date.  core/schedule.h computes with
 * what schedule_load returns.
 */
#ifndef HEADER_CORE_SCHEDULES_H
#define HEADER_CORE_SCHEDULES_H

#include "core/ctx.h"

struct schedule;

/* Every schedule of the account, by id (borrowed array). */
enum pl_err schedules_list(struct ctx *c, json_t **out);
enum pl_err schedule_get(struct ctx *c, int64_t id, json_t **out);
/* From {"name", "time_zone", "intervals"?}; PL_INVALID naming the field
 * for a blank name, an unknown zone or bad intervals (overlapping, not
 * within one day, out of 0..10080). */
enum pl_err schedule_create(struct ctx *c, json_t *in, json_t **out);
/* Changes name, time_zone and intervals when given. */
enum pl_err schedule_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
/* Deletes the schedule and its holidays. */
enum pl_err schedule_delete(struct ctx *c, int64_t id);
/* Replaces the intervals from {"intervals": [...]}; *out is the new
 * {"intervals"} (borrowed). */
enum pl_err schedule_set_workweek(struct ctx *c, int64_t id, json_t *in, json_t **out);

/* Holidays of schedule sid; PL_NOT_FOUND when sid is not the account's. */
enum pl_err schedule_holidays_list(struct ctx *c, int64_t sid, json_t **out);
enum pl_err schedule_holiday_get(struct ctx *c, int64_t sid, int64_t id, json_t **out);
/* From {"name", "start_date", "end_date"}: dates "YYYY-MM-DD", end not
 * before start (end defaults to start). */
enum pl_err schedule_holiday_create(struct ctx *c, int64_t sid, json_t *in,
	json_t **out);
enum pl_err schedule_holiday_update(struct ctx *c, int64_t sid, int64_t id, json_t *in,
	json_t **out);
enum pl_err schedule_holiday_delete(struct ctx *c, int64_t sid, int64_t id);

/* Fills *out with schedule id for core/schedule.h (arrays in the arena):
 * what SLA targets and business-hours conditions are computed with.
 * PL_NOT_FOUND when there is no such schedule; PL_INVALID when its zone
 * is no longer in the tz database. */
enum pl_err schedule_load(struct ctx *c, int64_t id, struct schedule *out);
/* schedule_load of the account's default schedule (the first created);
 * *found is false, and out untouched, when the account has none usable. */
enum pl_err schedule_load_default(struct ctx *c, struct schedule *out, bool *found);

#endif
