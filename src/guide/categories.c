/*
 * categories.c: categories and sections, the tree articles hang from.
 *
 * Invariants:
 *  1. A section's brand is its category's; a parent section is in the same
 *     category; a section is not its own ancestor.
 *  2. Deleting a category or section deletes everything under it (ON
 *     DELETE CASCADE and the triggers of migration 0040).
 */
#include "parley.h"
#include "guide/contentInt.h"
#include "guide/hc.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define CAT_COLS "id, position, source_locale, created_at, updated_at, locale, title," \
	" body, outdated"
#define SEC_COLS "id, position, source_locale, created_at, updated_at, locale, title," \
	" body, outdated, category_id, parent_section_id, sorting"

/* Columns 0-8, shared by both. */
static json_t *item_row(struct ctx *c, struct stmt *st, const char *path)
{
	int64_t id = stmt_i64(st, 0);
	const char *locale = stmt_text(st, 5);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "url", json_string(ctx_url(c, "help_center/%s/%s/%lld",
		locale, path, (long long)id)));
	json_object_set_new(o, "html_url", json_string(arena_printf(c->a, "%s/hc/%s/%s/%lld",
		hc_origin(c), locale, path, (long long)id)));
	json_object_set_new(o, "position", json_integer(stmt_i64(st, 1)));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 3)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 4)));
	json_object_set_new(o, "name", jstr(stmt_text(st, 6)));
	json_object_set_new(o, "description", jstr(stmt_text(st, 7)));
	json_object_set_new(o, "locale", json_string(locale));
	json_object_set_new(o, "source_locale", jstr(stmt_text(st, 2)));
	json_object_set_new(o, "outdated", json_boolean(stmt_i64(st, 8)));
	return o;
}

static json_t *cat_row(struct ctx *c, struct stmt *st)
{
	return item_row(c, st, "categories");
}

static json_t *sec_row(struct ctx *c, struct stmt *st)
{
	json_t *o = item_row(c, st, "sections");
	json_object_set_new(o, "category_id", json_integer(stmt_i64(st, 9)));
	json_object_set_new(o, "parent_section_id", jid(stmt_i64(st, 10)));
	json_object_set_new(o, "sorting", jstr(stmt_text(st, 11)));
	json_object_set_new(o, "theme_template", json_string("section_page"));
	return o;
}

enum pl_err hc_categories_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out)
{
	return list_run(c, p, CAT_COLS, "FROM hc_category_rows WHERE account_id = ?"
		" AND brand_id = ? AND locale = coalesce(?, source_locale)"
		" AND (? = 0 OR updated_at >= ?)", cat_row, out,
		"iisii", c->account_id, f->brand_id, f->locale, f->updated_since,
		f->updated_since);
}

enum pl_err hc_category_get(struct ctx *c, int64_t id, const char *locale, json_t **out)
{
	return list_one(c, "SELECT " CAT_COLS " FROM hc_category_rows WHERE account_id = ?"
		" AND id = ? AND locale = coalesce(?, source_locale)", cat_row, out,
		"iis", c->account_id, id, locale);
}

enum pl_err hc_sections_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out)
{
	return list_run(c, p, SEC_COLS, "FROM hc_section_rows WHERE account_id = ?"
		" AND brand_id = ? AND locale = coalesce(?, source_locale)"
		" AND (? = 0 OR category_id = ?) AND (? = 0 OR updated_at >= ?)", sec_row, out,
		"iisiiii", c->account_id, f->brand_id, f->locale, f->category_id,
		f->category_id, f->updated_since, f->updated_since);
}

enum pl_err hc_section_get(struct ctx *c, int64_t id, const char *locale, json_t **out)
{
	return list_one(c, "SELECT " SEC_COLS " FROM hc_section_rows WHERE account_id = ?"
		" AND id = ? AND locale = coalesce(?, source_locale)", sec_row, out,
		"iis", c->account_id, id, locale);
}

/* Ends the transaction that inserted item id (<= 0: the insert failed)
 * with its first translation. */
static enum pl_err finish_create(struct ctx *c, enum hc_kind k, int64_t id,
	const struct hc_tr *w)
{
	enum pl_err e = id > 0 ? hc_tr_write(c, k, id, w) : ctx_store_failed(c);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err hc_category_create(struct ctx *c, int64_t brand_id, const char *dflt_locale,
	json_t *in, json_t **out)
{
	struct hc_tr w = { .draft = 0, .outdated = 0, .create = true };
	int64_t position = 0;
	enum pl_err e;
	if ((e = hc_locale_field(c, in, brand_id, dflt_locale, &w.locale)) ||
	    (e = hc_tr_fields(c, HC_CATEGORY, in, true, false, &w.title, &w.body)) ||
	    (e = hc_int_field(c, in, "position", &position)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = db_i64(c->db, "INSERT INTO hc_categories(account_id, brand_id, position,"
		" source_locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		"iiisii", c->account_id, brand_id, position, w.locale, c->now, c->now);
	if ((e = finish_create(c, HC_CATEGORY, id, &w)))
		return e;
	return hc_category_get(c, id, w.locale, out);
}

/* Updates position and the translation fields in locale (NULL: source). */
static enum pl_err update_item(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale, json_t *in, const char **used_locale)
{
	struct hc_tr w = { .draft = -1, .outdated = -1 };
	int64_t position = -1;
	enum pl_err e;
	if ((e = hc_tr_fields(c, k, in, false, false, &w.title, &w.body)) ||
	    (e = hc_int_field(c, in, "position", &position)))
		return e;
	struct stmt *st = k == HC_SECTION
		? db_q(c->db, "SELECT source_locale FROM hc_sections WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id)
		: db_q(c->db, "SELECT source_locale FROM hc_categories WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	w.locale = locale ? locale : arena_strdup(c->a, stmt_text(st, 0));
	stmt_reset(st);
	*used_locale = w.locale;
	if (position >= 0 && !(k == HC_SECTION
		? db_exec(c->db, "UPDATE hc_sections SET position = ?, updated_at = ?"
			" WHERE id = ?", "iii", position, c->now, id)
		: db_exec(c->db, "UPDATE hc_categories SET position = ?, updated_at = ?"
			" WHERE id = ?", "iii", position, c->now, id)))
		return ctx_store_failed(c);
	if (w.title || w.body || locale)
		return hc_tr_write(c, k, id, &w);
	return PL_OK;
}

static enum pl_err in_txn(struct ctx *c, enum pl_err e)
{
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err hc_category_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out)
{
	const char *used = NULL;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = in_txn(c, update_item(c, HC_CATEGORY, id, locale, in, &used));
	return e ? e : hc_category_get(c, id, used, out);
}

enum pl_err hc_category_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM hc_categories WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* Checks that parent is a section of category other than self and not
 * below it. */
static enum pl_err parent_ok(struct ctx *c, int64_t category_id, int64_t parent,
	int64_t self)
{
	int64_t cur = parent;
	for (int depth = 0; cur; depth++) {
		if (cur == self || depth > 32)
			return ctx_invalid(c, "parent_section_id", "InvalidValue",
				"Parent section: would make a cycle");
		struct stmt *st = db_q(c->db, "SELECT category_id, coalesce(parent_section_id, 0)"
			" FROM hc_sections WHERE account_id = ? AND id = ?", "ii",
			c->account_id, cur);
		if (!st)
			return ctx_store_failed(c);
		bool found = stmt_step(st) == STEP_ROW;
		int64_t cat = found ? stmt_i64(st, 0) : 0, up = found ? stmt_i64(st, 1) : 0;
		stmt_reset(st);
		if (!found || cat != category_id)
			return ctx_invalid(c, "parent_section_id", "InvalidValue",
				"Parent section: must be a section of the same category");
		cur = up;
	}
	return PL_OK;
}

static enum pl_err sorting_field(struct ctx *c, json_t *in, const char **out)
{
	json_t *v = json_object_get(in, "sorting");
	if (!v)
		return PL_OK;
	static const char *const ok[] = { "manual", "created_at", "updated_at", "title" };
	for (size_t i = 0; i < PL_ARRAY_LEN(ok); i++)
		if (json_is_string(v) && !strcmp(json_string_value(v), ok[i])) {
			*out = ok[i];
			return PL_OK;
		}
	return ctx_invalid(c, "sorting", "InvalidValue",
		"Sorting: must be manual, created_at, updated_at or title");
}

enum pl_err hc_section_create(struct ctx *c, int64_t category_id, const char *dflt_locale,
	json_t *in, json_t **out)
{
	int64_t brand = 0, position = 0, parent = 0;
	const char *sorting = "manual";
	struct hc_tr w = { .draft = 0, .outdated = 0, .create = true };
	enum pl_err e;
	if ((e = hc_item_brand(c, HC_CATEGORY, category_id, &brand)) ||
	    (e = hc_locale_field(c, in, brand, dflt_locale, &w.locale)) ||
	    (e = hc_tr_fields(c, HC_SECTION, in, true, false, &w.title, &w.body)) ||
	    (e = hc_int_field(c, in, "position", &position)) ||
	    (e = hc_int_field(c, in, "parent_section_id", &parent)) ||
	    (e = sorting_field(c, in, &sorting)) ||
	    (e = parent_ok(c, category_id, parent, 0)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = db_i64(c->db, "INSERT INTO hc_sections(account_id, brand_id, category_id,"
		" parent_section_id, position, sorting, source_locale, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiinissii",
		c->account_id, brand, category_id, parent, position, sorting, w.locale,
		c->now, c->now);
	if ((e = finish_create(c, HC_SECTION, id, &w)))
		return e;
	return hc_section_get(c, id, w.locale, out);
}

enum pl_err hc_section_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out)
{
	int64_t brand = 0, cat = 0, parent = -1;
	const char *sorting = NULL, *used = NULL;
	enum pl_err e;
	if ((e = hc_item_brand(c, HC_SECTION, id, &brand)))
		return e;
	cat = db_i64(c->db, "SELECT category_id FROM hc_sections WHERE id = ?", "i", id);
	json_t *pv = json_object_get(in, "parent_section_id");
	if (json_is_null(pv))
		parent = 0;
	if ((e = hc_int_field(c, in, "category_id", &cat)) ||
	    (e = hc_int_field(c, in, "parent_section_id", &parent)) ||
	    (e = sorting_field(c, in, &sorting)))
		return e;
	int64_t cat_brand = 0;
	if (hc_item_brand(c, HC_CATEGORY, cat, &cat_brand) || cat_brand != brand)
		return ctx_invalid(c, "category_id", "InvalidValue",
			"Category: must be a category of the same help center");
	if (parent < 0)
		parent = db_i64(c->db, "SELECT coalesce(parent_section_id, 0) FROM hc_sections"
			" WHERE id = ?", "i", id);
	if ((e = parent_ok(c, cat, parent, id)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (!db_exec(c->db, "UPDATE hc_sections SET category_id = ?, parent_section_id = ?,"
		" sorting = coalesce(?, sorting), updated_at = ? WHERE id = ?", "insii",
		cat, parent, sorting, c->now, id))
		e = ctx_store_failed(c);
	else
		e = update_item(c, HC_SECTION, id, locale, in, &used);
	if ((e = in_txn(c, e)))
		return e;
	return hc_section_get(c, id, used, out);
}

enum pl_err hc_section_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM hc_sections WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

enum pl_err hc_source_locale_set(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, k, id, &brand);
	if (e)
		return e;
	int64_t have = db_i64(c->db, "SELECT count(*) FROM hc_translations WHERE"
		" account_id = ? AND source_type = ? AND source_id = ? AND locale = ?",
		"isis", c->account_id, hc_kind_column(k), id, locale ? locale : "");
	if (have < 0)
		return ctx_store_failed(c);
	if (have == 0)
		return ctx_invalid(c, "source_locale", "InvalidValue",
			"Source locale: the item has no translation in %s",
			locale ? locale : "that locale");
	bool ok = k == HC_ARTICLE
		? db_exec(c->db, "UPDATE hc_articles SET source_locale = ?, updated_at = ?"
			" WHERE id = ?", "sii", locale, c->now, id)
		: k == HC_SECTION
		? db_exec(c->db, "UPDATE hc_sections SET source_locale = ?, updated_at = ?"
			" WHERE id = ?", "sii", locale, c->now, id)
		: db_exec(c->db, "UPDATE hc_categories SET source_locale = ?, updated_at = ?"
			" WHERE id = ?", "sii", locale, c->now, id);
	return ok ? PL_OK : ctx_store_failed(c);
}
