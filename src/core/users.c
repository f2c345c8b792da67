/*
 * users.c: users of an account and their rules.
 *
 * Invariants:
 *  1. Emails are stored lower-cased and unique within an account.
 *  2. Deleting a user is soft: active becomes 0 and the row stays, so the
 *     tickets and audits that name the user keep resolving.
 *  3. End users may read only their own record.
 */
#include "parley.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, email, role, external_id, organization_id, default_group_id," \
	" locale, time_zone, active, suspended, verified, extra, last_login_at," \
	" created_at, updated_at"

static json_t *extra_get(json_t *extra, const char *key, json_t *dflt)
{
	json_t *v = json_object_get(extra, key);
	if (!v)
		return dflt;
	json_decref(dflt);
	return json_incref(v);
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *role = stmt_text(st, 3);
	json_t *extra = jparse(stmt_text(st, 12), json_object());
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(id));
	json_object_set_new(u, "url", json_string(ctx_url(c, "users/%lld", (long long)id)));
	json_object_set_new(u, "name", jstr(stmt_text(st, 1)));
	json_object_set_new(u, "email", jstr(stmt_text(st, 2)));
	json_object_set_new(u, "role", jstr(role));
	json_object_set_new(u, "role_type", strcmp(role, "admin") == 0 ? json_integer(4) : json_null());
	json_object_set_new(u, "external_id", jstr(stmt_text(st, 4)));
	json_object_set_new(u, "organization_id", jid(stmt_i64(st, 5)));
	json_object_set_new(u, "default_group_id", jid(stmt_i64(st, 6)));
	json_object_set_new(u, "locale", jstr(stmt_text(st, 7)));
	json_object_set_new(u, "locale_id", json_integer(1));
	json_object_set_new(u, "time_zone", jstr(stmt_text(st, 8)));
	json_object_set_new(u, "iana_time_zone", jstr(stmt_text(st, 8)));
	json_object_set_new(u, "active", json_boolean(stmt_i64(st, 9)));
	json_object_set_new(u, "suspended", json_boolean(stmt_i64(st, 10)));
	json_object_set_new(u, "verified", json_boolean(stmt_i64(st, 11)));
	json_object_set_new(u, "phone", extra_get(extra, "phone", json_null()));
	json_object_set_new(u, "alias", extra_get(extra, "alias", json_null()));
	json_object_set_new(u, "details", extra_get(extra, "details", json_string("")));
	json_object_set_new(u, "notes", extra_get(extra, "notes", json_string("")));
	json_object_set_new(u, "signature", extra_get(extra, "signature", json_null()));
	json_object_set_new(u, "tags", extra_get(extra, "tags", json_array()));
	json_object_set_new(u, "user_fields", extra_get(extra, "user_fields", json_object()));
	json_object_set_new(u, "photo", json_null());
	json_object_set_new(u, "shared", json_false());
	json_object_set_new(u, "shared_agent", json_false());
	json_object_set_new(u, "moderator", json_boolean(strcmp(role, "end-user") != 0));
	json_object_set_new(u, "restricted_agent", json_false());
	json_object_set_new(u, "only_private_comments", json_false());
	json_object_set_new(u, "ticket_restriction",
		strcmp(role, "end-user") == 0 ? json_string("requested") : json_null());
	json_object_set_new(u, "custom_role_id", json_null());
	json_object_set_new(u, "last_login_at", jtime(stmt_i64(st, 13)));
	json_object_set_new(u, "created_at", jtime(stmt_i64(st, 14)));
	json_object_set_new(u, "updated_at", jtime(stmt_i64(st, 15)));
	json_decref(extra);
	return u;
}

enum pl_err user_get(struct ctx *c, int64_t id, json_t **out)
{
	if (!ctx_is_agent(c) && id != c->me.id)
		return ctx_not_found(c);
	return list_one(c, "SELECT " COLS " FROM users WHERE account_id = ? AND id = ?",
		row, out, "ii", c->account_id, id);
}

enum pl_err user_me(struct ctx *c, json_t **out)
{
	if (c->me.id)
		return user_get(c, c->me.id, out);
	json_t *u = json_pack("{s:n,s:s,s:n,s:s,s:s,s:b,s:b}",
		"id", "name", "Anonymous user", "email", "role", "end-user",
		"locale", "en-US", "active", 1, "verified", 0);
	*out = jown(c->a, u);
	return PL_OK;
}

bool user_email_valid(const char *email)
{
	if (!email)
		return false;
	size_t n = strlen(email);
	const char *at = strchr(email, '@');
	if (n > 254 || !at || at == email || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || dot[1] == 0)
		return false;
	for (const char *p = email; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '<' || *p == '>')
			return false;
	return true;
}

static char *lower(struct arena *a, const char *s)
{
	char *d = arena_strdup(a, s);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return d;
}

enum pl_err user_find_or_create(struct ctx *c, const char *name, const char *email,
	int64_t *id)
{
	if (!user_email_valid(email))
		return ctx_invalid(c, "email", "InvalidValue",
			"Email: %s is not properly formatted", email ? email : "");
	char *e = lower(c->a, email);
	int64_t found = db_i64(c->db, "SELECT id FROM users WHERE account_id = ? AND email = ?",
		"is", c->account_id, e);
	if (found > 0) {
		*id = found;
		return PL_OK;
	}
	char *n = (name && *name) ? arena_strdup(c->a, name)
		: arena_strndup(c->a, e, (size_t)(strchr(e, '@') - e));
	int64_t nid = db_i64(c->db, "INSERT INTO users(account_id, name, email, role,"
		" created_at, updated_at) VALUES (?, ?, ?, 'end-user', ?, ?) RETURNING id",
		"issii", c->account_id, n, e, c->now, c->now);
	if (nid <= 0)
		return ctx_store_failed(c);
	*id = nid;
	return PL_OK;
}

enum pl_role user_role(struct ctx *c, int64_t id)
{
	int64_t org;
	return user_role_org(c, id, &org);
}

enum pl_role user_role_org(struct ctx *c, int64_t id, int64_t *organization_id)
{
	struct stmt *st = db_q(c->db, "SELECT role, organization_id FROM users"
		" WHERE account_id = ? AND id = ? AND active = 1", "ii", c->account_id, id);
	enum pl_role r = ROLE_ANON;
	*organization_id = 0;
	if (st && stmt_step(st) == STEP_ROW) {
		const char *s = stmt_text(st, 0);
		r = !strcmp(s, "admin") ? ROLE_ADMIN : !strcmp(s, "agent") ? ROLE_AGENT
			: ROLE_END_USER;
		*organization_id = stmt_i64(st, 1);
	}
	if (st)
		stmt_reset(st);
	return r;
}

enum pl_err user_list_ids(struct ctx *c, json_t *ids, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM users WHERE account_id = ? AND id IN"
		" (SELECT value FROM json_each(?)) ORDER BY id", row, out, "is",
		c->account_id, jdump(c->a, ids));
}
