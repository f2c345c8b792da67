/*
 * test_sanitize.c: the HTML allow-list of the help center and ticket
 * comments (src/util/html.c).
 *
 * Cases are data: input and the exact expected output.  The attack cases
 * come from the usual XSS filter evasion lists: event handlers, javascript:
 * hidden by case, entities, control characters and white space, unclosed
 * and nested tags, comments and foreign content.
 */
#include "parley.h"
#include "util/html.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

struct io {
	const char *in;
	const char *out;
};

static void check_all(const struct io *cases, size_t n, char *(*fn)(struct arena *, const char *))
{
	struct arena *a = arena_new();
	for (size_t i = 0; i < n; i++) {
		char *got = fn(a, cases[i].in);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu\n  in:   %s\n  want: %s\n  got:  %s", i,
				cases[i].in, cases[i].out, got);
	}
	arena_free(a);
}

static void test_keeps_allowed(void **state)
{
	(void)state;
	static const struct io cases[] = {
		{ "", "" },
		{ "plain text", "plain text" },
		{ "<p>Hello <strong>world</strong></p>", "<p>Hello <strong>world</strong></p>" },
		{ "<H2>Title</H2>", "<h2>Title</h2>" },
		{ "<ul><li>a</li><li>b</li></ul>", "<ul><li>a</li><li>b</li></ul>" },
		{ "<a href=\"https://example.com/x?a=1&amp;b=2\">x</a>",
		  "<a href=\"https://example.com/x?a=1&amp;b=2\">x</a>" },
		{ "<a href='/hc/en-us/articles/1'>rel</a>", "<a href=\"/hc/en-us/articles/1\">rel</a>" },
		{ "<a href=mailto:help@example.com>mail</a>",
		  "<a href=\"mailto:help@example.com\">mail</a>" },
		{ "<img src=\"http://example.com/a.png\" alt=\"An image\">",
		  "<img src=\"http://example.com/a.png\" alt=\"An image\">" },
		{ "<img src=\"a.png\" width=\"20\" height=\"x\"/>", "<img src=\"a.png\" width=\"20\">" },
		{ "<table><tr><td colspan=2>x</td></tr></table>",
		  "<table><tr><td colspan=\"2\">x</td></tr></table>" },
		{ "a<br>b<hr/>c", "a<br>b<hr>c" },
		{ "<pre><code>x &lt; y &amp;&amp; z</code></pre>",
		  "<pre><code>x &lt; y &amp;&amp; z</code></pre>" },
		{ "<blockquote>q</blockquote><span>s</span><div>d</div><em>e</em><b>b</b><i>i</i>",
		  "<blockquote>q</blockquote><span>s</span><div>d</div><em>e</em><b>b</b><i>i</i>" },
		{ "caf\xC3\xA9 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", "caf\xC3\xA9 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A" },
		{ "1 < 2 and 3 > 2 & done", "1 &lt; 2 and 3 &gt; 2 &amp; done" },
	};
	check_all(cases, PL_ARRAY_LEN(cases), html_sanitize);
}

static void test_drops_dangerous(void **state)
{
	(void)state;
	static const struct io cases[] = {
		{ "<script>alert(1)</script>ok", "ok" },
		{ "<SCRIPT SRC=//evil/x.js></SCRIPT>ok", "ok" },
		{ "<script>never closed", "" },
		{ "<style>body{display:none}</style>x", "x" },
		{ "<iframe src=\"https://evil\"></iframe>x", "x" },
		{ "<object data=x></object><embed src=x>y", "y" },
		{ "<svg onload=alert(1)><script>alert(1)</script></svg>z", "z" },
		{ "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>z", "z" },
		{ "<img src=x onerror=alert(1)>", "<img src=\"x\">" },
		{ "<p onclick=\"alert(1)\" style=\"x\" class=\"c\">t</p>", "<p>t</p>" },
		{ "<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\" javascript:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"java&#x09;script:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
		  "<a>x</a>" },
		{ "<a href=\"&#0000106avascript:alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>" },
		{ "<a href=\"vbscript:x\">x</a><a href=\"data:text/html,x\">y</a>", "<a>x</a><a>y</a>" },
		{ "<img src=\"data:image/png;base64,AAAA\">", "<img>" },
		{ "<img src=\"mailto:x@y.z\">", "<img>" },
		{ "<a href=\"x\" href=\"javascript:alert(1)\">x</a>", "<a href=\"x\">x</a>" },
		{ "<a href=\"x\"onmouseover=\"alert(1)\">x</a>", "<a href=\"x\">x</a>" },
		{ "<img src=\"x\" alt=\"\"><script>alert(1)</script>\">", "<img src=\"x\" alt=\"\">\"&gt;" },
		{ "<img alt=\"a&quot; onerror=&quot;alert(1)\">", "<img alt=\"a&quot; onerror=&quot;alert(1)\">" },
		{ "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)" },
		{ "<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;" },
		{ "<!-- <script>alert(1)</script> -->x", "x" },
		{ "<!--[if IE]><script>alert(1)</script><![endif]-->x", "x" },
		{ "<!DOCTYPE html><?xml x?>x", "x" },
		{ "<form action=x><input name=y><button>b</button></form>", "b" },
		{ "<meta http-equiv=refresh content=0;url=x><link rel=stylesheet href=x><base href=x>t",
		  "t" },
		{ "<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>" },
		{ "</div></div></p>after", "after" },
		{ "<div><p>x</div>y</p>", "<div><p>x</p></div>y" },
		{ "<a href=\"x\" title=\"t\" target=_blank rel=opener>x</a>",
		  "<a href=\"x\" title=\"t\">x</a>" },
		{ "<p", "" },
		{ "<a href=\"unterminated>x", "" },
		{ "&#x3C;script&#x3E;", "&#x3C;script&#x3E;" },
		{ "<textarea><script>alert(1)</script></textarea>x", "x" },
	};
	check_all(cases, PL_ARRAY_LEN(cases), html_sanitize);
}

static void test_nesting_limit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char in[200 * 5 + 1] = "";
	for (int i = 0; i < 200; i++)
		strcat(in, "<div>");
	char *out = html_sanitize(a, in);
	size_t opens = 0, closes = 0;
	for (char *p = out; (p = strstr(p, "<div>")); p++)
		opens++;
	for (char *p = out; (p = strstr(p, "</div>")); p++)
		closes++;
	assert_int_equal(opens, 64);
	assert_int_equal(closes, 64);
	arena_free(a);
}

static void test_text(void **state)
{
	(void)state;
	static const struct io cases[] = {
		{ "<p>Reset  your\n<b>password</b></p><p>now</p>", "Reset your password now" },
		{ "<script>var x = 1;</script>Hi<style>p{}</style>", "Hi" },
		{ "caf&eacute; &amp; cr&#xE8;me &lt;tag&gt;", "caf&eacute; & cr\xC3\xA8me <tag>" },
		{ "a<!-- hidden -->b", "ab" },
		{ "1 < 2", "1 < 2" },
		{ "  ", "" },
	};
	check_all(cases, PL_ARRAY_LEN(cases), html_text);
}

static void test_escape(void **state)
{
	(void)state;
	static const struct io cases[] = {
		{ "<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;" },
		{ "plain", "plain" },
	};
	check_all(cases, PL_ARRAY_LEN(cases), html_esc);
}

static void test_url_ok(void **state)
{
	(void)state;
	assert_true(html_url_ok("https://x.test/a", 1));
	assert_true(html_url_ok("HTTP://x.test/a", 1));
	assert_true(html_url_ok("/relative/path:with-colon", 1));
	assert_true(html_url_ok("page.html", 1));
	assert_true(html_url_ok("#anchor", 0));
	assert_true(html_url_ok("mailto:a@b.c", 0));
	assert_false(html_url_ok("mailto:a@b.c", 1));
	assert_false(html_url_ok("javascript:alert(1)", 0));
	assert_false(html_url_ok("\x01javascript:alert(1)", 0));
	assert_false(html_url_ok("data:text/html,<script>", 0));
	assert_false(html_url_ok("averyveryverylongscheme:x", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keeps_allowed),
		cmocka_unit_test(test_drops_dangerous),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_url_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
