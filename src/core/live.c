/*
 * live.c: the event bus of live updates (live.h): a ring of events,
 * the streams that read it, the ticket writes staged until they commit,
 * and the heartbeat thread.  Presence, which publishes through the same
 * ring, is in live_presence.c.
 *
 * Invariants:
 *  1. bus.lock guards everything in bus; it is held only for copying and
 *     for the waker calls, never across I/O or a store call.  The
 *     write-end hook takes it with the store's write lock held, so nothing
 *     may wait for that lock while holding bus.lock.
 *  2. ring[seq % LIVE_RING] holds event seq for every seq in
 *     [oldest(), bus.next_seq); a stream's cursor is the last seq it has
 *     passed (sent, or skipped as another account's).
 *  3. A stream is waiting exactly between its sleep() and the wake() that
 *     clears the flag; both happen under bus.lock, so the consumer is
 *     suspended before anyone can resume it, and is resumed at most once.
 *  4. Staged ticket events live in thread-local storage: the store's
 *     write-end hook runs on the thread that wrote, publishing them after
 *     a commit and dropping them after a rollback, so nothing a rolled
 *     back transaction did is ever seen.
 *
 * Not here: HTTP (web/live.c frames nothing; it only suspends and resumes
 * its connection), permissions beyond the account (events carry ids).
 */
#include "parley.h"
#include "core/liveInt.h"
#include "store/store.h"
#include "util/jsonx.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STAGED_MAX 64        /* tickets one transaction publishes one by one */

struct event {
	uint64_t seq;
	int64_t account_id;
	char *text;              /* malloc'd SSE frame: id, event, data */
	size_t len;
};

struct live_stream {
	struct live_stream *prev, *next;
	int64_t account_id, user_id;
	uint64_t cursor;
	int64_t last_write;      /* when bytes were last sent */
	bool started;            /* the retry line went out */
	bool reset;              /* owes a reset event */
	bool waiting;
	struct live_waker w;
};

struct live_bus bus = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.tick = PTHREAD_COND_INITIALIZER,
};

static struct event ring[LIVE_RING];
static uint64_t first_seq;
static struct live_stream *streams;
static int nstreams;
static pthread_t ticker;

struct staged {
	int64_t account_id, ticket_id, updated_at, actor_id;
	enum live_action action;
};

static _Thread_local struct {
	struct staged item[STAGED_MAX];
	int n;
	int64_t overflow;        /* an account whose events did not fit */
} stage;

static bool running(void)
{
	return __atomic_load_n(&bus.running, __ATOMIC_ACQUIRE);
}

/* The oldest event the ring still holds. */
static uint64_t oldest(void)
{
	return bus.next_seq - first_seq > LIVE_RING ? bus.next_seq - LIVE_RING
		: first_seq;
}

static void wake(struct live_stream *s)
{
	s->waiting = false;
	s->w.wake(s->w.cls);
}

void live_publish_locked(int64_t account_id, const char *type, const char *data)
{
	uint64_t seq = bus.next_seq++;
	struct event *ev = &ring[seq % LIVE_RING];
	size_t cap = strlen(type) + strlen(data) + 48;
	free(ev->text);
	ev->text = malloc(cap);
	if (!ev->text)
		abort();
	ev->len = (size_t)snprintf(ev->text, cap, "id: %" PRIu64 "\nevent: %s\n"
		"data: %s\n\n", seq, type, data);
	ev->seq = seq;
	ev->account_id = account_id;
	for (struct live_stream *s = streams; s; s = s->next)
		if (s->waiting && s->account_id == account_id)
			wake(s);
}

static const char *action_name(enum live_action a)
{
	return a == LIVE_CREATED ? "created" : a == LIVE_DELETED ? "deleted"
		: "updated";
}

static void publish_staged(const struct staged *st)
{
	char when[32], data[192];
	time_iso(st->updated_at, when);
	snprintf(data, sizeof(data), "{\"id\":%" PRId64 ",\"action\":\"%s\","
		"\"updated_at\":\"%s\",\"actor_id\":%" PRId64 "}", st->ticket_id,
		action_name(st->action), when, st->actor_id);
	live_publish_locked(st->account_id, "ticket", data);
}

/* The store's write-end hook (invariants 1 and 4). */
static void write_end(bool committed)
{
	if (committed && (stage.n || stage.overflow)) {
		pthread_mutex_lock(&bus.lock);
		if (bus.running) {
			for (int i = 0; i < stage.n; i++)
				publish_staged(&stage.item[i]);
			if (stage.overflow)
				live_publish_locked(stage.overflow, "reset", "{}");
		}
		pthread_mutex_unlock(&bus.lock);
	}
	stage.n = 0;
	stage.overflow = 0;
}

void live_ticket_written(struct ctx *c, int64_t id, enum live_action action,
	int64_t updated_at)
{
	if (!running())
		return;
	struct staged *st = NULL;
	for (int i = 0; i < stage.n && !st; i++)
		if (stage.item[i].ticket_id == id &&
		    stage.item[i].account_id == c->account_id)
			st = &stage.item[i];
	if (!st) {
		if (stage.n == STAGED_MAX) {
			stage.overflow = c->account_id;
			return;
		}
		st = &stage.item[stage.n++];
		*st = (struct staged){ .account_id = c->account_id, .ticket_id = id,
			.action = action };
	} else if (st->action == LIVE_UPDATED || action == LIVE_DELETED) {
		st->action = action;
	}
	if (updated_at > st->updated_at)
		st->updated_at = updated_at;
	st->actor_id = c->me.id;
}

/* Wakes the streams that have been silent for a heartbeat, so they send
 * one (and notice a client that left: a suspended connection cannot). */
static void heartbeats(int64_t now)
{
	for (struct live_stream *s = streams; s; s = s->next)
		if (s->waiting && now - s->last_write >= bus.heartbeat)
			wake(s);
}

static void *tick(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&bus.lock);
	while (bus.running) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&bus.tick, &bus.lock, &ts);
		if (!bus.running)
			break;
		int64_t now = time_now();
		live_presence_expire_locked(now);
		heartbeats(now);
	}
	pthread_mutex_unlock(&bus.lock);
	return NULL;
}

bool live_start(int heartbeat)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	pthread_mutex_lock(&bus.lock);
	bus.heartbeat = heartbeat;
	first_seq = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	bus.next_seq = first_seq;
	__atomic_store_n(&bus.running, true, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&bus.lock);
	store_on_write_end(write_end);
	if (pthread_create(&ticker, NULL, tick, NULL) != 0) {
		fprintf(stderr, "parley: could not start the live updates thread\n");
		__atomic_store_n(&bus.running, false, __ATOMIC_RELEASE);
		return false;
	}
	return true;
}

void live_stop(void)
{
	pthread_mutex_lock(&bus.lock);
	if (!bus.running) {
		pthread_mutex_unlock(&bus.lock);
		return;
	}
	__atomic_store_n(&bus.running, false, __ATOMIC_RELEASE);
	for (struct live_stream *s = streams; s; s = s->next)
		if (s->waiting)
			wake(s);
	for (int i = 0; i < LIVE_RING; i++) {
		free(ring[i].text);
		ring[i] = (struct event){ 0 };
	}
	live_presence_clear_locked();
	pthread_cond_signal(&bus.tick);
	pthread_mutex_unlock(&bus.lock);
	pthread_join(ticker, NULL);
}

/* The streams open for user of account, and in all. */
static int user_streams(int64_t account_id, int64_t user_id)
{
	int n = 0;
	for (struct live_stream *s = streams; s; s = s->next)
		n += s->account_id == account_id && s->user_id == user_id;
	return n;
}

/* Where a stream resuming after last_id starts: its cursor, or a reset
 * when the ring no longer holds (or never held) what follows last_id. */
static void resume_at(struct live_stream *s, const char *last_id)
{
	s->cursor = bus.next_seq - 1;
	if (!last_id || !*last_id)
		return;
	char *end;
	unsigned long long id = strtoull(last_id, &end, 10);
	if (*end || last_id[0] == '-')
		return;
	if (id + 1 < oldest() || id >= bus.next_seq)
		s->reset = true;
	else
		s->cursor = id;
}

enum pl_err live_open(struct ctx *c, const char *last_id,
	const struct live_waker *w, struct live_stream **out)
{
	struct live_stream *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->account_id = c->account_id;
	s->user_id = c->me.id;
	s->w = *w;
	s->last_write = c->now;
	pthread_mutex_lock(&bus.lock);
	enum pl_err e = PL_OK;
	if (!bus.running)
		e = ctx_fail(c, PL_STORE, "Live updates are not running");
	else if (nstreams >= LIVE_MAX_STREAMS)
		e = ctx_fail(c, PL_STORE, "Too many live update streams are open;"
			" try again later");
	else if (user_streams(s->account_id, s->user_id) >= LIVE_USER_STREAMS)
		e = ctx_fail(c, PL_RATE_LIMITED, "You have %d live update streams"
			" open; close some pages", LIVE_USER_STREAMS);
	if (e) {
		pthread_mutex_unlock(&bus.lock);
		free(s);
		return e;
	}
	resume_at(s, last_id);
	s->next = streams;
	if (streams)
		streams->prev = s;
	streams = s;
	nstreams++;
	pthread_mutex_unlock(&bus.lock);
	*out = s;
	return PL_OK;
}

/* Appends text to buf at *n when it fits. */
static bool put(char *buf, size_t *n, size_t max, const char *text, size_t len)
{
	if (*n + len > max)
		return false;
	memcpy(buf + *n, text, len);
	*n += len;
	return true;
}

/* The reset event, with the id a reconnection resumes from. */
static void put_reset(struct live_stream *s, char *buf, size_t *n, size_t max)
{
	char frame[96];
	s->cursor = bus.next_seq - 1;
	int len = snprintf(frame, sizeof(frame), "id: %" PRIu64 "\nevent: reset\n"
		"data: {}\n\n", s->cursor);
	s->reset = !put(buf, n, max, frame, (size_t)len);
}

ssize_t live_read(struct live_stream *s, char *buf, size_t max)
{
	static const char retry[] = "retry: 3000\n\n";
	static const char beat[] = ": heartbeat\n\n";
	size_t n = 0;
	pthread_mutex_lock(&bus.lock);
	if (!bus.running) {
		pthread_mutex_unlock(&bus.lock);
		return -1;
	}
	if (!s->started)
		s->started = put(buf, &n, max, retry, sizeof(retry) - 1);
	if (s->reset || s->cursor + 1 < oldest())
		put_reset(s, buf, &n, max);
	while (s->cursor + 1 < bus.next_seq) {
		const struct event *ev = &ring[(s->cursor + 1) % LIVE_RING];
		if (ev->account_id == s->account_id &&
		    !put(buf, &n, max, ev->text, ev->len)) {
			if (n)
				break;
			/* Larger than the client's buffer: say it missed one. */
			s->cursor++;
			put_reset(s, buf, &n, max);
			continue;
		}
		s->cursor++;
	}
	int64_t now = time_now();
	if (n == 0 && now - s->last_write >= bus.heartbeat)
		put(buf, &n, max, beat, sizeof(beat) - 1);
	if (n) {
		s->last_write = now;
	} else {
		s->waiting = true;
		s->w.sleep(s->w.cls);
	}
	pthread_mutex_unlock(&bus.lock);
	return (ssize_t)n;
}

void live_close(struct live_stream *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&bus.lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	nstreams--;
	pthread_mutex_unlock(&bus.lock);
	free(s);
}
