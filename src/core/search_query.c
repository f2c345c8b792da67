/*
 * search_query.c: the search query language's lexer and parser
 * (search_query.h).
 *
 * One pass over the bytes, no backtracking beyond a keyword's name: a run
 * of [A-Za-z0-9_] followed by ':', '<' or '>' is a keyword, anything else
 * up to white space is a word.  Bytes of 0x80 and above are word bytes, so
 * UTF-8 text of any script passes through whole; the FTS5 tokenizer cuts
 * it into words later.  Nothing here allocates outside the arena, reads
 * past the terminating NUL, or recurses, so arbitrary input (the fuzz
 * target tests/fuzz/fuzz_search_query.c) ends in a query or in 400.
 */
#include "parley.h"
#include "core/search_query.h"
#include "util/arena.h"

#include <string.h>

static const char *const keywords[] = {
	"type", "order_by", "sort",
	/* tickets */
	"status", "priority", "ticket_type", "assignee", "requester", "submitter",
	"cc", "commenter", "group", "organization", "brand", "form", "tags", "tag",
	"via", "subject", "description", "comment", "fieldvalue", "has_attachment",
	"created", "updated", "solved", "due_date", "sla_breach",
	/* users and organizations */
	"name", "email", "role", "external_id", "phone", "notes", "details",
	"is_suspended",
	NULL,
};

bool search_query_keyword(const char *name, size_t n)
{
	for (const char *const *k = keywords; *k; k++)
		if (strlen(*k) == n && memcmp(*k, name, n) == 0)
			return true;
	static const char cf[] = "custom_field_";
	size_t m = sizeof(cf) - 1;
	if (n <= m || n > m + 18 || memcmp(name, cf, m) != 0)
		return false;
	for (size_t i = m; i < n; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' ||
		ch == '\v';
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		(ch >= '0' && ch <= '9') || ch == '_';
}

struct lexer {
	struct ctx *c;
	const char *p;
};

/* 400 quoting at most 40 bytes of the query at at (cut before a UTF-8
 * continuation byte, so the message stays valid text). */
static enum pl_err bad(struct lexer *lx, const char *why, const char *at, size_t n)
{
	if (n > 40) {
		n = 40;
		while (n && ((unsigned char)at[n] & 0xC0) == 0x80)
			n--;
	}
	return ctx_fail(lx->c, PL_BAD_REQUEST, "Invalid search query: %s%s%.*s%s", why,
		n ? " at '" : "", (int)n, at ? at : "", n ? "'" : "");
}

/* The operator after a keyword's name: ':', then optionally one of < > <=
 * >=, or one of those alone.  Advances past it. */
static enum sq_op read_op(struct lexer *lx)
{
	if (*lx->p == ':')
		lx->p++;
	enum sq_op op = SQ_EQ;
	if (*lx->p == '<' || *lx->p == '>') {
		bool lt = *lx->p == '<';
		lx->p++;
		op = lt ? SQ_LT : SQ_GT;
		if (*lx->p == '=') {
			lx->p++;
			op = lt ? SQ_LE : SQ_GE;
		}
	}
	return op;
}

/* A value at lx->p: "quoted" (to the closing quote) or bare (to white
 * space).  A trailing '*' of a bare value (or right after a closing quote)
 * marks a prefix. */
static enum pl_err read_value(struct lexer *lx, struct sq_term *t)
{
	const char *s = lx->p;
	if (*s == '"') {
		const char *end = strchr(s + 1, '"');
		if (!end)
			return bad(lx, "a quote is not closed", s, strlen(s));
		t->value = arena_strndup(lx->c->a, s + 1, (size_t)(end - s - 1));
		t->phrase = true;
		lx->p = end + 1;
		if (*lx->p == '*') {
			t->prefix = true;
			lx->p++;
		}
		return PL_OK;
	}
	size_t n = 0;
	while (s[n] && !blank(s[n]))
		n++;
	lx->p = s + n;
	if (n && s[n - 1] == '*') {
		t->prefix = true;
		n--;
	}
	t->value = arena_strndup(lx->c->a, s, n);
	return PL_OK;
}

static char *lower(struct arena *a, const char *s, size_t n)
{
	char *d = arena_strndup(a, s, n);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return d;
}

/* One term at lx->p (not blank, not NUL) into *t. */
static enum pl_err read_term(struct lexer *lx, struct sq_term *t)
{
	memset(t, 0, sizeof(*t));
	const char *start = lx->p;
	if (*lx->p == '-') {
		lx->p++;
		if (!*lx->p || blank(*lx->p))
			return bad(lx, "'-' must come right before a term", start, 1);
		t->neg = true;
	}
	const char *name = lx->p;
	size_t n = 0;
	/* A keyword starts with a letter: "10:30" is a word. */
	while (name_char(name[n]) && (n || !(name[0] >= '0' && name[0] <= '9')))
		n++;
	bool keyword = n && (name[n] == ':' || name[n] == '<' || name[n] == '>');
	if (keyword) {
		char *kw = lower(lx->c->a, name, n);
		if (!search_query_keyword(kw, n))
			return bad(lx, "unknown keyword (put text with a colon in"
				" quotes to search for it)", name, n + 1);
		t->field = kw;
		lx->p = name + n;
		t->op = read_op(lx);
		if (!*lx->p || blank(*lx->p))
			return bad(lx, "a keyword needs a value", start,
				(size_t)(lx->p - start));
	}
	enum pl_err e = read_value(lx, t);
	if (e)
		return e;
	if (!*t->value)
		return bad(lx, t->field ? "a keyword needs a value" : "empty text",
			start, (size_t)(lx->p - start));
	return PL_OK;
}

/* Takes type:, order_by: and sort: out of the term list. */
static enum pl_err setting(struct lexer *lx, const struct sq_term *t,
	struct sq_query *q, bool *taken)
{
	const char **slot = !strcmp(t->field, "type") ? &q->type
		: !strcmp(t->field, "order_by") ? &q->order_by
		: !strcmp(t->field, "sort") ? &q->sort : NULL;
	*taken = slot != NULL;
	if (!slot)
		return PL_OK;
	if (t->neg || t->op != SQ_EQ || t->prefix)
		return bad(lx, "type, order_by and sort take a plain value",
			t->field, strlen(t->field));
	if (*slot)
		return bad(lx, "a setting is given twice", t->field, strlen(t->field));
	*slot = lower(lx->c->a, t->value, strlen(t->value));
	return PL_OK;
}

enum pl_err search_query_parse(struct ctx *c, const char *q, struct sq_query *out)
{
	struct lexer lx = { c, q ? q : "" };
	memset(out, 0, sizeof(*out));
	if (strlen(lx.p) > SEARCH_QUERY_MAX)
		return bad(&lx, "the query is longer than 2048 bytes", NULL, 0);
	out->terms = arena_alloc(c->a, sizeof(*out->terms) * SEARCH_TERMS_MAX);
	for (;;) {
		while (blank(*lx.p))
			lx.p++;
		if (!*lx.p)
			break;
		struct sq_term t;
		enum pl_err e = read_term(&lx, &t);
		bool taken = false;
		if (!e && t.field)
			e = setting(&lx, &t, out, &taken);
		if (e)
			return e;
		if (taken)
			continue;
		if (out->n == SEARCH_TERMS_MAX)
			return bad(&lx, "more than 32 terms", NULL, 0);
		out->terms[out->n++] = t;
	}
	return PL_OK;
}
