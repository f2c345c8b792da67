-- Search (core/search.c, docs/search.md): full-text indexes of tickets,
-- users and organizations, an index of ticket tags, the status-change
-- lookups of views and search, and agents' ticket restrictions.
--
-- Every index here is kept by the SQL triggers below, so it changes in the
-- transaction of the write that changes its source: a search never misses
-- a committed write nor finds a rolled-back one, whatever module writes.
--
-- Text is indexed by unicode61 with Unicode case folding and, for Latin
-- letters, accent folding (remove_diacritics 2: "cafe" finds "Café",
-- "sao" finds "São"); letters of other scripts keep their marks, which
-- those languages need (Russian "й" is not "и", Ukrainian "ї" is not
-- "і").  Combining marks (M*) are word characters, so Devanagari words
-- (Hindi) stay whole.  Before indexing, FOLD(x) maps the two foldings
-- unicode61 lacks that readers expect: Russian "ё" to "е" and German "ß"
-- to "ss"; core/search.c applies the same mapping to query words.
-- FOLD(x) is written out as
--   replace(replace(replace(replace(coalesce(x, ''), 'ё', 'е'), 'Ё', 'Е'),
--     'ß', 'ss'), 'ẞ', 'SS')
--
-- Each row's rowid is account_id * 2^40 + the record's id (1099511627776 =
-- 2^40), so a search of one account is a rowid range inside FTS5: it
-- never reads another account's matches and costs nothing more.
--
-- Tickets also index their attributes in the attrs column, one token each
-- (written out in the triggers below): status st<status>, priority pr<priority|none>, type
-- ty<type|none>, channel v<hex of via_channel>, group g<id|0>, assignee
-- as<id|0>, requester rq<id>, submitter sb<id>, organization or<id|0>,
-- brand br<id|0>, form fm<id|0>, and each tag tg<hex of the tag>.  A
-- search such as "printer status:open assignee:7 tags:vip" is then one
-- FTS5 intersection, answered (and counted) without reading a ticket.
-- Deleted tickets leave the index (and come back if restored), so what
-- FTS5 finds in an account's range is exactly its live tickets.

-- comments: the public comments after the first (the first is the
-- description); notes: the private ones (agents only).
CREATE VIRTUAL TABLE ticket_search USING fts5(
  subject, description, comments, notes, attrs,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);

-- One row per tag of each ticket: tag prefixes and "tags include"
-- conditions of views look tickets up by tag.
CREATE TABLE ticket_tag_index (
  account_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, tag, ticket_id)
) WITHOUT ROWID;

CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO ticket_search(rowid, subject, description, comments, notes, attrs)
  VALUES (NEW.account_id * 1099511627776 + NEW.id,
    replace(replace(replace(replace(coalesce(NEW.subject, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(NEW.description, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    '', '',
    'st' || NEW.status || ' pr' || coalesce(NEW.priority, 'none') || ' ty' || coalesce(NEW.type, 'none')
    || ' v' || hex(NEW.via_channel) || ' g' || coalesce(NEW.group_id, 0)
    || ' as' || coalesce(NEW.assignee_id, 0) || ' rq' || NEW.requester_id
    || ' sb' || NEW.submitter_id || ' or' || coalesce(NEW.organization_id, 0)
    || ' br' || coalesce(NEW.brand_id, 0) || ' fm' || coalesce(NEW.ticket_form_id, 0)
    || coalesce((SELECT ' ' || group_concat('tg' || hex(value), ' ') FROM json_each(NEW.tags)), ''));
END;

CREATE TRIGGER ticket_search_update AFTER UPDATE OF subject, description, status,
  priority, type, via_channel, group_id, assignee_id, requester_id, submitter_id,
  organization_id, brand_id, ticket_form_id, tags ON tickets
WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NULL AND (
  OLD.subject IS NOT NEW.subject OR OLD.description IS NOT NEW.description
  OR OLD.status IS NOT NEW.status OR OLD.priority IS NOT NEW.priority
  OR OLD.type IS NOT NEW.type OR OLD.via_channel IS NOT NEW.via_channel
  OR OLD.group_id IS NOT NEW.group_id OR OLD.assignee_id IS NOT NEW.assignee_id
  OR OLD.requester_id IS NOT NEW.requester_id OR OLD.submitter_id IS NOT NEW.submitter_id
  OR OLD.organization_id IS NOT NEW.organization_id OR OLD.brand_id IS NOT NEW.brand_id
  OR OLD.ticket_form_id IS NOT NEW.ticket_form_id OR OLD.tags IS NOT NEW.tags) BEGIN
  UPDATE ticket_search SET
    subject = replace(replace(replace(replace(coalesce(NEW.subject, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    description = replace(replace(replace(replace(coalesce(NEW.description, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    attrs = 'st' || NEW.status || ' pr' || coalesce(NEW.priority, 'none') || ' ty' || coalesce(NEW.type, 'none')
    || ' v' || hex(NEW.via_channel) || ' g' || coalesce(NEW.group_id, 0)
    || ' as' || coalesce(NEW.assignee_id, 0) || ' rq' || NEW.requester_id
    || ' sb' || NEW.submitter_id || ' or' || coalesce(NEW.organization_id, 0)
    || ' br' || coalesce(NEW.brand_id, 0) || ' fm' || coalesce(NEW.ticket_form_id, 0)
    || coalesce((SELECT ' ' || group_concat('tg' || hex(value), ' ') FROM json_each(NEW.tags)), '')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.id;
END;

CREATE TRIGGER ticket_search_deleted AFTER UPDATE OF deleted_at ON tickets
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.account_id * 1099511627776 + NEW.id;
END;

CREATE TRIGGER ticket_search_restored AFTER UPDATE OF deleted_at ON tickets
WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
  INSERT INTO ticket_search(rowid, subject, description, comments, notes, attrs)
  VALUES (NEW.account_id * 1099511627776 + NEW.id,
    replace(replace(replace(replace(coalesce(NEW.subject, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(NEW.description, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = NEW.account_id
      AND c.ticket_id = NEW.id AND c.public = 1 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = NEW.account_id AND ticket_id = NEW.id)
      ORDER BY c.id)), ''),
    coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = NEW.account_id
      AND c.ticket_id = NEW.id AND c.public = 0 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = NEW.account_id AND ticket_id = NEW.id)
      ORDER BY c.id)), ''),
    'st' || NEW.status || ' pr' || coalesce(NEW.priority, 'none') || ' ty' || coalesce(NEW.type, 'none')
    || ' v' || hex(NEW.via_channel) || ' g' || coalesce(NEW.group_id, 0)
    || ' as' || coalesce(NEW.assignee_id, 0) || ' rq' || NEW.requester_id
    || ' sb' || NEW.submitter_id || ' or' || coalesce(NEW.organization_id, 0)
    || ' br' || coalesce(NEW.brand_id, 0) || ' fm' || coalesce(NEW.ticket_form_id, 0)
    || coalesce((SELECT ' ' || group_concat('tg' || hex(value), ' ') FROM json_each(NEW.tags)), ''));
END;

CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = OLD.account_id * 1099511627776 + OLD.id;
  DELETE FROM ticket_tag_index WHERE account_id = OLD.account_id
    AND tag IN (SELECT value FROM json_each(OLD.tags)) AND ticket_id = OLD.id;
END;

-- A comment after the first is appended to comments or notes.
CREATE TRIGGER ticket_search_comment AFTER INSERT ON ticket_comments
WHEN EXISTS (SELECT 1 FROM ticket_comments f WHERE f.account_id = NEW.account_id
  AND f.ticket_id = NEW.ticket_id AND f.id < NEW.id) BEGIN
  UPDATE ticket_search SET comments = comments || ' ' || replace(replace(replace(replace(coalesce(NEW.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.ticket_id AND NEW.public = 1;
  UPDATE ticket_search SET notes = notes || ' ' || replace(replace(replace(replace(coalesce(NEW.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.ticket_id AND NEW.public = 0;
END;

-- A comment made private (or edited) moves: both columns are rebuilt.
CREATE TRIGGER ticket_search_comment_change AFTER UPDATE OF public, plain_body
ON ticket_comments BEGIN
  UPDATE ticket_search SET
    comments = coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = NEW.account_id
      AND c.ticket_id = NEW.ticket_id AND c.public = 1 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = NEW.account_id AND ticket_id = NEW.ticket_id)
      ORDER BY c.id)), ''),
    notes = coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = NEW.account_id
      AND c.ticket_id = NEW.ticket_id AND c.public = 0 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = NEW.account_id AND ticket_id = NEW.ticket_id)
      ORDER BY c.id)), '')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.ticket_id;
END;

CREATE TRIGGER ticket_tags_insert AFTER INSERT ON tickets BEGIN
  INSERT OR IGNORE INTO ticket_tag_index(account_id, tag, ticket_id)
    SELECT NEW.account_id, value, NEW.id FROM json_each(NEW.tags);
END;

CREATE TRIGGER ticket_tags_update AFTER UPDATE OF tags ON tickets
WHEN OLD.tags IS NOT NEW.tags BEGIN
  DELETE FROM ticket_tag_index WHERE account_id = OLD.account_id
    AND tag IN (SELECT value FROM json_each(OLD.tags)) AND ticket_id = OLD.id;
  INSERT OR IGNORE INTO ticket_tag_index(account_id, tag, ticket_id)
    SELECT NEW.account_id, value, NEW.id FROM json_each(NEW.tags);
END;

-- Views and search ask when a ticket reached a status: the status events
-- of a ticket (latest change to a status, per ticket), and the tickets
-- that reached a status in a time range (search "solved>...").
CREATE INDEX ticket_events_status ON ticket_events(ticket_id, value, created_at)
  WHERE field_name = 'status';
CREATE INDEX ticket_events_status_time ON ticket_events(account_id, value, created_at)
  WHERE field_name = 'status';

-- Live tickets by status (views: unsolved, unassigned, yours; counted
-- from the index alone), by creation time (search: created ranges, with
-- the status and update time to filter and sort them without reading the
-- table), by update time (views: recently updated; search: the newest
-- first) and by group.  Every search and view reads live tickets only
-- ("deleted_at IS NULL"), so the indexes leave deleted ones out.
CREATE INDEX tickets_status ON tickets(account_id, status, assignee_id, updated_at)
  WHERE deleted_at IS NULL;
CREATE INDEX tickets_created ON tickets(account_id, created_at, status, updated_at)
  WHERE deleted_at IS NULL;
CREATE INDEX tickets_live_updated ON tickets(account_id, updated_at)
  WHERE deleted_at IS NULL;
CREATE INDEX tickets_group ON tickets(account_id, group_id, status)
  WHERE group_id IS NOT NULL AND deleted_at IS NULL;

-- Users: name, email, details and notes (extra).
CREATE VIRTUAL TABLE user_search USING fts5(
  name, email, details, notes,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);

CREATE TRIGGER user_search_insert AFTER INSERT ON users BEGIN
  INSERT INTO user_search(rowid, name, email, details, notes)
  VALUES (NEW.account_id * 1099511627776 + NEW.id,
    replace(replace(replace(replace(coalesce(NEW.name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce(NEW.email, ''),
    replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'));
END;

CREATE TRIGGER user_search_update AFTER UPDATE OF name, email, extra ON users
WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
  OR OLD.extra IS NOT NEW.extra BEGIN
  UPDATE user_search SET
    name = replace(replace(replace(replace(coalesce(NEW.name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    email = coalesce(NEW.email, ''),
    details = replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    notes = replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.id;
END;

CREATE TRIGGER user_search_delete AFTER DELETE ON users BEGIN
  DELETE FROM user_search WHERE rowid = OLD.account_id * 1099511627776 + OLD.id;
END;

-- Organizations: name, details, notes and domain names (extra).
CREATE VIRTUAL TABLE organization_search USING fts5(
  name, details, notes, domains,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);

CREATE TRIGGER organization_search_insert AFTER INSERT ON organizations BEGIN
  INSERT INTO organization_search(rowid, name, details, notes, domains)
  VALUES (NEW.account_id * 1099511627776 + NEW.id,
    replace(replace(replace(replace(coalesce(NEW.name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.extra, '$.domain_names')), ''));
END;

CREATE TRIGGER organization_search_update AFTER UPDATE OF name, extra ON organizations
WHEN OLD.name IS NOT NEW.name OR OLD.extra IS NOT NEW.extra BEGIN
  UPDATE organization_search SET
    name = replace(replace(replace(replace(coalesce(NEW.name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    details = replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    notes = replace(replace(replace(replace(coalesce(json_extract(NEW.extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    domains = coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.extra, '$.domain_names')), '')
  WHERE rowid = NEW.account_id * 1099511627776 + NEW.id;
END;

CREATE TRIGGER organization_search_delete AFTER DELETE ON organizations BEGIN
  DELETE FROM organization_search WHERE rowid = OLD.account_id * 1099511627776 + OLD.id;
END;

-- Agents' ticket restriction (Zendesk's ticket_restriction): NULL sees
-- every ticket; groups, organization, assigned and requested narrow what
-- search and views show them (core/ticket_access.c).
ALTER TABLE users ADD COLUMN ticket_restriction TEXT
  CHECK (ticket_restriction IN ('groups', 'organization', 'assigned', 'requested'));

-- What existed before this migration.
INSERT INTO ticket_search(rowid, subject, description, comments, notes, attrs)
  SELECT t.account_id * 1099511627776 + t.id,
    replace(replace(replace(replace(coalesce(t.subject, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(t.description, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = t.account_id
      AND c.ticket_id = t.id AND c.public = 1 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = t.account_id AND ticket_id = t.id)
      ORDER BY c.id)), ''),
    coalesce((SELECT group_concat(b, ' ') FROM (SELECT
      replace(replace(replace(replace(coalesce(c.plain_body, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS') AS b
      FROM ticket_comments c WHERE c.account_id = t.account_id
      AND c.ticket_id = t.id AND c.public = 0 AND c.id > (SELECT min(id)
      FROM ticket_comments WHERE account_id = t.account_id AND ticket_id = t.id)
      ORDER BY c.id)), ''),
    'st' || t.status || ' pr' || coalesce(t.priority, 'none') || ' ty' || coalesce(t.type, 'none')
    || ' v' || hex(t.via_channel) || ' g' || coalesce(t.group_id, 0)
    || ' as' || coalesce(t.assignee_id, 0) || ' rq' || t.requester_id
    || ' sb' || t.submitter_id || ' or' || coalesce(t.organization_id, 0)
    || ' br' || coalesce(t.brand_id, 0) || ' fm' || coalesce(t.ticket_form_id, 0)
    || coalesce((SELECT ' ' || group_concat('tg' || hex(value), ' ') FROM json_each(t.tags)), '')
  FROM tickets t WHERE t.deleted_at IS NULL;
INSERT OR IGNORE INTO ticket_tag_index(account_id, tag, ticket_id)
  SELECT t.account_id, j.value, t.id FROM tickets t, json_each(t.tags) j;
INSERT INTO user_search(rowid, name, email, details, notes)
  SELECT account_id * 1099511627776 + id,
    replace(replace(replace(replace(coalesce(name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce(email, ''),
    replace(replace(replace(replace(coalesce(json_extract(extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS')
  FROM users;
INSERT INTO organization_search(rowid, name, details, notes, domains)
  SELECT account_id * 1099511627776 + id,
    replace(replace(replace(replace(coalesce(name, ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(extra, '$.details'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    replace(replace(replace(replace(coalesce(json_extract(extra, '$.notes'), ''), 'ё', 'е'), 'Ё', 'Е'), 'ß', 'ss'), 'ẞ', 'SS'),
    coalesce((SELECT group_concat(value, ' ') FROM json_each(extra, '$.domain_names')), '')
  FROM organizations;
