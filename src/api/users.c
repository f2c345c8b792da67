/*
 * users.c: /api/v2/users.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/users.h"
#include "http/request.h"

static enum pl_err me(struct req *r)
{
	json_t *u;
	enum pl_err e = user_me(&r->c, &u);
	return e ? e : reply_obj(r, 200, "user", json_incref(u));
}

static enum pl_err show(struct req *r)
{
	json_t *u;
	enum pl_err e = user_get(&r->c, r->id[0], &u);
	return e ? e : reply_obj(r, 200, "user", json_incref(u));
}

const struct route users_routes[] = {
	{ V_GET, "users/me", me, ROLE_ANON },
	{ V_GET, "users/{id}", show, ROLE_END_USER },
	{ 0 },
};
