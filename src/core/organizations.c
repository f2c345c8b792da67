/*
 * organizations.c: organizations (see organizations.h).
 *
 * Invariants:
 *  1. Names (case-insensitive) and external ids are unique within an
 *     account; both are checked before writing, so a duplicate is a 422
 *     and never a failed statement.
 *  2. group_id names a group of the account that is not deleted, or is
 *     NULL.
 *  3. Deleting removes the memberships first (organization_memberships.c
 *     moves each member's default), then the row, in one transaction.
 * Rarely-queried attributes (details, notes, domain_names, tags,
 * organization_fields) live in the extra JSON column.
 */
#include "parley.h"
#include "core/groups.h"
#include "core/input.h"
#include "core/organization_memberships.h"
#include "core/organizations.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>
#include <strings.h>

#define COLS "id, name, external_id, group_id, shared_tickets, shared_comments," \
	" extra, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	json_t *extra = jparse(stmt_text(st, 6), json_object());
	json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:o,s:o,s:o}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "organizations/%lld", (long long)id),
		"name", stmt_text(st, 1),
		"external_id", jstr(stmt_text(st, 2)),
		"domain_names", jmember(extra, "domain_names", json_array()),
		"details", jmember(extra, "details", json_null()),
		"notes", jmember(extra, "notes", json_null()),
		"group_id", jid(stmt_i64(st, 3)),
		"tags", jmember(extra, "tags", json_array()),
		"shared_tickets", (int)stmt_i64(st, 4),
		"shared_comments", (int)stmt_i64(st, 5),
		"organization_fields", jmember(extra, "organization_fields", json_object()),
		"created_at", jtime(stmt_i64(st, 7)),
		"updated_at", jtime(stmt_i64(st, 8)));
	json_decref(extra);
	return o;
}

enum pl_err orgs_list(struct ctx *c, const struct page *p, struct list_result *out)
{
	return list_run(c, p, COLS, "FROM organizations WHERE account_id = ?", row, out,
		"i", c->account_id);
}

enum pl_err orgs_of_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out)
{
	enum pl_err e = user_known(c, user_id);
	if (e)
		return e;
	return list_run(c, p, COLS, "FROM organizations WHERE account_id = ? AND id IN"
		" (SELECT organization_id FROM organization_memberships WHERE user_id = ?)",
		row, out, "ii", c->account_id, user_id);
}

enum pl_err orgs_count(struct ctx *c, int64_t user_id, json_t **out)
{
	enum pl_err e = user_id ? user_known(c, user_id) : PL_OK;
	if (e)
		return e;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM organizations WHERE account_id = ?"
		" AND (? = 0 OR id IN (SELECT organization_id FROM organization_memberships"
		" WHERE user_id = ?))", "iii", c->account_id, user_id, user_id);
	return list_count(c, n, out);
}

enum pl_err orgs_show_many(struct ctx *c, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out)
{
	return list_show_many(c, "SELECT " COLS " FROM organizations WHERE account_id = ?"
		" AND id = ?", "SELECT " COLS " FROM organizations WHERE account_id = ?"
		" AND external_id = ?", row, ids, external_ids, n, out);
}

enum pl_err orgs_by_ids(struct ctx *c, json_t *ids, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM organizations WHERE +account_id = ?"
		" AND id IN (SELECT value FROM json_each(?)) ORDER BY id", row, out, "is",
		c->account_id, jdump(c->a, ids));
}

enum pl_err orgs_search(struct ctx *c, const struct page *p, const char *external_id,
	const char *name, struct list_result *out)
{
	if (external_id)
		return list_run(c, p, COLS, "FROM organizations WHERE account_id = ?"
			" AND external_id = ?", row, out, "is", c->account_id, external_id);
	return list_run(c, p, COLS, "FROM organizations WHERE account_id = ?"
		" AND lower(name) = lower(?)", row, out, "is", c->account_id, name);
}

enum pl_err orgs_autocomplete(struct ctx *c, const struct page *p, const char *prefix,
	struct list_result *out)
{
	return list_run(c, p, COLS, "FROM organizations WHERE account_id = ?"
		" AND lower(name) LIKE ? ESCAPE '\\'", row, out, "is", c->account_id,
		list_like(c->a, prefix, true));
}

enum pl_err org_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM organizations WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

bool org_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM organizations WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id) > 0;
}

enum pl_err org_id_by_external(struct ctx *c, const char *external_id, int64_t *id)
{
	*id = db_i64(c->db, "SELECT id FROM organizations WHERE account_id = ?"
		" AND external_id = ?", "is", c->account_id, external_id);
	return *id > 0 ? PL_OK : ctx_not_found(c);
}

enum pl_err org_related(struct ctx *c, int64_t id, json_t **out)
{
	if (!org_exists(c, id))
		return ctx_not_found(c);
	int64_t users = db_i64(c->db, "SELECT count(*) FROM organization_memberships m"
		" JOIN users u ON u.id = m.user_id WHERE m.account_id = ?"
		" AND m.organization_id = ? AND u.active = 1", "ii", c->account_id, id);
	if (users < 0)
		return ctx_store_failed(c);
	*out = jown(c->a, json_pack("{s:I}", "users_count", (json_int_t)users));
	return PL_OK;
}

/* ---- Writes ---- */

struct rec {
	int64_t id;               /* 0 before creation */
	const char *name, *external_id;
	int64_t group_id;
	bool shared_tickets, shared_comments;
	json_t *extra;            /* an object owned by the arena */
};

static enum pl_err rec_load(struct ctx *c, int64_t id, struct rec *r)
{
	struct stmt *st = db_q(c->db, "SELECT name, external_id, group_id, shared_tickets,"
		" shared_comments, extra FROM organizations WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s == STEP_ROW) {
		r->id = id;
		r->name = arena_strdup(c->a, stmt_text(st, 0));
		r->external_id = arena_strdup(c->a, stmt_text(st, 1));
		r->group_id = stmt_i64(st, 2);
		r->shared_tickets = stmt_i64(st, 3);
		r->shared_comments = stmt_i64(st, 4);
		r->extra = jown(c->a, jparse(stmt_text(st, 5), json_object()));
	}
	stmt_reset(st);
	return s == STEP_ROW ? PL_OK : s == STEP_DONE ? ctx_not_found(c)
		: ctx_store_failed(c);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Applies in onto r and checks every field, the store-dependent rules
 * included; reports every bad field.  b is the stored state (or NULL). */
static enum pl_err rec_apply(struct ctx *c, const struct rec *b, struct rec *r,
	json_t *in)
{
	bool bad = false;
	bad |= input_text(c, in, "name", 255, &r->name) != PL_OK;
	bad |= input_key(c, in, "external_id", &r->external_id) != PL_OK;
	bad |= input_id(c, in, "group_id", &r->group_id) != PL_OK;
	bad |= input_bool(c, in, "shared_tickets", &r->shared_tickets) != PL_OK;
	bad |= input_bool(c, in, "shared_comments", &r->shared_comments) != PL_OK;
	bad |= input_extra_text(c, in, "details", 65535, r->extra) != PL_OK;
	bad |= input_extra_text(c, in, "notes", 65535, r->extra) != PL_OK;
	bad |= input_words(c, in, "domain_names", 253, r->extra) != PL_OK;
	bad |= input_words(c, in, "tags", 80, r->extra) != PL_OK;
	bad |= input_fields(c, in, "organization_fields", r->extra) != PL_OK;
	if (input_is_blank(r->name))
		bad |= input_blank(c, "name") != PL_OK;
	else if ((!b || strcasecmp(b->name, r->name) != 0) &&
	    db_i64(c->db, "SELECT count(*) FROM organizations WHERE account_id = ?"
		" AND lower(name) = lower(?) AND id != ?", "isi", c->account_id,
		r->name, r->id) != 0)
		bad |= ctx_invalid(c, "name", "DuplicateValue",
			"Name: %s has already been taken", r->name) != PL_OK;
	if (r->external_id && (!b || !same_str(b->external_id, r->external_id)) &&
	    db_i64(c->db, "SELECT count(*) FROM organizations WHERE account_id = ?"
		" AND external_id = ? AND id != ?", "isi", c->account_id,
		r->external_id, r->id) != 0)
		bad |= ctx_invalid(c, "external_id", "DuplicateValue",
			"External id: %s has already been taken", r->external_id) != PL_OK;
	if (r->group_id && (!b || b->group_id != r->group_id) &&
	    !group_exists(c, r->group_id, false))
		bad |= ctx_invalid(c, "group_id", "InvalidValue",
			"Group: %lld does not exist", (long long)r->group_id) != PL_OK;
	return bad ? PL_INVALID : PL_OK;
}

static enum pl_err rec_write(struct ctx *c, struct rec *r)
{
	if (!r->id) {
		r->id = db_i64(c->db, "INSERT INTO organizations(account_id, name,"
			" external_id, group_id, shared_tickets, shared_comments, extra,"
			" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			"issnbbsii", c->account_id, r->name, r->external_id, r->group_id,
			(int)r->shared_tickets, (int)r->shared_comments,
			jdump(c->a, r->extra), c->now, c->now);
		return r->id > 0 ? PL_OK : ctx_store_failed(c);
	}
	return db_exec(c->db, "UPDATE organizations SET name = ?, external_id = ?,"
		" group_id = ?, shared_tickets = ?, shared_comments = ?, extra = ?,"
		" updated_at = ? WHERE account_id = ? AND id = ?", "ssnbbsiii", r->name,
		r->external_id, r->group_id, (int)r->shared_tickets,
		(int)r->shared_comments, jdump(c->a, r->extra), c->now, c->account_id,
		r->id) ? PL_OK : ctx_store_failed(c);
}

/* Creates (id 0) or updates organization id from in, inside the caller's
 * transaction; *out_id is the organization. */
static enum pl_err save_in_tx(struct ctx *c, int64_t id, json_t *in, int64_t *out_id)
{
	struct rec b = { 0 }, r = { 0 };
	enum pl_err e;
	if (id) {
		if ((e = rec_load(c, id, &b)))
			return e;
		r = b;
		r.extra = jown(c->a, json_deep_copy(b.extra));
	} else {
		r.extra = jown(c->a, json_object());
	}
	if ((e = rec_apply(c, id ? &b : NULL, &r, in)) || (e = rec_write(c, &r)))
		return e;
	*out_id = r.id;
	return PL_OK;
}

/* Runs save_in_tx in a transaction of its own (or the caller's) and reads
 * the result back. */
static enum pl_err save(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = save_in_tx(c, id, in, &id);
	if ((e = ctx_end(c, e)))
		return e;
	return org_get(c, id, out);
}

enum pl_err org_create(struct ctx *c, json_t *in, json_t **out)
{
	return save(c, 0, in, out);
}

enum pl_err org_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	return save(c, id, in, out);
}

enum pl_err org_create_or_update(struct ctx *c, json_t *in, json_t **out,
	bool *created)
{
	int64_t id = 0;
	const char *external_id = NULL;
	enum pl_err e;
	if ((e = input_id(c, in, "id", &id)) ||
	    (e = input_key(c, in, "external_id", &external_id)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (id && !org_exists(c, id))
		id = 0;
	if (!id && external_id)
		id = db_i64(c->db, "SELECT id FROM organizations WHERE account_id = ?"
			" AND external_id = ?", "is", c->account_id, external_id);
	if (id < 0)
		id = 0;
	*created = id == 0;
	e = save(c, id, in, out);
	return ctx_end(c, e);
}

enum pl_err org_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = org_exists(c, id) ? PL_OK : ctx_not_found(c);
	if (!e)
		e = org_membership_drop_org(c, id);
	if (!e && !db_exec(c->db, "DELETE FROM organizations WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id))
		e = ctx_store_failed(c);
	return ctx_end(c, e);
}
