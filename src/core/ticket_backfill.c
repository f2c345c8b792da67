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
 *  3. Stopping (util/periodic.h) waits for the batch under way only: a
 *     run checks it between batches.  A failure is logged and ends the
 *     account's visit until the next run.
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/ticket_backfill.h"
#include "core/ticketsInt.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/periodic.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* One batch of the account acct; returns how many tickets it took, -1
 * on failure. */
static int batch(const struct config *cfg, struct db *db, const json_t *acct)
{
	struct ctx c;
	account_system_ctx(&c, cfg, db, acct);
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

/* One run: renders every ticket of every account that lacks a current
 * render, unless stopped between two batches. */
static void run_once(struct periodic *p, void *arg)
{
	const struct config *cfg = arg;
	struct db *db = store_db(cfg->store);
	if (!db) {
		fprintf(stderr, "parley: render backfill: no store connection\n");
		return;
	}
	struct ctx c = { .a = arena_new(), .db = db, .cfg = cfg, .now = time_now() };
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
			if (periodic_stopping(p))
				goto out;
			n = batch(cfg, db, acct);
			/* Let writers queued on the lock go first. */
			if (n == TICKET_BACKFILL_BATCH)
				nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		} while (n == TICKET_BACKFILL_BATCH);
	}
out:
	arena_free(c.a);
}

struct periodic *ticket_backfill_start(const struct config *cfg)
{
	if (cfg->render_backfill <= 0)
		return NULL;
	return periodic_start("render backfill", cfg->render_backfill, true,
		run_once, (void *)cfg);
}
