/*
 * jobs.h: job statuses of bulk operations (create_many, update_many,
 * destroy_many).
 *
 * A bulk request runs its items inside the request, each item in its own
 * transaction (one bad item fails alone, as in Zendesk, and is reported in
 * results), then stores the job as completed and answers with it.  Clients
 * that poll job_statuses/{id} see "completed" at once.  Doing the work
 * before answering means an acknowledged job is never lost to a crash.
 */
#ifndef HEADER_CORE_JOBS_H
#define HEADER_CORE_JOBS_H

#include "core/ctx.h"

struct job {
	char id[33];
	const char *type;
	int total;
	json_t *results;   /* owned by the arena */
};

/* Starts a job of type ("bulk_create_tickets"...) over total items. */
void job_begin(struct ctx *c, const char *type, int total, struct job *j);
/* Records item index as done: id and action ("create", "update", ...). */
void job_ok(struct job *j, int index, int64_t id, const char *action,
	const char *status);
/* Records item index as failed with the error the ctx holds, then clears it
 * so the next item starts clean. */
void job_failed(struct ctx *c, struct job *j, int index, int64_t id);
/* Stores the completed job; *out is the rendered job_status (arena). */
enum pl_err job_finish(struct ctx *c, struct job *j, json_t **out);

enum pl_err job_get(struct ctx *c, const char *id, json_t **out);
/* Recent jobs of the account, newest first (at most 100). */
enum pl_err job_list(struct ctx *c, json_t **out);

#endif
