/*
 * request.c: query, header and body access for handlers, and the reply_*
 * functions that fill the response the server queues.
 */
#include "parley.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *req_query(struct req *r, const char *name)
{
	for (int i = 0; i < r->nq; i++) {
		if (strcmp(r->q[i].name, name) != 0)
			continue;
		const char *v = r->q[i].value;
		if (!v || !*v || strcmp(v, "undefined") == 0)
			return NULL;
		return v;
	}
	return NULL;
}

enum pl_err req_query_i64(struct req *r, const char *name, int64_t *out)
{
	const char *v = req_query(r, name);
	if (!v)
		return PL_OK;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || end == v)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"Parameter %s must be an integer", name);
	*out = n;
	return PL_OK;
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_client_addr(struct req *r)
{
	const union MHD_ConnectionInfo *ci = r->conn ? MHD_get_connection_info(r->conn,
		MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	char buf[INET6_ADDRSTRLEN] = "";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf,
			sizeof(buf));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
			sizeof(buf));
	return arena_strdup(r->c.a, buf);
}

enum pl_err req_body(struct req *r, json_t **out)
{
	if (r->in) {
		*out = r->in;
		return PL_OK;
	}
	if (r->body_len == 0) {
		r->in = jown(r->c.a, json_object());
		*out = r->in;
		return PL_OK;
	}
	json_error_t e;
	json_t *v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!v)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body is not valid JSON: %s (line %d, column %d)",
			e.text, e.line, e.column);
	jown(r->c.a, v);
	if (!json_is_object(v))
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body must be a JSON object");
	r->in = v;
	*out = v;
	return PL_OK;
}

enum pl_err req_body_object(struct req *r, const char *root, json_t **out)
{
	json_t *b;
	enum pl_err e = req_body(r, &b);
	if (e)
		return e;
	json_t *o = json_object_get(b, root);
	if (!json_is_object(o))
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body must have a \"%s\" object", root);
	*out = o;
	return PL_OK;
}

enum pl_err req_body_array(struct req *r, const char *root, size_t max, json_t **out)
{
	json_t *b;
	enum pl_err e = req_body(r, &b);
	if (e)
		return e;
	json_t *a = json_object_get(b, root);
	if (!json_is_array(a) || json_array_size(a) == 0)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The request body must have a non-empty \"%s\" array", root);
	if (json_array_size(a) > max)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"The \"%s\" array takes at most %zu items", root, max);
	*out = a;
	return PL_OK;
}

enum pl_err reply_json(struct req *r, int status, json_t *body)
{
	r->status = status;
	r->out = jown(r->c.a, body);
	return PL_OK;
}

enum pl_err reply_obj(struct req *r, int status, const char *root, json_t *obj)
{
	json_t *b = json_object();
	json_object_set_new(b, root, obj);
	return reply_json(r, status, b);
}

enum pl_err reply_no_content(struct req *r)
{
	r->status = 204;
	r->out = NULL;
	return PL_OK;
}

enum pl_err reply_raw(struct req *r, int status, const char *content_type,
	const char *body, size_t len)
{
	r->status = status;
	r->out = NULL;
	r->raw[0] = body;
	r->raw_len[0] = len;
	r->nraw = 1;
	r->content_type = content_type;
	return PL_OK;
}

/* The body is sent as three pieces, the text in the middle as it is: a
 * page of tickets is some 100 KB, not worth copying to join them. */
enum pl_err reply_text_obj(struct req *r, int status, const char *root,
	const char *text, json_t *extra)
{
	struct sbuf head, tail;
	sbuf_init(&head, r->c.a);
	sbuf_add(&head, "{", 1);
	sbuf_json_str(&head, root, strlen(root));
	sbuf_add(&head, ":", 1);
	sbuf_init(&tail, r->c.a);
	const char *key;
	json_t *v;
	json_object_foreach(extra, key, v) {
		sbuf_add(&tail, ",", 1);
		sbuf_json_str(&tail, key, strlen(key));
		sbuf_add(&tail, ":", 1);
		sbuf_json(&tail, v);
	}
	sbuf_add(&tail, "}", 1);
	reply_raw(r, status, "application/json; charset=utf-8", head.s, head.len);
	r->raw[1] = text;
	r->raw_len[1] = strlen(text);
	r->raw[2] = tail.s;
	r->raw_len[2] = tail.len;
	r->nraw = 3;
	return PL_OK;
}

enum pl_err reply_stream(struct req *r, const char *content_type,
	struct req_stream *s)
{
	reply_raw(r, 200, content_type, "", 0);
	r->stream = s;
	return PL_OK;
}

enum pl_err reply_redirect(struct req *r, const char *location)
{
	reply_header(r, "Location", location);
	return reply_raw(r, 302, "text/plain; charset=utf-8", "", 0);
}

enum pl_err reply_created(struct req *r, const char *root, json_t *obj)
{
	const char *url = json_string_value(json_object_get(obj, "url"));
	if (url)
		reply_header(r, "Location", arena_strdup(r->c.a, url));
	return reply_obj(r, 201, root, obj);
}

void reply_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr >= REQ_MAX_HDR)
		return;
	r->hdr_name[r->nhdr] = name;
	r->hdr_value[r->nhdr] = value;
	r->nhdr++;
}

enum pl_err req_id_list(struct req *r, const char *param, int max,
	int64_t **ids, int *n)
{
	const char *v = req_query(r, param);
	*ids = NULL;
	*n = 0;
	if (!v)
		return PL_OK;
	int cap = 1;
	for (const char *p = v; *p; p++)
		cap += *p == ',';
	if (cap > max)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"Parameter %s takes at most %d ids", param, max);
	int64_t *out = arena_alloc(r->c.a, sizeof(int64_t) * (size_t)cap);
	const char *p = v;
	while (*p) {
		char *end;
		errno = 0;
		long long x = strtoll(p, &end, 10);
		if (errno || end == p || (*end && *end != ','))
			return ctx_fail(&r->c, PL_BAD_REQUEST,
				"Parameter %s must be a comma-separated list of ids", param);
		out[(*n)++] = x;
		p = *end ? end + 1 : end;
	}
	*ids = out;
	return PL_OK;
}

enum pl_err req_str_list(struct req *r, const char *param, int max,
	const char ***items, int *n)
{
	const char *v = req_query(r, param);
	*items = NULL;
	*n = 0;
	if (!v)
		return PL_OK;
	int cap = 1;
	for (const char *p = v; *p; p++)
		cap += *p == ',';
	if (cap > max)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"Parameter %s takes at most %d values", param, max);
	const char **out = arena_alloc(r->c.a, sizeof(char *) * (size_t)cap);
	char *copy = arena_strdup(r->c.a, v), *save = NULL;
	for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save))
		out[(*n)++] = s;
	*items = out;
	return PL_OK;
}
