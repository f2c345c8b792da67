/*
 * mail_templates.c: email templates (mail_templates.h).
 *
 * Locales are stored lower-cased ("pt-br").  Rendering looks for the
 * brand's template in the exact locale, then its language, then "en",
 * falling back to the built-in template of the language (or English); the
 * delimiter and footer are always those of the chosen language, so a
 * brand's own template still speaks the customer's language there.
 *
 * Placeholders are replaced in one pass over the template, so text that a
 * placeholder brings in (a customer's words) is never scanned again.
 */
#include "parley.h"
#include "core/mail_templates.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/html.h"
#include "util/jsonx.h"

#include <string.h>
#include <strings.h>

struct builtin {
	const char *lang;
	const char *delimiter;
	const char *footer;      /* %s: brand name */
	const char *ticket;      /* %lld: ticket id */
};

static const struct builtin builtins[] = {
	{ "en", "##- Please type your reply above this line -##",
	  "This email is a service from %s.", "Ticket #%lld" },
	{ "de", "##- Bitte geben Sie Ihre Antwort über dieser Zeile ein -##",
	  "Diese E-Mail ist ein Service von %s.", "Ticket #%lld" },
	{ "fr", "##- Veuillez écrire votre réponse au-dessus de cette ligne -##",
	  "Cet e-mail est un service de %s.", "Ticket n° %lld" },
	{ "es", "##- Escriba su respuesta por encima de esta línea -##",
	  "Este correo electrónico es un servicio de %s.", "Ticket n.º %lld" },
	{ "it", "##- Digitare la risposta sopra questa riga -##",
	  "Questa email è un servizio di %s.", "Ticket n. %lld" },
	{ "pt", "##- Digite sua resposta acima desta linha -##",
	  "Este e-mail é um serviço de %s.", "Ticket nº %lld" },
	{ "nl", "##- Typ uw antwoord boven deze regel -##",
	  "Deze e-mail is een service van %s.", "Ticket #%lld" },
	{ "ru", "##- Введите свой ответ над этой строкой -##",
	  "Это письмо отправлено службой %s.", "Запрос №%lld" },
	{ "ja", "##- このラインより上にご返信ください -##",
	  "このメールは%sのサービスです。", "チケット #%lld" },
	{ "zh", "##- 请在此行上方输入您的回复 -##",
	  "此邮件由 %s 提供。", "工单 #%lld" },
};

static const char default_text[] =
	"{{delimiter}}\n\n{{content}}\n\n--\n{{footer}}\n";
static const char default_html[] =
	"<!DOCTYPE html><html><body>"
	"<div style=\"color:#b5b5b5\">{{delimiter}}</div>"
	"<div style=\"margin-top:25px\">{{content}}</div>"
	"<div style=\"color:#aaaaaa;margin-top:25px\">{{footer}}</div>"
	"</body></html>";

#define COLS "id, brand_id, locale, html, text, created_at, updated_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	json_t *t = json_object();
	json_object_set_new(t, "id", json_integer(id));
	json_object_set_new(t, "url", json_string(ctx_url(c,
		"channels/email/templates/%lld", (long long)id)));
	json_object_set_new(t, "brand_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(t, "locale", json_string(stmt_text(st, 2)));
	json_object_set_new(t, "html", json_string(stmt_text(st, 3)));
	json_object_set_new(t, "text", json_string(stmt_text(st, 4)));
	json_object_set_new(t, "created_at", jtime(stmt_i64(st, 5)));
	json_object_set_new(t, "updated_at", jtime(stmt_i64(st, 6)));
	return t;
}

enum pl_err mail_templates_list(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM mail_templates WHERE account_id = ?"
		" ORDER BY id", row, out, "i", c->account_id);
}

enum pl_err mail_template_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM mail_templates WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

static bool valid_locale(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 16)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
			return false;
	return s[0] != '-' && s[n - 1] != '-';
}

/* Reads the template fields of in; required ones must be there when
 * creating.  Strings are borrowed from in, the locale lower-cased. */
static enum pl_err fields(struct ctx *c, json_t *in, bool creating,
	int64_t *brand_id, const char **locale, const char **html, const char **text)
{
	static const char *const names[] = { "locale", "html", "text" };
	const char **dst[] = { locale, html, text };
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++) {
		json_t *v = json_object_get(in, names[i]);
		if ((!v || json_is_null(v)) && !creating)
			continue;
		if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v)))
			return ctx_invalid(c, names[i], "BlankValue", "%s: cannot be blank",
				names[i]);
		if (!json_is_string(v))
			return ctx_invalid(c, names[i], "InvalidValue", "%s: must be a string",
				names[i]);
		if (json_string_length(v) > 256 * 1024)
			return ctx_invalid(c, names[i], "TooLong", "%s: is too long", names[i]);
		*dst[i] = json_string_value(v);
	}
	if (*locale) {
		if (!valid_locale(*locale))
			return ctx_invalid(c, "locale", "InvalidValue",
				"locale: is not a locale such as en-US");
		char *l = arena_strdup(c->a, *locale);
		for (char *p = l; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
		*locale = l;
	}
	json_t *b = json_object_get(in, "brand_id");
	if (!b && !creating)
		return PL_OK;
	int64_t id = json_is_integer(b) ? json_integer_value(b) : 0;
	if (id <= 0 || db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
		" AND id = ? AND deleted = 0", "ii", c->account_id, id) != 1)
		return ctx_invalid(c, "brand_id", "InvalidValue",
			"brand_id: is not a brand of this account");
	*brand_id = id;
	return PL_OK;
}

static enum pl_err stored(struct ctx *c, bool ok, int64_t id, json_t **out)
{
	if (!ok)
		return db_constraint_failed(c->db)
			? ctx_invalid(c, "locale", "DuplicateValue",
				"locale: the brand already has a template in this locale")
			: ctx_store_failed(c);
	return mail_template_get(c, id, out);
}

enum pl_err mail_template_create(struct ctx *c, json_t *in, json_t **out)
{
	int64_t brand_id = 0;
	const char *locale = NULL, *html = NULL, *text = NULL;
	enum pl_err e = fields(c, in, true, &brand_id, &locale, &html, &text);
	if (e)
		return e;
	int64_t id = db_i64(c->db, "INSERT INTO mail_templates(account_id, brand_id,"
		" locale, html, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id", "iisssii", c->account_id, brand_id, locale, html, text,
		c->now, c->now);
	return stored(c, id > 0, id, out);
}

enum pl_err mail_template_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out)
{
	json_t *cur;
	enum pl_err e = mail_template_get(c, id, &cur);
	if (e)
		return e;
	int64_t brand_id = 0;
	const char *locale = NULL, *html = NULL, *text = NULL;
	if ((e = fields(c, in, false, &brand_id, &locale, &html, &text)))
		return e;
	bool ok = db_exec(c->db, "UPDATE mail_templates SET brand_id = coalesce(?,"
		" brand_id), locale = coalesce(?, locale), html = coalesce(?, html),"
		" text = coalesce(?, text), updated_at = ? WHERE account_id = ? AND id = ?",
		"nsssiii", brand_id, locale, html, text, c->now, c->account_id, id);
	return stored(c, ok, id, out);
}

enum pl_err mail_template_delete(struct ctx *c, int64_t id)
{
	if (!db_exec(c->db, "DELETE FROM mail_templates WHERE account_id = ? AND id = ?",
		"ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* The built-in strings of locale's language, English when unknown. */
static const struct builtin *builtin_for(const char *locale)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(builtins); i++)
		if (!strncasecmp(locale, builtins[i].lang, 2) &&
		    (!locale[2] || locale[2] == '-' || locale[2] == '_'))
			return &builtins[i];
	return &builtins[0];
}

/* The brand's template for the first of the candidate locales it has. */
static bool custom_for(struct ctx *c, int64_t brand_id, const char *locale,
	const char **html, const char **text)
{
	char lang[3] = { 0 };
	char *exact = arena_strdup(c->a, locale);
	for (char *p = exact; *p; p++)
		*p = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;
	memcpy(lang, exact, strlen(exact) >= 2 ? 2 : strlen(exact));
	const char *cands[] = { exact, lang, "en" };
	for (size_t i = 0; i < PL_ARRAY_LEN(cands); i++) {
		struct stmt *st = db_q(c->db, "SELECT html, text FROM mail_templates"
			" WHERE account_id = ? AND brand_id = ? AND locale = ?", "iis",
			c->account_id, brand_id, cands[i]);
		if (!st)
			return false;
		bool found = stmt_step(st) == STEP_ROW;
		if (found) {
			*html = arena_strdup(c->a, stmt_text(st, 0));
			*text = arena_strdup(c->a, stmt_text(st, 1));
		}
		stmt_reset(st);
		if (found)
			return true;
	}
	return false;
}

/* tpl with each {{name}} of names replaced by the matching value; unknown
 * placeholders stay as they are. */
static char *fill(struct arena *a, const char *tpl, const char *const *names,
	const char *const *values, size_t n)
{
	struct sbuf b;
	sbuf_init(&b, a);
	const char *p = tpl;
	for (;;) {
		const char *o = strstr(p, "{{");
		if (!o)
			break;
		sbuf_add(&b, p, (size_t)(o - p));
		const char *cl = strstr(o + 2, "}}");
		size_t k = n;
		if (cl) {
			const char *s = o + 2, *e = cl;
			while (s < e && *s == ' ')
				s++;
			while (e > s && e[-1] == ' ')
				e--;
			for (k = 0; k < n; k++)
				if (strlen(names[k]) == (size_t)(e - s) &&
				    !memcmp(names[k], s, (size_t)(e - s)))
					break;
		}
		if (k < n) {
			sbuf_adds(&b, values[k]);
			p = cl + 2;
		} else {
			sbuf_add(&b, o, 2);
			p = o + 2;
		}
	}
	sbuf_adds(&b, p);
	return b.s ? b.s : arena_strdup(a, "");
}

enum pl_err mail_template_render(struct ctx *c, int64_t brand_id,
	const char *locale, int64_t ticket_id, const char *content_text,
	const char *content_html, const char **text, const char **html)
{
	const struct builtin *bi = builtin_for(locale ? locale : "en");
	const char *tpl_html = default_html, *tpl_text = default_text;
	custom_for(c, brand_id, locale ? locale : "en", &tpl_html, &tpl_text);
	struct stmt *st = db_q(c->db, "SELECT name FROM brands WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, brand_id);
	if (!st)
		return ctx_store_failed(c);
	const char *brand = stmt_step(st) == STEP_ROW
		? arena_strdup(c->a, stmt_text(st, 0)) : "";
	stmt_reset(st);
	char *footer = arena_printf(c->a, bi->footer, brand);
	if (ticket_id) {
		char *t = arena_printf(c->a, bi->ticket, (long long)ticket_id);
		footer = arena_printf(c->a, "%s %s", footer, t);
	}
	char *id = arena_printf(c->a, "%lld", (long long)ticket_id);
	static const char *const names[] = { "content", "delimiter", "footer",
		"brand.name", "ticket.id" };
	const char *tv[] = { content_text, bi->delimiter, footer, brand, id };
	*text = fill(c->a, tpl_text, names, tv, PL_ARRAY_LEN(names));
	/* The HTML form takes the content as HTML and the rest escaped. */
	const char *hv[PL_ARRAY_LEN(names)];
	hv[0] = content_html ? content_html : html_from_text(c->a, content_text);
	for (size_t i = 1; i < PL_ARRAY_LEN(names); i++)
		hv[i] = html_esc(c->a, tv[i]);
	*html = fill(c->a, tpl_html, names, hv, PL_ARRAY_LEN(names));
	return PL_OK;
}
