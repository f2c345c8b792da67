/*
 * ticket_backfill.c: the render backfill thread (see ticket_backfill.h).
 *
 * Invariants:
 *  1. Each batch is one write transaction that reads, renders and stores
 *     its tickets (ticket_renders_backfill), so a render it stores says
 *     what the row says at commit; a ticket write before or after it
 *     stores its own render or drops this one (triggers of 0135).
 *  2. Each batch has its own arena and context, freed after it: an account
 *     with a hundred thousand tickets to render never holds them all.
 *  3. Stopping wakes the thread at once; it returns after the batch under
 *     way.  A failure is logged and ends the account's visit until the
 *     next wake.
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/ticket_backfill.h"
#include "core/ticketsInt.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct ticket_backfill {
	const struct config *cfg;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
};

static bool stopping(struct ticket_backfill *b)
{
	pthread_mutex_lock(&b->mu);
	bool s = b->stopping;
	pthread_mutex_unlock(&b->mu);
	return s;
}

/* One batch of the account acct; returns how many tickets it took, -1
 * on failure. */
static int batch(const struct config *cfg, struct db *db, const json_t *acct)
{
	struct ctx c = {
		.a = arena_new(), .db = db, .cfg = cfg, .now = time_now(),
		.account_id = json_integer_value(json_object_get(acct, "id")),
		.brand_id = json_integer_value(json_object_get(acct, "brand_id")),
		.me = { .id = -1, .role = ROLE_ADMIN, .name = "Parley" },
	};
	c.account_subdomain = arena_strdup(c.a, json_string_value(
		json_object_get(acct, "subdomain")));
	c.api_base = "http://localhost/api/v2"; /* the url is not stored */
	int done = -1;
	if (!db_begin(db, true)) {
		fprintf(stderr, "parley: render backfill: no write transaction\n");
	} else if (ticket_renders_backfill(&c, TICKET_BACKFILL_BATCH, &done)) {
		fprintf(stderr, "parley: render backfill: account %lld: %s\n",
			(long long)c.account_id, c.err_desc ? c.err_desc
			: c.err_title ? c.err_title : "error");
		db_rollback(db);
		done = -1;
	} else if (!db_commit(db)) {
		fprintf(stderr, "parley: render backfill: commit failed\n");
		done = -1;
	}
	db_abandon(db);
	arena_free(c.a);
	return done;
}

/* Renders every ticket of every account that lacks a current render. */
static void run_once(struct ticket_backfill *b, struct db *db)
{
	struct ctx c = { .a = arena_new(), .db = db, .cfg = b->cfg,
		.now = time_now() };
	json_t *accounts, *acct;
	size_t i;
	if (accounts_all(&c, &accounts) != PL_OK) {
		fprintf(stderr, "parley: render backfill: could not list the accounts\n");
		accounts = NULL;
	}
	db_abandon(db);
	json_array_foreach(accounts, i, acct) {
		int n;
		do {
			if (stopping(b))
				goto out;
			n = batch(b->cfg, db, acct);
			/* Let writers queued on the lock go first. */
			if (n == TICKET_BACKFILL_BATCH)
				nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		} while (n == TICKET_BACKFILL_BATCH);
	}
out:
	arena_free(c.a);
}

/* Waits one interval; false when stopping. */
static bool wait_interval(struct ticket_backfill *b)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += b->cfg->render_backfill;
	pthread_mutex_lock(&b->mu);
	while (!b->stopping &&
	       pthread_cond_timedwait(&b->cv, &b->mu, &until) != ETIMEDOUT)
		;
	bool go = !b->stopping;
	pthread_mutex_unlock(&b->mu);
	return go;
}

static void *thread_main(void *arg)
{
	struct ticket_backfill *b = arg;
	struct db *db = store_db(b->cfg->store);
	if (!db) {
		fprintf(stderr, "parley: render backfill: no store connection\n");
		return NULL;
	}
	do
		run_once(b, db);
	while (wait_interval(b));
	return NULL;
}

struct ticket_backfill *ticket_backfill_start(const struct config *cfg)
{
	if (cfg->render_backfill <= 0)
		return NULL;
	struct ticket_backfill *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->cfg = cfg;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->tid, NULL, thread_main, b) != 0) {
		fprintf(stderr, "parley: could not start the render backfill thread\n");
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
		free(b);
		return NULL;
	}
	return b;
}

void ticket_backfill_stop(struct ticket_backfill *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->mu);
	b->stopping = true;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->tid, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	free(b);
}
