/*
 * email_in.h: inbound mail from the SMTP listener and from `parley
 * mail-ingest`, through one path: route each recipient to its account,
 * parse the message, hand it to core/mail_inbound.c per account.
 */
#ifndef HEADER_CHANNELS_EMAIL_IN_H
#define HEADER_CHANNELS_EMAIL_IN_H

#include <stddef.h>

struct config;
struct smtp_handler;

/* Fills h with the listener's callbacks for cfg (which must outlive the
 * listener): RCPT answers 550 5.1.1 for an address that is nobody's and
 * 450 4.7.1 over the per-sender limit; DATA answers 250 once the message
 * is on its tickets, 451 when the store failed, 554 for an unusable
 * message. */
void email_in_handler(const struct config *cfg, struct smtp_handler *h);

/* sysexits(3) codes mail-ingest exits with, as an MTA's pipe transport
 * reads them. */
enum {
	EMAIL_IN_OK = 0,
	EMAIL_IN_DATAERR = 65,   /* unusable message */
	EMAIL_IN_NOUSER = 67,    /* no recipient is a support address */
	EMAIL_IN_TEMPFAIL = 75,  /* store failed or sender over the limit */
};

/* Delivers one message (mail-ingest) to rcpts (NULL/0: the support
 * addresses among its To and Cc).  Returns an EMAIL_IN_*
 * code; reply holds the SMTP-style outcome text (512 bytes). */
int email_in_ingest(const struct config *cfg, const char *sender,
	char *const *rcpts, int nrcpts, const char *msg, size_t len, char *reply);

#endif
