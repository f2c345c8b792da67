/*
 * recipient_addresses.c: support addresses (recipient_addresses.h).
 *
 * Invariants:
 *  1. Each live brand has exactly one system row (system = 1, email NULL),
 *     made by the brands_support_address trigger (migration 0060) when the
 *     brand is inserted; its address is computed from the brand's current
 *     subdomain and the mail domain, so renaming a brand moves it.
 *  2. Stored emails are lower-cased and unique across accounts (index), so
 *     routing an address never has two answers.
 *  3. At most one row per account is the default (index); the default and
 *     system rows cannot be deleted.
 *  4. Rows of deleted brands stay (tickets name them) but are neither
 *     listed nor routed.
 */
#include "parley.h"
#include "core/recipient_addresses.h"
#include "core/mail.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>
#include <strings.h>

/* Column 4 is the stored address, or NULL and column 9 the brand's
 * subdomain for a system address (row() adds the mail domain). */
#define COLS "id, brand_id, is_default, name, email, forwarding_status," \
	" system, created_at, updated_at, (SELECT subdomain FROM brands" \
	" WHERE brands.id = recipient_addresses.brand_id)"
#define LIVE "brand_id IN (SELECT id FROM brands WHERE account_id = ? AND deleted = 0)"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	const char *fwd = stmt_text(st, 5);
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(id));
	json_object_set_new(r, "url", json_string(ctx_url(c, "recipient_addresses/%lld",
		(long long)id)));
	json_object_set_new(r, "brand_id", json_integer(stmt_i64(st, 1)));
	json_object_set_new(r, "default", json_boolean(stmt_i64(st, 2)));
	json_object_set_new(r, "name", json_string(stmt_text(st, 3)));
	json_object_set_new(r, "email", json_string(stmt_text(st, 4) ? stmt_text(st, 4)
		: arena_printf(c->a, "support@%s.%s", stmt_text(st, 9), mail_domain(c))));
	json_object_set_new(r, "forwarding_status", json_string(fwd));
	json_object_set_new(r, "spf_status", json_string(stmt_i64(st, 6) ? "verified"
		: "unknown"));
	json_object_set_new(r, "cname_status", json_string(stmt_i64(st, 6) ? "verified"
		: "unknown"));
	json_object_set_new(r, "domain_verification_status",
		json_string(stmt_i64(st, 6) ? "verified" : "unknown"));
	json_object_set_new(r, "created_at", jtime(stmt_i64(st, 7)));
	json_object_set_new(r, "updated_at", jtime(stmt_i64(st, 8)));
	return r;
}

enum pl_err recipient_addresses_list(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	return list_run(c, p, COLS, "FROM recipient_addresses WHERE account_id = ?"
		" AND " LIVE, row, out, "ii", c->account_id, c->account_id);
}

enum pl_err recipient_address_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM recipient_addresses WHERE"
		" account_id = ? AND id = ? AND " LIVE, row, out, "iii", c->account_id, id,
		c->account_id);
}

/* Splits a lower-cased address under the mail domain into its brand
 * label: "x@shop.<domain>" gives "shop"; NULL for any other address. */
static char *brand_label(struct ctx *c, const char *email)
{
	const char *at = strchr(email, '@');
	const char *dom = mail_domain(c);
	size_t n = strlen(at + 1), dn = strlen(dom);
	if (n <= dn + 1 || strcmp(at + 1 + n - dn, dom) != 0 || at[n - dn] != '.')
		return NULL;
	return arena_strndup(c->a, at + 1, n - dn - 1);
}

static enum pl_err brand_attr(struct ctx *c, json_t *in, int64_t *brand_id)
{
	json_t *b = json_object_get(in, "brand_id");
	if (!b || json_is_null(b))
		return PL_OK;
	int64_t id = json_is_integer(b) ? json_integer_value(b) : 0;
	if (id <= 0 || db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
		" AND id = ? AND deleted = 0", "ii", c->account_id, id) != 1)
		return ctx_invalid(c, "brand_id", "InvalidValue",
			"Brand: is not a brand of this account");
	*brand_id = id;
	return PL_OK;
}

static enum pl_err name_attr(struct ctx *c, json_t *in, const char **name)
{
	json_t *v = json_object_get(in, "name");
	if (!v || json_is_null(v))
		return PL_OK;
	if (!json_is_string(v))
		return ctx_invalid(c, "name", "InvalidValue", "Name: must be a string");
	if (json_string_length(v) > 255)
		return ctx_invalid(c, "name", "TooLong",
			"Name: is too long (maximum is 255 characters)");
	*name = json_string_value(v);
	return PL_OK;
}

static enum pl_err default_attr(struct ctx *c, json_t *in, int *dflt)
{
	json_t *v = json_object_get(in, "default");
	if (!v || json_is_null(v))
		return PL_OK;
	if (!json_is_boolean(v))
		return ctx_invalid(c, "default", "InvalidValue",
			"Default: must be true or false");
	*dflt = json_is_true(v);
	return PL_OK;
}

/* Checks a new address: well formed, under the mail domain only for one of
 * the account's brands, and nobody's yet. */
static enum pl_err check_email(struct ctx *c, json_t *in, char **email)
{
	json_t *v = json_object_get(in, "email");
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
		return ctx_invalid(c, "email", "BlankValue", "Email: cannot be blank");
	if (!json_is_string(v) || !user_email_valid(json_string_value(v)))
		return ctx_invalid(c, "email", "InvalidValue",
			"Email: is not properly formatted");
	char *e = mail_addr_lower(arena_strdup(c->a, json_string_value(v)));
	char *label = brand_label(c, e);
	if (label && db_i64(c->db, "SELECT count(*) FROM brands WHERE account_id = ?"
		" AND subdomain = ? AND deleted = 0", "is", c->account_id, label) != 1)
		return ctx_invalid(c, "email", "InvalidValue",
			"Email: %s is under the mail domain but names no brand of this"
			" account", e);
	if (recipient_address_is_ours(c, e))
		return ctx_invalid(c, "email", "DuplicateValue",
			"Email: %s is already a support address", e);
	*email = e;
	return PL_OK;
}

static bool clear_default(struct ctx *c)
{
	return db_exec(c->db, "UPDATE recipient_addresses SET is_default = 0,"
		" updated_at = ? WHERE account_id = ? AND is_default = 1", "ii",
		c->now, c->account_id);
}

enum pl_err recipient_address_create(struct ctx *c, json_t *in, json_t **out)
{
	const char *name = NULL;
	int64_t brand_id = db_i64(c->db, "SELECT id FROM brands WHERE account_id = ?"
		" AND is_default = 1", "i", c->account_id);
	int dflt = 0;
	char *email = NULL;
	enum pl_err e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = check_email(c, in, &email)) || (e = name_attr(c, in, &name)) ||
	    (e = brand_attr(c, in, &brand_id)) || (e = default_attr(c, in, &dflt))) {
		db_rollback(c->db);
		return e;
	}
	bool ours = brand_label(c, email) != NULL;
	if (dflt && !clear_default(c)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	int64_t id = db_i64(c->db, "INSERT INTO recipient_addresses(account_id,"
		" brand_id, email, name, is_default, forwarding_status, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iissbsii",
		c->account_id, brand_id, email, name ? name : "", dflt,
		ours ? "verified" : "unknown", c->now, c->now);
	if (id <= 0) {
		bool dup = db_constraint_failed(c->db);
		db_rollback(c->db);
		return dup ? ctx_invalid(c, "email", "DuplicateValue",
			"Email: %s is already a support address", email)
			: ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return recipient_address_get(c, id, out);
}

enum pl_err recipient_address_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out)
{
	json_t *cur;
	enum pl_err e = recipient_address_get(c, id, &cur);
	if (e)
		return e;
	json_t *v = json_object_get(in, "email");
	if (v && !json_is_null(v) && !(json_is_string(v) &&
		!strcasecmp(json_string_value(v), json_string_value(json_object_get(cur,
		"email")))))
		return ctx_invalid(c, "email", "InvalidValue",
			"Email: cannot be changed; add a new address instead");
	const char *name = NULL;
	int64_t brand_id = 0;
	int dflt = -1;
	if ((e = name_attr(c, in, &name)) || (e = brand_attr(c, in, &brand_id)) ||
	    (e = default_attr(c, in, &dflt)))
		return e;
	if (brand_id && brand_id != json_integer_value(json_object_get(cur, "brand_id"))
	    && db_i64(c->db, "SELECT system FROM recipient_addresses WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, id) == 1)
		return ctx_invalid(c, "brand_id", "InvalidValue",
			"Brand: a brand's own address stays with its brand");
	if (dflt == 0 && json_is_true(json_object_get(cur, "default")))
		return ctx_invalid(c, "default", "InvalidValue",
			"Default: make another address the default instead");
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((dflt == 1 && !clear_default(c)) ||
	    !db_exec(c->db, "UPDATE recipient_addresses SET name = coalesce(?, name),"
		" brand_id = coalesce(?, brand_id), is_default = CASE WHEN ? = 1 THEN 1"
		" ELSE is_default END, updated_at = ? WHERE account_id = ? AND id = ?",
		"snbiii", name, brand_id, dflt == 1, c->now, c->account_id, id)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return recipient_address_get(c, id, out);
}

enum pl_err recipient_address_delete(struct ctx *c, int64_t id)
{
	json_t *cur;
	enum pl_err e = recipient_address_get(c, id, &cur);
	if (e)
		return e;
	if (json_is_true(json_object_get(cur, "default")))
		return ctx_invalid(c, "default", "InvalidValue",
			"Default: the default support address cannot be deleted");
	if (db_i64(c->db, "SELECT system FROM recipient_addresses WHERE account_id = ?"
		" AND id = ?", "ii", c->account_id, id) == 1)
		return ctx_invalid(c, "email", "InvalidValue",
			"Email: a brand's own address cannot be deleted");
	if (!db_exec(c->db, "DELETE FROM recipient_addresses WHERE account_id = ?"
		" AND id = ? AND system = 0", "ii", c->account_id, id))
		return ctx_store_failed(c);
	return db_changes(c->db) ? PL_OK : ctx_not_found(c);
}

/* Looks address up across accounts: an added address, else a brand's
 * system address.  Fills the ids; false when nobody's (or on error). */
static bool lookup(struct ctx *c, const char *address, int64_t *account_id,
	int64_t *brand_id, const char **subdomain)
{
	if (!address || !strchr(address, '@'))
		return false;
	char *e = mail_addr_lower(arena_strdup(c->a, address));
	struct stmt *st = db_q(c->db, "SELECT r.account_id, r.brand_id, a.subdomain"
		" FROM recipient_addresses r JOIN brands b ON b.id = r.brand_id"
		" JOIN accounts a ON a.id = r.account_id"
		" WHERE r.email = ? AND b.deleted = 0", "s", e);
	enum step rc = st ? stmt_step(st) : STEP_ERR;
	if (rc != STEP_ROW) {
		if (st)
			stmt_reset(st);
		char *label = brand_label(c, e);
		if (!label || strncmp(e, "support@", 8) != 0)
			return false;
		st = db_q(c->db, "SELECT r.account_id, r.brand_id, a.subdomain"
			" FROM recipient_addresses r JOIN brands b ON b.id = r.brand_id"
			" JOIN accounts a ON a.id = r.account_id"
			" WHERE r.system = 1 AND b.subdomain = ? AND b.deleted = 0", "s", label);
		rc = st ? stmt_step(st) : STEP_ERR;
	}
	if (rc == STEP_ROW) {
		*account_id = stmt_i64(st, 0);
		*brand_id = stmt_i64(st, 1);
		*subdomain = arena_strdup(c->a, stmt_text(st, 2));
	}
	if (st)
		stmt_reset(st);
	return rc == STEP_ROW;
}

enum pl_err recipient_address_route(struct ctx *c, const char *address)
{
	int64_t aid, bid;
	const char *sub;
	if (!lookup(c, address, &aid, &bid, &sub))
		return ctx_not_found(c);
	c->account_id = aid;
	c->brand_id = bid;
	c->account_subdomain = sub;
	return PL_OK;
}

bool recipient_address_is_ours(struct ctx *c, const char *address)
{
	int64_t aid, bid;
	const char *sub;
	return lookup(c, address, &aid, &bid, &sub);
}

enum pl_err recipient_address_of_brand(struct ctx *c, int64_t brand_id,
	const char **email, const char **name)
{
	struct stmt *st = db_q(c->db, "SELECT 'support@' || b.subdomain || '.' || ?,"
		" r.name FROM recipient_addresses r JOIN brands b ON b.id = r.brand_id"
		" WHERE r.account_id = ? AND r.brand_id = ? AND r.system = 1"
		" AND b.deleted = 0", "sii", mail_domain(c), c->account_id, brand_id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		*email = arena_strdup(c->a, stmt_text(st, 0));
		*name = arena_strdup(c->a, stmt_text(st, 1));
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	return rc == STEP_ROW ? PL_OK : ctx_not_found(c);
}
