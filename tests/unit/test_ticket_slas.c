/*
 * test_ticket_slas.c: SLA target arithmetic (core/ticket_slas.c): when an
 * active target breaches, in calendar and business time, and how the time
 * left is shown.
 */
#include "../../src/core/ticket_slas.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define MONDAY 1711929600   /* 2024-04-01 00:00 UTC */
#define H 3600

static const struct schedule_interval weekdays[] = {
	{ 1980, 2460 }, { 3420, 3900 }, { 4860, 5340 }, { 6300, 6780 }, { 7740, 8220 },
};

static void breach_times(void **state)
{
	(void)state;
	struct schedule s = { .tz = schedule_zone("UTC"), .iv = weekdays, .niv = 5 };
	struct run r = { .sched = &s };
	/* 24 business hours from Friday 15:00: Fri 2h, Mon 8h, Tue 8h, Wed 6h. */
	struct target tg = { .minutes = 24 * 60, .bh = true, .stage = "active",
		.since = MONDAY + 4 * 24 * H + 15 * H };
	assert_int_equal(breach_time(&r, &tg), MONDAY + 9 * 24 * H + 15 * H);
	/* 30 minutes already counted leave 23.5 hours. */
	tg.elapsed = 30 * 60;
	assert_int_equal(breach_time(&r, &tg), MONDAY + 9 * 24 * H + 14 * H + 30 * 60);
	/* Calendar targets ignore the schedule, as business ones without one. */
	tg.bh = false;
	assert_int_equal(breach_time(&r, &tg), tg.since + 24 * H - 30 * 60);
	tg.bh = true;
	r.sched = NULL;
	assert_int_equal(breach_time(&r, &tg), tg.since + 24 * H - 30 * 60);
	/* Counted past the target: breached since it started. */
	tg.elapsed = 25 * H;
	assert_int_equal(breach_time(&r, &tg), tg.since);
	/* span counts business seconds for business targets only */
	r.sched = &s;
	tg.bh = true;
	assert_int_equal(span(&r, &tg, MONDAY + 16 * H, MONDAY + 34 * H), 2 * H);
	tg.bh = false;
	assert_int_equal(span(&r, &tg, MONDAY + 16 * H, MONDAY + 34 * H), 18 * H);
	assert_int_equal(span(&r, &tg, 10, 5), 0);
}

static void time_left(void **state)
{
	(void)state;
	json_t *o = json_object();
	put_span(o, 2 * 86400 + 3 * H + 4 * 60 + 59);
	assert_int_equal(json_integer_value(json_object_get(o, "days")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "hours")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "minutes")), 4);
	put_span(o, -(H + 120));
	assert_int_equal(json_integer_value(json_object_get(o, "days")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "hours")), -1);
	assert_int_equal(json_integer_value(json_object_get(o, "minutes")), -2);
	json_decref(o);
	assert_int_equal(metric_index("pausable_update_time"), PAUSABLE);
	assert_int_equal(metric_index("lunch"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(breach_times),
		cmocka_unit_test(time_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
