/*
 * ticket_read.c: loading, showing and listing tickets, and their
 * side-loads.
 *
 * Invariants:
 *  1. Every query names the account, and none returns a deleted ticket
 *     (deleted_at set): a deleted ticket answers 404 like a missing one.
 *  2. End users read only tickets they requested or collaborate on; the
 *     list queries add that condition, single reads check ticket_visible().
 *  3. Lists render every row with one statement; side-loads add one query
 *     per kind over all the ids of the page (no query per ticket), and
 *     custom fields are read once per page.
 *  4. Tickets are rendered straight to JSON text (write_ticket), the one
 *     renderer of the ticket JSON: a page of a hundred tickets would
 *     otherwise build, serialize and free some ten thousand JSON values.
 *  5. A ticket's render is stored by the write transaction that last wrote
 *     it through core (ticket_get_stored, table ticket_renders); reads
 *     without side-loads copy it behind the request's own id and url
 *     members when its stamp is current, and render the row otherwise.
 *     SQL triggers drop a render in the transaction of any write that
 *     could change it (migration 0135), so a stored render always says
 *     what rendering the row would.
 */
#include "parley.h"
#include "core/groups.h"
#include "core/organizations.h"
#include "core/ticket_fields.h"
#include "core/tickets.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "t.id, t.subject, t.description, t.status, t.priority, t.type," \
	" t.requester_id, t.submitter_id, t.assignee_id, t.organization_id," \
	" t.group_id, t.brand_id, t.ticket_form_id, t.external_id, t.problem_id," \
	" t.due_at, t.via_channel, t.via_source, t.tags, t.custom_fields," \
	" t.collaborator_ids, t.is_public, t.deleted_at, t.created_at, t.updated_at," \
	" EXISTS (SELECT 1 FROM tickets i WHERE i.account_id = t.account_id" \
	" AND i.problem_id = t.id AND i.deleted_at IS NULL)"

/* The version of write_ticket's output, part of every render's stamp: a
 * release that renders tickets differently never serves older renders.
 * Change it with any change to write_body. */
#define RENDER_VERSION 1

/* The end user's condition, binding the principal's id twice. */
#define MINE " AND (t.requester_id = ? OR EXISTS (SELECT 1 FROM" \
	" json_each(t.collaborator_ids) WHERE value = ?))"

static const char *text(struct ctx *c, struct stmt *st, int col)
{
	return arena_strdup(c->a, stmt_text(st, col));
}

/* Borrowed: valid until the statement steps again. */
static const char *view_text(struct ctx *c, struct stmt *st, int col)
{
	(void)c;
	return stmt_text(st, col);
}

/* The JSON of a column; the common empty values skip the parser, which
 * matters when a page renders a hundred tickets. */
static json_t *json_col(struct ctx *c, struct stmt *st, int col, json_t *dflt)
{
	const char *s = stmt_text(st, col);
	if (s && ((!strcmp(s, "[]") && json_is_array(dflt)) ||
	    (!strcmp(s, "{}") && json_is_object(dflt))))
		return jown(c->a, dflt);
	return jown(c->a, jparse(s, dflt));
}

/* Fills t from the current row of a SELECT COLS statement.  A view (for
 * rendering the row at once, before the next step) borrows the row's texts
 * and keeps the tags as their stored JSON text instead of parsing them:
 * a page renders a hundred tickets. */
static void fill(struct ctx *c, struct stmt *st, struct ticket *t, bool view)
{
	const char *(*txt)(struct ctx *, struct stmt *, int) = view ? view_text : text;
	t->id = stmt_i64(st, 0);
	t->subject = txt(c, st, 1);
	t->description = txt(c, st, 2);
	t->status = txt(c, st, 3);
	t->priority = txt(c, st, 4);
	t->type = txt(c, st, 5);
	t->requester_id = stmt_i64(st, 6);
	t->submitter_id = stmt_i64(st, 7);
	t->assignee_id = stmt_i64(st, 8);
	t->organization_id = stmt_i64(st, 9);
	t->group_id = stmt_i64(st, 10);
	t->brand_id = stmt_i64(st, 11);
	t->ticket_form_id = stmt_i64(st, 12);
	t->external_id = txt(c, st, 13);
	t->problem_id = stmt_i64(st, 14);
	t->due_at = stmt_i64(st, 15);
	t->via_channel = txt(c, st, 16);
	t->via_source = txt(c, st, 17);
	t->tags = view ? NULL : json_col(c, st, 18, json_array());
	t->tags_json = view ? stmt_text(st, 18) : NULL;
	t->custom_fields = json_col(c, st, 19, json_object());
	t->collaborators = json_col(c, st, 20, json_array());
	t->is_public = stmt_i64(st, 21) != 0;
	t->deleted_at = stmt_i64(st, 22);
	t->created_at = stmt_i64(st, 23);
	t->updated_at = stmt_i64(st, 24);
	t->has_incidents = stmt_i64(st, 25) != 0;
}

static void load_row(struct ctx *c, struct stmt *st, struct ticket *t)
{
	fill(c, st, t, false);
}

/* ---- rendering ---- */

/* What rendering a set of tickets needs besides the tickets: the account's
 * custom fields (read once) and, when side-loads are asked for, the ids
 * the tickets refer to. */
struct render {
	const struct ticket_fieldset *fields;
	int64_t stamp;              /* of the stored renders that are current */
	struct ticket_refs *refs;   /* NULL: not collected */
	const char *url;            /* "\"<api base>/tickets/", JSON-escaped */
	bool failed;                /* a row could not be read (lists) */
};

/* Appends a string literal. */
#define PUT(b, lit) sbuf_add(b, lit, sizeof(lit) - 1)

static void put_int(struct sbuf *b, int64_t v)
{
	char d[24];
	int i = sizeof(d);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		d[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		d[--i] = '-';
	sbuf_add(b, d + i, sizeof(d) - (size_t)i);
}

/* An optional id: null for 0. */
static void put_id(struct sbuf *b, int64_t v)
{
	if (v)
		put_int(b, v);
	else
		sbuf_add(b, "null", 4);
}

static void put_str(struct sbuf *b, const char *s)
{
	if (s)
		sbuf_json_str(b, s, strlen(s));
	else
		sbuf_add(b, "null", 4);
}

static void put_time(struct sbuf *b, int64_t t)
{
	char iso[32];
	if (!t) {
		sbuf_add(b, "null", 4);
		return;
	}
	time_iso(t, iso);
	sbuf_add(b, "\"", 1);
	sbuf_adds(b, iso);
	sbuf_add(b, "\"", 1);
}

static void put_bool(struct sbuf *b, bool v)
{
	sbuf_adds(b, v ? "true" : "false");
}

/* Appends id to the set ids (a JSON array) unless 0 or already there. */
static void add_id(json_t *ids, int64_t id)
{
	if (!id)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
		if (json_integer_value(v) == id)
			return;
	json_array_append_new(ids, json_integer(id));
}

static void note_refs(struct ticket_refs *refs, const struct ticket *t)
{
	add_id(refs->users, t->requester_id);
	add_id(refs->users, t->submitter_id);
	add_id(refs->users, t->assignee_id);
	size_t i;
	json_t *v;
	json_array_foreach(t->collaborators, i, v)
		add_id(refs->users, json_integer_value(v));
	add_id(refs->groups, t->group_id);
	add_id(refs->organizations, t->organization_id);
}

/* The members of a ticket that depend on the request (its host): the
 * opening brace, id and url. */
static void write_head(int64_t id, const struct render *rd, struct sbuf *b)
{
	PUT(b, "{\"id\":");
	put_int(b, id);
	PUT(b, ",\"url\":");
	sbuf_adds(b, rd->url);
	put_int(b, id);
	PUT(b, ".json\"");
}

/* The rest of the ticket after write_head: what a stored render keeps. */
static void write_body(const struct ticket *t, const struct render *rd,
	struct sbuf *b)
{
	PUT(b, ",\"external_id\":");
	put_str(b, t->external_id);
	PUT(b, ",\"type\":");
	put_str(b, t->type);
	PUT(b, ",\"subject\":");
	put_str(b, t->subject);
	PUT(b, ",\"raw_subject\":");
	put_str(b, t->subject);
	PUT(b, ",\"description\":");
	put_str(b, t->description);
	PUT(b, ",\"priority\":");
	put_str(b, t->priority);
	PUT(b, ",\"status\":");
	put_str(b, t->status);
	PUT(b, ",\"recipient\":null,\"requester_id\":");
	put_int(b, t->requester_id);
	PUT(b, ",\"submitter_id\":");
	put_int(b, t->submitter_id);
	PUT(b, ",\"assignee_id\":");
	put_id(b, t->assignee_id);
	PUT(b, ",\"organization_id\":");
	put_id(b, t->organization_id);
	PUT(b, ",\"group_id\":");
	put_id(b, t->group_id);
	/* Repeated values are copied from where they were first written: a
	 * growth moves the buffer, but the arena keeps the old one, so the
	 * source stays valid. */
	PUT(b, ",\"collaborator_ids\":");
	size_t from = b->len;
	sbuf_json(b, t->collaborators);
	size_t to = b->len;
	PUT(b, ",\"follower_ids\":[],\"email_cc_ids\":");
	sbuf_add(b, b->s + from, to - from);
	PUT(b, ",\"forum_topic_id\":null,\"problem_id\":");
	put_id(b, t->problem_id);
	PUT(b, ",\"has_incidents\":");
	put_bool(b, t->has_incidents);
	PUT(b, ",\"is_public\":");
	put_bool(b, t->is_public);
	PUT(b, ",\"due_at\":");
	put_time(b, t->due_at);
	PUT(b, ",\"tags\":");
	if (t->tags)
		sbuf_json(b, t->tags);
	else /* stored by jdump: the same compact text sbuf_json writes */
		sbuf_adds(b, t->tags_json ? t->tags_json : "[]");
	PUT(b, ",\"custom_fields\":");
	json_t *cf = ticket_fields_render_with(rd->fields, t->custom_fields);
	from = b->len;
	sbuf_json(b, cf);
	to = b->len;
	json_decref(cf);
	PUT(b, ",\"fields\":");
	sbuf_add(b, b->s + from, to - from);
	PUT(b, ",\"satisfaction_rating\":null,\"sharing_agreement_ids\":[],"
		"\"custom_status_id\":null,\"followup_ids\":[],\"ticket_form_id\":");
	put_id(b, t->ticket_form_id);
	PUT(b, ",\"brand_id\":");
	put_id(b, t->brand_id);
	PUT(b, ",\"allow_channelback\":false,\"allow_attachments\":true,"
		"\"from_messaging_channel\":false,\"via\":{\"channel\":");
	put_str(b, t->via_channel);
	PUT(b, ",\"source\":");
	sbuf_adds(b, t->via_source);
	PUT(b, "},\"created_at\":");
	put_time(b, t->created_at);
	PUT(b, ",\"updated_at\":");
	put_time(b, t->updated_at);
	sbuf_add(b, "}", 1);
}

/* Appends the ticket as Zendesk renders it (see the api/ ticket tests and
 * the OpenAPI Ticket schema) to b.  Returns where in b its body starts. */
static size_t write_ticket(const struct ticket *t, const struct render *rd,
	struct sbuf *b)
{
	if (rd->refs)
		note_refs(rd->refs, t);
	write_head(t->id, rd, b);
	size_t body = b->len;
	write_body(t, rd, b);
	return body;
}

static void row(struct ctx *c, struct stmt *st, struct sbuf *out, void *arg)
{
	struct ticket t;
	fill(c, st, &t, true);
	write_ticket(&t, arg, out);
}

/* A row of a stored-render list: t.id and the current render's body, NULL
 * when there is none (the ticket is then read and rendered). */
static void stored_row(struct ctx *c, struct stmt *st, struct sbuf *out,
	void *arg)
{
	struct render *rd = arg;
	int64_t id = stmt_i64(st, 0);
	size_t n;
	const char *body = stmt_blob(st, 1, &n);
	if (body) {
		write_head(id, rd, out);
		sbuf_add(out, body, n);
		return;
	}
	struct ticket t;
	struct stmt *one = db_q(c->db, "SELECT " COLS " FROM tickets t"
		" WHERE t.account_id = ? AND t.id = ?", "ii", c->account_id, id);
	if (one && stmt_step(one) == STEP_ROW) {
		fill(c, one, &t, true);
		write_ticket(&t, rd, out);
	} else {
		rd->failed = true;
	}
	if (one)
		stmt_reset(one);
}

/* Prepares rd, collecting side-load ids into refs (may be NULL). */
static enum pl_err render_init(struct ctx *c, struct render *rd,
	struct ticket_refs *refs)
{
	rd->refs = refs;
	if (refs) {
		refs->users = jown(c->a, json_array());
		refs->groups = jown(c->a, json_array());
		refs->organizations = jown(c->a, json_array());
	}
	struct sbuf u;
	sbuf_init(&u, c->a);
	char *base = arena_printf(c->a, "%s/tickets/", c->api_base);
	sbuf_json_str(&u, base, strlen(base));
	u.s[u.len - 1] = 0; /* drop the closing quote: the id and .json follow */
	rd->url = u.s;
	rd->failed = false;
	enum pl_err e = ticket_fields_load(c, &rd->fields);
	if (!e)
		rd->stamp = ticket_fields_stamp(rd->fields) ^ RENDER_VERSION;
	return e;
}

bool ticket_visible(const struct ctx *c, const struct ticket *t)
{
	if (ctx_is_agent(c))
		return true;
	if (t->requester_id == c->me.id)
		return true;
	size_t i;
	json_t *v;
	json_array_foreach(t->collaborators, i, v)
		if (json_integer_value(v) == c->me.id)
			return true;
	return false;
}

enum pl_err ticket_load(struct ctx *c, int64_t id, struct ticket *t)
{
	struct stmt *st = db_q(c->db, "SELECT " COLS " FROM tickets t"
		" WHERE t.account_id = ? AND t.id = ? AND t.deleted_at IS NULL",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW)
		load_row(c, st, t);
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (rc != STEP_ROW || !ticket_visible(c, t))
		return ctx_not_found(c);
	return PL_OK;
}

/* Ticket id from its current stored render as *out, when there is one
 * and the principal is an agent or its requester; false otherwise (the
 * caller then reads the row, which also tells other end users apart). */
static bool get_stored(struct ctx *c, const struct render *rd, int64_t id,
	const char **out)
{
	struct stmt *st = db_q(c->db, "SELECT r.body, t.requester_id"
		" FROM tickets t JOIN ticket_renders r ON r.ticket_id = t.id"
		" WHERE t.account_id = ? AND t.id = ? AND t.deleted_at IS NULL"
		" AND r.stamp = ?", "iii", c->account_id, id, rd->stamp);
	if (!st)
		return false;
	bool found = stmt_step(st) == STEP_ROW &&
		(ctx_is_agent(c) || stmt_i64(st, 1) == c->me.id);
	if (found) {
		struct sbuf b;
		size_t n;
		const char *body = stmt_blob(st, 0, &n);
		sbuf_init(&b, c->a);
		write_head(id, rd, &b);
		sbuf_add(&b, body, n);
		*out = b.s;
	}
	stmt_reset(st);
	return found;
}

/* Renders t as *out (in the arena) and, when store is set, stores its
 * body as the ticket's render: only inside the write transaction that
 * read t, so the render says what the row does. */
static enum pl_err render_one(struct ctx *c, const struct render *rd,
	const struct ticket *t, const char **out, bool store)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	size_t body = write_ticket(t, rd, &b);
	*out = b.s;
	if (store && !db_exec(c->db, "INSERT OR REPLACE INTO ticket_renders(ticket_id,"
		" account_id, stamp, body) VALUES (?, ?, ?, ?)", "iiis", t->id,
		c->account_id, rd->stamp, b.s + body))
		return ctx_store_failed(c);
	return PL_OK;
}

/* ticket_get, storing the render when store is set. */
static enum pl_err get(struct ctx *c, int64_t id, const char **out,
	struct ticket_refs *refs, bool store)
{
	struct ticket t;
	struct render rd;
	enum pl_err e;
	if ((e = render_init(c, &rd, refs)))
		return e;
	if (!refs && !store && get_stored(c, &rd, id, out))
		return PL_OK;
	if ((e = ticket_load(c, id, &t)))
		return e;
	return render_one(c, &rd, &t, out, store);
}

enum pl_err ticket_get(struct ctx *c, int64_t id, const char **out,
	struct ticket_refs *refs)
{
	return get(c, id, out, refs, false);
}

enum pl_err ticket_get_stored(struct ctx *c, int64_t id, const char **out)
{
	return get(c, id, out, NULL, true);
}

/* Up to max ids of the account's tickets without a current render (those
 * of ticket_renders_due, then renders with another stamp) into ids; the
 * stamp's two ranges keep the index on (account_id, stamp) in use. */
static enum pl_err due_ids(struct ctx *c, int64_t stamp, int max,
	int64_t *ids, int *n)
{
	struct stmt *st = db_q(c->db, "SELECT ticket_id FROM ticket_renders_due"
		" WHERE account_id = ?"
		" UNION ALL SELECT ticket_id FROM ticket_renders"
		" WHERE account_id = ? AND stamp < ?"
		" UNION ALL SELECT ticket_id FROM ticket_renders"
		" WHERE account_id = ? AND stamp > ? LIMIT ?", "iiiiii",
		c->account_id, c->account_id, stamp, c->account_id, stamp,
		(int64_t)max);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = STEP_DONE;
	*n = 0;
	while (*n < max && (rc = stmt_step(st)) == STEP_ROW)
		ids[(*n)++] = stmt_i64(st, 0);
	stmt_reset(st);
	return *n < max && rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

enum pl_err ticket_renders_backfill(struct ctx *c, int max, int *done)
{
	struct render rd;
	int64_t *ids = arena_alloc(c->a, sizeof(*ids) * (size_t)max);
	enum pl_err e;
	*done = 0;
	if ((e = render_init(c, &rd, NULL)) || (e = due_ids(c, rd.stamp, max, ids, done)))
		return e;
	for (int i = 0; i < *done; i++) {
		struct ticket t;
		const char *json;
		e = ticket_load(c, ids[i], &t);
		if (e == PL_NOT_FOUND) {
			/* Deleted (or gone): reads never show it, nothing to render. */
			ctx_clear_error(c);
			if (!db_exec(c->db, "DELETE FROM ticket_renders WHERE ticket_id = ?",
				"i", ids[i]) || !db_exec(c->db, "DELETE FROM ticket_renders_due"
				" WHERE ticket_id = ?", "i", ids[i]))
				return ctx_store_failed(c);
			continue;
		}
		if (e || (e = render_one(c, &rd, &t, &json, true)))
			return e;
	}
	return PL_OK;
}

enum pl_err ticket_sort_order(struct ctx *c, const char *sort_by, bool desc,
	const char **order)
{
	static const struct {
		const char *name;
		const char *asc;
		const char *desc;
	} sorts[] = {
		{ "id", "id ASC", "id DESC" },
		{ "created_at", "created_at ASC, id ASC", "created_at DESC, id DESC" },
		{ "updated_at", "updated_at ASC, id ASC", "updated_at DESC, id DESC" },
		/* Migration 0125 indexes these two CASE ranks: SQLite uses the
		 * indexes only while the text here stays the same. */
		{ "status", "CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1"
			" WHEN 'pending' THEN 2 WHEN 'hold' THEN 3 WHEN 'solved' THEN 4"
			" ELSE 5 END ASC, id ASC",
		  "CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1"
			" WHEN 'pending' THEN 2 WHEN 'hold' THEN 3 WHEN 'solved' THEN 4"
			" ELSE 5 END DESC, id DESC" },
		{ "priority", "CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2"
			" WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END ASC, id ASC",
		  "CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2"
			" WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END DESC, id DESC" },
	};
	if (!sort_by)
		sort_by = "id";
	for (size_t i = 0; i < PL_ARRAY_LEN(sorts); i++) {
		if (strcmp(sorts[i].name, sort_by) == 0) {
			*order = desc ? sorts[i].desc : sorts[i].asc;
			return PL_OK;
		}
	}
	return ctx_fail(c, PL_BAD_REQUEST, "sort_by must be one of id, created_at,"
		" updated_at, status, priority");
}

/* Fails with 404 when the user or organization a scope names is not in
 * the account. */
static enum pl_err scope_target_exists(struct ctx *c, const struct ticket_filter *f)
{
	json_t *user;
	switch (f->scope) {
	case TICKETS_REQUESTED:
	case TICKETS_CCD:
	case TICKETS_ASSIGNED:
	case TICKETS_INVOLVED:
		return user_get(c, f->id, &user);
	case TICKETS_ORGANIZATION:
		return org_exists(c, f->id) ? PL_OK : ctx_not_found(c);
	default:
		return PL_OK;
	}
}

/*
 * Every filter keeps its placeholder whether it applies or not, so the
 * arguments always bind in one order (account, scope id, external id,
 * statuses, text, the principal twice); a filter that does not apply binds
 * a constant condition the planner folds away.
 */
enum pl_err ticket_list(struct ctx *c, const struct page *p,
	const struct ticket_filter *f, struct list_result *out,
	struct ticket_refs *refs)
{
	struct render rd;
	enum pl_err e;
	if ((e = scope_target_exists(c, f)) || (e = render_init(c, &rd, refs)))
		return e;
	const char *scope;
	switch (f->scope) {
	case TICKETS_REQUESTED: scope = " AND t.requester_id = ?"; break;
	case TICKETS_ASSIGNED: scope = " AND t.assignee_id = ?"; break;
	case TICKETS_ORGANIZATION: scope = " AND t.organization_id = ?"; break;
	case TICKETS_CCD:
		scope = " AND EXISTS (SELECT 1 FROM json_each(t.collaborator_ids)"
			" WHERE value = ?)";
		break;
	case TICKETS_INVOLVED:
		scope = " AND ? IN (SELECT t.requester_id UNION ALL SELECT value"
			" FROM json_each(t.collaborator_ids))";
		break;
	default: scope = " AND ? = 0"; break;
	}
	int64_t scope_id = f->scope == TICKETS_ALL || f->scope == TICKETS_RECENT ? 0 : f->id;
	char *filter = arena_printf(c->a, "WHERE t.account_id = ?"
		" AND t.deleted_at IS NULL%s%s%s%s%s", scope,
		f->external_id ? " AND t.external_id = ?" : " AND ? IS NULL",
		f->statuses ? " AND instr(?, ',' || t.status || ',') > 0" : " AND ? IS NULL",
		f->text ? " AND lower(coalesce(t.subject, '') || ' ' || t.description)"
			" LIKE ? ESCAPE '\\'" : " AND ? IS NULL",
		ctx_is_agent(c) ? " AND ? = ?" : MINE);
	struct page pp = *p;
	if (f->scope == TICKETS_RECENT)
		pp.order = "updated_at DESC, id DESC";
	if (!p->cursor && f->scope == TICKETS_ALL && !f->external_id && !f->statuses &&
	    !f->text && ctx_is_agent(c)) {
		pp.known_total = true;
		if ((e = ticket_count(c, &pp.total)))
			return e;
	}
	if (refs)
		return list_run_text(c, &pp, COLS, arena_printf(c->a,
			"FROM tickets t %s", filter), row, &rd, out, "iisssii",
			c->account_id, scope_id, f->external_id, f->statuses, f->text,
			c->me.id, c->me.id);
	/* Without side-loads: the stored renders, when current. */
	e = list_run_text(c, &pp, "t.id, r.body", arena_printf(c->a,
		"FROM tickets t LEFT JOIN ticket_renders r ON r.ticket_id = t.id"
		" AND r.stamp = ? %s", filter), stored_row, &rd, out,
		"iiisssii", rd.stamp, c->account_id, scope_id, f->external_id,
		f->statuses, f->text, c->me.id, c->me.id);
	return !e && rd.failed ? ctx_store_failed(c) : e;
}

enum pl_err ticket_show_many(struct ctx *c, const int64_t *ids, int n,
	const char **out, struct ticket_refs *refs)
{
	struct render rd;
	enum pl_err e = render_init(c, &rd, refs);
	if (e)
		return e;
	json_t *arr = jown(c->a, json_array());
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(ids[i]));
	const char *ids_json = jdump(c->a, arr);
	if (ctx_is_agent(c))
		return list_all_text(c, "SELECT " COLS " FROM tickets t WHERE"
			" +t.account_id = ? AND t.id IN (SELECT value FROM json_each(?))"
			" AND t.deleted_at IS NULL ORDER BY t.id", row, &rd, out, "is",
			c->account_id, ids_json);
	return list_all_text(c, "SELECT " COLS " FROM tickets t WHERE +t.account_id = ?"
		" AND t.id IN (SELECT value FROM json_each(?))"
		" AND t.deleted_at IS NULL" MINE " ORDER BY t.id", row, &rd, out, "isii",
		c->account_id, ids_json, c->me.id, c->me.id);
}

enum pl_err ticket_count(struct ctx *c, int64_t *n)
{
	*n = db_i64(c->db, "SELECT coalesce((SELECT live FROM ticket_counts"
		" WHERE account_id = ?), 0)", "i", c->account_id);
	return *n < 0 ? ctx_store_failed(c) : PL_OK;
}

enum pl_err ticket_collaborators(struct ctx *c, int64_t id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, id, &t);
	return e ? e : user_list_ids(c, t.collaborators, out);
}

/* ---- side-loads ---- */

bool ticket_include_has(const char *include, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = include; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

enum pl_err ticket_sideload(struct ctx *c, const struct ticket_refs *refs,
	const char *include, json_t **out)
{
	*out = NULL;
	if (!include || !ctx_is_agent(c))
		return PL_OK;
	json_t *body = jown(c->a, json_object());
	json_t *list;
	enum pl_err e;
	if (ticket_include_has(include, "users")) {
		if ((e = user_list_ids(c, refs->users, &list)))
			return e;
		json_object_set(body, "users", list);
	}
	if (ticket_include_has(include, "groups")) {
		if ((e = groups_by_ids(c, refs->groups, &list)))
			return e;
		json_object_set(body, "groups", list);
	}
	if (ticket_include_has(include, "organizations")) {
		if ((e = orgs_by_ids(c, refs->organizations, &list)))
			return e;
		json_object_set(body, "organizations", list);
	}
	*out = body;
	return PL_OK;
}

enum pl_err ticket_ids_open(struct ctx *c, int64_t after, int max, int64_t *ids,
	int *n)
{
	*n = 0;
	struct stmt *st = db_q(c->db, "SELECT id FROM tickets WHERE account_id = ?"
		" AND deleted_at IS NULL AND status <> 'closed' AND id > ? ORDER BY id"
		" LIMIT ?", "iii", c->account_id, after, (int64_t)max);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		ids[(*n)++] = stmt_i64(st, 0);
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* ---- rendering chosen tickets (search, views, exports) ---- */

/* Where the ticket of an id goes: ids sorted with their positions. */
struct slot {
	int64_t id;
	int pos;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

enum pl_err ticket_render_ids(struct ctx *c, const int64_t *ids, int n,
	bool deleted_too, const char **items, struct ticket_refs *refs)
{
	struct render rd;
	enum pl_err e = render_init(c, &rd, refs);
	if (e)
		return e;
	struct slot *slots = arena_alloc(c->a, sizeof(*slots) * (size_t)(n ? n : 1));
	struct sbuf list;
	sbuf_init(&list, c->a);
	sbuf_add(&list, "[", 1);
	for (int i = 0; i < n; i++) {
		items[i] = NULL;
		slots[i] = (struct slot){ ids[i], i };
		if (i)
			sbuf_add(&list, ",", 1);
		put_int(&list, ids[i]);
	}
	sbuf_add(&list, "]", 1);
	qsort(slots, (size_t)n, sizeof(*slots), slot_cmp);
	struct stmt *st = db_q(c->db, "SELECT " COLS " FROM tickets t"
		" WHERE +t.account_id = ? AND t.id IN (SELECT value FROM json_each(?))",
		"is", c->account_id, list.s);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		struct ticket t;
		load_row(c, st, &t);
		if (t.deleted_at && !deleted_too)
			continue;
		if (t.deleted_at)
			t.status = "deleted";
		struct sbuf b;
		sbuf_init(&b, c->a);
		write_ticket(&t, &rd, &b);
		struct slot key = { t.id, 0 };
		struct slot *s = bsearch(&key, slots, (size_t)n, sizeof(*slots), slot_cmp);
		/* Equal ids sit together after sorting: fill each of them. */
		while (s > slots && s[-1].id == t.id)
			s--;
		for (; s && s < slots + n && s->id == t.id; s++)
			items[s->pos] = b.s;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}
