/*
 * record.h: the handler shapes resources share (users, organizations,
 * groups): answering one record or a count, create / update /
 * create_or_update from the body's {root: {...}}, and autocomplete.
 *
 * Each helper takes the resource's core function, so the rules stay in
 * core/; this file only reads the request and shapes the answer.
 */
#ifndef HEADER_API_RECORD_H
#define HEADER_API_RECORD_H

#include "api/bulk.h"
#include "core/list.h"

/* Core functions a resource passes (org_create_or_update,
 * orgs_autocomplete...); bulk.h has the create and update ones. */
typedef enum pl_err (*record_upsert_fn)(struct ctx *c, json_t *in, json_t **out,
	bool *created);
typedef enum pl_err (*record_autocomplete_fn)(struct ctx *c, const struct page *p,
	const char *prefix, struct list_result *out);

/* A core call on one record (org_get, brand_get...). */
typedef enum pl_err (*record_id_fn)(struct ctx *c, int64_t id, json_t **out);

/* Answers {root: *o} with status (201 as created) unless e; o is read only
 * after e was computed, so callers may pass the call that fills it as e. */
enum pl_err record_reply(struct req *r, int status, const char *root,
	enum pl_err e, json_t *const *o);
/* Answers {"count": *n} unless e; n is read only after e was computed. */
enum pl_err record_count(struct req *r, enum pl_err e, json_t *const *n);

/* Answers {"count": {"value": *n, "refreshed_at": now}} unless e; n is read
 * only after e was computed. */
enum pl_err record_count_of(struct req *r, enum pl_err e, const int64_t *n);

/* Calls fn on record r->id[0]: 200 {root: its result}. */
enum pl_err record_by_id(struct req *r, const char *root, record_id_fn fn);
/* POST {root: {...}}: 201 {root: created}. */
enum pl_err record_create(struct req *r, const char *root, bulk_create_fn create);
/* PUT {root: {...}} on record r->id[0]: 200 {root: updated}. */
enum pl_err record_update(struct req *r, const char *root, bulk_update_fn update);
/* POST {root: {...}}: 201 when created, else 200, with {root: record}. */
enum pl_err record_create_or_update(struct req *r, const char *root,
	record_upsert_fn upsert);
/* GET ?name=prefix (400 without): a page of {root: [...]}. */
enum pl_err record_autocomplete(struct req *r, const char *root,
	record_autocomplete_fn fn);

#endif
