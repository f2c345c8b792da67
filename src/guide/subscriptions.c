/*
 * subscriptions.c: users following an article or a section.
 *
 * A subscription is a record of interest; one per user and item.  Agents
 * see and remove anyone's; other users only their own.  Delivering
 * notifications is the job of the email channel, which reads these rows.
 */
#include "parley.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "guide/social.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define SUB_COLS "id, content_type, content_id, user_id, locale, include_comments," \
	" created_at, updated_at"

static const char *type_name(enum hc_sub_kind k)
{
	return k == HC_SUB_ARTICLE ? "Article" : "Section";
}

static json_t *sub_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0), cid = stmt_i64(st, 2);
	bool article = !strcmp(stmt_text(st, 1), "Article");
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "url", json_string(ctx_url(c, "help_center/%s/%lld/subscriptions/%lld",
		article ? "articles" : "sections", (long long)cid, (long long)id)));
	json_object_set_new(o, "content_id", json_integer(cid));
	json_object_set_new(o, "content_type", json_string(stmt_text(st, 1)));
	json_object_set_new(o, "user_id", json_integer(stmt_i64(st, 3)));
	json_object_set_new(o, "locale", jstr(stmt_text(st, 4)));
	json_object_set_new(o, "source_locale", jstr(stmt_text(st, 4)));
	json_object_set_new(o, "include_comments", json_boolean(stmt_i64(st, 5)));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 6)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 7)));
	return o;
}

/* The item exists (articles: and is readable); *locale its source locale. */
static enum pl_err item_ok(struct ctx *c, enum hc_sub_kind k, int64_t id,
	const char **locale)
{
	enum pl_err e;
	if (k == HC_SUB_ARTICLE && (e = hc_article_readable(c, id, NULL)))
		return e;
	struct stmt *st = k == HC_SUB_ARTICLE
		? db_q(c->db, "SELECT source_locale FROM hc_articles WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id)
		: db_q(c->db, "SELECT source_locale FROM hc_sections WHERE account_id = ?"
			" AND id = ?", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	if (locale)
		*locale = arena_strdup(c->a, stmt_text(st, 0));
	stmt_reset(st);
	return PL_OK;
}

enum pl_err hc_subscriptions_list(struct ctx *c, const struct page *p,
	enum hc_sub_kind k, int64_t content_id, struct list_result *out)
{
	enum pl_err e = item_ok(c, k, content_id, NULL);
	if (e)
		return e;
	return list_run(c, p, SUB_COLS, "FROM hc_subscriptions WHERE account_id = ?"
		" AND content_type = ? AND content_id = ? AND (? OR user_id = ?)", sub_row, out,
		"isibi", c->account_id, type_name(k), content_id, ctx_is_agent(c), c->me.id);
}

enum pl_err hc_subscriptions_by_user(struct ctx *c, const struct page *p,
	int64_t user_id, struct list_result *out)
{
	if (!ctx_is_agent(c) && user_id != c->me.id)
		return ctx_not_found(c);
	return list_run(c, p, SUB_COLS, "FROM hc_subscriptions WHERE account_id = ?"
		" AND user_id = ?", sub_row, out, "ii", c->account_id, user_id);
}

enum pl_err hc_subscription_get(struct ctx *c, enum hc_sub_kind k, int64_t content_id,
	int64_t id, json_t **out)
{
	return list_one(c, "SELECT " SUB_COLS " FROM hc_subscriptions WHERE account_id = ?"
		" AND content_type = ? AND content_id = ? AND id = ? AND (? OR user_id = ?)",
		sub_row, out, "isiibi", c->account_id, type_name(k), content_id, id,
		ctx_is_agent(c), c->me.id);
}

enum pl_err hc_subscription_create(struct ctx *c, enum hc_sub_kind k,
	int64_t content_id, json_t *in, json_t **out, bool *created)
{
	const char *locale = NULL;
	enum pl_err e = item_ok(c, k, content_id, &locale);
	if (e)
		return e;
	int64_t user = c->me.id;
	json_t *u = json_object_get(in, "user_id");
	if (u && !json_is_null(u)) {
		if (!json_is_integer(u))
			return ctx_invalid(c, "user_id", "InvalidValue", "User: must be an id");
		if (json_integer_value(u) != c->me.id && !ctx_is_agent(c))
			return ctx_forbidden(c);
		user = json_integer_value(u);
		if (db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ? AND id = ?",
			"ii", c->account_id, user) != 1)
			return ctx_invalid(c, "user_id", "InvalidValue", "User: does not exist");
	}
	json_t *l = json_object_get(in, "source_locale");
	if (!l)
		l = json_object_get(in, "locale");
	if (l && !json_is_null(l) && !(locale = hc_locale_norm(c, json_string_value(l))))
		return ctx_invalid(c, "source_locale", "InvalidValue",
			"Source locale: is not a locale");
	int comments = 0;
	json_t *ic = json_object_get(in, "include_comments");
	if (ic && !json_is_boolean(ic))
		return ctx_invalid(c, "include_comments", "InvalidValue",
			"Include comments: must be true or false");
	comments = json_is_true(ic);
	int64_t existing = db_i64(c->db, "SELECT id FROM hc_subscriptions WHERE"
		" content_type = ? AND content_id = ? AND user_id = ?", "sii", type_name(k),
		content_id, user);
	*created = existing <= 0;
	if (existing <= 0) {
		existing = db_i64(c->db, "INSERT INTO hc_subscriptions(account_id, user_id,"
			" content_type, content_id, locale, include_comments, created_at,"
			" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
			" RETURNING id", "iisisbii", c->account_id, user, type_name(k),
			content_id, locale, comments, c->now, c->now);
		if (existing <= 0)
			return ctx_store_failed(c);
	}
	return hc_subscription_get(c, k, content_id, existing, out);
}

enum pl_err hc_subscription_delete(struct ctx *c, enum hc_sub_kind k,
	int64_t content_id, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM hc_subscriptions WHERE account_id = ?"
		" AND content_type = ? AND content_id = ? AND id = ? AND (? OR user_id = ?)",
		"isiibi", c->account_id, type_name(k), content_id, id, ctx_is_agent(c),
		c->me.id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}
