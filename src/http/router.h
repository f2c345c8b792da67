/*
 * router.h: maps a method and normalized path to a handler.
 *
 * Each api/ module exports one route table; api/routes.c lists them.  A
 * pattern is a path relative to /api/v2 with no .json suffix, whose
 * segments are literals, {id} (digits, captured into req.id[]) or {key}
 * (any segment, captured into req.key[]).  The first match wins, so literal
 * routes are listed before {key} routes that could shadow them.
 */
#ifndef HEADER_HTTP_ROUTER_H
#define HEADER_HTTP_ROUTER_H

#include "http/request.h"

struct route {
	unsigned verbs;          /* V_GET | V_POST ... */
	const char *pattern;
	req_handler fn;
	enum pl_role min_role;   /* ROLE_ANON routes need no credentials */
};

/* NULL-terminated lists of route tables, defined by api/routes.c: patterns
 * of api_route_tables are relative to /api/v2; those of web_route_tables
 * to the site root (pages, assets). */
extern const struct route *const api_route_tables[];
extern const struct route *const web_route_tables[];

/* Finds the route for r->verb and r->seg, filling r->id and r->key.
 * Returns NULL and sets *err to PL_NO_ROUTE or PL_METHOD. */
const struct route *router_match(struct req *r, enum pl_err *err);

#endif
