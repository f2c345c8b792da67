-- Stored renders of tickets (core/ticket_read.c): the JSON text of each
-- ticket as the API shows it, written by the transaction that last wrote
-- the ticket through core, so that lists and single reads copy it instead
-- of rendering the row again (docs/ARCHITECTURE.md, Data).
--
--  body   the ticket's JSON after its url member (from ,"external_id" to
--         the closing brace); readers put {"id":..,"url":..} in front, the
--         url being the request's own host.
--  stamp  what the render also depends on besides the ticket row: the
--         version of the renderer and the account's custom fields (ids,
--         types, active, order).  A render whose stamp is not the current
--         one is not used.
--
-- A render is only ever a copy: the triggers below delete it in the
-- transaction of any write that could change what it says, whichever
-- module makes the write, and a reader without a current render renders
-- the row itself.  has_incidents is the one member that depends on other
-- tickets: a write that changes an incident's problem_id or deleted_at
-- also drops its problems' renders.
CREATE TABLE ticket_renders (
  ticket_id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  stamp INTEGER NOT NULL,
  body TEXT NOT NULL
);

CREATE TRIGGER ticket_renders_insert AFTER INSERT ON tickets
WHEN NEW.problem_id IS NOT NULL BEGIN
  DELETE FROM ticket_renders WHERE ticket_id = NEW.problem_id;
END;

CREATE TRIGGER ticket_renders_update AFTER UPDATE ON tickets BEGIN
  DELETE FROM ticket_renders WHERE ticket_id = NEW.id;
  DELETE FROM ticket_renders WHERE ticket_id IN (OLD.problem_id, NEW.problem_id)
    AND (OLD.problem_id IS NOT NEW.problem_id OR OLD.deleted_at IS NOT NEW.deleted_at);
END;

CREATE TRIGGER ticket_renders_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_renders WHERE ticket_id IN (OLD.id, OLD.problem_id);
END;
