/*
 * test_mime.c: channels/mime_parse.c (GMime) and the message rules of
 * core/mail.c.
 *
 * Messages are built here, their non-UTF-8 bytes made with iconv from
 * UTF-8 literals, so each case states the text a customer typed.  Covers:
 * encoded-word headers; bodies in UTF-8, ISO-8859-1/15, Windows-1251/1252,
 * KOI8-R/U, ISO-2022-JP, GB2312 and undeclared 8-bit; quoted-printable and
 * base64; HTML cleaned and its text; multipart/alternative, nested mixed/related with attachments and
 * inline images; an attached forwarded message; missing and huge headers;
 * an unterminated multipart; threading headers; machine-made mail; and
 * trimming the quoted history of replies.
 */
#include "unit.h"
#include "channels/mime_parse.h"
#include "core/mail.h"

#include <glib.h>

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* utf8 converted to charset, in the arena. */
static char *enc(const char *utf8, const char *charset)
{
	gsize n = 0;
	gchar *s = g_convert(utf8, -1, charset, "UTF-8", NULL, &n, NULL);
	assert_non_null(s);
	char *r = arena_strndup(A, s, n);
	g_free(s);
	return r;
}

static char *b64(const char *s)
{
	gchar *e = g_base64_encode((const guchar *)s, strlen(s));
	char *r = arena_strdup(A, e);
	g_free(e);
	return r;
}

static void parse(const char *raw, struct mail_msg *m)
{
	assert_true(mime_parse(A, raw, strlen(raw), m));
}

/* A one-part text message in charset with the given transfer encoding. */
static void body_in(const char *charset, const char *utf8_text, bool base64,
	struct mail_msg *m)
{
	char *bytes = enc(utf8_text, charset);
	char *raw = arena_printf(A, "From: a@b.test\r\nTo: support@acme.localhost\r\n"
		"Subject: t\r\nMIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=%s\r\n"
		"Content-Transfer-Encoding: %s\r\n\r\n%s\r\n", charset,
		base64 ? "base64" : "8bit", base64 ? b64(bytes) : bytes);
	parse(raw, m);
}

static void encoded_word_headers(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <Juergen@Example.TEST>\r\n"
		"To: Support <support@acme.localhost>, =?ISO-8859-1?Q?Ren=E9?= <rene@x.test>\r\n"
		"Cc: undisclosed:;, Bob <bob@x.test>\r\n"
		"Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?= =?UTF-8?B?4oKs?= and\r\n"
		" =?KOI8-R?B?8NLJ18XU?=\r\n"
		"Message-ID: <abc@x.test>\r\n\r\nbody\r\n", &m);
	assert_string_equal(m.from.name, "Jürgen Müller");
	assert_string_equal(m.from.email, "juergen@example.test");
	assert_int_equal(m.nto, 2);
	assert_string_equal(m.to[1].name, "René");
	assert_int_equal(m.ncc, 1);
	assert_string_equal(m.cc[0].email, "bob@x.test");
	assert_string_equal(m.subject, "Café crème€ and Привет");
	assert_string_equal(m.message_id, "abc@x.test");
	assert_string_equal(m.text, "body");
	assert_null(m.html);
	/* The header lines, decoded and unfolded, in their order. */
	assert_non_null(strstr(m.headers, "From: Jürgen Müller <Juergen@Example.TEST>\n"
		"To: Support <support@acme.localhost>, René <rene@x.test>\n"));
	assert_non_null(strstr(m.headers, "\nSubject: Café crème€ and Привет\n"
		"Message-ID: <abc@x.test>\n"));
}

/* A long header section keeps whole lines up to MAIL_HEADERS_MAX bytes. */
static void header_text_limit(void **state)
{
	(void)state;
	struct sbuf raw;
	sbuf_init(&raw, A);
	for (int i = 0; i < 400; i++)
		sbuf_printf(&raw, "Received: from relay%d.example.test by mx.example.test"
			" with ESMTP id %08d\r\n", i, i);
	sbuf_adds(&raw, "From: a@b.test\r\nSubject: long\r\n\r\nx\r\n");
	struct mail_msg m;
	parse(raw.s, &m);
	size_t n = strlen(m.headers);
	assert_true(n <= MAIL_HEADERS_MAX && n > MAIL_HEADERS_MAX - 100);
	assert_int_equal(m.headers[n - 1], '\n');
	assert_true(strncmp(m.headers, "Received: from relay0.example.test", 34) == 0);
	assert_null(strstr(m.headers, "Subject: long"));
}

static void charsets(void **state)
{
	(void)state;
	static const struct { const char *cs, *text; } cases[] = {
		{ "ISO-8859-1", "Grüße aus Köln, ça va?" },
		{ "ISO-8859-15", "Prix : 42 € œuvre" },
		{ "windows-1252", "“Smart quotes” – and … €" },
		{ "windows-1251", "Здравствуйте, у меня проблема" },
		{ "KOI8-R", "Добрый день! Счёт не пришёл" },
		{ "KOI8-U", "Доброго дня! Ґанок і їжак" },
		{ "ISO-2022-JP", "お問い合わせありがとうございます" },
		{ "GB2312", "您好，我的订单没有到" },
		{ "UTF-8", "Ünïcødé 😀 ✓" },
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		for (int b = 0; b < 2; b++) {
			struct mail_msg m;
			body_in(cases[i].cs, cases[i].text, b, &m);
			const char *want = cases[i].text;
			if (strcmp(m.text, want) != 0)
				fail_msg("%s (%s): got '%s'", cases[i].cs, b ? "base64" : "8bit",
					m.text);
		}
	}
	/* ISO-2022-JP subject as encoded words. */
	struct mail_msg m;
	char *subj = b64(enc("日本語の件名", "ISO-2022-JP"));
	parse(arena_printf(A, "From: a@b.test\r\nSubject: =?ISO-2022-JP?B?%s?=\r\n\r\nx\r\n",
		subj), &m);
	assert_string_equal(m.subject, "日本語の件名");
}

static void undeclared_and_unknown_charsets(void **state)
{
	(void)state;
	struct mail_msg m;
	/* 8-bit Latin-1 with no charset anywhere, in a header too. */
	char *raw = arena_printf(A, "From: %s <a@b.test>\r\nSubject: %s\r\n\r\n%s\r\n",
		enc("Zoë", "ISO-8859-1"), enc("Déjà vu", "ISO-8859-1"),
		enc("Crème brûlée", "ISO-8859-1"));
	parse(raw, &m);
	assert_string_equal(m.text, "Crème brûlée");
	assert_string_equal(m.subject, "Déjà vu");
	assert_string_equal(m.from.name, "Zoë");
	/* A charset iconv does not know: valid UTF-8 kept, bad bytes replaced. */
	parse("From: a@b.test\r\nContent-Type: text/plain; charset=x-unknown-42\r\n\r\n"
		"caf\xc3\xa9 \xff\xfe\r\n", &m);
	assert_true(g_utf8_validate(m.text, -1, NULL));
	assert_non_null(strstr(m.text, "caf"));
}

static void alternative_and_nested_parts(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("From: a@b.test\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n"
		"--M\r\nContent-Type: multipart/alternative; boundary=\"A\"\r\n\r\n"
		"--A\r\nContent-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
		"Hello =E2=9C=93 world=\r\nwide\r\n"
		"--A\r\nContent-Type: multipart/related; boundary=\"R\"\r\n\r\n"
		"--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
		"<p>Hello <b>world</b><img src=\"cid:logo@x\"></p>\r\n"
		"--R\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
		"--R--\r\n--A--\r\n"
		"--M\r\nContent-Type: application/pdf; name=\"r=C3=A9sum=C3=A9.pdf\"\r\n"
		"Content-Disposition: attachment;\r\n filename*=utf-8''r%C3%A9sum%C3%A9.pdf\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
		"--M\r\nContent-Type: application/octet-stream\r\n"
		"Content-Disposition: attachment\r\n\r\nraw\r\n"
		"--M--\r\n", &m);
	assert_string_equal(m.text, "Hello ✓ worldwide");
	assert_non_null(strstr(m.html, "<b>world</b>"));
	assert_int_equal(m.nfiles, 3);
	assert_string_equal(m.files[0].content_type, "image/png");
	assert_true(m.files[0].is_inline);
	assert_string_equal(m.files[0].content_id, "logo@x");
	assert_int_equal(m.files[0].size, 8);
	assert_memory_equal(m.files[0].data, "\x89PNG\r\n\x1a\n", 8);
	assert_string_equal(m.files[1].name, "résumé.pdf");
	assert_false(m.files[1].is_inline);
	assert_int_equal(m.files[1].size, 9);
	assert_string_equal(m.files[2].name, "attachment-3.bin");
	assert_int_equal(m.files[2].size, 3);
}

static void html_only(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("From: a@b.test\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n"
		"<p>Hi <b>there</b> \x93you\x94</p><script>steal()</script>"
		"<a href=\"javascript:x()\" onclick=\"y()\">link</a>\r\n", &m);
	assert_non_null(strstr(m.text, "Hi there “you”"));
	assert_null(strstr(m.text, "steal"));
	assert_non_null(strstr(m.html, "<b>there</b>"));
	assert_null(strstr(m.html, "script"));
	assert_null(strstr(m.html, "javascript"));
	assert_null(strstr(m.html, "onclick"));
}

static void forwarded_message(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("From: agent@b.test\r\nSubject: Fwd: broken\r\n"
		"Content-Type: multipart/mixed; boundary=F\r\n\r\n"
		"--F\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
		"--F\r\nContent-Type: message/rfc822\r\n\r\n"
		"From: customer@c.test\r\nSubject: =?UTF-8?Q?Broken_=C3=BCpdate?=\r\n\r\n"
		"It broke.\r\n--F--\r\n", &m);
	assert_string_equal(m.text, "See below.");
	assert_int_equal(m.nfiles, 1);
	assert_string_equal(m.files[0].name, "Broken üpdate.eml");
	assert_string_equal(m.files[0].content_type, "message/rfc822");
	assert_non_null(strstr((const char *)m.files[0].data, "It broke."));
}

static void missing_malformed_and_huge(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("X-Nothing: here\r\n\r\nJust a body\r\n", &m);
	assert_null(m.from.email);
	assert_string_equal(m.subject, "");
	assert_null(m.message_id);
	assert_string_equal(m.text, "Just a body");
	/* From with no address: none. */
	parse("From: just words\r\n\r\nx\r\n", &m);
	assert_null(m.from.email);
	/* A multipart whose boundary never closes keeps its text. */
	parse("From: a@b.test\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n"
		"--X\r\nContent-Type: text/plain\r\n\r\nunterminated\r\n", &m);
	assert_non_null(strstr(m.text, "unterminated"));
	/* A 200 KB subject folded over many lines. */
	struct sbuf b;
	sbuf_init(&b, A);
	sbuf_adds(&b, "From: a@b.test\r\nSubject: start");
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&b, "\r\n word1234");
	sbuf_adds(&b, "\r\n\r\nbody\r\n");
	parse(b.s, &m);
	assert_true(strlen(m.subject) > 150000);
	assert_string_equal(m.text, "body");
	/* Nothing at all. */
	assert_false(mime_parse(A, "", 0, &m));
}

static void threading_headers(void **state)
{
	(void)state;
	struct mail_msg m;
	parse("From: a@b.test\r\nMessage-ID: <new@x>\r\nIn-Reply-To: <parent@x>\r\n"
		"References: <root@x> <mid@x>\r\n <parent@x>\r\n\r\nx\r\n", &m);
	assert_int_equal(m.nrefs, 4);
	assert_string_equal(m.refs[0], "parent@x");
	assert_string_equal(m.refs[1], "parent@x");
	assert_string_equal(m.refs[2], "mid@x");
	assert_string_equal(m.refs[3], "root@x");
}

static void machine_made_mail(void **state)
{
	(void)state;
	struct mail_msg m;
	const char *why = NULL;
	parse("From: a@b.test\r\nAuto-Submitted: auto-replied\r\n\r\nOOO\r\n", &m);
	assert_true(mail_is_automatic(&m, "a@b.test", &why));
	assert_string_equal(why, "auto-submitted");
	assert_false(mail_is_bounce(&m, "a@b.test"));
	parse("From: a@b.test\r\nAuto-Submitted: no\r\nPrecedence: normal\r\n\r\nx\r\n", &m);
	assert_false(mail_is_automatic(&m, "a@b.test", &why));
	parse("From: list@b.test\r\nPrecedence: bulk\r\n\r\nx\r\n", &m);
	assert_true(mail_is_automatic(&m, "list@b.test", &why));
	assert_string_equal(why, "precedence");
	parse("From: MAILER-DAEMON@b.test\r\n\r\nx\r\n", &m);
	assert_true(mail_is_bounce(&m, "x@b.test"));
	parse("From: a@b.test\r\n\r\nx\r\n", &m);
	assert_true(mail_is_bounce(&m, ""));
	parse("From: postmaster@b.test\r\nContent-Type: multipart/report;"
		" report-type=delivery-status; boundary=B\r\n\r\n--B\r\n"
		"Content-Type: text/plain\r\n\r\nfailed\r\n--B\r\n"
		"Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--B--\r\n", &m);
	assert_true(m.is_report);
	assert_true(mail_is_automatic(&m, "bounces@b.test", &why));
	assert_string_equal(why, "bounce");
}

static void trimming_replies(void **state)
{
	(void)state;
	assert_string_equal(mail_trim_reply(A, "Thanks, fixed!\n\n"
		"On Mon, 1 Jan 2024 at 10:00, Acme <support@acme.localhost> wrote:\n"
		"> ##- Please type your reply above this line -##\n> old\n"),
		"Thanks, fixed!");
	assert_string_equal(mail_trim_reply(A, "Danke\n"
		"##- Bitte geben Sie Ihre Antwort über dieser Zeile ein -##\nalt\n"),
		"Danke");
	assert_string_equal(mail_trim_reply(A, "New text\n\n> quoted\n> more\n"),
		"New text");
	assert_string_equal(mail_trim_reply(A, "Plain mail\nwith lines:\nend\n"),
		"Plain mail\nwith lines:\nend");
	assert_string_equal(mail_trim_reply(A, "##- only the marker -##\n"), "");
}

int main(void)
{
	mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoded_word_headers),
		cmocka_unit_test(header_text_limit),
		cmocka_unit_test(charsets),
		cmocka_unit_test(undeclared_and_unknown_charsets),
		cmocka_unit_test(alternative_and_nested_parts),
		cmocka_unit_test(html_only),
		cmocka_unit_test(forwarded_message),
		cmocka_unit_test(missing_malformed_and_huge),
		cmocka_unit_test(threading_headers),
		cmocka_unit_test(machine_made_mail),
		cmocka_unit_test(trimming_replies),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
