-- Incremental exports (core/exports.c).  export_log holds, per account and
-- kind, the position of every ticket, user and organization in its export
-- stream, and of every ticket audit (the ticket events stream).  The SQL
-- triggers below write it in the transaction of the change itself.
--
--  seq  AUTOINCREMENT: never reused, so a row's seq is larger than every
--       seq committed before it (SQLite has one writer at a time, and a
--       writer sees every earlier commit).
--  ts   the generated timestamp: max(the record's updated_at, every ts
--       given before), kept in export_clock.  It never decreases as seq
--       grows, so ordering by (ts, seq) is ordering by seq, and a reader
--       that has seen (ts, seq) will never see a later commit sort before
--       it.  A changed record moves: its old row is deleted and a new one
--       appended.
--  kind 1 ticket, 2 user, 3 organization, 4 ticket audit.
CREATE TABLE export_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  tombstone TEXT             -- organizations deleted for good: what they were
);
CREATE UNIQUE INDEX export_log_item ON export_log(kind, item_id);
CREATE INDEX export_log_stream ON export_log(account_id, kind, ts);

CREATE TABLE export_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  ts INTEGER NOT NULL
);
INSERT INTO export_clock(id, ts) VALUES (1, 0);

CREATE TRIGGER tickets_export_insert AFTER INSERT ON tickets BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 1, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;
CREATE TRIGGER tickets_export_update AFTER UPDATE ON tickets BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  DELETE FROM export_log WHERE kind = 1 AND item_id = NEW.id;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 1, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;

CREATE TRIGGER users_export_insert AFTER INSERT ON users BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 2, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;
CREATE TRIGGER users_export_update AFTER UPDATE ON users BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  DELETE FROM export_log WHERE kind = 2 AND item_id = NEW.id;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 2, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;

-- An organization's id can be reused after a hard delete (no
-- AUTOINCREMENT): the new one takes the place of the old one's tombstone.
CREATE TRIGGER organizations_export_insert AFTER INSERT ON organizations BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  DELETE FROM export_log WHERE kind = 3 AND item_id = NEW.id;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 3, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;
CREATE TRIGGER organizations_export_update AFTER UPDATE ON organizations BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.updated_at) WHERE id = 1;
  DELETE FROM export_log WHERE kind = 3 AND item_id = NEW.id;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 3, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;
-- Organizations are deleted for good: the stream keeps what they were.
CREATE TRIGGER organizations_export_delete AFTER DELETE ON organizations BEGIN
  UPDATE export_clock SET ts = max(ts, CAST(strftime('%s', 'now') AS INTEGER)) WHERE id = 1;
  DELETE FROM export_log WHERE kind = 3 AND item_id = OLD.id;
  INSERT INTO export_log(account_id, kind, item_id, ts, tombstone)
    VALUES (OLD.account_id, 3, OLD.id, (SELECT ts FROM export_clock WHERE id = 1),
      json_object('name', OLD.name, 'external_id', OLD.external_id,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at));
END;

CREATE TRIGGER ticket_audits_export AFTER INSERT ON ticket_audits BEGIN
  UPDATE export_clock SET ts = max(ts, NEW.created_at) WHERE id = 1;
  INSERT INTO export_log(account_id, kind, item_id, ts)
    VALUES (NEW.account_id, 4, NEW.id, (SELECT ts FROM export_clock WHERE id = 1));
END;

-- What existed before this migration, in change order.
INSERT INTO export_log(account_id, kind, item_id, ts)
  SELECT account_id, kind, id, ts FROM (
    SELECT account_id, 1 AS kind, id, updated_at AS ts FROM tickets
    UNION ALL SELECT account_id, 2, id, updated_at FROM users
    UNION ALL SELECT account_id, 3, id, updated_at FROM organizations
    UNION ALL SELECT account_id, 4, id, created_at FROM ticket_audits)
  ORDER BY ts, kind, id;
UPDATE export_clock SET ts = coalesce((SELECT max(ts) FROM export_log), 0) WHERE id = 1;
