/*
 * ticket_fields.c: custom field values on tickets.
 *
 * The only place that knows how each custom field type stores its value in
 * a ticket's JSON object of values (keyed by the field id as a string):
 *
 *   text, textarea, regexp   string (regexp: matches regexp_for_validation,
 *                            a POSIX extended expression)
 *   integer                  string of decimal digits ("42"), from a JSON
 *                            integer or a numeric string
 *   decimal                  string ("1.5"), from a JSON number or a numeric
 *                            string
 *   checkbox                 true/false; true adds the field's tag to the
 *                            ticket's tags, false removes it
 *   date                     "YYYY-MM-DD", a real calendar date
 *   tagger                   one option value; that value is also a tag and
 *                            replaces the tag of the previous option
 *   multiselect              array of option values, each also a tag
 *
 * Numbers are kept as strings, as Zendesk returns them, so that decimals
 * survive without binary rounding.  null (or "", or [] for multiselect)
 * clears a value: its key leaves the object and the field's tags leave the
 * ticket.
 *
 * Invariant: ticket_fields_apply changes values and tags only when every
 * entry of the request is valid; it works on copies and swaps them in at
 * the end.
 *
 * Non-goals: field definitions (core/ticket_field_defs.c) and system fields
 * (subject, status...), whose values are ticket columns.
 */
#include "parley.h"
#include "core/ticket_fields.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct field {
	int64_t id;
	const char *type;
	const char *title;
	const char *regexp;   /* NULL when none */
	const char *tag;      /* checkbox tag; NULL when none */
	bool active;
	bool required;
	json_t *options;      /* tagger/multiselect values, loaded on demand */
};

struct ticket_fieldset {
	struct field *f;
	int n;
};

/* Loads every custom (removable) field of the account, active or not, in
 * display order.  Strings live in the arena. */
static enum pl_err load_fields(struct ctx *c, struct ticket_fieldset *fs)
{
	struct stmt *st = db_q(c->db, "SELECT id, type, title, regexp_for_validation,"
		" tag, active, required FROM ticket_fields"
		" WHERE account_id = ? AND removable = 1 ORDER BY position, id",
		"i", c->account_id);
	if (!st)
		return ctx_store_failed(c);
	int cap = 0;
	fs->f = NULL;
	fs->n = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		if (fs->n == cap) {
			/* Grown in the arena: accounts have a handful of fields. */
			cap = cap ? cap * 2 : 8;
			struct field *f = arena_alloc(c->a, sizeof(*f) * (size_t)cap);
			if (fs->n)
				memcpy(f, fs->f, sizeof(*f) * (size_t)fs->n);
			fs->f = f;
		}
		struct field *f = &fs->f[fs->n++];
		f->id = stmt_i64(st, 0);
		f->type = arena_strdup(c->a, stmt_text(st, 1));
		f->title = arena_strdup(c->a, stmt_text(st, 2));
		f->regexp = arena_strdup(c->a, stmt_text(st, 3));
		f->tag = arena_strdup(c->a, stmt_text(st, 4));
		f->active = stmt_i64(st, 5) != 0;
		f->required = stmt_i64(st, 6) != 0;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static struct field *find(struct ticket_fieldset *fs, int64_t id)
{
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].id == id)
			return &fs->f[i];
	return NULL;
}

/* The option values of f as an arena-owned array of strings. */
static enum pl_err load_options(struct ctx *c, struct field *f)
{
	if (f->options)
		return PL_OK;
	struct stmt *st = db_q(c->db, "SELECT value FROM custom_field_options"
		" WHERE account_id = ? AND field_id = ? ORDER BY position, id",
		"ii", c->account_id, f->id);
	if (!st)
		return ctx_store_failed(c);
	f->options = jown(c->a, json_array());
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		json_array_append_new(f->options, json_string(stmt_text(st, 0)));
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

static bool has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

static void tag_add(json_t *tags, const char *tag)
{
	if (tag && *tag && !has_string(tags, tag))
		json_array_append_new(tags, json_string(tag));
}

static void tag_remove(json_t *tags, const char *tag)
{
	if (!tag)
		return;
	for (size_t i = json_array_size(tags); i-- > 0;) {
		json_t *v = json_array_get(tags, i);
		if (json_is_string(v) && strcmp(json_string_value(v), tag) == 0)
			json_array_remove(tags, i);
	}
}

/* Removes every tag that is one of f's option values. */
static void remove_option_tags(struct field *f, json_t *tags)
{
	size_t i;
	json_t *v;
	json_array_foreach(f->options, i, v)
		tag_remove(tags, json_string_value(v));
}

static enum pl_err bad(struct ctx *c, struct field *f, const char *why)
{
	return ctx_invalid(c, "custom_fields", "InvalidValue", "%s: %s", f->title, why);
}

/* Whether s is [+-]digits and fits in 64 bits; *out gets the value. */
static bool parse_integer(const char *s, long long *out)
{
	const char *p = s + (*s == '+' || *s == '-');
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return false;
	errno = 0;
	*out = strtoll(s, NULL, 10);
	return errno == 0;
}

/* Whether s is a finite decimal number (digits, one sign, '.', exponent). */
static bool is_decimal(const char *s)
{
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s) ||
	    !strpbrk(s, "0123456789"))
		return false;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	return *end == 0 && errno == 0 && isfinite(d);
}

static bool is_date(const char *s)
{
	int64_t t;
	return strlen(s) == 10 && time_parse_iso(s, &t);
}

/* Whether s matches the POSIX extended expression re.  A field's
 * expression was checked to compile when it was saved; one that no longer
 * compiles rejects every value. */
static bool regexp_match(const char *re, const char *s)
{
	regex_t rx;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool ok = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

/* The stored form of a number value, or NULL when v is not one. */
static json_t *number_value(struct field *f, json_t *v)
{
	bool integer = strcmp(f->type, "integer") == 0;
	char buf[64];
	long long n;
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		return json_string(buf);
	}
	if (json_is_real(v) && !integer && isfinite(json_real_value(v))) {
		snprintf(buf, sizeof(buf), "%.15g", json_real_value(v));
		return json_string(buf);
	}
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	if (integer) {
		if (!parse_integer(s, &n))
			return NULL;
		snprintf(buf, sizeof(buf), "%lld", n);
		return json_string(buf);
	}
	return is_decimal(s) ? json_string(s + (*s == '+')) : NULL;
}

static bool is_clear(json_t *v)
{
	return !v || json_is_null(v) ||
		(json_is_string(v) && json_string_length(v) == 0) ||
		(json_is_array(v) && json_array_size(v) == 0);
}

static enum pl_err set_tagger(struct ctx *c, struct field *f, json_t *v,
	const char *key, json_t *values, json_t *tags)
{
	if (!json_is_string(v))
		return bad(c, f, "must be one of the field's option values");
	const char *s = json_string_value(v);
	if (!has_string(f->options, s))
		return ctx_invalid(c, "custom_fields", "InvalidValue",
			"%s: '%s' is not one of the field's option values", f->title, s);
	remove_option_tags(f, tags);
	tag_add(tags, s);
	json_object_set_new(values, key, json_string(s));
	return PL_OK;
}

static enum pl_err set_multiselect(struct ctx *c, struct field *f, json_t *v,
	const char *key, json_t *values, json_t *tags)
{
	if (!json_is_array(v))
		return bad(c, f, "must be a list of the field's option values");
	json_t *chosen = jown(c->a, json_array());
	size_t i;
	json_t *o;
	json_array_foreach(v, i, o) {
		if (!json_is_string(o))
			return bad(c, f, "must be a list of the field's option values");
		const char *s = json_string_value(o);
		if (!has_string(f->options, s))
			return ctx_invalid(c, "custom_fields", "InvalidValue",
				"%s: '%s' is not one of the field's option values",
				f->title, s);
		if (!has_string(chosen, s))
			json_array_append_new(chosen, json_string(s));
	}
	remove_option_tags(f, tags);
	json_array_foreach(chosen, i, o)
		tag_add(tags, json_string_value(o));
	json_object_set(values, key, chosen);
	return PL_OK;
}

/* Validates v for f and applies it to values and tags (both copies). */
static enum pl_err apply_one(struct ctx *c, struct field *f, json_t *v,
	json_t *values, json_t *tags)
{
	const char *t = f->type;
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)f->id);
	bool options = !strcmp(t, "tagger") || !strcmp(t, "multiselect");
	enum pl_err e;
	if (options && (e = load_options(c, f)))
		return e;
	if (is_clear(v)) {
		json_object_del(values, key);
		if (options)
			remove_option_tags(f, tags);
		else if (!strcmp(t, "checkbox"))
			tag_remove(tags, f->tag);
		return PL_OK;
	}
	if (!strcmp(t, "tagger"))
		return set_tagger(c, f, v, key, values, tags);
	if (!strcmp(t, "multiselect"))
		return set_multiselect(c, f, v, key, values, tags);
	if (!strcmp(t, "checkbox")) {
		if (!json_is_boolean(v))
			return bad(c, f, "must be true or false");
		if (json_is_true(v))
			tag_add(tags, f->tag);
		else
			tag_remove(tags, f->tag);
		json_object_set(values, key, v);
		return PL_OK;
	}
	if (!strcmp(t, "integer") || !strcmp(t, "decimal")) {
		json_t *n = number_value(f, v);
		if (!n)
			return bad(c, f, !strcmp(t, "integer") ? "must be a whole number"
				: "must be a number");
		json_object_set_new(values, key, n);
		return PL_OK;
	}
	if (!json_is_string(v))
		return bad(c, f, "must be a string");
	const char *s = json_string_value(v);
	if (!strcmp(t, "date") && !is_date(s))
		return bad(c, f, "must be a date as YYYY-MM-DD");
	if (!strcmp(t, "regexp") && f->regexp && !regexp_match(f->regexp, s))
		return ctx_invalid(c, "custom_fields", "InvalidValue",
			"%s: '%s' does not match the field's format", f->title, s);
	json_object_set(values, key, v);
	return PL_OK;
}

/* The field id of one custom_fields entry: an integer or a numeric string. */
static bool entry_id(json_t *entry, int64_t *id)
{
	json_t *v = json_object_get(entry, "id");
	long long n;
	if (json_is_integer(v)) {
		*id = json_integer_value(v);
		return true;
	}
	if (json_is_string(v) && parse_integer(json_string_value(v), &n)) {
		*id = n;
		return true;
	}
	return false;
}

enum pl_err ticket_fields_apply(struct ctx *c, json_t *custom_fields,
	json_t *values, json_t *tags)
{
	if (!json_is_array(custom_fields))
		return ctx_invalid(c, "custom_fields", "InvalidValue",
			"Custom fields: must be a list of {\"id\", \"value\"} objects");
	struct ticket_fieldset fs;
	enum pl_err e = load_fields(c, &fs);
	if (e)
		return e;
	json_t *nv = jown(c->a, json_deep_copy(values));
	json_t *nt = jown(c->a, json_deep_copy(tags));
	bool failed = false;
	size_t i;
	json_t *entry;
	json_array_foreach(custom_fields, i, entry) {
		int64_t id;
		if (!json_is_object(entry) || !entry_id(entry, &id)) {
			ctx_invalid(c, "custom_fields", "InvalidValue",
				"Custom fields: entry %zu needs a numeric id", i);
			failed = true;
			continue;
		}
		struct field *f = find(&fs, id);
		if (!f || !f->active) {
			ctx_invalid(c, "custom_fields", "InvalidValue",
				"Custom fields: %lld is not an active custom field",
				(long long)id);
			failed = true;
			continue;
		}
		e = apply_one(c, f, json_object_get(entry, "value"), nv, nt);
		if (e == PL_STORE)
			return e;
		failed |= e != PL_OK;
	}
	if (failed)
		return PL_INVALID;
	json_object_clear(values);
	json_object_update(values, nv);
	json_array_clear(tags);
	json_array_extend(tags, nt);
	return PL_OK;
}

/* Whether v counts as a value for a required field (an unchecked checkbox
 * does not). */
static bool present(json_t *v)
{
	return !is_clear(v) && !json_is_false(v);
}

/* Whether field_id is on form form_id, or the form lists no fields (or
 * there is none): the fields an agent sees on a ticket of that form. */
static bool on_form(struct ctx *c, int64_t form_id, int64_t field_id)
{
	return !form_id || db_i64(c->db, "SELECT count(*) = 0 OR"
		" sum(field_id = ?) > 0 FROM ticket_form_fields WHERE account_id = ?"
		" AND form_id = ?", "iii", field_id, c->account_id, form_id) == 1;
}

enum pl_err ticket_fields_check_required(struct ctx *c, int64_t form_id,
	json_t *values)
{
	struct ticket_fieldset fs;
	enum pl_err e = load_fields(c, &fs);
	if (e)
		return e;
	bool failed = false;
	for (int i = 0; i < fs.n; i++) {
		struct field *f = &fs.f[i];
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)f->id);
		if (f->active && f->required && !present(json_object_get(values, key)) &&
		    on_form(c, form_id, f->id)) {
			ctx_invalid(c, "custom_fields", "BlankValue",
				"%s: is required to solve the ticket", f->title);
			failed = true;
		}
	}
	return failed ? PL_INVALID : PL_OK;
}

enum pl_err ticket_fields_load(struct ctx *c, const struct ticket_fieldset **out)
{
	struct ticket_fieldset *fs = arena_alloc(c->a, sizeof(*fs));
	enum pl_err e = load_fields(c, fs);
	if (!e)
		*out = fs;
	return e;
}

json_t *ticket_fields_render_with(const struct ticket_fieldset *fs, json_t *values)
{
	json_t *out = json_array();
	for (int i = 0; i < fs->n; i++) {
		const struct field *f = &fs->f[i];
		if (!f->active)
			continue;
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)f->id);
		json_t *v = json_object_get(values, key);
		json_t *shown = v ? json_incref(v)
			: !strcmp(f->type, "checkbox") ? json_false() : json_null();
		json_array_append_new(out, json_pack("{s:I,s:o}",
			"id", (json_int_t)f->id, "value", shown));
	}
	return out;
}

/* FNV-1a, 64 bits, of n bytes into h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n--)
		h = (h ^ *b++) * 1099511628211u;
	return h;
}

int64_t ticket_fields_stamp(const struct ticket_fieldset *fs)
{
	uint64_t h = 14695981039346656037u;
	for (int i = 0; i < fs->n; i++) {
		const struct field *f = &fs->f[i];
		int64_t key[2] = { f->id,
			(f->active ? 1 : 0) | (!strcmp(f->type, "checkbox") ? 2 : 0) };
		h = fnv(h, key, sizeof(key));
	}
	return (int64_t)(h >> 1); /* a positive SQLite integer */
}

json_t *ticket_fields_render(struct ctx *c, json_t *values)
{
	struct ticket_fieldset fs;
	if (load_fields(c, &fs))
		return json_array(); /* logged by ctx_store_failed; the ticket still renders */
	return ticket_fields_render_with(&fs, values);
}
