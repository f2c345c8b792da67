/*
 * mail.h: what the email channel's core modules and the channels/ layer
 * share: the mail settings of a process and a parsed inbound message.
 *
 * channels/mime_parse.c fills a struct mail_msg from the bytes of a
 * message (GMime); core/mail_inbound.c turns it into a ticket change.  Core
 * never sees MIME: every string here is decoded UTF-8 and every address is
 * lower-cased.
 */
#ifndef HEADER_CORE_MAIL_H
#define HEADER_CORE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct ctx;

struct mail_config {
	const char *domain;        /* support@<brand subdomain>.<domain> */
	const char *smtp_listen;   /* HOST:PORT of the listener; NULL: none */
	const char *smtp_relay;    /* HOST:PORT outbound mail goes to; NULL:
	                            * the outbox is kept but not delivered */
	size_t max_size;           /* bytes of one message (SIZE, 552) */
	int sender_limit;          /* messages per sender per account per hour;
	                            * 0: no limit */
	unsigned timeout;          /* SMTP seconds without a command */
	int smtp_threads;          /* listener threads */
	int retry_base;            /* seconds before the first retry; doubles */
	int max_attempts;          /* delivery attempts before "failed" */
};

#define MAIL_DEFAULT_DOMAIN "localhost"
#define MAIL_DEFAULT_MAX_SIZE (25u * 1024 * 1024)

/* The mail domain of c's process (MAIL_DEFAULT_DOMAIN without settings). */
const char *mail_domain(const struct ctx *c);

struct mail_addr {
	const char *name;          /* display name, "" when none */
	const char *email;         /* lower-cased addr-spec */
};

/* An attachment or inline image of a message. */
struct mail_file {
	const char *name;          /* never empty: a name is made up if missing */
	const char *content_type;  /* "image/png" */
	const char *content_id;    /* without <>, NULL when none */
	bool is_inline;
	const void *data;
	size_t size;
};

#define MAIL_HEADERS_MAX 16384

struct mail_msg {
	struct mail_addr from;     /* email NULL when there is no usable From */
	struct mail_addr *to;
	int nto;
	struct mail_addr *cc;
	int ncc;
	const char *subject;       /* "" when missing */
	const char *message_id;    /* without <>, NULL when missing */
	const char **refs;         /* In-Reply-To, then References newest first */
	int nrefs;
	const char *auto_submitted;/* header value, NULL when missing */
	const char *precedence;
	const char *headers;       /* every header, "Name: value\n" each (decoded,
	                            * unfolded), at most MAIL_HEADERS_MAX bytes of
	                            * whole lines; NULL when not parsed */
	bool is_report;            /* multipart/report (delivery status) */
	const char *text;          /* the plain text, "" when none */
	const char *html;          /* sanitized HTML; NULL without an HTML part */
	struct mail_file *files;
	int nfiles;
};

/* Lower-cases an address in place; returns it. */
char *mail_addr_lower(char *s);

/* Whether m is machine-made mail that must never be answered: a bounce
 * (empty reverse-path, mailer-daemon or postmaster, a delivery report), or
 * Auto-Submitted other than "no", or Precedence bulk, list or junk.  *why
 * names the rule ("bounce", "auto-submitted", "precedence"). */
bool mail_is_automatic(const struct mail_msg *m, const char *sender,
	const char **why);
/* Whether m is a bounce (the first rule of mail_is_automatic). */
bool mail_is_bounce(const struct mail_msg *m, const char *sender);

/* The reply part of a customer's text: everything above the first
 * "##- ... -##" marker line (any language), without the attribution line
 * ("On ... wrote:") just above it and trailing quoted ("> ") lines.  Text
 * without a marker loses only a trailing quoted block.  In the arena. */
char *mail_trim_reply(struct arena *a, const char *text);

/* The ticket's token for outbound subjects, "[#ID-XXXXXX]": the id and
 * six characters of a keyed hash of account and id, so a token cannot be
 * made up for another ticket.  In the arena. */
char *mail_ticket_token(struct ctx *c, int64_t ticket_id);
/* The id of the first valid ticket token of c's account in subject; 0
 * when there is none. */
int64_t mail_subject_ticket(struct ctx *c, const char *subject);

#endif
