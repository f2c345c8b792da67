/*
 * ticket_tags.c: /api/v2/tickets/{id}/tags: GET, POST (replace), PUT (add),
 * DELETE (remove), each with and answering {"tags": [...]}.  Changes are
 * audited ticket updates.
 */
#include "parley.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/tickets.h"
#include "http/request.h"

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "tags", ticket_tags);
}

static enum pl_err change(struct req *r, enum ticket_tags_op op, int status)
{
	json_t *body, *tags;
	enum pl_err e = req_body(r, &body);
	if (e)
		return e;
	json_t *in = json_object_get(body, "tags");
	if (!json_is_array(in) && !json_is_string(in))
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body must have a \"tags\" array");
	if ((e = ticket_tags_change(&r->c, r->id[0], op, in, &tags)))
		return e;
	return reply_obj(r, status, "tags", json_incref(tags));
}

static enum pl_err set(struct req *r) { return change(r, TAGS_SET, 201); }
static enum pl_err add(struct req *r) { return change(r, TAGS_ADD, 200); }
static enum pl_err remove_(struct req *r) { return change(r, TAGS_REMOVE, 200); }

const struct route ticket_tags_routes[] = {
	{ V_GET, "tickets/{id}/tags", show, ROLE_END_USER },
	{ V_POST, "tickets/{id}/tags", set, ROLE_AGENT },
	{ V_PUT, "tickets/{id}/tags", add, ROLE_AGENT },
	{ V_DELETE, "tickets/{id}/tags", remove_, ROLE_AGENT },
	{ 0 },
};
