/*
 * request.h: one HTTP request as the api/ layer sees it.
 *
 * The http layer fills a struct req (method, normalized path, query,
 * headers, body, account, principal) and calls the routed handler, which
 * answers with reply_*() or returns an error from ctx_fail() and friends.
 * Everything reachable from a req lives in its arena.
 */
#ifndef HEADER_HTTP_REQUEST_H
#define HEADER_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/ctx.h"

enum verb { V_GET = 1, V_POST = 2, V_PUT = 4, V_DELETE = 8, V_PATCH = 16, V_HEAD = 32 };

struct MHD_Connection;
struct web_session;

struct qparam {
	const char *name;
	const char *value;
};

#define REQ_MAX_SEG 12
#define REQ_MAX_HDR 8

struct req {
	struct ctx c;               /* first: a req is also a ctx */
	struct MHD_Connection *conn;
	enum verb verb;
	bool web;                   /* a page, not under /api/v2 */
	const char *path;           /* segments joined by '/': after /api/v2/
	                             * without .json for the API, the whole
	                             * path for pages; NULL when too deep */
	const char *seg[REQ_MAX_SEG];
	int nseg;
	int64_t id[4];              /* the {id} segments of the route, in order */
	const char *key[2];         /* the {key} segments (tokens, locales...) */
	struct qparam *q;
	int nq;
	char *body;
	size_t body_len;
	size_t body_cap;            /* bytes allocated for body */
	bool body_too_large;
	json_t *in;                 /* parsed body, lazily; owned by the arena */
	struct web_session *session; /* the browser session that authenticated
	                             * the request (cookie), or NULL */

	/* Response. */
	int status;
	json_t *out;                /* owned by the arena once set */
	const char *raw[3];         /* or a raw body: raw[0..nraw) sent one
	                             * after another, from the arena */
	size_t raw_len[3];
	int nraw;
	int refs;                   /* holders of the arena: the request and
	                             * the response sending it (server.c) */
	const char *content_type;
	struct req_stream *stream; /* or a streamed body (reply_stream) */
	const char *hdr_name[REQ_MAX_HDR];
	const char *hdr_value[REQ_MAX_HDR];
	int nhdr;
};

typedef enum pl_err (*req_handler)(struct req *r);

/* A body of unknown length sent as it is produced (server-sent events).
 * read is libmicrohttpd's content reader: it copies up to max bytes into
 * buf and returns how many, 0 after suspending the connection
 * (MHD_suspend_connection; whoever resumes it makes read run again), or -1
 * at the end.  done(cls) runs once: when the response is freed, or at
 * once when the request fails before the stream starts. */
struct req_stream {
	ssize_t (*read)(void *cls, uint64_t pos, char *buf, size_t max);
	void (*done)(void *cls);
	void *cls;
};

/* A query parameter, or NULL when absent, empty or the literal "undefined"
 * (node-zendesk sends that for unset values).  Borrowed from the arena. */
const char *req_query(struct req *r, const char *name);
/* Parses an integer query parameter into *out (unchanged when absent).
 * Returns PL_BAD_REQUEST, with the message set, when it is not a number. */
enum pl_err req_query_i64(struct req *r, const char *name, int64_t *out);
/* A request header, borrowed; NULL when absent. */
const char *req_header(struct req *r, const char *name);
/* The client's IP address as text, in the arena ("" when unknown).  The
 * peer of the connection: behind a proxy, the proxy. */
const char *req_client_addr(struct req *r);

/* The JSON body; {} when there is none.  Fails with 400 on malformed JSON
 * or a top level that is not an object.  Borrowed: owned by the arena. */
enum pl_err req_body(struct req *r, json_t **out);
/* The object under root in the body (e.g. "ticket").  Fails with 400 when
 * it is missing or not an object. */
enum pl_err req_body_object(struct req *r, const char *root, json_t **out);
/* The array under root in the body (e.g. "users" of create_many).  Fails
 * with 400 when it is missing, not an array, empty or longer than max. */
enum pl_err req_body_array(struct req *r, const char *root, size_t max, json_t **out);

/* Answers with status and body; takes ownership of body (a new reference,
 * may be NULL for 204). */
enum pl_err reply_json(struct req *r, int status, json_t *body);
/* {root: obj} with status; takes ownership of obj. */
enum pl_err reply_obj(struct req *r, int status, const char *root, json_t *obj);
enum pl_err reply_no_content(struct req *r);
/* Answers with a body of the given type, copied when queued (the arena may
 * own it). */
enum pl_err reply_raw(struct req *r, int status, const char *content_type,
	const char *body, size_t len);
/* Answers status with {root: text, ...the members of extra}: text is
 * JSON already serialized (a record or array rendered as text, in the
 * arena); extra (borrowed, may be NULL) adds members after it. */
enum pl_err reply_text_obj(struct req *r, int status, const char *root,
	const char *text, json_t *extra);
/* Answers 200 with a streamed body of content_type: s (arena-owned) and
 * its cls then belong to the server (struct req_stream). */
enum pl_err reply_stream(struct req *r, const char *content_type,
	struct req_stream *s);
/* 302 to location (arena-owned or static). */
enum pl_err reply_redirect(struct req *r, const char *location);
/* 201 {root: obj} with Location: obj's "url"; takes ownership of obj. */
enum pl_err reply_created(struct req *r, const char *root, json_t *obj);
/* Adds a response header; name and value must live as long as the arena. */
void reply_header(struct req *r, const char *name, const char *value);

/* Parses a comma list of ids ("1,2,3") into an arena array.  Fails with 400
 * on a non-number and 400 when more than max. */
enum pl_err req_id_list(struct req *r, const char *param, int max,
	int64_t **ids, int *n);
/* Parses a comma list of strings ("a,b") into an arena array, skipping
 * empty items.  Fails with 400 when more than max. */
enum pl_err req_str_list(struct req *r, const char *param, int max,
	const char ***items, int *n);

#endif
