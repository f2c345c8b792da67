/*
 * smtp_server.h: the SMTP listener of `parley serve`: sockets and threads
 * around smtp_session.c.
 */
#ifndef HEADER_CHANNELS_SMTP_SERVER_H
#define HEADER_CHANNELS_SMTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct smtp_handler;
struct smtp_server;

struct smtp_server_opts {
	const char *listen;        /* HOST:PORT; port 0 picks a free one */
	const char *hostname;      /* in the greeting and replies */
	int threads;               /* each polls the listener and its clients */
	unsigned timeout;          /* seconds a client may stay silent */
	size_t max_size;           /* message size limit (SIZE, 552) */
	const struct smtp_handler *handler; /* called from the threads */
};

/* Binds and starts the threads.  NULL (message printed) when the address
 * cannot be bound.  opts and what it points to must outlive the server. */
struct smtp_server *smtp_server_start(const struct smtp_server_opts *opts);
/* The port actually bound. */
uint16_t smtp_server_port(const struct smtp_server *s);
/* Stops the threads (a message being stored finishes first), closes every
 * connection without a reply, frees the server. */
void smtp_server_stop(struct smtp_server *s);

#endif
