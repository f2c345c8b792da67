/*
 * ticket_forms.c: ticket forms of an account.
 *
 * A form is validated by reading it into a struct form (defaults for a new
 * one, the stored row for an update), merging the request over it and
 * writing it back whole, its field and brand lists included.
 *
 * Invariants:
 *  1. Exactly one form of the account has is_default = 1, and it is
 *     active.  Setting default on a form clears it on the others in the same
 *     transaction; clearing it on the default form is refused, since that
 *     would leave none.
 *  2. ticket_form_fields and ticket_form_brands name only fields and
 *     brands of the form's own account.
 *  3. A form saved with in_all_brands = 0 names at least one brand.  (A
 *     deleted brand leaves its forms; one left naming none is offered in
 *     no brand until it is edited.)
 *
 * agent_conditions and end_user_conditions are stored as given (arrays of
 * objects); they are not interpreted here (end_user_conditions decide the
 * fields of requests: core/request_forms.c).
 */
#include "parley.h"
#include "core/ticket_forms.h"
#include "core/brands.h"
#include "core/input.h"
#include "core/ticket_field_defs.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, display_name, position, active, is_default," \
	" end_user_visible, in_all_brands, agent_conditions, end_user_conditions," \
	" created_at, updated_at"

static json_t *id_row(struct ctx *c, struct stmt *st)
{
	return json_integer(stmt_i64(st, 0));
}

static enum pl_err field_ids(struct ctx *c, int64_t form, json_t **out)
{
	return list_all(c, "SELECT field_id FROM ticket_form_fields"
		" WHERE account_id = ? AND form_id = ? ORDER BY position", id_row, out,
		"ii", c->account_id, form);
}

static enum pl_err brand_ids(struct ctx *c, int64_t form, json_t **out)
{
	return list_all(c, "SELECT brand_id FROM ticket_form_brands"
		" WHERE account_id = ? AND form_id = ? ORDER BY brand_id", id_row, out,
		"ii", c->account_id, form);
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *name = stmt_text(st, 1);
	const char *shown = stmt_text(st, 2) ? stmt_text(st, 2) : name;
	json_t *fields, *brands;
	if (field_ids(c, id, &fields))
		fields = NULL;
	if (brand_ids(c, id, &brands))
		brands = NULL;
	json_t *f = json_object();
	json_object_set_new(f, "id", json_integer(id));
	json_object_set_new(f, "url", json_string(ctx_url(c, "ticket_forms/%lld",
		(long long)id)));
	json_object_set_new(f, "name", json_string(name));
	json_object_set_new(f, "raw_name", json_string(name));
	json_object_set_new(f, "display_name", json_string(shown));
	json_object_set_new(f, "raw_display_name", json_string(shown));
	json_object_set_new(f, "position", json_integer(stmt_i64(st, 3)));
	json_object_set_new(f, "active", json_boolean(stmt_i64(st, 4)));
	json_object_set_new(f, "default", json_boolean(stmt_i64(st, 5)));
	json_object_set_new(f, "end_user_visible", json_boolean(stmt_i64(st, 6)));
	json_object_set_new(f, "in_all_brands", json_boolean(stmt_i64(st, 7)));
	json_object_set_new(f, "restricted_brand_ids", brands ? json_incref(brands)
		: json_array());
	json_object_set_new(f, "ticket_field_ids", fields ? json_incref(fields)
		: json_array());
	json_object_set_new(f, "agent_conditions", jparse(stmt_text(st, 8), json_array()));
	json_object_set_new(f, "end_user_conditions", jparse(stmt_text(st, 9),
		json_array()));
	json_object_set_new(f, "created_at", jtime(stmt_i64(st, 10)));
	json_object_set_new(f, "updated_at", jtime(stmt_i64(st, 11)));
	return f;
}

enum pl_err ticket_forms_list(struct ctx *c, const struct ticket_form_filter *f,
	json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM ticket_forms WHERE account_id = ?"
		" AND (? IS NULL OR active = ?) AND (? IS NULL OR end_user_visible = ?)"
		" AND (? = 0 OR in_all_brands = 1 OR id IN (SELECT form_id"
		" FROM ticket_form_brands WHERE account_id = ? AND brand_id = ?))"
		" ORDER BY position, id", row, out, "iooooiii", c->account_id,
		f->active, f->active, f->end_user_visible, f->end_user_visible,
		f->brand_id, c->account_id, f->brand_id);
}

enum pl_err ticket_forms_show_many(struct ctx *c, const int64_t *ids, int n,
	json_t **out)
{
	json_t *all;
	struct ticket_form_filter any = { -1, -1, 0 };
	enum pl_err e = ticket_forms_list(c, &any, &all);
	if (e)
		return e;
	*out = jown(c->a, json_array());
	size_t i;
	json_t *f;
	json_array_foreach(all, i, f) {
		json_int_t id = json_integer_value(json_object_get(f, "id"));
		for (int k = 0; k < n; k++)
			if (ids[k] == id) {
				json_array_append(*out, f);
				break;
			}
	}
	return PL_OK;
}

enum pl_err ticket_form_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM ticket_forms"
		" WHERE account_id = ? AND id = ?", row, out, "ii", c->account_id, id);
}

bool ticket_form_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM ticket_forms"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, id) == 1;
}

enum pl_err ticket_form_ids_of_brand(struct ctx *c, int64_t brand_id, json_t **out)
{
	return list_all(c, "SELECT id FROM ticket_forms WHERE account_id = ?"
		" AND active = 1 AND (in_all_brands = 1 OR id IN (SELECT form_id"
		" FROM ticket_form_brands WHERE account_id = ? AND brand_id = ?))"
		" ORDER BY position, id", id_row, out, "iii", c->account_id,
		c->account_id, brand_id);
}

bool ticket_forms_forget_brand(struct ctx *c, int64_t brand_id)
{
	return db_exec(c->db, "DELETE FROM ticket_form_brands WHERE account_id = ?"
		" AND brand_id = ?", "ii", c->account_id, brand_id);
}

/* A form being created or updated. */
struct form {
	const char *name, *display_name;
	int64_t position;
	int active, is_default, end_user_visible, in_all_brands;
	json_t *agent_conditions, *end_user_conditions;   /* arena-owned */
	json_t *field_ids, *brand_ids;                    /* arena-owned */
};

static enum pl_err load_form(struct ctx *c, int64_t id, struct form *f)
{
	struct stmt *st = db_q(c->db, "SELECT name, display_name, position, active,"
		" is_default, end_user_visible, in_all_brands, agent_conditions,"
		" end_user_conditions FROM ticket_forms WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		f->name = arena_strdup(c->a, stmt_text(st, 0));
		f->display_name = arena_strdup(c->a, stmt_text(st, 1));
		f->position = stmt_i64(st, 2);
		f->active = (int)stmt_i64(st, 3);
		f->is_default = (int)stmt_i64(st, 4);
		f->end_user_visible = (int)stmt_i64(st, 5);
		f->in_all_brands = (int)stmt_i64(st, 6);
		f->agent_conditions = jown(c->a, jparse(stmt_text(st, 7), json_array()));
		f->end_user_conditions = jown(c->a, jparse(stmt_text(st, 8), json_array()));
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (rc != STEP_ROW)
		return ctx_not_found(c);
	enum pl_err e;
	if ((e = field_ids(c, id, &f->field_ids)) || (e = brand_ids(c, id, &f->brand_ids)))
		return e;
	return PL_OK;
}

/* Reads the id list name of in, each id accepted by exists(), into *out
 * (a new arena-owned array without duplicates) when present. */
static enum pl_err id_list_attr(struct ctx *c, json_t *in, const char *name,
	bool (*exists)(struct ctx *, int64_t), const char *what, json_t **out)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return PL_OK;
	if (json_is_null(v))
		v = NULL;
	else if (!json_is_array(v))
		return ctx_invalid(c, name, "InvalidValue", "%s: must be a list of ids", name);
	json_t *ids = jown(c->a, json_array());
	size_t i, k;
	json_t *x, *y;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x))
			return ctx_invalid(c, name, "InvalidValue",
				"%s: must be a list of ids", name);
		if (!exists(c, json_integer_value(x)))
			return ctx_invalid(c, name, "InvalidValue", "%s: %lld is not a %s of "
				"this account", name, (long long)json_integer_value(x), what);
		bool dup = false;
		json_array_foreach(ids, k, y)
			dup |= json_integer_value(y) == json_integer_value(x);
		if (!dup)
			json_array_append(ids, x);
	}
	*out = ids;
	return PL_OK;
}

static enum pl_err conditions_attr(struct ctx *c, json_t *in, const char *name,
	json_t **out)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return PL_OK;
	if (json_is_null(v))
		v = NULL;
	else if (!json_is_array(v))
		return ctx_invalid(c, name, "InvalidValue", "%s: must be a list of "
			"conditions", name);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (!json_is_object(x))
			return ctx_invalid(c, name, "InvalidValue", "%s: each condition "
				"must be an object", name);
	*out = v ? v : jown(c->a, json_array());
	return PL_OK;
}

static enum pl_err merge_names(struct ctx *c, json_t *in, struct form *f)
{
	json_t *name = json_object_get(in, "name");
	json_t *shown = json_object_get(in, "display_name");
	if (name && !json_is_string(name))
		return ctx_invalid(c, "name", "InvalidValue", "Name: must be a string");
	if (name)
		f->name = json_string_value(name);
	if (!f->name || strspn(f->name, " \t\r\n") == strlen(f->name))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (strlen(f->name) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if (shown && !json_is_string(shown) && !json_is_null(shown))
		return ctx_invalid(c, "display_name", "InvalidValue",
			"Display name: must be a string");
	if (shown)
		f->display_name = json_string_value(shown); /* NULL for null */
	if (f->display_name && !*f->display_name)
		f->display_name = NULL;
	if (f->display_name && strlen(f->display_name) > 255)
		return ctx_invalid(c, "display_name", "TooLong",
			"Display name: is too long (maximum is 255 characters)");
	return PL_OK;
}

/* Merges in over f, checking the rules of the file comment. was_default
 * tells whether the stored form is the default one. */
static enum pl_err merge(struct ctx *c, json_t *in, struct form *f, bool was_default)
{
	enum pl_err e;
	if ((e = merge_names(c, in, f)) ||
	    (e = input_flag(c, in, "active", &f->active)) ||
	    (e = input_flag(c, in, "default", &f->is_default)) ||
	    (e = input_flag(c, in, "end_user_visible", &f->end_user_visible)) ||
	    (e = input_flag(c, in, "in_all_brands", &f->in_all_brands)) ||
	    (e = id_list_attr(c, in, "ticket_field_ids", ticket_field_def_exists,
		"ticket field", &f->field_ids)) ||
	    (e = id_list_attr(c, in, "restricted_brand_ids", brand_exists, "brand",
		&f->brand_ids)) ||
	    (e = conditions_attr(c, in, "agent_conditions", &f->agent_conditions)) ||
	    (e = conditions_attr(c, in, "end_user_conditions", &f->end_user_conditions)))
		return e;
	json_t *pos = json_object_get(in, "position");
	if (pos && !json_is_integer(pos))
		return ctx_invalid(c, "position", "InvalidValue",
			"Position: must be a whole number");
	if (pos)
		f->position = json_integer_value(pos);
	if (was_default && !f->is_default)
		return ctx_invalid(c, "default", "InvalidValue", "Default: make another "
			"form the default instead; an account always has one");
	if (f->is_default && !f->active)
		return ctx_invalid(c, "active", "InvalidValue",
			"Active: the default form cannot be inactive");
	if (f->in_all_brands)
		f->brand_ids = jown(c->a, json_array());
	else if (json_array_size(f->brand_ids) == 0)
		return ctx_invalid(c, "restricted_brand_ids", "BlankValue",
			"Restricted brand ids: name at least one brand, or set in_all_brands");
	return PL_OK;
}

/* Writes the field and brand lists of form id, replacing the old ones. */
static bool write_lists(struct ctx *c, int64_t id, const struct form *f)
{
	if (!db_exec(c->db, "DELETE FROM ticket_form_fields WHERE account_id = ?"
		" AND form_id = ?", "ii", c->account_id, id) ||
	    !db_exec(c->db, "DELETE FROM ticket_form_brands WHERE account_id = ?"
		" AND form_id = ?", "ii", c->account_id, id))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(f->field_ids, i, x)
		if (!db_exec(c->db, "INSERT INTO ticket_form_fields(account_id, form_id,"
			" field_id, position) VALUES (?, ?, ?, ?)", "iiii", c->account_id, id,
			(int64_t)json_integer_value(x), (int64_t)i))
			return false;
	json_array_foreach(f->brand_ids, i, x)
		if (!db_exec(c->db, "INSERT INTO ticket_form_brands(account_id, form_id,"
			" brand_id) VALUES (?, ?, ?)", "iii", c->account_id, id,
			(int64_t)json_integer_value(x)))
			return false;
	return true;
}

/* Inserts f as a new form; *id gets its id.  Inside a transaction. */
static enum pl_err insert(struct ctx *c, struct form *f, int64_t *id)
{
	if (f->is_default && !db_exec(c->db, "UPDATE ticket_forms SET is_default = 0,"
		" updated_at = ? WHERE account_id = ? AND is_default = 1", "ii", c->now,
		c->account_id))
		return ctx_store_failed(c);
	*id = db_i64(c->db, "INSERT INTO ticket_forms(account_id, name, display_name,"
		" position, active, is_default, end_user_visible, in_all_brands,"
		" agent_conditions, end_user_conditions, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"issibbbbssii", c->account_id, f->name, f->display_name, f->position,
		f->active, f->is_default, f->end_user_visible, f->in_all_brands,
		jdump(c->a, f->agent_conditions), jdump(c->a, f->end_user_conditions),
		c->now, c->now);
	if (*id <= 0 || !write_lists(c, *id, f))
		return ctx_store_failed(c);
	return PL_OK;
}

static int64_t next_position(struct ctx *c)
{
	return db_i64(c->db, "SELECT coalesce(max(position), 0) + 1 FROM ticket_forms"
		" WHERE account_id = ?", "i", c->account_id);
}

/* Commits (or rolls back on e) and renders form id. */
static enum pl_err finish(struct ctx *c, int64_t id, enum pl_err e, json_t **out)
{
	if ((e = ctx_end(c, e)))
		return e;
	return ticket_form_get(c, id, out);
}

enum pl_err ticket_form_create(struct ctx *c, json_t *in, json_t **out)
{
	struct form f = { .active = 1, .end_user_visible = 1, .in_all_brands = 1 };
	f.agent_conditions = f.end_user_conditions = jown(c->a, json_array());
	f.field_ids = f.brand_ids = jown(c->a, json_array());
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = 0;
	enum pl_err e = merge(c, in, &f, false);
	if (!e && !json_object_get(in, "position"))
		f.position = next_position(c);
	if (!e)
		e = insert(c, &f, &id);
	return finish(c, id, e, out);
}

enum pl_err ticket_form_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct form f;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = load_form(c, id, &f);
	bool was_default = !e && f.is_default;
	if (!e)
		e = merge(c, in, &f, was_default);
	if (!e && f.is_default && !was_default && !db_exec(c->db, "UPDATE ticket_forms"
		" SET is_default = 0, updated_at = ? WHERE account_id = ? AND is_default = 1",
		"ii", c->now, c->account_id))
		e = ctx_store_failed(c);
	if (!e && (!db_exec(c->db, "UPDATE ticket_forms SET name = ?, display_name = ?,"
		" position = ?, active = ?, is_default = ?, end_user_visible = ?,"
		" in_all_brands = ?, agent_conditions = ?, end_user_conditions = ?,"
		" updated_at = ? WHERE account_id = ? AND id = ?", "ssibbbbssiii",
		f.name, f.display_name, f.position, f.active, f.is_default,
		f.end_user_visible, f.in_all_brands, jdump(c->a, f.agent_conditions),
		jdump(c->a, f.end_user_conditions), c->now, c->account_id, id) ||
	    !write_lists(c, id, &f)))
		e = ctx_store_failed(c);
	return finish(c, id, e, out);
}

enum pl_err ticket_form_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	struct form f;
	enum pl_err e = load_form(c, id, &f);
	if (!e && f.is_default)
		e = ctx_invalid(c, "base", "InvalidValue",
			"The default ticket form cannot be deleted");
	if (!e && !db_exec(c->db, "DELETE FROM ticket_forms WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id))
		e = ctx_store_failed(c);
	return ctx_end(c, e);
}

enum pl_err ticket_form_clone(struct ctx *c, int64_t id, bool prepend_title,
	json_t **out)
{
	struct form f;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t nid = 0;
	enum pl_err e = load_form(c, id, &f);
	if (!e) {
		if (prepend_title)
			f.name = arena_printf(c->a, "Clone of %s", f.name);
		f.is_default = 0;
		f.position = next_position(c);
		e = insert(c, &f, &nid);
	}
	return finish(c, nid, e, out);
}

static bool has_id(json_t *arr, json_int_t id)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (json_integer_value(x) == id)
			return true;
	return false;
}

/* The new order: the ids listed (each a form of the account, duplicates
 * dropped), then the forms left out in their old order.  Arena-owned. */
static enum pl_err new_order(struct ctx *c, json_t *ids, json_t **out)
{
	json_t *all;
	enum pl_err e = list_all(c, "SELECT id FROM ticket_forms WHERE account_id = ?"
		" ORDER BY position, id", id_row, &all, "i", c->account_id);
	if (e)
		return e;
	json_t *order = jown(c->a, json_array());
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		if (!json_is_integer(x) || !has_id(all, json_integer_value(x)))
			return ctx_invalid(c, "ticket_form_ids", "InvalidValue",
				"Ticket form ids: %s is not a form of this account",
				jdump(c->a, x));
		if (!has_id(order, json_integer_value(x)))
			json_array_append(order, x);
	}
	json_array_foreach(all, i, x)
		if (!has_id(order, json_integer_value(x)))
			json_array_append(order, x);
	*out = order;
	return PL_OK;
}

enum pl_err ticket_forms_reorder(struct ctx *c, json_t *ids, json_t **out)
{
	if (!json_is_array(ids))
		return ctx_invalid(c, "ticket_form_ids", "InvalidValue",
			"Ticket form ids: must be a list of ids");
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	json_t *order = NULL;
	enum pl_err e = new_order(c, ids, &order);
	size_t i;
	json_t *x;
	json_array_foreach(order, i, x)
		if (!e && !db_exec(c->db, "UPDATE ticket_forms SET position = ?,"
			" updated_at = ? WHERE account_id = ? AND id = ?", "iiii",
			(int64_t)i + 1, c->now, c->account_id, (int64_t)json_integer_value(x)))
			e = ctx_store_failed(c);
	if ((e = ctx_end(c, e)))
		return e;
	struct ticket_form_filter any = { -1, -1, 0 };
	return ticket_forms_list(c, &any, out);
}

bool ticket_forms_seed(struct ctx *c)
{
	struct form f = { .name = "Default Ticket Form", .position = 1, .active = 1,
		.is_default = 1, .end_user_visible = 1, .in_all_brands = 1 };
	f.agent_conditions = f.end_user_conditions = jown(c->a, json_array());
	f.brand_ids = jown(c->a, json_array());
	int64_t id;
	return ticket_field_def_ids(c, &f.field_ids) == PL_OK &&
		insert(c, &f, &id) == PL_OK;
}
