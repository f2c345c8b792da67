-- Bulk operations report through job statuses (Zendesk's job_statuses).
CREATE TABLE job_statuses (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER,
  job_type TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  results TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX job_statuses_account ON job_statuses(account_id, created_at);
