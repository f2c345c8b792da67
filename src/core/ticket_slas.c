/*
 * ticket_slas.c: SLA targets of tickets, kept by their writes, and the
 * metric events they leave (see ticket_slas.h).
 *
 * A write loads the ticket's target rows (one per metric, at most six),
 * moves each in C (struct target) and writes back the ones it changed.
 * Time is counted in seconds: calendar seconds, or business seconds of the
 * default schedule when the target is in business hours.  An active
 * target has counted `elapsed` seconds before `since` and breaches at
 * breach_at, when elapsed plus the time from since reaches the target.
 *
 * Invariants:
 *  1. Rows exist only for metrics the ticket's policy targets at its
 *     priority; a metric the policy stops targeting loses its row (its
 *     events stay).
 *  2. breach_at is set exactly on active rows.
 *  3. A breach is recorded once per instance (breached_at), as a "breach"
 *     event at its breach_at, whether the write or the scheduler sees it.
 *  4. ticket_metric_events is append-only.
 *  5. A ticket without a policy, and without rows, costs one query (the
 *     account's policies) per write.
 */
#include "parley.h"
#include "core/rules.h"
#include "core/schedule.h"
#include "core/sla_policies.h"
#include "core/ticket_metrics.h"
#include "core/ticket_slas.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

enum metric { FIRST_REPLY, NEXT_REPLY, PERIODIC, REQUESTER_WAIT, AGENT_WORK,
	PAUSABLE, NMETRICS };

struct target {
	bool exists;        /* a stored row */
	bool dirty;         /* to write */
	bool removed;       /* to delete */
	int64_t instance;
	int64_t policy_id;
	int64_t minutes;
	bool bh;
	const char *stage;  /* active, paused, achieved */
	int64_t since, elapsed, breach_at, breached_at;
};

struct run {
	struct ctx *c;
	int64_t ticket_id;
	const struct schedule *sched;
	int64_t last_breach;
	struct target tg[NMETRICS];
};

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* ---- events ---- */

static enum pl_err event(struct run *r, enum metric m, const char *type, int64_t at,
	json_t *detail)
{
	struct ctx *c = r->c;
	if (!db_exec(c->db, "INSERT INTO ticket_metric_events(account_id, ticket_id,"
		" metric, instance_id, type, time, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"iisisis", c->account_id, r->ticket_id, sla_metrics[m], r->tg[m].instance,
		type, at, detail ? jdump(c->a, detail) : NULL))
		return ctx_store_failed(c);
	return PL_OK;
}

/* ---- time ---- */

static int64_t span(const struct run *r, const struct target *tg, int64_t from,
	int64_t to)
{
	if (to <= from)
		return 0;
	return tg->bh && r->sched ? schedule_seconds_between(r->sched, from, to) : to - from;
}

/* When an active target breaches: its remaining seconds after since. */
static int64_t breach_time(const struct run *r, const struct target *tg)
{
	int64_t left = tg->minutes * 60 - tg->elapsed;
	if (left <= 0)
		return tg->since;
	if (!tg->bh || !r->sched)
		return tg->since + left;
	int64_t t = schedule_add_minutes(r->sched, tg->since, left / 60);
	return t < 0 ? 0 : t + left % 60;
}

/* Records the breach of an active target whose time has come. */
static enum pl_err check_breach(struct run *r, enum metric m, int64_t now)
{
	struct target *tg = &r->tg[m];
	if (!is(tg->stage, "active") || tg->breached_at || !tg->breach_at ||
	    tg->breach_at > now)
		return PL_OK;
	tg->breached_at = tg->breach_at;
	tg->dirty = true;
	if (tg->breach_at > r->last_breach)
		r->last_breach = tg->breach_at;
	return event(r, m, "breach", tg->breach_at, NULL);
}

/* ---- moves ---- */

static enum pl_err activate(struct run *r, enum metric m, int64_t since, int64_t now)
{
	struct target *tg = &r->tg[m];
	tg->stage = "active";
	tg->since = since;
	tg->breach_at = breach_time(r, tg);
	tg->dirty = true;
	enum pl_err e = event(r, m, "activate", since, NULL);
	return e ? e : check_breach(r, m, now);
}

/* Stops counting: to paused or achieved. */
static enum pl_err stop(struct run *r, enum metric m, const char *stage, int64_t now)
{
	struct target *tg = &r->tg[m];
	enum pl_err e = check_breach(r, m, now);
	if (e)
		return e;
	if (is(tg->stage, "active"))
		tg->elapsed += span(r, tg, tg->since, now);
	bool achieve = !strcmp(stage, "achieved");
	if (is(tg->stage, stage))
		return PL_OK;
	tg->stage = stage;
	tg->since = now;
	tg->breach_at = 0;
	tg->dirty = true;
	return event(r, m, achieve ? "fulfill" : "pause", now, NULL);
}

/* A new instance of a reply metric, counting from since. */
static enum pl_err restart(struct run *r, enum metric m, int64_t since, int64_t now)
{
	struct target *tg = &r->tg[m];
	tg->instance++;
	tg->elapsed = 0;
	tg->breached_at = 0;
	return activate(r, m, since, now);
}

/* ---- what a write means for each metric ---- */

struct signals {
	bool created, agent_reply, requester_comment, done, reopened, waiting;
	bool on_hold;
	int64_t created_at, now;
};

static enum pl_err move_reply(struct run *r, enum metric m, const struct signals *s,
	bool fresh)
{
	struct target *tg = &r->tg[m];
	if ((m == FIRST_REPLY || m == NEXT_REPLY) && is(tg->stage, "achieved")) {
		if (m == NEXT_REPLY && s->requester_comment && !s->created && !s->done)
			return restart(r, m, s->now, s->now);
		return PL_OK;
	}
	if (m == FIRST_REPLY || m == NEXT_REPLY)
		return s->agent_reply || s->done ? stop(r, m, "achieved", s->now) : PL_OK;
	/* periodic and pausable updates: each agent reply starts a new period */
	enum pl_err e = PL_OK;
	if (s->agent_reply && !fresh) {
		if ((e = stop(r, m, "achieved", s->now)))
			return e;
		if (!s->done)
			return restart(r, m, s->now, s->now);
	}
	if (s->done)
		return stop(r, m, "achieved", s->now);
	if (is(tg->stage, "achieved") && s->reopened)
		return restart(r, m, s->now, s->now);
	if (m == PAUSABLE && (s->waiting || s->on_hold) && is(tg->stage, "active"))
		return stop(r, m, "paused", s->now);
	if (m == PAUSABLE && !s->waiting && !s->on_hold && is(tg->stage, "paused")) {
		tg->since = s->now;
		return activate(r, m, s->now, s->now);
	}
	return e;
}

static enum pl_err move_wait(struct run *r, enum metric m, const struct signals *s)
{
	struct target *tg = &r->tg[m];
	bool pause = m == REQUESTER_WAIT ? s->waiting : s->waiting || s->on_hold;
	const char *want = s->done ? "achieved" : pause ? "paused" : "active";
	if (is(tg->stage, want))
		return PL_OK;
	if (!strcmp(want, "active"))
		return activate(r, m, s->now, s->now);
	return stop(r, m, want, s->now);
}

/* Whether metric m, without a row, starts on this write. */
static bool starts(enum metric m, const struct signals *s,
	const struct ticket_metric_state *st)
{
	switch (m) {
	case FIRST_REPLY:
		/* The metrics count this write's reply already. */
		return st->replies <= (s->agent_reply && !s->created ? 1 : 0);
	case NEXT_REPLY:
		return !s->created && s->requester_comment && st->replies > 0 && !s->done;
	case PERIODIC:
	case PAUSABLE:
		return !s->done;
	default:
		return true;
	}
}

/* Starts metric m, which starts() (no row before). */
static enum pl_err start(struct run *r, enum metric m, const struct signals *s,
	const struct ticket_metric_state *st, bool *fresh)
{
	struct target *tg = &r->tg[m];
	*fresh = true;
	tg->instance = 1;
	switch (m) {
	case FIRST_REPLY:
		return activate(r, m, s->created_at, s->now);
	case NEXT_REPLY:
		return activate(r, m, s->now, s->now);
	case PERIODIC:
	case PAUSABLE:
		*fresh = s->agent_reply;
		return activate(r, m, s->agent_reply ? s->now : st->last_reply_at
			? st->last_reply_at : s->created_at, s->now);
	default:
		tg->elapsed = m == REQUESTER_WAIT ? st->requester_wait : st->agent_work;
		tg->stage = "none";
		return move_wait(r, m, s);
	}
}

/* ---- loading and storing ---- */

static int metric_index(const char *name)
{
	for (int i = 0; sla_metrics[i]; i++)
		if (!strcmp(sla_metrics[i], name))
			return i;
	return -1;
}

static enum pl_err load(struct run *r, bool *any)
{
	struct ctx *c = r->c;
	*any = false;
	struct stmt *st = db_q(c->db, "SELECT metric, instance_id, policy_id, target,"
		" business_hours, stage, since, elapsed, breach_at, breached_at"
		" FROM ticket_slas WHERE account_id = ? AND ticket_id = ?", "ii",
		c->account_id, r->ticket_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		int m = metric_index(stmt_text(st, 0));
		if (m < 0)
			continue;
		struct target *tg = &r->tg[m];
		tg->exists = true;
		tg->instance = stmt_i64(st, 1);
		tg->policy_id = stmt_i64(st, 2);
		tg->minutes = stmt_i64(st, 3);
		tg->bh = stmt_i64(st, 4) != 0;
		tg->stage = arena_strdup(c->a, stmt_text(st, 5));
		tg->since = stmt_i64(st, 6);
		tg->elapsed = stmt_i64(st, 7);
		tg->breach_at = stmt_i64(st, 8);
		tg->breached_at = stmt_i64(st, 9);
		*any = true;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static enum pl_err store(struct run *r)
{
	struct ctx *c = r->c;
	int64_t next = 0;
	for (int m = 0; m < NMETRICS; m++) {
		struct target *tg = &r->tg[m];
		if (tg->removed) {
			if (!db_exec(c->db, "DELETE FROM ticket_slas WHERE account_id = ?"
				" AND ticket_id = ? AND metric = ?", "iis", c->account_id,
				r->ticket_id, sla_metrics[m]))
				return ctx_store_failed(c);
			continue;
		}
		if (!tg->stage)
			continue;
		if (is(tg->stage, "active") && !tg->breached_at && tg->breach_at &&
		    (!next || tg->breach_at < next))
			next = tg->breach_at;
		if (!tg->dirty)
			continue;
		if (!db_exec(c->db, "INSERT INTO ticket_slas(account_id, ticket_id, metric,"
			" instance_id, policy_id, target, business_hours, stage, since, elapsed,"
			" breach_at, breached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			" ON CONFLICT(account_id, ticket_id, metric) DO UPDATE SET"
			" instance_id = excluded.instance_id, policy_id = excluded.policy_id,"
			" target = excluded.target, business_hours = excluded.business_hours,"
			" stage = excluded.stage, since = excluded.since,"
			" elapsed = excluded.elapsed, breach_at = excluded.breach_at,"
			" breached_at = excluded.breached_at", "iisiiibsiinn", c->account_id,
			r->ticket_id, sla_metrics[m], tg->instance, tg->policy_id, tg->minutes,
			(int)tg->bh, tg->stage, tg->since, tg->elapsed, tg->breach_at,
			tg->breached_at))
			return ctx_store_failed(c);
	}
	return ticket_metrics_set_sla(c, r->ticket_id, r->last_breach, next);
}

/* ---- the policy ---- */

/* The first policy whose filter the ticket matches, or NULL (borrowed). */
static enum pl_err policy_of(struct ctx *c, const json_t *ticket,
	const struct schedule *sched, json_t **out)
{
	json_t *all, *p;
	size_t i;
	*out = NULL;
	enum pl_err e = sla_policies_list(c, &all);
	if (e)
		return e;
	struct rule_env env = { .update = RULE_UPDATE_NONE, .now = c->now,
		.schedule = sched, .current_role = ROLE_ADMIN };
	json_array_foreach(all, i, p)
		if (rules_match(json_object_get(p, "filter"), ticket, NULL, &env)) {
			*out = p;
			break;
		}
	return PL_OK;
}

/* The policy's target of metric at priority, or NULL (borrowed). */
static json_t *target_of(json_t *policy, const char *priority, const char *metric)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(policy, "policy_metrics"), i, m)
		if (is(json_string_value(json_object_get(m, "priority")), priority) &&
		    is(json_string_value(json_object_get(m, "metric")), metric))
			return m;
	return NULL;
}

/* Whether metric m's target differs from pm of policy. */
static bool target_differs(const struct target *tg, json_t *policy, json_t *pm)
{
	return !tg->exists ||
		tg->policy_id != json_integer_value(json_object_get(policy, "id")) ||
		tg->minutes != json_integer_value(json_object_get(pm, "target")) ||
		tg->bh != json_is_true(json_object_get(pm, "business_hours"));
}

/* Gives metric m the target pm of policy. */
static void set_target(struct target *tg, json_t *policy, json_t *pm)
{
	tg->policy_id = json_integer_value(json_object_get(policy, "id"));
	tg->minutes = json_integer_value(json_object_get(pm, "target"));
	tg->bh = json_is_true(json_object_get(pm, "business_hours"));
	tg->dirty = true;
}

static enum pl_err apply_event(struct run *r, enum metric m, json_t *policy)
{
	struct target *tg = &r->tg[m];
	json_t *detail = jown(r->c->a, json_pack("{s:{s:I,s:b,s:{s:I,s:O,s:O}}}", "sla",
		"target", (json_int_t)tg->minutes, "business_hours", tg->bh, "policy",
		"id", (json_int_t)tg->policy_id, "title", json_object_get(policy, "title"),
		"description", json_object_get(policy, "description")));
	return event(r, m, "apply_sla", r->c->now, detail);
}

static void signals_of(struct ctx *c, const struct ticket *old,
	const struct ticket *t, const struct comment_in *cm, struct signals *s)
{
	memset(s, 0, sizeof(*s));
	s->created = !old;
	s->now = c->now;
	s->created_at = t->created_at;
	s->done = is(t->status, "solved") || is(t->status, "closed");
	s->reopened = old && (is(old->status, "solved")) && !s->done;
	s->waiting = is(t->status, "pending");
	s->on_hold = is(t->status, "hold");
	if (cm && cm->is_public) {
		bool agent = user_role(c, cm->author_id) >= ROLE_AGENT;
		s->agent_reply = !s->created && agent && cm->author_id != t->requester_id;
		s->requester_comment = !agent || cm->author_id == t->requester_id;
	}
}

enum pl_err ticket_slas_saved(struct ctx *c, const struct ticket *old,
	const struct ticket *t, const json_t *ticket, const struct comment_in *comment,
	const struct schedule *sched)
{
	struct run r = { .c = c, .ticket_id = t->id, .sched = sched };
	json_t *policy = NULL;
	bool any = false;
	enum pl_err e;
	/* A new ticket has no targets yet. */
	if ((old && (e = load(&r, &any))) ||
	    (t->priority && (e = policy_of(c, ticket, sched, &policy))))
		return e;
	if (!policy && !any)
		return PL_OK;
	struct signals s;
	signals_of(c, old, t, comment, &s);
	struct ticket_metric_state st[2];
	bool have_state[2] = { false, false };
	for (int m = 0; m < NMETRICS && !e; m++) {
		struct target *tg = &r.tg[m];
		json_t *pm = policy ? target_of(policy, t->priority, sla_metrics[m]) : NULL;
		bool fresh = false;
		if (!pm) {
			tg->removed = tg->exists;
			continue;
		}
		if (!tg->exists) {
			int b = tg->bh ? 1 : 0;
			set_target(tg, policy, pm);
			if (!have_state[b] && (e = ticket_metrics_state(c, t->id, tg->bh, &st[b])))
				break;
			have_state[b] = true;
			if (!starts(m, &s, &st[b]))
				continue; /* no row */
			tg->instance = 1;
			if ((e = apply_event(&r, m, policy)) ||
			    (e = start(&r, m, &s, &st[b], &fresh)))
				break;
			if (m == REQUESTER_WAIT || m == AGENT_WORK)
				continue; /* start moved it */
		} else if (target_differs(tg, policy, pm)) {
			set_target(tg, policy, pm);
			if ((e = apply_event(&r, m, policy)))
				break;
			if (is(tg->stage, "active"))
				tg->breach_at = breach_time(&r, tg);
		}
		if (m == REQUESTER_WAIT || m == AGENT_WORK)
			e = move_wait(&r, m, &s);
		else
			e = move_reply(&r, m, &s, fresh);
		if (!e)
			e = check_breach(&r, m, c->now);
	}
	return e ? e : store(&r);
}

/* ---- breaches the scheduler finds ---- */

static enum pl_err breaches_in_txn(struct ctx *c, int *n)
{
	json_t *due = jown(c->a, json_array());
	struct stmt *st = db_q(c->db, "SELECT ticket_id, metric, instance_id, breach_at"
		" FROM ticket_slas WHERE account_id = ? AND stage = 'active'"
		" AND breached_at IS NULL AND breach_at <= ?", "ii", c->account_id, c->now);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		json_array_append_new(due, json_pack("[I,s,I,I]",
			(json_int_t)stmt_i64(st, 0), stmt_text(st, 1),
			(json_int_t)stmt_i64(st, 2), (json_int_t)stmt_i64(st, 3)));
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	size_t i;
	json_t *x;
	json_array_foreach(due, i, x) {
		int64_t tid = json_integer_value(json_array_get(x, 0));
		const char *metric = json_string_value(json_array_get(x, 1));
		int64_t at = json_integer_value(json_array_get(x, 3));
		if (!db_exec(c->db, "INSERT INTO ticket_metric_events(account_id, ticket_id,"
			" metric, instance_id, type, time) VALUES (?, ?, ?, ?, 'breach', ?)",
			"iisii", c->account_id, tid, metric,
			(int64_t)json_integer_value(json_array_get(x, 2)), at) ||
		    !db_exec(c->db, "UPDATE ticket_slas SET breached_at = breach_at"
			" WHERE account_id = ? AND ticket_id = ? AND metric = ?", "iis",
			c->account_id, tid, metric))
			return ctx_store_failed(c);
		int64_t next = db_i64(c->db, "SELECT coalesce(min(breach_at), 0)"
			" FROM ticket_slas WHERE account_id = ? AND ticket_id = ?"
			" AND stage = 'active' AND breached_at IS NULL", "ii", c->account_id, tid);
		if (next < 0)
			return ctx_store_failed(c);
		enum pl_err e = ticket_metrics_set_sla(c, tid, at, next);
		if (e)
			return e;
		(*n)++;
	}
	return PL_OK;
}

enum pl_err ticket_slas_breaches(struct ctx *c, int *n)
{
	int count = 0;
	/* Most runs find nothing due: they take no write lock. */
	int64_t due = db_i64(c->db, "SELECT EXISTS (SELECT 1 FROM ticket_slas"
		" WHERE account_id = ? AND stage = 'active' AND breached_at IS NULL"
		" AND breach_at <= ?)", "ii", c->account_id, c->now);
	if (due < 0)
		return ctx_store_failed(c);
	if (n)
		*n = 0;
	if (!due)
		return PL_OK;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = breaches_in_txn(c, &count);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	if (n)
		*n = count;
	return PL_OK;
}

enum pl_err ticket_slas_last_breach(struct ctx *c, int64_t ticket_id, int64_t *at)
{
	*at = db_i64(c->db, "SELECT coalesce(max(time), 0) FROM ticket_metric_events"
		" WHERE account_id = ? AND ticket_id = ? AND type = 'breach'", "ii",
		c->account_id, ticket_id);
	return *at < 0 ? ctx_store_failed(c) : PL_OK;
}

/* ---- reading ---- */

/* days, hours and minutes of secs (negative: past), into o. */
static void put_span(json_t *o, int64_t secs)
{
	int sign = secs < 0 ? -1 : 1;
	int64_t a = secs < 0 ? -secs : secs;
	json_object_set_new(o, "days", json_integer(sign * (a / 86400)));
	json_object_set_new(o, "hours", json_integer(sign * (a % 86400 / 3600)));
	json_object_set_new(o, "minutes", json_integer(sign * (a % 3600 / 60)));
}

static json_t *sla_row(struct ctx *c, struct stmt *st)
{
	const char *stage = stmt_text(st, 1);
	json_t *o = json_pack("{s:I,s:s,s:s}", "ticket_id", (json_int_t)stmt_i64(st, 0),
		"metric", stmt_text(st, 2), "stage", stage);
	int64_t breach = stmt_i64(st, 3);
	json_object_set_new(o, "breach_at", is(stage, "active") && breach ? jtime(breach)
		: json_null());
	if (is(stage, "active"))
		put_span(o, breach - c->now);
	else if (is(stage, "paused"))
		put_span(o, stmt_i64(st, 4) * 60 - stmt_i64(st, 5));
	return o;
}

enum pl_err ticket_slas_of(struct ctx *c, json_t *ids, json_t **out)
{
	json_t *rows, *x;
	size_t i;
	enum pl_err e = list_all(c, "SELECT ticket_id, stage, metric, breach_at, target,"
		" elapsed FROM ticket_slas WHERE +account_id = ? AND ticket_id IN"
		" (SELECT value FROM json_each(?)) ORDER BY ticket_id, metric", sla_row,
		&rows, "is", c->account_id, jdump(c->a, ids));
	if (e)
		return e;
	*out = jown(c->a, json_object());
	json_array_foreach(ids, i, x)
		json_object_set_new(*out, arena_printf(c->a, "%lld",
			(long long)json_integer_value(x)), json_pack("{s:[]}", "policy_metrics"));
	json_array_foreach(rows, i, x) {
		const char *key = arena_printf(c->a, "%lld",
			(long long)json_integer_value(json_object_get(x, "ticket_id")));
		json_t *slas = json_object_get(*out, key);
		if (!slas)
			continue;
		json_object_del(x, "ticket_id");
		json_array_append(json_object_get(slas, "policy_metrics"), x);
	}
	return PL_OK;
}

enum pl_err ticket_slas_include(struct ctx *c, const char *include,
	const char **text)
{
	if (!ctx_is_agent(c) || !ticket_include_has(include, "slas"))
		return PL_OK;
	json_t *v = jparse(*text, NULL), *ids = jown(c->a, json_array()), *t, *slas;
	size_t i;
	if (!v)
		return PL_OK;
	jown(c->a, v);
	json_t *list = json_is_array(v) ? v : jown(c->a, json_pack("[O]", v));
	json_array_foreach(list, i, t)
		json_array_append(ids, json_object_get(t, "id"));
	enum pl_err e = ticket_slas_of(c, ids, &slas);
	if (e)
		return e;
	json_array_foreach(list, i, t)
		json_object_set(t, "slas", json_object_get(slas, arena_printf(c->a, "%lld",
			(long long)json_integer_value(json_object_get(t, "id")))));
	*text = jdump(c->a, v);
	return PL_OK;
}

static json_t *event_row(struct ctx *c, struct stmt *st)
{
	json_t *o = json_pack("{s:I,s:I,s:s,s:I,s:s,s:o}",
		"id", (json_int_t)stmt_i64(st, 0), "ticket_id", (json_int_t)stmt_i64(st, 1),
		"metric", stmt_text(st, 2), "instance_id", (json_int_t)stmt_i64(st, 3),
		"type", stmt_text(st, 4), "time", jtime(stmt_i64(st, 5)));
	json_t *detail = stmt_null(st, 6) ? NULL : jparse(stmt_text(st, 6), NULL);
	if (json_is_object(detail))
		json_object_update(o, detail);
	if (!strcmp(stmt_text(st, 4), "breach"))
		json_object_set_new(o, "deleted", json_false());
	json_decref(detail);
	return o;
}

enum pl_err ticket_metric_events(struct ctx *c, int64_t ticket_id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, ticket_id, &t);
	if (e)
		return e;
	return list_all(c, "SELECT id, ticket_id, metric, instance_id, type, time, detail"
		" FROM ticket_metric_events WHERE account_id = ? AND ticket_id = ?"
		" ORDER BY time, id", event_row, out, "ii", c->account_id, ticket_id);
}

enum pl_err ticket_metric_events_since(struct ctx *c, int64_t start_time, int max,
	json_t **out)
{
	return list_all(c, "SELECT e.id, e.ticket_id, e.metric, e.instance_id, e.type,"
		" e.time, e.detail FROM ticket_metric_events e WHERE e.account_id = ?"
		" AND e.time >= ? AND EXISTS (SELECT 1 FROM tickets t WHERE t.account_id ="
		" e.account_id AND t.id = e.ticket_id AND t.deleted_at IS NULL)"
		" ORDER BY e.time, e.id LIMIT ?", event_row, out, "iii", c->account_id,
		start_time, (int64_t)max);
}
