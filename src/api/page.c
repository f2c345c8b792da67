/*
 * page.c: paging parameters in, paging links and metadata out.
 */
#include "parley.h"
#include "api/page.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum pl_err parse_int(struct req *r, const char *name, int64_t lo,
	int64_t hi, int64_t *out)
{
	if (!req_query(r, name))
		return PL_OK;
	int64_t v = *out;
	enum pl_err e = req_query_i64(r, name, &v);
	if (e)
		return e;
	if (v < lo || v > hi)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"Parameter %s must be between %lld and %lld", name,
			(long long)lo, (long long)hi);
	*out = v;
	return PL_OK;
}

enum pl_err page_parse(struct req *r, struct page *p, int default_size)
{
	memset(p, 0, sizeof(*p));
	int64_t size = 0, num = 1, per = default_size, after = 0, before = 0;
	enum pl_err e;
	if ((e = parse_int(r, "page[size]", 1, 100, &size)) ||
	    (e = parse_int(r, "page[after]", 0, INT64_MAX, &after)) ||
	    (e = parse_int(r, "page[before]", 0, INT64_MAX, &before)))
		return e;
	if (size || after || before) {
		p->cursor = true;
		p->size = size ? (int)size : default_size;
		p->after = after;
		p->before = before;
	} else {
		if ((e = parse_int(r, "page", 1, 100000, &num)) ||
		    (e = parse_int(r, "per_page", 1, 100, &per)))
			return e;
		p->number = (int)num;
		p->size = (int)per;
		if ((int64_t)(p->number - 1) * p->size >= 10000 + p->size)
			return ctx_fail(&r->c, PL_BAD_REQUEST,
				"Offset pagination is limited to 10,000 records; "
				"use cursor pagination (page[size])");
	}
	const char *sort = req_query(r, "sort");
	const char *order = req_query(r, "sort_order");
	p->desc = (sort && strcmp(sort, "-id") == 0) || (order && strcmp(order, "desc") == 0);
	return PL_OK;
}

char *page_link_without(struct req *r, const char *const *drop, const char *extra)
{
	struct sbuf b;
	sbuf_init(&b, r->c.a);
	sbuf_printf(&b, "%s/%s.json?", r->c.api_base, r->path);
	for (int i = 0; i < r->nq; i++) {
		bool skip = false;
		for (const char *const *k = drop; *k; k++)
			skip |= strcmp(r->q[i].name, *k) == 0;
		if (skip)
			continue;
		char *n = url_escape(r->c.a, r->q[i].name);
		char *v = url_escape(r->c.a, r->q[i].value);
		sbuf_printf(&b, "%s=%s&", n, v);
	}
	sbuf_adds(&b, extra);
	return b.s;
}

/* The request's URL with its paging parameters replaced by extra. */
static char *link(struct req *r, const char *extra)
{
	static const char *const paging[] = {
		"page", "per_page", "page[size]", "page[after]", "page[before]", NULL,
	};
	return page_link_without(r, paging, extra);
}

/* The cursor of item i: its id, which some resources render as a string
 * (trigger categories).  In the arena. */
static const char *cursor_of(struct req *r, json_t *items, size_t i)
{
	json_t *id = json_object_get(json_array_get(items, i), "id");
	if (json_is_string(id))
		return json_string_value(id);
	return arena_printf(r->c.a, "%lld", (long long)json_integer_value(id));
}

/* Adds the paging members to body: meta and links (cursor), or
 * next_page, previous_page and count (offset).  first and last are the
 * cursors of the page's edge rows (NULL on an empty page). */
static void paging(struct req *r, const struct page *p,
	const struct list_result *res, const char *first, const char *last,
	json_t *body)
{
	if (p->cursor) {
		json_t *meta = json_object();
		json_object_set_new(meta, "has_more", json_boolean(res->has_more));
		json_object_set_new(meta, "after_cursor", jstr(last));
		json_object_set_new(meta, "before_cursor", jstr(first));
		json_object_set_new(body, "meta", meta);
		json_t *links = json_object();
		json_object_set_new(links, "prev", res->has_prev && first ? json_string(link(r,
			arena_printf(r->c.a, "page%%5Bsize%%5D=%d&page%%5Bbefore%%5D=%s",
				p->size, first))) : json_null());
		json_object_set_new(links, "next", res->has_more && last ? json_string(link(r,
			arena_printf(r->c.a, "page%%5Bsize%%5D=%d&page%%5Bafter%%5D=%s",
				p->size, last))) : json_null());
		json_object_set_new(body, "links", links);
	} else {
		json_object_set_new(body, "next_page", res->has_more ? json_string(link(r,
			arena_printf(r->c.a, "page=%d&per_page=%d", p->number + 1, p->size)))
			: json_null());
		json_object_set_new(body, "previous_page", res->has_prev ? json_string(link(r,
			arena_printf(r->c.a, "page=%d&per_page=%d", p->number - 1, p->size)))
			: json_null());
		json_object_set_new(body, "count", json_integer(res->count));
	}
}

enum pl_err page_reply(struct req *r, const struct page *p, const char *root,
	const struct list_result *res)
{
	json_t *body = json_object();
	json_object_set(body, root, res->items);
	size_t n = json_array_size(res->items);
	paging(r, p, res, n ? cursor_of(r, res->items, 0) : NULL,
		n ? cursor_of(r, res->items, n - 1) : NULL, body);
	return reply_json(r, 200, body);
}

enum pl_err page_reply_text(struct req *r, const struct page *p, const char *root,
	const struct list_result *res, json_t *extra)
{
	json_t *rest = jown(r->c.a, json_object());
	paging(r, p, res,
		res->n ? arena_printf(r->c.a, "%lld", (long long)res->first_id) : NULL,
		res->n ? arena_printf(r->c.a, "%lld", (long long)res->last_id) : NULL, rest);
	if (extra)
		json_object_update(rest, extra);
	return reply_text_obj(r, 200, root, res->text, rest);
}

const char *page_cursor_encode(struct req *r, int64_t a, int64_t b)
{
	char raw[48];
	int n = snprintf(raw, sizeof(raw), "%lld.%lld", (long long)a, (long long)b);
	size_t len = sodium_base64_ENCODED_LEN((size_t)n,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(r->c.a, len);
	sodium_bin2base64(out, len, (const unsigned char *)raw, (size_t)n,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool page_cursor_decode(const char *s, int64_t *a, int64_t *b)
{
	unsigned char raw[48];
	size_t n = 0;
	if (strlen(s) > 64 || sodium_base642bin(raw, sizeof(raw) - 1, s, strlen(s), NULL,
		&n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = 0;
	long long x, y;
	int used = 0;
	if (sscanf((const char *)raw, "%lld.%lld%n", &x, &y, &used) != 2 ||
	    (size_t)used != n || y < 0)
		return false;
	*a = x;
	*b = y;
	return true;
}
