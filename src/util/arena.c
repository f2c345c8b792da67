/*
 * arena.c: bump allocator with deferred destructors.
 *
 * Invariants:
 *  1. Blocks form a singly linked list; only the head block is allocated from.
 *  2. A request larger than a quarter of the block size gets a block of its
 *     own, linked behind the head, so the head's free space is not wasted.
 *  3. Deferred callbacks run in reverse order of registration.
 */
#include "parley.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 8192
#define ALIGN 16

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(ALIGN) unsigned char data[];
};

struct defer {
	struct defer *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct block *head;
	struct defer *defers;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fputs("parley: out of memory\n", stderr);
		abort();
	}
	return p;
}

static struct block *block_new(size_t cap)
{
	struct block *b = xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));
	a->head = block_new(BLOCK_SIZE - sizeof(struct block));
	a->defers = NULL;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->defers) {
		struct defer *d = a->defers;
		a->defers = d->next;
		d->fn(d->p);
	}
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	struct block *h = a->head;
	if (h->cap - h->used >= n) {
		void *p = h->data + h->used;
		h->used += n;
		return p;
	}
	if (n > BLOCK_SIZE / 4) {
		struct block *big = block_new(n);
		big->used = n;
		big->next = h->next;
		h->next = big;
		return big->data;
	}
	struct block *b = block_new(BLOCK_SIZE - sizeof(struct block));
	b->next = h;
	a->head = b;
	b->used = n;
	return b->data;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = arena_alloc_raw(a, n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *s = arena_alloc_raw(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct defer *d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->p = p;
	d->next = a->defers;
	a->defers = d;
}

void sbuf_init(struct sbuf *b, struct arena *a)
{
	b->a = a;
	b->cap = 64;
	b->len = 0;
	b->s = arena_alloc_raw(a, b->cap);
	b->s[0] = 0;
}

void sbuf_reserve(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap * 2;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *ns = arena_alloc_raw(b->a, cap);
	memcpy(ns, b->s, b->len + 1);
	b->s = ns;
	b->cap = cap;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sbuf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	sbuf_adds(b, s);
}
