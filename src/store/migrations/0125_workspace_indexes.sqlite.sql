-- Indexes the agent workspace's pages need at 100,000 tickets
-- (bench/agent_pages.sh):
--  * tickets sorted by status or priority (GET tickets?sort_by=status|
--    priority, core/ticket_read.c's ticket_sort_order) walk an index on the
--    same CASE rank instead of sorting every live ticket of the account for
--    each page (130-450 ms at 100,000 tickets, under 5 ms with them).  The
--    expressions must stay identical to ticket_sort_order's, or SQLite
--    will not match them.
--  * the assignee pickers (GET users?role[]=agent&role[]=admin) find the
--    agents through users_role instead of scanning every end user.
-- A store with planner statistics gets them for these too (migrate.c).
CREATE INDEX tickets_status_rank ON tickets(account_id,
  (CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2
   WHEN 'hold' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END))
  WHERE deleted_at IS NULL;
CREATE INDEX tickets_priority_rank ON tickets(account_id,
  (CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3
   WHEN 'urgent' THEN 4 ELSE 0 END))
  WHERE deleted_at IS NULL;
CREATE INDEX users_role ON users(account_id, role);
