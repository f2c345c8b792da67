/*
 * smtp_session.c: the server side of SMTP as a state machine.
 *
 * RFCs: 5321 (SMTP), 1870 (SIZE), 2920 (PIPELINING), 6152 (8BITMIME),
 * 2034 and 3463 (enhanced status codes), 6531 (SMTPUTF8: addresses are
 * taken as UTF-8 bytes).  Not done: STARTTLS, AUTH, CHUNKING/BDAT, VRFY
 * (answered 252), source routes (their route part is dropped).
 *
 *   FRESH --HELO/EHLO--> READY --MAIL--> MAIL --RCPT ok--> RCPT --DATA--> DATA
 *     ^                    ^  <--RSET/HELO--/                             |
 *     |                    \-------- "." ends the message, reply ---------/
 *   any state --QUIT, 421 (timeout, too many errors)--> CLOSED
 *
 * Invariants:
 *  1. Replies leave in the order of the commands that caused them, however
 *     many commands one read brought (pipelining).
 *  2. A command line longer than SMTP_LINE_MAX is answered 500 once and the
 *     rest of it discarded; input is never buffered beyond a line (or the
 *     message size limit in DATA).
 *  3. Message bytes past max_size are read and dropped, then the message is
 *     refused with 552: the client always gets a reply to its DATA.
 *  4. The handler sees a message only in DATA's end, with at least one
 *     accepted recipient; a message line "." + text loses one leading dot.
 */
#include "parley.h"
#include "channels/smtp_session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ERRORS 10

static void grow(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	char *p = realloc(*buf, n);
	if (!p)
		abort();
	*buf = p;
	*cap = n;
}

static void reply(struct smtp_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reply(struct smtp_session *s, const char *fmt, ...)
{
	char line[SMTP_REPLY_MAX + 2];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, SMTP_REPLY_MAX, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n >= SMTP_REPLY_MAX)
		n = SMTP_REPLY_MAX - 1;
	line[n++] = '\r';
	line[n++] = '\n';
	grow(&s->out, &s->out_cap, s->out_len + (size_t)n);
	memcpy(s->out + s->out_len, line, (size_t)n);
	s->out_len += (size_t)n;
}

static void reset_transaction(struct smtp_session *s)
{
	free(s->sender);
	s->sender = NULL;
	for (int i = 0; i < s->nrcpts; i++)
		free(s->rcpts[i]);
	s->nrcpts = 0;
	s->msg_len = 0;
	s->msg_too_big = false;
	if (s->state != SMTP_FRESH && s->state != SMTP_CLOSED)
		s->state = SMTP_READY;
}

void smtp_session_init(struct smtp_session *s, const struct smtp_handler *h,
	const char *hostname, size_t max_size)
{
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->hostname = hostname;
	s->max_size = max_size;
	s->rcpts = calloc(SMTP_MAX_RCPTS, sizeof(*s->rcpts));
	if (!s->rcpts)
		abort();
	reply(s, "220 %s ESMTP Parley", hostname);
}

void smtp_session_cleanup(struct smtp_session *s)
{
	reset_transaction(s);
	free(s->rcpts);
	free(s->in);
	free(s->out);
	free(s->msg);
	memset(s, 0, sizeof(*s));
}

void smtp_session_consumed(struct smtp_session *s, size_t n)
{
	if (n >= s->out_len) {
		s->out_len = 0;
		return;
	}
	memmove(s->out, s->out + n, s->out_len - n);
	s->out_len -= n;
}

static void close_with(struct smtp_session *s, const char *why)
{
	reply(s, "421 4.7.0 %s %s, closing connection", s->hostname, why);
	s->state = SMTP_CLOSED;
}

void smtp_session_timeout(struct smtp_session *s)
{
	if (s->state == SMTP_CLOSED)
		return;
	reply(s, "421 4.4.2 %s timeout exceeded, closing connection", s->hostname);
	s->state = SMTP_CLOSED;
}

static void bad(struct smtp_session *s, const char *fmt, const char *arg)
{
	reply(s, fmt, arg);
	if (++s->errors >= MAX_ERRORS)
		close_with(s, "too many errors");
}

/* Whether line starts with verb (case-insensitive) followed by the end or
 * a space; *rest points past the spaces after it. */
static bool verb_is(const char *line, const char *verb, const char **rest)
{
	size_t n = strlen(verb);
	if (strncasecmp(line, verb, n) != 0 || (line[n] && line[n] != ' '))
		return false;
	const char *p = line + n;
	while (*p == ' ')
		p++;
	*rest = p;
	return true;
}

/* Parses "<path> params" after "FROM:" or "TO:" into a new string (heap);
 * *params points at the parameters.  NULL when malformed.  A source route
 * (<@a,@b:user@d>) keeps only the mailbox; the brackets may be missing. */
static char *parse_path(const char *p, const char **params)
{
	while (*p == ' ')
		p++;
	const char *b, *e;
	if (*p == '<') {
		b = p + 1;
		e = strchr(b, '>');
		if (!e)
			return NULL;
		*params = e + 1;
	} else {
		b = p;
		e = p + strcspn(p, " ");
		*params = e;
	}
	if (*b == '@') {
		const char *colon = memchr(b, ':', (size_t)(e - b));
		if (!colon)
			return NULL;
		b = colon + 1;
	}
	size_t n = (size_t)(e - b);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)b[i] <= ' ' || b[i] == '<' || b[i] == '>' ||
		    b[i] == 0x7f)
			return NULL;
	if (n && (!memchr(b, '@', n) || b[0] == '@' || b[n - 1] == '@'))
		return NULL;
	char *out = strndup(b, n);
	if (!out)
		abort();
	return out;
}

/* The value of SIZE=n among MAIL parameters; 0 when absent. */
static unsigned long long size_param(const char *params)
{
	for (const char *p = params; (p = strcasestr(p, "SIZE=")); p += 5)
		if (p == params || p[-1] == ' ')
			return strtoull(p + 5, NULL, 10);
	return 0;
}

static void cmd_ehlo(struct smtp_session *s, const char *arg, bool extended)
{
	if (!*arg) {
		bad(s, "501 5.5.4 %s needs a domain or address", extended ? "EHLO" : "HELO");
		return;
	}
	s->state = SMTP_READY;
	reset_transaction(s);
	if (!extended) {
		reply(s, "250 %s", s->hostname);
		return;
	}
	reply(s, "250-%s", s->hostname);
	reply(s, "250-PIPELINING");
	reply(s, "250-SIZE %zu", s->max_size);
	reply(s, "250-8BITMIME");
	reply(s, "250-SMTPUTF8");
	reply(s, "250 ENHANCEDSTATUSCODES");
}

static void cmd_mail(struct smtp_session *s, const char *arg)
{
	if (s->state == SMTP_FRESH) {
		bad(s, "503 5.5.1 %s", "send HELO or EHLO first");
		return;
	}
	if (s->state != SMTP_READY) {
		bad(s, "503 5.5.1 %s", "nested MAIL command");
		return;
	}
	const char *params;
	if (strncasecmp(arg, "FROM:", 5) != 0) {
		bad(s, "501 5.5.4 %s", "syntax: MAIL FROM:<address>");
		return;
	}
	char *sender = parse_path(arg + 5, &params);
	if (!sender) {
		bad(s, "501 5.1.7 %s", "bad sender address syntax");
		return;
	}
	unsigned long long size = size_param(params);
	if (size > s->max_size) {
		free(sender);
		reply(s, "552 5.3.4 message size exceeds fixed maximum message size (%zu"
			" bytes)", s->max_size);
		return;
	}
	s->sender = sender;
	s->state = SMTP_MAIL;
	reply(s, "250 2.1.0 Ok");
}

static void cmd_rcpt(struct smtp_session *s, const char *arg)
{
	if (s->state != SMTP_MAIL && s->state != SMTP_RCPT) {
		bad(s, "503 5.5.1 %s", "need MAIL before RCPT");
		return;
	}
	const char *params;
	if (strncasecmp(arg, "TO:", 3) != 0) {
		bad(s, "501 5.5.4 %s", "syntax: RCPT TO:<address>");
		return;
	}
	char *rcpt = parse_path(arg + 3, &params);
	if (!rcpt || !*rcpt) {
		free(rcpt);
		bad(s, "501 5.1.3 %s", "bad recipient address syntax");
		return;
	}
	if (s->nrcpts == SMTP_MAX_RCPTS) {
		free(rcpt);
		reply(s, "452 4.5.3 too many recipients");
		return;
	}
	char r[SMTP_REPLY_MAX];
	int code = s->h->rcpt(s->h->arg, s->sender, rcpt, r);
	reply(s, "%s", r);
	if (code != 250) {
		free(rcpt);
		return;
	}
	s->rcpts[s->nrcpts++] = rcpt;
	s->state = SMTP_RCPT;
}

static void cmd_data(struct smtp_session *s, const char *arg)
{
	if (*arg) {
		bad(s, "501 5.5.4 %s", "DATA takes no parameters");
		return;
	}
	if (s->state == SMTP_MAIL) {
		bad(s, "554 5.5.1 %s", "no valid recipients");
		return;
	}
	if (s->state != SMTP_RCPT) {
		bad(s, "503 5.5.1 %s", "need RCPT before DATA");
		return;
	}
	s->state = SMTP_DATA;
	s->msg_len = 0;
	s->msg_too_big = false;
	reply(s, "354 End data with <CR><LF>.<CR><LF>");
}

static void command(struct smtp_session *s, const char *line)
{
	const char *arg;
	if (verb_is(line, "EHLO", &arg))
		cmd_ehlo(s, arg, true);
	else if (verb_is(line, "HELO", &arg))
		cmd_ehlo(s, arg, false);
	else if (verb_is(line, "MAIL", &arg))
		cmd_mail(s, arg);
	else if (verb_is(line, "RCPT", &arg))
		cmd_rcpt(s, arg);
	else if (verb_is(line, "DATA", &arg))
		cmd_data(s, arg);
	else if (verb_is(line, "RSET", &arg)) {
		reset_transaction(s);
		reply(s, "250 2.0.0 Ok");
	} else if (verb_is(line, "NOOP", &arg))
		reply(s, "250 2.0.0 Ok");
	else if (verb_is(line, "QUIT", &arg)) {
		reply(s, "221 2.0.0 %s closing connection", s->hostname);
		s->state = SMTP_CLOSED;
	} else if (verb_is(line, "VRFY", &arg))
		reply(s, "252 2.5.2 cannot VRFY user; send mail and it will be tried");
	else if (verb_is(line, "HELP", &arg))
		reply(s, "214 2.0.0 commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT");
	else if (verb_is(line, "STARTTLS", &arg) || verb_is(line, "AUTH", &arg) ||
		 verb_is(line, "BDAT", &arg) || verb_is(line, "EXPN", &arg))
		bad(s, "502 5.5.1 %s", "command not implemented");
	else
		bad(s, "500 5.5.2 %s", "command not recognized");
}

static void message_end(struct smtp_session *s)
{
	if (s->msg_too_big) {
		reply(s, "552 5.3.4 message size exceeds fixed maximum message size (%zu"
			" bytes)", s->max_size);
	} else {
		char r[SMTP_REPLY_MAX];
		grow(&s->msg, &s->msg_cap, s->msg_len + 1);
		s->msg[s->msg_len] = 0;
		s->h->data(s->h->arg, s->sender ? s->sender : "", s->rcpts, s->nrcpts,
			s->msg, s->msg_len, r);
		reply(s, "%s", r);
	}
	s->state = SMTP_READY;
	reset_transaction(s);
}

/* One message line without its line ending. */
static void data_line(struct smtp_session *s, const char *line, size_t n)
{
	if (n == 1 && line[0] == '.') {
		message_end(s);
		return;
	}
	if (n > 0 && line[0] == '.') {
		line++;
		n--;
	}
	if (s->msg_too_big || s->msg_len + n + 2 > s->max_size) {
		s->msg_too_big = true;
		return;
	}
	grow(&s->msg, &s->msg_cap, s->msg_len + n + 3);
	memcpy(s->msg + s->msg_len, line, n);
	s->msg_len += n;
	s->msg[s->msg_len++] = '\r';
	s->msg[s->msg_len++] = '\n';
}

/* A complete line (CRLF or bare LF removed) in the current state. */
static void line_in(struct smtp_session *s, char *line, size_t n)
{
	if (s->state == SMTP_DATA) {
		data_line(s, line, n);
		return;
	}
	if (memchr(line, 0, n)) {
		bad(s, "500 5.5.2 %s", "NUL in command");
		return;
	}
	line[n] = 0;
	command(s, line);
}

void smtp_session_feed(struct smtp_session *s, const char *data, size_t n)
{
	if (s->state == SMTP_CLOSED)
		return;
	grow(&s->in, &s->in_cap, s->in_len + n + 1);
	memcpy(s->in + s->in_len, data, n);
	s->in_len += n;
	size_t pos = 0;
	while (s->state != SMTP_CLOSED && pos < s->in_len) {
		char *start = s->in + pos;
		char *nl = memchr(start, '\n', s->in_len - pos);
		if (!nl) {
			/* Invariant 2: a partial command line over the limit. */
			if (s->state != SMTP_DATA && s->in_len - pos > SMTP_LINE_MAX) {
				if (!s->skip_line)
					bad(s, "500 5.5.6 %s", "line too long");
				s->skip_line = true;
				pos = s->in_len;
			} else if (s->state == SMTP_DATA &&
				   s->in_len - pos > s->max_size) {
				/* Invariant 3: a message line past the limit. */
				s->msg_too_big = true;
				s->skip_line = true;
				pos = s->in_len;
			}
			break;
		}
		size_t len = (size_t)(nl - start);
		pos += len + 1;
		if (len > 0 && start[len - 1] == '\r')
			len--;
		if (s->skip_line) {
			s->skip_line = false;
			continue;
		}
		if (s->state != SMTP_DATA && len > SMTP_LINE_MAX) {
			bad(s, "500 5.5.6 %s", "line too long");
			continue;
		}
		line_in(s, start, len);
	}
	if (s->state == SMTP_CLOSED)
		pos = s->in_len;
	memmove(s->in, s->in + pos, s->in_len - pos);
	s->in_len -= pos;
}
