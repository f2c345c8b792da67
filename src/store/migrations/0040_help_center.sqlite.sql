-- Help center (Guide): one per brand.  Categories hold sections, sections
-- hold articles; the title and body of each live in one translation per
-- locale.  brand_id is copied down from the category to its sections and
-- articles so lists and search filter on one column.

-- Per-brand settings: the enabled locales (default ["en-us"] when a brand
-- has no row) and the theme.
CREATE TABLE hc_brand_locales (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  locale TEXT NOT NULL,
  position INTEGER NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (brand_id, locale)
);

CREATE TABLE hc_themes (
  brand_id INTEGER PRIMARY KEY REFERENCES brands(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  logo_url TEXT,
  brand_color TEXT NOT NULL DEFAULT '#17494d',
  brand_text_color TEXT NOT NULL DEFAULT '#ffffff',
  text_color TEXT NOT NULL DEFAULT '#2f3941',
  link_color TEXT NOT NULL DEFAULT '#1f73b7',
  background_color TEXT NOT NULL DEFAULT '#ffffff',
  header_html TEXT NOT NULL DEFAULT '',   -- sanitized on write
  footer_html TEXT NOT NULL DEFAULT '',   -- sanitized on write
  updated_at INTEGER NOT NULL
);

-- Who may read an article: user_segment_id NULL is everyone.
CREATE TABLE hc_user_segments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  user_type TEXT NOT NULL CHECK (user_type IN ('signed_in_users', 'staff')),
  built_in INTEGER NOT NULL DEFAULT 0,
  group_ids TEXT NOT NULL DEFAULT '[]',
  organization_ids TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  or_tags TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_user_segments_account ON hc_user_segments(account_id);

CREATE TABLE hc_categories (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  position INTEGER NOT NULL DEFAULT 0,
  source_locale TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_categories_brand ON hc_categories(account_id, brand_id, position);

CREATE TABLE hc_sections (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  category_id INTEGER NOT NULL REFERENCES hc_categories(id) ON DELETE CASCADE,
  parent_section_id INTEGER REFERENCES hc_sections(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  sorting TEXT NOT NULL DEFAULT 'manual',
  source_locale TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_sections_category ON hc_sections(category_id, position);
CREATE INDEX hc_sections_brand ON hc_sections(account_id, brand_id);

-- archived: DELETE articles/{id} archives, as in Zendesk; archived articles
-- are in no list, page or search result.
CREATE TABLE hc_articles (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  section_id INTEGER NOT NULL REFERENCES hc_sections(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users(id),
  position INTEGER NOT NULL DEFAULT 0,
  promoted INTEGER NOT NULL DEFAULT 0,
  comments_disabled INTEGER NOT NULL DEFAULT 0,
  user_segment_id INTEGER REFERENCES hc_user_segments(id) ON DELETE SET NULL,
  permission_group_id INTEGER,
  source_locale TEXT NOT NULL,
  vote_sum INTEGER NOT NULL DEFAULT 0,
  vote_count INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  edited_at INTEGER NOT NULL
);
CREATE INDEX hc_articles_section ON hc_articles(section_id, position);
CREATE INDEX hc_articles_brand ON hc_articles(brand_id, id);
CREATE INDEX hc_articles_author ON hc_articles(account_id, author_id);
CREATE INDEX hc_articles_updated ON hc_articles(account_id, updated_at, id);
CREATE INDEX hc_articles_promoted ON hc_articles(brand_id, position) WHERE promoted = 1;

-- One per (item, locale).  source_type: 'article', 'section', 'category'.
-- body is sanitized HTML (articles) or the plain description (sections,
-- categories).  draft translations are seen by agents only.
CREATE TABLE hc_translations (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  source_type TEXT NOT NULL CHECK (source_type IN ('article', 'section', 'category')),
  source_id INTEGER NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  draft INTEGER NOT NULL DEFAULT 0,
  outdated INTEGER NOT NULL DEFAULT 0,
  created_by_id INTEGER,
  updated_by_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hc_translations_item ON hc_translations(source_id, source_type, locale);

CREATE TABLE hc_labels (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hc_labels_name ON hc_labels(account_id, name);

CREATE TABLE hc_article_labels (
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  label_id INTEGER NOT NULL REFERENCES hc_labels(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, label_id)
);
CREATE INDEX hc_article_labels_label ON hc_article_labels(label_id);

-- Every change of an article translation's title or body, and proposed
-- changes: state 'draft' -> 'review' -> 'published' (or back to 'draft'
-- when a reviewer rejects it).  Published revisions are the history; the
-- newest published one of a locale is the live text.
CREATE TABLE hc_revisions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'review', 'published')),
  author_id INTEGER NOT NULL,
  reviewer_id INTEGER,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_revisions_article ON hc_revisions(article_id, locale, id);
CREATE INDEX hc_revisions_state ON hc_revisions(account_id, state);

CREATE TABLE hc_votes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hc_votes_user ON hc_votes(article_id, user_id);
CREATE INDEX hc_votes_by_user ON hc_votes(account_id, user_id);

CREATE TABLE hc_comments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users(id),
  locale TEXT NOT NULL,
  body TEXT NOT NULL,               -- sanitized on write
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_comments_article ON hc_comments(article_id, id);
CREATE INDEX hc_comments_author ON hc_comments(account_id, author_id);

CREATE TABLE hc_subscriptions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  content_type TEXT NOT NULL CHECK (content_type IN ('Article', 'Section')),
  content_id INTEGER NOT NULL,
  locale TEXT NOT NULL,
  include_comments INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hc_subscriptions_item ON hc_subscriptions(content_type, content_id, user_id);
CREATE INDEX hc_subscriptions_user ON hc_subscriptions(account_id, user_id);

CREATE TABLE hc_attachments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  article_id INTEGER NOT NULL REFERENCES hc_articles(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  inline INTEGER NOT NULL DEFAULT 0,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hc_attachments_article ON hc_attachments(article_id);

-- Full-text index of article translations; rowid = hc_translations.id.
-- Written in the same transaction as the translation.  Columns are ranked
-- title > labels > body by bm25 weights at query time.
CREATE VIRTUAL TABLE hc_search USING fts5(
  title, labels, body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Deleting a category or section deletes what it holds (ON DELETE
-- CASCADE above); these keep the polymorphic rows and the index in step.
CREATE TRIGGER hc_category_gone AFTER DELETE ON hc_categories BEGIN
  DELETE FROM hc_translations WHERE source_type = 'category' AND source_id = OLD.id;
END;
CREATE TRIGGER hc_section_gone AFTER DELETE ON hc_sections BEGIN
  DELETE FROM hc_translations WHERE source_type = 'section' AND source_id = OLD.id;
  DELETE FROM hc_subscriptions WHERE content_type = 'Section' AND content_id = OLD.id;
END;
CREATE TRIGGER hc_article_gone AFTER DELETE ON hc_articles BEGIN
  DELETE FROM hc_translations WHERE source_type = 'article' AND source_id = OLD.id;
  DELETE FROM hc_subscriptions WHERE content_type = 'Article' AND content_id = OLD.id;
END;
CREATE TRIGGER hc_translation_gone AFTER DELETE ON hc_translations
WHEN OLD.source_type = 'article' BEGIN
  DELETE FROM hc_search WHERE rowid = OLD.id;
END;

-- An article as read in one locale (one row per translation).
CREATE VIEW hc_article_rows AS
SELECT a.id AS id, a.account_id, a.brand_id, a.section_id, s.category_id,
  a.author_id, a.position, a.promoted, a.comments_disabled, a.user_segment_id,
  a.permission_group_id, a.source_locale, a.vote_sum, a.vote_count,
  a.archived, a.created_at, a.updated_at, a.edited_at,
  t.locale, t.title, t.body, t.draft, t.outdated, t.id AS translation_id
FROM hc_articles a
JOIN hc_translations t ON t.source_type = 'article' AND t.source_id = a.id
JOIN hc_sections s ON s.id = a.section_id;

CREATE VIEW hc_section_rows AS
SELECT s.id AS id, s.account_id, s.brand_id, s.category_id, s.parent_section_id,
  s.position, s.sorting, s.source_locale, s.created_at, s.updated_at,
  t.locale, t.title, t.body, t.outdated
FROM hc_sections s
JOIN hc_translations t ON t.source_type = 'section' AND t.source_id = s.id;

CREATE VIEW hc_category_rows AS
SELECT c.id AS id, c.account_id, c.brand_id, c.position, c.source_locale,
  c.created_at, c.updated_at, t.locale, t.title, t.body, t.outdated
FROM hc_categories c
JOIN hc_translations t ON t.source_type = 'category' AND t.source_id = c.id;

-- Zendesk's two built-in user segments, for every account, present and
-- future: "Signed-in users" and "Agents and admins" (the internal
-- knowledge base).
INSERT INTO hc_user_segments(account_id, name, user_type, built_in, created_at, updated_at)
SELECT id, 'Signed-in users', 'signed_in_users', 1, created_at, created_at FROM accounts;
INSERT INTO hc_user_segments(account_id, name, user_type, built_in, created_at, updated_at)
SELECT id, 'Agents and admins', 'staff', 1, created_at, created_at FROM accounts;
CREATE TRIGGER hc_account_segments AFTER INSERT ON accounts
BEGIN
  INSERT INTO hc_user_segments(account_id, name, user_type, built_in, created_at, updated_at)
  VALUES (NEW.id, 'Signed-in users', 'signed_in_users', 1, NEW.created_at, NEW.created_at);
  INSERT INTO hc_user_segments(account_id, name, user_type, built_in, created_at, updated_at)
  VALUES (NEW.id, 'Agents and admins', 'staff', 1, NEW.created_at, NEW.created_at);
END;
