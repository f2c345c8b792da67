/*
 * flags.c: agents' outdated flags on article translations, and the
 * feedback readers left on an article (votes, comments) for agents.
 *
 * Invariant: an article translation's outdated column is 1 while the
 * translation has an open flag; a flag and that column change in one
 * transaction.  A flag raised from a ticket also adds a private note to
 * that ticket (through tickets.h) in the same transaction, so nothing is
 * half written.  Agents only (the routes say so).
 */
#include "parley.h"
#include "core/tickets.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "guide/social.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define NOTE_MAX 65536

#define FLAG_COLS "id, article_id, locale, ticket_id, note, user_id, created_at," \
	" resolved_at"

static json_t *flag_row(struct ctx *c, struct stmt *st)
{
	(void)c;
	return json_pack("{s:I,s:I,s:s,s:o,s:s,s:I,s:o,s:o}",
		"id", (json_int_t)stmt_i64(st, 0), "article_id", (json_int_t)stmt_i64(st, 1),
		"locale", stmt_text(st, 2), "ticket_id", jid(stmt_i64(st, 3)),
		"note", stmt_text(st, 4), "user_id", (json_int_t)stmt_i64(st, 5),
		"created_at", jtime(stmt_i64(st, 6)), "resolved_at", jtime(stmt_i64(st, 7)));
}

static enum pl_err flag_get(struct ctx *c, int64_t article_id, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " FLAG_COLS " FROM hc_outdated_flags"
		" WHERE account_id = ? AND article_id = ? AND id = ?", flag_row, out,
		"iii", c->account_id, article_id, id);
}

/* The flag's note: a required string of at most NOTE_MAX bytes. */
static enum pl_err note_field(struct ctx *c, json_t *in, const char **out)
{
	json_t *v = json_object_get(in, "note");
	if (v && !json_is_string(v))
		return ctx_invalid(c, "note", "InvalidValue", "Note: must be text");
	const char *s = json_string_value(v);
	size_t n = s ? strspn(s, " \t\r\n") : 0;
	if (!s || !s[n])
		return ctx_invalid(c, "note", "BlankValue", "Note: cannot be blank");
	if (strlen(s) > NOTE_MAX)
		return ctx_invalid(c, "note", "TooLong",
			"Note: is too long (maximum is %d characters)", NOTE_MAX);
	*out = s;
	return PL_OK;
}

/* The optional locale (NULL: the article's source locale); it must name
 * a translation of the article.  *tr_id is that translation. */
static enum pl_err locale_field(struct ctx *c, int64_t article_id, json_t *in,
	const char **out, int64_t *tr_id)
{
	json_t *v = json_object_get(in, "locale");
	*out = NULL;
	if (v && !json_is_null(v)) {
		*out = json_is_string(v) ? hc_locale_norm(c, json_string_value(v)) : NULL;
		if (!*out)
			return ctx_invalid(c, "locale", "InvalidValue",
				"Locale: is not a locale");
	}
	*tr_id = db_i64(c->db, "SELECT t.id FROM hc_translations t JOIN hc_articles a"
		" ON a.id = t.source_id WHERE t.source_type = 'article'"
		" AND t.source_id = ? AND a.account_id = ?"
		" AND t.locale = coalesce(?, a.source_locale)", "iis", article_id,
		c->account_id, *out);
	if (*tr_id <= 0)
		return ctx_invalid(c, "locale", "InvalidValue",
			"Locale: the article has no translation in this locale");
	return PL_OK;
}

/* The optional ticket_id (0 when absent): a ticket the agent can see,
 * else PL_INVALID like any malformed field. */
static enum pl_err ticket_field(struct ctx *c, json_t *in, int64_t *out)
{
	json_t *v = json_object_get(in, "ticket_id");
	*out = 0;
	if (!v || json_is_null(v))
		return PL_OK;
	const char *t;
	if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
	    ticket_get(c, json_integer_value(v), &t, NULL) != PL_OK) {
		c->err_title = NULL;
		c->err_desc = NULL;
		return ctx_invalid(c, "ticket_id", "InvalidValue",
			"Ticket: is not a ticket you can see");
	}
	*out = json_integer_value(v);
	return PL_OK;
}

/* Adds the private note that links ticket_id to the flag, inside the
 * caller's transaction. */
static enum pl_err note_ticket(struct ctx *c, int64_t ticket_id, int64_t article_id,
	const char *note)
{
	char *body = arena_printf(c->a, "Flagged help center article #%lld as"
		" outdated: %s", (long long)article_id, note);
	json_t *in = jown(c->a, json_pack("{s:{s:s,s:b}}", "comment", "body", body,
		"public", 0));
	struct ticket_written w;
	return ticket_update(c, ticket_id, in, &w);
}

enum pl_err hc_flag_create(struct ctx *c, int64_t article_id, json_t *in, json_t **out)
{
	const char *locale, *note = NULL;
	int64_t tr_id = 0, ticket_id = 0;
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	enum pl_err le = locale_field(c, article_id, in, &locale, &tr_id);
	enum pl_err ne = note_field(c, in, &note);
	enum pl_err te = ticket_field(c, in, &ticket_id);
	if (le || ne || te)
		return PL_INVALID;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = db_i64(c->db, "INSERT INTO hc_outdated_flags(account_id, article_id,"
		" locale, ticket_id, note, user_id, created_at)"
		" SELECT ?, ?, locale, ?, ?, ?, ? FROM hc_translations WHERE id = ?"
		" RETURNING id", "iinsiii", c->account_id, article_id, ticket_id, note,
		c->me.id, c->now, tr_id);
	if (id <= 0 || !db_exec(c->db, "UPDATE hc_translations SET outdated = 1"
	    " WHERE id = ?", "i", tr_id)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (ticket_id && (e = note_ticket(c, ticket_id, article_id, note)))
		return ctx_end(c, e);
	if ((e = ctx_end(c, PL_OK)))
		return e;
	return flag_get(c, article_id, id, out);
}

enum pl_err hc_flags_list(struct ctx *c, const struct page *p, int64_t article_id,
	struct list_result *out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_run(c, p, FLAG_COLS, "FROM hc_outdated_flags WHERE account_id = ?"
		" AND article_id = ?", flag_row, out, "ii", c->account_id, article_id);
}

enum pl_err hc_flag_update(struct ctx *c, int64_t article_id, int64_t id, json_t *in,
	json_t **out)
{
	json_t *flag;
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e || (e = flag_get(c, article_id, id, &flag)))
		return e;
	json_t *v = json_object_get(in, "resolved");
	if (!json_is_true(v))
		return ctx_invalid(c, "resolved", "InvalidValue",
			"Resolved: must be true (a resolved flag stays resolved)");
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	/* The translation stays outdated while another flag of its locale is
	 * open. */
	if (!db_exec(c->db, "UPDATE hc_outdated_flags SET resolved_at = ?,"
	    " resolved_by_id = ? WHERE id = ? AND resolved_at IS NULL", "iii",
	    c->now, c->me.id, id) ||
	    !db_exec(c->db, "UPDATE hc_translations SET outdated = 0"
	    " WHERE source_type = 'article' AND source_id = ? AND locale = ?"
	    " AND NOT EXISTS (SELECT 1 FROM hc_outdated_flags f WHERE f.article_id = ?"
	    " AND f.locale = ? AND f.resolved_at IS NULL)", "isis", article_id,
	    json_string_value(json_object_get(flag, "locale")), article_id,
	    json_string_value(json_object_get(flag, "locale")))) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if ((e = ctx_end(c, PL_OK)))
		return e;
	return flag_get(c, article_id, id, out);
}

static json_t *feedback_row(struct ctx *c, struct stmt *st)
{
	(void)c;
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}",
		"vote_sum", (json_int_t)stmt_i64(st, 0), "vote_count", (json_int_t)stmt_i64(st, 1),
		"up", (json_int_t)stmt_i64(st, 2), "down", (json_int_t)stmt_i64(st, 3),
		"comment_count", (json_int_t)stmt_i64(st, 4),
		"open_outdated_flags", (json_int_t)stmt_i64(st, 5));
}

enum pl_err hc_feedback(struct ctx *c, int64_t article_id, json_t **out)
{
	enum pl_err e = hc_article_readable(c, article_id, NULL);
	if (e)
		return e;
	return list_one(c, "SELECT a.vote_sum, a.vote_count,"
		" (SELECT count(*) FROM hc_votes v WHERE v.article_id = a.id AND v.value = 1),"
		" (SELECT count(*) FROM hc_votes v WHERE v.article_id = a.id AND v.value = -1),"
		" (SELECT count(*) FROM hc_comments m WHERE m.article_id = a.id),"
		" (SELECT count(*) FROM hc_outdated_flags f WHERE f.article_id = a.id"
		" AND f.resolved_at IS NULL)"
		" FROM hc_articles a WHERE a.account_id = ? AND a.id = ?", feedback_row, out,
		"ii", c->account_id, article_id);
}
