/*
 * url.c: percent-decoding of paths and form-urlencoded queries, and the
 * matching encoder for links we emit.
 */
#include "parley.h"
#include "util/url.h"
#include "util/arena.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

void url_decode(char *s, bool plus)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			*w++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else if (*p == '+' && plus) {
			*w++ = ' ';
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
}

char *url_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1);
	char *w = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.*", *p)) {
			*w++ = (char)*p;
		} else if (*p == ' ') {
			*w++ = '+';
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = 0;
	return out;
}
