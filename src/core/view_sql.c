/*
 * view_sql.c: view conditions as SQL, and the rules engine over the rows
 * SQL cannot decide (view_sql.h).
 *
 * Why SQL at all: counting "All unsolved tickets" over a million tickets
 * by rendering each one for rules_match would take seconds; as SQL it is
 * an index range.  Why the engine stays the definition: where a field's
 * values form a small set, the translation does not restate the rules,
 * it asks them.  For status, priority and type it runs rules_match_one
 * on a ticket holding each possible value (and none) and keeps the values
 * it accepts; for ids it does the same with a ticket holding none, each
 * id the condition can name (its value, the current user, the current
 * groups) and any other id.  Only tags, the subject's text and the time
 * fields restate the engine's arithmetic, and test_view_sql.c holds them
 * to it.
 *
 * Invariant: what view_sql_where reports exact keeps exactly what
 * rules_match keeps; otherwise it keeps a superset, never fewer.
 */
#include "parley.h"
#include "core/list.h"
#include "core/rulesInt.h"
#include "core/tickets.h"
#include "core/view_sql.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

/* A column of the ticket's ticket_metrics row (alias t: the ticket). */
#define METRIC_SQL(col) "(SELECT m." col " FROM ticket_metrics m" \
	" WHERE m.account_id = t.account_id AND m.ticket_id = t.id)"

#define BIT(op) (1u << (op))
#define HOURS_MAX 1000000000    /* beyond any ticket's age */

enum kind { K_EXACT, K_PREFILTER, K_NONE };

struct vx {
	struct ctx *c;
	const struct rule_env *env;
};

/* Whether the engine accepts cond on a ticket whose key holds v (a new
 * reference, consumed; NULL stands for JSON null). */
static bool engine_on(const struct vx *x, const json_t *cond, const char *key,
	json_t *v)
{
	json_t *t = json_object();
	json_object_set_new(t, key, v ? v : json_null());
	bool ok = rules_match_one(cond, t, NULL, x->env);
	json_decref(t);
	return ok;
}

/* status, priority, type: col IN (the values the engine keeps). */
static enum kind enum_sql(const struct vx *x, const struct cond_field *f,
	const json_t *cond, struct sqlbuf *b)
{
	const char *col = !strcmp(f->key, "status") ? "t.status"
		: !strcmp(f->key, "priority") ? "t.priority" : "t.type";
	bool null_ok = strcmp(f->key, "status") != 0 && engine_on(x, cond, f->key, NULL);
	int kept = 0;
	sqlbuf_add(b, "(");
	sqlbuf_add(b, col);
	sqlbuf_add(b, " IN (");
	for (int i = 0; f->values[i]; i++)
		if (engine_on(x, cond, f->key, json_string(f->values[i])))
			sqlbuf_add(b, kept++ ? ", ?s" : "?s", f->values[i]);
	sqlbuf_add(b, ")");
	if (null_ok) {
		sqlbuf_add(b, " OR ");
		sqlbuf_add(b, col);
		sqlbuf_add(b, " IS NULL");
	}
	sqlbuf_add(b, ")");
	return K_EXACT;
}

/* Adds id to the set (no zeros, no repeats). */
static void add_target(int64_t *set, int *n, int64_t id)
{
	if (id <= 0)
		return;
	for (int i = 0; i < *n; i++)
		if (set[i] == id)
			return;
	set[(*n)++] = id;
}

/* group_id, assignee_id...: the engine's answer for none, each id the
 * condition can name, and any other id, as one SQL condition. */
static enum kind id_sql(const struct vx *x, const struct cond_field *f,
	const json_t *cond, struct sqlbuf *b)
{
	static const struct { const char *key, *col; } cols[] = {
		{ "group_id", "t.group_id" }, { "assignee_id", "t.assignee_id" },
		{ "requester_id", "t.requester_id" },
		{ "organization_id", "t.organization_id" }, { "brand_id", "t.brand_id" },
		{ "ticket_form_id", "t.ticket_form_id" },
	};
	const char *col = NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(cols); i++)
		if (!strcmp(cols[i].key, f->key))
			col = cols[i].col;
	if (!col)
		return K_NONE;
	int ntargets = 0;
	int64_t *targets = arena_alloc(x->c->a, sizeof(*targets) *
		(size_t)(x->env->ncurrent_groups + 2));
	int64_t v;
	if (rules_id_value(json_object_get(cond, "value"), &v))
		add_target(targets, &ntargets, v);
	add_target(targets, &ntargets, x->env->current_user_id);
	for (int i = 0; i < x->env->ncurrent_groups; i++)
		add_target(targets, &ntargets, x->env->current_groups[i]);
	int64_t other = 1;
	for (int i = 0; i < ntargets; i++)
		if (targets[i] >= other)
			other = targets[i] + 1;
	bool on_none = engine_on(x, cond, f->key, NULL);
	bool on_other = engine_on(x, cond, f->key, json_integer(other));
	/* (col IS NULL if none) OR col IN (kept) OR (col NOT IN (all) if
	 * other): only the parts that hold, so that a single part stays a
	 * plain, indexable condition. */
	struct sqlbuf kept;
	sqlbuf_init(&kept, x->c->a);
	int nkept = 0;
	for (int i = 0; i < ntargets; i++)
		if (engine_on(x, cond, f->key, json_integer(targets[i])))
			sqlbuf_add(&kept, nkept++ ? ", ?i" : "?i", targets[i]);
	int parts = on_none + (nkept > 0) + on_other;
	if (!parts) {
		sqlbuf_add(b, "0");
		return K_EXACT;
	}
	const char *sep = "";
	if (parts > 1)
		sqlbuf_add(b, "(");
	if (on_none) {
		sqlbuf_add(b, col);
		sqlbuf_add(b, " IS NULL");
		sep = " OR ";
	}
	if (nkept) {
		sqlbuf_add(b, sep);
		sqlbuf_add(b, col);
		sqlbuf_add(b, " IN (");
		sqlbuf_cat(b, &kept);
		sqlbuf_add(b, ")");
		sep = " OR ";
	}
	if (on_other) {
		sqlbuf_add(b, sep);
		sqlbuf_add(b, "(");
		sqlbuf_add(b, col);
		sqlbuf_add(b, " IS NOT NULL");
		if (ntargets) {
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, col);
			sqlbuf_add(b, " NOT IN (");
			for (int i = 0; i < ntargets; i++)
				sqlbuf_add(b, i ? ", ?i" : "?i", targets[i]);
			sqlbuf_add(b, ")");
		}
		sqlbuf_add(b, ")");
	}
	if (parts > 1)
		sqlbuf_add(b, ")");
	return K_EXACT;
}

struct words {
	const struct vx *x;
	struct sqlbuf *b;
	int n;
	bool like;       /* subject LIKE '%w%' terms, else tag IN list items */
};

static bool add_word(const char *w, size_t n, void *arg)
{
	struct words *ws = arg;
	char *word = arena_strndup(ws->x->c->a, w, n);
	if (ws->like)
		sqlbuf_add(ws->b, ws->n ? " OR lower(coalesce(t.subject, '')) LIKE ?s"
			" ESCAPE '\\'" : "lower(coalesce(t.subject, '')) LIKE ?s ESCAPE '\\'",
			list_like(ws->x->c->a, word, false));
	else
		sqlbuf_add(ws->b, ws->n ? ", ?s" : "?s", word);
	ws->n++;
	return false;
}

/* current_tags: a tag equal to one of the words (0080's tag index). */
static enum kind tags_sql(const struct vx *x, int op, const json_t *cond,
	struct sqlbuf *b)
{
	struct sqlbuf list;
	sqlbuf_init(&list, x->c->a);
	struct words ws = { x, &list, 0, false };
	rules_each_word(json_object_get(cond, "value"), add_word, &ws);
	if (!ws.n) {
		sqlbuf_add(b, op == OP_INCLUDES ? "0" : "1");
		return K_EXACT;
	}
	sqlbuf_add(b, op == OP_INCLUDES ? "t.id IN" : "t.id NOT IN");
	sqlbuf_add(b, " (SELECT ticket_id FROM ticket_tag_index WHERE account_id = ?i"
		" AND tag IN (", x->c->account_id);
	sqlbuf_cat(b, &list);
	sqlbuf_add(b, "))");
	return K_EXACT;
}

/* subject_includes_word: is / is_not are a case-insensitive (ASCII)
 * substring, as the engine's strcasestr; includes needs whole words, which
 * only the engine checks: SQL keeps subjects containing a word. */
static enum kind subject_sql(const struct vx *x, int op, const json_t *cond,
	struct sqlbuf *b)
{
	const json_t *v = json_object_get(cond, "value");
	if (op == OP_IS || op == OP_IS_NOT) {
		const char *s = json_string_value(v);
		if (!s || !*s) {
			sqlbuf_add(b, op == OP_IS ? "0" : "1");
			return K_EXACT;
		}
		sqlbuf_add(b, "instr(lower(coalesce(t.subject, '')), lower(?s))", s);
		sqlbuf_add(b, op == OP_IS ? " > 0" : " = 0");
		return K_EXACT;
	}
	if (op != OP_INCLUDES)
		return K_NONE;
	struct words ws = { x, b, 0, true };
	sqlbuf_add(b, "(");
	rules_each_word(v, add_word, &ws);
	if (!ws.n)
		sqlbuf_add(b, "0");
	sqlbuf_add(b, ")");
	return ws.n ? K_PREFILTER : K_EXACT;
}

/* via_id: the engine's answer for each channel it knows and for another. */
static enum kind via_sql(const struct vx *x, const json_t *cond, struct sqlbuf *b)
{
	json_t *t = json_object();
	int kept = 0, known = 0;
	sqlbuf_add(b, "(t.via_channel IN (");
	for (size_t i = 0; rules_via_channel(i); i++) {
		json_object_set_new(t, "via", json_pack("{s:s}", "channel", rules_via_channel(i)));
		if (rules_match_one(cond, t, NULL, x->env))
			sqlbuf_add(b, kept++ ? ", ?s" : "?s", rules_via_channel(i));
	}
	sqlbuf_add(b, ")");
	json_object_set_new(t, "via", json_pack("{s:s}", "channel", ""));
	if (rules_match_one(cond, t, NULL, x->env)) {
		sqlbuf_add(b, " OR t.via_channel NOT IN (");
		for (size_t i = 0; rules_via_channel(i); i++)
			sqlbuf_add(b, known++ ? ", ?s" : "?s", rules_via_channel(i));
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, ")");
	json_decref(t);
	return K_EXACT;
}

/* The status a time field names (NEW is creation), or NULL. */
static const char *status_of_time(size_t off)
{
	static const struct { size_t off; const char *status; } m[] = {
		{ offsetof(struct rule_times, open_at), "\"open\"" },
		{ offsetof(struct rule_times, pending_at), "\"pending\"" },
		{ offsetof(struct rule_times, hold_at), "\"hold\"" },
		{ offsetof(struct rule_times, solved_at), "\"solved\"" },
		{ offsetof(struct rule_times, closed_at), "\"closed\"" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(m); i++)
		if (m[i].off == off)
			return m[i].status;
	return NULL;
}

/* "Latest status event after ?": over the ticket's status events. */
static void status_after(const struct vx *x, struct sqlbuf *b, const char *status,
	int64_t after, bool exists)
{
	sqlbuf_add(b, exists ? "EXISTS" : "NOT EXISTS");
	sqlbuf_add(b, " (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id"
		" AND e.field_name = 'status' AND e.value = ?s AND e.created_at > ?i)",
		status, after);
}

/* The SQL expression of a time field kept on the ticket or in its
 * ticket_metrics row (the SLA breach times), or NULL for status times. */
static const char *time_col(size_t off)
{
	static const struct { size_t off; const char *col; } cols[] = {
		{ offsetof(struct rule_times, created_at), "t.created_at" },
		{ offsetof(struct rule_times, updated_at), "t.updated_at" },
		{ offsetof(struct rule_times, due_at), "t.due_at" },
		{ offsetof(struct rule_times, last_sla_breach_at), METRIC_SQL("last_sla_breach_at") },
		{ offsetof(struct rule_times, next_sla_breach_at), METRIC_SQL("next_sla_breach_at") },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cols); i++)
		if (cols[i].off == off)
			return cols[i].col;
	return NULL;
}

/* Time fields: whole hours h since (until) a time T, which must be set.
 * For N = the value: h < N <=> T > now - N h;  h > N <=> T <= now - (N+1) h;
 * h = N <=> now - (N+1) h < T <= now - N h  (until: mirrored around now).
 * A status time T is the latest event to the status: "T > a" is "some
 * such event after a", "T <= a" is "some event, none after a". */
static enum kind time_sql(const struct vx *x, const struct cond_field *f, int op,
	const json_t *cond, struct sqlbuf *b)
{
	int64_t n;
	if (!rules_id_value(json_object_get(cond, "value"), &n)) {
		sqlbuf_add(b, "0");
		return K_EXACT;
	}
	if (n > HOURS_MAX)
		n = HOURS_MAX;
	const char *status = status_of_time(f->time);
	const char *col = time_col(f->time);
	if (!status && !col)
		return K_NONE;
	int64_t now = x->env->now, h = 3600;
	/* The bounds as "lo < T <= hi" (since) or "lo <= T < hi" (until);
	 * INT64 extremes stand for no bound. */
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	if (!f->until) {
		if (op != OP_GT)
			lo = now - (op == OP_LT ? n : n + 1) * h;
		if (op != OP_LT)
			hi = now - n * h - (op == OP_GT ? h : 0);
	} else {
		if (op != OP_LT)
			lo = now + (op == OP_GT ? n + 1 : n) * h;
		if (op != OP_GT)
			hi = now + (op == OP_LT ? n : n + 1) * h;
	}
	if (col) {
		sqlbuf_add(b, "(");
		sqlbuf_add(b, col);
		sqlbuf_add(b, " IS NOT NULL AND ");
		sqlbuf_add(b, col);
		sqlbuf_add(b, " != 0");
		if (lo != INT64_MIN) {
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, col);
			sqlbuf_add(b, f->until ? " >= ?i" : " > ?i", lo);
		}
		if (hi != INT64_MAX) {
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, col);
			sqlbuf_add(b, f->until ? " < ?i" : " <= ?i", hi);
		}
		sqlbuf_add(b, ")");
		return K_EXACT;
	}
	/* Status times are never "until". */
	if (lo != INT64_MIN && hi == INT64_MAX) {
		sqlbuf_add(b, "t.id IN (SELECT ticket_id FROM ticket_events WHERE"
			" account_id = ?i AND field_name = 'status' AND value = ?s AND"
			" created_at > ?i)", x->c->account_id, status, lo);
		return K_EXACT;
	}
	sqlbuf_add(b, "(");
	status_after(x, b, status, lo, true);
	sqlbuf_add(b, " AND ");
	status_after(x, b, status, hi, false);
	sqlbuf_add(b, ")");
	return K_EXACT;
}

/* One condition into b. */
static enum kind cond_sql(const struct vx *x, const json_t *cond, struct sqlbuf *b)
{
	int64_t cid;
	const struct cond_field *f = rules_cond_field(json_string_value(
		json_object_get(cond, "field")), &cid);
	int op = rules_op_of(json_string_value(json_object_get(cond, "operator")));
	if (!f || op < 0 || !(f->ops & BIT(op))) {
		sqlbuf_add(b, "0");   /* the engine matches nothing it does not know */
		return K_EXACT;
	}
	if (!(f->kinds & KIND(RULE_VIEW)))
		return K_NONE;        /* refused on save; the engine decides anyway */
	switch (f->type) {
	case C_ENUM:
		return enum_sql(x, f, cond, b);
	case C_ID:
		return id_sql(x, f, cond, b);
	case C_TAGS:
		return tags_sql(x, op, cond, b);
	case C_WORDS:
		return f->key ? subject_sql(x, op, cond, b) : K_NONE;
	case C_VIA:
		return via_sql(x, cond, b);
	case C_TIME:
		return (BIT(op) & (BIT(OP_IS_BH) | BIT(OP_LT_BH) | BIT(OP_GT_BH))) ? K_NONE
			: time_sql(x, f, op, cond, b);
	default:
		return K_NONE;
	}
}

void view_sql_where(struct ctx *c, const json_t *conditions,
	const struct rule_env *env, struct sqlbuf *b, bool *exact)
{
	struct vx x = { c, env };
	size_t i;
	json_t *cond;
	*exact = true;
	json_array_foreach(json_object_get(conditions, "all"), i, cond) {
		struct sqlbuf one;
		sqlbuf_init(&one, c->a);
		enum kind k = cond_sql(&x, cond, &one);
		*exact &= k == K_EXACT;
		if (k == K_NONE)
			continue;
		sqlbuf_add(b, " AND ");
		sqlbuf_cat(b, &one);
	}
	json_t *any = json_object_get(conditions, "any");
	if (json_array_size(any) == 0)
		return;
	/* One condition SQL cannot narrow makes the whole "any" unnarrowed. */
	struct sqlbuf ors;
	sqlbuf_init(&ors, c->a);
	bool usable = true;
	json_array_foreach(any, i, cond) {
		struct sqlbuf one;
		sqlbuf_init(&one, c->a);
		enum kind k = cond_sql(&x, cond, &one);
		*exact &= k == K_EXACT;
		usable &= k != K_NONE;
		sqlbuf_add(&ors, i ? " OR " : "");
		sqlbuf_cat(&ors, &one);
	}
	if (!usable)
		return;
	sqlbuf_add(b, " AND (");
	sqlbuf_cat(b, &ors);
	sqlbuf_add(b, ")");
}

/* ---- the engine over stored tickets ---- */

/* The times and requester locale of the tickets in ids_json: the times
 * triggers and automations read too (ticket_metrics_times). */
#define TIMES_SQL "SELECT t.id, t.created_at, t.updated_at, t.due_at," \
	" (SELECT locale FROM users WHERE id = t.requester_id), m.open_at," \
	" m.pending_at, m.hold_at, m.solved_at, m.closed_at, m.assigned_at," \
	" m.requester_updated_at, m.assignee_updated_at, m.last_sla_breach_at," \
	" m.next_sla_breach_at FROM tickets t LEFT JOIN ticket_metrics m" \
	" ON m.account_id = t.account_id AND m.ticket_id = t.id" \
	" WHERE +t.account_id = ? AND t.id IN (SELECT value FROM json_each(?))"

struct times_row {
	int64_t id;
	struct rule_times times;
	const char *locale;
};

static enum pl_err load_times(struct ctx *c, const char *ids_json, int n,
	struct times_row *rows, int *nrows)
{
	struct stmt *st = db_q(c->db, TIMES_SQL, "is", c->account_id, ids_json);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	*nrows = 0;
	while ((rc = stmt_step(st)) == STEP_ROW && *nrows < n) {
		struct times_row *r = &rows[(*nrows)++];
		memset(r, 0, sizeof(*r));
		r->id = stmt_i64(st, 0);
		r->times.created_at = stmt_i64(st, 1);
		r->times.updated_at = stmt_i64(st, 2);
		r->times.due_at = stmt_i64(st, 3);
		r->locale = arena_strdup(c->a, stmt_text(st, 4));
		r->times.open_at = stmt_i64(st, 5);
		r->times.pending_at = stmt_i64(st, 6);
		r->times.hold_at = stmt_i64(st, 7);
		r->times.solved_at = stmt_i64(st, 8);
		r->times.closed_at = stmt_i64(st, 9);
		r->times.assigned_at = stmt_i64(st, 10);
		r->times.requester_updated_at = stmt_i64(st, 11);
		r->times.assignee_updated_at = stmt_i64(st, 12);
		r->times.last_sla_breach_at = stmt_i64(st, 13);
		r->times.next_sla_breach_at = stmt_i64(st, 14);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

enum pl_err view_check(struct ctx *c, const json_t *conditions,
	const struct rule_env *env, const int64_t *ids, int n, bool *keep)
{
	for (int i = 0; i < n; i++)
		keep[i] = false;
	if (!n)
		return PL_OK;
	const char **items = arena_alloc(c->a, sizeof(*items) * (size_t)n);
	struct times_row *rows = arena_alloc(c->a, sizeof(*rows) * (size_t)n);
	json_t *list = jown(c->a, json_array());
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_integer(ids[i]));
	int nrows = 0;
	enum pl_err e;
	if ((e = ticket_render_ids(c, ids, n, false, items, NULL)) ||
	    (e = load_times(c, jdump(c->a, list), n, rows, &nrows)))
		return e;
	for (int i = 0; i < n; i++) {
		const struct times_row *r = NULL;
		for (int k = 0; k < nrows && !r; k++)
			if (rows[k].id == ids[i])
				r = &rows[k];
		if (!items[i] || !r)
			continue;
		json_t *ticket = json_loads(items[i], 0, NULL);
		struct rule_env one = *env;
		one.times = r->times;
		one.requester_locale = r->locale;
		keep[i] = ticket && rules_match(conditions, ticket, NULL, &one);
		json_decref(ticket);
	}
	return PL_OK;
}
