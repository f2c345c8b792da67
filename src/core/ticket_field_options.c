/*
 * ticket_field_options.c: the options of drop-down (tagger) and multiselect
 * ticket fields.
 *
 * An option's value is the tag a ticket carries while the option is
 * chosen (core/ticket_fields.c), so it has no spaces and is unique within
 * its field.  Uniqueness is checked here rather than by an index so that a
 * field's whole option set can be replaced in one statement sequence
 * (values may move between kept options).
 */
#include "parley.h"
#include "core/ticket_field_defs.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, field_id, name, value, is_default, position"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *name = stmt_text(st, 2);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:I}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "ticket_fields/%lld/options/%lld",
			(long long)stmt_i64(st, 1), (long long)id),
		"name", name, "raw_name", name,
		"value", stmt_text(st, 3),
		"default", (int)stmt_i64(st, 4),
		"position", (json_int_t)stmt_i64(st, 5));
}

json_t *ticket_field_options_render(struct ctx *c, int64_t fid)
{
	json_t *arr;
	if (list_all(c, "SELECT " COLS " FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ? ORDER BY position, id", row, &arr,
		"ii", c->account_id, fid))
		return NULL;
	return json_incref(arr);
}

/* The type of field fid in the account, in the arena; PL_NOT_FOUND. */
static enum pl_err field_type(struct ctx *c, int64_t fid, const char **type)
{
	struct stmt *st = db_q(c->db, "SELECT type FROM ticket_fields"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, fid);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW)
		*type = arena_strdup(c->a, stmt_text(st, 0));
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}

static bool takes_options(const char *type)
{
	return !strcmp(type, "tagger") || !strcmp(type, "multiselect");
}

enum pl_err ticket_field_options_list(struct ctx *c, int64_t fid, json_t **out)
{
	const char *type;
	enum pl_err e = field_type(c, fid, &type);
	if (e)
		return e;
	return list_all(c, "SELECT " COLS " FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ? ORDER BY position, id", row, out,
		"ii", c->account_id, fid);
}

enum pl_err ticket_field_option_get(struct ctx *c, int64_t fid, int64_t oid,
	json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ? AND id = ?", row, out, "iii",
		c->account_id, fid, oid);
}

/* Checks one option object; errors go under key (or the attribute's own
 * name when key is NULL). */
static enum pl_err check_entry(struct ctx *c, json_t *o, const char *key)
{
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *value = json_string_value(json_object_get(o, "value"));
	json_t *dflt = json_object_get(o, "default");
	json_t *pos = json_object_get(o, "position");
	json_t *id = json_object_get(o, "id");
	if (!json_is_object(o))
		return ctx_invalid(c, key ? key : "base", "InvalidValue",
			"Custom field options: each option must be an object");
	if (!name || !*name || strspn(name, " \t\r\n") == strlen(name))
		return ctx_invalid(c, key ? key : "name", "BlankValue",
			"Name: cannot be blank");
	if (strlen(name) > 255)
		return ctx_invalid(c, key ? key : "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if (!value || !*value)
		return ctx_invalid(c, key ? key : "value", "BlankValue",
			"Value: cannot be blank (option %s)", name);
	if (strlen(value) > 255 || strpbrk(value, " \t\r\n"))
		return ctx_invalid(c, key ? key : "value", "InvalidValue",
			"Value: %s is not a valid tag (no spaces, at most 255 characters)",
			value);
	if ((dflt && !json_is_boolean(dflt)) || (pos && !json_is_integer(pos)) ||
	    (id && !json_is_integer(id) && !json_is_null(id)))
		return ctx_invalid(c, key ? key : "base", "InvalidValue",
			"Option %s: default must be true or false, position and id "
			"whole numbers", name);
	return PL_OK;
}

enum pl_err ticket_field_options_check(struct ctx *c, json_t *list)
{
	const char *key = "custom_field_options";
	if (!json_is_array(list) || json_array_size(list) == 0)
		return ctx_invalid(c, key, "BlankValue",
			"Custom field options: must be a list of at least one option");
	size_t i, k;
	json_t *o, *p;
	json_array_foreach(list, i, o) {
		enum pl_err e = check_entry(c, o, key);
		if (e)
			return e;
		const char *v = json_string_value(json_object_get(o, "value"));
		for (k = 0; k < i; k++) {
			p = json_array_get(list, k);
			if (!strcmp(v, json_string_value(json_object_get(p, "value"))))
				return ctx_invalid(c, key, "DuplicateValue",
					"Custom field options: the value %s is used twice", v);
		}
	}
	return PL_OK;
}

static json_t *existing_row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s}", "id", (json_int_t)stmt_i64(st, 0),
		"value", stmt_text(st, 1));
}

/* The existing option list index claimed by entry o, or -1 for a new one;
 * -2 (with the error set) when o names the id of no option of the field.
 * claimed[] marks options already taken by earlier entries. */
static int claim(struct ctx *c, json_t *existing, bool *claimed, json_t *o)
{
	json_t *id = json_object_get(o, "id");
	const char *value = json_string_value(json_object_get(o, "value"));
	size_t i;
	json_t *x;
	json_array_foreach(existing, i, x) {
		bool hit = json_is_integer(id)
			? json_integer_value(json_object_get(x, "id")) == json_integer_value(id)
			: !strcmp(json_string_value(json_object_get(x, "value")), value);
		if (hit && !claimed[i]) {
			claimed[i] = true;
			return (int)i;
		}
	}
	if (!json_is_integer(id))
		return -1;
	ctx_invalid(c, "custom_field_options", "InvalidValue",
		"Custom field options: %lld is not an option of this field",
		(long long)json_integer_value(id));
	return -2;
}

enum pl_err ticket_field_options_replace(struct ctx *c, int64_t fid, json_t *list)
{
	json_t *existing;
	enum pl_err e = list_all(c, "SELECT id, value FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ?", existing_row, &existing, "ii",
		c->account_id, fid);
	if (e)
		return e;
	size_t n = json_array_size(existing), i;
	bool *claimed = arena_alloc(c->a, n + 1);
	int *target = arena_alloc(c->a, sizeof(int) * (json_array_size(list) + 1));
	json_t *o;
	json_array_foreach(list, i, o)
		if ((target[i] = claim(c, existing, claimed, o)) == -2)
			return PL_INVALID;
	for (i = 0; i < n; i++)
		if (!claimed[i] && !db_exec(c->db, "DELETE FROM custom_field_options"
			" WHERE account_id = ? AND id = ?", "ii", c->account_id,
			(int64_t)json_integer_value(json_object_get(json_array_get(existing, i),
				"id"))))
			return ctx_store_failed(c);
	json_array_foreach(list, i, o) {
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *value = json_string_value(json_object_get(o, "value"));
		int dflt = json_is_true(json_object_get(o, "default"));
		json_t *pos = json_object_get(o, "position");
		int64_t position = pos ? json_integer_value(pos) : (int64_t)i;
		bool ok = target[i] >= 0
			? db_exec(c->db, "UPDATE custom_field_options SET name = ?, value = ?,"
				" is_default = ?, position = ? WHERE account_id = ? AND id = ?",
				"ssbiii", name, value, dflt, position, c->account_id,
				(int64_t)json_integer_value(json_object_get(
					json_array_get(existing, (size_t)target[i]), "id")))
			: db_exec(c->db, "INSERT INTO custom_field_options(account_id, field_id,"
				" name, value, is_default, position) VALUES (?, ?, ?, ?, ?, ?)",
				"iissbi", c->account_id, fid, name, value, dflt, position);
		if (!ok)
			return ctx_store_failed(c);
	}
	return PL_OK;
}

/* Creates or updates one option inside the caller's transaction; *oid is
 * the option written. */
static enum pl_err save(struct ctx *c, int64_t fid, json_t *in, int64_t *oid,
	bool *created)
{
	const char *type;
	enum pl_err e = field_type(c, fid, &type);
	if (e)
		return e;
	if (!takes_options(type))
		return ctx_invalid(c, "base", "InvalidValue",
			"Only drop-down and multiselect fields have options");
	if ((e = check_entry(c, in, NULL)))
		return e;
	json_t *idv = json_object_get(in, "id");
	int64_t id = json_is_integer(idv) ? json_integer_value(idv) : 0;
	if (id && db_i64(c->db, "SELECT count(*) FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ? AND id = ?", "iii",
		c->account_id, fid, id) != 1)
		id = 0; /* Zendesk: an unknown id creates a new option */
	const char *name = json_string_value(json_object_get(in, "name"));
	const char *value = json_string_value(json_object_get(in, "value"));
	if (db_i64(c->db, "SELECT count(*) FROM custom_field_options WHERE"
		" account_id = ? AND field_id = ? AND value = ? AND id <> ?", "iisi",
		c->account_id, fid, value, id) != 0)
		return ctx_invalid(c, "value", "DuplicateValue",
			"Value: %s is already used by another option of this field", value);
	json_t *dflt = json_object_get(in, "default");
	json_t *pos = json_object_get(in, "position");
	*created = id == 0;
	if (id) {
		*oid = id;
		return db_exec(c->db, "UPDATE custom_field_options SET name = ?, value = ?,"
			" is_default = coalesce(?, is_default),"
			" position = CASE WHEN ? THEN ? ELSE position END"
			" WHERE account_id = ? AND id = ?", "ssobiii", name, value,
			dflt ? json_is_true(dflt) : -1, pos != NULL,
			pos ? (int64_t)json_integer_value(pos) : 0, c->account_id, id)
			? PL_OK : ctx_store_failed(c);
	}
	int64_t position = pos ? json_integer_value(pos) : db_i64(c->db,
		"SELECT coalesce(max(position), -1) + 1 FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ?", "ii", c->account_id, fid);
	*oid = db_i64(c->db, "INSERT INTO custom_field_options(account_id, field_id,"
		" name, value, is_default, position) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		"iissbi", c->account_id, fid, name, value, json_is_true(dflt), position);
	return *oid > 0 ? PL_OK : ctx_store_failed(c);
}

enum pl_err ticket_field_option_save(struct ctx *c, int64_t fid, json_t *in,
	json_t **out, bool *created)
{
	int64_t oid = 0;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = save(c, fid, in, &oid, created);
	if ((e = ctx_end(c, e)))
		return e;
	return ticket_field_option_get(c, fid, oid, out);
}

enum pl_err ticket_field_option_delete(struct ctx *c, int64_t fid, int64_t oid)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = PL_OK;
	if (!db_exec(c->db, "DELETE FROM custom_field_options WHERE account_id = ?"
		" AND field_id = ? AND id = ?", "iii", c->account_id, fid, oid))
		e = ctx_store_failed(c);
	else if (db_changes(c->db) == 0)
		e = ctx_not_found(c);
	else if (db_i64(c->db, "SELECT count(*) FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ?", "ii", c->account_id, fid) == 0)
		e = ctx_invalid(c, "base", "InvalidValue",
			"A drop-down or multiselect field keeps at least one option");
	return ctx_end(c, e);
}
