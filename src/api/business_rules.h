/*
 * business_rules.h: the request handlers triggers, automations and macros
 * share.  Each finds its kind from the first path segment ("triggers",
 * "automations", "macros"), so the three route tables can list them.
 */
#ifndef HEADER_API_BUSINESS_RULES_H
#define HEADER_API_BUSINESS_RULES_H

#include "parley.h"

struct req;

/* GET KINDs (?active, ?category_id, ?access, ?category, ?group_id,
 * ?sort_by, ?sort_order; both paging styles). */
enum pl_err rule_api_list(struct req *r);
/* GET KINDs/active. */
enum pl_err rule_api_active(struct req *r);
/* GET KINDs/search?query= (title contains, case-insensitive). */
enum pl_err rule_api_search(struct req *r);
enum pl_err rule_api_show(struct req *r);
/* POST KINDs {"KIND": {...}}: 201 with Location. */
enum pl_err rule_api_create(struct req *r);
enum pl_err rule_api_update(struct req *r);
enum pl_err rule_api_destroy(struct req *r);
/* PUT KINDs/update_many {"KINDs": [{id, position, active}]}. */
enum pl_err rule_api_update_many(struct req *r);
/* DELETE KINDs/destroy_many?ids=1,2: 204. */
enum pl_err rule_api_destroy_many(struct req *r);
/* PUT KINDs/reorder {"KIND_ids": [...]}. */
enum pl_err rule_api_reorder(struct req *r);

#endif
