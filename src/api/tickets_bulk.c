/*
 * tickets_bulk.c: tickets/create_many, update_many and destroy_many as jobs
 * (api/bulk.h): each ticket in its own transaction, through the same core
 * functions as the single-ticket endpoints.
 */
#include "parley.h"
#include "api/bulk.h"
#include "api/routes.h"
#include "core/tickets.h"
#include "http/request.h"
#include "util/jsonx.h"

/* ticket_create and ticket_update in the shape bulk.h runs: jobs report
 * only the id. */
static enum pl_err create_one(struct ctx *c, json_t *in, json_t **out)
{
	struct ticket_written w;
	enum pl_err e = ticket_create(c, in, &w);
	if (!e)
		*out = jown(c->a, json_pack("{s:I}", "id", (json_int_t)w.id));
	return e;
}

static enum pl_err update_one(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct ticket_written w;
	enum pl_err e = ticket_update(c, id, in, &w);
	if (!e)
		*out = jown(c->a, json_pack("{s:I}", "id", (json_int_t)id));
	return e;
}

static enum pl_err create_many(struct req *r)
{
	return bulk_create_many(r, "bulk_create_tickets", "tickets", create_one);
}

static enum pl_err update_many(struct req *r)
{
	return bulk_update_many(r, "bulk_update_tickets", "tickets", "ticket",
		update_one, NULL);
}

static enum pl_err destroy_many(struct req *r)
{
	return bulk_destroy_many(r, "bulk_delete_tickets", NULL, ticket_delete);
}

const struct route tickets_bulk_routes[] = {
	{ V_POST, "tickets/create_many", create_many, ROLE_AGENT },
	{ V_PUT, "tickets/update_many", update_many, ROLE_AGENT },
	{ V_DELETE, "tickets/destroy_many", destroy_many, ROLE_AGENT },
	{ 0 },
};
