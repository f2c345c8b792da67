/*
 * ticket_audit.h: reading a ticket's audits and their events (agents).
 *
 * Audits are written by the ticket writes themselves (ticketsInt.h); this
 * is the read side of the append-only log.
 */
#ifndef HEADER_CORE_TICKET_AUDIT_H
#define HEADER_CORE_TICKET_AUDIT_H

#include "core/list.h"

/* A page of the audits of ticket_id, each with its events.
 * PL_NOT_FOUND when the ticket is missing or deleted. */
enum pl_err audit_list(struct ctx *c, int64_t ticket_id, const struct page *p,
	struct list_result *out);
/* One audit of ticket_id; arena-owned *out. */
enum pl_err audit_get(struct ctx *c, int64_t ticket_id, int64_t id, json_t **out);
/* Number of audits of ticket_id. */
enum pl_err audit_count(struct ctx *c, int64_t ticket_id, int64_t *n);
/* A page of every audit of the account (admins), each with its events. */
enum pl_err audit_list_all(struct ctx *c, const struct page *p,
	struct list_result *out);
/* Makes the comment of audit id on ticket_id private, recording a
 * CommentPrivacyChange event in a new audit. */
enum pl_err audit_make_private(struct ctx *c, int64_t ticket_id, int64_t id);

#endif
