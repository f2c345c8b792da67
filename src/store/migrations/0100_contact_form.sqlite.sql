-- The help center's contact form: each brand's contact reason, and what
-- the form's article suggestions achieved (deflection).

-- The brand's contact reason: a drop-down (tagger) ticket field the form
-- always shows and requires.  option_labels maps an option value to the
-- article labels that option suggests: {"billing": ["invoices", "refunds"]}
-- (by value, which stays when a field's options are replaced).
CREATE TABLE contact_reasons (
  brand_id INTEGER PRIMARY KEY REFERENCES brands(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  field_id INTEGER NOT NULL REFERENCES ticket_fields(id) ON DELETE CASCADE,
  option_labels TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX contact_reasons_account ON contact_reasons(account_id);

-- One row per thing a visit to the contact form did.  attempt is the
-- random id the form carries from opening to submitting, so a suggestion
-- shown again as the reader types counts once: the unique index keeps one
-- row per (attempt, kind, article).  reason is the contact reason's option
-- value at that moment ('' when none was picked).
--   shown      an article was suggested (article_id)
--   clicked    a suggested article was opened (article_id)
--   solved     "this solved my problem" on a suggestion (article_id)
--   submitted  the form created a ticket (ticket_id; article_id 0)
CREATE TABLE hc_deflection_events (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL,
  locale TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  attempt TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('shown', 'clicked', 'solved', 'submitted')),
  article_id INTEGER NOT NULL DEFAULT 0,
  ticket_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hc_deflection_once
  ON hc_deflection_events(account_id, attempt, kind, article_id);
CREATE INDEX hc_deflection_time ON hc_deflection_events(account_id, created_at);
