-- Business rules running on tickets: the via of events a trigger made,
-- automation bookkeeping, ticket metrics, SLA policies and their targets.
-- Timestamps are Unix seconds (UTC); durations are seconds.

-- The via of an event made by a rule inside someone else's audit
-- ({"channel":"rule","source":{"rel":"trigger","from":{id,title}...}}),
-- JSON; NULL: the audit's own via.
ALTER TABLE ticket_events ADD COLUMN via TEXT;

-- An automation fired on a ticket and its conditions still hold: it may
-- fire again only once they stopped holding (the row is then deleted).
CREATE TABLE automation_firings (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  automation_id INTEGER NOT NULL,
  ticket_id INTEGER NOT NULL,
  fired_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, automation_id, ticket_id)
) WITHOUT ROWID;

-- One row per ticket, kept by every ticket write (core/ticket_metrics.c).
-- *_cal / *_bus: calendar and business seconds, as of the latest write;
-- status_since: when the current status began; open_at...closed_at: the
-- latest change to that status.
CREATE TABLE ticket_metrics (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  status TEXT NOT NULL,
  status_since INTEGER NOT NULL,
  reopens INTEGER NOT NULL DEFAULT 0,
  replies INTEGER NOT NULL DEFAULT 0,
  assignee_stations INTEGER NOT NULL DEFAULT 0,
  group_stations INTEGER NOT NULL DEFAULT 0,
  assigned_at INTEGER,
  initially_assigned_at INTEGER,
  solved_at INTEGER,
  latest_comment_added_at INTEGER,
  requester_updated_at INTEGER,
  assignee_updated_at INTEGER,
  status_updated_at INTEGER,
  open_at INTEGER, pending_at INTEGER, hold_at INTEGER, closed_at INTEGER,
  -- reply_*: valid once replies > 0; *_resolution_*: once solved_at is set
  reply_cal INTEGER NOT NULL DEFAULT 0, reply_bus INTEGER NOT NULL DEFAULT 0,
  first_resolution_cal INTEGER NOT NULL DEFAULT 0,
  first_resolution_bus INTEGER NOT NULL DEFAULT 0,
  full_resolution_cal INTEGER NOT NULL DEFAULT 0,
  full_resolution_bus INTEGER NOT NULL DEFAULT 0,
  agent_wait_cal INTEGER NOT NULL DEFAULT 0, agent_wait_bus INTEGER NOT NULL DEFAULT 0,
  requester_wait_cal INTEGER NOT NULL DEFAULT 0,
  requester_wait_bus INTEGER NOT NULL DEFAULT 0,
  on_hold_cal INTEGER NOT NULL DEFAULT 0, on_hold_bus INTEGER NOT NULL DEFAULT 0,
  last_sla_breach_at INTEGER,   -- the latest recorded SLA breach
  next_sla_breach_at INTEGER,   -- the earliest active target not yet breached
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ticket_metrics_ticket ON ticket_metrics(account_id, ticket_id);

CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  filter TEXT NOT NULL DEFAULT '{"all":[],"any":[]}',
  policy_metrics TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sla_policies_account ON sla_policies(account_id, position, id);

-- The SLA target of each metric of a ticket (core/ticket_slas.c).
-- elapsed_*: seconds counted before `since` (pausable metrics); stage:
-- active (counting from since), paused, achieved; breach_at: when an
-- active target is missed; breached_at: the breach recorded for this
-- instance (a breach event exists).
CREATE TABLE ticket_slas (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL,
  instance_id INTEGER NOT NULL DEFAULT 1,
  policy_id INTEGER NOT NULL,
  target INTEGER NOT NULL,           -- minutes
  business_hours INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('active', 'paused', 'achieved')),
  since INTEGER NOT NULL,
  elapsed INTEGER NOT NULL DEFAULT 0,  -- seconds (business seconds when business_hours)
  breach_at INTEGER,
  breached_at INTEGER,
  PRIMARY KEY (account_id, ticket_id, metric)
) WITHOUT ROWID;
CREATE INDEX ticket_slas_due ON ticket_slas(breach_at)
  WHERE stage = 'active' AND breached_at IS NULL;

-- Zendesk's ticket metric events: activate, pause, fulfill, apply_sla,
-- breach, update_status.  sla: {target, business_hours, policy{id,title,
-- description}} on apply_sla; status: {calendar, business} minutes on
-- update_status.  Append-only.
CREATE TABLE ticket_metric_events (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL,
  instance_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  time INTEGER NOT NULL,
  detail TEXT
);
CREATE INDEX ticket_metric_events_ticket ON ticket_metric_events(account_id, ticket_id);
CREATE INDEX ticket_metric_events_time ON ticket_metric_events(account_id, time);
CREATE INDEX ticket_metric_events_breach ON ticket_metric_events(account_id, ticket_id, time)
  WHERE type = 'breach';
