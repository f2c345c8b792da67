/*
 * business_rules.c: triggers, automations and macros in the store (see
 * business_rules.h).
 *
 * One table holds the three kinds; every query names the kind, so an id of
 * another kind answers 404 like a missing one.  Conditions and actions are
 * validated by core/rules.c against the account (business_rules_refs) and
 * stored as JSON text: conditions always as {"all":[...],"any":[...]}.
 *
 * Macro visibility is one SQL condition (VISIBLE) applied to every read,
 * so an agent never sees, and therefore never changes, another agent's
 * personal macro; for triggers and automations it is always true.
 *
 * Invariants:
 *  1. A Group-restricted macro has one business_rule_groups row per group
 *     and restriction_ids lists the same ids; both are written together.
 *  2. A trigger's category_id, when set, is a category of its account.
 *  3. Active rules are read on every ticket write, where parsing their
 *     JSON cost more than running them: each thread keeps the last list it
 *     parsed per kind, used while the account's rule_versions.version
 *     (changed by SQL triggers on every write to business_rules and
 *     trigger_categories, migration 0136) is the one it was read with in
 *     the same snapshot.  Callers share the kept list and only read it
 *     (business_rules.h); the thread's cache is never seen by another
 *     thread.
 */
#include "parley.h"
#include "core/business_rules.h"
#include "core/input.h"
#include "core/macros.h"
#include "core/trigger_categories.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "trigger", "automation", "macro" };
static const char *const kind_paths[] = { "triggers", "automations", "macros" };
static const char *const kind_titles[] = { "trigger", "automation", "macro" };

#define COLS "id, kind, title, description, active, position, is_default, conditions," \
	" actions, category_id, restriction_type, restriction_ids, created_at, updated_at"

/* Macros the principal sees (binds: is admin, user id, user id). */
#define VISIBLE " AND (? = 1 OR r.restriction_type IS NULL" \
	" OR r.restriction_user_id = ? OR EXISTS (SELECT 1 FROM business_rule_groups g" \
	" JOIN group_memberships m ON m.group_id = g.group_id AND m.user_id = ?" \
	" WHERE g.rule_id = r.id))"

static enum rule_kind kind_of(const char *s)
{
	return s[0] == 't' ? RULE_TRIGGER : s[0] == 'a' ? RULE_AUTOMATION : RULE_MACRO;
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	enum rule_kind kind = kind_of(stmt_text(st, 1));
	json_t *o = json_object();
	json_object_set_new(o, "url", json_string(ctx_url(c, "%s/%lld", kind_paths[kind],
		(long long)id)));
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "title", json_string(stmt_text(st, 2)));
	json_object_set_new(o, "active", json_boolean(stmt_i64(st, 4)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 13)));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 12)));
	json_object_set_new(o, "default", json_boolean(stmt_i64(st, 6)));
	json_object_set_new(o, "actions", jparse(stmt_text(st, 8), json_array()));
	if (kind != RULE_MACRO)
		json_object_set_new(o, "conditions", jparse(stmt_text(st, 7),
			json_pack("{s:[],s:[]}", "all", "any")));
	if (kind != RULE_AUTOMATION)
		json_object_set_new(o, "description", jstr(stmt_text(st, 3)));
	json_object_set_new(o, "position", json_integer(stmt_i64(st, 5)));
	json_object_set_new(o, "raw_title", json_string(stmt_text(st, 2)));
	if (kind == RULE_TRIGGER)
		json_object_set_new(o, "category_id", stmt_null(st, 9) ? json_null()
			: json_sprintf("%lld", (long long)stmt_i64(st, 9)));
	if (kind == RULE_MACRO) {
		json_t *ids = jparse(stmt_text(st, 11), json_array());
		json_object_set_new(o, "restriction", macro_restriction_json(stmt_text(st, 10),
			ids));
		json_decref(ids);
	}
	return o;
}

enum pl_err business_rule_get(struct ctx *c, enum rule_kind kind, int64_t id,
	json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM business_rules r WHERE account_id = ?"
		" AND kind = ? AND id = ?" VISIBLE, row, out, "isiiii", c->account_id,
		kind_names[kind], id, (int64_t)ctx_is_admin(c), c->me.id, c->me.id);
}

enum pl_err business_rules_all(struct ctx *c, enum rule_kind kind, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM business_rules r WHERE account_id = ?"
		" AND kind = ?" VISIBLE " ORDER BY position, id", row, out, "isiii",
		c->account_id, kind_names[kind], (int64_t)ctx_is_admin(c), c->me.id, c->me.id);
}

static json_t *active_row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s,s:o,s:o}", "id", (json_int_t)stmt_i64(st, 0),
		"title", stmt_text(st, 1),
		"conditions", jparse(stmt_text(st, 2), json_pack("{s:[],s:[]}", "all", "any")),
		"actions", jparse(stmt_text(st, 3), json_array()));
}

/* A thread's parsed active rules of one kind (invariant 3). */
struct active {
	int64_t account_id;
	int64_t version;
	json_t *rules;              /* owned; NULL: none kept */
};

static pthread_key_t active_key;
static pthread_once_t active_once = PTHREAD_ONCE_INIT;

static void active_free(void *p)
{
	struct active *kept = p;
	for (int k = 0; k <= RULE_MACRO; k++)
		json_decref(kept[k].rules);
	free(kept);
}

static void active_key_init(void)
{
	if (pthread_key_create(&active_key, active_free) != 0)
		abort();
}

/* This thread's kept lists, one per kind. */
static struct active *active_kept(void)
{
	pthread_once(&active_once, active_key_init);
	struct active *kept = pthread_getspecific(active_key);
	if (!kept) {
		kept = calloc(RULE_MACRO + 1, sizeof(*kept));
		if (!kept || pthread_setspecific(active_key, kept) != 0)
			abort();
	}
	return kept;
}

static enum pl_err active_read(struct ctx *c, enum rule_kind kind, json_t **out)
{
	return list_all(c, "SELECT r.id, r.title, r.conditions, r.actions"
		" FROM business_rules r LEFT JOIN trigger_categories k"
		" ON k.account_id = r.account_id AND k.id = r.category_id"
		" WHERE r.account_id = ? AND r.kind = ? AND r.active = 1"
		" ORDER BY coalesce(k.position, 0), k.id, r.position, r.id", active_row, out,
		"is", c->account_id, kind_names[kind]);
}

enum pl_err business_rules_active(struct ctx *c, enum rule_kind kind, json_t **out)
{
	int64_t version = db_i64(c->db, "SELECT coalesce((SELECT version FROM"
		" rule_versions WHERE account_id = ?), 0)", "i", c->account_id);
	if (version < 0)
		return ctx_store_failed(c);
	struct active *kept = &active_kept()[kind];
	if (!kept->rules || kept->account_id != c->account_id ||
	    kept->version != version) {
		json_t *rules;
		enum pl_err e = active_read(c, kind, &rules);
		if (e)
			return e;
		json_decref(kept->rules);
		kept->rules = json_incref(rules);
		kept->account_id = c->account_id;
		kept->version = version;
	}
	*out = jown(c->a, json_incref(kept->rules));
	return PL_OK;
}

/* ORDER BY text for sort_by, or NULL when unknown. */
static const char *order_by(const char *sort_by, bool desc)
{
	static const struct { const char *name, *asc, *desc; } orders[] = {
		{ "position", "position, id", "position DESC, id DESC" },
		{ "alphabetical", "lower(title), id", "lower(title) DESC, id DESC" },
		{ "created_at", "created_at, id", "created_at DESC, id DESC" },
		{ "updated_at", "updated_at, id", "updated_at DESC, id DESC" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(orders); i++)
		if (strcmp(orders[i].name, sort_by ? sort_by : "position") == 0)
			return desc ? orders[i].desc : orders[i].asc;
	return NULL;
}

/* "%text%" for LIKE ... ESCAPE '!', lowercased (ASCII). */
static char *like_pattern(struct ctx *c, const char *q)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_adds(&b, "%");
	for (const char *p = q; *p; p++) {
		char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		if (ch == '!' || ch == '%' || ch == '_')
			sbuf_add(&b, "!", 1);
		sbuf_add(&b, &ch, 1);
	}
	sbuf_adds(&b, "%");
	return b.s;
}

enum pl_err business_rules_list(struct ctx *c, enum rule_kind kind,
	const struct rule_filter *f, const struct page *p, struct list_result *out)
{
	struct page pg = *p;
	if (!(pg.order = order_by(f->sort_by, p->desc)))
		return ctx_fail(c, PL_BAD_REQUEST, "sort_by must be one of position, "
			"alphabetical, created_at, updated_at");
	if (f->access && strcmp(f->access, "personal") && strcmp(f->access, "shared") &&
	    strcmp(f->access, "account"))
		return ctx_fail(c, PL_BAD_REQUEST,
			"access must be one of personal, shared, account");
	const char *pattern = f->query ? like_pattern(c, f->query) : NULL;
	return list_run(c, &pg, COLS, "FROM business_rules r"
		" WHERE account_id = ? AND kind = ?"
		" AND (? < 0 OR active = ?)"
		" AND (? = 0 OR category_id = ?)"
		" AND (? IS NULL OR lower(title) LIKE ? ESCAPE '!')"
		" AND (? IS NULL OR category = ?)"
		" AND (? = 0 OR EXISTS (SELECT 1 FROM business_rule_groups g2"
		"  WHERE g2.rule_id = r.id AND g2.group_id = ?))"
		" AND (? IS NULL"
		"  OR (? = 'personal' AND restriction_type = 'User' AND restriction_user_id = ?)"
		"  OR (? = 'shared' AND (restriction_type IS NULL OR restriction_type = 'Group'))"
		"  OR (? = 'account' AND restriction_type IS NULL))" VISIBLE,
		row, out, "is" "ii" "ii" "ss" "ss" "ii" "ssiss" "iii",
		c->account_id, kind_names[kind],
		(int64_t)f->active, (int64_t)f->active,
		f->category_id, f->category_id,
		pattern, pattern,
		f->category, f->category,
		f->group_id, f->group_id,
		f->access, f->access, c->me.id, f->access, f->access,
		(int64_t)ctx_is_admin(c), c->me.id, c->me.id);
}

/* ---- reading a rule for a write ---- */

struct record {
	int64_t id;
	const char *title, *description;
	int active;
	int64_t position, category_id;
	json_t *conditions, *actions;   /* arena-owned */
	struct macro_restriction restriction;
};

/* Loads rule id of kind (visible to the principal) for a change inside the
 * caller's transaction.  PL_NOT_FOUND when there is none; PL_FORBIDDEN
 * when the principal may not change it. */
static enum pl_err load(struct ctx *c, enum rule_kind kind, int64_t id, struct record *r)
{
	struct stmt *st = db_q(c->db, "SELECT title, description, active, position,"
		" conditions, actions, category_id, restriction_type, restriction_user_id,"
		" restriction_ids FROM business_rules r WHERE account_id = ? AND kind = ?"
		" AND id = ?" VISIBLE, "isiiii", c->account_id, kind_names[kind], id,
		(int64_t)ctx_is_admin(c), c->me.id, c->me.id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		memset(r, 0, sizeof(*r));
		r->id = id;
		r->title = arena_strdup(c->a, stmt_text(st, 0));
		r->description = arena_strdup(c->a, stmt_text(st, 1));
		r->active = (int)stmt_i64(st, 2);
		r->position = stmt_i64(st, 3);
		r->conditions = jown(c->a, jparse(stmt_text(st, 4), json_object()));
		r->actions = jown(c->a, jparse(stmt_text(st, 5), json_array()));
		r->category_id = stmt_i64(st, 6);
		r->restriction.type = arena_strdup(c->a, stmt_text(st, 7));
		r->restriction.user_id = stmt_i64(st, 8);
		r->restriction.ids = jown(c->a, jparse(stmt_text(st, 9), json_array()));
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (rc != STEP_ROW)
		return ctx_not_found(c);
	if (kind == RULE_MACRO && !macro_writable(c, &r->restriction))
		return ctx_forbidden(c);
	return PL_OK;
}

/* ---- validating input ---- */

static bool exists(void *arg, enum rule_ref kind, int64_t id)
{
	struct ctx *c = arg;
	int64_t n = -1;
	switch (kind) {
	case REF_GROUP:
		n = db_i64(c->db, "SELECT count(*) FROM groups_ WHERE account_id = ?"
			" AND id = ? AND deleted = 0", "ii", c->account_id, id);
		break;
	case REF_USER:
		n = db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ?"
			" AND id = ? AND active = 1", "ii", c->account_id, id);
		break;
	case REF_ORGANIZATION:
		n = db_i64(c->db, "SELECT count(*) FROM organizations WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id);
		break;
	case REF_BRAND:
		n = db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
			" AND id = ? AND deleted = 0", "ii", c->account_id, id);
		break;
	case REF_FORM:
		n = db_i64(c->db, "SELECT count(*) FROM ticket_forms WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id);
		break;
	case REF_FIELD:
		n = db_i64(c->db, "SELECT count(*) FROM ticket_fields WHERE account_id = ?"
			" AND id = ? AND removable = 1", "ii", c->account_id, id);
		break;
	}
	return n > 0;
}

struct rule_refs business_rules_refs(struct ctx *c)
{
	return (struct rule_refs){ exists, c };
}

static enum pl_err read_plain(struct ctx *c, json_t *in, struct record *r)
{
	bool active = r->active;
	enum pl_err e;
	if ((e = input_text(c, in, "description", SIZE_MAX, &r->description)) ||
	    (e = input_bool(c, in, "active", &active)))
		return e;
	r->active = active;
	return input_position(c, in, &r->position);
}

/* The request's conditions ("conditions", or "all"/"any" at the top as
 * views take them), checked and in stored form; r keeps its own when the
 * request has none. */
static enum pl_err read_conditions(struct ctx *c, enum rule_kind kind, json_t *in,
	const struct rule_refs *refs, struct record *r)
{
	json_t *cd = json_object_get(in, "conditions");
	if (!cd && (json_object_get(in, "all") || json_object_get(in, "any")))
		cd = in;
	if (!cd || kind == RULE_MACRO)
		return PL_OK;
	enum pl_err e = rules_check_conditions(c, cd, kind, refs);
	if (e)
		return e;
	json_t *all = json_object_get(cd, "all"), *any = json_object_get(cd, "any");
	r->conditions = jown(c->a, json_pack("{s:O,s:O}",
		"all", json_is_array(all) ? all : jown(c->a, json_array()),
		"any", json_is_array(any) ? any : jown(c->a, json_array())));
	return PL_OK;
}

static enum pl_err read_category(struct ctx *c, json_t *in, struct record *r)
{
	json_t *v = json_object_get(in, "category_id");
	if (!v)
		return PL_OK;
	const char *s = json_string_value(v);
	int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
	if (s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 19)
		id = strtoll(s, NULL, 10);
	if (id <= 0 || !trigger_category_exists(c, id))
		return ctx_invalid(c, "category_id", "InvalidValue",
			"Category: %s is not a trigger category of this account", jdump(c->a, v));
	r->category_id = id;
	return PL_OK;
}

static size_t count_conditions(const json_t *cd)
{
	return json_array_size(json_object_get(cd, "all")) +
		json_array_size(json_object_get(cd, "any"));
}

/* Applies the request to r (the stored rule, or a blank one) and checks
 * the result as it would be stored. */
static enum pl_err read_input(struct ctx *c, enum rule_kind kind, json_t *in,
	bool creating, struct record *r)
{
	struct rule_refs refs = business_rules_refs(c);
	json_t *acts = json_object_get(in, "actions");
	enum pl_err e;
	if ((e = input_title(c, in, creating, &r->title)) || (e = read_plain(c, in, r)) ||
	    (e = read_conditions(c, kind, in, &refs, r)) ||
	    (acts && (e = rules_check_actions(c, acts, kind, &refs))) ||
	    (kind == RULE_TRIGGER && (e = read_category(c, in, r))))
		return e;
	if (acts)
		r->actions = acts;
	if (kind != RULE_MACRO && count_conditions(r->conditions) == 0)
		return ctx_invalid(c, "conditions", "BlankValue",
			"Conditions: a %s needs at least one condition", kind_titles[kind]);
	if (json_array_size(r->actions) == 0)
		return ctx_invalid(c, "actions", "BlankValue",
			"Actions: a %s needs at least one action", kind_titles[kind]);
	if (kind == RULE_AUTOMATION)
		return rules_check_automation(c, r->conditions, r->actions);
	return PL_OK;
}

/* Rewrites the business_rule_groups rows of rule id. */
static bool write_groups(struct ctx *c, int64_t id, const struct macro_restriction *m)
{
	if (!db_exec(c->db, "DELETE FROM business_rule_groups WHERE account_id = ?"
		" AND rule_id = ?", "ii", c->account_id, id))
		return false;
	if (!m->type || strcmp(m->type, "Group") != 0)
		return true;
	size_t i;
	json_t *g;
	json_array_foreach(m->ids, i, g)
		if (!db_exec(c->db, "INSERT INTO business_rule_groups(account_id, rule_id,"
			" group_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", "iii",
			c->account_id, id, (int64_t)json_integer_value(g)))
			return false;
	return true;
}

enum pl_err business_rule_add(struct ctx *c, enum rule_kind kind, json_t *in,
	bool is_default, int64_t *id)
{
	struct record r = { .active = 1, .position = -1 };
	r.conditions = jown(c->a, json_pack("{s:[],s:[]}", "all", "any"));
	r.actions = jown(c->a, json_array());
	enum pl_err e = read_input(c, kind, in, true, &r);
	if (!e && kind == RULE_MACRO)
		e = macro_restriction_parse(c, json_object_get(in, "restriction"), NULL,
			&r.restriction);
	if (e)
		return e;
	if (kind == RULE_TRIGGER && !r.category_id)
		r.category_id = trigger_category_first(c);
	if (r.position < 0)
		r.position = db_i64(c->db, "SELECT coalesce(max(position), 0) + 1"
			" FROM business_rules WHERE account_id = ? AND kind = ?", "is",
			c->account_id, kind_names[kind]);
	*id = db_i64(c->db, "INSERT INTO business_rules(account_id, kind, title,"
		" description, active, position, is_default, conditions, actions,"
		" category_id, category, restriction_type, restriction_user_id,"
		" restriction_ids, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"isssbibssnssnsnii", c->account_id, kind_names[kind], r.title, r.description,
		r.active, r.position, (int)is_default,
		jdump(c->a, r.conditions), jdump(c->a, r.actions),
		r.category_id, kind == RULE_MACRO ? macro_category(c, r.title) : NULL,
		r.restriction.type, r.restriction.user_id,
		r.restriction.type ? jdump(c->a, r.restriction.ids) : NULL, c->me.id,
		c->now, c->now);
	if (*id <= 0 || !write_groups(c, *id, &r.restriction))
		return ctx_store_failed(c);
	return PL_OK;
}

/* Commits on success, rolls back otherwise; returns e or a store error. */
static enum pl_err finish(struct ctx *c, enum pl_err e)
{
	return ctx_end(c, e);
}

enum pl_err business_rule_create(struct ctx *c, enum rule_kind kind, json_t *in,
	json_t **out)
{
	int64_t id = 0;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = finish(c, business_rule_add(c, kind, in, false, &id));
	return e ? e : business_rule_get(c, kind, id, out);
}

static enum pl_err update(struct ctx *c, enum rule_kind kind, int64_t id, json_t *in)
{
	struct record r;
	enum pl_err e = load(c, kind, id, &r);
	if (e || (e = read_input(c, kind, in, false, &r)))
		return e;
	struct macro_restriction m = r.restriction;
	if (kind == RULE_MACRO && (e = macro_restriction_parse(c,
		json_object_get(in, "restriction"), &r.restriction, &m)))
		return e;
	if (!db_exec(c->db, "UPDATE business_rules SET title = ?, description = ?,"
		" active = ?, position = ?, conditions = ?, actions = ?, category_id = ?,"
		" category = ?, restriction_type = ?, restriction_user_id = ?,"
		" restriction_ids = ?, updated_at = ? WHERE account_id = ? AND id = ?",
		"ssbissnssnsiii", r.title, r.description, r.active, r.position,
		jdump(c->a, r.conditions), jdump(c->a, r.actions),
		r.category_id, kind == RULE_MACRO ? macro_category(c, r.title) : NULL,
		m.type, m.user_id, m.type ? jdump(c->a, m.ids) : NULL, c->now,
		c->account_id, id) || !write_groups(c, id, &m))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err business_rule_update(struct ctx *c, enum rule_kind kind, int64_t id,
	json_t *in, json_t **out)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = finish(c, update(c, kind, id, in));
	return e ? e : business_rule_get(c, kind, id, out);
}

static enum pl_err delete_one(struct ctx *c, enum rule_kind kind, int64_t id)
{
	struct record r;
	enum pl_err e = load(c, kind, id, &r);
	if (e)
		return e;
	if (!db_exec(c->db, "DELETE FROM business_rules WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err business_rule_delete(struct ctx *c, enum rule_kind kind, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	return finish(c, delete_one(c, kind, id));
}

enum pl_err business_rules_destroy_many(struct ctx *c, enum rule_kind kind,
	const int64_t *ids, int n)
{
	if (n == 0)
		return ctx_fail(c, PL_BAD_REQUEST, "Parameter ids is required");
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = PL_OK;
	for (int i = 0; i < n && !e; i++)
		e = delete_one(c, kind, ids[i]);
	return finish(c, e);
}

/* One item of update_many: {"id", "position"?, "active"?, "category_id"?}. */
static enum pl_err update_item(struct ctx *c, enum rule_kind kind, json_t *item)
{
	json_t *idv = json_object_get(item, "id");
	if (!json_is_integer(idv))
		return ctx_invalid(c, "id", "InvalidValue", "Id: each item needs an id");
	struct record r;
	enum pl_err e = load(c, kind, json_integer_value(idv), &r);
	if (e || (e = read_plain(c, item, &r)) ||
	    (kind == RULE_TRIGGER && (e = read_category(c, item, &r))))
		return e;
	if (!db_exec(c->db, "UPDATE business_rules SET position = ?, active = ?,"
		" category_id = ?, updated_at = ? WHERE account_id = ? AND id = ?",
		"ibniii", r.position, r.active, r.category_id, c->now, c->account_id, r.id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err business_rules_update_many(struct ctx *c, enum rule_kind kind,
	json_t *items, json_t **out)
{
	if (!json_is_array(items))
		return ctx_fail(c, PL_BAD_REQUEST, "%s must be a list of %s",
			kind_paths[kind], kind_paths[kind]);
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	size_t i;
	json_t *item;
	enum pl_err e = PL_OK;
	json_array_foreach(items, i, item)
		if (!e)
			e = update_item(c, kind, item);
	if ((e = finish(c, e)))
		return e;
	*out = jown(c->a, json_array());
	json_array_foreach(items, i, item) {
		json_t *one;
		if ((e = business_rule_get(c, kind, json_integer_value(json_object_get(item,
			"id")), &one)))
			return e;
		json_array_append(*out, one);
	}
	return PL_OK;
}

static bool has_id(json_t *list, json_int_t id)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (json_integer_value(json_object_get(x, "id")) == id)
			return true;
	return false;
}

enum pl_err business_rules_reorder(struct ctx *c, enum rule_kind kind, json_t *ids,
	json_t **out)
{
	const char *key = kind == RULE_TRIGGER ? "trigger_ids" : "automation_ids";
	if (!json_is_array(ids))
		return ctx_invalid(c, key, "InvalidValue", "%s: must be a list of ids", key);
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	json_t *all, *order = jown(c->a, json_array()), *x;
	size_t i;
	enum pl_err e = business_rules_all(c, kind, &all);
	json_array_foreach(ids, i, x) {
		if (e)
			break;
		if (!json_is_integer(x) || !has_id(all, json_integer_value(x)))
			e = ctx_invalid(c, key, "InvalidValue", "%s: %s is not a %s of this "
				"account", key, jdump(c->a, x), kind_titles[kind]);
		else if (!has_id(order, json_integer_value(x)))
			json_array_append_new(order, json_pack("{s:O}", "id", x));
	}
	json_array_foreach(all, i, x)
		if (!e && !has_id(order, json_integer_value(json_object_get(x, "id"))))
			json_array_append_new(order, json_pack("{s:O}", "id",
				json_object_get(x, "id")));
	json_array_foreach(order, i, x)
		if (!e && !db_exec(c->db, "UPDATE business_rules SET position = ?,"
			" updated_at = ? WHERE account_id = ? AND id = ?", "iiii",
			(int64_t)i + 1, c->now, c->account_id,
			(int64_t)json_integer_value(json_object_get(x, "id"))))
			e = ctx_store_failed(c);
	if ((e = finish(c, e)))
		return e;
	return business_rules_all(c, kind, out);
}
