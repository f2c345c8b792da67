/*
 * test_auth.c: core/auth.c, rate limits, token hashing, account by Host and
 * the password lockout.
 *
 * auth.c keeps its tables in process memory, so each test uses its own
 * account ids and emails.  The store-backed tests create real accounts
 * (argon2id hashing included), which costs a few tenths of a second each.
 */
#include "unit.h"
#include "core/accounts.h"
#include "core/auth.h"

#include <sodium.h>

static void rate_limit_window(void **state)
{
	(void)state;
	int retry = -1, rem = -1;
	int64_t t0 = 1795597200; /* a minute boundary */
	for (int i = 0; i < 3; i++) {
		assert_true(auth_rate_ok(101, 3, t0 + i, &retry, &rem));
		assert_int_equal(rem, 2 - i);
	}
	assert_int_equal(retry, -1);
	assert_false(auth_rate_ok(101, 3, t0 + 15, &retry, &rem));
	assert_int_equal(retry, 45);                 /* seconds to the next minute */
	assert_false(auth_rate_ok(101, 3, t0 + 59, &retry, &rem));
	assert_int_equal(retry, 1);
	/* Another account has its own count. */
	assert_true(auth_rate_ok(102, 3, t0 + 59, &retry, &rem));
	/* The next minute starts afresh. */
	assert_true(auth_rate_ok(101, 3, t0 + 60, &retry, &rem));
	assert_true(auth_rate_ok(101, 3, t0 + 61, &retry, &rem));
	assert_true(auth_rate_ok(101, 3, t0 + 62, &retry, &rem));
	assert_false(auth_rate_ok(101, 3, t0 + 63, &retry, &rem));
	assert_int_equal(retry, 57);
}

static void rate_limit_off(void **state)
{
	(void)state;
	int retry = -1, rem = -1;
	for (int i = 0; i < 1000; i++)
		assert_true(auth_rate_ok(103, 0, 1795597200, &retry, &rem));
	assert_int_equal(retry, -1);
	(void)rem;
}

static void token_hash_is_stable_and_keyed(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	char *h1 = auth_token_hash(c, "secret-token");
	char *h2 = auth_token_hash(c, "secret-token");
	assert_int_equal(strlen(h1), 64);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 64);
	assert_string_equal(h1, h2);
	assert_string_not_equal(auth_token_hash(c, "secret-tokeN"), h1);
	assert_string_not_equal(auth_token_hash(c, ""), h1);

	/* The same token under another server key hashes differently. */
	struct config other = f->cfg;
	other.token_key[0] ^= 1;
	struct ctx c2 = *c;
	c2.cfg = &other;
	assert_string_not_equal(auth_token_hash(&c2, "secret-token"), h1);
	/* ...and the hash does not depend on the account. */
	c2.cfg = &f->cfg;
	c2.account_id = 77;
	assert_string_equal(auth_token_hash(&c2, "secret-token"), h1);
}

static void new_tokens_are_random(void **state)
{
	struct unit_fixture *f = *state;
	char *t1, *h1, *t2, *h2;
	auth_new_token(&f->c, &t1, &h1);
	auth_new_token(&f->c, &t2, &h2);
	assert_int_equal(strlen(t1), TOKEN_LEN);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789"), TOKEN_LEN);
	assert_string_not_equal(t1, t2);
	assert_string_equal(h1, auth_token_hash(&f->c, t1));
	assert_string_equal(h2, auth_token_hash(&f->c, t2));
}

static void clear_error(struct ctx *c)
{
	c->err_title = c->err_desc = NULL;
	c->err_details = NULL;
	memset(&c->me, 0, sizeof(c->me));
}

/* Creates account sub with admin email; returns the account id and, when
 * admin_id is not NULL, the admin's user id. */
static int64_t make_account(struct ctx *c, const char *sub, const char *email,
	int64_t *admin_id)
{
	int64_t admin = 0;
	assert_int_equal(account_create(c, sub, email, "correct horse", &admin), PL_OK);
	assert_true(admin > 0);
	if (admin_id)
		*admin_id = admin;
	return c->account_id;
}

static void account_by_host(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	assert_int_equal(auth_account_by_host(c, "acme.example"), PL_NOT_FOUND);
	clear_error(c);
	int64_t acme = make_account(c, "acme", "admin@acme.test", NULL);
	int64_t beta = make_account(c, "beta", "admin@beta.test", NULL);
	assert_int_not_equal(acme, beta);
	assert_true(db_exec(c->db, "UPDATE brands SET host_mapping = ?"
		" WHERE account_id = ?", "si", "support.beta.test", beta));

	static const struct { const char *host; const char *sub; } cases[] = {
		{ "beta.localhost:8080", "beta" },
		{ "BETA.Example.com", "beta" },
		{ "support.beta.test:443", "beta" },   /* host mapping */
		{ "acme.localhost", "acme" },
		{ "127.0.0.1:8080", "acme" },          /* the default account */
		{ "unknown.example", "acme" },
		{ "", "acme" },
		{ NULL, "acme" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		c->account_id = 0;
		assert_int_equal(auth_account_by_host(c, cases[i].host), PL_OK);
		assert_string_equal(c->account_subdomain, cases[i].sub);
		assert_int_equal(c->account_id, strcmp(cases[i].sub, "acme") ? beta : acme);
		assert_true(c->brand_id > 0);
	}
}

static void password_lockout(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	int64_t admin;
	make_account(c, "lock", "admin@lock.test", &admin);
	int64_t now = c->now;
	int retry = 0;
	assert_int_equal(auth_password(c, "admin@lock.test", "correct horse", &retry),
		PL_OK);
	assert_int_equal(c->me.role, ROLE_ADMIN);
	assert_string_equal(c->me.email, "admin@lock.test");
	clear_error(c);
	/* Emails match case-insensitively. */
	assert_int_equal(auth_password(c, "Admin@Lock.test", "correct horse", &retry),
		PL_OK);
	clear_error(c);

	for (int i = 0; i < 5; i++) {
		assert_int_equal(auth_password(c, "admin@lock.test", "wrong", &retry),
			PL_UNAUTHORIZED);
		assert_int_equal(c->me.id, 0);
		clear_error(c);
	}
	/* Locked: even the right password is refused for a while. */
	assert_int_equal(auth_password(c, "admin@lock.test", "correct horse", &retry),
		PL_RATE_LIMITED);
	assert_int_equal(retry, 5);
	clear_error(c);
	/* Another email of the account is not locked. */
	assert_int_equal(auth_password(c, "nobody@lock.test", "x", &retry),
		PL_UNAUTHORIZED);
	clear_error(c);
	/* A sixth failure doubles the delay. */
	c->now = now + 6;
	assert_int_equal(auth_password(c, "admin@lock.test", "wrong", &retry),
		PL_UNAUTHORIZED);
	clear_error(c);
	assert_int_equal(auth_password(c, "admin@lock.test", "correct horse", &retry),
		PL_RATE_LIMITED);
	assert_int_equal(retry, 10);
	clear_error(c);
	/* Once the delay passed, the right password (here answered from the
	 * credential cache) resets the count. */
	c->now = now + 17;
	assert_int_equal(auth_password(c, "admin@lock.test", "correct horse", &retry),
		PL_OK);
	clear_error(c);
	assert_int_equal(auth_password(c, "admin@lock.test", "wrong", &retry),
		PL_UNAUTHORIZED);
	clear_error(c);
	assert_int_equal(auth_password(c, "admin@lock.test", "correct horse", &retry),
		PL_OK);
	c->now = now;
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_setup, unit_teardown)
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_limit_window),
		cmocka_unit_test(rate_limit_off),
		T(token_hash_is_stable_and_keyed),
		T(new_tokens_are_random),
		T(account_by_host),
		T(password_lockout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
