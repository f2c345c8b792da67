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

json_t *jmember(json_t *obj, const char *key, json_t *dflt)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return dflt;
	json_decref(dflt);
	return json_incref(v);
}

char *jdump(struct arena *a, const json_t *v)
{
	struct sbuf b;
	sbuf_init(&b, a);
	sbuf_json(&b, v);
	return b.s;
}

json_t *jown(struct arena *a, json_t *v)
{
	if (v)
		arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

void sbuf_json_str(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	/* Written in place: room for the quotes and n plain bytes, and each
	 * escape (up to six bytes for one) makes room for itself and the rest. */
	sbuf_reserve(b, n + 2);
	char *o = b->s + b->len;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\') {
			*o++ = (char)ch;
			continue;
		}
		b->len = (size_t)(o - b->s);
		sbuf_reserve(b, n - i + 6);
		o = b->s + b->len;
		*o++ = '\\';
		switch (ch) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[ch >> 4];
			o[4] = hex[ch & 15];
			o += 5;
		}
	}
	*o++ = '"';
	*o = 0;
	b->len = (size_t)(o - b->s);
}

void sbuf_json(struct sbuf *b, const json_t *v)
{
	char num[32];
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: {
		sbuf_add(b, "{", 1);
		bool first = true;
		for (void *it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			if (!first)
				sbuf_add(b, ",", 1);
			first = false;
			sbuf_json_str(b, json_object_iter_key(it), json_object_iter_key_len(it));
			sbuf_add(b, ":", 1);
			sbuf_json(b, json_object_iter_value(it));
		}
		sbuf_add(b, "}", 1);
		break;
	}
	case JSON_ARRAY:
		sbuf_add(b, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				sbuf_add(b, ",", 1);
			sbuf_json(b, json_array_get(v, i));
		}
		sbuf_add(b, "]", 1);
		break;
	case JSON_STRING:
		sbuf_json_str(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		sbuf_add(b, num, (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			json_integer_value(v)));
		break;
	case JSON_REAL: {
		/* Rare: jansson's own shortest round-trip formatting. */
		char *r = json_dumps(v, JSON_ENCODE_ANY);
		sbuf_adds(b, r ? r : "null");
		free(r);
		break;
	}
	case JSON_TRUE: sbuf_add(b, "true", 4); break;
	case JSON_FALSE: sbuf_add(b, "false", 5); break;
	case JSON_NULL: sbuf_add(b, "null", 4); break;
	}
}

/* Writes v as n digits. */
static char *digits_out(char *p, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void time_iso(int64_t t, char *buf)
{
	/* Civil date from days since 1970 (H. Hinnant's algorithm): this runs
	 * for every timestamp of every record rendered, and gmtime_r plus
	 * strftime cost ten times more. */
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999) {
		struct tm tm;
		time_t tt = (time_t)t;
		gmtime_r(&tt, &tm);
		strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	char *p = digits_out(buf, y, 4);
	*p++ = '-';
	p = digits_out(p, m, 2);
	*p++ = '-';
	p = digits_out(p, d, 2);
	*p++ = 'T';
	p = digits_out(p, secs / 3600, 2);
	*p++ = ':';
	p = digits_out(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = digits_out(p, secs % 60, 2);
	*p++ = 'Z';
	*p = 0;
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
