/*
 * form.h: HTML form posts (application/x-www-form-urlencoded): their
 * fields, and the origin of the page that sent them; the session cookie
 * pages set.
 */
#ifndef HEADER_WEB_FORM_H
#define HEADER_WEB_FORM_H

#include <jansson.h>
#include <stdbool.h>

struct req;

/* The decoded value of field name in r's form body, in the arena; NULL when
 * the field is absent or the body is not a form. */
const char *web_form(struct req *r, const char *name);

/* Every field of r's form body: an arena-owned object mapping each name
 * to the array of its decoded values, in order (a multiple select sends a
 * name several times); {} when the body is not a form. */
json_t *web_form_all(struct req *r);

/* Sets the session cookie (web/sessions.h) to value for max_age seconds
 * (0 clears it): HttpOnly, SameSite=Lax, Secure over TLS. */
void web_session_cookie(struct req *r, const char *value, int max_age);

/* Whether the request is over TLS: --public-url is https, or the proxy
 * says so (X-Forwarded-Proto: https). */
bool web_https(struct req *r);
/* Whether the request's Origin header names this server (its Host, or
 * --public-url).  false when there is no Origin header. */
bool web_origin_is_own(struct req *r);

#endif
