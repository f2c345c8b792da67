/*
 * ticket_field_defs.h: the definitions of an account's ticket fields and of
 * the options of its drop-down (tagger) and multiselect fields.
 *
 * Zendesk's system fields (subject, description, status, tickettype,
 * priority, group, assignee) are real rows created with every account
 * (removable:false): they can be retitled or reordered but not deleted, and
 * take no custom values.  Values on tickets are core/ticket_fields.h.
 */
#ifndef HEADER_CORE_TICKET_FIELD_DEFS_H
#define HEADER_CORE_TICKET_FIELD_DEFS_H

#include "core/list.h"

/* Every field, system ones included; offset pages come in position order. */
enum pl_err ticket_field_defs_list(struct ctx *c, const struct page *p,
	struct list_result *out);
/* The number of fields of the account, system ones included. */
enum pl_err ticket_field_defs_count(struct ctx *c, int64_t *n);
/* One field as Zendesk renders it (borrowed, arena-owned). */
enum pl_err ticket_field_def_get(struct ctx *c, int64_t id, json_t **out);
/* Creates a custom field from a "ticket_field" object: title and type are
 * required; tagger and multiselect need custom_field_options with unique
 * values; regexp needs a regexp_for_validation that compiles (POSIX
 * extended).  PL_INVALID with details otherwise.  One transaction. */
enum pl_err ticket_field_def_create(struct ctx *c, json_t *in, json_t **out);
/* Updates the attributes given; the type cannot change.  A given
 * custom_field_options list replaces the field's options: entries with the
 * id (or value) of an existing option update it, the others are created,
 * and options left out are deleted.  One transaction. */
enum pl_err ticket_field_def_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out);
/* Deletes a custom field with its options and its place on forms;
 * PL_INVALID for a system field. */
enum pl_err ticket_field_def_delete(struct ctx *c, int64_t id);

/* Whether id is a field (system or custom) of the account. */
bool ticket_field_def_exists(struct ctx *c, int64_t id);
/* The ids of the account's fields in position order, as a JSON array
 * (borrowed, arena-owned). */
enum pl_err ticket_field_def_ids(struct ctx *c, json_t **out);
/* The ids of the active custom fields end users see (visible_in_portal),
 * in position order (borrowed, arena-owned). */
enum pl_err ticket_field_def_portal_ids(struct ctx *c, json_t **out);
/* Creates the system fields of a new account; runs inside the account's
 * creating transaction.  False on a store error. */
bool ticket_field_defs_seed(struct ctx *c);

/* The options of field fid in position order (borrowed, arena-owned);
 * PL_NOT_FOUND when there is no such field. */
enum pl_err ticket_field_options_list(struct ctx *c, int64_t fid, json_t **out);
enum pl_err ticket_field_option_get(struct ctx *c, int64_t fid, int64_t oid,
	json_t **out);
/* Creates an option of field fid from a "custom_field_option" object, or
 * updates the option whose id it carries (*created tells which).  name and
 * value are required; the value must be a tag (no spaces) not used by
 * another option of the field.  PL_INVALID when the field takes no
 * options.  One transaction. */
enum pl_err ticket_field_option_save(struct ctx *c, int64_t fid, json_t *in,
	json_t **out, bool *created);
enum pl_err ticket_field_option_delete(struct ctx *c, int64_t fid, int64_t oid);

/* Validates a custom_field_options list (non-empty, objects with a name
 * and a tag-like value, values unique); PL_INVALID with details. */
enum pl_err ticket_field_options_check(struct ctx *c, json_t *list);
/* Replaces the options of field fid by list (already checked), inside the
 * caller's transaction; see ticket_field_def_update.  PL_INVALID when an
 * entry names the id of an option of another field. */
enum pl_err ticket_field_options_replace(struct ctx *c, int64_t fid, json_t *list);
/* The options of field fid as rendered in the field (new reference); NULL
 * on a store error. */
json_t *ticket_field_options_render(struct ctx *c, int64_t fid);

#endif
