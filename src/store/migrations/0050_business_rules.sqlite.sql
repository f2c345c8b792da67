-- Business rules: triggers, automations and macros share one table, told
-- apart by kind, because they share their shape (title, active, position,
-- conditions, actions) and their endpoints.  Conditions and actions are
-- the JSON text the client sent, after core/rules.c validated it.

-- Trigger categories; triggers fire in category position, then their own.
CREATE TABLE trigger_categories (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX trigger_categories_account ON trigger_categories(account_id, position, id);

CREATE TABLE business_rules (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('trigger', 'automation', 'macro')),
  title TEXT NOT NULL,
  description TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  conditions TEXT NOT NULL DEFAULT '{"all":[],"any":[]}',
  actions TEXT NOT NULL DEFAULT '[]',
  category_id INTEGER REFERENCES trigger_categories(id),  -- triggers
  category TEXT,                  -- macros: the title before its first '::'
  restriction_type TEXT CHECK (restriction_type IN ('User', 'Group')),  -- macros
  restriction_user_id INTEGER,    -- macros restricted to one user
  restriction_ids TEXT,           -- macros: JSON array of the user or group ids
  created_by INTEGER,             -- macros: the user who created it
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX business_rules_kind ON business_rules(account_id, kind, position, id);
CREATE INDEX business_rules_category ON business_rules(category_id);

-- The groups a Group-restricted macro is shared with.
CREATE TABLE business_rule_groups (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  rule_id INTEGER NOT NULL REFERENCES business_rules(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL,
  PRIMARY KEY (rule_id, group_id)
);
CREATE INDEX business_rule_groups_group ON business_rule_groups(group_id);
