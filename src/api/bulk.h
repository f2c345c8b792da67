/*
 * bulk.h: running a bulk request (create_many, update_many, destroy_many)
 * as a job of core/jobs.h and answering with its job_status.
 *
 * Each item runs through the same core function as the single-record
 * endpoint, in its own transaction; a failing item is reported in the
 * job's results and the others go on.
 */
#ifndef HEADER_API_BULK_H
#define HEADER_API_BULK_H

#include "http/request.h"

/* Does item index of a bulk request.  On success fills *id and *action
 * ("create", "update", "delete"); on failure leaves the error in the
 * context (and *id when known). */
typedef enum pl_err (*bulk_item_fn)(struct req *r, void *arg, int index,
	int64_t *id, const char **action);

/* Runs fn over n items as a job of type, then answers 200 {job_status}. */
enum pl_err bulk_run(struct req *r, const char *type, int n, bulk_item_fn fn,
	void *arg);

/* Item index of a body array; 400 (for that item) when not an object. */
enum pl_err bulk_item_object(struct req *r, json_t *items, int index, json_t **out);

/* Finds a record's id by external id (user_id_by_external...). */
typedef enum pl_err (*bulk_resolve_fn)(struct ctx *c, const char *external_id,
	int64_t *id);

/* The records a request names: ?ids= (numbers) or ?external_ids= (strings,
 * resolved one by one with resolve), at most 100. */
struct bulk_ids {
	int64_t *ids;
	const char **external_ids;
	int n;
	bulk_resolve_fn resolve;
};
/* 400 when neither parameter is given or one is malformed. */
enum pl_err bulk_ids_parse(struct req *r, bulk_resolve_fn resolve, struct bulk_ids *b);
/* The id of item index; PL_NOT_FOUND for an unknown external id. */
enum pl_err bulk_id(struct req *r, const struct bulk_ids *b, int index, int64_t *id);

/* show_many: ?ids= or ?external_ids= (as bulk_ids_parse) answered with
 * 200 {plural: show(...)}. */
typedef enum pl_err (*bulk_show_fn)(struct ctx *c, const int64_t *ids,
	const char *const *external_ids, int n, json_t **out);
enum pl_err bulk_show_many(struct req *r, const char *plural,
	bulk_resolve_fn resolve, bulk_show_fn show);

/* destroy_many: ?ids= or ?external_ids= (as bulk_ids_parse), each deleted
 * with del as a job of type. */
typedef enum pl_err (*bulk_delete_fn)(struct ctx *c, int64_t id);
enum pl_err bulk_destroy_many(struct req *r, const char *type,
	bulk_resolve_fn resolve, bulk_delete_fn del);

/* Core create and update functions of a resource (user_create...). */
typedef enum pl_err (*bulk_create_fn)(struct ctx *c, json_t *in, json_t **out);
typedef enum pl_err (*bulk_update_fn)(struct ctx *c, int64_t id, json_t *in,
	json_t **out);

/* create_many: {plural: [{...}, ...]}, at most 100. */
enum pl_err bulk_create_many(struct req *r, const char *type, const char *plural,
	bulk_create_fn create);
/* update_many: {plural: [{"id", ...}, ...]}, or ?ids=|external_ids= with
 * {singular: {...}} applied to each. */
enum pl_err bulk_update_many(struct req *r, const char *type, const char *plural,
	const char *singular, bulk_update_fn update, bulk_resolve_fn resolve);

#endif
