/*
 * brands.c: brands of an account.
 *
 * Invariants:
 *  1. brands.subdomain and brands.host_mapping are unique across ALL
 *     accounts (they name accounts in Host headers, core/auth.c); the
 *     checks here are the one place that looks at other accounts' brands,
 *     and only to answer "taken".
 *  2. Exactly one live brand per account has is_default = 1, and it is
 *     active.  Making a brand the default clears the flag on the others in
 *     the same transaction; the default brand cannot be deleted.
 *  3. Deleting is soft (tickets keep naming the brand): deleted = 1, the
 *     host mapping is cleared and the subdomain becomes "_deleted_ID",
 *     which no valid label can equal, so the name is free again.
 *
 * brand_url is <scheme>://<subdomain>.<base host>, where the base host is
 * the request's host (from the API base, so --public-url applies) without
 * its first label when that label is one of the account's brands:
 * acme.localhost:8080 gives http://shop.localhost:8080 for brand "shop".
 * DNS is never consulted.
 */
#include "parley.h"
#include "core/brands.h"
#include "core/accounts.h"
#include "core/input.h"
#include "core/ticket_forms.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define STR_MAX 4096 /* bytes of a text attribute */

#define COLS "id, name, subdomain, host_mapping, is_default, active," \
	" has_help_center, signature_template, deleted, created_at, updated_at"

/* Splits the API base into scheme and host[:port], dropping the first
 * label when it is a live brand subdomain of the account. */
static void base_host(struct ctx *c, const char **scheme, const char **host)
{
	const char *b = c->api_base ? c->api_base : "http://localhost/api/v2";
	const char *sep = strstr(b, "://");
	*scheme = sep ? arena_strndup(c->a, b, (size_t)(sep - b)) : "http";
	const char *h = sep ? sep + 3 : b;
	char *hp = arena_strndup(c->a, h, strcspn(h, "/"));
	char *dot = strchr(hp, '.');
	*host = hp;
	if (!dot)
		return;
	char *label = arena_strndup(c->a, hp, (size_t)(dot - hp));
	if (db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
		" AND subdomain = ? AND deleted = 0", "is", c->account_id, label) > 0)
		*host = dot + 1;
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *scheme, *host;
	base_host(c, &scheme, &host);
	json_t *forms;
	if (ticket_form_ids_of_brand(c, id, &forms))
		forms = NULL;
	bool hc = stmt_i64(st, 6) != 0;
	json_t *b = json_object();
	json_object_set_new(b, "id", json_integer(id));
	json_object_set_new(b, "url", json_string(ctx_url(c, "brands/%lld", (long long)id)));
	json_object_set_new(b, "name", json_string(stmt_text(st, 1)));
	json_object_set_new(b, "brand_url", json_string(arena_printf(c->a, "%s://%s.%s",
		scheme, stmt_text(st, 2), host)));
	json_object_set_new(b, "subdomain", json_string(stmt_text(st, 2)));
	json_object_set_new(b, "host_mapping", jstr(stmt_text(st, 3)));
	json_object_set_new(b, "has_help_center", json_boolean(hc));
	json_object_set_new(b, "help_center_state", json_string(hc ? "enabled"
		: "disabled"));
	json_object_set_new(b, "active", json_boolean(stmt_i64(st, 5)));
	json_object_set_new(b, "default", json_boolean(stmt_i64(st, 4)));
	json_object_set_new(b, "is_deleted", json_boolean(stmt_i64(st, 8)));
	json_object_set_new(b, "logo", json_null());
	json_object_set_new(b, "ticket_form_ids", forms ? json_incref(forms) : json_array());
	json_object_set_new(b, "signature_template", json_string(stmt_text(st, 7)));
	json_object_set_new(b, "created_at", jtime(stmt_i64(st, 9)));
	json_object_set_new(b, "updated_at", jtime(stmt_i64(st, 10)));
	return b;
}

enum pl_err brands_list(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM brands WHERE account_id = ?"
		" AND deleted = 0 ORDER BY id", row, out, "i", c->account_id);
}

enum pl_err brand_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM brands WHERE account_id = ?"
		" AND id = ? AND deleted = 0", row, out, "ii", c->account_id, id);
}

bool brand_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
		" AND id = ? AND deleted = 0", "ii", c->account_id, id) == 1;
}

/* Whether s is a host name: dot-separated labels of [a-z0-9-], none empty
 * or starting or ending with '-', at least two, at most 253 bytes. */
static bool valid_host(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253 || !strchr(s, '.'))
		return false;
	for (const char *p = s;;) {
		size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (len == 0 || len > 63 || p[0] == '-' || p[len - 1] == '-')
			return false;
		p += len;
		if (!*p)
			return true;
		if (*p != '.')
			return false;
		p++;
	}
}

static char *lower(struct arena *a, const char *s)
{
	char *d = arena_strdup(a, s);
	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return d;
}

/* A brand being created or updated. */
struct brand {
	const char *name, *subdomain, *host_mapping, *signature;
	int is_default, active, has_help_center;
};

static enum pl_err load_brand(struct ctx *c, int64_t id, struct brand *b)
{
	struct stmt *st = db_q(c->db, "SELECT name, subdomain, host_mapping,"
		" signature_template, is_default, active, has_help_center FROM brands"
		" WHERE account_id = ? AND id = ? AND deleted = 0", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		b->name = arena_strdup(c->a, stmt_text(st, 0));
		b->subdomain = arena_strdup(c->a, stmt_text(st, 1));
		b->host_mapping = arena_strdup(c->a, stmt_text(st, 2));
		b->signature = arena_strdup(c->a, stmt_text(st, 3));
		b->is_default = (int)stmt_i64(st, 4);
		b->active = (int)stmt_i64(st, 5);
		b->has_help_center = (int)stmt_i64(st, 6);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}

/* How many brands of any account other than id use v as their subdomain
 * (or host mapping, when host); -1 on a store error. */
static int64_t others_with(struct ctx *c, bool host, const char *v, int64_t id)
{
	return host
		? db_i64(c->db, "SELECT count(*) FROM brands WHERE host_mapping = ?"
			" AND id <> ?", "si", v, id)
		: db_i64(c->db, "SELECT count(*) FROM brands WHERE subdomain = ?"
			" AND id <> ?", "si", v, id);
}

/* Merges in over b and checks every rule, uniqueness included. */
static enum pl_err merge(struct ctx *c, json_t *in, struct brand *b, int64_t id,
	bool was_default)
{
	enum pl_err e;
	const char *sub = b->subdomain, *host = b->host_mapping;
	if ((e = input_string(c, in, "name", STR_MAX, false, &b->name)) ||
	    (e = input_string(c, in, "subdomain", STR_MAX, false, &sub)) ||
	    (e = input_string(c, in, "host_mapping", STR_MAX, true, &host)) ||
	    (e = input_string(c, in, "signature_template", STR_MAX, false,
		&b->signature)) ||
	    (e = input_flag(c, in, "active", &b->active)) ||
	    (e = input_flag(c, in, "default", &b->is_default)) ||
	    (e = input_flag(c, in, "has_help_center", &b->has_help_center)))
		return e;
	if (input_is_blank(b->name))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (strlen(b->name) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	if (!sub || !*sub)
		return ctx_invalid(c, "subdomain", "BlankValue", "Subdomain: cannot be blank");
	b->subdomain = lower(c->a, sub);
	if (!account_valid_subdomain(b->subdomain))
		return ctx_invalid(c, "subdomain", "InvalidValue",
			"Subdomain: %s is not a valid subdomain (use a-z, 0-9 and -)", sub);
	b->host_mapping = host && *host ? lower(c->a, host) : NULL;
	if (b->host_mapping && !valid_host(b->host_mapping))
		return ctx_invalid(c, "host_mapping", "InvalidValue",
			"Host mapping: %s is not a valid host name", host);
	if (was_default && !b->is_default)
		return ctx_invalid(c, "default", "InvalidValue", "Default: make another "
			"brand the default instead; an account always has one");
	if (b->is_default && !b->active)
		return ctx_invalid(c, "active", "InvalidValue",
			"Active: the default brand cannot be inactive");
	int64_t n = others_with(c, false, b->subdomain, id);
	int64_t m = b->host_mapping ? others_with(c, true, b->host_mapping, id) : 0;
	if (n < 0 || m < 0)
		return ctx_store_failed(c);
	if (n)
		return ctx_invalid(c, "subdomain", "DuplicateValue",
			"Subdomain: %s has already been taken", b->subdomain);
	if (m)
		return ctx_invalid(c, "host_mapping", "DuplicateValue",
			"Host mapping: %s has already been taken", b->host_mapping);
	return PL_OK;
}

/* Clears the default flag of the account's brands before b takes it. */
static bool take_default(struct ctx *c, const struct brand *b)
{
	return !b->is_default || db_exec(c->db, "UPDATE brands SET is_default = 0,"
		" updated_at = ? WHERE account_id = ? AND is_default = 1", "ii", c->now,
		c->account_id);
}

/* A UNIQUE violation that lost a race with another writer reads as the
 * same DuplicateValue the checks give. */
static enum pl_err write_failed(struct ctx *c)
{
	if (db_constraint_failed(c->db))
		return ctx_invalid(c, "subdomain", "DuplicateValue",
			"Subdomain: has already been taken");
	return ctx_store_failed(c);
}

static enum pl_err finish(struct ctx *c, int64_t id, enum pl_err e, json_t **out)
{
	if ((e = ctx_end(c, e)))
		return e;
	return brand_get(c, id, out);
}

enum pl_err brand_create(struct ctx *c, json_t *in, json_t **out)
{
	struct brand b = { .signature = "{{agent.signature}}", .active = 1,
		.has_help_center = 1 };
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	int64_t id = 0;
	enum pl_err e = merge(c, in, &b, 0, false);
	if (!e && !take_default(c, &b))
		e = ctx_store_failed(c);
	if (!e) {
		id = db_i64(c->db, "INSERT INTO brands(account_id, name, subdomain,"
			" host_mapping, is_default, active, has_help_center, signature_template,"
			" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			" RETURNING id", "isssbbbsii", c->account_id, b.name, b.subdomain,
			b.host_mapping, b.is_default, b.active, b.has_help_center, b.signature,
			c->now, c->now);
		if (id <= 0)
			e = write_failed(c);
	}
	return finish(c, id, e, out);
}

enum pl_err brand_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct brand b;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = load_brand(c, id, &b);
	bool was_default = !e && b.is_default;
	if (!e)
		e = merge(c, in, &b, id, was_default);
	if (!e && !was_default && !take_default(c, &b))
		e = ctx_store_failed(c);
	if (!e && !db_exec(c->db, "UPDATE brands SET name = ?, subdomain = ?,"
		" host_mapping = ?, is_default = ?, active = ?, has_help_center = ?,"
		" signature_template = ?, updated_at = ? WHERE account_id = ? AND id = ?",
		"sssbbbsiii", b.name, b.subdomain, b.host_mapping, b.is_default, b.active,
		b.has_help_center, b.signature, c->now, c->account_id, id))
		e = write_failed(c);
	return finish(c, id, e, out);
}

enum pl_err brand_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	struct brand b;
	enum pl_err e = load_brand(c, id, &b);
	if (!e && b.is_default)
		e = ctx_invalid(c, "base", "InvalidValue",
			"The default brand cannot be deleted; make another brand the "
			"default first");
	if (!e && (!db_exec(c->db, "UPDATE brands SET deleted = 1, active = 0,"
		" host_mapping = NULL, subdomain = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "siii",
		arena_printf(c->a, "_deleted_%lld", (long long)id), c->now,
		c->account_id, id) || !ticket_forms_forget_brand(c, id)))
		e = ctx_store_failed(c);
	return ctx_end(c, e);
}

/* Zendesk's answer for host_mapping serving subdomain; self is the brand
 * being checked (0: none), whose own mapping does not count as taken. */
static enum pl_err check(struct ctx *c, const char *host_mapping,
	const char *subdomain, int64_t self, json_t **out)
{
	const char *scheme, *base;
	base_host(c, &scheme, &base);
	char *cname = arena_printf(c->a, "%s.%.*s", subdomain, (int)strcspn(base, ":"),
		base);
	char *host = host_mapping ? lower(c->a, host_mapping) : NULL;
	const char *reason = "valid";
	if (!host || !valid_host(host))
		reason = host ? "not a valid host name" : "the brand has no host mapping";
	else {
		int64_t n = db_i64(c->db, "SELECT count(*) FROM brands WHERE host_mapping = ?"
			" AND id <> ? AND subdomain <> ?", "sis", host, self, subdomain);
		if (n < 0)
			return ctx_store_failed(c);
		if (n)
			reason = "already used by another brand";
	}
	*out = jown(c->a, json_pack("{s:b,s:s,s:s,s:[s]}",
		"is_valid", strcmp(reason, "valid") == 0, "cname", cname,
		"reason", reason, "expected_cnames", cname));
	return PL_OK;
}

enum pl_err brand_check_host_mapping(struct ctx *c, const char *host_mapping,
	const char *subdomain, json_t **out)
{
	if (!host_mapping || !subdomain)
		return ctx_fail(c, PL_BAD_REQUEST,
			"Parameters host_mapping and subdomain are required");
	return check(c, host_mapping, subdomain, 0, out);
}

enum pl_err brand_check_own_host_mapping(struct ctx *c, int64_t id, json_t **out)
{
	struct brand b;
	enum pl_err e = load_brand(c, id, &b);
	return e ? e : check(c, b.host_mapping, b.subdomain, id, out);
}
