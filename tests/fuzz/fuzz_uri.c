/*
 * fuzz_uri.c: libFuzzer target for the request line's URI, from the raw
 * bytes MHD hands to uri_log (path segments, .json suffix, query decoding)
 * through everything that reads the result: the router, the query
 * accessors, page_parse and the paging links page_reply builds.
 *
 * server.c is included to reach its static uri_log; the archive's server.o
 * is then never linked.  Seeds: tests/fuzz/corpus/uri.
 */
#include "http/server.c"
#include "api/page.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg = { .max_body = 1024, .max_upload = 4096 };
	static struct server srv = { .cfg = &cfg };
	char *uri = malloc(size + 1);
	if (!uri)
		return 0;
	memcpy(uri, data, size);
	uri[size] = 0; /* MHD passes a C string: the URI ends at a NUL */
	struct req *r = uri_log(&srv, uri, NULL);
	free(uri);
	r->c.api_base = "http://fuzz.test/api/v2";
	(void)body_limit(r);

	for (unsigned v = V_GET; v <= (V_HEAD << 1); v <<= 1) {
		enum pl_err e;
		r->verb = (enum verb)v;
		(void)router_match(r, &e);
	}
	int64_t n = 0;
	(void)req_query_i64(r, "per_page", &n);
	int64_t *ids;
	int nids;
	(void)req_id_list(r, "ids", 100, &ids, &nids);
	if (r->path) {
		struct page p;
		if (page_parse(r, &p, 100) == PL_OK) {
			struct list_result res = {
				.items = jown(r->c.a, json_pack("[{s:i},{s:i}]", "id", 1, "id", 2)),
				.has_more = true, .has_prev = true, .count = 2,
			};
			(void)page_reply(r, &p, "items", &res);
		}
	}
	arena_free(r->c.a);
	return 0;
}
