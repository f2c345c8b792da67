-- Views (core/views.c): saved ticket conditions, evaluated with the rules
-- engine's semantics (core/view_sql.c), with their output settings.
-- restriction_* follow macros: NULL is shared with every agent, User is
-- personal to restriction_user_id, Group is shared with the groups of
-- restriction_ids (and one view_groups row per group).

CREATE TABLE views (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  title TEXT NOT NULL,
  description TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  conditions TEXT NOT NULL DEFAULT '{"all":[],"any":[]}',
  execution TEXT NOT NULL DEFAULT '{}',   -- {columns, group_by, group_order, sort_by, sort_order}
  restriction_type TEXT CHECK (restriction_type IN ('User', 'Group')),
  restriction_user_id INTEGER,
  restriction_ids TEXT,                   -- JSON array: the user id, or the group ids
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX views_account ON views(account_id, position, id);

CREATE TABLE view_groups (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  view_id INTEGER NOT NULL REFERENCES views(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL,
  PRIMARY KEY (view_id, group_id)
);
CREATE INDEX view_groups_group ON view_groups(group_id);
