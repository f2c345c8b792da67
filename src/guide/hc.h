/*
 * hc.h: what every part of the help center shares: who is reading (user
 * segments), which brand's help center, its locales and its theme.
 *
 * A help center belongs to a brand.  Categories carry the brand; sections
 * and articles copy it from their category.  Readers see an article when it
 * is not archived, not a draft (agents see drafts) and its user segment
 * applies to them: NULL is everyone, "signed_in_users" segments need a
 * signed-in user matching the segment's organizations and tags, "staff"
 * segments (the internal knowledge base) need an agent, in one of the
 * segment's groups when it names any.  Admins see everything.
 */
#ifndef HEADER_GUIDE_HC_H
#define HEADER_GUIDE_HC_H

#include "core/list.h"

/* Who reads, computed once per operation by hc_reader_get(). */
struct hc_reader {
	bool agent;          /* sees drafts and agent-only data */
	const char *segs;    /* ",1,4," ids of applicable segments, or "*" */
};

/* SQL condition on hc_article_rows columns (archived, draft,
 * user_segment_id) for what a reader may see; binds "bss" as
 * hc_reader_args() gives them. */
#define HC_VISIBLE " AND archived = 0 AND (? OR draft = 0) AND (user_segment_id" \
	" IS NULL OR ? = '*' OR instr(?, ',' || user_segment_id || ',') > 0)"
#define HC_VISIBLE_ARGS(rd) (rd)->agent, (rd)->segs, (rd)->segs

enum pl_err hc_reader_get(struct ctx *c, struct hc_reader *out);

/* Locale tags as Zendesk writes them: "en-us", "fr", "pt-br", "zh-hant".
 * Returns the lower-cased form in the arena, or NULL when s is not one. */
const char *hc_locale_norm(struct ctx *c, const char *s);
/* Whether locale is written right to left (ar, he, fa, ur and variants). */
bool hc_locale_rtl(const char *locale);
/* The name of a locale in its own language, for the locale switcher
 * ("Deutsch"); the tag itself when unknown. */
const char *hc_locale_name(const char *locale);

struct hc_brand {
	int64_t id;
	const char *name;
	const char *subdomain;
	bool has_help_center;
};

/* The brand id in the account, or PL_NOT_FOUND (deleted or another
 * account's). */
enum pl_err hc_brand_get(struct ctx *c, int64_t id, struct hc_brand *out);

/* The brand's enabled locales in order (arena-owned array of strings, at
 * least one) and its default; ["en-us"] when none were set. */
enum pl_err hc_locales_get(struct ctx *c, int64_t brand_id, json_t **locales,
	const char **default_locale);
/* Whether locale is enabled for the brand. */
bool hc_locale_enabled(struct ctx *c, int64_t brand_id, const char *locale);
/* Replaces the brand's locales from {"locales":[...], "default_locale":x}
 * (default: the first).  PL_INVALID on a malformed or empty list. */
enum pl_err hc_locales_set(struct ctx *c, int64_t brand_id, json_t *in);
/* The enabled locale best matching an Accept-Language header (q values
 * honoured, "fr" matching "fr-ca" and the reverse), else the default. */
const char *hc_locale_preferred(struct ctx *c, int64_t brand_id,
	const char *accept_language);

/* The brand's theme as JSON: logo_url, brand_color, brand_text_color,
 * text_color, link_color, background_color, header_html, footer_html,
 * updated_at.  Defaults when never set.  Arena-owned. */
enum pl_err hc_theme_get(struct ctx *c, int64_t brand_id, json_t **out);
/* Updates the given theme fields: colours are #rrggbb, logo_url http(s) or
 * relative, the HTML fields are sanitized.  PL_INVALID on bad values. */
enum pl_err hc_theme_update(struct ctx *c, int64_t brand_id, json_t *in,
	json_t **out);

/* User segments (segments.c).  Built-in segments cannot be changed. */
enum pl_err hc_segments_list(struct ctx *c, const struct page *p,
	struct list_result *out);
/* The segments that apply to the principal (or to user_id, for agents). */
enum pl_err hc_segments_applicable(struct ctx *c, int64_t user_id, json_t **out);
enum pl_err hc_segment_get(struct ctx *c, int64_t id, json_t **out);
/* {"name","user_type","group_ids","organization_ids","tags","or_tags"} */
enum pl_err hc_segment_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err hc_segment_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
enum pl_err hc_segment_delete(struct ctx *c, int64_t id);

/* The display name of a user of the account, shown with comments and
 * articles on pages; "" when unknown.  In the arena. */
const char *hc_user_name(struct ctx *c, int64_t user_id);

/* The origin pages are served from ("http://acme.example:8080"), taken
 * from the API base of the request.  In the arena. */
const char *hc_origin(struct ctx *c);

#endif
