/*
 * ticketsInt.h: what the ticket files share and nobody else needs.
 *
 *   tickets.c       lifecycle, validation, create/update/delete, tags
 *   ticket_read.c   loading, visibility, rendering, lists, sideloads
 *   ticket_audit.c  audits and the append-only event log
 *   comments.c      comments: bodies, storage, lists
 *   attachments.c   uploads and attachments
 */
#ifndef HEADER_CORE_TICKETSINT_H
#define HEADER_CORE_TICKETSINT_H

#include "core/list.h"

struct stmt;

/* A ticket in memory.  Strings and JSON values belong to the arena; a
 * copy made for an update deep-copies the JSON members. */
struct ticket {
	int64_t id;
	const char *subject;
	const char *description;
	const char *status;
	const char *priority;       /* NULL when unset, as type and external_id */
	const char *type;
	const char *external_id;
	const char *via_channel;
	int64_t requester_id;
	int64_t submitter_id;
	int64_t assignee_id;        /* 0 when unset, as every optional id */
	int64_t organization_id;
	int64_t group_id;
	int64_t brand_id;
	int64_t ticket_form_id;
	int64_t problem_id;
	int64_t due_at;
	const char *via_source;     /* JSON text: {"from":{},"to":{},"rel":null} */
	json_t *tags;               /* array of normalized strings, or NULL
	                             * when only tags_json was loaded */
	const char *tags_json;      /* the stored JSON text of tags (views) */
	json_t *custom_fields;      /* object: field id (string) -> value */
	json_t *collaborators;      /* array of user ids */
	bool is_public;
	bool has_incidents;
	int64_t deleted_at;
	int64_t created_at;
	int64_t updated_at;
};

/* ---- ticket_read.c ---- */

/* Loads ticket id of the account into *t (not deleted, visible to the
 * principal); PL_NOT_FOUND otherwise. */
enum pl_err ticket_load(struct ctx *c, int64_t id, struct ticket *t);
/* ticket_get (no side-loads) for the write transaction in progress, as
 * its last read of the ticket: also stores the render (ticket_renders),
 * which later reads copy until a write changes the ticket. */
enum pl_err ticket_get_stored(struct ctx *c, int64_t id, const char **out);
/* In a write transaction the caller holds: renders and stores up to max
 * of the account's tickets that have no current render (ticket_renders_due
 * and renders of an older stamp, migration 0145) and drops the entries of
 * deleted ones; *done is how many it took (fewer than max: none are left).
 * The principal must see every ticket (an agent). */
enum pl_err ticket_renders_backfill(struct ctx *c, int max, int *done);
/* Whether the principal may see t: agents see every ticket of the account,
 * end users the ones they requested or are collaborators on. */
bool ticket_visible(const struct ctx *c, const struct ticket *t);
/* Up to max ids (into ids) of the account's live tickets that are not
 * closed, beyond after in id order; *n receives how many. */
enum pl_err ticket_ids_open(struct ctx *c, int64_t after, int max, int64_t *ids,
	int *n);
/* Whether the comma list include (may be NULL) names name. */
bool ticket_include_has(const char *include, const char *name);

/* ---- ticket_audit.c ---- */

/* An audit being written: one per create or update, holding its events. */
struct audit {
	int64_t id;
	int64_t ticket_id;
	int64_t author_id;
	json_t *metadata;           /* {"system":{},"custom":{...}}, arena */
	json_t *events;             /* rendered events, arena */
	json_t *via;                /* the audit's via (ticket_via), arena */
	json_t *event_via;          /* borrowed; not NULL: the via of the events
	                             * appended now (a trigger's, in another's
	                             * audit) */
};

/* Inserts the audit row of ticket_id by the principal; custom (borrowed,
 * may be NULL) becomes metadata.custom.  Inside the caller's transaction. */
enum pl_err audit_open(struct ctx *c, int64_t ticket_id, json_t *custom,
	struct audit *au);
/* Makes au an audit by a rule: its via becomes via (borrowed; {"channel":
 * "rule","source":{...}}). */
enum pl_err audit_set_via(struct ctx *c, struct audit *au, json_t *via);
/* Appends one event to the log and to au->events.  value and prev are
 * borrowed (NULL stores SQL NULL).  *id (may be NULL) receives its id. */
enum pl_err audit_event(struct ctx *c, struct audit *au, const char *type,
	const char *field, json_t *value, json_t *prev, int64_t *id);
/* Appends a Create event for every set field of t (old NULL), or a Change
 * event for every field that differs between old and t. */
enum pl_err audit_changes(struct ctx *c, struct audit *au,
	const struct ticket *old, const struct ticket *t);
/* The audit as Zendesk renders it; a new reference. */
json_t *audit_render(struct ctx *c, const struct audit *au);
/* {"channel": channel, "source": {"from":{},"to":{},"rel":null}}: the via
 * of audits and comments; a new reference. */
json_t *ticket_via(const char *channel);
/* The via of the principal's writes (c->via, c->via_source); a new
 * reference. */
json_t *ticket_via_of(const struct ctx *c);

/* ---- tickets.c, for core/ticket_rules.c ---- */

/* A copy of old whose JSON members can change without touching old's. */
void ticket_copy(struct ctx *c, const struct ticket *old, struct ticket *t);
/* Applies the ticket members of in (as an update request names them; no
 * comment) to t, then the lifecycle from old to t: the checks of an API
 * update. */
enum pl_err ticket_apply_changes(struct ctx *c, json_t *in,
	const struct ticket *old, struct ticket *t);
/* Writes t's fields and updated_at to its row.  Inside the caller's
 * transaction. */
enum pl_err ticket_store_update(struct ctx *c, const struct ticket *t);

/* ---- comments.c ---- */

/* A comment as a request asks for it, validated and converted. */
struct comment_in {
	const char *body;           /* plain text */
	const char *html_body;      /* sanitized */
	const char *plain_body;
	bool is_public;
	int64_t author_id;
	json_t *uploads;            /* borrowed array of tokens, or NULL */
};

/* Parses a request's "comment" (object, or a string body); *present tells
 * whether it holds a non-blank body.  Enforces who may author and when a
 * comment may be private. */
enum pl_err comment_parse(struct ctx *c, json_t *in, struct comment_in *out,
	bool *present);
/* Stores the comment on ticket_id under au (its Comment event, the row, its
 * attachments).  Inside the caller's transaction. */
enum pl_err comment_add(struct ctx *c, struct audit *au, int64_t ticket_id,
	const struct comment_in *ci);
/* Rendered comments whose ids are in ids (a JSON array); *out maps the
 * comment id (string) to the comment.  Arena. */
enum pl_err comments_by_id(struct ctx *c, json_t *ids, json_t **out);

/* ---- attachments.c ---- */

/* Gives the uploads named by tokens (array of strings, borrowed) to
 * comment_id of ticket_id.  PL_INVALID for a token that is unknown, used, or
 * not the principal's.  Inside the caller's transaction. */
enum pl_err attachments_claim(struct ctx *c, json_t *tokens, int64_t ticket_id,
	int64_t comment_id);
/* Rendered attachments of the listed comments (JSON array of ids); *out
 * maps the comment id (string) to an array.  Arena. */
enum pl_err attachments_by_comment(struct ctx *c, json_t *comment_ids,
	json_t **out);

#endif
