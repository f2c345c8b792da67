/*
 * periodic.c: the periodic thread (see periodic.h).
 *
 * Invariant: stopping is read and written under mu only, and the wait
 * rechecks it after every wake (spurious ones included).
 */
#include "parley.h"
#include "util/periodic.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct periodic {
	int interval;
	bool at_start;
	void (*run)(struct periodic *p, void *arg);
	void *arg;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
};

bool periodic_stopping(struct periodic *p)
{
	pthread_mutex_lock(&p->mu);
	bool s = p->stopping;
	pthread_mutex_unlock(&p->mu);
	return s;
}

/* Waits one interval; false when stopping. */
static bool wait_interval(struct periodic *p)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += p->interval;
	pthread_mutex_lock(&p->mu);
	while (!p->stopping &&
	       pthread_cond_timedwait(&p->cv, &p->mu, &until) != ETIMEDOUT)
		;
	bool go = !p->stopping;
	pthread_mutex_unlock(&p->mu);
	return go;
}

static void *thread_main(void *arg)
{
	struct periodic *p = arg;
	if (p->at_start)
		p->run(p, p->arg);
	while (wait_interval(p))
		p->run(p, p->arg);
	return NULL;
}

struct periodic *periodic_start(const char *name, int interval, bool at_start,
	void (*run)(struct periodic *p, void *arg), void *arg)
{
	struct periodic *p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "parley: could not start the %s thread\n", name);
		return NULL;
	}
	*p = (struct periodic){ .interval = interval,
		.at_start = at_start, .run = run, .arg = arg };
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->tid, NULL, thread_main, p) != 0) {
		fprintf(stderr, "parley: could not start the %s thread\n", name);
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return NULL;
	}
	return p;
}

void periodic_stop(struct periodic *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->tid, NULL);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
