/*
 * organizations.c: /api/v2/organizations, and the organizations of a user.
 *
 * Agents read; admins write.
 */
#include "parley.h"
#include "api/bulk.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/organizations.h"
#include "http/request.h"

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
	return record_count(r, orgs_count(&r->c, 0, &n), &n);
}

static enum pl_err count_by_user(struct req *r)
{
	json_t *n;
	return record_count(r, orgs_count(&r->c, r->id[0], &n), &n);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "organization", org_get);
}

static enum pl_err show_many(struct req *r)
{
	return bulk_show_many(r, "organizations", org_id_by_external, orgs_show_many);
}

static enum pl_err related(struct req *r)
{
	return record_by_id(r, "organization_related", org_related);
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
	return record_autocomplete(r, "organizations", orgs_autocomplete);
}

static enum pl_err create(struct req *r)
{
	return record_create(r, "organization", org_create);
}

static enum pl_err create_or_update(struct req *r)
{
	return record_create_or_update(r, "organization", org_create_or_update);
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "organization", org_update);
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

static enum pl_err destroy_many(struct req *r)
{
	return bulk_destroy_many(r, "bulk_destroy_organizations", org_id_by_external,
		org_delete);
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
