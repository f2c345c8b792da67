/*
 * auth.c: account resolution and credential checks (see auth.h).
 *
 * In-memory state, each table behind its own mutex and bounded in size:
 *  - cred cache: keyed hash of (account, email, password) -> user id and
 *    expiry; a hit proves the same secret was verified with argon2id less
 *    than CRED_CACHE_SECONDS ago.  Only hashes are kept, never passwords.
 *  - failures: per (account, email) count of wrong passwords and the time
 *    before which attempts are refused.
 *  - rate: per account request count in the current minute.
 * The tables are direct-mapped (a slot per hash): a collision evicts, which
 * at worst costs one more argon2id check or forgets a lockout early.
 *
 * Per thread, without locks, what the store said for this thread's earlier
 * requests: host names -> account, subdomain and brand, and token
 * credentials (the keyed hash of an Authorization header that named an API
 * token or an OAuth token) -> principal.  The entries are valid while
 * auth_versions.version (migration 0140), which every write that could
 * change an answer replaces in its own transaction, is the value they were
 * read under: each request reads it first (auth_account_by_host) and a
 * new value empties the thread's cache.  Only answers that found a record
 * are kept; passwords never go in, they keep the cred cache.
 */
#include "parley.h"
#include "core/auth.h"
#include "core/config.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CRED_CACHE_SECONDS 300
#define CRED_SLOTS 4096
#define FAIL_SLOTS 4096
#define RATE_SLOTS 1024
#define FAIL_FREE 5        /* wrong passwords before the lockout starts */
#define FAIL_FIRST_LOCK 5  /* seconds, doubling with each further failure */
#define FAIL_MAX_LOCK 900  /* seconds */
#define HOST_SLOTS 32
#define TOKEN_SLOTS 128
#define CACHED_TEXT 128    /* longer emails and names are not cached */

struct cred_slot {
	unsigned char key[32];
	int64_t user_id;
	int64_t expires;
};

struct fail_slot {
	unsigned char key[32];
	int count;
	int64_t locked_until;
	int64_t last;
};

struct rate_slot {
	int64_t account_id;
	int64_t minute;
	int count;
};

struct host_slot {
	char host[256];          /* lower-cased, without the port */
	int64_t account_id;      /* 0: empty */
	int64_t brand_id;
	char subdomain[64];
};

struct token_slot {
	unsigned char key[32];   /* keyed(account, Authorization header) */
	struct principal me;     /* email and name: the arrays below */
	int64_t expires;         /* the OAuth token's expiry; 0: none */
	char email[CACHED_TEXT];
	char name[CACHED_TEXT];
};

static _Thread_local struct {
	int64_t version;         /* auth_versions.version the slots hold */
	struct host_slot hosts[HOST_SLOTS];
	struct token_slot tokens[TOKEN_SLOTS];
} cache;

static struct cred_slot creds[CRED_SLOTS];
static struct fail_slot fails[FAIL_SLOTS];
static struct rate_slot rates[RATE_SLOTS];
static pthread_mutex_t cred_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

static void keyed(const struct ctx *c, unsigned char out[32], const char *a,
	const char *b)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, c->cfg->token_key, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)&c->account_id,
		sizeof(c->account_id));
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a) + 1);
	if (b)
		crypto_generichash_update(&st, (const unsigned char *)b, strlen(b) + 1);
	crypto_generichash_final(&st, out, 32);
}

static size_t slot(const unsigned char key[32], size_t n)
{
	uint64_t v;
	memcpy(&v, key, sizeof(v));
	return (size_t)(v % n);
}

/* Copies the first n bytes of s lower-cased into buf (size cap); false
 * when it does not fit. */
static bool lower_copy(char *buf, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	buf[n] = 0;
	return true;
}

/* Takes account id, account subdomain and brand id from st's first row.
 * 1 when there was one, 0 when none, -1 on a store error. */
static int take_account(struct ctx *c, struct stmt *st)
{
	if (!st)
		return -1;
	int found = 0;
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		c->account_id = stmt_i64(st, 0);
		c->account_subdomain = arena_strdup(c->a, stmt_text(st, 1));
		c->brand_id = stmt_i64(st, 2);
		found = 1;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? -1 : found;
}

/* Empties this thread's cache when auth_versions.version is not the value
 * its slots were read under; false on a store error. */
static bool cache_check(struct ctx *c)
{
	int64_t v = db_i64(c->db, "SELECT version FROM auth_versions WHERE id = 1", "");
	if (v < 0)
		return false;
	if (v != cache.version) {
		memset(&cache, 0, sizeof(cache));
		cache.version = v;
	}
	return true;
}

static size_t text_slot(const char *s, size_t n)
{
	uint32_t h = 2166136261u;  /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % n;
}

static void host_remember(struct ctx *c, const char *hostname)
{
	struct host_slot *h = &cache.hosts[text_slot(hostname, HOST_SLOTS)];
	if (strlen(c->account_subdomain) >= sizeof(h->subdomain))
		return;
	strcpy(h->host, hostname);
	strcpy(h->subdomain, c->account_subdomain);
	h->account_id = c->account_id;
	h->brand_id = c->brand_id;
}

enum pl_err auth_account_by_host(struct ctx *c, const char *host)
{
	char hostname[256] = "", label[64] = "";
	bool cacheable = true;  /* the answer is a function of hostname */
	if (host) {
		cacheable = lower_copy(hostname, sizeof(hostname), host,
			strcspn(host, ":"));
		lower_copy(label, sizeof(label), host, strcspn(host, ".:"));
	}
	if (!cache_check(c))
		return ctx_store_failed(c);
	struct host_slot *h = &cache.hosts[text_slot(hostname, HOST_SLOTS)];
	if (cacheable && h->account_id && strcmp(h->host, hostname) == 0) {
		c->account_id = h->account_id;
		c->account_subdomain = arena_strdup(c->a, h->subdomain);
		c->brand_id = h->brand_id;
		return PL_OK;
	}
	/* Point lookups on unique indexes, most specific first: a host
	 * mapping is a whole host name, so it needs a dot. */
	int r = 0;
	if (strchr(hostname, '.'))
		r = take_account(c, db_q(c->db,
			"SELECT b.account_id, a.subdomain, b.id FROM brands b"
			" JOIN accounts a ON a.id = b.account_id"
			" WHERE b.host_mapping = ? AND b.deleted = 0", "s", hostname));
	if (r == 0 && *label)
		r = take_account(c, db_q(c->db,
			"SELECT b.account_id, a.subdomain, b.id FROM brands b"
			" JOIN accounts a ON a.id = b.account_id"
			" WHERE b.subdomain = ? AND b.deleted = 0", "s", label));
	if (r == 0)
		r = take_account(c, db_q(c->db,
			"SELECT a.id, a.subdomain, b.id FROM accounts a"
			" JOIN brands b ON b.account_id = a.id AND b.is_default = 1"
			" WHERE a.is_default = 1", ""));
	if (r < 0)
		return ctx_store_failed(c);
	if (r == 0)
		return ctx_fail(c, PL_NOT_FOUND, "No account is served here");
	if (cacheable)
		host_remember(c, hostname);
	return PL_OK;
}

/* Loads an active, unsuspended user selected by st's first row into c->me.
 * Columns: id, role, email, name, organization_id, and for an OAuth token
 * (expires not NULL) two more: whether it may write, and its expiry (0:
 * none) into *expires. */
static enum pl_err load_principal(struct ctx *c, struct stmt *st,
	int64_t *expires)
{
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_fail(c, PL_UNAUTHORIZED, NULL);
	}
	c->me.id = stmt_i64(st, 0);
	c->me.role = user_role_parse(stmt_text(st, 1));
	c->me.email = arena_strdup(c->a, stmt_text(st, 2));
	c->me.name = arena_strdup(c->a, stmt_text(st, 3));
	c->me.organization_id = stmt_i64(st, 4);
	c->me.read_only = expires && stmt_i64(st, 5) == 0;
	if (expires)
		*expires = stmt_i64(st, 6);
	stmt_reset(st);
	return PL_OK;
}

#define PRINCIPAL_COLS "id, role, email, name, organization_id"

enum pl_err auth_load_user(struct ctx *c, int64_t user_id)
{
	return load_principal(c, db_q(c->db,
		"SELECT " PRINCIPAL_COLS " FROM users WHERE account_id = ?"
		" AND id = ? AND active = 1 AND suspended = 0",
		"ii", c->account_id, user_id), NULL);
}

char *auth_token_hash(struct ctx *c, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token),
		c->cfg->token_key, 32);
	char *hex = arena_alloc(c->a, 65);
	sodium_bin2hex(hex, 65, h, sizeof(h));
	return hex;
}

void auth_new_token(struct ctx *c, char **token, char **hash)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char *t = arena_alloc(c->a, TOKEN_LEN + 1);
	for (int i = 0; i < TOKEN_LEN; i++)
		t[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	*token = t;
	*hash = auth_token_hash(c, t);
}

/* Principal from email and API token (Basic email/token:T). */
static enum pl_err api_token(struct ctx *c, const char *email, const char *token)
{
	return load_principal(c, db_q(c->db,
		"SELECT " PRINCIPAL_COLS " FROM users WHERE account_id = ?"
		" AND email = lower(?) AND active = 1 AND suspended = 0"
		" AND EXISTS (SELECT 1 FROM api_tokens t WHERE t.token_hash = ?"
		" AND t.account_id = users.account_id AND t.active = 1)",
		"iss", c->account_id, email, auth_token_hash(c, token)), NULL);
}

/* Principal from an OAuth bearer token, and the token's expiry. */
static enum pl_err bearer(struct ctx *c, const char *token, int64_t *expires)
{
	/* A token may write when one of its scopes is "write" or a
	 * resource's "...:write"; otherwise it reads only. */
	return load_principal(c, db_q(c->db,
		"SELECT u.id, u.role, u.email, u.name, u.organization_id,"
		" t.scopes LIKE '%write\"%', coalesce(t.expires_at, 0)"
		" FROM oauth_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.account_id = ? AND t.token_hash = ?"
		" AND (t.expires_at IS NULL OR t.expires_at > ?)"
		" AND u.active = 1 AND u.suspended = 0",
		"isi", c->account_id, auth_token_hash(c, token), c->now), expires);
}

/* c->me from the token credential whose key is key, when this thread
 * resolved it under the current auth version and it has not expired. */
static bool token_cached(struct ctx *c, const unsigned char key[32])
{
	struct token_slot *t = &cache.tokens[slot(key, TOKEN_SLOTS)];
	if (memcmp(t->key, key, 32) != 0 || (t->expires && t->expires <= c->now))
		return false;
	c->me = t->me;
	c->me.email = arena_strdup(c->a, t->email);
	c->me.name = arena_strdup(c->a, t->name);
	return true;
}

static void token_remember(struct ctx *c, const unsigned char key[32],
	int64_t expires)
{
	struct token_slot *t = &cache.tokens[slot(key, TOKEN_SLOTS)];
	if (!c->me.email || !c->me.name || strlen(c->me.email) >= CACHED_TEXT ||
	    strlen(c->me.name) >= CACHED_TEXT)
		return;
	memcpy(t->key, key, 32);
	t->me = c->me;
	t->expires = expires;
	strcpy(t->email, c->me.email);
	strcpy(t->name, c->me.name);
}

/* Splits "Basic base64" into user and secret; false when malformed. */
static bool basic_credentials(struct ctx *c, const char *hdr, char **user,
	char **secret)
{
	const char *b64 = hdr + 6;
	while (*b64 == ' ')
		b64++;
	size_t n = strlen(b64);
	char *dec = arena_alloc(c->a, n + 1);
	size_t len = 0;
	if (sodium_base642bin((unsigned char *)dec, n, b64, n, " ", &len, NULL,
		sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	dec[len] = 0;
	char *colon = strchr(dec, ':');
	if (!colon || strlen(dec) != len)
		return false;
	*colon = 0;
	*user = dec;
	*secret = colon + 1;
	return true;
}

enum pl_err auth_header(struct ctx *c, const char *h, int *retry_after)
{
	unsigned char key[32];
	keyed(c, key, h, NULL);
	if (token_cached(c, key))
		return PL_OK;
	int64_t expires = 0;
	enum pl_err e;
	if (strncasecmp(h, "Bearer ", 7) == 0) {
		const char *t = h + 7;
		while (*t == ' ')
			t++;
		e = bearer(c, t, &expires);
	} else {
		char *user, *secret;
		if (strncasecmp(h, "Basic ", 6) != 0 ||
		    !basic_credentials(c, h, &user, &secret))
			return ctx_fail(c, PL_UNAUTHORIZED, NULL);
		size_t ul = strlen(user);
		if (ul <= 6 || strcmp(user + ul - 6, "/token") != 0)
			return auth_password(c, user, secret, retry_after);
		user[ul - 6] = 0;
		e = api_token(c, user, secret);
	}
	if (e == PL_OK)
		token_remember(c, key, expires);
	return e;
}

static bool lockout_check(const unsigned char key[32], int64_t now, int *retry)
{
	pthread_mutex_lock(&fail_lock);
	struct fail_slot *f = &fails[slot(key, FAIL_SLOTS)];
	bool locked = memcmp(f->key, key, 32) == 0 && f->locked_until > now;
	if (locked)
		*retry = (int)(f->locked_until - now);
	pthread_mutex_unlock(&fail_lock);
	return locked;
}

static void lockout_record(const unsigned char key[32], int64_t now, bool failed)
{
	pthread_mutex_lock(&fail_lock);
	struct fail_slot *f = &fails[slot(key, FAIL_SLOTS)];
	if (memcmp(f->key, key, 32) != 0 || now - f->last > FAIL_MAX_LOCK) {
		memcpy(f->key, key, 32);
		f->count = 0;
		f->locked_until = 0;
	}
	if (failed) {
		f->count++;
		f->last = now;
		if (f->count >= FAIL_FREE) {
			int shift = f->count - FAIL_FREE;
			int64_t lock = shift > 10 ? FAIL_MAX_LOCK : (int64_t)FAIL_FIRST_LOCK << shift;
			f->locked_until = now + (lock > FAIL_MAX_LOCK ? FAIL_MAX_LOCK : lock);
		}
	} else {
		f->count = 0;
		f->locked_until = 0;
	}
	pthread_mutex_unlock(&fail_lock);
}

enum pl_err auth_password(struct ctx *c, const char *email, const char *password,
	int *retry_after)
{
	unsigned char ck[32], fk[32];
	keyed(c, ck, email, password);
	keyed(c, fk, email, NULL);
	if (lockout_check(fk, c->now, retry_after))
		return ctx_fail(c, PL_RATE_LIMITED,
			"Too many failed sign-in attempts; try again later");

	pthread_mutex_lock(&cred_lock);
	struct cred_slot *cs = &creds[slot(ck, CRED_SLOTS)];
	int64_t cached = (memcmp(cs->key, ck, 32) == 0 && cs->expires > c->now)
		? cs->user_id : 0;
	pthread_mutex_unlock(&cred_lock);
	if (cached) {
		lockout_record(fk, c->now, false);
		return auth_load_user(c, cached);
	}

	struct stmt *st = db_q(c->db,
		"SELECT id, password_hash FROM users WHERE account_id = ? AND email = lower(?)"
		" AND active = 1 AND suspended = 0", "is", c->account_id, email);
	if (!st)
		return ctx_store_failed(c);
	int64_t uid = 0;
	char *hash = NULL;
	if (stmt_step(st) == STEP_ROW) {
		uid = stmt_i64(st, 0);
		hash = arena_strdup(c->a, stmt_text(st, 1));
	}
	stmt_reset(st);
	bool ok = hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	lockout_record(fk, c->now, !ok);
	if (!ok)
		return ctx_fail(c, PL_UNAUTHORIZED, NULL);
	pthread_mutex_lock(&cred_lock);
	memcpy(cs->key, ck, 32);
	cs->user_id = uid;
	cs->expires = c->now + CRED_CACHE_SECONDS;
	pthread_mutex_unlock(&cred_lock);
	return auth_load_user(c, uid);
}

void auth_forget_user(int64_t user_id)
{
	pthread_mutex_lock(&cred_lock);
	for (int i = 0; i < CRED_SLOTS; i++)
		if (creds[i].user_id == user_id)
			memset(&creds[i], 0, sizeof(creds[i]));
	pthread_mutex_unlock(&cred_lock);
}

char *auth_password_hash(struct ctx *c, const char *password)
{
	char out[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(out, password, strlen(password),
		crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return NULL;
	return arena_strdup(c->a, out);
}

bool auth_rate_ok(int64_t account_id, int limit, int64_t now, int *retry_after,
	int *remaining)
{
	if (limit <= 0)
		return true;
	int64_t minute = now / 60;
	pthread_mutex_lock(&rate_lock);
	struct rate_slot *s = &rates[(uint64_t)account_id % RATE_SLOTS];
	if (s->account_id != account_id || s->minute != minute) {
		s->account_id = account_id;
		s->minute = minute;
		s->count = 0;
	}
	bool ok = ++s->count <= limit;
	*remaining = ok ? limit - s->count : 0;
	pthread_mutex_unlock(&rate_lock);
	if (!ok)
		*retry_after = (int)(60 - now % 60);
	return ok;
}
