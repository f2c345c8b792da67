/*
 * group_memberships.c: /api/v2/group_memberships and the memberships of a
 * group or a user.
 *
 * Agents read; admins write.
 */
#include "parley.h"
#include "api/bulk.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/group_memberships.h"
#include "http/request.h"

static enum pl_err list_filtered(struct req *r, const struct group_membership_filter *f)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = group_memberships_list(&r->c, &p, f, &res)))
		return e;
	return page_reply(r, &p, "group_memberships", &res);
}

static enum pl_err list(struct req *r)
{
	struct group_membership_filter f = { 0 };
	return list_filtered(r, &f);
}

static enum pl_err list_assignable(struct req *r)
{
	struct group_membership_filter f = { .assignable = true };
	return list_filtered(r, &f);
}

static enum pl_err list_by_group(struct req *r)
{
	struct group_membership_filter f = { .group_id = r->id[0] };
	return list_filtered(r, &f);
}

static enum pl_err list_assignable_by_group(struct req *r)
{
	struct group_membership_filter f = { .group_id = r->id[0], .assignable = true };
	return list_filtered(r, &f);
}

static enum pl_err list_by_user(struct req *r)
{
	struct group_membership_filter f = { .user_id = r->id[0] };
	return list_filtered(r, &f);
}

static enum pl_err show(struct req *r)
{
	json_t *m;
	enum pl_err e = group_membership_get(&r->c, r->id[0], 0, &m);
	return e ? e : reply_obj(r, 200, "group_membership", json_incref(m));
}

static enum pl_err show_by_user(struct req *r)
{
	json_t *m;
	enum pl_err e = group_membership_get(&r->c, r->id[1], r->id[0], &m);
	return e ? e : reply_obj(r, 200, "group_membership", json_incref(m));
}

/* POST with the user from the path (user_id) or the body (0). */
static enum pl_err create_for(struct req *r, int64_t user_id)
{
	json_t *in, *m;
	enum pl_err e;
	if ((e = req_body_object(r, "group_membership", &in)) ||
	    (e = group_membership_create(&r->c, user_id, in, &m)))
		return e;
	return reply_created(r, "group_membership", json_incref(m));
}

static enum pl_err create(struct req *r)
{
	return create_for(r, 0);
}

static enum pl_err create_by_user(struct req *r)
{
	return create_for(r, r->id[0]);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = group_membership_delete(&r->c, r->id[0], 0);
	return e ? e : reply_no_content(r);
}

static enum pl_err destroy_by_user(struct req *r)
{
	enum pl_err e = group_membership_delete(&r->c, r->id[1], r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err make_default(struct req *r)
{
	json_t *all;
	enum pl_err e = group_membership_make_default(&r->c, r->id[0], r->id[1], &all);
	return e ? e : reply_obj(r, 200, "group_memberships", json_incref(all));
}

static enum pl_err create_item(struct req *r, void *arg, int index, int64_t *id,
	const char **action)
{
	json_t *in, *m;
	enum pl_err e;
	if ((e = bulk_item_object(r, arg, index, &in)) ||
	    (e = group_membership_create(&r->c, 0, in, &m)))
		return e;
	*id = json_integer_value(json_object_get(m, "id"));
	*action = "create";
	return PL_OK;
}

static enum pl_err create_many(struct req *r)
{
	json_t *items;
	enum pl_err e = req_body_array(r, "group_memberships", 100, &items);
	if (e)
		return e;
	return bulk_run(r, "bulk_create_group_memberships", (int)json_array_size(items),
		create_item, items);
}

/* group_membership_delete of any user's membership. */
static enum pl_err delete_one(struct ctx *c, int64_t id)
{
	return group_membership_delete(c, id, 0);
}

static enum pl_err destroy_many(struct req *r)
{
	return bulk_destroy_many(r, "bulk_destroy_group_memberships", NULL,
		delete_one);
}

const struct route group_memberships_routes[] = {
	{ V_GET, "group_memberships", list, ROLE_AGENT },
	{ V_POST, "group_memberships", create, ROLE_ADMIN },
	{ V_GET, "group_memberships/assignable", list_assignable, ROLE_AGENT },
	{ V_POST, "group_memberships/create_many", create_many, ROLE_ADMIN },
	{ V_DELETE, "group_memberships/destroy_many", destroy_many, ROLE_ADMIN },
	{ V_GET, "group_memberships/{id}", show, ROLE_AGENT },
	{ V_DELETE, "group_memberships/{id}", destroy, ROLE_ADMIN },
	{ V_GET, "groups/{id}/memberships", list_by_group, ROLE_AGENT },
	{ V_GET, "groups/{id}/memberships/assignable", list_assignable_by_group,
		ROLE_AGENT },
	{ V_GET, "users/{id}/group_memberships", list_by_user, ROLE_AGENT },
	{ V_POST, "users/{id}/group_memberships", create_by_user, ROLE_ADMIN },
	{ V_GET, "users/{id}/group_memberships/{id}", show_by_user, ROLE_AGENT },
	{ V_DELETE, "users/{id}/group_memberships/{id}", destroy_by_user, ROLE_ADMIN },
	{ V_PUT, "users/{id}/group_memberships/{id}/make_default", make_default,
		ROLE_ADMIN },
	{ 0 },
};
