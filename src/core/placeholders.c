/*
 * placeholders.c: rendering and checking placeholder templates (the Liquid
 * subset of placeholders.h) parsed by placeholders_parse.c.
 *
 * A template is parsed into a small tree (text, output, if, for) in the
 * arena, then either walked to render it against a JSON context or walked
 * to check every name in it.  Both walks share one notion of "known": a
 * name Zendesk defines (the table in placeholders_parse.c), a prefix of
 * one (ticket.assignee, for `{% if ticket.assignee %}`), or a path under a
 * loop variable.  Known names that the context lacks render empty without
 * a report; unknown names render empty and are reported.
 *
 * Non-goals: Liquid's assign/capture/case/unless tags, whitespace control
 * (`{%-` is accepted, the whitespace is kept), filter arguments, and
 * dynamic content ({{dc.*}}), which does not exist here and so is
 * reported as unknown.
 *
 * Invariant: the tree and every value it produces live in the arena; the
 * context is only borrowed.
 */
#include "parley.h"
#include "core/placeholders.h"
#include "core/placeholdersInt.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- values ---- */

struct rctx {
	struct arena *a;
	const json_t *root;
	bool html;
	json_t *unknown;
	struct scope *scope;
	struct sbuf out;
};

static json_t *own(struct rctx *R, json_t *v)
{
	return jown(R->a, v);
}

/* Text of a scalar (arrays of scalars joined by spaces); "" otherwise. */
static const char *text_of(struct rctx *R, const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(R->a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(R->a, "%g", json_real_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	if (json_is_array(v)) {
		struct sbuf b;
		sbuf_init(&b, R->a);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			if (i)
				sbuf_adds(&b, " ");
			sbuf_adds(&b, text_of(R, x));
		}
		return b.s;
	}
	return "";
}

/* Walks path segments ("a.b[0].size") from v; NULL when absent. */
static json_t *walk(struct rctx *R, json_t *v, const char *path)
{
	const char *p = path;
	while (v && *p) {
		if (*p == '.')
			p++;
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*end != ']' || !json_is_array(v))
				return NULL;
			v = json_array_get(v, i < 0 ? json_array_size(v) + (size_t)i : (size_t)i);
			p = end + 1;
			continue;
		}
		size_t n = strcspn(p, ".[");
		char *seg = arena_strndup(R->a, p, n);
		p += n;
		if (json_is_object(v))
			v = json_object_get(v, seg);
		else if (json_is_array(v) && strcmp(seg, "size") == 0)
			v = own(R, json_integer((json_int_t)json_array_size(v)));
		else if (json_is_array(v) && strcmp(seg, "first") == 0)
			v = json_array_get(v, 0);
		else if (json_is_array(v) && strcmp(seg, "last") == 0)
			v = json_array_size(v) ? json_array_get(v, json_array_size(v) - 1) : NULL;
		else if (json_is_string(v) && strcmp(seg, "size") == 0)
			v = own(R, json_integer((json_int_t)json_string_length(v)));
		else
			return NULL;
	}
	return json_is_null(v) ? NULL : v;
}

static json_t *root_get(struct rctx *R, const char *path)
{
	return walk(R, (json_t *)R->root, path);
}

static bool comment_public(const json_t *c)
{
	json_t *p = json_object_get(c, "public");
	return !p || json_is_true(p);
}

static const char *comment_date(struct rctx *R, const json_t *c)
{
	const char *iso = json_string_value(json_object_get(c, "created_at"));
	int64_t t;
	if (!iso || !time_parse_iso(iso, &t))
		return iso ? iso : "";
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%b %e, %Y, %H:%M UTC", &tm);
	/* "Apr  1" (strftime pads %e) reads "Apr 1". */
	return buf[4] == ' ' ? arena_printf(R->a, "%.4s%s", buf, buf + 5)
		: arena_strdup(R->a, buf);
}

/* Newest-first "---\n\nAuthor, date\n\nbody\n\n" of the comments. */
static json_t *comments_formatted(struct rctx *R, bool public_only)
{
	json_t *list = root_get(R, "ticket.comments");
	struct sbuf b;
	sbuf_init(&b, R->a);
	for (size_t i = json_array_size(list); i-- > 0;) {
		json_t *c = json_array_get(list, i);
		if (public_only && !comment_public(c))
			continue;
		const char *who = json_string_value(walk(R, c, "author.name"));
		sbuf_printf(&b, "----------------------------------------------\n\n"
			"%s, %s\n\n%s\n\n", who ? who : "", comment_date(R, c),
			text_of(R, json_object_get(c, "body")));
	}
	return own(R, json_string(b.s));
}

static json_t *latest_comment(struct rctx *R, bool public_only, const char *key)
{
	json_t *list = root_get(R, "ticket.comments");
	for (size_t i = json_array_size(list); i-- > 0;) {
		json_t *c = json_array_get(list, i);
		if (public_only && !comment_public(c))
			continue;
		json_t *v = json_object_get(c, key);
		return v ? v : json_object_get(c, "body");
	}
	return NULL;
}

static json_t *custom_field(struct rctx *R, const char *id)
{
	json_t *list = root_get(R, "ticket.custom_fields"), *f;
	size_t i;
	long long want = strtoll(id, NULL, 10);
	json_array_foreach(list, i, f)
		if (json_integer_value(json_object_get(f, "id")) == want)
			return walk(R, f, "value");
	return NULL;
}

/* Values the context may leave out, worked out from what it has. */
static json_t *derive(struct rctx *R, const char *path)
{
	size_t n = strlen(path);
	if (strcmp(path, "ticket.title") == 0)
		return root_get(R, "ticket.subject");
	if (strcmp(path, "ticket.ticket_type") == 0)
		return root_get(R, "ticket.type");
	if (strcmp(path, "ticket.link") == 0)
		return root_get(R, "ticket.url");
	if (strncmp(path, "ticket.ticket_field_", 20) == 0 && ph_digits_only(path + 20))
		return custom_field(R, path + 20);
	if (strcmp(path, "ticket.latest_comment") == 0)
		return latest_comment(R, false, "body");
	if (strcmp(path, "ticket.latest_comment_html") == 0)
		return latest_comment(R, false, "html_body");
	if (strcmp(path, "ticket.latest_public_comment") == 0)
		return latest_comment(R, true, "body");
	if (strcmp(path, "ticket.latest_public_comment_html") == 0)
		return latest_comment(R, true, "html_body");
	if (strcmp(path, "ticket.comments_formatted") == 0)
		return comments_formatted(R, false);
	if (strcmp(path, "ticket.public_comments_formatted") == 0)
		return comments_formatted(R, true);
	if (ph_under(path, "ticket.public_comments")) {
		json_t *pub = own(R, json_array()), *c;
		size_t i;
		json_array_foreach(root_get(R, "ticket.comments"), i, c)
			if (comment_public(c))
				json_array_append(pub, c);
		return walk(R, pub, path + strlen("ticket.public_comments"));
	}
	bool first = n > 11 && strcmp(path + n - 11, ".first_name") == 0;
	bool last = n > 10 && strcmp(path + n - 10, ".last_name") == 0;
	if (first || last) {
		char *name_path = arena_printf(R->a, "%.*s.name",
			(int)(n - (first ? 11 : 10)), path);
		const char *name = json_string_value(root_get(R, name_path));
		if (!name)
			return NULL;
		size_t sp = strcspn(name, " ");
		return own(R, json_string(first ? arena_strndup(R->a, name, sp)
			: name[sp] ? name + sp + 1 : ""));
	}
	return NULL;
}

static json_t *resolve(struct rctx *R, const char *path)
{
	if (!ph_known(path, R->scope))
		ph_report(R->unknown, arena_printf(R->a, "unknown placeholder {{%s}}", path));
	for (struct scope *sc = R->scope; sc; sc = sc->up) {
		if (ph_under(path, sc->var))
			return walk(R, sc->value, path + strlen(sc->var));
		if (ph_under(path, "forloop"))
			return walk(R, sc->forloop, path + strlen("forloop"));
	}
	json_t *v = root_get(R, path);
	return v ? v : derive(R, path);
}

static json_t *eval(struct rctx *R, const struct expr *e)
{
	json_t *v;
	switch (e->kind) {
	case E_PATH: v = resolve(R, e->text); break;
	case E_STR: v = own(R, json_string(e->text)); break;
	case E_NUM: v = own(R, json_real(e->num)); break;
	case E_TRUE: v = json_true(); break;
	case E_FALSE: v = json_false(); break;
	default: v = NULL; break;
	}
	for (const struct filter *f = e->filters; f; f = f->next) {
		if (!ph_known_filter(f->name)) {
			ph_report(R->unknown, arena_printf(R->a, "unknown filter '%s'", f->name));
			continue;
		}
		char *s = arena_strdup(R->a, text_of(R, v));
		bool up = strcmp(f->name, "upcase") == 0;
		for (char *p = s; *p; p++)
			if (up && *p >= 'a' && *p <= 'z')
				*p -= 32;
			else if (!up && *p >= 'A' && *p <= 'Z')
				*p += 32;
		v = own(R, json_string(s));
	}
	return v;
}

static bool truthy(const json_t *v)
{
	return v && !json_is_null(v) && !json_is_false(v);
}

static bool equal(struct rctx *R, const json_t *a, const json_t *b)
{
	if (!a || !b)
		return !a && !b;
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_is_number(a) != json_is_number(b)) {
		/* 12 == "12": compare the number's value with the text's. */
		const json_t *num = json_is_number(a) ? a : b, *other = num == a ? b : a;
		char *end;
		const char *s = text_of(R, other);
		double d = strtod(s, &end);
		return *s && *end == '\0' && d == json_number_value(num);
	}
	return strcmp(text_of(R, a), text_of(R, b)) == 0;
}

static bool compare(struct rctx *R, const struct cmp *c)
{
	json_t *l = eval(R, c->l);
	if (!c->op)
		return truthy(l);
	json_t *r = eval(R, c->r);
	const char *op = c->op;
	if (strcmp(op, "==") == 0)
		return equal(R, l, r);
	if (strcmp(op, "!=") == 0 || strcmp(op, "<>") == 0)
		return !equal(R, l, r);
	if (strcmp(op, "contains") == 0) {
		if (json_is_array(l)) {
			size_t i;
			json_t *x;
			json_array_foreach(l, i, x)
				if (equal(R, x, r))
					return true;
			return false;
		}
		return l && r && strstr(text_of(R, l), text_of(R, r)) != NULL;
	}
	if (!l || !r)
		return false;
	double d = json_is_number(l) && json_is_number(r)
		? json_number_value(l) - json_number_value(r)
		: (double)strcmp(text_of(R, l), text_of(R, r));
	if (strcmp(op, "<") == 0)
		return d < 0;
	if (strcmp(op, ">") == 0)
		return d > 0;
	if (strcmp(op, "<=") == 0)
		return d <= 0;
	return d >= 0;
}

/* Or of ands: evaluates every comparison (so each name is reported). */
static bool condition(struct rctx *R, const struct cmp *c)
{
	bool any = false, all = true;
	for (; c; c = c->next) {
		all = compare(R, c) && all;
		if (c->or_next || !c->next) {
			any = any || all;
			all = true;
		}
	}
	return any;
}

static void add_value(struct rctx *R, const char *s)
{
	if (!R->html) {
		sbuf_adds(&R->out, s);
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(&R->out, "&amp;"); break;
		case '<': sbuf_adds(&R->out, "&lt;"); break;
		case '>': sbuf_adds(&R->out, "&gt;"); break;
		case '"': sbuf_adds(&R->out, "&quot;"); break;
		case '\'': sbuf_adds(&R->out, "&#39;"); break;
		default: sbuf_add(&R->out, s, 1); break;
		}
	}
}

static void render_nodes(struct rctx *R, const struct node *n);

static void render_for(struct rctx *R, const struct node *n)
{
	json_t *list = eval(R, n->e);
	if (!json_is_array(list))
		return;
	size_t len = json_array_size(list);
	for (size_t i = 0; i < len; i++) {
		struct scope sc = { n->var, json_array_get(list, i), NULL, R->scope };
		sc.forloop = own(R, json_pack("{s:I,s:I,s:b,s:b,s:I}",
			"index", (json_int_t)i + 1, "index0", (json_int_t)i,
			"first", i == 0, "last", i + 1 == len, "length", (json_int_t)len));
		R->scope = &sc;
		render_nodes(R, n->body);
		R->scope = sc.up;
	}
}

static void render_nodes(struct rctx *R, const struct node *n)
{
	for (; n; n = n->next) {
		switch (n->kind) {
		case N_TEXT:
			sbuf_add(&R->out, n->s, n->n);
			break;
		case N_OUT:
			add_value(R, text_of(R, eval(R, n->e)));
			break;
		case N_IF:
			for (const struct branch *b = n->br; b; b = b->next)
				if (!b->cond || condition(R, b->cond)) {
					render_nodes(R, b->body);
					break;
				}
			break;
		case N_FOR:
			render_for(R, n);
			break;
		}
	}
}

char *placeholders_render(struct arena *a, const char *tmpl, const json_t *context,
	bool html, json_t *unknown)
{
	bool ok;
	json_t *errors = jown(a, json_array());
	struct node *tree = ph_parse(a, tmpl, errors, &ok);
	if (!ok) {
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
			ph_report(unknown, json_string_value(e));
		return arena_strdup(a, tmpl ? tmpl : "");
	}
	struct rctx R = { a, context, html, unknown, NULL, { 0 } };
	sbuf_init(&R.out, a);
	render_nodes(&R, tree);
	return R.out.s;
}

/* ---- checking ---- */

static void check_expr(struct arena *a, const struct expr *e, const struct scope *sc,
	json_t *problems)
{
	if (e->kind == E_PATH && !ph_known(e->text, sc))
		ph_report(problems, arena_printf(a, "unknown placeholder {{%s}}", e->text));
	for (const struct filter *f = e->filters; f; f = f->next)
		if (!ph_known_filter(f->name))
			ph_report(problems, arena_printf(a, "unknown filter '%s'", f->name));
}

static void check_nodes(struct arena *a, const struct node *n, struct scope *sc,
	json_t *problems)
{
	for (; n; n = n->next) {
		if (n->kind == N_OUT)
			check_expr(a, n->e, sc, problems);
		else if (n->kind == N_IF)
			for (const struct branch *b = n->br; b; b = b->next) {
				for (const struct cmp *c = b->cond; c; c = c->next) {
					check_expr(a, c->l, sc, problems);
					if (c->r)
						check_expr(a, c->r, sc, problems);
				}
				check_nodes(a, b->body, sc, problems);
			}
		else if (n->kind == N_FOR) {
			check_expr(a, n->e, sc, problems);
			struct scope inner = { n->var, NULL, NULL, sc };
			check_nodes(a, n->body, &inner, problems);
		}
	}
}

bool placeholders_check(struct arena *a, const char *tmpl, json_t **problems)
{
	bool ok;
	*problems = jown(a, json_array());
	struct node *tree = ph_parse(a, tmpl, *problems, &ok);
	if (ok)
		check_nodes(a, tree, NULL, *problems);
	return json_array_size(*problems) == 0;
}
