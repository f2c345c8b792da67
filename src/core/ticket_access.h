/*
 * ticket_access.h: which tickets a principal may see in search results
 * and views, as one SQL condition over tickets aliased t.
 *
 *   admins, and agents without a ticket_restriction: every ticket
 *   agents restricted to "groups": tickets of their groups
 *   agents restricted to "organization": tickets of their organizations
 *   agents restricted to "assigned" or "requested", and end users:
 *     only the tickets below
 *   everyone: tickets they requested, are assigned or are CC'd on
 *
 * The ticket endpoints themselves (tickets/{id}...) still show agents
 * every ticket (core/ticket_read.c's ticket_visible); docs/search.md.
 */
#ifndef HEADER_CORE_TICKET_ACCESS_H
#define HEADER_CORE_TICKET_ACCESS_H

#include "core/ctx.h"

struct sqlbuf;

enum ticket_restriction {
	TR_NONE,
	TR_GROUPS,
	TR_ORGANIZATION,
	TR_OWN,          /* assigned, requested, end users */
};

/* The principal's restriction: none for admins, TR_OWN for end users, an
 * agent's from users.ticket_restriction (one query). */
enum pl_err ticket_access_load(struct ctx *c, enum ticket_restriction *out);

/* Appends " AND (...)" limiting tickets t to what r lets the principal
 * see; nothing for TR_NONE. */
void ticket_access_sql(const struct ctx *c, enum ticket_restriction r,
	struct sqlbuf *b);

#endif
