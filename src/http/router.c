/*
 * router.c: match over the route tables.
 *
 * The tables hold a few hundred routes.  On first use an index is built
 * with each route's segment count and first segment, grouped by segment
 * count (table order kept within a group); a request then looks only at
 * its count's group and fully matches only the routes whose first literal
 * agrees, keeping table order (first match wins) without a trie.
 */
#include "parley.h"
#include "http/router.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	const struct route *rt;
	int nseg;
	const char *first;   /* the first segment's literal, NULL for {id}/{key} */
	size_t first_len;
	int pos;             /* in table order */
};

struct index {
	struct entry *e;     /* ordered by nseg, then pos */
	int n;
	int start[REQ_MAX_SEG + 2];  /* entries with nseg k: start[k].. */
	int end[REQ_MAX_SEG + 2];    /* ..end[k] - 1 */
};

static struct index api_index, web_index;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static int by_nseg(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->nseg != y->nseg ? x->nseg - y->nseg : x->pos - y->pos;
}

static void index_tables(const struct route *const *tables, struct index *ix)
{
	int n = 0;
	for (int t = 0; tables[t]; t++)
		for (const struct route *rt = tables[t]; rt->pattern; rt++)
			n++;
	ix->e = calloc((size_t)n + 1, sizeof(*ix->e));
	if (!ix->e)
		abort();
	for (int t = 0; tables[t]; t++) {
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			struct entry *e = &ix->e[ix->n++];
			const char *p = rt->pattern;
			e->rt = rt;
			e->pos = ix->n - 1;
			e->nseg = *p ? 1 : 0;
			for (const char *q = p; *q; q++)
				e->nseg += *q == '/';
			e->first_len = strcspn(p, "/");
			e->first = *p == '{' ? NULL : p;
		}
	}
	qsort(ix->e, (size_t)ix->n, sizeof(*ix->e), by_nseg);
	for (int i = 0; i < ix->n; i++) {
		int k = ix->e[i].nseg;
		if (k > REQ_MAX_SEG)
			continue;  /* longer than any request can be */
		if (ix->end[k] == 0)
			ix->start[k] = i;
		ix->end[k] = i + 1;
	}
}

static void build_indexes(void)
{
	index_tables(api_route_tables, &api_index);
	index_tables(web_route_tables, &web_index);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Matches pattern against r->seg; fills ids and keys on success. */
static bool match(const char *pattern, struct req *r)
{
	int nid = 0, nkey = 0, i = 0;
	const char *p = pattern;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (i >= r->nseg)
			return false;
		const char *s = r->seg[i];
		if (len == 4 && memcmp(p, "{id}", 4) == 0) {
			if (!all_digits(s) || strlen(s) > 18 || nid >= 4)
				return false;
			r->id[nid++] = strtoll(s, NULL, 10);
		} else if (len == 5 && memcmp(p, "{key}", 5) == 0) {
			if (nkey >= 2)
				return false;
			r->key[nkey++] = s;
		} else if (strlen(s) != len || memcmp(p, s, len) != 0) {
			return false;
		}
		i++;
		p = end ? end + 1 : p + len;
	}
	return i == r->nseg;
}

const struct route *router_match(struct req *r, enum pl_err *err)
{
	pthread_once(&index_once, build_indexes);
	const struct index *ix = r->web ? &web_index : &api_index;
	bool path_matched = false;
	const char *seg0 = r->nseg ? r->seg[0] : "";
	size_t len0 = strlen(seg0);
	for (int i = ix->start[r->nseg]; i < ix->end[r->nseg]; i++) {
		const struct entry *e = &ix->e[i];
		if (e->first && (e->first_len != len0 ||
		    memcmp(e->first, seg0, len0) != 0))
			continue;
		if (!match(e->rt->pattern, r))
			continue;
		if (e->rt->verbs & r->verb)
			return e->rt;
		path_matched = true;
	}
	*err = path_matched ? PL_METHOD : PL_NO_ROUTE;
	return NULL;
}
