/*
 * ticket_metrics.c: the metrics row of each ticket, kept by its writes,
 * and the /ticket_metrics reads (see ticket_metrics.h).
 *
 * A write reads the row, moves it forward in C (struct mrow) and writes
 * it back with one upsert.  Time spent in a status is added when the
 * status changes, from status_since to now, to the wait counters of the
 * status left: new and open to requester wait, pending to agent wait,
 * hold to requester wait and on-hold.
 *
 * Invariants:
 *  1. One row per ticket (unique account_id, ticket_id); every write of
 *     the ticket that changes something updates it, in the same
 *     transaction.
 *  2. Timestamps are 0 when the thing never happened (rendered null),
 *     except the SLA columns, which hold NULL (written only by
 *     ticket_metrics_set_sla).
 *  3. reply_* is meaningful once replies > 0 and *_resolution_* once
 *     solved_at is set; they render null before.
 */
#include "parley.h"
#include "core/rules.h"
#include "core/schedule.h"
#include "core/ticket_metrics.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdarg.h>
#include <string.h>

enum {
	M_STATUS_SINCE, M_REOPENS, M_REPLIES, M_ASSIGNEE_ST, M_GROUP_ST,
	M_ASSIGNED, M_INIT_ASSIGNED, M_SOLVED, M_LATEST_COMMENT, M_REQ_UPDATED,
	M_ASG_UPDATED, M_STATUS_UPDATED, M_OPEN, M_PENDING, M_HOLD, M_CLOSED,
	M_REPLY, M_REPLY_B, M_FIRST_RES, M_FIRST_RES_B, M_FULL_RES, M_FULL_RES_B,
	M_AGENT_WAIT, M_AGENT_WAIT_B, M_REQ_WAIT, M_REQ_WAIT_B, M_ON_HOLD, M_ON_HOLD_B,
	M_N
};

/* The integer columns, in enum order. */
#define MCOLS "status_since, reopens, replies, assignee_stations, group_stations," \
	" assigned_at, initially_assigned_at, solved_at, latest_comment_added_at," \
	" requester_updated_at, assignee_updated_at, status_updated_at, open_at," \
	" pending_at, hold_at, closed_at, reply_cal, reply_bus, first_resolution_cal," \
	" first_resolution_bus, full_resolution_cal, full_resolution_bus," \
	" agent_wait_cal, agent_wait_bus, requester_wait_cal, requester_wait_bus," \
	" on_hold_cal, on_hold_bus"

struct mrow {
	const char *status;
	int64_t v[M_N];
};

/* ---- keeping the row ---- */

static struct stmt *q_tail(struct db *db, const char *sql, int n,
	const int64_t *tail, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct stmt *st = db_vq_tail(db, sql, fmt, ap, n, tail);
	va_end(ap);
	return st;
}

/* Loads ticket_id's row into m; *found is false when it has none. */
static enum pl_err load(struct ctx *c, int64_t ticket_id, struct mrow *m, bool *found)
{
	struct stmt *st = db_q(c->db, "SELECT status, " MCOLS " FROM ticket_metrics"
		" WHERE account_id = ? AND ticket_id = ?", "ii", c->account_id, ticket_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	*found = rc == STEP_ROW;
	if (*found) {
		m->status = arena_strdup(c->a, stmt_text(st, 0));
		for (int i = 0; i < M_N; i++)
			m->v[i] = stmt_i64(st, i + 1);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static enum pl_err save(struct ctx *c, int64_t ticket_id, int64_t created_at,
	const struct mrow *m)
{
	struct stmt *st = q_tail(c->db, "INSERT INTO ticket_metrics(account_id,"
		" ticket_id, created_at, updated_at, status, " MCOLS ") VALUES (?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?) ON CONFLICT(account_id, ticket_id) DO UPDATE SET"
		" updated_at = excluded.updated_at, status = excluded.status,"
		" status_since = excluded.status_since, reopens = excluded.reopens,"
		" replies = excluded.replies,"
		" assignee_stations = excluded.assignee_stations,"
		" group_stations = excluded.group_stations,"
		" assigned_at = excluded.assigned_at,"
		" initially_assigned_at = excluded.initially_assigned_at,"
		" solved_at = excluded.solved_at,"
		" latest_comment_added_at = excluded.latest_comment_added_at,"
		" requester_updated_at = excluded.requester_updated_at,"
		" assignee_updated_at = excluded.assignee_updated_at,"
		" status_updated_at = excluded.status_updated_at,"
		" open_at = excluded.open_at, pending_at = excluded.pending_at,"
		" hold_at = excluded.hold_at, closed_at = excluded.closed_at,"
		" reply_cal = excluded.reply_cal, reply_bus = excluded.reply_bus,"
		" first_resolution_cal = excluded.first_resolution_cal,"
		" first_resolution_bus = excluded.first_resolution_bus,"
		" full_resolution_cal = excluded.full_resolution_cal,"
		" full_resolution_bus = excluded.full_resolution_bus,"
		" agent_wait_cal = excluded.agent_wait_cal,"
		" agent_wait_bus = excluded.agent_wait_bus,"
		" requester_wait_cal = excluded.requester_wait_cal,"
		" requester_wait_bus = excluded.requester_wait_bus,"
		" on_hold_cal = excluded.on_hold_cal, on_hold_bus = excluded.on_hold_bus",
		M_N, m->v, "iiiis", c->account_id, ticket_id, created_at, c->now, m->status);
	if (!st || stmt_step(st) != STEP_DONE) {
		if (st)
			stmt_reset(st);
		return ctx_store_failed(c);
	}
	stmt_reset(st);
	return PL_OK;
}

static int64_t business(const struct schedule *s, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	return s ? schedule_seconds_between(s, from, to) : to - from;
}

/* Adds the time since the status began to the counters of the status left. */
static void close_status(struct mrow *m, int64_t now, const struct schedule *s)
{
	int64_t from = m->v[M_STATUS_SINCE];
	int64_t cal = now > from ? now - from : 0, bus = business(s, from, now);
	const char *st = m->status;
	if (!strcmp(st, "new") || !strcmp(st, "open") || !strcmp(st, "hold")) {
		m->v[M_REQ_WAIT] += cal;
		m->v[M_REQ_WAIT_B] += bus;
	}
	if (!strcmp(st, "pending")) {
		m->v[M_AGENT_WAIT] += cal;
		m->v[M_AGENT_WAIT_B] += bus;
	}
	if (!strcmp(st, "hold")) {
		m->v[M_ON_HOLD] += cal;
		m->v[M_ON_HOLD_B] += bus;
	}
}

static bool is_done(const char *status)
{
	return !strcmp(status, "solved") || !strcmp(status, "closed");
}

/* Enters status at now: its time, resolution times, reopens. */
static void enter_status(struct mrow *m, const char *status, int64_t created,
	int64_t now, const struct schedule *s)
{
	static const struct { const char *name; int col; } times[] = {
		{ "open", M_OPEN }, { "pending", M_PENDING }, { "hold", M_HOLD },
		{ "solved", M_SOLVED }, { "closed", M_CLOSED },
	};
	if (m->status && is_done(m->status) && !is_done(status))
		m->v[M_REOPENS]++;
	if (!strcmp(status, "solved")) {
		if (!m->v[M_SOLVED]) {
			m->v[M_FIRST_RES] = now - created;
			m->v[M_FIRST_RES_B] = business(s, created, now);
		}
		m->v[M_FULL_RES] = now - created;
		m->v[M_FULL_RES_B] = business(s, created, now);
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(times); i++)
		if (!strcmp(times[i].name, status))
			m->v[times[i].col] = now;
	m->status = status;
	m->v[M_STATUS_SINCE] = now;
	m->v[M_STATUS_UPDATED] = now;
}

/* Whether comment is a reply: public, by an agent who is not the
 * requester. */
static bool is_reply(struct ctx *c, const struct ticket *t,
	const struct comment_in *cm)
{
	return cm && cm->is_public && cm->author_id != t->requester_id &&
		user_role(c, cm->author_id) >= ROLE_AGENT;
}

enum pl_err ticket_metrics_saved(struct ctx *c, const struct ticket *old,
	const struct ticket *t, const struct comment_in *comment,
	const struct schedule *sched)
{
	struct mrow m;
	bool found = false;
	enum pl_err e;
	int64_t now = c->now, created = t->created_at;
	if (old && (e = load(c, t->id, &m, &found)))
		return e;
	if (!found) {
		/* A new ticket, or one written before metrics were kept. */
		memset(&m, 0, sizeof(m));
		if (old) {
			m.status = old->status;
			m.v[M_STATUS_SINCE] = old->updated_at;
			m.v[M_STATUS_UPDATED] = old->updated_at;
			if (old->assignee_id)
				m.v[M_ASSIGNEE_ST] = 1;
			if (old->group_id)
				m.v[M_GROUP_ST] = 1;
		} else {
			enter_status(&m, t->status, created, now, sched);
		}
	}
	if (old && strcmp(old->status, t->status) != 0) {
		close_status(&m, now, sched);
		enter_status(&m, t->status, created, now, sched);
	}
	if (t->assignee_id && (!old || old->assignee_id != t->assignee_id)) {
		m.v[M_ASSIGNEE_ST]++;
		m.v[M_ASSIGNED] = now;
		if (!m.v[M_INIT_ASSIGNED])
			m.v[M_INIT_ASSIGNED] = now;
	}
	if (t->group_id && (!old || old->group_id != t->group_id))
		m.v[M_GROUP_ST]++;
	if (comment) {
		m.v[M_LATEST_COMMENT] = now;
		if (old && is_reply(c, t, comment)) {
			if (m.v[M_REPLIES]++ == 0) {
				m.v[M_REPLY] = now - created;
				m.v[M_REPLY_B] = business(sched, created, now);
			}
		}
	}
	if (c->me.id > 0 && c->me.id == t->requester_id)
		m.v[M_REQ_UPDATED] = now;
	if (c->me.id > 0 && c->me.id == t->assignee_id)
		m.v[M_ASG_UPDATED] = now;
	return save(c, t->id, created, &m);
}

/* ---- for SLAs and rule conditions ---- */

enum pl_err ticket_metrics_state(struct ctx *c, int64_t ticket_id, bool business_time,
	struct ticket_metric_state *out)
{
	struct mrow m;
	bool found;
	memset(out, 0, sizeof(*out));
	enum pl_err e = load(c, ticket_id, &m, &found);
	if (e || !found)
		return e;
	int b = business_time ? 1 : 0;
	out->replies = (int)m.v[M_REPLIES];
	out->requester_wait = m.v[M_REQ_WAIT + b];
	out->agent_work = m.v[M_REQ_WAIT + b] - m.v[M_ON_HOLD + b];
	out->last_reply_at = m.v[M_REPLIES] ? m.v[M_LATEST_COMMENT] : 0;
	return PL_OK;
}

enum pl_err ticket_metrics_times(struct ctx *c, const struct ticket *t,
	struct rule_times *out)
{
	memset(out, 0, sizeof(*out));
	out->created_at = t->created_at;
	out->updated_at = t->updated_at;
	out->due_at = t->due_at;
	struct stmt *st = db_q(c->db, "SELECT open_at, pending_at, hold_at, solved_at,"
		" closed_at, assigned_at, requester_updated_at, assignee_updated_at,"
		" last_sla_breach_at, next_sla_breach_at FROM ticket_metrics"
		" WHERE account_id = ? AND ticket_id = ?", "ii", c->account_id, t->id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		out->open_at = stmt_i64(st, 0);
		out->pending_at = stmt_i64(st, 1);
		out->hold_at = stmt_i64(st, 2);
		out->solved_at = stmt_i64(st, 3);
		out->closed_at = stmt_i64(st, 4);
		out->assigned_at = stmt_i64(st, 5);
		out->requester_updated_at = stmt_i64(st, 6);
		out->assignee_updated_at = stmt_i64(st, 7);
		out->last_sla_breach_at = stmt_i64(st, 8);
		out->next_sla_breach_at = stmt_i64(st, 9);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

enum pl_err ticket_metrics_set_sla(struct ctx *c, int64_t ticket_id,
	int64_t last_breach, int64_t next_breach)
{
	if (!db_exec(c->db, "UPDATE ticket_metrics SET next_sla_breach_at = ?,"
		" last_sla_breach_at = coalesce(?, last_sla_breach_at)"
		" WHERE account_id = ? AND ticket_id = ?", "nnii", next_breach, last_breach,
		c->account_id, ticket_id))
		return ctx_store_failed(c);
	return PL_OK;
}

/* ---- reading ---- */

#define COLS "id, ticket_id, created_at, updated_at, " MCOLS

static json_t *minutes(bool reached, int64_t cal, int64_t bus)
{
	if (!reached)
		return json_pack("{s:n,s:n}", "calendar", "business");
	return json_pack("{s:I,s:I}", "calendar", (json_int_t)(cal / 60),
		"business", (json_int_t)(bus / 60));
}

static json_t *when(int64_t t)
{
	return t ? jtime(t) : json_null();
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t v[M_N];
	for (int i = 0; i < M_N; i++)
		v[i] = stmt_i64(st, i + 4);
	int64_t id = stmt_i64(st, 0);
	json_t *o = json_object();
	json_object_set_new(o, "url", json_string(ctx_url(c, "ticket_metrics/%lld",
		(long long)id)));
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "ticket_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 2)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 3)));
	json_object_set_new(o, "group_stations", json_integer(v[M_GROUP_ST]));
	json_object_set_new(o, "assignee_stations", json_integer(v[M_ASSIGNEE_ST]));
	json_object_set_new(o, "reopens", json_integer(v[M_REOPENS]));
	json_object_set_new(o, "replies", json_integer(v[M_REPLIES]));
	json_object_set_new(o, "assignee_updated_at", when(v[M_ASG_UPDATED]));
	json_object_set_new(o, "requester_updated_at", when(v[M_REQ_UPDATED]));
	json_object_set_new(o, "status_updated_at", when(v[M_STATUS_UPDATED]));
	json_object_set_new(o, "initially_assigned_at", when(v[M_INIT_ASSIGNED]));
	json_object_set_new(o, "assigned_at", when(v[M_ASSIGNED]));
	json_object_set_new(o, "solved_at", when(v[M_SOLVED]));
	json_object_set_new(o, "latest_comment_added_at", when(v[M_LATEST_COMMENT]));
	json_object_set_new(o, "custom_status_updated_at", json_null());
	bool solved = v[M_SOLVED] != 0;
	json_object_set_new(o, "reply_time_in_minutes", minutes(v[M_REPLIES] > 0,
		v[M_REPLY], v[M_REPLY_B]));
	json_object_set_new(o, "first_resolution_time_in_minutes", minutes(solved,
		v[M_FIRST_RES], v[M_FIRST_RES_B]));
	json_object_set_new(o, "full_resolution_time_in_minutes", minutes(solved,
		v[M_FULL_RES], v[M_FULL_RES_B]));
	json_object_set_new(o, "agent_wait_time_in_minutes", minutes(true,
		v[M_AGENT_WAIT], v[M_AGENT_WAIT_B]));
	json_object_set_new(o, "requester_wait_time_in_minutes", minutes(true,
		v[M_REQ_WAIT], v[M_REQ_WAIT_B]));
	json_object_set_new(o, "on_hold_time_in_minutes", minutes(true,
		v[M_ON_HOLD], v[M_ON_HOLD_B]));
	return o;
}

/* Rows whose ticket is live. */
#define LIVE " AND EXISTS (SELECT 1 FROM tickets t WHERE t.account_id =" \
	" ticket_metrics.account_id AND t.id = ticket_metrics.ticket_id" \
	" AND t.deleted_at IS NULL)"

enum pl_err ticket_metrics_list(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	return list_run(c, p, COLS, "FROM ticket_metrics WHERE account_id = ?" LIVE,
		row, out, "i", c->account_id);
}

enum pl_err ticket_metric_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM ticket_metrics WHERE account_id = ?"
		" AND id = ?" LIVE, row, out, "ii", c->account_id, id);
}

enum pl_err ticket_metric_of_ticket(struct ctx *c, int64_t ticket_id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, ticket_id, &t);
	if (e)
		return e;
	return list_one(c, "SELECT " COLS " FROM ticket_metrics WHERE account_id = ?"
		" AND ticket_id = ?", row, out, "ii", c->account_id, ticket_id);
}
