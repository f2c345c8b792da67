/*
 * fuzz_mime.c: libFuzzer target for inbound mail as Parley reads it:
 * mime_parse (GMime, charsets, multiparts, encoded words), then what core
 * does with the result before touching the store: mail_is_automatic and
 * mail_trim_reply.  Checks that every string handed on is valid UTF-8 and
 * every file has a name.  The same bytes then go through the SMTP session
 * (smtp_session.c) as a client conversation, in reads of a size taken from
 * the first byte, with a handler that accepts every recipient and parses
 * every message.  Seeds: tests/fuzz/corpus/mime.
 */
#include "parley.h"
#include "channels/mime_parse.h"
#include "channels/smtp_session.h"
#include "core/mail.h"
#include "util/arena.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const char *s)
{
	if (s && !g_utf8_validate(s, -1, NULL))
		__builtin_trap();
}

static int rcpt(void *arg, const char *sender, const char *to, char *reply)
{
	(void)arg;
	(void)sender;
	(void)to;
	snprintf(reply, SMTP_REPLY_MAX, "250 2.1.5 Ok");
	return 250;
}

static int message(void *arg, const char *sender, char *const *rcpts, int n,
	const char *msg, size_t len, char *reply)
{
	(void)arg;
	(void)sender;
	(void)rcpts;
	if (n < 1 || strlen(msg) > len)
		__builtin_trap();
	struct arena *a = arena_new();
	struct mail_msg m;
	(void)mime_parse(a, msg, len, &m);
	arena_free(a);
	snprintf(reply, SMTP_REPLY_MAX, "250 2.0.0 Ok");
	return 250;
}

static const struct smtp_handler handler = { rcpt, message, NULL };

static void converse(const uint8_t *data, size_t size)
{
	struct smtp_session s;
	smtp_session_init(&s, &handler, "fuzz.test", 4096);
	size_t step = size ? (size_t)(data[0] % 64) + 1 : 1;
	for (size_t i = 0; i < size && s.state != SMTP_CLOSED; i += step) {
		smtp_session_feed(&s, (const char *)data + i, size - i < step ? size - i
			: step);
		smtp_session_consumed(&s, s.out_len);
		if (s.in_len > SMTP_LINE_MAX + 4096 + step)
			__builtin_trap(); /* input is never buffered beyond a line */
	}
	smtp_session_cleanup(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		mime_init();
		ready = true;
	}
	struct arena *a = arena_new();
	struct mail_msg m;
	if (mime_parse(a, (const char *)data, size, &m)) {
		check_utf8(m.subject);
		check_utf8(m.text);
		check_utf8(m.html);
		check_utf8(m.from.name);
		for (int i = 0; i < m.nto; i++)
			check_utf8(m.to[i].name);
		for (int i = 0; i < m.nfiles; i++)
			if (!m.files[i].name || !*m.files[i].name)
				__builtin_trap();
		const char *why;
		(void)mail_is_automatic(&m, "", &why);
		check_utf8(mail_trim_reply(a, m.text));
	}
	arena_free(a);
	converse(data, size);
	return 0;
}
