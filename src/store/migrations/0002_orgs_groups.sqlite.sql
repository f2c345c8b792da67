-- Organizations, groups and group memberships.

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  external_id TEXT,
  group_id INTEGER,
  shared_tickets INTEGER NOT NULL DEFAULT 0,
  shared_comments INTEGER NOT NULL DEFAULT 0,
  extra TEXT NOT NULL DEFAULT '{}',   -- details, notes, domain_names, tags, organization_fields
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations(account_id, name);
CREATE UNIQUE INDEX organizations_external ON organizations(account_id, external_id);
CREATE INDEX organizations_updated ON organizations(account_id, updated_at, id);

CREATE TABLE groups_ (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  is_default INTEGER NOT NULL DEFAULT 0,
  is_public INTEGER NOT NULL DEFAULT 1,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX groups_account ON groups_(account_id);

CREATE TABLE group_memberships (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  group_id INTEGER NOT NULL REFERENCES groups_(id),
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX group_memberships_pair ON group_memberships(user_id, group_id);
CREATE INDEX group_memberships_group ON group_memberships(account_id, group_id);
