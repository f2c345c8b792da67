/*
 * baseline_http.c: the floor under Parley's GET figures.
 *
 * A bare libmicrohttpd server started with the flags, options and thread
 * pool of src/http/server.c, answering every request with one fixed JSON
 * body of SIZE bytes (and Parley's Content-Type).  No routing, no
 * authentication, no store, no JSON encoding: what is left is MHD and the
 * kernel, so Parley's req/s over this one is the share of the time the
 * server itself costs.  bench/run.sh sizes the body like the Parley
 * response it is compared with.
 *
 *   baseline_http SIZE [THREADS]
 *
 * Listens on a free port of 127.0.0.1, prints "baseline: ready on
 * http://127.0.0.1:PORT" and runs until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *body;
static size_t body_len;

/* {"pad":"xxxx..."} of exactly n bytes (at least 10). */
static char *json_of_size(size_t n)
{
	if (n < 10)
		n = 10;
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, "{\"pad\":\"", 8);
	memset(s + 8, 'x', n - 10);
	memcpy(s + n - 2, "\"}", 2);
	s[n] = 0;
	return s;
}

/* As server.c: the first call (headers) only says yes, the last one
 * (no more upload data) queues the answer. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
	const char *url, const char *method, const char *version,
	const char *data, size_t *size, void **con_cls)
{
	(void)cls; (void)url; (void)method; (void)version; (void)data;
	if (!*con_cls) {
		*con_cls = conn;
		return MHD_YES;
	}
	if (*size) {
		*size = 0;
		return MHD_YES;
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(body_len, body,
		MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		"application/json; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: baseline_http SIZE [THREADS]\n", stderr);
		return 2;
	}
	body_len = strtoul(argv[1], NULL, 10);
	body = json_of_size(body_len);
	body_len = strlen(body);
	unsigned threads = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 4;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in sa = { .sin_family = AF_INET };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
		MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	if (!d) {
		fputs("baseline: could not listen\n", stderr);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("baseline: ready on http://127.0.0.1:%u\n", info ? info->port : 0);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
