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

-- Accounts made before this migration get the default views every new
-- account gets from views_seed (core/views.c).
INSERT INTO views(account_id, title, active, position, is_default, conditions,
  execution, created_at, updated_at)
SELECT a.id, d.title, 1, d.position, 1, d.conditions,
  '{"columns":["status","subject","requester","updated","assignee"],"group_by":null,'
  || '"group_order":null,"sort_by":"' || d.sort_by || '","sort_order":"' || d.sort_order
  || '"}', strftime('%s', 'now'), strftime('%s', 'now')
FROM accounts a, (
  SELECT 1 AS position, 'Your unsolved tickets' AS title,
    '{"all":[{"field":"status","operator":"less_than","value":"solved"},{"field":"assignee_id","operator":"is","value":"current_user"}],"any":[]}' AS conditions,
    'updated' AS sort_by, 'desc' AS sort_order
  UNION ALL SELECT 2, 'Unassigned tickets',
    '{"all":[{"field":"status","operator":"less_than","value":"solved"},{"field":"assignee_id","operator":"is","value":""}],"any":[]}',
    'created', 'asc'
  UNION ALL SELECT 3, 'All unsolved tickets',
    '{"all":[{"field":"status","operator":"less_than","value":"solved"}],"any":[]}',
    'updated', 'desc'
  UNION ALL SELECT 4, 'Recently updated tickets',
    '{"all":[{"field":"updated_at","operator":"less_than","value":168}],"any":[]}',
    'updated', 'desc'
  UNION ALL SELECT 5, 'Pending tickets',
    '{"all":[{"field":"status","operator":"is","value":"pending"}],"any":[]}',
    'updated', 'desc'
  UNION ALL SELECT 6, 'Recently solved tickets',
    '{"all":[{"field":"status","operator":"is","value":"solved"},{"field":"SOLVED","operator":"less_than","value":168}],"any":[]}',
    'updated', 'desc'
) d
ORDER BY a.id, d.position;
