/*
 * ticket_forms.h: ticket forms, the ordered sets of fields a ticket shows,
 * offered in every brand or in chosen ones.
 *
 * Every account has exactly one default form ("Default Ticket Form",
 * created with the account); making another form the default moves the
 * flag, and the default form can be neither deleted nor deactivated.
 */
#ifndef HEADER_CORE_TICKET_FORMS_H
#define HEADER_CORE_TICKET_FORMS_H

#include "core/list.h"

struct ticket_form_filter {
	int active;            /* 1, 0, or -1 for either */
	int end_user_visible;  /* 1, 0, or -1 for either */
	int64_t brand_id;      /* only forms offered in this brand; 0: all */
};

/* The account's forms in position order (borrowed, arena-owned). */
enum pl_err ticket_forms_list(struct ctx *c, const struct ticket_form_filter *f,
	json_t **out);
/* The forms among ids, in position order; unknown ids are skipped. */
enum pl_err ticket_forms_show_many(struct ctx *c, const int64_t *ids, int n,
	json_t **out);
enum pl_err ticket_form_get(struct ctx *c, int64_t id, json_t **out);
/* Creates a form from a "ticket_form" object: name is required;
 * ticket_field_ids must be fields and restricted_brand_ids brands of the
 * account.  PL_INVALID with details otherwise.  One transaction. */
enum pl_err ticket_form_create(struct ctx *c, json_t *in, json_t **out);
/* Updates the attributes given (same rules as create). */
enum pl_err ticket_form_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
/* PL_INVALID for the default form. */
enum pl_err ticket_form_delete(struct ctx *c, int64_t id);
/* A copy of form id placed last, never the default; its name starts with
 * "Clone of " when prepend_title. */
enum pl_err ticket_form_clone(struct ctx *c, int64_t id, bool prepend_title,
	json_t **out);
/* Puts the forms of ids (a JSON array of every form id, in the new order)
 * first, the forms it leaves out after them; *out is the new list. */
enum pl_err ticket_forms_reorder(struct ctx *c, json_t *ids, json_t **out);

/* Whether id is a form of the account (for tickets). */
bool ticket_form_exists(struct ctx *c, int64_t id);
/* The ids of the active forms offered in brand_id (borrowed array). */
enum pl_err ticket_form_ids_of_brand(struct ctx *c, int64_t brand_id, json_t **out);
/* Drops brand_id from the forms restricted to it, inside the caller's
 * transaction (a deleted brand).  False on a store error. */
bool ticket_forms_forget_brand(struct ctx *c, int64_t brand_id);
/* Creates the default form with every field of the account, inside the
 * account's creating transaction.  False on a store error. */
bool ticket_forms_seed(struct ctx *c);

#endif
