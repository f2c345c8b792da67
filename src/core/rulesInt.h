/*
 * rulesInt.h: what rules.c (conditions) shares with rule_actions.c
 * (actions, the automation check, definitions), and with view_sql.c,
 * which translates view conditions to SQL from this same field table so
 * that the engine stays the one definition of what a condition means.
 */
#ifndef HEADER_CORE_RULESINT_H
#define HEADER_CORE_RULESINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rules.h"

#define KIND(k) (1u << (k))

/* Condition operators, in Zendesk's spelling (rules.c op_names). */
enum rule_op {
	OP_IS, OP_IS_NOT, OP_LT, OP_GT, OP_LTE, OP_GTE,
	OP_CHANGED, OP_NOT_CHANGED, OP_VALUE, OP_VALUE_PREV, OP_NOT_VALUE,
	OP_NOT_VALUE_PREV, OP_INCLUDES, OP_NOT_INCLUDES, OP_PRESENT, OP_NOT_PRESENT,
	OP_IS_BH, OP_LT_BH, OP_GT_BH,
	OP_COUNT
};

extern const char *const rules_statuses[];    /* new..closed, NULL-ended */
extern const char *const rules_priorities[];  /* low..urgent */
extern const char *const rules_types[];       /* question..task */

/* How a condition field is read and compared. */
enum ctype {
	C_ENUM,            /* status, priority, type: ordered values */
	C_ID,              /* group_id, assignee_id...: ids, "" for none */
	C_TAGS,            /* current_tags */
	C_VIA,             /* via_id: Zendesk's numeric channel */
	C_UPDATE,          /* update_type: Create / Change */
	C_COMMENT_PUBLIC,  /* comment_is_public */
	C_WORDS,           /* comment_includes_word, subject_includes_word */
	C_ROLE,            /* role of the current user */
	C_LOCALE,          /* requester's locale */
	C_TIME,            /* hours since / until a ticket time */
	C_CUSTOM,          /* custom_fields_<id> */
	C_OPEN_HOURS,      /* in_business_hours */
};

struct cond_field {
	const char *name;
	const char *title;          /* NULL: an alias, left out of definitions */
	enum ctype type;
	const char *key;            /* ticket key (C_ENUM, C_ID, C_WORDS) */
	const char *const *values;  /* C_ENUM: allowed values in rank order */
	unsigned ops;               /* 1 << enum rule_op allowed */
	unsigned kinds;             /* KIND(rule_kind) where allowed */
	size_t time;                /* C_TIME: offsetof(struct rule_times, ...) */
	bool until;                 /* C_TIME: hours until, not since */
	int ref;                    /* C_ID: enum rule_ref named, -1: none */
};

/* The field of a condition named name ("status", "custom_fields_27"), or
 * NULL.  For custom fields *custom_id is the field id (else 0). */
const struct cond_field *rules_cond_field(const char *name, int64_t *custom_id);

/* Whether one condition holds (rules_match for a single condition). */
bool rules_match_one(const json_t *cond, const json_t *ticket, const json_t *previous,
	const struct rule_env *env);

/* The condition part of rules_definitions: {"conditions_all","conditions_any"}. */
json_t *rules_cond_definitions(enum rule_kind kind);

/* Calls fn on each word of v: a string split on blanks, or an array of
 * such strings.  Stops and returns true when fn does. */
typedef bool (*rules_word_fn)(const char *w, size_t n, void *arg);
bool rules_each_word(const json_t *v, rules_word_fn fn, void *arg);

/* An id value: a JSON integer >= 0 or a string of digits; "" and null are
 * 0.  False for anything else. */
bool rules_id_value(const json_t *v, int64_t *out);

/* 422 under "conditions" or "actions" (section "Conditions"/"Actions")
 * naming field and the value it rejects.  Returns PL_INVALID. */
enum pl_err rules_bad_value(struct ctx *c, const char *section, const char *field,
	const json_t *v);

/* Checks an id value (rules_id_value) and, when ref >= 0 and refs is set,
 * that the account has it.  PL_INVALID naming section and field. */
enum pl_err rules_check_id(struct ctx *c, const char *section, const char *field,
	const json_t *v, int ref, const struct rule_refs *refs);

/* The enum rule_op of an operator's name, or -1. */
int rules_op_of(const char *name);

/* The i-th ticket channel name of the via table (docs/rules.md), or NULL
 * past the last: the channels a via_id condition can match. */
const char *rules_via_channel(size_t i);

/* Position + 1 of s in the NULL-ended list, 0 when absent or NULL. */
int rules_rank(const char *const *values, const char *s);

#endif
