/*
 * migrate.c: applies the versioned schema migrations.
 *
 * Migrations are the files src/store/migrations/NNNN_name.sqlite.sql,
 * embedded at build time (scripts/embed-sql.sh) in ascending order.  Each is
 * applied in its own transaction together with its row in schema_migrations,
 * so a crash leaves the schema at a whole version.  Migrations are never
 * edited once landed; a change is a new file.
 *
 * A store that has planner statistics (someone ran ANALYZE: sqlite_stat1
 * exists) is analyzed again after new migrations: with statistics for
 * some indexes of a table and none for a new one, SQLite's planner can
 * pick a much worse plan (after 0125 the ticket list by update went from
 * 1 ms to 70 ms at 100,000 tickets).  A store without statistics stays
 * without.
 */
#include "parley.h"
#include "store/storeInt.h"

#include <stdio.h>

struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Generated: build/migrations.c */
extern const struct migration store_migrations[];
extern const int store_migration_count;

bool store_migrate(struct db *db)
{
	if (db_exec_script(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		" applied_at INTEGER NOT NULL)") != 0)
		return false;
	bool analyzed = db_i64(db, "SELECT count(*) FROM sqlite_master"
		" WHERE name = 'sqlite_stat1'", "") > 0;
	int applied = 0;
	for (int i = 0; i < store_migration_count; i++) {
		const struct migration *m = &store_migrations[i];
		if (!db_begin(db, true))
			return false;
		int64_t have = db_i64(db,
			"SELECT count(*) FROM schema_migrations WHERE version = ?",
			"i", (int64_t)m->version);
		if (have > 0) {
			db_commit(db);
			continue;
		}
		if (db_exec_script(db, m->sql) != 0 ||
		    !db_exec(db, "INSERT INTO schema_migrations(version, name, applied_at)"
			" VALUES (?, ?, strftime('%s','now'))", "is",
			(int64_t)m->version, m->name)) {
			fprintf(stderr, "parley: migration %04d_%s failed\n",
				m->version, m->name);
			db_rollback(db);
			return false;
		}
		if (!db_commit(db))
			return false;
		applied++;
	}
	if (analyzed && applied && db->ops->exec_script(db, "ANALYZE") != 0)
		fprintf(stderr, "parley: ANALYZE after the migrations failed\n");
	return true;
}
