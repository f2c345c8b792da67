/*
 * organizations.c: /api/v2/organizations, and the organizations of a user.
 *
 * Agents read; admins write.
 */
#include "parley.h"
#include "api/bulk.h"
#include "api/page.h"
#include "api/routes.h"
#include "core/organizations.h"
#include "http/request.h"

/* Answers {"organization": *o} with status unless e; o is read only after
 * e was computed, so callers may pass the call that fills it as e. */
static enum pl_err reply_org(struct req *r, int status, enum pl_err e,
	json_t *const *o)
{
	if (e)
		return e;
	return status == 201 ? reply_created(r, "organization", json_incref(*o))
		: reply_obj(r, status, "organization", json_incref(*o));
}

static enum pl_err reply_count(struct req *r, enum pl_err e, json_t *const *n)
{
	return e ? e : reply_obj(r, 200, "count", json_incref(*n));
}

static enum pl_err list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = orgs_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "organizations", &res);
}

static enum pl_err list_by_user(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = orgs_of_user(&r->c, &p, r->id[0], &res)))
		return e;
	return page_reply(r, &p, "organizations", &res);
}

static enum pl_err count(struct req *r)
{
	json_t *n;
	return reply_count(r, orgs_count(&r->c, 0, &n), &n);
}

static enum pl_err count_by_user(struct req *r)
{
	json_t *n;
	return reply_count(r, orgs_count(&r->c, r->id[0], &n), &n);
}

static enum pl_err show(struct req *r)
{
	json_t *o;
	return reply_org(r, 200, org_get(&r->c, r->id[0], &o), &o);
}

static enum pl_err show_many(struct req *r)
{
	struct bulk_ids b;
	json_t *orgs;
	enum pl_err e;
	if ((e = bulk_ids_parse(r, org_id_by_external, &b)) ||
	    (e = orgs_show_many(&r->c, b.ids, b.external_ids, b.n, &orgs)))
		return e;
	return reply_obj(r, 200, "organizations", json_incref(orgs));
}

static enum pl_err related(struct req *r)
{
	json_t *o;
	enum pl_err e = org_related(&r->c, r->id[0], &o);
	return e ? e : reply_obj(r, 200, "organization_related", json_incref(o));
}

static enum pl_err search(struct req *r)
{
	const char *ext = req_query(r, "external_id");
	const char *name = req_query(r, "name");
	struct page p;
	struct list_result res;
	enum pl_err e;
	if (!ext && !name)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Give external_id= or name=");
	if ((e = page_parse(r, &p, 100)) || (e = orgs_search(&r->c, &p, ext, name, &res)))
		return e;
	return page_reply(r, &p, "organizations", &res);
}

static enum pl_err autocomplete(struct req *r)
{
	const char *name = req_query(r, "name");
	struct page p;
	struct list_result res;
	enum pl_err e;
	if (!name)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Give name=");
	if ((e = page_parse(r, &p, 100)) || (e = orgs_autocomplete(&r->c, &p, name, &res)))
		return e;
	return page_reply(r, &p, "organizations", &res);
}

static enum pl_err create(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "organization", &in);
	return reply_org(r, 201, e ? e : org_create(&r->c, in, &o), &o);
}

static enum pl_err create_or_update(struct req *r)
{
	json_t *in, *o = NULL;
	bool created = false;
	enum pl_err e = req_body_object(r, "organization", &in);
	if (!e)
		e = org_create_or_update(&r->c, in, &o, &created);
	return reply_org(r, created ? 201 : 200, e, &o);
}

static enum pl_err update(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "organization", &in);
	return reply_org(r, 200, e ? e : org_update(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err destroy(struct req *r)
{
	enum pl_err e = org_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* ---- Bulk ---- */

static enum pl_err create_many(struct req *r)
{
	return bulk_create_many(r, "bulk_create_organizations", "organizations",
		org_create);
}

static enum pl_err update_many(struct req *r)
{
	return bulk_update_many(r, "bulk_update_organizations", "organizations",
		"organization", org_update, org_id_by_external);
}

static enum pl_err destroy_item(struct req *r, void *arg, int index, int64_t *id,
	const char **action)
{
	enum pl_err e;
	if ((e = bulk_id(r, arg, index, id)) || (e = org_delete(&r->c, *id)))
		return e;
	*action = "delete";
	return PL_OK;
}

static enum pl_err destroy_many(struct req *r)
{
	struct bulk_ids b;
	enum pl_err e = bulk_ids_parse(r, org_id_by_external, &b);
	return e ? e : bulk_run(r, "bulk_destroy_organizations", b.n, destroy_item, &b);
}

const struct route organizations_routes[] = {
	{ V_GET, "organizations", list, ROLE_AGENT },
	{ V_POST, "organizations", create, ROLE_ADMIN },
	{ V_GET, "organizations/count", count, ROLE_AGENT },
	{ V_GET, "organizations/show_many", show_many, ROLE_AGENT },
	{ V_GET, "organizations/search", search, ROLE_AGENT },
	{ V_GET, "organizations/autocomplete", autocomplete, ROLE_AGENT },
	{ V_POST, "organizations/create_many", create_many, ROLE_ADMIN },
	{ V_POST, "organizations/create_or_update", create_or_update, ROLE_ADMIN },
	{ V_PUT, "organizations/update_many", update_many, ROLE_ADMIN },
	{ V_DELETE, "organizations/destroy_many", destroy_many, ROLE_ADMIN },
	{ V_GET, "organizations/{id}", show, ROLE_AGENT },
	{ V_PUT, "organizations/{id}", update, ROLE_ADMIN },
	{ V_DELETE, "organizations/{id}", destroy, ROLE_ADMIN },
	{ V_GET, "organizations/{id}/related", related, ROLE_AGENT },
	{ V_GET, "users/{id}/organizations", list_by_user, ROLE_AGENT },
	{ V_GET, "users/{id}/organizations/count", count_by_user, ROLE_AGENT },
	{ 0 },
};
