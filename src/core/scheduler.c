/*
 * scheduler.c: the time-based rules thread (see scheduler.h).
 *
 * Invariants:
 *  1. Each account is visited with its own arena and context, freed after
 *     the visit; a failure in one account is logged and the next one is
 *     visited.
 *  2. Stopping (util/periodic.h) waits for the run under way (each
 *     ticket's changes are one transaction, so stopping between two loses
 *     nothing).
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "core/ticket_rules.h"
#include "core/ticket_slas.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/periodic.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void report(const struct ctx *c, const char *what)
{
	fprintf(stderr, "parley: scheduler: account %lld: %s failed: %s\n",
		(long long)c->account_id, what, c->err_desc ? c->err_desc
		: c->err_title ? c->err_title : "error");
}

/* One account's visit, in its own arena. */
static void visit(const struct config *cfg, struct db *db, const json_t *acct)
{
	struct ctx c;
	account_system_ctx(&c, cfg, db, acct);
	if (ticket_slas_breaches(&c, NULL))
		report(&c, "recording SLA breaches");
	ctx_clear_error(&c);
	if (ticket_rules_automations(&c, NULL))
		report(&c, "running automations");
	db_abandon(db);
	arena_free(c.a);
}

/* One run: every account's visit. */
static void run_once(struct periodic *p, void *arg)
{
	const struct config *cfg = arg;
	(void)p;
	struct db *db = store_db(cfg->store);
	if (!db) {
		fprintf(stderr, "parley: scheduler: no store connection\n");
		return;
	}
	struct ctx c = { .a = arena_new(), .db = db, .cfg = cfg, .now = time_now() };
	json_t *accounts, *acct;
	size_t i;
	if (accounts_all(&c, &accounts) == PL_OK)
		json_array_foreach(accounts, i, acct)
			visit(cfg, db, acct);
	else
		fprintf(stderr, "parley: scheduler: could not list the accounts\n");
	arena_free(c.a);
}

struct periodic *scheduler_start(const struct config *cfg)
{
	if (cfg->automation_interval <= 0)
		return NULL;
	return periodic_start("scheduler", cfg->automation_interval, false,
		run_once, (void *)cfg);
}
