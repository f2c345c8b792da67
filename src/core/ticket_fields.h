/*
 * ticket_fields.h: custom ticket fields and their values on tickets.
 *
 * A ticket stores its custom field values as one JSON object keyed by the
 * field id as a string: {"27642": "745", "27643": true}.  These functions
 * are the only place that knows the field types (text, textarea, checkbox,
 * date, integer, decimal, regexp, tagger, multiselect) and their rules.
 * Stored values: strings for text, textarea, regexp, date ("YYYY-MM-DD"),
 * tagger (the option value), integer and decimal ("42", "1.5"); true/false
 * for checkbox; an array of option values for multiselect.
 */
#ifndef HEADER_CORE_TICKET_FIELDS_H
#define HEADER_CORE_TICKET_FIELDS_H

#include "core/list.h"

/*
 * Applies a request's custom_fields ([{"id":N,"value":V}, ...]) to values
 * (IN/OUT, borrowed object as described above) and to tags (IN/OUT, borrowed
 * array of strings): tagger and multiselect values and checkbox tags are
 * added to, and replaced ones removed from, tags as Zendesk does.
 * Fails with PL_INVALID (details keyed "custom_fields") on an unknown or
 * inactive field id, a value of the wrong type, a tagger/multiselect value
 * that is not an option, a malformed date or a regexp mismatch; nothing is
 * changed then.
 */
enum pl_err ticket_fields_apply(struct ctx *c, json_t *custom_fields,
	json_t *values, json_t *tags);

/* Fails with PL_INVALID when a field marked required (required to solve)
 * has no value in values; called when a ticket becomes solved.  With
 * form_id (0: none) naming a form that lists fields, only the fields on
 * that form count: the others are not shown to the agent. */
enum pl_err ticket_fields_check_required(struct ctx *c, int64_t form_id,
	json_t *values);

/* The ticket JSON's custom_fields array: every active custom field of the
 * account as {"id", "value"} (null when unset).  New reference. */
json_t *ticket_fields_render(struct ctx *c, json_t *values);

/* The same for many tickets (a list page) with the account's fields read
 * once: ticket_fields_load, then ticket_fields_render_with per ticket.
 * The fieldset lives in the arena. */
struct ticket_fieldset;
enum pl_err ticket_fields_load(struct ctx *c, const struct ticket_fieldset **out);
json_t *ticket_fields_render_with(const struct ticket_fieldset *fs, json_t *values);
/* A hash of what ticket_fields_render_with's output depends on besides the
 * values (each field's id, whether it is active or a checkbox, their
 * order): equal stamps render equal values alike. */
int64_t ticket_fields_stamp(const struct ticket_fieldset *fs);

#endif
