/*
 * test_html.c: util/html.c conversions, especially that sanitized HTML
 * never carries script, event handlers or unsafe URLs.
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
	assert_string_equal(html_from_text(a, "Hi"), "<p>Hi</p>");
	assert_string_equal(html_from_text(a, "a\nb\n\nc\r\n"), "<p>a<br>b</p><p>c</p>");
	assert_string_equal(html_from_text(a, "<b>\"x\" & 'y'</b>"),
		"<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>");
	assert_string_equal(html_from_text(a, "\n\nlead"), "<p>lead</p>");
}

static void sanitize_keeps_whitelist(void **state)
{
	(void)state;
	assert_string_equal(html_sanitize(a, "<P class=x>Hi <B>there</B></p>"),
		"<p>Hi <b>there</b></p>");
	assert_string_equal(html_sanitize(a, "a &amp; b &copy; &#169; & c"),
		"a &amp; b &copy; &#169; &amp; c");
	assert_string_equal(html_sanitize(a, "<a href='https://x.org/?a=1&b=2'>l</a>"),
		"<a href=\"https://x.org/?a=1&amp;b=2\" rel=\"noopener noreferrer\">l</a>");
	assert_string_equal(html_sanitize(a, "line<br/>next"), "line<br>next");
}

static void sanitize_drops_danger(void **state)
{
	(void)state;
	assert_string_equal(html_sanitize(a, "x<script>alert(1)</script>y"), "xy");
	assert_string_equal(html_sanitize(a, "x<SCRIPT src=a></ScRiPt >y"), "xy");
	assert_string_equal(html_sanitize(a, "<img src=x onerror=alert(1)>ok"), "ok");
	assert_string_equal(html_sanitize(a, "<p onclick=\"evil()\">t</p>"), "<p>t</p>");
	assert_string_equal(html_sanitize(a, "<a href=\"javascript:alert(1)\">x</a>"),
		"<a>x</a>");
	assert_string_equal(html_sanitize(a, "<a href=\"&#106;avascript:x\">x</a>"),
		"<a>x</a>");
	assert_string_equal(html_sanitize(a, "<a href=\"http://a\" onmouseover=x>x</a>"),
		"<a href=\"http://a\" rel=\"noopener noreferrer\">x</a>");
	assert_string_equal(html_sanitize(a, "<a href='http://a\"onclick=x'>q</a>"),
		"<a href=\"http://a&quot;onclick=x\" rel=\"noopener noreferrer\">q</a>");
	assert_string_equal(html_sanitize(a, "<!-- <script>x</script> -->z"), "z");
	assert_string_equal(html_sanitize(a, "1 < 2 > 0"), "1 &lt; 2 &gt; 0");
	assert_string_equal(html_sanitize(a, "<b title='a>b'>t</b>"), "<b>t</b>");
	assert_string_equal(html_sanitize(a, "<p unterminated"), "&lt;p unterminated");
	assert_string_equal(html_sanitize(a, "<style>p{}</style><iframe>x</iframe>k"), "k");
	assert_string_equal(html_sanitize(a, "<script>never closed"), "");
}

static void to_text(void **state)
{
	(void)state;
	assert_string_equal(html_to_text(a, "<p>Smoke!</p>"), "Smoke!");
	assert_string_equal(html_to_text(a, "<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
	assert_string_equal(html_to_text(a, "  x \n  y  "), "x y");
	assert_string_equal(html_to_text(a, "&lt;b&gt; &amp; &#233;&#x263A; &nbsp;z &bogus;"),
		"<b> & \xc3\xa9\xe2\x98\xba  z &bogus;");
	assert_string_equal(html_to_text(a, "<div>one</div><div>two</div>"), "one\ntwo");
	assert_string_equal(html_to_text(a, "a<script>x</script>b<style>s</style>"), "ab");
	assert_string_equal(html_to_text(a, "<ul><li>1</li><li>2</li></ul>end"), "1\n2\n\nend");
	assert_string_equal(html_to_text(a, "3 < 4"), "3 < 4");
	assert_string_equal(html_to_text(a, ""), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(from_text, setup, teardown),
		cmocka_unit_test_setup_teardown(sanitize_keeps_whitelist, setup, teardown),
		cmocka_unit_test_setup_teardown(sanitize_drops_danger, setup, teardown),
		cmocka_unit_test_setup_teardown(to_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
