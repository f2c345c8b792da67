/*
 * test_live.c: core/live.c and live_presence.c, the bus of live updates.
 *
 * Covers: ticket events staged in a write transaction go out only when
 * the outermost transaction commits (never after a rollback at any
 * depth), one per ticket and transaction; a stream sees only its
 * account's events, sleeps when there is nothing and is woken once; a
 * stream that fell behind the ring, or resumes from an unknown id, gets a
 * reset; presences that expire are dropped and published.
 * live_presence.c is included to set presences without tickets.
 */
#include "unit.h"
#include "../../src/core/live_presence.c"

struct waker_count {
	int sleeps, wakes;
};

static void count_sleep(void *cls)
{
	((struct waker_count *)cls)->sleeps++;
}

static void count_wake(void *cls)
{
	((struct waker_count *)cls)->wakes++;
}

static int setup(void **state)
{
	unit_setup(state);
	assert_true(live_start(3600));
	return 0;
}

static int teardown(void **state)
{
	live_stop();
	return unit_teardown(state);
}

static struct live_stream *open_stream(struct ctx *c, const char *last_id,
	struct waker_count *n)
{
	struct live_waker w = { count_sleep, count_wake, n };
	struct live_stream *s;
	assert_int_equal(live_open(c, last_id, &w, &s), PL_OK);
	return s;
}

/* Everything the stream has now, as text (the arena); "" when it slept. */
static const char *drain(struct ctx *c, struct live_stream *s)
{
	char *buf = arena_alloc(c->a, 65536);
	ssize_t n = live_read(s, buf, 65535);
	assert_true(n >= 0);
	buf[n] = 0;
	return buf;
}

/* A new stream of c's account that has read its retry line. */
static struct live_stream *started(struct ctx *c, struct waker_count *n)
{
	struct live_stream *s = open_stream(c, NULL, n);
	assert_string_equal(drain(c, s), "retry: 3000\n\n");
	return s;
}

static void commit_only_after_the_outermost_commit(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	struct waker_count n = { 0 };
	c->me.id = 5;
	struct live_stream *s = started(c, &n);
	assert_string_equal(drain(c, s), "");
	assert_int_equal(n.sleeps, 1);

	/* Rolled back at the inner level: the outer commit rolls back. */
	assert_true(db_begin(c->db, true));
	live_ticket_written(c, 7, LIVE_CREATED, 100);
	assert_true(db_begin(c->db, true));
	live_ticket_written(c, 8, LIVE_UPDATED, 100);
	db_rollback(c->db);
	assert_false(db_commit(c->db));
	assert_int_equal(n.wakes, 0);

	/* Committed: one event per ticket, created winning over updated. */
	assert_true(db_begin(c->db, true));
	live_ticket_written(c, 7, LIVE_CREATED, 100);
	assert_true(db_begin(c->db, true));
	live_ticket_written(c, 7, LIVE_UPDATED, 101);
	assert_true(db_commit(c->db));
	assert_int_equal(n.wakes, 0); /* not before the outermost commit */
	live_ticket_written(c, 9, LIVE_UPDATED, 101);
	live_ticket_written(c, 9, LIVE_DELETED, 102);
	assert_true(db_commit(c->db));
	assert_int_equal(n.wakes, 1);
	const char *got = drain(c, s);
	assert_non_null(strstr(got, "event: ticket\ndata: {\"id\":7,\"action\":\"created\","
		"\"updated_at\":\"1970-01-01T00:01:41Z\",\"actor_id\":5}\n\n"));
	assert_non_null(strstr(got, "data: {\"id\":9,\"action\":\"deleted\","));
	assert_null(strstr(got, "\"id\":8"));
	assert_string_equal(drain(c, s), "");
	live_close(s);
}

static void streams_see_their_account_only(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	struct waker_count mine = { 0 }, theirs = { 0 };
	struct live_stream *s = started(c, &mine);
	c->account_id = 2;
	struct live_stream *o = started(c, &theirs);
	assert_string_equal(drain(c, o), "");
	assert_true(db_begin(c->db, true));
	live_ticket_written(c, 70, LIVE_CREATED, 100);
	assert_true(db_commit(c->db));
	assert_int_equal(theirs.wakes, 1);
	assert_int_equal(mine.wakes, 0);
	assert_string_equal(drain(c, s), "");
	assert_non_null(strstr(drain(c, o), "\"id\":70,"));
	live_close(s);
	live_close(o);
}

static void behind_the_ring_or_unknown_ids_reset(void **state)
{
	struct ctx *c = &((struct unit_fixture *)*state)->c;
	struct waker_count n = { 0 };
	struct live_stream *s = started(c, &n);
	pthread_mutex_lock(&bus.lock);
	uint64_t first = bus.next_seq;
	for (int i = 0; i < LIVE_RING + 5; i++)
		live_publish_locked(1, "ticket", "{}");
	pthread_mutex_unlock(&bus.lock);
	const char *got = drain(c, s);
	assert_non_null(strstr(got, "event: reset\n"));
	assert_null(strstr(got, "event: ticket\n"));
	live_close(s);

	/* Resuming inside the ring replays what follows; outside, resets. */
	char id[32];
	snprintf(id, sizeof(id), "%llu", (unsigned long long)(first + LIVE_RING + 2));
	s = open_stream(c, id, &n);
	got = drain(c, s);
	assert_null(strstr(got, "event: reset\n"));
	assert_int_equal(strstr(strstr(got, "event: ticket") + 1, "event: ticket") != NULL, 1);
	live_close(s);
	s = open_stream(c, "12", &n);
	assert_non_null(strstr(drain(c, s), "event: reset\n"));
	live_close(s);
}

static void expired_presences_are_dropped_and_published(void **state)
{
	struct ctx *c = &((struct unit_fixture *)*state)->c;
	struct waker_count n = { 0 };
	struct live_stream *s = started(c, &n);
	pthread_mutex_lock(&bus.lock);
	pres[0] = (struct presence){ 1, 40, 5, 100, true, "Ann" };
	pres[1] = (struct presence){ 1, 40, 6, 200, false, "Bob" };
	pres[2] = (struct presence){ 1, 41, 5, 100, false, "Ann" };
	npres = 3;
	live_presence_expire_locked(150);
	assert_int_equal(npres, 1);
	pthread_mutex_unlock(&bus.lock);
	const char *got = drain(c, s);
	assert_non_null(strstr(got, "data: {\"ticket_id\":40,\"users\":[{\"id\":6,"
		"\"name\":\"Bob\",\"typing\":false}]}\n\n"));
	assert_non_null(strstr(got, "data: {\"ticket_id\":41,\"users\":[]}\n\n"));
	live_close(s);
}

static void names_are_cut_on_a_character(void **state)
{
	(void)state;
	char name[NAME_BYTES + 1];
	char long_name[NAME_BYTES + 8];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	memcpy(long_name + NAME_BYTES - 1, "\xc3\xa9", 2); /* é across the cut */
	copy_name(name, long_name);
	assert_int_equal(strlen(name), NAME_BYTES - 1);
	copy_name(name, NULL);
	assert_string_equal(name, "");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(commit_only_after_the_outermost_commit),
		T(streams_see_their_account_only),
		T(behind_the_ring_or_unknown_ids_reset),
		T(expired_presences_are_dropped_and_published),
		cmocka_unit_test(names_are_cut_on_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
