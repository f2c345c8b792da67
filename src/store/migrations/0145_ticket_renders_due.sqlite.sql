-- Tickets whose stored render (ticket_renders, migration 0135) is missing,
-- for the backfill thread of `parley serve` (core/ticket_backfill.c) to
-- find with an index instead of a walk over every ticket.
--
-- Invariant kept by the triggers below: every ticket that is not deleted
-- has a row in ticket_renders or one in ticket_renders_due.  A row here
-- may outlive its reason (the ticket deleted since): the backfill drops
-- such rows.  Renders that exist but carry an old stamp (a custom field
-- changed, a new renderer) are found through ticket_renders_stamp.
CREATE TABLE ticket_renders_due (
  ticket_id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL
);

CREATE INDEX ticket_renders_due_account ON ticket_renders_due(account_id);
CREATE INDEX ticket_renders_stamp ON ticket_renders(account_id, stamp);

INSERT INTO ticket_renders_due(ticket_id, account_id)
  SELECT t.id, t.account_id FROM tickets t WHERE t.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM ticket_renders r WHERE r.ticket_id = t.id);

CREATE TRIGGER ticket_renders_due_created AFTER INSERT ON tickets
WHEN NEW.deleted_at IS NULL BEGIN
  INSERT OR IGNORE INTO ticket_renders_due(ticket_id, account_id)
    VALUES (NEW.id, NEW.account_id);
END;

CREATE TRIGGER ticket_renders_due_restored AFTER UPDATE OF deleted_at ON tickets
WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
  INSERT OR IGNORE INTO ticket_renders_due(ticket_id, account_id)
    VALUES (NEW.id, NEW.account_id);
END;

CREATE TRIGGER ticket_renders_due_dropped AFTER DELETE ON ticket_renders BEGIN
  INSERT OR IGNORE INTO ticket_renders_due(ticket_id, account_id)
    SELECT id, account_id FROM tickets
    WHERE id = OLD.ticket_id AND deleted_at IS NULL;
END;

CREATE TRIGGER ticket_renders_due_stored AFTER INSERT ON ticket_renders BEGIN
  DELETE FROM ticket_renders_due WHERE ticket_id = NEW.ticket_id;
END;
