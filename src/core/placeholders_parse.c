/*
 * placeholders_parse.c: lexing and parsing placeholder templates into the
 * tree of placeholdersInt.h, and the table of names Zendesk defines.
 *
 * Grammar (placeholders.h has the user's view):
 *   template := ( text | '{{' output '}}' | '{%' tag '%}' )*
 *   output   := operand ( '|' filter )*
 *   tag      := 'if' cond | 'elsif' cond | 'else' | 'endif'
 *             | 'for' var 'in' path | 'endfor'
 *   cond     := cmp ( ('and' | 'or') cmp )*
 *   cmp      := operand [ ('=='|'!='|'<>'|'<'|'>'|'<='|'>='|'contains') operand ]
 *   operand  := path | 'str' | "str" | number | true | false | nil
 * A `-` just inside a delimiter ({%- -%}) is accepted and ignored.
 *
 * Invariant: the tree lives in the arena; errors are collected as messages,
 * never printed, and any error makes the whole template unparsed.
 */
#include "parley.h"
#include "core/placeholdersInt.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* ---- known names ---- */

static const char *const known_paths[] = {
	"ticket.id", "ticket.title", "ticket.subject", "ticket.description",
	"ticket.status", "ticket.priority", "ticket.ticket_type", "ticket.type",
	"ticket.url", "ticket.link", "ticket.via", "ticket.account",
	"ticket.created_at", "ticket.updated_at", "ticket.due_date",
	"ticket.external_id", "ticket.in_business_hours", "ticket.cc_names",
	"ticket.latest_comment", "ticket.latest_comment_html",
	"ticket.latest_public_comment", "ticket.latest_public_comment_html",
	"ticket.comments_formatted", "ticket.public_comments_formatted",
	"ticket.group.id", "ticket.group.name", "ticket.brand.id", "ticket.brand.name",
	"ticket.organization.id", "ticket.organization.name",
	"ticket.organization.details", "ticket.organization.notes",
	"ticket.organization.external_id",
	"satisfaction.rating_url", "satisfaction.rating_section",
	"satisfaction.current_rating", "satisfaction.current_comment",
};

/* Lists: any path below them is known (.size, .first, [0].body...). */
static const char *const known_lists[] = {
	"ticket.tags", "ticket.comments", "ticket.public_comments",
};

static const char *const people[] = {
	"ticket.requester", "ticket.assignee", "current_user",
};

static const char *const person_keys[] = {
	"id", "name", "first_name", "last_name", "email", "phone", "language",
	"locale", "details", "notes", "external_id", "signature",
	"organization", "organization.name",
};

bool ph_under(const char *path, const char *p)
{
	size_t n = strlen(p);
	return strncmp(path, p, n) == 0 &&
		(path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

bool ph_digits_only(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool ph_known(const char *path, const struct scope *sc)
{
	for (; sc; sc = sc->up)
		if (ph_under(path, sc->var) || ph_under(path, "forloop"))
			return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(known_lists); i++)
		if (ph_under(path, known_lists[i]))
			return true;
	if (strncmp(path, "ticket.ticket_field_option_title_", 33) == 0)
		return ph_digits_only(path + 33);
	if (strncmp(path, "ticket.ticket_field_", 20) == 0)
		return ph_digits_only(path + 20);
	for (size_t i = 0; i < PL_ARRAY_LEN(people); i++) {
		size_t n = strlen(people[i]);
		if (!ph_under(path, people[i]))
			continue;
		if (path[n] == '\0')
			return true;
		for (size_t k = 0; k < PL_ARRAY_LEN(person_keys); k++)
			if (path[n] == '.' && strcmp(path + n + 1, person_keys[k]) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(known_paths); i++)
		if (ph_under(known_paths[i], path))
			return true;
	return false;
}

bool ph_known_filter(const char *name)
{
	return strcmp(name, "upcase") == 0 || strcmp(name, "downcase") == 0;
}

/* ---- lexing the inside of {{ }} and {% %} ---- */

enum tkind { T_END, T_WORD, T_STR, T_NUM, T_OP };

struct tok {
	enum tkind kind;
	const char *text;
};

struct lex {
	struct arena *a;
	const char *p;
};

static bool word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		(ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' ||
		ch == '[' || ch == ']' || ch == '?';
}

static struct tok next_tok(struct lex *L)
{
	while (*L->p == ' ' || *L->p == '\t' || *L->p == '\n' || *L->p == '\r')
		L->p++;
	const char *s = L->p;
	if (!*s)
		return (struct tok){ T_END, "" };
	if (*s == '"' || *s == '\'') {
		const char *e = strchr(s + 1, *s);
		if (!e)
			return (struct tok){ T_OP, "unterminated string" };
		L->p = e + 1;
		return (struct tok){ T_STR, arena_strndup(L->a, s + 1, (size_t)(e - s - 1)) };
	}
	static const char *const ops[] = { "==", "!=", "<>", "<=", ">=", "<", ">", "|",
		":", "," };
	for (size_t i = 0; i < PL_ARRAY_LEN(ops); i++)
		if (strncmp(s, ops[i], strlen(ops[i])) == 0) {
			L->p += strlen(ops[i]);
			return (struct tok){ T_OP, ops[i] };
		}
	while (word_char(*L->p))
		L->p++;
	if (L->p == s) { /* a character no token starts with */
		L->p++;
		return (struct tok){ T_OP, arena_strndup(L->a, s, 1) };
	}
	char *w = arena_strndup(L->a, s, (size_t)(L->p - s));
	char *end;
	strtod(w, &end);
	bool num = *end == '\0' && (w[0] == '-' || (w[0] >= '0' && w[0] <= '9'));
	return (struct tok){ num ? T_NUM : T_WORD, w };
}

/* ---- parsing ---- */

struct parser {
	struct arena *a;
	const char *p;          /* rest of the template */
	json_t *errors;         /* messages; arena-owned */
	const char *stop;       /* tag name that ended the last parse_nodes */
	const char *stop_rest;  /* what followed that tag name */
};

void ph_report(json_t *list, const char *msg)
{
	size_t i;
	json_t *v;
	if (!list)
		return;
	json_array_foreach(list, i, v)
		if (strcmp(json_string_value(v), msg) == 0)
			return;
	json_array_append_new(list, json_string(msg));
}

static void perr(struct parser *P, const char *msg)
{
	ph_report(P->errors, msg);
}

static struct expr *parse_operand(struct parser *P, struct tok t)
{
	struct expr *e = arena_alloc(P->a, sizeof(*e));
	e->text = t.text;
	if (t.kind == T_STR)
		e->kind = E_STR;
	else if (t.kind == T_NUM) {
		e->kind = E_NUM;
		e->num = strtod(t.text, NULL);
	} else if (t.kind == T_WORD && strcmp(t.text, "true") == 0)
		e->kind = E_TRUE;
	else if (t.kind == T_WORD && strcmp(t.text, "false") == 0)
		e->kind = E_FALSE;
	else if (t.kind == T_WORD && (strcmp(t.text, "nil") == 0 ||
		strcmp(t.text, "null") == 0))
		e->kind = E_NIL;
	else if (t.kind == T_WORD)
		e->kind = E_PATH;
	else {
		perr(P, arena_printf(P->a, "unexpected '%s' in a placeholder", t.text));
		return NULL;
	}
	return e;
}

/* expr ( '|' filter )* to the end of the lexer's text. */
static struct expr *parse_output(struct parser *P, const char *inner)
{
	struct lex L = { P->a, inner };
	struct tok t = next_tok(&L);
	if (t.kind == T_END) {
		perr(P, "empty {{ }}");
		return NULL;
	}
	struct expr *e = parse_operand(P, t);
	if (!e)
		return NULL;
	struct filter **tail = &e->filters;
	while ((t = next_tok(&L)).kind != T_END) {
		struct tok f = next_tok(&L);
		if (t.kind != T_OP || strcmp(t.text, "|") != 0 || f.kind != T_WORD) {
			perr(P, arena_printf(P->a, "malformed placeholder {{%s}}", inner));
			return NULL;
		}
		*tail = arena_alloc(P->a, sizeof(**tail));
		(*tail)->name = f.text;
		tail = &(*tail)->next;
	}
	return e;
}

static bool cmp_op(const char *s)
{
	static const char *const ops[] = { "==", "!=", "<>", "<", ">", "<=", ">=",
		"contains" };
	for (size_t i = 0; i < PL_ARRAY_LEN(ops); i++)
		if (strcmp(s, ops[i]) == 0)
			return true;
	return false;
}

/* text without surrounding blanks, for messages. */
static const char *trimmed(struct parser *P, const char *text)
{
	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n'))
		n--;
	return arena_strndup(P->a, text, n);
}

static struct cmp *parse_cond(struct parser *P, const char *text)
{
	struct lex L = { P->a, text };
	struct cmp *head = NULL, **tail = &head;
	for (;;) {
		struct tok t = next_tok(&L);
		struct cmp *c = arena_alloc(P->a, sizeof(*c));
		if (t.kind == T_END || !(c->l = parse_operand(P, t))) {
			perr(P, arena_printf(P->a, "malformed condition {%% if %s %%}",
				trimmed(P, text)));
			return NULL;
		}
		t = next_tok(&L);
		if ((t.kind == T_OP || t.kind == T_WORD) && cmp_op(t.text)) {
			c->op = t.text;
			if (!(c->r = parse_operand(P, next_tok(&L))))
				return NULL;
			t = next_tok(&L);
		}
		*tail = c;
		tail = &c->next;
		if (t.kind == T_END)
			return head;
		if (t.kind != T_WORD || (strcmp(t.text, "and") && strcmp(t.text, "or"))) {
			perr(P, arena_printf(P->a, "malformed condition {%% if %s %%}",
				trimmed(P, text)));
			return NULL;
		}
		c->or_next = strcmp(t.text, "or") == 0;
	}
}

static bool in_set(const char *s, const char *const *set)
{
	for (; set && *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static struct node *parse_nodes(struct parser *P, const char *const *stops);

static struct node *parse_if(struct parser *P, const char *rest)
{
	static const char *const stops[] = { "elsif", "else", "endif", NULL };
	struct node *n = arena_alloc(P->a, sizeof(*n));
	n->kind = N_IF;
	struct branch **tail = &n->br;
	const char *cond = rest;
	bool is_else = false;
	for (;;) {
		struct branch *b = arena_alloc(P->a, sizeof(*b));
		if (!is_else && !(b->cond = parse_cond(P, cond)))
			return NULL;
		b->body = parse_nodes(P, stops);
		*tail = b;
		tail = &b->next;
		if (!P->stop) {
			perr(P, "{% if %} is not closed by {% endif %}");
			return NULL;
		}
		if (strcmp(P->stop, "endif") == 0)
			return n;
		if (is_else) {
			perr(P, arena_printf(P->a, "{%% %s %%} after {%% else %%}", P->stop));
			return NULL;
		}
		is_else = strcmp(P->stop, "else") == 0;
		cond = P->stop_rest;
	}
}

static struct node *parse_for(struct parser *P, const char *rest)
{
	static const char *const stops[] = { "endfor", NULL };
	struct lex L = { P->a, rest };
	struct tok var = next_tok(&L), in = next_tok(&L), list = next_tok(&L);
	if (var.kind != T_WORD || strchr(var.text, '.') || in.kind != T_WORD ||
	    strcmp(in.text, "in") != 0 || list.kind != T_WORD ||
	    next_tok(&L).kind != T_END) {
		perr(P, arena_printf(P->a, "malformed {%% for %s %%}", trimmed(P, rest)));
		return NULL;
	}
	struct node *n = arena_alloc(P->a, sizeof(*n));
	n->kind = N_FOR;
	n->var = var.text;
	n->e = parse_operand(P, list);
	n->body = parse_nodes(P, stops);
	if (!P->stop) {
		perr(P, "{% for %} is not closed by {% endfor %}");
		return NULL;
	}
	return n;
}

/* The text between open and close (exclusive), without Liquid's `-`
 * whitespace markers; NULL when close is missing. */
static char *inner_text(struct parser *P, const char *open, const char *close)
{
	const char *s = open + 2, *e = strstr(s, close);
	if (!e)
		return NULL;
	P->p = e + 2;
	if (*s == '-')
		s++;
	if (e > s && e[-1] == '-')
		e--;
	return arena_strndup(P->a, s, (size_t)(e - s));
}

/* Parses nodes until a {% tag %} named in stops (P->stop set to it) or the
 * end of the template (P->stop NULL). */
static struct node *parse_nodes(struct parser *P, const char *const *stops)
{
	struct node *head = NULL, **tail = &head;
	P->stop = NULL;
	while (*P->p) {
		const char *o = strstr(P->p, "{{"), *t = strstr(P->p, "{%");
		const char *next = !o ? t : !t ? o : o < t ? o : t;
		if (!next)
			next = P->p + strlen(P->p);
		if (next > P->p) {
			struct node *n = arena_alloc(P->a, sizeof(*n));
			n->kind = N_TEXT;
			n->s = P->p;
			n->n = (size_t)(next - P->p);
			*tail = n;
			tail = &n->next;
			P->p = next;
		}
		if (!*P->p)
			break;
		bool out = P->p[1] == '{';
		char *in = inner_text(P, P->p, out ? "}}" : "%}");
		if (!in) {
			perr(P, out ? "{{ is not closed by }}" : "{% is not closed by %}");
			P->p += strlen(P->p);
			return head;
		}
		struct node *n = NULL;
		if (out) {
			n = arena_alloc(P->a, sizeof(*n));
			n->kind = N_OUT;
			if (!(n->e = parse_output(P, in)))
				return head;
		} else {
			struct lex L = { P->a, in };
			struct tok name = next_tok(&L);
			if (name.kind == T_WORD && in_set(name.text, stops)) {
				P->stop = name.text;
				P->stop_rest = L.p;
				return head;
			}
			if (name.kind == T_WORD && strcmp(name.text, "if") == 0)
				n = parse_if(P, L.p);
			else if (name.kind == T_WORD && strcmp(name.text, "for") == 0)
				n = parse_for(P, L.p);
			else
				perr(P, arena_printf(P->a, "unexpected {%% %s %%}", name.text));
			if (!n)
				return head;
		}
		*tail = n;
		tail = &n->next;
	}
	return head;
}

struct node *ph_parse(struct arena *a, const char *tmpl, json_t *errors, bool *ok)
{
	struct parser P = { a, tmpl ? tmpl : "", errors, NULL, NULL };
	size_t before = json_array_size(errors);
	struct node *n = parse_nodes(&P, NULL);
	*ok = json_array_size(errors) == before;
	return n;
}

