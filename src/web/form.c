/*
 * form.c: reads form posts (form.h).  The body is split on each call: forms
 * have a handful of fields and handlers read each once.
 */
#include "parley.h"
#include "web/form.h"
#include "core/config.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/url.h"

#include <string.h>
#include <strings.h>

const char *web_form(struct req *r, const char *name)
{
	const char *type = req_header(r, "Content-Type");
	if (!r->body || !type ||
	    strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0)
		return NULL;
	char *copy = arena_strndup(r->c.a, r->body, r->body_len), *save = NULL;
	for (char *f = strtok_r(copy, "&", &save); f; f = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(f, '=');
		if (eq)
			*eq++ = 0;
		url_decode(f, true);
		if (strcmp(f, name) != 0)
			continue;
		if (eq)
			url_decode(eq, true);
		return eq ? eq : "";
	}
	return NULL;
}

bool web_https(struct req *r)
{
	const char *pu = r->c.cfg->public_url;
	if (pu)
		return strncmp(pu, "https:", 6) == 0;
	const char *proto = req_header(r, "X-Forwarded-Proto");
	return proto && strcmp(proto, "https") == 0;
}

bool web_origin_is_own(struct req *r)
{
	const char *o = req_header(r, "Origin");
	if (!o)
		return false;
	const char *pu = r->c.cfg->public_url;
	if (pu && strcmp(o, pu) == 0)
		return true;
	const char *host = req_header(r, "Host");
	return host && strcmp(o, arena_printf(r->c.a, "%s://%s",
		web_https(r) ? "https" : "http", host)) == 0;
}
