/*
 * requests.c: requests over tickets (requests.h): their shape, lists,
 * creation with the contact form's rules, replies, and the limit on
 * anonymous requests.
 *
 * A request write is a ticket write: this file checks what the requester
 * may set, builds a "ticket" object from those members only, and runs
 * ticket_create/ticket_update acting for the requester with an agent's
 * rights (as the email channel does for a sender), because the tickets
 * module refuses end users everything but a comment.  What the requester
 * writes stays theirs: the ticket, its audit and comment are authored by
 * the requester, and comments are public.
 *
 * Invariants:
 *  1. The only members that reach the tickets module are subject, comment
 *     (public; body, html_body, uploads), ticket_form_id, custom_fields
 *     (filtered by the form and its conditions), requester_id,
 *     submitter_id and brand_id (the request's own) and status (solved by
 *     can_be_solved_by_me, or open on a requester's reply).
 *  2. A request is created in one transaction with its anonymous
 *     requester: a failure leaves neither a user nor a ticket.
 *  3. The principal is restored on every path: the elevated rights never
 *     outlive the ticket write.
 *  4. Anonymous creation is counted per account and client address in a
 *     fixed hourly window held in memory (a restart forgets it).
 */
#include "parley.h"
#include "core/accounts.h"
#include "core/comments.h"
#include "core/config.h"
#include "core/input.h"
#include "core/request_forms.h"
#include "core/requests.h"
#include "core/ticket_fields.h"
#include "core/tickets.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_MAX 255           /* bytes */
#define BODY_MAX (64 * 1024)      /* bytes of a comment */
#define NAME_MAX_LEN 255          /* bytes of an anonymous requester's name */
#define ANON_SLOTS 4096
#define ANON_WINDOW 3600          /* seconds */

static const char *const statuses[] = { "new", "open", "pending", "hold",
	"solved", "closed", NULL };

/* Ticket members a request does not show. */
static const char *const internal[] = { "external_id", "raw_subject",
	"submitter_id", "follower_ids", "forum_topic_id", "problem_id",
	"has_incidents", "tags", "satisfaction_rating", "sharing_agreement_ids",
	"followup_ids", "allow_channelback", "allow_attachments",
	"from_messaging_channel", NULL };

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static bool is_done(const char *status)
{
	return !strcmp(status, "solved") || !strcmp(status, "closed");
}

/* ---- shape ---- */

static bool listed(json_t *ids, int64_t id)
{
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x)
		if (json_integer_value(x) == id)
			return true;
	return false;
}

static bool solvable_by_me(struct ctx *c, json_t *t)
{
	return c->me.id && num(t, "requester_id") == c->me.id &&
		num(t, "assignee_id") && strcmp(str(t, "type"), "problem") &&
		!is_done(str(t, "status"));
}

/* Turns ticket t (a parsed ticket, changed in place) into a request;
 * portal: the custom field ids requests show. */
static void shape(struct ctx *c, json_t *t, json_t *portal)
{
	for (const char *const *k = internal; *k; k++)
		json_object_del(t, *k);
	json_object_set_new(t, "url", json_string(ctx_url(c, "requests/%lld",
		(long long)num(t, "id"))));
	json_t *cf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(t, "custom_fields"), i, x)
		if (listed(portal, num(x, "id")))
			json_array_append(cf, x);
	json_object_set(t, "custom_fields", cf);
	json_object_set_new(t, "fields", cf);
	json_object_set_new(t, "can_be_solved_by_me", json_boolean(solvable_by_me(c, t)));
	json_object_set_new(t, "solved", json_boolean(is_done(str(t, "status"))));
	json_object_set_new(t, "recipient", json_null());
	json_object_set_new(t, "followup_source_id", json_null());
}

/* The request rendered from ticket text (one ticket or an array). */
static enum pl_err from_text(struct ctx *c, const char *text, json_t **out)
{
	json_t *portal;
	enum pl_err e = request_portal_field_ids(c, &portal);
	if (e)
		return e;
	json_t *v = jown(c->a, jparse(text, json_null()));
	if (json_is_object(v))
		shape(c, v, portal);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		shape(c, x, portal);
	*out = v;
	return PL_OK;
}

enum pl_err request_get(struct ctx *c, int64_t id, json_t **out)
{
	const char *text;
	enum pl_err e = ticket_get(c, id, &text, NULL);
	return e ? e : from_text(c, text, out);
}

/* ---- lists ---- */

/* ",a,b," from a comma list of status names; PL_BAD_REQUEST otherwise. */
static enum pl_err status_set(struct ctx *c, const char *list, const char **out)
{
	*out = NULL;
	if (!list)
		return PL_OK;
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_adds(&b, ",");
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		bool known = false;
		for (const char *const *s = statuses; *s; s++)
			known |= strlen(*s) == n && !strncmp(*s, p, n);
		if (!known && n)
			return ctx_fail(c, PL_BAD_REQUEST, "status must be a comma list of "
				"new, open, pending, hold, solved, closed");
		if (n) {
			sbuf_add(&b, p, n);
			sbuf_adds(&b, ",");
		}
		p += n + (p[n] == ',');
	}
	*out = b.s;
	return PL_OK;
}

enum pl_err request_list(struct ctx *c, const struct page *p,
	const struct request_filter *f, struct list_result *out)
{
	static const enum ticket_scope scopes[] = {
		[REQUESTS_MINE] = TICKETS_REQUESTED,
		[REQUESTS_CCD] = TICKETS_CCD,
		[REQUESTS_USER] = TICKETS_REQUESTED,
		[REQUESTS_ORGANIZATION] = TICKETS_ORGANIZATION,
		[REQUESTS_SEARCH] = TICKETS_INVOLVED,
	};
	bool own = f->scope == REQUESTS_MINE || f->scope == REQUESTS_CCD ||
		f->scope == REQUESTS_SEARCH;
	struct ticket_filter tf = { .scope = scopes[f->scope],
		.id = own ? c->me.id : f->id };
	enum pl_err e;
	if ((e = status_set(c, f->statuses, &tf.statuses)))
		return e;
	if (f->query)
		tf.text = list_like(c->a, f->query, false);
	if ((e = ticket_list(c, p, &tf, out, NULL)))
		return e;
	return from_text(c, out->text, &out->items);
}

enum pl_err request_comments(struct ctx *c, int64_t id, const struct page *p,
	struct list_result *out)
{
	return comment_list_public(c, id, p, out);
}

enum pl_err request_comment_get(struct ctx *c, int64_t id, int64_t cid,
	json_t **out)
{
	return comment_get_public(c, id, cid, out);
}

/* ---- the anonymous limit (invariant 4) ---- */

struct anon_slot {
	unsigned char key[16];
	int64_t window;
	int count;
};

static struct anon_slot anon[ANON_SLOTS];
static pthread_mutex_t anon_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of (account, client), reset when it held another key or an
 * older window.  Call with anon_lock held. */
static struct anon_slot *anon_slot(struct ctx *c, const char *client)
{
	unsigned char key[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, c->cfg->token_key, 32, sizeof(key));
	crypto_generichash_update(&st, (const unsigned char *)&c->account_id,
		sizeof(c->account_id));
	crypto_generichash_update(&st, (const unsigned char *)client, strlen(client));
	crypto_generichash_final(&st, key, sizeof(key));
	uint64_t h;
	memcpy(&h, key, sizeof(h));
	struct anon_slot *s = &anon[h % ANON_SLOTS];
	int64_t window = c->now / ANON_WINDOW;
	if (memcmp(s->key, key, sizeof(key)) || s->window != window) {
		memcpy(s->key, key, sizeof(key));
		s->window = window;
		s->count = 0;
	}
	return s;
}

/* Whether one more anonymous request from client fits this hour; when
 * count, it is counted. */
static bool anon_fits(struct ctx *c, const char *client, bool count)
{
	int limit = c->cfg->anonymous_requests;
	if (limit <= 0)
		return true;
	pthread_mutex_lock(&anon_lock);
	struct anon_slot *s = anon_slot(c, client ? client : "");
	bool ok = s->count < limit;
	if (ok && count)
		s->count++;
	pthread_mutex_unlock(&anon_lock);
	return ok;
}

/* ---- reading what a request asks ---- */

/* A comment as a request gives it ({body | html_body, uploads} or a
 * string), as the public comment of a ticket write; NULL when absent.
 * blank: whether it has no text. */
static json_t *comment_in(struct ctx *c, json_t *in, bool *bad, bool *blank)
{
	json_t *v = json_object_get(in, "comment");
	*bad = false;
	*blank = true;
	if (!v || json_is_null(v))
		return NULL;
	json_t *body = json_is_string(v) ? v : json_object_get(v, "body");
	json_t *html = json_is_object(v) ? json_object_get(v, "html_body") : NULL;
	json_t *up = json_is_object(v) ? json_object_get(v, "uploads") : NULL;
	json_t *text = html ? html : body;
	if ((!json_is_string(v) && !json_is_object(v)) || (text && !json_is_string(text)) ||
	    (up && !json_is_array(up) && !json_is_null(up))) {
		*bad = true;
		ctx_invalid(c, "comment", "InvalidValue", "Comment: must be an object "
			"with a body (text), html_body or uploads (tokens)");
		return NULL;
	}
	const char *s = json_string_value(text);
	*blank = input_is_blank(s);
	if (s && strlen(s) > BODY_MAX) {
		*bad = true;
		ctx_invalid(c, "comment", "TooLong", "Comment: is too long (maximum is "
			"%d characters)", BODY_MAX);
		return NULL;
	}
	json_t *out = jown(c->a, json_pack("{s:b}", "public", 1));
	if (text)
		json_object_set(out, html ? "html_body" : "body", text);
	if (json_array_size(up))
		json_object_set(out, "uploads", up);
	return out;
}

/* The anonymous requester {name, email} of in into *name and *email;
 * false (details added) when missing or malformed. */
static bool requester_in(struct ctx *c, json_t *in, const char **name,
	const char **email)
{
	json_t *r = json_object_get(in, "requester");
	*name = NULL;
	*email = NULL;
	if (!json_is_object(r)) {
		ctx_invalid(c, "requester", "BlankValue", "Requester: an anonymous "
			"request needs a requester with a name and an email");
		return false;
	}
	json_t *n = json_object_get(r, "name"), *m = json_object_get(r, "email");
	bool ok = true;
	if (n && !json_is_null(n) && (!json_is_string(n) ||
	    json_string_length(n) > NAME_MAX_LEN || strpbrk(json_string_value(n), "<>\r\n"))) {
		ok = false;
		ctx_invalid(c, "requester", "InvalidValue", "Requester: the name must be "
			"at most %d characters, without < > or line breaks", NAME_MAX_LEN);
	}
	if (!json_is_string(m) || input_is_blank(json_string_value(m))) {
		ok = false;
		ctx_invalid(c, "requester", "BlankValue", "Requester: email cannot be blank");
	} else if (!user_email_valid(json_string_value(m))) {
		ok = false;
		ctx_invalid(c, "requester", "InvalidValue", "Requester: %s is not a valid "
			"email address", json_string_value(m));
	}
	if (ok) {
		*name = json_is_string(n) && !input_is_blank(json_string_value(n))
			? json_string_value(n) : NULL;
		*email = json_string_value(m);
	}
	return ok;
}

/* The field id of a custom_fields entry (an integer or a numeric string);
 * 0 when it has none. */
static int64_t entry_id(json_t *entry)
{
	json_t *v = json_object_get(entry, "id");
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return 0;
	return strtoll(s, NULL, 10);
}

static int field_index(const struct request_form *f, int64_t id)
{
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].id == id)
			return i;
	return -1;
}

/*
 * The custom_fields of in checked against form f: each entry must be a
 * field of the form; values are checked by the tickets module one by one
 * (so one bad value does not hide the others); then hidden fields are
 * dropped and shown required ones must have a value.  *out: the entries
 * to store.  false when any check failed (details added).
 */
static bool fields_in(struct ctx *c, json_t *in, const struct request_form *f,
	json_t **out)
{
	json_t *list = json_object_get(in, "custom_fields");
	if (!list)
		list = json_object_get(in, "fields");
	*out = jown(c->a, json_array());
	if (list && !json_is_array(list) && !json_is_null(list)) {
		ctx_invalid(c, "custom_fields", "InvalidValue",
			"Custom fields: must be a list of {\"id\", \"value\"} objects");
		return false;
	}
	bool ok = true;
	json_t *values = jown(c->a, json_object());
	json_t *tags = jown(c->a, json_array());
	json_t *given = jown(c->a, json_object());
	size_t i;
	json_t *entry;
	json_array_foreach(list, i, entry) {
		int64_t id = entry_id(entry);
		if (field_index(f, id) < 0) {
			ok = false;
			ctx_invalid(c, "custom_fields", "InvalidValue", "Custom fields: %s is "
				"not a field of this form", id ? arena_printf(c->a, "%lld",
				(long long)id) : "an entry without an id");
			continue;
		}
		json_t *one = jown(c->a, json_pack("[{s:I,s:O}]", "id", (json_int_t)id,
			"value", json_object_get(entry, "value") ? json_object_get(entry,
			"value") : json_null()));
		enum pl_err e = ticket_fields_apply(c, one, values, tags);
		if (e == PL_STORE)
			return false;
		ok &= e == PL_OK;
		json_object_set(given, arena_printf(c->a, "%lld", (long long)id),
			json_array_get(one, 0));
	}
	for (int k = 0; k < f->nfields; k++) {
		const struct request_field *rf = &f->fields[k];
		char *key = arena_printf(c->a, "%lld", (long long)rf->id);
		bool required;
		if (!request_field_shown(f, k, values, &required))
			continue; /* a hidden field's value is dropped */
		if (required && !request_value_present(json_object_get(values, key))) {
			ok = false;
			ctx_invalid(c, "custom_fields", "BlankValue", "%s: cannot be blank",
				rf->title);
		}
		json_t *g = json_object_get(given, key);
		if (g)
			json_array_append(*out, g);
	}
	return ok;
}

/* The ticket_form_id of in (0 when absent); false when malformed. */
static bool form_id_in(struct ctx *c, json_t *in, int64_t *id)
{
	json_t *v = json_object_get(in, "ticket_form_id");
	*id = 0;
	if (!v || json_is_null(v))
		return true;
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*id = json_integer_value(v);
		return true;
	}
	ctx_invalid(c, "ticket_form_id", "InvalidValue",
		"Ticket form: must be a ticket form id");
	return false;
}

/* The subject of in; false (details added) when blank or too long. */
static bool subject_in(struct ctx *c, json_t *in, const char **out)
{
	json_t *v = json_object_get(in, "subject");
	*out = json_string_value(v);
	if (v && !json_is_string(v) && !json_is_null(v)) {
		ctx_invalid(c, "subject", "InvalidValue", "Subject: must be text");
		return false;
	}
	if (input_is_blank(*out)) {
		ctx_invalid(c, "subject", "BlankValue", "Subject: cannot be blank");
		return false;
	}
	if (strlen(*out) > SUBJECT_MAX) {
		ctx_invalid(c, "subject", "TooLong", "Subject: is too long (maximum is "
			"%d characters)", SUBJECT_MAX);
		return false;
	}
	return true;
}

/* ---- writes ---- */

/*
 * Checks in and builds the "ticket" object of a new request into *ticket;
 * *name and *email: the anonymous requester.  Every failed check adds its
 * detail before PL_INVALID is returned.
 */
static enum pl_err build_ticket(struct ctx *c, json_t *in, json_t **ticket,
	const char **name, const char **email)
{
	bool ok = true, bad, blank;
	const char *subject;
	int64_t form_id;
	struct request_form f;
	json_t *fields = NULL;
	*name = *email = NULL;
	if (!c->me.id)
		ok &= requester_in(c, in, name, email);
	else if (json_object_get(in, "requester")) {
		ctx_invalid(c, "requester", "InvalidValue", "Requester: only "
			"anonymous requests name their requester");
		ok = false;
	}
	ok &= subject_in(c, in, &subject);
	json_t *comment = comment_in(c, in, &bad, &blank);
	if (!bad && blank)
		ctx_invalid(c, "description", "BlankValue", "Description: cannot be blank");
	ok &= !bad && !blank;
	if (form_id_in(c, in, &form_id)) {
		enum pl_err e = request_form_load(c, c->brand_id, form_id, &f);
		if (e && e != PL_INVALID)
			return e;
		ok &= e == PL_OK && fields_in(c, in, &f, &fields);
	} else {
		ok = false;
	}
	if (!ok)
		return PL_INVALID;
	*ticket = jown(c->a, json_pack("{s:s,s:O,s:O}", "subject", subject,
		"comment", comment, "custom_fields", fields));
	if (f.id)
		json_object_set_new(*ticket, "ticket_form_id", json_integer(f.id));
	if (c->brand_id)
		json_object_set_new(*ticket, "brand_id", json_integer(c->brand_id));
	return PL_OK;
}

/* ticket_create for the requester c->me (invariant 3) through channel via. */
static enum pl_err create_as(struct ctx *c, json_t *ticket, const char *via,
	int64_t *id)
{
	json_object_set_new(ticket, "requester_id", json_integer(c->me.id));
	json_object_set_new(ticket, "submitter_id", json_integer(c->me.id));
	struct principal me = c->me;
	c->me.role = ROLE_AGENT;
	c->via = via;
	struct ticket_written w;
	enum pl_err e = ticket_create(c, ticket, &w);
	c->me = me;
	c->via = NULL;
	if (!e)
		*id = w.id;
	return e;
}

/* The anonymous requester as the principal (an end user, found or created
 * by email), inside the caller's transaction. */
static enum pl_err act_as_requester(struct ctx *c, const char *name,
	const char *email)
{
	int64_t uid, org = 0;
	enum pl_err e = user_find_or_create(c, name, email, &uid);
	if (e)
		return e;
	user_role_org(c, uid, &org);
	c->me = (struct principal){ .id = uid, .role = ROLE_END_USER,
		.email = email, .organization_id = org };
	return PL_OK;
}

enum pl_err request_create(struct ctx *c, json_t *in, const struct request_origin *o,
	json_t **out, int *retry_after)
{
	bool anonymous = !c->me.id;
	if (anonymous && !account_anonymous_requests(c))
		return ctx_fail(c, PL_UNAUTHORIZED, "Sign in to submit a request");
	if (anonymous && !anon_fits(c, o->client, false)) {
		*retry_after = (int)(ANON_WINDOW - c->now % ANON_WINDOW);
		return ctx_fail(c, PL_RATE_LIMITED, "Too many requests from this address; "
			"try again later");
	}
	json_t *ticket;
	const char *name, *email;
	enum pl_err e = build_ticket(c, in, &ticket, &name, &email);
	if (e)
		return e;
	struct principal me = c->me;
	int64_t id = 0;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((anonymous && (e = act_as_requester(c, name, email))) ||
	    (e = create_as(c, ticket, o->via, &id))) {
		db_rollback(c->db);
		c->me = me;
		return e;
	}
	if (!db_commit(c->db)) {
		c->me = me;
		return ctx_store_failed(c);
	}
	if (anonymous)
		anon_fits(c, o->client, true);
	e = request_get(c, id, out);
	c->me = me;
	return e;
}

/* The "ticket" object of an update of request t (parsed) from in. */
static enum pl_err build_update(struct ctx *c, json_t *t, json_t *in,
	json_t **ticket)
{
	bool bad, blank;
	json_t *comment = comment_in(c, in, &bad, &blank);
	json_t *solved = json_object_get(in, "solved");
	bool solve = json_is_true(solved) || (json_is_string(solved) &&
		!strcmp(json_string_value(solved), "true"));
	if (solved && !json_is_boolean(solved) && !json_is_null(solved) &&
	    !(json_is_string(solved) && (!strcmp(json_string_value(solved), "true") ||
	    !strcmp(json_string_value(solved), "false"))))
		return ctx_invalid(c, "solved", "InvalidValue", "Solved: must be true or false");
	if (bad)
		return PL_INVALID;
	if (solve && !solvable_by_me(c, t))
		return ctx_invalid(c, "solved", "InvalidValue", "Solved: this request can "
			"be marked solved only by its requester, once an agent is assigned");
	*ticket = jown(c->a, json_object());
	if (comment && !blank)
		json_object_set(*ticket, "comment", comment);
	const char *status = str(t, "status");
	if (solve)
		json_object_set_new(*ticket, "status", json_string("solved"));
	else if (comment && !blank && num(t, "requester_id") == c->me.id &&
		 (!strcmp(status, "pending") || !strcmp(status, "solved")))
		json_object_set_new(*ticket, "status", json_string("open"));
	return PL_OK;
}

/* ticket_update acting for the requester (invariant 3) through channel via. */
static enum pl_err update_as(struct ctx *c, int64_t id, json_t *ticket,
	const char *via)
{
	struct principal me = c->me;
	if (json_object_get(ticket, "status"))
		c->me.role = ROLE_AGENT;
	c->via = via;
	struct ticket_written w;
	enum pl_err e = ticket_update(c, id, ticket, &w);
	c->me = me;
	c->via = NULL;
	return e;
}

enum pl_err request_update(struct ctx *c, int64_t id, json_t *in,
	const struct request_origin *o, json_t **out)
{
	json_t *t, *ticket = NULL;
	enum pl_err e;
	if ((e = request_get(c, id, &t)) || (e = build_update(c, t, in, &ticket)))
		return e;
	if (json_object_size(ticket) == 0) {
		*out = t;
		return PL_OK;
	}
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	if ((e = update_as(c, id, ticket, o->via))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	return request_get(c, id, out);
}
