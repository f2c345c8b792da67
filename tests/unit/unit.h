/*
 * unit.h: helpers shared by the cmocka unit tests (tests/unit/test_*.c).
 *
 * A test that needs a store gets a fresh SQLite file in its own temporary
 * folder (migrations applied by store_open) and a struct ctx on it, the way
 * main.c builds one for the admin command line.  Everything is removed by
 * unit_fixture_free.  The cmocka headers need the standard headers included
 * before them, in this order.
 */
#ifndef HEADER_TESTS_UNIT_H
#define HEADER_TESTS_UNIT_H

#include "parley.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/ctx.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

struct unit_fixture {
	char dir[256];
	char url[300];
	struct config cfg;
	struct ctx c;
};

/* A fresh store in a new temporary folder, and a ctx on it for account 1
 * with a fixed token key.  Fails the test when the store cannot open. */
static inline struct unit_fixture *unit_fixture_new(void)
{
	struct unit_fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/parley-unit-XXXXXX",
		tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	f->cfg.db_url = f->url;
	for (int i = 0; i < 32; i++)
		f->cfg.token_key[i] = (unsigned char)i;
	f->cfg.store = store_open(f->url);
	assert_non_null(f->cfg.store);
	f->c.a = arena_new();
	f->c.cfg = &f->cfg;
	f->c.db = store_db(f->cfg.store);
	assert_non_null(f->c.db);
	f->c.account_id = 1;
	f->c.now = time_now();
	f->c.api_base = "http://acme.test/api/v2";
	return f;
}

static inline void unit_fixture_free(struct unit_fixture *f)
{
	static const char *const files[] = { "t.db", "t.db-wal", "t.db-shm" };
	arena_free(f->c.a);
	store_close(f->cfg.store);
	for (size_t i = 0; i < PL_ARRAY_LEN(files); i++) {
		char p[300];
		snprintf(p, sizeof(p), "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
}

/* cmocka setup/teardown wrappers: the fixture is *state. */
static inline int unit_setup(void **state)
{
	*state = unit_fixture_new();
	return 0;
}

static inline int unit_teardown(void **state)
{
	unit_fixture_free(*state);
	return 0;
}

#endif
