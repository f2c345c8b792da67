/*
 * test_placeholders.c: the Liquid subset of core/placeholders.c: values,
 * derived values, HTML escaping, if/for, filters, unknown names and
 * template checks.
 */
#include "parley.h"
#include "core/placeholders.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static struct arena *a;
static json_t *ctx;

static const char *ctx_text =
	"{\"ticket\":{\"id\":42,\"subject\":\"Printer <on> fire & smoke\","
	"\"status\":\"open\",\"priority\":\"high\",\"type\":\"incident\","
	"\"url\":\"https://acme.example/agent/tickets/42\",\"account\":\"Acme\","
	"\"tags\":[\"printer\",\"fire\"],"
	"\"custom_fields\":[{\"id\":7,\"value\":\"745\"},{\"id\":8,\"value\":null}],"
	"\"requester\":{\"id\":5,\"name\":\"Ada Lovelace King\",\"email\":\"ada@x.test\"},"
	"\"assignee\":null,"
	"\"group\":{\"id\":3,\"name\":\"Support\"},\"brand\":{\"id\":1,\"name\":\"Acme\"},"
	"\"comments\":["
	"{\"author\":{\"name\":\"Ada\"},\"body\":\"It burns\",\"public\":true,"
	"\"created_at\":\"2024-04-01T09:05:00Z\"},"
	"{\"author\":{\"name\":\"Bob\"},\"body\":\"Internal: call fire dept\","
	"\"html_body\":\"<p>Internal</p>\",\"public\":false,"
	"\"created_at\":\"2024-04-02T10:00:00Z\"}]},"
	"\"current_user\":{\"id\":9,\"name\":\"Bob Builder\"},"
	"\"satisfaction\":{\"rating_url\":\"https://acme.example/r/abc\"}}";

static int setup(void **state)
{
	a = arena_new();
	ctx = json_loads(ctx_text, 0, NULL);
	assert_non_null(ctx);
	return 0;
}

static int teardown(void **state)
{
	json_decref(ctx);
	arena_free(a);
	return 0;
}

static const char *render(const char *tmpl)
{
	return placeholders_render(a, tmpl, ctx, false, NULL);
}

static void test_values(void **state)
{
	assert_string_equal(render("#{{ticket.id}} {{ticket.status}}/{{ticket.priority}}"),
		"#42 open/high");
	assert_string_equal(render("{{ ticket.title }}"), "Printer <on> fire & smoke");
	assert_string_equal(render("{{ticket.url}}"), "https://acme.example/agent/tickets/42");
	assert_string_equal(render("{{ticket.link}}"), "https://acme.example/agent/tickets/42");
	assert_string_equal(render("{{ticket.ticket_type}}"), "incident");
	assert_string_equal(render("{{ticket.requester.name}}"), "Ada Lovelace King");
	assert_string_equal(render("{{ticket.requester.first_name}}"), "Ada");
	assert_string_equal(render("{{ticket.requester.last_name}}"), "Lovelace King");
	assert_string_equal(render("[{{ticket.assignee.name}}]"), "[]");
	assert_string_equal(render("{{ticket.group.name}} {{ticket.brand.name}}"),
		"Support Acme");
	assert_string_equal(render("{{current_user.name}} {{current_user.first_name}}"),
		"Bob Builder Bob");
	assert_string_equal(render("{{satisfaction.rating_url}}"), "https://acme.example/r/abc");
	assert_string_equal(render("{{ticket.ticket_field_7}}|{{ticket.ticket_field_8}}|"
		"{{ticket.ticket_field_9}}"), "745||");
	assert_string_equal(render("{{ticket.tags}} {{ticket.tags.size}} {{ticket.tags.first}}"
		" {{ticket.tags[1]}}"), "printer fire 2 printer fire");
	assert_string_equal(render("{{ticket.account}}"), "Acme");
	assert_string_equal(render("no placeholders"), "no placeholders");
	assert_string_equal(render(""), "");
	assert_string_equal(placeholders_render(a, NULL, NULL, false, NULL), "");
	assert_string_equal(placeholders_render(a, "{{ticket.id}}", NULL, false, NULL), "");
}

static void test_comments(void **state)
{
	assert_string_equal(render("{{ticket.latest_comment}}"), "Internal: call fire dept");
	assert_string_equal(render("{{ticket.latest_comment_html}}"), "<p>Internal</p>");
	assert_string_equal(render("{{ticket.latest_public_comment}}"), "It burns");
	assert_string_equal(render("{{ticket.public_comments_formatted}}"),
		"----------------------------------------------\n\n"
		"Ada, Apr 1, 2024, 09:05 UTC\n\nIt burns\n\n");
	const char *all = render("{{ticket.comments_formatted}}");
	/* Newest first. */
	assert_true(strstr(all, "Bob, Apr 2") < strstr(all, "Ada, Apr 1"));
	assert_non_null(strstr(all, "call fire dept"));
	assert_string_equal(render("{{ticket.public_comments.size}}"), "1");
}

static void test_html(void **state)
{
	assert_string_equal(placeholders_render(a, "<b>{{ticket.title}}</b>", ctx, true, NULL),
		"<b>Printer &lt;on&gt; fire &amp; smoke</b>");
	assert_string_equal(placeholders_render(a, "{{ticket.title}}", ctx, false, NULL),
		"Printer <on> fire & smoke");
	json_object_set_new(json_object_get(ctx, "ticket"), "description",
		json_string("\"quoted\" 'single'"));
	assert_string_equal(placeholders_render(a, "{{ticket.description}}", ctx, true, NULL),
		"&quot;quoted&quot; &#39;single&#39;");
}

static void test_if(void **state)
{
	assert_string_equal(render("{% if ticket.assignee %}A{% else %}none{% endif %}"), "none");
	assert_string_equal(render("{% if ticket.requester %}R{% endif %}"), "R");
	assert_string_equal(render("{% if ticket.status == 'open' %}O{% else %}X{% endif %}"), "O");
	assert_string_equal(render("{% if ticket.status != \"open\" %}O{% else %}X{% endif %}"), "X");
	assert_string_equal(render("{% if ticket.id == 42 %}y{% endif %}"), "y");
	assert_string_equal(render("{% if ticket.ticket_field_7 == 745 %}y{% endif %}"), "y");
	assert_string_equal(render("{% if ticket.id > 40 and ticket.id < 50 %}in{% endif %}"), "in");
	assert_string_equal(render("{% if ticket.id > 50 or ticket.priority == 'high' %}or{% endif %}"),
		"or");
	assert_string_equal(render("{% if false or true and false %}T{% else %}F{% endif %}"), "F");
	assert_string_equal(render("{% if ticket.tags contains 'fire' %}hot{% endif %}"), "hot");
	assert_string_equal(render("{% if ticket.title contains 'fire' %}hot{% endif %}"), "hot");
	assert_string_equal(render("{% if ticket.priority == 'low' %}L{% elsif ticket.priority == "
		"'high' %}H{% else %}N{% endif %}"), "H");
	assert_string_equal(render("{% if ticket.assignee.name == nil %}nil{% endif %}"), "nil");
	assert_string_equal(render("{% if ticket.status %}{% if ticket.group %}G{% endif %}{% endif %}"),
		"G");
}

static void test_for(void **state)
{
	assert_string_equal(render("{% for c in ticket.comments %}{{forloop.index}}:{{c.author.name}}"
		"{% if forloop.last %}.{% else %}, {% endif %}{% endfor %}"), "1:Ada, 2:Bob.");
	assert_string_equal(render("{% for t in ticket.tags %}[{{t | upcase}}]{% endfor %}"),
		"[PRINTER][FIRE]");
	assert_string_equal(render("{% for c in ticket.public_comments %}{{c.body}}{% endfor %}"),
		"It burns");
	assert_string_equal(render("{% for x in ticket.nothing %}x{% endfor %}-"), "-");
	assert_string_equal(render("{% for c in ticket.comments %}{% for t in ticket.tags %}"
		"{{c.author.name}}{{t}} {% endfor %}{% endfor %}"),
		"Adaprinter Adafire Bobprinter Bobfire ");
}

static void test_filters(void **state)
{
	assert_string_equal(render("{{ticket.status | upcase}}"), "OPEN");
	assert_string_equal(render("{{ticket.requester.name | downcase | upcase}}"),
		"ADA LOVELACE KING");
	json_t *unknown = json_array();
	assert_string_equal(placeholders_render(a, "{{ticket.status | shout}}", ctx, false,
		unknown), "open");
	assert_string_equal(json_string_value(json_array_get(unknown, 0)),
		"unknown filter 'shout'");
	json_decref(unknown);
}

static void test_unknown(void **state)
{
	json_t *unknown = json_array();
	const char *out = placeholders_render(a, "a{{ticket.nope}}b{{ticket.assignee.name}}"
		"{{dc.greeting}}{{ticket.nope}}", ctx, false, unknown);
	assert_string_equal(out, "ab");
	assert_int_equal(json_array_size(unknown), 2);
	assert_string_equal(json_string_value(json_array_get(unknown, 0)),
		"unknown placeholder {{ticket.nope}}");
	assert_string_equal(json_string_value(json_array_get(unknown, 1)),
		"unknown placeholder {{dc.greeting}}");
	json_decref(unknown);
}

static void test_syntax_errors_render_literally(void **state)
{
	json_t *unknown = json_array();
	assert_string_equal(placeholders_render(a, "Hi {{ticket.id", ctx, false, unknown),
		"Hi {{ticket.id");
	assert_int_equal(json_array_size(unknown), 1);
	json_decref(unknown);
	assert_string_equal(render("{% if ticket.id %}x"), "{% if ticket.id %}x");
}

static void check_ok(const char *tmpl)
{
	json_t *problems;
	if (!placeholders_check(a, tmpl, &problems))
		fail_msg("%s: %s", tmpl, json_string_value(json_array_get(problems, 0)));
}

static void check_bad(const char *tmpl, const char *msg)
{
	json_t *problems;
	assert_false(placeholders_check(a, tmpl, &problems));
	assert_string_equal(json_string_value(json_array_get(problems, 0)), msg);
}

static void test_check(void **state)
{
	check_ok("");
	check_ok("Request #{{ticket.id}}: {{ticket.title}} by {{ticket.requester.first_name}}");
	check_ok("{% if ticket.assignee %}{{ticket.assignee.name}}{% endif %}");
	check_ok("{% for c in ticket.comments %}{{c.author.name}} {{forloop.index}}{% endfor %}");
	check_ok("{{ticket.ticket_field_360001}} {{ticket.ticket_field_option_title_5}}");
	check_ok("{{ticket.comments_formatted}}{{ticket.latest_comment}}{{satisfaction.rating_url}}");
	check_ok("{{current_user.name | upcase}}{{ticket.url}}{{ticket.brand.name}}");
	check_ok("{{ticket.tags.size}}{{ticket.comments[0].body}}");
	check_bad("{{ticket.bogus}}", "unknown placeholder {{ticket.bogus}}");
	check_bad("{{ticket.requester.shoe_size}}",
		"unknown placeholder {{ticket.requester.shoe_size}}");
	check_bad("{{ticket.ticket_field_x}}", "unknown placeholder {{ticket.ticket_field_x}}");
	check_bad("{% for c in ticket.comments %}{% endfor %}{{c.body}}",
		"unknown placeholder {{c.body}}");
	check_bad("{% if ticket.nope %}{% endif %}", "unknown placeholder {{ticket.nope}}");
	check_bad("{{ticket.id | bold}}", "unknown filter 'bold'");
	check_bad("{% if ticket.id %}x", "{% if %} is not closed by {% endif %}");
	check_bad("{% for c in ticket.comments %}x", "{% for %} is not closed by {% endfor %}");
	check_bad("x {{ticket.id", "{{ is not closed by }}");
	check_bad("x {% if", "{% is not closed by %}");
	check_bad("{% endif %}", "unexpected {% endif %}");
	check_bad("{% assign x = 1 %}", "unexpected {% assign %}");
	check_bad("{% if ticket.id == %}x{% endif %}", "unexpected '' in a placeholder");
	check_bad("{% if a b %}x{% endif %}", "malformed condition {% if a b %}");
	check_bad("{% for c ticket.comments %}x{% endfor %}",
		"malformed {% for c ticket.comments %}");
	check_bad("{{ }}", "empty {{ }}");
	check_bad("{% if ticket.id %}{% else %}{% else %}{% endif %}",
		"{% else %} after {% else %}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_if, setup, teardown),
		cmocka_unit_test_setup_teardown(test_for, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors_render_literally, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
