/*
 * recipient_addresses.h: the addresses an account receives mail at
 * (Zendesk's support addresses), and routing an address to its account.
 *
 * Every brand has a system address, support@<brand subdomain>.<mail
 * domain>, that follows the brand's subdomain and cannot be deleted; admins
 * add others.  An address under the mail domain must name one of the
 * account's own brands; any other address is an external one the customer
 * forwards to Parley.  One address belongs to one account.
 */
#ifndef HEADER_CORE_RECIPIENT_ADDRESSES_H
#define HEADER_CORE_RECIPIENT_ADDRESSES_H

#include "core/list.h"

enum pl_err recipient_addresses_list(struct ctx *c, const struct page *p,
	struct list_result *out);
enum pl_err recipient_address_get(struct ctx *c, int64_t id, json_t **out);
/* From a "recipient_address" object: email (required, unique across
 * accounts), name, brand_id (default: the account's default brand),
 * default.  One transaction. */
enum pl_err recipient_address_create(struct ctx *c, json_t *in, json_t **out);
/* name, brand_id, default; the email cannot change (InvalidValue). */
enum pl_err recipient_address_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out);
/* PL_INVALID for a brand's system address and for the default one. */
enum pl_err recipient_address_delete(struct ctx *c, int64_t id);

/*
 * Routing (any account; for the SMTP listener and mail-ingest).
 * Finds the account and brand that receive mail at address (any case).
 * On success sets c->account_id, c->account_subdomain and c->brand_id.
 * PL_NOT_FOUND when the address is nobody's.
 */
enum pl_err recipient_address_route(struct ctx *c, const char *address);
/* Whether address receives mail for any account (a mail from it is one of
 * our own). */
bool recipient_address_is_ours(struct ctx *c, const char *address);
/* The address brand_id of the account sends from: its system address,
 * with its name; arena strings.  PL_NOT_FOUND for a deleted brand. */
enum pl_err recipient_address_of_brand(struct ctx *c, int64_t brand_id,
	const char **email, const char **name);

#endif
