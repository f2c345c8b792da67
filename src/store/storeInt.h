/*
 * storeInt.h: what store.c shares with its backends.
 */
#ifndef HEADER_STORE_STOREINT_H
#define HEADER_STORE_STOREINT_H

#include "store/store.h"

#include <pthread.h>

/* Every backend's connection starts with this. */
struct db {
	const struct store_ops *ops;
	struct store *store;
	struct db *next_in_store; /* list of all connections, for closing */
	int depth;                /* transaction nesting: only the outer commits */
	bool failed;              /* a statement in this transaction failed */
	bool snapshot;            /* a request-wide read transaction is open */
	bool writing;             /* holds the store's write_lock: statements
	                           * run on the store's writer connection */
};

struct stmt {
	struct db *db;
};

struct store {
	const struct store_ops *ops;
	char *path;               /* backend-specific target */
	pthread_key_t tls;        /* this thread's struct db */
	pthread_mutex_t lock;     /* guards conns */
	pthread_mutex_t write_lock; /* one write transaction at a time */
	struct db *writer;        /* the connection of every write transaction,
	                           * opened by the first; guarded by write_lock */
	bool one_conn;            /* in memory (":memory:"): the writer is every
	                           * thread's connection (single-threaded use) */
	struct db *conns;
};

extern const struct store_ops store_sqlite_ops;

/* Applies migrations through db; false on failure (message printed). */
bool store_migrate(struct db *db);
/* Runs a script of statements on the connection db's statements use now
 * (the writer's inside a write transaction); 0 on success. */
int db_exec_script(struct db *db, const char *sql);

#endif
