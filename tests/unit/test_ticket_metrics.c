/*
 * test_ticket_metrics.c: how ticket metrics move with status changes
 * (core/ticket_metrics.c): wait counters, resolutions, reopens, business
 * time.
 */
#include "../../src/core/ticket_metrics.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Monday 2024-04-01 00:00 UTC. */
#define MONDAY 1711929600
#define H 3600

static const struct schedule_interval weekdays[] = {
	{ 1980, 2460 }, { 3420, 3900 }, { 4860, 5340 }, { 6300, 6780 }, { 7740, 8220 },
};

static void status_time_goes_to_the_counters_of_the_status_left(void **state)
{
	(void)state;
	struct mrow m;
	memset(&m, 0, sizeof(m));
	int64_t created = MONDAY + 8 * H;
	enter_status(&m, "new", created, created, NULL);
	assert_int_equal(m.v[M_STATUS_SINCE], created);
	close_status(&m, created + 2 * H, NULL);
	enter_status(&m, "pending", created, created + 2 * H, NULL);
	close_status(&m, created + 5 * H, NULL);
	enter_status(&m, "hold", created, created + 5 * H, NULL);
	assert_int_equal(m.v[M_HOLD], created + 5 * H);
	close_status(&m, created + 6 * H, NULL);
	enter_status(&m, "solved", created, created + 6 * H, NULL);
	assert_int_equal(m.v[M_REQ_WAIT], 3 * H);   /* new 2h + hold 1h */
	assert_int_equal(m.v[M_AGENT_WAIT], 3 * H); /* pending */
	assert_int_equal(m.v[M_ON_HOLD], H);
	assert_int_equal(m.v[M_FIRST_RES], 6 * H);
	assert_int_equal(m.v[M_FULL_RES], 6 * H);
	assert_int_equal(m.v[M_REOPENS], 0);
	/* reopened, solved again: the first resolution stays */
	close_status(&m, created + 7 * H, NULL);
	enter_status(&m, "open", created, created + 7 * H, NULL);
	assert_int_equal(m.v[M_REOPENS], 1);
	assert_int_equal(m.v[M_OPEN], created + 7 * H);
	close_status(&m, created + 8 * H, NULL);
	enter_status(&m, "solved", created, created + 8 * H, NULL);
	assert_int_equal(m.v[M_FIRST_RES], 6 * H);
	assert_int_equal(m.v[M_FULL_RES], 8 * H);
	assert_int_equal(m.v[M_REQ_WAIT], 4 * H);
	assert_true(is_done("closed"));
	assert_false(is_done("hold"));
}

static void business_time_counts_the_schedule(void **state)
{
	(void)state;
	struct schedule s = { .tz = schedule_zone("UTC"), .iv = weekdays, .niv = 5 };
	assert_non_null(s.tz);
	struct mrow m;
	memset(&m, 0, sizeof(m));
	/* Created Monday 08:00, solved Tuesday 10:00: 8 + 1 business hours. */
	int64_t created = MONDAY + 8 * H, solved = MONDAY + 34 * H;
	enter_status(&m, "open", created, created, &s);
	close_status(&m, solved, &s);
	enter_status(&m, "solved", created, solved, &s);
	assert_int_equal(m.v[M_FIRST_RES], 26 * H);
	assert_int_equal(m.v[M_FIRST_RES_B], 9 * H);
	assert_int_equal(m.v[M_REQ_WAIT_B], 9 * H);
	assert_int_equal(business(NULL, 10, 70), 60);
	assert_int_equal(business(&s, 70, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_time_goes_to_the_counters_of_the_status_left),
		cmocka_unit_test(business_time_counts_the_schedule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
