/*
 * oauth_tokens.c: /api/v2/oauth/tokens.
 *
 * Admins create tokens (for themselves) and see or revoke all of them;
 * other agents see and revoke their own.
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/oauth_tokens.h"
#include "http/request.h"

#include <string.h>
#include <strings.h>

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	const char *all = req_query(r, "all");
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = oauth_tokens_list(&r->c, &p, all && !strcmp(all, "true"), &res)))
		return e;
	return page_reply(r, &p, "tokens", &res);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "token", oauth_token_get);
}

/* The token of this request's Authorization: Bearer header, if any. */
static const char *bearer(struct req *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	for (h += 7; *h == ' '; h++)
		;
	return h;
}

static enum pl_err current(struct req *r)
{
	json_t *t;
	enum pl_err e = oauth_token_current(&r->c, bearer(r), &t);
	return e ? e : reply_obj(r, 200, "token", json_incref(t));
}

static enum pl_err create(struct req *r)
{
	json_t *in, *t;
	enum pl_err e;
	if ((e = req_body_object(r, "token", &in)) ||
	    (e = oauth_token_create(&r->c, in, &t)))
		return e;
	return reply_created(r, "token", json_incref(t));
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = oauth_token_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route oauth_tokens_routes[] = {
	{ V_GET, "oauth/tokens", list, ROLE_AGENT },
	{ V_POST, "oauth/tokens", create, ROLE_ADMIN },
	{ V_GET, "oauth/tokens/current", current, ROLE_AGENT },
	{ V_GET, "oauth/tokens/{id}", show, ROLE_AGENT },
	{ V_DELETE, "oauth/tokens/{id}", destroy, ROLE_AGENT },
	{ 0 },
};
