/*
 * email_in.c: inbound mail, from the SMTP listener (smtp_server.c) and
 * from `parley mail-ingest`, to core/mail_inbound.c.
 *
 * RFCs: 5321 section 4.2 and 3463 for the reply codes; sysexits(3) for
 * mail-ingest's exit codes (what Postfix's and Exim's pipe transports
 * read: 75 is "try again later", 67 and 65 bounce).
 *
 * A message for recipients of several accounts is delivered to each
 * account once (the brand of its first recipient there).  The reply is 250
 * only when every account has the message durably: a store failure for
 * any of them answers 451, and a retry is harmless because core drops a
 * Message-ID it has already seen.
 *
 * Each call builds its own struct ctx on the calling thread's store
 * connection, as a request does, with its own arena.
 */
#include "parley.h"
#include "channels/email_in.h"
#include "channels/mime_parse.h"
#include "channels/smtp_session.h"
#include "core/config.h"
#include "core/mail.h"
#include "core/mail_inbound.h"
#include "core/recipient_addresses.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <string.h>

static void ctx_begin(struct ctx *c, const struct config *cfg)
{
	memset(c, 0, sizeof(*c));
	c->a = arena_new();
	c->cfg = cfg;
	c->db = store_db(cfg->store);
	c->now = time_now();
	c->api_base = cfg->public_url
		? arena_printf(c->a, "%s/api/v2", cfg->public_url)
		: "http://localhost/api/v2";
}

static int sender_limit(const struct config *cfg)
{
	return cfg->mail ? cfg->mail->sender_limit : 0;
}

static int on_rcpt(void *arg, const char *sender, const char *rcpt, char *reply)
{
	const struct config *cfg = arg;
	struct ctx c;
	ctx_begin(&c, cfg);
	int code;
	if (!c.db) {
		code = 451;
		snprintf(reply, SMTP_REPLY_MAX, "451 4.3.0 temporary failure; try again later");
	} else if (recipient_address_route(&c, rcpt) != PL_OK) {
		code = 550;
		snprintf(reply, SMTP_REPLY_MAX, "550 5.1.1 <%.200s>: recipient address "
			"rejected: no such support address here", rcpt);
	} else if (!mail_inbound_sender_ok(&c, sender, sender_limit(cfg))) {
		code = 450;
		snprintf(reply, SMTP_REPLY_MAX, "450 4.7.1 <%.200s>: too many messages "
			"from this sender; try again later", sender);
	} else {
		code = 250;
		snprintf(reply, SMTP_REPLY_MAX, "250 2.1.5 Ok");
	}
	arena_free(c.a);
	return code;
}

/* Delivers a parsed message to the accounts of rcpts; the SMTP reply. */
static int deliver(const struct config *cfg, const char *sender,
	char *const *rcpts, int nrcpts, const char *msg, size_t len,
	const struct mail_msg *m, char *reply)
{
	int64_t done[SMTP_MAX_RCPTS];
	int ndone = 0, code = 250;
	int64_t first_ticket = 0;
	snprintf(reply, SMTP_REPLY_MAX, "550 5.1.1 no such support address here");
	for (int i = 0; i < nrcpts && code == 250; i++) {
		struct ctx c;
		ctx_begin(&c, cfg);
		enum pl_err e = c.db ? recipient_address_route(&c, rcpts[i]) : PL_STORE;
		bool seen = false;
		for (int j = 0; !e && j < ndone; j++)
			seen |= done[j] == c.account_id;
		if (e == PL_NOT_FOUND || seen) {
			arena_free(c.a);
			continue;
		}
		struct mail_result res = { 0 };
		if (!e) {
			struct mail_delivery d = { .sender = sender, .recipient = rcpts[i],
				.raw = msg, .size = len, .msg = m };
			e = mail_inbound_deliver(&c, &d, &res);
		}
		if (e == PL_INVALID) {
			code = 554;
			snprintf(reply, SMTP_REPLY_MAX, "554 5.6.0 message refused: %s",
				c.err_desc ? c.err_desc : "unusable message");
		} else if (e) {
			code = 451;
			snprintf(reply, SMTP_REPLY_MAX, "451 4.3.0 the message could not be "
				"stored; try again later");
		} else {
			done[ndone++] = c.account_id;
			if (!first_ticket)
				first_ticket = res.ticket_id;
		}
		arena_free(c.a);
	}
	if (code == 250 && ndone == 0)
		return 550;
	if (code == 250) {
		if (first_ticket)
			snprintf(reply, SMTP_REPLY_MAX, "250 2.0.0 Ok: ticket #%lld",
				(long long)first_ticket);
		else
			snprintf(reply, SMTP_REPLY_MAX, "250 2.0.0 Ok: recorded");
	}
	return code;
}

static int on_data(void *arg, const char *sender, char *const *rcpts, int nrcpts,
	const char *msg, size_t len, char *reply)
{
	const struct config *cfg = arg;
	struct arena *a = arena_new();
	struct mail_msg m;
	int code;
	if (!mime_parse(a, msg, len, &m)) {
		code = 554;
		snprintf(reply, SMTP_REPLY_MAX, "554 5.6.0 message refused: it has no "
			"header section (RFC 5322)");
	} else {
		code = deliver(cfg, sender, rcpts, nrcpts, msg, len, &m, reply);
	}
	arena_free(a);
	return code;
}

void email_in_handler(const struct config *cfg, struct smtp_handler *h)
{
	h->rcpt = on_rcpt;
	h->data = on_data;
	h->arg = (void *)cfg;
}

/* The support addresses among the message's To and Cc, for mail-ingest
 * without explicit recipients; arena array. */
static int header_rcpts(const struct config *cfg, struct arena *a,
	const struct mail_msg *m, char ***out)
{
	int n = 0;
	char **r = arena_alloc(a, sizeof(*r) * SMTP_MAX_RCPTS);
	for (int k = 0; k < 2; k++) {
		const struct mail_addr *l = k ? m->cc : m->to;
		int nl = k ? m->ncc : m->nto;
		for (int i = 0; i < nl && n < SMTP_MAX_RCPTS; i++) {
			struct ctx c;
			ctx_begin(&c, cfg);
			if (c.db && recipient_address_route(&c, l[i].email) == PL_OK)
				r[n++] = arena_strdup(a, l[i].email);
			arena_free(c.a);
		}
	}
	*out = r;
	return n;
}

int email_in_ingest(const struct config *cfg, const char *sender,
	char *const *rcpts, int nrcpts, const char *msg, size_t len, char *reply)
{
	size_t max = cfg->mail && cfg->mail->max_size ? cfg->mail->max_size
		: MAIL_DEFAULT_MAX_SIZE;
	if (len > max) {
		snprintf(reply, SMTP_REPLY_MAX, "552 5.3.4 message size exceeds fixed "
			"maximum message size (%zu bytes)", max);
		return EMAIL_IN_DATAERR;
	}
	struct arena *a = arena_new();
	struct mail_msg m;
	int rc = EMAIL_IN_OK;
	if (!mime_parse(a, msg, len, &m)) {
		snprintf(reply, SMTP_REPLY_MAX, "554 5.6.0 message refused: it has no "
			"header section (RFC 5322)");
		rc = EMAIL_IN_DATAERR;
		goto out;
	}
	char **list = (char **)rcpts;
	if (nrcpts == 0)
		nrcpts = header_rcpts(cfg, a, &m, &list);
	int accepted = 0;
	char **ok = arena_alloc(a, sizeof(*ok) * (size_t)(nrcpts + 1));
	for (int i = 0; i < nrcpts; i++) {
		int code = on_rcpt((void *)cfg, sender, list[i], reply);
		if (code == 250)
			ok[accepted++] = list[i];
		else if (code / 100 == 4) {
			rc = EMAIL_IN_TEMPFAIL;
			goto out;
		}
	}
	if (accepted == 0) {
		snprintf(reply, SMTP_REPLY_MAX, "550 5.1.1 no recipient is a support "
			"address here");
		rc = EMAIL_IN_NOUSER;
		goto out;
	}
	int code = deliver(cfg, sender, ok, accepted, msg, len, &m, reply);
	rc = code == 250 ? EMAIL_IN_OK : code / 100 == 4 ? EMAIL_IN_TEMPFAIL
		: code == 550 ? EMAIL_IN_NOUSER : EMAIL_IN_DATAERR;
out:
	arena_free(a);
	return rc;
}
