/*
 * articles.c: articles and their labels.
 *
 * Invariants:
 *  1. An article's brand is its section's.
 *  2. Reads go through HC_VISIBLE (hc.h): archived articles are gone,
 *     drafts are for agents, user segments decide the rest.  A hidden
 *     article answers 404, exactly like a missing one.
 *  3. Changing labels rewrites the search rows of every translation in the
 *     same transaction (translations.c, invariant 2).
 */
#include "parley.h"
#include "guide/contentInt.h"
#include "guide/hc.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define LABELS_MAX 50

json_t *hc_article_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *locale = stmt_text(st, 15);
	json_t *a = json_object();
	json_object_set_new(a, "id", json_integer(id));
	json_object_set_new(a, "url", json_string(ctx_url(c, "help_center/%s/articles/%lld",
		locale, (long long)id)));
	json_object_set_new(a, "html_url", json_string(arena_printf(c->a,
		"%s/hc/%s/articles/%lld", hc_origin(c), locale, (long long)id)));
	json_object_set_new(a, "author_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(a, "comments_disabled", json_boolean(stmt_i64(st, 2)));
	json_object_set_new(a, "draft", json_boolean(stmt_i64(st, 3)));
	json_object_set_new(a, "promoted", json_boolean(stmt_i64(st, 4)));
	json_object_set_new(a, "position", json_integer(stmt_i64(st, 5)));
	json_object_set_new(a, "vote_sum", json_integer(stmt_i64(st, 6)));
	json_object_set_new(a, "vote_count", json_integer(stmt_i64(st, 7)));
	json_object_set_new(a, "section_id", json_integer(stmt_i64(st, 8)));
	json_object_set_new(a, "created_at", jtime(stmt_i64(st, 9)));
	json_object_set_new(a, "updated_at", jtime(stmt_i64(st, 10)));
	json_object_set_new(a, "edited_at", jtime(stmt_i64(st, 11)));
	json_object_set_new(a, "name", jstr(stmt_text(st, 12)));
	json_object_set_new(a, "title", jstr(stmt_text(st, 12)));
	json_object_set_new(a, "body", jstr(stmt_text(st, 13)));
	json_object_set_new(a, "source_locale", jstr(stmt_text(st, 14)));
	json_object_set_new(a, "locale", json_string(locale));
	json_object_set_new(a, "outdated", json_boolean(stmt_i64(st, 16)));
	json_object_set_new(a, "outdated_locales", jparse(stmt_text(st, 20), json_array()));
	json_object_set_new(a, "permission_group_id", jid(stmt_i64(st, 17)));
	json_object_set_new(a, "user_segment_id", jid(stmt_i64(st, 18)));
	json_object_set_new(a, "label_names", jparse(stmt_text(st, 19), json_array()));
	json_object_set_new(a, "content_tag_ids", json_array());
	return a;
}

enum pl_err hc_articles_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out)
{
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	const char *labels = f->label_names ? arena_printf(c->a, ",%s,", f->label_names)
		: NULL;
	/* The most selective filter leads, as a plain equality, so the
	 * planner drives the query from its index; "(? = 0 OR col = ?)" would
	 * scan the whole help center, and the unary + keeps the account and
	 * brand conditions (always true of the scope) from competing. */
	const char *scope = f->section_id ? "section_id = ?" : f->category_id
		? "category_id = ?" : f->promoted ? "promoted = 1 AND brand_id = ?"
		: "brand_id = ?";
	int64_t scope_id = f->section_id ? f->section_id : f->category_id ? f->category_id
		: f->brand_id;
	char *from = arena_printf(c->a, "FROM hc_article_rows WHERE %s AND +account_id = ?"
		" AND +brand_id = ? AND locale = coalesce(?, source_locale)"
		" AND (? = 0 OR author_id = ?) AND (? = 0 OR updated_at >= ?)"
		" AND (? IS NULL OR id IN (SELECT al.article_id FROM hc_article_labels al"
		" JOIN hc_labels l ON l.id = al.label_id WHERE l.account_id = ?"
		" AND instr(?, ',' || l.name || ',') > 0))" HC_VISIBLE, scope);
	return list_run(c, p, HC_ART_COLS, from, hc_article_row, out,
		"iiisiiiisisbss", scope_id, c->account_id, f->brand_id, f->locale,
		f->author_id, f->author_id, f->updated_since, f->updated_since,
		labels, c->account_id, labels, HC_VISIBLE_ARGS(&rd));
}

enum pl_err hc_article_get(struct ctx *c, int64_t id, const char *locale, json_t **out)
{
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	return list_one(c, "SELECT " HC_ART_COLS " FROM hc_article_rows WHERE account_id = ?"
		" AND id = ? AND locale = coalesce(?, source_locale)" HC_VISIBLE, hc_article_row, out,
		"iisbss", c->account_id, id, locale, HC_VISIBLE_ARGS(&rd));
}

enum pl_err hc_article_readable(struct ctx *c, int64_t id, int64_t *brand_id)
{
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	int64_t b = db_i64(c->db, "SELECT brand_id FROM hc_article_rows WHERE account_id = ?"
		" AND id = ?" HC_VISIBLE " LIMIT 1", "iibss", c->account_id, id,
		HC_VISIBLE_ARGS(&rd));
	if (b <= 0)
		return ctx_not_found(c);
	if (brand_id)
		*brand_id = b;
	return PL_OK;
}

/* ---- labels ---- */

/* Validates label_names (absent: *out NULL). */
static enum pl_err label_names_field(struct ctx *c, json_t *in, json_t **out)
{
	json_t *v = json_object_get(in, "label_names");
	*out = NULL;
	if (!v)
		return PL_OK;
	if (!json_is_array(v) || json_array_size(v) > LABELS_MAX)
		return ctx_invalid(c, "label_names", "InvalidValue",
			"Label names: must be a list of at most %d names", LABELS_MAX);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (!json_is_string(x) || json_string_length(x) == 0 ||
		    json_string_length(x) > 255 || strchr(json_string_value(x), ','))
			return ctx_invalid(c, "label_names", "InvalidValue",
				"Label names: each is 1 to 255 characters without commas");
	*out = v;
	return PL_OK;
}

/* The id of label name in the account, created when missing. */
static int64_t label_id(struct ctx *c, const char *name)
{
	if (!db_exec(c->db, "INSERT INTO hc_labels(account_id, name, created_at, updated_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT(account_id, name) DO NOTHING", "isii",
		c->account_id, name, c->now, c->now))
		return -1;
	return db_i64(c->db, "SELECT id FROM hc_labels WHERE account_id = ? AND name = ?",
		"is", c->account_id, name);
}

static bool labels_set(struct ctx *c, int64_t article_id, json_t *names)
{
	if (!db_exec(c->db, "DELETE FROM hc_article_labels WHERE article_id = ?", "i",
		article_id))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(names, i, x) {
		int64_t lid = label_id(c, json_string_value(x));
		if (lid <= 0 || !db_exec(c->db, "INSERT INTO hc_article_labels(article_id,"
			" label_id) VALUES (?, ?) ON CONFLICT DO NOTHING", "ii", article_id, lid))
			return false;
	}
	return true;
}

/* ---- writes ---- */

struct art_meta {
	int promoted, comments_disabled;
	int64_t position, section_id, author_id, segment, group;
	bool segment_set, group_set;
	json_t *labels;
};

static enum pl_err nullable_id(struct ctx *c, json_t *in, const char *name, int64_t *out,
	bool *set)
{
	json_t *v = json_object_get(in, name);
	*set = v != NULL;
	if (!v || json_is_null(v)) {
		*out = 0;
		return PL_OK;
	}
	return hc_int_field(c, in, name, out);
}

static enum pl_err meta_fields(struct ctx *c, json_t *in, struct art_meta *m)
{
	enum pl_err e;
	if ((e = hc_bool_field(c, in, "promoted", &m->promoted)) ||
	    (e = hc_bool_field(c, in, "comments_disabled", &m->comments_disabled)) ||
	    (e = hc_int_field(c, in, "position", &m->position)) ||
	    (e = hc_int_field(c, in, "section_id", &m->section_id)) ||
	    (e = hc_int_field(c, in, "author_id", &m->author_id)) ||
	    (e = nullable_id(c, in, "user_segment_id", &m->segment, &m->segment_set)) ||
	    (e = nullable_id(c, in, "permission_group_id", &m->group, &m->group_set)) ||
	    (e = label_names_field(c, in, &m->labels)))
		return e;
	if (m->segment && db_i64(c->db, "SELECT count(*) FROM hc_user_segments WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, m->segment) != 1)
		return ctx_invalid(c, "user_segment_id", "InvalidValue",
			"User segment: does not exist");
	if (m->author_id > 0 && db_i64(c->db, "SELECT count(*) FROM users WHERE"
		" account_id = ? AND id = ? AND role IN ('agent', 'admin')", "ii",
		c->account_id, m->author_id) != 1)
		return ctx_invalid(c, "author_id", "InvalidValue",
			"Author: must be an agent or admin of the account");
	return PL_OK;
}

enum pl_err hc_article_create(struct ctx *c, int64_t section_id, const char *dflt_locale,
	json_t *in, json_t **out)
{
	int64_t brand = 0;
	struct art_meta m = { .position = 0, .author_id = c->me.id };
	struct hc_tr w = { .draft = 0, .outdated = 0, .create = true, .history = true };
	enum pl_err e;
	if ((e = hc_item_brand(c, HC_SECTION, section_id, &brand)) ||
	    (e = hc_locale_field(c, in, brand, dflt_locale, &w.locale)) ||
	    (e = hc_tr_fields(c, HC_ARTICLE, in, true, false, &w.title, &w.body)) ||
	    (e = hc_bool_field(c, in, "draft", &w.draft)) ||
	    (e = meta_fields(c, in, &m)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = db_i64(c->db, "INSERT INTO hc_articles(account_id, brand_id, section_id,"
		" author_id, position, promoted, comments_disabled, user_segment_id,"
		" permission_group_id, source_locale, created_at, updated_at, edited_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"iiiiibbnnsiii", c->account_id, brand, section_id, m.author_id, m.position,
		m.promoted > 0, m.comments_disabled > 0, m.segment, m.group, w.locale,
		c->now, c->now, c->now);
	e = id > 0 ? PL_OK : ctx_store_failed(c);
	if (!e && m.labels && !labels_set(c, id, m.labels))
		e = ctx_store_failed(c);
	if (!e)
		e = hc_tr_write(c, HC_ARTICLE, id, &w);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return hc_article_get(c, id, w.locale, out);
}

static enum pl_err update_txn(struct ctx *c, int64_t id, const char *locale, json_t *in,
	int64_t brand)
{
	struct art_meta m = { .promoted = -1, .comments_disabled = -1, .position = -1 };
	struct hc_tr w = { .locale = locale, .draft = -1, .outdated = -1, .history = true };
	enum pl_err e;
	if ((e = meta_fields(c, in, &m)))
		return e;
	if (locale && ((e = hc_tr_fields(c, HC_ARTICLE, in, false, false, &w.title, &w.body)) ||
	    (e = hc_bool_field(c, in, "draft", &w.draft)) ||
	    (e = hc_bool_field(c, in, "outdated", &w.outdated))))
		return e;
	int64_t sec_brand = 0;
	if (m.section_id && (hc_item_brand(c, HC_SECTION, m.section_id, &sec_brand) ||
	    sec_brand != brand))
		return ctx_invalid(c, "section_id", "InvalidValue",
			"Section: must be a section of the same help center");
	if (!db_exec(c->db, "UPDATE hc_articles SET"
		" section_id = CASE WHEN ? > 0 THEN ? ELSE section_id END,"
		" author_id = CASE WHEN ? > 0 THEN ? ELSE author_id END,"
		" position = CASE WHEN ? >= 0 THEN ? ELSE position END,"
		" promoted = coalesce(?, promoted), comments_disabled = coalesce(?, comments_disabled),"
		" user_segment_id = CASE WHEN ? THEN ? ELSE user_segment_id END,"
		" permission_group_id = CASE WHEN ? THEN ? ELSE permission_group_id END,"
		" updated_at = ? WHERE id = ?", "iiiiiioobnbnii",
		m.section_id, m.section_id, m.author_id, m.author_id, m.position, m.position,
		m.promoted, m.comments_disabled, m.segment_set, m.segment, m.group_set, m.group,
		c->now, id))
		return ctx_store_failed(c);
	if (m.labels && (!labels_set(c, id, m.labels) || !hc_index_article(c, id)))
		return ctx_store_failed(c);
	if (locale)
		return hc_tr_write(c, HC_ARTICLE, id, &w);
	return PL_OK;
}

enum pl_err hc_article_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, HC_ARTICLE, id, &brand);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = update_txn(c, id, locale, in, brand))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return hc_article_get(c, id, locale, out);
}

enum pl_err hc_article_archive(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "UPDATE hc_articles SET archived = 1, updated_at = ?"
		" WHERE account_id = ? AND id = ? AND archived = 0", "iii", c->now,
		c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* ---- labels on the wire ---- */

static json_t *label_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:o,s:s,s:o,s:o}", "id", (json_int_t)id,
		"url", json_string(ctx_url(c, "help_center/articles/labels/%lld", (long long)id)),
		"name", stmt_text(st, 1), "created_at", jtime(stmt_i64(st, 2)),
		"updated_at", jtime(stmt_i64(st, 3)));
}

enum pl_err hc_labels_list(struct ctx *c, const struct page *p, struct list_result *out)
{
	return list_run(c, p, "id, name, created_at, updated_at",
		"FROM hc_labels WHERE account_id = ?", label_row, out, "i", c->account_id);
}

enum pl_err hc_label_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT id, name, created_at, updated_at FROM hc_labels"
		" WHERE account_id = ? AND id = ?", label_row, out, "ii", c->account_id, id);
}

enum pl_err hc_article_labels(struct ctx *c, int64_t article_id, json_t **out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_all(c, "SELECT l.id, l.name, l.created_at, l.updated_at"
		" FROM hc_article_labels al JOIN hc_labels l ON l.id = al.label_id"
		" WHERE al.article_id = ? ORDER BY l.name", label_row, out, "i", article_id);
}

enum pl_err hc_article_label_add(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, HC_ARTICLE, article_id, &brand);
	if (e)
		return e;
	json_t *name = json_object_get(in, "name");
	if (!json_is_string(name) || json_string_length(name) == 0 ||
	    json_string_length(name) > 255 || strchr(json_string_value(name), ','))
		return ctx_invalid(c, "name", "InvalidValue",
			"Name: must be 1 to 255 characters without commas");
	if (db_i64(c->db, "SELECT count(*) FROM hc_article_labels WHERE article_id = ?",
		"i", article_id) >= LABELS_MAX)
		return ctx_invalid(c, "name", "InvalidValue",
			"Name: an article has at most %d labels", LABELS_MAX);
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t lid = label_id(c, json_string_value(name));
	bool ok = lid > 0 && db_exec(c->db, "INSERT INTO hc_article_labels(article_id,"
		" label_id) VALUES (?, ?) ON CONFLICT DO NOTHING", "ii", article_id, lid) &&
		hc_index_article(c, article_id);
	if (!ok) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return hc_label_get(c, lid, out);
}

enum pl_err hc_article_label_remove(struct ctx *c, int64_t article_id, int64_t label)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, HC_ARTICLE, article_id, &brand);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (!db_exec(c->db, "DELETE FROM hc_article_labels WHERE article_id = ?"
		" AND label_id = ?", "ii", article_id, label)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (db_changes(c->db) == 0) {
		db_rollback(c->db);
		return ctx_not_found(c);
	}
	if (!hc_index_article(c, article_id)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}
