/*
 * sqlite.c: the embedded SQLite backend of store.h.
 *
 * Each thread has its own connection (store.c).  Connections run in WAL mode
 * with synchronous=NORMAL: a commit is in the WAL, in the OS, before the
 * caller answers, so it survives kill -9 of the process (not a power cut,
 * which PRAGMA synchronous=FULL would cover at a cost per commit).
 * busy_timeout lets writers queue for the single write lock.  Searches and
 * view counts over a large store spend their time reading pages at random:
 * each connection keeps up to 256 MB of them (cache_size, filled only as
 * pages are read, so a small store costs nothing), which stay in memory
 * when the OS reclaims its file cache, and the first gigabyte of the file
 * is memory-mapped (mmap_size), so pages the OS has cached cost no system
 * call.
 *
 * Prepared statements are cached per connection in an open-addressing table
 * keyed by the address of the SQL text; callers pass string literals, whose
 * address is stable.  A statement that is dynamic SQL (built per request) is
 * still cached by address, so such callers must reuse a stable buffer or
 * accept the cache miss; the table evicts by overwriting on collision chains
 * longer than PROBES.
 */
#include "parley.h"
#include "store/storeInt.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 1024 /* power of two */
#define PROBES 8

struct sq_stmt {
	struct stmt base;
	sqlite3_stmt *st;
	const char *sql;
};

struct sq_db {
	struct db base;
	sqlite3 *h;
	int last_rc;
	struct sq_stmt cache[CACHE_SLOTS];
};

static struct sq_db *sq(struct db *db) { return (struct sq_db *)db; }
static struct sq_stmt *sqs(struct stmt *st) { return (struct sq_stmt *)st; }

/* Process-wide settings, before SQLite initializes.  Memory statistics
 * take a global mutex on every allocation, which threads serving requests
 * contend for; nothing reads them. */
static void global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static struct db *sq_connect(struct store *s)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, global_init);
	struct sq_db *d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	int rc = sqlite3_open_v2(s->path, &d->h,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "parley: could not open database '%s': %s\n",
			s->path, d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
		sqlite3_close(d->h);
		free(d);
		return NULL;
	}
	sqlite3_busy_timeout(d->h, 10000);
	char *err = NULL;
	rc = sqlite3_exec(d->h,
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=NORMAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;"
		"PRAGMA cache_size=-262144;"
		"PRAGMA mmap_size=1073741824;", NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "parley: could not configure database '%s': %s\n",
			s->path, err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		sqlite3_close(d->h);
		free(d);
		return NULL;
	}
	for (int i = 0; i < CACHE_SLOTS; i++)
		d->cache[i].base.db = &d->base;
	return &d->base;
}

static void sq_disconnect(struct db *db)
{
	struct sq_db *d = sq(db);
	for (int i = 0; i < CACHE_SLOTS; i++)
		sqlite3_finalize(d->cache[i].st);
	sqlite3_close(d->h);
	free(d);
}

static int sq_exec_script(struct db *db, const char *sql)
{
	struct sq_db *d = sq(db);
	char *err = NULL;
	d->last_rc = sqlite3_exec(d->h, sql, NULL, NULL, &err);
	if (d->last_rc != SQLITE_OK) {
		fprintf(stderr, "parley: sql error: %s\n", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (CACHE_SLOTS - 1);
}

static struct stmt *sq_prep(struct db *db, const char *sql)
{
	struct sq_db *d = sq(db);
	size_t s0 = slot_of(sql);
	struct sq_stmt *free_slot = NULL;
	for (int p = 0; p < PROBES; p++) {
		struct sq_stmt *c = &d->cache[(s0 + p) & (CACHE_SLOTS - 1)];
		if (c->sql == sql && c->st && strcmp(sqlite3_sql(c->st), sql) == 0) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return &c->base;
		}
		if (!c->st && !free_slot)
			free_slot = c;
	}
	struct sq_stmt *c = free_slot ? free_slot : &d->cache[s0];
	if (c->st) {
		sqlite3_finalize(c->st);
		c->st = NULL;
	}
	d->last_rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
		&c->st, NULL);
	if (d->last_rc != SQLITE_OK) {
		fprintf(stderr, "parley: sql prepare failed: %s\n  in: %s\n",
			sqlite3_errmsg(d->h), sql);
		c->st = NULL;
		return NULL;
	}
	c->sql = sql;
	return &c->base;
}

static void sq_bind_i64(struct stmt *st, int i, int64_t v) { sqlite3_bind_int64(sqs(st)->st, i, v); }
static void sq_bind_double(struct stmt *st, int i, double v) { sqlite3_bind_double(sqs(st)->st, i, v); }
static void sq_bind_null(struct stmt *st, int i) { sqlite3_bind_null(sqs(st)->st, i); }

static void sq_bind_text(struct stmt *st, int i, const char *s, size_t n)
{
	sqlite3_bind_text64(sqs(st)->st, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_blob(struct stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(sqs(st)->st, i, p, n, SQLITE_TRANSIENT);
}

static enum step sq_step(struct stmt *st)
{
	struct sq_db *d = sq(st->db);
	int rc = sqlite3_step(sqs(st)->st);
	d->last_rc = rc;
	if (rc == SQLITE_ROW)
		return STEP_ROW;
	if (rc == SQLITE_DONE)
		return STEP_DONE;
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		fprintf(stderr, "parley: sql step failed: %s\n  in: %s\n",
			sqlite3_errmsg(d->h), sqlite3_sql(sqs(st)->st));
	return STEP_ERR;
}

static void sq_reset(struct stmt *st) { sqlite3_reset(sqs(st)->st); }
static int64_t sq_col_i64(struct stmt *st, int c) { return sqlite3_column_int64(sqs(st)->st, c); }
static double sq_col_double(struct stmt *st, int c) { return sqlite3_column_double(sqs(st)->st, c); }

static const char *sq_col_text(struct stmt *st, int c)
{
	return (const char *)sqlite3_column_text(sqs(st)->st, c);
}

static const void *sq_col_blob(struct stmt *st, int c, size_t *n)
{
	const void *p = sqlite3_column_blob(sqs(st)->st, c);
	*n = (size_t)sqlite3_column_bytes(sqs(st)->st, c);
	return p;
}

static bool sq_col_null(struct stmt *st, int c)
{
	return sqlite3_column_type(sqs(st)->st, c) == SQLITE_NULL;
}

static int64_t sq_changes(struct db *db) { return sqlite3_changes64(sq(db)->h); }
static int64_t sq_last_id(struct db *db) { return sqlite3_last_insert_rowid(sq(db)->h); }

static bool sq_constraint_failed(struct db *db)
{
	return (sq(db)->last_rc & 0xff) == SQLITE_CONSTRAINT;
}

static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(sq(db)->h); }

const struct store_ops store_sqlite_ops = {
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec_script = sq_exec_script,
	.prep = sq_prep,
	.bind_i64 = sq_bind_i64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.col_i64 = sq_col_i64,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_null = sq_col_null,
	.changes = sq_changes,
	.last_id = sq_last_id,
	.constraint_failed = sq_constraint_failed,
	.errmsg = sq_errmsg,
};
