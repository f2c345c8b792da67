/*
 * schedule.h: business-hours arithmetic over a weekly schedule.
 *
 * A schedule is Zendesk's: intervals of minutes since Sunday 00:00 in the
 * schedule's time zone (Monday 09:00-17:00 is 1980-2460), each within one
 * day, plus holidays that close whole local days.  These functions are pure:
 * the caller loads the schedule (core/schedules.c does) and they only read
 * it.  Every instant is Unix seconds.
 */
#ifndef HEADER_CORE_SCHEDULE_H
#define HEADER_CORE_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

struct tz;

struct schedule_interval {
	int start, end;         /* minutes since Sunday 00:00, 0..10080 */
};

struct schedule_holiday {
	int64_t first, last;    /* local dates as days since 1970-01-01,
	                         * inclusive */
};

struct schedule {
	const struct tz *tz;
	const struct schedule_interval *iv;   /* sorted, non-overlapping */
	int niv;
	const struct schedule_holiday *hol;
	int nhol;
};

/* The IANA name of a Zendesk time zone: Rails names such as "Pacific Time
 * (US & Canada)" or "Amsterdam" map to theirs; anything else is returned as
 * it is.  Static storage or zone itself. */
const char *schedule_iana_zone(const char *zone);

/* The zone of a Zendesk or IANA zone name, or NULL when unknown. */
const struct tz *schedule_zone(const char *zone);

/* The instant `minutes` business minutes after t: time spent inside the
 * schedule's intervals, outside holidays, counted from t.  0 minutes gives
 * t.  Returns -1 when the schedule never opens again (no intervals, or ten
 * years of holidays). */
int64_t schedule_add_minutes(const struct schedule *s, int64_t t, int64_t minutes);

/* Business seconds between t1 and t2 (0 when t2 <= t1). */
int64_t schedule_seconds_between(const struct schedule *s, int64_t t1, int64_t t2);

/* Whole business minutes between t1 and t2 (0 when t2 <= t1). */
int64_t schedule_minutes_between(const struct schedule *s, int64_t t1, int64_t t2);

/* Whether t falls inside business hours. */
bool schedule_is_open(const struct schedule *s, int64_t t);

/* Whether intervals (n of them) are valid: each 0 <= start < end <= 10080
 * within one day, and after sorting by start none overlap.  Sorts iv in
 * place.  On failure *why names the problem (static text). */
bool schedule_check_intervals(struct schedule_interval *iv, int n, const char **why);

#endif
