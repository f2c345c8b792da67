/*
 * password_reset.h: "forgot your password" for the agent workspace.
 *
 * Asking for a reset stores a random token's keyed hash, valid for
 * RESET_SECONDS, and queues a mail with a link carrying the token in the
 * mail_outbox table (delivered by the email channel; docs/agent.md).  The
 * link's form sets a new password, uses the token up (with every other
 * token of the user) and ends the user's sessions, in one transaction.
 */
#ifndef HEADER_WEB_PASSWORD_RESET_H
#define HEADER_WEB_PASSWORD_RESET_H

#include "core/ctx.h"

#define RESET_SECONDS 3600
/* A user gets at most one reset mail per this many seconds. */
#define RESET_RESEND_SECONDS 60

/* Starts a reset for the active, unsuspended user with this email: the
 * mail, in the user's language, links to link_base followed by the token.
 * PL_OK and no effect when no such user exists or one was mailed less
 * than RESET_RESEND_SECONDS ago: callers answer the same either way, so
 * the form tells no one which emails have accounts. */
enum pl_err password_reset_request(struct ctx *c, const char *email,
	const char *link_base);
/* The user of a live (unused, unexpired) token; PL_NOT_FOUND otherwise. */
enum pl_err password_reset_check(struct ctx *c, const char *token, int64_t *user_id);
/* Sets the password of the token's user (422 on a bad password, 404 on a
 * dead token), uses up the user's tokens and ends their sessions. */
enum pl_err password_reset_finish(struct ctx *c, const char *token,
	const char *password);

#endif
