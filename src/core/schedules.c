/*
 * schedules.c: business-hours schedules and holidays in the store (see
 * schedules.h).
 *
 * Invariants:
 *  1. A stored intervals array is sorted by start_time, non-overlapping,
 *     each interval within one day (schedule_check_intervals), so
 *     schedule_load can hand it to core/schedule.c as it is.
 *  2. A stored time_zone resolved when it was saved.
 *  3. Holiday dates are valid "YYYY-MM-DD" with start_date <= end_date, so
 *     comparing them as text compares them as dates.
 */
#include "parley.h"
#include "core/schedule.h"
#include "core/schedules.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, time_zone, intervals, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o}",
		"id", (json_int_t)stmt_i64(st, 0),
		"name", stmt_text(st, 1),
		"time_zone", stmt_text(st, 2),
		"intervals", jparse(stmt_text(st, 3), json_array()),
		"created_at", jtime(stmt_i64(st, 4)),
		"updated_at", jtime(stmt_i64(st, 5)));
}

enum pl_err schedules_list(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM schedules WHERE account_id = ? ORDER BY id",
		row, out, "i", c->account_id);
}

enum pl_err schedule_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM schedules WHERE account_id = ? AND id = ?",
		row, out, "ii", c->account_id, id);
}

/* The intervals of v checked and sorted, as stored (arena-owned). */
static enum pl_err read_intervals(struct ctx *c, const json_t *v, json_t **out)
{
	size_t n = json_array_size(v), i;
	if (!json_is_array(v) || n > 1000)
		return ctx_invalid(c, "intervals", "InvalidValue",
			"Intervals: must be a list of {start_time, end_time}");
	struct schedule_interval *iv = arena_alloc(c->a, sizeof(*iv) * (n + 1));
	json_t *x;
	json_array_foreach(v, i, x) {
		json_t *s = json_object_get(x, "start_time"), *e = json_object_get(x, "end_time");
		if (!json_is_integer(s) || !json_is_integer(e) ||
		    json_integer_value(s) < 0 || json_integer_value(e) > 10080)
			return ctx_invalid(c, "intervals", "InvalidValue", "Intervals: "
				"start_time and end_time are minutes from 0 to 10080");
		iv[i].start = (int)json_integer_value(s);
		iv[i].end = (int)json_integer_value(e);
	}
	const char *why;
	if (!schedule_check_intervals(iv, (int)n, &why))
		return ctx_invalid(c, "intervals", "InvalidValue", "Intervals: %s", why);
	*out = jown(c->a, json_array());
	for (i = 0; i < n; i++)
		json_array_append_new(*out, json_pack("{s:i,s:i}", "start_time", iv[i].start,
			"end_time", iv[i].end));
	return PL_OK;
}

/* name, time_zone and intervals of the request; NULL where absent. */
static enum pl_err read(struct ctx *c, json_t *in, bool creating, const char **name,
	const char **zone, json_t **intervals)
{
	json_t *n = json_object_get(in, "name"), *z = json_object_get(in, "time_zone"),
		*iv = json_object_get(in, "intervals");
	*name = json_string_value(n);
	*zone = json_string_value(z);
	*intervals = NULL;
	if ((n || creating) && (!*name || strspn(*name, " \t\r\n") == strlen(*name)))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (*name && strlen(*name) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if ((z || creating) && !*zone)
		return ctx_invalid(c, "time_zone", "BlankValue", "Time zone: cannot be blank");
	if (*zone && !schedule_zone(*zone))
		return ctx_invalid(c, "time_zone", "InvalidValue",
			"Time zone: '%s' is not a known time zone", *zone);
	if (iv)
		return read_intervals(c, iv, intervals);
	if (creating) /* Zendesk's default workweek: Monday-Friday 09:00-17:00 */
		*intervals = jown(c->a, json_pack("[{s:i,s:i},{s:i,s:i},{s:i,s:i},{s:i,s:i},"
			"{s:i,s:i}]", "start_time", 1980, "end_time", 2460, "start_time", 3420,
			"end_time", 3900, "start_time", 4860, "end_time", 5340, "start_time", 6300,
			"end_time", 6780, "start_time", 7740, "end_time", 8220));
	return PL_OK;
}

enum pl_err schedule_create(struct ctx *c, json_t *in, json_t **out)
{
	const char *name, *zone;
	json_t *iv;
	enum pl_err e = read(c, in, true, &name, &zone, &iv);
	if (e)
		return e;
	int64_t id = db_i64(c->db, "INSERT INTO schedules(account_id, name, time_zone,"
		" intervals, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		"isssii", c->account_id, name, zone, jdump(c->a, iv), c->now, c->now);
	return id > 0 ? schedule_get(c, id, out) : ctx_store_failed(c);
}

enum pl_err schedule_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	const char *name, *zone;
	json_t *iv;
	enum pl_err e = read(c, in, false, &name, &zone, &iv);
	if (e)
		return e;
	if (!db_exec(c->db, "UPDATE schedules SET name = coalesce(?, name),"
		" time_zone = coalesce(?, time_zone), intervals = coalesce(?, intervals),"
		" updated_at = ? WHERE account_id = ? AND id = ?", "sssiii", name, zone,
		iv ? jdump(c->a, iv) : NULL, c->now, c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? schedule_get(c, id, out) : ctx_not_found(c);
}

enum pl_err schedule_delete(struct ctx *c, int64_t id)
{
	/* Holidays go with it (ON DELETE CASCADE): one statement. */
	if (!db_exec(c->db, "DELETE FROM schedules WHERE account_id = ? AND id = ?", "ii",
		c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

enum pl_err schedule_set_workweek(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	json_t *iv;
	enum pl_err e = read_intervals(c, json_object_get(in, "intervals"), &iv);
	if (e)
		return e;
	if (!db_exec(c->db, "UPDATE schedules SET intervals = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "siii", jdump(c->a, iv), c->now,
		c->account_id, id))
		return ctx_store_failed(c);
	if (!db_changes(c->db))
		return ctx_not_found(c);
	*out = jown(c->a, json_pack("{s:O}", "intervals", iv));
	return PL_OK;
}

/* ---- holidays ---- */

#define HCOLS "id, name, start_date, end_date"

static json_t *holiday_row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)stmt_i64(st, 0),
		"name", stmt_text(st, 1), "start_date", stmt_text(st, 2),
		"end_date", stmt_text(st, 3));
}

static bool schedule_exists(struct ctx *c, int64_t sid)
{
	return db_i64(c->db, "SELECT count(*) FROM schedules WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, sid) > 0;
}

enum pl_err schedule_holidays_list(struct ctx *c, int64_t sid, json_t **out)
{
	if (!schedule_exists(c, sid))
		return ctx_not_found(c);
	return list_all(c, "SELECT " HCOLS " FROM schedule_holidays WHERE account_id = ?"
		" AND schedule_id = ? ORDER BY start_date, id", holiday_row, out, "ii",
		c->account_id, sid);
}

enum pl_err schedule_holiday_get(struct ctx *c, int64_t sid, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " HCOLS " FROM schedule_holidays WHERE account_id = ?"
		" AND schedule_id = ? AND id = ?", holiday_row, out, "iii", c->account_id,
		sid, id);
}

static bool valid_date(const char *s)
{
	int64_t t;
	return s && strlen(s) == 10 && time_parse_iso(s, &t);
}

/* name and dates of the request over the stored holiday (old; NULL when
 * creating, where end_date defaults to start_date). */
static enum pl_err read_holiday(struct ctx *c, json_t *in, const json_t *old,
	const char **name, const char **start, const char **end)
{
	json_t *n = json_object_get(in, "name"), *s = json_object_get(in, "start_date"),
		*e = json_object_get(in, "end_date");
	*name = n || !old ? json_string_value(n) : json_string_value(json_object_get(old, "name"));
	*start = s || !old ? json_string_value(s)
		: json_string_value(json_object_get(old, "start_date"));
	*end = e ? json_string_value(e) : old
		? json_string_value(json_object_get(old, "end_date")) : *start;
	if (!*name || strspn(*name, " \t\r\n") == strlen(*name))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (strlen(*name) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if (!valid_date(*start))
		return ctx_invalid(c, "start_date", "InvalidValue",
			"Start date: must be a date as YYYY-MM-DD");
	if (!valid_date(*end))
		return ctx_invalid(c, "end_date", "InvalidValue",
			"End date: must be a date as YYYY-MM-DD");
	if (strcmp(*end, *start) < 0)
		return ctx_invalid(c, "end_date", "InvalidValue",
			"End date: cannot be before the start date");
	return PL_OK;
}

enum pl_err schedule_holiday_create(struct ctx *c, int64_t sid, json_t *in,
	json_t **out)
{
	const char *name, *start, *end;
	if (!schedule_exists(c, sid))
		return ctx_not_found(c);
	enum pl_err e = read_holiday(c, in, NULL, &name, &start, &end);
	if (e)
		return e;
	int64_t id = db_i64(c->db, "INSERT INTO schedule_holidays(account_id, schedule_id,"
		" name, start_date, end_date) VALUES (?, ?, ?, ?, ?) RETURNING id", "iisss",
		c->account_id, sid, name, start, end);
	return id > 0 ? schedule_holiday_get(c, sid, id, out) : ctx_store_failed(c);
}

enum pl_err schedule_holiday_update(struct ctx *c, int64_t sid, int64_t id, json_t *in,
	json_t **out)
{
	json_t *old;
	const char *name, *start, *end;
	enum pl_err e = schedule_holiday_get(c, sid, id, &old);
	if (e || (e = read_holiday(c, in, old, &name, &start, &end)))
		return e;
	if (!db_exec(c->db, "UPDATE schedule_holidays SET name = ?, start_date = ?,"
		" end_date = ? WHERE account_id = ? AND schedule_id = ? AND id = ?", "sssiii",
		name, start, end, c->account_id, sid, id))
		return ctx_store_failed(c);
	return schedule_holiday_get(c, sid, id, out);
}

enum pl_err schedule_holiday_delete(struct ctx *c, int64_t sid, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM schedule_holidays WHERE account_id = ?"
		" AND schedule_id = ? AND id = ?", "iii", c->account_id, sid, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* ---- loading for computation ---- */

static int64_t day_of(const char *date)
{
	int64_t t = 0;
	time_parse_iso(date, &t);
	return t / 86400;
}

enum pl_err schedule_load(struct ctx *c, int64_t id, struct schedule *out)
{
	json_t *s, *holidays, *x;
	enum pl_err e = schedule_get(c, id, &s);
	if (e || (e = schedule_holidays_list(c, id, &holidays)))
		return e;
	const char *zone = json_string_value(json_object_get(s, "time_zone"));
	memset(out, 0, sizeof(*out));
	if (!(out->tz = schedule_zone(zone)))
		return ctx_invalid(c, "time_zone", "InvalidValue",
			"Time zone: '%s' is not a known time zone", zone);
	json_t *iv = json_object_get(s, "intervals");
	size_t i, n = json_array_size(iv);
	struct schedule_interval *ivs = arena_alloc(c->a, sizeof(*ivs) * (n + 1));
	json_array_foreach(iv, i, x) {
		ivs[i].start = (int)json_integer_value(json_object_get(x, "start_time"));
		ivs[i].end = (int)json_integer_value(json_object_get(x, "end_time"));
	}
	struct schedule_holiday *hol = arena_alloc(c->a,
		sizeof(*hol) * (json_array_size(holidays) + 1));
	json_array_foreach(holidays, i, x) {
		hol[i].first = day_of(json_string_value(json_object_get(x, "start_date")));
		hol[i].last = day_of(json_string_value(json_object_get(x, "end_date")));
	}
	out->iv = ivs;
	out->niv = (int)n;
	out->hol = hol;
	out->nhol = (int)json_array_size(holidays);
	return PL_OK;
}

enum pl_err schedule_load_default(struct ctx *c, struct schedule *out, bool *found)
{
	*found = false;
	struct stmt *st = db_q(c->db, "SELECT id FROM schedules WHERE account_id = ?"
		" ORDER BY id LIMIT 1", "i", c->account_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	int64_t id = rc == STEP_ROW ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (!id)
		return PL_OK;
	struct schedule s;
	enum pl_err e = schedule_load(c, id, &s);
	if (e == PL_INVALID) {
		/* Its zone left the tz database: counted as calendar time. */
		ctx_clear_error(c);
		return PL_OK;
	}
	if (!e) {
		*out = s;
		*found = true;
	}
	return e;
}
