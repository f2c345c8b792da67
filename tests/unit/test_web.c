/*
 * test_web.c: the pure parts of src/web: language negotiation and
 * placeholders (i18n.c), which URL segments may name a file and which
 * Content-Type a file gets (static.c), where sign-in may return to
 * (agent.c).  static.c and agent.c are included to reach their statics.
 */
#include "unit.h"
#include "web/i18n.h"
#include "web/static.c"
#include "web/agent.c"

static void languages(void **state)
{
	(void)state;
	assert_string_equal(web_lang_of_locale("pt-BR"), "pt");
	assert_string_equal(web_lang_of_locale("ES"), "es");
	assert_string_equal(web_lang_of_locale("nl_NL"), "nl");
	assert_string_equal(web_lang_of_locale("fr"), "en");
	assert_string_equal(web_lang_of_locale("rus"), "en");
	assert_string_equal(web_lang_of_locale(NULL), "en");
	assert_string_equal(web_lang_accept(NULL), "en");
	assert_string_equal(web_lang_accept(""), "en");
	assert_string_equal(web_lang_accept("ru-RU,ru;q=0.9,en;q=0.8"), "ru");
	assert_string_equal(web_lang_accept("fr-FR, nl;q=0.5, es;q=0.7"), "es");
	assert_string_equal(web_lang_accept("de, fr"), "en");
	assert_string_equal(web_lang_accept("*"), "en");
}

static void placeholders(void **state)
{
	(void)state;
	struct ctx c = { .a = arena_new() };
	const char *names[] = { "name", "link" };
	const char *values[] = { "Ana", "http://x/{name}" };
	assert_string_equal(web_format(&c, "Hi {name}: {link}", 2, names, values),
		"Hi Ana: http://x/{name}");
	assert_string_equal(web_format(&c, "{unknown} {name", 2, names, values),
		"{unknown} {name");
	assert_string_equal(web_format(&c, "", 2, names, values), "");
	arena_free(c.a);
}

static void segments(void **state)
{
	(void)state;
	assert_true(segment_ok("app.js"));
	assert_true(segment_ok("i18n"));
	assert_false(segment_ok(""));
	assert_false(segment_ok("."));
	assert_false(segment_ok(".."));
	assert_false(segment_ok(".env"));
	assert_false(segment_ok("a/b"));
	assert_false(segment_ok("..\\x"));
}

static void content_types(void **state)
{
	(void)state;
	assert_string_equal(type_of("web/agent/app.js"), "text/javascript; charset=utf-8");
	assert_string_equal(type_of("x/STYLES.CSS"), "text/css; charset=utf-8");
	assert_string_equal(type_of("i18n/en.json"), "application/json; charset=utf-8");
	assert_string_equal(type_of("logo.svg"), "image/svg+xml");
	assert_string_equal(type_of("a.d/README"), "application/octet-stream");
	assert_string_equal(type_of("archive.tar.gz"), "application/octet-stream");
}

static void return_paths(void **state)
{
	(void)state;
	assert_string_equal(safe_return("/agent/tickets/3"), "/agent/tickets/3");
	assert_string_equal(safe_return("/agent?x=1"), "/agent?x=1");
	assert_string_equal(safe_return("/agent"), "/agent");
	assert_string_equal(safe_return(NULL), "/agent");
	assert_string_equal(safe_return("/agentx"), "/agent");
	assert_string_equal(safe_return("//evil.test/agent"), "/agent");
	assert_string_equal(safe_return("/agent//evil.test"), "/agent");
	assert_string_equal(safe_return("/agent/\\evil"), "/agent");
	assert_string_equal(safe_return("https://evil.test/agent"), "/agent");
	assert_string_equal(safe_return("/agent/assets/agent/app.js"), "/agent");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(languages),
		cmocka_unit_test(placeholders),
		cmocka_unit_test(segments),
		cmocka_unit_test(content_types),
		cmocka_unit_test(return_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
