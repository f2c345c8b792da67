/*
 * help_center.h: what the help center's API files share: the help center
 * a request addresses, its locale segment and Help Center paging.
 */
#ifndef HEADER_API_HELP_CENTER_H
#define HEADER_API_HELP_CENTER_H

#include "core/list.h"

struct req;

/* The brand whose help center the request addresses: ?brand_id= when
 * given (404 unless it is the account's), else the brand of the Host. */
enum pl_err hc_api_brand(struct req *r, int64_t *brand_id);

/* The locale in the path segment {key} number i, normalized; 404 when the
 * segment is not a locale. */
enum pl_err hc_api_locale(struct req *r, int i, const char **locale);

/* Help Center paging: 30 per page by default, sort_by position (default),
 * title, created_at or updated_at, sort_order asc or desc. */
enum pl_err hc_api_page(struct req *r, struct page *p);

#endif
