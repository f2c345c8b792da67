/*
 * live.h: the in-process event bus behind the agent workspace's live
 * updates (GET /agent/events, web/live.c; docs/agent.md "Live").
 *
 * Producers are ticket writes and agents' presence; consumers are event
 * streams, one per open workspace page.  Events carry ids, never ticket
 * data: a page refetches through /api/v2, where permissions apply.
 *
 *   ticket    {"id", "action": created|updated|deleted, "updated_at",
 *              "actor_id"}, after the write's transaction commits
 *   presence  {"ticket_id", "users": [{"id", "name", "typing"}]}, when the
 *              agents on a ticket change
 *   reset     {} when a stream missed events (it fell behind the ring, or
 *              resumed from an id this process never gave): refetch all
 *
 * Every event has a sequence number (its SSE id), increasing through the
 * life of the process and starting at the start time in milliseconds, so
 * an id from an earlier process is older than any event kept and resumes
 * with a reset.  The last LIVE_RING events are kept for resuming.
 *
 * Nothing here blocks on a consumer: publishing copies the event into the
 * ring under one mutex and wakes the streams of that account that wait.
 */
#ifndef HEADER_CORE_LIVE_H
#define HEADER_CORE_LIVE_H

#include "core/ctx.h"

#include <sys/types.h>

#define LIVE_RING 1024          /* events kept for resuming */
#define LIVE_MAX_STREAMS 1024   /* open streams, all accounts */
#define LIVE_USER_STREAMS 32    /* open streams of one user */
#define LIVE_PRESENCE_TTL 30    /* seconds a presence lasts unrenewed */
#define LIVE_TICKET_USERS 16    /* users listed on one ticket */

enum live_action { LIVE_CREATED, LIVE_UPDATED, LIVE_DELETED };
enum live_presence { LIVE_VIEWING, LIVE_TYPING, LIVE_LEFT };

/* Starts the bus: the ring, the store's write-end hook and a thread that
 * sends heartbeats (every heartbeat seconds of silence on a stream) and
 * expires presences.  False when the thread cannot start.  Before it (and
 * after live_stop) writes publish nothing. */
bool live_start(int heartbeat);
/* Ends every stream (its next read reports the end, and waiting ones are
 * woken for it), stops the thread and frees the ring.  Call before the
 * HTTP server stops: libmicrohttpd must not stop with suspended
 * connections. */
void live_stop(void);

/* Inside a write transaction of c's account: ticket id was created,
 * updated or deleted, and is updated_at now.  Staged on this thread and
 * published when the outermost transaction commits; dropped when it rolls
 * back.  One event per ticket and transaction (created or deleted win
 * over updated). */
void live_ticket_written(struct ctx *c, int64_t id, enum live_action action,
	int64_t updated_at);

/* How a stream's consumer waits: sleep(cls) when it has nothing to send
 * (it suspends its connection), wake(cls) when there is something.  Both
 * are called with the bus locked, so a wake never precedes its sleep. */
struct live_waker {
	void (*sleep)(void *cls);
	void (*wake)(void *cls);
	void *cls;
};

struct live_stream;

/* Opens a stream of c's account for c->me, resuming after last_id (an SSE
 * Last-Event-ID; NULL or not a number: only new events).  PL_STORE (503)
 * when LIVE_MAX_STREAMS are open or the bus is not running,
 * PL_RATE_LIMITED when the user has LIVE_USER_STREAMS open.  *out is
 * malloc'd: live_close frees it. */
enum pl_err live_open(struct ctx *c, const char *last_id,
	const struct live_waker *w, struct live_stream **out);
/* Copies the stream's next events, whole, into buf (max bytes): a retry
 * line first, then events (one too large for max becomes a reset), or a
 * heartbeat comment when heartbeat seconds passed in silence.  Returns the bytes written; 0 when
 * there is nothing (w->sleep was called: the connection waits); -1 once
 * the bus stopped. */
ssize_t live_read(struct live_stream *s, char *buf, size_t max);
/* Forgets the stream and frees it; s may be NULL. */
void live_close(struct live_stream *s);

/* Records that c->me views (or types on, or left) ticket id, for
 * LIVE_PRESENCE_TTL seconds, and publishes the ticket's presence event
 * when that changes who is there or who types.  *users (arena-owned): the
 * users on the ticket after it.  PL_NOT_FOUND for a ticket c cannot see;
 * PL_STORE when the presence table is full. */
enum pl_err live_presence_set(struct ctx *c, int64_t ticket_id,
	enum live_presence p, json_t **users);

#endif
