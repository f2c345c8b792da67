-- auth_versions (core/auth.c): one value that every write able to change
-- what a Host header or a token credential resolves to replaces, in the
-- writing transaction: accounts, brands, api_tokens and oauth_tokens on
-- any change, users when a column of the principal (or what admits it)
-- changes or a user is deleted.  A thread keeps the accounts and token
-- principals it resolved for as long as the value it read them with is
-- current, and reads the value once per request.  A new user needs no new
-- value: the cache holds only credentials that resolved, and emails are
-- unique per account.  Random, not a counter, as in rule_versions (0136):
-- a rolled-back write can never make a later value look like an old one.
CREATE TABLE auth_versions (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO auth_versions(id, version) VALUES (1, random() & 9223372036854775807);
CREATE TRIGGER auth_versions_accounts_insert AFTER INSERT ON accounts BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_accounts_update AFTER UPDATE ON accounts BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_accounts_delete AFTER DELETE ON accounts BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_brands_insert AFTER INSERT ON brands BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_brands_update AFTER UPDATE ON brands BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_brands_delete AFTER DELETE ON brands BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_api_tokens_insert AFTER INSERT ON api_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_api_tokens_update AFTER UPDATE ON api_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_api_tokens_delete AFTER DELETE ON api_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_oauth_tokens_insert AFTER INSERT ON oauth_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_oauth_tokens_update AFTER UPDATE ON oauth_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_oauth_tokens_delete AFTER DELETE ON oauth_tokens BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_users_update AFTER UPDATE OF
  account_id, name, email, role, organization_id, active, suspended
  ON users BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
CREATE TRIGGER auth_versions_users_delete AFTER DELETE ON users BEGIN
  UPDATE auth_versions SET version = random() & 9223372036854775807 WHERE id = 1;
END;
