/*
 * attachments.c: files attached to articles (images inline in the body,
 * or listed below it).
 *
 * The bytes live in the row (BLOB): article attachments are few and small
 * next to ticket uploads.  They are served by the help center pages at
 * /hc/article_attachments/{id}/{name} to whoever may read the article.
 */
#include "parley.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "guide/social.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"

#include <string.h>

#define ATT_COLS "id, article_id, file_name, content_type, size, inline, created_at," \
	" updated_at"

static json_t *att_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *name = stmt_text(st, 2);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "url", json_string(ctx_url(c, "help_center/articles/attachments/%lld",
		(long long)id)));
	json_object_set_new(o, "article_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(o, "file_name", json_string(name));
	json_object_set_new(o, "content_url", json_string(arena_printf(c->a,
		"%s/hc/article_attachments/%lld/%s", hc_origin(c), (long long)id,
		url_escape(c->a, name))));
	json_object_set_new(o, "content_type", json_string(stmt_text(st, 3)));
	json_object_set_new(o, "size", json_integer(stmt_i64(st, 4)));
	json_object_set_new(o, "inline", json_boolean(stmt_i64(st, 5)));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 6)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 7)));
	return o;
}

enum pl_err hc_attachments_list(struct ctx *c, int64_t article_id, const char *which,
	json_t **out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	int only = !which ? -1 : !strcmp(which, "inline") ? 1 : 0;
	return list_all(c, "SELECT " ATT_COLS " FROM hc_attachments WHERE account_id = ?"
		" AND article_id = ? AND (? < 0 OR inline = ?) ORDER BY id", att_row, out,
		"iiii", c->account_id, article_id, (int64_t)only, (int64_t)only);
}

/* The attachment's article, when the principal may read it. */
static enum pl_err readable(struct ctx *c, int64_t id, int64_t *article_id)
{
	int64_t aid = db_i64(c->db, "SELECT article_id FROM hc_attachments WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, id);
	if (aid <= 0)
		return ctx_not_found(c);
	*article_id = aid;
	return hc_article_readable(c, aid, NULL);
}

enum pl_err hc_attachment_get(struct ctx *c, int64_t id, json_t **out)
{
	int64_t aid;
	enum pl_err e = readable(c, id, &aid);
	if (e)
		return e;
	return list_one(c, "SELECT " ATT_COLS " FROM hc_attachments WHERE id = ?",
		att_row, out, "i", id);
}

enum pl_err hc_attachment_create(struct ctx *c, int64_t article_id, const char *file_name,
	const char *content_type, const void *data, size_t size, bool is_inline,
	json_t **out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	if (!file_name || !*file_name || strlen(file_name) > 255 || strchr(file_name, '/'))
		return ctx_invalid(c, "file", "InvalidValue",
			"File: needs a name of 1 to 255 characters without '/'");
	if (size == 0)
		return ctx_invalid(c, "file", "BlankValue", "File: is empty");
	struct stmt *st = db_q(c->db, "INSERT INTO hc_attachments(account_id, article_id,"
		" file_name, content_type, size, inline, data, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iissibBii", c->account_id,
		article_id, file_name, content_type ? content_type : "application/octet-stream",
		(int64_t)size, is_inline, data, size, c->now, c->now);
	int64_t id = st && stmt_step(st) == STEP_ROW ? stmt_i64(st, 0) : -1;
	if (st)
		stmt_reset(st);
	if (id <= 0)
		return ctx_store_failed(c);
	return hc_attachment_get(c, id, out);
}

enum pl_err hc_attachment_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM hc_attachments WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

enum pl_err hc_attachment_content(struct ctx *c, int64_t id, const char **file_name,
	const char **content_type, const void **data, size_t *size)
{
	int64_t aid;
	enum pl_err e = readable(c, id, &aid);
	if (e)
		return e;
	struct stmt *st = db_q(c->db, "SELECT file_name, content_type, data FROM"
		" hc_attachments WHERE id = ?", "i", id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	*file_name = arena_strdup(c->a, stmt_text(st, 0));
	*content_type = arena_strdup(c->a, stmt_text(st, 1));
	size_t n = 0;
	const void *p = stmt_blob(st, 2, &n);
	void *copy = arena_alloc(c->a, n ? n : 1);
	if (n)
		memcpy(copy, p, n);
	*data = copy;
	*size = n;
	stmt_reset(st);
	return PL_OK;
}
