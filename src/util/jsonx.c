/*
 * jsonx.c: jansson helpers and the ISO-8601 formatting Zendesk uses
 * (UTC, to the second, with a Z).
 */
#include "parley.h"
#include "util/jsonx.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }
json_t *jid(int64_t v) { return v ? json_integer(v) : json_null(); }

json_t *jtime(int64_t t)
{
	if (!t)
		return json_null();
	char buf[32];
	time_iso(t, buf);
	return json_string(buf);
}

json_t *jparse(const char *s, json_t *dflt)
{
	if (!s)
		return dflt;
	json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
	if (!v)
		return dflt;
	json_decref(dflt);
	return v;
}

char *jdump(struct arena *a, const json_t *v)
{
	if (!v)
		return arena_strdup(a, "null");
	char *s = json_text(v, NULL);
	char *r = arena_strdup(a, s ? s : "null");
	free(s);
	return r;
}

/* malloc'd text under construction; s is NULL (and cap 0) once an
 * allocation failed. */
struct tbuf {
	char *s;
	size_t len, cap;
};

/* Makes room for n more bytes and the NUL; false when out of memory. */
static bool tgrow(struct tbuf *b, size_t n)
{
	if (!b->s)
		return false;
	size_t cap = b->cap * 2;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *ns = realloc(b->s, cap);
	if (!ns) {
		free(b->s);
		b->s = NULL;
		b->cap = 0; /* every later tput comes here and fails */
		return false;
	}
	b->s = ns;
	b->cap = cap;
	return true;
}

static inline void tput(struct tbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap && !tgrow(b, n))
		return;
	memcpy(b->s + b->len, p, n);
	b->len += n;
}

/* A JSON string: '"', '\\' and control characters escaped as jansson does;
 * other bytes (valid UTF-8, as jansson guarantees) as they are. */
static void tstring(struct tbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	tput(b, "\"", 1);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		tput(b, s + start, i - start);
		start = i + 1;
		char esc[7] = { '\\', 0 };
		size_t len = 2;
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			len = 6;
		}
		tput(b, esc, len);
	}
	tput(b, s + start, n - start);
	tput(b, "\"", 1);
}

static void twrite(struct tbuf *b, const json_t *v)
{
	char num[32];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		tput(b, "{", 1);
		bool first = true;
		for (void *it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			const char *k = json_object_iter_key(it);
			if (!first)
				tput(b, ",", 1);
			first = false;
			tstring(b, k, json_object_iter_key_len(it));
			tput(b, ":", 1);
			twrite(b, json_object_iter_value(it));
		}
		tput(b, "}", 1);
		break;
	}
	case JSON_ARRAY:
		tput(b, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				tput(b, ",", 1);
			twrite(b, json_array_get(v, i));
		}
		tput(b, "]", 1);
		break;
	case JSON_STRING:
		tstring(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		tput(b, num, (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			json_integer_value(v)));
		break;
	case JSON_REAL: {
		/* Rare: jansson's own shortest round-trip formatting. */
		char *r = json_dumps(v, JSON_ENCODE_ANY);
		if (r)
			tput(b, r, strlen(r));
		else
			tput(b, "null", 4);
		free(r);
		break;
	}
	case JSON_TRUE: tput(b, "true", 4); break;
	case JSON_FALSE: tput(b, "false", 5); break;
	case JSON_NULL: tput(b, "null", 4); break;
	}
}

char *json_text(const json_t *v, size_t *len)
{
	struct tbuf b = { malloc(4096), 0, 4096 };
	if (!b.s)
		return NULL;
	if (v)
		twrite(&b, v);
	else
		tput(&b, "null", 4);
	if (!b.s)
		return NULL;
	b.s[b.len] = 0;
	if (len)
		*len = b.len;
	return b.s;
}

json_t *jown(struct arena *a, json_t *v)
{
	if (v)
		arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

void time_iso(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t time_now(void)
{
	return (int64_t)time(NULL);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool time_parse_iso(const char *s, int64_t *out)
{
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d))
		return false;
	const char *p = s + 10;
	long off = 0;
	if (*p == 'T' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
			return false;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &se))
				return false;
			p += 3;
			if (*p == '.')
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
		}
		if (*p == 'Z')
			p++;
		else if (*p == '+' || *p == '-') {
			int oh, om;
			if (!digits(p + 1, 2, &oh))
				return false;
			const char *q = p + 3;
			if (*q == ':')
				q++;
			if (!digits(q, 2, &om))
				return false;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
			p = q + 2;
		}
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	struct tm chk;
	gmtime_r(&t, &chk);
	if (chk.tm_mday != d) /* 2026-02-31 */
		return false;
	*out = (int64_t)t - off;
	return true;
}
