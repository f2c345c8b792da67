/*
 * requests.h: requests, the end user's view of tickets (Zendesk's Requests
 * API and the help center's contact form and "My requests").
 *
 * A request is the ticket its requester sees: the ticket's fields without
 * the internal ones (tags, external_id, submitter, problem links, sharing,
 * satisfaction...), custom fields limited to those end users see
 * (request_portal_field_ids), its public comments only, plus
 * can_be_solved_by_me and solved.  Everything is built over core/tickets.h:
 * requests add no table, and every write is an audited ticket write.
 *
 * Who sees what: a request list shows the principal's own requests (as
 * requester, or as a collaborator for ccd and search), intersected for end
 * users with what tickets.h lets them see; single requests follow ticket
 * visibility.  Anonymous callers may only create (when the account allows
 * anonymous requests), as the requester they name.
 */
#ifndef HEADER_CORE_REQUESTS_H
#define HEADER_CORE_REQUESTS_H

#include "core/list.h"

enum request_scope {
	REQUESTS_MINE,          /* requested by the principal */
	REQUESTS_CCD,           /* the principal is a collaborator */
	REQUESTS_USER,          /* id: requested by this user */
	REQUESTS_ORGANIZATION,  /* id: of this organization */
	REQUESTS_SEARCH,        /* requested by or copying the principal */
};

struct request_filter {
	enum request_scope scope;
	int64_t id;
	const char *statuses;   /* NULL, or a comma list of statuses */
	const char *query;      /* words the subject or description contains */
};

/* A page of requests (out->items: rendered requests, arena-owned).
 * PL_BAD_REQUEST for an unknown status name; PL_NOT_FOUND for a user or
 * organization the principal may not see. */
enum pl_err request_list(struct ctx *c, const struct page *p,
	const struct request_filter *f, struct list_result *out);
/* Request id (borrowed); PL_NOT_FOUND when the principal may not see it. */
enum pl_err request_get(struct ctx *c, int64_t id, json_t **out);

/* Where a request write comes from. */
struct request_origin {
	const char *via;        /* the ticket's via.channel: "web" (the help
	                         * center's pages) or "api" */
	const char *client;     /* the client's address (anonymous limit) */
};

/*
 * Creates a request from a "request" object (borrowed):
 *   subject (required), comment {body | html_body, uploads} (required),
 *   ticket_form_id (a form the brand offers end users; absent: see
 *   request_form_load), custom_fields / fields [{id, value}] (fields of
 *   that form and the brand's contact reason only), and for anonymous
 *   callers requester {name, email} (required).
 * Field conditions decide which fields count: values of hidden fields are
 * dropped, shown required fields must have a value.  Every bad member adds
 * a detail to one PL_INVALID.  Anonymous callers get PL_UNAUTHORIZED when
 * the account does not take anonymous requests, PL_RATE_LIMITED (with
 * *retry_after seconds) past cfg->anonymous_requests per hour from one
 * client address.  The ticket is created in one transaction with its
 * requester (found or created by email); *out is the request as its
 * requester sees it (borrowed).
 */
enum pl_err request_create(struct ctx *c, json_t *in, const struct request_origin *o,
	json_t **out, int *retry_after);
/* Adds a public comment ({"comment": {body | html_body, uploads}}) and/or
 * marks the request solved ({"solved": true}, only when
 * can_be_solved_by_me).  A requester's comment reopens a pending or
 * solved request.  Nothing given changes nothing. */
enum pl_err request_update(struct ctx *c, int64_t id, json_t *in,
	const struct request_origin *o, json_t **out);

/* The public comments of request id, paged (out->items). */
enum pl_err request_comments(struct ctx *c, int64_t id, const struct page *p,
	struct list_result *out);
/* Public comment cid of request id (borrowed). */
enum pl_err request_comment_get(struct ctx *c, int64_t id, int64_t cid,
	json_t **out);

#endif
