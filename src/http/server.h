/*
 * server.h: the HTTP server of `parley serve` (libmicrohttpd).
 */
#ifndef HEADER_HTTP_SERVER_H
#define HEADER_HTTP_SERVER_H

#include <stdint.h>

struct config;
struct server;

/* Starts listening on cfg->listen with a pool of cfg->threads workers.
 * Returns NULL (message printed) when the address cannot be bound.
 * cfg must outlive the server. */
struct server *server_start(const struct config *cfg);
/* The port actually bound (useful with port 0). */
uint16_t server_port(const struct server *s);
/* Stops accepting, finishes in-flight requests, frees the server. */
void server_stop(struct server *s);

#endif
