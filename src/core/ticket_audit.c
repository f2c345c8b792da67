/*
 * ticket_audit.c: audits and the append-only event log of tickets.
 *
 * Every ticket write opens one audit (who, when, through which channel)
 * and appends events to ticket_events under it:
 *   Create  {field_name, value}                 on creation, per set field
 *   Change  {field_name, value, previous_value} on update, per changed field
 *   Comment                                     its id is the comment's id
 *   CommentPrivacyChange {comment_id, public}
 *   Notification {subject, body, recipients}    a trigger's or automation's
 * Values are stored as JSON the way Zendesk renders them: ids, times and
 * texts as strings, tags and collaborators as arrays, custom field values
 * as given (field_name is then the field id).  An event a rule made inside
 * another writer's audit (a trigger's, core/ticket_rules.c) carries the
 * rule's via; an audit a rule made itself (an automation's) has it as its
 * own via (audit_set_via).
 *
 * Invariants:
 *  1. Events are only ever inserted: no UPDATE or DELETE touches
 *     ticket_events, so exports, SLAs and reports can trust it as history.
 *  2. Replaying a ticket's Create then Change events in id order gives its
 *     current field values (description and comments aside).
 *  3. Reading a page of audits costs one query for the audits, one for
 *     their events, one for their comments and one for those comments'
 *     attachments.
 */
#include "parley.h"
#include "core/ticket_audit.h"
#include "core/comments.h"
#include "core/ticketsInt.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stddef.h>
#include <string.h>

/* ---- writing ---- */

enum pl_err audit_open(struct ctx *c, int64_t ticket_id, json_t *custom,
	struct audit *au)
{
	au->ticket_id = ticket_id;
	au->author_id = c->me.id;
	au->metadata = jown(c->a, json_pack("{s:o,s:O}", "system", c->audit_system
		? json_deep_copy(c->audit_system) : json_object(), "custom",
		json_is_object(custom) ? custom : jown(c->a, json_object())));
	au->events = jown(c->a, json_array());
	au->via = jown(c->a, ticket_via_of(c));
	au->event_via = NULL;
	au->id = db_insert(c->db, "INSERT INTO ticket_audits(account_id, ticket_id,"
		" author_id, via_channel, via_source, metadata, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", "iiisssi", c->account_id,
		ticket_id, c->me.id, json_string_value(json_object_get(au->via, "channel")),
		jdump(c->a, json_object_get(au->via, "source")),
		jdump(c->a, au->metadata), c->now);
	return au->id > 0 ? PL_OK : ctx_store_failed(c);
}

enum pl_err audit_set_via(struct ctx *c, struct audit *au, json_t *via)
{
	au->via = via;
	if (!db_exec(c->db, "UPDATE ticket_audits SET via_channel = ?, via_source = ?"
		" WHERE account_id = ? AND id = ?", "ssii",
		json_string_value(json_object_get(via, "channel")),
		jdump(c->a, json_object_get(via, "source")), c->account_id, au->id))
		return ctx_store_failed(c);
	return PL_OK;
}

/* The event as rendered from its parts; value, prev and via (NULL: none)
 * borrowed. */
static json_t *event_json(int64_t id, const char *type, const char *field,
	json_t *value, json_t *prev, json_t *via)
{
	json_t *ev = json_pack("{s:I,s:s}", "id", (json_int_t)id, "type", type);
	if (field) {
		json_object_set_new(ev, "field_name", json_string(field));
		json_object_set(ev, "value", value ? value : json_null());
		if (strcmp(type, "Change") == 0)
			json_object_set(ev, "previous_value", prev ? prev : json_null());
	} else if (json_is_object(value)) {
		json_object_update(ev, value);
	}
	if (via)
		json_object_set(ev, "via", via);
	return ev;
}

/* Comment events are rendered by comments.c, which knows the comment. */
enum pl_err audit_event(struct ctx *c, struct audit *au, const char *type,
	const char *field, json_t *value, json_t *prev, int64_t *id)
{
	int64_t eid = db_insert(c->db, "INSERT INTO ticket_events(account_id, ticket_id,"
		" audit_id, type, field_name, value, previous_value, via, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iiisssssi",
		c->account_id, au->ticket_id, au->id, type, field,
		value ? jdump(c->a, value) : NULL, prev ? jdump(c->a, prev) : NULL,
		au->event_via ? jdump(c->a, au->event_via) : NULL, c->now);
	if (eid <= 0)
		return ctx_store_failed(c);
	if (strcmp(type, "Comment") != 0)
		json_array_append_new(au->events, event_json(eid, type, field, value, prev,
			au->event_via));
	if (id)
		*id = eid;
	return PL_OK;
}

enum kind { K_TEXT, K_ID, K_TIME, K_BOOL };

/* The fields whose changes are logged, in event order. */
static const struct field {
	const char *name;
	enum kind kind;
	size_t off;
} fields[] = {
	{ "subject", K_TEXT, offsetof(struct ticket, subject) },
	{ "status", K_TEXT, offsetof(struct ticket, status) },
	{ "priority", K_TEXT, offsetof(struct ticket, priority) },
	{ "type", K_TEXT, offsetof(struct ticket, type) },
	{ "requester_id", K_ID, offsetof(struct ticket, requester_id) },
	{ "submitter_id", K_ID, offsetof(struct ticket, submitter_id) },
	{ "assignee_id", K_ID, offsetof(struct ticket, assignee_id) },
	{ "group_id", K_ID, offsetof(struct ticket, group_id) },
	{ "organization_id", K_ID, offsetof(struct ticket, organization_id) },
	{ "brand_id", K_ID, offsetof(struct ticket, brand_id) },
	{ "ticket_form_id", K_ID, offsetof(struct ticket, ticket_form_id) },
	{ "problem_id", K_ID, offsetof(struct ticket, problem_id) },
	{ "external_id", K_TEXT, offsetof(struct ticket, external_id) },
	{ "due_at", K_TIME, offsetof(struct ticket, due_at) },
	{ "is_public", K_BOOL, offsetof(struct ticket, is_public) },
};

/* The field's value in t as logged (a new reference; JSON null when
 * unset). */
static json_t *field_value(const struct field *f, const struct ticket *t)
{
	const char *p = (const char *)t + f->off;
	switch (f->kind) {
	case K_TEXT:
		return jstr(*(const char *const *)p);
	case K_ID: {
		int64_t v = *(const int64_t *)p;
		return v ? json_sprintf("%lld", (long long)v) : json_null();
	}
	case K_TIME:
		return jtime(*(const int64_t *)p);
	case K_BOOL:
		return json_boolean(*(const bool *)p);
	}
	return json_null();
}

/* Logs value against prev (NULL on creation) for field name: a Create
 * event unless value is null, a Change event when they differ. */
static enum pl_err log_field(struct ctx *c, struct audit *au, const char *name,
	json_t *value, json_t *prev, bool create)
{
	if (create)
		return json_is_null(value) ? PL_OK
			: audit_event(c, au, "Create", name, value, NULL, NULL);
	if (json_equal(value, prev))
		return PL_OK;
	return audit_event(c, au, "Change", name, value, prev, NULL);
}

enum pl_err audit_changes(struct ctx *c, struct audit *au,
	const struct ticket *old, const struct ticket *t)
{
	bool create = old == NULL;
	enum pl_err e = PL_OK;
	for (size_t i = 0; i < PL_ARRAY_LEN(fields) && !e; i++) {
		json_t *v = jown(c->a, field_value(&fields[i], t));
		json_t *p = create ? NULL : jown(c->a, field_value(&fields[i], old));
		e = log_field(c, au, fields[i].name, v, p, create);
	}
	if (!e && !(create && json_array_size(t->tags) == 0))
		e = log_field(c, au, "tags", t->tags, create ? NULL : old->tags, create);
	if (!e && !(create && json_array_size(t->collaborators) == 0))
		e = log_field(c, au, "collaborator_ids", t->collaborators,
			create ? NULL : old->collaborators, create);
	/* Custom fields: every key set now, then every key that was dropped. */
	const char *key;
	json_t *v;
	json_object_foreach(t->custom_fields, key, v) {
		if (e)
			break;
		json_t *p = create ? NULL : json_object_get(old->custom_fields, key);
		e = log_field(c, au, key, v, p ? p : jown(c->a, json_null()), create);
	}
	if (!create) {
		json_object_foreach(old->custom_fields, key, v) {
			if (e)
				break;
			if (!json_object_get(t->custom_fields, key))
				e = log_field(c, au, key, jown(c->a, json_null()), v, false);
		}
	}
	return e;
}

json_t *ticket_via(const char *channel)
{
	return json_pack("{s:s,s:{s:{},s:{},s:n}}", "channel", channel, "source",
		"from", "to", "rel");
}

json_t *ticket_via_of(const struct ctx *c)
{
	if (!c->via_source)
		return ticket_via(c->via ? c->via : "api");
	return json_pack("{s:s,s:O}", "channel", c->via ? c->via : "api", "source",
		c->via_source);
}

json_t *audit_render(struct ctx *c, const struct audit *au)
{
	return json_pack("{s:I,s:I,s:o,s:I,s:O,s:o,s:O}",
		"id", (json_int_t)au->id,
		"ticket_id", (json_int_t)au->ticket_id,
		"created_at", jtime(c->now),
		"author_id", (json_int_t)au->author_id,
		"metadata", au->metadata,
		"via", json_incref(au->via),
		"events", au->events);
}

/* ---- reading ---- */

#define COLS "id, ticket_id, author_id, via_channel, via_source, metadata, created_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:I,s:o,s:I,s:o,s:{s:s,s:o},s:[]}",
		"id", (json_int_t)stmt_i64(st, 0),
		"ticket_id", (json_int_t)stmt_i64(st, 1),
		"created_at", jtime(stmt_i64(st, 6)),
		"author_id", (json_int_t)stmt_i64(st, 2),
		"metadata", jparse(stmt_text(st, 5), json_object()),
		"via", "channel", stmt_text(st, 3),
		"source", jparse(stmt_text(st, 4), json_object()),
		"events");
}

/* A comment as its Comment event shows it; comment is borrowed. */
static json_t *comment_event(json_t *comment)
{
	static const char *const keys[] = { "id", "type", "author_id", "body",
		"html_body", "plain_body", "public", "attachments", "audit_id" };
	json_t *ev = json_object();
	for (size_t i = 0; i < PL_ARRAY_LEN(keys); i++)
		json_object_set(ev, keys[i], json_object_get(comment, keys[i]));
	return ev;
}

/* Fills the "events" of every audit in audits (rendered by row()): the
 * events first, with each Comment event as its comment id, then those
 * comments, read by id (a comment's id is its event's). */
static enum pl_err fill_events(struct ctx *c, json_t *audits)
{
	json_t *ids = jown(c->a, json_array());
	json_t *by_audit = jown(c->a, json_object());
	size_t i;
	json_t *a;
	json_array_foreach(audits, i, a) {
		json_t *id = json_object_get(a, "id");
		json_array_append(ids, id);
		json_object_set(by_audit, arena_printf(c->a, "%lld",
			(long long)json_integer_value(id)), json_object_get(a, "events"));
	}
	if (json_array_size(ids) == 0)
		return PL_OK;
	json_t *comment_ids = jown(c->a, json_array());
	struct stmt *st = db_q(c->db, "SELECT id, audit_id, type, field_name, value,"
		" previous_value, via FROM ticket_events WHERE +account_id = ? AND audit_id IN"
		" (SELECT value FROM json_each(?)) ORDER BY id", "is", c->account_id,
		jdump(c->a, ids));
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		json_t *list = json_object_get(by_audit, stmt_text(st, 1));
		const char *type = stmt_text(st, 2);
		json_t *ev;
		if (strcmp(type, "Comment") == 0) {
			ev = json_integer(stmt_i64(st, 0));
			json_array_append(comment_ids, ev);
		} else {
			json_t *v = jparse(stmt_text(st, 4), json_null());
			json_t *p = jparse(stmt_text(st, 5), json_null());
			json_t *via = stmt_null(st, 6) ? NULL : jparse(stmt_text(st, 6), NULL);
			ev = event_json(stmt_i64(st, 0), type, stmt_text(st, 3), v, p, via);
			json_decref(v);
			json_decref(p);
			json_decref(via);
		}
		json_array_append_new(list, ev);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	json_t *comments;
	enum pl_err e = comments_by_id(c, comment_ids, &comments);
	if (e)
		return e;
	json_array_foreach(audits, i, a) {
		json_t *events = json_object_get(a, "events");
		size_t k;
		json_t *ev;
		json_array_foreach(events, k, ev) {
			if (!json_is_integer(ev))
				continue;
			json_t *cm = json_object_get(comments, arena_printf(c->a, "%lld",
				(long long)json_integer_value(ev)));
			json_array_set_new(events, k, cm ? comment_event(cm) : json_null());
		}
	}
	return PL_OK;
}

enum pl_err audit_list(struct ctx *c, int64_t ticket_id, const struct page *p,
	struct list_result *out)
{
	struct ticket t;
	enum pl_err e;
	if ((e = ticket_load(c, ticket_id, &t)) ||
	    (e = list_run(c, p, COLS, "FROM ticket_audits WHERE account_id = ?"
		" AND ticket_id = ?", row, out, "ii", c->account_id, ticket_id)))
		return e;
	return fill_events(c, out->items);
}

enum pl_err audit_list_all(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	enum pl_err e = list_run(c, p, COLS, "FROM ticket_audits WHERE account_id = ?",
		row, out, "i", c->account_id);
	return e ? e : fill_events(c, out->items);
}

enum pl_err audit_get(struct ctx *c, int64_t ticket_id, int64_t id, json_t **out)
{
	struct ticket t;
	json_t *arr;
	enum pl_err e;
	if ((e = ticket_load(c, ticket_id, &t)) ||
	    (e = list_all(c, "SELECT " COLS " FROM ticket_audits WHERE account_id = ?"
		" AND ticket_id = ? AND id = ?", row, &arr, "iii", c->account_id,
		ticket_id, id)))
		return e;
	if (json_array_size(arr) == 0)
		return ctx_not_found(c);
	if ((e = fill_events(c, arr)))
		return e;
	*out = json_array_get(arr, 0);
	return PL_OK;
}

enum pl_err audit_count(struct ctx *c, int64_t ticket_id, int64_t *n)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, ticket_id, &t);
	if (e)
		return e;
	*n = db_i64(c->db, "SELECT count(*) FROM ticket_audits WHERE account_id = ?"
		" AND ticket_id = ?", "ii", c->account_id, ticket_id);
	return *n < 0 ? ctx_store_failed(c) : PL_OK;
}

enum pl_err audit_make_private(struct ctx *c, int64_t ticket_id, int64_t id)
{
	struct stmt *st = db_q(c->db, "SELECT id FROM ticket_comments"
		" WHERE account_id = ? AND ticket_id = ? AND audit_id = ?", "iii",
		c->account_id, ticket_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	int64_t comment = rc == STEP_ROW ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return comment ? comment_make_private(c, ticket_id, comment) : ctx_not_found(c);
}
