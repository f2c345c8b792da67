-- Accounts, their brands, users and API tokens: what every request needs to
-- find its account and principal.  Timestamps are Unix seconds (UTC);
-- booleans are 0/1; JSON columns hold text.

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  subdomain TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  anonymous_requests INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

CREATE TABLE brands (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  subdomain TEXT NOT NULL UNIQUE,
  host_mapping TEXT UNIQUE,
  is_default INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  has_help_center INTEGER NOT NULL DEFAULT 1,
  signature_template TEXT NOT NULL DEFAULT '{{agent.signature}}',
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX brands_account ON brands(account_id);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL DEFAULT 'end-user',
  external_id TEXT,
  organization_id INTEGER,
  default_group_id INTEGER,
  locale TEXT NOT NULL DEFAULT 'en-US',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  active INTEGER NOT NULL DEFAULT 1,
  suspended INTEGER NOT NULL DEFAULT 0,
  verified INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT,
  extra TEXT NOT NULL DEFAULT '{}',   -- phone, details, notes, alias, signature, tags, user_fields...
  last_login_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users(account_id, email);
CREATE UNIQUE INDEX users_external ON users(account_id, external_id);
CREATE INDEX users_org ON users(account_id, organization_id);
CREATE INDEX users_updated ON users(account_id, updated_at, id);

-- Zendesk API tokens are account-wide: any user of the account may sign in
-- with email/token:TOKEN.  Only a keyed hash of the token is stored.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  token_hash TEXT NOT NULL UNIQUE,
  token_hint TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX api_tokens_account ON api_tokens(account_id);

-- OAuth access tokens (Authorization: Bearer), created through
-- /api/v2/oauth/tokens.  Only a keyed hash is stored.
CREATE TABLE oauth_tokens (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  client_id INTEGER,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '["read","write"]',
  expires_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX oauth_tokens_account ON oauth_tokens(account_id, user_id);
