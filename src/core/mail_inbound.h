/*
 * mail_inbound.h: an inbound message for one account becomes a ticket
 * change, in one transaction with the record of having received it.
 *
 *   new message            -> a new ticket (requester from From, Cc'd
 *                             people collaborators, brand from the address)
 *   reply (In-Reply-To,    -> a comment on its ticket; a solved ticket
 *   References, or the        reopens; a closed one gets a follow-up
 *   subject's ticket token)    ticket linked to it
 *   bounce, mail from one  -> recorded, no ticket ("ignored")
 *   of our own addresses,
 *   a message seen before
 *
 * Machine-made mail (mail.h, mail_is_automatic) that is not a bounce still
 * becomes a ticket change, but nothing is mailed in answer to it.
 */
#ifndef HEADER_CORE_MAIL_INBOUND_H
#define HEADER_CORE_MAIL_INBOUND_H

#include "core/list.h"

struct mail_msg;

struct mail_delivery {
	const char *sender;        /* envelope reverse-path, "" for bounces */
	const char *recipient;     /* the support address it came to */
	const char *raw;           /* the message as received */
	size_t size;
	const struct mail_msg *msg;/* raw, parsed */
};

struct mail_result {
	const char *outcome;       /* ticket, comment, followup, ignored */
	const char *reason;        /* why ignored; NULL otherwise */
	int64_t ticket_id;         /* 0 when ignored without a ticket */
	int64_t inbound_id;        /* the mail_inbound row; 0 for a duplicate */
};

/* Applies d to c's account and brand (set by recipient_address_route) and
 * records it, in one transaction: once this returns PL_OK the message is
 * on its ticket for good.  PL_INVALID (message in c) when the message has
 * no usable sender address; PL_STORE when the store failed (nothing
 * written: the sender should try again). */
enum pl_err mail_inbound_deliver(struct ctx *c, const struct mail_delivery *d,
	struct mail_result *out);

/* Whether sender may send c's account another message now: fewer than
 * limit in the last hour (limit 0: always). */
bool mail_inbound_sender_ok(struct ctx *c, const char *sender, int limit);

/* The account's received messages, newest first by default (admins). */
enum pl_err mail_inbound_list(struct ctx *c, const struct page *p,
	struct list_result *out);
enum pl_err mail_inbound_get(struct ctx *c, int64_t id, json_t **out);

#endif
