/*
 * tickets_bulk.c: tickets/create_many, update_many and destroy_many.
 *
 * Each answers {"job_status"} of a job that ran before the answer
 * (core/jobs.h): every item in its own transaction, so one bad item fails
 * alone and is reported in the results with its error.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/jobs.h"
#include "core/tickets.h"
#include "http/request.h"

#define BULK_MAX 100

static enum pl_err reply_job(struct req *r, struct job *j)
{
	json_t *out;
	enum pl_err e = job_finish(&r->c, j, &out);
	return e ? e : reply_obj(r, 200, "job_status", json_incref(out));
}

/* The body's array under key, of 1..BULK_MAX items; 400 otherwise. */
static enum pl_err items_of(struct req *r, const char *key, json_t **out)
{
	json_t *body;
	enum pl_err e = req_body(r, &body);
	if (e)
		return e;
	json_t *arr = json_object_get(body, key);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body must have a non-empty \"%s\" array", key);
	if (json_array_size(arr) > BULK_MAX)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"At most %d %s per request", BULK_MAX, key);
	*out = arr;
	return PL_OK;
}

/* An item that is not an object fails alone. */
static bool item_ok(struct ctx *c, json_t *item, struct job *j, int i)
{
	if (json_is_object(item))
		return true;
	ctx_invalid(c, "ticket", "InvalidValue", "Ticket: must be an object");
	job_failed(c, j, i, 0);
	return false;
}

static int64_t id_of(json_t *ticket)
{
	return json_integer_value(json_object_get(ticket, "id"));
}

static enum pl_err create_many(struct req *r)
{
	json_t *arr, *item;
	enum pl_err e = items_of(r, "tickets", &arr);
	if (e)
		return e;
	struct job j;
	job_begin(&r->c, "bulk_create_tickets", (int)json_array_size(arr), &j);
	size_t i;
	json_array_foreach(arr, i, item) {
		json_t *t, *a;
		if (!item_ok(&r->c, item, &j, (int)i))
			continue;
		if (ticket_create(&r->c, item, &t, &a) == PL_OK)
			job_ok(&j, (int)i, id_of(t), "create", "Created");
		else
			job_failed(&r->c, &j, (int)i, 0);
	}
	return reply_job(r, &j);
}

/* ?ids= with {"ticket"} (one change for all), or {"tickets":[{id,...}]}. */
static enum pl_err update_many(struct req *r)
{
	int64_t *ids;
	int n;
	json_t *in, *arr, *item, *t, *a;
	struct job j;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", BULK_MAX, &ids, &n)))
		return e;
	if (n) {
		if ((e = req_body_object(r, "ticket", &in)))
			return e;
		job_begin(&r->c, "bulk_update_tickets", n, &j);
		for (int i = 0; i < n; i++) {
			if (ticket_update(&r->c, ids[i], in, &t, &a) == PL_OK)
				job_ok(&j, i, ids[i], "update", "Updated");
			else
				job_failed(&r->c, &j, i, ids[i]);
		}
		return reply_job(r, &j);
	}
	if ((e = items_of(r, "tickets", &arr)))
		return e;
	job_begin(&r->c, "bulk_update_tickets", (int)json_array_size(arr), &j);
	size_t i;
	json_array_foreach(arr, i, item) {
		if (!item_ok(&r->c, item, &j, (int)i))
			continue;
		int64_t id = id_of(item);
		if (id <= 0) {
			ctx_invalid(&r->c, "id", "BlankValue", "Id: cannot be blank");
			job_failed(&r->c, &j, (int)i, 0);
		} else if (ticket_update(&r->c, id, item, &t, &a) == PL_OK) {
			job_ok(&j, (int)i, id, "update", "Updated");
		} else {
			job_failed(&r->c, &j, (int)i, id);
		}
	}
	return reply_job(r, &j);
}

static enum pl_err destroy_many(struct req *r)
{
	int64_t *ids;
	int n;
	enum pl_err e = req_id_list(r, "ids", BULK_MAX, &ids, &n);
	if (e)
		return e;
	if (n == 0)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter ids is required");
	struct job j;
	job_begin(&r->c, "bulk_delete_tickets", n, &j);
	for (int i = 0; i < n; i++) {
		if (ticket_delete(&r->c, ids[i]) == PL_OK)
			job_ok(&j, i, ids[i], "delete", "Deleted");
		else
			job_failed(&r->c, &j, i, ids[i]);
	}
	return reply_job(r, &j);
}

const struct route tickets_bulk_routes[] = {
	{ V_POST, "tickets/create_many", create_many, ROLE_AGENT },
	{ V_PUT, "tickets/update_many", update_many, ROLE_AGENT },
	{ V_DELETE, "tickets/destroy_many", destroy_many, ROLE_AGENT },
	{ 0 },
};
