/*
 * scheduler.h: the thread of `parley serve` that runs time-based rules.
 *
 * Every cfg->automation_interval seconds (--automation-interval,
 * PARLEY_AUTOMATION_INTERVAL, default 3600) it visits each account: it
 * records the SLA breaches whose time has come (ticket_slas.h), then runs
 * the active automations over the tickets that are not closed
 * (ticket_rules.h).  It acts as the system: user id -1, admin rights.
 */
#ifndef HEADER_CORE_SCHEDULER_H
#define HEADER_CORE_SCHEDULER_H

struct config;
struct periodic;

/* Starts the thread (cfg must outlive it; periodic_stop stops it); NULL
 * when the interval is 0 or the thread cannot start (a message says
 * why). */
struct periodic *scheduler_start(const struct config *cfg);

#endif
