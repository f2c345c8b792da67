/*
 * i18n.c: message catalogs for server-rendered pages and mail (i18n.h).
 *
 * The catalogs are read from the web root on each use: they are a few
 * kilobytes, the pages that need them (sign-in, reset) are not hot, and an
 * edited catalog shows without a restart, as it does in the browser.
 */
#include "parley.h"
#include "web/i18n.h"
#include "web/static.h"
#include "core/ctx.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const langs[] = { "en", "es", "pt", "ru", "nl" };

/* The supported language named by the first two letters of s, or NULL. */
static const char *lang_of(const char *s, size_t n)
{
	if (n < 2 || (n > 2 && s[2] != '-' && s[2] != '_'))
		return NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(langs); i++)
		if (strncasecmp(s, langs[i], 2) == 0)
			return langs[i];
	return NULL;
}

const char *web_lang_of_locale(const char *locale)
{
	const char *l = locale ? lang_of(locale, strlen(locale)) : NULL;
	return l ? l : "en";
}

const char *web_lang_accept(const char *h)
{
	const char *best = "en";
	double best_q = 0;
	while (h && *h) {
		h += strspn(h, " ,");
		size_t n = strcspn(h, ";,");
		while (n && h[n - 1] == ' ')
			n--;
		const char *l = lang_of(h, n);
		double q = 1;
		const char *end = h + strcspn(h, ",");
		const char *qp = strstr(h, ";q=");
		if (qp && qp < end)
			q = strtod(qp + 3, NULL);
		if (l && q > best_q) {
			best = l;
			best_q = q;
		}
		h = end;
	}
	return best;
}

static json_t *load(struct ctx *c, const char *lang)
{
	size_t len;
	char *text = web_file(c, arena_printf(c->a, "agent/i18n/%s.json", lang), &len);
	json_t *v = text ? json_loadb(text, len, 0, NULL) : NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		v = json_object();
	}
	return jown(c->a, v);
}

void web_i18n_load(struct ctx *c, const char *lang, struct web_i18n *out)
{
	out->lang = lang;
	out->en = load(c, "en");
	out->msgs = strcmp(lang, "en") == 0 ? out->en : load(c, lang);
}

const char *web_t(const struct web_i18n *m, const char *key)
{
	const char *s = json_string_value(json_object_get(m->msgs, key));
	if (!s)
		s = json_string_value(json_object_get(m->en, key));
	return s ? s : key;
}

char *web_format(struct ctx *c, const char *text, int n, const char *const *names,
	const char *const *values)
{
	struct sbuf b;
	sbuf_init(&b, c->a);
	for (const char *p = text; *p; ) {
		const char *open = strchr(p, '{');
		if (!open) {
			sbuf_adds(&b, p);
			break;
		}
		sbuf_add(&b, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		int i = 0;
		while (close && i < n && (strlen(names[i]) != (size_t)(close - open - 1) ||
			strncmp(open + 1, names[i], (size_t)(close - open - 1)) != 0))
			i++;
		if (!close || i == n) {
			sbuf_add(&b, "{", 1);
			p = open + 1;
			continue;
		}
		sbuf_adds(&b, values[i]);
		p = close + 1;
	}
	return b.s;
}
