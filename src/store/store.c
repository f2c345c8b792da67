/*
 * store.c: backend-independent half of the store: opening by URL, one
 * connection per thread, transactions with nesting, and db_q's argument
 * binding.
 *
 * Transactions nest by counting: only the outermost db_begin/db_commit pair
 * talks to the backend.  A request's reads share one snapshot
 * (db_read_begin): a read transaction opened lazily is far cheaper than
 * one per statement (each costs WAL-index locking), and the request sees
 * one consistent state.  Read transactions nest inside it; the first write
 * transaction ends it, so writes always start on a fresh snapshot holding
 * the write lock.
 *
 * Write transactions of this process queue on a mutex before BEGIN
 * IMMEDIATE: SQLite admits one writer anyway, and its busy handler polls
 * with sleeps of up to 100 ms, so threads contending through it wait far
 * longer than the work takes.  The busy timeout still covers writers in
 * other processes (the admin command line).  Holding the mutex, a thread
 * runs its write on the store's one writer connection (s->writer), not
 * its own: a connection drops its whole page cache when another one has
 * written, so writes spread over the threads' connections read every page
 * they touch again (some fifty per ticket create), while the writer's
 * cache stays warm with what it wrote.  The thread's own connection keeps
 * serving its reads.  A rollback at any depth marks the transaction
 * failed, and the outer commit then rolls back instead, so a half-written
 * record never becomes visible.
 */
#include "parley.h"
#include "store/storeInt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tls_noop(void *p)
{
	(void)p; /* connections are closed by store_close, not at thread exit */
}

struct store *store_open(const char *url)
{
	const char *path;
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else {
		fprintf(stderr, "parley: unsupported store URL '%s' "
			"(expected sqlite:PATH)\n", url);
		return NULL;
	}
	struct store *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->ops = &store_sqlite_ops;
	s->path = strdup(path);
	/* Each connection to ":memory:" is a database of its own. */
	s->one_conn = strcmp(path, ":memory:") == 0;
	pthread_key_create(&s->tls, tls_noop);
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	struct db *db = store_db(s);
	if (!db || !store_migrate(db)) {
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	struct db *db = s->conns;
	while (db) {
		struct db *next = db->next_in_store;
		s->ops->disconnect(db);
		db = next;
	}
	pthread_key_delete(s->tls);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->write_lock);
	free(s->path);
	free(s);
}

/* A new connection to s, listed for store_close; NULL on failure. */
static struct db *connect(struct store *s)
{
	struct db *db = s->ops->connect(s);
	if (!db)
		return NULL;
	db->ops = s->ops;
	db->store = s;
	pthread_mutex_lock(&s->lock);
	db->next_in_store = s->conns;
	s->conns = db;
	pthread_mutex_unlock(&s->lock);
	return db;
}

struct db *store_db(struct store *s)
{
	struct db *db = pthread_getspecific(s->tls);
	if (db)
		return db;
	if (s->one_conn && s->writer)
		return s->writer;
	if (!(db = connect(s)))
		return NULL;
	pthread_setspecific(s->tls, db);
	if (s->one_conn)
		s->writer = db;
	return db;
}

/* The connection db's statements run on: the writer's while db writes. */
static struct db *cur(struct db *db)
{
	return db->writing ? db->store->writer : db;
}

/* Runs a transaction-control statement through the statement cache
 * (sqlite3_exec would parse it anew each time); 0 on success. */
static int tx(struct db *db, const char *sql)
{
	db = cur(db);
	struct stmt *st = db->ops->prep(db, sql);
	if (!st)
		return -1;
	enum step r = db->ops->step(st);
	db->ops->reset(st);
	return r == STEP_DONE ? 0 : -1;
}

/* Set once before the threads that write start (store_on_write_end). */
static void (*write_end_hook)(bool committed);

void store_on_write_end(void (*fn)(bool committed))
{
	write_end_hook = fn;
}

/* Tells the hook that a write transaction ended, committed or not, then
 * releases the write lock: what the hook publishes goes out in commit
 * order. */
static void write_unlock(struct db *db, bool committed)
{
	if (db->writing) {
		if (write_end_hook)
			write_end_hook(committed);
		db->writing = false;
		pthread_mutex_unlock(&db->store->write_lock);
	}
}

/* Whether a statement of db's transaction failed (on either connection). */
static bool tx_failed(struct db *db)
{
	return db->failed || (db->writing && db->store->writer->failed);
}

/* Takes the write lock and opens the writer connection if needed; false
 * (unlocked) when it cannot be opened. */
static bool write_lock(struct db *db)
{
	struct store *s = db->store;
	pthread_mutex_lock(&s->write_lock);
	if (!s->writer && !(s->writer = connect(s))) {
		pthread_mutex_unlock(&s->write_lock);
		return false;
	}
	s->writer->failed = false;
	db->writing = true;
	return true;
}

/* Ends the outer transaction with ROLLBACK. */
static void roll_back(struct db *db)
{
	tx(db, "ROLLBACK");
	write_unlock(db, false);
}

bool db_read_begin(struct db *db)
{
	if (db->depth > 0 || db->snapshot)
		return true;
	if (tx(db, "BEGIN") != 0)
		return false;
	db->snapshot = true;
	return true;
}

void db_read_end(struct db *db)
{
	if (!db->snapshot)
		return;
	db->snapshot = false;
	if (db->depth == 0)
		tx(db, "COMMIT");
}

bool db_begin(struct db *db, bool write)
{
	if (db->depth++ > 0)
		return true;
	db->failed = false;
	if (db->snapshot) {
		/* Reads join the request's snapshot; a write ends it and takes
		 * the write lock on a fresh one. */
		if (!write)
			return true;
		db->snapshot = false;
		tx(db, "COMMIT");
	}
	if (write && !write_lock(db)) {
		db->depth = 0;
		return false;
	}
	if (tx(db, write ? "BEGIN IMMEDIATE" : "BEGIN") != 0) {
		write_unlock(db, false);
		db->depth = 0;
		return false;
	}
	return true;
}

bool db_commit(struct db *db)
{
	if (db->depth <= 0)
		return false;
	if (--db->depth > 0 || db->snapshot)
		return !tx_failed(db);
	if (tx_failed(db) || tx(db, "COMMIT") != 0) {
		roll_back(db);
		return false;
	}
	write_unlock(db, true);
	return true;
}

void db_rollback(struct db *db)
{
	if (db->depth <= 0)
		return;
	db->failed = true;
	if (--db->depth == 0 && !db->snapshot)
		roll_back(db);
}

bool db_abandon(struct db *db)
{
	if (db->depth <= 0)
		return false;
	db->depth = 0;
	db->snapshot = false;
	roll_back(db);
	return true;
}

int db_exec_script(struct db *db, const char *sql)
{
	db = cur(db);
	return db->ops->exec_script(db, sql);
}

struct stmt *db_vq(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	db = cur(db);
	struct stmt *st = db->ops->prep(db, sql);
	if (!st) {
		db->failed = true;
		return NULL;
	}
	int i = 1;
	for (const char *f = fmt; f && *f; f++, i++) {
		switch (*f) {
		case 'i':
			db->ops->bind_i64(st, i, va_arg(ap, int64_t));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				db->ops->bind_i64(st, i, v);
			else
				db->ops->bind_null(st, i);
			break;
		}
		case 'b':
			db->ops->bind_i64(st, i, va_arg(ap, int) ? 1 : 0);
			break;
		case 'o': {
			int v = va_arg(ap, int);
			if (v < 0)
				db->ops->bind_null(st, i);
			else
				db->ops->bind_i64(st, i, v ? 1 : 0);
			break;
		}
		case 'd':
			db->ops->bind_double(st, i, va_arg(ap, double));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				db->ops->bind_text(st, i, s, strlen(s));
			else
				db->ops->bind_null(st, i);
			break;
		}
		case 'B': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			db->ops->bind_blob(st, i, p, n);
			break;
		}
		default:
			fprintf(stderr, "parley: bad db_q format '%c'\n", *f);
			abort();
		}
	}
	return st;
}

struct stmt *db_vq_tail(struct db *db, const char *sql, const char *fmt, va_list ap,
	int ntail, const int64_t *tail)
{
	struct stmt *st = db_vq(db, sql, fmt, ap);
	if (!st)
		return NULL;
	int i = (int)strlen(fmt ? fmt : "") + 1;
	for (int k = 0; k < ntail; k++)
		db->ops->bind_i64(st, i + k, tail[k]);
	return st;
}

struct stmt *db_qa(struct db *db, const char *sql, const struct db_arg *args, int n)
{
	db = cur(db);
	struct stmt *st = db->ops->prep(db, sql);
	if (!st) {
		db->failed = true;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		if (args[i].type == 'i')
			db->ops->bind_i64(st, i + 1, args[i].i);
		else if (args[i].s)
			db->ops->bind_text(st, i + 1, args[i].s, strlen(args[i].s));
		else
			db->ops->bind_null(st, i + 1);
	}
	return st;
}

struct stmt *db_q(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct stmt *st = db_vq(db, sql, fmt, ap);
	va_end(ap);
	return st;
}

bool db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct stmt *st = db_vq(db, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return false;
	enum step r;
	while ((r = stmt_step(st)) == STEP_ROW)
		;
	stmt_reset(st);
	return r == STEP_DONE;
}

/* Runs sql with ap's arguments for one step; *first gets the first column
 * of the row it gives, if any.  STEP_ERR when it could not be prepared. */
static enum step step_once(struct db *db, const char *sql, const char *fmt,
	va_list ap, int64_t *first)
{
	struct stmt *st = db_vq(db, sql, fmt, ap);
	if (!st)
		return STEP_ERR;
	enum step r = stmt_step(st);
	if (r == STEP_ROW)
		*first = stmt_i64(st, 0);
	stmt_reset(st);
	return r;
}

int64_t db_i64(struct db *db, const char *sql, const char *fmt, ...)
{
	int64_t v = -1;
	va_list ap;
	va_start(ap, fmt);
	enum step r = step_once(db, sql, fmt, ap, &v);
	va_end(ap);
	return r == STEP_ROW ? v : -1;
}

int64_t db_insert(struct db *db, const char *sql, const char *fmt, ...)
{
	int64_t unused;
	va_list ap;
	va_start(ap, fmt);
	enum step r = step_once(db, sql, fmt, ap, &unused);
	va_end(ap);
	return r == STEP_DONE ? db->ops->last_id(cur(db)) : -1;
}

int64_t db_changes(struct db *db) { return db->ops->changes(cur(db)); }
bool db_constraint_failed(struct db *db) { return db->ops->constraint_failed(cur(db)); }
const char *db_errmsg(struct db *db) { return db->ops->errmsg(cur(db)); }

enum step stmt_step(struct stmt *st)
{
	enum step r = st->db->ops->step(st);
	if (r == STEP_ERR)
		st->db->failed = true;
	return r;
}

int64_t stmt_i64(struct stmt *st, int c) { return st->db->ops->col_i64(st, c); }
double stmt_double(struct stmt *st, int c) { return st->db->ops->col_double(st, c); }
const char *stmt_text(struct stmt *st, int c) { return st->db->ops->col_text(st, c); }
const void *stmt_blob(struct stmt *st, int c, size_t *n) { return st->db->ops->col_blob(st, c, n); }
bool stmt_null(struct stmt *st, int c) { return st->db->ops->col_null(st, c); }
void stmt_reset(struct stmt *st) { st->db->ops->reset(st); }
