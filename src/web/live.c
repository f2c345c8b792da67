/*
 * live.c: the agent workspace's live updates over HTTP (core/live.h is
 * the bus; docs/agent.md, "Live updates"):
 *
 *   GET  /agent/events     server-sent events of the agent's account
 *   POST /agent/presence   {"ticket_id": N, "state": "viewing" | "typing" |
 *                          "left"}  ->  {"users": [{id, name, typing}]}
 *
 * Both are for agents and admins, signed in by the session cookie like
 * the rest of /agent (Basic and Bearer credentials work too); the cookie's
 * POST needs the session's CSRF token (dispatch.c).
 *
 * A stream never holds a worker thread while idle: with nothing to send
 * its reader suspends the connection, and the bus resumes it when an event
 * of the account arrives, a heartbeat is due, or the server stops.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/live.h"
#include "http/request.h"
#include "util/arena.h"

#include <microhttpd.h>
#include <string.h>

static void suspend(void *conn)
{
	MHD_suspend_connection(conn);
}

static void resume(void *conn)
{
	MHD_resume_connection(conn);
}

static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	return live_read(cls, buf, max);
}

static void close_events(void *cls)
{
	live_close(cls);
}

/* GET /agent/events: resumes after the Last-Event-ID header when the
 * browser reconnects.  503 or 429 with Retry-After when too many streams
 * are open. */
static enum pl_err events(struct req *r)
{
	struct live_waker w = { suspend, resume, r->conn };
	struct live_stream *s;
	enum pl_err e = live_open(&r->c, req_header(r, "Last-Event-ID"), &w, &s);
	if (e) {
		reply_header(r, "Retry-After", "30");
		return e;
	}
	struct req_stream *st = arena_alloc(r->c.a, sizeof(*st));
	*st = (struct req_stream){ read_events, close_events, s };
	reply_header(r, "Cache-Control", "no-store");
	reply_header(r, "X-Accel-Buffering", "no");
	return reply_stream(r, "text/event-stream; charset=utf-8", st);
}

/* POST /agent/presence. */
static enum pl_err presence(struct req *r)
{
	static const char *const states[] = { "viewing", "typing", "left" };
	json_t *in, *users;
	enum pl_err e = req_body(r, &in);
	if (e)
		return e;
	json_t *id = json_object_get(in, "ticket_id");
	const char *state = json_string_value(json_object_get(in, "state"));
	int p = -1;
	for (int i = 0; state && i < (int)PL_ARRAY_LEN(states); i++)
		if (strcmp(state, states[i]) == 0)
			p = i;
	if (!json_is_integer(id) || json_integer_value(id) <= 0)
		e = ctx_invalid(&r->c, "ticket_id", "InvalidValue",
			"Ticket: must be a ticket id");
	if (p < 0)
		e = ctx_invalid(&r->c, "state", "InvalidValue",
			"State: must be viewing, typing or left");
	if (e || (e = live_presence_set(&r->c, json_integer_value(id),
		(enum live_presence)p, &users)))
		return e;
	return reply_obj(r, 200, "users", json_incref(users));
}

const struct route live_routes[] = {
	{ V_GET, "agent/events", events, ROLE_AGENT },
	{ V_POST, "agent/presence", presence, ROLE_AGENT },
	{ 0 },
};
