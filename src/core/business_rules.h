/*
 * business_rules.h: triggers, automations and macros as stored records.
 *
 * The three kinds share one table and these functions; the kind decides
 * the URL (triggers/ID...), which attributes render (conditions for
 * triggers and automations, category_id for triggers, restriction and
 * description for macros) and which rules apply on save:
 *   - conditions and actions pass core/rules.c's checks for the kind, with
 *     every id they name existing in the account;
 *   - triggers and automations need a condition and an action; macros an
 *     action;
 *   - automations pass Zendesk's automation check (rules.h);
 *   - macros are visible and writable as core/macros.h says.
 * Writes run in one transaction each; bulk writes are all or nothing.
 */
#ifndef HEADER_CORE_BUSINESS_RULES_H
#define HEADER_CORE_BUSINESS_RULES_H

#include "core/list.h"
#include "core/rules.h"

struct rule_filter {
	int active;              /* 1, 0, or -1 for either */
	int64_t category_id;     /* triggers of this category; 0: any */
	const char *query;       /* title contains this (search); NULL: any */
	const char *access;      /* macros: "personal", "shared", "account" */
	const char *category;    /* macros: title category ("A" of "A::B") */
	int64_t group_id;        /* macros shared with this group; 0: any */
	const char *sort_by;     /* position (default), alphabetical,
	                          * created_at, updated_at */
	bool sort_desc;
};

/* Fails with PL_BAD_REQUEST when the filter names an unknown access or
 * sort_by. */
enum pl_err business_rules_list(struct ctx *c, enum rule_kind kind,
	const struct rule_filter *f, const struct page *p, struct list_result *out);
/* Every rule of kind the principal sees, in position order (borrowed). */
enum pl_err business_rules_all(struct ctx *c, enum rule_kind kind, json_t **out);
/* The active triggers or automations in firing order (triggers by their
 * category's position, then their own), as [{id, title, conditions,
 * actions}] (borrowed, and shared with later calls of this thread: read
 * it, never change it; copy what must change). */
enum pl_err business_rules_active(struct ctx *c, enum rule_kind kind, json_t **out);
/* PL_NOT_FOUND when id is not a rule of kind visible to the principal. */
enum pl_err business_rule_get(struct ctx *c, enum rule_kind kind, int64_t id,
	json_t **out);

/* Creates a rule from the request object ({"title", "conditions" or
 * "all"/"any", "actions", "active", "position", "description",
 * "category_id", "restriction"}).  One transaction. */
enum pl_err business_rule_create(struct ctx *c, enum rule_kind kind, json_t *in,
	json_t **out);
/* Changes the attributes given; conditions and actions are checked as they
 * will be stored. */
enum pl_err business_rule_update(struct ctx *c, enum rule_kind kind, int64_t id,
	json_t *in, json_t **out);
enum pl_err business_rule_delete(struct ctx *c, enum rule_kind kind, int64_t id);

/* Sets position, active (and category_id for triggers) of each item of
 * items ([{"id", ...}]); *out lists the updated rules. */
enum pl_err business_rules_update_many(struct ctx *c, enum rule_kind kind,
	json_t *items, json_t **out);
/* Deletes every rule of ids, or none when one is missing. */
enum pl_err business_rules_destroy_many(struct ctx *c, enum rule_kind kind,
	const int64_t *ids, int n);
/* Puts the rules of ids (a JSON array) first in that order, the others
 * after them; *out is the whole new order. */
enum pl_err business_rules_reorder(struct ctx *c, enum rule_kind kind, json_t *ids,
	json_t **out);

/* Validates a rule object and inserts it inside the caller's transaction;
 * *id is the new rule.  What create and the account seed share. */
enum pl_err business_rule_add(struct ctx *c, enum rule_kind kind, json_t *in,
	bool is_default, int64_t *id);

/* The store lookups rules.c asks for (groups, users, brands... of the
 * account of c). */
struct rule_refs business_rules_refs(struct ctx *c);

/* Zendesk's default triggers and automations, inside the account's
 * creating transaction (core/rule_defaults.c).  False on a store error. */
bool business_rules_seed(struct ctx *c);

#endif
