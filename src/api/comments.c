/*
 * comments.c: /api/v2/tickets/{id}/comments.  Comments are written through
 * ticket creates and updates (api/tickets.c).
 */
#include "parley.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/attachments.h"
#include "core/comments.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = comment_list(&r->c, r->id[0], &p, &res)) ||
	    (e = page_reply(r, &p, "comments", &res)))
		return e;
	return comment_sideload(&r->c, res.items, req_query(r, "include"), r->out);
}

static enum pl_err make_private(struct req *r)
{
	enum pl_err e = comment_make_private(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_json(r, 200, NULL);
}

static enum pl_err redact(struct req *r)
{
	json_t *a;
	enum pl_err e = attachment_redact(&r->c, r->id[0], r->id[1], r->id[2], &a);
	return e ? e : reply_obj(r, 200, "attachment", json_incref(a));
}

const struct route comments_routes[] = {
	{ V_GET, "tickets/{id}/comments", list, ROLE_END_USER },
	{ V_PUT, "tickets/{id}/comments/{id}/make_private", make_private, ROLE_AGENT },
	{ V_PUT | V_DELETE, "tickets/{id}/comments/{id}/attachments/{id}/redact",
	  redact, ROLE_AGENT },
	{ 0 },
};
