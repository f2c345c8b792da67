/*
 * content.h: the knowledge base: categories, sections, articles, their
 * translations, labels and revisions.
 *
 * Titles and bodies live in translations, one per (item, locale); a
 * category's or section's translation holds its name and description.
 * Reading an item "in a locale" reads that translation; with no locale the
 * item's source locale.  Lists take the brand's help center and a locale.
 * Article bodies are sanitized (html.h) before they are stored, so no API
 * reader or page ever receives what the sanitizer drops.
 *
 * Writes run in one transaction with the search index (search.h) and the
 * revision history: every change of an article translation's title or body
 * is a published revision.  Proposed changes are revisions in state
 * draft -> review -> published; publishing applies them to the translation.
 */
#ifndef HEADER_GUIDE_CONTENT_H
#define HEADER_GUIDE_CONTENT_H

#include "core/list.h"

enum hc_kind { HC_CATEGORY, HC_SECTION, HC_ARTICLE };

/* Filters of a list; zero/NULL fields filter nothing. */
struct hc_filter {
	int64_t brand_id;          /* required */
	const char *locale;        /* NULL: each item in its source locale */
	int64_t category_id;
	int64_t section_id;
	int64_t author_id;
	const char *label_names;   /* "a,b": articles with any of them */
	int64_t updated_since;     /* incremental lists */
	bool promoted;             /* only promoted articles */
};

/* ---- categories and sections (categories.c) ---- */

enum pl_err hc_categories_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out);
/* An item in locale (NULL: source locale); PL_NOT_FOUND when it or its
 * translation does not exist.  *out is borrowed from the arena. */
enum pl_err hc_category_get(struct ctx *c, int64_t id, const char *locale, json_t **out);
/* Creates from {"name","description","locale","position"} in the brand's
 * help center; locale defaults to dflt_locale. */
enum pl_err hc_category_create(struct ctx *c, int64_t brand_id, const char *dflt_locale,
	json_t *in, json_t **out);
/* Updates position and, in locale (NULL: source locale), name and
 * description. */
enum pl_err hc_category_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out);
/* Deletes the category with its sections and articles. */
enum pl_err hc_category_delete(struct ctx *c, int64_t id);

enum pl_err hc_sections_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out);
enum pl_err hc_section_get(struct ctx *c, int64_t id, const char *locale, json_t **out);
/* {"name","description","locale","position","parent_section_id","sorting"} */
enum pl_err hc_section_create(struct ctx *c, int64_t category_id, const char *dflt_locale,
	json_t *in, json_t **out);
/* Also moves the section with "category_id" or "parent_section_id". */
enum pl_err hc_section_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out);
enum pl_err hc_section_delete(struct ctx *c, int64_t id);

/* The brand of an item of the account (articles: not archived);
 * PL_NOT_FOUND otherwise. */
enum pl_err hc_item_brand(struct ctx *c, enum hc_kind k, int64_t id, int64_t *brand_id);

/* Makes locale (which must have a translation) the item's source locale. */
enum pl_err hc_source_locale_set(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale);

/* ---- articles (articles.c) ---- */

/* Articles the principal may read (hc.h), newest rules applied. */
enum pl_err hc_articles_list(struct ctx *c, const struct page *p,
	const struct hc_filter *f, struct list_result *out);
enum pl_err hc_article_get(struct ctx *c, int64_t id, const char *locale, json_t **out);
/* Creates in section from {"title","body","locale","draft","promoted",
 * "position","comments_disabled","user_segment_id","permission_group_id",
 * "label_names","author_id"}.  Agents only (the route says so). */
enum pl_err hc_article_create(struct ctx *c, int64_t section_id, const char *dflt_locale,
	json_t *in, json_t **out);
/* Metadata (section_id, position, promoted, comments_disabled,
 * user_segment_id, permission_group_id, label_names, author_id); with a
 * locale also title, body and draft of that translation. */
enum pl_err hc_article_update(struct ctx *c, int64_t id, const char *locale,
	json_t *in, json_t **out);
/* Archives the article: it leaves every list, page and search. */
enum pl_err hc_article_archive(struct ctx *c, int64_t id);
/* Succeeds when the principal may read article id; *brand_id (may be
 * NULL) is its brand. */
enum pl_err hc_article_readable(struct ctx *c, int64_t id, int64_t *brand_id);

/* Labels (articles.c). */
enum pl_err hc_labels_list(struct ctx *c, const struct page *p, struct list_result *out);
enum pl_err hc_label_get(struct ctx *c, int64_t id, json_t **out);
enum pl_err hc_article_labels(struct ctx *c, int64_t article_id, json_t **out);
/* {"name"}: adds the label (created on first use) to the article. */
enum pl_err hc_article_label_add(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out);
enum pl_err hc_article_label_remove(struct ctx *c, int64_t article_id, int64_t label_id);

/* ---- translations and revisions (translations.c) ---- */

/* The item's translations; locales "a,b" filters (NULL: all). */
enum pl_err hc_translations_list(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locales, json_t **out);
enum pl_err hc_translation_get(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale, json_t **out);
/* {"locale","title","body","draft","outdated"}; PL_INVALID with
 * DuplicateValue when the locale has one already. */
enum pl_err hc_translation_create(struct ctx *c, enum hc_kind k, int64_t id,
	json_t *in, json_t **out);
enum pl_err hc_translation_update(struct ctx *c, enum hc_kind k, int64_t id,
	const char *locale, json_t *in, json_t **out);
/* Deletes a translation other than the source locale's. */
enum pl_err hc_translation_delete(struct ctx *c, int64_t translation_id);
/* The brand's enabled locales the item has no translation in. */
enum pl_err hc_translations_missing(struct ctx *c, enum hc_kind k, int64_t id,
	json_t **out);

/* An article's revisions, newest first; locale NULL: all locales. */
enum pl_err hc_revisions_list(struct ctx *c, int64_t article_id, const char *locale,
	json_t **out);
enum pl_err hc_revision_get(struct ctx *c, int64_t article_id, int64_t id, json_t **out);
/* Proposes a change {"locale","title","body","note"} (state draft). */
enum pl_err hc_revision_create(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out);
/* Edits a proposal (title, body, note while draft) and moves it: "state":
 * "review" (from draft), "draft" (a reviewer sends it back), "published"
 * (from review, by an admin or an agent other than its author; applies it
 * to the live translation). */
enum pl_err hc_revision_update(struct ctx *c, int64_t article_id, int64_t id,
	json_t *in, json_t **out);

#endif
