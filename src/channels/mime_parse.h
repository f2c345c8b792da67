/*
 * mime_parse.h: an RFC 5322 / MIME message into a struct mail_msg
 * (core/mail.h), with GMime 3.
 */
#ifndef HEADER_CHANNELS_MIME_PARSE_H
#define HEADER_CHANNELS_MIME_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct mail_msg;

/* Initializes GMime; once per process, before any thread parses. */
void mime_init(void);

/* Parses len bytes of msg into *out; every string and file is copied into
 * a, decoded to UTF-8.  Never fails on malformed MIME (what can be read is
 * kept); returns false only when there is no header at all. */
bool mime_parse(struct arena *a, const char *msg, size_t len,
	struct mail_msg *out);

#endif
