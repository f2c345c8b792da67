/*
 * attachments.c: uploads and attachments (see attachments.h).
 *
 * The bytes live in the attachments row (data, last column, so metadata
 * queries never read it).  An upload token groups the files one principal
 * sent before a comment claims them; claiming sets ticket_id and
 * comment_id, after which the token no longer names them.
 *
 * Invariants:
 *  1. An unclaimed file is visible only to its uploader; a claimed one to
 *     whoever may see its ticket, and for end users only on a public
 *     comment.  Everything else answers 404, as another account's ids do.
 *  2. Only the uploader may add to, delete, or attach an upload.
 *  3. The stored content type is never a client's generic type: it is
 *     guessed from the file name then, so downloads carry a useful one.
 */
#include "parley.h"
#include "core/attachments.h"
#include "core/ticketsInt.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#define UPLOAD_TTL (3 * 24 * 3600)   /* Zendesk's expires_at: three days */
#define TOKEN_CHARS 25

#define COLS "id, file_name, content_type, size"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	char *content = arena_printf(c->a, "%s/attachments/%lld/content",
		c->api_base, (long long)id);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:n,s:n,s:b,s:b,s:b,s:s,s:[]}",
		"id", (json_int_t)id,
		"url", ctx_url(c, "attachments/%lld", (long long)id),
		"file_name", stmt_text(st, 1),
		"content_url", content,
		"mapped_content_url", content,
		"content_type", stmt_text(st, 2),
		"size", (json_int_t)stmt_i64(st, 3),
		"width", "height",
		"inline", 0, "deleted", 0, "malware_access_override", 0,
		"malware_scan_result", "not_scanned",
		"thumbnails");
}

static const char *guess_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ "txt", "text/plain" }, { "log", "text/plain" }, { "csv", "text/csv" },
		{ "md", "text/markdown" }, { "htm", "text/html" }, { "html", "text/html" },
		{ "xml", "application/xml" }, { "json", "application/json" },
		{ "pdf", "application/pdf" }, { "zip", "application/zip" },
		{ "gz", "application/gzip" }, { "png", "image/png" },
		{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "gif", "image/gif" },
		{ "webp", "image/webp" }, { "svg", "image/svg+xml" },
		{ "mp3", "audio/mpeg" }, { "wav", "audio/wav" }, { "mp4", "video/mp4" },
		{ "eml", "message/rfc822" },
		{ "doc", "application/msword" },
		{ "docx", "application/vnd.openxmlformats-officedocument."
			"wordprocessingml.document" },
		{ "xls", "application/vnd.ms-excel" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument."
			"spreadsheetml.sheet" },
	};
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < PL_ARRAY_LEN(types); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* The type to store: the client's unless generic (node-zendesk sends
 * application/json or application/binary for any file) or malformed. */
static const char *content_type_of(const struct attachment_file *f)
{
	static const char *const generic[] = { "application/json",
		"application/binary", "application/octet-stream",
		"application/x-www-form-urlencoded", "multipart/form-data" };
	const char *t = f->content_type;
	if (!t || !*t || strlen(t) > 100 || !strchr(t, '/'))
		return guess_type(f->name);
	for (const char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return guess_type(f->name);
	for (size_t i = 0; i < PL_ARRAY_LEN(generic); i++)
		if (strncasecmp(t, generic[i], strlen(generic[i])) == 0)
			return guess_type(f->name);
	return t;
}

/* The last path component of name with control characters replaced. */
static enum pl_err file_name_of(struct ctx *c, const char *name, char **out)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base)
		return ctx_invalid(c, "filename", "BlankValue", "Filename: cannot be blank");
	if (strlen(base) > 255)
		return ctx_invalid(c, "filename", "TooLong",
			"Filename: is too long (maximum is 255 characters)");
	char *n = arena_strdup(c->a, base);
	for (char *p = n; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	*out = n;
	return PL_OK;
}

static char *new_token(struct ctx *c)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char *t = arena_alloc(c->a, TOKEN_CHARS + 1);
	for (int i = 0; i < TOKEN_CHARS; i++)
		t[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	return t;
}

static enum pl_err upload(struct ctx *c, const char *token,
	const struct attachment_file *f, json_t **out)
{
	char *name = NULL;
	enum pl_err e = file_name_of(c, f->name, &name);
	if (e)
		return e;
	if (token) {
		int64_t n = db_i64(c->db, "SELECT count(*) FROM attachments"
			" WHERE account_id = ? AND upload_token = ? AND uploader_id = ?"
			" AND comment_id IS NULL", "isi", c->account_id, token, c->me.id);
		if (n < 0)
			return ctx_store_failed(c);
		if (n == 0)
			return ctx_invalid(c, "token", "InvalidValue",
				"Token: %s is not an upload of yours", token);
	} else {
		token = new_token(c);
	}
	int64_t id = db_i64(c->db, "INSERT INTO attachments(account_id, upload_token,"
		" uploader_id, file_name, content_type, size, created_at, data)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "isissiiB",
		c->account_id, token, c->me.id, name, content_type_of(f),
		(int64_t)f->size, c->now, f->data ? f->data : "", f->size);
	if (id <= 0)
		return ctx_store_failed(c);
	json_t *all;
	if ((e = list_all(c, "SELECT " COLS " FROM attachments WHERE account_id = ?"
		" AND upload_token = ? AND comment_id IS NULL ORDER BY id", row, &all,
		"is", c->account_id, token)))
		return e;
	json_t *mine = NULL;
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a)
		if (json_integer_value(json_object_get(a, "id")) == id)
			mine = a;
	*out = jown(c->a, json_pack("{s:s,s:o,s:O,s:O}", "token", token,
		"expires_at", jtime(c->now + UPLOAD_TTL), "attachment", mine,
		"attachments", all));
	return PL_OK;
}

enum pl_err attachment_upload(struct ctx *c, const char *token,
	const struct attachment_file *f, json_t **out)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = upload(c, token, f, out);
	return ctx_end(c, e);
}

enum pl_err attachment_upload_delete(struct ctx *c, const char *token)
{
	if (!db_exec(c->db, "DELETE FROM attachments WHERE account_id = ?"
		" AND upload_token = ? AND uploader_id = ? AND comment_id IS NULL",
		"isi", c->account_id, token, c->me.id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* PL_OK when the principal may see attachment id (invariant 1). */
static enum pl_err may_see(struct ctx *c, int64_t id)
{
	struct stmt *st = db_q(c->db, "SELECT a.uploader_id, a.ticket_id, m.public"
		" FROM attachments a LEFT JOIN ticket_comments m ON m.id = a.comment_id"
		" WHERE a.account_id = ? AND a.id = ?", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	int64_t uploader = 0, ticket = 0;
	bool is_public = false;
	if (rc == STEP_ROW) {
		uploader = stmt_i64(st, 0);
		ticket = stmt_i64(st, 1);
		is_public = stmt_i64(st, 2) != 0;
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (rc != STEP_ROW)
		return ctx_not_found(c);
	if (!ticket)
		return uploader == c->me.id ? PL_OK : ctx_not_found(c);
	if (!ctx_is_agent(c) && !is_public)
		return ctx_not_found(c);
	struct ticket t;
	return ticket_load(c, ticket, &t);
}

enum pl_err attachment_get(struct ctx *c, int64_t id, json_t **out)
{
	enum pl_err e = may_see(c, id);
	if (e)
		return e;
	return list_one(c, "SELECT " COLS " FROM attachments WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

enum pl_err attachment_content(struct ctx *c, int64_t id,
	struct attachment_file *out)
{
	enum pl_err e = may_see(c, id);
	if (e)
		return e;
	struct stmt *st = db_q(c->db, "SELECT file_name, content_type, data"
		" FROM attachments WHERE account_id = ? AND id = ?", "ii",
		c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		out->name = arena_strdup(c->a, stmt_text(st, 0));
		out->content_type = arena_strdup(c->a, stmt_text(st, 1));
		size_t n = 0;
		const void *p = stmt_blob(st, 2, &n);
		void *copy = arena_alloc(c->a, n + 1);
		if (n)
			memcpy(copy, p, n);
		out->data = copy;
		out->size = n;
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}

enum pl_err attachment_redact(struct ctx *c, int64_t ticket_id,
	int64_t comment_id, int64_t id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, ticket_id, &t);
	if (e)
		return e;
	if (!db_exec(c->db, "UPDATE attachments SET file_name = 'redacted.txt',"
		" content_type = 'text/plain', size = 0, data = x''"
		" WHERE account_id = ? AND ticket_id = ? AND comment_id = ? AND id = ?",
		"iiii", c->account_id, ticket_id, comment_id, id))
		return ctx_store_failed(c);
	if (db_changes(c->db) == 0)
		return ctx_not_found(c);
	return attachment_get(c, id, out);
}

enum pl_err attachments_claim(struct ctx *c, json_t *tokens, int64_t ticket_id,
	int64_t comment_id)
{
	size_t i;
	json_t *t;
	json_array_foreach(tokens, i, t) {
		if (!json_is_string(t))
			return ctx_invalid(c, "uploads", "InvalidValue",
				"Uploads: must be upload tokens");
		if (!db_exec(c->db, "UPDATE attachments SET ticket_id = ?, comment_id = ?"
			" WHERE account_id = ? AND upload_token = ? AND uploader_id = ?"
			" AND comment_id IS NULL", "iiisi", ticket_id, comment_id,
			c->account_id, json_string_value(t), c->me.id))
			return ctx_store_failed(c);
		if (db_changes(c->db) == 0)
			return ctx_invalid(c, "uploads", "InvalidValue",
				"Uploads: %s is not an upload of yours", json_string_value(t));
	}
	return PL_OK;
}

static json_t *comment_row(struct ctx *c, struct stmt *st)
{
	json_t *a = row(c, st);
	json_object_set_new(a, "comment_id", json_integer(stmt_i64(st, 4)));
	return a;
}

enum pl_err attachments_by_comment(struct ctx *c, json_t *comment_ids,
	json_t **out)
{
	json_t *arr;
	enum pl_err e = list_all(c, "SELECT " COLS ", comment_id FROM attachments"
		" WHERE +account_id = ? AND comment_id IN (SELECT value FROM json_each(?))"
		" ORDER BY id", comment_row, &arr, "is", c->account_id,
		jdump(c->a, comment_ids));
	if (e)
		return e;
	*out = jown(c->a, json_object());
	size_t i;
	json_t *a;
	json_array_foreach(arr, i, a) {
		const char *key = arena_printf(c->a, "%lld",
			(long long)json_integer_value(json_object_get(a, "comment_id")));
		json_object_del(a, "comment_id");
		json_t *list = json_object_get(*out, key);
		if (!list) {
			list = json_array();
			json_object_set_new(*out, key, list);
		}
		json_array_append(list, a);
	}
	return PL_OK;
}
