/*
 * server.c: libmicrohttpd glue.
 *
 * Life of a request:
 *  1. uri_log (MHD_OPTION_URI_LOG_CALLBACK) sees the raw URI first; it
 *     creates the request's arena and struct req, splits path and query
 *     (form-urlencoded, so '+' is a space) and becomes MHD's per-request
 *     pointer.
 *  2. on_request is called once with the headers (we return MHD_YES without
 *     queueing: queueing on that first call costs keep-alive in MHD 0.9.75),
 *     then with body chunks, appended up to the route's limit, then once more
 *     with no data: dispatch() authenticates, routes, runs the handler and the
 *     response is queued.
 *  3. The response sends its body from the arena, without copying it: the
 *     arena has two holders (r->refs), the request, which on_completed
 *     releases, and the response, released by MHD when it is done with it
 *     (release).  The last one frees the arena and with it everything the
 *     request made.  Both run on the connection's thread.
 *
 * Limits: bodies (cfg->max_body, cfg->max_upload for uploads) answer 413;
 * per-connection memory bounds headers; idle connections time out.
 *
 * Streamed bodies (server-sent events, web/live.c) are read from their
 * handler's reader while the connection can take data.  With nothing to
 * send the reader suspends the connection (MHD_ALLOW_SUSPEND_RESUME), so
 * an idle stream holds no worker thread and does not time out; whoever
 * has data resumes it.  MHD must not stop with suspended connections:
 * main.c stops the live bus, which ends and resumes every stream, before
 * server_stop.
 */
#include "parley.h"
#include "http/server.h"
#include "http/router.h"
#include "http/http.h"
#include "core/config.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STREAM_BLOCK (16 * 1024)  /* buffer of a streamed response */

struct server {
	struct MHD_Daemon *d;
	const struct config *cfg;
	uint16_t port;
};

static void parse_query(struct req *r, char *qs)
{
	int cap = 1;
	for (char *p = qs; *p; p++)
		cap += *p == '&';
	r->q = arena_alloc(r->c.a, sizeof(struct qparam) * (size_t)cap);
	char *save = NULL;
	for (char *tok = strtok_r(qs, "&", &save); tok; tok = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(tok, '=');
		if (eq)
			*eq++ = 0;
		url_decode(tok, true);
		if (eq)
			url_decode(eq, true);
		r->q[r->nq].name = tok;
		r->q[r->nq].value = eq ? eq : "";
		r->nq++;
	}
}

/* Splits the path into segments, collapsing '//'.  Under /api/v2 the
 * prefix is dropped and a .json suffix on the last segment is stripped;
 * any other path is a web page (r->web) matched against the web routes.
 * r->path is the segments joined by '/'. */
static void parse_path(struct req *r, char *path)
{
	static const char prefix[] = "/api/v2";
	char *p = path;
	size_t pl = sizeof(prefix) - 1;
	r->web = !(strncmp(p, prefix, pl) == 0 && (p[pl] == '/' || p[pl] == 0));
	if (!r->web)
		p += pl;
	char *save = NULL;
	for (char *s = strtok_r(p, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (r->nseg == REQ_MAX_SEG) {
			r->nseg = REQ_MAX_SEG + 1; /* too deep: no route matches */
			break;
		}
		url_decode(s, false);
		r->seg[r->nseg++] = s;
	}
	if (r->nseg > REQ_MAX_SEG)
		return;
	if (!r->web && r->nseg > 0) {
		char *last = (char *)r->seg[r->nseg - 1];
		size_t n = strlen(last);
		if (n > 5 && strcmp(last + n - 5, ".json") == 0)
			last[n - 5] = 0;
	}
	struct sbuf b;
	sbuf_init(&b, r->c.a);
	for (int i = 0; i < r->nseg; i++) {
		if (i)
			sbuf_add(&b, "/", 1);
		sbuf_adds(&b, r->seg[i]);
	}
	r->path = b.s;
}

static enum verb parse_verb(const char *m)
{
	if (!strcmp(m, "GET")) return V_GET;
	if (!strcmp(m, "POST")) return V_POST;
	if (!strcmp(m, "PUT")) return V_PUT;
	if (!strcmp(m, "DELETE")) return V_DELETE;
	if (!strcmp(m, "PATCH")) return V_PATCH;
	if (!strcmp(m, "HEAD")) return V_HEAD;
	return 0;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof(*r));
	r->refs = 1;
	r->c.a = a;
	r->c.cfg = s->cfg;
	r->conn = conn;
	char *u = arena_strdup(a, uri);
	char *qs = strchr(u, '?');
	if (qs) {
		*qs++ = 0;
		parse_query(r, qs);
	}
	parse_path(r, u);
	return r;
}

/* Drops one holder of r's arena; the last one frees it (and r). */
static void release(void *p)
{
	struct req *r = p;
	if (--r->refs == 0)
		arena_free(r->c.a);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
	void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct req *r = *con_cls;
	if (r)
		release(r);
	*con_cls = NULL;
}

/* Bodies up to this size go out joined: MHD sends a one-buffer body with
 * the headers in one system call, and an iovec body in a call of its own,
 * which costs small replies more than copying them. */
#define JOIN_MAX (64 * 1024)

/* A response sending r->raw[0..nraw) from the arena, which it holds until
 * MHD releases it. */
static struct MHD_Response *raw_response(struct req *r)
{
	struct MHD_Response *resp;
	size_t total = 0;
	for (int i = 0; i < r->nraw; i++)
		total += r->raw_len[i];
	if (r->nraw == 1 || total <= JOIN_MAX) {
		char *body = (char *)r->raw[0];
		if (r->nraw > 1) {
			body = arena_alloc_raw(r->c.a, total);
			size_t at = 0;
			for (int i = 0; i < r->nraw; i++) {
				memcpy(body + at, r->raw[i], r->raw_len[i]);
				at += r->raw_len[i];
			}
		}
		resp = MHD_create_response_from_buffer_with_free_callback_cls(total,
			body, release, r);
	} else {
		struct MHD_IoVec iov[PL_ARRAY_LEN(r->raw)];
		for (int i = 0; i < r->nraw; i++)
			iov[i] = (struct MHD_IoVec){ r->raw[i], r->raw_len[i] };
		resp = MHD_create_response_from_iovec(iov, (unsigned)r->nraw, release, r);
	}
	if (resp)
		r->refs++;
	return resp;
}

/* The response of a request answered with a body in memory. */
static struct MHD_Response *body_response(struct req *r)
{
	struct MHD_Response *resp;
	if (r->out) {
		struct sbuf b;
		sbuf_init(&b, r->c.a);
		sbuf_json(&b, r->out);
		r->raw[0] = b.s;
		r->raw_len[0] = b.len;
		r->nraw = 1;
		r->content_type = "application/json; charset=utf-8";
	}
	if (r->nraw) {
		resp = raw_response(r);
		if (resp && r->content_type)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->content_type);
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	return resp;
}

/* A stream (reply_stream) goes out chunked, of unknown length; its
 * reader runs whenever the connection can take more. */
static enum MHD_Result queue(struct req *r)
{
	struct req_stream *st = r->stream;
	struct MHD_Response *resp;
	if (st && !r->out && r->status == 200) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
			STREAM_BLOCK, st->read, st->cls, st->done);
		if (!resp) {
			st->done(st->cls);
			return MHD_NO;
		}
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
			r->content_type);
	} else {
		if (st)
			st->done(st->cls); /* the request failed after all */
		resp = body_response(r);
	}
	if (!resp)
		return MHD_NO;
	for (int i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static size_t body_limit(const struct req *r)
{
	const struct config *cfg = r->c.cfg;
	if (!r->web && r->nseg >= 1 && strcmp(r->seg[0], "uploads") == 0)
		return cfg->max_upload;
	return cfg->max_body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
	const char *url, const char *method, const char *version,
	const char *data, size_t *size, void **con_cls)
{
	(void)cls;
	(void)conn;
	(void)url;
	(void)version;
	struct req *r = *con_cls;
	if (!r->verb) {
		r->verb = parse_verb(method);
		if (!r->verb)
			r->verb = V_HEAD << 1; /* matches no route: 405 */
		return MHD_YES;
	}
	if (*size) {
		size_t limit = body_limit(r);
		if (!r->body_too_large && r->body_len + *size <= limit) {
			if (!r->body) {
				/* One allocation when the length is announced. */
				const char *cl = MHD_lookup_connection_value(conn,
					MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
				size_t want = cl ? strtoull(cl, NULL, 10) : 0;
				if (want < *size || want > limit)
					want = *size < 4096 ? 4096 : *size;
				r->body = arena_alloc(r->c.a, want + 1);
				r->body_cap = want;
			}
			if (r->body_len + *size > r->body_cap) {
				size_t cap = r->body_cap * 2;
				while (cap < r->body_len + *size)
					cap *= 2;
				char *nb = arena_alloc(r->c.a, cap + 1);
				memcpy(nb, r->body, r->body_len);
				r->body = nb;
				r->body_cap = cap;
			}
			memcpy(r->body + r->body_len, data, *size);
			r->body_len += *size;
			r->body[r->body_len] = 0;
		} else {
			r->body_too_large = true;
		}
		*size = 0;
		return MHD_YES;
	}
	http_dispatch(r);
	return queue(r);
}

struct server *server_start(const struct config *cfg)
{
	struct server *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->cfg = cfg;
	char host[256];
	const char *colon = strrchr(cfg->listen, ':');
	if (!colon || (size_t)(colon - cfg->listen) >= sizeof(host)) {
		fprintf(stderr, "parley: --listen takes HOST:PORT, not '%s'\n", cfg->listen);
		free(s);
		return NULL;
	}
	memcpy(host, cfg->listen, (size_t)(colon - cfg->listen));
	host[colon - cfg->listen] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535) {
		fprintf(stderr, "parley: bad port in --listen '%s'\n", cfg->listen);
		free(s);
		return NULL;
	}
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host,
		&sa.sin_addr) != 1) {
		fprintf(stderr, "parley: --listen host must be an IPv4 address, not '%s'\n", host);
		free(s);
		return NULL;
	}
	s->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
		MHD_ALLOW_SUSPEND_RESUME,
		0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_URI_LOG_CALLBACK, uri_log, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout,
		MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_END);
	if (!s->d) {
		fprintf(stderr, "parley: could not listen on %s\n", cfg->listen);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : (uint16_t)port;
	return s;
}

uint16_t server_port(const struct server *s) { return s->port; }

void server_stop(struct server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
