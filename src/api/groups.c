/*
 * groups.c: /api/v2/groups, and the groups of a user.
 *
 * Agents read; admins write.
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/groups.h"
#include "http/request.h"

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = groups_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "groups", &res);
}

static enum pl_err list_by_user(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = groups_of_user(&r->c, &p, r->id[0], &res)))
		return e;
	return page_reply(r, &p, "groups", &res);
}

static enum pl_err count(struct req *r)
{
	json_t *n;
	return record_count(r, groups_count(&r->c, 0, &n), &n);
}

static enum pl_err count_by_user(struct req *r)
{
	json_t *n;
	return record_count(r, groups_count(&r->c, r->id[0], &n), &n);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "group", group_get);
}

static enum pl_err create(struct req *r)
{
	return record_create(r, "group", group_create);
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "group", group_update);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = group_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route groups_routes[] = {
	{ V_GET, "groups", list, ROLE_AGENT },
	{ V_POST, "groups", create, ROLE_ADMIN },
	{ V_GET, "groups/assignable", list, ROLE_AGENT },
	{ V_GET, "groups/count", count, ROLE_AGENT },
	{ V_GET, "groups/{id}", show, ROLE_AGENT },
	{ V_PUT, "groups/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "groups/{id}", destroy, ROLE_ADMIN },
	{ V_GET, "users/{id}/groups", list_by_user, ROLE_AGENT },
	{ V_GET, "users/{id}/groups/count", count_by_user, ROLE_AGENT },
	{ 0 },
};
