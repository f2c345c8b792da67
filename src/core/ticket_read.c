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
 *     per kind over all the ids of the page (no query per ticket).
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

#include <string.h>

#define COLS "t.id, t.subject, t.description, t.status, t.priority, t.type," \
	" t.requester_id, t.submitter_id, t.assignee_id, t.organization_id," \
	" t.group_id, t.brand_id, t.ticket_form_id, t.external_id, t.problem_id," \
	" t.due_at, t.via_channel, t.via_source, t.tags, t.custom_fields," \
	" t.collaborator_ids, t.is_public, t.deleted_at, t.created_at, t.updated_at," \
	" EXISTS (SELECT 1 FROM tickets i WHERE i.account_id = t.account_id" \
	" AND i.problem_id = t.id AND i.deleted_at IS NULL)"

/* The end user's condition, binding the principal's id twice. */
#define MINE " AND (t.requester_id = ? OR EXISTS (SELECT 1 FROM" \
	" json_each(t.collaborator_ids) WHERE value = ?))"

/* via.source of tickets that came through the API, as stored. */
#define VIA_NONE "{\"from\":{},\"to\":{},\"rel\":null}"

static json_t *via_none(void)
{
	json_t *v = json_object();
	json_object_set_new_nocheck(v, "from", json_object());
	json_object_set_new_nocheck(v, "to", json_object());
	json_object_set_new_nocheck(v, "rel", json_null());
	return v;
}

static const char *text(struct ctx *c, struct stmt *st, int col)
{
	return arena_strdup(c->a, stmt_text(st, col));
}

/* The JSON of a column; the common empty values skip the parser, which
 * matters when a page renders a hundred tickets. */
static json_t *json_col(struct ctx *c, struct stmt *st, int col, json_t *dflt)
{
	const char *s = stmt_text(st, col);
	if (s && ((!strcmp(s, "[]") && json_is_array(dflt)) ||
	    (!strcmp(s, "{}") && json_is_object(dflt))))
		return jown(c->a, dflt);
	if (s && strcmp(s, VIA_NONE) == 0) {
		json_decref(dflt);
		return jown(c->a, via_none());
	}
	return jown(c->a, jparse(s, dflt));
}

/* Fills t from the current row of a SELECT COLS statement. */
static void load_row(struct ctx *c, struct stmt *st, struct ticket *t)
{
	t->id = stmt_i64(st, 0);
	t->subject = text(c, st, 1);
	t->description = text(c, st, 2);
	t->status = text(c, st, 3);
	t->priority = text(c, st, 4);
	t->type = text(c, st, 5);
	t->requester_id = stmt_i64(st, 6);
	t->submitter_id = stmt_i64(st, 7);
	t->assignee_id = stmt_i64(st, 8);
	t->organization_id = stmt_i64(st, 9);
	t->group_id = stmt_i64(st, 10);
	t->brand_id = stmt_i64(st, 11);
	t->ticket_form_id = stmt_i64(st, 12);
	t->external_id = text(c, st, 13);
	t->problem_id = stmt_i64(st, 14);
	t->due_at = stmt_i64(st, 15);
	t->via_channel = text(c, st, 16);
	t->via_source = json_col(c, st, 17, json_object());
	t->tags = json_col(c, st, 18, json_array());
	t->custom_fields = json_col(c, st, 19, json_object());
	t->collaborators = json_col(c, st, 20, json_array());
	t->is_public = stmt_i64(st, 21) != 0;
	t->deleted_at = stmt_i64(st, 22);
	t->created_at = stmt_i64(st, 23);
	t->updated_at = stmt_i64(st, 24);
	t->has_incidents = stmt_i64(st, 25) != 0;
}

/* Keys are literals: skip jansson's UTF-8 check of each. */
#define SET(o, k, v) json_object_set_new_nocheck(o, k, v)

/* The ticket as Zendesk renders it, except custom_fields, which holds the
 * stored values for fill_fields() to render: the account's fields are then
 * read once for a whole page.  A new reference sharing t's JSON members
 * (t is not changed after rendering). */
static json_t *ticket_render(struct ctx *c, const struct ticket *t)
{
	json_t *o = json_object();
	SET(o, "id", json_integer(t->id));
	SET(o, "url", json_string(ctx_url(c, "tickets/%lld",
		(long long)t->id)));
	SET(o, "external_id", jstr(t->external_id));
	SET(o, "type", jstr(t->type));
	SET(o, "subject", jstr(t->subject));
	SET(o, "raw_subject", jstr(t->subject));
	SET(o, "description", jstr(t->description));
	SET(o, "priority", jstr(t->priority));
	SET(o, "status", jstr(t->status));
	SET(o, "recipient", json_null());
	SET(o, "requester_id", json_integer(t->requester_id));
	SET(o, "submitter_id", json_integer(t->submitter_id));
	SET(o, "assignee_id", jid(t->assignee_id));
	SET(o, "organization_id", jid(t->organization_id));
	SET(o, "group_id", jid(t->group_id));
	SET(o, "collaborator_ids", json_incref(t->collaborators));
	SET(o, "follower_ids", json_array());
	SET(o, "email_cc_ids", json_incref(t->collaborators));
	SET(o, "forum_topic_id", json_null());
	SET(o, "problem_id", jid(t->problem_id));
	SET(o, "has_incidents", json_boolean(t->has_incidents));
	SET(o, "is_public", json_boolean(t->is_public));
	SET(o, "due_at", jtime(t->due_at));
	SET(o, "tags", json_incref(t->tags));
	/* The stored values until fill_fields() renders them. */
	SET(o, "custom_fields", json_incref(t->custom_fields));
	SET(o, "fields", json_null());
	SET(o, "satisfaction_rating", json_null());
	SET(o, "sharing_agreement_ids", json_array());
	SET(o, "custom_status_id", json_null());
	SET(o, "followup_ids", json_array());
	SET(o, "ticket_form_id", jid(t->ticket_form_id));
	SET(o, "brand_id", jid(t->brand_id));
	SET(o, "allow_channelback", json_false());
	SET(o, "allow_attachments", json_true());
	SET(o, "from_messaging_channel", json_false());
	json_t *via = json_object();
	SET(via, "channel", json_string(t->via_channel));
	SET(via, "source", json_incref(t->via_source));
	SET(o, "via", via);
	SET(o, "created_at", jtime(t->created_at));
	SET(o, "updated_at", jtime(t->updated_at));
	return o;
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	struct ticket t;
	load_row(c, st, &t);
	return ticket_render(c, &t);
}

/* Renders custom_fields (and its alias fields) of every ticket rendered by
 * ticket_render() in tickets. */
static enum pl_err fill_fields(struct ctx *c, json_t *tickets)
{
	const struct ticket_fieldset *fs;
	enum pl_err e = ticket_fields_load(c, &fs);
	if (e)
		return e;
	size_t i;
	json_t *t;
	json_array_foreach(tickets, i, t) {
		json_t *cf = ticket_fields_render_with(fs,
			json_object_get(t, "custom_fields"));
		json_object_set_nocheck(t, "fields", cf);
		json_object_set_new_nocheck(t, "custom_fields", cf);
	}
	return PL_OK;
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

enum pl_err ticket_get(struct ctx *c, int64_t id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, id, &t);
	if (e)
		return e;
	json_t *one = jown(c->a, json_pack("[o]", ticket_render(c, &t)));
	if ((e = fill_fields(c, one)))
		return e;
	*out = json_array_get(one, 0);
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
		return user_get(c, f->id, &user);
	case TICKETS_ORGANIZATION:
		return org_exists(c, f->id) ? PL_OK : ctx_not_found(c);
	default:
		return PL_OK;
	}
}

/*
 * Every filter keeps its placeholder whether it applies or not, so the
 * arguments always bind in one order (account, scope id, external id, the
 * principal twice); a filter that does not apply binds a constant
 * condition the planner folds away.
 */
enum pl_err ticket_list(struct ctx *c, const struct page *p,
	const struct ticket_filter *f, struct list_result *out)
{
	enum pl_err e = scope_target_exists(c, f);
	if (e)
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
	default: scope = " AND ? = 0"; break;
	}
	int64_t scope_id = f->scope == TICKETS_ALL || f->scope == TICKETS_RECENT ? 0 : f->id;
	char *where = arena_printf(c->a, "FROM tickets t WHERE t.account_id = ?"
		" AND t.deleted_at IS NULL%s%s%s", scope,
		f->external_id ? " AND t.external_id = ?" : " AND ? IS NULL",
		ctx_is_agent(c) ? " AND ? = ?" : MINE);
	struct page pp = *p;
	if (f->scope == TICKETS_RECENT)
		pp.order = "updated_at DESC, id DESC";
	if ((e = list_run(c, &pp, COLS, where, row, out, "iisii", c->account_id,
		scope_id, f->external_id, c->me.id, c->me.id)))
		return e;
	return fill_fields(c, out->items);
}

enum pl_err ticket_show_many(struct ctx *c, const int64_t *ids, int n, json_t **out)
{
	json_t *arr = jown(c->a, json_array());
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(ids[i]));
	const char *ids_json = jdump(c->a, arr);
	enum pl_err e = ctx_is_agent(c)
		? list_all(c, "SELECT " COLS " FROM tickets t WHERE t.account_id = ?"
			" AND t.id IN (SELECT value FROM json_each(?))"
			" AND t.deleted_at IS NULL ORDER BY t.id", row, out, "is",
			c->account_id, ids_json)
		: list_all(c, "SELECT " COLS " FROM tickets t WHERE t.account_id = ?"
			" AND t.id IN (SELECT value FROM json_each(?))"
			" AND t.deleted_at IS NULL" MINE " ORDER BY t.id", row, out, "isii",
			c->account_id, ids_json, c->me.id, c->me.id);
	return e ? e : fill_fields(c, *out);
}

enum pl_err ticket_count(struct ctx *c, int64_t *n)
{
	*n = db_i64(c->db, "SELECT count(*) FROM tickets WHERE account_id = ?"
		" AND deleted_at IS NULL", "i", c->account_id);
	return *n < 0 ? ctx_store_failed(c) : PL_OK;
}

enum pl_err ticket_collaborators(struct ctx *c, int64_t id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, id, &t);
	return e ? e : user_list_ids(c, t.collaborators, out);
}

/* ---- side-loads ---- */

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

/* The distinct non-null values of key over the objects in arr. */
static json_t *ids_of(struct ctx *c, json_t *arr, const char *const *keys)
{
	json_t *ids = jown(c->a, json_array());
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		for (const char *const *k = keys; *k; k++) {
			json_t *v = json_object_get(o, *k);
			if (json_is_integer(v)) {
				add_id(ids, json_integer_value(v));
				continue;
			}
			size_t j;
			json_t *x;
			json_array_foreach(v, j, x)
				add_id(ids, json_integer_value(x));
		}
	}
	return ids;
}

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

enum pl_err ticket_sideload(struct ctx *c, json_t *tickets, const char *include,
	json_t *body)
{
	if (!include || !ctx_is_agent(c))
		return PL_OK;
	enum pl_err e;
	json_t *out;
	if (ticket_include_has(include, "users")) {
		static const char *const keys[] = { "requester_id", "submitter_id",
			"assignee_id", "collaborator_ids", NULL };
		if ((e = user_list_ids(c, ids_of(c, tickets, keys), &out)))
			return e;
		json_object_set(body, "users", out);
	}
	if (ticket_include_has(include, "groups")) {
		static const char *const keys[] = { "group_id", NULL };
		if ((e = groups_by_ids(c, ids_of(c, tickets, keys), &out)))
			return e;
		json_object_set(body, "groups", out);
	}
	if (ticket_include_has(include, "organizations")) {
		static const char *const keys[] = { "organization_id", NULL };
		if ((e = orgs_by_ids(c, ids_of(c, tickets, keys), &out)))
			return e;
		json_object_set(body, "organizations", out);
	}
	return PL_OK;
}
