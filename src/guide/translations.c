/*
 * translations.c: translations of categories, sections and articles, the
 * search index rows of article translations, and article revisions.
 *
 * Invariants:
 *  1. Every item has a translation in its source locale; that one cannot
 *     be deleted.
 *  2. hc_search holds one row per article translation (rowid = its id) with
 *     the title, the article's labels and the body's text, written in the
 *     same transaction as the translation or the labels.
 *  3. Each write of an article translation's title or body leaves a
 *     published revision equal to the new text, so the newest published
 *     revision of a locale is the live text and the list is its history.
 *  4. A proposal moves draft -> review -> published, or review -> draft;
 *     it is published by an admin or an agent who did not write it.
 */
#include "parley.h"
#include "guide/contentInt.h"
#include "guide/hc.h"
#include "util/html.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

const char *hc_kind_column(enum hc_kind k)
{
	return k == HC_ARTICLE ? "article" : k == HC_SECTION ? "section" : "category";
}

static const char *kind_path(enum hc_kind k)
{
	return k == HC_ARTICLE ? "articles" : k == HC_SECTION ? "sections" : "categories";
}

static const char *kind_type(enum hc_kind k)
{
	return k == HC_ARTICLE ? "Article" : k == HC_SECTION ? "Section" : "Category";
}

static enum hc_kind kind_of(const char *col)
{
	return !strcmp(col, "article") ? HC_ARTICLE : !strcmp(col, "section") ? HC_SECTION
		: HC_CATEGORY;
}

enum pl_err hc_bool_field(struct ctx *c, json_t *in, const char *name, int *out)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return PL_OK;
	if (!json_is_boolean(v))
		return ctx_invalid(c, name, "InvalidValue", "%s: must be true or false", name);
	*out = json_is_true(v);
	return PL_OK;
}

enum pl_err hc_int_field(struct ctx *c, json_t *in, const char *name, int64_t *out)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return PL_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > ((int64_t)1 << 53))
		return ctx_invalid(c, name, "InvalidValue", "%s: must be a whole number", name);
	*out = json_integer_value(v);
	return PL_OK;
}

enum pl_err hc_locale_field(struct ctx *c, json_t *in, int64_t brand_id,
	const char *dflt, const char **out)
{
	json_t *v = json_object_get(in, "locale");
	const char *l = dflt;
	if (v && !json_is_null(v)) {
		l = hc_locale_norm(c, json_string_value(v));
		if (!l)
			return ctx_invalid(c, "locale", "InvalidValue",
				"Locale: %s is not a locale", jdump(c->a, v));
	}
	if (!l)
		return ctx_invalid(c, "locale", "BlankValue", "Locale: cannot be blank");
	if (!hc_locale_enabled(c, brand_id, l))
		return ctx_invalid(c, "locale", "InvalidValue",
			"Locale: %s is not enabled in this help center", l);
	*out = l;
	return PL_OK;
}

enum pl_err hc_tr_fields(struct ctx *c, enum hc_kind k, json_t *in, bool required,
	bool tr_names, const char **title, const char **body)
{
	bool plain = k == HC_ARTICLE || tr_names;
	const char *tf = plain ? "title" : "name";
	const char *bf = plain ? "body" : "description";
	json_t *t = json_object_get(in, tf), *b = json_object_get(in, bf);
	*title = *body = NULL;
	if ((t && !json_is_string(t)) || (required && !t) ||
	    (t && json_string_length(t) == 0))
		return ctx_invalid(c, tf, "BlankValue", "%s: cannot be blank",
			k == HC_ARTICLE ? "Title" : "Name");
	if (t && json_string_length(t) > HC_TITLE_MAX)
		return ctx_invalid(c, tf, "TooLong", "%s: is too long (maximum is %d characters)",
			k == HC_ARTICLE ? "Title" : "Name", HC_TITLE_MAX);
	if (b && !json_is_string(b) && !json_is_null(b))
		return ctx_invalid(c, bf, "InvalidValue", "%s: must be a string", bf);
	if (json_is_string(b) && json_string_length(b) > HC_BODY_MAX)
		return ctx_invalid(c, bf, "TooLong", "%s: is too long (maximum is 1 MiB)", bf);
	if (t) {
		/* Titles are text: no control characters, no surrounding space. */
		char *s = arena_strdup(c->a, json_string_value(t));
		for (char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		while (*s == ' ')
			s++;
		size_t n = strlen(s);
		while (n && s[n - 1] == ' ')
			s[--n] = 0;
		if (!n)
			return ctx_invalid(c, tf, "BlankValue", "%s: cannot be blank",
				k == HC_ARTICLE ? "Title" : "Name");
		*title = s;
	}
	if (b) {
		const char *v = json_is_string(b) ? json_string_value(b) : "";
		*body = k == HC_ARTICLE ? html_sanitize(c->a, v) : arena_strdup(c->a, v);
	}
	return PL_OK;
}

/* ---- the search index ---- */

static char *label_text(struct ctx *c, int64_t article_id)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	struct stmt *st = db_q(c->db, "SELECT l.name FROM hc_article_labels al"
		" JOIN hc_labels l ON l.id = al.label_id WHERE al.article_id = ?"
		" ORDER BY l.name", "i", article_id);
	if (!st)
		return NULL;
	while (stmt_step(st) == STEP_ROW) {
		if (b.len)
			sbuf_add(&b, " ", 1);
		sbuf_adds(&b, stmt_text(st, 0));
	}
	stmt_reset(st);
	return b.s;
}

static bool index_row(struct ctx *c, int64_t tid, const char *title, const char *labels,
	const char *body)
{
	return db_exec(c->db, "DELETE FROM hc_search WHERE rowid = ?", "i", tid) &&
		db_exec(c->db, "INSERT INTO hc_search(rowid, title, labels, body)"
			" VALUES (?, ?, ?, ?)", "isss", tid, title, labels,
			html_text(c->a, body));
}

bool hc_index_article(struct ctx *c, int64_t article_id)
{
	char *labels = label_text(c, article_id);
	if (!labels)
		return false;
	struct stmt *st = db_q(c->db, "SELECT id, title, body FROM hc_translations"
		" WHERE source_type = 'article' AND source_id = ?", "i", article_id);
	if (!st)
		return false;
	/* Collect first: index_row runs other statements. */
	struct row { int64_t id; char *title, *body; } *rows = NULL;
	size_t n = 0, cap = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct row *nr = arena_alloc(c->a, cap * sizeof(*nr));
			if (n)
				memcpy(nr, rows, n * sizeof(*nr));
			rows = nr;
		}
		rows[n].id = stmt_i64(st, 0);
		rows[n].title = arena_strdup(c->a, stmt_text(st, 1));
		rows[n].body = arena_strdup(c->a, stmt_text(st, 2));
		n++;
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!index_row(c, rows[i].id, rows[i].title, labels, rows[i].body))
			return false;
	return true;
}

/* ---- writes ---- */

static bool record_revision(struct ctx *c, int64_t article_id, const char *locale)
{
	return db_exec(c->db, "INSERT INTO hc_revisions(account_id, article_id, locale,"
		" title, body, state, author_id, created_at, updated_at)"
		" SELECT account_id, source_id, locale, title, body, 'published', ?, ?, ?"
		" FROM hc_translations WHERE source_type = 'article' AND source_id = ?"
		" AND locale = ?", "iiiis", c->me.id, c->now, c->now, article_id, locale);
}

enum pl_err hc_tr_write(struct ctx *c, enum hc_kind k, int64_t id, const struct hc_tr *w)
{
	const char *type = hc_kind_column(k);
	int64_t tid = db_i64(c->db, "SELECT id FROM hc_translations WHERE account_id = ?"
		" AND source_type = ? AND source_id = ? AND locale = ?", "isis",
		c->account_id, type, id, w->locale);
	if (w->create && tid > 0)
		return ctx_invalid(c, "locale", "DuplicateValue",
			"Locale: a translation in %s already exists", w->locale);
	if (!w->create && tid <= 0)
		return ctx_not_found(c);
	if (w->create) {
		tid = db_i64(c->db, "INSERT INTO hc_translations(account_id, source_type,"
			" source_id, locale, title, body, draft, outdated, created_by_id,"
			" updated_by_id, created_at, updated_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			"isisssbbnnii", c->account_id, type, id, w->locale, w->title,
			w->body ? w->body : "", w->draft > 0, w->outdated > 0,
			c->me.id, c->me.id, c->now, c->now);
		if (tid <= 0)
			return ctx_store_failed(c);
	} else if (!db_exec(c->db, "UPDATE hc_translations SET title = coalesce(?, title),"
		" body = coalesce(?, body), draft = coalesce(?, draft),"
		" outdated = coalesce(?, outdated), updated_by_id = ?, updated_at = ?"
		" WHERE id = ?", "ssoonii", w->title, w->body, w->draft, w->outdated,
		c->me.id, c->now, tid)) {
		return ctx_store_failed(c);
	}
	if (k != HC_ARTICLE) {
		bool ok = k == HC_SECTION
			? db_exec(c->db, "UPDATE hc_sections SET updated_at = ? WHERE id = ?",
				"ii", c->now, id)
			: db_exec(c->db, "UPDATE hc_categories SET updated_at = ? WHERE id = ?",
				"ii", c->now, id);
		return ok ? PL_OK : ctx_store_failed(c);
	}
	bool text = w->title || w->body;
	if (text && w->history && !record_revision(c, id, w->locale))
		return ctx_store_failed(c);
	if (!db_exec(c->db, "UPDATE hc_articles SET updated_at = ?,"
		" edited_at = CASE WHEN ? THEN ? ELSE edited_at END WHERE id = ?",
		"ibii", c->now, text, c->now, id))
		return ctx_store_failed(c);
	struct stmt *st = db_q(c->db, "SELECT title, body FROM hc_translations WHERE id = ?",
		"i", tid);
	if (!st || stmt_step(st) != STEP_ROW) {
		if (st)
			stmt_reset(st);
		return ctx_store_failed(c);
	}
	char *title = arena_strdup(c->a, stmt_text(st, 0));
	char *body = arena_strdup(c->a, stmt_text(st, 1));
	stmt_reset(st);
	char *labels = label_text(c, id);
	if (!labels || !index_row(c, tid, title, labels, body))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err hc_item_brand(struct ctx *c, enum hc_kind k, int64_t id, int64_t *brand_id)
{
	int64_t b = k == HC_ARTICLE
		? db_i64(c->db, "SELECT brand_id FROM hc_articles WHERE account_id = ?"
			" AND id = ? AND archived = 0", "ii", c->account_id, id)
		: k == HC_SECTION
		? db_i64(c->db, "SELECT brand_id FROM hc_sections WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id)
		: db_i64(c->db, "SELECT brand_id FROM hc_categories WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id);
	if (b <= 0)
		return ctx_not_found(c);
	*brand_id = b;
	return PL_OK;
}

/* ---- translations on the wire ---- */

#define TR_COLS "id, source_type, source_id, locale, title, body, draft, outdated," \
	" created_by_id, updated_by_id, created_at, updated_at"

static json_t *tr_row(struct ctx *c, struct stmt *st)
{
	enum hc_kind k = kind_of(stmt_text(st, 1));
	int64_t sid = stmt_i64(st, 2);
	const char *locale = stmt_text(st, 3);
	json_t *t = json_object();
	json_object_set_new(t, "id", json_integer(stmt_i64(st, 0)));
	json_object_set_new(t, "url", json_string(ctx_url(c, "help_center/%s/%lld/translations/%s",
		kind_path(k), (long long)sid, locale)));
	json_object_set_new(t, "html_url", json_string(arena_printf(c->a, "%s/hc/%s/%s/%lld",
		hc_origin(c), locale, kind_path(k), (long long)sid)));
	json_object_set_new(t, "source_id", json_integer(sid));
	json_object_set_new(t, "source_type", json_string(kind_type(k)));
	json_object_set_new(t, "locale", json_string(locale));
	json_object_set_new(t, "title", jstr(stmt_text(st, 4)));
	json_object_set_new(t, "body", jstr(stmt_text(st, 5)));
	json_object_set_new(t, "outdated", json_boolean(stmt_i64(st, 7)));
	json_object_set_new(t, "draft", json_boolean(stmt_i64(st, 6)));
	json_object_set_new(t, "hidden", json_false());
	json_object_set_new(t, "created_by_id", jid(stmt_i64(st, 8)));
	json_object_set_new(t, "updated_by_id", jid(stmt_i64(st, 9)));
	json_object_set_new(t, "created_at", jtime(stmt_i64(st, 10)));
	json_object_set_new(t, "updated_at", jtime(stmt_i64(st, 11)));
	return t;
}

/* Agents see every translation; other readers only published ones of
 * articles they may read. */
static enum pl_err may_read(struct ctx *c, enum hc_kind k, int64_t id)
{
	if (k == HC_ARTICLE)
		return hc_article_readable(c, id, NULL);
	int64_t b;
	return hc_item_brand(c, k, id, &b);
}

enum pl_err hc_translations_list(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locales, json_t **out)
{
	enum pl_err e = may_read(c, k, id);
	if (e)
		return e;
	const char *filter = locales ? arena_printf(c->a, ",%s,", locales) : NULL;
	return list_all(c, "SELECT " TR_COLS " FROM hc_translations WHERE account_id = ?"
		" AND source_type = ? AND source_id = ? AND (? OR draft = 0)"
		" AND (? IS NULL OR instr(?, ',' || locale || ',') > 0) ORDER BY id",
		tr_row, out, "isibss", c->account_id, hc_kind_column(k), id,
		ctx_is_agent(c), filter, filter);
}

enum pl_err hc_translation_get(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale, json_t **out)
{
	enum pl_err e = may_read(c, k, id);
	if (e)
		return e;
	return list_one(c, "SELECT " TR_COLS " FROM hc_translations WHERE account_id = ?"
		" AND source_type = ? AND source_id = ? AND locale = ? AND (? OR draft = 0)",
		tr_row, out, "isisb", c->account_id, hc_kind_column(k), id, locale,
		ctx_is_agent(c));
}

static enum pl_err tr_write_txn(struct ctx *c, enum hc_kind k, int64_t id, json_t *in,
	const char *locale, bool create, json_t **out)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, k, id, &brand);
	if (e)
		return e;
	struct hc_tr w = { .draft = -1, .outdated = -1, .create = create, .history = true };
	if (create && (e = hc_locale_field(c, in, brand, NULL, &locale)))
		return e;
	if (!locale)
		return ctx_invalid(c, "locale", "BlankValue", "Locale: cannot be blank");
	w.locale = locale;
	if ((e = hc_tr_fields(c, k, in, create, true, &w.title, &w.body)) ||
	    (e = hc_bool_field(c, in, "draft", &w.draft)) ||
	    (e = hc_bool_field(c, in, "outdated", &w.outdated)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = hc_tr_write(c, k, id, &w))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return hc_translation_get(c, k, id, locale, out);
}

enum pl_err hc_translation_create(struct ctx *c, enum hc_kind k, int64_t id,
	json_t *in, json_t **out)
{
	return tr_write_txn(c, k, id, in, NULL, true, out);
}

enum pl_err hc_translation_update(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale, json_t *in, json_t **out)
{
	return tr_write_txn(c, k, id, in, locale, false, out);
}

enum pl_err hc_translation_delete(struct ctx *c, int64_t translation_id)
{
	struct stmt *st = db_q(c->db, "SELECT t.source_type, t.locale,"
		" coalesce(a.source_locale, s.source_locale, g.source_locale)"
		" FROM hc_translations t"
		" LEFT JOIN hc_articles a ON t.source_type = 'article' AND a.id = t.source_id"
		" LEFT JOIN hc_sections s ON t.source_type = 'section' AND s.id = t.source_id"
		" LEFT JOIN hc_categories g ON t.source_type = 'category' AND g.id = t.source_id"
		" WHERE t.account_id = ? AND t.id = ?", "ii", c->account_id, translation_id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	enum hc_kind k = kind_of(stmt_text(st, 0));
	bool source = !strcmp(stmt_text(st, 1), stmt_text(st, 2) ? stmt_text(st, 2) : "");
	stmt_reset(st);
	if (k != HC_ARTICLE && !ctx_is_admin(c))
		return ctx_forbidden(c);
	if (source)
		return ctx_invalid(c, "locale", "InvalidValue",
			"Locale: the source locale's translation cannot be deleted");
	if (!db_exec(c->db, "DELETE FROM hc_translations WHERE account_id = ? AND id = ?",
		"ii", c->account_id, translation_id))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err hc_translations_missing(struct ctx *c, enum hc_kind k, int64_t id,
	json_t **out)
{
	int64_t brand = 0;
	json_t *enabled;
	const char *dflt;
	enum pl_err e;
	if ((e = hc_item_brand(c, k, id, &brand)) ||
	    (e = hc_locales_get(c, brand, &enabled, &dflt)))
		return e;
	json_t *missing = jown(c->a, json_array());
	size_t i;
	json_t *l;
	json_array_foreach(enabled, i, l) {
		int64_t n = db_i64(c->db, "SELECT count(*) FROM hc_translations WHERE"
			" account_id = ? AND source_type = ? AND source_id = ? AND locale = ?",
			"isis", c->account_id, hc_kind_column(k), id, json_string_value(l));
		if (n < 0)
			return ctx_store_failed(c);
		if (n == 0)
			json_array_append(missing, l);
	}
	*out = missing;
	return PL_OK;
}

/* ---- revisions ---- */

#define REV_COLS "id, article_id, locale, title, body, state, author_id, reviewer_id," \
	" note, created_at, updated_at"

static json_t *rev_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0), aid = stmt_i64(st, 1);
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(id));
	json_object_set_new(r, "url", json_string(ctx_url(c,
		"help_center/articles/%lld/revisions/%lld", (long long)aid, (long long)id)));
	json_object_set_new(r, "article_id", json_integer(aid));
	json_object_set_new(r, "locale", jstr(stmt_text(st, 2)));
	json_object_set_new(r, "title", jstr(stmt_text(st, 3)));
	json_object_set_new(r, "body", jstr(stmt_text(st, 4)));
	json_object_set_new(r, "state", jstr(stmt_text(st, 5)));
	json_object_set_new(r, "author_id", jid(stmt_i64(st, 6)));
	json_object_set_new(r, "reviewer_id", jid(stmt_i64(st, 7)));
	json_object_set_new(r, "note", jstr(stmt_text(st, 8)));
	json_object_set_new(r, "created_at", jtime(stmt_i64(st, 9)));
	json_object_set_new(r, "updated_at", jtime(stmt_i64(st, 10)));
	return r;
}

enum pl_err hc_revisions_list(struct ctx *c, int64_t article_id, const char *locale,
	json_t **out)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(c, HC_ARTICLE, article_id, &brand);
	if (e)
		return e;
	return list_all(c, "SELECT " REV_COLS " FROM hc_revisions WHERE account_id = ?"
		" AND article_id = ? AND (? IS NULL OR locale = ?) ORDER BY id DESC",
		rev_row, out, "iiss", c->account_id, article_id, locale, locale);
}

enum pl_err hc_revision_get(struct ctx *c, int64_t article_id, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " REV_COLS " FROM hc_revisions WHERE account_id = ?"
		" AND article_id = ? AND id = ?", rev_row, out, "iii", c->account_id,
		article_id, id);
}

static enum pl_err note_field(struct ctx *c, json_t *in, const char **out)
{
	json_t *n = json_object_get(in, "note");
	*out = NULL;
	if (!n || json_is_null(n))
		return PL_OK;
	if (!json_is_string(n) || json_string_length(n) > 2000)
		return ctx_invalid(c, "note", "InvalidValue",
			"Note: must be text of at most 2000 characters");
	*out = json_string_value(n);
	return PL_OK;
}

enum pl_err hc_revision_create(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out)
{
	int64_t brand = 0;
	const char *locale, *title, *body, *note;
	enum pl_err e;
	if ((e = hc_item_brand(c, HC_ARTICLE, article_id, &brand)) ||
	    (e = hc_locale_field(c, in, brand, NULL, &locale)) ||
	    (e = hc_tr_fields(c, HC_ARTICLE, in, true, false, &title, &body)) ||
	    (e = note_field(c, in, &note)))
		return e;
	if (!body)
		body = "";
	int64_t id = db_i64(c->db, "INSERT INTO hc_revisions(account_id, article_id, locale,"
		" title, body, state, author_id, note, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id", "iisssisii",
		c->account_id, article_id, locale, title, body, c->me.id,
		note ? note : "", c->now, c->now);
	if (id <= 0)
		return ctx_store_failed(c);
	return hc_revision_get(c, article_id, id, out);
}

/* Applies a proposal in review to its translation and marks it published,
 * in one transaction. */
static enum pl_err publish(struct ctx *c, int64_t article_id, int64_t id,
	const char *locale, const char *title, const char *body)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t have = db_i64(c->db, "SELECT count(*) FROM hc_translations WHERE"
		" account_id = ? AND source_type = 'article' AND source_id = ? AND locale = ?",
		"iis", c->account_id, article_id, locale);
	struct hc_tr w = { .locale = locale, .title = title, .body = body, .draft = 0,
		.outdated = 0, .create = have == 0, .history = false };
	enum pl_err e = have < 0 ? ctx_store_failed(c) : hc_tr_write(c, HC_ARTICLE,
		article_id, &w);
	if (!e && !db_exec(c->db, "UPDATE hc_revisions SET state = 'published',"
		" reviewer_id = ?, updated_at = ? WHERE id = ?", "iii", c->me.id, c->now, id))
		e = ctx_store_failed(c);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err hc_revision_update(struct ctx *c, int64_t article_id, int64_t id,
	json_t *in, json_t **out)
{
	struct stmt *st = db_q(c->db, "SELECT state, author_id, locale, title, body"
		" FROM hc_revisions WHERE account_id = ? AND article_id = ? AND id = ?",
		"iii", c->account_id, article_id, id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	char *state = arena_strdup(c->a, stmt_text(st, 0));
	int64_t author = stmt_i64(st, 1);
	char *locale = arena_strdup(c->a, stmt_text(st, 2));
	char *title = arena_strdup(c->a, stmt_text(st, 3));
	char *body = arena_strdup(c->a, stmt_text(st, 4));
	stmt_reset(st);
	const char *nt, *nb, *note;
	enum pl_err e;
	if ((e = hc_tr_fields(c, HC_ARTICLE, in, false, false, &nt, &nb)) ||
	    (e = note_field(c, in, &note)))
		return e;
	json_t *to = json_object_get(in, "state");
	const char *next = to ? json_string_value(to) : state;
	if (!next || (strcmp(next, "draft") && strcmp(next, "review") &&
	    strcmp(next, "published")))
		return ctx_invalid(c, "state", "InvalidValue",
			"State: must be draft, review or published");
	if (!strcmp(state, "published"))
		return ctx_invalid(c, "state", "InvalidValue",
			"State: a published revision is history and cannot change");
	if ((nt || nb) && strcmp(state, "draft"))
		return ctx_invalid(c, "state", "InvalidValue",
			"State: only a draft can be edited; send it back to draft first");
	bool to_review = !strcmp(next, "review") && strcmp(state, "review");
	bool to_publish = !strcmp(next, "published");
	if (to_review && strcmp(state, "draft"))
		return ctx_invalid(c, "state", "InvalidValue", "State: cannot go to review");
	if (to_publish && strcmp(state, "review"))
		return ctx_invalid(c, "state", "InvalidValue",
			"State: a proposal is reviewed before it is published");
	if (to_publish && author == c->me.id && !ctx_is_admin(c))
		return ctx_fail(c, PL_FORBIDDEN,
			"A proposal is published by a reviewer other than its author");
	if (to_publish) {
		if ((e = publish(c, article_id, id, locale, title, body)))
			return e;
	} else if (!db_exec(c->db, "UPDATE hc_revisions SET state = ?,"
		" title = coalesce(?, title), body = coalesce(?, body),"
		" note = coalesce(?, note), reviewer_id = CASE WHEN ? = 'draft' AND"
		" state = 'review' THEN ? ELSE reviewer_id END, updated_at = ? WHERE id = ?",
		"sssssiii", next, nt, nb, note, next, c->me.id, c->now, id)) {
		return ctx_store_failed(c);
	}
	return hc_revision_get(c, article_id, id, out);
}
