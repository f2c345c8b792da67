/*
 * users.c: users of an account and their rules.
 *
 * Invariants:
 *  1. Emails are stored lower-cased and unique within an account; so are
 *     external ids.  Both are checked before writing, so a duplicate is a
 *     422 and never a failed statement.
 *  2. Deleting a user is soft: active becomes 0 and the row stays, so the
 *     tickets and audits that name the user keep resolving.  Deleted users
 *     can be read but not changed.
 *  3. End users may read only their own record.
 *  4. users.organization_id and users.default_group_id are written only by
 *     organization_memberships.c and group_memberships.c, which keep them
 *     equal to the user's default membership.
 *  5. Only agents and admins have group memberships: demoting a user to
 *     end-user or deleting them removes theirs.
 *  6. An account keeps at least one active, unsuspended admin.
 *
 * A write loads the stored record (or defaults), applies the request
 * object onto a copy, checks the rules on the pair (before, after), then
 * writes every column, all in one transaction.
 */
#include "parley.h"
#include "core/auth.h"
#include "core/group_memberships.h"
#include "core/groups.h"
#include "core/input.h"
#include "core/organization_memberships.h"
#include "core/organizations.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define COLS "id, name, email, role, external_id, organization_id, default_group_id," \
	" locale, time_zone, active, suspended, verified, extra, last_login_at," \
	" created_at, updated_at, ticket_restriction"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 128

enum pl_role user_role_parse(const char *name)
{
	if (!name)
		return ROLE_ANON;
	if (!strcmp(name, "end-user"))
		return ROLE_END_USER;
	if (!strcmp(name, "agent"))
		return ROLE_AGENT;
	if (!strcmp(name, "admin"))
		return ROLE_ADMIN;
	return ROLE_ANON;
}

const char *user_role_name(enum pl_role role)
{
	return role == ROLE_ADMIN ? "admin" : role == ROLE_AGENT ? "agent" : "end-user";
}

/* json_object_set_new for row's keys, literals in ASCII: jansson's UTF-8
 * check of the key is a third of what a set costs. */
static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *role = stmt_text(st, 3);
	json_t *extra = jparse(stmt_text(st, 12), json_object());
	json_t *u = json_object();
	set(u, "id", json_integer(id));
	set(u, "url", json_string(ctx_url(c, "users/%lld", (long long)id)));
	set(u, "name", jstr(stmt_text(st, 1)));
	set(u, "email", jstr(stmt_text(st, 2)));
	set(u, "role", jstr(role));
	set(u, "role_type", strcmp(role, "admin") == 0 ? json_integer(4) : json_null());
	set(u, "external_id", jstr(stmt_text(st, 4)));
	set(u, "organization_id", jid(stmt_i64(st, 5)));
	set(u, "default_group_id", jid(stmt_i64(st, 6)));
	set(u, "locale", jstr(stmt_text(st, 7)));
	set(u, "locale_id", json_integer(1));
	set(u, "time_zone", jstr(stmt_text(st, 8)));
	set(u, "iana_time_zone", jstr(stmt_text(st, 8)));
	set(u, "active", json_boolean(stmt_i64(st, 9)));
	set(u, "suspended", json_boolean(stmt_i64(st, 10)));
	set(u, "verified", json_boolean(stmt_i64(st, 11)));
	set(u, "phone", jmember(extra, "phone", json_null()));
	set(u, "alias", jmember(extra, "alias", json_null()));
	set(u, "details", jmember(extra, "details", json_string("")));
	set(u, "notes", jmember(extra, "notes", json_string("")));
	set(u, "signature", jmember(extra, "signature", json_null()));
	set(u, "tags", jmember(extra, "tags", json_array()));
	set(u, "user_fields", jmember(extra, "user_fields", json_object()));
	set(u, "photo", json_null());
	set(u, "shared", json_false());
	set(u, "shared_agent", json_false());
	set(u, "moderator", json_boolean(strcmp(role, "end-user") != 0));
	bool end_user = strcmp(role, "end-user") == 0;
	set(u, "restricted_agent", json_boolean(!end_user &&
		!stmt_null(st, 16)));
	set(u, "only_private_comments", json_false());
	set(u, "ticket_restriction", end_user ? json_string("requested")
		: jstr(stmt_text(st, 16)));
	set(u, "custom_role_id", json_null());
	set(u, "last_login_at", jtime(stmt_i64(st, 13)));
	set(u, "created_at", jtime(stmt_i64(st, 14)));
	set(u, "updated_at", jtime(stmt_i64(st, 15)));
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

/* ---- Lists ---- */

/* " AND role IN (...)" for the role bits, from fixed names only.  Without
 * end users the condition is marked likely false: agents and admins are a
 * few among thousands of end users, which ANALYZE's statistics (an
 * average over the roles) do not tell, and the planner would then read
 * every user in id order rather than look the few up in users_role. */
static const char *roles_sql(struct ctx *c, unsigned roles)
{
	if (!roles)
		return "";
	bool few = !(roles & USER_ROLE_BIT(ROLE_END_USER));
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_adds(&b, few ? " AND likelihood(role IN (" : " AND role IN (");
	const char *sep = "";
	for (enum pl_role r = ROLE_END_USER; r <= ROLE_ADMIN; r++)
		if (roles & USER_ROLE_BIT(r)) {
			sbuf_printf(&b, "%s'%s'", sep, user_role_name(r));
			sep = ", ";
		}
	sbuf_adds(&b, few ? "), 0.01)" : ")");
	return b.s;
}

/* The FROM ... WHERE of users_list and users_count; binds "issiiii" as in
 * filter_args. */
static const char *filter_sql(struct ctx *c, const struct users_filter *f)
{
	return arena_printf(c->a, "FROM users WHERE account_id = ? AND active = 1%s"
		" AND (? IS NULL OR external_id = ?)"
		" AND (? = 0 OR id IN (SELECT user_id FROM group_memberships"
		" WHERE group_id = ?))"
		" AND (? = 0 OR id IN (SELECT user_id FROM organization_memberships"
		" WHERE organization_id = ?))", roles_sql(c, f->roles));
}

#define FILTER_FMT "issiiii"
#define FILTER_ARGS(c, f) (c)->account_id, (f)->external_id, (f)->external_id, \
	(f)->group_id, (f)->group_id, (f)->organization_id, (f)->organization_id

/* 404 when the filter names a group or organization not in the account. */
static enum pl_err filter_check(struct ctx *c, const struct users_filter *f)
{
	if (f->group_id && !group_exists(c, f->group_id, true))
		return ctx_not_found(c);
	if (f->organization_id && !org_exists(c, f->organization_id))
		return ctx_not_found(c);
	return PL_OK;
}

enum pl_err users_list(struct ctx *c, const struct page *p,
	const struct users_filter *f, struct list_result *out)
{
	enum pl_err e = filter_check(c, f);
	if (e)
		return e;
	return list_run(c, p, COLS, filter_sql(c, f), row, out, FILTER_FMT,
		FILTER_ARGS(c, f));
}

enum pl_err users_count(struct ctx *c, const struct users_filter *f, json_t **out)
{
	enum pl_err e = filter_check(c, f);
	if (e)
		return e;
	char *sql = arena_printf(c->a, "SELECT count(*) %s", filter_sql(c, f));
	return list_count(c, db_i64(c->db, sql, FILTER_FMT, FILTER_ARGS(c, f)), out);
}

enum pl_err users_show_many(struct ctx *c, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out)
{
	return list_show_many(c, "SELECT " COLS " FROM users WHERE account_id = ?"
		" AND id = ?", "SELECT " COLS " FROM users WHERE account_id = ?"
		" AND external_id = ?", row, ids, external_ids, n, out);
}

enum pl_err users_search(struct ctx *c, const struct page *p, const char *query,
	struct list_result *out)
{
	static const char any[] = "FROM users WHERE account_id = ? AND active = 1"
		" AND (lower(name) LIKE ? ESCAPE '\\'"
		" OR lower(coalesce(email, '')) LIKE ? ESCAPE '\\')";
	static const char by_name[] = "FROM users WHERE account_id = ? AND active = 1"
		" AND lower(name) LIKE ? ESCAPE '\\'";
	static const char by_email[] = "FROM users WHERE account_id = ? AND active = 1"
		" AND lower(coalesce(email, '')) LIKE ? ESCAPE '\\'";
	static const char by_external[] = "FROM users WHERE account_id = ? AND active = 1"
		" AND external_id = ?";
	const char *q = query;
	const char *sql = any;
	if (!strncmp(q, "email:", 6)) {
		sql = by_email;
		q += 6;
	} else if (!strncmp(q, "name:", 5)) {
		sql = by_name;
		q += 5;
	} else if (!strncmp(q, "external_id:", 12)) {
		sql = by_external;
		q += 12;
	}
	size_t n = strlen(q);
	if (n >= 2 && q[0] == '"' && q[n - 1] == '"')
		q = arena_strndup(c->a, q + 1, n - 2);
	if (sql == by_external)
		return list_run(c, p, COLS, sql, row, out, "is", c->account_id, q);
	char *like = list_like(c->a, q, false);
	if (sql == any)
		return list_run(c, p, COLS, sql, row, out, "iss", c->account_id, like, like);
	return list_run(c, p, COLS, sql, row, out, "is", c->account_id, like);
}

enum pl_err users_autocomplete(struct ctx *c, const struct page *p,
	const char *prefix, struct list_result *out)
{
	return list_run(c, p, COLS, "FROM users WHERE account_id = ? AND active = 1"
		" AND lower(name) LIKE ? ESCAPE '\\'", row, out, "is", c->account_id,
		list_like(c->a, prefix, true));
}

enum pl_err user_id_by_external(struct ctx *c, const char *external_id, int64_t *id)
{
	*id = db_i64(c->db, "SELECT id FROM users WHERE account_id = ? AND external_id = ?"
		" AND active = 1", "is", c->account_id, external_id);
	return *id > 0 ? PL_OK : ctx_not_found(c);
}

/* ---- Writes ---- */

/* The writable state of a user. */
struct rec {
	int64_t id;               /* 0 before creation */
	const char *name, *email, *external_id, *locale, *time_zone;
	enum pl_role role;
	int64_t organization_id, default_group_id;
	bool suspended, verified;
	const char *ticket_restriction; /* agents: NULL, groups, organization,
	                                 * assigned or requested */
	json_t *extra;            /* an object owned by the arena */
};

static void rec_defaults(struct ctx *c, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->role = ROLE_END_USER;
	r->locale = "en-US";
	r->time_zone = "UTC";
	r->extra = jown(c->a, json_object());
}

/* Loads active user id; PL_NOT_FOUND when none. */
static enum pl_err rec_load(struct ctx *c, int64_t id, struct rec *r)
{
	struct stmt *st = db_q(c->db, "SELECT name, email, role, external_id,"
		" organization_id, default_group_id, locale, time_zone, suspended,"
		" verified, extra, ticket_restriction FROM users WHERE account_id = ?"
		" AND id = ? AND active = 1",
		"ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step s = stmt_step(st);
	if (s != STEP_ROW) {
		stmt_reset(st);
		return s == STEP_DONE ? ctx_not_found(c) : ctx_store_failed(c);
	}
	r->id = id;
	r->name = arena_strdup(c->a, stmt_text(st, 0));
	r->email = arena_strdup(c->a, stmt_text(st, 1));
	r->role = user_role_parse(stmt_text(st, 2));
	r->external_id = arena_strdup(c->a, stmt_text(st, 3));
	r->organization_id = stmt_i64(st, 4);
	r->default_group_id = stmt_i64(st, 5);
	r->locale = arena_strdup(c->a, stmt_text(st, 6));
	r->time_zone = arena_strdup(c->a, stmt_text(st, 7));
	r->suspended = stmt_i64(st, 8);
	r->verified = stmt_i64(st, 9);
	r->extra = jown(c->a, jparse(stmt_text(st, 10), json_object()));
	r->ticket_restriction = arena_strdup(c->a, stmt_text(st, 11));
	stmt_reset(st);
	return PL_OK;
}

static char *lower(struct arena *a, const char *s)
{
	char *d = arena_strdup(a, s);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return d;
}

/* The password of a new user into *out (left alone when absent).  An update
 * refuses one: passwords change through users/{id}/password. */
static enum pl_err read_password(struct ctx *c, const struct rec *r, json_t *in,
	const char **out)
{
	if (!json_object_get(in, "password"))
		return PL_OK;
	if (r->id)
		return ctx_invalid(c, "password", "InvalidValue",
			"Password: change it with PUT users/{id}/password");
	enum pl_err e = input_text(c, in, "password", PASSWORD_MAX, out);
	if (!e && *out && strlen(*out) < PASSWORD_MIN)
		e = ctx_invalid(c, "password", "TooShort",
			"Password: is too short (minimum is %d characters)", PASSWORD_MIN);
	return e;
}

/* ticket_restriction: null or one of Zendesk's values.  It narrows what
 * search and views show an agent (core/ticket_access.c); end users are
 * always "requested", so theirs is not stored. */
static enum pl_err read_restriction(struct ctx *c, struct rec *r, json_t *in)
{
	static const char *const values[] = { "groups", "organization", "assigned",
		"requested" };
	const char *v = r->ticket_restriction;
	enum pl_err e = input_text(c, in, "ticket_restriction", 16, &v);
	if (e || !v) {
		r->ticket_restriction = e ? r->ticket_restriction : NULL;
		return e;
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(values); i++)
		if (strcmp(values[i], v) == 0) {
			r->ticket_restriction = values[i];
			return PL_OK;
		}
	return ctx_invalid(c, "ticket_restriction", "InvalidValue",
		"Ticket restriction: must be groups, organization, assigned,"
		" requested or null");
}

/* Applies the request object onto r, checking shapes only (no store).
 * Reports every bad field at once.  *password is set on creation only; on
 * update a password is refused (it has its own endpoint). */
static enum pl_err rec_apply(struct ctx *c, struct rec *r, json_t *in,
	const char **password)
{
	bool bad = false;
	const char *role = user_role_name(r->role);
	bad |= input_text(c, in, "name", 255, &r->name) != PL_OK;
	bad |= input_text(c, in, "email", 254, &r->email) != PL_OK;
	bad |= input_text(c, in, "role", 16, &role) != PL_OK;
	bad |= input_key(c, in, "external_id", &r->external_id) != PL_OK;
	bad |= input_id(c, in, "organization_id", &r->organization_id) != PL_OK;
	bad |= input_id(c, in, "default_group_id", &r->default_group_id) != PL_OK;
	bad |= input_text(c, in, "locale", 10, &r->locale) != PL_OK;
	bad |= input_text(c, in, "time_zone", 64, &r->time_zone) != PL_OK;
	bad |= input_bool(c, in, "suspended", &r->suspended) != PL_OK;
	bad |= input_bool(c, in, "verified", &r->verified) != PL_OK;
	bad |= input_extra_text(c, in, "phone", 50, r->extra) != PL_OK;
	bad |= input_extra_text(c, in, "alias", 255, r->extra) != PL_OK;
	bad |= input_extra_text(c, in, "details", 65535, r->extra) != PL_OK;
	bad |= input_extra_text(c, in, "notes", 65535, r->extra) != PL_OK;
	bad |= input_extra_text(c, in, "signature", 65535, r->extra) != PL_OK;
	bad |= input_words(c, in, "tags", 80, r->extra) != PL_OK;
	bad |= input_fields(c, in, "user_fields", r->extra) != PL_OK;
	bad |= read_password(c, r, in, password) != PL_OK;
	bad |= read_restriction(c, r, in) != PL_OK;
	if (input_is_blank(r->name))
		bad |= input_blank(c, "name") != PL_OK;
	if (r->email && !*r->email)
		r->email = NULL; /* "" clears, as null does */
	if (r->email && !user_email_valid(r->email))
		bad |= ctx_invalid(c, "email", "InvalidValue",
			"Email: %s is not properly formatted", r->email) != PL_OK;
	else if (r->email)
		r->email = lower(c->a, r->email);
	r->role = user_role_parse(role);
	if (r->role < ROLE_AGENT)
		r->ticket_restriction = NULL;
	if (r->role == ROLE_ANON)
		bad |= ctx_invalid(c, "role", "InvalidValue",
			"Role: must be end-user, agent or admin") != PL_OK;
	if (!r->locale)
		r->locale = "en-US";
	if (!r->time_zone)
		r->time_zone = "UTC";
	return bad ? PL_INVALID : PL_OK;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether extra key k is the same in x and y, an absent key counting as
 * the default it is rendered with (dflt, a new reference, is consumed). */
static bool extra_same(json_t *x, json_t *y, const char *k, json_t *dflt)
{
	json_t *vx = json_object_get(x, k), *vy = json_object_get(y, k);
	bool same = json_equal(vx ? vx : dflt, vy ? vy : dflt);
	json_decref(dflt);
	return same;
}

/* Whether after differs from before only in what end users may change
 * about themselves: name, locale, time zone, phone and alias.  Sending
 * back an unchanged record is no change. */
static bool profile_only(const struct rec *b, const struct rec *a)
{
	return same_str(b->email, a->email) && same_str(b->external_id, a->external_id) &&
		b->role == a->role && b->organization_id == a->organization_id &&
		b->default_group_id == a->default_group_id &&
		b->suspended == a->suspended && b->verified == a->verified &&
		same_str(b->ticket_restriction, a->ticket_restriction) &&
		extra_same(b->extra, a->extra, "details", json_string("")) &&
		extra_same(b->extra, a->extra, "notes", json_string("")) &&
		extra_same(b->extra, a->extra, "signature", json_null()) &&
		extra_same(b->extra, a->extra, "tags", json_array()) &&
		extra_same(b->extra, a->extra, "user_fields", json_object());
}

/* 422 when the change would leave the account without an active admin. */
static enum pl_err keep_an_admin(struct ctx *c, const struct rec *b,
	enum pl_role role, bool suspended, bool deleting)
{
	if (b->role != ROLE_ADMIN || b->suspended ||
	    (role == ROLE_ADMIN && !suspended && !deleting))
		return PL_OK;
	int64_t others = db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ?"
		" AND role = 'admin' AND active = 1 AND suspended = 0 AND id != ?",
		"ii", c->account_id, b->id);
	if (others < 0)
		return ctx_store_failed(c);
	if (others == 0)
		return ctx_invalid(c, "base", "InvalidValue",
			"The account must keep at least one active administrator");
	return PL_OK;
}

/* Who may make this change: b is NULL on creation. */
static enum pl_err may_write(struct ctx *c, const struct rec *b, const struct rec *a,
	bool password)
{
	bool self = b && b->id == c->me.id;
	if (c->me.role < ROLE_AGENT) {
		if (!self)
			return ctx_not_found(c);
		return profile_only(b, a) ? PL_OK : ctx_forbidden(c);
	}
	if (c->me.role == ROLE_AGENT) {
		/* Roles, passwords and group memberships are admin business. */
		if (b && !self && b->role != ROLE_END_USER)
			return ctx_forbidden(c);
		if ((b ? b->role : ROLE_END_USER) != a->role || password ||
		    (b ? b->default_group_id : 0) != a->default_group_id ||
		    !same_str(b ? b->ticket_restriction : NULL, a->ticket_restriction))
			return ctx_forbidden(c);
		return PL_OK;
	}
	return b ? keep_an_admin(c, b, a->role, a->suspended, false) : PL_OK;
}

/* The store-dependent rules: uniqueness and the records a user names. */
static enum pl_err rec_check(struct ctx *c, const struct rec *b, const struct rec *a)
{
	bool bad = false;
	if (a->email && (!b || !same_str(a->email, b->email)) &&
	    db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ? AND email = ?"
		" AND id != ?", "isi", c->account_id, a->email, a->id) != 0)
		bad |= ctx_invalid(c, "email", "DuplicateValue",
			"Email: %s is already being used by another user", a->email) != PL_OK;
	if (a->external_id && (!b || !same_str(a->external_id, b->external_id)) &&
	    db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ?"
		" AND external_id = ? AND id != ?", "isi", c->account_id,
		a->external_id, a->id) != 0)
		bad |= ctx_invalid(c, "external_id", "DuplicateValue",
			"External id: %s is already being used by another user",
			a->external_id) != PL_OK;
	if (a->organization_id && (!b || a->organization_id != b->organization_id) &&
	    !org_exists(c, a->organization_id))
		bad |= ctx_invalid(c, "organization_id", "InvalidValue",
			"Organization: %lld does not exist",
			(long long)a->organization_id) != PL_OK;
	if (a->default_group_id && (!b || a->default_group_id != b->default_group_id)) {
		if (a->role < ROLE_AGENT)
			bad |= ctx_invalid(c, "default_group_id", "InvalidValue",
				"Default group: only agents can be group members") != PL_OK;
		else if (!group_exists(c, a->default_group_id, false))
			bad |= ctx_invalid(c, "default_group_id", "InvalidValue",
				"Default group: %lld does not exist",
				(long long)a->default_group_id) != PL_OK;
	}
	return bad ? PL_INVALID : PL_OK;
}

/* Memberships that follow from the change (invariants 4 and 5). */
static enum pl_err rec_links(struct ctx *c, const struct rec *b, const struct rec *a)
{
	enum pl_err e = PL_OK;
	if (b && b->role >= ROLE_AGENT && a->role < ROLE_AGENT)
		e = group_membership_drop_user(c, a->id);
	if (!e && a->organization_id != (b ? b->organization_id : 0))
		e = a->organization_id
			? org_membership_set_default(c, a->id, a->organization_id)
			: org_membership_drop_default(c, a->id);
	if (!e && a->default_group_id && a->default_group_id != (b ? b->default_group_id : 0))
		e = group_membership_set_default(c, a->id, a->default_group_id);
	return e;
}

static enum pl_err rec_insert(struct ctx *c, struct rec *a, const char *hash)
{
	a->id = db_i64(c->db, "INSERT INTO users(account_id, name, email, role,"
		" external_id, locale, time_zone, suspended, verified, password_hash,"
		" extra, ticket_restriction, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"issssssbbsssii", c->account_id, a->name, a->email, user_role_name(a->role),
		a->external_id, a->locale, a->time_zone, (int)a->suspended,
		(int)a->verified, hash, jdump(c->a, a->extra), a->ticket_restriction,
		c->now, c->now);
	return a->id > 0 ? PL_OK : ctx_store_failed(c);
}

static enum pl_err rec_update(struct ctx *c, const struct rec *a)
{
	if (!db_exec(c->db, "UPDATE users SET name = ?, email = ?, role = ?,"
		" external_id = ?, locale = ?, time_zone = ?, suspended = ?, verified = ?,"
		" extra = ?, ticket_restriction = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?",
		"ssssssbbssiii", a->name, a->email, user_role_name(a->role), a->external_id,
		a->locale, a->time_zone, (int)a->suspended, (int)a->verified,
		jdump(c->a, a->extra), a->ticket_restriction, c->now, c->account_id, a->id))
		return ctx_store_failed(c);
	return PL_OK;
}

/* Creates from in inside the caller's transaction; hash is the argon2id
 * hash of in's password, or NULL.  *id is the new user. */
static enum pl_err create_in_tx(struct ctx *c, json_t *in, const char *hash,
	int64_t *id)
{
	struct rec a;
	const char *password = NULL;
	enum pl_err e;
	rec_defaults(c, &a);
	if ((e = rec_apply(c, &a, in, &password)) ||
	    (e = may_write(c, NULL, &a, password != NULL)) ||
	    (e = rec_check(c, NULL, &a)) ||
	    (e = rec_insert(c, &a, hash)) ||
	    (e = rec_links(c, NULL, &a)))
		return e;
	*id = a.id;
	return PL_OK;
}

/* Updates user id from in inside the caller's transaction.  *forget tells
 * whether cached credentials of the user must go (suspension, new email). */
static enum pl_err update_in_tx(struct ctx *c, int64_t id, json_t *in, bool *forget)
{
	struct rec b, a;
	const char *password = NULL;
	enum pl_err e;
	if ((e = rec_load(c, id, &b)))
		return e;
	a = b;
	a.extra = jown(c->a, json_deep_copy(b.extra));
	if ((e = rec_apply(c, &a, in, &password)) ||
	    (e = may_write(c, &b, &a, false)) ||
	    (e = rec_check(c, &b, &a)) ||
	    (e = rec_update(c, &a)) ||
	    (e = rec_links(c, &b, &a)))
		return e;
	*forget = (a.suspended && !b.suspended) || !same_str(a.email, b.email);
	return PL_OK;
}

/* An argon2id hash of in's password, computed before the transaction so the
 * write lock is not held through it; NULL when there is none. */
static enum pl_err hash_password(struct ctx *c, json_t *in, char **hash)
{
	json_t *pw = json_object_get(in, "password");
	*hash = NULL;
	if (!json_is_string(pw) || json_string_length(pw) < PASSWORD_MIN ||
	    json_string_length(pw) > PASSWORD_MAX)
		return PL_OK; /* rec_apply reports a bad one */
	*hash = auth_password_hash(c, json_string_value(pw));
	return *hash ? PL_OK : ctx_fail(c, PL_INTERNAL, "could not hash the password");
}

/* Commits and reads user id back. */
static enum pl_err finish(struct ctx *c, int64_t id, bool forget, json_t **out)
{
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	if (forget)
		auth_forget_user(id);
	return user_get(c, id, out);
}

enum pl_err user_create(struct ctx *c, json_t *in, json_t **out)
{
	char *hash;
	int64_t id;
	enum pl_err e = hash_password(c, in, &hash);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = create_in_tx(c, in, hash, &id))) {
		db_rollback(c->db);
		return e;
	}
	return finish(c, id, false, out);
}

enum pl_err user_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	bool forget = false;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = update_in_tx(c, id, in, &forget);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return finish(c, id, forget, out);
}

enum pl_err user_create_or_update(struct ctx *c, json_t *in, json_t **out,
	bool *created)
{
	const char *email = NULL, *external_id = NULL;
	enum pl_err e;
	if ((e = input_text(c, in, "email", 254, &email)) ||
	    (e = input_key(c, in, "external_id", &external_id)))
		return e;
	char *hash;
	if ((e = hash_password(c, in, &hash)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = email ? db_i64(c->db, "SELECT id FROM users WHERE account_id = ?"
		" AND email = ? AND active = 1", "is", c->account_id, lower(c->a, email)) : -1;
	if (id <= 0 && external_id)
		id = db_i64(c->db, "SELECT id FROM users WHERE account_id = ?"
			" AND external_id = ? AND active = 1", "is", c->account_id,
			external_id);
	bool forget = false;
	*created = id <= 0;
	e = *created ? create_in_tx(c, in, hash, &id) : update_in_tx(c, id, in, &forget);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return finish(c, id, forget, out);
}

enum pl_err user_delete(struct ctx *c, int64_t id, json_t **out)
{
	struct rec b;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = rec_load(c, id, &b);
	if (!e && c->me.role < ROLE_ADMIN && b.role != ROLE_END_USER)
		e = ctx_forbidden(c);
	if (!e)
		e = keep_an_admin(c, &b, b.role, b.suspended, true);
	if (!e && !db_exec(c->db, "UPDATE users SET active = 0, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "iii", c->now, c->account_id, id))
		e = ctx_store_failed(c);
	if (!e)
		e = group_membership_drop_user(c, id);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return finish(c, id, true, out);
}

/* Checks previous as the principal's current password. */
static enum pl_err check_previous(struct ctx *c, const char *previous, int *retry_after)
{
	if (!previous)
		return ctx_invalid(c, "previous_password", "BlankValue",
			"Previous password: cannot be blank");
	if (!c->me.email)
		return ctx_forbidden(c);
	enum pl_err e = auth_password(c, c->me.email, previous, retry_after);
	if (e != PL_UNAUTHORIZED)
		return e;
	c->err_title = NULL;
	return ctx_invalid(c, "previous_password", "InvalidValue",
		"Previous password: is not correct");
}

/* Checks a new password's length. */
static enum pl_err password_ok(struct ctx *c, const char *password)
{
	if (!password)
		return ctx_invalid(c, "password", "BlankValue", "Password: cannot be blank");
	size_t n = strlen(password);
	if (n < PASSWORD_MIN)
		return ctx_invalid(c, "password", "TooShort",
			"Password: is too short (minimum is %d characters)", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return ctx_invalid(c, "password", "TooLong",
			"Password: is too long (maximum is %d characters)", PASSWORD_MAX);
	return PL_OK;
}

enum pl_err user_password_hash(struct ctx *c, const char *password, char **hash)
{
	enum pl_err e = password_ok(c, password);
	if (e)
		return e;
	*hash = auth_password_hash(c, password);
	return *hash ? PL_OK : ctx_fail(c, PL_INTERNAL, "could not hash the password");
}

enum pl_err user_write_password(struct ctx *c, int64_t id, const char *hash)
{
	if (!db_exec(c->db, "UPDATE users SET password_hash = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ? AND active = 1", "siii", hash, c->now,
		c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

enum pl_err user_set_password(struct ctx *c, int64_t id, const char *previous,
	const char *password, int *retry_after)
{
	enum pl_err e;
	char *hash;
	if (!ctx_is_admin(c) && id != c->me.id)
		return ctx_is_agent(c) ? ctx_forbidden(c) : ctx_not_found(c);
	if ((e = password_ok(c, password)))
		return e;
	if (!ctx_is_admin(c) && (e = check_previous(c, previous, retry_after)))
		return e;
	if ((e = user_password_hash(c, password, &hash)))
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = user_write_password(c, id, hash))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	auth_forget_user(id);
	return PL_OK;
}

/* ---- Helpers for other modules ---- */

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

enum pl_err user_known(struct ctx *c, int64_t id)
{
	int64_t n = db_i64(c->db, "SELECT count(*) FROM users WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id);
	if (n < 0)
		return ctx_store_failed(c);
	return n ? PL_OK : ctx_not_found(c);
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
		r = user_role_parse(stmt_text(st, 0));
		*organization_id = stmt_i64(st, 1);
	}
	if (st)
		stmt_reset(st);
	return r;
}

static json_t *id_row(struct ctx *c, struct stmt *st)
{
	return json_integer(stmt_i64(st, 0));
}

enum pl_err user_agent_ids(struct ctx *c, int64_t group_id, json_t **out)
{
	if (!group_id)
		return list_all(c, "SELECT id FROM users WHERE account_id = ? AND active = 1"
			" AND role IN ('agent', 'admin') ORDER BY id", id_row, out, "i",
			c->account_id);
	return list_all(c, "SELECT u.id FROM group_memberships m JOIN users u"
		" ON u.account_id = m.account_id AND u.id = m.user_id"
		" WHERE m.account_id = ? AND m.group_id = ? AND u.active = 1"
		" AND u.role IN ('agent', 'admin') ORDER BY u.id", id_row, out, "ii",
		c->account_id, group_id);
}

enum pl_err user_list_ids(struct ctx *c, json_t *ids, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM users WHERE +account_id = ? AND id IN"
		" (SELECT value FROM json_each(?)) ORDER BY id", row, out, "is",
		c->account_id, jdump(c->a, ids));
}
