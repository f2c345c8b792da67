/*
 * rules.c: business-rule conditions: the field table, validation and
 * evaluation against ticket JSON (see rules.h).
 *
 * Each condition field has one row in `fields`: how its value is read
 * (enum ctype), the operators and rule kinds it allows.  Evaluation reads
 * only its arguments; validation reports through the ctx and asks the
 * caller's struct rule_refs about ids.
 *
 * Semantics worth knowing (docs/rules.md has the full list):
 *  - Values compare as text: ids 12 and "12" are equal; "" means none.
 *  - changed / value / value_previous compare the ticket with `previous`.
 *    On a create without `previous`, every set field has changed (from
 *    nothing); on a change without it, nothing has.  not_value and
 *    not_value_previous are the negations of value and value_previous.
 *  - Time conditions count whole hours (floor) since or until a time of
 *    struct rule_times; a time that never happened (0) matches nothing.
 *    The _business_hours operators count business hours of env->schedule.
 *  - Without a schedule, every hour is a business hour (Zendesk's rule for
 *    accounts without one).
 *
 * Invariant: rules_match never allocates from an arena and never fails;
 * what validation would reject simply does not match.
 */
#include "parley.h"
#include "core/rulesInt.h"
#include "core/schedule.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const rules_statuses[] = { "new", "open", "pending", "hold", "solved",
	"closed", NULL };
const char *const rules_priorities[] = { "low", "normal", "high", "urgent", NULL };
const char *const rules_types[] = { "question", "incident", "problem", "task", NULL };

static const char *const op_names[OP_COUNT] = {
	"is", "is_not", "less_than", "greater_than", "less_than_equal",
	"greater_than_equal", "changed", "not_changed", "value", "value_previous",
	"not_value", "not_value_previous", "includes", "not_includes", "present",
	"not_present", "is_business_hours", "less_than_business_hours",
	"greater_than_business_hours",
};

static const char *const op_titles[OP_COUNT] = {
	"Is", "Is not", "Less than", "Greater than", "Less than or equal to",
	"Greater than or equal to", "Changed", "Not changed", "Changed to",
	"Changed from", "Not changed to", "Not changed from", "Contains at least one",
	"Contains none", "Present", "Not present", "Is (business hours)",
	"Less than (business hours)", "Greater than (business hours)",
};

#define O(x) (1u << (x))
#define EQ (O(OP_IS) | O(OP_IS_NOT))
#define ORD (O(OP_LT) | O(OP_GT) | O(OP_LTE) | O(OP_GTE))
#define CHG (O(OP_CHANGED) | O(OP_NOT_CHANGED) | O(OP_VALUE) | O(OP_VALUE_PREV) | \
	O(OP_NOT_VALUE) | O(OP_NOT_VALUE_PREV))
#define INC (O(OP_INCLUDES) | O(OP_NOT_INCLUDES))
#define PRES (O(OP_PRESENT) | O(OP_NOT_PRESENT))
#define BH (O(OP_IS_BH) | O(OP_LT_BH) | O(OP_GT_BH))
#define HOURS (O(OP_IS) | O(OP_LT) | O(OP_GT) | BH)
/* Operators that take no value. */
#define NOVALUE (O(OP_CHANGED) | O(OP_NOT_CHANGED) | PRES)

#define K_T KIND(RULE_TRIGGER)
#define K_TA (KIND(RULE_TRIGGER) | KIND(RULE_AUTOMATION))
#define K_AV (KIND(RULE_AUTOMATION) | KIND(RULE_VIEW))
#define K_TAV (KIND(RULE_TRIGGER) | KIND(RULE_AUTOMATION) | KIND(RULE_VIEW))

#define TIME(name, title, member, until) \
	{ name, title, C_TIME, NULL, NULL, HOURS, K_AV, \
	  offsetof(struct rule_times, member), until, -1 }

static const struct cond_field fields[] = {
	{ "status", "Status", C_ENUM, "status", rules_statuses, EQ | ORD | CHG, K_TAV, 0, false, -1 },
	{ "type", "Type", C_ENUM, "type", rules_types, EQ | CHG, K_TAV, 0, false, -1 },
	{ "priority", "Priority", C_ENUM, "priority", rules_priorities, EQ | ORD | CHG, K_TAV,
	  0, false, -1 },
	{ "group_id", "Group", C_ID, "group_id", NULL, EQ | CHG | PRES, K_TAV, 0, false,
	  REF_GROUP },
	{ "assignee_id", "Assignee", C_ID, "assignee_id", NULL, EQ | CHG | PRES, K_TAV, 0,
	  false, REF_USER },
	{ "requester_id", "Requester", C_ID, "requester_id", NULL, EQ | CHG, K_TAV, 0, false,
	  REF_USER },
	{ "organization_id", "Organization", C_ID, "organization_id", NULL, EQ | CHG | PRES,
	  K_TAV, 0, false, REF_ORGANIZATION },
	{ "brand_id", "Brand", C_ID, "brand_id", NULL, EQ | CHG, K_TAV, 0, false, REF_BRAND },
	{ "ticket_form_id", "Form", C_ID, "ticket_form_id", NULL, EQ | CHG, K_TAV, 0, false,
	  REF_FORM },
	{ "current_tags", "Tags", C_TAGS, "tags", NULL, INC, K_TAV, 0, false, -1 },
	{ "via_id", "Channel", C_VIA, NULL, NULL, EQ, K_TAV, 0, false, -1 },
	{ "locale_id", "Requester language", C_LOCALE, NULL, NULL, EQ, K_TAV, 0, false, -1 },
	{ "update_type", "Ticket is", C_UPDATE, NULL, NULL, EQ, K_T, 0, false, -1 },
	{ "comment_is_public", "Comment", C_COMMENT_PUBLIC, NULL, NULL, EQ, K_T, 0, false, -1 },
	{ "comment_includes_word", "Comment text", C_WORDS, NULL, NULL, INC | EQ, K_T, 0, false,
	  -1 },
	{ "subject_includes_word", "Subject text", C_WORDS, "subject", NULL, INC | EQ, K_TAV, 0,
	  false, -1 },
	{ "role", "Current user", C_ROLE, NULL, NULL, EQ, K_T, 0, false, -1 },
	{ "in_business_hours", "Within business hours", C_OPEN_HOURS, NULL, NULL, O(OP_IS),
	  K_TA, 0, false, -1 },
	TIME("NEW", "Hours since created", created_at, false),
	TIME("OPEN", "Hours since open", open_at, false),
	TIME("PENDING", "Hours since pending", pending_at, false),
	TIME("HOLD", "Hours since on-hold", hold_at, false),
	TIME("SOLVED", "Hours since solved", solved_at, false),
	TIME("CLOSED", "Hours since closed", closed_at, false),
	TIME("assigned_at", "Hours since assigned", assigned_at, false),
	TIME("updated_at", "Hours since update", updated_at, false),
	TIME("requester_updated_at", "Hours since requester update", requester_updated_at,
		false),
	TIME("assignee_updated_at", "Hours since assignee update", assignee_updated_at, false),
	TIME("due_date", "Hours since due date", due_at, false),
	TIME("until_due_date", "Hours until due date", due_at, true),
	TIME("sla_last_breach_at", "Hours since last SLA breach", last_sla_breach_at, false),
	TIME("sla_next_breach_at", "Hours until next SLA breach", next_sla_breach_at, true),
	/* Descriptive aliases of the time fields. */
	TIME("hours_since_created", NULL, created_at, false),
	TIME("hours_since_open", NULL, open_at, false),
	TIME("hours_since_pending", NULL, pending_at, false),
	TIME("hours_since_hold", NULL, hold_at, false),
	TIME("hours_since_solved", NULL, solved_at, false),
	TIME("hours_since_closed", NULL, closed_at, false),
	TIME("hours_since_assigned", NULL, assigned_at, false),
	TIME("hours_since_updated", NULL, updated_at, false),
	TIME("hours_since_requester_updated", NULL, requester_updated_at, false),
	TIME("hours_since_agent_updated", NULL, assignee_updated_at, false),
	TIME("hours_since_due", NULL, due_at, false),
	TIME("hours_until_due", NULL, due_at, true),
	TIME("hours_since_last_sla_breach", NULL, last_sla_breach_at, false),
	TIME("hours_until_next_sla_breach", NULL, next_sla_breach_at, true),
};

static const struct cond_field custom_field = {
	"custom_fields_", "Custom field", C_CUSTOM, NULL, NULL, EQ | ORD | CHG | INC | PRES,
	K_TAV, 0, false, REF_FIELD,
};

/* Zendesk's via ids of the channels a ticket's via.channel names. */
static const struct { const char *channel; int id; } vias[] = {
	{ "web", 0 }, { "web_form", 0 }, { "email", 4 }, { "mail", 4 },
	{ "api", 5 }, { "web_service", 5 }, { "rule", 8 }, { "closed_ticket", 27 },
	{ "chat", 29 }, { "twitter", 30 }, { "ticket_sharing", 31 },
	{ "voicemail", 33 }, { "voice", 34 }, { "phone_call_inbound", 34 },
	{ "phone_call_outbound", 35 }, { "blog", 36 }, { "text_message", 37 },
	{ "facebook", 38 }, { "facebook_post", 38 }, { "import", 39 },
	{ "github", 40 }, { "facebook_message", 41 },
};

int rules_via_id(const char *channel)
{
	for (size_t i = 0; channel && i < PL_ARRAY_LEN(vias); i++)
		if (strcmp(vias[i].channel, channel) == 0)
			return vias[i].id;
	return -1;
}

const struct cond_field *rules_cond_field(const char *name, int64_t *custom_id)
{
	*custom_id = 0;
	if (!name)
		return NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(fields); i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	const char *p = name + strlen(custom_field.name);
	if (strncmp(name, custom_field.name, strlen(custom_field.name)) != 0 || !*p ||
	    strspn(p, "0123456789") != strlen(p) || strlen(p) > 15)
		return NULL;
	*custom_id = strtoll(p, NULL, 10);
	return *custom_id > 0 ? &custom_field : NULL;
}

int rules_op_of(const char *name)
{
	for (int i = 0; name && i < OP_COUNT; i++)
		if (strcmp(op_names[i], name) == 0)
			return i;
	return -1;
}

const char *rules_via_channel(size_t i)
{
	return i < PL_ARRAY_LEN(vias) ? vias[i].channel : NULL;
}

int rules_rank(const char *const *values, const char *s)
{
	for (int i = 0; s && values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return i + 1;
	return 0;
}

bool rules_id_value(const json_t *v, int64_t *out)
{
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out >= 0;
	}
	const char *s = json_string_value(v);
	if (!s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return false;
	*out = *s ? strtoll(s, NULL, 10) : 0;
	return true;
}

bool rules_each_word(const json_t *v, rules_word_fn fn, void *arg)
{
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			if (json_is_string(x) && rules_each_word(x, fn, arg))
				return true;
		return false;
	}
	const char *s = json_string_value(v);
	while (s && *s) {
		size_t skip = strspn(s, " \t\r\n,"), n;
		s += skip;
		if ((n = strcspn(s, " \t\r\n,")) == 0)
			break;
		if (fn(s, n, arg))
			return true;
		s += n;
	}
	return false;
}

/* Text of a scalar value; "" for none and for arrays and objects. */
static const char *text(const json_t *v, char buf[32])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, 32, "%.15g", json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return "";
}

static const json_t *custom_value(const json_t *ticket, int64_t id)
{
	json_t *list = json_object_get(ticket, "custom_fields"), *f;
	size_t i;
	json_array_foreach(list, i, f)
		if (json_integer_value(json_object_get(f, "id")) == id)
			return json_object_get(f, "value");
	return NULL;
}

/* The ticket's value of an enum, id or custom field (borrowed; NULL when
 * absent). */
static const json_t *field_value(const struct cond_field *f, int64_t cid,
	const json_t *ticket)
{
	return f->type == C_CUSTOM ? custom_value(ticket, cid) : json_object_get(ticket, f->key);
}

static bool empty(const json_t *v)
{
	char buf[32];
	return !v || json_is_null(v) || json_is_false(v) ||
		(json_is_array(v) ? json_array_size(v) == 0 : !*text(v, buf));
}

static bool same(const json_t *a, const json_t *b)
{
	if (empty(a) || empty(b))
		return empty(a) && empty(b);
	if (json_is_array(a) || json_is_array(b))
		return json_equal((json_t *)a, (json_t *)b);
	char ba[32], bb[32];
	return strcmp(text(a, ba), text(b, bb)) == 0;
}

/* Whether s is a whole number or decimal; its value in *d. */
static bool number(const char *s, double *d)
{
	char *end;
	if (!*s)
		return false;
	*d = strtod(s, &end);
	return *end == '\0';
}

struct word_find {
	const json_t *in;     /* tags array, or */
	const char *text;     /* text to find whole words in */
};

static bool word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		(ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

/* Whether text holds w as a whole word, ignoring ASCII case. */
static bool has_word(const char *text, const char *w, size_t n)
{
	for (const char *p = text; p && *p; p++)
		if ((p == text || !word_char((unsigned char)p[-1])) &&
		    strncasecmp(p, w, n) == 0 && !word_char((unsigned char)p[n]))
			return true;
	return false;
}

static bool found(const char *w, size_t n, void *arg)
{
	const struct word_find *wf = arg;
	if (wf->text)
		return has_word(wf->text, w, n);
	size_t i;
	json_t *x;
	json_array_foreach(wf->in, i, x) {
		const char *s = json_string_value(x);
		if (s && strlen(s) == n && strncmp(s, w, n) == 0)
			return true;
	}
	return false;
}

/* Whether any word of value occurs in list (an array) or text. */
static bool any_word(const json_t *value, const json_t *list, const char *txt)
{
	struct word_find wf = { list, txt };
	return rules_each_word(value, found, &wf);
}

static bool in_groups(const struct rule_env *env, int64_t id)
{
	for (int i = 0; i < env->ncurrent_groups; i++)
		if (env->current_groups[i] == id)
			return true;
	return false;
}

/* Whether the ticket value cur equals the condition value v. */
static bool equals(const struct cond_field *f, const json_t *cur, const json_t *v,
	const struct rule_env *env)
{
	const char *s = json_string_value(v);
	if (f->type == C_ID) {
		int64_t a, b;
		if (!rules_id_value(cur, &a))
			return false;
		if (s && strcmp(s, "current_user") == 0)
			return a != 0 && a == env->current_user_id;
		if (s && strcmp(s, "current_groups") == 0)
			return in_groups(env, a);
		return rules_id_value(v, &b) && a == b;
	}
	if (f->type == C_CUSTOM && json_is_array(cur)) {
		size_t i;
		json_t *x;
		json_array_foreach(cur, i, x)
			if (same(x, v))
				return true;
		return false;
	}
	char ba[32], bb[32];
	double da, db;
	const char *ta = text(cur, ba), *tb = text(v, bb);
	if (f->type == C_CUSTOM && number(ta, &da) && number(tb, &db))
		return da == db;
	return strcmp(ta, tb) == 0;
}

/* Sign of cur - v in the field's order; false when they do not compare. */
static bool order(const struct cond_field *f, const json_t *cur, const json_t *v,
	int *sign)
{
	char ba[32], bb[32];
	const char *ta = text(cur, ba), *tb = text(v, bb);
	double da, db;
	if (f->type == C_ENUM) {
		int ra = rules_rank(f->values, ta), rb = rules_rank(f->values, tb);
		*sign = (ra > rb) - (ra < rb);
		return true;
	}
	if (!*ta || !*tb)
		return false;
	if (number(ta, &da) && number(tb, &db))
		*sign = (da > db) - (da < db);
	else
		*sign = strcmp(ta, tb) > 0 ? 1 : strcmp(ta, tb) < 0 ? -1 : 0;
	return true;
}

static bool match_value(const struct cond_field *f, int64_t cid, int op,
	const json_t *v, const json_t *ticket, const json_t *prev,
	const struct rule_env *env)
{
	const json_t *cur = field_value(f, cid, ticket);
	int sign;
	if (O(op) & CHG) {
		const json_t *was = prev ? field_value(f, cid, prev)
			: env->update == RULE_UPDATE_CREATE ? NULL : cur;
		bool changed = !same(cur, was);
		switch (op) {
		case OP_CHANGED: return changed;
		case OP_NOT_CHANGED: return !changed;
		case OP_VALUE: return changed && equals(f, cur, v, env);
		case OP_VALUE_PREV: return changed && equals(f, was, v, env);
		case OP_NOT_VALUE: return !(changed && equals(f, cur, v, env));
		default: return !(changed && equals(f, was, v, env));
		}
	}
	switch (op) {
	case OP_IS: return equals(f, cur, v, env);
	case OP_IS_NOT: return !equals(f, cur, v, env);
	case OP_PRESENT: return !empty(cur);
	case OP_NOT_PRESENT: return empty(cur);
	case OP_INCLUDES:
	case OP_NOT_INCLUDES: {
		char buf[32];
		bool any = json_is_array(cur) ? any_word(v, cur, NULL)
			: any_word(v, NULL, text(cur, buf));
		return op == OP_INCLUDES ? any : !any;
	}
	default:
		if (!order(f, cur, v, &sign))
			return false;
		return op == OP_LT ? sign < 0 : op == OP_GT ? sign > 0
			: op == OP_LTE ? sign <= 0 : sign >= 0;
	}
}

static bool match_words(const struct cond_field *f, int op, const json_t *v,
	const json_t *ticket, const struct rule_env *env)
{
	const char *txt = f->key ? json_string_value(json_object_get(ticket, f->key))
		: env->comment ? env->comment_text : NULL;
	if (!txt)
		txt = "";
	if (op == OP_INCLUDES || op == OP_NOT_INCLUDES) {
		bool any = any_word(v, NULL, txt);
		return op == OP_INCLUDES ? any : !any;
	}
	const char *s = json_string_value(v);
	bool has = s && *s && strcasestr(txt, s) != NULL;
	return op == OP_IS ? has : !has;
}

/* The truth a condition value asks for: true/"true" or false/"false". */
static int flag(const json_t *v)
{
	const char *s = json_string_value(v);
	if (json_is_true(v) || (s && strcmp(s, "true") == 0))
		return 1;
	if (json_is_false(v) || (s && strcmp(s, "false") == 0))
		return 0;
	return -1;
}

static bool match_comment(const json_t *v, const struct rule_env *env)
{
	const char *s = json_string_value(v);
	if (s && strcmp(s, "not_relevant") == 0)
		return env->comment;
	if (s && strcmp(s, "requester_can_see_comment") == 0)
		return env->comment && env->comment_public;
	int want = flag(v);
	return env->comment && want >= 0 && env->comment_public == (want == 1);
}

static bool match_role(const json_t *v, const struct rule_env *env)
{
	const char *s = json_string_value(v);
	if (!s)
		return false;
	if (strcmp(s, "end_user") == 0 || strcmp(s, "end-user") == 0)
		return env->current_role <= ROLE_END_USER;
	if (strcmp(s, "agent") == 0)
		return env->current_role >= ROLE_AGENT;
	return strcmp(s, "admin") == 0 && env->current_role >= ROLE_ADMIN;
}

static bool match_locale(const json_t *v, const struct rule_env *env)
{
	int64_t id;
	const char *want = json_string_value(v);
	if (rules_id_value(v, &id) && id == 1) /* Zendesk's locale id 1 */
		want = "en-US";
	return want && env->requester_locale && strcasecmp(want, env->requester_locale) == 0;
}

static bool match_via(const json_t *v, const json_t *ticket)
{
	json_t *ch = json_object_get(json_object_get(ticket, "via"), "channel");
	int64_t want;
	int id = json_is_integer(ch) ? (int)json_integer_value(ch)
		: rules_via_id(json_string_value(ch));
	return id >= 0 && rules_id_value(v, &want) && want == id;
}

static int64_t floor_hours(int64_t seconds)
{
	return seconds >= 0 ? seconds / 3600 : -((-seconds + 3599) / 3600);
}

static bool match_time(const struct cond_field *f, int op, const json_t *v,
	const struct rule_env *env)
{
	int64_t t = *(const int64_t *)((const char *)&env->times + f->time), want;
	if (!t || !rules_id_value(v, &want))
		return false;
	int64_t h;
	if (O(op) & BH) {
		int64_t from = f->until ? env->now : t, to = f->until ? t : env->now;
		h = env->schedule ? schedule_minutes_between(env->schedule, from, to) / 60
			: floor_hours(to - from);
		op = op == OP_IS_BH ? OP_IS : op == OP_LT_BH ? OP_LT : OP_GT;
	} else
		h = floor_hours(f->until ? t - env->now : env->now - t);
	return op == OP_IS ? h == want : op == OP_LT ? h < want : h > want;
}

bool rules_match_one(const json_t *cond, const json_t *ticket, const json_t *previous,
	const struct rule_env *env)
{
	int64_t cid;
	const struct cond_field *f = rules_cond_field(
		json_string_value(json_object_get(cond, "field")), &cid);
	int op = rules_op_of(json_string_value(json_object_get(cond, "operator")));
	const json_t *v = json_object_get(cond, "value");
	if (!f || op < 0 || !(f->ops & O(op)))
		return false;
	bool is = op != OP_IS_NOT;
	switch (f->type) {
	case C_ENUM:
	case C_ID:
	case C_CUSTOM:
		return match_value(f, cid, op, v, ticket, previous, env);
	case C_TAGS: {
		bool any = any_word(v, json_object_get(ticket, "tags"), NULL);
		return op == OP_INCLUDES ? any : !any;
	}
	case C_WORDS:
		return match_words(f, op, v, ticket, env);
	case C_VIA:
		return match_via(v, ticket) == is;
	case C_UPDATE: {
		const char *s = json_string_value(v);
		bool create = s && strcasecmp(s, "Create") == 0;
		bool change = s && strcasecmp(s, "Change") == 0;
		return ((create && env->update == RULE_UPDATE_CREATE) ||
			(change && env->update == RULE_UPDATE_CHANGE)) == is;
	}
	case C_COMMENT_PUBLIC:
		return match_comment(v, env) == is;
	case C_ROLE:
		return match_role(v, env) == is;
	case C_LOCALE:
		return match_locale(v, env) == is;
	case C_TIME:
		return match_time(f, op, v, env);
	case C_OPEN_HOURS: {
		bool open = !env->schedule || schedule_is_open(env->schedule, env->now);
		return flag(v) == (open ? 1 : 0);
	}
	}
	return false;
}

bool rules_match(const json_t *conditions, const json_t *ticket, const json_t *previous,
	const struct rule_env *env)
{
	size_t i;
	json_t *cond;
	json_array_foreach(json_object_get(conditions, "all"), i, cond)
		if (!rules_match_one(cond, ticket, previous, env))
			return false;
	json_t *any = json_object_get(conditions, "any");
	if (json_array_size(any) == 0)
		return true;
	json_array_foreach(any, i, cond)
		if (rules_match_one(cond, ticket, previous, env))
			return true;
	return false;
}

/* ---- validation ---- */

static const char *kind_name(enum rule_kind kind)
{
	static const char *const names[] = { "triggers", "automations", "macros", "views" };
	return names[kind];
}

static bool is_word_list(const json_t *v)
{
	if (json_is_string(v))
		return strspn(json_string_value(v), " \t\r\n,") < json_string_length(v);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (!json_is_string(x))
			return false;
	return true;
}

/* 422 naming section ("Conditions"/"Actions"), field and the bad value. */
enum pl_err rules_bad_value(struct ctx *c, const char *section, const char *field,
	const json_t *v)
{
	char buf[32];
	const char *t = !v ? "(none)" : json_is_array(v) || json_is_object(v) ||
		json_is_null(v) ? jdump(c->a, v) : text(v, buf);
	return ctx_invalid(c, section[0] == 'C' ? "conditions" : "actions", "InvalidValue",
		"%s: '%s' is not a valid value for '%s'", section, t, field);
}

enum pl_err rules_check_id(struct ctx *c, const char *section, const char *field,
	const json_t *v, int ref, const struct rule_refs *refs)
{
	int64_t id;
	if (!v || !rules_id_value(v, &id))
		return rules_bad_value(c, section, field, v);
	if (id > 0 && ref >= 0 && refs && !refs->exists(refs->arg, (enum rule_ref)ref, id))
		return ctx_invalid(c, section[0] == 'C' ? "conditions" : "actions",
			"InvalidValue", "%s: '%s' names %lld, which does not exist",
			section, field, (long long)id);
	return PL_OK;
}

static enum pl_err check_value(struct ctx *c, const struct cond_field *f, const char *name,
	int64_t cid, int op, const json_t *v, const struct rule_refs *refs)
{
	const char *s = json_string_value(v);
	bool ok;
	switch (f->type) {
	case C_ENUM:
		ok = s && (rules_rank(f->values, s) > 0 ||
			(!*s && f->values != rules_statuses));
		break;
	case C_ID:
		if (s && ((strcmp(s, "current_user") == 0 && f->ref == REF_USER) ||
			(strcmp(s, "current_groups") == 0 && f->ref == REF_GROUP)))
			return PL_OK;
		return rules_check_id(c, "Conditions", name, v, f->ref, refs);
	case C_TAGS:
		ok = is_word_list(v);
		break;
	case C_VIA:
	case C_TIME: {
		int64_t n;
		ok = v && !json_is_null(v) && !(s && !*s) && rules_id_value(v, &n);
		break;
	}
	case C_UPDATE:
		ok = s && (strcasecmp(s, "Create") == 0 || strcasecmp(s, "Change") == 0);
		break;
	case C_COMMENT_PUBLIC:
		ok = flag(v) >= 0 || (s && (strcmp(s, "not_relevant") == 0 ||
			strcmp(s, "requester_can_see_comment") == 0));
		break;
	case C_WORDS:
		ok = s && *s;
		break;
	case C_ROLE:
		ok = s && (strcmp(s, "end_user") == 0 || strcmp(s, "end-user") == 0 ||
			strcmp(s, "agent") == 0 || strcmp(s, "admin") == 0);
		break;
	case C_LOCALE: {
		int64_t n;
		ok = (s && *s) || (rules_id_value(v, &n) && n == 1);
		break;
	}
	case C_CUSTOM:
		if (refs && !refs->exists(refs->arg, REF_FIELD, cid))
			return ctx_invalid(c, "conditions", "InvalidValue",
				"Conditions: '%s' names no custom ticket field", name);
		ok = (O(op) & INC) ? is_word_list(v)
			: v && (json_is_string(v) || json_is_number(v) || json_is_boolean(v));
		break;
	default: /* C_OPEN_HOURS */
		ok = flag(v) >= 0;
		break;
	}
	return ok ? PL_OK : rules_bad_value(c, "Conditions", name, v);
}

static enum pl_err check_condition(struct ctx *c, const json_t *cond,
	enum rule_kind kind, const struct rule_refs *refs)
{
	const char *name = json_string_value(json_object_get(cond, "field"));
	const char *opname = json_string_value(json_object_get(cond, "operator"));
	int64_t cid;
	const struct cond_field *f = rules_cond_field(name, &cid);
	if (!json_is_object(cond) || !name)
		return ctx_invalid(c, "conditions", "InvalidValue", "Conditions: each "
			"condition must be an object with field, operator and value");
	if (!f)
		return ctx_invalid(c, "conditions", "InvalidValue",
			"Conditions: '%s' is not a valid field", name);
	if (!(f->kinds & KIND(kind)))
		return ctx_invalid(c, "conditions", "InvalidValue",
			"Conditions: '%s' cannot be used in %s", name, kind_name(kind));
	int op = rules_op_of(opname);
	if (op < 0 || !(f->ops & O(op)))
		return ctx_invalid(c, "conditions", "InvalidValue",
			"Conditions: '%s' is not a valid operator for '%s'",
			opname ? opname : "(none)", name);
	if ((O(op) & CHG) && kind != RULE_TRIGGER)
		return ctx_invalid(c, "conditions", "InvalidValue",
			"Conditions: '%s' can only be used in triggers", opname);
	if (O(op) & NOVALUE)
		return PL_OK;
	return check_value(c, f, name, cid, op, json_object_get(cond, "value"), refs);
}

enum pl_err rules_check_conditions(struct ctx *c, const json_t *conditions,
	enum rule_kind kind, const struct rule_refs *refs)
{
	if (!conditions || json_is_null(conditions))
		return PL_OK;
	if (!json_is_object(conditions))
		return ctx_invalid(c, "conditions", "InvalidValue",
			"Conditions: must be an object with all and any arrays");
	static const char *const parts[] = { "all", "any" };
	for (size_t p = 0; p < 2; p++) {
		json_t *list = json_object_get(conditions, parts[p]), *cond;
		size_t i;
		if (list && !json_is_array(list) && !json_is_null(list))
			return ctx_invalid(c, "conditions", "InvalidValue",
				"Conditions: %s must be an array", parts[p]);
		json_array_foreach(list, i, cond) {
			enum pl_err e = check_condition(c, cond, kind, refs);
			if (e)
				return e;
		}
	}
	return PL_OK;
}

/* ---- definitions ---- */

static void add_value(json_t *vals, const char *value, const char *title)
{
	json_array_append_new(vals, json_pack("{s:s,s:s,s:b}", "value", value,
		"title", title, "enabled", 1));
}

/* Fixed values check_value accepts, as value/title pairs. */
static const char *const update_values[] = { "Create", "Created", "Change", "Updated",
	NULL };
static const char *const comment_values[] = { "true", "Public", "false", "Private",
	"not_relevant", "Present (public or private)",
	"requester_can_see_comment", "Requester can see the comment", NULL };
static const char *const role_values[] = { "end_user", "End user", "agent", "Agent",
	"admin", "Admin", NULL };
static const char *const open_hours_values[] = { "true", "Yes", "false", "No", NULL };

/* The values a definition offers: the field's list, its fixed values, or
 * for channels each via id once. */
static json_t *values_of(const struct cond_field *f)
{
	json_t *vals = json_array();
	for (int i = 0; f->values && f->values[i]; i++)
		add_value(vals, f->values[i], f->values[i]);
	const char *const *pairs = f->type == C_UPDATE ? update_values
		: f->type == C_COMMENT_PUBLIC ? comment_values
		: f->type == C_ROLE ? role_values
		: f->type == C_OPEN_HOURS ? open_hours_values : NULL;
	for (int i = 0; pairs && pairs[i]; i += 2)
		add_value(vals, pairs[i], pairs[i + 1]);
	for (size_t i = 0; f->type == C_VIA && i < PL_ARRAY_LEN(vias); i++) {
		if (i > 0 && vias[i - 1].id == vias[i].id)
			continue;
		char id[16];
		snprintf(id, sizeof(id), "%d", vias[i].id);
		add_value(vals, id, vias[i].channel);
	}
	return vals;
}

static const char *type_of(const struct cond_field *f)
{
	switch (f->type) {
	case C_ENUM: case C_UPDATE: case C_COMMENT_PUBLIC: case C_ROLE:
	case C_OPEN_HOURS: case C_VIA: case C_LOCALE:
		return "list";
	case C_ID: return "autocomplete";
	case C_TAGS: return "tags";
	case C_WORDS: return "text";
	default: return "number";
	}
}

json_t *rules_cond_definitions(enum rule_kind kind)
{
	json_t *list = json_array();
	for (size_t i = 0; i < PL_ARRAY_LEN(fields); i++) {
		const struct cond_field *f = &fields[i];
		if (!f->title || !(f->kinds & KIND(kind)))
			continue;
		json_t *ops = json_array();
		for (int op = 0; op < OP_COUNT; op++)
			if ((f->ops & O(op)) && (kind == RULE_TRIGGER || !(O(op) & CHG)))
				json_array_append_new(ops, json_pack("{s:s,s:s,s:b}",
					"value", op_names[op], "title", op_titles[op],
					"terminal", (O(op) & NOVALUE) != 0));
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b,s:o,s:o}",
			"subject", f->name, "title", f->title, "type", type_of(f),
			"group", f->type == C_TIME ? "time" : "ticket",
			"nullable", f->type == C_ID, "repeatable", f->type == C_TAGS ||
			f->type == C_WORDS, "operators", ops, "values", values_of(f)));
	}
	return json_pack("{s:o,s:O}", "conditions_all", list, "conditions_any", list);
}
