/*
 * test_schedule.c: business-hours arithmetic (core/schedule.c) and the
 * tz database reader under it (util/tz.c), with expected instants written
 * as ISO times with their local offsets, worked out by hand; and a stored
 * schedule loaded for computing (core/schedules.c schedule_load).
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/schedule.h"
#include "core/schedules.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/tz.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* Monday to Friday, 09:00-17:00. */
static const struct schedule_interval weekdays[] = {
	{ 1980, 2460 }, { 3420, 3900 }, { 4860, 5340 }, { 6300, 6780 }, { 7740, 8220 },
};

static int64_t at(const char *iso)
{
	int64_t t;
	if (!time_parse_iso(iso, &t))
		fail_msg("bad time %s", iso);
	return t;
}

static int64_t day_of(const char *date)
{
	return at(date) / 86400;
}

static struct schedule sched(const char *zone, const struct schedule_interval *iv,
	int niv)
{
	struct schedule s = { .tz = schedule_zone(zone), .iv = iv, .niv = niv };
	assert_non_null(s.tz);
	return s;
}

#define assert_time(got, iso) assert_int_equal((got), at(iso))

static void test_offsets(void **state)
{
	const struct tz *ams = tz_get("Europe/Amsterdam");
	assert_non_null(ams);
	assert_int_equal(tz_offset(ams, at("2024-01-15T12:00:00Z")), 3600);
	assert_int_equal(tz_offset(ams, at("2024-07-15T12:00:00Z")), 7200);
	/* Past the file's transitions: the footer rule decides. */
	assert_int_equal(tz_offset(ams, at("2050-07-01T00:00:00Z")), 7200);
	assert_int_equal(tz_offset(ams, at("2050-12-01T00:00:00Z")), 3600);
	/* The shift itself: 2024-03-31 01:00Z. */
	assert_int_equal(tz_offset(ams, at("2024-03-31T00:59:59Z")), 3600);
	assert_int_equal(tz_offset(ams, at("2024-03-31T01:00:00Z")), 7200);
	const struct tz *syd = tz_get("Australia/Sydney");
	assert_non_null(syd);
	assert_int_equal(tz_offset(syd, at("2050-01-10T00:00:00Z")), 11 * 3600);
	assert_int_equal(tz_offset(syd, at("2050-07-10T00:00:00Z")), 10 * 3600);
	const struct tz *sp = tz_get("America/Sao_Paulo");
	assert_int_equal(tz_offset(sp, at("2019-01-10T00:00:00Z")), -2 * 3600);
	assert_int_equal(tz_offset(sp, at("2020-01-10T00:00:00Z")), -3 * 3600);
	assert_int_equal(tz_offset(tz_get("Asia/Kolkata"), at("2024-06-01T00:00:00Z")),
		19800);
	assert_int_equal(tz_offset(tz_get("UTC"), at("2024-06-01T00:00:00Z")), 0);
	/* Same pointer: loaded once. */
	assert_ptr_equal(tz_get("Europe/Amsterdam"), ams);
}

static void test_local_to_utc(void **state)
{
	const struct tz *ams = tz_get("Europe/Amsterdam");
	/* Ordinary times. */
	assert_time(tz_local_to_utc(ams, at("2024-01-15T09:00:00Z")), "2024-01-15T08:00:00Z");
	assert_time(tz_local_to_utc(ams, at("2024-07-15T09:00:00Z")), "2024-07-15T07:00:00Z");
	/* Skipped 02:30 on 2024-03-31: the instant of the shift. */
	assert_time(tz_local_to_utc(ams, at("2024-03-31T02:30:00Z")), "2024-03-31T01:00:00Z");
	/* Repeated 02:30 on 2024-10-27: its first occurrence, in CEST. */
	assert_time(tz_local_to_utc(ams, at("2024-10-27T02:30:00Z")), "2024-10-27T00:30:00Z");
	assert_time(tz_local_to_utc(ams, at("2024-10-27T03:00:00Z")), "2024-10-27T02:00:00Z");
	/* Sao Paulo skipped midnight on 2018-11-04. */
	const struct tz *sp = tz_get("America/Sao_Paulo");
	assert_time(tz_local_to_utc(sp, at("2018-11-04T00:00:00Z")), "2018-11-04T03:00:00Z");
}

static void test_zone_names(void **state)
{
	assert_string_equal(schedule_iana_zone("Pacific Time (US & Canada)"),
		"America/Los_Angeles");
	assert_string_equal(schedule_iana_zone("Amsterdam"), "Europe/Amsterdam");
	assert_string_equal(schedule_iana_zone("Europe/Paris"), "Europe/Paris");
	assert_non_null(schedule_zone("Eastern Time (US & Canada)"));
	assert_non_null(schedule_zone("Brasilia"));
	assert_non_null(schedule_zone("UTC"));
	assert_null(schedule_zone("Mars/Olympus_Mons"));
	assert_null(schedule_zone("../../etc/passwd"));
	assert_null(schedule_zone("/etc/passwd"));
	assert_null(schedule_zone(""));
	assert_null(schedule_zone("Europe"));  /* a folder, not a zone */
	/* Every Rails name of the table resolves on this system. */
	const char *names[] = { "Hawaii", "Alaska", "Arizona", "London", "Berlin",
		"Kyiv", "Moscow", "Tokyo", "Sydney", "Kolkata", "Pretoria", "Greenland",
		"Rangoon", "International Date Line West" };
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (!schedule_zone(names[i]))
			fail_msg("zone %s did not resolve", names[i]);
}

static void test_friday_evening_amsterdam_dst(void **state)
{
	struct schedule s = sched("Europe/Amsterdam", weekdays, 5);
	/* Created Friday 19:00 CET; DST starts that Sunday.  24 business
	 * hours = Monday, Tuesday, Wednesday: Wednesday 17:00 CEST. */
	int64_t fri = at("2024-03-29T19:00:00+01:00");
	assert_time(schedule_add_minutes(&s, fri, 24 * 60), "2024-04-03T17:00:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 1), "2024-04-01T09:01:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 8 * 60), "2024-04-01T17:00:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 8 * 60 + 1), "2024-04-02T09:01:00+02:00");
	assert_int_equal(schedule_minutes_between(&s, fri,
		at("2024-04-03T17:00:00+02:00")), 24 * 60);
	assert_int_equal(schedule_minutes_between(&s, at("2024-03-29T16:00:00+01:00"),
		at("2024-04-01T10:00:00+02:00")), 120);
	/* Inside hours, the clock simply runs. */
	assert_time(schedule_add_minutes(&s, at("2024-04-02T10:15:00+02:00"), 30),
		"2024-04-02T10:45:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 0), "2024-03-29T19:00:00+01:00");
	/* And across the autumn shift. */
	assert_time(schedule_add_minutes(&s, at("2024-10-25T16:00:00+02:00"), 120),
		"2024-10-28T10:00:00+01:00");
}

static void test_dst_sundays_amsterdam(void **state)
{
	/* Sunday 00:00-06:00: five real hours on the spring Sunday, seven on
	 * the autumn one. */
	static const struct schedule_interval night[] = { { 0, 360 } };
	struct schedule s = sched("Europe/Amsterdam", night, 1);
	assert_int_equal(schedule_seconds_between(&s, at("2024-03-30T12:00:00Z"),
		at("2024-03-31T12:00:00Z")), 5 * 3600);
	assert_int_equal(schedule_seconds_between(&s, at("2024-10-26T12:00:00Z"),
		at("2024-10-27T12:00:00Z")), 7 * 3600);
	assert_int_equal(schedule_seconds_between(&s, at("2024-06-01T12:00:00Z"),
		at("2024-06-02T12:00:00Z")), 6 * 3600);
	/* An interval starting in the skipped hour opens at the shift. */
	static const struct schedule_interval gap[] = { { 150, 240 } };
	struct schedule g = sched("Europe/Amsterdam", gap, 1);
	assert_int_equal(schedule_seconds_between(&g, at("2024-03-30T12:00:00Z"),
		at("2024-03-31T12:00:00Z")), 3600);
	assert_time(schedule_add_minutes(&g, at("2024-03-30T12:00:00Z"), 1),
		"2024-03-31T03:01:00+02:00");
}

static void test_open(void **state)
{
	struct schedule s = sched("Europe/Amsterdam", weekdays, 5);
	assert_false(schedule_is_open(&s, at("2024-04-01T08:59:59+02:00")));
	assert_true(schedule_is_open(&s, at("2024-04-01T09:00:00+02:00")));
	assert_true(schedule_is_open(&s, at("2024-04-01T16:59:59+02:00")));
	assert_false(schedule_is_open(&s, at("2024-04-01T17:00:00+02:00")));
	assert_false(schedule_is_open(&s, at("2024-04-06T12:00:00+02:00"))); /* Sat */
}

static void test_holidays(void **state)
{
	struct schedule_holiday h[] = {
		{ day_of("2024-04-01"), day_of("2024-04-01") },          /* Easter Monday */
		{ day_of("2024-12-24"), day_of("2024-12-26") },
	};
	struct schedule s = sched("Europe/Amsterdam", weekdays, 5);
	s.hol = h;
	s.nhol = 2;
	int64_t fri = at("2024-03-29T19:00:00+01:00");
	assert_time(schedule_add_minutes(&s, fri, 1), "2024-04-02T09:01:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 24 * 60), "2024-04-04T17:00:00+02:00");
	assert_int_equal(schedule_minutes_between(&s, fri, at("2024-04-02T00:00:00+02:00")), 0);
	assert_false(schedule_is_open(&s, at("2024-04-01T10:00:00+02:00")));
	/* A three-day holiday. */
	assert_time(schedule_add_minutes(&s, at("2024-12-23T16:30:00+01:00"), 60),
		"2024-12-27T09:30:00+01:00");
	/* Holidays are local days: 23:30Z on the 23rd is already the 24th in
	 * Amsterdam, so nothing counts until the 27th. */
	assert_int_equal(schedule_minutes_between(&s, at("2024-12-23T23:30:00Z"),
		at("2024-12-27T09:00:00+01:00")), 0);
	/* Ten years of holiday: never. */
	struct schedule_holiday forever[] = { { day_of("2024-01-01"), day_of("2040-01-01") } };
	s.hol = forever;
	s.nhol = 1;
	assert_int_equal(schedule_add_minutes(&s, fri, 1), -1);
}

static void test_sao_paulo(void **state)
{
	static const struct schedule_interval sun[] = { { 0, 360 } };
	struct schedule s = sched("America/Sao_Paulo", sun, 1);
	/* 2018-11-04: midnight skipped to 01:00, five hours. */
	assert_int_equal(schedule_seconds_between(&s, at("2018-11-03T12:00:00Z"),
		at("2018-11-05T00:00:00Z")), 5 * 3600);
	/* No DST since 2019: six hours on the same Sunday of 2020. */
	assert_int_equal(schedule_seconds_between(&s, at("2020-10-31T12:00:00Z"),
		at("2020-11-02T00:00:00Z")), 6 * 3600);
	/* 2019-02-16 Saturday 22:00-24:00: 23:00 repeats, three hours. */
	static const struct schedule_interval sat[] = { { 9960, 10080 } };
	struct schedule e = sched("America/Sao_Paulo", sat, 1);
	assert_int_equal(schedule_seconds_between(&e, at("2019-02-16T12:00:00Z"),
		at("2019-02-18T00:00:00Z")), 3 * 3600);
	/* Weekday hours across the 2018 shift: Friday -03, Monday -02. */
	struct schedule w = sched("Brasilia", weekdays, 5);
	assert_time(schedule_add_minutes(&w, at("2018-11-02T16:00:00-03:00"), 120),
		"2018-11-05T10:00:00-02:00");
	assert_time(schedule_add_minutes(&w, at("2020-11-02T08:00:00Z"), 1),
		"2020-11-02T09:01:00-03:00");
}

static void test_kolkata(void **state)
{
	struct schedule s = sched("Asia/Kolkata", weekdays, 5);
	assert_time(schedule_add_minutes(&s, at("2024-01-05T16:30:00+05:30"), 60),
		"2024-01-08T09:30:00+05:30");
	assert_int_equal(schedule_minutes_between(&s, at("2024-01-08T00:00:00Z"),
		at("2024-01-09T00:00:00Z")), 480);
	assert_true(schedule_is_open(&s, at("2024-01-08T03:30:00Z")));
	assert_false(schedule_is_open(&s, at("2024-01-08T03:29:59Z")));
}

static void test_johannesburg(void **state)
{
	struct schedule s = sched("Pretoria", weekdays, 5);
	int64_t fri = at("2024-03-29T19:00:00+02:00");
	assert_time(schedule_add_minutes(&s, fri, 24 * 60), "2024-04-03T17:00:00+02:00");
	assert_int_equal(schedule_minutes_between(&s, fri, at("2024-04-08T00:00:00+02:00")),
		5 * 8 * 60);
}

static void test_empty_and_checks(void **state)
{
	struct schedule s = sched("UTC", NULL, 0);
	assert_int_equal(schedule_add_minutes(&s, 1000, 5), -1);
	assert_int_equal(schedule_add_minutes(&s, 1000, 0), 1000);
	assert_int_equal(schedule_minutes_between(&s, 0, 1000000), 0);
	const char *why;
	struct schedule_interval ok[] = { { 3420, 3900 }, { 1980, 2460 } };
	assert_true(schedule_check_intervals(ok, 2, &why));
	assert_int_equal(ok[0].start, 1980); /* sorted */
	struct schedule_interval whole_day[] = { { 1440, 2880 } };
	assert_true(schedule_check_intervals(whole_day, 1, &why));
	struct schedule_interval span[] = { { 2400, 2900 } };
	assert_false(schedule_check_intervals(span, 1, &why));
	assert_non_null(strstr(why, "span"));
	struct schedule_interval overlap[] = { { 1980, 2460 }, { 2000, 2100 } };
	assert_false(schedule_check_intervals(overlap, 2, &why));
	assert_non_null(strstr(why, "overlap"));
	struct schedule_interval back[] = { { 2000, 1980 } };
	assert_false(schedule_check_intervals(back, 1, &why));
	struct schedule_interval out[] = { { 10000, 10081 } };
	assert_false(schedule_check_intervals(out, 1, &why));
}

/* A schedule saved through core/schedules.c, loaded back and used. */
static void test_load_stored(void **state)
{
	struct config cfg = { 0 };
	struct store *store = store_open("sqlite::memory:");
	assert_non_null(store);
	cfg.store = store;
	struct ctx c = { .a = arena_new(), .db = store_db(store), .cfg = &cfg,
		.now = 1700000000, .api_base = "http://x/api/v2" };
	int64_t admin;
	assert_int_equal(account_create(&c, "acme", "a@acme.test", "password-123", &admin),
		PL_OK);
	json_t *in = jown(c.a, json_pack("{s:s,s:s}", "name", "NL", "time_zone", "Amsterdam"));
	json_t *sched, *hol;
	assert_int_equal(schedule_create(&c, in, &sched), PL_OK);
	int64_t id = json_integer_value(json_object_get(sched, "id"));
	in = jown(c.a, json_pack("{s:s,s:s}", "name", "Easter Monday", "start_date",
		"2024-04-01"));
	assert_int_equal(schedule_holiday_create(&c, id, in, &hol), PL_OK);
	struct schedule s;
	assert_int_equal(schedule_load(&c, id, &s), PL_OK);
	assert_int_equal(s.niv, 5);
	assert_int_equal(s.nhol, 1);
	assert_time(schedule_add_minutes(&s, at("2024-03-29T19:00:00+01:00"), 24 * 60),
		"2024-04-04T17:00:00+02:00");
	assert_int_equal(schedule_load(&c, id + 1, &s), PL_NOT_FOUND);
	/* Another account does not see it. */
	c.account_id++;
	assert_int_equal(schedule_load(&c, id, &s), PL_NOT_FOUND);
	arena_free(c.a);
	store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_local_to_utc),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_friday_evening_amsterdam_dst),
		cmocka_unit_test(test_dst_sundays_amsterdam),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_sao_paulo),
		cmocka_unit_test(test_kolkata),
		cmocka_unit_test(test_johannesburg),
		cmocka_unit_test(test_empty_and_checks),
		cmocka_unit_test(test_load_stored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
