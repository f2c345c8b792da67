/*
 * exports.h: incremental exports (/api/v2/incremental/...): every ticket,
 * user, organization and ticket audit of the account that changed since a
 * position, in change order, a page at a time (admins).
 *
 * A position is (ts, seq) in the account's export stream of a kind
 * (migration 0082): seq orders changes as they committed, ts is their
 * generated timestamp, which never decreases along seq.  A reader that
 * starts at start_time 0 and keeps asking for what follows the last item
 * it got reads every change exactly once, in order, also while writes go
 * on: no write can commit an item before a position already read.  A
 * record that changes again moves to the end of the stream (its latest
 * state is what is read).  Deleted tickets are read with status "deleted";
 * deleted organizations as what they were, with deleted_at.
 */
#ifndef HEADER_CORE_EXPORTS_H
#define HEADER_CORE_EXPORTS_H

#include "core/ctx.h"

struct ticket_refs;

enum export_kind {
	EXPORT_TICKETS = 1,
	EXPORT_USERS = 2,
	EXPORT_ORGANIZATIONS = 3,
	EXPORT_TICKET_EVENTS = 4,     /* ticket audits with their events */
};

/* A place in a stream: items after (ts, seq). */
struct export_pos {
	int64_t ts;
	int64_t seq;
};

struct export_params {
	enum export_kind kind;
	struct export_pos after;   /* start_time T is (T, 0): ts >= T */
	int limit;                 /* 1..1000 */
	bool exclude_deleted;      /* tickets */
	bool comment_events;       /* ticket events: include Comment events */
};

struct export_page {
	const char *items;         /* JSON array text */
	int n;
	struct export_pos last;    /* of the last item; p->after when none */
	bool end_of_stream;        /* fewer than limit items: caught up */
};

/* The page of kind after p->after.  Tickets carry generated_timestamp;
 * refs (may be NULL) collects ticket side-load ids. */
enum pl_err export_read(struct ctx *c, const struct export_params *p,
	struct export_page *out, struct ticket_refs *refs);

#endif
