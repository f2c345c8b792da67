/*
 * arena.h: region allocator for request-scoped memory.
 *
 * Everything a request allocates comes from its arena and is released at
 * once when the request completes.  Allocation never fails: out of memory
 * aborts the process (as PostgreSQL palloc and the h2o pool do).  Objects the
 * arena does not own (json_t, statements, CURL handles) are registered with
 * arena_defer() and released, newest first, by arena_free().
 */
#ifndef HEADER_UTIL_ARENA_H
#define HEADER_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns a new arena; never NULL. */
struct arena *arena_new(void);
/* Runs the deferred callbacks newest first, then frees every block. */
void arena_free(struct arena *a);

/* Zeroed memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* The same, not zeroed: for buffers about to be written whole. */
void *arena_alloc_raw(struct arena *a, size_t n);
/* A NUL-terminated copy of s (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Calls fn(p) when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Growable string built in an arena. */
struct sbuf {
	struct arena *a;
	char *s;
	size_t len, cap;
};
void sbuf_init(struct sbuf *b, struct arena *a);
void sbuf_add(struct sbuf *b, const char *s, size_t n);
/* Makes room for n more bytes at once (large texts grow in one step
 * instead of many doublings). */
void sbuf_reserve(struct sbuf *b, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
