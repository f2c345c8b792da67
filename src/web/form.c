/*
 * form.c: reads form posts (form.h).  The body is split on each call: forms
 * have a handful of fields and handlers read each once.
 */
#include "parley.h"
#include "web/form.h"
#include "core/config.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"
#include "web/sessions.h"

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

json_t *web_form_all(struct req *r)
{
	json_t *out = jown(r->c.a, json_object());
	const char *type = req_header(r, "Content-Type");
	if (!r->body || !type ||
	    strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0)
		return out;
	char *copy = arena_strndup(r->c.a, r->body, r->body_len), *save = NULL;
	for (char *f = strtok_r(copy, "&", &save); f; f = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(f, '=');
		if (eq)
			*eq++ = 0;
		url_decode(f, true);
		if (eq)
			url_decode(eq, true);
		json_t *list = json_object_get(out, f);
		if (!list) {
			list = json_array();
			json_object_set_new(out, f, list);
		}
		json_array_append_new(list, json_string(eq ? eq : ""));
	}
	return out;
}

void web_session_cookie(struct req *r, const char *value, int max_age)
{
	reply_header(r, "Set-Cookie", arena_printf(r->c.a,
		"%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", SESSION_COOKIE,
		value, max_age, web_https(r) ? "; Secure" : ""));
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
