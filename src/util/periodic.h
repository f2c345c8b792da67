/*
 * periodic.h: a thread that runs a function every so many seconds until it
 * is stopped (the background threads of `parley serve`: the scheduler,
 * the render backfill).
 *
 * Stopping wakes the thread at once; a run under way finishes first, so
 * long runs check periodic_stopping() between their steps.
 */
#ifndef HEADER_UTIL_PERIODIC_H
#define HEADER_UTIL_PERIODIC_H

#include <stdbool.h>

struct periodic;

/* Starts a thread named name (for messages) that calls run(p, arg) every
 * interval seconds (> 0), the first time at once when at_start, else
 * after one interval.  NULL when the thread cannot start (a message
 * says why). */
struct periodic *periodic_start(const char *name, int interval, bool at_start,
	void (*run)(struct periodic *p, void *arg), void *arg);
/* Whether periodic_stop was called: a run should return soon. */
bool periodic_stopping(struct periodic *p);
/* Stops the thread, waiting for a run under way; NULL does nothing. */
void periodic_stop(struct periodic *p);

#endif
