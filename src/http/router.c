/*
 * router.c: linear match over the route tables.
 *
 * About 200 routes of a few segments each: a scan costs well under a
 * microsecond next to the request's store work, so no trie is built.
 */
#include "parley.h"
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

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
	bool path_matched = false;
	const struct route *const *tables = r->web ? web_route_tables : api_route_tables;
	for (int t = 0; tables[t]; t++) {
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			if (!match(rt->pattern, r))
				continue;
			if (rt->verbs & r->verb)
				return rt;
			path_matched = true;
		}
	}
	*err = path_matched ? PL_METHOD : PL_NO_ROUTE;
	return NULL;
}
