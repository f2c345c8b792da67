/*
 * store.h: the only door to persistence.
 *
 * A store is opened once from a URL (sqlite:PATH today; postgresql://... is
 * the planned second backend behind the same struct store_ops).  Each thread
 * takes its own connection with store_db(); statements are prepared once per
 * connection and cached by the address of their SQL text, so callers pass
 * string literals.
 *
 * SQL is portable: `?` placeholders, integers for booleans and Unix-second
 * timestamps, RETURNING for generated ids.  This header never includes a
 * backend's own header.
 */
#ifndef HEADER_STORE_STORE_H
#define HEADER_STORE_STORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct db;
struct stmt;

enum step { STEP_ERR = -1, STEP_DONE = 0, STEP_ROW = 1 };

/* Per-backend operations; a backend fills one const instance. */
struct store_ops {
	struct db *(*connect)(struct store *s);
	void (*disconnect)(struct db *db);
	int (*exec_script)(struct db *db, const char *sql);
	struct stmt *(*prep)(struct db *db, const char *sql);
	void (*bind_i64)(struct stmt *st, int i, int64_t v);
	void (*bind_double)(struct stmt *st, int i, double v);
	void (*bind_text)(struct stmt *st, int i, const char *s, size_t n);
	void (*bind_blob)(struct stmt *st, int i, const void *p, size_t n);
	void (*bind_null)(struct stmt *st, int i);
	enum step (*step)(struct stmt *st);
	void (*reset)(struct stmt *st);
	int64_t (*col_i64)(struct stmt *st, int c);
	double (*col_double)(struct stmt *st, int c);
	const char *(*col_text)(struct stmt *st, int c);
	const void *(*col_blob)(struct stmt *st, int c, size_t *n);
	bool (*col_null)(struct stmt *st, int c);
	int64_t (*changes)(struct db *db);
	int64_t (*last_id)(struct db *db);
	bool (*constraint_failed)(struct db *db);
	const char *(*errmsg)(struct db *db);
};

/* Opens the store named by url and applies pending migrations.
 * Returns NULL and prints a message on failure.  The store is shared by all
 * threads. */
struct store *store_open(const char *url);
void store_close(struct store *s);

/* This thread's connection to s (opened on first use); NULL on failure. */
struct db *store_db(struct store *s);

/* Transactions.  db_begin(write=true) takes the write lock at once so a
 * writer never fails half way on a lock upgrade. */
/* fn(committed) runs on the thread that ends a write transaction, once
 * its outermost COMMIT succeeded (true) or it rolled back (false), just
 * before the write lock is released (so in commit order).  fn must not
 * start a transaction.  One hook per process, set before threads write
 * (core/live.c's: a write's events go out only once it is durable); NULL
 * removes it. */
void store_on_write_end(void (*fn)(bool committed));
bool db_begin(struct db *db, bool write);
bool db_commit(struct db *db);
void db_rollback(struct db *db);
/* Opens a read snapshot shared by the statements and read transactions
 * that follow, until db_read_end or the next write transaction, which ends
 * it.  False on failure (reads then run one statement at a time). */
bool db_read_begin(struct db *db);
void db_read_end(struct db *db);
/* Rolls back a transaction left open (a bug in the caller); returns whether
 * there was one.  Called after every request as a safety net. */
bool db_abandon(struct db *db);

/*
 * db_q: prepares (or reuses) sql and binds arguments described by fmt:
 *   i  int64_t               n  int64_t, 0 binds NULL (optional ids)
 *   b  int (stored 0/1)      d  double
 *   o  int: optional bool, negative binds NULL
 *   s  const char *, NULL binds NULL
 *   B  const void *, size_t  (blob)
 * Returns the statement ready to step, or NULL on error.  The statement is
 * borrowed: it belongs to the connection and is reset by the next db_q on
 * the same SQL.
 */
struct stmt *db_q(struct db *db, const char *sql, const char *fmt, ...);
struct stmt *db_vq(struct db *db, const char *sql, const char *fmt, va_list ap);
/* db_vq, then binds ntail more integers from tail after fmt's arguments. */
struct stmt *db_vq_tail(struct db *db, const char *sql, const char *fmt, va_list ap,
	int ntail, const int64_t *tail);
/* A value bound by db_qa, for SQL whose placeholders are only known at run
 * time (search and view conditions): type 'i' binds i, 's' binds s (NULL
 * binds NULL). */
struct db_arg {
	char type;
	int64_t i;
	const char *s;
};
/* db_q with the n arguments of args, in order. */
struct stmt *db_qa(struct db *db, const char *sql, const struct db_arg *args, int n);
/* Runs sql to completion.  Returns false on error. */
bool db_exec(struct db *db, const char *sql, const char *fmt, ...);
/* Runs sql expecting one integer column of one row (e.g. RETURNING id or
 * count(*)).  Returns the value, or -1 when no row or on error. */
int64_t db_i64(struct db *db, const char *sql, const char *fmt, ...);
/* Runs sql, an INSERT of one row into a table keyed by an INTEGER
 * PRIMARY KEY, to completion and returns the new row's id; -1 on error.
 * On hot paths it beats "INSERT ... RETURNING id" through db_i64, which
 * SQLite answers through a temporary table and a statement journal (a
 * backend without a last-insert id would append RETURNING id). */
int64_t db_insert(struct db *db, const char *sql, const char *fmt, ...);
/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);
/* Whether the last error was a UNIQUE/CHECK/FK violation. */
bool db_constraint_failed(struct db *db);
const char *db_errmsg(struct db *db);

enum step stmt_step(struct stmt *st);
int64_t stmt_i64(struct stmt *st, int c);
double stmt_double(struct stmt *st, int c);
/* Borrowed; valid until the next step or reset.  NULL for SQL NULL. */
const char *stmt_text(struct stmt *st, int c);
const void *stmt_blob(struct stmt *st, int c, size_t *n);
bool stmt_null(struct stmt *st, int c);
void stmt_reset(struct stmt *st);

#endif
