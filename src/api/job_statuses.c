/*
 * job_statuses.c: /api/v2/job_statuses.
 */
#include "parley.h"
#include "api/routes.h"
#include "core/jobs.h"
#include "http/request.h"
#include "util/arena.h"

#include <string.h>

static enum pl_err list(struct req *r)
{
	json_t *jobs;
	enum pl_err e = job_list(&r->c, &jobs);
	return e ? e : reply_obj(r, 200, "job_statuses", json_incref(jobs));
}

static enum pl_err show(struct req *r)
{
	json_t *j;
	enum pl_err e = job_get(&r->c, r->key[0], &j);
	return e ? e : reply_obj(r, 200, "job_status", json_incref(j));
}

static enum pl_err show_many(struct req *r)
{
	const char *ids = req_query(r, "ids");
	json_t *arr = json_array();
	char *list = arena_strdup(r->c.a, ids ? ids : "");
	char *save = NULL;
	int n = 0;
	for (char *id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		json_t *j;
		if (++n > 100) {
			json_decref(arr);
			return ctx_fail(&r->c, PL_BAD_REQUEST, "At most 100 ids");
		}
		if (job_get(&r->c, id, &j) == PL_OK)
			json_array_append(arr, j);
		r->c.err_title = r->c.err_desc = NULL;
	}
	return reply_obj(r, 200, "job_statuses", arr);
}

const struct route job_statuses_routes[] = {
	{ V_GET, "job_statuses", list, ROLE_AGENT },
	{ V_GET, "job_statuses/show_many", show_many, ROLE_AGENT },
	{ V_GET, "job_statuses/{key}", show, ROLE_AGENT },
	{ 0 },
};
