/*
 * views.c: views in the store, and running them (views.h).
 *
 * Running a view: the conditions become SQL over the account's live
 * tickets (view_sql.c) together with what the principal may see
 * (ticket_access.c).  When that SQL is exact, a count (an index scan)
 * and the page (stopping after the page when an index gives the order)
 * are two statements in one read transaction;
 * when it is not (custom fields, business hours...), the SQL keeps a
 * superset, read in the view's order and checked by the rules engine in
 * batches (view_check) before paging and counting.
 *
 * Invariants:
 *  1. Every read names the account and applies VISIBLE, so a view the
 *     principal may not see answers 404 like a missing one.
 *  2. A Group-restricted view has one view_groups row per group of
 *     restriction_ids; both are written in the same transaction.
 *  3. Stored conditions passed rules_check_conditions(RULE_VIEW) and hold
 *     at least one condition; the stored output names only known columns.
 */
#include "parley.h"
#include "core/business_rules.h"
#include "core/input.h"
#include "core/macros.h"
#include "core/schedule.h"
#include "core/schedules.h"
#include "core/ticket_access.h"
#include "core/tickets.h"
#include "core/users.h"
#include "core/view_sql.h"
#include "core/views.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COLS "id, title, description, active, position, is_default, conditions," \
	" execution, restriction_type, restriction_ids, created_at, updated_at"

/* Views the principal sees (binds: is admin, user id, user id). */
#define VISIBLE " AND (? = 1 OR v.restriction_type IS NULL" \
	" OR v.restriction_user_id = ? OR EXISTS (SELECT 1 FROM view_groups g" \
	" JOIN group_memberships m ON m.group_id = g.group_id AND m.user_id = ?" \
	" WHERE g.view_id = v.id))"

#define CHECK_BATCH 500     /* tickets per view_check call */
#define COLUMNS_MAX 20

/* ---- columns and sorts ---- */

/* The columns a view may show: id, title, the ticket member a row shows,
 * and the ORDER BY expression when the column sorts. */
static const struct column {
	const char *id, *title, *member, *sort;
} columns[] = {
	{ "nice_id", "ID", "id", "t.id" },
	{ "subject", "Subject", "subject", "lower(coalesce(t.subject, ''))" },
	{ "requester", "Requester", "requester_id",
	  "(SELECT lower(name) FROM users WHERE id = t.requester_id)" },
	{ "submitter", "Submitter", "submitter_id",
	  "(SELECT lower(name) FROM users WHERE id = t.submitter_id)" },
	{ "assignee", "Assignee", "assignee_id",
	  "(SELECT lower(name) FROM users WHERE id = t.assignee_id)" },
	{ "status", "Status", "status", "CASE t.status WHEN 'new' THEN 1 WHEN 'open'"
	  " THEN 2 WHEN 'pending' THEN 3 WHEN 'hold' THEN 4 WHEN 'solved' THEN 5"
	  " ELSE 6 END" },
	{ "priority", "Priority", "priority", "CASE t.priority WHEN 'low' THEN 1"
	  " WHEN 'normal' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END" },
	{ "type", "Type", "type", "t.type" },
	{ "created", "Requested", "created_at", "t.created_at" },
	{ "updated", "Updated", "updated_at", "t.updated_at" },
	{ "due_date", "Due date", "due_at", "t.due_at" },
	{ "group", "Group", "group_id",
	  "(SELECT lower(name) FROM groups_ WHERE id = t.group_id)" },
	{ "organization", "Organization", "organization_id",
	  "(SELECT lower(name) FROM organizations WHERE id = t.organization_id)" },
	{ "brand", "Brand", "brand_id", "(SELECT lower(name) FROM brands WHERE id = t.brand_id)" },
	{ "ticket_form", "Ticket form", "ticket_form_id", "t.ticket_form_id" },
	{ "satisfaction_score", "Satisfaction", NULL, NULL },
};

static const struct column *column_of(const char *id)
{
	for (size_t i = 0; id && i < PL_ARRAY_LEN(columns); i++)
		if (!strcmp(columns[i].id, id))
			return &columns[i];
	return NULL;
}

/* Zendesk's default order: ascending for text and ids, else descending. */
static bool desc_by_default(const char *sort_by)
{
	return strcmp(sort_by, "subject") && strcmp(sort_by, "nice_id") &&
		strcmp(sort_by, "requester") && strcmp(sort_by, "assignee") &&
		strcmp(sort_by, "group") && strcmp(sort_by, "organization") &&
		strcmp(sort_by, "brand") && strcmp(sort_by, "submitter");
}

/* "ORDER BY" text for sort_by/sort_order; NULL when sort_by does not sort
 * or sort_order is neither asc nor desc. */
static const char *order_sql(struct ctx *c, const char *sort_by, const char *sort_order)
{
	const struct column *col = column_of(sort_by);
	if (!col || !col->sort)
		return NULL;
	if (sort_order && strcmp(sort_order, "asc") && strcmp(sort_order, "desc"))
		return NULL;
	bool desc = sort_order ? !strcmp(sort_order, "desc") : desc_by_default(sort_by);
	return arena_printf(c->a, "%s %s, t.id %s", col->sort, desc ? "DESC" : "ASC",
		desc ? "DESC" : "ASC");
}

/* ---- rendering ---- */

static json_t *column_json(struct ctx *c, const json_t *id)
{
	const struct column *col = column_of(json_string_value(id));
	if (col)
		return json_pack("{s:s,s:s}", "id", col->id, "title", col->title);
	const char *title = NULL;
	struct stmt *st = db_q(c->db, "SELECT title FROM ticket_fields WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, json_integer_value(id));
	if (st && stmt_step(st) == STEP_ROW)
		title = arena_strdup(c->a, stmt_text(st, 0));
	if (st)
		stmt_reset(st);
	return json_pack("{s:O,s:s}", "id", id, "title", title ? title : "");
}

/* Zendesk's execution object from the stored output. */
static json_t *execution_json(struct ctx *c, const json_t *ex)
{
	json_t *cols = json_array(), *custom = json_array(), *id;
	size_t i;
	json_array_foreach(json_object_get(ex, "columns"), i, id) {
		json_t *col = column_json(c, id);
		json_array_append(json_is_integer(id) ? custom : cols, col);
		json_decref(col);
	}
	const char *group_by = json_string_value(json_object_get(ex, "group_by"));
	const char *sort_by = json_string_value(json_object_get(ex, "sort_by"));
	const char *group_order = json_string_value(json_object_get(ex, "group_order"));
	const char *sort_order = json_string_value(json_object_get(ex, "sort_order"));
	const struct column *g = column_of(group_by), *s = column_of(sort_by);
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:O,s:o}",
		"group_by", jstr(group_by), "group_order", jstr(group_order),
		"sort_by", jstr(sort_by), "sort_order", jstr(sort_order),
		"group", g ? json_pack("{s:s,s:s,s:s}", "id", g->id, "title", g->title,
			"order", group_order ? group_order : "asc") : json_null(),
		"sort", s ? json_pack("{s:s,s:s,s:s}", "id", s->id, "title", s->title,
			"order", sort_order ? sort_order : "asc") : json_null(),
		"columns", cols, "fields", cols, "custom_fields", custom);
}

static json_t *view_json(struct ctx *c, struct stmt *st, bool compact)
{
	int64_t id = stmt_i64(st, 0);
	json_t *ids = jparse(stmt_text(st, 9), json_array());
	json_t *v = json_pack("{s:I,s:s,s:s,s:s,s:o,s:b,s:I,s:b,s:o,s:n,s:o,s:o}",
		"id", (json_int_t)id, "url", ctx_url(c, "views/%lld", (long long)id),
		"title", stmt_text(st, 1), "raw_title", stmt_text(st, 1),
		"description", jstr(stmt_text(st, 2)), "active", (int)stmt_i64(st, 3),
		"position", (json_int_t)stmt_i64(st, 4), "default", (int)stmt_i64(st, 5),
		"restriction", macro_restriction_json(stmt_text(st, 8), ids), "sla_id",
		"created_at", jtime(stmt_i64(st, 10)), "updated_at", jtime(stmt_i64(st, 11)));
	json_decref(ids);
	if (!compact) {
		json_object_set_new(v, "conditions", jparse(stmt_text(st, 6),
			json_pack("{s:[],s:[]}", "all", "any")));
		json_t *ex = jparse(stmt_text(st, 7), json_object());
		json_object_set_new(v, "execution", execution_json(c, ex));
		json_decref(ex);
	}
	return v;
}

static json_t *row_full(struct ctx *c, struct stmt *st)
{
	return view_json(c, st, false);
}

static json_t *row_compact(struct ctx *c, struct stmt *st)
{
	return view_json(c, st, true);
}

enum pl_err views_list(struct ctx *c, const struct page *p,
	const struct view_filter *f, struct list_result *out)
{
	if (f->access && strcmp(f->access, "personal") && strcmp(f->access, "shared") &&
	    strcmp(f->access, "account"))
		return ctx_fail(c, PL_BAD_REQUEST,
			"access must be one of personal, shared, account");
	struct page pg = *p;
	pg.order = p->desc ? "position DESC, id DESC" : "position, id";
	return list_run(c, &pg, COLS, "FROM views v WHERE account_id = ?"
		" AND (? < 0 OR active = ?)"
		" AND (? IS NULL"
		"  OR (? = 'personal' AND restriction_type = 'User' AND restriction_user_id = ?)"
		"  OR (? = 'shared' AND (restriction_type IS NULL OR restriction_type = 'Group'))"
		"  OR (? = 'account' AND restriction_type IS NULL))" VISIBLE,
		f->compact ? row_compact : row_full, out, "iii" "ssiss" "iii",
		c->account_id, (int64_t)f->active, (int64_t)f->active,
		f->access, f->access, c->me.id, f->access, f->access,
		(int64_t)ctx_is_admin(c), c->me.id, c->me.id);
}

enum pl_err view_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM views v WHERE account_id = ? AND id = ?"
		VISIBLE, row_full, out, "iiiii", c->account_id, id, (int64_t)ctx_is_admin(c),
		c->me.id, c->me.id);
}

/* ---- a view in memory ---- */

struct view {
	int64_t id;
	const char *title, *description;
	bool active;
	int64_t position;
	json_t *conditions;     /* {"all","any"}, arena */
	json_t *execution;      /* stored output, arena */
	struct macro_restriction restriction;
};

/* Loads view id (visible to the principal) into v. */
static enum pl_err load(struct ctx *c, int64_t id, struct view *v)
{
	struct stmt *st = db_q(c->db, "SELECT title, description, active, position,"
		" conditions, execution, restriction_type, restriction_user_id,"
		" restriction_ids FROM views v WHERE account_id = ? AND id = ?" VISIBLE,
		"iiiii", c->account_id, id, (int64_t)ctx_is_admin(c), c->me.id, c->me.id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		memset(v, 0, sizeof(*v));
		v->id = id;
		v->title = arena_strdup(c->a, stmt_text(st, 0));
		v->description = arena_strdup(c->a, stmt_text(st, 1));
		v->active = stmt_i64(st, 2) != 0;
		v->position = stmt_i64(st, 3);
		v->conditions = jown(c->a, jparse(stmt_text(st, 4), json_object()));
		v->execution = jown(c->a, jparse(stmt_text(st, 5), json_object()));
		v->restriction.type = arena_strdup(c->a, stmt_text(st, 6));
		v->restriction.user_id = stmt_i64(st, 7);
		v->restriction.ids = jown(c->a, jparse(stmt_text(st, 8), json_array()));
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}

/* ---- input ---- */

static enum pl_err read_plain(struct ctx *c, json_t *in, bool creating, struct view *v)
{
	enum pl_err e;
	if ((e = input_title(c, in, creating, &v->title)) ||
	    (e = input_text(c, in, "description", SIZE_MAX, &v->description)) ||
	    (e = input_bool(c, in, "active", &v->active)))
		return e;
	return input_position(c, in, &v->position);
}

/* "all"/"any" at the top (Zendesk's input) or "conditions". */
static enum pl_err read_conditions(struct ctx *c, json_t *in, struct view *v)
{
	json_t *cd = json_object_get(in, "conditions");
	if (!cd && (json_object_get(in, "all") || json_object_get(in, "any")))
		cd = in;
	if (cd) {
		struct rule_refs refs = business_rules_refs(c);
		enum pl_err e = rules_check_conditions(c, cd, RULE_VIEW, &refs);
		if (e)
			return e;
		json_t *all = json_object_get(cd, "all"), *any = json_object_get(cd, "any");
		v->conditions = jown(c->a, json_pack("{s:O,s:O}",
			"all", json_is_array(all) ? all : jown(c->a, json_array()),
			"any", json_is_array(any) ? any : jown(c->a, json_array())));
	}
	if (json_array_size(json_object_get(v->conditions, "all")) +
	    json_array_size(json_object_get(v->conditions, "any")) == 0)
		return ctx_invalid(c, "conditions", "BlankValue",
			"Conditions: a view needs at least one condition");
	return PL_OK;
}

static enum pl_err bad_output(struct ctx *c, const char *what)
{
	return ctx_invalid(c, "output", "InvalidValue", "Output: %s", what);
}

static bool order_ok(const json_t *v)
{
	const char *s = json_string_value(v);
	return !v || json_is_null(v) || (s && (!strcmp(s, "asc") || !strcmp(s, "desc")));
}

/* "output": {"columns", "group_by", "group_order", "sort_by", "sort_order"},
 * merged into the stored execution. */
static enum pl_err read_output(struct ctx *c, json_t *in, struct view *v)
{
	json_t *out = json_object_get(in, "output");
	if (!out)
		out = json_object_get(in, "execution");
	if (!out || json_is_null(out))
		return PL_OK;
	if (!json_is_object(out))
		return bad_output(c, "must be an object");
	json_t *ex = jown(c->a, json_deep_copy(v->execution));
	json_t *cols = json_object_get(out, "columns"), *x;
	size_t i;
	if (cols) {
		if (!json_is_array(cols) || json_array_size(cols) > COLUMNS_MAX)
			return bad_output(c, "columns must be a list of at most 20 column ids");
		struct rule_refs refs = business_rules_refs(c);
		json_t *ids = json_array();
		json_object_set_new(ex, "columns", ids);
		json_array_foreach(cols, i, x) {
			if (json_is_object(x))
				x = json_object_get(x, "id");
			const char *s = json_string_value(x);
			int64_t fid = json_is_integer(x) ? json_integer_value(x)
				: s && strspn(s, "0123456789") == strlen(s) && *s &&
				strlen(s) < 19 ? strtoll(s, NULL, 10) : 0;
			if (fid > 0 && refs.exists(refs.arg, REF_FIELD, fid))
				json_array_append_new(ids, json_integer(fid));
			else if (s && column_of(s))
				json_array_append_new(ids, json_string(s));
			else
				return bad_output(c, arena_printf(c->a, "%s is not a column",
					jdump(c->a, x)));
		}
	}
	static const char *const keys[] = { "group_by", "sort_by" };
	for (size_t k = 0; k < 2; k++) {
		json_t *by = json_object_get(out, keys[k]);
		if (!by)
			continue;
		const struct column *col = column_of(json_string_value(by));
		if (!json_is_null(by) && (!col || !col->sort))
			return bad_output(c, arena_printf(c->a, "%s cannot be a %s",
				jdump(c->a, by), keys[k]));
		json_object_set(ex, keys[k], by);
	}
	json_t *go = json_object_get(out, "group_order"), *so = json_object_get(out, "sort_order");
	if (!order_ok(go) || !order_ok(so))
		return bad_output(c, "group_order and sort_order are asc or desc");
	if (go)
		json_object_set(ex, "group_order", go);
	if (so)
		json_object_set(ex, "sort_order", so);
	v->execution = ex;
	return PL_OK;
}

static enum pl_err read_input(struct ctx *c, json_t *in, bool creating, struct view *v)
{
	enum pl_err e;
	if ((e = read_plain(c, in, creating, v)) || (e = read_conditions(c, in, v)) ||
	    (e = read_output(c, in, v)))
		return e;
	json_t *r = json_object_get(in, "restriction");
	struct macro_restriction m;
	if ((e = macro_restriction_parse(c, r, creating ? NULL : &v->restriction, &m)))
		return e;
	v->restriction = m;
	return PL_OK;
}

/* ---- writes ---- */

static bool write_groups(struct ctx *c, const struct view *v)
{
	if (!db_exec(c->db, "DELETE FROM view_groups WHERE account_id = ? AND view_id = ?",
		"ii", c->account_id, v->id))
		return false;
	if (!v->restriction.type || strcmp(v->restriction.type, "Group"))
		return true;
	size_t i;
	json_t *g;
	json_array_foreach(v->restriction.ids, i, g)
		if (!db_exec(c->db, "INSERT INTO view_groups(account_id, view_id, group_id)"
			" VALUES (?, ?, ?) ON CONFLICT DO NOTHING", "iii", c->account_id, v->id,
			(int64_t)json_integer_value(g)))
			return false;
	return true;
}

static enum pl_err insert(struct ctx *c, struct view *v, bool is_default)
{
	v->id = db_i64(c->db, "INSERT INTO views(account_id, title, description, active,"
		" position, is_default, conditions, execution, restriction_type,"
		" restriction_user_id, restriction_ids, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"issbibsssnsii", c->account_id, v->title, v->description, (int)v->active,
		v->position, (int)is_default, jdump(c->a, v->conditions),
		jdump(c->a, v->execution), v->restriction.type, v->restriction.user_id,
		v->restriction.type ? jdump(c->a, v->restriction.ids) : NULL, c->now, c->now);
	return v->id > 0 && write_groups(c, v) ? PL_OK : ctx_store_failed(c);
}

/* Commits the caller's transaction on success (else rolls it back) and
 * reads view id back. */
static enum pl_err finish(struct ctx *c, enum pl_err e, int64_t id, json_t **out)
{
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return out ? view_get(c, id, out) : PL_OK;
}

enum pl_err view_create(struct ctx *c, json_t *in, json_t **out)
{
	struct view v = {
		.active = true,
		.conditions = jown(c->a, json_pack("{s:[],s:[]}", "all", "any")),
		.execution = jown(c->a, json_pack("{s:[s,s,s,s,s],s:s,s:s}", "columns",
			"status", "subject", "requester", "updated", "assignee",
			"sort_by", "nice_id", "sort_order", "desc")),
	};
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = read_input(c, in, true, &v);
	if (!e)
		e = insert(c, &v, false);
	return finish(c, e, v.id, out);
}

enum pl_err view_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct view v;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = load(c, id, &v);
	if (!e && !macro_writable(c, &v.restriction))
		e = ctx_forbidden(c);
	if (!e)
		e = read_input(c, in, false, &v);
	if (!e && (!db_exec(c->db, "UPDATE views SET title = ?, description = ?,"
		" active = ?, position = ?, conditions = ?, execution = ?,"
		" restriction_type = ?, restriction_user_id = ?, restriction_ids = ?,"
		" updated_at = ? WHERE account_id = ? AND id = ?", "ssbisssnsiii",
		v.title, v.description, (int)v.active, v.position,
		jdump(c->a, v.conditions), jdump(c->a, v.execution), v.restriction.type,
		v.restriction.user_id, v.restriction.type ? jdump(c->a, v.restriction.ids)
		: NULL, c->now, c->account_id, id) || !write_groups(c, &v)))
		e = ctx_store_failed(c);
	return finish(c, e, id, out);
}

enum pl_err view_delete(struct ctx *c, int64_t id)
{
	struct view v;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = load(c, id, &v);
	if (!e && !macro_writable(c, &v.restriction))
		e = ctx_forbidden(c);
	if (!e && (!db_exec(c->db, "DELETE FROM view_groups WHERE account_id = ?"
		" AND view_id = ?", "ii", c->account_id, id) ||
	    !db_exec(c->db, "DELETE FROM views WHERE account_id = ? AND id = ?", "ii",
		c->account_id, id)))
		e = ctx_store_failed(c);
	return finish(c, e, id, NULL);
}

/* ---- running a view ---- */

struct run {
	const json_t *conditions;
	const char *order;          /* ORDER BY text */
	struct rule_env env;
	struct schedule schedule;
	struct sqlbuf where;        /* FROM tickets t WHERE ... */
	bool exact;
};

/* The environment conditions are evaluated in: the principal and their
 * groups, now, and (for conditions only the engine checks) the account's
 * first business-hours schedule. */
static enum pl_err env_of(struct ctx *c, struct run *r)
{
	memset(&r->env, 0, sizeof(r->env));
	r->env.update = RULE_UPDATE_NONE;
	r->env.current_user_id = c->me.id;
	r->env.current_role = c->me.role;
	r->env.now = c->now;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM group_memberships WHERE"
		" account_id = ? AND user_id = ?", "ii", c->account_id, c->me.id);
	if (n < 0)
		return ctx_store_failed(c);
	int64_t *groups = arena_alloc(c->a, sizeof(*groups) * (size_t)(n + 1));
	struct stmt *st = db_q(c->db, "SELECT group_id FROM group_memberships WHERE"
		" account_id = ? AND user_id = ? ORDER BY group_id", "ii", c->account_id,
		c->me.id);
	if (!st)
		return ctx_store_failed(c);
	int k = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW && k < n)
		groups[k++] = stmt_i64(st, 0);
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	r->env.current_groups = groups;
	r->env.ncurrent_groups = k;
	return PL_OK;
}

static enum pl_err schedule_of(struct ctx *c, struct run *r)
{
	int64_t id = db_i64(c->db, "SELECT id FROM schedules WHERE account_id = ?"
		" ORDER BY id LIMIT 1", "i", c->account_id);
	if (id <= 0)
		return PL_OK;
	enum pl_err e = schedule_load(c, id, &r->schedule);
	if (e == PL_INVALID) {  /* a zone gone from tzdata: calendar hours */
		c->err_title = c->err_desc = NULL;
		c->err_details = NULL;
		return PL_OK;
	}
	if (!e)
		r->env.schedule = &r->schedule;
	return e;
}

/* Prepares r for conditions, ordered by sort_by/sort_order. */
static enum pl_err run_init(struct ctx *c, struct run *r, const json_t *conditions,
	const char *sort_by, const char *sort_order)
{
	enum pl_err e;
	enum ticket_restriction access;
	r->conditions = conditions;
	if (!(r->order = order_sql(c, sort_by, sort_order)))
		return ctx_fail(c, PL_BAD_REQUEST, "sort_by must be a sortable column"
			" (nice_id, subject, requester, assignee, status, priority, type,"
			" created, updated, due_date, group, organization, brand) and"
			" sort_order asc or desc");
	if ((e = env_of(c, r)) || (e = ticket_access_load(c, &access)))
		return e;
	sqlbuf_init(&r->where, c->a);
	sqlbuf_add(&r->where, " FROM tickets t WHERE t.account_id = ?i"
		" AND t.deleted_at IS NULL", c->account_id);
	ticket_access_sql(c, access, &r->where);
	view_sql_where(c, conditions, &r->env, &r->where, &r->exact);
	return r->exact ? PL_OK : schedule_of(c, r);
}

static enum pl_err step_ids(struct ctx *c, struct stmt *st, int64_t **ids, int *n)
{
	int cap = 64;
	*ids = arena_alloc(c->a, sizeof(**ids) * (size_t)cap);
	*n = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		if (*n == cap) {
			int64_t *more = arena_alloc(c->a, sizeof(*more) * (size_t)cap * 2);
			memcpy(more, *ids, sizeof(*more) * (size_t)cap);
			*ids = more;
			cap *= 2;
		}
		(*ids)[(*n)++] = stmt_i64(st, 0);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* The ids of a page (limit 0: none, count only) and the total. */
static enum pl_err run_ids(struct ctx *c, struct run *r, int64_t offset, int limit,
	int64_t **ids, int *n, int64_t *count)
{
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	*count = 0;
	*n = 0;
	*ids = NULL;
	if (r->exact && !limit) {
		sqlbuf_add(&b, "SELECT count(*)");
		sqlbuf_cat(&b, &r->where);
		struct stmt *st = sqlbuf_query(c->db, &b);
		if (!st)
			return ctx_store_failed(c);
		enum step rc = stmt_step(st);
		*count = rc == STEP_ROW ? stmt_i64(st, 0) : 0;
		stmt_reset(st);
		return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
	}
	if (r->exact) {
		/* The count, then the page, apart: the page stops after offset +
		 * limit rows when an index gives the order (a count(*) OVER ()
		 * beside it made every page read and sort every match: 10-30 ms
		 * for 16,000 unsolved tickets, now under 1 ms). */
		enum pl_err e = run_ids(c, r, 0, 0, ids, n, count);
		if (e || offset >= *count)
			return e;
		sqlbuf_add(&b, "SELECT t.id");
		sqlbuf_cat(&b, &r->where);
		sqlbuf_add(&b, " ORDER BY ");
		sqlbuf_add(&b, r->order);
		sqlbuf_add(&b, " LIMIT ?i OFFSET ?i", (int64_t)limit, offset);
		struct stmt *st = sqlbuf_query(c->db, &b);
		return st ? step_ids(c, st, ids, n) : ctx_store_failed(c);
	}
	/* Not exact: every candidate in order, checked by the engine. */
	sqlbuf_add(&b, "SELECT t.id");
	sqlbuf_cat(&b, &r->where);
	sqlbuf_add(&b, " ORDER BY ");
	sqlbuf_add(&b, r->order);
	struct stmt *st = sqlbuf_query(c->db, &b);
	int64_t *all;
	int nall;
	enum pl_err e = st ? step_ids(c, st, &all, &nall) : ctx_store_failed(c);
	if (e)
		return e;
	bool *keep = arena_alloc(c->a, sizeof(*keep) * (size_t)(nall + 1));
	for (int i = 0; i < nall; i += CHECK_BATCH) {
		int m = nall - i < CHECK_BATCH ? nall - i : CHECK_BATCH;
		if ((e = view_check(c, r->conditions, &r->env, all + i, m, keep + i)))
			return e;
	}
	*ids = arena_alloc(c->a, sizeof(**ids) * (size_t)(limit + 1));
	for (int i = 0; i < nall; i++) {
		if (!keep[i])
			continue;
		if (*count >= offset && *n < limit)
			(*ids)[(*n)++] = all[i];
		(*count)++;
	}
	return PL_OK;
}

/* The stored sort of a view (or sort_by/sort_order when given). */
static void sort_of(const struct view *v, const char **sort_by, const char **sort_order)
{
	if (!*sort_by) {
		*sort_by = json_string_value(json_object_get(v->execution, "sort_by"));
		if (!*sort_order)
			*sort_order = json_string_value(json_object_get(v->execution,
				"sort_order"));
	}
	if (!*sort_by)
		*sort_by = "nice_id";
}

/* The number of tickets of v, from one snapshot (a read transaction). */
static enum pl_err count_of(struct ctx *c, const struct view *v, int64_t *n)
{
	struct run r;
	int64_t *ids;
	int k;
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = run_init(c, &r, v->conditions, "nice_id", NULL);
	if (!e)
		e = run_ids(c, &r, 0, 0, &ids, &k, n);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

static json_t *count_json(struct ctx *c, const struct view *v, int64_t n)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:b,s:b}", "view_id", (json_int_t)v->id,
		"url", ctx_url(c, "views/%lld/count", (long long)v->id), "value", (json_int_t)n,
		"pretty", arena_printf(c->a, "%lld", (long long)n), "fresh", 1,
		"active", (int)v->active);
}

enum pl_err view_count(struct ctx *c, int64_t id, json_t **out)
{
	struct view v;
	int64_t n;
	enum pl_err e;
	if ((e = load(c, id, &v)) || (e = count_of(c, &v, &n)))
		return e;
	*out = jown(c->a, count_json(c, &v, n));
	return PL_OK;
}

enum pl_err views_count_many(struct ctx *c, const int64_t *ids, int n, json_t **out)
{
	*out = jown(c->a, json_array());
	for (int i = 0; i < n; i++) {
		struct view v;
		int64_t count;
		enum pl_err e = load(c, ids[i], &v);
		if (e == PL_NOT_FOUND) {
			c->err_title = c->err_desc = NULL;
			continue;
		}
		if (e || (e = count_of(c, &v, &count)))
			return e;
		json_array_append_new(*out, count_json(c, &v, count));
	}
	return PL_OK;
}

/* The page's tickets rendered in order. */
static enum pl_err page_in_txn(struct ctx *c, const json_t *conditions,
	const char *sort_by, const char *sort_order, int page, int per_page,
	const char ***items, int *n, int64_t *count, struct ticket_refs *refs)
{
	struct run r;
	int64_t *ids;
	enum pl_err e;
	if ((e = run_init(c, &r, conditions, sort_by, sort_order)) ||
	    (e = run_ids(c, &r, (int64_t)(page - 1) * per_page, per_page, &ids, n, count)))
		return e;
	*items = arena_alloc(c->a, sizeof(**items) * (size_t)(*n + 1));
	return ticket_render_ids(c, ids, *n, false, *items, refs);
}

/* page_in_txn in a read transaction: the ids, the count, the engine's
 * checks and the rendering see one snapshot of the store. */
static enum pl_err page_of(struct ctx *c, const json_t *conditions,
	const char *sort_by, const char *sort_order, int page, int per_page,
	const char ***items, int *n, int64_t *count, struct ticket_refs *refs)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = page_in_txn(c, conditions, sort_by, sort_order, page, per_page,
		items, n, count, refs);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err view_tickets(struct ctx *c, int64_t id, int page, int per_page,
	const char *sort_by, const char *sort_order, struct view_page *out,
	struct ticket_refs *refs)
{
	struct view v;
	const char **items;
	int n;
	enum pl_err e = load(c, id, &v);
	if (e)
		return e;
	sort_of(&v, &sort_by, &sort_order);
	if ((e = page_of(c, v.conditions, sort_by, sort_order, page, per_page, &items, &n,
		&out->count, refs)))
		return e;
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_add(&b, "[", 1);
	out->n = 0;
	for (int i = 0; i < n; i++) {
		if (!items[i])
			continue;
		if (out->n++)
			sbuf_add(&b, ",", 1);
		sbuf_adds(&b, items[i]);
	}
	sbuf_add(&b, "]", 1);
	out->tickets = b.s;
	return PL_OK;
}

/* A row of execute: the partial ticket, its id, and each column's value. */
static json_t *exec_row(const json_t *t, const json_t *cols)
{
	static const char *const partial[] = { "id", "url", "subject", "description",
		"status", "priority", "type", "requester_id", "assignee_id", "group_id",
		"organization_id", "created_at", "updated_at" };
	json_t *p = json_object();
	for (size_t i = 0; i < PL_ARRAY_LEN(partial); i++)
		json_object_set(p, partial[i], json_object_get(t, partial[i]));
	json_t *row = json_pack("{s:o,s:O}", "ticket", p, "ticket_id",
		json_object_get(t, "id"));
	size_t i;
	json_t *col;
	json_t *custom = json_array();
	json_array_foreach(cols, i, col) {
		const char *id = json_string_value(json_object_get(col, "id"));
		const struct column *c = column_of(id);
		if (!c) {
			json_t *f;
			size_t k;
			json_array_foreach(json_object_get(t, "custom_fields"), k, f)
				if (json_equal(json_object_get(f, "id"), json_object_get(col, "id")))
					json_array_append(custom, f);
			continue;
		}
		const char *key = !strcmp(c->id, "created") ? "created"
			: !strcmp(c->id, "updated") ? "updated"
			: !strcmp(c->id, "due_date") ? "due_date" : c->member;
		json_object_set(row, key, c->member ? json_object_get(t, c->member) : json_null());
	}
	json_object_set_new(row, "custom_fields", custom);
	return row;
}

/* execute and preview: the rows of a page and their users (requesters,
 * assignees...); "groups" is Zendesk's grouping of rows, left empty. */
static enum pl_err execute(struct ctx *c, const json_t *conditions, json_t *ex,
	const char *sort_by, const char *sort_order, int page, int per_page,
	json_t *body, int64_t *count)
{
	const char **items;
	int n;
	struct ticket_refs refs;
	enum pl_err e = page_of(c, conditions, sort_by, sort_order, page, per_page, &items,
		&n, count, &refs);
	if (e)
		return e;
	json_t *exj = jown(c->a, execution_json(c, ex));
	json_t *cols = json_object_get(exj, "columns");
	json_t *all = jown(c->a, json_array());
	json_array_extend(all, cols);
	json_array_extend(all, json_object_get(exj, "custom_fields"));
	json_t *rows = json_array();
	for (int i = 0; i < n; i++) {
		json_t *t = items[i] ? json_loads(items[i], 0, NULL) : NULL;
		if (t)
			json_array_append_new(rows, exec_row(t, all));
		json_decref(t);
	}
	json_t *users;
	if ((e = user_list_ids(c, refs.users, &users))) {
		json_decref(rows);
		return e;
	}
	json_object_set_new(body, "rows", rows);
	json_object_set(body, "columns", all);
	json_object_set_new(body, "groups", json_array());
	json_object_set(body, "users", users);
	json_object_set_new(body, "count", json_integer(*count));
	return PL_OK;
}

enum pl_err view_execute(struct ctx *c, int64_t id, int page, int per_page,
	const char *sort_by, const char *sort_order, json_t **out, int64_t *count)
{
	struct view v;
	json_t *vj;
	enum pl_err e;
	if ((e = load(c, id, &v)) || (e = view_get(c, id, &vj)))
		return e;
	sort_of(&v, &sort_by, &sort_order);
	*out = jown(c->a, json_pack("{s:O}", "view", vj));
	return execute(c, v.conditions, v.execution, sort_by, sort_order, page, per_page,
		*out, count);
}

enum pl_err view_preview(struct ctx *c, json_t *in, int page, int per_page,
	json_t **out, int64_t *count)
{
	struct view v = {
		.conditions = jown(c->a, json_pack("{s:[],s:[]}", "all", "any")),
		.execution = jown(c->a, json_pack("{s:[s,s,s,s,s]}", "columns", "status",
			"subject", "requester", "updated", "assignee")),
	};
	enum pl_err e;
	if ((e = read_conditions(c, in, &v)) || (e = read_output(c, in, &v)))
		return e;
	const char *sort_by = NULL, *sort_order = NULL;
	sort_of(&v, &sort_by, &sort_order);
	*out = jown(c->a, json_object());
	return execute(c, v.conditions, v.execution, sort_by, sort_order, page, per_page,
		*out, count);
}

/* ---- defaults ---- */

/* Migration 0081 gives accounts made before it the same views: a change
 * here belongs there too. */
bool views_seed(struct ctx *c)
{
	static const struct { const char *title, *conditions, *sort_by, *sort_order; } d[] = {
		{ "Your unsolved tickets",
		  "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"},"
		  "{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"current_user\"}],"
		  "\"any\":[]}", "updated", "desc" },
		{ "Unassigned tickets",
		  "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"},"
		  "{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"\"}],\"any\":[]}",
		  "created", "asc" },
		{ "All unsolved tickets",
		  "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"}],"
		  "\"any\":[]}", "updated", "desc" },
		{ "Recently updated tickets",
		  "{\"all\":[{\"field\":\"updated_at\",\"operator\":\"less_than\",\"value\":168}],"
		  "\"any\":[]}", "updated", "desc" },
		{ "Pending tickets",
		  "{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"pending\"}],"
		  "\"any\":[]}", "updated", "desc" },
		{ "Recently solved tickets",
		  "{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"solved\"},"
		  "{\"field\":\"SOLVED\",\"operator\":\"less_than\",\"value\":168}],\"any\":[]}",
		  "updated", "desc" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(d); i++) {
		char *ex = arena_printf(c->a, "{\"columns\":[\"status\",\"subject\","
			"\"requester\",\"updated\",\"assignee\"],\"group_by\":null,"
			"\"group_order\":null,\"sort_by\":\"%s\",\"sort_order\":\"%s\"}",
			d[i].sort_by, d[i].sort_order);
		if (!db_exec(c->db, "INSERT INTO views(account_id, title, active, position,"
			" is_default, conditions, execution, created_at, updated_at)"
			" VALUES (?, ?, 1, ?, 1, ?, ?, ?, ?)", "isissii", c->account_id,
			d[i].title, (int64_t)i + 1, d[i].conditions, ex, c->now, c->now))
			return false;
	}
	return true;
}
