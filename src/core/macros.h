/*
 * macros.h: what sets macros apart from the other business rules: who
 * sees and who may change them (the restriction), their categories, and
 * applying one to an empty ticket.
 *
 * Visibility: admins see every macro; agents see macros without a
 * restriction, their own personal ones (restriction User = them) and the
 * ones shared with a group they belong to.  Admins may change any macro;
 * agents only their personal ones.  An agent's new macro without a
 * restriction is personal to them.
 */
#ifndef HEADER_CORE_MACROS_H
#define HEADER_CORE_MACROS_H

#include "core/ctx.h"

struct macro_restriction {
	const char *type;      /* NULL (everyone), "User" or "Group" */
	int64_t user_id;       /* type User */
	json_t *ids;           /* the user id, or the group ids (arena) */
};

/* The restriction a macro saved by the principal gets from the request's
 * "restriction" (in: NULL when absent), given its current one (old: NULL
 * when creating).  PL_FORBIDDEN when an agent would make a macro other
 * than personal to them; PL_INVALID (details "restriction") for an unknown
 * type, a user who is not an agent of the account or an unknown group. */
enum pl_err macro_restriction_parse(struct ctx *c, const json_t *in,
	const struct macro_restriction *old, struct macro_restriction *out);

/* Whether the principal may change or delete a macro restricted by r. */
bool macro_writable(const struct ctx *c, const struct macro_restriction *r);

/* Zendesk's rendering: {"type","id","ids"} or null.  New reference. */
json_t *macro_restriction_json(const char *type, json_t *ids);

/* The category of a title: the text before its first "::" (trimmed), or
 * NULL when it has none.  In the arena. */
char *macro_category(struct ctx *c, const char *title);

/* GET macros/{id}/apply: the macro's actions applied to an empty ticket by
 * the principal, nothing saved: {"result":{"ticket":{changed fields,
 * "comment"}, "comment"}} (the comment sits in both places: Zendesk's
 * schema and its examples disagree).  Borrowed. */
enum pl_err macro_apply(struct ctx *c, int64_t id, json_t **out);

/* GET/POST tickets/{ticket_id}/macros/{id}/apply: the macro applied to
 * that ticket, nothing saved: the same shape, result.ticket being the
 * whole ticket after the changes, with the subject and comment templates
 * rendered against the ticket (core/placeholders.h).  PL_NOT_FOUND for a
 * ticket or macro the principal cannot see.  Borrowed. */
enum pl_err macro_apply_ticket(struct ctx *c, int64_t id, int64_t ticket_id,
	json_t **out);

/* The sorted distinct categories of the macros the principal sees
 * (borrowed array of strings). */
enum pl_err macro_categories(struct ctx *c, json_t **out);

#endif
