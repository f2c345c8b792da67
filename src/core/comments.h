/*
 * comments.h: reading the comments of a ticket.
 *
 * Comments are written only through ticket creates and updates
 * (ticketsInt.h).  End users see the public comments of their own tickets.
 */
#ifndef HEADER_CORE_COMMENTS_H
#define HEADER_CORE_COMMENTS_H

#include "core/list.h"

/* A page of the comments of ticket_id visible to the principal, each with
 * its attachments.  PL_NOT_FOUND when the ticket is not visible. */
enum pl_err comment_list(struct ctx *c, int64_t ticket_id, const struct page *p,
	struct list_result *out);

/* The public comments of ticket_id (the requests API's view), paged, each
 * with its attachments.  PL_NOT_FOUND when the ticket is not visible. */
enum pl_err comment_list_public(struct ctx *c, int64_t ticket_id,
	const struct page *p, struct list_result *out);
/* Public comment id of ticket_id with its attachments (borrowed from the
 * arena); PL_NOT_FOUND when missing, private or the ticket not visible. */
enum pl_err comment_get_public(struct ctx *c, int64_t ticket_id, int64_t id,
	json_t **out);

/* Adds "users" (the authors of comments, a JSON array) to body when the
 * comma list include names users; end users get only themselves. */
enum pl_err comment_sideload(struct ctx *c, json_t *comments, const char *include,
	json_t *body);

/* Every comment of ticket_id (only the public ones when public_only),
 * oldest first, as placeholders want them: [{author_id, body, html_body,
 * public, created_at}] (arena).  No visibility check: the caller's. */
enum pl_err comments_for_template(struct ctx *c, int64_t ticket_id,
	bool public_only, json_t **out);

/* Makes comment id of ticket_id private (agents), recording a
 * CommentPrivacyChange event in a new audit; a private one stays so. */
enum pl_err comment_make_private(struct ctx *c, int64_t ticket_id, int64_t id);

#endif
