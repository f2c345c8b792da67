/*
 * input.h: reading the fields of a JSON request object, with Zendesk's
 * RecordInvalid codes (InvalidValue, TooLong, BlankValue).
 *
 * Every reader leaves its output unchanged when the field is absent, so a
 * caller preloads the output with the stored value and gets "patch"
 * semantics: create starts from defaults, update from the current record.
 * A present field of the wrong type or size fails with PL_INVALID and one
 * detail under the field's name.  Strings returned are borrowed from in.
 */
#ifndef HEADER_CORE_INPUT_H
#define HEADER_CORE_INPUT_H

#include "core/ctx.h"

/* A string (at most max bytes) or null (*out = NULL). */
enum pl_err input_text(struct ctx *c, json_t *in, const char *field, size_t max,
	const char **out);
/* A string (at most max bytes), or null (*out = NULL) only when nullable:
 * the older wording brands and ticket fields answer with ("<Label>: is too
 * long", without the maximum; null refused as "must be a string"). */
enum pl_err input_string(struct ctx *c, json_t *in, const char *field,
	size_t max, bool nullable, const char **out);
/* An external key: a string or an integer (as decimal text, at most 255
 * bytes), or null.  In the arena when converted. */
enum pl_err input_key(struct ctx *c, json_t *in, const char *field,
	const char **out);
/* true or false. */
enum pl_err input_bool(struct ctx *c, json_t *in, const char *field, bool *out);
/* true or false as 1 or 0, the message naming the field as sent
 * ("active: must be true or false"), as brands, ticket fields and ticket
 * forms answer. */
enum pl_err input_flag(struct ctx *c, json_t *in, const char *field, int *out);
/* A rule's title: a string of at most 255 bytes, not blank ("Title:
 * cannot be blank").  Absent is that error only when required. */
enum pl_err input_title(struct ctx *c, json_t *in, bool required, const char **out);
/* A rule's position: a whole number of 0 or more. */
enum pl_err input_position(struct ctx *c, json_t *in, int64_t *out);
/* A positive integer id, or null (*out = 0). */
enum pl_err input_id(struct ctx *c, json_t *in, const char *field, int64_t *out);

/* The following store the field into the extra object (a record's JSON
 * column), which must be an object owned by the caller. */
/* A string (at most max bytes) or null. */
enum pl_err input_extra_text(struct ctx *c, json_t *in, const char *field,
	size_t max, json_t *extra);
/* Words (tags, domain names): an array of strings or one string, split at
 * spaces and commas, stored lower-cased without duplicates; each at most
 * max bytes, at most 100 of them.  null clears. */
enum pl_err input_words(struct ctx *c, json_t *in, const char *field, size_t max,
	json_t *extra);
/* Custom field values {key: scalar}, merged key by key into the stored
 * object; null clears every value. */
enum pl_err input_fields(struct ctx *c, json_t *in, const char *field, json_t *extra);

/* BlankValue for a required field ("Name: cannot be blank"). */
enum pl_err input_blank(struct ctx *c, const char *field);
/* Whether s is NULL or only white space. */
bool input_is_blank(const char *s);
/* The field's name as Zendesk shows it in messages: "external_id" gives
 * "External id".  In the arena. */
const char *input_label(struct ctx *c, const char *field);

#endif
