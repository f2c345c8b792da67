/*
 * fuzz_search_query.c: libFuzzer target for the search query language:
 * the parser (core/search_query.c) and, for every query it accepts, the
 * compilation to SQL of each result type (core/search_sql.c) for an
 * admin, a restricted agent and an end user.  Neither touches the store,
 * so any input must end in a query or a 400/422, never a crash.
 * Seeds: tests/fuzz/corpus/search_query.
 */
#include "parley.h"
#include "core/searchInt.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size + 1);
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = 0;
	static const enum pl_role roles[] = { ROLE_ADMIN, ROLE_AGENT, ROLE_END_USER };
	static const enum ticket_restriction access[] = { TR_NONE, TR_GROUPS, TR_OWN };
	for (size_t r = 0; r < PL_ARRAY_LEN(roles); r++) {
		struct ctx c = { .a = arena_new(), .account_id = 7, .now = 1700000000,
			.me = { .id = 42, .role = roles[r] } };
		struct sq_query sq;
		if (search_query_parse(&c, q, &sq) == PL_OK)
			for (int t = 0; t < R_TYPES; t++) {
				struct search_sql out;
				(void)search_sql(&c, &sq, (enum rtype)t, access[r], &out);
			}
		arena_free(c.a);
	}
	free(q);
	return 0;
}
