/*
 * mail.c: rules about mail that the inbound and outbound halves of the
 * email channel share (mail.h): which messages are machine-made, and where
 * a customer's reply ends and the quoted history begins.
 *
 * Invariant: a message mail_is_automatic() accepts is never answered by
 * mail (core/mail_inbound.c holds the outbox while it is processed), so two
 * auto-responders can never ping-pong through Parley.
 */
#include "parley.h"
#include "core/mail.h"
#include "core/config.h"
#include "core/ctx.h"
#include "util/arena.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *mail_domain(const struct ctx *c)
{
	const struct mail_config *m = c->cfg ? c->cfg->mail : NULL;
	return m && m->domain && *m->domain ? m->domain : MAIL_DEFAULT_DOMAIN;
}

char *mail_addr_lower(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return s;
}

/* The six-character check of ticket id's token into out (7 bytes). */
static void token_check(const struct ctx *c, int64_t id, char out[7])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char h[16];
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "ticket-token:%lld:%lld",
		(long long)c->account_id, (long long)id);
	crypto_generichash(h, sizeof(h), (const unsigned char *)msg, (size_t)n,
		c->cfg->token_key, 32);
	for (int i = 0; i < 6; i++)
		out[i] = alphabet[h[i] & 31];
	out[6] = 0;
}

char *mail_ticket_token(struct ctx *c, int64_t ticket_id)
{
	char chk[7];
	token_check(c, ticket_id, chk);
	return arena_printf(c->a, "[#%lld-%s]", (long long)ticket_id, chk);
}

int64_t mail_subject_ticket(struct ctx *c, const char *subject)
{
	for (const char *p = subject; p && (p = strstr(p, "[#")); p += 2) {
		char *end;
		long long id = strtoll(p + 2, &end, 10);
		if (id <= 0 || end == p + 2 || *end != '-' || strlen(end) < 8 ||
		    end[7] != ']')
			continue;
		char chk[7];
		token_check(c, id, chk);
		if (strncasecmp(end + 1, chk, 6) == 0)
			return id;
	}
	return 0;
}

/* Whether the local part of address is local (case-insensitive). */
static bool local_part_is(const char *address, const char *local)
{
	size_t n = strlen(local);
	return address && strncasecmp(address, local, n) == 0 && address[n] == '@';
}

bool mail_is_bounce(const struct mail_msg *m, const char *sender)
{
	if (!sender || !*sender)
		return true;
	return m->is_report || local_part_is(sender, "mailer-daemon") ||
		local_part_is(m->from.email, "mailer-daemon") ||
		local_part_is(m->from.email, "postmaster");
}

bool mail_is_automatic(const struct mail_msg *m, const char *sender,
	const char **why)
{
	if (mail_is_bounce(m, sender)) {
		*why = "bounce";
		return true;
	}
	const char *as = m->auto_submitted;
	if (as && strncasecmp(as, "no", 2) != 0) {
		*why = "auto-submitted";
		return true;
	}
	const char *p = m->precedence;
	if (p && (!strncasecmp(p, "bulk", 4) || !strncasecmp(p, "list", 4) ||
		!strncasecmp(p, "junk", 4))) {
		*why = "precedence";
		return true;
	}
	return false;
}

/* Line [s, e) with surrounding blanks dropped, into *b and *n. */
static void trimmed(const char *s, const char *e, const char **b, size_t *n)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*b = s;
	*n = (size_t)(e - s);
}

/* The marker line of our templates, maybe quoted ("> ##- ... -##"). */
static bool is_marker(const char *s, size_t n)
{
	while (n > 0 && (*s == '>' || *s == ' ')) {
		s++;
		n--;
	}
	if (n < 6 || memcmp(s, "##-", 3) != 0 || memcmp(s + n - 3, "-##", 3) != 0)
		return false;
	return true;
}

static bool is_quote(const char *s, size_t n)
{
	return n > 0 && s[0] == '>';
}

/* An attribution line: "On <date>, <name> wrote:" and its translations
 * all end in a colon; short enough to be one. */
static bool is_attribution(const char *s, size_t n)
{
	return n > 0 && n < 300 && s[n - 1] == ':';
}

char *mail_trim_reply(struct arena *a, const char *text)
{
	/* Index the lines: starts[i] .. ends[i]. */
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	const char **st = arena_alloc(a, cap * sizeof(*st));
	const char **en = arena_alloc(a, cap * sizeof(*en));
	size_t nl = 0;
	for (const char *p = text;;) {
		const char *e = strchr(p, '\n');
		st[nl] = p;
		en[nl++] = e ? e : p + strlen(p);
		if (!e)
			break;
		p = e + 1;
	}
	size_t keep = nl;
	for (size_t i = 0; i < nl; i++) {
		const char *b;
		size_t n;
		trimmed(st[i], en[i], &b, &n);
		if (is_marker(b, n)) {
			keep = i;
			break;
		}
	}
	/* Drop, from the end of what is kept: blank lines, quoted lines, then
	 * an attribution line above them. */
	bool quoted = false;
	while (keep > 0) {
		const char *b;
		size_t n;
		trimmed(st[keep - 1], en[keep - 1], &b, &n);
		if (n == 0 || is_quote(b, n)) {
			quoted |= n > 0;
			keep--;
			continue;
		}
		break;
	}
	if (keep > 0 && (quoted || keep < nl)) {
		const char *b;
		size_t n;
		trimmed(st[keep - 1], en[keep - 1], &b, &n);
		if (is_attribution(b, n) && keep > 1)
			keep--;
		while (keep > 0) {
			trimmed(st[keep - 1], en[keep - 1], &b, &n);
			if (n)
				break;
			keep--;
		}
	}
	if (keep == 0)
		return arena_strdup(a, "");
	char *out = arena_strndup(a, text, (size_t)(en[keep - 1] - text));
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\r' || out[n - 1] == ' '))
		out[--n] = 0;
	return out;
}
