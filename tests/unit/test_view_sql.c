/*
 * test_view_sql.c: view conditions translated to SQL (core/view_sql.c)
 * select exactly the tickets the rules engine selects.
 *
 * A store gets an account, agents, groups, an organization and a dozen
 * tickets written through the ticket core at chosen times (so that status
 * changes, updates and due dates lie at known distances from "now").
 * For every translated field and operator, the tickets the SQL keeps are
 * compared with the tickets rules_match keeps (through view_check, which
 * hands the engine each ticket as rendered and its times); where the
 * translation is only a prefilter, the SQL must keep a superset.
 */
#include "unit.h"

#include "core/accounts.h"
#include "core/groups.h"
#include "core/organizations.h"
#include "core/ticket_field_defs.h"
#include "core/tickets.h"
#include "core/users.h"
#include "core/view_sql.h"

#define HOUR 3600
#define T0 1800000000   /* "now" of the conditions */

struct world {
	struct unit_fixture *f;
	int64_t admin, agent, g1, g2, org, brand, field;
	int64_t ids[32];
	int n;
	int64_t groups[2];
	struct rule_env env;
};

static json_t *J(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_error_t err;
	json_t *v = json_loads(buf, 0, &err);
	if (!v)
		fail_msg("bad JSON %s: %s", buf, err.text);
	return v;
}

static int64_t id_of(json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

/* A ticket write at now - hours_ago; returns the ticket id. */
static int64_t write_ticket(struct world *w, double hours_ago, int64_t id, json_t *in)
{
	struct ctx *c = &w->f->c;
	c->now = T0 - (int64_t)(hours_ago * HOUR);
	struct ticket_written out;
	enum pl_err e = id ? ticket_update(c, id, in, &out) : ticket_create(c, in, &out);
	if (e)
		fail_msg("ticket write failed: %s", c->err_desc ? c->err_desc : "?");
	json_decref(in);
	if (!id)
		w->ids[w->n++] = out.id;
	return out.id;
}

static void build(struct world *w)
{
	struct ctx *c = &w->f->c;
	c->now = T0 - 1000 * HOUR;
	assert_int_equal(account_create(c, "acme", "admin@acme.test", "password-1",
		&w->admin), PL_OK);
	w->brand = c->brand_id;
	c->me = (struct principal){ .id = w->admin, .role = ROLE_ADMIN,
		.email = "admin@acme.test" };
	json_t *o;
	assert_int_equal(user_create(c, jown(c->a, J("{\"name\":\"Agent\",\"email\":"
		"\"agent@acme.test\",\"role\":\"agent\",\"locale\":\"de\"}")), &o), PL_OK);
	w->agent = id_of(o);
	assert_int_equal(group_create(c, jown(c->a, J("{\"name\":\"Level 1\"}")), &o), PL_OK);
	w->g1 = id_of(o);
	assert_int_equal(group_create(c, jown(c->a, J("{\"name\":\"Level 2\"}")), &o), PL_OK);
	w->g2 = id_of(o);
	assert_int_equal(org_create(c, jown(c->a, J("{\"name\":\"Globex\"}")), &o), PL_OK);
	w->org = id_of(o);
	assert_int_equal(ticket_field_def_create(c, jown(c->a, J("{\"type\":\"text\","
		"\"title\":\"Order\"}")), &o), PL_OK);
	w->field = id_of(o);
	assert_true(db_exec(c->db, "INSERT INTO group_memberships(account_id, user_id,"
		" group_id, created_at, updated_at) VALUES (?, ?, ?, 0, 0)", "iii",
		c->account_id, w->admin, w->g1));

	int64_t t;
	write_ticket(w, 2, 0, J("{\"subject\":\"Printer on fire\",\"comment\":\"x\","
		"\"priority\":\"high\",\"type\":\"question\",\"tags\":[\"vip\",\"printer\"]}"));
	write_ticket(w, 30, 0, J("{\"subject\":\"Café PRINTERS\",\"comment\":\"x\","
		"\"assignee_id\":%lld,\"group_id\":%lld,\"priority\":\"low\","
		"\"organization_id\":%lld}", (long long)w->agent, (long long)w->g1,
		(long long)w->org));
	t = write_ticket(w, 400, 0, J("{\"subject\":\"Billing\",\"comment\":\"x\","
		"\"group_id\":%lld,\"tags\":[\"billing\"],\"custom_fields\":[{\"id\":%lld,"
		"\"value\":\"A-1\"}]}", (long long)w->g2, (long long)w->field));
	write_ticket(w, 399, t, J("{\"assignee_id\":%lld,\"status\":\"pending\"}",
		(long long)w->admin));
	t = write_ticket(w, 500, 0, J("{\"subject\":\"Hold me\",\"comment\":\"x\","
		"\"type\":\"incident\",\"group_id\":%lld,\"assignee_id\":%lld}",
		(long long)w->g1, (long long)w->admin));
	write_ticket(w, 10.5, t, J("{\"status\":\"hold\"}"));
	t = write_ticket(w, 600, 0, J("{\"subject\":\"Solved one\",\"comment\":\"x\","
		"\"assignee_id\":%lld}", (long long)w->agent));
	write_ticket(w, 200.5, t, J("{\"status\":\"solved\"}"));
	t = write_ticket(w, 700, 0, J("{\"subject\":\"Reopened\",\"comment\":\"x\","
		"\"assignee_id\":%lld}", (long long)w->agent));
	write_ticket(w, 300, t, J("{\"status\":\"solved\"}"));
	write_ticket(w, 100, t, J("{\"status\":\"open\"}"));
	t = write_ticket(w, 800, 0, J("{\"subject\":\"Closed\",\"comment\":\"x\","
		"\"assignee_id\":%lld}", (long long)w->admin));
	write_ticket(w, 250, t, J("{\"status\":\"solved\"}"));
	write_ticket(w, 249, t, J("{\"status\":\"closed\"}"));
	write_ticket(w, 5, 0, J("{\"subject\":\"Due soon\",\"comment\":\"x\","
		"\"type\":\"task\",\"due_at\":\"2027-01-15T12:00:00Z\",\"requester_id\":%lld}",
		(long long)w->agent));
	write_ticket(w, 1, 0, J("{\"subject\":\"Due long ago\",\"comment\":\"x\","
		"\"type\":\"task\",\"due_at\":\"2020-01-01T00:00:00Z\"}"));
	t = write_ticket(w, 3, 0, J("{\"subject\":\"Deleted printer\",\"comment\":\"x\","
		"\"tags\":[\"vip\"]}"));
	c->now = T0 - 2 * HOUR;
	assert_int_equal(ticket_delete(c, t), PL_OK);
	/* The due dates above, relative to T0 (2027-01-15T08:00:00Z). */
	assert_int_equal(T0, 1800000000);

	w->groups[0] = w->g1;
	w->env = (struct rule_env){ .update = RULE_UPDATE_NONE,
		.current_user_id = w->admin, .current_role = ROLE_ADMIN,
		.current_groups = w->groups, .ncurrent_groups = 1, .now = T0 };
	c->now = T0;
}

/* The ids of the SQL's tickets, as a sorted comma list. */
static char *sql_ids(struct world *w, const struct sqlbuf *where)
{
	struct ctx *c = &w->f->c;
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT group_concat(id) FROM (SELECT t.id FROM tickets t"
		" WHERE t.account_id = ?i AND t.deleted_at IS NULL", c->account_id);
	sqlbuf_cat(&b, where);
	sqlbuf_add(&b, " ORDER BY t.id)");
	struct stmt *st = sqlbuf_query(c->db, &b);
	assert_non_null(st);
	assert_int_equal(stmt_step(st), STEP_ROW);
	char *out = arena_strdup(c->a, stmt_text(st, 0) ? stmt_text(st, 0) : "");
	stmt_reset(st);
	return out;
}

/* The ids the engine keeps among every ticket, as a sorted comma list. */
static char *engine_ids(struct world *w, const json_t *cond)
{
	struct ctx *c = &w->f->c;
	bool keep[32];
	assert_int_equal(view_check(c, cond, &w->env, w->ids, w->n, keep), PL_OK);
	struct sbuf b;
	sbuf_init(&b, c->a);
	for (int i = 0; i < w->n; i++)
		if (keep[i])
			sbuf_printf(&b, "%s%lld", b.len ? "," : "", (long long)w->ids[i]);
	return b.s;
}

/* Whether every id of the list sub is in the list super. */
static bool subset(const char *sub, const char *super)
{
	char *copy = strdup(sub), *save = NULL;
	bool ok = true;
	for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		char pat[32];
		snprintf(pat, sizeof(pat), ",%s,", id);
		char *wrapped = NULL;
		if (asprintf(&wrapped, ",%s,", super) < 0)
			fail();
		ok &= strstr(wrapped, pat) != NULL;
		free(wrapped);
	}
	free(copy);
	return ok;
}

/* conditions is a JSON object text; exact: what the translation must say. */
static void agree(struct world *w, bool exact_wanted, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_t *cond = J("%s", buf);
	struct sqlbuf where;
	sqlbuf_init(&where, w->f->c.a);
	bool exact;
	view_sql_where(&w->f->c, cond, &w->env, &where, &exact);
	char *by_sql = sql_ids(w, &where), *by_engine = engine_ids(w, cond);
	if (exact != exact_wanted)
		fail_msg("%s: exact is %d", buf, exact);
	if (exact && strcmp(by_sql, by_engine))
		fail_msg("%s\n  sql:    [%s]\n  engine: [%s]", buf, by_sql, by_engine);
	if (!exact && !subset(by_engine, by_sql))
		fail_msg("%s: prefilter [%s] misses engine's [%s]", buf, by_sql, by_engine);
	json_decref(cond);
}

/* {"all":[one condition]} */
#define ONE(field, op, value) \
	"{\"all\":[{\"field\":\"" field "\",\"operator\":\"" op "\",\"value\":" value "}]}"

static void enums(void **state)
{
	struct world w = { .f = *state };
	build(&w);
	static const char *const statuses[] = { "new", "open", "pending", "hold",
		"solved", "closed" };
	static const char *const ops[] = { "is", "is_not", "less_than", "greater_than",
		"less_than_equal", "greater_than_equal" };
	for (size_t s = 0; s < 6; s++)
		for (size_t o = 0; o < 6; o++)
			agree(&w, true, "{\"all\":[{\"field\":\"status\",\"operator\":\"%s\","
				"\"value\":\"%s\"}]}", ops[o], statuses[s]);
	static const char *const prios[] = { "\"\"", "\"low\"", "\"normal\"", "\"high\"",
		"\"urgent\"" };
	for (size_t p = 0; p < 5; p++)
		for (size_t o = 0; o < 6; o++)
			agree(&w, true, "{\"all\":[{\"field\":\"priority\",\"operator\":\"%s\","
				"\"value\":%s}]}", ops[o], prios[p]);
	agree(&w, true, ONE("type", "is", "\"question\""));
	agree(&w, true, ONE("type", "is_not", "\"task\""));
	agree(&w, true, ONE("type", "is", "\"\""));
	agree(&w, true, ONE("type", "is_not", "\"\""));
}

static void ids(void **state)
{
	struct world w = { .f = *state };
	build(&w);
	static const char *const ops[] = { "is", "is_not" };
	for (size_t o = 0; o < 2; o++) {
		const char *op = ops[o];
		char v[32];
		agree(&w, true, "{\"all\":[{\"field\":\"assignee_id\",\"operator\":\"%s\","
			"\"value\":\"current_user\"}]}", op);
		agree(&w, true, "{\"all\":[{\"field\":\"assignee_id\",\"operator\":\"%s\","
			"\"value\":\"\"}]}", op);
		snprintf(v, sizeof(v), "%lld", (long long)w.agent);
		agree(&w, true, "{\"all\":[{\"field\":\"assignee_id\",\"operator\":\"%s\","
			"\"value\":%s}]}", op, v);
		agree(&w, true, "{\"all\":[{\"field\":\"requester_id\",\"operator\":\"%s\","
			"\"value\":\"%s\"}]}", op, v);
		agree(&w, true, "{\"all\":[{\"field\":\"requester_id\",\"operator\":\"%s\","
			"\"value\":\"current_user\"}]}", op);
		agree(&w, true, "{\"all\":[{\"field\":\"group_id\",\"operator\":\"%s\","
			"\"value\":\"current_groups\"}]}", op);
		agree(&w, true, "{\"all\":[{\"field\":\"group_id\",\"operator\":\"%s\","
			"\"value\":%lld}]}", op, (long long)w.g2);
		agree(&w, true, "{\"all\":[{\"field\":\"organization_id\",\"operator\":\"%s\","
			"\"value\":%lld}]}", op, (long long)w.org);
		agree(&w, true, "{\"all\":[{\"field\":\"brand_id\",\"operator\":\"%s\","
			"\"value\":%lld}]}", op, (long long)w.brand);
		agree(&w, true, "{\"all\":[{\"field\":\"ticket_form_id\",\"operator\":\"%s\","
			"\"value\":1}]}", op);
	}
	agree(&w, true, ONE("group_id", "present", "null"));
	agree(&w, true, ONE("group_id", "not_present", "null"));
	agree(&w, true, ONE("assignee_id", "present", "null"));
	agree(&w, true, ONE("organization_id", "not_present", "null"));
	/* No current user: current_user matches nothing. */
	w.env.current_user_id = 0;
	agree(&w, true, ONE("assignee_id", "is", "\"current_user\""));
	agree(&w, true, ONE("assignee_id", "is_not", "\"current_user\""));
}

static void tags_via_subject(void **state)
{
	struct world w = { .f = *state };
	build(&w);
	agree(&w, true, ONE("current_tags", "includes", "\"vip billing\""));
	agree(&w, true, ONE("current_tags", "includes", "[\"printer\"]"));
	agree(&w, true, ONE("current_tags", "not_includes", "\"vip\""));
	agree(&w, true, ONE("current_tags", "includes", "\"VIP\""));
	agree(&w, true, ONE("via_id", "is", "5"));
	agree(&w, true, ONE("via_id", "is_not", "5"));
	agree(&w, true, ONE("via_id", "is", "4"));
	agree(&w, true, ONE("subject_includes_word", "is", "\"print\""));
	agree(&w, true, ONE("subject_includes_word", "is_not", "\"PRINT\""));
	agree(&w, true, ONE("subject_includes_word", "is", "\"\""));
	agree(&w, false, ONE("subject_includes_word", "includes", "\"printer\""));
	agree(&w, false, ONE("subject_includes_word", "includes", "\"print\""));
	agree(&w, false, ONE("subject_includes_word", "not_includes", "\"printer\""));
}

static void times(void **state)
{
	struct world w = { .f = *state };
	build(&w);
	static const char *const fields[] = { "NEW", "updated_at", "OPEN", "PENDING",
		"HOLD", "SOLVED", "CLOSED", "due_date", "until_due_date",
		"hours_since_solved", "hours_since_created" };
	static const char *const ops[] = { "is", "less_than", "greater_than" };
	static const int hours[] = { 0, 1, 2, 5, 10, 24, 30, 100, 200, 250, 300, 399,
		1000, 100000 };
	for (size_t f = 0; f < PL_ARRAY_LEN(fields); f++)
		for (size_t o = 0; o < 3; o++)
			for (size_t h = 0; h < PL_ARRAY_LEN(hours); h++)
				agree(&w, true, "{\"all\":[{\"field\":\"%s\",\"operator\":"
					"\"%s\",\"value\":%d}]}", fields[f], ops[o], hours[h]);
	/* Only the engine knows these: SQL narrows nothing, the check decides. */
	agree(&w, false, ONE("assigned_at", "less_than", "500"));
	agree(&w, false, ONE("requester_updated_at", "greater_than", "10"));
	agree(&w, false, ONE("NEW", "less_than_business_hours", "10"));
}

static void all_and_any(void **state)
{
	struct world w = { .f = *state };
	build(&w);
	agree(&w, true, "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\","
		"\"value\":\"solved\"},{\"field\":\"assignee_id\",\"operator\":\"is\","
		"\"value\":\"current_user\"}],\"any\":[]}");
	agree(&w, true, "{\"all\":[],\"any\":[{\"field\":\"status\",\"operator\":\"is\","
		"\"value\":\"new\"},{\"field\":\"group_id\",\"operator\":\"is\",\"value\":%lld}]}",
		(long long)w.g2);
	agree(&w, false, "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\","
		"\"value\":\"solved\"}],\"any\":[{\"field\":\"custom_fields_%lld\","
		"\"operator\":\"is\",\"value\":\"A-1\"},{\"field\":\"status\",\"operator\":"
		"\"is\",\"value\":\"new\"}]}", (long long)w.field);
	agree(&w, false, "{\"all\":[{\"field\":\"custom_fields_%lld\",\"operator\":"
		"\"present\",\"value\":null}]}", (long long)w.field);
	/* Unknown fields and operators match nothing, as in the engine. */
	agree(&w, true, ONE("no_such_field", "is", "1"));
	agree(&w, true, ONE("status", "no_such_op", "\"new\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(enums, unit_setup, unit_teardown),
		cmocka_unit_test_setup_teardown(ids, unit_setup, unit_teardown),
		cmocka_unit_test_setup_teardown(tags_via_subject, unit_setup, unit_teardown),
		cmocka_unit_test_setup_teardown(times, unit_setup, unit_teardown),
		cmocka_unit_test_setup_teardown(all_and_any, unit_setup, unit_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
