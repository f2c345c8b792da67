/*
 * url.h: percent-encoding as URLSearchParams does it.
 */
#ifndef HEADER_UTIL_URL_H
#define HEADER_UTIL_URL_H

#include <stdbool.h>

struct arena;

/* Decodes %XX in place, and '+' as a space when plus is set. */
void url_decode(char *s, bool plus);
/* Encodes s for a query component (space as '+'), in the arena. */
char *url_escape(struct arena *a, const char *s);

#endif
