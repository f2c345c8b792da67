/*
 * email_out.h: the delivery thread of `parley serve`: mail the outbox
 * (core/mail_outbox.h) holds goes to the SMTP relay over libcurl.
 */
#ifndef HEADER_CHANNELS_EMAIL_OUT_H
#define HEADER_CHANNELS_EMAIL_OUT_H

#include <stddef.h>

struct arena;
struct config;
struct email_out;
struct mail_outgoing;

/* Starts delivering to cfg->mail->smtp_relay; cfg must outlive it.  NULL
 * (message printed) when the relay is not HOST:PORT. */
struct email_out *email_out_start(const struct config *cfg);
/* Finishes the delivery in progress, then stops and frees. */
void email_out_stop(struct email_out *o);

/* The RFC 5322 bytes of m (CRLF lines, multipart/alternative text and
 * HTML, or text alone when m has no HTML; UTF-8), in the arena; *len is
 * their length. */
char *email_out_compose(struct arena *a, const struct mail_outgoing *m,
	size_t *len);

#endif
