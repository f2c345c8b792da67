/*
 * trigger_categories.h: the categories triggers are grouped in.  Triggers
 * fire by category position, then by their own.  Ids render as strings,
 * as Zendesk's newer API does ("category_id": "10026").
 */
#ifndef HEADER_CORE_TRIGGER_CATEGORIES_H
#define HEADER_CORE_TRIGGER_CATEGORIES_H

#include "core/list.h"

enum pl_err trigger_categories_list(struct ctx *c, const struct page *p,
	struct list_result *out);
enum pl_err trigger_category_get(struct ctx *c, int64_t id, json_t **out);
/* From {"name", "position"?}: name is required. */
enum pl_err trigger_category_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err trigger_category_update(struct ctx *c, int64_t id, json_t *in, json_t **out);
/* PL_INVALID while triggers are in the category. */
enum pl_err trigger_category_delete(struct ctx *c, int64_t id);

/* Whether id is a category of the account. */
bool trigger_category_exists(struct ctx *c, int64_t id);
/* The first category by position (new triggers go there), 0 when none. */
int64_t trigger_category_first(struct ctx *c);
/* Creates the account's first category, inside the account's creating
 * transaction.  False on a store error. */
bool trigger_categories_seed(struct ctx *c);

#endif
