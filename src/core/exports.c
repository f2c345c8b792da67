/*
 * exports.c: incremental exports (exports.h).
 *
 * Why a log and not "ORDER BY updated_at, id": a writer takes its
 * timestamp (ctx.now) when its request starts, then waits for SQLite's
 * single write lock, so a transaction can commit after another one that
 * carries a later updated_at.  A reader that had already passed that
 * later time would skip the slow writer's rows for ever.  Migration 0082
 * gives every change a place in export_log from SQL triggers, inside the
 * writing transaction while it holds the write lock: seq comes from
 * AUTOINCREMENT (larger than anything committed before, never reused) and
 * ts = max(updated_at, every earlier ts), so (ts, seq) only grows in
 * commit order.  Reading "after (ts, seq)" in a read transaction can
 * therefore never miss a row that commits later, and never repeats one:
 * exactly once, in order, without waiting out a time window.
 *
 * Each page is one indexed range read of export_log (account, kind, ts)
 * and one rendering query per kind for the page's ids, in one read
 * transaction (see read_page).
 */
#include "parley.h"
#include "core/exports.h"
#include "core/organizations.h"
#include "core/tickets.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

struct entry {
	int64_t seq, id, ts;
	const char *tombstone;
};

/* Steps st appending its rows to e (up to max in all). */
static enum pl_err log_rows(struct ctx *c, struct stmt *st, struct entry *e, int *n,
	int max)
{
	if (!st)
		return ctx_store_failed(c);
	enum step rc = STEP_DONE;
	while (*n < max && (rc = stmt_step(st)) == STEP_ROW) {
		struct entry *x = &e[(*n)++];
		x->seq = stmt_i64(st, 0);
		x->id = stmt_i64(st, 1);
		x->ts = stmt_i64(st, 2);
		x->tombstone = arena_strdup(c->a, stmt_text(st, 3));
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* The log after p->after: first the rest of its second (ts equal, seq
 * after), then later seconds.  Two seeks on (account, kind, ts, seq):
 * "(ts, seq) > (?, ?)" in one condition would make SQLite walk every row
 * of the second from its start, and a bulk import can put a whole export
 * in one second. */
static enum pl_err read_log(struct ctx *c, const struct export_params *p,
	struct entry *e, int *n)
{
	int64_t deleted = p->exclude_deleted && p->kind == EXPORT_TICKETS;
	*n = 0;
	enum pl_err err = log_rows(c, db_q(c->db, "SELECT l.seq, l.item_id, l.ts,"
		" l.tombstone FROM export_log l WHERE l.account_id = ? AND l.kind = ?"
		" AND l.ts = ? AND l.seq > ? AND (? = 0 OR NOT EXISTS (SELECT 1 FROM"
		" tickets d WHERE d.id = l.item_id AND d.deleted_at IS NOT NULL))"
		" ORDER BY l.seq LIMIT ?", "iiiiii", c->account_id, (int64_t)p->kind,
		p->after.ts, p->after.seq, deleted, (int64_t)p->limit), e, n, p->limit);
	if (err || *n == p->limit)
		return err;
	return log_rows(c, db_q(c->db, "SELECT l.seq, l.item_id, l.ts, l.tombstone"
		" FROM export_log l WHERE l.account_id = ? AND l.kind = ? AND l.ts > ?"
		" AND (? = 0 OR NOT EXISTS (SELECT 1 FROM tickets d WHERE d.id = l.item_id"
		" AND d.deleted_at IS NOT NULL)) ORDER BY l.ts, l.seq LIMIT ?", "iiiii",
		c->account_id, (int64_t)p->kind, p->after.ts, deleted,
		(int64_t)(p->limit - *n)), e, n, p->limit);
}

/* Appends "[a,b,...]" of the non-NULL texts. */
static const char *join(struct ctx *c, const char **text, int n, int *count)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_add(&b, "[", 1);
	*count = 0;
	for (int i = 0; i < n; i++) {
		if (!text[i])
			continue;
		if ((*count)++)
			sbuf_add(&b, ",", 1);
		sbuf_adds(&b, text[i]);
	}
	sbuf_add(&b, "]", 1);
	return b.s;
}

static enum pl_err tickets(struct ctx *c, const struct entry *e, int n,
	const char **text, struct ticket_refs *refs)
{
	int64_t *ids = arena_alloc(c->a, sizeof(*ids) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		ids[i] = e[i].id;
	enum pl_err err = ticket_render_ids(c, ids, n, true, text, refs);
	if (err)
		return err;
	for (int i = 0; i < n; i++) {
		if (!text[i])
			continue;
		size_t len = strlen(text[i]);
		text[i] = arena_printf(c->a, "%.*s,\"generated_timestamp\":%lld}",
			(int)(len - 1), text[i], (long long)e[i].ts);
	}
	return PL_OK;
}

/* Users or organizations; organizations deleted for good render from
 * their tombstone. */
static enum pl_err people(struct ctx *c, enum export_kind kind, const struct entry *e,
	int n, const char **text)
{
	json_t *ids = jown(c->a, json_array()), *list;
	for (int i = 0; i < n; i++)
		json_array_append_new(ids, json_integer(e[i].id));
	enum pl_err err = kind == EXPORT_USERS ? user_list_ids(c, ids, &list)
		: orgs_by_ids(c, ids, &list);
	if (err)
		return err;
	for (int i = 0; i < n; i++) {
		size_t k;
		json_t *o;
		text[i] = NULL;
		json_array_foreach(list, k, o)
			if (json_integer_value(json_object_get(o, "id")) == e[i].id)
				text[i] = jdump(c->a, o);
		if (text[i] || !e[i].tombstone)
			continue;
		json_t *t = jown(c->a, jparse(e[i].tombstone, json_object()));
		json_t *gone = jown(c->a, json_pack("{s:I,s:s,s:O,s:O,s:o,s:o,s:o}",
			"id", (json_int_t)e[i].id,
			"url", ctx_url(c, "organizations/%lld", (long long)e[i].id),
			"name", json_object_get(t, "name"),
			"external_id", json_object_get(t, "external_id"),
			"created_at", jtime(json_integer_value(json_object_get(t, "created_at"))),
			"updated_at", jtime(json_integer_value(json_object_get(t, "updated_at"))),
			"deleted_at", jtime(e[i].ts)));
		text[i] = jdump(c->a, gone);
	}
	return PL_OK;
}

/* ---- ticket events: audits with their child events ---- */

static json_t *ids_json(struct ctx *c, const struct entry *e, int n)
{
	json_t *ids = jown(c->a, json_array());
	for (int i = 0; i < n; i++)
		json_array_append_new(ids, json_integer(e[i].id));
	return ids;
}

/* The audits of e as {"id", "ticket_id", "timestamp", ...} objects, keyed
 * by audit id; arena-owned. */
static enum pl_err audits(struct ctx *c, json_t *ids, json_t *by_id)
{
	struct stmt *st = db_q(c->db, "SELECT id, ticket_id, author_id, via_channel,"
		" metadata, created_at FROM ticket_audits WHERE +account_id = ? AND id IN"
		" (SELECT value FROM json_each(?))", "is", c->account_id, jdump(c->a, ids));
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		int64_t id = stmt_i64(st, 0);
		json_t *meta = jparse(stmt_text(st, 4), json_object());
		json_t *sys = json_object_get(meta, "system");
		json_t *a = json_pack("{s:I,s:I,s:I,s:o,s:I,s:s,s:s,s:O,s:[],s:[]}",
			"id", (json_int_t)id, "ticket_id", (json_int_t)stmt_i64(st, 1),
			"timestamp", (json_int_t)stmt_i64(st, 5), "created_at",
			jtime(stmt_i64(st, 5)), "updater_id", (json_int_t)stmt_i64(st, 2),
			"via", stmt_text(st, 3), "event_type", "Audit",
			"system", json_is_object(sys) ? sys : jown(c->a, json_object()),
			"merged_ticket_ids", "child_events");
		json_decref(meta);
		json_object_set_new(by_id, arena_printf(c->a, "%lld", (long long)id), a);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* Comment bodies of the Comment events among the audits; arena-owned,
 * keyed by comment id. */
static enum pl_err comments(struct ctx *c, json_t *ids, json_t *by_id)
{
	struct stmt *st = db_q(c->db, "SELECT id, author_id, body, html_body, public"
		" FROM ticket_comments WHERE +account_id = ? AND audit_id IN"
		" (SELECT value FROM json_each(?))", "is", c->account_id, jdump(c->a, ids));
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		json_object_set_new(by_id, arena_printf(c->a, "%lld",
			(long long)stmt_i64(st, 0)), json_pack("{s:I,s:s,s:s,s:b,s:[]}",
			"author_id", (json_int_t)stmt_i64(st, 1), "body", stmt_text(st, 2),
			"html_body", stmt_text(st, 3), "public", (int)stmt_i64(st, 4),
			"attachments"));
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static enum pl_err ticket_events(struct ctx *c, const struct export_params *p,
	const struct entry *e, int n, const char **text)
{
	json_t *ids = ids_json(c, e, n);
	json_t *by_id = jown(c->a, json_object());
	json_t *bodies = jown(c->a, json_object());
	enum pl_err err;
	if ((err = audits(c, ids, by_id)) ||
	    (p->comment_events && (err = comments(c, ids, bodies))))
		return err;
	struct stmt *st = db_q(c->db, "SELECT id, audit_id, type, field_name, value,"
		" previous_value FROM ticket_events WHERE +account_id = ? AND audit_id IN"
		" (SELECT value FROM json_each(?)) ORDER BY id", "is", c->account_id,
		jdump(c->a, ids));
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		json_t *a = json_object_get(by_id, stmt_text(st, 1));
		const char *type = stmt_text(st, 2);
		bool comment = !strcmp(type, "Comment");
		if (!a || (comment && !p->comment_events))
			continue;
		json_t *ev = json_pack("{s:I,s:s}", "id", (json_int_t)stmt_i64(st, 0),
			"event_type", type);
		if (comment) {
			json_object_update(ev, json_object_get(bodies, arena_printf(c->a,
				"%lld", (long long)stmt_i64(st, 0))));
		} else {
			json_object_set_new(ev, "field_name", jstr(stmt_text(st, 3)));
			json_object_set_new(ev, "value", jparse(stmt_text(st, 4), json_null()));
			if (!strcmp(type, "Change"))
				json_object_set_new(ev, "previous_value",
					jparse(stmt_text(st, 5), json_null()));
		}
		json_array_append_new(json_object_get(a, "child_events"), ev);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	for (int i = 0; i < n; i++) {
		json_t *a = json_object_get(by_id, arena_printf(c->a, "%lld",
			(long long)e[i].id));
		text[i] = a ? jdump(c->a, a) : NULL;
	}
	return PL_OK;
}

/* The page, read in one transaction: the log and the records it names
 * come from one snapshot of the store, so an item is rendered as it was
 * at its position in the stream, never as a later version (which has a
 * later position of its own). */
static enum pl_err read_page(struct ctx *c, const struct export_params *p,
	struct export_page *out, struct ticket_refs *refs)
{
	struct entry *e = arena_alloc(c->a, sizeof(*e) * (size_t)p->limit);
	int n;
	enum pl_err err = read_log(c, p, e, &n);
	if (err)
		return err;
	const char **text = arena_alloc(c->a, sizeof(*text) * (size_t)(n + 1));
	switch (p->kind) {
	case EXPORT_TICKETS: err = tickets(c, e, n, text, refs); break;
	case EXPORT_TICKET_EVENTS: err = ticket_events(c, p, e, n, text); break;
	default: err = people(c, p->kind, e, n, text); break;
	}
	if (err)
		return err;
	out->items = join(c, text, n, &out->n);
	out->last = n ? (struct export_pos){ e[n - 1].ts, e[n - 1].seq } : p->after;
	out->end_of_stream = n < p->limit;
	return PL_OK;
}

enum pl_err export_read(struct ctx *c, const struct export_params *p,
	struct export_page *out, struct ticket_refs *refs)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = read_page(c, p, out, refs);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}
