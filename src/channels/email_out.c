/*
 * email_out.c: composing outbound mail with GMime and delivering the
 * outbox to the SMTP relay with libcurl.
 *
 * RFCs: 5322 (Message-ID, In-Reply-To, References, Date), 2045-2047 and
 * 2046 section 5.1.4 (multipart/alternative: text first, HTML last),
 * 3834 (Auto-Submitted: auto-generated on notifications, so well-behaved
 * responders stay quiet), 5321 (the SMTP client is curl's smtp.c).
 *
 * The thread: every POLL_MS, or at once after a busy round, copy the agent
 * workspace's new mail into the queue, read up to BATCH due messages (core/mail_outbox.c), send each over one reused curl
 * handle (curl keeps the relay connection open between messages), record
 * each attempt.  A relay answer of 5xx is a permanent failure; anything
 * else (connection refused, timeout, 4xx) is retried with backoff.
 *
 * Invariant: the thread touches the store only through mail_outbox.h, and
 * each recorded attempt is its own statement, so stopping between two
 * messages loses nothing; stopping waits for the message in flight.
 */
#include "parley.h"
#include "channels/email_out.h"
#include "core/config.h"
#include "core/mail.h"
#include "core/mail_outbox.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <curl/curl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 64
#define POLL_MS 200

struct email_out {
	const struct config *cfg;
	char url[320];
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
};

static void add_addrs(GMimeMessage *msg, GMimeAddressType type,
	const struct mail_addr *l, int n)
{
	for (int i = 0; i < n; i++)
		g_mime_message_add_mailbox(msg, type, l[i].name, l[i].email);
}

static GMimeObject *text_part(const char *subtype, const char *body)
{
	GMimeTextPart *p = g_mime_text_part_new_with_subtype(subtype);
	g_mime_text_part_set_text(p, body);
	return GMIME_OBJECT(p);
}

char *email_out_compose(struct arena *a, const struct mail_outgoing *m,
	size_t *len)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from_name,
		m->from_address);
	add_addrs(msg, GMIME_ADDRESS_TYPE_TO, m->to, m->nto);
	add_addrs(msg, GMIME_ADDRESS_TYPE_CC, m->cc, m->ncc);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	g_mime_message_set_message_id(msg, m->message_id);
	GDateTime *now = g_date_time_new_now_utc();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	GMimeObject *o = GMIME_OBJECT(msg);
	if (m->in_reply_to && *m->in_reply_to) {
		char *irt = arena_printf(a, "<%s>", m->in_reply_to);
		g_mime_object_set_header(o, "In-Reply-To", irt, NULL);
	}
	if (m->refs && *m->refs)
		g_mime_object_set_header(o, "References", m->refs, NULL);
	if (m->automatic) {
		g_mime_object_set_header(o, "Auto-Submitted", "auto-generated", NULL);
		g_mime_object_set_header(o, "X-Auto-Response-Suppress", "All", NULL);
	}
	GMimeObject *plain = text_part("plain", m->text);
	if (m->html && *m->html) {
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
		GMimeObject *html = text_part("html", m->html);
		g_mime_multipart_add(alt, plain);
		g_mime_multipart_add(alt, html);
		g_object_unref(html);
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
		g_object_unref(alt);
	} else {
		g_mime_message_set_mime_part(msg, plain);
	}
	g_object_unref(plain);
	g_mime_object_encode(o, GMIME_ENCODING_CONSTRAINT_7BIT);
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	char *s = g_mime_object_to_string(o, fo);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	*len = strlen(s);
	char *r = arena_strndup(a, s, *len);
	g_free(s);
	return r;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Sends one message; false with *permanent and error set on failure. */
static bool send_one(struct email_out *o, CURL *h, struct arena *a,
	const struct mail_outgoing *m, bool *permanent, const char **error)
{
	size_t len;
	char *raw = email_out_compose(a, m, &len);
	struct upload u = { raw, len };
	struct curl_slist *rcpt = NULL;
	for (int i = 0; i < m->nto; i++)
		rcpt = curl_slist_append(rcpt, arena_printf(a, "<%s>", m->to[i].email));
	for (int i = 0; i < m->ncc; i++)
		rcpt = curl_slist_append(rcpt, arena_printf(a, "<%s>", m->cc[i].email));
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, o->url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", m->from_address));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	/* The option's original spelling: curl 7.88 has only it, and later
	 * versions keep it as an alias. */
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(h);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK)
		return true;
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	*permanent = code >= 500 && code < 600;
	*error = arena_printf(a, "could not send email: %s%s (SMTP reply %ld)",
		errbuf[0] ? errbuf : curl_easy_strerror(rc),
		*permanent ? "; refused by the relay" : "", code);
	return false;
}

/* One round: the due messages, each sent and recorded.  Returns how many
 * were due (-1 on a store error). */
static int round_once(struct email_out *o, CURL *h)
{
	struct ctx c = { .a = arena_new(), .cfg = o->cfg, .now = time_now() };
	c.db = store_db(o->cfg->store);
	struct mail_outgoing *batch = arena_alloc(c.a, sizeof(*batch) * BATCH);
	int n = c.db && mail_outbox_import(&c) >= 0 ? mail_outbox_due(&c, BATCH, batch)
		: -1;
	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&o->mu);
		bool stop = o->stopping;
		pthread_mutex_unlock(&o->mu);
		if (stop)
			break;
		bool permanent = false;
		const char *error = NULL;
		bool ok = send_one(o, h, c.a, &batch[i], &permanent, &error);
		c.account_id = batch[i].account_id;
		c.now = time_now();
		if (!ok)
			fprintf(stderr, "parley: outbox message %lld: %s\n",
				(long long)batch[i].id, error);
		if (mail_outbox_attempted(&c, &batch[i], ok, permanent, error))
			fprintf(stderr, "parley: outbox message %lld: could not record the"
				" attempt\n", (long long)batch[i].id);
	}
	arena_free(c.a);
	return n;
}

static void *deliver_main(void *arg)
{
	struct email_out *o = arg;
	CURL *h = curl_easy_init();
	if (!h) {
		fprintf(stderr, "parley: libcurl failed to start; outbound mail stays"
			" queued\n");
		return NULL;
	}
	for (;;) {
		int n = round_once(o, h);
		pthread_mutex_lock(&o->mu);
		if (!o->stopping && n < BATCH) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += POLL_MS * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&o->cv, &o->mu, &ts);
		}
		bool stop = o->stopping;
		pthread_mutex_unlock(&o->mu);
		if (stop)
			break;
	}
	curl_easy_cleanup(h);
	return NULL;
}

struct email_out *email_out_start(const struct config *cfg)
{
	const char *relay = cfg->mail ? cfg->mail->smtp_relay : NULL;
	const char *colon = relay ? strrchr(relay, ':') : NULL;
	if (!colon || colon == relay || !colon[1] || strchr(relay, '/')) {
		fprintf(stderr, "parley: --smtp-relay takes HOST:PORT, not '%s'\n",
			relay ? relay : "");
		return NULL;
	}
	struct email_out *o = calloc(1, sizeof(*o));
	if (!o)
		abort();
	o->cfg = cfg;
	snprintf(o->url, sizeof(o->url), "smtp://%s/%s", relay, mail_domain(
		&(struct ctx){ .cfg = cfg }));
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	if (pthread_create(&o->tid, NULL, deliver_main, o)) {
		fprintf(stderr, "parley: cannot start the mail delivery thread\n");
		abort();
	}
	return o;
}

void email_out_stop(struct email_out *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->mu);
	o->stopping = true;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->tid, NULL);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
	free(o);
}
