/*
 * users.c: /api/v2/users, and the users of a group or an organization.
 *
 * Routes ask for the smallest role that may use them; core/users.c applies
 * the finer rules (end users only on themselves, agents only on end users).
 */
#include "parley.h"
#include "api/bulk.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/users.h"
#include "http/request.h"
#include "util/arena.h"

#include <string.h>

/* Answers {"user": *u} with status unless e (see record_reply). */
static enum pl_err reply_user(struct req *r, int status, enum pl_err e,
	json_t *const *u)
{
	return record_reply(r, status, "user", e, u);
}

static enum pl_err me(struct req *r)
{
	json_t *u;
	return reply_user(r, 200, user_me(&r->c, &u), &u);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "user", user_get);
}

/* ?role=, ?role[]= (repeatable) and ?external_id=. */
static enum pl_err filter_parse(struct req *r, struct users_filter *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < r->nq; i++) {
		const char *v = r->q[i].value;
		if ((strcmp(r->q[i].name, "role") && strcmp(r->q[i].name, "role[]")) ||
		    !v || !*v || !strcmp(v, "undefined"))
			continue;
		enum pl_role role = user_role_parse(v);
		if (role == ROLE_ANON)
			return ctx_fail(&r->c, PL_BAD_REQUEST,
				"Parameter role must be end-user, agent or admin");
		f->roles |= USER_ROLE_BIT(role);
	}
	f->external_id = req_query(r, "external_id");
	return PL_OK;
}

static enum pl_err list_filtered(struct req *r, struct users_filter *f)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)) || (e = users_list(&r->c, &p, f, &res)))
		return e;
	return page_reply(r, &p, "users", &res);
}

static enum pl_err list(struct req *r)
{
	struct users_filter f;
	enum pl_err e = filter_parse(r, &f);
	return e ? e : list_filtered(r, &f);
}

static enum pl_err list_by_group(struct req *r)
{
	struct users_filter f;
	enum pl_err e = filter_parse(r, &f);
	f.group_id = r->id[0];
	return e ? e : list_filtered(r, &f);
}

static enum pl_err list_by_org(struct req *r)
{
	struct users_filter f;
	enum pl_err e = filter_parse(r, &f);
	f.organization_id = r->id[0];
	return e ? e : list_filtered(r, &f);
}

static enum pl_err count(struct req *r)
{
	struct users_filter f;
	json_t *n;
	enum pl_err e;
	if ((e = filter_parse(r, &f)) || (e = users_count(&r->c, &f, &n)))
		return e;
	return reply_obj(r, 200, "count", json_incref(n));
}

static enum pl_err show_many(struct req *r)
{
	return bulk_show_many(r, "users", user_id_by_external, users_show_many);
}

static enum pl_err search(struct req *r)
{
	const char *q = req_query(r, "query");
	const char *ext = req_query(r, "external_id");
	struct page p;
	struct list_result res;
	enum pl_err e;
	if (!q && !ext)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Give query= or external_id=");
	if (!q)
		q = arena_printf(r->c.a, "external_id:%s", ext);
	if ((e = page_parse(r, &p, 100)) || (e = users_search(&r->c, &p, q, &res)))
		return e;
	return page_reply(r, &p, "users", &res);
}

static enum pl_err autocomplete(struct req *r)
{
	return record_autocomplete(r, "users", users_autocomplete);
}

static enum pl_err create(struct req *r)
{
	return record_create(r, "user", user_create);
}

static enum pl_err create_or_update(struct req *r)
{
	return record_create_or_update(r, "user", user_create_or_update);
}

static enum pl_err update(struct req *r)
{
	return record_update(r, "user", user_update);
}

static enum pl_err destroy(struct req *r)
{
	json_t *u;
	return reply_user(r, 200, user_delete(&r->c, r->id[0], &u), &u);
}

static enum pl_err password(struct req *r)
{
	json_t *b;
	enum pl_err e = req_body(r, &b);
	if (e)
		return e;
	json_t *pw = json_object_get(b, "password");
	json_t *prev = json_object_get(b, "previous_password");
	if ((pw && !json_is_string(pw)) || (prev && !json_is_string(prev)))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Passwords must be strings");
	int retry = 0;
	e = user_set_password(&r->c, r->id[0], json_string_value(prev),
		json_string_value(pw), &retry);
	if (e == PL_RATE_LIMITED)
		reply_header(r, "Retry-After", arena_printf(r->c.a, "%d", retry));
	return e ? e : reply_json(r, 200, json_object());
}

/* ---- Bulk ---- */

static enum pl_err create_or_update_item(struct req *r, void *arg, int index,
	int64_t *id, const char **action)
{
	json_t *in, *u;
	bool created;
	enum pl_err e;
	if ((e = bulk_item_object(r, arg, index, &in)) ||
	    (e = user_create_or_update(&r->c, in, &u, &created)))
		return e;
	*id = json_integer_value(json_object_get(u, "id"));
	*action = created ? "create" : "update";
	return PL_OK;
}

static enum pl_err create_many(struct req *r)
{
	return bulk_create_many(r, "bulk_create_users", "users", user_create);
}

static enum pl_err create_or_update_many(struct req *r)
{
	json_t *items;
	enum pl_err e = req_body_array(r, "users", 100, &items);
	if (e)
		return e;
	return bulk_run(r, "bulk_create_or_update_users", (int)json_array_size(items),
		create_or_update_item, items);
}

static enum pl_err update_many(struct req *r)
{
	return bulk_update_many(r, "bulk_update_users", "users", "user", user_update,
		user_id_by_external);
}

/* user_delete without the deleted user. */
static enum pl_err delete_one(struct ctx *c, int64_t id)
{
	json_t *u;
	return user_delete(c, id, &u);
}

static enum pl_err destroy_many(struct req *r)
{
	return bulk_destroy_many(r, "bulk_destroy_users", user_id_by_external,
		delete_one);
}

const struct route users_routes[] = {
	{ V_GET, "users", list, ROLE_AGENT },
	{ V_POST, "users", create, ROLE_AGENT },
	{ V_GET, "users/me", me, ROLE_ANON },
	{ V_GET, "users/count", count, ROLE_AGENT },
	{ V_GET, "users/show_many", show_many, ROLE_AGENT },
	{ V_GET, "users/search", search, ROLE_AGENT },
	{ V_GET, "users/autocomplete", autocomplete, ROLE_AGENT },
	{ V_POST, "users/create_many", create_many, ROLE_AGENT },
	{ V_POST, "users/create_or_update", create_or_update, ROLE_AGENT },
	{ V_POST, "users/create_or_update_many", create_or_update_many, ROLE_AGENT },
	{ V_PUT, "users/update_many", update_many, ROLE_AGENT },
	{ V_DELETE, "users/destroy_many", destroy_many, ROLE_AGENT },
	{ V_GET, "users/{id}", show, ROLE_END_USER },
	{ V_PUT, "users/{id}", update, ROLE_END_USER },
	{ V_DELETE, "users/{id}", destroy, ROLE_AGENT },
	{ V_PUT | V_POST, "users/{id}/password", password, ROLE_END_USER },
	{ V_GET, "groups/{id}/users", list_by_group, ROLE_AGENT },
	{ V_GET, "organizations/{id}/users", list_by_org, ROLE_AGENT },
	{ 0 },
};
