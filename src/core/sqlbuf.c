/*
 * sqlbuf.c: SQL text and its arguments, built together (sqlbuf.h).
 *
 * Invariant: the number of placeholders in the text equals n, in the
 * order of args, because both are only ever appended by sqlbuf_add and
 * sqlbuf_cat, which write a "?" exactly when they append an argument.
 */
#include "parley.h"
#include "core/sqlbuf.h"

#include <stdarg.h>
#include <string.h>

void sqlbuf_init(struct sqlbuf *b, struct arena *a)
{
	sbuf_init(&b->sql, a);
	b->args = NULL;
	b->n = b->cap = 0;
}

static void push(struct sqlbuf *b, struct db_arg arg)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct db_arg *args = arena_alloc(b->sql.a, sizeof(*args) * (size_t)cap);
		if (b->n)
			memcpy(args, b->args, sizeof(*args) * (size_t)b->n);
		b->args = args;
		b->cap = cap;
	}
	b->args[b->n++] = arg;
}

void sqlbuf_add(struct sqlbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		size_t run = strcspn(p, "?");
		sbuf_add(&b->sql, p, run);
		p += run;
		if (!*p)
			break;
		if (p[1] == 'i')
			push(b, (struct db_arg){ .type = 'i', .i = va_arg(ap, int64_t) });
		else if (p[1] == 's')
			push(b, (struct db_arg){ .type = 's', .s = va_arg(ap, const char *) });
		else {
			sbuf_add(&b->sql, "?", 1); /* not ours: copied (see sqlbuf.h) */
			p++;
			continue;
		}
		sbuf_add(&b->sql, "?", 1);
		p += 2;
	}
	va_end(ap);
}

void sqlbuf_cat(struct sqlbuf *b, const struct sqlbuf *other)
{
	sbuf_add(&b->sql, other->sql.s ? other->sql.s : "", other->sql.len);
	for (int i = 0; i < other->n; i++)
		push(b, other->args[i]);
}

struct stmt *sqlbuf_query(struct db *db, const struct sqlbuf *b)
{
	return db_qa(db, b->sql.s ? b->sql.s : "", b->args, b->n);
}
