-- Ticket fields: Zendesk's system fields (subject, description, status,
-- tickettype, priority, group, assignee; removable = 0, seeded for every
-- account) and the account's custom fields, with the options of tagger
-- (drop-down) and multiselect fields.  A ticket keeps its custom field
-- values in its own JSON column keyed by field id (core/ticket_fields.h).

CREATE TABLE ticket_fields (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  agent_description TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  required INTEGER NOT NULL DEFAULT 0,            -- required to solve
  collapsed_for_agents INTEGER NOT NULL DEFAULT 0,
  regexp_for_validation TEXT,                     -- POSIX extended
  title_in_portal TEXT,                           -- NULL: same as title
  visible_in_portal INTEGER NOT NULL DEFAULT 0,
  editable_in_portal INTEGER NOT NULL DEFAULT 0,
  required_in_portal INTEGER NOT NULL DEFAULT 0,
  tag TEXT,                                       -- checkbox fields only
  key TEXT,
  removable INTEGER NOT NULL DEFAULT 1,           -- 0: a system field
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ticket_fields_account ON ticket_fields(account_id, position, id);
CREATE UNIQUE INDEX ticket_fields_key ON ticket_fields(account_id, key);

-- Option values are tags, unique within their field (checked in
-- core/ticket_field_defs.c so that a whole set can be replaced at once).
CREATE TABLE custom_field_options (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  field_id INTEGER NOT NULL REFERENCES ticket_fields(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX custom_field_options_field ON custom_field_options(field_id, position, id);
