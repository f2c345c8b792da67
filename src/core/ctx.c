/*
 * ctx.c: error recording and URL building for struct ctx.
 *
 * An error is described once, where it is found; the HTTP layer maps the
 * returned enum pl_err to a status and renders err_title/err_desc/
 * err_details in Zendesk's shape.
 */
#include "parley.h"
#include "core/ctx.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>

static const char *default_title(enum pl_err err)
{
	switch (err) {
	case PL_NOT_FOUND: return "RecordNotFound";
	case PL_INVALID: return "RecordInvalid";
	case PL_BAD_REQUEST: return "InvalidValue";
	case PL_FORBIDDEN: return "Forbidden";
	case PL_UNAUTHORIZED: return "Couldn't authenticate you";
	case PL_CONFLICT: return "Conflict";
	case PL_TOO_LARGE: return "RequestTooLarge";
	case PL_RATE_LIMITED: return "TooManyRequests";
	case PL_STORE: return "unavailable";
	default: return "InternalError";
	}
}

enum pl_err ctx_fail(struct ctx *c, enum pl_err err, const char *fmt, ...)
{
	if (!c->err_title)
		c->err_title = default_title(err);
	if (fmt && !c->err_desc) {
		va_list ap;
		va_start(ap, fmt);
		c->err_desc = arena_vprintf(c->a, fmt, ap);
		va_end(ap);
	}
	return err;
}

void ctx_clear_error(struct ctx *c)
{
	c->err_title = NULL;
	c->err_desc = NULL;
	c->err_details = NULL; /* the arena still frees it */
}

enum pl_err ctx_invalid(struct ctx *c, const char *field, const char *error,
	const char *fmt, ...)
{
	if (!c->err_details) {
		c->err_details = json_object();
		arena_defer(c->a, (void (*)(void *))json_decref, c->err_details);
	}
	va_list ap;
	va_start(ap, fmt);
	char *desc = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	json_t *list = json_object_get(c->err_details, field);
	if (!list) {
		list = json_array();
		json_object_set_new(c->err_details, field, list);
	}
	json_array_append_new(list, json_pack("{s:s,s:s}",
		"description", desc, "error", error));
	c->err_title = "RecordInvalid";
	if (!c->err_desc)
		c->err_desc = "Record validation errors";
	return PL_INVALID;
}

enum pl_err ctx_not_found(struct ctx *c)
{
	return ctx_fail(c, PL_NOT_FOUND, "Not found");
}

enum pl_err ctx_forbidden(struct ctx *c)
{
	return ctx_fail(c, PL_FORBIDDEN, "You do not have access to this page. "
		"Please contact the account owner of this help desk for further help.");
}

enum pl_err ctx_store_failed(struct ctx *c)
{
	fprintf(stderr, "parley: store error: %s\n", db_errmsg(c->db));
	return ctx_fail(c, PL_STORE, "The data store could not complete the request; "
		"nothing was changed. Try again.");
}

enum pl_err ctx_end(struct ctx *c, enum pl_err e)
{
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

char *ctx_url(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *rel = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	return arena_printf(c->a, "%s/%s.json", c->api_base, rel);
}
