/*
 * tickets.h: tickets, their lifecycle, tags, and the lists that show them.
 *
 * Every write runs in one transaction and records an audit with its events
 * (ticket_audit.h).  Rendered tickets follow Zendesk's ticket JSON.
 * Visibility: agents and admins see every ticket of the account; end users
 * only those they requested or collaborate on (others answer 404).
 */
#ifndef HEADER_CORE_TICKETS_H
#define HEADER_CORE_TICKETS_H

#include "core/list.h"

enum ticket_scope {
	TICKETS_ALL,
	TICKETS_REQUESTED,     /* id: the requester */
	TICKETS_CCD,           /* id: a collaborator */
	TICKETS_ASSIGNED,      /* id: the assignee */
	TICKETS_ORGANIZATION,  /* id: the organization */
	TICKETS_RECENT,        /* most recently updated first */
	TICKETS_INVOLVED,      /* id: the requester or a collaborator */
};

struct ticket_filter {
	enum ticket_scope scope;
	int64_t id;
	const char *external_id;  /* NULL, or only tickets with this external id */
	const char *statuses;     /* NULL, or only these: ",open,pending," */
	const char *text;         /* NULL, or a list_like() pattern the subject
	                           * or the description matches */
};

/* The ORDER BY text for offset paging by sort_by (created_at, updated_at,
 * id, status, priority; NULL means id), into *order.  PL_BAD_REQUEST for
 * another name. */
enum pl_err ticket_sort_order(struct ctx *c, const char *sort_by, bool desc,
	const char **order);

/* What rendered tickets refer to, for side-loads: arrays of distinct ids,
 * arena-owned. */
struct ticket_refs {
	json_t *users;          /* requesters, submitters, assignees, CCs */
	json_t *groups;
	json_t *organizations;
};

/*
 * Tickets are rendered as JSON text (in the arena), which the api layer
 * places in its reply (reply_text_obj, page_reply_text).  refs (may be
 * NULL) collects what side-loads need.
 */

/* A page of the tickets f selects that the principal may see, as a text
 * list (list_run_text).  PL_NOT_FOUND when f names a user or organization
 * not in the account. */
enum pl_err ticket_list(struct ctx *c, const struct page *p,
	const struct ticket_filter *f, struct list_result *out,
	struct ticket_refs *refs);
/* One ticket; PL_NOT_FOUND when missing, deleted or not visible. */
enum pl_err ticket_get(struct ctx *c, int64_t id, const char **out,
	struct ticket_refs *refs);
/* The visible tickets among ids, in id order, as a JSON array text. */
enum pl_err ticket_show_many(struct ctx *c, const int64_t *ids, int n,
	const char **out, struct ticket_refs *refs);
/* The tickets of ids[0..n) rendered, items[i] the JSON text of ids[i]
 * (NULL when the account has no such ticket).  Deleted tickets render
 * with status "deleted" when deleted_too, else are left NULL.  No
 * visibility check: for callers that chose ids the principal may see
 * (search, views, exports).  One query; refs may be NULL. */
enum pl_err ticket_render_ids(struct ctx *c, const int64_t *ids, int n,
	bool deleted_too, const char **items, struct ticket_refs *refs);
/* Number of tickets of the account (not deleted). */
enum pl_err ticket_count(struct ctx *c, int64_t *n);
/* The collaborators of a visible ticket as users; arena-owned *out. */
enum pl_err ticket_collaborators(struct ctx *c, int64_t id, json_t **out);

/* The side-loads named in include (comma list of users, groups,
 * organizations; others ignored) for refs, as an object of top-level
 * arrays (arena-owned); NULL when none are asked for.  End users get none. */
enum pl_err ticket_sideload(struct ctx *c, const struct ticket_refs *refs,
	const char *include, json_t **out);

/* A ticket write's outcome. */
struct ticket_written {
	int64_t id;
	const char *ticket;     /* the ticket after the write, JSON text */
	json_t *audit;          /* its audit, arena-owned; NULL when nothing changed */
	json_t *tags;           /* the tags after the write, arena-owned */
};

/* Creates a ticket from a request's "ticket" object (borrowed).  PL_INVALID
 * with details on bad input, PL_FORBIDDEN when an end user sets agent-only
 * fields.  Own transaction. */
enum pl_err ticket_create(struct ctx *c, json_t *in, struct ticket_written *out);
/* Updates ticket id from a "ticket" object; nothing is written when
 * nothing changes.  PL_CONFLICT on a stale safe_update.  Own transaction. */
enum pl_err ticket_update(struct ctx *c, int64_t id, json_t *in,
	struct ticket_written *out);
/* Records that the write of audit_id on ticket id came through channel
 * ("email"), with via.source (borrowed {"from","to","rel"}): on the audit,
 * its comments, and the ticket when that audit created it.  Inside the
 * caller's transaction (the channel's, around ticket_create/update). */
enum pl_err ticket_set_via(struct ctx *c, int64_t id, int64_t audit_id,
	const char *channel, json_t *source);
/* Merges the members of system (borrowed object) into metadata.system of
 * audit_id on ticket id and of its comments (the email channel's message
 * id and headers).  Inside the caller's transaction, as ticket_set_via. */
enum pl_err ticket_set_system(struct ctx *c, int64_t id, int64_t audit_id,
	json_t *system);
/* Soft-deletes ticket id (agents); the rows stay for exports. */
enum pl_err ticket_delete(struct ctx *c, int64_t id);

enum ticket_tags_op { TAGS_SET, TAGS_ADD, TAGS_REMOVE };

/* The tags of a visible ticket; arena-owned *out. */
enum pl_err ticket_tags(struct ctx *c, int64_t id, json_t **out);
/* Replaces, adds to or removes from the tags of ticket id (tags: borrowed
 * array or string), as an audited update; *out: the tags after. */
enum pl_err ticket_tags_change(struct ctx *c, int64_t id, enum ticket_tags_op op,
	json_t *tags, json_t **out);

#endif
