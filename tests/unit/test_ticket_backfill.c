/*
 * test_ticket_backfill.c: ticket_renders_backfill (core/ticket_read.c),
 * the step of the render backfill thread, and the triggers of migration
 * 0145 that tell it which tickets lack a render.
 *
 * Checks: renders dropped by SQL and renders of an older stamp (a new
 * custom field) are stored again, in batches of at most max; what it
 * stores is what rendering the row gives; entries of deleted or missing
 * tickets are dropped, not rendered; with nothing left, it takes none.
 */
#include "unit.h"
#include "core/accounts.h"
#include "core/ticket_field_defs.h"
#include "core/tickets.h"
#include "core/ticketsInt.h"

static int64_t create(struct ctx *c, const char *subject)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"subject\":\"%s\",\"comment\":\"x\"}", subject);
	struct ticket_written out;
	assert_int_equal(ticket_create(c, jown(c->a, jparse(body, NULL)), &out), PL_OK);
	return out.id;
}

/* Runs batches of max until one takes fewer; returns how many it took. */
static int backfill(struct ctx *c, int max, int *batches)
{
	int total = 0, done;
	*batches = 0;
	do {
		assert_true(db_begin(c->db, true));
		assert_int_equal(ticket_renders_backfill(c, max, &done), PL_OK);
		assert_true(done <= max);
		assert_true(db_commit(c->db));
		total += done;
		++*batches;
	} while (done == max);
	return total;
}

static int64_t count(struct ctx *c, const char *sql)
{
	return db_i64(c->db, sql, "");
}

/* Each live ticket's stored render is current and says what its row does. */
static void renders_match_rows(struct ctx *c, const int64_t *ids, int n)
{
	for (int i = 0; i < n; i++) {
		const char *stored, *row;
		struct ticket_refs refs;
		assert_int_equal(ticket_get(c, ids[i], &stored, NULL), PL_OK);
		assert_int_equal(ticket_get(c, ids[i], &row, &refs), PL_OK);
		assert_string_equal(stored, row);
	}
	assert_int_equal(count(c, "SELECT count(*) FROM ticket_renders_due"), 0);
	assert_int_equal(count(c, "SELECT count(DISTINCT stamp) FROM ticket_renders"), 1);
	assert_int_equal(count(c, "SELECT count(*) FROM ticket_renders"), n);
}

static void stores_missing_and_stale_renders(void **state)
{
	struct unit_fixture *f = *state;
	struct ctx *c = &f->c;
	int64_t admin, ids[4];
	int batches;
	assert_int_equal(account_create(c, "acme", "admin@acme.test", "password-1",
		&admin), PL_OK);
	c->me = (struct principal){ .id = admin, .role = ROLE_ADMIN,
		.email = "admin@acme.test" };
	for (int i = 0; i < 3; i++)
		ids[i] = create(c, "Kept");
	int64_t gone = create(c, "Deleted");
	ids[3] = create(c, "Kept too");
	assert_int_equal(ticket_delete(c, gone), PL_OK);
	/* Written through core: nothing to do. */
	assert_int_equal(backfill(c, 2, &batches), 0);

	/* Dropped by SQL, plus an entry of a ticket that does not exist. */
	assert_true(db_exec(c->db, "DELETE FROM ticket_renders", ""));
	assert_true(db_exec(c->db, "INSERT INTO ticket_renders_due VALUES (999999, ?)",
		"i", c->account_id));
	assert_int_equal(count(c, "SELECT count(*) FROM ticket_renders_due"), 5);
	assert_int_equal(backfill(c, 2, &batches), 5);
	assert_int_equal(batches, 3);
	renders_match_rows(c, ids, 4);

	/* A custom field: every render's stamp is old. */
	json_t *o;
	int64_t stamp = count(c, "SELECT max(stamp) FROM ticket_renders");
	assert_int_equal(ticket_field_def_create(c, jown(c->a, jparse(
		"{\"type\":\"checkbox\",\"title\":\"VIP\"}", NULL)), &o), PL_OK);
	assert_int_equal(backfill(c, 100, &batches), 4);
	assert_int_equal(batches, 1);
	renders_match_rows(c, ids, 4);
	assert_int_not_equal(count(c, "SELECT max(stamp) FROM ticket_renders"), stamp);
	assert_int_equal(backfill(c, 100, &batches), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stores_missing_and_stale_renders,
			unit_setup, unit_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
