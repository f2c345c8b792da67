/*
 * comments.c: ticket comments: their bodies, storage and lists.
 *
 * A request gives either body (plain text) or html_body.  From plain text
 * the HTML is rendered escaped, in paragraphs; given HTML is sanitized to an
 * allow-list (util/html.c, shared with the help center) and the text is
 * what remains without tags, keeping its lines.  So
 * body, html_body and plain_body are always all present and html_body is
 * always safe to show.
 *
 * Invariants:
 *  1. A comment's id is the id of its Comment event in ticket_events.
 *  2. End users never author private comments nor read them, and only an
 *     agent may author a comment in someone else's name.
 *  3. Comments are immutable except for public -> private (audits).
 */
#include "parley.h"
#include "core/comments.h"
#include "core/live.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/html.h"
#include "util/jsonx.h"

#include <ctype.h>
#include <string.h>

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static enum pl_err string_member(struct ctx *c, json_t *in, const char *key,
	const char **out)
{
	json_t *v = json_object_get(in, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return PL_OK;
	if (!json_is_string(v))
		return ctx_invalid(c, "comment", "InvalidValue",
			"Comment: %s must be a string", key);
	*out = json_string_value(v);
	return PL_OK;
}

static enum pl_err author_of(struct ctx *c, json_t *in, int64_t *author)
{
	json_t *v = json_object_get(in, "author_id");
	*author = c->me.id;
	if (!v || json_is_null(v))
		return PL_OK;
	if (!json_is_integer(v))
		return ctx_invalid(c, "comment", "InvalidValue",
			"Comment: author_id must be a user id");
	int64_t id = json_integer_value(v);
	if (id == c->me.id)
		return PL_OK;
	if (!ctx_is_agent(c))
		return ctx_fail(c, PL_FORBIDDEN,
			"End users may only comment in their own name");
	if (user_role(c, id) == ROLE_ANON)
		return ctx_invalid(c, "comment", "InvalidValue",
			"Comment: author %lld is not a user of the account", (long long)id);
	*author = id;
	return PL_OK;
}

enum pl_err comment_parse(struct ctx *c, json_t *in, struct comment_in *out,
	bool *present)
{
	memset(out, 0, sizeof(*out));
	out->is_public = true;
	out->author_id = c->me.id;
	*present = false;
	if (!in || json_is_null(in))
		return PL_OK;
	const char *body = NULL, *html = NULL;
	enum pl_err e;
	if (json_is_string(in)) {
		body = json_string_value(in);
	} else if (json_is_object(in)) {
		if ((e = string_member(c, in, "body", &body)) ||
		    (e = string_member(c, in, "html_body", &html)) ||
		    (!body && (e = string_member(c, in, "value", &body))) ||
		    (e = author_of(c, in, &out->author_id)))
			return e;
		json_t *pub = json_object_get(in, "public");
		if (pub && !json_is_boolean(pub))
			return ctx_invalid(c, "comment", "InvalidValue",
				"Comment: public must be true or false");
		out->is_public = !pub || json_is_true(pub);
		json_t *up = json_object_get(in, "uploads");
		if (up && !json_is_array(up) && !json_is_null(up))
			return ctx_invalid(c, "comment", "InvalidValue",
				"Comment: uploads must be a list of upload tokens");
		out->uploads = json_array_size(up) ? up : NULL;
	} else {
		return ctx_invalid(c, "comment", "InvalidValue",
			"Comment: must be an object with a body");
	}
	if (!out->is_public && !ctx_is_agent(c))
		return ctx_fail(c, PL_FORBIDDEN, "End users may not add private comments");
	if (html) {
		out->html_body = html_sanitize(c->a, html);
		out->plain_body = html_lines(c->a, html);
		out->body = out->plain_body;
	} else if (body) {
		out->body = body;
		out->plain_body = body;
		out->html_body = html_from_text(c->a, body);
	}
	*present = !blank(out->plain_body);
	if (!*present && out->uploads)
		return ctx_invalid(c, "comment", "BlankValue",
			"Comment: body cannot be blank when it has uploads");
	return PL_OK;
}

/* The comment event of a comment just written. */
static json_t *event_of(int64_t id, int64_t audit_id,
	const struct comment_in *ci, json_t *attachments)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:b,s:O,s:I}",
		"id", (json_int_t)id, "type", "Comment",
		"author_id", (json_int_t)ci->author_id,
		"body", ci->body, "html_body", ci->html_body, "plain_body", ci->plain_body,
		"public", ci->is_public, "attachments", attachments,
		"audit_id", (json_int_t)audit_id);
}

enum pl_err comment_add(struct ctx *c, struct audit *au, int64_t ticket_id,
	const struct comment_in *ci)
{
	int64_t id;
	json_t *v = jown(c->a, json_pack("{s:I,s:b}", "author_id",
		(json_int_t)ci->author_id, "public", ci->is_public));
	enum pl_err e = audit_event(c, au, "Comment", NULL, v, NULL, &id);
	if (e)
		return e;
	if (!db_exec(c->db, "INSERT INTO ticket_comments(id, account_id, ticket_id,"
		" audit_id, author_id, body, html_body, plain_body, public, via_channel,"
		" metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"iiiiisssbssi", id, c->account_id, ticket_id, au->id, ci->author_id,
		ci->body, ci->html_body, ci->plain_body, (int)ci->is_public,
		json_string_value(json_object_get(au->via, "channel")),
		jdump(c->a, au->metadata), c->now))
		return ctx_store_failed(c);
	json_t *atts = jown(c->a, json_array());
	if (ci->uploads) {
		json_t *ids = jown(c->a, json_pack("[I]", (json_int_t)id));
		json_t *map;
		if ((e = attachments_claim(c, ci->uploads, ticket_id, id)) ||
		    (e = attachments_by_comment(c, ids, &map)))
			return e;
		json_t *mine = json_object_get(map, arena_printf(c->a, "%lld", (long long)id));
		if (mine)
			atts = mine;
	}
	json_array_append_new(au->events, event_of(id, au->id, ci, atts));
	return PL_OK;
}

/* ---- reading ---- */

#define COLS "id, author_id, body, html_body, plain_body, public, audit_id," \
	" via_channel, metadata, created_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	json_t *via = ticket_via(stmt_text(st, 7));
	return json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:b,s:I,s:o,s:o,s:[],s:o}",
		"id", (json_int_t)stmt_i64(st, 0), "type", "Comment",
		"author_id", (json_int_t)stmt_i64(st, 1),
		"body", stmt_text(st, 2), "html_body", stmt_text(st, 3),
		"plain_body", stmt_text(st, 4), "public", (int)stmt_i64(st, 5),
		"audit_id", (json_int_t)stmt_i64(st, 6), "via", via,
		"metadata", jparse(stmt_text(st, 8), json_object()),
		"attachments", "created_at", jtime(stmt_i64(st, 9)));
}

/* Sets the "attachments" of every comment in comments. */
static enum pl_err fill_attachments(struct ctx *c, json_t *comments)
{
	json_t *ids = jown(c->a, json_array());
	size_t i;
	json_t *cm;
	json_array_foreach(comments, i, cm)
		json_array_append(ids, json_object_get(cm, "id"));
	if (json_array_size(ids) == 0)
		return PL_OK;
	json_t *map;
	enum pl_err e = attachments_by_comment(c, ids, &map);
	if (e)
		return e;
	json_array_foreach(comments, i, cm) {
		json_t *a = json_object_get(map, arena_printf(c->a, "%lld",
			(long long)json_integer_value(json_object_get(cm, "id"))));
		if (a)
			json_object_set(cm, "attachments", a);
	}
	return PL_OK;
}

/* The comments of ticket_id, the public ones only when public_only. */
static enum pl_err list_of(struct ctx *c, int64_t ticket_id, bool public_only,
	const struct page *p, struct list_result *out)
{
	struct ticket t;
	enum pl_err e;
	/* public >= 0 keeps every comment, public >= 1 the public ones. */
	if ((e = ticket_load(c, ticket_id, &t)) ||
	    (e = list_run(c, p, COLS, "FROM ticket_comments WHERE account_id = ?"
		" AND ticket_id = ? AND public >= ?", row, out, "iii", c->account_id,
		ticket_id, (int64_t)public_only)))
		return e;
	return fill_attachments(c, out->items);
}

static json_t *template_row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:b,s:o}", "author_id", (json_int_t)stmt_i64(st, 0),
		"body", stmt_text(st, 1), "html_body", stmt_text(st, 2),
		"public", (int)stmt_i64(st, 3), "created_at", jtime(stmt_i64(st, 4)));
}

enum pl_err comments_for_template(struct ctx *c, int64_t ticket_id,
	bool public_only, json_t **out)
{
	return list_all(c, "SELECT author_id, body, html_body, public, created_at"
		" FROM ticket_comments WHERE account_id = ? AND ticket_id = ?"
		" AND public >= ? ORDER BY id", template_row, out, "iii", c->account_id,
		ticket_id, (int64_t)public_only);
}

enum pl_err comment_list(struct ctx *c, int64_t ticket_id, const struct page *p,
	struct list_result *out)
{
	return list_of(c, ticket_id, !ctx_is_agent(c), p, out);
}

enum pl_err comment_list_public(struct ctx *c, int64_t ticket_id,
	const struct page *p, struct list_result *out)
{
	return list_of(c, ticket_id, true, p, out);
}

enum pl_err comment_get_public(struct ctx *c, int64_t ticket_id, int64_t id,
	json_t **out)
{
	struct ticket t;
	json_t *one;
	enum pl_err e;
	if ((e = ticket_load(c, ticket_id, &t)) ||
	    (e = list_one(c, "SELECT " COLS " FROM ticket_comments WHERE account_id = ?"
		" AND ticket_id = ? AND id = ? AND public = 1", row, &one, "iii",
		c->account_id, ticket_id, id)))
		return e;
	json_t *list = jown(c->a, json_pack("[O]", one));
	if ((e = fill_attachments(c, list)))
		return e;
	*out = json_array_get(list, 0);
	return PL_OK;
}

enum pl_err comments_by_id(struct ctx *c, json_t *ids, json_t **out)
{
	json_t *arr;
	enum pl_err e;
	if ((e = list_all(c, "SELECT " COLS " FROM ticket_comments WHERE +account_id = ?"
		" AND id IN (SELECT value FROM json_each(?))", row, &arr, "is",
		c->account_id, jdump(c->a, ids))) ||
	    (e = fill_attachments(c, arr)))
		return e;
	*out = jown(c->a, json_object());
	size_t i;
	json_t *cm;
	json_array_foreach(arr, i, cm)
		json_object_set(*out, arena_printf(c->a, "%lld",
			(long long)json_integer_value(json_object_get(cm, "id"))), cm);
	return PL_OK;
}

enum pl_err comment_sideload(struct ctx *c, json_t *comments, const char *include,
	json_t *body)
{
	if (!ticket_include_has(include, "users"))
		return PL_OK;
	json_t *ids = jown(c->a, json_array());
	size_t i;
	json_t *cm;
	json_array_foreach(comments, i, cm) {
		json_int_t a = json_integer_value(json_object_get(cm, "author_id"));
		if (!ctx_is_agent(c) && a != c->me.id)
			continue;
		bool seen = false;
		size_t j;
		json_t *x;
		json_array_foreach(ids, j, x)
			seen |= json_integer_value(x) == a;
		if (!seen)
			json_array_append_new(ids, json_integer(a));
	}
	json_t *users;
	enum pl_err e = user_list_ids(c, ids, &users);
	if (e)
		return e;
	json_object_set(body, "users", users);
	return PL_OK;
}

static enum pl_err make_private(struct ctx *c, int64_t ticket_id, int64_t id)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, ticket_id, &t);
	if (e)
		return e;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM ticket_comments"
		" WHERE account_id = ? AND ticket_id = ? AND id = ?", "iii",
		c->account_id, ticket_id, id);
	if (n <= 0)
		return n < 0 ? ctx_store_failed(c) : ctx_not_found(c);
	if (!db_exec(c->db, "UPDATE ticket_comments SET public = 0 WHERE id = ?"
		" AND public = 1", "i", id))
		return ctx_store_failed(c);
	if (db_changes(c->db) == 0)
		return PL_OK;
	struct audit au;
	json_t *v = jown(c->a, json_pack("{s:I,s:b}", "comment_id", (json_int_t)id,
		"public", 0));
	if ((e = audit_open(c, ticket_id, NULL, &au)) ||
	    (e = audit_event(c, &au, "CommentPrivacyChange", NULL, v, NULL, NULL)))
		return e;
	if (!db_exec(c->db, "UPDATE tickets SET updated_at = ? WHERE account_id = ?"
		" AND id = ?", "iii", c->now, c->account_id, ticket_id))
		return ctx_store_failed(c);
	live_ticket_written(c, ticket_id, LIVE_UPDATED, c->now);
	return PL_OK;
}

enum pl_err comment_make_private(struct ctx *c, int64_t ticket_id, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = make_private(c, ticket_id, id);
	return ctx_end(c, e);
}
