/*
 * request_forms.h: what an end user fills in to ask for help: the ticket
 * forms a brand offers them, the fields of each, the field conditions that
 * show or hide fields, and the brand's contact reason.
 *
 * The contact reason of a brand is one of the account's drop-down
 * (tagger) ticket fields, flagged for that brand: the brand's contact form
 * always shows it, first, and requires it.  Each of its options may carry
 * label_names: the help center article labels that answer that reason
 * (guide/contact.h suggests articles with them).
 *
 * A form offers its fields that end users may edit (editable_in_portal),
 * custom and active, in the form's order.  Field conditions are the form's
 * end_user_conditions, in Zendesk's shape:
 *   [{"parent_field_id": P, "value": V,
 *     "child_fields": [{"id": C, "is_required": true}]}]
 * A field that is the child of some condition is shown only while one of
 * its conditions holds: its parent is shown and has the value V (checkbox:
 * true/false; multiselect: V among the chosen values; other types: equal).
 * A shown field is required when it is required_in_portal, when a holding
 * condition says is_required, or when it is the contact reason.
 */
#ifndef HEADER_CORE_REQUEST_FORMS_H
#define HEADER_CORE_REQUEST_FORMS_H

#include "core/list.h"

/* One field of a form as end users see it. */
struct request_field {
	int64_t id;
	const char *type;        /* text, textarea, checkbox, date, integer,
	                          * decimal, regexp, tagger, multiselect */
	const char *title;       /* title_in_portal */
	const char *description;
	bool required;           /* whenever shown (see above) */
	bool reason;             /* the brand's contact reason */
	json_t *options;         /* [{"name","value","label_names"}] of tagger
	                          * and multiselect fields; NULL otherwise */
};

/* A form as end users see it in a brand. */
struct request_form {
	int64_t id;              /* 0: the brand offers no form */
	const char *name;        /* display_name */
	struct request_field *fields;   /* the contact reason first */
	int nfields;
	json_t *conditions;      /* end_user_conditions, arena-owned */
};

/* The forms end users may pick in brand_id, in position order: active,
 * end_user_visible and offered in the brand.  *out is an arena-owned
 * array of {"id","name"}. */
enum pl_err request_forms_offered(struct ctx *c, int64_t brand_id, json_t **out);

/* Form form_id as end users see it in brand_id; form_id 0 picks the
 * account's default form when the brand offers it to end users, else the
 * first form it offers, else none (out->id 0: only the contact reason).
 * PL_INVALID (ticket_form_id) for a form the brand does not offer to end
 * users.  Strings and arrays live in the arena. */
enum pl_err request_form_load(struct ctx *c, int64_t brand_id, int64_t form_id,
	struct request_form *out);

/* Whether field i of f is shown given values (a ticket's custom field
 * object: field id as a string -> stored value, borrowed); *required
 * tells whether it must then have a value. */
bool request_field_shown(const struct request_form *f, int i, json_t *values,
	bool *required);

/* Whether v counts as a value of a required field (null, "", [] and an
 * unchecked checkbox do not). */
bool request_value_present(json_t *v);

/* The ids of the custom fields a request shows its requester: fields
 * visible in the portal and contact reasons (borrowed array). */
enum pl_err request_portal_field_ids(struct ctx *c, json_t **out);

/* ---- the brand's contact reason ---- */

/* {"brand_id","ticket_field_id","title","options":[{"id","name","value",
 * "label_names"}],"updated_at"} for brand_id (borrowed, arena-owned).
 * PL_NOT_FOUND when the brand is not the account's or has none. */
enum pl_err request_reason_get(struct ctx *c, int64_t brand_id, json_t **out);
/* Flags a tagger field as brand_id's contact reason from {"ticket_field_id":
 * N, "options":[{"value","label_names":[...]}]} (options optional: those
 * given replace the labels of those values, the others keep theirs).
 * PL_INVALID with details on a field that is not an active drop-down, a
 * value that is not one of its options, or malformed labels. */
enum pl_err request_reason_set(struct ctx *c, int64_t brand_id, json_t *in,
	json_t **out);
/* Removes brand_id's contact reason; PL_NOT_FOUND when it has none. */
enum pl_err request_reason_delete(struct ctx *c, int64_t brand_id);
/* The label_names of option value of brand_id's contact reason (a
 * borrowed array; empty when the brand has no reason, the value no
 * labels, or value is NULL). */
enum pl_err request_reason_labels(struct ctx *c, int64_t brand_id,
	const char *value, json_t **out);

#endif
