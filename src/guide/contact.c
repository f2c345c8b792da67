/*
 * contact.c: suggestions for the contact form and deflection events
 * (contact.h); owns hc_deflection_events.
 *
 * The reader's words reach FTS5 only through hc_search_expr (quoted
 * words), and label names only as a bound JSON array, so neither is ever
 * SQL or FTS5 syntax.
 *
 * Invariants:
 *  1. Suggestions are what the reader may read (HC_VISIBLE) in the brand
 *     and locale of the page: a suggestion never leaks an article.
 *  2. An event names an article only when the reader may see it in the
 *     brand, so the report counts no made-up articles.
 *  3. Events are only inserted, once per (attempt, kind, article).
 */
#include "parley.h"
#include "guide/contact.h"
#include "guide/hc.h"
#include "guide/search.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>

#define REASON_MAX 255
#define LOCALE_MAX 16

static json_t *suggestion_row(struct ctx *c, struct stmt *st)
{
	const char *snippet = stmt_text(st, 3);
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)stmt_i64(st, 0),
		"title", stmt_text(st, 1), "locale", stmt_text(st, 2),
		"snippet", snippet ? snippet : "");
}

/* The articles matching the reader's words (expr), the reason's labelled
 * ones counting double. */
static enum pl_err by_words(struct ctx *c, const struct hc_suggest_query *q,
	const char *expr, const char *labels, const struct hc_reader *rd, json_t **out)
{
	return list_all(c, "SELECT r.id, r.title, r.locale, (SELECT snippet(hc_search,"
		" 2, '', '', '\xE2\x80\xA6', 16) FROM hc_search WHERE hc_search MATCH ?1"
		" AND rowid = r.translation_id) FROM (SELECT rowid AS tid,"
		" bm25(hc_search, 10.0, 4.0, 1.0) AS score FROM hc_search"
		" WHERE hc_search MATCH ?1) m CROSS JOIN hc_article_rows r"
		" ON r.translation_id = m.tid WHERE r.account_id = ? AND r.brand_id = ?"
		" AND r.locale = ?" HC_VISIBLE " ORDER BY m.score * (1 + EXISTS (SELECT 1"
		" FROM hc_article_labels al JOIN hc_labels l ON l.id = al.label_id"
		" WHERE al.article_id = r.id AND l.name IN (SELECT value FROM"
		" json_each(?)))), r.id LIMIT ?", suggestion_row, out, "siisbsssi", expr,
		c->account_id, q->brand_id, q->locale, HC_VISIBLE_ARGS(rd), labels,
		(int64_t)q->limit);
}

/* The reason's labelled articles not in have (an array of suggestions),
 * most voted first. */
static enum pl_err by_labels(struct ctx *c, const struct hc_suggest_query *q,
	const char *labels, json_t *have, const struct hc_reader *rd, json_t **out)
{
	json_t *ids = jown(c->a, json_array());
	size_t i;
	json_t *x;
	json_array_foreach(have, i, x)
		json_array_append(ids, json_object_get(x, "id"));
	return list_all(c, "SELECT r.id, r.title, r.locale, '' FROM hc_article_rows r"
		" WHERE r.account_id = ? AND r.brand_id = ? AND r.locale = ?" HC_VISIBLE
		" AND r.id IN (SELECT al.article_id FROM hc_article_labels al JOIN hc_labels l"
		" ON l.id = al.label_id WHERE l.account_id = ? AND l.name IN (SELECT value"
		" FROM json_each(?))) AND r.id NOT IN (SELECT value FROM json_each(?))"
		" ORDER BY r.vote_sum DESC, r.position, r.id LIMIT ?", suggestion_row, out,
		"iisbssissi", c->account_id, q->brand_id, q->locale, HC_VISIBLE_ARGS(rd),
		c->account_id, labels, jdump(c->a, ids),
		(int64_t)(q->limit - (int)json_array_size(have)));
}

enum pl_err hc_suggest(struct ctx *c, const struct hc_suggest_query *q, json_t **out)
{
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	const char *labels = jdump(c->a, q->labels ? q->labels : jown(c->a, json_array()));
	char *expr = hc_search_expr(c, q->text, true);
	*out = jown(c->a, json_array());
	if (expr && (e = by_words(c, q, expr, labels, &rd, out)))
		return e;
	if (json_array_size(q->labels) == 0 || (int)json_array_size(*out) >= q->limit)
		return PL_OK;
	json_t *more;
	if ((e = by_labels(c, q, labels, *out, &rd, &more)))
		return e;
	json_array_extend(*out, more);
	return PL_OK;
}

/* ---- events ---- */

const char *hc_attempt_new(struct ctx *c)
{
	unsigned char raw[HC_ATTEMPT_LEN * 3 / 4];
	char *s = arena_alloc(c->a, HC_ATTEMPT_LEN + 3);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(s, HC_ATTEMPT_LEN + 3, raw, sizeof(raw),
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return s;
}

bool hc_attempt_valid(const char *s)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789-_";
	return s && strlen(s) == HC_ATTEMPT_LEN && strspn(s, ok) == HC_ATTEMPT_LEN;
}

/* Invariant 2: article id is one of the brand's the reader may see. */
static enum pl_err article_seen(struct ctx *c, int64_t brand_id, int64_t id)
{
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM hc_article_rows WHERE"
		" account_id = ? AND brand_id = ? AND id = ?" HC_VISIBLE, "iiibss",
		c->account_id, brand_id, id, HC_VISIBLE_ARGS(&rd));
	if (n < 0)
		return ctx_store_failed(c);
	return n ? PL_OK : ctx_not_found(c);
}

enum pl_err hc_deflection_record(struct ctx *c, const struct hc_deflection *d)
{
	static const char *const kinds[] = { "shown", "clicked", "solved", "submitted" };
	bool known = false;
	for (size_t i = 0; i < PL_ARRAY_LEN(kinds); i++)
		known |= !strcmp(kinds[i], d->kind);
	const char *reason = d->reason ? d->reason : "";
	if (!known || !hc_attempt_valid(d->attempt) || strlen(reason) > REASON_MAX ||
	    !d->locale || strlen(d->locale) > LOCALE_MAX)
		return ctx_fail(c, PL_BAD_REQUEST, "not a deflection event: kind, attempt,"
			" reason or locale is malformed");
	bool submitted = !strcmp(d->kind, "submitted");
	enum pl_err e;
	if (!submitted && (e = article_seen(c, d->brand_id, d->article_id)))
		return e;
	if (!db_exec(c->db, "INSERT INTO hc_deflection_events(account_id, brand_id,"
		" locale, reason, attempt, kind, article_id, ticket_id, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", "iissssini",
		c->account_id, d->brand_id, d->locale, reason, d->attempt, d->kind,
		submitted ? 0 : d->article_id, d->ticket_id, c->now))
		return ctx_store_failed(c);
	return PL_OK;
}

/* A rate as JSON: part / whole, null when whole is 0. */
static json_t *rate(int64_t part, int64_t whole)
{
	return whole ? json_real((double)part / (double)whole) : json_null();
}

static json_t *report_row(struct ctx *c, struct stmt *st)
{
	int64_t shown = stmt_i64(st, 4), clicked = stmt_i64(st, 5);
	int64_t solved = stmt_i64(st, 6), submitted = stmt_i64(st, 7);
	return json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o}",
		"brand_id", (json_int_t)stmt_i64(st, 0), "locale", stmt_text(st, 1),
		"reason", stmt_text(st, 2), "attempts", (json_int_t)stmt_i64(st, 3),
		"shown", (json_int_t)shown, "clicked", (json_int_t)clicked,
		"solved", (json_int_t)solved, "submitted", (json_int_t)submitted,
		"deflection_rate", rate(solved, solved + submitted),
		"click_through_rate", rate(clicked, shown));
}

enum pl_err hc_deflection_report(struct ctx *c, int64_t start, int64_t end,
	int64_t brand_id, json_t **out)
{
	return list_all(c, "SELECT brand_id, locale, reason, count(DISTINCT attempt),"
		" sum(kind = 'shown'), sum(kind = 'clicked'),"
		" count(DISTINCT CASE WHEN kind = 'solved' THEN attempt END),"
		" count(DISTINCT CASE WHEN kind = 'submitted' THEN attempt END)"
		" FROM hc_deflection_events WHERE account_id = ? AND created_at >= ?"
		" AND created_at < ? AND (? = 0 OR brand_id = ?)"
		" GROUP BY brand_id, locale, reason ORDER BY brand_id, locale, reason",
		report_row, out, "iiiii", c->account_id, start, end ? end : c->now + 1,
		brand_id, brand_id);
}
