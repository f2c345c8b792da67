/*
 * jobs.c: job statuses (see jobs.h).
 */
#include "parley.h"
#include "core/jobs.h"
#include "core/list.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>

#define COLS "id, job_type, status, total, progress, message, results"

void job_begin(struct ctx *c, const char *type, int total, struct job *j)
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(j->id, sizeof(j->id), raw, sizeof(raw));
	j->type = type;
	j->total = total;
	j->results = jown(c->a, json_array());
}

void job_ok(struct job *j, int index, int64_t id, const char *action,
	const char *status)
{
	json_array_append_new(j->results, json_pack("{s:i,s:I,s:s,s:b,s:s}",
		"index", index, "id", (json_int_t)id, "action", action,
		"success", 1, "status", status));
}

void job_failed(struct ctx *c, struct job *j, int index, int64_t id)
{
	json_t *r = json_pack("{s:i,s:b,s:s,s:s}", "index", index, "success", 0,
		"error", c->err_title ? c->err_title : "Error",
		"details", c->err_desc ? c->err_desc : "");
	if (id)
		json_object_set_new(r, "id", json_integer(id));
	if (c->err_details)
		json_object_set(r, "errors", c->err_details);
	json_array_append_new(j->results, r);
	c->err_title = c->err_desc = NULL;
	c->err_details = NULL;
}

static json_t *row(struct ctx *c, struct stmt *st)
{
	const char *id = stmt_text(st, 0);
	return json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:o}",
		"id", id,
		"url", arena_printf(c->a, "%s/job_statuses/%s.json", c->api_base, id),
		"job_type", stmt_text(st, 1),
		"status", stmt_text(st, 2),
		"total", (json_int_t)stmt_i64(st, 3),
		"progress", (json_int_t)stmt_i64(st, 4),
		"message", jstr(stmt_text(st, 5)),
		"results", jparse(stmt_text(st, 6), json_array()));
}

enum pl_err job_finish(struct ctx *c, struct job *j, json_t **out)
{
	char *msg = arena_printf(c->a, "Completed at %s",
		json_string_value(jown(c->a, jtime(c->now))));
	if (!db_exec(c->db, "INSERT INTO job_statuses(id, account_id, user_id, job_type,"
		" status, total, progress, message, results, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)",
		"sinsiissii", j->id, c->account_id, c->me.id, j->type,
		(int64_t)j->total, (int64_t)j->total, msg, jdump(c->a, j->results),
		c->now, c->now))
		return ctx_store_failed(c);
	return job_get(c, j->id, out);
}

enum pl_err job_get(struct ctx *c, const char *id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM job_statuses WHERE account_id = ? AND id = ?",
		row, out, "is", c->account_id, id);
}

enum pl_err job_list(struct ctx *c, json_t **out)
{
	return list_all(c, "SELECT " COLS " FROM job_statuses WHERE account_id = ?"
		" ORDER BY created_at DESC LIMIT 100", row, out, "i", c->account_id);
}
