/*
 * parley.h: included first by every .c file of Parley.
 *
 * Holds only what every layer shares: feature macros, the error enum and the
 * role enum.  No module headers are pulled in from here, so each module's own
 * header stays standalone.
 */
#ifndef HEADER_PARLEY_H
#define HEADER_PARLEY_H

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of every fallible function.  The message, where there is one, is
 * written once into the request context where the error is found. */
enum pl_err {
	PL_OK = 0,
	PL_BAD_REQUEST,   /* 400: malformed JSON, query or parameters */
	PL_UNAUTHORIZED,  /* 401 */
	PL_FORBIDDEN,     /* 403 */
	PL_NOT_FOUND,     /* 404 RecordNotFound */
	PL_NO_ROUTE,      /* 404 InvalidEndpoint */
	PL_METHOD,        /* 405 */
	PL_CONFLICT,      /* 409 */
	PL_TOO_LARGE,     /* 413 */
	PL_INVALID,       /* 422 RecordInvalid, details in the context */
	PL_RATE_LIMITED,  /* 429 */
	PL_STORE,         /* 503: the store failed (I/O, busy past timeout) */
	PL_INTERNAL,      /* 500: a bug */
};

/* Ordered: a larger role may do everything a smaller one may. */
enum pl_role {
	ROLE_ANON = 0,
	ROLE_END_USER,
	ROLE_AGENT,
	ROLE_ADMIN,
};

#define PL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
