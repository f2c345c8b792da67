/*
 * smtp_session.h: the server side of one SMTP conversation, as a state
 * machine over bytes: no sockets, no store.
 *
 * smtp_server.c feeds it what a client sent and writes back what it
 * queued in out; the handler decides about recipients and messages.  The
 * unit tests and the fuzz target drive it the same way.
 */
#ifndef HEADER_CHANNELS_SMTP_SESSION_H
#define HEADER_CHANNELS_SMTP_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#define SMTP_REPLY_MAX 512      /* one reply line, code and text, no CRLF */
#define SMTP_LINE_MAX 1000      /* command line limit (RFC 5321 says 512) */
#define SMTP_MAX_RCPTS 100

/* The decisions a session asks for.  Replies are written into reply (at
 * most SMTP_REPLY_MAX bytes with the NUL) as "CODE X.Y.Z text"; the return
 * value is the reply code. */
struct smtp_handler {
	/* A recipient for a transaction from sender ("" for the null
	 * reverse-path): 250 accepts it; 4xx/5xx refuse it. */
	int (*rcpt)(void *arg, const char *sender, const char *rcpt,
		char *reply);
	/* A complete message (dot-unstuffed, CRLF lines) for the accepted
	 * recipients.  250 only once it is durably stored. */
	int (*data)(void *arg, const char *sender, char *const *rcpts, int nrcpts,
		const char *msg, size_t len, char *reply);
	void *arg;
};

enum smtp_state {
	SMTP_FRESH,       /* before HELO/EHLO */
	SMTP_READY,       /* greeted, no transaction */
	SMTP_MAIL,        /* MAIL FROM accepted */
	SMTP_RCPT,        /* at least one recipient accepted */
	SMTP_DATA,        /* reading the message */
	SMTP_CLOSED,      /* QUIT answered or the session gave up */
};

struct smtp_session {
	const struct smtp_handler *h;
	const char *hostname;
	size_t max_size;
	enum smtp_state state;
	char *in;                 /* unprocessed input */
	size_t in_len, in_cap;
	char *out;                /* replies not yet written */
	size_t out_len, out_cap;
	char *sender;
	char **rcpts;
	int nrcpts;
	char *msg;                /* message being read in SMTP_DATA */
	size_t msg_len, msg_cap;
	bool msg_too_big;
	bool skip_line;           /* discarding the rest of an overlong line */
	int errors;               /* bad commands so far */
};

/* Starts a session (heap buffers; smtp_session_cleanup frees them) and
 * queues the 220 greeting.  hostname must outlive the session. */
void smtp_session_init(struct smtp_session *s, const struct smtp_handler *h,
	const char *hostname, size_t max_size);
void smtp_session_cleanup(struct smtp_session *s);

/* Processes n bytes from the client: every complete line in order
 * (pipelining), replies appended to s->out. */
void smtp_session_feed(struct smtp_session *s, const char *data, size_t n);

/* Queues "421 4.4.2 <host> timeout" and closes (the server's idle timer). */
void smtp_session_timeout(struct smtp_session *s);

/* Drops the first n bytes of s->out (written to the client). */
void smtp_session_consumed(struct smtp_session *s, size_t n);

#endif
