-- People: organization memberships, lookups by user, and OAuth token hints.
--
-- Invariants kept by src/core (not by triggers):
--  users.organization_id is the organization of the user's default
--  organization membership, NULL when the user has none; likewise
--  users.default_group_id for group memberships.

CREATE TABLE organization_memberships (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX organization_memberships_pair
  ON organization_memberships(user_id, organization_id);
CREATE INDEX organization_memberships_org
  ON organization_memberships(account_id, organization_id);

-- Users that already name an organization get their default membership.
INSERT INTO organization_memberships(account_id, user_id, organization_id,
  is_default, created_at, updated_at)
  SELECT account_id, id, organization_id, 1, updated_at, updated_at
  FROM users WHERE organization_id IS NOT NULL;

CREATE INDEX group_memberships_user ON group_memberships(account_id, user_id);

-- The last four characters of a bearer token, to tell tokens apart; the
-- secret itself is kept only as its keyed hash.
ALTER TABLE oauth_tokens ADD COLUMN token_hint TEXT NOT NULL DEFAULT '';
