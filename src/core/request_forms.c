/*
 * request_forms.c: the forms, fields, field conditions and contact reason
 * end users see (request_forms.h), and the contact_reasons table.
 *
 * Forms and fields are read through their own modules (ticket_forms.h,
 * ticket_field_defs.h), so what a form offers follows what admins see.
 *
 * Invariants:
 *  1. A form offers only custom fields that are active and editable in the
 *     portal; system fields other than subject and description (which every
 *     request has) are never offered.
 *  2. The contact reason is offered only while its field is an active
 *     drop-down; it is then the first field of every form of the brand and
 *     conditions never hide it.
 *  3. Condition evaluation terminates: a chain of parents longer than the
 *     form's fields (a cycle) hides the field.
 *  4. contact_reasons rows are scoped by account; option_labels keeps only
 *     values that were options of the field when it was written.
 */
#include "parley.h"
#include "core/brands.h"
#include "core/request_forms.h"
#include "core/ticket_field_defs.h"
#include "core/ticket_forms.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <string.h>

#define LABELS_MAX 20        /* label names per option */
#define LABEL_MAX 255        /* bytes of one label name */

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* ---- the contact reason ---- */

struct reason {
	int64_t field_id;        /* 0: none */
	json_t *labels;          /* {"value": ["label", ...]}, arena-owned */
	int64_t updated_at;
};

static enum pl_err reason_row(struct ctx *c, int64_t brand_id, struct reason *r)
{
	r->field_id = 0;
	r->labels = jown(c->a, json_object());
	struct stmt *st = db_q(c->db, "SELECT field_id, option_labels, updated_at"
		" FROM contact_reasons WHERE account_id = ? AND brand_id = ?", "ii",
		c->account_id, brand_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		r->field_id = stmt_i64(st, 0);
		r->labels = jown(c->a, jparse(stmt_text(st, 1), json_object()));
		r->updated_at = stmt_i64(st, 2);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* The field of a reason as rendered by ticket_field_defs (borrowed) when
 * it is an active drop-down; NULL otherwise (gone, inactive, retyped). */
static json_t *usable_field(struct ctx *c, int64_t field_id)
{
	json_t *f;
	if (!field_id || ticket_field_def_get(c, field_id, &f) != PL_OK) {
		c->err_title = NULL;
		c->err_desc = NULL;
		return NULL;
	}
	if (!json_is_true(json_object_get(f, "active")) || strcmp(str(f, "type"), "tagger"))
		return NULL;
	return f;
}

/* The field's options with the label_names of labels (a new reference). */
static json_t *options_with_labels(json_t *field, json_t *labels)
{
	json_t *out = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(field, "custom_field_options"), i, o) {
		json_t *l = json_object_get(labels, str(o, "value"));
		json_array_append_new(out, json_pack("{s:O,s:s,s:s,s:o}", "id",
			json_object_get(o, "id"), "name", str(o, "name"), "value",
			str(o, "value"), "label_names", l ? json_incref(l) : json_array()));
	}
	return out;
}

enum pl_err request_reason_get(struct ctx *c, int64_t brand_id, json_t **out)
{
	struct reason r;
	enum pl_err e;
	if (!brand_exists(c, brand_id))
		return ctx_not_found(c);
	if ((e = reason_row(c, brand_id, &r)))
		return e;
	json_t *f;
	if (!r.field_id || ticket_field_def_get(c, r.field_id, &f))
		return ctx_fail(c, PL_NOT_FOUND, "The brand has no contact reason");
	*out = jown(c->a, json_pack("{s:I,s:I,s:s,s:b,s:o,s:o}",
		"brand_id", (json_int_t)brand_id, "ticket_field_id", (json_int_t)r.field_id,
		"title", str(f, "title_in_portal"),
		"active", usable_field(c, r.field_id) != NULL,
		"options", options_with_labels(f, r.labels),
		"updated_at", jtime(r.updated_at)));
	return PL_OK;
}

/* The label_names of one options entry, checked, as a new array. */
static enum pl_err labels_of(struct ctx *c, json_t *entry, json_t **out)
{
	json_t *v = json_object_get(entry, "label_names");
	*out = NULL;
	if (!json_is_array(v) || json_array_size(v) > LABELS_MAX)
		return ctx_invalid(c, "options", "InvalidValue", "Options: label_names of "
			"%s must be a list of at most %d label names", str(entry, "value"),
			LABELS_MAX);
	json_t *list = jown(c->a, json_array());
	size_t i;
	json_t *l;
	json_array_foreach(v, i, l) {
		const char *s = json_string_value(l);
		if (!s || !*s || strlen(s) > LABEL_MAX || strchr(s, ','))
			return ctx_invalid(c, "options", "InvalidValue", "Options: a label "
				"name is 1 to %d characters without commas", LABEL_MAX);
		json_array_append(list, l);
	}
	*out = list;
	return PL_OK;
}

static bool has_option(json_t *field, const char *value)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(field, "custom_field_options"), i, o)
		if (!strcmp(str(o, "value"), value))
			return true;
	return false;
}

/* Merges the options of in over r->labels for field (r->labels is reset
 * when the field changes), keeping only values that are options. */
static enum pl_err merge_labels(struct ctx *c, json_t *in, json_t *field,
	struct reason *r)
{
	json_t *opts = json_object_get(in, "options");
	if (opts && !json_is_array(opts))
		return ctx_invalid(c, "options", "InvalidValue",
			"Options: must be a list of {\"value\", \"label_names\"}");
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o) {
		const char *value = json_string_value(json_object_get(o, "value"));
		json_t *labels;
		enum pl_err e;
		if (!value || !has_option(field, value))
			return ctx_invalid(c, "options", "InvalidValue", "Options: %s is not "
				"an option value of the field", value ? value : "an entry");
		if ((e = labels_of(c, o, &labels)))
			return e;
		json_object_set(r->labels, value, labels);
	}
	json_t *kept = jown(c->a, json_object());
	const char *k;
	json_t *v;
	json_object_foreach(r->labels, k, v)
		if (has_option(field, k))
			json_object_set(kept, k, v);
	r->labels = kept;
	return PL_OK;
}

static enum pl_err reason_write(struct ctx *c, int64_t brand_id, json_t *in)
{
	struct reason r;
	enum pl_err e;
	if ((e = reason_row(c, brand_id, &r)))
		return e;
	json_t *fid = json_object_get(in, "ticket_field_id");
	if (!fid && !r.field_id)
		return ctx_invalid(c, "ticket_field_id", "BlankValue",
			"Ticket field: cannot be blank");
	int64_t id = fid ? json_integer_value(fid) : r.field_id;
	if (fid && !json_is_integer(fid))
		return ctx_invalid(c, "ticket_field_id", "InvalidValue",
			"Ticket field: must be a ticket field id");
	json_t *field = usable_field(c, id);
	if (!field)
		return ctx_invalid(c, "ticket_field_id", "InvalidValue", "Ticket field: "
			"%lld is not an active drop-down field of the account", (long long)id);
	if (id != r.field_id)
		r.labels = jown(c->a, json_object());
	if ((e = merge_labels(c, in, field, &r)))
		return e;
	if (!db_exec(c->db, "INSERT INTO contact_reasons(brand_id, account_id, field_id,"
		" option_labels, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
		" ON CONFLICT(brand_id) DO UPDATE SET field_id = excluded.field_id,"
		" option_labels = excluded.option_labels, updated_at = excluded.updated_at"
		" WHERE account_id = excluded.account_id", "iiisii", brand_id,
		c->account_id, id, jdump(c->a, r.labels), c->now, c->now))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err request_reason_set(struct ctx *c, int64_t brand_id, json_t *in,
	json_t **out)
{
	if (!brand_exists(c, brand_id))
		return ctx_not_found(c);
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = reason_write(c, brand_id, in);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return request_reason_get(c, brand_id, out);
}

enum pl_err request_reason_delete(struct ctx *c, int64_t brand_id)
{
	if (!db_exec(c->db, "DELETE FROM contact_reasons WHERE account_id = ?"
		" AND brand_id = ?", "ii", c->account_id, brand_id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK
		: ctx_fail(c, PL_NOT_FOUND, "The brand has no contact reason");
}

enum pl_err request_reason_labels(struct ctx *c, int64_t brand_id,
	const char *value, json_t **out)
{
	struct reason r;
	enum pl_err e = reason_row(c, brand_id, &r);
	if (e)
		return e;
	json_t *l = value ? json_object_get(r.labels, value) : NULL;
	*out = json_is_array(l) ? l : jown(c->a, json_array());
	return PL_OK;
}

enum pl_err request_portal_field_ids(struct ctx *c, json_t **out)
{
	json_t *ids;
	enum pl_err e = ticket_field_def_portal_ids(c, &ids);
	if (e)
		return e;
	struct stmt *st = db_q(c->db, "SELECT DISTINCT field_id FROM contact_reasons"
		" WHERE account_id = ?", "i", c->account_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		json_array_append_new(ids, json_integer(stmt_i64(st, 0)));
	stmt_reset(st);
	*out = ids;
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* ---- forms ---- */

enum pl_err request_forms_offered(struct ctx *c, int64_t brand_id, json_t **out)
{
	struct ticket_form_filter f = { .active = 1, .end_user_visible = 1,
		.brand_id = brand_id };
	json_t *forms;
	enum pl_err e = ticket_forms_list(c, &f, &forms);
	if (e)
		return e;
	*out = jown(c->a, json_array());
	size_t i;
	json_t *x;
	json_array_foreach(forms, i, x)
		json_array_append_new(*out, json_pack("{s:O,s:s,s:b}", "id",
			json_object_get(x, "id"), "name", str(x, "display_name"),
			"default", json_is_true(json_object_get(x, "default"))));
	return PL_OK;
}

/* The form of the offered list to use for form_id (see the header). */
static enum pl_err pick_form(struct ctx *c, json_t *offered, int64_t form_id,
	json_t **out)
{
	size_t i;
	json_t *x;
	*out = NULL;
	json_array_foreach(offered, i, x)
		if (form_id ? num(x, "id") == form_id
		    : json_is_true(json_object_get(x, "default")))
			*out = x;
	if (!*out && form_id)
		return ctx_invalid(c, "ticket_form_id", "InvalidValue", "Ticket form: %lld "
			"is not a form of this help center", (long long)form_id);
	if (!*out)
		*out = json_array_get(offered, 0);
	return PL_OK;
}

static void field_from(struct request_field *rf, json_t *f, bool reason)
{
	rf->id = num(f, "id");
	rf->type = str(f, "type");
	rf->title = str(f, "title_in_portal");
	rf->description = str(f, "description");
	rf->reason = reason;
	rf->required = reason || json_is_true(json_object_get(f, "required_in_portal"));
	json_t *o = json_object_get(f, "custom_field_options");
	rf->options = json_is_array(o) ? o : NULL;
}

/* The contact reason of brand_id as the form's first field, if any. */
static enum pl_err add_reason(struct ctx *c, int64_t brand_id, struct request_form *out)
{
	struct reason r;
	enum pl_err e = reason_row(c, brand_id, &r);
	if (e)
		return e;
	json_t *f = usable_field(c, r.field_id);
	if (!f)
		return PL_OK;
	struct request_field *rf = &out->fields[out->nfields++];
	field_from(rf, f, true);
	rf->options = jown(c->a, options_with_labels(f, r.labels));
	return PL_OK;
}

/* Appends the fields of form that end users edit (invariant 1). */
static enum pl_err add_fields(struct ctx *c, json_t *form, struct request_form *out)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(form, "ticket_field_ids"), i, x) {
		json_t *f;
		int64_t id = json_integer_value(x);
		if (out->nfields && out->fields[0].reason && out->fields[0].id == id)
			continue;
		enum pl_err e = ticket_field_def_get(c, id, &f);
		if (e == PL_NOT_FOUND) {
			c->err_title = NULL;
			c->err_desc = NULL;
			continue;
		}
		if (e)
			return e;
		if (!json_is_true(json_object_get(f, "removable")) ||
		    !json_is_true(json_object_get(f, "active")) ||
		    !json_is_true(json_object_get(f, "editable_in_portal")))
			continue;
		field_from(&out->fields[out->nfields++], f, false);
	}
	return PL_OK;
}

enum pl_err request_form_load(struct ctx *c, int64_t brand_id, int64_t form_id,
	struct request_form *out)
{
	json_t *offered, *pick, *form = NULL;
	enum pl_err e;
	memset(out, 0, sizeof(*out));
	if ((e = request_forms_offered(c, brand_id, &offered)) ||
	    (e = pick_form(c, offered, form_id, &pick)))
		return e;
	if (pick && (e = ticket_form_get(c, num(pick, "id"), &form)))
		return e;
	size_t cap = 1 + json_array_size(json_object_get(form, "ticket_field_ids"));
	out->fields = arena_alloc(c->a, sizeof(*out->fields) * cap);
	out->conditions = jown(c->a, json_array());
	if ((e = add_reason(c, brand_id, out)))
		return e;
	if (!form)
		return PL_OK;
	out->id = num(form, "id");
	out->name = str(form, "display_name");
	json_t *conds = json_object_get(form, "end_user_conditions");
	if (json_is_array(conds))
		out->conditions = conds;
	return add_fields(c, form, out);
}

/* ---- conditions ---- */

static int index_of(const struct request_form *f, int64_t id)
{
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].id == id)
			return i;
	return -1;
}

/* The text of a scalar condition value ("42" for 42), or NULL. */
static const char *scalar_text(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* Whether field p (a parent) has the value want in values. */
static bool has_value(const struct request_field *p, json_t *values, json_t *want)
{
	char key[24], buf[24];
	snprintf(key, sizeof(key), "%lld", (long long)p->id);
	json_t *v = json_object_get(values, key);
	if (!strcmp(p->type, "checkbox")) {
		bool w = json_is_true(want) ||
			(json_is_string(want) && !strcmp(json_string_value(want), "true"));
		return json_is_true(v) == w;
	}
	const char *w = scalar_text(want, buf, sizeof(buf));
	if (!w)
		return false;
	if (!strcmp(p->type, "multiselect")) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			if (json_is_string(x) && !strcmp(json_string_value(x), w))
				return true;
		return false;
	}
	return json_is_string(v) && !strcmp(json_string_value(v), w);
}

static bool shown(const struct request_form *f, int i, json_t *values, int depth,
	bool *required)
{
	const struct request_field *rf = &f->fields[i];
	*required = false;
	if (depth > f->nfields)
		return false; /* invariant 3 */
	bool child = false, holds = false, must = false;
	size_t k, j;
	json_t *cond, *ch;
	json_array_foreach(rf->reason ? NULL : f->conditions, k, cond) {
		int p = index_of(f, num(cond, "parent_field_id"));
		if (p < 0 || p == i)
			continue;
		json_array_foreach(json_object_get(cond, "child_fields"), j, ch) {
			if (num(ch, "id") != rf->id)
				continue;
			child = true;
			bool preq;
			if (shown(f, p, values, depth + 1, &preq) &&
			    has_value(&f->fields[p], values, json_object_get(cond, "value"))) {
				holds = true;
				must |= json_is_true(json_object_get(ch, "is_required"));
			}
		}
	}
	bool visible = !child || holds;
	*required = visible && (rf->required || must);
	return visible;
}

bool request_field_shown(const struct request_form *f, int i, json_t *values,
	bool *required)
{
	return shown(f, i, values, 0, required);
}

bool request_value_present(json_t *v)
{
	return v && !json_is_null(v) && !json_is_false(v) &&
		!(json_is_string(v) && json_string_length(v) == 0) &&
		!(json_is_array(v) && json_array_size(v) == 0);
}
