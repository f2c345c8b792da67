/*
 * form.h: HTML form posts (application/x-www-form-urlencoded): their
 * fields, and the origin of the page that sent them.
 */
#ifndef HEADER_WEB_FORM_H
#define HEADER_WEB_FORM_H

#include <stdbool.h>

struct req;

/* The decoded value of field name in r's form body, in the arena; NULL when
 * the field is absent or the body is not a form. */
const char *web_form(struct req *r, const char *name);

/* Whether the request is over TLS: --public-url is https, or the proxy
 * says so (X-Forwarded-Proto: https). */
bool web_https(struct req *r);
/* Whether the request's Origin header names this server (its Host, or
 * --public-url).  false when there is no Origin header. */
bool web_origin_is_own(struct req *r);

#endif
