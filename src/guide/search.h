/*
 * search.h: article search over the FTS5 index of article translations.
 *
 * The index (migration 0040, written by translations.c) tokenizes with
 * unicode61 and remove_diacritics 2, so matching folds case and accents
 * in every script FTS5 knows ("Cafe" finds "café").  Results are ranked by
 * bm25 with column weights title 10, labels 4, body 1, filtered to what the
 * reader may see, and carry a snippet with the matches in <em>.
 */
#ifndef HEADER_GUIDE_SEARCH_H
#define HEADER_GUIDE_SEARCH_H

#include "core/ctx.h"

struct hc_query {
	int64_t brand_id;
	const char *text;         /* the reader's words */
	const char *locale;       /* NULL or "*": every locale */
	int64_t category_id;      /* 0: any */
	int64_t section_id;       /* 0: any */
	const char *label_names;  /* "a,b": any of them; NULL: no filter */
	int page;                 /* 1-based */
	int per_page;             /* 1..100 */
};

/* Runs q for the principal.  *results is an arena-owned array of articles
 * with "snippet" (escaped HTML, matches in <em>) and "result_type";
 * *count the number of matches over all pages.  A query with no word
 * matches nothing. */
enum pl_err hc_search(struct ctx *c, const struct hc_query *q, json_t **results,
	int64_t *count);

/* The FTS5 MATCH expression for the words of text (at most 16), each
 * quoted so that nothing in text is FTS5 syntax: all of them required, or
 * with any, any one of them, leaving out words shorter than three letters
 * and common English ones.  NULL when no word is left.  In the arena. */
char *hc_search_expr(struct ctx *c, const char *text, bool any);

#endif
