/*
 * contentInt.h: helpers shared by the files of the knowledge base
 * (categories.c, articles.c, translations.c), not part of its interface.
 */
#ifndef HEADER_GUIDE_CONTENTINT_H
#define HEADER_GUIDE_CONTENTINT_H

#include "guide/content.h"

#define HC_TITLE_MAX 255
#define HC_BODY_MAX (1024 * 1024)

/* Columns of hc_article_rows that hc_article_row() renders. */
#define HC_ART_COLS "id, author_id, comments_disabled, draft, promoted, position," \
	" vote_sum, vote_count, section_id, created_at, updated_at, edited_at, title," \
	" body, source_locale, locale, outdated, permission_group_id, user_segment_id," \
	" (SELECT json_group_array(name) FROM (SELECT l.name FROM hc_article_labels al" \
	" JOIN hc_labels l ON l.id = al.label_id WHERE al.article_id = hc_article_rows.id" \
	" ORDER BY l.name)), (SELECT json_group_array(o.locale) FROM hc_translations o" \
	" WHERE o.source_type = 'article' AND o.source_id = hc_article_rows.id" \
	" AND o.outdated = 1)"

json_t *hc_article_row(struct ctx *c, struct stmt *st);

/* "article", "section", "category": the source_type column. */
const char *hc_kind_column(enum hc_kind k);

/* Reads title (name for categories and sections, unless tr_names: the
 * translations API says title and body for all) and body (description)
 * from in.  required: the title must be there.  Article bodies come back
 * sanitized.  NULL outputs for absent fields. */
enum pl_err hc_tr_fields(struct ctx *c, enum hc_kind k, json_t *in, bool required,
	bool tr_names, const char **title, const char **body);

/* A write of one translation: NULL title/body and negative draft or
 * outdated keep the stored value. */
struct hc_tr {
	const char *locale;
	const char *title;
	const char *body;
	int draft;
	int outdated;
	bool create;     /* insert; else update the existing one */
	bool history;    /* articles: record the result as a published revision */
};

/* Inserts or updates the translation of item id as w says.  For articles
 * also rewrites the search index row and bumps edited_at.  Runs inside the
 * caller's transaction.  PL_NOT_FOUND when updating a missing translation;
 * PL_INVALID (DuplicateValue) when creating an existing one. */
enum pl_err hc_tr_write(struct ctx *c, enum hc_kind k, int64_t id, const struct hc_tr *w);

/* Rewrites the search index rows of every translation of an article
 * (after its labels changed).  Inside the caller's transaction. */
bool hc_index_article(struct ctx *c, int64_t article_id);


/* Reads an optional boolean field into *out (unchanged when absent). */
enum pl_err hc_bool_field(struct ctx *c, json_t *in, const char *name, int *out);
/* Reads an optional integer field into *out (unchanged when absent). */
enum pl_err hc_int_field(struct ctx *c, json_t *in, const char *name, int64_t *out);
/* The locale field of in, normalized, or dflt when absent; PL_INVALID when
 * malformed or not enabled in the brand's help center. */
enum pl_err hc_locale_field(struct ctx *c, json_t *in, int64_t brand_id,
	const char *dflt, const char **out);

#endif
