/*
 * baseline_insert.c: the floor under Parley's POST /tickets figure.
 *
 * The bare MHD layer of baseline_http.c (same flags, options and thread
 * pool as src/http/server.c) that, for a POST, reads the body, takes the
 * subject and comment body out of {"ticket":{...}} with jansson, and in one
 * write transaction inserts a ticket row and its first comment row, then
 * answers 201 with a JSON body of SIZE bytes.  SQLite is set up as
 * src/store/sqlite.c does it: WAL, synchronous=NORMAL, busy_timeout, one
 * connection per thread with its statements prepared once.  What Parley
 * adds on top (auth, requester lookup, validation, audit, rendering) is
 * what the ratio measures.  Other methods answer 405.
 *
 *   baseline_insert DBFILE SIZE [THREADS]
 *
 * Listens on a free port of 127.0.0.1, prints "baseline: ready on
 * http://127.0.0.1:PORT" and runs until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHEMA \
	"CREATE TABLE IF NOT EXISTS tickets (" \
	" id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL," \
	" subject TEXT, description TEXT, status TEXT NOT NULL," \
	" requester_id INTEGER, submitter_id INTEGER, assignee_id INTEGER," \
	" group_id INTEGER, organization_id INTEGER," \
	" tags TEXT NOT NULL DEFAULT '[]', custom_fields TEXT NOT NULL DEFAULT '{}'," \
	" via TEXT NOT NULL DEFAULT 'api'," \
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);" \
	"CREATE INDEX IF NOT EXISTS tickets_updated ON tickets(account_id, updated_at, id);" \
	"CREATE INDEX IF NOT EXISTS tickets_requester ON tickets(account_id, requester_id);" \
	"CREATE TABLE IF NOT EXISTS comments (" \
	" id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL," \
	" ticket_id INTEGER NOT NULL REFERENCES tickets(id)," \
	" author_id INTEGER, body TEXT NOT NULL, public INTEGER NOT NULL," \
	" created_at INTEGER NOT NULL);" \
	"CREATE INDEX IF NOT EXISTS comments_ticket ON comments(ticket_id, id);"

static const char *db_path;
static char *reply;
static size_t reply_len;

/* This thread's connection and statements. */
struct conn {
	sqlite3 *h;
	sqlite3_stmt *ticket, *comment, *begin, *commit, *rollback;
};
static __thread struct conn *tc;

/* A connection configured as src/store/sqlite.c configures its own. */
static sqlite3 *open_db(void)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "baseline: cannot open %s\n", db_path);
		exit(1);
	}
	sqlite3_busy_timeout(h, 10000);
	sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
		"PRAGMA cache_size=-32000;", NULL, NULL, NULL);
	return h;
}

static sqlite3_stmt *prep(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)) {
		fprintf(stderr, "baseline: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
	return st;
}

/* Opened on a thread's first request; lives until the process exits
 * (MHD gives no per-thread exit hook). */
static struct conn *conn_get(void)
{
	if (tc)
		return tc;
	struct conn *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->h = open_db();
	c->ticket = prep(c->h, "INSERT INTO tickets(account_id, subject, description,"
		" status, requester_id, submitter_id, created_at, updated_at)"
		" VALUES (1, ?, ?, 'new', 2, 2, ?, ?) RETURNING id");
	c->comment = prep(c->h, "INSERT INTO comments(account_id, ticket_id, author_id,"
		" body, public, created_at) VALUES (1, ?, 2, ?, 1, ?)");
	c->begin = prep(c->h, "BEGIN IMMEDIATE");
	c->commit = prep(c->h, "COMMIT");
	c->rollback = prep(c->h, "ROLLBACK");
	tc = c;
	return c;
}

static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc;
}

/* Inserts the ticket and its comment in one transaction; 0 on success. */
static int insert(const char *subject, const char *text)
{
	struct conn *c = conn_get();
	long long now = (long long)time(NULL);
	if (run(c->begin) != SQLITE_DONE)
		return -1;
	sqlite3_bind_text(c->ticket, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->ticket, 2, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(c->ticket, 3, now);
	sqlite3_bind_int64(c->ticket, 4, now);
	long long id = -1;
	if (sqlite3_step(c->ticket) == SQLITE_ROW)
		id = sqlite3_column_int64(c->ticket, 0);
	sqlite3_reset(c->ticket);
	if (id > 0) {
		sqlite3_bind_int64(c->comment, 1, id);
		sqlite3_bind_text(c->comment, 2, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(c->comment, 3, now);
	}
	if (id <= 0 || run(c->comment) != SQLITE_DONE || run(c->commit) != SQLITE_DONE) {
		run(c->rollback);
		return -1;
	}
	return 0;
}

struct upload {
	char *buf;
	size_t len, cap;
};

static enum MHD_Result answer(struct MHD_Connection *conn, unsigned status,
	const char *text, size_t len)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)text,
		MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		"application/json; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
	const char *url, const char *method, const char *version,
	const char *data, size_t *size, void **con_cls)
{
	(void)cls; (void)url; (void)version;
	struct upload *u = *con_cls;
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			abort();
		*con_cls = u;
		return MHD_YES;
	}
	if (*size) {
		if (u->len + *size + 1 > u->cap) {
			u->cap = (u->len + *size + 1) * 2;
			u->buf = realloc(u->buf, u->cap);
			if (!u->buf)
				abort();
		}
		memcpy(u->buf + u->len, data, *size);
		u->len += *size;
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "POST") != 0)
		return answer(conn, 405, "{\"error\":\"InvalidEndpoint\"}", 27);
	json_t *root = u->buf ? json_loadb(u->buf, u->len, 0, NULL) : NULL;
	json_t *t = json_object_get(root, "ticket");
	const char *subject = json_string_value(json_object_get(t, "subject"));
	const char *text = json_string_value(json_object_get(
		json_object_get(t, "comment"), "body"));
	enum MHD_Result ret;
	if (!subject || !text)
		ret = answer(conn, 400, "{\"error\":\"InvalidValue\"}", 24);
	else if (insert(subject, text) != 0)
		ret = answer(conn, 503, "{\"error\":\"unavailable\"}", 23);
	else
		ret = answer(conn, 201, reply, reply_len);
	json_decref(root);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)conn; (void)toe;
	struct upload *u = *con_cls;
	if (u) {
		free(u->buf);
		free(u);
	}
	*con_cls = NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: baseline_insert DBFILE SIZE [THREADS]\n", stderr);
		return 2;
	}
	db_path = argv[1];
	reply_len = strtoul(argv[2], NULL, 10);
	if (reply_len < 10)
		reply_len = 10;
	reply = malloc(reply_len + 1);
	if (!reply)
		abort();
	memcpy(reply, "{\"pad\":\"", 8);
	memset(reply + 8, 'x', reply_len - 10);
	memcpy(reply + reply_len - 2, "\"}", 2);
	unsigned threads = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 4;
	sqlite3 *h = open_db();
	if (sqlite3_exec(h, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "baseline: schema: %s\n", sqlite3_errmsg(h));
		return 1;
	}

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
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
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
	long long n = -1;
	sqlite3_stmt *st = prep(h, "SELECT count(*) FROM tickets");
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	fprintf(stderr, "baseline: %lld tickets inserted\n", n);
	return 0;
}
