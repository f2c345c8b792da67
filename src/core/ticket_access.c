/*
 * ticket_access.c: the tickets a principal may see in search and views
 * (ticket_access.h).
 *
 * Invariant: the condition only ever narrows; a principal the store does
 * not know (deleted while the request runs) is treated as restricted to
 * their own tickets, never as unrestricted.
 */
#include "parley.h"
#include "core/sqlbuf.h"
#include "core/ticket_access.h"
#include "store/store.h"

#include <string.h>

enum pl_err ticket_access_load(struct ctx *c, enum ticket_restriction *out)
{
	*out = TR_OWN;
	if (ctx_is_admin(c)) {
		*out = TR_NONE;
		return PL_OK;
	}
	if (!ctx_is_agent(c))
		return PL_OK;
	struct stmt *st = db_q(c->db, "SELECT coalesce(ticket_restriction, '')"
		" FROM users WHERE account_id = ? AND id = ?", "ii", c->account_id,
		c->me.id);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	if (rc == STEP_ROW) {
		const char *r = stmt_text(st, 0);
		*out = !*r ? TR_NONE : !strcmp(r, "groups") ? TR_GROUPS
			: !strcmp(r, "organization") ? TR_ORGANIZATION : TR_OWN;
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

void ticket_access_sql(const struct ctx *c, enum ticket_restriction r,
	struct sqlbuf *b)
{
	if (r == TR_NONE)
		return;
	sqlbuf_add(b, " AND (t.requester_id = ?i OR t.assignee_id = ?i OR EXISTS"
		" (SELECT 1 FROM json_each(t.collaborator_ids) WHERE value = ?i)",
		c->me.id, c->me.id, c->me.id);
	if (r == TR_GROUPS)
		sqlbuf_add(b, " OR t.group_id IN (SELECT group_id FROM group_memberships"
			" WHERE account_id = ?i AND user_id = ?i)", c->account_id, c->me.id);
	else if (r == TR_ORGANIZATION)
		sqlbuf_add(b, " OR t.organization_id IN (SELECT organization_id FROM"
			" organization_memberships WHERE account_id = ?i AND user_id = ?i)",
			c->account_id, c->me.id);
	sqlbuf_add(b, ")");
}
