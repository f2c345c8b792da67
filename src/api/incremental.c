/*
 * incremental.c: /api/v2/incremental/... (core/exports.h), admins only.
 *
 * Time-based: ?start_time=T, answered with {"<kind>", "count", "end_time",
 * "next_page", "end_of_stream"}.  next_page carries, besides
 * start_time=end_time, the stream position of the last item (after_seq),
 * so following it reads each change exactly once; a client that only
 * passes start_time=end_time gets again the items of that second, as
 * Zendesk documents.  Cursor-based (tickets, users): ?start_time=T, then
 * ?cursor=after_cursor, answered with after_cursor, after_url and
 * end_of_stream, in pages of page[size] (node-zendesk sends 100), which the
 * time-based endpoints ignore as Zendesk's do.  /sample answers the first
 * 50 items.  Zendesk's
 * 10-requests-a-minute limit is left to the account's rate limit.
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/exports.h"
#include "core/tickets.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define PAGE_MAX 1000
#define SAMPLE 50

static const char *const roots[] = { NULL, "tickets", "users", "organizations",
	"ticket_events" };

static enum export_kind kind_of(struct req *r)
{
	const char *k = r->seg[1];
	return !strcmp(k, "tickets") ? EXPORT_TICKETS : !strcmp(k, "users") ? EXPORT_USERS
		: !strcmp(k, "organizations") ? EXPORT_ORGANIZATIONS : EXPORT_TICKET_EVENTS;
}

/* An integer parameter within [lo, hi]; *v unchanged when absent. */
static enum pl_err param(struct req *r, const char *name, int64_t lo, int64_t hi,
	int64_t *v)
{
	if (!req_query(r, name))
		return PL_OK;
	enum pl_err e = req_query_i64(r, name, v);
	if (!e && (*v < lo || *v > hi))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "%s must be between %lld and %lld",
			name, (long long)lo, (long long)hi);
	return e;
}

/* start_time (required unless a cursor is given) and after_seq into
 * p->after; per_page (and, for cursor exports, page[size]) into p->limit,
 * at most limit. */
static enum pl_err params(struct req *r, struct export_params *p, int limit,
	bool cursor_paged)
{
	int64_t start = -1, seq = 0, size = limit;
	enum pl_err e;
	memset(p, 0, sizeof(*p));
	p->kind = kind_of(r);
	if ((e = param(r, "start_time", 0, INT64_MAX / 2, &start)) ||
	    (e = param(r, "after_seq", 0, INT64_MAX / 2, &seq)) ||
	    (e = param(r, "per_page", 1, PAGE_MAX, &size)) ||
	    (cursor_paged && (e = param(r, "page[size]", 1, PAGE_MAX, &size))))
		return e;
	const char *cursor = req_query(r, "cursor");
	if (cursor && !page_cursor_decode(cursor, &p->after.ts, &p->after.seq))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "cursor is not a cursor of this"
			" export");
	if (!cursor && start < 0)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "start_time is required");
	if (!cursor)
		p->after = (struct export_pos){ start, seq };
	p->limit = (int)(size < limit ? size : limit);
	const char *ex = req_query(r, "exclude_deleted");
	p->exclude_deleted = ex && !strcmp(ex, "true");
	const char **inc;
	int ninc;
	if ((e = req_str_list(r, "include", 16, &inc, &ninc)))
		return e;
	for (int i = 0; i < ninc; i++)
		p->comment_events |= !strcmp(inc[i], "comment_events");
	return PL_OK;
}

/* Reads the page and the ticket side-loads (?include) into *extra. */
static enum pl_err read(struct req *r, const struct export_params *p,
	struct export_page *page, json_t **extra)
{
	struct ticket_refs refs;
	const char *include = p->kind == EXPORT_TICKETS ? req_query(r, "include") : NULL;
	enum pl_err e = export_read(&r->c, p, page, include ? &refs : NULL);
	if (!e && include)
		e = ticket_sideload(&r->c, &refs, include, extra);
	if (!e && !*extra)
		*extra = jown(r->c.a, json_object());
	return e;
}

static enum pl_err by_time(struct req *r, int limit)
{
	struct export_params p;
	struct export_page page;
	json_t *extra = NULL;
	enum pl_err e;
	if ((e = params(r, &p, limit, false)) || (e = read(r, &p, &page, &extra)))
		return e;
	static const char *const drop[] = { "start_time", "after_seq", "cursor", NULL };
	json_object_set_new(extra, "count", json_integer(page.n));
	json_object_set_new(extra, "end_time", json_integer(page.last.ts));
	json_object_set_new(extra, "next_page", json_string(page_link_without(r, drop,
		arena_printf(r->c.a, "start_time=%lld&after_seq=%lld",
		(long long)page.last.ts, (long long)page.last.seq))));
	json_object_set_new(extra, "end_of_stream", json_boolean(page.end_of_stream));
	return reply_text_obj(r, 200, roots[p.kind], page.items, extra);
}

static enum pl_err time_based(struct req *r)
{
	return by_time(r, PAGE_MAX);
}

static enum pl_err sample(struct req *r)
{
	return by_time(r, SAMPLE);
}

static enum pl_err cursor_based(struct req *r)
{
	struct export_params p;
	struct export_page page;
	json_t *extra = NULL;
	enum pl_err e;
	if ((e = params(r, &p, PAGE_MAX, true)) || (e = read(r, &p, &page, &extra)))
		return e;
	static const char *const drop[] = { "start_time", "after_seq", "cursor", NULL };
	const char *cursor = page_cursor_encode(r, page.last.ts, page.last.seq);
	json_object_set_new(extra, "after_cursor", json_string(cursor));
	json_object_set_new(extra, "after_url", json_string(page_link_without(r, drop,
		arena_printf(r->c.a, "cursor=%s", cursor))));
	json_object_set_new(extra, "before_cursor", json_null());
	json_object_set_new(extra, "before_url", json_null());
	json_object_set_new(extra, "end_of_stream", json_boolean(page.end_of_stream));
	return reply_text_obj(r, 200, roots[p.kind], page.items, extra);
}

const struct route incremental_routes[] = {
	{ V_GET, "incremental/tickets", time_based, ROLE_ADMIN },
	{ V_GET, "incremental/tickets/cursor", cursor_based, ROLE_ADMIN },
	{ V_GET, "incremental/tickets/sample", sample, ROLE_ADMIN },
	{ V_GET, "incremental/users", time_based, ROLE_ADMIN },
	{ V_GET, "incremental/users/cursor", cursor_based, ROLE_ADMIN },
	{ V_GET, "incremental/users/sample", sample, ROLE_ADMIN },
	{ V_GET, "incremental/organizations", time_based, ROLE_ADMIN },
	{ V_GET, "incremental/organizations/sample", sample, ROLE_ADMIN },
	{ V_GET, "incremental/ticket_events", time_based, ROLE_ADMIN },
	{ V_GET, "incremental/ticket_events/sample", sample, ROLE_ADMIN },
	{ 0 },
};
