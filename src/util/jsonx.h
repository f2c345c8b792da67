/*
 * jsonx.h: small jansson helpers shared by every layer.
 *
 * Constructors return a *new* reference (json_null() where the C value is
 * absent), meant for the json_object_set_new family, which steals it.
 */
#ifndef HEADER_UTIL_JSONX_H
#define HEADER_UTIL_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct sbuf;

/* String or null. */
json_t *jstr(const char *s);
/* Integer, or null when v is 0 (optional ids). */
json_t *jid(int64_t v);
/* ISO-8601 UTC "2026-11-25T09:00:00Z", or null when t is 0. */
json_t *jtime(int64_t t);
/* Parses the JSON text stored in a column; a new reference, falling back to
 * dflt (which it steals) when s is NULL or not JSON. */
json_t *jparse(const char *s, json_t *dflt);
/* A new reference to member key of obj, falling back to dflt (which it
 * steals) when obj has no such member. */
json_t *jmember(json_t *obj, const char *key, json_t *dflt);
/* JSON text of v in the arena ("null" for NULL). */
char *jdump(struct arena *a, const json_t *v);
/* Appends the compact JSON text of v ("null" for NULL) to b, exactly as
 * json_dumps(JSON_COMPACT | JSON_ENCODE_ANY) writes it.  Several times
 * faster than json_dumps, which formats every container's address into a
 * hash table to detect cycles; values built by Parley have none. */
void sbuf_json(struct sbuf *b, const json_t *v);
/* Appends s (n bytes of UTF-8) to b as a JSON string. */
void sbuf_json_str(struct sbuf *b, const char *s, size_t n);
/* Defers json_decref(v) to the arena; returns v. */
json_t *jown(struct arena *a, json_t *v);

/* ISO-8601 UTC of t into buf (at least 21 bytes). */
void time_iso(int64_t t, char *buf);
/* Parses ISO-8601 ("2026-11-25", "2026-11-25T09:00:00Z", with offset) to
 * Unix seconds; false when malformed. */
bool time_parse_iso(const char *s, int64_t *out);
/* Current Unix seconds. */
int64_t time_now(void);

#endif
