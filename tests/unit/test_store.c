/*
 * test_store.c: store/store.c, sqlite.c and migrate.c on a temporary file.
 *
 * Covers: every embedded migration applied once (and not again on reopen),
 * db_q's format letters and the NULLs they bind, nested transactions where
 * a failure at any depth makes the outer commit roll back, db_i64's -1 on
 * no row, constraint detection, and one connection per thread.
 */
#include "unit.h"

#include <pthread.h>

struct migration { int version; const char *name; const char *sql; };
extern const struct migration store_migrations[];
extern const int store_migration_count;

static void migrations_applied_once(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(store_migration_count >= 3);
	assert_int_equal(db_i64(db, "SELECT count(*) FROM schema_migrations", ""),
		store_migration_count);
	for (int i = 0; i < store_migration_count; i++)
		assert_int_equal(db_i64(db, "SELECT count(*) FROM schema_migrations"
			" WHERE version = ? AND name = ?", "is",
			(int64_t)store_migrations[i].version, store_migrations[i].name), 1);
	assert_int_equal(db_i64(db, "SELECT count(*) FROM sqlite_master"
		" WHERE type = 'table' AND name = 'accounts'", ""), 1);

	/* Reopening applies nothing twice. */
	struct store *again = store_open(f->url);
	assert_non_null(again);
	struct db *db2 = store_db(again);
	assert_ptr_not_equal(db2, db);
	assert_int_equal(db_i64(db2, "SELECT count(*) FROM schema_migrations", ""),
		store_migration_count);
	store_close(again);
}

static void connections_use_wal(void **state)
{
	struct unit_fixture *f = *state;
	struct stmt *st = db_q(f->c.db, "PRAGMA journal_mode", "");
	assert_non_null(st);
	assert_int_equal(stmt_step(st), STEP_ROW);
	assert_string_equal(stmt_text(st, 0), "wal");
	stmt_reset(st);
	assert_int_equal(db_i64(f->c.db, "PRAGMA foreign_keys", ""), 1);
	assert_int_equal(db_i64(f->c.db, "PRAGMA synchronous", ""), 1); /* NORMAL */
}

static void q_binds_every_format(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(db_exec(db, "CREATE TABLE t(i, n, b, o, d, s, bl)", ""));
	static const unsigned char blob[] = { 0, 1, 2, 255 };
	assert_true(db_exec(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", "inbodsB",
		(int64_t)1 << 40, (int64_t)7, 5, 0, 2.5, "text", blob, sizeof(blob)));
	assert_true(db_exec(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", "inbodsB",
		(int64_t)-1, (int64_t)0, 0, -1, -0.25, (const char *)NULL, blob, (size_t)0));
	assert_true(db_exec(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", "inbodsB",
		(int64_t)0, (int64_t)-3, -2, 1, 0.0, "", blob, (size_t)1));

	struct stmt *st = db_q(db, "SELECT i, n, b, o, d, s, bl, typeof(n), typeof(o),"
		" typeof(s), typeof(bl) FROM t ORDER BY rowid", "");
	assert_non_null(st);
	assert_int_equal(stmt_step(st), STEP_ROW);
	assert_int_equal(stmt_i64(st, 0), (int64_t)1 << 40);
	assert_int_equal(stmt_i64(st, 1), 7);
	assert_int_equal(stmt_i64(st, 2), 1);       /* b stores 0/1 */
	assert_int_equal(stmt_i64(st, 3), 0);
	assert_true(stmt_double(st, 4) == 2.5);
	assert_string_equal(stmt_text(st, 5), "text");
	size_t n = 0;
	const void *p = stmt_blob(st, 6, &n);
	assert_int_equal(n, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_string_equal(stmt_text(st, 10), "blob");

	assert_int_equal(stmt_step(st), STEP_ROW);
	assert_int_equal(stmt_i64(st, 0), -1);
	assert_true(stmt_null(st, 1));              /* n: 0 binds NULL */
	assert_string_equal(stmt_text(st, 7), "null");
	assert_int_equal(stmt_i64(st, 2), 0);
	assert_true(stmt_null(st, 3));              /* o: negative binds NULL */
	assert_string_equal(stmt_text(st, 8), "null");
	assert_true(stmt_double(st, 4) == -0.25);
	assert_true(stmt_null(st, 5));              /* s: NULL binds NULL */
	assert_null(stmt_text(st, 5));

	assert_int_equal(stmt_step(st), STEP_ROW);
	assert_int_equal(stmt_i64(st, 1), -3);      /* n: only 0 is NULL */
	assert_int_equal(stmt_i64(st, 2), 1);       /* b: any non-zero is 1 */
	assert_int_equal(stmt_i64(st, 3), 1);
	assert_false(stmt_null(st, 5));
	assert_string_equal(stmt_text(st, 5), "");
	assert_string_equal(stmt_text(st, 9), "text");
	assert_int_equal(stmt_step(st), STEP_DONE);
	stmt_reset(st);
}

static void statements_are_reused(void **state)
{
	struct unit_fixture *f = *state;
	static const char sql[] = "SELECT ? + 1";
	struct stmt *a = db_q(f->c.db, sql, "i", (int64_t)1);
	assert_int_equal(stmt_step(a), STEP_ROW);
	assert_int_equal(stmt_i64(a, 0), 2);
	/* Not reset by the caller: the next db_q on the same SQL resets it. */
	struct stmt *b = db_q(f->c.db, sql, "i", (int64_t)41);
	assert_ptr_equal(a, b);
	assert_int_equal(stmt_step(b), STEP_ROW);
	assert_int_equal(stmt_i64(b, 0), 42);
	stmt_reset(b);
	/* Many distinct statements (past the cache's probe chains) still work. */
	struct arena *ar = f->c.a;
	for (int i = 0; i < 3000; i++) {
		char *q = arena_printf(ar, "SELECT %d", i);
		assert_int_equal(db_i64(f->c.db, q, ""), i);
	}
	assert_int_equal(db_i64(f->c.db, sql, "i", (int64_t)9), 10);
}

static void i64_without_row_is_minus_one(void **state)
{
	struct unit_fixture *f = *state;
	assert_int_equal(db_i64(f->c.db, "SELECT id FROM accounts WHERE id = ?", "i",
		(int64_t)999), -1);
	assert_int_equal(db_i64(f->c.db, "SELECT 5 WHERE 0", ""), -1);
	assert_int_equal(db_i64(f->c.db, "SELECT 0", ""), 0);
}

static int64_t count_rows(struct db *db)
{
	return db_i64(db, "SELECT count(*) FROM settings WHERE key LIKE 'tx%'", "");
}

static bool put(struct db *db, const char *key)
{
	return db_exec(db, "INSERT INTO settings(key, value) VALUES (?, 'v')", "s", key);
}

static void nested_commit_persists(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx1"));
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx2"));
	assert_true(db_commit(db));      /* inner: nothing reaches SQLite yet */
	assert_true(db_commit(db));
	assert_int_equal(count_rows(db), 2);
	assert_false(db_commit(db));     /* no transaction open */
	db_rollback(db);                 /* harmless */
	assert_int_equal(count_rows(db), 2);
}

static void failed_inner_statement_rolls_back_outer(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(put(db, "txdup"));
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx-a"));
	assert_true(db_begin(db, true));
	assert_false(put(db, "txdup"));  /* UNIQUE violation */
	assert_true(db_constraint_failed(db));
	assert_false(db_commit(db));     /* the inner commit reports the failure */
	assert_true(put(db, "tx-b"));
	assert_false(db_commit(db));     /* and the outer one rolls back */
	assert_int_equal(count_rows(db), 1);

	/* The next transaction starts clean. */
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx-c"));
	assert_true(db_commit(db));
	assert_int_equal(count_rows(db), 2);
}

static void inner_rollback_rolls_back_outer(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx1"));
	assert_true(db_begin(db, false));
	assert_true(put(db, "tx2"));
	db_rollback(db);
	assert_false(db_commit(db));
	assert_int_equal(count_rows(db), 0);

	assert_true(db_begin(db, true));
	assert_true(put(db, "tx3"));
	db_rollback(db);
	assert_int_equal(count_rows(db), 0);
}

static void failed_prepare_marks_transaction(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	assert_true(db_begin(db, true));
	assert_true(put(db, "tx1"));
	assert_null(db_q(db, "SELEC nonsense", ""));
	assert_int_equal(db_i64(db, "SELECT * FROM no_such_table", ""), -1);
	assert_false(db_commit(db));
	assert_int_equal(count_rows(db), 0);
}

static void returning_and_changes(void **state)
{
	struct unit_fixture *f = *state;
	struct db *db = f->c.db;
	int64_t id = db_i64(db, "INSERT INTO accounts(subdomain, name, created_at)"
		" VALUES (?, ?, ?) RETURNING id", "ssi", "acme", "Acme", (int64_t)1);
	assert_true(id > 0);
	assert_true(db_exec(db, "UPDATE accounts SET name = ? WHERE id = ?", "si",
		"Acme Inc", id));
	assert_int_equal(db_changes(db), 1);
	assert_true(db_exec(db, "UPDATE accounts SET name = ? WHERE id = ?", "si",
		"x", id + 100));
	assert_int_equal(db_changes(db), 0);
	/* A foreign key to a missing account is a constraint failure too. */
	assert_false(db_exec(db, "INSERT INTO brands(account_id, name, subdomain,"
		" created_at, updated_at) VALUES (?, 'b', 'b', 0, 0)", "i", id + 100));
	assert_true(db_constraint_failed(db));
	assert_non_null(db_errmsg(db));
}

static void *other_thread(void *arg)
{
	struct unit_fixture *f = arg;
	struct db *db = store_db(f->cfg.store);
	/* Sees the main thread's committed row through its own connection. */
	int64_t n = db && db != f->c.db ? db_i64(db, "SELECT count(*) FROM settings"
		" WHERE key = 'from-main'", "") : -2;
	return (void *)(intptr_t)n;
}

static void one_connection_per_thread(void **state)
{
	struct unit_fixture *f = *state;
	assert_ptr_equal(store_db(f->cfg.store), f->c.db);
	assert_true(put(f->c.db, "from-main"));
	pthread_t t;
	void *res;
	assert_int_equal(pthread_create(&t, NULL, other_thread, f), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	assert_int_equal((intptr_t)res, 1);
}

static void bad_urls_fail_cleanly(void **state)
{
	(void)state;
	assert_null(store_open("postgres://nowhere"));
	assert_null(store_open("sqlite:/nonexistent-dir/sub/x.db"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_setup, unit_teardown)
	const struct CMUnitTest tests[] = {
		T(migrations_applied_once),
		T(connections_use_wal),
		T(q_binds_every_format),
		T(statements_are_reused),
		T(i64_without_row_is_minus_one),
		T(nested_commit_persists),
		T(failed_inner_statement_rolls_back_outer),
		T(inner_rollback_rolls_back_outer),
		T(failed_prepare_marks_transaction),
		T(returning_and_changes),
		T(one_connection_per_thread),
		cmocka_unit_test(bad_urls_fail_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
