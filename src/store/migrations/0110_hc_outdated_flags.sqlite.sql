-- Agents' flags that an article translation is outdated, often raised from
-- a ticket.  A translation's outdated column is 1 while it has an open flag
-- (resolved_at NULL); resolving the last open flag of a locale clears it.
-- ticket_id: the ticket the agent flagged from (NULL when none).
CREATE TABLE hc_outdated_flags (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  locale TEXT NOT NULL,
  ticket_id INTEGER,
  note TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  resolved_by_id INTEGER,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER
);
CREATE INDEX hc_outdated_flags_article ON hc_outdated_flags(article_id, locale, resolved_at);
