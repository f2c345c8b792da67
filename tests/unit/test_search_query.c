/*
 * test_search_query.c: the search query grammar (core/search_query.c):
 * words, phrases, prefixes, keywords with every operator, negation,
 * settings, and each malformed input it refuses.  No store.
 */
#include "parley.h"
#include "core/search_query.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static struct ctx ctx_new(void)
{
	struct ctx c = { .a = arena_new() };
	return c;
}

static struct sq_query parse_ok(struct ctx *c, const char *q)
{
	struct sq_query out;
	enum pl_err e = search_query_parse(c, q, &out);
	if (e)
		fail_msg("'%s' refused: %s", q, c->err_desc);
	return out;
}

static void parse_bad(const char *q, const char *why)
{
	struct ctx c = ctx_new();
	struct sq_query out;
	assert_int_equal(search_query_parse(&c, q, &out), PL_BAD_REQUEST);
	assert_non_null(c.err_desc);
	if (!strstr(c.err_desc, why))
		fail_msg("'%s': expected '%s' in '%s'", q, why, c.err_desc);
	arena_free(c.a);
}

static void words_and_phrases(void **state)
{
	struct ctx c = ctx_new();
	struct sq_query q = parse_ok(&c, "  printer \"on fire\"\tpho*  -spam ");
	assert_int_equal(q.n, 4);
	assert_null(q.terms[0].field);
	assert_string_equal(q.terms[0].value, "printer");
	assert_false(q.terms[0].phrase);
	assert_string_equal(q.terms[1].value, "on fire");
	assert_true(q.terms[1].phrase);
	assert_string_equal(q.terms[2].value, "pho");
	assert_true(q.terms[2].prefix);
	assert_true(q.terms[3].neg);
	assert_string_equal(q.terms[3].value, "spam");
	/* UTF-8 of any script passes whole; "10:30" is a word. */
	q = parse_ok(&c, "Привет नमस्ते São 10:30");
	assert_int_equal(q.n, 4);
	assert_string_equal(q.terms[1].value, "नमस्ते");
	assert_string_equal(q.terms[3].value, "10:30");
	assert_null(q.terms[3].field);
	q = parse_ok(&c, "-\"two words\"*");
	assert_true(q.terms[0].neg && q.terms[0].phrase && q.terms[0].prefix);
	q = parse_ok(&c, "");
	assert_int_equal(q.n, 0);
	arena_free(c.a);
}

static void keywords_and_operators(void **state)
{
	struct ctx c = ctx_new();
	struct sq_query q = parse_ok(&c, "Status:open status<solved priority>=high"
		" created<=2024-01-01 updated>4hours due_date:>2024-05-01T10:00:00Z"
		" subject:\"printer fire\" -tags:vip custom_field_27:abc tags:pri*");
	assert_int_equal(q.n, 10);
	assert_string_equal(q.terms[0].field, "status");
	assert_int_equal(q.terms[0].op, SQ_EQ);
	assert_int_equal(q.terms[1].op, SQ_LT);
	assert_string_equal(q.terms[1].value, "solved");
	assert_int_equal(q.terms[2].op, SQ_GE);
	assert_int_equal(q.terms[3].op, SQ_LE);
	assert_int_equal(q.terms[4].op, SQ_GT);
	assert_string_equal(q.terms[4].value, "4hours");
	assert_int_equal(q.terms[5].op, SQ_GT);
	assert_string_equal(q.terms[5].value, "2024-05-01T10:00:00Z");
	assert_string_equal(q.terms[6].value, "printer fire");
	assert_true(q.terms[6].phrase);
	assert_true(q.terms[7].neg);
	assert_string_equal(q.terms[7].field, "tags");
	assert_string_equal(q.terms[8].field, "custom_field_27");
	assert_true(q.terms[9].prefix);
	assert_string_equal(q.terms[9].value, "pri");
	arena_free(c.a);
}

static void settings(void **state)
{
	struct ctx c = ctx_new();
	struct sq_query q = parse_ok(&c, "type:Ticket printer order_by:created sort:ASC");
	assert_int_equal(q.n, 1);
	assert_string_equal(q.type, "ticket");
	assert_string_equal(q.order_by, "created");
	assert_string_equal(q.sort, "asc");
	arena_free(c.a);
	parse_bad("type:ticket type:user", "given twice");
	parse_bad("-type:ticket", "plain value");
	parse_bad("sort>asc", "plain value");
}

static void malformed(void **state)
{
	parse_bad("\"printer on fire", "quote is not closed");
	parse_bad("status:", "needs a value");
	parse_bad("status: open", "needs a value");
	parse_bad("created<", "needs a value");
	parse_bad("status:\"\"", "needs a value");
	parse_bad("stauts:open", "unknown keyword");
	parse_bad("http://example.com", "unknown keyword");
	parse_bad("custom_field_x:1", "unknown keyword");
	parse_bad("- printer", "'-' must come");
	parse_bad("printer -", "'-' must come");
	parse_bad("\"\"", "empty text");
	char many[200] = "";
	for (int i = 0; i < 33; i++)
		strcat(many, "w ");
	parse_bad(many, "more than 32 terms");
	char *huge = malloc(SEARCH_QUERY_MAX + 2);
	memset(huge, 'a', SEARCH_QUERY_MAX + 1);
	huge[SEARCH_QUERY_MAX + 1] = 0;
	parse_bad(huge, "longer than");
	free(huge);
}

static void keyword_table(void **state)
{
	assert_true(search_query_keyword("status", 6));
	assert_true(search_query_keyword("custom_field_1", 14));
	assert_false(search_query_keyword("custom_field_", 13));
	assert_false(search_query_keyword("stat", 4));
	assert_false(search_query_keyword("custom_field_1234567890123456789", 32));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_and_phrases),
		cmocka_unit_test(keywords_and_operators),
		cmocka_unit_test(settings),
		cmocka_unit_test(malformed),
		cmocka_unit_test(keyword_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
