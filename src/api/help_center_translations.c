/*
 * help_center_translations.c: /api/v2/help_center translations, locales,
 * and the per-brand settings of help centers (enabled locales, theme).
 *
 * The brand settings API is Parley's own (Zendesk keeps them in its Guide
 * admin): help_center/brands/{brand_id}/locales and .../theme; see
 * docs/help-center.md.  Category and section translations are written by
 * admins, article translations by agents.
 */
#include "parley.h"
#include "api/help_center.h"
#include "api/routes.h"
#include "guide/content.h"
#include "guide/hc.h"
#include "http/request.h"

static enum pl_err list(struct req *r, enum hc_kind k)
{
	json_t *o;
	const char *locales = req_query(r, "locales");
	enum pl_err e = hc_translations_list(&r->c, k, r->id[0], locales, &o);
	return e ? e : reply_obj(r, 200, "translations", json_incref(o));
}

static enum pl_err missing(struct req *r, enum hc_kind k)
{
	json_t *o;
	enum pl_err e = hc_translations_missing(&r->c, k, r->id[0], &o);
	return e ? e : reply_obj(r, 200, "locales", json_incref(o));
}

static enum pl_err show(struct req *r, enum hc_kind k)
{
	const char *l;
	json_t *o;
	enum pl_err e;
	if ((e = hc_api_locale(r, 0, &l)) || (e = hc_translation_get(&r->c, k, r->id[0], l, &o)))
		return e;
	return reply_obj(r, 200, "translation", json_incref(o));
}

static enum pl_err create(struct req *r, enum hc_kind k)
{
	json_t *in, *o;
	enum pl_err e;
	if ((e = req_body_object(r, "translation", &in)) ||
	    (e = hc_translation_create(&r->c, k, r->id[0], in, &o)))
		return e;
	return reply_obj(r, 201, "translation", json_incref(o));
}

static enum pl_err update(struct req *r, enum hc_kind k)
{
	const char *l;
	json_t *in, *o;
	enum pl_err e;
	if ((e = hc_api_locale(r, 0, &l)) ||
	    (e = req_body_object(r, "translation", &in)) ||
	    (e = hc_translation_update(&r->c, k, r->id[0], l, in, &o)))
		return e;
	return reply_obj(r, 200, "translation", json_incref(o));
}

#define KIND_HANDLERS(name, kind) \
	static enum pl_err name##_list(struct req *r) { return list(r, kind); } \
	static enum pl_err name##_missing(struct req *r) { return missing(r, kind); } \
	static enum pl_err name##_show(struct req *r) { return show(r, kind); } \
	static enum pl_err name##_create(struct req *r) { return create(r, kind); } \
	static enum pl_err name##_update(struct req *r) { return update(r, kind); }

KIND_HANDLERS(article, HC_ARTICLE)
KIND_HANDLERS(section, HC_SECTION)
KIND_HANDLERS(category, HC_CATEGORY)

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = hc_translation_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* GET help_center/locales: the locales of the request's help center. */
static enum pl_err locales(struct req *r)
{
	int64_t brand;
	json_t *all;
	const char *dflt;
	enum pl_err e;
	if ((e = hc_api_brand(r, &brand)) || (e = hc_locales_get(&r->c, brand, &all, &dflt)))
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:s}", "locales", all,
		"default_locale", dflt));
}

/* The brand named by the path, in the account. */
static enum pl_err path_brand(struct req *r)
{
	struct hc_brand b;
	return hc_brand_get(&r->c, r->id[0], &b);
}

static enum pl_err brand_locales(struct req *r)
{
	json_t *all;
	const char *dflt;
	enum pl_err e;
	if ((e = path_brand(r)) || (e = hc_locales_get(&r->c, r->id[0], &all, &dflt)))
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:s}", "locales", all,
		"default_locale", dflt));
}

static enum pl_err brand_locales_update(struct req *r)
{
	json_t *in;
	enum pl_err e;
	if ((e = path_brand(r)) || (e = req_body(r, &in)) ||
	    (e = hc_locales_set(&r->c, r->id[0], in)))
		return e;
	return brand_locales(r);
}

static enum pl_err brand_theme(struct req *r)
{
	json_t *o;
	enum pl_err e;
	if ((e = path_brand(r)) || (e = hc_theme_get(&r->c, r->id[0], &o)))
		return e;
	return reply_obj(r, 200, "theme", json_incref(o));
}

static enum pl_err brand_theme_update(struct req *r)
{
	json_t *in, *o;
	enum pl_err e;
	if ((e = path_brand(r)) || (e = req_body_object(r, "theme", &in)) ||
	    (e = hc_theme_update(&r->c, r->id[0], in, &o)))
		return e;
	return reply_obj(r, 200, "theme", json_incref(o));
}

const struct route help_center_translations_routes[] = {
	{ V_GET, "help_center/articles/{id}/translations/missing", article_missing, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/translations", article_list, ROLE_ANON },
	{ V_POST, "help_center/articles/{id}/translations", article_create, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/translations/{key}", article_show, ROLE_ANON },
	{ V_PUT, "help_center/articles/{id}/translations/{key}", article_update, ROLE_AGENT },
	{ V_GET, "help_center/sections/{id}/translations/missing", section_missing, ROLE_AGENT },
	{ V_GET, "help_center/sections/{id}/translations", section_list, ROLE_ANON },
	{ V_POST, "help_center/sections/{id}/translations", section_create, ROLE_ADMIN },
	{ V_GET, "help_center/sections/{id}/translations/{key}", section_show, ROLE_ANON },
	{ V_PUT, "help_center/sections/{id}/translations/{key}", section_update, ROLE_ADMIN },
	{ V_GET, "help_center/categories/{id}/translations/missing", category_missing,
		ROLE_AGENT },
	{ V_GET, "help_center/categories/{id}/translations", category_list, ROLE_ANON },
	{ V_POST, "help_center/categories/{id}/translations", category_create, ROLE_ADMIN },
	{ V_GET, "help_center/categories/{id}/translations/{key}", category_show, ROLE_ANON },
	{ V_PUT, "help_center/categories/{id}/translations/{key}", category_update, ROLE_ADMIN },
	{ V_DELETE, "help_center/translations/{id}", destroy, ROLE_AGENT },
	{ V_GET, "help_center/locales", locales, ROLE_ANON },
	{ V_GET, "help_center/brands/{id}/locales", brand_locales, ROLE_ANON },
	{ V_PUT, "help_center/brands/{id}/locales", brand_locales_update, ROLE_ADMIN },
	{ V_GET, "help_center/brands/{id}/theme", brand_theme, ROLE_ANON },
	{ V_PUT, "help_center/brands/{id}/theme", brand_theme_update, ROLE_ADMIN },
	{ 0 },
};
