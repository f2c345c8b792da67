-- Tickets written before ticket metrics were kept (0090) get their row from
-- their current state: a solved one as solved at its latest update, its
-- resolution counted in calendar time.  Times of things that never
-- happened are 0 in ticket_metrics (the SLA columns excepted: NULL).
INSERT INTO ticket_metrics(account_id, ticket_id, status, status_since,
  assignee_stations, group_stations, solved_at, status_updated_at,
  first_resolution_cal, first_resolution_bus, full_resolution_cal,
  full_resolution_bus, created_at, updated_at)
SELECT t.account_id, t.id, t.status, t.updated_at, t.assignee_id IS NOT NULL,
  t.group_id IS NOT NULL,
  CASE WHEN t.status IN ('solved', 'closed') THEN t.updated_at ELSE 0 END,
  t.updated_at,
  CASE WHEN t.status IN ('solved', 'closed') THEN t.updated_at - t.created_at ELSE 0 END,
  CASE WHEN t.status IN ('solved', 'closed') THEN t.updated_at - t.created_at ELSE 0 END,
  CASE WHEN t.status IN ('solved', 'closed') THEN t.updated_at - t.created_at ELSE 0 END,
  CASE WHEN t.status IN ('solved', 'closed') THEN t.updated_at - t.created_at ELSE 0 END,
  t.created_at, t.updated_at
FROM tickets t
WHERE NOT EXISTS (SELECT 1 FROM ticket_metrics m WHERE m.account_id = t.account_id
  AND m.ticket_id = t.id);

-- The scheduler looks for due breaches account by account.
DROP INDEX ticket_slas_due;
CREATE INDEX ticket_slas_due ON ticket_slas(account_id, breach_at)
  WHERE stage = 'active' AND breached_at IS NULL;
