/*
 * placeholdersInt.h: what placeholders_parse.c (lexing, parsing, known
 * names) shares with placeholders.c (rendering, checking).  Internal to
 * the two files; symbols carry the ph_ prefix.
 */
#ifndef HEADER_CORE_PLACEHOLDERSINT_H
#define HEADER_CORE_PLACEHOLDERSINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

enum ekind { E_PATH, E_STR, E_NUM, E_TRUE, E_FALSE, E_NIL };

struct filter {
	const char *name;
	struct filter *next;
};

struct expr {
	enum ekind kind;
	const char *text;      /* path or string */
	double num;
	struct filter *filters;
};

/* One comparison; a condition is a list of them joined by and/or, where
 * `and` binds tighter. */
struct cmp {
	struct expr *l, *r;
	const char *op;        /* NULL: truthiness of l */
	bool or_next;          /* joined to next by `or` (else `and`) */
	struct cmp *next;
};

enum nkind { N_TEXT, N_OUT, N_IF, N_FOR };

struct branch {
	struct cmp *cond;      /* NULL: else */
	struct node *body;
	struct branch *next;
};

struct node {
	enum nkind kind;
	const char *s;         /* N_TEXT */
	size_t n;
	struct expr *e;        /* N_OUT; N_FOR: the list */
	struct branch *br;     /* N_IF */
	const char *var;       /* N_FOR */
	struct node *body;     /* N_FOR */
	struct node *next;
};

/* A {% for %} variable in force: its name, current item and forloop. */
struct scope {
	const char *var;
	json_t *value;
	json_t *forloop;
	struct scope *up;
};

/* Whether path is p or starts with p followed by '.' or '['. */
bool ph_under(const char *path, const char *p);
/* Whether s is one or more decimal digits. */
bool ph_digits_only(const char *s);
/* Whether Zendesk defines the placeholder path, within the loops of sc. */
bool ph_known(const char *path, const struct scope *sc);
bool ph_known_filter(const char *name);
/* Appends msg to list (when there is one) unless it is already there. */
void ph_report(json_t *list, const char *msg);
/* Parses tmpl (NULL is "") into a tree in the arena.  *ok is false, with
 * messages appended to errors, when it does not parse. */
struct node *ph_parse(struct arena *a, const char *tmpl, json_t *errors, bool *ok);

#endif
