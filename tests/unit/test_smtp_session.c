/*
 * test_smtp_session.c: channels/smtp_session.c, the SMTP server state
 * machine, fed bytes as a client would send them.
 *
 * Covers: greeting and EHLO extensions, command order (503s), a whole
 * transaction with dot-unstuffing, refused recipients, SIZE at MAIL and
 * during DATA (552), pipelining (replies in order, whether the commands
 * come in one read or one byte at a time), overlong lines, bare LF, the
 * null reverse-path, RSET, QUIT, the error limit, the recipient limit and
 * timeouts.
 */
#include "unit.h"
#include "channels/smtp_session.h"

struct seen {
	int rcpt_calls;
	int data_calls;
	char sender[256];
	char msg[4096];
	size_t msg_len;
	int nrcpts;
};

static struct seen seen;

/* Accepts recipients at example.test, refuses the rest. */
static int rcpt(void *arg, const char *sender, const char *to, char *reply)
{
	(void)arg;
	seen.rcpt_calls++;
	snprintf(seen.sender, sizeof(seen.sender), "%s", sender);
	if (strstr(to, "@example.test")) {
		snprintf(reply, SMTP_REPLY_MAX, "250 2.1.5 Ok");
		return 250;
	}
	snprintf(reply, SMTP_REPLY_MAX, "550 5.1.1 <%s>: no such address", to);
	return 550;
}

static int data(void *arg, const char *sender, char *const *rcpts, int n,
	const char *msg, size_t len, char *reply)
{
	(void)arg;
	(void)rcpts;
	seen.data_calls++;
	seen.nrcpts = n;
	snprintf(seen.sender, sizeof(seen.sender), "%s", sender);
	assert_true(len < sizeof(seen.msg));
	memcpy(seen.msg, msg, len);
	seen.msg[len] = 0;
	seen.msg_len = len;
	snprintf(reply, SMTP_REPLY_MAX, "250 2.0.0 Ok: stored");
	return 250;
}

static const struct smtp_handler handler = { rcpt, data, NULL };

static struct smtp_session *start(size_t max)
{
	memset(&seen, 0, sizeof(seen));
	struct smtp_session *s = calloc(1, sizeof(*s));
	smtp_session_init(s, &handler, "mx.test", max);
	return s;
}

/* The replies queued since the last call, as a NUL-terminated string. */
static char *take(struct smtp_session *s)
{
	static char buf[8192];
	size_t n = s->out_len < sizeof(buf) - 1 ? s->out_len : sizeof(buf) - 1;
	memcpy(buf, s->out, n);
	buf[n] = 0;
	smtp_session_consumed(s, s->out_len);
	return buf;
}

static void say(struct smtp_session *s, const char *text)
{
	smtp_session_feed(s, text, strlen(text));
}

static void stop(struct smtp_session *s)
{
	smtp_session_cleanup(s);
	free(s);
}

static void greeting_and_ehlo(void **state)
{
	(void)state;
	struct smtp_session *s = start(1000);
	assert_string_equal(take(s), "220 mx.test ESMTP Parley\r\n");
	say(s, "EHLO client.test\r\n");
	char *r = take(s);
	assert_non_null(strstr(r, "250-mx.test\r\n"));
	assert_non_null(strstr(r, "250-PIPELINING\r\n"));
	assert_non_null(strstr(r, "250-SIZE 1000\r\n"));
	assert_non_null(strstr(r, "250-8BITMIME\r\n"));
	assert_non_null(strstr(r, "250 ENHANCEDSTATUSCODES\r\n"));
	say(s, "HELO\r\n");
	assert_string_equal(take(s), "501 5.5.4 HELO needs a domain or address\r\n");
	stop(s);
}

static void order_of_commands(void **state)
{
	(void)state;
	struct smtp_session *s = start(1000);
	take(s);
	say(s, "MAIL FROM:<a@b.test>\r\n");
	assert_string_equal(take(s), "503 5.5.1 send HELO or EHLO first\r\n");
	say(s, "HELO c\r\nRCPT TO:<x@example.test>\r\nDATA\r\n");
	assert_string_equal(take(s), "250 mx.test\r\n"
		"503 5.5.1 need MAIL before RCPT\r\n503 5.5.1 need RCPT before DATA\r\n");
	say(s, "MAIL FROM:<a@b.test>\r\nMAIL FROM:<a@b.test>\r\n");
	assert_string_equal(take(s), "250 2.1.0 Ok\r\n503 5.5.1 nested MAIL command\r\n");
	say(s, "RCPT TO:<nobody@elsewhere.test>\r\nDATA\r\n");
	assert_string_equal(take(s), "550 5.1.1 <nobody@elsewhere.test>: no such"
		" address\r\n554 5.5.1 no valid recipients\r\n");
	assert_int_equal(seen.data_calls, 0);
	say(s, "FROB\r\nVRFY x\r\nNOOP\r\nSTARTTLS\r\n");
	assert_string_equal(take(s), "500 5.5.2 command not recognized\r\n"
		"252 2.5.2 cannot VRFY user; send mail and it will be tried\r\n"
		"250 2.0.0 Ok\r\n502 5.5.1 command not implemented\r\n");
	stop(s);
}

static void transaction_with_dot_unstuffing(void **state)
{
	(void)state;
	struct smtp_session *s = start(1000);
	take(s);
	say(s, "EHLO c\r\nMAIL FROM:<Ann@Customer.test> BODY=8BITMIME\r\n"
		"RCPT TO:<support@example.test>\r\nRCPT TO:<@relay.test:sales@example.test>\r\n"
		"DATA\r\n");
	char *r = take(s);
	assert_non_null(strstr(r, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n"
		"354 End data with <CR><LF>.<CR><LF>\r\n"));
	say(s, "Subject: hi\r\n\r\n..leading dot\r\n.\r\n");
	assert_string_equal(take(s), "250 2.0.0 Ok: stored\r\n");
	assert_int_equal(seen.data_calls, 1);
	assert_int_equal(seen.nrcpts, 2);
	assert_string_equal(seen.sender, "Ann@Customer.test");
	assert_string_equal(seen.msg, "Subject: hi\r\n\r\n.leading dot\r\n");
	/* The transaction is over: a new MAIL is allowed. */
	say(s, "MAIL FROM:<>\r\nRCPT TO:<x@example.test>\r\nDATA\r\nbounce\r\n.\r\n");
	take(s);
	assert_int_equal(seen.data_calls, 2);
	assert_string_equal(seen.sender, "");
	say(s, "QUIT\r\nNOOP\r\n");
	assert_string_equal(take(s), "221 2.0.0 mx.test closing connection\r\n");
	assert_int_equal(s->state, SMTP_CLOSED);
	stop(s);
}

static void size_limits(void **state)
{
	(void)state;
	struct smtp_session *s = start(64);
	take(s);
	say(s, "EHLO c\r\n");
	take(s);
	say(s, "MAIL FROM:<a@b.test> SIZE=65\r\n");
	assert_string_equal(take(s), "552 5.3.4 message size exceeds fixed maximum"
		" message size (64 bytes)\r\n");
	say(s, "MAIL FROM:<a@b.test> SIZE=10\r\nRCPT TO:<x@example.test>\r\nDATA\r\n");
	take(s);
	for (int i = 0; i < 10; i++)
		say(s, "0123456789\r\n");
	assert_int_equal(s->out_len, 0); /* no reply until the end */
	say(s, ".\r\n");
	assert_string_equal(take(s), "552 5.3.4 message size exceeds fixed maximum"
		" message size (64 bytes)\r\n");
	assert_int_equal(seen.data_calls, 0);
	/* A single line longer than the limit, in pieces without a newline. */
	say(s, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n");
	take(s);
	for (int i = 0; i < 20; i++)
		say(s, "0123456789");
	assert_true(s->in_len <= 64);
	say(s, "\r\n.\r\n");
	assert_non_null(strstr(take(s), "552 5.3.4"));
	assert_int_equal(seen.data_calls, 0);
	stop(s);
}

/* The same conversation in one read and one byte at a time gives the same
 * replies, in command order. */
static void pipelining(void **state)
{
	(void)state;
	static const char conv[] = "EHLO c\r\nMAIL FROM:<a@b.test>\r\n"
		"RCPT TO:<x@example.test>\r\nRCPT TO:<y@nowhere.test>\r\nDATA\r\n"
		"line one\r\n.\r\nRSET\r\nNOOP\r\nQUIT\r\n";
	struct smtp_session *s = start(1000);
	say(s, conv);
	char whole[8192];
	snprintf(whole, sizeof(whole), "%s", take(s));
	stop(s);
	s = start(1000);
	for (size_t i = 0; i < sizeof(conv) - 1; i++)
		smtp_session_feed(s, conv + i, 1);
	assert_string_equal(take(s), whole);
	assert_string_equal(seen.msg, "line one\r\n");
	const char *order[] = { "220 ", "250-mx.test", "250 2.1.0", "250 2.1.5",
		"550 5.1.1", "354 ", "250 2.0.0 Ok: stored", "250 2.0.0 Ok\r\n250 2.0.0 Ok",
		"221 " };
	const char *p = whole;
	for (size_t i = 0; i < PL_ARRAY_LEN(order); i++) {
		const char *q = strstr(p, order[i]);
		assert_non_null(q);
		p = q;
	}
	stop(s);
}

static void long_lines_bare_lf_and_errors(void **state)
{
	(void)state;
	struct smtp_session *s = start(1000);
	take(s);
	char line[3000];
	memset(line, 'A', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	say(s, line);
	say(s, line);
	say(s, "\r\nHELO c\n");
	assert_string_equal(take(s), "500 5.5.6 line too long\r\n250 mx.test\r\n");
	assert_true(s->in_len == 0);
	say(s, "MAIL FROM:<a@b.test>\nRCPT TO:<x@example.test>\nDATA\nbare\n.\n");
	assert_non_null(strstr(take(s), "250 2.0.0 Ok: stored\r\n"));
	assert_string_equal(seen.msg, "bare\r\n");
	say(s, "MAIL FROM:<not an address>\r\n");
	assert_string_equal(take(s), "501 5.1.7 bad sender address syntax\r\n");
	for (int i = 0; i < 9; i++)
		say(s, "XYZZY\r\n");
	char *r = take(s);
	assert_non_null(strstr(r, "421 4.7.0 mx.test too many errors"));
	assert_int_equal(s->state, SMTP_CLOSED);
	stop(s);
}

static void recipient_limit_and_timeout(void **state)
{
	(void)state;
	struct smtp_session *s = start(1000);
	take(s);
	say(s, "EHLO c\r\nMAIL FROM:<a@b.test>\r\n");
	take(s);
	for (int i = 0; i <= SMTP_MAX_RCPTS; i++) {
		char cmd[80];
		snprintf(cmd, sizeof(cmd), "RCPT TO:<u%d@example.test>\r\n", i);
		say(s, cmd);
	}
	char *r = take(s);
	assert_non_null(strstr(r, "452 4.5.3 too many recipients"));
	assert_int_equal(s->nrcpts, SMTP_MAX_RCPTS);
	smtp_session_timeout(s);
	assert_string_equal(take(s), "421 4.4.2 mx.test timeout exceeded, closing"
		" connection\r\n");
	assert_int_equal(s->state, SMTP_CLOSED);
	stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(greeting_and_ehlo),
		cmocka_unit_test(order_of_commands),
		cmocka_unit_test(transaction_with_dot_unstuffing),
		cmocka_unit_test(size_limits),
		cmocka_unit_test(pipelining),
		cmocka_unit_test(long_lines_bare_lf_and_errors),
		cmocka_unit_test(recipient_limit_and_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
