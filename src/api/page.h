/*
 * page.h: Zendesk's two pagination styles, on the wire.
 *
 * Offset: ?page=N&per_page=M (M <= 100) -> next_page, previous_page, count.
 * Cursor: ?page[size]=M [&page[after]=C | &page[before]=C] -> meta.has_more,
 * meta.after_cursor, meta.before_cursor, links.next, links.prev.
 *
 * Links are absolute, built from the request's API base, because
 * node-zendesk follows them only when they start with its endpointUri.
 */
#ifndef HEADER_API_PAGE_H
#define HEADER_API_PAGE_H

#include "core/list.h"

struct req;

/* Reads the paging parameters into p; default_size when none is given.
 * 400 on malformed values. */
enum pl_err page_parse(struct req *r, struct page *p, int default_size);

/* Answers 200 {root: items, ...paging} from a list_run result. */
enum pl_err page_reply(struct req *r, const struct page *p, const char *root,
	const struct list_result *res);
/* The same from a list_run_text result, with the members of extra
 * (borrowed, may be NULL: side-loads) after the paging ones. */
enum pl_err page_reply_text(struct req *r, const struct page *p, const char *root,
	const struct list_result *res, json_t *extra);

/* The request's absolute URL without the query parameters named in drop
 * (NULL-ended), with extra ("name=value&...", already escaped) appended:
 * links to further pages of endpoints with their own paging (search
 * exports, incremental exports).  In the arena. */
char *page_link_without(struct req *r, const char *const *drop, const char *extra);

/* An opaque cursor naming a position of two numbers in a stream ordered
 * by them (search/export: creation time and id; incremental exports:
 * generated timestamp and sequence): URL-safe base64 of "a.b".  Arena. */
const char *page_cursor_encode(struct req *r, int64_t a, int64_t b);
/* The position of a page_cursor_encode cursor; false when s is not one. */
bool page_cursor_decode(const char *s, int64_t *a, int64_t *b);

#endif
