/*
 * ticket_metrics.c: /api/v2/ticket_metrics, tickets/{id}/metrics and
 * tickets/{id}/metric_events (agents), incremental/ticket_metric_events
 * (admins).
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/ticket_metrics.h"
#include "core/ticket_slas.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = ticket_metrics_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "ticket_metrics", &res);
}

static enum pl_err show(struct req *r)
{
	json_t *m;
	enum pl_err e = ticket_metric_get(&r->c, r->id[0], &m);
	return e ? e : reply_obj(r, 200, "ticket_metric", json_incref(m));
}

static enum pl_err of_ticket(struct req *r)
{
	json_t *m;
	enum pl_err e = ticket_metric_of_ticket(&r->c, r->id[0], &m);
	return e ? e : reply_obj(r, 200, "ticket_metric", json_incref(m));
}

static enum pl_err events(struct req *r)
{
	json_t *list;
	enum pl_err e = ticket_metric_events(&r->c, r->id[0], &list);
	if (e)
		return e;
	return reply_json(r, 200, json_pack("{s:O,s:I}", "ticket_metric_events", list,
		"count", (json_int_t)json_array_size(list)));
}

/* GET incremental/ticket_metric_events?start_time=: pages of EXPORT_MAX
 * events by time; the next page starts at the last event's time. */
#define EXPORT_MAX 1000

static enum pl_err export(struct req *r)
{
	int64_t start = -1, end;
	json_t *list;
	enum pl_err e;
	if ((e = req_query_i64(r, "start_time", &start)))
		return e;
	if (start < 0)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "start_time is required: Unix"
			" seconds");
	if ((e = ticket_metric_events_since(&r->c, start, EXPORT_MAX, &list)))
		return e;
	size_t n = json_array_size(list);
	if (!n || !time_parse_iso(json_string_value(json_object_get(
		json_array_get(list, n - 1), "time")), &end))
		end = start;
	const char *next = arena_printf(r->c.a, "%s?start_time=%lld",
		ctx_url(&r->c, "incremental/ticket_metric_events"), (long long)end);
	return reply_json(r, 200, json_pack("{s:O,s:I,s:I,s:s,s:b}",
		"ticket_metric_events", list, "count", (json_int_t)n,
		"end_time", (json_int_t)end, "next_page", next,
		"end_of_stream", n < EXPORT_MAX));
}

const struct route ticket_metrics_routes[] = {
	{ V_GET, "ticket_metrics", list, ROLE_AGENT },
	{ V_GET, "ticket_metrics/{id}", show, ROLE_AGENT },
	{ V_GET, "tickets/{id}/metrics", of_ticket, ROLE_AGENT },
	{ V_GET, "tickets/{id}/metric_events", events, ROLE_AGENT },
	{ V_GET, "incremental/ticket_metric_events", export, ROLE_ADMIN },
	{ 0 },
};
