/*
 * mail_outbox.h: outbound mail, queued in the transaction of the change
 * that causes it and delivered later by channels/email_out.c.
 *
 * Queueing renders the whole message (template, language, threading
 * headers) so delivery only composes MIME and talks SMTP; a crash between
 * the two loses nothing, and at worst a message is sent twice (delivered,
 * not yet marked sent).  Retries back off exponentially; a message that
 * keeps failing, or that the relay refuses for good (5xx), becomes
 * "failed" and stays visible (and retryable) through the API.
 */
#ifndef HEADER_CORE_MAIL_OUTBOX_H
#define HEADER_CORE_MAIL_OUTBOX_H

#include "core/list.h"
#include "core/mail.h"

/* A queued message as the delivery thread sees it (arena strings). */
struct mail_outgoing {
	int64_t id;
	int64_t account_id;
	const char *from_address;
	const char *from_name;
	struct mail_addr *to;
	int nto;
	struct mail_addr *cc;
	int ncc;
	const char *subject;
	const char *text;
	const char *html;
	const char *message_id;    /* without <> */
	const char *in_reply_to;   /* without <>, NULL when none */
	const char *refs;          /* "<a> <b>", NULL when none */
	bool automatic;            /* not an agent's comment: Auto-Submitted */
	int attempts;              /* made before this one */
	int64_t source_id;         /* the workspace's mail_outbox row, or 0 */
};

/* Queues a public comment on ticket_id to its requester (To) and
 * collaborators (Cc), leaving out author_id, users without an email and
 * our own addresses.  text is the comment's plain body, html its
 * sanitized HTML (NULL: made from text).  Inside the caller's
 * transaction; does nothing while held (mail_outbox_hold). */
enum pl_err mail_outbox_comment(struct ctx *c, int64_t ticket_id,
	int64_t author_id, const char *text, const char *html);
/* Queues a notification (a trigger's notification_user) about ticket_id
 * to user_id: subject and a plain-text body.  Same rules. */
enum pl_err mail_outbox_notify(struct ctx *c, int64_t ticket_id,
	int64_t user_id, const char *subject, const char *body);
/* While held (counted, per thread), nothing is queued: core/mail_inbound.c
 * holds the outbox while it applies machine-made mail. */
void mail_outbox_hold(bool on);

/* The account's outbox, newest first unless paged otherwise; status
 * (queued, sent, failed) filters when not NULL (PL_BAD_REQUEST for
 * another value).  Admins. */
enum pl_err mail_outbox_list(struct ctx *c, const struct page *p,
	const char *status, struct list_result *out);
enum pl_err mail_outbox_get(struct ctx *c, int64_t id, json_t **out);
/* Queues a failed (or queued) message again, due now. */
enum pl_err mail_outbox_retry(struct ctx *c, int64_t id, json_t **out);

/*
 * For the delivery thread.  Scheduling reads every account's due messages
 * (the one query here not scoped by an account); each result is then
 * recorded in its own account.
 */
/* Copies the agent workspace's unsent mail (its mail_outbox table,
 * docs/agent.md) into the queue, from each account's default brand.
 * Returns how many rows were copied; -1 on a store error. */
int mail_outbox_import(struct ctx *c);
/* Up to max due messages, oldest due first, into out (arena).  Returns
 * how many; -1 on a store error. */
int mail_outbox_due(struct ctx *c, int max, struct mail_outgoing *out);
/* Records an attempt at m: sent (and its workspace row marked sent), or
 * failed with error (permanent: never retried).  retry_base and
 * max_attempts come from the mail settings. */
enum pl_err mail_outbox_attempted(struct ctx *c, const struct mail_outgoing *m,
	bool sent, bool permanent, const char *error);

#endif
