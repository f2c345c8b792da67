/*
 * brands.h: the brands of an account.
 *
 * A brand's subdomain (and host_mapping, when set) names its account in
 * Host headers (core/auth.c), so both are unique across all accounts.
 * Exactly one brand per account is the default; it cannot be deleted or
 * deactivated.  Deleting a brand is soft: the row stays for the tickets
 * that name it, but its subdomain and host mapping are released.
 */
#ifndef HEADER_CORE_BRANDS_H
#define HEADER_CORE_BRANDS_H

#include "core/list.h"

/* The account's brands (borrowed, arena-owned), deleted ones left out. */
enum pl_err brands_list(struct ctx *c, json_t **out);
enum pl_err brand_get(struct ctx *c, int64_t id, json_t **out);
/* Creates a brand from a "brand" object: name and subdomain are required;
 * the subdomain must be a valid label (account_valid_subdomain) and free
 * across all accounts (DuplicateValue).  One transaction. */
enum pl_err brand_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err brand_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
/* PL_INVALID for the default brand. */
enum pl_err brand_delete(struct ctx *c, int64_t id);

/* Whether host_mapping could serve subdomain: Zendesk's
 * {is_valid, cname, reason}, as a new reference in *out.  DNS is not
 * consulted: a mapping is valid when it is a well-formed host name that
 * no other brand uses; cname is the brand's own host the mapping should
 * point at.  PL_BAD_REQUEST when either argument is missing. */
enum pl_err brand_check_host_mapping(struct ctx *c, const char *host_mapping,
	const char *subdomain, json_t **out);
/* The same check for the current mapping of brand id. */
enum pl_err brand_check_own_host_mapping(struct ctx *c, int64_t id, json_t **out);

/* Whether id is a brand of the account that is not deleted (for tickets). */
bool brand_exists(struct ctx *c, int64_t id);

#endif
