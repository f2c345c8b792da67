/*
 * auth.h: accounts by host name, and who a credential belongs to.
 *
 * API tokens and bearer tokens are random secrets stored only as a keyed
 * BLAKE2b hash (libsodium crypto_generichash with the server's token key), so
 * checking one costs a hash and an index lookup.  Passwords are stored with
 * argon2id (crypto_pwhash_str); a verified email:password pair is remembered
 * for CRED_CACHE_SECONDS as a keyed hash in memory, so repeated Basic
 * requests skip the deliberate cost of argon2id.  Wrong passwords for one
 * email lock it out for a growing time (auth_password returns
 * PL_RATE_LIMITED with a retry delay).
 */
#ifndef HEADER_CORE_AUTH_H
#define HEADER_CORE_AUTH_H

#include "core/ctx.h"

#define TOKEN_LEN 40

/* Fills c->account_id, account_subdomain and brand_id from a Host header
 * value: a brand's host_mapping, else the first label as a brand subdomain,
 * else the default account.  PL_NOT_FOUND when no account exists at all.
 * Reads auth_versions first (one row), which keeps this thread's cache of
 * hosts and token credentials (auth.c) to answers still true. */
enum pl_err auth_account_by_host(struct ctx *c, const char *host);

/* c->me from an Authorization header value: Basic email/token:T (API
 * token), Basic email:password (auth_password) or Bearer T (OAuth token).
 * Call after auth_account_by_host in the same request: token credentials
 * are answered from the cache that call checked.  On lockout returns
 * PL_RATE_LIMITED with *retry_after in seconds. */
enum pl_err auth_header(struct ctx *c, const char *h, int *retry_after);
/* Principal from email and password (Basic email:password).  On lockout
 * returns PL_RATE_LIMITED with *retry_after in seconds. */
enum pl_err auth_password(struct ctx *c, const char *email, const char *password,
	int *retry_after);
/* A new random token (TOKEN_LEN characters, in the arena) and its hash. */
void auth_new_token(struct ctx *c, char **token, char **hash);
/* Keyed hash of a token as stored, in the arena. */
char *auth_token_hash(struct ctx *c, const char *token);
/* argon2id hash of password, in the arena; NULL when out of memory. */
char *auth_password_hash(struct ctx *c, const char *password);
/* Drops cached credentials of a user (password change, suspension). */
void auth_forget_user(int64_t user_id);

/* Loads the principal of user id into c->me (for sessions and jobs). */
enum pl_err auth_load_user(struct ctx *c, int64_t user_id);

/* Counts a request against the account's per-minute limit (0: none).
 * Returns false when over, with *retry_after the seconds to the next
 * minute; *remaining is what is left of this minute's allowance. */
bool auth_rate_ok(int64_t account_id, int limit, int64_t now, int *retry_after,
	int *remaining);

#endif
