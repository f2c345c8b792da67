/*
 * liveInt.h: what live.c and live_presence.c share: the bus's lock and
 * state, and publishing with the lock held.
 */
#ifndef HEADER_CORE_LIVEINT_H
#define HEADER_CORE_LIVEINT_H

#include "core/live.h"

#include <pthread.h>

struct live_bus {
	pthread_mutex_t lock;
	pthread_cond_t tick;     /* the heartbeat thread sleeps on it */
	bool running;            /* written under lock, read atomically */
	int heartbeat;           /* seconds of silence before a heartbeat */
	uint64_t next_seq;       /* the sequence number of the next event */
};

extern struct live_bus bus;

/* Appends an event of type with data (JSON text) for account_id to the
 * ring and wakes that account's waiting streams.  bus.lock held. */
void live_publish_locked(int64_t account_id, const char *type, const char *data);
/* Drops the presences that expired by now, publishing their tickets'
 * presence.  bus.lock held. */
void live_presence_expire_locked(int64_t now);
/* Forgets every presence (live_stop).  bus.lock held. */
void live_presence_clear_locked(void);

#endif
