/*
 * mail_outbox.c: queueing and bookkeeping of outbound mail
 * (mail_outbox.h).
 *
 * Invariants:
 *  1. A row is written only inside the caller's transaction, with the
 *     Message-ID it will carry recorded in mail_message_ids for its ticket,
 *     so a reply to it threads even if it is never delivered.
 *  2. status moves queued -> sent, or queued -> failed (attempts exhausted
 *     or refused for good); the API's retry moves failed -> queued.
 *  3. next_attempt_at of a queued row is when it is due:
 *     now + retry_base * 2^(attempts - 1) after a failure, capped at
 *     MAX_BACKOFF.
 *  4. Mail never goes to one of our own support addresses (a loop), and
 *     nothing is queued while the thread holds the outbox.
 *  5. A workspace mail_outbox row is copied at most once (unique
 *     source_outbox_id) and its sent_at is set when its copy is sent.
 */
#include "parley.h"
#include "core/mail_outbox.h"
#include "core/config.h"
#include "core/mail_templates.h"
#include "core/recipient_addresses.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/html.h"
#include "util/jsonx.h"

#include <sodium.h>
#include <string.h>

#define MAX_BACKOFF (6 * 3600)
#define MAX_REFS 10

static _Thread_local int held;

void mail_outbox_hold(bool on)
{
	held += on ? 1 : -1;
}

/* ---- queueing ---- */

struct people {
	struct mail_addr to[1];
	int nto;
	struct mail_addr *cc;
	int ncc;
	const char *locale;      /* of the To recipient */
};

/* Adds user id to To (the first one added) or Cc unless excluded: no
 * email, the author, one of our own addresses, already there. */
static enum pl_err add_user(struct ctx *c, int64_t id, int64_t author_id,
	struct people *pp)
{
	if (!id || id == author_id)
		return PL_OK;
	struct stmt *st = db_q(c->db, "SELECT email, name, locale FROM users"
		" WHERE account_id = ? AND id = ? AND active = 1", "ii", c->account_id, id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW || !stmt_text(st, 0)) {
		stmt_reset(st);
		return PL_OK;
	}
	struct mail_addr a = { .email = arena_strdup(c->a, stmt_text(st, 0)),
		.name = arena_strdup(c->a, stmt_text(st, 1)) };
	const char *locale = arena_strdup(c->a, stmt_text(st, 2));
	stmt_reset(st);
	if (recipient_address_is_ours(c, a.email))
		return PL_OK;
	for (int i = 0; i < pp->nto; i++)
		if (!strcmp(pp->to[i].email, a.email))
			return PL_OK;
	for (int i = 0; i < pp->ncc; i++)
		if (!strcmp(pp->cc[i].email, a.email))
			return PL_OK;
	if (pp->nto == 0) {
		pp->to[0] = a;
		pp->nto = 1;
		pp->locale = locale;
		return PL_OK;
	}
	pp->cc[pp->ncc++] = a;
	return PL_OK;
}

static json_t *addr_json(const struct mail_addr *l, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s}", "name", l[i].name,
			"email", l[i].email));
	return arr;
}

/* In-Reply-To (the newest Message-ID of the ticket) and References (up to
 * MAX_REFS, oldest first), arena strings or NULL. */
static enum pl_err threading(struct ctx *c, int64_t ticket_id,
	const char **in_reply_to, const char **refs)
{
	struct stmt *st = db_q(c->db, "SELECT message_id FROM (SELECT rowid, message_id"
		" FROM mail_message_ids WHERE account_id = ? AND ticket_id = ?"
		" ORDER BY rowid DESC LIMIT ?) ORDER BY rowid", "iii", c->account_id,
		ticket_id, (int64_t)MAX_REFS);
	if (!st)
		return ctx_store_failed(c);
	struct sbuf b;
	sbuf_init(&b, c->a);
	const char *last = NULL;
	enum step rc = STEP_DONE;
	while ((rc = stmt_step(st)) == STEP_ROW) {
		last = arena_strdup(c->a, stmt_text(st, 0));
		sbuf_printf(&b, "%s<%s>", b.len ? " " : "", last);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	*in_reply_to = last;
	*refs = b.len ? b.s : NULL;
	return PL_OK;
}

static char *new_message_id(struct ctx *c, int64_t ticket_id, const char *from)
{
	unsigned char raw[12];
	char hex[25];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	const char *at = strchr(from, '@');
	return arena_printf(c->a, "parley.%lld.%s@%s", (long long)ticket_id, hex,
		at ? at + 1 : mail_domain(c));
}

static enum pl_err queue(struct ctx *c, int64_t ticket_id, const char *kind,
	struct people *pp, const char *subject, const char *text, const char *html)
{
	struct stmt *st = db_q(c->db, "SELECT brand_id, subject FROM tickets"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, ticket_id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	int64_t brand_id = stmt_i64(st, 0);
	const char *tsubj = arena_strdup(c->a, stmt_text(st, 1));
	stmt_reset(st);
	if (!brand_id)
		brand_id = db_i64(c->db, "SELECT id FROM brands WHERE account_id = ?"
			" AND is_default = 1", "i", c->account_id);
	const char *from, *from_name, *in_reply_to = NULL, *refs = NULL, *t, *h;
	enum pl_err e;
	if ((e = recipient_address_of_brand(c, brand_id, &from, &from_name)) ||
	    (e = threading(c, ticket_id, &in_reply_to, &refs)) ||
	    (e = mail_template_render(c, brand_id, pp->locale, ticket_id, text, html,
		&t, &h)))
		return e;
	if (!subject)
		subject = arena_printf(c->a, "Re: %s", tsubj && *tsubj ? tsubj : "");
	if (!strstr(subject, "[#"))
		subject = arena_printf(c->a, "%s %s", subject, mail_ticket_token(c, ticket_id));
	char *mid = new_message_id(c, ticket_id, from);
	char *to = jdump(c->a, jown(c->a, addr_json(pp->to, pp->nto)));
	char *cc = jdump(c->a, jown(c->a, addr_json(pp->cc, pp->ncc)));
	if (!db_exec(c->db, "INSERT INTO mail_message_ids(account_id, message_id,"
		" ticket_id) VALUES (?, ?, ?)", "isi", c->account_id, mid, ticket_id) ||
	    !db_exec(c->db, "INSERT INTO mail_queue(account_id, brand_id, ticket_id,"
		" kind, from_address, from_name, to_addrs, cc_addrs, subject, body_text,"
		" body_html, message_id, in_reply_to, refs, next_attempt_at, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"iiisssssssssssiii", c->account_id, brand_id, ticket_id, kind, from,
		from_name, to, cc, subject, t, h, mid, in_reply_to, refs, c->now, c->now,
		c->now))
		return ctx_store_failed(c);
	return PL_OK;
}

enum pl_err mail_outbox_comment(struct ctx *c, int64_t ticket_id,
	int64_t author_id, const char *text, const char *html)
{
	if (held)
		return PL_OK;
	struct stmt *st = db_q(c->db, "SELECT requester_id, collaborator_ids FROM tickets"
		" WHERE account_id = ? AND id = ?", "ii", c->account_id, ticket_id);
	if (!st)
		return ctx_store_failed(c);
	if (stmt_step(st) != STEP_ROW) {
		stmt_reset(st);
		return ctx_not_found(c);
	}
	int64_t requester = stmt_i64(st, 0);
	json_t *collab = jown(c->a, jparse(stmt_text(st, 1), json_array()));
	stmt_reset(st);
	struct people pp = { .cc = arena_alloc(c->a, sizeof(struct mail_addr) *
		(json_array_size(collab) + 1)) };
	enum pl_err e = add_user(c, requester, author_id, &pp);
	size_t i;
	json_t *v;
	json_array_foreach(collab, i, v)
		if (!e && json_is_integer(v))
			e = add_user(c, json_integer_value(v), author_id, &pp);
	if (e || pp.nto == 0)
		return e;
	return queue(c, ticket_id, "comment", &pp, NULL, text, html);
}

enum pl_err mail_outbox_notify(struct ctx *c, int64_t ticket_id,
	int64_t user_id, const char *subject, const char *body)
{
	if (held)
		return PL_OK;
	struct people pp = { .cc = arena_alloc(c->a, sizeof(struct mail_addr)) };
	enum pl_err e = add_user(c, user_id, 0, &pp);
	if (e || pp.nto == 0)
		return e;
	return queue(c, ticket_id, "notification", &pp, subject && *subject ? subject
		: NULL, body ? body : "", NULL);
}

/* ---- the API ---- */

#define COLS "id, ticket_id, kind, status, from_address, from_name, to_addrs," \
	" cc_addrs, subject, message_id, attempts, next_attempt_at, last_error," \
	" created_at, updated_at, sent_at"

static json_t *row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	bool queued = !strcmp(stmt_text(st, 3), "queued");
	json_t *m = json_object();
	json_object_set_new(m, "id", json_integer(id));
	json_object_set_new(m, "url", json_string(ctx_url(c, "channels/email/outbox/%lld",
		(long long)id)));
	json_object_set_new(m, "ticket_id", jid(stmt_i64(st, 1)));
	json_object_set_new(m, "kind", json_string(stmt_text(st, 2)));
	json_object_set_new(m, "status", json_string(stmt_text(st, 3)));
	json_object_set_new(m, "from", json_pack("{s:s,s:s}", "name", stmt_text(st, 5),
		"email", stmt_text(st, 4)));
	json_object_set_new(m, "to", jparse(stmt_text(st, 6), json_array()));
	json_object_set_new(m, "cc", jparse(stmt_text(st, 7), json_array()));
	json_object_set_new(m, "subject", json_string(stmt_text(st, 8)));
	json_object_set_new(m, "message_id", json_string(stmt_text(st, 9)));
	json_object_set_new(m, "attempts", json_integer(stmt_i64(st, 10)));
	json_object_set_new(m, "next_attempt_at", queued ? jtime(stmt_i64(st, 11))
		: json_null());
	json_object_set_new(m, "last_error", jstr(stmt_text(st, 12)));
	json_object_set_new(m, "created_at", jtime(stmt_i64(st, 13)));
	json_object_set_new(m, "updated_at", jtime(stmt_i64(st, 14)));
	json_object_set_new(m, "sent_at", jtime(stmt_i64(st, 15)));
	return m;
}

enum pl_err mail_outbox_list(struct ctx *c, const struct page *p,
	const char *status, struct list_result *out)
{
	if (status && strcmp(status, "queued") && strcmp(status, "sent") &&
	    strcmp(status, "failed"))
		return ctx_fail(c, PL_BAD_REQUEST, "status must be queued, sent or failed");
	if (status)
		return list_run(c, p, COLS, "FROM mail_queue WHERE account_id = ?"
			" AND status = ?", row, out, "is", c->account_id, status);
	return list_run(c, p, COLS, "FROM mail_queue WHERE account_id = ?", row, out,
		"i", c->account_id);
}

enum pl_err mail_outbox_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " COLS " FROM mail_queue WHERE account_id = ?"
		" AND id = ?", row, out, "ii", c->account_id, id);
}

enum pl_err mail_outbox_retry(struct ctx *c, int64_t id, json_t **out)
{
	json_t *cur;
	enum pl_err e = mail_outbox_get(c, id, &cur);
	if (e)
		return e;
	if (!strcmp(json_string_value(json_object_get(cur, "status")), "sent"))
		return ctx_invalid(c, "status", "InvalidValue",
			"Status: the message was already sent");
	if (!db_exec(c->db, "UPDATE mail_queue SET status = 'queued',"
		" next_attempt_at = ?, updated_at = ? WHERE account_id = ? AND id = ?",
		"iiii", c->now, c->now, c->account_id, id))
		return ctx_store_failed(c);
	return mail_outbox_get(c, id, out);
}

/* ---- the delivery thread ---- */

static int parse_addrs(struct ctx *c, const char *s, struct mail_addr **out)
{
	json_t *arr = jown(c->a, jparse(s, json_array()));
	size_t n = json_array_size(arr);
	*out = arena_alloc(c->a, sizeof(**out) * (n + 1));
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(arr, i);
		const char *e = json_string_value(json_object_get(a, "email"));
		const char *nm = json_string_value(json_object_get(a, "name"));
		if (!e)
			continue;
		(*out)[k].email = arena_strdup(c->a, e);
		(*out)[k].name = arena_strdup(c->a, nm ? nm : "");
		k++;
	}
	return k;
}

struct imported {
	int64_t id, account_id, created_at;
	const char *purpose, *email, *name, *subject, *text;
};

int mail_outbox_import(struct ctx *c)
{
	enum { MAX = 100 };
	struct stmt *st = db_q(c->db, "SELECT o.id, o.account_id, o.purpose,"
		" o.to_email, o.to_name, o.subject, o.body_text, o.created_at"
		" FROM mail_outbox o WHERE o.sent_at IS NULL AND NOT EXISTS (SELECT 1"
		" FROM mail_queue q WHERE q.source_outbox_id = o.id) ORDER BY o.id LIMIT ?",
		"i", (int64_t)MAX);
	if (!st)
		return -1;
	struct imported *rows = arena_alloc(c->a, sizeof(*rows) * MAX);
	int n = 0;
	enum step rc = STEP_DONE;
	while (n < MAX && (rc = stmt_step(st)) == STEP_ROW) {
		struct imported *r = &rows[n++];
		r->id = stmt_i64(st, 0);
		r->account_id = stmt_i64(st, 1);
		r->purpose = arena_strdup(c->a, stmt_text(st, 2));
		r->email = arena_strdup(c->a, stmt_text(st, 3));
		r->name = arena_strdup(c->a, stmt_text(st, 4));
		r->subject = arena_strdup(c->a, stmt_text(st, 5));
		r->text = arena_strdup(c->a, stmt_text(st, 6));
		r->created_at = stmt_i64(st, 7);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return -1;
	for (int i = 0; i < n; i++) {
		struct imported *r = &rows[i];
		c->account_id = r->account_id;
		int64_t brand = db_i64(c->db, "SELECT id FROM brands WHERE account_id = ?"
			" AND is_default = 1", "i", c->account_id);
		const char *from, *from_name;
		if (brand <= 0 || recipient_address_of_brand(c, brand, &from, &from_name))
			return -1;
		struct mail_addr to = { .name = r->name, .email = r->email };
		if (!db_exec(c->db, "INSERT INTO mail_queue(account_id, brand_id, kind,"
			" from_address, from_name, to_addrs, subject, body_text, body_html,"
			" message_id, next_attempt_at, created_at, updated_at,"
			" source_outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
			"iisssssssiiii", c->account_id, brand, r->purpose, from, from_name,
			jdump(c->a, jown(c->a, addr_json(&to, 1))), r->subject, r->text,
			new_message_id(c, 0, from), c->now, r->created_at, c->now, r->id))
			return -1;
	}
	return n;
}

int mail_outbox_due(struct ctx *c, int max, struct mail_outgoing *out)
{
	struct stmt *st = db_q(c->db, "SELECT id, account_id, from_address, from_name,"
		" to_addrs, cc_addrs, subject, body_text, body_html, message_id,"
		" in_reply_to, refs, kind, attempts, source_outbox_id FROM mail_queue"
		" WHERE status = 'queued' AND next_attempt_at <= ?"
		" ORDER BY next_attempt_at, id LIMIT ?", "ii", c->now, (int64_t)max);
	if (!st)
		return -1;
	int n = 0;
	enum step rc = STEP_DONE;
	while (n < max && (rc = stmt_step(st)) == STEP_ROW) {
		struct mail_outgoing *m = &out[n++];
		m->id = stmt_i64(st, 0);
		m->account_id = stmt_i64(st, 1);
		m->from_address = arena_strdup(c->a, stmt_text(st, 2));
		m->from_name = arena_strdup(c->a, stmt_text(st, 3));
		const char *to = arena_strdup(c->a, stmt_text(st, 4));
		const char *cc = arena_strdup(c->a, stmt_text(st, 5));
		m->subject = arena_strdup(c->a, stmt_text(st, 6));
		m->text = arena_strdup(c->a, stmt_text(st, 7));
		m->html = arena_strdup(c->a, stmt_text(st, 8));
		m->message_id = arena_strdup(c->a, stmt_text(st, 9));
		m->in_reply_to = arena_strdup(c->a, stmt_text(st, 10));
		m->refs = arena_strdup(c->a, stmt_text(st, 11));
		m->automatic = strcmp(stmt_text(st, 12), "comment") != 0;
		m->attempts = (int)stmt_i64(st, 13);
		m->source_id = stmt_i64(st, 14);
		m->nto = parse_addrs(c, to, &m->to);
		m->ncc = parse_addrs(c, cc, &m->cc);
	}
	stmt_reset(st);
	return rc == STEP_ERR ? -1 : n;
}

enum pl_err mail_outbox_attempted(struct ctx *c, const struct mail_outgoing *m,
	bool sent, bool permanent, const char *error)
{
	const struct mail_config *mc = c->cfg->mail;
	int base = mc && mc->retry_base > 0 ? mc->retry_base : 60;
	int max = mc && mc->max_attempts > 0 ? mc->max_attempts : 8;
	int attempts = m->attempts + 1;
	int64_t delay = base;
	for (int i = 1; i < attempts && delay < MAX_BACKOFF; i++)
		delay *= 2;
	if (delay > MAX_BACKOFF)
		delay = MAX_BACKOFF;
	const char *status = sent ? "sent" : permanent || attempts >= max ? "failed"
		: "queued";
	if (!db_exec(c->db, "UPDATE mail_queue SET status = ?, attempts = ?,"
		" next_attempt_at = ?, last_error = ?, updated_at = ?,"
		" sent_at = CASE WHEN ? THEN ? ELSE sent_at END"
		" WHERE account_id = ? AND id = ?", "siisibiii", status, (int64_t)attempts,
		c->now + delay, sent ? NULL : error, c->now, sent, c->now, m->account_id,
		m->id))
		return ctx_store_failed(c);
	if (sent && m->source_id && !db_exec(c->db, "UPDATE mail_outbox SET sent_at = ?"
		" WHERE account_id = ? AND id = ?", "iii", c->now, m->account_id,
		m->source_id))
		return ctx_store_failed(c);
	return PL_OK;
}
