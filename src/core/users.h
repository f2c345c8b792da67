/*
 * users.h: end users, agents and admins of an account.
 *
 * Who may do what (the routes ask at least for the smaller role):
 *  - end users read and update only themselves (name, locale, time_zone,
 *    phone, alias) and change their own password;
 *  - agents read every user, create end users and update or delete end
 *    users and themselves, but never change a role;
 *  - admins do everything, except leaving the account without an active
 *    admin.
 */
#ifndef HEADER_CORE_USERS_H
#define HEADER_CORE_USERS_H

#include "core/list.h"

/* List filters; zero fields do not filter. */
struct users_filter {
	unsigned roles;           /* bits USER_ROLE_BIT(ROLE_...) */
	const char *external_id;
	int64_t group_id;         /* members of this group (404 if none such) */
	int64_t organization_id;  /* members of this organization (404 ditto) */
};
#define USER_ROLE_BIT(r) (1u << (r))

/* The role named "end-user", "agent" or "admin"; ROLE_ANON for anything
 * else, NULL included. */
enum pl_role user_role_parse(const char *name);
/* The name of an end-user, agent or admin role. */
const char *user_role_name(enum pl_role role);

/* The user as Zendesk renders it; PL_NOT_FOUND when not in the account or
 * not visible to the principal (end users see only themselves).  Deleted
 * users are shown with active:false.  *out is borrowed from the arena. */
enum pl_err user_get(struct ctx *c, int64_t id, json_t **out);
/* The principal, or Zendesk's anonymous user when signed out. */
enum pl_err user_me(struct ctx *c, json_t **out);

/* Active users, paged, in id order. */
enum pl_err users_list(struct ctx *c, const struct page *p,
	const struct users_filter *f, struct list_result *out);
/* {"value": N, "refreshed_at": now} for the active users matching f. */
enum pl_err users_count(struct ctx *c, const struct users_filter *f, json_t **out);
/* Users by id or by external id, in the order asked; unknown ones are
 * left out.  *out is a new array owned by the arena. */
enum pl_err users_show_many(struct ctx *c, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out);
/* Active users whose name or email contains query (case-insensitive).
 * "email:", "name:" and "external_id:" prefixes narrow the match (the
 * last one is exact). */
enum pl_err users_search(struct ctx *c, const struct page *p, const char *query,
	struct list_result *out);
/* Active users whose name starts with prefix. */
enum pl_err users_autocomplete(struct ctx *c, const struct page *p,
	const char *prefix, struct list_result *out);

/* Creates a user from a request object {name, email, role, ...}.  *out is
 * borrowed from the arena. */
enum pl_err user_create(struct ctx *c, json_t *in, json_t **out);
/* Updates the active user matching in's email or else external_id, or
 * creates one; *created tells which. */
enum pl_err user_create_or_update(struct ctx *c, json_t *in, json_t **out,
	bool *created);
enum pl_err user_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
/* Soft delete: the user stays, inactive, without group memberships. */
enum pl_err user_delete(struct ctx *c, int64_t id, json_t **out);
/* Sets the password of user id.  Admins set anyone's; a user changes their
 * own by giving previous (wrong ones count toward the sign-in lockout:
 * PL_RATE_LIMITED with *retry_after). */
enum pl_err user_set_password(struct ctx *c, int64_t id, const char *previous,
	const char *password, int *retry_after);
/* Checks a new password's length (422 TooShort, TooLong, BlankValue) and
 * gives its argon2id hash in the arena.  Slow by design: call it before
 * opening a transaction. */
enum pl_err user_password_hash(struct ctx *c, const char *password, char **hash);
/* Stores hash as active user id's password; runs inside the caller's
 * transaction, which also calls auth_forget_user(id) after committing.
 * PL_NOT_FOUND when there is no such active user. */
enum pl_err user_write_password(struct ctx *c, int64_t id, const char *hash);
/* The id of the active user with this external id, or PL_NOT_FOUND. */
enum pl_err user_id_by_external(struct ctx *c, const char *external_id, int64_t *id);

/* The id of the account's user with this email, creating an end user
 * named name (or the email's local part) when there is none.  PL_INVALID
 * on a malformed email.  Runs inside the caller's transaction. */
enum pl_err user_find_or_create(struct ctx *c, const char *name, const char *email,
	int64_t *id);

/* The role of user id in the account; ROLE_ANON when there is no such active
 * user. */
enum pl_role user_role(struct ctx *c, int64_t id);
/* PL_OK when id is a user of the account (in any state), else 404. */
enum pl_err user_known(struct ctx *c, int64_t id);

/* The role and organization (0 when none) of active user id in the
 * account; ROLE_ANON when there is no such user. */
enum pl_role user_role_org(struct ctx *c, int64_t id, int64_t *organization_id);

/* The users of the account whose ids are in ids (a JSON array of integers,
 * borrowed), rendered, in id order; one query.  *out is arena-owned. */
enum pl_err user_list_ids(struct ctx *c, json_t *ids, json_t **out);

/* The ids of the account's active agents and admins (a JSON array,
 * arena-owned), or of those among them in group_id when it is not 0. */
enum pl_err user_agent_ids(struct ctx *c, int64_t group_id, json_t **out);

/* Whether email looks like an address (one '@', a dot in the domain, no
 * spaces) and fits in 254 bytes. */
bool user_email_valid(const char *email);

#endif
