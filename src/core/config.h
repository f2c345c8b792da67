/*
 * config.h: settings of one `parley serve` process, from flags, then
 * PARLEY_* environment variables, then defaults (main.c fills it).
 */
#ifndef HEADER_CORE_CONFIG_H
#define HEADER_CORE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct mail_config;

struct config {
	const char *listen;        /* HOST:PORT; port 0 picks a free one */
	const char *db_url;        /* sqlite:PATH */
	const char *public_url;    /* optional fixed origin for links */
	const char *web_root;      /* static assets */
	int threads;               /* HTTP worker threads */
	int rate_limit;            /* requests per minute per account; 0 = off */
	int anonymous_requests;    /* anonymous requests per hour per address
	                            * and account; 0 = no limit */
	size_t max_body;           /* JSON request bodies */
	size_t max_upload;         /* POST /uploads bodies */
	unsigned idle_timeout;     /* seconds */
	unsigned char token_key[32]; /* keys the token and credential hashes */
	struct store *store;
	const struct mail_config *mail; /* core/mail.h; NULL: defaults */
	int automation_interval;   /* seconds between scheduler runs; 0: none */
	int render_backfill;       /* seconds between the render backfill
	                            * thread's runs; 0: none
	                            * (core/ticket_backfill.h) */
	int live_heartbeat;        /* seconds of silence before an event
	                            * stream's heartbeat (core/live.h) */
};

#endif
