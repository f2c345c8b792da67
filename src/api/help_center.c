/*
 * help_center.c: /api/v2/help_center categories, sections, articles,
 * labels, revisions and article search.
 *
 * Paths take an optional locale segment after help_center/ as in Zendesk:
 * "help_center/en-us/articles/1".  Reads of public content need no
 * credentials and show what the principal may see (guide/hc.h); categories
 * and sections are written by admins, articles by agents.
 */
#include "parley.h"
#include "api/help_center.h"
#include "api/page.h"
#include "api/routes.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "guide/search.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/url.h"

#include <string.h>

/* ---- shared by the help center API files (help_center.h) ---- */

enum pl_err hc_api_brand(struct req *r, int64_t *brand_id)
{
	int64_t b = r->c.brand_id;
	enum pl_err e = req_query_i64(r, "brand_id", &b);
	if (e)
		return e;
	struct hc_brand br;
	if ((e = hc_brand_get(&r->c, b, &br)))
		return e;
	*brand_id = b;
	return PL_OK;
}

enum pl_err hc_api_locale(struct req *r, int i, const char **locale)
{
	const char *l = hc_locale_norm(&r->c, r->key[i]);
	if (!l)
		return ctx_fail(&r->c, PL_NOT_FOUND, "Unknown locale");
	*locale = l;
	return PL_OK;
}

enum pl_err hc_api_page(struct req *r, struct page *p)
{
	enum pl_err e = page_parse(r, p, 30);
	if (e)
		return e;
	static const struct { const char *by, *asc, *desc; } orders[] = {
		{ "position", "position ASC, id ASC", "position DESC, id DESC" },
		{ "title", "title COLLATE NOCASE ASC, id ASC", "title COLLATE NOCASE DESC, id DESC" },
		{ "created_at", "created_at ASC, id ASC", "created_at DESC, id DESC" },
		{ "updated_at", "updated_at ASC, id ASC", "updated_at DESC, id DESC" },
	};
	const char *by = req_query(r, "sort_by");
	const char *order = req_query(r, "sort_order");
	bool desc = order && !strcmp(order, "desc");
	if (order && !desc && strcmp(order, "asc"))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "sort_order must be asc or desc");
	for (size_t i = 0; i < PL_ARRAY_LEN(orders); i++)
		if (!strcmp(by ? by : "position", orders[i].by)) {
			p->order = desc ? orders[i].desc : orders[i].asc;
			return PL_OK;
		}
	return ctx_fail(&r->c, PL_BAD_REQUEST,
		"sort_by must be position, title, created_at or updated_at");
}

/* The locale of a route with an optional locale prefix: NULL without. */
static enum pl_err opt_locale(struct req *r, const char **locale)
{
	*locale = NULL;
	return r->key[0] ? hc_api_locale(r, 0, locale) : PL_OK;
}

/* Fills a list filter: brand and locale; unprefixed lists read each item
 * in its source locale. */
static enum pl_err filter_of(struct req *r, struct hc_filter *f)
{
	memset(f, 0, sizeof(*f));
	enum pl_err e;
	if ((e = hc_api_brand(r, &f->brand_id)) || (e = opt_locale(r, &f->locale)))
		return e;
	return PL_OK;
}

/* The locale new items get: the path's, else the help center's default. */
static enum pl_err create_locale(struct req *r, int64_t brand, const char **locale)
{
	enum pl_err e = opt_locale(r, locale);
	if (e || *locale)
		return e;
	json_t *all;
	return hc_locales_get(&r->c, brand, &all, locale);
}

static enum pl_err reply_list(struct req *r, const struct page *p, const char *root,
	enum pl_err e, const struct list_result *res)
{
	return e ? e : page_reply(r, p, root, res);
}

/* Answers {root: *o} unless e; o is read after e is computed (the call
 * producing e fills it). */
static enum pl_err reply_item(struct req *r, int status, const char *root,
	enum pl_err e, json_t **o)
{
	return e ? e : reply_obj(r, status, root, json_incref(*o));
}

/* ---- categories ---- */

static enum pl_err categories_list(struct req *r)
{
	struct page p;
	struct hc_filter f;
	struct list_result res;
	enum pl_err e;
	if ((e = hc_api_page(r, &p)) || (e = filter_of(r, &f)))
		return e;
	return reply_list(r, &p, "categories", hc_categories_list(&r->c, &p, &f, &res), &res);
}

static enum pl_err category_show(struct req *r)
{
	const char *l;
	json_t *o = NULL;
	enum pl_err e = opt_locale(r, &l);
	return reply_item(r, 200, "category", e ? e : hc_category_get(&r->c, r->id[0], l, &o), &o);
}

static enum pl_err category_create(struct req *r)
{
	int64_t brand;
	const char *l;
	json_t *in, *o = NULL;
	enum pl_err e;
	if ((e = hc_api_brand(r, &brand)) || (e = create_locale(r, brand, &l)) ||
	    (e = req_body_object(r, "category", &in)))
		return e;
	return reply_item(r, 201, "category", hc_category_create(&r->c, brand, l, in, &o), &o);
}

static enum pl_err category_update(struct req *r)
{
	const char *l;
	json_t *in, *o = NULL;
	enum pl_err e;
	if ((e = opt_locale(r, &l)) || (e = req_body_object(r, "category", &in)))
		return e;
	return reply_item(r, 200, "category", hc_category_update(&r->c, r->id[0], l, in, &o), &o);
}

static enum pl_err category_delete(struct req *r)
{
	enum pl_err e = hc_category_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* PUT .../source_locale {"<kind>_locale": "fr"} answers {"<kind>_locale"}. */
static enum pl_err source_locale(struct req *r, enum hc_kind k, const char *field)
{
	json_t *in;
	enum pl_err e = req_body(r, &in);
	if (e)
		return e;
	const char *l = hc_locale_norm(&r->c, json_string_value(json_object_get(in, field)));
	if (!l)
		return ctx_invalid(&r->c, field, "InvalidValue", "%s: is not a locale", field);
	if ((e = hc_source_locale_set(&r->c, k, r->id[0], l)))
		return e;
	return reply_json(r, 200, json_pack("{s:s}", field, l));
}

static enum pl_err category_source_locale(struct req *r)
{
	return source_locale(r, HC_CATEGORY, "category_locale");
}

/* ---- sections ---- */

static enum pl_err sections_list(struct req *r)
{
	struct page p;
	struct hc_filter f;
	struct list_result res;
	enum pl_err e;
	if ((e = hc_api_page(r, &p)) || (e = filter_of(r, &f)))
		return e;
	f.category_id = r->id[0];
	if (f.category_id) {
		json_t *cat;
		if ((e = hc_category_get(&r->c, f.category_id, NULL, &cat)))
			return e;
	}
	return reply_list(r, &p, "sections", hc_sections_list(&r->c, &p, &f, &res), &res);
}

static enum pl_err section_show(struct req *r)
{
	const char *l;
	json_t *o = NULL;
	enum pl_err e = opt_locale(r, &l);
	return reply_item(r, 200, "section", e ? e : hc_section_get(&r->c, r->id[0], l, &o), &o);
}

static enum pl_err section_create(struct req *r)
{
	json_t *cat, *in, *o = NULL;
	const char *l;
	enum pl_err e;
	if ((e = hc_category_get(&r->c, r->id[0], NULL, &cat)))
		return e;
	if ((e = opt_locale(r, &l)) || (e = req_body_object(r, "section", &in)))
		return e;
	if (!l)
		l = json_string_value(json_object_get(cat, "locale"));
	return reply_item(r, 201, "section", hc_section_create(&r->c, r->id[0], l, in, &o), &o);
}

static enum pl_err section_update(struct req *r)
{
	const char *l;
	json_t *in, *o = NULL;
	enum pl_err e;
	if ((e = opt_locale(r, &l)) || (e = req_body_object(r, "section", &in)))
		return e;
	return reply_item(r, 200, "section", hc_section_update(&r->c, r->id[0], l, in, &o), &o);
}

static enum pl_err section_delete(struct req *r)
{
	enum pl_err e = hc_section_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err section_source_locale(struct req *r)
{
	return source_locale(r, HC_SECTION, "section_locale");
}

/* ---- articles ---- */

static enum pl_err articles_run(struct req *r, struct hc_filter *f)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = hc_api_page(r, &p)))
		return e;
	f->label_names = req_query(r, "label_names");
	return reply_list(r, &p, "articles", hc_articles_list(&r->c, &p, f, &res), &res);
}

static enum pl_err articles_list(struct req *r)
{
	struct hc_filter f;
	enum pl_err e = filter_of(r, &f);
	return e ? e : articles_run(r, &f);
}

static enum pl_err section_articles(struct req *r)
{
	struct hc_filter f;
	json_t *s;
	enum pl_err e;
	if ((e = filter_of(r, &f)) || (e = hc_section_get(&r->c, r->id[0], NULL, &s)))
		return e;
	f.section_id = r->id[0];
	return articles_run(r, &f);
}

static enum pl_err category_articles(struct req *r)
{
	struct hc_filter f;
	json_t *cat;
	enum pl_err e;
	if ((e = filter_of(r, &f)) || (e = hc_category_get(&r->c, r->id[0], NULL, &cat)))
		return e;
	f.category_id = r->id[0];
	return articles_run(r, &f);
}

static enum pl_err user_articles(struct req *r)
{
	struct hc_filter f;
	enum pl_err e = filter_of(r, &f);
	if (e)
		return e;
	f.author_id = r->id[0];
	return articles_run(r, &f);
}

static enum pl_err incremental_articles(struct req *r)
{
	struct hc_filter f;
	enum pl_err e = filter_of(r, &f);
	if (e)
		return e;
	if (!req_query(r, "start_time"))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "start_time is required");
	if ((e = req_query_i64(r, "start_time", &f.updated_since)))
		return e;
	if (f.updated_since < 1)
		f.updated_since = 1;
	return articles_run(r, &f);
}

static enum pl_err article_show(struct req *r)
{
	const char *l;
	json_t *o = NULL;
	enum pl_err e = opt_locale(r, &l);
	return reply_item(r, 200, "article", e ? e : hc_article_get(&r->c, r->id[0], l, &o), &o);
}

static enum pl_err article_create(struct req *r)
{
	json_t *s, *in, *o = NULL;
	const char *l;
	enum pl_err e;
	if ((e = hc_section_get(&r->c, r->id[0], NULL, &s)) || (e = opt_locale(r, &l)) ||
	    (e = req_body_object(r, "article", &in)))
		return e;
	if (!l) {
		json_t *all;
		int64_t brand;
		if ((e = hc_api_brand(r, &brand)) || (e = hc_locales_get(&r->c, brand, &all, &l)))
			return e;
	}
	e = hc_article_create(&r->c, r->id[0], l, in, &o);
	if (!e)
		reply_header(r, "Location", json_string_value(json_object_get(o, "url")));
	return reply_item(r, 201, "article", e, &o);
}

static enum pl_err article_update(struct req *r)
{
	const char *l;
	json_t *in, *o = NULL;
	enum pl_err e;
	if ((e = opt_locale(r, &l)) || (e = req_body_object(r, "article", &in)))
		return e;
	return reply_item(r, 200, "article", hc_article_update(&r->c, r->id[0], l, in, &o), &o);
}

static enum pl_err article_delete(struct req *r)
{
	enum pl_err e = hc_article_archive(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err article_source_locale(struct req *r)
{
	return source_locale(r, HC_ARTICLE, "article_locale");
}

/* ---- labels ---- */

static enum pl_err labels_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "labels", hc_labels_list(&r->c, &p, &res), &res);
}

static enum pl_err label_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "label", hc_label_get(&r->c, r->id[0], &o), &o);
}

static enum pl_err article_labels(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "labels", hc_article_labels(&r->c, r->id[0], &o), &o);
}

static enum pl_err article_label_add(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "label", &in);
	return e ? e : reply_item(r, 201, "label",
		hc_article_label_add(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err article_label_remove(struct req *r)
{
	enum pl_err e = hc_article_label_remove(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

/* ---- revisions ---- */

static enum pl_err revisions_list(struct req *r)
{
	const char *l = req_query(r, "locale");
	if (l && !(l = hc_locale_norm(&r->c, l)))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "locale is not a locale");
	json_t *o = NULL;
	return reply_item(r, 200, "revisions", hc_revisions_list(&r->c, r->id[0], l, &o), &o);
}

static enum pl_err revision_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "revision", hc_revision_get(&r->c, r->id[0], r->id[1], &o), &o);
}

static enum pl_err revision_create(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "revision", &in);
	return e ? e : reply_item(r, 201, "revision",
		hc_revision_create(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err revision_update(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "revision", &in);
	return e ? e : reply_item(r, 200, "revision",
		hc_revision_update(&r->c, r->id[0], r->id[1], in, &o), &o);
}

/* ---- search ---- */

/* This request's URL on another page of results. */
static char *search_link(struct req *r, int page, int per_page)
{
	struct sbuf b;
	sbuf_init(&b, r->c.a);
	sbuf_printf(&b, "%s/%s.json?", r->c.api_base, r->path);
	for (int i = 0; i < r->nq; i++) {
		if (!strcmp(r->q[i].name, "page") || !strcmp(r->q[i].name, "per_page"))
			continue;
		sbuf_printf(&b, "%s=%s&", url_escape(r->c.a, r->q[i].name),
			url_escape(r->c.a, r->q[i].value));
	}
	sbuf_printf(&b, "page=%d&per_page=%d", page, per_page);
	return b.s;
}

static enum pl_err search(struct req *r)
{
	struct hc_query q = { .page = 1, .per_page = 25 };
	int64_t page = 1, per = 25;
	enum pl_err e;
	if ((e = hc_api_brand(r, &q.brand_id)) ||
	    (e = req_query_i64(r, "page", &page)) || (e = req_query_i64(r, "per_page", &per)) ||
	    (e = req_query_i64(r, "category", &q.category_id)) ||
	    (e = req_query_i64(r, "section", &q.section_id)))
		return e;
	if (page < 1 || page > 1000 || per < 1 || per > 100)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"page must be 1 to 1000 and per_page 1 to 100");
	q.page = (int)page;
	q.per_page = (int)per;
	q.text = req_query(r, "query");
	q.label_names = req_query(r, "label_names");
	if (!q.text)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Missing query parameter: query");
	const char *l = req_query(r, "locale");
	if (l && strcmp(l, "*") && !(l = hc_locale_norm(&r->c, l)))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "locale is not a locale");
	if (!l) {
		json_t *all;
		if ((e = hc_locales_get(&r->c, q.brand_id, &all, &l)))
			return e;
	}
	q.locale = l;
	json_t *results;
	int64_t count;
	if ((e = hc_search(&r->c, &q, &results, &count)))
		return e;
	int64_t pages = (count + q.per_page - 1) / q.per_page;
	json_t *body = json_object();
	json_object_set(body, "results", results);
	json_object_set_new(body, "count", json_integer(count));
	json_object_set_new(body, "page", json_integer(q.page));
	json_object_set_new(body, "per_page", json_integer(q.per_page));
	json_object_set_new(body, "page_count", json_integer(pages));
	json_object_set_new(body, "next_page", q.page < pages
		? json_string(search_link(r, q.page + 1, q.per_page)) : json_null());
	json_object_set_new(body, "previous_page", q.page > 1
		? json_string(search_link(r, q.page - 1, q.per_page)) : json_null());
	return reply_json(r, 200, body);
}

const struct route help_center_routes[] = {
	/* Literal paths before the {key} (locale) ones that could shadow them. */
	{ V_GET, "help_center/articles/search", search, ROLE_ANON },
	{ V_GET, "help_center/articles/labels", labels_list, ROLE_AGENT },
	{ V_GET, "help_center/articles/labels/{id}", label_show, ROLE_AGENT },
	{ V_GET, "help_center/incremental/articles", incremental_articles, ROLE_AGENT },

	{ V_GET, "help_center/categories", categories_list, ROLE_ANON },
	{ V_POST, "help_center/categories", category_create, ROLE_ADMIN },
	{ V_GET, "help_center/categories/{id}", category_show, ROLE_ANON },
	{ V_PUT, "help_center/categories/{id}", category_update, ROLE_ADMIN },
	{ V_DELETE, "help_center/categories/{id}", category_delete, ROLE_ADMIN },
	{ V_PUT, "help_center/categories/{id}/source_locale", category_source_locale, ROLE_ADMIN },
	{ V_GET, "help_center/categories/{id}/sections", sections_list, ROLE_ANON },
	{ V_POST, "help_center/categories/{id}/sections", section_create, ROLE_ADMIN },
	{ V_GET, "help_center/categories/{id}/articles", category_articles, ROLE_ANON },

	{ V_GET, "help_center/sections", sections_list, ROLE_ANON },
	{ V_GET, "help_center/sections/{id}", section_show, ROLE_ANON },
	{ V_PUT, "help_center/sections/{id}", section_update, ROLE_ADMIN },
	{ V_DELETE, "help_center/sections/{id}", section_delete, ROLE_ADMIN },
	{ V_PUT, "help_center/sections/{id}/source_locale", section_source_locale, ROLE_ADMIN },
	{ V_GET, "help_center/sections/{id}/articles", section_articles, ROLE_ANON },
	{ V_POST, "help_center/sections/{id}/articles", article_create, ROLE_AGENT },

	{ V_GET, "help_center/articles", articles_list, ROLE_ANON },
	{ V_GET, "help_center/users/{id}/articles", user_articles, ROLE_ANON },
	{ V_GET, "help_center/articles/{id}", article_show, ROLE_ANON },
	{ V_PUT, "help_center/articles/{id}", article_update, ROLE_AGENT },
	{ V_DELETE, "help_center/articles/{id}", article_delete, ROLE_AGENT },
	{ V_PUT, "help_center/articles/{id}/source_locale", article_source_locale, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/labels", article_labels, ROLE_ANON },
	{ V_POST, "help_center/articles/{id}/labels", article_label_add, ROLE_AGENT },
	{ V_DELETE, "help_center/articles/{id}/labels/{id}", article_label_remove, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/revisions", revisions_list, ROLE_AGENT },
	{ V_POST, "help_center/articles/{id}/revisions", revision_create, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/revisions/{id}", revision_show, ROLE_AGENT },
	{ V_PUT, "help_center/articles/{id}/revisions/{id}", revision_update, ROLE_AGENT },

	/* The same with a locale: help_center/{locale}/... */
	{ V_GET, "help_center/{key}/categories", categories_list, ROLE_ANON },
	{ V_POST, "help_center/{key}/categories", category_create, ROLE_ADMIN },
	{ V_GET, "help_center/{key}/categories/{id}", category_show, ROLE_ANON },
	{ V_PUT, "help_center/{key}/categories/{id}", category_update, ROLE_ADMIN },
	{ V_GET, "help_center/{key}/categories/{id}/sections", sections_list, ROLE_ANON },
	{ V_POST, "help_center/{key}/categories/{id}/sections", section_create, ROLE_ADMIN },
	{ V_GET, "help_center/{key}/categories/{id}/articles", category_articles, ROLE_ANON },
	{ V_GET, "help_center/{key}/sections", sections_list, ROLE_ANON },
	{ V_GET, "help_center/{key}/sections/{id}", section_show, ROLE_ANON },
	{ V_PUT, "help_center/{key}/sections/{id}", section_update, ROLE_ADMIN },
	{ V_GET, "help_center/{key}/sections/{id}/articles", section_articles, ROLE_ANON },
	{ V_POST, "help_center/{key}/sections/{id}/articles", article_create, ROLE_AGENT },
	{ V_GET, "help_center/{key}/articles", articles_list, ROLE_ANON },
	{ V_GET, "help_center/{key}/articles/{id}", article_show, ROLE_ANON },
	{ V_PUT, "help_center/{key}/articles/{id}", article_update, ROLE_AGENT },
	{ 0 },
};
