/*
 * ticket_field_defs.c: creating, changing and rendering ticket fields.
 *
 * A field is validated by reading it into a struct def (defaults for a new
 * one, the stored row for an update), merging the request over it, and
 * writing every column back, so create and update share one set of rules.
 *
 * Invariants:
 *  1. The type of a field never changes; system fields (removable = 0) are
 *     never deleted and take no options, tag or regexp.
 *  2. regexp_for_validation is kept only on regexp fields, and compiles
 *     with regcomp(REG_EXTENDED); tag only on checkbox fields.
 *  3. tagger and multiselect fields keep at least one option
 *     (ticket_field_options.c checks the lists and refuses to delete the
 *     last option).
 */
#include "parley.h"
#include "core/input.h"
#include "core/ticket_field_defs.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <regex.h>
#include <string.h>

#define STR_MAX 65535 /* bytes of a text attribute */

#define COLS "id, type, title, description, agent_description, position, active," \
	" required, collapsed_for_agents, regexp_for_validation, title_in_portal," \
	" visible_in_portal, editable_in_portal, required_in_portal, tag, key," \
	" removable, created_at, updated_at"

static const char *const custom_types[] = {
	"text", "textarea", "checkbox", "date", "integer", "decimal", "regexp",
	"tagger", "multiselect",
};

/* Zendesk's fixed choices of the system fields that have them. */
struct sysopt {
	const char *type;
	const char *names[5];
	const char *values[5];
};
static const struct sysopt system_options[] = {
	{ "status", { "Open", "Pending", "On-hold", "Solved", "Closed" },
		{ "open", "pending", "hold", "solved", "closed" } },
	{ "tickettype", { "Question", "Incident", "Problem", "Task" },
		{ "question", "incident", "problem", "task" } },
	{ "priority", { "Low", "Normal", "High", "Urgent" },
		{ "low", "normal", "high", "urgent" } },
};

static bool has_options(const char *type)
{
	return !strcmp(type, "tagger") || !strcmp(type, "multiselect");
}

static json_t *system_field_options(const char *type)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(system_options); i++) {
		const struct sysopt *o = &system_options[i];
		if (strcmp(o->type, type))
			continue;
		json_t *arr = json_array();
		for (int k = 0; k < 5 && o->names[k]; k++)
			json_array_append_new(arr, json_pack("{s:s,s:s}",
				"name", o->names[k], "value", o->values[k]));
		return arr;
	}
	return NULL;
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *type = stmt_text(st, 1);
	const char *title = stmt_text(st, 2);
	const char *portal = stmt_text(st, 10) ? stmt_text(st, 10) : title;
	json_t *f = json_object();
	json_object_set_new(f, "id", json_integer(id));
	json_object_set_new(f, "url", json_string(ctx_url(c, "ticket_fields/%lld",
		(long long)id)));
	json_object_set_new(f, "type", json_string(type));
	json_object_set_new(f, "title", json_string(title));
	json_object_set_new(f, "raw_title", json_string(title));
	json_object_set_new(f, "description", json_string(stmt_text(st, 3)));
	json_object_set_new(f, "raw_description", json_string(stmt_text(st, 3)));
	json_object_set_new(f, "agent_description", jstr(stmt_text(st, 4)));
	json_object_set_new(f, "position", json_integer(stmt_i64(st, 5)));
	json_object_set_new(f, "active", json_boolean(stmt_i64(st, 6)));
	json_object_set_new(f, "required", json_boolean(stmt_i64(st, 7)));
	json_object_set_new(f, "collapsed_for_agents", json_boolean(stmt_i64(st, 8)));
	json_object_set_new(f, "regexp_for_validation", jstr(stmt_text(st, 9)));
	json_object_set_new(f, "title_in_portal", json_string(portal));
	json_object_set_new(f, "raw_title_in_portal", json_string(portal));
	json_object_set_new(f, "visible_in_portal", json_boolean(stmt_i64(st, 11)));
	json_object_set_new(f, "editable_in_portal", json_boolean(stmt_i64(st, 12)));
	json_object_set_new(f, "required_in_portal", json_boolean(stmt_i64(st, 13)));
	json_object_set_new(f, "tag", jstr(stmt_text(st, 14)));
	json_object_set_new(f, "key", jstr(stmt_text(st, 15)));
	json_object_set_new(f, "removable", json_boolean(stmt_i64(st, 16)));
	json_object_set_new(f, "created_at", jtime(stmt_i64(st, 17)));
	json_object_set_new(f, "updated_at", jtime(stmt_i64(st, 18)));
	if (has_options(type)) {
		json_t *opts = ticket_field_options_render(c, id);
		json_object_set_new(f, "custom_field_options", opts ? opts : json_array());
	}
	json_t *sys = system_field_options(type);
	if (sys)
		json_object_set_new(f, "system_field_options", sys);
	return f;
}

enum pl_err ticket_field_defs_list(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	struct page q = *p;
	if (!q.cursor && !q.order)
		q.order = q.desc ? "position DESC, id DESC" : "position, id";
	return list_run(c, &q, COLS, "FROM ticket_fields WHERE account_id = ?", row,
		out, "i", c->account_id);
}

enum pl_err ticket_field_defs_count(struct ctx *c, int64_t *n)
{
	*n = db_i64(c->db, "SELECT count(*) FROM ticket_fields WHERE account_id = ?",
		"i", c->account_id);
	return *n < 0 ? ctx_store_failed(c) : PL_OK;
}

enum pl_err ticket_field_def_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM ticket_fields"
		" WHERE account_id = ? AND id = ?", row, out, "ii", c->account_id, id);
}

bool ticket_field_def_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM ticket_fields"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, id) == 1;
}

static json_t *id_row(struct ctx *c, struct stmt *st)
{
	return json_integer(stmt_i64(st, 0));
}

enum pl_err ticket_field_def_ids(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT id FROM ticket_fields WHERE account_id = ?"
		" ORDER BY position, id", id_row, out, "i", c->account_id);
}

enum pl_err ticket_field_def_portal_ids(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT id FROM ticket_fields WHERE account_id = ?"
		" AND removable = 1 AND active = 1 AND visible_in_portal = 1"
		" ORDER BY position, id", id_row, out, "i", c->account_id);
}

bool ticket_field_defs_seed(struct ctx *c)
{
	static const struct {
		const char *type, *title;
		int portal;   /* visible, editable and required in the portal */
	} sys[] = {
		{ "subject", "Subject", 1 }, { "description", "Description", 1 },
		{ "status", "Status", 0 }, { "tickettype", "Type", 0 },
		{ "priority", "Priority", 0 }, { "group", "Group", 0 },
		{ "assignee", "Assignee", 0 },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(sys); i++)
		if (!db_exec(c->db, "INSERT INTO ticket_fields(account_id, type, title,"
			" position, visible_in_portal, editable_in_portal, required_in_portal,"
			" removable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
			"issibbbii", c->account_id, sys[i].type, sys[i].title, (int64_t)i + 1,
			sys[i].portal, sys[i].portal, sys[i].portal, c->now, c->now))
			return false;
	return true;
}

/* A field being created or updated. */
struct def {
	const char *type, *title, *description, *agent_description, *regexp;
	const char *title_in_portal, *tag, *key;
	int64_t position;
	int active, required, collapsed, visible, editable, required_in_portal;
	bool removable;
};

static enum pl_err load_def(struct ctx *c, int64_t id, struct def *d)
{
	struct stmt *st = db_q(c->db, "SELECT type, title, description,"
		" agent_description, regexp_for_validation, title_in_portal, tag, key,"
		" position, active, required, collapsed_for_agents, visible_in_portal,"
		" editable_in_portal, required_in_portal, removable FROM ticket_fields"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		const char **s[] = { &d->type, &d->title, &d->description,
			&d->agent_description, &d->regexp, &d->title_in_portal, &d->tag,
			&d->key };
		for (int i = 0; i < 8; i++)
			*s[i] = arena_strdup(c->a, stmt_text(st, i));
		d->position = stmt_i64(st, 8);
		int *b[] = { &d->active, &d->required, &d->collapsed, &d->visible,
			&d->editable, &d->required_in_portal };
		for (int i = 0; i < 6; i++)
			*b[i] = (int)stmt_i64(st, 9 + i);
		d->removable = stmt_i64(st, 15) != 0;
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}

/* A tag: non-empty, no whitespace, at most 255 bytes. */
static bool tag_like(const char *s)
{
	return s && *s && strlen(s) <= 255 && !strpbrk(s, " \t\r\n");
}

static enum pl_err merge_texts(struct ctx *c, json_t *in, struct def *d)
{
	enum pl_err e;
	if ((e = input_string(c, in, "title", STR_MAX, false, &d->title)) ||
	    (e = input_string(c, in, "description", STR_MAX, true, &d->description)) ||
	    (e = input_string(c, in, "agent_description", STR_MAX, true,
		&d->agent_description)) ||
	    (e = input_string(c, in, "title_in_portal", STR_MAX, true,
		&d->title_in_portal)))
		return e;
	if (input_is_blank(d->title))
		return ctx_invalid(c, "title", "BlankValue", "Title: cannot be blank");
	if (strlen(d->title) > 255)
		return ctx_invalid(c, "title", "TooLong",
			"Title: is too long (maximum is 255 characters)");
	if (!d->description)
		d->description = "";
	if (d->title_in_portal && !*d->title_in_portal)
		d->title_in_portal = NULL;
	return PL_OK;
}

static enum pl_err merge_flags(struct ctx *c, json_t *in, struct def *d)
{
	enum pl_err e;
	if ((e = input_flag(c, in, "active", &d->active)) ||
	    (e = input_flag(c, in, "required", &d->required)) ||
	    (e = input_flag(c, in, "collapsed_for_agents", &d->collapsed)) ||
	    (e = input_flag(c, in, "visible_in_portal", &d->visible)) ||
	    (e = input_flag(c, in, "editable_in_portal", &d->editable)) ||
	    (e = input_flag(c, in, "required_in_portal", &d->required_in_portal)))
		return e;
	json_t *pos = json_object_get(in, "position");
	if (pos && !json_is_integer(pos))
		return ctx_invalid(c, "position", "InvalidValue",
			"Position: must be a whole number");
	if (pos)
		d->position = json_integer_value(pos);
	return PL_OK;
}

/* The type-specific attributes: regexp, tag, key. */
static enum pl_err merge_typed(struct ctx *c, json_t *in, struct def *d, bool creating)
{
	enum pl_err e;
	const char *key = d->key;
	if ((e = input_string(c, in, "regexp_for_validation", STR_MAX,
		true, &d->regexp)) ||
	    (e = input_string(c, in, "tag", STR_MAX, true, &d->tag)) ||
	    (e = input_string(c, in, "key", STR_MAX, true, &key)))
		return e;
	if (!creating && (key != d->key && (!key || !d->key || strcmp(key, d->key))))
		return ctx_invalid(c, "key", "InvalidValue", "Key: cannot be changed");
	if (creating && key && (!*key || strlen(key) > 255 ||
	    strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(key)))
		return ctx_invalid(c, "key", "InvalidValue",
			"Key: use lowercase letters, digits and _");
	d->key = key;
	if (strcmp(d->type, "regexp") != 0)
		d->regexp = NULL;
	else if (input_is_blank(d->regexp))
		return ctx_invalid(c, "regexp_for_validation", "BlankValue",
			"Regexp for validation: cannot be blank for a regexp field");
	else {
		regex_t rx;
		if (regcomp(&rx, d->regexp, REG_EXTENDED | REG_NOSUB) != 0)
			return ctx_invalid(c, "regexp_for_validation", "InvalidValue",
				"Regexp for validation: is not a valid POSIX extended "
				"regular expression");
		regfree(&rx);
	}
	if (strcmp(d->type, "checkbox") != 0 || (d->tag && !*d->tag))
		d->tag = NULL;
	else if (d->tag && !tag_like(d->tag))
		return ctx_invalid(c, "tag", "InvalidValue",
			"Tag: cannot contain spaces (maximum is 255 characters)");
	return PL_OK;
}

static enum pl_err merge_options(struct ctx *c, json_t *in, struct def *d,
	bool creating, json_t **options)
{
	json_t *opts = json_object_get(in, "custom_field_options");
	*options = NULL;
	if (!has_options(d->type)) {
		if (opts && !json_is_null(opts) && json_array_size(opts) > 0)
			return ctx_invalid(c, "custom_field_options", "InvalidValue",
				"Custom field options: only drop-down and multiselect "
				"fields have options");
		return PL_OK;
	}
	if (!opts && !creating)
		return PL_OK;
	if (!opts)
		return ctx_invalid(c, "custom_field_options", "BlankValue",
			"Custom field options: a %s field needs at least one option", d->type);
	*options = opts;
	return ticket_field_options_check(c, opts);
}

/* Merges in over d; *options gets the custom_field_options to store (NULL:
 * leave them). */
static enum pl_err merge(struct ctx *c, json_t *in, struct def *d, bool creating,
	json_t **options)
{
	*options = NULL;
	json_t *type = json_object_get(in, "type");
	if (creating) {
		if (!json_is_string(type))
			return ctx_invalid(c, "type", "BlankValue", "Type: cannot be blank");
		d->type = NULL;
		for (size_t i = 0; i < PL_ARRAY_LEN(custom_types); i++)
			if (!strcmp(json_string_value(type), custom_types[i]))
				d->type = custom_types[i];
		if (!d->type)
			return ctx_invalid(c, "type", "InvalidValue",
				"Type: %s is not a custom field type", json_string_value(type));
	} else if (type && (!json_is_string(type) ||
		strcmp(json_string_value(type), d->type)))
		return ctx_invalid(c, "type", "InvalidValue",
			"Type: the type of a field cannot be changed");
	enum pl_err e;
	if ((e = merge_texts(c, in, d)) || (e = merge_flags(c, in, d)))
		return e;
	if (!d->removable)
		return PL_OK; /* system fields: no regexp, tag, key or options */
	if ((e = merge_typed(c, in, d, creating)))
		return e;
	return merge_options(c, in, d, creating, options);
}

static bool key_taken(struct ctx *c, const char *key, int64_t id)
{
	return key && db_i64(c->db, "SELECT count(*) FROM ticket_fields"
		" WHERE account_id = ? AND key = ? AND id <> ?", "isi",
		c->account_id, key, id) != 0;
}

static enum pl_err finish(struct ctx *c, int64_t id, enum pl_err e, json_t **out)
{
	if ((e = ctx_end(c, e)))
		return e;
	return ticket_field_def_get(c, id, out);
}

enum pl_err ticket_field_def_create(struct ctx *c, json_t *in, json_t **out)
{
	struct def d = { .description = "", .active = 1, .removable = true };
	json_t *options = NULL;
	enum pl_err e = merge(c, in, &d, true, &options);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (key_taken(c, d.key, 0)) {
		db_rollback(c->db);
		return ctx_invalid(c, "key", "DuplicateValue",
			"Key: %s is already used by another field", d.key);
	}
	if (!json_object_get(in, "position"))
		d.position = db_i64(c->db, "SELECT coalesce(max(position), 0) + 1"
			" FROM ticket_fields WHERE account_id = ?", "i", c->account_id);
	int64_t id = db_i64(c->db, "INSERT INTO ticket_fields(account_id, type, title,"
		" description, agent_description, position, active, required,"
		" collapsed_for_agents, regexp_for_validation, title_in_portal,"
		" visible_in_portal, editable_in_portal, required_in_portal, tag, key,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?) RETURNING id",
		"issssibbbssbbbssii", c->account_id, d.type, d.title, d.description,
		d.agent_description, d.position, d.active, d.required, d.collapsed,
		d.regexp, d.title_in_portal, d.visible, d.editable, d.required_in_portal,
		d.tag, d.key, c->now, c->now);
	if (id <= 0)
		e = ctx_store_failed(c);
	else if (options)
		e = ticket_field_options_replace(c, id, options);
	return finish(c, id, e, out);
}

enum pl_err ticket_field_def_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out)
{
	struct def d;
	json_t *options = NULL;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = load_def(c, id, &d);
	if (!e)
		e = merge(c, in, &d, false, &options);
	if (!e && !db_exec(c->db, "UPDATE ticket_fields SET title = ?, description = ?,"
		" agent_description = ?, position = ?, active = ?, required = ?,"
		" collapsed_for_agents = ?, regexp_for_validation = ?, title_in_portal = ?,"
		" visible_in_portal = ?, editable_in_portal = ?, required_in_portal = ?,"
		" tag = ?, updated_at = ? WHERE account_id = ? AND id = ?",
		"sssibbbssbbbsiii", d.title, d.description, d.agent_description,
		d.position, d.active, d.required, d.collapsed, d.regexp,
		d.title_in_portal, d.visible, d.editable, d.required_in_portal, d.tag,
		c->now, c->account_id, id))
		e = ctx_store_failed(c);
	if (!e && options)
		e = ticket_field_options_replace(c, id, options);
	return finish(c, id, e, out);
}

enum pl_err ticket_field_def_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	struct def d;
	enum pl_err e = load_def(c, id, &d);
	if (!e && !d.removable)
		e = ctx_invalid(c, "base", "InvalidValue",
			"%s is a system field and cannot be deleted", d.title);
	/* Options and form placements go with it (ON DELETE CASCADE). */
	if (!e && !db_exec(c->db, "DELETE FROM ticket_fields WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id))
		e = ctx_store_failed(c);
	return ctx_end(c, e);
}
