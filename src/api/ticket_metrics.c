/*
 * ticket_metrics.c: /api/v2/ticket_metrics, tickets/{id}/metrics and
 * tickets/{id}/metric_events (agents).
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/ticket_metrics.h"
#include "core/ticket_slas.h"
#include "http/request.h"

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

const struct route ticket_metrics_routes[] = {
	{ V_GET, "ticket_metrics", list, ROLE_AGENT },
	{ V_GET, "ticket_metrics/{id}", show, ROLE_AGENT },
	{ V_GET, "tickets/{id}/metrics", of_ticket, ROLE_AGENT },
	{ V_GET, "tickets/{id}/metric_events", events, ROLE_AGENT },
	{ 0 },
};
