-- Tickets, their comments, audits, the append-only event log, and
-- attachments (uploads).  Timestamps are Unix seconds (UTC); booleans 0/1;
-- JSON columns hold text.

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  subject TEXT,
  description TEXT NOT NULL DEFAULT '',   -- plain body of the first comment
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new','open','pending','hold','solved','closed')),
  priority TEXT CHECK (priority IN ('urgent','high','normal','low')),
  type TEXT CHECK (type IN ('problem','incident','question','task')),
  requester_id INTEGER NOT NULL,
  submitter_id INTEGER NOT NULL,
  assignee_id INTEGER,
  organization_id INTEGER,
  group_id INTEGER,
  brand_id INTEGER,
  ticket_form_id INTEGER,
  external_id TEXT,
  problem_id INTEGER,
  due_at INTEGER,
  via_channel TEXT NOT NULL DEFAULT 'api',
  via_source TEXT NOT NULL DEFAULT '{"from":{},"to":{},"rel":null}',
  tags TEXT NOT NULL DEFAULT '[]',            -- JSON array of strings
  custom_fields TEXT NOT NULL DEFAULT '{}',   -- JSON object keyed by field id
  collaborator_ids TEXT NOT NULL DEFAULT '[]',-- JSON array of user ids
  is_public INTEGER NOT NULL DEFAULT 1,
  deleted_at INTEGER,                         -- soft delete; rows stay for exports
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The rowid (id) is the implicit last column of every index, so these also
-- serve "ORDER BY id" within an account and each filter.  tickets_live
-- makes counting and paging the live (not deleted) tickets index-only.
-- Columns mostly NULL on new tickets are indexed only where set: a create
-- then writes fewer index pages (filters "col = ?" imply NOT NULL).
CREATE INDEX tickets_live ON tickets(account_id, deleted_at);
CREATE INDEX tickets_requester ON tickets(account_id, requester_id);
CREATE INDEX tickets_assignee ON tickets(account_id, assignee_id)
  WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_org ON tickets(account_id, organization_id)
  WHERE organization_id IS NOT NULL;
CREATE INDEX tickets_updated ON tickets(account_id, updated_at);
CREATE INDEX tickets_external ON tickets(account_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX tickets_problem ON tickets(account_id, problem_id)
  WHERE problem_id IS NOT NULL;

-- Live (not deleted) tickets per account, kept by the creating and
-- deleting transactions, so the whole list and tickets/count need not
-- scan the account's tickets to count them.
CREATE TABLE ticket_counts (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  live INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ticket_audits (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  author_id INTEGER NOT NULL,
  via_channel TEXT NOT NULL DEFAULT 'api',
  via_source TEXT NOT NULL DEFAULT '{"from":{},"to":{},"rel":null}',
  metadata TEXT NOT NULL DEFAULT '{"system":{},"custom":{}}',
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_audits_ticket ON ticket_audits(account_id, ticket_id);

-- Append-only: every change of a ticket, in order.  Create events on
-- creation, Change events (with previous_value) on updates, Comment events
-- (whose id is the comment's id).  Exports, SLAs and reporting read it.
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  audit_id INTEGER NOT NULL REFERENCES ticket_audits(id),
  type TEXT NOT NULL,            -- Create, Change, Comment, CommentPrivacyChange
  field_name TEXT,
  value TEXT,                    -- JSON
  previous_value TEXT,           -- JSON
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_events_audit ON ticket_events(audit_id);
CREATE INDEX ticket_events_time ON ticket_events(account_id, created_at);

CREATE TABLE ticket_comments (
  id INTEGER PRIMARY KEY,        -- the id of its Comment event
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  audit_id INTEGER NOT NULL REFERENCES ticket_audits(id),
  author_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  plain_body TEXT NOT NULL,
  public INTEGER NOT NULL DEFAULT 1,
  via_channel TEXT NOT NULL DEFAULT 'api',
  metadata TEXT NOT NULL DEFAULT '{"system":{},"custom":{}}',
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments(account_id, ticket_id);

-- An upload is a set of attachments sharing upload_token until a comment
-- takes them (ticket_id and comment_id set).  data is last so metadata
-- reads never touch its overflow pages.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  upload_token TEXT NOT NULL,
  uploader_id INTEGER NOT NULL,
  ticket_id INTEGER REFERENCES tickets(id),
  comment_id INTEGER REFERENCES ticket_comments(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX attachments_token ON attachments(account_id, upload_token);
CREATE INDEX attachments_comment ON attachments(comment_id);
