/*
 * rule_actions.c: business-rule actions: the action table, validation,
 * applying actions to ticket JSON, Zendesk's automation check and the
 * definitions listing (see rules.h).
 *
 * Applying is pure: it copies the ticket, changes the copy in action order
 * and lists what must happen outside the ticket (comments, notifications)
 * as effects.  Notification recipients are resolved on the ticket as it is
 * after every action, so "assign to X, then email the assignee" reaches X.
 *
 * The automation check works by example rather than by pattern: for a
 * condition, it builds the tickets that satisfy it (one per value worth
 * trying: every status, the condition's id, none, another id...), applies
 * the actions to each and sees whether the condition still holds.  A
 * condition is nullified when it held for some example and for none after
 * the actions.
 *
 * Invariant: rules_apply never fails; actions that validation would reject
 * are skipped.
 */
#include "parley.h"
#include "core/placeholders.h"
#include "core/rulesInt.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

enum atype {
	A_ENUM, A_ID, A_TAGS_SET, A_TAGS_ADD, A_TAGS_REMOVE, A_CUSTOM, A_SUBJECT,
	A_COMMENT, A_COMMENT_HTML, A_COMMENT_MODE, A_NOTIFY_USER, A_NOTIFY_GROUP,
	A_NOTIFY_WEBHOOK,
};

struct act_field {
	const char *name;
	const char *title;
	enum atype type;
	const char *key;            /* ticket key (A_ENUM, A_ID) */
	const char *const *values;  /* A_ENUM */
	unsigned kinds;
	int ref;                    /* A_ID: enum rule_ref */
	bool clearable;             /* A_ID / A_ENUM: "" clears the field */
};

#define K_TA (KIND(RULE_TRIGGER) | KIND(RULE_AUTOMATION))
#define K_M KIND(RULE_MACRO)
#define K_TAM (K_TA | K_M)

static const struct act_field actions_table[] = {
	{ "status", "Status", A_ENUM, "status", rules_statuses, K_TAM, -1, false },
	{ "priority", "Priority", A_ENUM, "priority", rules_priorities, K_TAM, -1, true },
	{ "type", "Type", A_ENUM, "type", rules_types, K_TAM, -1, true },
	{ "group_id", "Group", A_ID, "group_id", NULL, K_TAM, REF_GROUP, true },
	{ "assignee_id", "Assignee", A_ID, "assignee_id", NULL, K_TAM, REF_USER, true },
	{ "requester_id", "Requester", A_ID, "requester_id", NULL, K_TAM, REF_USER, false },
	{ "brand_id", "Brand", A_ID, "brand_id", NULL, K_TAM, REF_BRAND, false },
	{ "ticket_form_id", "Form", A_ID, "ticket_form_id", NULL, K_TAM, REF_FORM, false },
	{ "set_tags", "Set tags", A_TAGS_SET, NULL, NULL, K_TAM, -1, false },
	{ "current_tags", "Add tags", A_TAGS_ADD, NULL, NULL, K_TAM, -1, false },
	{ "remove_tags", "Remove tags", A_TAGS_REMOVE, NULL, NULL, K_TAM, -1, false },
	{ "subject", "Subject", A_SUBJECT, NULL, NULL, K_M, -1, false },
	{ "comment_value", "Comment", A_COMMENT, NULL, NULL, K_M, -1, false },
	{ "comment_value_html", "Comment (rich text)", A_COMMENT_HTML, NULL, NULL, K_M, -1,
	  false },
	{ "comment_mode_is_public", "Comment mode", A_COMMENT_MODE, NULL, NULL, K_M, -1, false },
	{ "notification_user", "Email user", A_NOTIFY_USER, NULL, NULL, K_TA, -1, false },
	{ "notification_group", "Email group", A_NOTIFY_GROUP, NULL, NULL, K_TA, -1, false },
	{ "notification_webhook", "Notify active webhook", A_NOTIFY_WEBHOOK, NULL, NULL, K_TA,
	  -1, false },
};

static const struct act_field custom_action = {
	"custom_fields_", "Custom field", A_CUSTOM, NULL, NULL, K_TAM, REF_FIELD, true,
};

static const char *const recipients[] = { "requester_id", "requester_and_ccs",
	"assignee_id", "current_user", "all_agents", NULL };

static const struct act_field *act_field(const char *name, int64_t *custom_id)
{
	*custom_id = 0;
	if (!name)
		return NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(actions_table); i++)
		if (strcmp(actions_table[i].name, name) == 0)
			return &actions_table[i];
	/* Custom field names parse as conditions do. */
	const struct cond_field *cf = rules_cond_field(name, custom_id);
	return cf && *custom_id ? &custom_action : NULL;
}

/* ---- validation ---- */

static enum pl_err check_template(struct ctx *c, const char *field, const char *part,
	const json_t *v)
{
	json_t *problems;
	if (!json_is_string(v))
		return ctx_invalid(c, "actions", "InvalidValue",
			"Actions: the %s of '%s' must be a string", part, field);
	if (placeholders_check(c->a, json_string_value(v), &problems))
		return PL_OK;
	return ctx_invalid(c, "actions", "InvalidValue", "Actions: %s of '%s': %s",
		part, field, json_string_value(json_array_get(problems, 0)));
}

/* [recipient, subject, body] (notification_user, notification_group) or
 * [webhook, body] (notification_webhook). */
static enum pl_err check_notification(struct ctx *c, const struct act_field *f,
	const json_t *v, const struct rule_refs *refs)
{
	size_t n = f->type == A_NOTIFY_WEBHOOK ? 2 : 3;
	if (!json_is_array(v) || json_array_size(v) != n)
		return ctx_invalid(c, "actions", "InvalidValue", "Actions: '%s' takes %s",
			f->name, n == 2 ? "[webhook_id, body]" : "[recipient, subject, body]");
	json_t *who = json_array_get(v, 0);
	const char *s = json_string_value(who);
	enum pl_err e = PL_OK;
	if (f->type == A_NOTIFY_USER && !(s && rules_rank(recipients, s)))
		e = rules_check_id(c, "Actions", f->name, who, REF_USER, refs);
	else if (f->type == A_NOTIFY_GROUP && !(s && strcmp(s, "group_id") == 0))
		e = rules_check_id(c, "Actions", f->name, who, REF_GROUP, refs);
	else if (f->type == A_NOTIFY_WEBHOOK && !((s && *s) || json_is_integer(who)))
		e = rules_bad_value(c, "Actions", f->name, who);
	if (!e && n == 3)
		e = check_template(c, f->name, "subject", json_array_get(v, 1));
	return e ? e : check_template(c, f->name, "body", json_array_get(v, n - 1));
}

static bool word_list(const json_t *v, bool allow_empty)
{
	if (json_is_string(v))
		return allow_empty || strspn(json_string_value(v), " \t\r\n,") <
			json_string_length(v);
	if (!json_is_array(v) || (!allow_empty && json_array_size(v) == 0))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (!json_is_string(x))
			return false;
	return true;
}

static int flag(const json_t *v)
{
	const char *s = json_string_value(v);
	if (json_is_true(v) || (s && strcmp(s, "true") == 0))
		return 1;
	if (json_is_false(v) || (s && strcmp(s, "false") == 0))
		return 0;
	return -1;
}

/* The text of a comment_value: a string or ["channel:all", text]. */
static const json_t *comment_text(const json_t *v)
{
	return json_is_array(v) ? json_array_get(v, json_array_size(v) - 1) : v;
}

static enum pl_err check_action(struct ctx *c, const json_t *a, enum rule_kind kind,
	const struct rule_refs *refs)
{
	const char *name = json_string_value(json_object_get(a, "field"));
	json_t *v = json_object_get(a, "value");
	int64_t cid;
	const struct act_field *f = act_field(name, &cid);
	if (!json_is_object(a) || !name)
		return ctx_invalid(c, "actions", "InvalidValue",
			"Actions: each action must be an object with field and value");
	if (!f)
		return ctx_invalid(c, "actions", "InvalidValue",
			"Actions: '%s' is not a valid field", name);
	if (!(f->kinds & KIND(kind)))
		return ctx_invalid(c, "actions", "InvalidValue",
			"Actions: '%s' cannot be used in %s", name,
			kind == RULE_MACRO ? "macros" : kind == RULE_TRIGGER ? "triggers" :
			"automations");
	const char *s = json_string_value(v);
	switch (f->type) {
	case A_ENUM:
		if (s && !*s && f->clearable)
			return PL_OK;
		if (!s || !rules_rank(f->values, s) || strcmp(s, "new") == 0 ||
		    (strcmp(s, "closed") == 0 && kind != RULE_AUTOMATION))
			return rules_bad_value(c, "Actions", name, v);
		return PL_OK;
	case A_ID:
		if (s && strcmp(s, "current_user") == 0 && f->ref == REF_USER)
			return PL_OK;
		if (!v || json_is_null(v) || (s && !*s))
			return f->clearable && v ? PL_OK : rules_bad_value(c, "Actions", name, v);
		return rules_check_id(c, "Actions", name, v, f->ref, refs);
	case A_TAGS_SET:
	case A_TAGS_ADD:
	case A_TAGS_REMOVE:
		return word_list(v, f->type == A_TAGS_SET) ? PL_OK
			: rules_bad_value(c, "Actions", name, v);
	case A_CUSTOM:
		if (refs && !refs->exists(refs->arg, REF_FIELD, cid))
			return ctx_invalid(c, "actions", "InvalidValue",
				"Actions: '%s' names no custom ticket field", name);
		return json_is_object(v) || !v ? rules_bad_value(c, "Actions", name, v) : PL_OK;
	case A_SUBJECT:
		if (!s || !*s)
			return rules_bad_value(c, "Actions", name, v);
		return check_template(c, name, "text", v);
	case A_COMMENT:
	case A_COMMENT_HTML:
		if (f->type == A_COMMENT && json_is_array(v) && (json_array_size(v) != 2 ||
		    !json_is_string(json_array_get(v, 0))))
			return rules_bad_value(c, "Actions", name, v);
		return check_template(c, name, "text", comment_text(v));
	case A_COMMENT_MODE:
		return flag(v) >= 0 ? PL_OK : rules_bad_value(c, "Actions", name, v);
	default:
		return check_notification(c, f, v, refs);
	}
}

enum pl_err rules_check_actions(struct ctx *c, const json_t *actions,
	enum rule_kind kind, const struct rule_refs *refs)
{
	if (!actions || json_is_null(actions))
		return PL_OK;
	if (!json_is_array(actions))
		return ctx_invalid(c, "actions", "InvalidValue", "Actions: must be an array");
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a) {
		enum pl_err e = check_action(c, a, kind, refs);
		if (e)
			return e;
	}
	return PL_OK;
}

/* ---- applying ---- */

static bool has_tag(const json_t *tags, const char *w, size_t n)
{
	size_t i;
	json_t *x;
	json_array_foreach(tags, i, x) {
		const char *s = json_string_value(x);
		if (s && strlen(s) == n && strncmp(s, w, n) == 0)
			return true;
	}
	return false;
}

static bool add_tag(const char *w, size_t n, void *arg)
{
	json_t *tags = arg;
	if (!has_tag(tags, w, n))
		json_array_append_new(tags, json_stringn(w, n));
	return false;
}

static bool remove_tag(const char *w, size_t n, void *arg)
{
	json_t *tags = arg;
	for (size_t i = json_array_size(tags); i-- > 0;) {
		const char *s = json_string_value(json_array_get(tags, i));
		if (s && strlen(s) == n && strncmp(s, w, n) == 0)
			json_array_remove(tags, i);
	}
	return false;
}

static json_t *tags_of(json_t *t)
{
	json_t *tags = json_object_get(t, "tags");
	if (!json_is_array(tags)) {
		tags = json_array();
		json_object_set_new(t, "tags", tags);
	}
	return tags;
}

/* Sets custom field id to v (borrowed) in list ([{id,value}]), adding it
 * when missing. */
static void set_custom(json_t *list, int64_t id, const json_t *v)
{
	size_t i;
	json_t *f;
	json_array_foreach(list, i, f)
		if (json_integer_value(json_object_get(f, "id")) == id) {
			json_object_set(f, "value", (json_t *)v);
			return;
		}
	json_array_append_new(list, json_pack("{s:I,s:O}", "id", (json_int_t)id,
		"value", v));
}

static void apply_custom(json_t *t, int64_t id, const json_t *v)
{
	json_t *list = json_object_get(t, "custom_fields");
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(t, "custom_fields", list);
	}
	set_custom(list, id, v);
	/* Zendesk's ticket also carries the same values as "fields". */
	if (json_is_array(json_object_get(t, "fields")))
		set_custom(json_object_get(t, "fields"), id, v);
}

static void apply_id(json_t *t, const struct act_field *f, const json_t *v,
	const struct rule_env *env)
{
	const char *s = json_string_value(v);
	int64_t id;
	if (s && strcmp(s, "current_user") == 0)
		id = env->current_user_id;
	else if (!rules_id_value(v, &id))
		return;
	json_object_set_new(t, f->key, jid(id));
}

/* Applies one field action to t; comment actions fill *comment. */
static void apply_field(json_t *t, const struct act_field *f, int64_t cid,
	const json_t *v, const struct rule_env *env, json_t **comment)
{
	const char *s = json_string_value(v);
	switch (f->type) {
	case A_ENUM:
		if (s)
			json_object_set_new(t, f->key, *s ? json_string(s) : json_null());
		break;
	case A_ID:
		apply_id(t, f, v, env);
		break;
	case A_TAGS_SET:
		json_array_clear(tags_of(t));
		rules_each_word(v, add_tag, tags_of(t));
		break;
	case A_TAGS_ADD:
		rules_each_word(v, add_tag, tags_of(t));
		break;
	case A_TAGS_REMOVE:
		rules_each_word(v, remove_tag, tags_of(t));
		break;
	case A_CUSTOM:
		apply_custom(t, cid, v);
		break;
	case A_SUBJECT:
		if (s)
			json_object_set_new(t, "subject", json_string(s));
		break;
	default: /* comment parts */
		if (!*comment)
			*comment = json_pack("{s:s,s:n,s:n,s:b}", "type", "comment", "body",
				"html_body", "public", 1);
		if (f->type == A_COMMENT && json_is_string(comment_text(v)))
			json_object_set(*comment, "body", (json_t *)comment_text(v));
		else if (f->type == A_COMMENT_HTML && s)
			json_object_set_new(*comment, "html_body", json_string(s));
		else if (f->type == A_COMMENT_MODE && flag(v) >= 0)
			json_object_set_new(*comment, "public", json_boolean(flag(v)));
		break;
	}
}

static json_t *notify_user(const json_t *t, const json_t *v, const struct rule_env *env)
{
	json_t *who = json_array_get(v, 0);
	const char *s = json_string_value(who);
	int64_t id = 0;
	if (s && (strcmp(s, "requester_id") == 0 || strcmp(s, "requester_and_ccs") == 0))
		id = json_integer_value(json_object_get(t, "requester_id"));
	else if (s && strcmp(s, "assignee_id") == 0)
		id = json_integer_value(json_object_get(t, "assignee_id"));
	else if (s && strcmp(s, "current_user") == 0)
		id = env->current_user_id;
	else if (!(s && strcmp(s, "all_agents") == 0) && !rules_id_value(who, &id))
		return NULL;
	bool all = s && strcmp(s, "all_agents") == 0;
	if (!id && !all)
		return NULL;
	return json_pack("{s:s,s:s,s:o,s:O,s:O}", "type", "notification_user",
		"recipient", s && rules_rank(recipients, s) ? s : "user", "user_id", jid(id),
		"subject", json_array_get(v, 1), "body", json_array_get(v, 2));
}

static json_t *notify_group(const json_t *t, const json_t *v)
{
	json_t *which = json_array_get(v, 0);
	const char *s = json_string_value(which);
	int64_t id = 0;
	if (s && strcmp(s, "group_id") == 0)
		id = json_integer_value(json_object_get(t, "group_id"));
	else if (!rules_id_value(which, &id))
		return NULL;
	if (!id)
		return NULL;
	return json_pack("{s:s,s:I,s:O,s:O}", "type", "notification_group",
		"group_id", (json_int_t)id, "subject", json_array_get(v, 1),
		"body", json_array_get(v, 2));
}

static json_t *notify_webhook(const json_t *v)
{
	json_t *id = json_array_get(v, 0);
	char buf[32];
	const char *s = json_is_integer(id) ? (snprintf(buf, sizeof(buf), "%lld",
		(long long)json_integer_value(id)), buf) : json_string_value(id);
	if (!s || !json_is_string(json_array_get(v, 1)))
		return NULL;
	return json_pack("{s:s,s:s,s:O}", "type", "notification_webhook", "webhook_id", s,
		"body", json_array_get(v, 1));
}

json_t *rules_apply(const json_t *actions, const json_t *ticket,
	const struct rule_env *env, json_t **effects)
{
	json_t *t = json_is_object(ticket) ? json_deep_copy(ticket) : json_object();
	json_t *comment = NULL, *a;
	size_t i;
	*effects = json_array();
	json_array_foreach(actions, i, a) {
		int64_t cid;
		const struct act_field *f = act_field(
			json_string_value(json_object_get(a, "field")), &cid);
		if (f && f->type < A_NOTIFY_USER)
			apply_field(t, f, cid, json_object_get(a, "value"), env, &comment);
	}
	if (comment)
		json_array_append_new(*effects, comment);
	json_array_foreach(actions, i, a) {
		int64_t cid;
		const struct act_field *f = act_field(
			json_string_value(json_object_get(a, "field")), &cid);
		json_t *v = json_object_get(a, "value"), *e = NULL;
		if (!f || !json_is_array(v))
			continue;
		if (f->type == A_NOTIFY_USER && json_array_size(v) == 3)
			e = notify_user(t, v, env);
		else if (f->type == A_NOTIFY_GROUP && json_array_size(v) == 3)
			e = notify_group(t, v);
		else if (f->type == A_NOTIFY_WEBHOOK && json_array_size(v) == 2)
			e = notify_webhook(v);
		if (e)
			json_array_append_new(*effects, e);
	}
	return t;
}

/* ---- the automation check ---- */

/* Ids no real record has, for examples: the current user and "another". */
#define EXAMPLE_USER ((json_int_t)9007199254740990LL)
#define EXAMPLE_OTHER ((json_int_t)9007199254740991LL)

/* A ticket whose field f (custom field cid) holds v (stolen). */
static json_t *example(const struct cond_field *f, int64_t cid, json_t *v)
{
	if (f->type == C_CUSTOM)
		return json_pack("{s:[{s:I,s:o}]}", "custom_fields", "id", (json_int_t)cid,
			"value", v);
	return json_pack("{s:o}", f->type == C_TAGS ? "tags" : f->key, v);
}

static bool word_to_array(const char *w, size_t n, void *arg)
{
	json_array_append_new(arg, json_stringn(w, n));
	return false;
}

/* Values of the condition's field worth trying (new reference). */
static json_t *examples_of(const struct cond_field *f, const json_t *cond)
{
	json_t *v = json_object_get(cond, "value"), *list = json_array(), *words;
	const char *s = json_string_value(v);
	switch (f->type) {
	case C_ENUM:
		for (int i = 0; f->values[i]; i++)
			json_array_append_new(list, json_string(f->values[i]));
		json_array_append_new(list, json_null());
		break;
	case C_TAGS:
		words = json_array();
		rules_each_word(v, word_to_array, words);
		json_array_append_new(list, words);
		json_array_append_new(list, json_array());
		break;
	case C_ID:
		if (s && strcmp(s, "current_user") == 0)
			json_array_append_new(list, json_integer(EXAMPLE_USER));
		else
			json_array_append(list, v);
		json_array_append_new(list, json_null());
		json_array_append_new(list, json_integer(EXAMPLE_OTHER));
		break;
	default: /* C_CUSTOM */
		json_array_append(list, v);
		json_array_append_new(list, json_null());
		json_array_append_new(list, json_string("\x01other"));
		words = json_array();
		rules_each_word(v, word_to_array, words);
		json_array_append_new(list, words);
		break;
	}
	return list;
}

/* Whether the actions make cond false on every ticket it held for. */
static bool nullified(const json_t *cond, const json_t *actions)
{
	int64_t cid;
	const struct cond_field *f = rules_cond_field(
		json_string_value(json_object_get(cond, "field")), &cid);
	if (!f || (f->type != C_ENUM && f->type != C_ID && f->type != C_TAGS &&
	    f->type != C_CUSTOM))
		return false;
	struct rule_env env = { .current_user_id = EXAMPLE_USER, .current_role = ROLE_AGENT };
	json_t *list = examples_of(f, cond), *v;
	size_t i;
	int held = 0;
	bool survived = false;
	json_array_foreach(list, i, v) {
		json_t *t = example(f, cid, json_incref(v)), *effects;
		if (rules_match_one(cond, t, NULL, &env)) {
			held++;
			json_t *after = rules_apply(actions, t, &env, &effects);
			survived = survived || rules_match_one(cond, after, NULL, &env);
			json_decref(after);
			json_decref(effects);
		}
		json_decref(t);
	}
	json_decref(list);
	return held > 0 && !survived;
}

/* Whether cond is "hours since X is N": true in one hourly run only, so it
 * cannot fire twice on a ticket either (Zendesk accepts it for that). */
static bool fires_once(const json_t *cond)
{
	int64_t cid;
	const struct cond_field *f = rules_cond_field(
		json_string_value(json_object_get(cond, "field")), &cid);
	const char *op = json_string_value(json_object_get(cond, "operator"));
	return f && f->type == C_TIME && op &&
		(strcmp(op, "is") == 0 || strcmp(op, "is_business_hours") == 0);
}

static bool has_time_condition(const json_t *conditions)
{
	static const char *const parts[] = { "all", "any" };
	for (size_t p = 0; p < 2; p++) {
		size_t i;
		json_t *cond;
		json_array_foreach(json_object_get(conditions, parts[p]), i, cond) {
			int64_t cid;
			const struct cond_field *f = rules_cond_field(
				json_string_value(json_object_get(cond, "field")), &cid);
			if (f && f->type == C_TIME)
				return true;
		}
	}
	return false;
}

enum pl_err rules_check_automation(struct ctx *c, const json_t *conditions,
	const json_t *actions)
{
	if (!has_time_condition(conditions))
		return ctx_invalid(c, "conditions", "InvalidValue", "Conditions: an "
			"automation needs a time-based condition, such as hours since solved");
	size_t i;
	json_t *cond, *any = json_object_get(conditions, "any");
	json_array_foreach(json_object_get(conditions, "all"), i, cond)
		if (fires_once(cond) || nullified(cond, actions))
			return PL_OK;
	bool all_any = json_array_size(any) > 0;
	json_array_foreach(any, i, cond)
		all_any = all_any && nullified(cond, actions);
	if (all_any)
		return PL_OK;
	return ctx_invalid(c, "conditions", "InvalidValue", "Conditions: an automation "
		"needs a condition that one of its actions makes false (for example status "
		"is solved with an action setting status to closed), or it would fire on "
		"the same ticket every hour");
}

/* ---- definitions ---- */

json_t *rules_definitions(enum rule_kind kind)
{
	json_t *defs = kind == RULE_MACRO ? json_object() : rules_cond_definitions(kind);
	json_t *acts = json_array();
	for (size_t i = 0; i < PL_ARRAY_LEN(actions_table); i++) {
		const struct act_field *f = &actions_table[i];
		if (!(f->kinds & KIND(kind)))
			continue;
		json_t *vals = json_array();
		for (int k = 0; f->values && f->values[k]; k++)
			if (strcmp(f->values[k], "new") != 0 &&
			    (strcmp(f->values[k], "closed") != 0 || kind == RULE_AUTOMATION))
				json_array_append_new(vals, json_pack("{s:s,s:s,s:b}",
					"value", f->values[k], "title", f->values[k], "enabled", 1));
		json_array_append_new(acts, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b,s:o}",
			"subject", f->name, "title", f->title,
			"type", f->type == A_ENUM ? "list" : f->type == A_ID ? "autocomplete"
			: f->type >= A_NOTIFY_USER ? "list" : "text",
			"group", f->type >= A_NOTIFY_USER ? "notification" : "ticket",
			"nullable", f->clearable, "repeatable", f->type >= A_NOTIFY_USER,
			"values", vals));
	}
	json_object_set_new(defs, "actions", acts);
	return defs;
}
