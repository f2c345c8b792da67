/*
 * sla_policies.c: SLA policies in the store (see sla_policies.h).
 *
 * Invariants:
 *  1. A stored filter passed rules_check_conditions for RULE_VIEW with
 *     every id it names existing in the account, and is stored as
 *     {"all":[...],"any":[...]}.
 *  2. Stored policy_metrics hold only known priorities and metrics, one
 *     entry per (priority, metric), each with a positive whole target in
 *     minutes and a boolean business_hours.
 */
#include "parley.h"
#include "core/business_rules.h"
#include "core/input.h"
#include "core/rules.h"
#include "core/sla_policies.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

const char *const sla_metrics[] = { "first_reply_time", "next_reply_time",
	"periodic_update_time", "requester_wait_time", "agent_work_time",
	"pausable_update_time", NULL };

static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };

#define TARGET_MAX (365 * 24 * 60)   /* minutes */

#define COLS "id, title, description, position, filter, policy_metrics," \
	" created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:s,s:I,s:s,s:s,s:I,s:o,s:o,s:o,s:o}",
		"url", ctx_url(c, "slas/policies/%lld", (long long)id),
		"id", (json_int_t)id,
		"title", stmt_text(st, 1),
		"description", stmt_text(st, 2),
		"position", (json_int_t)stmt_i64(st, 3),
		"filter", jparse(stmt_text(st, 4), json_pack("{s:[],s:[]}", "all", "any")),
		"policy_metrics", jparse(stmt_text(st, 5), json_array()),
		"created_at", jtime(stmt_i64(st, 6)),
		"updated_at", jtime(stmt_i64(st, 7)));
}

enum pl_err sla_policies_list(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM sla_policies WHERE account_id = ?"
		" ORDER BY position, id", row, out, "i", c->account_id);
}

enum pl_err sla_policy_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM sla_policies WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

/* ---- validation ---- */

static bool in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static enum pl_err bad_metric(struct ctx *c, size_t i, const char *why)
{
	return ctx_invalid(c, "policy_metrics", "InvalidValue",
		"Policy metrics: entry %zu %s", i + 1, why);
}

/* The policy metrics of v, checked, as stored (arena). */
static enum pl_err read_metrics(struct ctx *c, json_t *v, json_t **out)
{
	if (!json_is_array(v))
		return ctx_invalid(c, "policy_metrics", "InvalidValue",
			"Policy metrics: must be a list of {priority, metric, target,"
			" business_hours}");
	json_t *list = jown(c->a, json_array()), *m;
	size_t i;
	json_array_foreach(v, i, m) {
		const char *pr = json_string_value(json_object_get(m, "priority"));
		const char *me = json_string_value(json_object_get(m, "metric"));
		json_t *target = json_object_get(m, "target");
		json_t *bh = json_object_get(m, "business_hours");
		if (!json_is_object(m))
			return bad_metric(c, i, "must be an object");
		if (!in_list(priorities, pr))
			return bad_metric(c, i, "needs a priority: low, normal, high or urgent");
		if (!in_list(sla_metrics, me))
			return bad_metric(c, i, "names an unknown metric");
		if (!json_is_integer(target) || json_integer_value(target) <= 0 ||
		    json_integer_value(target) > TARGET_MAX)
			return bad_metric(c, i, "needs a target: whole minutes, more than 0");
		if (bh && !json_is_boolean(bh))
			return bad_metric(c, i, "has a business_hours that is not true or false");
		size_t k;
		json_t *x;
		json_array_foreach(list, k, x)
			if (!strcmp(json_string_value(json_object_get(x, "priority")), pr) &&
			    !strcmp(json_string_value(json_object_get(x, "metric")), me))
				return bad_metric(c, i, "repeats a priority and metric");
		json_array_append_new(list, json_pack("{s:s,s:s,s:O,s:b}", "priority", pr,
			"metric", me, "target", target, "business_hours", json_is_true(bh)));
	}
	*out = list;
	return PL_OK;
}

struct record {
	const char *title;
	const char *description;
	int64_t position;           /* -1: last */
	json_t *filter;
	json_t *metrics;
};

static enum pl_err read_record(struct ctx *c, json_t *in, bool creating,
	struct record *r)
{
	json_t *d = json_object_get(in, "description"), *f = json_object_get(in, "filter");
	json_t *m = json_object_get(in, "policy_metrics");
	enum pl_err e;
	if ((e = input_title(c, in, creating, &r->title)))
		return e;
	if (d && !json_is_null(d) && !json_is_string(d))
		return ctx_invalid(c, "description", "InvalidValue",
			"Description: must be a string");
	if (d)
		r->description = json_is_string(d) ? json_string_value(d) : "";
	if ((e = input_position(c, in, &r->position)))
		return e;
	if (f || creating) {
		if (!json_is_object(f))
			return ctx_invalid(c, "filter", "BlankValue",
				"Filter: must be {\"all\": [...], \"any\": [...]}");
		struct rule_refs refs = business_rules_refs(c);
		if ((e = rules_check_conditions(c, f, RULE_VIEW, &refs))) {
			/* The engine names its section "conditions"; here it is the filter. */
			json_t *det = c->err_details ? json_object_get(c->err_details,
				"conditions") : NULL;
			if (det) {
				json_object_set(c->err_details, "filter", det);
				json_object_del(c->err_details, "conditions");
			}
			return e;
		}
		json_t *all = json_object_get(f, "all"), *any = json_object_get(f, "any");
		r->filter = jown(c->a, json_pack("{s:O,s:O}",
			"all", json_is_array(all) ? all : jown(c->a, json_array()),
			"any", json_is_array(any) ? any : jown(c->a, json_array())));
	}
	if (m || creating) {
		if ((e = read_metrics(c, m, &r->metrics)))
			return e;
	}
	return PL_OK;
}

/* ---- writes ---- */

static enum pl_err create_in_txn(struct ctx *c, json_t *in, int64_t *id)
{
	struct record r = { .description = "", .position = -1 };
	enum pl_err e = read_record(c, in, true, &r);
	if (e)
		return e;
	if (r.position < 0)
		r.position = db_i64(c->db, "SELECT coalesce(max(position), 0) + 1"
			" FROM sla_policies WHERE account_id = ?", "i", c->account_id);
	*id = db_i64(c->db, "INSERT INTO sla_policies(account_id, title, description,"
		" position, filter, policy_metrics, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "ississii", c->account_id,
		r.title, r.description, r.position, jdump(c->a, r.filter),
		jdump(c->a, r.metrics), c->now, c->now);
	return *id > 0 ? PL_OK : ctx_store_failed(c);
}

enum pl_err sla_policy_create(struct ctx *c, json_t *in, json_t **out)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id;
	enum pl_err e = create_in_txn(c, in, &id);
	if (!e)
		e = sla_policy_get(c, id, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

static enum pl_err update_in_txn(struct ctx *c, int64_t id, json_t *in)
{
	json_t *cur;
	enum pl_err e = sla_policy_get(c, id, &cur);
	if (e)
		return e;
	struct record r = {
		.title = json_string_value(json_object_get(cur, "title")),
		.description = json_string_value(json_object_get(cur, "description")),
		.position = json_integer_value(json_object_get(cur, "position")),
		.filter = json_object_get(cur, "filter"),
		.metrics = json_object_get(cur, "policy_metrics"),
	};
	if ((e = read_record(c, in, false, &r)))
		return e;
	if (!db_exec(c->db, "UPDATE sla_policies SET title = ?, description = ?,"
		" position = ?, filter = ?, policy_metrics = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "ssissiii", r.title, r.description,
		r.position, jdump(c->a, r.filter), jdump(c->a, r.metrics), c->now,
		c->account_id, id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err sla_policy_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = update_in_txn(c, id, in);
	if (!e)
		e = sla_policy_get(c, id, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err sla_policy_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM sla_policies WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

static bool has_id(json_t *list, int64_t id)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (json_integer_value(x) == id)
			return true;
	return false;
}

static enum pl_err reorder_in_txn(struct ctx *c, json_t *ids)
{
	json_t *all, *order = jown(c->a, json_array()), *x;
	size_t i;
	enum pl_err e = sla_policies_list(c, &all);
	if (e)
		return e;
	json_t *known = jown(c->a, json_array());
	json_array_foreach(all, i, x)
		json_array_append(known, json_object_get(x, "id"));
	json_array_foreach(ids, i, x) {
		if (!json_is_integer(x) || !has_id(known, json_integer_value(x)))
			return ctx_invalid(c, "sla_policy_ids", "InvalidValue",
				"SLA policy ids: %s is not a policy of this account",
				jdump(c->a, x));
		if (!has_id(order, json_integer_value(x)))
			json_array_append(order, x);
	}
	json_array_foreach(known, i, x)
		if (!has_id(order, json_integer_value(x)))
			json_array_append(order, x);
	json_array_foreach(order, i, x)
		if (!db_exec(c->db, "UPDATE sla_policies SET position = ?, updated_at = ?"
			" WHERE account_id = ? AND id = ?", "iiii", (int64_t)i + 1, c->now,
			c->account_id, (int64_t)json_integer_value(x)))
			return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err sla_policies_reorder(struct ctx *c, json_t *ids)
{
	if (!json_is_array(ids))
		return ctx_invalid(c, "sla_policy_ids", "InvalidValue",
			"SLA policy ids: must be a list of policy ids");
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = reorder_in_txn(c, ids);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

json_t *sla_policies_definitions(void)
{
	json_t *defs = rules_definitions(RULE_VIEW);
	json_t *out = json_pack("{s:{s:O,s:O}}", "definitions",
		"all", json_object_get(defs, "conditions_all"),
		"any", json_object_get(defs, "conditions_any"));
	json_decref(defs);
	return out;
}
