/*
 * test_arena.c: util/arena.c, the per-request allocator.
 *
 * Checks what callers rely on: zeroed, 16-byte aligned memory that never
 * overlaps; large requests in blocks of their own without wasting the head
 * block; sbuf growth; deferred callbacks run newest first on arena_free.
 * Overruns are left to the ASan build (make unit-asan) to catch.
 */
#include "unit.h"

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void alloc_is_zeroed_and_aligned(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t n = 0; n < 200; n += 7) {
		unsigned char *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(all_zero(p, n));
		memset(p, 0xAB, n);
	}
	/* Zero-size requests still give distinct pointers. */
	void *z1 = arena_alloc(a, 0), *z2 = arena_alloc(a, 0);
	assert_ptr_not_equal(z1, z2);
	arena_free(a);
}

static void allocations_never_overlap(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum { N = 5000 };
	unsigned char **p = malloc(N * sizeof(*p));
	assert_non_null(p);
	for (int i = 0; i < N; i++) {
		size_t n = 1 + (size_t)(i * 37) % 300; /* spans many 8 KB blocks */
		p[i] = arena_alloc(a, n);
		memset(p[i], i & 0xff, n);
	}
	for (int i = 0; i < N; i++) {
		size_t n = 1 + (size_t)(i * 37) % 300;
		for (size_t k = 0; k < n; k++)
			assert_int_equal(p[i][k], i & 0xff);
	}
	free(p);
	arena_free(a);
}

static void large_blocks_leave_head_in_use(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char *small1 = arena_alloc(a, 16);
	unsigned char *big = arena_alloc(a, 100000);
	unsigned char *small2 = arena_alloc(a, 16);
	/* The big request got its own block; the head kept filling up. */
	assert_ptr_equal(small2, small1 + 16);
	assert_true(all_zero(big, 100000));
	memset(big, 1, 100000);
	unsigned char *huge = arena_alloc(a, 8 << 20);
	assert_int_equal((uintptr_t)huge % 16, 0);
	assert_true(all_zero(huge, 8 << 20));
	memset(huge, 2, 8 << 20);
	assert_int_equal(big[99999], 1);
	arena_free(a);
}

static void strings(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));
	assert_string_equal(arena_strdup(a, "hello"), "hello");
	assert_string_equal(arena_strndup(a, "hello", 3), "hel");
	assert_string_equal(arena_printf(a, "%s-%d", "id", 42), "id-42");
	char *long_s = arena_printf(a, "%20000d", 7);
	assert_int_equal(strlen(long_s), 20000);
	assert_int_equal(long_s[19999], '7');
	arena_free(a);
}

static void sbuf_grows(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct sbuf b;
	sbuf_init(&b, a);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	for (int i = 0; i < 10000; i++)
		sbuf_add(&b, "abc" + i % 3, 1);
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.s), 10000);
	assert_true(b.cap > b.len);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.s[i], "abc"[i % 3]);
	/* One append far larger than the doubled capacity. */
	char chunk[50000];
	memset(chunk, 'z', sizeof(chunk));
	sbuf_add(&b, chunk, sizeof(chunk));
	assert_int_equal(b.len, 60000);
	assert_int_equal(b.s[59999], 'z');
	assert_int_equal(b.s[60000], 0);
	sbuf_printf(&b, "[%d]", 5);
	sbuf_adds(&b, "end");
	assert_string_equal(b.s + 60000, "[5]end");
	arena_free(a);
}

static int order[8];
static int norder;

static void record(void *p)
{
	order[norder++] = *(int *)p;
}

static void defers_run_newest_first(void **state)
{
	(void)state;
	static int ids[] = { 1, 2, 3, 4 };
	norder = 0;
	struct arena *a = arena_new();
	arena_defer(a, record, &ids[0]);
	arena_defer(a, record, &ids[1]);
	for (int i = 0; i < 100; i++) /* defers survive new blocks */
		arena_alloc(a, 1000);
	arena_defer(a, record, &ids[2]);
	arena_defer(a, record, &ids[3]);
	assert_int_equal(norder, 0);
	arena_free(a);
	assert_int_equal(norder, 4);
	assert_int_equal(order[0], 4);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 2);
	assert_int_equal(order[3], 1);
	arena_free(NULL);
}

static void defers_release_json(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	json_t *v = jown(a, json_pack("{s:[i,i]}", "x", 1, 2));
	assert_int_equal(v->refcount, 1);
	arena_free(a); /* the leak checker of the ASan build verifies the free */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_is_zeroed_and_aligned),
		cmocka_unit_test(allocations_never_overlap),
		cmocka_unit_test(large_blocks_leave_head_in_use),
		cmocka_unit_test(strings),
		cmocka_unit_test(sbuf_grows),
		cmocka_unit_test(defers_run_newest_first),
		cmocka_unit_test(defers_release_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
