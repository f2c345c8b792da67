-- The email channel (src/channels/README.md): the addresses mail is
-- received at, inbound messages as received, the Message-IDs that thread
-- replies onto tickets, the outbox of outbound mail, and the brands' email
-- templates.  Ticket ids are plain integers here: tickets own their table.

-- Support addresses (Zendesk's recipient_addresses).  Every brand has one
-- system row, support@<brand subdomain>.<mail domain>, whose address follows
-- the brand's subdomain and the configured mail domain (email is NULL); the
-- API adds others.  An address names one account across all accounts.
CREATE TABLE recipient_addresses (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  email TEXT,
  name TEXT NOT NULL DEFAULT '',
  is_default INTEGER NOT NULL DEFAULT 0,
  system INTEGER NOT NULL DEFAULT 0,
  forwarding_status TEXT NOT NULL DEFAULT 'unknown',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX recipient_addresses_email ON recipient_addresses(email);
CREATE UNIQUE INDEX recipient_addresses_system ON recipient_addresses(brand_id)
  WHERE system = 1;
CREATE UNIQUE INDEX recipient_addresses_default ON recipient_addresses(account_id)
  WHERE is_default = 1;
CREATE INDEX recipient_addresses_account ON recipient_addresses(account_id, brand_id);

CREATE TRIGGER brands_support_address AFTER INSERT ON brands
BEGIN
  INSERT INTO recipient_addresses(account_id, brand_id, name, is_default, system,
    forwarding_status, created_at, updated_at)
  VALUES (NEW.account_id, NEW.id, NEW.name,
    NOT EXISTS (SELECT 1 FROM recipient_addresses WHERE account_id = NEW.account_id
      AND is_default = 1), 1, 'verified', NEW.created_at, NEW.created_at);
END;

INSERT INTO recipient_addresses(account_id, brand_id, name, is_default, system,
  forwarding_status, created_at, updated_at)
SELECT account_id, id, name, is_default, 1, 'verified', created_at, created_at
FROM brands WHERE deleted = 0;

-- Every message answered 250 (or taken by mail-ingest), one row per account
-- it was for, written in the transaction that turns it into a ticket update
-- (outcome) or records why it was not (ignored, with reason).
CREATE TABLE mail_inbound (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER,
  recipient TEXT NOT NULL,
  sender TEXT NOT NULL,          -- envelope reverse-path; '' for bounces
  from_address TEXT,
  message_id TEXT,
  subject TEXT,
  outcome TEXT NOT NULL,         -- ticket, comment, followup, ignored
  reason TEXT,
  ticket_id INTEGER,
  size INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  raw BLOB NOT NULL
);
CREATE INDEX mail_inbound_sender ON mail_inbound(account_id, sender, received_at);
CREATE INDEX mail_inbound_message ON mail_inbound(account_id, message_id);

-- Message-IDs seen or sent for a ticket: In-Reply-To and References of a
-- reply name one of them.
CREATE TABLE mail_message_ids (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  message_id TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, message_id)
);

-- Outbound mail, written in the transaction of the change that caused it
-- and delivered by the delivery thread of `parley serve`.  Rows the agent
-- workspace writes to its own mail_outbox table (password resets,
-- docs/agent.md) are copied in here to be delivered with the same retries
-- (source_outbox_id names the row, whose sent_at is set once sent).
CREATE TABLE mail_queue (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER,
  ticket_id INTEGER,
  kind TEXT NOT NULL,               -- comment, notification, or the
                                    -- workspace's purpose (password_reset)
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL DEFAULT '',
  to_addrs TEXT NOT NULL,           -- JSON [{"name","email"}]
  cc_addrs TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  message_id TEXT NOT NULL,
  in_reply_to TEXT,
  refs TEXT,                        -- References, space-separated
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER,
  source_outbox_id INTEGER
);
CREATE INDEX mail_queue_due ON mail_queue(next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_queue_account ON mail_queue(account_id, status);
CREATE UNIQUE INDEX mail_queue_source ON mail_queue(source_outbox_id)
  WHERE source_outbox_id IS NOT NULL;

-- A brand's email template in one locale ('en', 'de', 'pt-br'...); the
-- built-in one applies where there is none.
CREATE TABLE mail_templates (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  locale TEXT NOT NULL,
  html TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mail_templates_locale ON mail_templates(account_id, brand_id, locale);
