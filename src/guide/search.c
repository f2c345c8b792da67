/*
 * search.c: article search (search.h).
 *
 * The reader's text never reaches FTS5 as syntax: it is cut into words
 * (runs of ASCII letters and digits and of non-ASCII bytes, which the
 * unicode61 tokenizer splits further) and each is quoted, so operators,
 * column filters and quotes in a query are just text.  The snippet is
 * computed by FTS5 with \x01 and \x02 around matches; the text around them
 * is escaped here and only then do they become <em> and </em>.
 */
#include "parley.h"
#include "guide/contentInt.h"
#include "guide/hc.h"
#include "guide/search.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>
#include <strings.h>

#define MAX_WORDS 16

static bool word_byte(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z') ||
		ch >= 0x80;
}

/* Whether the n bytes at s are a word too common or short to tell
 * articles apart (suggestions only: a search asks for every word). */
static bool weak_word(const char *s, size_t n)
{
	static const char *const common[] = { "and", "the", "for", "you", "your",
		"how", "can", "not", "with", "this", "that", "are", "was", "have",
		"what", "when", "why", "does", "from", "but", "get", "any", "all",
		"our", "has", "had", "its", "who", "will", "would", "could", "there",
		"about", "please", "help", "need", "want", "dont", "cant", NULL };
	if (n < 3)
		return true;
	for (const char *const *w = common; *w; w++)
		if (strlen(*w) == n && strncasecmp(*w, s, n) == 0)
			return true;
	return false;
}

char *hc_search_expr(struct ctx *c, const char *text, bool any)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	int words = 0;
	const char *p = text ? text : "";
	while (*p && words < MAX_WORDS) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		if (p == s)
			break;
		if (any && weak_word(s, (size_t)(p - s)))
			continue;
		sbuf_printf(&b, "%s\"%.*s\"", !words ? "" : any ? " OR " : " ",
			(int)(p - s), s);
		words++;
	}
	return words ? b.s : NULL;
}

/* Escapes s for HTML and turns the \x01 \x02 match marks into <em>. */
static char *snippet_html(struct ctx *c, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	for (; s && *s; s++) {
		switch (*s) {
		case '\x01': sbuf_adds(&b, "<em>"); break;
		case '\x02': sbuf_adds(&b, "</em>"); break;
		case '&': sbuf_adds(&b, "&amp;"); break;
		case '<': sbuf_adds(&b, "&lt;"); break;
		case '>': sbuf_adds(&b, "&gt;"); break;
		case '"': sbuf_adds(&b, "&quot;"); break;
		case '\'': sbuf_adds(&b, "&#39;"); break;
		default: sbuf_add(&b, s, 1);
		}
	}
	return b.s;
}

/* hc_article_row plus the snippet (column 21) and, in "_total" for
 * hc_search() to take out, the number of matches (column 22). */
static json_t *result_row(struct ctx *c, struct stmt *st)
{
	json_t *a = hc_article_row(c, st);
	json_object_set_new(a, "snippet", json_string(snippet_html(c, stmt_text(st, 21))));
	json_object_set_new(a, "result_type", json_string("article"));
	json_object_set_new(a, "_total", json_integer(stmt_i64(st, 22)));
	return a;
}

/* The reader's matches: the FTS5 matches of ?1 with their bm25 score
 * (CROSS JOIN keeps them the outer loop), joined to their translations.  Snippets are computed afterwards, for the rows of
 * the page only (a snippet costs more than the match itself). */
#define MATCHES "FROM (SELECT rowid AS tid, bm25(hc_search, 10.0, 4.0, 1.0) AS score" \
	" FROM hc_search WHERE hc_search MATCH ?1) m" \
	" CROSS JOIN hc_article_rows ON translation_id = m.tid" \
" WHERE account_id = ? AND brand_id = ? AND (? IS NULL OR locale = ?)" \
	" AND (? = 0 OR category_id = ?) AND (? = 0 OR section_id = ?)" \
	" AND (? IS NULL OR id IN (SELECT al.article_id FROM hc_article_labels al" \
	" JOIN hc_labels l ON l.id = al.label_id WHERE l.account_id = ?" \
	" AND instr(?, ',' || l.name || ',') > 0))" HC_VISIBLE

enum pl_err hc_search(struct ctx *c, const struct hc_query *q, json_t **results,
	int64_t *count)
{
	char *expr = hc_search_expr(c, q->text, false);
	if (!expr) {
		*results = jown(c->a, json_array());
		*count = 0;
		return PL_OK;
	}
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(c, &rd);
	if (e)
		return e;
	const char *locale = q->locale && strcmp(q->locale, "*") ? q->locale : NULL;
	const char *labels = q->label_names ? arena_printf(c->a, ",%s,", q->label_names)
		: NULL;
	/* One pass over the matches: the page and, by a window, their count. */
	e = list_all(c, "SELECT " HC_ART_COLS ", (SELECT snippet(hc_search, 2, char(1),"
		" char(2), '\xE2\x80\xA6', 24) FROM hc_search WHERE hc_search MATCH ?1"
		" AND rowid = translation_id), total FROM (SELECT translation_id AS tr, score,"
		" count(*) OVER () AS total " MATCHES " ORDER BY score, id LIMIT ? OFFSET ?) p"
		" CROSS JOIN hc_article_rows ON hc_article_rows.translation_id = p.tr"
		" ORDER BY p.score, hc_article_rows.id", result_row, results,
		"siissiiiisisbssii", expr, c->account_id, q->brand_id, locale, locale,
		q->category_id, q->category_id, q->section_id, q->section_id, labels,
		c->account_id, labels, HC_VISIBLE_ARGS(&rd), (int64_t)q->per_page,
		(int64_t)(q->page - 1) * q->per_page);
	if (e)
		return e;
	json_t *first = json_array_get(*results, 0);
	if (first) {
		*count = json_integer_value(json_object_get(first, "_total"));
		size_t i;
		json_t *a;
		json_array_foreach(*results, i, a)
			json_object_del(a, "_total");
		return PL_OK;
	}
	/* A page past the end: count on its own. */
	*count = db_i64(c->db, "SELECT count(*) " MATCHES, "siissiiiisisbss", expr,
		c->account_id, q->brand_id, locale, locale, q->category_id, q->category_id,
		q->section_id, q->section_id, labels, c->account_id, labels,
		HC_VISIBLE_ARGS(&rd));
	return *count < 0 ? ctx_store_failed(c) : PL_OK;
}
