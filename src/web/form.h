/*
 * form.h: fields of an HTML form post (application/x-www-form-urlencoded).
 */
#ifndef HEADER_WEB_FORM_H
#define HEADER_WEB_FORM_H

struct req;

/* The decoded value of field name in r's form body, in the arena; NULL when
 * the field is absent or the body is not a form. */
const char *web_form(struct req *r, const char *name);

#endif
