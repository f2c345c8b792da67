/*
 * test_html.c: the comment conversions of util/html.c, plain text to HTML
 * (html_from_text) and HTML to text with its lines (html_lines).  The
 * sanitizer has its own cases in test_sanitize.c.
 */
#include "parley.h"
#include "util/arena.h"
#include "util/html.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static struct arena *a;

static int setup(void **state)
{
	(void)state;
	a = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static void from_text(void **state)
{
	(void)state;
	assert_string_equal(html_from_text(a, ""), "");
	assert_string_equal(html_from_text(a, NULL), "");
	assert_string_equal(html_from_text(a, "Hi"), "<p>Hi</p>");
	assert_string_equal(html_from_text(a, "a\nb\n\nc\r\n"), "<p>a<br>b</p><p>c</p>");
	assert_string_equal(html_from_text(a, "<b>\"x\" & 'y'</b>"),
		"<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>");
	assert_string_equal(html_from_text(a, "\n\nlead"), "<p>lead</p>");
	assert_string_equal(html_from_text(a, "a\n\n\n\nb"), "<p>a</p><p>b</p>");
}

static void lines(void **state)
{
	(void)state;
	assert_string_equal(html_lines(a, "<p>Smoke!</p>"), "Smoke!");
	assert_string_equal(html_lines(a, "<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
	assert_string_equal(html_lines(a, "  x \n  y  "), "x y");
	assert_string_equal(html_lines(a, "&lt;b&gt; &amp; &#233;&#x263A; z &bogus;"),
		"<b> & \xc3\xa9\xe2\x98\xba z &bogus;");
	assert_string_equal(html_lines(a, "<div>one</div><div>two</div>"), "one\ntwo");
	assert_string_equal(html_lines(a, "a<script>x</script>b<style>s</style>"), "a b");
	assert_string_equal(html_lines(a, "<ul><li>1</li><li>2</li></ul>end"), "1\n2\n\nend");
	assert_string_equal(html_lines(a, "<p>text </p>  <p> more</p>"), "text\n\nmore");
	assert_string_equal(html_lines(a, "a <b>bold</b> word"), "a bold word");
	assert_string_equal(html_lines(a, ""), "");
	assert_string_equal(html_lines(a, NULL), "");
	/* html_text, for search, keeps no lines. */
	assert_string_equal(html_text(a, "<p>a</p><p>b<br>c</p>"), "a b c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(from_text, setup, teardown),
		cmocka_unit_test_setup_teardown(lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
