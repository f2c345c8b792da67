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
#include "core/attachments.h"
#include "core/mail.h"
#include "core/mail_outbox.h"
#include "core/recipient_addresses.h"
#include "core/tickets.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define MAX_COLLABORATORS 48   /* Zendesk's limit of CCs on a ticket */
#define MAX_SUBJECT 1000       /* bytes kept of a subject (tickets: 1024) */

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

/* The sender as a user of the account (found or created from From, else
 * the envelope sender), and c->me acting for it.  The channel acts with an
 * agent's rights on the sender's behalf (it may name requester,
 * collaborators and brand); what the sender writes stays theirs. */
static enum pl_err act_for_sender(struct ctx *c, const struct mail_delivery *d,
	int64_t *uid)
{
	const struct mail_msg *m = d->msg;
	const char *email = m->from.email ? m->from.email : d->sender;
	if (!email || !*email)
		return ctx_fail(c, PL_INVALID, "the message has no sender address");
	char *e = mail_addr_lower(arena_strdup(c->a, email));
	enum pl_err err = user_find_or_create(c, m->from.email ? m->from.name : NULL, e,
		uid);
	if (err == PL_INVALID)
		return ctx_fail(c, PL_INVALID, "the sender address %s is not valid", e);
	if (err)
		return err;
	c->me = (struct principal){ .id = *uid, .role = ROLE_AGENT, .email = e };
	return PL_OK;
}

/* The people of To and Cc other than the sender and our own addresses, as
 * user ids (created as needed), at most MAX_COLLABORATORS. */
static enum pl_err participants(struct ctx *c, const struct mail_msg *m,
	int64_t sender, json_t *out)
{
	for (int k = 0; k < 2; k++) {
		const struct mail_addr *l = k ? m->cc : m->to;
		int n = k ? m->ncc : m->nto;
		for (int i = 0; i < n && json_array_size(out) < MAX_COLLABORATORS; i++) {
			if (recipient_address_is_ours(c, l[i].email))
				continue;
			int64_t id;
			enum pl_err e = user_find_or_create(c, l[i].name, l[i].email, &id);
			if (e == PL_INVALID) {
				c->err_details = NULL;
				c->err_title = c->err_desc = NULL;
				continue; /* an unusable address is no reason to refuse */
			}
			if (e)
				return e;
			if (id == sender)
				continue;
			bool seen = false;
			size_t j;
			json_t *v;
			json_array_foreach(out, j, v)
				seen |= json_integer_value(v) == id;
			if (!seen)
				json_array_append_new(out, json_integer(id));
		}
	}
	return PL_OK;
}

/* The message's files as one upload of the sender; *tokens is a JSON array
 * with its token, or NULL without files. */
static enum pl_err upload_files(struct ctx *c, const struct mail_msg *m,
	json_t **tokens)
{
	*tokens = NULL;
	const char *token = NULL;
	for (int i = 0; i < m->nfiles; i++) {
		const struct mail_file *f = &m->files[i];
		struct attachment_file af = { .name = f->name,
			.content_type = f->content_type, .data = f->data, .size = f->size };
		json_t *up;
		enum pl_err e = attachment_upload(c, token, &af, &up);
		if (e)
			return e;
		token = json_string_value(json_object_get(up, "token"));
	}
	if (token)
		*tokens = jown(c->a, json_pack("[s]", token));
	return PL_OK;
}

/* The comment object: the text (the reply part only for a reply), or the
 * cleaned HTML of a new message that has one; never blank. */
static json_t *comment_of(struct ctx *c, const struct mail_msg *m, bool reply,
	json_t *uploads)
{
	const char *text = reply ? mail_trim_reply(c->a, m->text) : m->text;
	json_t *o = json_pack("{s:b}", "public", 1);
	if (!reply && m->html && *m->html)
		json_object_set_new(o, "html_body", json_string(m->html));
	else
		json_object_set_new(o, "body", json_string(*text ? text
			: *m->subject ? m->subject : "(no text)"));
	if (uploads)
		json_object_set(o, "uploads", uploads);
	return jown(c->a, o);
}

/* via.source of the change: from the sender to the support address;
 * rel "follow_up" and from.ticket_id for a follow-up of closed_id. */
static json_t *via_source(struct ctx *c, const struct mail_delivery *d,
	const char *sender, int64_t closed_id)
{
	const struct mail_msg *m = d->msg;
	json_t *from = json_pack("{s:s,s:s}", "address", sender, "name",
		m->from.name ? m->from.name : "");
	if (closed_id)
		json_object_set_new(from, "ticket_id", json_integer(closed_id));
	json_t *s = json_pack("{s:o,s:{s:s,s:s},s:o}", "from", from, "to",
		"address", d->recipient, "name", "", "rel",
		closed_id ? json_string("follow_up") : json_null());
	return jown(c->a, s);
}

/* The ticket's status, requester and collaborators; PL_NOT_FOUND when it
 * is gone (deleted). */
static enum pl_err ticket_state(struct ctx *c, int64_t id, const char **status,
	int64_t *requester, json_t **collaborators)
{
	const char *text;
	enum pl_err e = ticket_get(c, id, &text, NULL);
	if (e)
		return e;
	json_t *t = jown(c->a, jparse(text, json_object()));
	*status = json_string_value(json_object_get(t, "status"));
	*requester = json_integer_value(json_object_get(t, "requester_id"));
	*collaborators = json_object_get(t, "collaborator_ids");
	return *status ? PL_OK : ctx_not_found(c);
}

/* A reply from sender onto open ticket id: the comment, new participants
 * as collaborators, and the status an end user's reply gives (Zendesk's:
 * pending or solved become open). */
static enum pl_err reply(struct ctx *c, const struct mail_delivery *d,
	int64_t id, int64_t sender, const char *status, int64_t requester,
	json_t *collab, json_t *people, json_t *uploads, struct ticket_written *w)
{
	json_t *in = jown(c->a, json_object());
	json_object_set(in, "comment", comment_of(c, d->msg, true, uploads));
	json_t *add = jown(c->a, json_array());
	bool end_user = user_role(c, sender) < ROLE_AGENT;
	if (end_user && sender != requester)
		json_array_append_new(add, json_integer(sender));
	size_t i;
	json_t *v;
	json_array_foreach(people, i, v)
		if (json_integer_value(v) != requester)
			json_array_append(add, v);
	size_t have = json_array_size(collab);
	json_array_foreach(add, i, v) {
		bool seen = false;
		size_t j;
		json_t *x;
		json_array_foreach(collab, j, x)
			seen |= json_integer_value(x) == json_integer_value(v);
		if (!seen && json_array_size(collab) < MAX_COLLABORATORS)
			json_array_append(collab, v);
	}
	if (json_array_size(collab) != have)
		json_object_set(in, "collaborator_ids", collab);
	if (end_user && (!strcmp(status, "pending") || !strcmp(status, "solved")))
		json_object_set_new(in, "status", json_string("open"));
	return ticket_update(c, id, in, w);
}

/* s cut to at most max bytes, on a UTF-8 character boundary. */
static const char *clip(struct ctx *c, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return arena_strndup(c->a, s, n);
}

static enum pl_err new_ticket(struct ctx *c, const struct mail_delivery *d,
	int64_t sender, json_t *people, json_t *uploads, struct ticket_written *w)
{
	const struct mail_msg *m = d->msg;
	json_t *in = jown(c->a, json_pack("{s:I,s:I,s:O}", "requester_id",
		(json_int_t)sender, "brand_id", (json_int_t)c->brand_id,
		"collaborator_ids", people));
	if (*m->subject)
		json_object_set_new(in, "subject", json_string(clip(c, m->subject,
			MAX_SUBJECT)));
	json_object_set(in, "comment", comment_of(c, m, false, uploads));
	return ticket_create(c, in, w);
}

/* metadata.system of the message's audit and comment: "message_id" as
 * Zendesk writes it (in angle brackets) and "email_headers", the headers
 * agents can open on the comment (docs/email.md). */
static json_t *system_of(struct ctx *c, const struct mail_msg *m)
{
	json_t *s = jown(c->a, json_object());
	if (m->message_id)
		json_object_set_new(s, "message_id", json_string(arena_printf(c->a, "<%s>",
			m->message_id)));
	if (m->headers)
		json_object_set_new(s, "email_headers", json_string(m->headers));
	return s;
}

/* Applies the message to ticket thread_id (0: none known): a comment, a
 * reopening, a follow-up or a new ticket, with via email. */
static enum pl_err mail_ticket_apply(struct ctx *c, const struct mail_delivery *d,
	int64_t thread_id, struct mail_result *out)
{
	int64_t sender;
	json_t *people = jown(c->a, json_array()), *uploads;
	enum pl_err e;
	if ((e = act_for_sender(c, d, &sender)) ||
	    (e = participants(c, d->msg, sender, people)) ||
	    (e = upload_files(c, d->msg, &uploads)))
		return e;
	const char *status = NULL;
	int64_t requester = 0, closed_id = 0;
	json_t *collab = NULL;
	if (thread_id && ticket_state(c, thread_id, &status, &requester, &collab))
		thread_id = 0; /* gone: a new ticket */
	if (thread_id && !strcmp(status, "closed")) {
		closed_id = thread_id;
		thread_id = 0;
	}
	struct ticket_written w;
	c->via = "email";
	c->via_source = via_source(c, d, c->me.email, closed_id);
	c->audit_system = system_of(c, d->msg);
	if (thread_id) {
		e = reply(c, d, thread_id, sender, status, requester,
			jown(c->a, json_deep_copy(collab)), people, uploads, &w);
		out->outcome = "comment";
	} else {
		e = new_ticket(c, d, sender, people, uploads, &w);
		out->outcome = closed_id ? "followup" : "ticket";
	}
	c->via = NULL;
	c->via_source = NULL;
	c->audit_system = NULL;
	if (!e)
		out->ticket_id = w.id;
	return e;
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
	return ctx_end(c, e);
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
