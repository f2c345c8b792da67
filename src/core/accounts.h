/*
 * accounts.h: creating accounts and the server's persistent settings.
 */
#ifndef HEADER_CORE_ACCOUNTS_H
#define HEADER_CORE_ACCOUNTS_H

#include "core/ctx.h"

/* Creates account SUBDOMAIN with its default brand and an admin user, in
 * one transaction.  The first account is the default one.  On success
 * c->account_id is the new account and *admin_id its admin.  Fails with
 * PL_INVALID when the subdomain is malformed or taken by any brand. */
enum pl_err account_create(struct ctx *c, const char *subdomain,
	const char *admin_email, const char *admin_password, int64_t *admin_id);

/* The account's settings as Parley knows them, in the shape of Zendesk's
 * GET account/settings: {"tickets": {"anonymous_requests": bool}}
 * (arena-owned). */
enum pl_err account_settings_get(struct ctx *c, json_t **out);
/* Updates the settings given in {"tickets": {"anonymous_requests": bool}};
 * unknown sections and keys are ignored (Zendesk has hundreds).  PL_INVALID
 * on a value of the wrong type. */
enum pl_err account_settings_update(struct ctx *c, json_t *in, json_t **out);
/* Whether anyone may submit a request without signing in (on by
 * default). */
bool account_anonymous_requests(struct ctx *c);

/* Loads the token key from the store, creating it on first start. */
bool account_load_token_key(struct db *db, unsigned char key[32]);

/* Every account as [{"id", "subdomain", "brand_id" (its default brand)}],
 * in id order, for work that runs over all of them (the scheduler): the
 * one read not scoped by an account.  Arena-owned. */
enum pl_err accounts_all(struct ctx *c, json_t **out);
/* Fills *c for background work in acct (an entry of accounts_all) as the
 * system: user id -1, admin rights, a new arena (the caller frees it). */
void account_system_ctx(struct ctx *c, const struct config *cfg,
	struct db *db, const json_t *acct);

/* Whether s is a valid subdomain label: [a-z0-9-], 1..63, no leading '-'. */
bool account_valid_subdomain(const char *s);

#endif
