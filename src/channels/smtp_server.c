/*
 * smtp_server.c: accepting SMTP clients and moving bytes between their
 * sockets and their smtp_session (RFC 5321 section 4.5.3.2 for the
 * timeouts; the protocol itself is in smtp_session.c).
 *
 * Threads: opts->threads workers, each with its own poll() set holding the
 * shared non-blocking listening socket, a wake-up pipe and up to
 * MAX_CONNS_PER_THREAD clients.  Whichever worker wins accept() owns the
 * client until it leaves.  A worker runs the handler (parse and store a
 * message) inline, so each has its own store connection and a slow store
 * delays only that worker's clients.
 *
 * Invariants:
 *  1. A client is read only while fewer than OUT_HIGH bytes of replies wait
 *     for it, so a pipelining client that never reads cannot grow memory.
 *  2. Every client gets a reply or is closed within opts->timeout seconds
 *     of its last byte: idle ones get 421 and are closed.
 *  3. Stopping never waits for clients: replies in flight are dropped.
 */
#include "parley.h"
#include "channels/smtp_server.h"
#include "channels/smtp_session.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS_PER_THREAD 256
#define OUT_HIGH (64 * 1024)
#define READ_CHUNK (64 * 1024)

struct conn {
	int fd;
	time_t last;
	struct smtp_session s;
};

struct worker {
	struct smtp_server *srv;
	pthread_t tid;
	struct conn *conns[MAX_CONNS_PER_THREAD];
	int nconns;
};

struct smtp_server {
	const struct smtp_server_opts *opts;
	int lfd;
	int wake[2];
	uint16_t port;
	atomic_bool stopping;
	struct worker *workers;
	int nworkers;
};

static bool set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

/* Binds HOST:PORT (IPv4 or IPv6 literal or name); -1 on failure. */
static int bind_listen(const char *listen_on, uint16_t *port)
{
	const char *colon = strrchr(listen_on, ':');
	if (!colon) {
		fprintf(stderr, "parley: --smtp-listen takes HOST:PORT, not '%s'\n",
			listen_on);
		return -1;
	}
	char host[256];
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen_on), listen_on);
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = 0;
	}
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	int rc = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "parley: cannot resolve SMTP address '%s': %s\n",
			listen_on, gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 128) != 0 || !set_nonblock(fd)) {
		fprintf(stderr, "parley: cannot listen for SMTP on %s: %s\n", listen_on,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*port = ntohs(ss.ss_family == AF_INET6
		? ((struct sockaddr_in6 *)&ss)->sin6_port
		: ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static void conn_close(struct worker *w, int i)
{
	struct conn *c = w->conns[i];
	close(c->fd);
	smtp_session_cleanup(&c->s);
	free(c);
	w->conns[i] = w->conns[--w->nconns];
}

static void accept_clients(struct worker *w)
{
	const struct smtp_server_opts *o = w->srv->opts;
	for (;;) {
		int fd = accept4(w->srv->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return; /* EAGAIN: another worker took it, or none left */
		if (w->nconns == MAX_CONNS_PER_THREAD) {
			static const char busy[] = "421 4.3.2 too many connections, try later\r\n";
			ssize_t ignored = write(fd, busy, sizeof(busy) - 1);
			(void)ignored;
			close(fd);
			continue;
		}
		struct conn *c = calloc(1, sizeof(*c));
		if (!c)
			abort();
		c->fd = fd;
		c->last = time(NULL);
		smtp_session_init(&c->s, o->handler, o->hostname, o->max_size);
		w->conns[w->nconns++] = c;
	}
}

/* Writes what it can; false when the client is gone. */
static bool flush_out(struct conn *c)
{
	while (c->s.out_len) {
		ssize_t n = send(c->fd, c->s.out, c->s.out_len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		smtp_session_consumed(&c->s, (size_t)n);
	}
	return true;
}

/* Reads and feeds what is there; false when the client is gone. */
static bool read_in(struct conn *c, char *buf)
{
	ssize_t n = recv(c->fd, buf, READ_CHUNK, 0);
	if (n == 0)
		return false;
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	c->last = time(NULL);
	smtp_session_feed(&c->s, buf, (size_t)n);
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct smtp_server *srv = w->srv;
	struct pollfd *pfd = calloc(MAX_CONNS_PER_THREAD + 2, sizeof(*pfd));
	char *buf = malloc(READ_CHUNK);
	if (!pfd || !buf)
		abort();
	while (!atomic_load(&srv->stopping)) {
		pfd[0] = (struct pollfd){ .fd = srv->wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = srv->lfd, .events = POLLIN };
		int n = w->nconns;
		for (int i = 0; i < n; i++) {
			struct conn *c = w->conns[i];
			short ev = 0;
			if (c->s.state != SMTP_CLOSED && c->s.out_len < OUT_HIGH)
				ev |= POLLIN;
			if (c->s.out_len)
				ev |= POLLOUT;
			pfd[i + 2] = (struct pollfd){ .fd = c->fd, .events = ev };
		}
		if (poll(pfd, (nfds_t)n + 2, 1000) < 0 && errno != EINTR)
			break;
		if (atomic_load(&srv->stopping))
			break;
		time_t now = time(NULL);
		/* Backwards, so closing (which moves the last in) skips nothing. */
		for (int i = n - 1; i >= 0; i--) {
			struct conn *c = w->conns[i];
			bool alive = true;
			if (pfd[i + 2].revents & (POLLIN | POLLHUP | POLLERR))
				alive = read_in(c, buf);
			if (alive && now - c->last > (time_t)srv->opts->timeout)
				smtp_session_timeout(&c->s);
			if (alive)
				alive = flush_out(c);
			if (!alive || (c->s.state == SMTP_CLOSED && !c->s.out_len))
				conn_close(w, i);
		}
		if (pfd[1].revents & POLLIN)
			accept_clients(w);
	}
	while (w->nconns)
		conn_close(w, w->nconns - 1);
	free(pfd);
	free(buf);
	return NULL;
}

struct smtp_server *smtp_server_start(const struct smtp_server_opts *opts)
{
	struct smtp_server *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->opts = opts;
	s->lfd = bind_listen(opts->listen, &s->port);
	if (s->lfd < 0 || pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		if (s->lfd >= 0)
			close(s->lfd);
		free(s);
		return NULL;
	}
	s->nworkers = opts->threads > 0 ? opts->threads : 1;
	s->workers = calloc((size_t)s->nworkers, sizeof(*s->workers));
	if (!s->workers)
		abort();
	for (int i = 0; i < s->nworkers; i++) {
		s->workers[i].srv = s;
		if (pthread_create(&s->workers[i].tid, NULL, worker_main, &s->workers[i])) {
			fprintf(stderr, "parley: cannot start an SMTP thread\n");
			abort();
		}
	}
	return s;
}

uint16_t smtp_server_port(const struct smtp_server *s)
{
	return s->port;
}

void smtp_server_stop(struct smtp_server *s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	ssize_t ignored = write(s->wake[1], "x", 1);
	(void)ignored;
	for (int i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i].tid, NULL);
	close(s->lfd);
	close(s->wake[0]);
	close(s->wake[1]);
	free(s->workers);
	free(s);
}
