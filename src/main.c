/*
 * main.c: the `parley` command line.
 *
 *   parley serve [--listen HOST:PORT] [--db sqlite:PATH] [--rate-limit N]
 *                [--public-url URL] [--threads N] [--web-root DIR]
 *   parley migrate [--db URL]
 *   parley admin create-account SUBDOMAIN --admin-email E --admin-password P
 *                [--db URL]
 *
 * Flags win over PARLEY_* environment variables, which win over defaults.
 * `serve` prints exactly one line starting "parley: ready on http://" once
 * it takes requests (harnesses wait for it, with the real port when
 * --listen asked for port 0) and stops cleanly on SIGTERM or SIGINT.
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/config.h"
#include "http/server.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_DB "sqlite:./data/parley.db"

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static void usage(void)
{
	fputs("usage:\n"
		"  parley serve [--listen HOST:PORT] [--db sqlite:PATH] [--rate-limit N]\n"
		"               [--public-url URL] [--threads N] [--web-root DIR]\n"
		"  parley migrate [--db sqlite:PATH]\n"
		"  parley admin create-account SUBDOMAIN --admin-email EMAIL\n"
		"               --admin-password PASSWORD [--db sqlite:PATH]\n", stderr);
}

/* Fetches the value of flag argv[*i] into *out; false when missing. */
static bool flag_value(int argc, char **argv, int *i, const char *name,
	const char **out)
{
	if (strcmp(argv[*i], name) != 0)
		return false;
	if (*i + 1 >= argc) {
		fprintf(stderr, "parley: %s needs a value\n", name);
		exit(2);
	}
	*out = argv[++*i];
	return true;
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* Creates the folder holding a sqlite: database, if it has one. */
static void ensure_db_dir(const char *url)
{
	if (strncmp(url, "sqlite:", 7) != 0)
		return;
	char *path = strdup(url + 7);
	char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		*slash = 0;
		for (char *p = path + 1; *p; p++) {
			if (*p == '/') {
				*p = 0;
				mkdir(path, 0755);
				*p = '/';
			}
		}
		mkdir(path, 0755);
	}
	free(path);
}

static struct store *open_store(struct config *cfg)
{
	ensure_db_dir(cfg->db_url);
	struct store *s = store_open(cfg->db_url);
	if (!s)
		return NULL;
	struct db *db = store_db(s);
	if (!db || !account_load_token_key(db, cfg->token_key)) {
		fprintf(stderr, "parley: could not load the server key from the store\n");
		store_close(s);
		return NULL;
	}
	cfg->store = s;
	return s;
}

/* The agent workspace needs its files: say so at start when they are not
 * where --web-root points (the server still serves the API). */
static void warn_web_root(const char *root)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/agent/app.js", root);
	if (stat(path, &st) != 0)
		fprintf(stderr, "parley: warning: no %s; the agent workspace at /agent "
			"needs --web-root (or PARLEY_WEB_ROOT) naming the repository's web/ "
			"folder\n", path);
}

static int cmd_serve(int argc, char **argv)
{
	struct config cfg = {
		.listen = env_or("PARLEY_LISTEN", "127.0.0.1:8080"),
		.db_url = env_or("PARLEY_DB", DEFAULT_DB),
		.public_url = env_or("PARLEY_PUBLIC_URL", NULL),
		.web_root = env_or("PARLEY_WEB_ROOT", "./web"),
		.threads = 4,
		.max_body = 2 * 1024 * 1024,
		.max_upload = 50 * 1024 * 1024,
		.idle_timeout = 60,
	};
	const char *v;
	if (!parse_int(env_or("PARLEY_RATE_LIMIT", "0"), 0, 1000000, &cfg.rate_limit)) {
		fputs("parley: PARLEY_RATE_LIMIT must be a number\n", stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (flag_value(argc, argv, &i, "--listen", &cfg.listen) ||
		    flag_value(argc, argv, &i, "--db", &cfg.db_url) ||
		    flag_value(argc, argv, &i, "--public-url", &cfg.public_url) ||
		    flag_value(argc, argv, &i, "--web-root", &cfg.web_root))
			continue;
		if (flag_value(argc, argv, &i, "--rate-limit", &v)) {
			if (!parse_int(v, 0, 1000000, &cfg.rate_limit)) {
				fputs("parley: --rate-limit takes requests per minute\n", stderr);
				return 2;
			}
			continue;
		}
		if (flag_value(argc, argv, &i, "--threads", &v)) {
			if (!parse_int(v, 1, 256, &cfg.threads)) {
				fputs("parley: --threads takes 1 to 256\n", stderr);
				return 2;
			}
			continue;
		}
		fprintf(stderr, "parley: unknown option '%s'\n", argv[i]);
		usage();
		return 2;
	}
	if (!open_store(&cfg))
		return 1;
	warn_web_root(cfg.web_root);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* worker threads inherit it */
	signal(SIGPIPE, SIG_IGN);

	struct server *srv = server_start(&cfg);
	if (!srv) {
		store_close(cfg.store);
		return 1;
	}
	char host[256];
	snprintf(host, sizeof(host), "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen),
		cfg.listen);
	printf("parley: ready on http://%s:%u\n", host, server_port(srv));
	fflush(stdout);

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "parley: stopping (signal %d)\n", sig);
	server_stop(srv);
	store_close(cfg.store);
	return 0;
}

static int cmd_migrate(int argc, char **argv)
{
	struct config cfg = { .db_url = env_or("PARLEY_DB", DEFAULT_DB) };
	for (int i = 2; i < argc; i++) {
		if (flag_value(argc, argv, &i, "--db", &cfg.db_url))
			continue;
		fprintf(stderr, "parley: unknown option '%s'\n", argv[i]);
		return 2;
	}
	if (!open_store(&cfg))
		return 1;
	store_close(cfg.store);
	puts("parley: migrations applied");
	return 0;
}

static void print_error(const struct ctx *c)
{
	fprintf(stderr, "parley: %s", c->err_desc ? c->err_desc : c->err_title);
	if (c->err_details) {
		const char *k;
		json_t *list;
		json_object_foreach(c->err_details, k, list) {
			size_t i;
			json_t *d;
			json_array_foreach(list, i, d)
				fprintf(stderr, "; %s", json_string_value(json_object_get(d, "description")));
		}
	}
	fputc('\n', stderr);
}

static int cmd_create_account(int argc, char **argv)
{
	struct config cfg = { .db_url = env_or("PARLEY_DB", DEFAULT_DB) };
	const char *sub = NULL, *email = NULL, *password = NULL;
	for (int i = 3; i < argc; i++) {
		if (flag_value(argc, argv, &i, "--db", &cfg.db_url) ||
		    flag_value(argc, argv, &i, "--admin-email", &email) ||
		    flag_value(argc, argv, &i, "--admin-password", &password))
			continue;
		if (argv[i][0] != '-' && !sub) {
			sub = argv[i];
			continue;
		}
		fprintf(stderr, "parley: unknown option '%s'\n", argv[i]);
		usage();
		return 2;
	}
	if (!sub || !email || !password) {
		usage();
		return 2;
	}
	if (!open_store(&cfg))
		return 1;
	struct ctx c = { .a = arena_new(), .cfg = &cfg, .now = time_now() };
	c.db = store_db(cfg.store);
	int64_t admin = 0;
	enum pl_err e = account_create(&c, sub, email, password, &admin);
	int rc = 0;
	if (e) {
		print_error(&c);
		rc = 1;
	} else {
		printf("parley: created account %s (id %lld) with admin %s (user id %lld)\n",
			sub, (long long)c.account_id, email, (long long)admin);
	}
	arena_free(c.a);
	store_close(cfg.store);
	return rc;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("parley: libsodium failed to initialize\n", stderr);
		return 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "serve"))
		return cmd_serve(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "migrate"))
		return cmd_migrate(argc, argv);
	if (argc >= 3 && !strcmp(argv[1], "admin") && !strcmp(argv[2], "create-account"))
		return cmd_create_account(argc, argv);
	usage();
	return 2;
}
