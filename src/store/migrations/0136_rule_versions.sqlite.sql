-- rule_versions (core/business_rules.c): per account, a value that every
-- write to its business rules or trigger categories changes, so a thread
-- may keep the active rules it parsed for as long as the value it read them
-- with is current.  The value is random, not a counter: a write rolled back
-- after a read of its own rules can never make a later value look like one
-- a cache was filled with.
CREATE TABLE rule_versions (
  account_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);

CREATE TRIGGER rule_versions_rule_insert AFTER INSERT ON business_rules BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (NEW.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER rule_versions_rule_update AFTER UPDATE ON business_rules BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (NEW.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER rule_versions_rule_delete AFTER DELETE ON business_rules BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (OLD.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER rule_versions_category_insert AFTER INSERT ON trigger_categories BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (NEW.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER rule_versions_category_update AFTER UPDATE ON trigger_categories BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (NEW.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER rule_versions_category_delete AFTER DELETE ON trigger_categories BEGIN
  INSERT INTO rule_versions(account_id, version)
  VALUES (OLD.account_id, random() & 9223372036854775807)
  ON CONFLICT(account_id) DO UPDATE SET version = excluded.version;
END;
