/*
 * http.h: what server.c calls once a request is complete.
 */
#ifndef HEADER_HTTP_HTTP_H
#define HEADER_HTTP_HTTP_H

struct req;

/* Resolves account and principal, routes, runs the handler and leaves the
 * response (or the rendered error) in r.  Never fails. */
void http_dispatch(struct req *r);

#endif
