/*
 * comments.c: readers' comments on articles.
 *
 * Bodies are sanitized HTML (html.h) when written, so every reader, API or
 * page, gets the sanitized form.  Whoever may read an article may read its
 * comments; the author and agents may change or delete one.
 */
#include "parley.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "util/html.h"
#include "guide/social.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#define COMMENT_COLS "id, article_id, author_id, locale, body, created_at, updated_at"
#define BODY_MAX 65536

static json_t *comment_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0), aid = stmt_i64(st, 1);
	const char *locale = stmt_text(st, 3);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "url", json_string(ctx_url(c,
		"help_center/articles/%lld/comments/%lld", (long long)aid, (long long)id)));
	json_object_set_new(o, "html_url", json_string(arena_printf(c->a,
		"%s/hc/%s/articles/%lld#comment-%lld", hc_origin(c), locale, (long long)aid,
		(long long)id)));
	json_object_set_new(o, "body", jstr(stmt_text(st, 4)));
	json_object_set_new(o, "author_id", json_integer(stmt_i64(st, 2)));
	json_object_set_new(o, "source_id", json_integer(aid));
	json_object_set_new(o, "source_type", json_string("Article"));
	json_object_set_new(o, "locale", json_string(locale));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 5)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 6)));
	return o;
}

enum pl_err hc_comments_by_article(struct ctx *c, const struct page *p,
	int64_t article_id, struct list_result *out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_run(c, p, COMMENT_COLS, "FROM hc_comments WHERE account_id = ?"
		" AND article_id = ?", comment_row, out, "ii", c->account_id, article_id);
}

enum pl_err hc_comments_by_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out)
{
	if (!ctx_is_agent(c) && user_id != c->me.id)
		return ctx_not_found(c);
	return list_run(c, p, COMMENT_COLS, "FROM hc_comments WHERE account_id = ?"
		" AND author_id = ?", comment_row, out, "ii", c->account_id, user_id);
}

enum pl_err hc_comment_get(struct ctx *c, int64_t article_id, int64_t id, json_t **out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_one(c, "SELECT " COMMENT_COLS " FROM hc_comments WHERE account_id = ?"
		" AND article_id = ? AND id = ?", comment_row, out, "iii", c->account_id,
		article_id, id);
}

static enum pl_err body_field(struct ctx *c, json_t *in, const char **out)
{
	json_t *b = json_object_get(in, "body");
	if (!json_is_string(b) || json_string_length(b) > BODY_MAX)
		return ctx_invalid(c, "body", "BlankValue",
			"Body: cannot be blank (at most 64 KiB)");
	char *clean = html_sanitize(c->a, json_string_value(b));
	if (!*html_text(c->a, clean))
		return ctx_invalid(c, "body", "BlankValue", "Body: cannot be blank");
	*out = clean;
	return PL_OK;
}

enum pl_err hc_comment_create(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out)
{
	int64_t brand = 0;
	const char *body, *locale;
	enum pl_err e;
	if ((e = hc_article_readable(c, article_id, &brand)) ||
	    (e = body_field(c, in, &body)))
		return e;
	if (db_i64(c->db, "SELECT comments_disabled FROM hc_articles WHERE id = ?", "i",
		article_id) != 0)
		return ctx_fail(c, PL_FORBIDDEN, "Comments are disabled for this article");
	json_t *l = json_object_get(in, "locale");
	locale = l ? hc_locale_norm(c, json_string_value(l)) : NULL;
	if (l && !locale)
		return ctx_invalid(c, "locale", "InvalidValue", "Locale: is not a locale");
	int64_t id = db_i64(c->db, "INSERT INTO hc_comments(account_id, article_id,"
		" author_id, locale, body, created_at, updated_at)"
		" SELECT ?, ?, ?, coalesce(?, source_locale), ?, ?, ? FROM hc_articles"
		" WHERE id = ? RETURNING id", "iiissiii", c->account_id, article_id,
		c->me.id, locale, body, c->now, c->now, article_id);
	if (id <= 0)
		return ctx_store_failed(c);
	return hc_comment_get(c, article_id, id, out);
}

/* The comment exists, its article is readable and the principal is its
 * author or an agent. */
static enum pl_err may_change(struct ctx *c, int64_t article_id, int64_t id)
{
	json_t *cm;
	enum pl_err e = hc_comment_get(c, article_id, id, &cm);
	if (e)
		return e;
	if (!ctx_is_agent(c) && json_integer_value(json_object_get(cm, "author_id")) != c->me.id)
		return ctx_forbidden(c);
	return PL_OK;
}

enum pl_err hc_comment_update(struct ctx *c, int64_t article_id, int64_t id,
	json_t *in, json_t **out)
{
	const char *body;
	enum pl_err e;
	if ((e = may_change(c, article_id, id)) || (e = body_field(c, in, &body)))
		return e;
	if (!db_exec(c->db, "UPDATE hc_comments SET body = ?, updated_at = ? WHERE id = ?",
		"sii", body, c->now, id))
		return ctx_store_failed(c);
	return hc_comment_get(c, article_id, id, out);
}

enum pl_err hc_comment_delete(struct ctx *c, int64_t article_id, int64_t id)
{
	enum pl_err e = may_change(c, article_id, id);
	if (e)
		return e;
	return db_exec(c->db, "DELETE FROM hc_comments WHERE id = ?", "i", id)
		? PL_OK : ctx_store_failed(c);
}
