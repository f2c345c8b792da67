/*
 * ticket_backfill.h: the thread of `parley serve` that stores the renders
 * tickets lack (core/ticket_read.c, migrations 0135 and 0145).
 *
 * A ticket's render is stored by the transaction that writes it through
 * core; tickets not written since (older than the renders, written by
 * SQL, or of an account whose custom fields changed since) have no
 * current render and are rendered again by every read.  At start and
 * every cfg->render_backfill seconds (--render-backfill,
 * PARLEY_RENDER_BACKFILL, default 5) the thread visits each account and
 * renders such tickets, TICKET_BACKFILL_BATCH per write transaction, until
 * none are left.
 */
#ifndef HEADER_CORE_TICKET_BACKFILL_H
#define HEADER_CORE_TICKET_BACKFILL_H

/* Tickets rendered per write transaction: short enough that a writer
 * waiting for the lock barely notices. */
#define TICKET_BACKFILL_BATCH 100

struct config;
struct periodic;

/* Starts the thread (cfg must outlive it; periodic_stop stops it after
 * the batch under way); NULL when the interval is 0 or the thread cannot
 * start (a message says why). */
struct periodic *ticket_backfill_start(const struct config *cfg);

#endif
