/*
 * accounts.c: account creation, account settings and server settings.
 *
 * An account is created with exactly one default brand whose subdomain is
 * the account's own, so brand subdomains alone name accounts in Host
 * headers.  Creation is one transaction: no account without its brand or
 * admin survives a crash.
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/auth.h"
#include "core/business_rules.h"
#include "core/config.h"
#include "core/list.h"
#include "core/ticket_field_defs.h"
#include "core/ticket_forms.h"
#include "core/views.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>

bool account_valid_subdomain(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 63 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool read_key(struct db *db, unsigned char key[32])
{
	struct stmt *st = db_q(db, "SELECT value FROM settings WHERE key = 'token_key'", "");
	if (!st)
		return false;
	bool found = false;
	if (stmt_step(st) == STEP_ROW) {
		size_t len = 0;
		const char *hex = stmt_text(st, 0);
		found = sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &len, NULL) == 0 &&
			len == 32;
	}
	stmt_reset(st);
	return found;
}

bool account_load_token_key(struct db *db, unsigned char key[32])
{
	if (read_key(db, key))
		return true;
	char hex[65];
	randombytes_buf(key, 32);
	sodium_bin2hex(hex, sizeof(hex), key, 32);
	/* INSERT OR IGNORE semantics in portable form: a racing first start
	 * keeps whichever key landed first, then we read it back. */
	db_exec(db, "INSERT INTO settings(key, value) VALUES ('token_key', ?)"
		" ON CONFLICT(key) DO NOTHING", "s", hex);
	return read_key(db, key);
}

/* Records every new account starts with, inside the creating transaction:
 * the default group "Support", the system ticket fields, the "Default
 * Ticket Form" showing them, and Zendesk's default triggers and
 * automations, and the default views.  Other modules' defaults are added
 * here as they land. */
static bool account_seed(struct ctx *c)
{
	return db_exec(c->db, "INSERT INTO groups_(account_id, name, is_default,"
		" created_at, updated_at) VALUES (?, 'Support', 1, ?, ?)",
		"iii", c->account_id, c->now, c->now) &&
		ticket_field_defs_seed(c) && ticket_forms_seed(c) && business_rules_seed(c) &&
		views_seed(c);
}

enum pl_err account_create(struct ctx *c, const char *subdomain,
	const char *admin_email, const char *admin_password, int64_t *admin_id)
{
	if (!account_valid_subdomain(subdomain))
		return ctx_invalid(c, "subdomain", "InvalidValue",
			"Subdomain: %s is not a valid subdomain (use a-z, 0-9 and -)",
			subdomain ? subdomain : "");
	if (!admin_email || !strchr(admin_email, '@'))
		return ctx_invalid(c, "email", "InvalidValue", "Email: is invalid");
	if (!admin_password || strlen(admin_password) < 8)
		return ctx_invalid(c, "password", "TooShort",
			"Password: must be at least 8 characters");
	char *hash = auth_password_hash(c, admin_password);
	if (!hash)
		return ctx_fail(c, PL_INTERNAL, "could not hash the password");
	char *email = arena_strdup(c->a, admin_email);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (db_i64(c->db, "SELECT count(*) FROM brands WHERE subdomain = ?", "s",
		subdomain) != 0) {
		db_rollback(c->db);
		return ctx_invalid(c, "subdomain", "DuplicateValue",
			"Subdomain: %s is already taken", subdomain);
	}
	int64_t first = db_i64(c->db, "SELECT count(*) FROM accounts", "");
	int64_t aid = db_i64(c->db,
		"INSERT INTO accounts(subdomain, name, is_default, created_at)"
		" VALUES (?, ?, ?, ?) RETURNING id",
		"ssbi", subdomain, subdomain, first == 0, c->now);
	c->account_id = aid;
	int64_t bid = aid > 0 ? db_i64(c->db,
		"INSERT INTO brands(account_id, name, subdomain, is_default, created_at,"
		" updated_at) VALUES (?, ?, ?, 1, ?, ?) RETURNING id",
		"issii", aid, subdomain, subdomain, c->now, c->now) : -1;
	int64_t uid = bid > 0 ? db_i64(c->db,
		"INSERT INTO users(account_id, name, email, role, verified, password_hash,"
		" created_at, updated_at) VALUES (?, ?, ?, 'admin', 1, ?, ?, ?) RETURNING id",
		"isssii", aid, "Administrator", email, hash, c->now, c->now) : -1;
	if (uid <= 0 || !account_seed(c)) {
		db_rollback(c->db);
		return ctx_store_failed(c);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	c->brand_id = bid;
	*admin_id = uid;
	return PL_OK;
}

static json_t *account_row(struct ctx *c, struct stmt *st)
{
	return json_pack("{s:I,s:s,s:I}", "id", (json_int_t)stmt_i64(st, 0),
		"subdomain", stmt_text(st, 1), "brand_id", (json_int_t)stmt_i64(st, 2));
}

enum pl_err accounts_all(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT a.id, a.subdomain, coalesce(b.id, 0) FROM accounts a"
		" LEFT JOIN brands b ON b.account_id = a.id AND b.is_default = 1"
		" ORDER BY a.id", account_row, out, "");
}

void account_system_ctx(struct ctx *c, const struct config *cfg,
	struct db *db, const json_t *acct)
{
	*c = (struct ctx){
		.a = arena_new(), .db = db, .cfg = cfg, .now = time_now(),
		.account_id = json_integer_value(json_object_get(acct, "id")),
		.brand_id = json_integer_value(json_object_get(acct, "brand_id")),
		.me = { .id = -1, .role = ROLE_ADMIN, .name = "Parley" },
	};
	c->account_subdomain = arena_strdup(c->a, json_string_value(
		json_object_get(acct, "subdomain")));
	c->api_base = cfg->public_url ? arena_printf(c->a, "%s/api/v2",
		cfg->public_url) : "http://localhost/api/v2";
}

bool account_anonymous_requests(struct ctx *c)
{
	return db_i64(c->db, "SELECT anonymous_requests FROM accounts WHERE id = ?",
		"i", c->account_id) == 1;
}

enum pl_err account_settings_get(struct ctx *c, json_t **out)
{
	int64_t anon = db_i64(c->db, "SELECT anonymous_requests FROM accounts"
		" WHERE id = ?", "i", c->account_id);
	if (anon < 0)
		return ctx_store_failed(c);
	*out = jown(c->a, json_pack("{s:{s:b}}", "tickets", "anonymous_requests",
		anon == 1));
	return PL_OK;
}

enum pl_err account_settings_update(struct ctx *c, json_t *in, json_t **out)
{
	json_t *tickets = json_object_get(in, "tickets");
	json_t *anon = json_object_get(tickets, "anonymous_requests");
	if (tickets && !json_is_object(tickets))
		return ctx_invalid(c, "tickets", "InvalidValue",
			"Tickets: must be an object of settings");
	if (anon && !json_is_boolean(anon))
		return ctx_invalid(c, "anonymous_requests", "InvalidValue",
			"Anonymous requests: must be true or false");
	if (anon && !db_exec(c->db, "UPDATE accounts SET anonymous_requests = ?"
		" WHERE id = ?", "bi", (int)json_is_true(anon), c->account_id))
		return ctx_store_failed(c);
	return account_settings_get(c, out);
}
