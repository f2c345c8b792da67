-- Agent workspace: browser sessions, password reset tokens and the mail
-- that src/web asks the email channel to deliver.
--
-- Secrets (the session cookie, the reset token) are stored only as their
-- keyed hash (core/auth.c auth_token_hash); the CSRF token is stored as is:
-- it is useless without the cookie it belongs to.

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  secret_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,      -- authenticated_at
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL       -- idle expiry, slid forward on use
);
CREATE INDEX sessions_user ON sessions(account_id, user_id);

CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX password_resets_user ON password_resets(account_id, user_id);

-- Outgoing mail written by the workspace (password resets), oldest first.
-- The email channel delivers rows whose sent_at is NULL and sets it.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  purpose TEXT NOT NULL,            -- 'password_reset'
  to_email TEXT NOT NULL,
  to_name TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX mail_outbox_pending ON mail_outbox(id) WHERE sent_at IS NULL;
