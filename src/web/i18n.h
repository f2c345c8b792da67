/*
 * i18n.h: the workspace's message catalogs, for the pages the server
 * renders itself (sign-in, password reset) and the mail it writes.
 *
 * The catalogs are the same files the browser code loads:
 * <web root>/agent/i18n/LANG.json, one flat object {"key": "text"} per
 * language.  A key missing from a catalog falls back to English, then to
 * the key itself.  Texts may hold {name} placeholders (web_format).
 */
#ifndef HEADER_WEB_I18N_H
#define HEADER_WEB_I18N_H

#include <jansson.h>

struct ctx;

struct web_i18n {
	const char *lang;   /* "en", "es", "pt", "ru" or "nl" */
	json_t *msgs;       /* borrowed from the arena; may be empty */
	json_t *en;         /* English, for keys the language lacks */
};

/* The language of a user locale ("pt-BR" gives "pt"); English for a locale
 * no catalog covers. */
const char *web_lang_of_locale(const char *locale);
/* The first supported language of an Accept-Language header value (by
 * q-value); "en" when none is. */
const char *web_lang_accept(const char *accept_language);

/* Loads the catalog of lang (from web_lang_*) and English. */
void web_i18n_load(struct ctx *c, const char *lang, struct web_i18n *out);
/* The text of key; never NULL.  Borrowed from the catalog. */
const char *web_t(const struct web_i18n *m, const char *key);
/* text with each {names[i]} replaced by values[i] (n pairs), in the arena. */
char *web_format(struct ctx *c, const char *text, int n, const char *const *names,
	const char *const *values);

#endif
