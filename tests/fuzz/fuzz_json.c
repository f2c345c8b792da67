/*
 * fuzz_json.c: libFuzzer target for JSON request bodies as handlers read
 * them: req_body (duplicate keys rejected, top level must be an object),
 * req_body_object for a root key, then the helpers handlers apply to the
 * values (time_parse_iso, url_escape, jdump).  Seeds: tests/fuzz/corpus/json.
 */
#include "parley.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Applies the string helpers to every string below v, depth-limited. */
static void walk(struct arena *a, json_t *v, int depth)
{
	if (depth > 64)
		return;
	if (json_is_string(v)) {
		int64_t t;
		const char *s = json_string_value(v);
		(void)time_parse_iso(s, &t);
		char *e = url_escape(a, s);
		url_decode(e, true);
		if (strlen(s) == json_string_length(v) && strcmp(e, s) != 0)
			__builtin_trap(); /* escape/decode must round-trip */
		return;
	}
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v))
		json_object_foreach(v, k, x)
			walk(a, x, depth + 1);
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			walk(a, x, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof(*r));
	r->c.a = a;
	r->body = arena_alloc(a, size + 1);
	memcpy(r->body, data, size);
	r->body_len = size;
	json_t *body, *ticket;
	if (req_body(r, &body) == PL_OK) {
		walk(a, body, 0);
		(void)jdump(a, body);
		if (req_body_object(r, "ticket", &ticket) == PL_OK)
			(void)reply_obj(r, 201, "ticket", json_deep_copy(ticket));
	}
	arena_free(a);
	return 0;
}
