/*
 * ticket_rules.c: triggers on ticket writes, automations over open
 * tickets, and the notifications both send (see ticket_rules.h).
 *
 * Triggers (Zendesk's cycle): the active triggers, in category position
 * then their own position, are checked in passes over the ticket as it
 * stands; a trigger whose conditions hold fires (its actions are applied)
 * and is not checked again in this write; passes repeat while one fired.
 * With n triggers there are at most n + 1 passes, so a set of triggers
 * that undo each other cannot loop.  Conditions see the write's context:
 * Create or Change, its comment, the current user and role, the
 * requester's locale, and the ticket before the write for "changed"
 * operators.
 *
 * Applying a rule: rules_apply (core/rule_actions.c) changes the ticket's
 * JSON; the difference becomes an update request, which tickets.c checks
 * and applies like an API update (ticket_apply_changes: field checks,
 * custom fields, the lifecycle).  Its Change events go into the write's
 * audit with the rule's via ({"channel":"rule","source":{"rel":"trigger",
 * "from":{id,title}}}).
 *
 * Notifications are rendered once every trigger has fired (placeholders
 * then see the final ticket), recorded as Notification events of the
 * audit, and queued in the email outbox (core/mail_outbox.h), one message
 * per recipient.  Webhook notifications are not delivered: Parley has no
 * webhooks yet.
 *
 * Automations (ticket_rules_automations): for each ticket not closed and
 * each active automation, conditions are evaluated with the ticket's
 * times (core/ticket_metrics.h).  automation_firings remembers that an
 * automation fired on a ticket; it fires again only after its conditions
 * stopped holding once (the row is then dropped).  Each firing is its own
 * audit, by the system (author -1), with the automation as via; the
 * ticket's triggers then run on that update as on any other.
 */
#include "parley.h"
#include "core/brands.h"
#include "core/business_rules.h"
#include "core/comments.h"
#include "core/group_memberships.h"
#include "core/groups.h"
#include "core/mail_outbox.h"
#include "core/organizations.h"
#include "core/placeholders.h"
#include "core/rules.h"
#include "core/schedule.h"
#include "core/schedules.h"
#include "core/ticket_metrics.h"
#include "core/ticket_rules.h"
#include "core/ticket_slas.h"
#include "core/tickets.h"
#include "core/ticketsInt.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_BATCH 200

/* One ticket write being run through the rules. */
struct run {
	struct ctx *c;
	struct audit *au;           /* the write's audit; NULL until needed
	                             * (automations open theirs lazily) */
	struct audit own;           /* the automation's audit */
	json_t *audit_via;          /* via of a lazily opened audit */
	json_t *prev;               /* the ticket before the write (rule JSON),
	                             * NULL on create */
	struct rule_env env;
	struct schedule sched;
	json_t *notes;              /* [{"effect", "via"}] to deliver, arena */
	const struct comment_in *comment;   /* the write's, NULL: none */
};

/* ---- the ticket as the engine reads it ---- */

/* t as rules.h reads a ticket (new reference). */
static json_t *rule_json(const struct ticket *t)
{
	json_t *cf = json_array(), *v;
	const char *key;
	json_object_foreach(t->custom_fields, key, v)
		json_array_append_new(cf, json_pack("{s:I,s:O}", "id",
			(json_int_t)strtoll(key, NULL, 10), "value", v));
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:s,s:s?,s:s?,s:I,s:I,s:o,s:o,s:o,s:o,"
		"s:o,s:O,s:o,s:{s:s},s:b}",
		"id", (json_int_t)t->id, "subject", t->subject,
		"description", t->description, "status", t->status,
		"priority", t->priority, "type", t->type,
		"requester_id", (json_int_t)t->requester_id,
		"submitter_id", (json_int_t)t->submitter_id,
		"assignee_id", jid(t->assignee_id), "group_id", jid(t->group_id),
		"organization_id", jid(t->organization_id), "brand_id", jid(t->brand_id),
		"ticket_form_id", jid(t->ticket_form_id), "tags", t->tags,
		"custom_fields", cf, "via", "channel", t->via_channel,
		"is_public", t->is_public);
	return o;
}

static json_t *member(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v ? v : json_null();
}

/* The update request that turns before into after (new reference): the
 * fields rule actions change. */
static json_t *changes_of(const json_t *before, const json_t *after)
{
	static const char *const keys[] = { "status", "priority", "type", "group_id",
		"assignee_id", "requester_id", "brand_id", "ticket_form_id", "tags" };
	json_t *in = json_object(), *cf = json_array(), *f, *g;
	for (size_t i = 0; i < PL_ARRAY_LEN(keys); i++)
		if (!json_equal(member(before, keys[i]), member(after, keys[i])))
			json_object_set(in, keys[i], member(after, keys[i]));
	size_t i, k;
	json_array_foreach(json_object_get(after, "custom_fields"), i, f) {
		json_t *was = json_null();
		json_array_foreach(json_object_get(before, "custom_fields"), k, g)
			if (json_equal(json_object_get(g, "id"), json_object_get(f, "id")))
				was = member(g, "value");
		if (!json_equal(was, member(f, "value")))
			json_array_append(cf, f);
	}
	if (json_array_size(cf))
		json_object_set(in, "custom_fields", cf);
	json_decref(cf);
	return in;
}

/* {"channel":"rule","source":{"to":{},"from":{id,title},"rel":rel}}. */
static json_t *rule_via(struct ctx *c, const char *rel, const json_t *rule)
{
	return jown(c->a, json_pack("{s:s,s:{s:{},s:{s:O,s:O,s:b},s:s}}", "channel",
		"rule", "source", "to", "from", "id", json_object_get(rule, "id"),
		"title", json_object_get(rule, "title"), "deleted", 0, "rel", rel));
}

/* ---- applying a rule ---- */

static enum pl_err ensure_audit(struct run *r, int64_t ticket_id)
{
	if (r->au)
		return PL_OK;
	enum pl_err e = audit_open(r->c, ticket_id, NULL, &r->own);
	if (!e)
		e = audit_set_via(r->c, &r->own, r->audit_via);
	if (!e)
		r->au = &r->own;
	return e;
}

/* Applies rule's actions to *t through the checks of an update, logging
 * the changes under the run's audit with event_via (NULL: the audit's
 * own).  Notifications join r->notes with via.  A rule whose changes fail
 * the checks changes nothing.  *changed tells whether t changed. */
static enum pl_err apply_rule(struct run *r, const json_t *rule, json_t *via,
	json_t *event_via, struct ticket *t, bool *changed)
{
	struct ctx *c = r->c;
	json_t *cur = jown(c->a, rule_json(t)), *effects, *ef;
	/* A copy: rule is shared (business_rules_active), and what rules_apply
	 * takes from the actions goes on into the ticket's JSON. */
	json_t *actions = jown(c->a, json_deep_copy(json_object_get(rule, "actions")));
	json_t *after = jown(c->a, rules_apply(actions, cur, &r->env, &effects));
	size_t i;
	jown(c->a, effects);
	*changed = false;
	json_array_foreach(effects, i, ef)
		if (strncmp(json_string_value(json_object_get(ef, "type")),
			"notification", 12) == 0)
			json_array_append_new(r->notes, json_pack("{s:O,s:O}", "effect", ef,
				"via", via));
	json_t *in = jown(c->a, changes_of(cur, after));
	if (json_object_size(in) == 0)
		return PL_OK;
	struct ticket next;
	ticket_copy(c, t, &next);
	enum pl_err e = ticket_apply_changes(c, in, t, &next);
	if (e == PL_INVALID || e == PL_FORBIDDEN || e == PL_BAD_REQUEST) {
		fprintf(stderr, "parley: rule %lld (%s) left ticket %lld unchanged: %s\n",
			(long long)json_integer_value(json_object_get(rule, "id")),
			json_string_value(json_object_get(rule, "title")), (long long)t->id,
			c->err_desc ? c->err_desc : "the changes are not valid");
		ctx_clear_error(c);
		return PL_OK;
	}
	if (e || (e = ensure_audit(r, t->id)))
		return e;
	r->au->event_via = event_via;
	e = audit_changes(c, r->au, t, &next);
	r->au->event_via = NULL;
	if (e)
		return e;
	*t = next;
	*changed = true;
	return PL_OK;
}

static const char *requester_locale(struct ctx *c, int64_t id)
{
	json_t *users;
	if (user_list_ids(c, jown(c->a, json_pack("[I]", (json_int_t)id)), &users))
		return NULL;
	return json_string_value(json_object_get(json_array_get(users, 0), "locale"));
}

/* The current user's groups into env (arena). */
static enum pl_err current_groups(struct ctx *c, struct rule_env *env)
{
	json_t *ids, *v;
	size_t i;
	enum pl_err e = group_membership_group_ids(c, c->me.id, &ids);
	if (e)
		return e;
	int64_t *list = arena_alloc(c->a, sizeof(*list) * (json_array_size(ids) + 1));
	json_array_foreach(ids, i, v)
		list[i] = json_integer_value(v);
	env->current_groups = list;
	env->ncurrent_groups = (int)json_array_size(ids);
	return PL_OK;
}

/* Whether a condition of rules (active rules) has text as its key
 * ("field" or "value"). */
static bool mentions(const json_t *rules, const char *key, const char *text)
{
	static const char *const parts[] = { "all", "any" };
	size_t i, k;
	json_t *rule, *cond;
	json_array_foreach(rules, i, rule)
		for (size_t p = 0; p < PL_ARRAY_LEN(parts); p++)
			json_array_foreach(json_object_get(json_object_get(rule, "conditions"),
				parts[p]), k, cond) {
				const char *f = json_string_value(json_object_get(cond, key));
				if (f && !strcmp(f, text))
					return true;
			}
	return false;
}

/* The trigger cycle on t; *changed tells whether a trigger changed it. */
static enum pl_err run_triggers(struct run *r, struct ticket *t, bool *changed)
{
	struct ctx *c = r->c;
	json_t *triggers, *tr;
	enum pl_err e = business_rules_active(c, RULE_TRIGGER, &triggers);
	size_t n = json_array_size(triggers), i;
	*changed = false;
	if (e || n == 0)
		return e;
	bool *fired = arena_alloc(c->a, n);
	memset(fired, 0, n);
	if (mentions(triggers, "field", "locale_id"))
		r->env.requester_locale = requester_locale(c, t->requester_id);
	if (mentions(triggers, "value", "current_groups") &&
	    (e = current_groups(c, &r->env)))
		return e;
	/* The engine's JSON of t, rebuilt only when a trigger changed t. */
	json_t *cur = jown(c->a, rule_json(t));
	for (bool again = true; again;) {
		again = false;
		json_array_foreach(triggers, i, tr) {
			if (fired[i] || !rules_match(json_object_get(tr, "conditions"), cur,
				r->prev, &r->env))
				continue;
			fired[i] = again = true;
			json_t *via = rule_via(c, "trigger", tr);
			bool ch;
			if ((e = apply_rule(r, tr, via, via, t, &ch)))
				return e;
			if (ch)
				cur = jown(c->a, rule_json(t));
			*changed = *changed || ch;
		}
	}
	return PL_OK;
}

/* ---- notifications ---- */

/* Whether id is in the JSON array ids. */
static bool has_id(const json_t *ids, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
		if (json_integer_value(v) == id)
			return true;
	return false;
}

static void add_id(json_t *ids, int64_t id)
{
	if (id > 0 && !has_id(ids, id))
		json_array_append_new(ids, json_integer(id));
}

/* The user ids a notification effect reaches on t (arena). */
static enum pl_err recipients(struct ctx *c, const json_t *ef, const struct ticket *t,
	json_t **out)
{
	const char *type = json_string_value(json_object_get(ef, "type"));
	const char *who = json_string_value(json_object_get(ef, "recipient"));
	json_t *ids = jown(c->a, json_array()), *list;
	size_t i;
	json_t *v;
	enum pl_err e = PL_OK;
	*out = ids;
	if (!strcmp(type, "notification_group")) {
		e = user_agent_ids(c, json_integer_value(json_object_get(ef, "group_id")),
			&list);
	} else if (!strcmp(type, "notification_user") && who &&
		   !strcmp(who, "all_agents")) {
		e = user_agent_ids(c, 0, &list);
	} else if (!strcmp(type, "notification_user")) {
		add_id(ids, json_integer_value(json_object_get(ef, "user_id")));
		list = who && !strcmp(who, "requester_and_ccs") ? t->collaborators : NULL;
	} else {
		return PL_OK; /* webhooks: none in Parley yet */
	}
	json_array_foreach(list, i, v)
		add_id(ids, json_integer_value(v));
	return e;
}

/* Whether user uid already gets this write's comment by mail: tickets.c
 * mails a public agent comment to the requester and CCs (the email
 * channel's comment mail, which carries the comment and threads), so a
 * trigger's mail to them would say the same twice. */
static bool mailed_comment(struct run *r, const struct ticket *t, int64_t uid)
{
	const struct comment_in *cm = r->comment;
	if (!cm || !cm->is_public || uid == cm->author_id ||
	    (uid != t->requester_id && !has_id(t->collaborators, uid)))
		return false;
	return user_role(r->c, cm->author_id) >= ROLE_AGENT;
}

/* Renders and records one notification: a Notification event under the
 * audit (as the first recipient reads it) and one outbox message per
 * recipient, rendered for an agent or an end user (none for a recipient
 * who gets the write's comment mail). */
static enum pl_err notify(struct run *r, const struct ticket *t, json_t *note,
	json_t *context[2])
{
	struct ctx *c = r->c;
	json_t *ef = json_object_get(note, "effect"), *ids, *v;
	enum pl_err e = recipients(c, ef, t, &ids);
	if (e || json_array_size(ids) == 0)
		return e;
	const char *subj = json_string_value(json_object_get(ef, "subject"));
	const char *body = json_string_value(json_object_get(ef, "body"));
	const char *first_subject = NULL, *first_body = NULL;
	size_t i;
	json_array_foreach(ids, i, v) {
		int64_t uid = json_integer_value(v);
		int agent = user_role(c, uid) >= ROLE_AGENT ? 1 : 0;
		if (!context[agent] &&
		    (e = ticket_rules_context(c, t->id, agent, &context[agent])))
			return e;
		const char *s = placeholders_render(c->a, subj, context[agent], false, NULL);
		const char *b = placeholders_render(c->a, body, context[agent], false, NULL);
		if (!first_subject) {
			first_subject = s;
			first_body = b;
		}
		if (!mailed_comment(r, t, uid) &&
		    (e = mail_outbox_notify(c, t->id, uid, s, b)))
			return e;
	}
	if ((e = ensure_audit(r, t->id)))
		return e;
	json_t *value = jown(c->a, json_pack("{s:s,s:s,s:O}", "subject", first_subject,
		"body", first_body, "recipients", ids));
	r->au->event_via = json_object_get(note, "via");
	e = audit_event(c, r->au, "Notification", NULL, value, NULL, NULL);
	r->au->event_via = NULL;
	return e;
}

/* ---- after a write ---- */

static void env_of(struct run *r, const struct ticket *old, const struct ticket *t,
	const struct comment_in *cm, bool has_schedule)
{
	struct ctx *c = r->c;
	r->env = (struct rule_env){
		.update = old ? RULE_UPDATE_CHANGE : RULE_UPDATE_CREATE,
		.comment = cm != NULL,
		.comment_public = cm && cm->is_public,
		.comment_text = cm ? cm->plain_body : NULL,
		.current_user_id = c->me.id,
		.current_role = c->me.role,
		.now = c->now,
		.schedule = has_schedule ? &r->sched : NULL,
	};
}

/* Triggers, metrics, SLAs and notifications on t after a write; r->notes
 * may already hold notifications (an automation's). */
static enum pl_err after_write(struct run *r, const struct ticket *old,
	struct ticket *t, const struct comment_in *cm)
{
	struct ctx *c = r->c;
	bool has_schedule, changed;
	enum pl_err e = schedule_load_default(c, &r->sched, &has_schedule);
	if (e)
		return e;
	env_of(r, old, t, cm, has_schedule);
	r->comment = cm;
	r->prev = old ? jown(c->a, rule_json(old)) : NULL;
	if ((e = run_triggers(r, t, &changed)))
		return e;
	if (changed) {
		t->updated_at = c->now;
		if ((e = ticket_store_update(c, t)))
			return e;
	}
	const struct schedule *sched = has_schedule ? &r->sched : NULL;
	if ((e = ticket_metrics_saved(c, old, t, cm, sched)) ||
	    (e = ticket_slas_saved(c, old, t, jown(c->a, rule_json(t)), cm, sched)))
		return e;
	json_t *context[2] = { NULL, NULL }, *note;
	size_t i;
	json_array_foreach(r->notes, i, note)
		if ((e = notify(r, t, note, context)))
			return e;
	return PL_OK;
}

enum pl_err ticket_rules_saved(struct ctx *c, struct audit *au,
	const struct ticket *old, struct ticket *t, const struct comment_in *comment)
{
	struct run r = { .c = c, .au = au, .notes = jown(c->a, json_array()) };
	return after_write(&r, old, t, comment);
}

/* ---- the placeholder context ---- */

static const char *via_text(const char *channel)
{
	static const struct { const char *channel, *text; } names[] = {
		{ "api", "Web Service" }, { "email", "Mail" }, { "web", "Web Form" },
		{ "rule", "Rule" }, { "chat", "Chat" }, { "voice", "Phone call" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (channel && !strcmp(channel, names[i].channel))
			return names[i].text;
	return channel ? channel : "";
}

/* The record of id among list (rendered records with "id"), or NULL. */
static json_t *by_id(json_t *list, int64_t id)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (json_integer_value(json_object_get(x, "id")) == id)
			return x;
	return NULL;
}

/* The first record of a by-ids lookup of id (borrowed), or NULL. */
static enum pl_err one_of(struct ctx *c, enum pl_err (*fn)(struct ctx *, json_t *,
	json_t **), int64_t id, json_t **out)
{
	json_t *list;
	*out = NULL;
	if (!id)
		return PL_OK;
	enum pl_err e = fn(c, jown(c->a, json_pack("[I]", (json_int_t)id)), &list);
	if (!e)
		*out = json_array_get(list, 0);
	return e;
}

/* The comments for templates, each with author {name}. */
static enum pl_err template_comments(struct ctx *c, int64_t id, bool agent,
	json_t **out)
{
	json_t *list, *ids = jown(c->a, json_array()), *users, *cm;
	size_t i;
	enum pl_err e = comments_for_template(c, id, !agent, &list);
	if (e)
		return e;
	json_array_foreach(list, i, cm)
		add_id(ids, json_integer_value(json_object_get(cm, "author_id")));
	if ((e = user_list_ids(c, ids, &users)))
		return e;
	json_array_foreach(list, i, cm) {
		json_t *u = by_id(users, json_integer_value(json_object_get(cm, "author_id")));
		json_object_set_new(cm, "author", json_pack("{s:O}", "name",
			u ? json_object_get(u, "name") : json_string("")));
	}
	*out = list;
	return PL_OK;
}

enum pl_err ticket_rules_context(struct ctx *c, int64_t id, bool agent,
	json_t **out)
{
	const char *text;
	json_t *users, *x;
	enum pl_err e = ticket_get(c, id, &text, NULL);
	if (e)
		return e;
	json_t *tk = jown(c->a, jparse(text, json_object()));
	int64_t requester = json_integer_value(json_object_get(tk, "requester_id"));
	int64_t assignee = json_integer_value(json_object_get(tk, "assignee_id"));
	json_t *ids = jown(c->a, json_array());
	add_id(ids, requester);
	add_id(ids, assignee);
	add_id(ids, c->me.id);
	if ((e = user_list_ids(c, ids, &users)))
		return e;
	if ((x = by_id(users, requester)))
		json_object_set(tk, "requester", x);
	if ((x = by_id(users, assignee)))
		json_object_set(tk, "assignee", x);
	const char *base = c->api_base ? c->api_base : "";
	size_t n = strlen(base);
	if (n >= 7 && !strcmp(base + n - 7, "/api/v2"))
		n -= 7;
	const char *url = arena_printf(c->a, "%.*s/agent/tickets/%lld", (int)n, base,
		(long long)id);
	json_object_set_new(tk, "url", json_string(url));
	json_object_set_new(tk, "link", json_string(url));
	json_object_set_new(tk, "account", json_string(c->account_subdomain ?
		c->account_subdomain : ""));
	json_object_set_new(tk, "via", json_string(via_text(json_string_value(
		json_object_get(json_object_get(tk, "via"), "channel")))));
	if ((e = one_of(c, groups_by_ids, json_integer_value(json_object_get(tk,
		"group_id")), &x)))
		return e;
	if (x)
		json_object_set(tk, "group", x);
	if ((e = one_of(c, orgs_by_ids, json_integer_value(json_object_get(tk,
		"organization_id")), &x)))
		return e;
	if (x)
		json_object_set(tk, "organization", x);
	int64_t brand = json_integer_value(json_object_get(tk, "brand_id"));
	if (brand && brand_get(c, brand, &x) == PL_OK)
		json_object_set(tk, "brand", x);
	ctx_clear_error(c); /* a brand gone since is not the caller's error */
	if ((e = template_comments(c, id, agent, &x)))
		return e;
	json_object_set(tk, "comments", x);
	*out = jown(c->a, json_pack("{s:O}", "ticket", tk));
	if ((x = by_id(users, c->me.id)))
		json_object_set(*out, "current_user", x);
	return PL_OK;
}

/* ---- automations ---- */

static json_t *fired_row(struct ctx *c, struct stmt *st)
{
	return json_integer(stmt_i64(st, 0));
}

static enum pl_err firings_of(struct ctx *c, int64_t tid, json_t **out)
{
	return list_all(c, "SELECT automation_id FROM automation_firings"
		" WHERE account_id = ? AND ticket_id = ?", fired_row, out, "ii",
		c->account_id, tid);
}

/* The times and env of t for automations. */
static enum pl_err auto_env(struct ctx *c, const struct ticket *t,
	const struct schedule *sched, struct rule_env *env)
{
	*env = (struct rule_env){ .update = RULE_UPDATE_NONE, .current_user_id = c->me.id,
		.current_role = c->me.role, .now = c->now, .schedule = sched };
	return ticket_metrics_times(c, t, &env->times);
}

/* Fires automation a on ticket id (loaded as *t): its own audit and
 * update, then the triggers. */
static enum pl_err fire(struct ctx *c, json_t *a, struct ticket *t)
{
	struct run r = { .c = c, .notes = jown(c->a, json_array()) };
	r.audit_via = rule_via(c, "automation", a);
	r.env = (struct rule_env){ .update = RULE_UPDATE_CHANGE,
		.current_user_id = c->me.id, .current_role = c->me.role, .now = c->now };
	struct ticket old = *t;
	bool changed;
	enum pl_err e = apply_rule(&r, a, r.audit_via, NULL, t, &changed);
	if (e || (!changed && json_array_size(r.notes) == 0))
		return e;
	if (changed) {
		t->updated_at = c->now;
		if ((e = ticket_store_update(c, t)))
			return e;
	}
	if ((e = ensure_audit(&r, t->id)))
		return e;
	return after_write(&r, &old, t, NULL);
}

/* Runs the automations on ticket id in one transaction. */
static enum pl_err automate_ticket(struct ctx *c, json_t *autos, int64_t id,
	const struct schedule *sched, int *count)
{
	struct ticket t;
	struct rule_env env;
	json_t *fired, *a;
	size_t i;
	enum pl_err e = ticket_load(c, id, &t);
	if (e == PL_NOT_FOUND) {
		ctx_clear_error(c);
		return PL_OK;
	}
	if (e || (e = firings_of(c, id, &fired)))
		return e;
	json_array_foreach(autos, i, a) {
		if (!strcmp(t.status, "closed"))
			break;
		int64_t aid = json_integer_value(json_object_get(a, "id"));
		if ((e = auto_env(c, &t, sched, &env)))
			return e;
		json_t *cur = jown(c->a, rule_json(&t));
		bool match = rules_match(json_object_get(a, "conditions"), cur, NULL, &env);
		bool had = has_id(fired, aid);
		if (match == had) {
			continue;
		} else if (!match) {
			if (!db_exec(c->db, "DELETE FROM automation_firings WHERE account_id = ?"
				" AND automation_id = ? AND ticket_id = ?", "iii", c->account_id,
				aid, id))
				return ctx_store_failed(c);
			continue;
		}
		if (!db_exec(c->db, "INSERT INTO automation_firings(account_id,"
			" automation_id, ticket_id, fired_at) VALUES (?, ?, ?, ?)", "iiii",
			c->account_id, aid, id, c->now))
			return ctx_store_failed(c);
		if ((e = fire(c, a, &t)))
			return e;
		(*count)++;
	}
	return PL_OK;
}

/* Whether any automation's state on ticket id would change (read only). */
static enum pl_err needs_run(struct ctx *c, json_t *autos, int64_t id,
	const struct schedule *sched, bool *out)
{
	struct ticket t;
	struct rule_env env;
	json_t *fired, *a;
	size_t i;
	*out = false;
	enum pl_err e = ticket_load(c, id, &t);
	if (e == PL_NOT_FOUND) {
		ctx_clear_error(c);
		return PL_OK;
	}
	if (e || (e = firings_of(c, id, &fired)) || (e = auto_env(c, &t, sched, &env)))
		return e;
	json_t *cur = jown(c->a, rule_json(&t));
	json_array_foreach(autos, i, a) {
		bool match = rules_match(json_object_get(a, "conditions"), cur, NULL, &env);
		if (match != has_id(fired, json_integer_value(json_object_get(a, "id")))) {
			*out = true;
			break;
		}
	}
	return PL_OK;
}

enum pl_err ticket_rules_automations(struct ctx *c, int *fired)
{
	json_t *autos;
	struct schedule s;
	bool has_schedule;
	int count = 0, n;
	int64_t ids[SCAN_BATCH], after = 0;
	enum pl_err e;
	if ((e = business_rules_active(c, RULE_AUTOMATION, &autos)) ||
	    json_array_size(autos) == 0 ||
	    (e = schedule_load_default(c, &s, &has_schedule)))
		goto out;
	const struct schedule *sched = has_schedule ? &s : NULL;
	do {
		if ((e = ticket_ids_open(c, after, SCAN_BATCH, ids, &n)))
			break;
		for (int i = 0; i < n && !e; i++) {
			bool run;
			after = ids[i];
			if ((e = needs_run(c, autos, ids[i], sched, &run)) || !run)
				continue;
			if (!db_begin(c->db, true)) {
				e = ctx_store_failed(c);
				break;
			}
			if ((e = automate_ticket(c, autos, ids[i], sched, &count))) {
				db_rollback(c->db);
				break;
			}
			if (!db_commit(c->db))
				e = ctx_store_failed(c);
		}
	} while (!e && n == SCAN_BATCH);
out:
	if (fired)
		*fired = count;
	return e;
}
