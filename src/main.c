/*
 * main.c: the `parley` command line.
 *
 *   parley serve [--listen HOST:PORT] [--db sqlite:PATH] [--rate-limit N]
 *                [--public-url URL] [--threads N] [--web-root DIR]
 *                [--anonymous-requests N]
 *                [--smtp-listen HOST:PORT] [--smtp-relay HOST:PORT]
 *                [--mail-domain DOMAIN] [mail limits, see usage()]
 *                [--automation-interval SECONDS] [--live-heartbeat SECONDS]
 *                [--render-backfill SECONDS]
 *   parley mail-ingest [--sender ADDR] [--recipient ADDR]... [--db URL]
 *                [--mail-domain DOMAIN]
 *   parley migrate [--db URL]
 *   parley admin create-account SUBDOMAIN --admin-email E --admin-password P
 *                [--db URL]
 *
 * Flags win over PARLEY_* environment variables, which win over defaults.
 * `serve` prints exactly one line starting "parley: ready on http://" once
 * it takes requests (harnesses wait for it, with the real port when
 * --listen asked for port 0) and stops cleanly on SIGTERM or SIGINT.
 * With --smtp-listen, a second line "parley: smtp on HOST:PORT" follows it
 * (the real port).  mail-ingest reads one message on stdin and exits with
 * a sysexits(3) code (channels/email_in.h) for an MTA's pipe transport.
 */
#include "parley.h"
#include "channels/email_in.h"
#include "channels/email_out.h"
#include "channels/mime_parse.h"
#include "channels/smtp_server.h"
#include "channels/smtp_session.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/live.h"
#include "core/mail.h"
#include "core/scheduler.h"
#include "core/ticket_backfill.h"
#include "http/server.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/periodic.h"

#include <curl/curl.h>
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
		"               [--anonymous-requests PER_HOUR]\n"
		"               [--smtp-listen HOST:PORT] [--smtp-relay HOST:PORT]\n"
		"               [--mail-domain DOMAIN] [--smtp-max-size BYTES]\n"
		"               [--smtp-timeout SECONDS] [--smtp-threads N]\n"
		"               [--mail-sender-limit PER_HOUR] [--mail-retry SECONDS]\n"
		"               [--mail-attempts N] [--automation-interval SECONDS]\n"
		"               [--live-heartbeat SECONDS] [--render-backfill SECONDS]\n"
		"  parley mail-ingest [--sender ADDR] [--recipient ADDR]...\n"
		"               [--db sqlite:PATH] [--mail-domain DOMAIN]\n"
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

/* Mail settings from PARLEY_* variables and defaults (flags come later). */
static bool mail_defaults(struct mail_config *m)
{
	*m = (struct mail_config){
		.domain = env_or("PARLEY_MAIL_DOMAIN", MAIL_DEFAULT_DOMAIN),
		.smtp_listen = env_or("PARLEY_SMTP_LISTEN", NULL),
		.smtp_relay = env_or("PARLEY_SMTP_RELAY", NULL),
		.max_size = MAIL_DEFAULT_MAX_SIZE,
		.timeout = 300,
		.smtp_threads = 2,
		.retry_base = 60,
		.max_attempts = 8,
	};
	int v;
	if (!parse_int(env_or("PARLEY_MAIL_SENDER_LIMIT", "60"), 0, 1000000, &v)) {
		fputs("parley: PARLEY_MAIL_SENDER_LIMIT must be a number\n", stderr);
		return false;
	}
	m->sender_limit = v;
	return true;
}

/* Takes argv[*i] when it is a mail flag: 1 taken, 0 not one, -1 bad value
 * (message printed). */
static int mail_flag(int argc, char **argv, int *i, struct mail_config *m)
{
	static const struct {
		const char *flag;
		long lo, hi;
		const char *what;
	} nums[] = {
		{ "--smtp-max-size", 1024, 1L << 30, "bytes (1024 to 1 GiB)" },
		{ "--smtp-timeout", 1, 3600, "seconds (1 to 3600)" },
		{ "--smtp-threads", 1, 64, "1 to 64" },
		{ "--mail-sender-limit", 0, 1000000, "messages per hour (0: none)" },
		{ "--mail-retry", 1, 86400, "seconds (1 to 86400)" },
		{ "--mail-attempts", 1, 100, "1 to 100" },
	};
	const char *v;
	if (flag_value(argc, argv, i, "--smtp-listen", &m->smtp_listen) ||
	    flag_value(argc, argv, i, "--smtp-relay", &m->smtp_relay) ||
	    flag_value(argc, argv, i, "--mail-domain", &m->domain))
		return 1;
	for (size_t k = 0; k < PL_ARRAY_LEN(nums); k++) {
		if (!flag_value(argc, argv, i, nums[k].flag, &v))
			continue;
		int n;
		if (!parse_int(v, nums[k].lo, nums[k].hi, &n)) {
			fprintf(stderr, "parley: %s takes %s\n", nums[k].flag, nums[k].what);
			return -1;
		}
		switch (k) {
		case 0: m->max_size = (size_t)n; break;
		case 1: m->timeout = (unsigned)n; break;
		case 2: m->smtp_threads = n; break;
		case 3: m->sender_limit = n; break;
		case 4: m->retry_base = n; break;
		default: m->max_attempts = n; break;
		}
		return 1;
	}
	return 0;
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
	struct mail_config mail;
	if (!mail_defaults(&mail))
		return 2;
	struct config cfg = {
		.listen = env_or("PARLEY_LISTEN", "127.0.0.1:8080"),
		.db_url = env_or("PARLEY_DB", DEFAULT_DB),
		.public_url = env_or("PARLEY_PUBLIC_URL", NULL),
		.web_root = env_or("PARLEY_WEB_ROOT", "./web"),
		.threads = 4,
		.max_body = 2 * 1024 * 1024,
		.max_upload = 50 * 1024 * 1024,
		.idle_timeout = 60,
		.mail = &mail,
		.live_heartbeat = 15,
	};
	const char *v;
	if (!parse_int(env_or("PARLEY_RATE_LIMIT", "0"), 0, 1000000, &cfg.rate_limit)) {
		fputs("parley: PARLEY_RATE_LIMIT must be a number\n", stderr);
		return 2;
	}
	if (!parse_int(env_or("PARLEY_AUTOMATION_INTERVAL", "3600"), 0, 604800,
		&cfg.automation_interval)) {
		fputs("parley: PARLEY_AUTOMATION_INTERVAL must be 0 to 604800 seconds\n",
			stderr);
		return 2;
	}
	if (!parse_int(env_or("PARLEY_RENDER_BACKFILL", "5"), 0, 3600,
		&cfg.render_backfill)) {
		fputs("parley: PARLEY_RENDER_BACKFILL must be 0 to 3600 seconds\n",
			stderr);
		return 2;
	}
	if (!parse_int(env_or("PARLEY_LIVE_HEARTBEAT", "15"), 1, 300,
		&cfg.live_heartbeat)) {
		fputs("parley: PARLEY_LIVE_HEARTBEAT must be 1 to 300 seconds\n", stderr);
		return 2;
	}
	if (!parse_int(env_or("PARLEY_ANONYMOUS_REQUESTS", "20"), 0, 1000000,
		&cfg.anonymous_requests)) {
		fputs("parley: PARLEY_ANONYMOUS_REQUESTS must be a number\n", stderr);
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
		if (flag_value(argc, argv, &i, "--automation-interval", &v)) {
			if (!parse_int(v, 0, 604800, &cfg.automation_interval)) {
				fputs("parley: --automation-interval takes 0 (off) to 604800"
					" seconds\n", stderr);
				return 2;
			}
			continue;
		}
		if (flag_value(argc, argv, &i, "--render-backfill", &v)) {
			if (!parse_int(v, 0, 3600, &cfg.render_backfill)) {
				fputs("parley: --render-backfill takes 0 (off) to 3600"
					" seconds\n", stderr);
				return 2;
			}
			continue;
		}
		if (flag_value(argc, argv, &i, "--live-heartbeat", &v)) {
			if (!parse_int(v, 1, 300, &cfg.live_heartbeat)) {
				fputs("parley: --live-heartbeat takes 1 to 300 seconds\n",
					stderr);
				return 2;
			}
			continue;
		}
		if (flag_value(argc, argv, &i, "--anonymous-requests", &v)) {
			if (!parse_int(v, 0, 1000000, &cfg.anonymous_requests)) {
				fputs("parley: --anonymous-requests takes requests per hour\n",
					stderr);
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
		int mf = mail_flag(argc, argv, &i, &mail);
		if (mf < 0)
			return 2;
		if (mf)
			continue;
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

	struct smtp_handler handler;
	email_in_handler(&cfg, &handler);
	struct smtp_server_opts smtp_opts = {
		.listen = mail.smtp_listen, .hostname = mail.domain,
		.threads = mail.smtp_threads, .timeout = mail.timeout,
		.max_size = mail.max_size, .handler = &handler,
	};
	struct smtp_server *smtp = NULL;
	struct email_out *out = NULL;
	struct server *srv = NULL;
	struct periodic *sched = NULL, *backfill = NULL;
	if ((mail.smtp_listen && !(smtp = smtp_server_start(&smtp_opts))) ||
	    (mail.smtp_relay && !(out = email_out_start(&cfg))) ||
	    !live_start(cfg.live_heartbeat) ||
	    !(srv = server_start(&cfg)) ||
	    (cfg.automation_interval && !(sched = scheduler_start(&cfg))) ||
	    (cfg.render_backfill && !(backfill = ticket_backfill_start(&cfg)))) {
		periodic_stop(sched);
		live_stop();
		server_stop(srv);
		email_out_stop(out);
		smtp_server_stop(smtp);
		store_close(cfg.store);
		return 1;
	}
	char host[256];
	snprintf(host, sizeof(host), "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen),
		cfg.listen);
	printf("parley: ready on http://%s:%u\n", host, server_port(srv));
	if (smtp)
		printf("parley: smtp on %.*s:%u\n",
			(int)(strrchr(mail.smtp_listen, ':') - mail.smtp_listen),
			mail.smtp_listen, smtp_server_port(smtp));
	fflush(stdout);

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "parley: stopping (signal %d)\n", sig);
	periodic_stop(backfill);
	periodic_stop(sched);
	smtp_server_stop(smtp);
	live_stop(); /* ends the event streams: MHD stops only without them */
	server_stop(srv);
	email_out_stop(out);
	store_close(cfg.store);
	return 0;
}

/* Reads all of stdin, up to max + 1 bytes (so "too large" shows). */
static char *read_stdin(size_t max, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (!buf)
			abort();
		if (n == cap) {
			if (n > max)
				break;
			cap *= 2;
			buf = realloc(buf, cap + 1);
			continue;
		}
		size_t got = fread(buf + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

static int cmd_mail_ingest(int argc, char **argv)
{
	struct mail_config mail;
	if (!mail_defaults(&mail))
		return 2;
	struct config cfg = { .db_url = env_or("PARLEY_DB", DEFAULT_DB), .mail = &mail };
	const char *sender = "";
	char **rcpts = calloc((size_t)argc, sizeof(*rcpts));
	int nrcpts = 0;
	for (int i = 2; i < argc; i++) {
		const char *r;
		if (flag_value(argc, argv, &i, "--db", &cfg.db_url) ||
		    flag_value(argc, argv, &i, "--sender", &sender) ||
		    flag_value(argc, argv, &i, "--mail-domain", &mail.domain))
			continue;
		if (flag_value(argc, argv, &i, "--recipient", &r)) {
			rcpts[nrcpts++] = (char *)r;
			continue;
		}
		fprintf(stderr, "parley: unknown option '%s'\n", argv[i]);
		usage();
		free(rcpts);
		return 2;
	}
	if (!open_store(&cfg)) {
		free(rcpts);
		return EMAIL_IN_TEMPFAIL;
	}
	size_t len;
	char *msg = read_stdin(mail.max_size, &len);
	char reply[SMTP_REPLY_MAX];
	int rc = email_in_ingest(&cfg, sender, rcpts, nrcpts, msg, len, reply);
	fprintf(rc ? stderr : stdout, "parley: %s\n", reply);
	free(msg);
	free(rcpts);
	store_close(cfg.store);
	return rc;
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
	mime_init();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (argc >= 2 && !strcmp(argv[1], "serve"))
		return cmd_serve(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "mail-ingest"))
		return cmd_mail_ingest(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "migrate"))
		return cmd_migrate(argc, argv);
	if (argc >= 3 && !strcmp(argv[1], "admin") && !strcmp(argv[2], "create-account"))
		return cmd_create_account(argc, argv);
	usage();
	return 2;
}
