/*
 * mail_inbound.c: inbound messages into tickets (mail_inbound.h).
 *
 * Invariants:
 *  1. One transaction per message and account writes the mail_inbound row
 *     and every ticket change it causes, so a message acknowledged with 250
 *     is on its ticket after any crash, and a failed one left nothing.
 *  2. A Message-ID is applied once per account: a second copy (an MTA
 *     retrying after a lost 250, the same mail to two of our addresses) is
 *     dropped as a duplicate without a row.
 *  3. Every Message-ID applied to a ticket is recorded in mail_message_ids,
 *     so replies to any message of the thread find the ticket.
 *  4. Mail from any of our own addresses, and bounces, never touch a
 *     ticket; machine-made mail changes tickets with the outbox held, so
 *     nothing is ever mailed in answer to it.
 */
#include "parley.h"
#include "core/mail_inbound.h"
#include "core/mail.h"
#include "core/mail_outbox.h"
#include "core/recipient_addresses.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

bool mail_inbound_sender_ok(struct ctx *c, const char *sender, int limit)
{
	if (limit <= 0)
		return true;
	int64_t n = db_i64(c->db, "SELECT count(*) FROM mail_inbound WHERE"
		" account_id = ? AND sender = ? AND received_at > ?", "isi",
		c->account_id, sender ? sender : "", c->now - 3600);
	return n >= 0 && n < limit;
}

/* The ticket an earlier message of the thread went to: the newest of the
 * message's references we know, else the subject's token; 0 when none. */
static int64_t thread_ticket(struct ctx *c, const struct mail_msg *m)
{
	for (int i = 0; i < m->nrefs; i++) {
		int64_t id = db_i64(c->db, "SELECT ticket_id FROM mail_message_ids"
			" WHERE account_id = ? AND message_id = ?", "is", c->account_id,
			m->refs[i]);
		if (id > 0)
			return id;
	}
	return mail_subject_ticket(c, m->subject);
}

static bool duplicate(struct ctx *c, const struct mail_msg *m)
{
	return m->message_id && db_i64(c->db, "SELECT count(*) FROM mail_inbound"
		" WHERE account_id = ? AND message_id = ?", "is", c->account_id,
		m->message_id) > 0;
}

static enum pl_err record(struct ctx *c, const struct mail_delivery *d,
	struct mail_result *out)
{
	const struct mail_msg *m = d->msg;
	if (out->ticket_id && m->message_id &&
	    !db_exec(c->db, "INSERT INTO mail_message_ids(account_id, message_id,"
		" ticket_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", "isi",
		c->account_id, m->message_id, out->ticket_id))
		return ctx_store_failed(c);
	out->inbound_id = db_i64(c->db, "INSERT INTO mail_inbound(account_id, brand_id,"
		" recipient, sender, from_address, message_id, subject, outcome, reason,"
		" ticket_id, size, received_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?) RETURNING id", "insssssssniiB", c->account_id, c->brand_id,
		d->recipient, d->sender ? d->sender : "", m->from.email, m->message_id,
		m->subject, out->outcome, out->reason, out->ticket_id, (int64_t)d->size,
		c->now, d->raw, d->size);
	return out->inbound_id > 0 ? PL_OK : ctx_store_failed(c);
}

enum pl_err mail_ticket_apply(struct ctx *c, const struct mail_delivery *d, int64_t t, struct mail_result *out);
static enum pl_err apply(struct ctx *c, const struct mail_delivery *d,
	struct mail_result *out)
{
	const struct mail_msg *m = d->msg;
	const char *why;
	if (m->from.email && recipient_address_is_ours(c, m->from.email)) {
		out->outcome = "ignored";
		out->reason = "from one of our own addresses";
		return record(c, d, out);
	}
	if (mail_is_bounce(m, d->sender)) {
		out->outcome = "ignored";
		out->reason = "bounce";
		return record(c, d, out);
	}
	bool automatic = mail_is_automatic(m, d->sender, &why);
	if (automatic)
		mail_outbox_hold(true);
	enum pl_err e = mail_ticket_apply(c, d, thread_ticket(c, m), out);
	if (automatic)
		mail_outbox_hold(false);
	return e ? e : record(c, d, out);
}

enum pl_err mail_inbound_deliver(struct ctx *c, const struct mail_delivery *d,
	struct mail_result *out)
{
	memset(out, 0, sizeof(*out));
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if (duplicate(c, d->msg)) {
		db_rollback(c->db);
		out->outcome = "ignored";
		out->reason = "duplicate";
		return PL_OK;
	}
	enum pl_err e = apply(c, d, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

#define COLS "id, brand_id, recipient, sender, from_address, message_id, subject," \
	" outcome, reason, ticket_id, size, received_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(id));
	json_object_set_new(r, "url", json_string(ctx_url(c, "channels/email/inbound/%lld",
		(long long)id)));
	json_object_set_new(r, "brand_id", jid(stmt_i64(st, 1)));
	json_object_set_new(r, "recipient", json_string(stmt_text(st, 2)));
	json_object_set_new(r, "sender", json_string(stmt_text(st, 3)));
	json_object_set_new(r, "from", jstr(stmt_text(st, 4)));
	json_object_set_new(r, "message_id", jstr(stmt_text(st, 5)));
	json_object_set_new(r, "subject", jstr(stmt_text(st, 6)));
	json_object_set_new(r, "outcome", json_string(stmt_text(st, 7)));
	json_object_set_new(r, "reason", jstr(stmt_text(st, 8)));
	json_object_set_new(r, "ticket_id", jid(stmt_i64(st, 9)));
	json_object_set_new(r, "size", json_integer(stmt_i64(st, 10)));
	json_object_set_new(r, "received_at", jtime(stmt_i64(st, 11)));
	return r;
}

enum pl_err mail_inbound_list(struct ctx *c, const struct page *p,
	struct list_result *out)
{
	return list_run(c, p, COLS, "FROM mail_inbound WHERE account_id = ?", row, out,
		"i", c->account_id);
}

enum pl_err mail_inbound_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM mail_inbound WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}
