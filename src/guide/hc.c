/*
 * hc.c: readers and user segments, brands, locales and themes of help
 * centers (see hc.h).
 *
 * Invariants:
 *  1. A brand's locales are kept as rows of hc_brand_locales with exactly
 *     one is_default; a brand without rows has ["en-us"].
 *  2. Theme HTML is stored sanitized, so pages print it as is.
 */
#include "parley.h"
#include "guide/hc.h"
#include "util/html.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

/* ---- readers and segments ---- */

static bool in_ids(json_t *ids, int64_t v)
{
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x)
		if (json_integer_value(x) == v)
			return true;
	return false;
}

static bool has_tag(json_t *tags, const char *t)
{
	size_t i;
	json_t *x;
	json_array_foreach(tags, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), t) == 0)
			return true;
	return false;
}

/* Whether a segment row applies to the signed-in principal, given its tags
 * and group ids. */
static bool segment_applies(struct ctx *c, struct stmt *st, json_t *my_tags,
	json_t *my_groups)
{
	const char *type = stmt_text(st, 1);
	if (strcmp(type, "staff") == 0) {
		if (!ctx_is_agent(c))
			return false;
		json_t *groups = jown(c->a, jparse(stmt_text(st, 2), json_array()));
		if (json_array_size(groups) == 0)
			return true;
		size_t i;
		json_t *g;
		json_array_foreach(my_groups, i, g)
			if (in_ids(groups, json_integer_value(g)))
				return true;
		return false;
	}
	json_t *orgs = jown(c->a, jparse(stmt_text(st, 3), json_array()));
	json_t *tags = jown(c->a, jparse(stmt_text(st, 4), json_array()));
	json_t *or_tags = jown(c->a, jparse(stmt_text(st, 5), json_array()));
	if (json_array_size(orgs) && !in_ids(orgs, c->me.organization_id))
		return false;
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
		if (!has_tag(my_tags, json_string_value(t)))
			return false;
	if (json_array_size(or_tags) == 0)
		return true;
	json_array_foreach(or_tags, i, t)
		if (has_tag(my_tags, json_string_value(t)))
			return true;
	return false;
}

enum pl_err hc_reader_get(struct ctx *c, struct hc_reader *out)
{
	out->agent = ctx_is_agent(c);
	if (ctx_is_admin(c)) {
		out->segs = "*";
		return PL_OK;
	}
	if (!c->me.id) {
		out->segs = ",";
		return PL_OK;
	}
	struct stmt *st = db_q(c->db, "SELECT extra FROM users WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, c->me.id);
	if (!st)
		return ctx_store_failed(c);
	json_t *extra = NULL;
	if (stmt_step(st) == STEP_ROW)
		extra = jparse(stmt_text(st, 0), NULL);
	stmt_reset(st);
	jown(c->a, extra);
	json_t *my_tags = json_object_get(extra, "tags");
	json_t *my_groups = jown(c->a, json_array());
	st = db_q(c->db, "SELECT group_id FROM group_memberships WHERE account_id = ?"
		" AND user_id = ?", "ii", c->account_id, c->me.id);
	if (!st)
		return ctx_store_failed(c);
	while (stmt_step(st) == STEP_ROW)
		json_array_append_new(my_groups, json_integer(stmt_i64(st, 0)));
	stmt_reset(st);
	st = db_q(c->db, "SELECT id, user_type, group_ids, organization_ids, tags,"
		" or_tags FROM hc_user_segments WHERE account_id = ?", "i", c->account_id);
	if (!st)
		return ctx_store_failed(c);
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_adds(&b, ",");
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW)
		if (segment_applies(c, st, my_tags, my_groups))
			sbuf_printf(&b, "%lld,", (long long)stmt_i64(st, 0));
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	out->segs = b.s;
	return PL_OK;
}

/* ---- locales ---- */

const char *hc_locale_norm(struct ctx *c, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n < 2 || n > 20)
		return NULL;
	char *d = arena_strdup(c->a, s);
	size_t run = 0;
	bool first = true;
	for (char *p = d; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
		bool alpha = *p >= 'a' && *p <= 'z', digit = *p >= '0' && *p <= '9';
		if (*p == '-' || *p == '_') {
			if (run < 2 || (first && run > 3))
				return NULL;
			*p = '-';
			first = false;
			run = 0;
		} else if (alpha || (digit && !first)) {
			if (++run > 8)
				return NULL;
		} else {
			return NULL;
		}
	}
	if (run < 2 || (first && run > 3))
		return NULL;
	return d;
}

bool hc_locale_rtl(const char *locale)
{
	static const char *const rtl[] = { "ar", "he", "iw", "fa", "ur", "yi", "ps" };
	size_t n = strcspn(locale, "-");
	for (size_t i = 0; i < PL_ARRAY_LEN(rtl); i++)
		if (strlen(rtl[i]) == n && strncmp(rtl[i], locale, n) == 0)
			return true;
	return false;
}

const char *hc_locale_name(const char *locale)
{
	static const struct { const char *tag, *name; } names[] = {
		{ "en-us", "English (US)" }, { "en-gb", "English (GB)" }, { "en", "English" },
		{ "fr", "Fran\xC3\xA7" "ais" }, { "fr-ca", "Fran\xC3\xA7" "ais (Canada)" },
		{ "de", "Deutsch" }, { "es", "Espa\xC3\xB1ol" }, { "it", "Italiano" },
		{ "pt", "Portugu\xC3\xAAs" }, { "pt-br", "Portugu\xC3\xAAs (Brasil)" },
		{ "nl", "Nederlands" }, { "sv", "Svenska" }, { "da", "Dansk" },
		{ "no", "Norsk" }, { "fi", "Suomi" }, { "pl", "Polski" },
		{ "tr", "T\xC3\xBCrk\xC3\xA7" "e" }, { "ru", "\xD0\xA0\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9" },
		{ "ja", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E" },
		{ "ko", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4" },
		{ "zh-cn", "\xE7\xAE\x80\xE4\xBD\x93\xE4\xB8\xAD\xE6\x96\x87" },
		{ "zh-tw", "\xE7\xB9\x81\xE9\xAB\x94\xE4\xB8\xAD\xE6\x96\x87" },
		{ "ar", "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9" },
		{ "he", "\xD7\xA2\xD7\x91\xD7\xA8\xD7\x99\xD7\xAA" },
		{ "fa", "\xD9\x81\xD8\xA7\xD8\xB1\xD8\xB3\xDB\x8C" },
		{ "ur", "\xD8\xA7\xD8\xB1\xD8\xAF\xD9\x88" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(names[i].tag, locale) == 0)
			return names[i].name;
	return locale;
}

/* ---- brands ---- */

enum pl_err hc_brand_get(struct ctx *c, int64_t id, struct hc_brand *out)
{
	struct stmt *st = db_q(c->db, "SELECT id, name, subdomain, has_help_center"
		" FROM brands WHERE account_id = ? AND id = ? AND deleted = 0",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_fail(c, PL_NOT_FOUND, "Brand not found");
	}
	out->id = stmt_i64(st, 0);
	out->name = arena_strdup(c->a, stmt_text(st, 1));
	out->subdomain = arena_strdup(c->a, stmt_text(st, 2));
	out->has_help_center = stmt_i64(st, 3) != 0;
	stmt_reset(st);
	return PL_OK;
}

enum pl_err hc_locales_get(struct ctx *c, int64_t brand_id, json_t **locales,
	const char **default_locale)
{
	json_t *arr = jown(c->a, json_array());
	const char *dflt = NULL;
	struct stmt *st = db_q(c->db, "SELECT locale, is_default FROM hc_brand_locales"
		" WHERE account_id = ? AND brand_id = ? ORDER BY position",
		"ii", c->account_id, brand_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		const char *l = stmt_text(st, 0);
		json_array_append_new(arr, json_string(l));
		if (stmt_i64(st, 1))
			dflt = arena_strdup(c->a, l);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	if (json_array_size(arr) == 0) {
		json_array_append_new(arr, json_string("en-us"));
		dflt = "en-us";
	}
	*locales = arr;
	*default_locale = dflt ? dflt : json_string_value(json_array_get(arr, 0));
	return PL_OK;
}

bool hc_locale_enabled(struct ctx *c, int64_t brand_id, const char *locale)
{
	json_t *arr;
	const char *dflt;
	if (!locale || hc_locales_get(c, brand_id, &arr, &dflt))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (strcmp(json_string_value(x), locale) == 0)
			return true;
	return false;
}

enum pl_err hc_locales_set(struct ctx *c, int64_t brand_id, json_t *in)
{
	json_t *list = json_object_get(in, "locales");
	if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > 40)
		return ctx_invalid(c, "locales", "InvalidValue",
			"Locales: must be a list of 1 to 40 locales");
	json_t *norm = jown(c->a, json_array());
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		const char *l = hc_locale_norm(c, json_string_value(x));
		if (!l)
			return ctx_invalid(c, "locales", "InvalidValue",
				"Locales: %s is not a locale", jdump(c->a, x));
		for (size_t k = 0; k < json_array_size(norm); k++)
			if (!strcmp(json_string_value(json_array_get(norm, k)), l))
				return ctx_invalid(c, "locales", "DuplicateValue",
					"Locales: %s is listed twice", l);
		json_array_append_new(norm, json_string(l));
	}
	json_t *d = json_object_get(in, "default_locale");
	const char *dflt = json_string_value(json_array_get(norm, 0));
	if (d && !json_is_null(d)) {
		dflt = hc_locale_norm(c, json_string_value(d));
		bool listed = false;
		json_array_foreach(norm, i, x)
			listed |= dflt && !strcmp(json_string_value(x), dflt);
		if (!listed)
			return ctx_invalid(c, "default_locale", "InvalidValue",
				"Default locale: must be one of the locales");
	}
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	bool ok = db_exec(c->db, "DELETE FROM hc_brand_locales WHERE account_id = ?"
		" AND brand_id = ?", "ii", c->account_id, brand_id);
	json_array_foreach(norm, i, x) {
		const char *l = json_string_value(x);
		ok = ok && db_exec(c->db, "INSERT INTO hc_brand_locales(account_id, brand_id,"
			" locale, position, is_default) VALUES (?, ?, ?, ?, ?)", "iisib",
			c->account_id, brand_id, l, (int64_t)i, strcmp(l, dflt) == 0);
	}
	if (!ok) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

/* One Accept-Language entry: tag and quality. */
struct lang_pref {
	char tag[24];
	int q; /* thousandths */
};

static int parse_accept(const char *h, struct lang_pref *out, int max)
{
	int n = 0;
	while (h && *h && n < max) {
		while (*h == ' ' || *h == ',')
			h++;
		size_t len = strcspn(h, ",;");
		if (len == 0)
			break;
		struct lang_pref *p = &out[n];
		size_t k = 0;
		for (size_t i = 0; i < len && k + 1 < sizeof(p->tag); i++)
			if (h[i] != ' ')
				p->tag[k++] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
		p->tag[k] = 0;
		p->q = 1000;
		h += len;
		if (*h == ';') {
			const char *q = strstr(h, "q=");
			size_t seg = strcspn(h, ",");
			if (q && q < h + seg)
				p->q = (int)(strtod(q + 2, NULL) * 1000);
			h += seg;
		}
		if (p->q > 0 && k)
			n++;
	}
	/* Stable sort by quality, highest first. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && out[j].q > out[j - 1].q; j--) {
			struct lang_pref t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

const char *hc_locale_preferred(struct ctx *c, int64_t brand_id,
	const char *accept_language)
{
	json_t *arr;
	const char *dflt;
	if (hc_locales_get(c, brand_id, &arr, &dflt))
		return "en-us";
	struct lang_pref prefs[16];
	int n = parse_accept(accept_language, prefs, 16);
	for (int i = 0; i < n; i++) {
		if (strcmp(prefs[i].tag, "*") == 0)
			return dflt;
		size_t pl = strcspn(prefs[i].tag, "-");
		size_t k;
		json_t *x;
		json_array_foreach(arr, k, x)
			if (strcmp(json_string_value(x), prefs[i].tag) == 0)
				return json_string_value(x);
		json_array_foreach(arr, k, x) {
			const char *l = json_string_value(x);
			if (strcspn(l, "-") == pl && strncmp(l, prefs[i].tag, pl) == 0)
				return l;
		}
	}
	return dflt;
}

/* ---- themes ---- */

#define THEME_COLS "logo_url, brand_color, brand_text_color, text_color," \
	" link_color, background_color, header_html, footer_html, updated_at"

static const char *const color_fields[] = {
	"brand_color", "brand_text_color", "text_color", "link_color", "background_color",
};

enum pl_err hc_theme_get(struct ctx *c, int64_t brand_id, json_t **out)
{
	struct stmt *st = db_q(c->db, "SELECT " THEME_COLS " FROM hc_themes"
		" WHERE account_id = ? AND brand_id = ?", "ii", c->account_id, brand_id);
	if (!st)
		return ctx_store_failed(c);
	bool found = stmt_step(st) == STEP_ROW;
	json_t *t = json_object();
	json_object_set_new(t, "brand_id", json_integer(brand_id));
	json_object_set_new(t, "logo_url", found ? jstr(stmt_text(st, 0)) : json_null());
	static const char *const dflt[] = {
		"#17494d", "#ffffff", "#2f3941", "#1f73b7", "#ffffff",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(color_fields); i++)
		json_object_set_new(t, color_fields[i],
			json_string(found ? stmt_text(st, (int)i + 1) : dflt[i]));
	json_object_set_new(t, "header_html", json_string(found ? stmt_text(st, 6) : ""));
	json_object_set_new(t, "footer_html", json_string(found ? stmt_text(st, 7) : ""));
	json_object_set_new(t, "updated_at", found ? jtime(stmt_i64(st, 8)) : json_null());
	stmt_reset(st);
	*out = jown(c->a, t);
	return PL_OK;
}

static bool color_ok(const char *s)
{
	if (!s || strlen(s) != 7 || s[0] != '#')
		return false;
	for (int i = 1; i < 7; i++) {
		char ch = (char)(s[i] | 32);
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return false;
	}
	return true;
}

enum pl_err hc_theme_update(struct ctx *c, int64_t brand_id, json_t *in, json_t **out)
{
	json_t *cur;
	enum pl_err e = hc_theme_get(c, brand_id, &cur);
	if (e)
		return e;
	json_t *t = jown(c->a, json_deep_copy(cur));
	for (size_t i = 0; i < PL_ARRAY_LEN(color_fields); i++) {
		json_t *v = json_object_get(in, color_fields[i]);
		if (!v)
			continue;
		if (!color_ok(json_string_value(v)))
			return ctx_invalid(c, color_fields[i], "InvalidValue",
				"%s: must be a colour as #rrggbb", color_fields[i]);
		json_object_set(t, color_fields[i], v);
	}
	json_t *logo = json_object_get(in, "logo_url");
	if (logo && !json_is_null(logo)) {
		const char *u = json_string_value(logo);
		if (!u || strlen(u) > 2048 || !html_url_ok(u, 1))
			return ctx_invalid(c, "logo_url", "InvalidValue",
				"Logo url: must be an http, https or relative URL");
	}
	if (logo)
		json_object_set(t, "logo_url", logo);
	static const char *const html_fields[] = { "header_html", "footer_html" };
	for (size_t i = 0; i < PL_ARRAY_LEN(html_fields); i++) {
		json_t *v = json_object_get(in, html_fields[i]);
		if (!v)
			continue;
		if (!json_is_string(v) || json_string_length(v) > 65536)
			return ctx_invalid(c, html_fields[i], "InvalidValue",
				"%s: must be HTML text of at most 64 KiB", html_fields[i]);
		json_object_set_new(t, html_fields[i],
			json_string(html_sanitize(c->a, json_string_value(v))));
	}
	if (!db_exec(c->db, "INSERT INTO hc_themes(brand_id, account_id, " THEME_COLS ")"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(brand_id) DO UPDATE SET"
		" logo_url = excluded.logo_url, brand_color = excluded.brand_color,"
		" brand_text_color = excluded.brand_text_color, text_color = excluded.text_color,"
		" link_color = excluded.link_color, background_color = excluded.background_color,"
		" header_html = excluded.header_html, footer_html = excluded.footer_html,"
		" updated_at = excluded.updated_at",
		"iissssssssi", brand_id, c->account_id,
		json_string_value(json_object_get(t, "logo_url")),
		json_string_value(json_object_get(t, "brand_color")),
		json_string_value(json_object_get(t, "brand_text_color")),
		json_string_value(json_object_get(t, "text_color")),
		json_string_value(json_object_get(t, "link_color")),
		json_string_value(json_object_get(t, "background_color")),
		json_string_value(json_object_get(t, "header_html")),
		json_string_value(json_object_get(t, "footer_html")), c->now))
		return ctx_store_failed(c);
	return hc_theme_get(c, brand_id, out);
}

const char *hc_user_name(struct ctx *c, int64_t user_id)
{
	struct stmt *st = db_q(c->db, "SELECT name FROM users WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, user_id);
	const char *n = "";
	if (st && stmt_step(st) == STEP_ROW)
		n = arena_strdup(c->a, stmt_text(st, 0));
	if (st)
		stmt_reset(st);
	return n;
}

const char *hc_origin(struct ctx *c)
{
	const char *b = c->api_base ? c->api_base : "";
	size_t n = strlen(b);
	if (n >= 7 && strcmp(b + n - 7, "/api/v2") == 0)
		n -= 7;
	return arena_strndup(c->a, b, n);
}
