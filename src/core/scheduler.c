/*
 * scheduler.c: the time-based rules thread (see scheduler.h).
 *
 * Invariants:
 *  1. Each account is visited with its own arena and context, freed after
 *     the visit; a failure in one account is logged and the next one is
 *     visited.
 *  2. Stopping wakes the thread at once; it returns after the account it
 *     is visiting (each ticket's changes are one transaction, so stopping
 *     between two loses nothing).
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

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct scheduler {
	const struct config *cfg;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
};

static void report(const struct ctx *c, const char *what)
{
	fprintf(stderr, "parley: scheduler: account %lld: %s failed: %s\n",
		(long long)c->account_id, what, c->err_desc ? c->err_desc
		: c->err_title ? c->err_title : "error");
}

/* One account's visit, in its own arena. */
static void visit(const struct config *cfg, struct db *db, const json_t *acct)
{
	struct ctx c = {
		.a = arena_new(), .db = db, .cfg = cfg, .now = time_now(),
		.account_id = json_integer_value(json_object_get(acct, "id")),
		.brand_id = json_integer_value(json_object_get(acct, "brand_id")),
		.me = { .id = -1, .role = ROLE_ADMIN, .name = "Parley" },
	};
	c.account_subdomain = arena_strdup(c.a, json_string_value(
		json_object_get(acct, "subdomain")));
	c.api_base = cfg->public_url ? arena_printf(c.a, "%s/api/v2", cfg->public_url)
		: "http://localhost/api/v2";
	if (ticket_slas_breaches(&c, NULL))
		report(&c, "recording SLA breaches");
	ctx_clear_error(&c);
	if (ticket_rules_automations(&c, NULL))
		report(&c, "running automations");
	db_abandon(db);
	arena_free(c.a);
}

static void run_once(const struct config *cfg, struct db *db)
{
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

/* Waits one interval; false when stopping. */
static bool wait_interval(struct scheduler *s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += s->cfg->automation_interval;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping &&
	       pthread_cond_timedwait(&s->cv, &s->mu, &until) != ETIMEDOUT)
		;
	bool go = !s->stopping;
	pthread_mutex_unlock(&s->mu);
	return go;
}

static void *thread_main(void *arg)
{
	struct scheduler *s = arg;
	struct db *db = store_db(s->cfg->store);
	if (!db) {
		fprintf(stderr, "parley: scheduler: no store connection\n");
		return NULL;
	}
	while (wait_interval(s))
		run_once(s->cfg, db);
	return NULL;
}

struct scheduler *scheduler_start(const struct config *cfg)
{
	if (cfg->automation_interval <= 0)
		return NULL;
	struct scheduler *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = cfg;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->tid, NULL, thread_main, s) != 0) {
		fprintf(stderr, "parley: could not start the scheduler thread\n");
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

void scheduler_stop(struct scheduler *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->tid, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
