/*
 * tickets.c: a ticket's lifecycle, the validation of what a request asks,
 * and every write to tickets (create, update, delete, tags).
 *
 * Status lifecycle (Zendesk's):
 *
 *        create (open at once when created with an assignee)
 *          |
 *          v
 *         new -----------------------------+
 *          |                               |
 *          v                               v
 *   +-> open <--> pending <--> hold ----> solved ----> closed (final)
 *   |                                      |
 *   +------------- reopen -----------------+
 *
 *   open, pending and hold move freely among themselves, each may be
 *   solved, and a reopened ticket may take any of the three.  solved needs
 *   an assignee (the solving agent when none) and the custom fields
 *   required to solve.
 *
 * Invariants:
 *  1. A ticket never returns to new once it left it, and a new ticket has
 *     no assignee: assigning one opens it.
 *  2. A solved or closed ticket has an assignee.
 *  3. closed is reached only from solved and never left: any update of a
 *     closed ticket fails with 422.  Tickets cannot be created closed.
 *  4. Every write is one transaction that also appends an audit whose
 *     events record each field change (ticket_audit.c).  An update that
 *     changes nothing writes nothing.
 *  5. The organization follows the requester unless the request names one.
 *  6. End users create tickets for themselves and add public comments to
 *     tickets they can see; any other field they send is refused (403).
 *  7. A validation failure changes nothing: checks run inside the
 *     transaction and any failure rolls it back, including users created
 *     on the way (requester, collaborators by email).
 *  8. ticket_counts.live is the number of the account's tickets not
 *     deleted: the transactions that create and delete tickets keep it.
 *  9. Every create and every update that changes something ends with
 *     ticket_rules_saved (core/ticket_rules.h) in its transaction:
 *     triggers, SLA targets and ticket metrics.
 */
#include "parley.h"
#include "core/brands.h"
#include "core/groups.h"
#include "core/input.h"
#include "core/live.h"
#include "core/mail_outbox.h"
#include "core/organizations.h"
#include "core/ticket_fields.h"
#include "core/ticket_forms.h"
#include "core/ticket_rules.h"
#include "core/tickets.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SUBJECT_MAX 1024     /* bytes */
#define TAG_MAX 255          /* bytes of one tag */
#define SUBJECT_FROM_BODY 50 /* characters of the description as a subject */

static const char *const statuses[] = { "new", "open", "pending", "hold",
	"solved", "closed", NULL };
static const char *const priorities[] = { "urgent", "high", "normal", "low", NULL };
static const char *const types[] = { "problem", "incident", "question", "task", NULL };

/* What a request asks besides the ticket's own fields. */
struct change {
	struct comment_in comment;
	bool has_comment;
	json_t *custom;            /* audit metadata.custom, borrowed */
};

/* ---- reading request members ---- */

/* An id member through input_id; *given tells whether it is present. */
static enum pl_err id_member(struct ctx *c, json_t *in, const char *key,
	bool *given, int64_t *out)
{
	*given = json_object_get(in, key) != NULL;
	*out = 0;
	return input_id(c, in, key, out);
}

/* A member that is one of set (case-insensitive) or, when nullable, null;
 * *out is the canonical spelling from set. */
static enum pl_err enum_member(struct ctx *c, json_t *in, const char *key,
	const char *const *set, bool nullable, bool *given, const char **out)
{
	json_t *v = json_object_get(in, key);
	*given = v != NULL;
	if (!v)
		return PL_OK;
	if (json_is_null(v) && nullable) {
		*out = NULL;
		return PL_OK;
	}
	if (json_is_string(v))
		for (const char *const *p = set; *p; p++)
			if (strcasecmp(*p, json_string_value(v)) == 0) {
				*out = *p;
				return PL_OK;
			}
	return ctx_invalid(c, key, "InvalidValue", "%s: %s is not valid",
		input_label(c, key), json_is_string(v) ? json_string_value(v) : "this value");
}

/* ---- references to other records ---- */

/* Fails with 422 on key unless exists. */
static enum pl_err must_exist(struct ctx *c, bool exists, int64_t id,
	const char *key, const char *label)
{
	return exists ? PL_OK : ctx_invalid(c, key, "InvalidValue",
		"%s: %lld does not exist", label, (long long)id);
}

static bool problem_exists(struct ctx *c, int64_t id)
{
	return db_i64(c->db, "SELECT count(*) FROM tickets WHERE account_id = ?"
		" AND id = ? AND type = 'problem' AND deleted_at IS NULL", "ii",
		c->account_id, id) > 0;
}

/* A user named by an id, an email, or {name, email} (found or created). */
static enum pl_err user_of(struct ctx *c, json_t *v, const char *key,
	const char *label, int64_t *id)
{
	if (json_is_integer(v)) {
		*id = json_integer_value(v);
		if (user_role(c, *id) == ROLE_ANON)
			return ctx_invalid(c, key, "InvalidValue",
				"%s: %lld is not a user of the account", label, (long long)*id);
		return PL_OK;
	}
	if (json_is_string(v))
		return user_find_or_create(c, NULL, json_string_value(v), id);
	if (json_is_object(v)) {
		json_t *name = json_object_get(v, "name");
		json_t *email = json_object_get(v, "email");
		if (!json_is_string(email))
			return ctx_invalid(c, key, "BlankValue", "%s: email is required", label);
		return user_find_or_create(c, json_is_string(name) ? json_string_value(name)
			: NULL, json_string_value(email), id);
	}
	return ctx_invalid(c, key, "InvalidValue", "%s: must be a user id or email", label);
}

/* ---- tags and collaborators ---- */

static bool has_string(json_t *set, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(set, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* The normalized tags under key (input_words: lower case, split at spaces
 * and commas, no duplicates); NULL when key is absent.  Arena-owned. */
static enum pl_err tags_of(struct ctx *c, json_t *in, const char *key, json_t **out)
{
	json_t *tmp = jown(c->a, json_object());
	enum pl_err e = input_words(c, in, key, TAG_MAX, tmp);
	*out = json_object_get(tmp, key);
	return e;
}

static void tags_add(json_t *tags, json_t *more)
{
	size_t i;
	json_t *v;
	json_array_foreach(more, i, v)
		if (!has_string(tags, json_string_value(v)))
			json_array_append(tags, v);
}

static void tags_remove(json_t *tags, json_t *less)
{
	for (size_t i = json_array_size(tags); i-- > 0;)
		if (has_string(less, json_string_value(json_array_get(tags, i))))
			json_array_remove(tags, i);
}

static enum pl_err apply_tags(struct ctx *c, json_t *in, struct ticket *t)
{
	json_t *set;
	enum pl_err e;
	if ((e = tags_of(c, in, "tags", &set)))
		return e;
	if (set) {
		json_array_clear(t->tags);
		tags_add(t->tags, set);
	}
	if ((e = tags_of(c, in, "additional_tags", &set)))
		return e;
	if (set)
		tags_add(t->tags, set);
	if ((e = tags_of(c, in, "remove_tags", &set)))
		return e;
	if (set)
		tags_remove(t->tags, set);
	return PL_OK;
}

static void collab_add(json_t *set, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(set, i, v)
		if (json_integer_value(v) == id)
			return;
	json_array_append_new(set, json_integer(id));
}

static void collab_remove(json_t *set, int64_t id)
{
	for (size_t i = json_array_size(set); i-- > 0;)
		if (json_integer_value(json_array_get(set, i)) == id)
			json_array_remove(set, i);
}

/* collaborator_ids (replaces), collaborators (adds ids, emails or
 * {name,email}) and email_ccs ([{user_id|user_email, action}]). */
static enum pl_err apply_collaborators(struct ctx *c, json_t *in, struct ticket *t)
{
	json_t *v, *x;
	size_t i;
	int64_t id;
	enum pl_err e;
	if ((v = json_object_get(in, "collaborator_ids"))) {
		if (!json_is_array(v) && !json_is_null(v))
			return ctx_invalid(c, "collaborator_ids", "InvalidValue",
				"Collaborators: must be a list of user ids");
		json_array_clear(t->collaborators);
		json_array_foreach(v, i, x) {
			if (!json_is_integer(x))
				return ctx_invalid(c, "collaborator_ids", "InvalidValue",
					"Collaborators: must be a list of user ids");
			if ((e = user_of(c, x, "collaborator_ids", "Collaborator", &id)))
				return e;
			collab_add(t->collaborators, id);
		}
	}
	if ((v = json_object_get(in, "collaborators"))) {
		if (!json_is_array(v))
			return ctx_invalid(c, "collaborators", "InvalidValue",
				"Collaborators: must be a list");
		json_array_foreach(v, i, x) {
			if ((e = user_of(c, x, "collaborators", "Collaborator", &id)))
				return e;
			collab_add(t->collaborators, id);
		}
	}
	if ((v = json_object_get(in, "email_ccs"))) {
		if (!json_is_array(v))
			return ctx_invalid(c, "email_ccs", "InvalidValue",
				"Email CCs: must be a list");
		json_array_foreach(v, i, x) {
			json_t *uid = json_object_get(x, "user_id");
			json_t *who = uid ? uid : json_object_get(x, "user_email");
			if (!who)
				return ctx_invalid(c, "email_ccs", "InvalidValue",
					"Email CCs: each needs a user_id or user_email");
			if ((e = user_of(c, who, "email_ccs", "Email CC", &id)))
				return e;
			const char *action = json_string_value(json_object_get(x, "action"));
			if (action && strcmp(action, "delete") == 0)
				collab_remove(t->collaborators, id);
			else
				collab_add(t->collaborators, id);
		}
	}
	return PL_OK;
}

/* ---- applying a request ---- */

/* requester_id or requester {name, email}; *org receives the new
 * requester's organization, or -1 when the requester does not change. */
static enum pl_err apply_requester(struct ctx *c, json_t *in, struct ticket *t,
	int64_t *org)
{
	bool given;
	int64_t id;
	enum pl_err e;
	*org = -1;
	if ((e = id_member(c, in, "requester_id", &given, &id)))
		return e;
	json_t *r = json_object_get(in, "requester");
	if (!given && r && !json_is_null(r)) {
		if (!json_is_object(r))
			return ctx_invalid(c, "requester", "InvalidValue",
				"Requester: must be an object with an email");
		if ((e = user_of(c, r, "requester", "Requester", &id)))
			return e;
		given = true;
	}
	if (!given)
		return PL_OK;
	if (!id)
		return ctx_invalid(c, "requester_id", "BlankValue",
			"Requester: cannot be blank");
	if (user_role_org(c, id, org) == ROLE_ANON)
		return ctx_invalid(c, "requester_id", "InvalidValue",
			"Requester: %lld is not a user of the account", (long long)id);
	if (t->id && id == t->requester_id)
		*org = -1; /* the same requester: the organization stays */
	t->requester_id = id;
	return PL_OK;
}

/* The people and places: requester, organization, submitter, assignee,
 * group, brand, form, problem. */
static enum pl_err apply_refs(struct ctx *c, json_t *in, bool create,
	struct ticket *t)
{
	bool given;
	int64_t id, org;
	enum pl_err e;
	if ((e = apply_requester(c, in, t, &org)) ||
	    (e = id_member(c, in, "organization_id", &given, &id)))
		return e;
	if (create && org < 0)
		org = c->me.organization_id; /* the requester is the caller */
	if (given) {
		if (id && (e = must_exist(c, org_exists(c, id), id, "organization_id",
			"Organization")))
			return e;
		t->organization_id = id;
	} else if (org >= 0) {
		t->organization_id = org;
	}
	if (create) {
		if ((e = id_member(c, in, "submitter_id", &given, &id)))
			return e;
		if (given && id) {
			if (user_role(c, id) == ROLE_ANON)
				return ctx_invalid(c, "submitter_id", "InvalidValue",
					"Submitter: %lld is not a user of the account",
					(long long)id);
			t->submitter_id = id;
		}
	}
	if ((e = id_member(c, in, "assignee_id", &given, &id)))
		return e;
	if (given) {
		if (id && user_role(c, id) < ROLE_AGENT)
			return ctx_invalid(c, "assignee_id", "InvalidValue",
				"Assignee: %lld is not an agent of the account", (long long)id);
		t->assignee_id = id;
	}
	if ((e = id_member(c, in, "group_id", &given, &id)))
		return e;
	if (given) {
		if (id && (e = must_exist(c, group_exists(c, id, false), id, "group_id",
			"Group")))
			return e;
		t->group_id = id;
	}
	if ((e = id_member(c, in, "brand_id", &given, &id)))
		return e;
	if (given && id) {
		if ((e = must_exist(c, brand_exists(c, id), id, "brand_id", "Brand")))
			return e;
		t->brand_id = id;
	}
	if ((e = id_member(c, in, "ticket_form_id", &given, &id)))
		return e;
	if (given) {
		if (id && (e = must_exist(c, ticket_form_exists(c, id), id,
			"ticket_form_id", "Ticket form")))
			return e;
		t->ticket_form_id = id;
	}
	if ((e = id_member(c, in, "problem_id", &given, &id)))
		return e;
	if (given) {
		if (id && (e = must_exist(c, id != t->id && problem_exists(c, id), id,
			"problem_id", "Problem ticket")))
			return e;
		t->problem_id = id;
	}
	return PL_OK;
}

/* subject, external_id, type, priority, status, due_at. */
static enum pl_err apply_values(struct ctx *c, json_t *in, struct ticket *t)
{
	bool given;
	const char *s = NULL;
	enum pl_err e;
	if ((e = input_text(c, in, "subject", SUBJECT_MAX, &t->subject)) ||
	    (e = input_key(c, in, "external_id", &t->external_id)))
		return e;
	if ((e = enum_member(c, in, "type", types, true, &given, &s)))
		return e;
	if (given)
		t->type = s;
	if ((e = enum_member(c, in, "priority", priorities, true, &given, &s)))
		return e;
	if (given)
		t->priority = s;
	if ((e = enum_member(c, in, "status", statuses, false, &given, &s)))
		return e;
	if (given)
		t->status = s;
	json_t *due = json_object_get(in, "due_at");
	if (json_is_null(due))
		t->due_at = 0;
	else if (due && (!json_is_string(due) ||
		 !time_parse_iso(json_string_value(due), &t->due_at)))
		return ctx_invalid(c, "due_at", "InvalidValue",
			"Due at: must be an ISO 8601 time");
	return PL_OK;
}

/* Everything the request asks, validated, into t and ch. */
static enum pl_err apply(struct ctx *c, json_t *in, bool create, struct ticket *t,
	struct change *ch)
{
	enum pl_err e;
	if ((e = apply_refs(c, in, create, t)) ||
	    (e = apply_values(c, in, t)) ||
	    (e = apply_tags(c, in, t)) ||
	    (e = apply_collaborators(c, in, t)))
		return e;
	json_t *cf = json_object_get(in, "custom_fields");
	if (!cf)
		cf = json_object_get(in, "fields");
	if (cf && !json_is_null(cf) &&
	    (e = ticket_fields_apply(c, cf, t->custom_fields, t->tags)))
		return e;
	json_t *comment = json_object_get(in, "comment");
	if (create && !comment)
		comment = json_object_get(in, "description");
	if ((e = comment_parse(c, comment, &ch->comment, &ch->has_comment)))
		return e;
	json_t *meta = json_object_get(in, "metadata");
	if (meta && !json_is_object(meta) && !json_is_null(meta))
		return ctx_invalid(c, "metadata", "InvalidValue",
			"Metadata: must be an object");
	ch->custom = meta;
	return PL_OK;
}

/* Invariant 6: the members an end user may send. */
static enum pl_err end_user_gate(struct ctx *c, json_t *in, bool create)
{
	if (ctx_is_agent(c))
		return PL_OK;
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v) {
		bool ok = strcmp(key, "comment") == 0 || (create &&
			(strcmp(key, "subject") == 0 || strcmp(key, "description") == 0));
		if (!ok)
			return ctx_fail(c, PL_FORBIDDEN, "End users may not set %s on a"
				" ticket; use the requests API", key);
	}
	return PL_OK;
}

/* Enforces the lifecycle drawn at the top from old (NULL on creation) to t,
 * completing t where Zendesk does (opening, auto-assigning). */
static enum pl_err lifecycle(struct ctx *c, const struct ticket *old,
	struct ticket *t)
{
	const char *was = old ? old->status : NULL;
	bool is_new = strcmp(t->status, "new") == 0;
	if (was && strcmp(was, "closed") == 0)
		return ctx_invalid(c, "status", "InvalidValue",
			"Status: closed prevents ticket update");
	if (is_new && was && strcmp(was, "new") != 0)
		return ctx_invalid(c, "status", "InvalidValue",
			"Status: a ticket cannot go back to new");
	if (is_new && t->assignee_id)
		t->status = "open";
	if (strcmp(t->status, "closed") == 0 && (!was || strcmp(was, "solved") != 0))
		return ctx_invalid(c, "status", "InvalidValue",
			"Status: only a solved ticket can be closed");
	bool done = strcmp(t->status, "solved") == 0 || strcmp(t->status, "closed") == 0;
	bool was_done = was && (strcmp(was, "solved") == 0 || strcmp(was, "closed") == 0);
	if (done && !t->assignee_id) {
		if (was_done || !ctx_is_agent(c) || c->me.id <= 0)
			return ctx_invalid(c, "assignee_id", "BlankValue",
				"Assignee: is required when the ticket is solved");
		t->assignee_id = c->me.id;
	}
	if (done && !was_done)
		return ticket_fields_check_required(c, t->ticket_form_id, t->custom_fields);
	return PL_OK;
}

enum pl_err ticket_apply_changes(struct ctx *c, json_t *in,
	const struct ticket *old, struct ticket *t)
{
	struct change ch;
	enum pl_err e = apply(c, in, false, t, &ch);
	return e ? e : lifecycle(c, old, t);
}

/* The description's first line, shortened, for a ticket without subject. */
static const char *subject_from(struct ctx *c, const char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	size_t n = 0, chars = 0;
	while (text[n] && text[n] != '\n' && text[n] != '\r') {
		if (((unsigned char)text[n] & 0xC0) != 0x80 && ++chars > SUBJECT_FROM_BODY)
			break;
		n++;
	}
	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	return arena_strndup(c->a, text, n);
}

/* ---- writes ---- */

static enum pl_err insert(struct ctx *c, struct ticket *t)
{
	t->id = db_insert(c->db, "INSERT INTO tickets(account_id, subject, description,"
		" status, priority, type, requester_id, submitter_id, assignee_id,"
		" organization_id, group_id, brand_id, ticket_form_id, external_id,"
		" problem_id, due_at, via_channel, via_source, tags, custom_fields,"
		" collaborator_ids, is_public, created_at, updated_at) VALUES (?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"isssssiinnnnnsnnsssssbii",
		c->account_id, t->subject, t->description, t->status, t->priority,
		t->type, t->requester_id, t->submitter_id, t->assignee_id,
		t->organization_id, t->group_id, t->brand_id, t->ticket_form_id,
		t->external_id, t->problem_id, t->due_at, t->via_channel,
		t->via_source, jdump(c->a, t->tags),
		jdump(c->a, t->custom_fields), jdump(c->a, t->collaborators),
		(int)t->is_public, t->created_at, t->updated_at);
	if (t->id <= 0 || !db_exec(c->db, "INSERT INTO ticket_counts(account_id, live)"
		" VALUES (?, 1) ON CONFLICT(account_id) DO UPDATE SET live = live + 1",
		"i", c->account_id))
		return ctx_store_failed(c);
	live_ticket_written(c, t->id, LIVE_CREATED, t->updated_at);
	return PL_OK;
}

enum pl_err ticket_store_update(struct ctx *c, const struct ticket *t)
{
	if (!db_exec(c->db, "UPDATE tickets SET subject = ?, description = ?,"
		" status = ?, priority = ?, type = ?, requester_id = ?, assignee_id = ?,"
		" organization_id = ?, group_id = ?, brand_id = ?, ticket_form_id = ?,"
		" external_id = ?, problem_id = ?, due_at = ?, tags = ?, custom_fields = ?,"
		" collaborator_ids = ?, is_public = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "sssssinnnnnsnnsssbiii",
		t->subject, t->description, t->status, t->priority, t->type,
		t->requester_id, t->assignee_id, t->organization_id, t->group_id,
		t->brand_id, t->ticket_form_id, t->external_id, t->problem_id,
		t->due_at, jdump(c->a, t->tags), jdump(c->a, t->custom_fields),
		jdump(c->a, t->collaborators), (int)t->is_public, t->updated_at,
		c->account_id, t->id))
		return ctx_store_failed(c);
	live_ticket_written(c, t->id, LIVE_UPDATED, t->updated_at);
	return PL_OK;
}

/* Queues the mail of a public comment by an agent (the author's own role,
 * whoever acts) to the requester and CCs: the email channel's outbox,
 * in this transaction. */
static enum pl_err mail_public_comment(struct ctx *c, int64_t id,
	const struct change *ch)
{
	const struct comment_in *ci = &ch->comment;
	if (!ch->has_comment || !ci->is_public || user_role(c, ci->author_id) < ROLE_AGENT)
		return PL_OK;
	return mail_outbox_comment(c, id, ci->author_id, ci->plain_body, ci->html_body);
}

static enum pl_err create_in_txn(struct ctx *c, json_t *in, struct audit *au,
	struct ticket_written *out)
{
	json_t *via = jown(c->a, ticket_via_of(c));
	struct ticket t = {
		.status = "new",
		.via_channel = json_string_value(json_object_get(via, "channel")),
		.requester_id = c->me.id,
		.submitter_id = c->me.id,
		.brand_id = c->brand_id,
		.via_source = jdump(c->a, json_object_get(via, "source")),
		.tags = jown(c->a, json_array()),
		.custom_fields = jown(c->a, json_object()),
		.collaborators = jown(c->a, json_array()),
		.is_public = true,
		.created_at = c->now,
		.updated_at = c->now,
	};
	struct change ch;
	enum pl_err e = apply(c, in, true, &t, &ch);
	if (e)
		return e;
	if (!ch.has_comment)
		return ctx_invalid(c, "description", "BlankValue",
			"Description: cannot be blank");
	t.description = ch.comment.plain_body;
	t.is_public = ch.comment.is_public;
	if (!t.subject || !*t.subject)
		t.subject = subject_from(c, t.description);
	if ((e = lifecycle(c, NULL, &t)) ||
	    (e = insert(c, &t)) ||
	    (e = audit_open(c, t.id, ch.custom, au)) ||
	    (e = comment_add(c, au, t.id, &ch.comment)) ||
	    (e = audit_changes(c, au, NULL, &t)) ||
	    (e = ticket_rules_saved(c, au, NULL, &t, &ch.comment)) ||
	    (e = mail_public_comment(c, t.id, &ch)))
		return e;
	out->id = t.id;
	out->tags = t.tags;
	return PL_OK;
}

enum pl_err ticket_create(struct ctx *c, json_t *in, struct ticket_written *out)
{
	enum pl_err e = end_user_gate(c, in, true);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	struct audit au;
	if ((e = create_in_txn(c, in, &au, out)) ||
	    (e = ticket_get_stored(c, out->id, &out->ticket))) {
		db_rollback(c->db);
		return e;
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	out->audit = jown(c->a, audit_render(c, &au));
	return PL_OK;
}

/* safe_update: 409 when the ticket changed after updated_stamp. */
static enum pl_err check_stamp(struct ctx *c, json_t *in, const struct ticket *old)
{
	if (!json_is_true(json_object_get(in, "safe_update")))
		return PL_OK;
	json_t *s = json_object_get(in, "updated_stamp");
	int64_t stamp;
	if (!json_is_string(s) || !time_parse_iso(json_string_value(s), &stamp))
		return ctx_invalid(c, "updated_stamp", "InvalidValue",
			"Updated stamp: safe_update needs the ticket's updated_at");
	if (stamp >= old->updated_at)
		return PL_OK;
	c->err_title = "UpdateConflict";
	return ctx_fail(c, PL_CONFLICT, "Safe Update prevented the update due to"
		" outdated ticket data. Please fetch the latest ticket data and try again.");
}

void ticket_copy(struct ctx *c, const struct ticket *old, struct ticket *t)
{
	*t = *old;
	t->tags = jown(c->a, json_deep_copy(old->tags));
	t->custom_fields = jown(c->a, json_deep_copy(old->custom_fields));
	t->collaborators = jown(c->a, json_deep_copy(old->collaborators));
}

static enum pl_err update_in_txn(struct ctx *c, int64_t id, json_t *in,
	struct audit *au, bool *changed, json_t **tags)
{
	struct ticket old, t;
	struct change ch;
	enum pl_err e;
	*changed = false;
	if ((e = ticket_load(c, id, &old)))
		return e;
	if (strcmp(old.status, "closed") == 0)
		return ctx_invalid(c, "status", "InvalidValue",
			"Status: closed prevents ticket update");
	ticket_copy(c, &old, &t);
	*tags = t.tags;
	if ((e = check_stamp(c, in, &old)) ||
	    (e = apply(c, in, false, &t, &ch)))
		return e;
	if (ch.has_comment && ch.comment.is_public)
		t.is_public = true;
	if ((e = lifecycle(c, &old, &t)) ||
	    (e = audit_open(c, id, ch.custom, au)) ||
	    (ch.has_comment && (e = comment_add(c, au, id, &ch.comment))) ||
	    (e = audit_changes(c, au, &old, &t)))
		return e;
	*changed = json_array_size(au->events) > 0;
	if (!*changed)
		return PL_OK;
	t.updated_at = c->now;
	if ((e = ticket_store_update(c, &t)) ||
	    (e = ticket_rules_saved(c, au, &old, &t, ch.has_comment ? &ch.comment
		: NULL)))
		return e;
	*tags = t.tags;
	return mail_public_comment(c, id, &ch);
}

enum pl_err ticket_update(struct ctx *c, int64_t id, json_t *in,
	struct ticket_written *out)
{
	enum pl_err e = end_user_gate(c, in, false);
	if (e)
		return e;
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	struct audit au;
	bool changed;
	out->id = id;
	out->audit = NULL;
	e = update_in_txn(c, id, in, &au, &changed, &out->tags);
	if (!e && changed)
		e = ticket_get_stored(c, id, &out->ticket);
	if (e || !changed) {
		/* An update that changes nothing drops its empty audit. */
		db_rollback(c->db);
		return e ? e : ticket_get(c, id, &out->ticket, NULL);
	}
	if (!db_commit(c->db))
		return ctx_store_failed(c);
	out->audit = jown(c->a, audit_render(c, &au));
	return PL_OK;
}

static enum pl_err delete_in_txn(struct ctx *c, int64_t id)
{
	struct ticket t;
	struct audit au;
	enum pl_err e;
	if ((e = ticket_load(c, id, &t)) || (e = audit_open(c, id, NULL, &au)) ||
	    (e = audit_event(c, &au, "Change", "status",
		jown(c->a, json_string("deleted")), jown(c->a, json_string(t.status)),
		NULL)))
		return e;
	if (!db_exec(c->db, "UPDATE tickets SET deleted_at = ?, updated_at = ?"
		" WHERE account_id = ? AND id = ?", "iiii", c->now, c->now,
		c->account_id, id) ||
	    !db_exec(c->db, "UPDATE ticket_counts SET live = live - 1"
		" WHERE account_id = ?", "i", c->account_id))
		return ctx_store_failed(c);
	live_ticket_written(c, id, LIVE_DELETED, c->now);
	return PL_OK;
}

enum pl_err ticket_delete(struct ctx *c, int64_t id)
{
	if (!db_begin(c->db, true))
		return ctx_store_failed(c);
	enum pl_err e = delete_in_txn(c, id);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err ticket_tags(struct ctx *c, int64_t id, json_t **out)
{
	struct ticket t;
	enum pl_err e = ticket_load(c, id, &t);
	if (!e)
		*out = t.tags;
	return e;
}

enum pl_err ticket_tags_change(struct ctx *c, int64_t id, enum ticket_tags_op op,
	json_t *tags, json_t **out)
{
	static const char *const keys[] = { "tags", "additional_tags", "remove_tags" };
	json_t *in = jown(c->a, json_object());
	json_object_set(in, keys[op], tags);
	struct ticket_written w;
	enum pl_err e = ticket_update(c, id, in, &w);
	if (!e)
		*out = w.tags;
	return e;
}
