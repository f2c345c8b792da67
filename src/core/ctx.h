/*
 * ctx.h: the context every domain operation runs in.
 *
 * A struct ctx names the account and principal an operation acts for, the
 * store connection, the per-request arena and where errors are written.  The
 * HTTP layer embeds one in each request; background jobs and the admin
 * command line make their own.  Nothing here knows about HTTP.
 */
#ifndef HEADER_CORE_CTX_H
#define HEADER_CORE_CTX_H

#include <jansson.h>
#include <stdint.h>

#include "parley.h"

struct arena;
struct db;
struct config;

struct principal {
	int64_t id;              /* 0 for anonymous */
	enum pl_role role;
	const char *email;
	const char *name;
	int64_t organization_id;
	bool restricted;         /* agent restricted to its groups */
	bool read_only;          /* an OAuth token without a write scope */
};

struct ctx {
	struct arena *a;
	struct db *db;
	const struct config *cfg;
	int64_t account_id;
	const char *account_subdomain;
	int64_t brand_id;        /* brand named by the Host, or the default brand */
	struct principal me;
	const char *api_base;    /* absolute, e.g. http://acme.example:8080/api/v2 */
	int64_t now;             /* Unix seconds at the start of the operation */
	/* The channel ticket writes come through ("email", "web"...; NULL is
	 * "api") and its via.source (borrowed; NULL: no source): the via of
	 * their audits and comments, and of the tickets they create. */
	const char *via;
	json_t *via_source;
	/* Members of metadata.system of those audits and comments (borrowed;
	 * NULL: none): the email channel's message id and headers. */
	json_t *audit_system;

	/* Error, written once where it is found. */
	const char *err_title;   /* Zendesk "error" string, e.g. RecordNotFound */
	const char *err_desc;
	json_t *err_details;     /* RecordInvalid details; owned by the arena */
};

/* Records err with a description; returns err for `return ctx_fail(...)`. */
enum pl_err ctx_fail(struct ctx *c, enum pl_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds one RecordInvalid detail for field; returns PL_INVALID.
 * error is Zendesk's code: BlankValue, InvalidValue, DuplicateValue, TooLong. */
enum pl_err ctx_invalid(struct ctx *c, const char *field, const char *error,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Forgets the error recorded so far: for a caller that handles a failed
 * check itself (a trigger whose changes do not validate is skipped). */
void ctx_clear_error(struct ctx *c);
/* 404 RecordNotFound. */
enum pl_err ctx_not_found(struct ctx *c);
/* 403 for the current principal. */
enum pl_err ctx_forbidden(struct ctx *c);
/* The store failed; logged, reported as 503 without SQL in the body. */
enum pl_err ctx_store_failed(struct ctx *c);
/* Ends the write transaction begun with db_begin: rolls back and returns e
 * when e is an error, else commits (503 when the commit fails). */
enum pl_err ctx_end(struct ctx *c, enum pl_err e);

/* Absolute API URL of a resource: ctx_url(c, "tickets/%lld", id) gives
 * <api_base>/tickets/ID.json.  In the arena. */
char *ctx_url(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether the principal is at least an agent / an admin. */
static inline bool ctx_is_agent(const struct ctx *c) { return c->me.role >= ROLE_AGENT; }
static inline bool ctx_is_admin(const struct ctx *c) { return c->me.role >= ROLE_ADMIN; }

#endif
