/*
 * test_periodic.c: util/periodic.c, the thread of the background work.
 *
 * Checks what its users rely on: a run at start when asked (the render
 * backfill) and none before the first interval otherwise (the scheduler);
 * stopping wakes the waiting thread at once instead of after the
 * interval, and a run sees periodic_stopping() once stop was called.
 */
#include "unit.h"
#include "util/periodic.h"

#include <pthread.h>
#include <time.h>

struct probe {
	pthread_mutex_t mu;
	int runs;
	bool saw_stop;          /* a run saw periodic_stopping() */
	bool wait_for_stop;     /* runs spin until they see it */
};

static void run(struct periodic *p, void *arg)
{
	struct probe *pr = arg;
	pthread_mutex_lock(&pr->mu);
	pr->runs++;
	bool wait = pr->wait_for_stop;
	pthread_mutex_unlock(&pr->mu);
	while (wait && !periodic_stopping(p))
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	pthread_mutex_lock(&pr->mu);
	pr->saw_stop = wait;
	pthread_mutex_unlock(&pr->mu);
}

static int runs(struct probe *pr)
{
	pthread_mutex_lock(&pr->mu);
	int n = pr->runs;
	pthread_mutex_unlock(&pr->mu);
	return n;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void runs_at_start_and_stops_at_once(void **state)
{
	(void)state;
	struct probe pr = { .mu = PTHREAD_MUTEX_INITIALIZER };
	double t0 = now();
	struct periodic *p = periodic_start("test", 3600, true, run, &pr);
	assert_non_null(p);
	while (runs(&pr) < 1 && now() - t0 < 10)
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	assert_int_equal(runs(&pr), 1);
	periodic_stop(p);
	assert_true(now() - t0 < 10); /* not the hour's interval */
	assert_int_equal(pr.runs, 1);
}

static void waits_an_interval_unless_at_start(void **state)
{
	(void)state;
	struct probe pr = { .mu = PTHREAD_MUTEX_INITIALIZER };
	struct periodic *p = periodic_start("test", 3600, false, run, &pr);
	assert_non_null(p);
	nanosleep(&(struct timespec){ .tv_nsec = 50000000 }, NULL);
	periodic_stop(p);
	assert_int_equal(pr.runs, 0);
	periodic_stop(NULL);
}

static void a_run_sees_the_stop(void **state)
{
	(void)state;
	struct probe pr = { .mu = PTHREAD_MUTEX_INITIALIZER, .wait_for_stop = true };
	double t0 = now();
	struct periodic *p = periodic_start("test", 1, true, run, &pr);
	assert_non_null(p);
	while (runs(&pr) < 1 && now() - t0 < 10)
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	periodic_stop(p);
	assert_int_equal(pr.runs, 1);
	assert_true(pr.saw_stop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_at_start_and_stops_at_once),
		cmocka_unit_test(waits_an_interval_unless_at_start),
		cmocka_unit_test(a_run_sees_the_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
