/*
 * macros.c: restrictions, categories and applying macros (see macros.h).
 *
 * Storage and the visibility query live in business_rules.c with the other
 * kinds; this file decides what a restriction may be, who may change a
 * macro, and renders what applying one would do.  Nothing here writes.
 */
#include "parley.h"
#include "core/business_rules.h"
#include "core/macros.h"
#include "core/placeholders.h"
#include "core/rules.h"
#include "core/ticket_rules.h"
#include "core/tickets.h"
#include "core/users.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

static enum pl_err bad(struct ctx *c, const char *why)
{
	return ctx_invalid(c, "restriction", "InvalidValue", "Restriction: %s", why);
}

/* The ids a restriction object names: "ids", else ["id"]; arena-owned. */
static json_t *ids_of(struct ctx *c, const json_t *in)
{
	json_t *ids = json_object_get(in, "ids"), *id = json_object_get(in, "id");
	json_t *out = jown(c->a, json_array()), *x;
	size_t i;
	if (json_is_array(ids) && json_array_size(ids))
		json_array_foreach(ids, i, x)
			json_array_append(out, x);
	else if (id)
		json_array_append(out, id);
	return out;
}

static enum pl_err parse_object(struct ctx *c, const json_t *in,
	struct macro_restriction *out)
{
	const char *type = json_string_value(json_object_get(in, "type"));
	if (!json_is_object(in) || !type ||
	    (strcmp(type, "User") != 0 && strcmp(type, "Group") != 0))
		return bad(c, "type must be User or Group");
	json_t *ids = ids_of(c, in), *x;
	size_t i;
	if (json_array_size(ids) == 0)
		return bad(c, "name the user or groups in id or ids");
	struct rule_refs refs = business_rules_refs(c);
	json_array_foreach(ids, i, x) {
		int64_t id = json_is_integer(x) ? json_integer_value(x) : 0;
		if (strcmp(type, "User") == 0 && (i > 0 || user_role(c, id) < ROLE_AGENT))
			return bad(c, "a User restriction names one agent of the account");
		if (strcmp(type, "Group") == 0 && !refs.exists(refs.arg, REF_GROUP, id))
			return ctx_invalid(c, "restriction", "InvalidValue",
				"Restriction: %s is not a group of the account", jdump(c->a, x));
	}
	out->type = strcmp(type, "User") == 0 ? "User" : "Group";
	out->user_id = out->type[0] == 'U' ? json_integer_value(json_array_get(ids, 0)) : 0;
	out->ids = ids;
	return PL_OK;
}

enum pl_err macro_restriction_parse(struct ctx *c, const json_t *in,
	const struct macro_restriction *old, struct macro_restriction *out)
{
	memset(out, 0, sizeof(*out));
	if (!in && old) {
		*out = *old;
		return PL_OK;
	}
	if (in && !json_is_null(in)) {
		enum pl_err e = parse_object(c, in, out);
		if (e)
			return e;
	} else if (!in && !ctx_is_admin(c)) {
		/* An agent's macro is personal unless said otherwise. */
		out->type = "User";
		out->user_id = c->me.id;
		out->ids = jown(c->a, json_pack("[I]", (json_int_t)c->me.id));
	}
	return macro_writable(c, out) ? PL_OK : ctx_forbidden(c);
}

bool macro_writable(const struct ctx *c, const struct macro_restriction *r)
{
	return ctx_is_admin(c) || (r->type && strcmp(r->type, "User") == 0 &&
		r->user_id == c->me.id && c->me.id != 0);
}

json_t *macro_restriction_json(const char *type, json_t *ids)
{
	if (!type)
		return json_null();
	return json_pack("{s:s,s:O,s:O}", "type", type, "id",
		json_array_size(ids) ? json_array_get(ids, 0) : json_null(), "ids", ids);
}

char *macro_category(struct ctx *c, const char *title)
{
	const char *end = title ? strstr(title, "::") : NULL;
	if (!end)
		return NULL;
	while (*title == ' ')
		title++;
	while (end > title && end[-1] == ' ')
		end--;
	return end > title ? arena_strndup(c->a, title, (size_t)(end - title)) : NULL;
}

/* A template rendered with context, or as it is without one (arena). */
static const char *render(struct ctx *c, const char *tmpl, const json_t *context,
	bool html)
{
	return context ? placeholders_render(c->a, tmpl, context, html, NULL) : tmpl;
}

/* {"body","html_body"?,"public","scoped_body"} of a comment effect, its
 * templates rendered with context (NULL: left raw). */
static json_t *comment_json(struct ctx *c, const json_t *effect,
	const json_t *context)
{
	json_t *body = json_object_get(effect, "body"), *html = json_object_get(effect, "html_body");
	const char *text = json_is_string(body) ? render(c, json_string_value(body),
		context, false) : json_is_string(html) ? render(c, json_string_value(html),
		context, true) : "";
	json_t *out = json_pack("{s:s,s:O,s:[[s,s]]}", "body", text, "public",
		json_object_get(effect, "public"), "scoped_body", "channel:all", text);
	if (json_is_string(html))
		json_object_set_new(out, "html_body", json_string(render(c,
			json_string_value(html), context, true)));
	return out;
}

/* Macro id applied to ticket (borrowed JSON), templates rendered with
 * context (NULL: raw). */
static enum pl_err apply_to(struct ctx *c, int64_t id, const json_t *ticket,
	const json_t *context, json_t **out)
{
	json_t *m, *effects, *e;
	enum pl_err err = business_rule_get(c, RULE_MACRO, id, &m);
	if (err)
		return err;
	struct rule_env env = { .update = RULE_UPDATE_CHANGE, .current_user_id = c->me.id,
		.current_role = c->me.role, .now = c->now };
	json_t *after = jown(c->a, rules_apply(json_object_get(m, "actions"), ticket, &env,
		&effects));
	jown(c->a, effects);
	json_t *fields = json_object_get(after, "custom_fields");
	if (fields)
		json_object_set(after, "fields", fields);
	json_t *subject = json_object_get(after, "subject");
	if (context && json_is_string(subject) &&
	    !json_equal(subject, json_object_get(ticket, "subject")))
		json_object_set_new(after, "subject", json_string(render(c,
			json_string_value(subject), context, false)));
	json_t *result = json_pack("{s:O}", "ticket", after);
	size_t i;
	json_array_foreach(effects, i, e)
		if (strcmp(json_string_value(json_object_get(e, "type")), "comment") == 0) {
			json_t *cm = comment_json(c, e, context);
			json_object_set(after, "comment", cm);
			json_object_set_new(result, "comment", cm);
		}
	*out = jown(c->a, json_pack("{s:o}", "result", result));
	return PL_OK;
}

enum pl_err macro_apply(struct ctx *c, int64_t id, json_t **out)
{
	return apply_to(c, id, jown(c->a, json_object()), NULL, out);
}

enum pl_err macro_apply_ticket(struct ctx *c, int64_t id, int64_t ticket_id,
	json_t **out)
{
	const char *text;
	json_t *context;
	enum pl_err e;
	if ((e = ticket_get(c, ticket_id, &text, NULL)) ||
	    (e = ticket_rules_context(c, ticket_id, true, &context)))
		return e;
	return apply_to(c, id, jown(c->a, jparse(text, json_object())), context, out);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum pl_err macro_categories(struct ctx *c, json_t **out)
{
	json_t *all, *m;
	enum pl_err e = business_rules_all(c, RULE_MACRO, &all);
	if (e)
		return e;
	size_t n = 0, i;
	const char **cats = arena_alloc(c->a, sizeof(*cats) * (json_array_size(all) + 1));
	json_array_foreach(all, i, m) {
		char *cat = macro_category(c, json_string_value(json_object_get(m, "title")));
		if (cat)
			cats[n++] = cat;
	}
	qsort(cats, n, sizeof(*cats), by_text);
	*out = jown(c->a, json_array());
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(cats[i], cats[i - 1]) != 0)
			json_array_append_new(*out, json_string(cats[i]));
	return PL_OK;
}
