/*
 * votes.c: up and down votes on articles.
 *
 * Invariant: an article's vote_sum and vote_count equal the sum and number
 * of its rows in hc_votes; both are rewritten in the transaction that
 * changes a vote.  One vote per user and article (unique index).
 */
#include "parley.h"
#include "guide/content.h"
#include "guide/social.h"
#include "store/store.h"
#include "util/jsonx.h"

#define VOTE_COLS "id, user_id, value, article_id, created_at, updated_at"

static json_t *vote_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	return json_pack("{s:I,s:o,s:I,s:I,s:I,s:s,s:o,s:o}", "id", (json_int_t)id,
		"url", json_string(ctx_url(c, "help_center/votes/%lld", (long long)id)),
		"user_id", (json_int_t)stmt_i64(st, 1), "value", (json_int_t)stmt_i64(st, 2),
		"item_id", (json_int_t)stmt_i64(st, 3), "item_type", "Article",
		"created_at", jtime(stmt_i64(st, 4)), "updated_at", jtime(stmt_i64(st, 5)));
}

static bool recount(struct ctx *c, int64_t article_id)
{
	return db_exec(c->db, "UPDATE hc_articles SET"
		" vote_sum = (SELECT coalesce(sum(value), 0) FROM hc_votes WHERE article_id = ?),"
		" vote_count = (SELECT count(*) FROM hc_votes WHERE article_id = ?)"
		" WHERE id = ?", "iii", article_id, article_id, article_id);
}

enum pl_err hc_vote_cast(struct ctx *c, int64_t article_id, int value, json_t **out,
	bool *created)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t had = db_i64(c->db, "SELECT count(*) FROM hc_votes WHERE article_id = ?"
		" AND user_id = ?", "ii", article_id, c->me.id);
	int64_t id = db_i64(c->db, "INSERT INTO hc_votes(account_id, article_id, user_id,"
		" value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
		" ON CONFLICT(article_id, user_id) DO UPDATE SET value = excluded.value,"
		" updated_at = excluded.updated_at RETURNING id", "iiiiii", c->account_id,
		article_id, c->me.id, (int64_t)value, c->now, c->now);
	if (had < 0 || id <= 0 || !recount(c, article_id)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	*created = had == 0;
	return hc_vote_get(c, id, out);
}

enum pl_err hc_vote_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " VOTE_COLS " FROM hc_votes WHERE account_id = ?"
		" AND id = ? AND (? OR user_id = ?)", vote_row, out, "iibi", c->account_id,
		id, ctx_is_agent(c), c->me.id);
}

enum pl_err hc_vote_delete(struct ctx *c, int64_t id)
{
	json_t *v;
	enum pl_err e = hc_vote_get(c, id, &v);
	if (e)
		return e;
	int64_t article_id = json_integer_value(json_object_get(v, "item_id"));
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (!db_exec(c->db, "DELETE FROM hc_votes WHERE id = ?", "i", id) ||
	    !recount(c, article_id)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err hc_votes_by_article(struct ctx *c, const struct page *p, int64_t article_id,
	struct list_result *out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_run(c, p, VOTE_COLS, "FROM hc_votes WHERE account_id = ?"
		" AND article_id = ?", vote_row, out, "ii", c->account_id, article_id);
}

enum pl_err hc_votes_by_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out)
{
	if (!ctx_is_agent(c) && user_id != c->me.id)
		return ctx_not_found(c);
	return list_run(c, p, VOTE_COLS, "FROM hc_votes WHERE account_id = ?"
		" AND user_id = ?", vote_row, out, "ii", c->account_id, user_id);
}

int hc_vote_of_me(struct ctx *c, int64_t article_id)
{
	if (!c->me.id)
		return 0;
	int64_t v = db_i64(c->db, "SELECT value FROM hc_votes WHERE article_id = ?"
		" AND user_id = ?", "ii", article_id, c->me.id);
	return v == 1 || v == -1 ? (int)v : 0;
}
