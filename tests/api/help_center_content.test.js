// Help Center API: categories, sections, articles, translations, labels,
// revisions, locales, themes and search (Zendesk shapes), plus node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { people, tree, addBrand } = require('./help_center.fixtures');

let srv, P, T;
const HC = '/help_center';

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  P = await people(srv);
  const r = await srv.api('PUT', `${HC}/brands/1/locales.json`, { auth: srv.admin,
    body: { locales: ['en-us', 'fr', 'ar'], default_locale: 'en-us' } });
  assert.equal(r.status, 200, r.text);
  T = await tree(srv, srv.admin, { article: { label_names: ['password', 'account'], promoted: true } });
});
test.after(() => srv.stop());

test('locales: defaults, per-brand settings and validation', async () => {
  let r = await srv.api('GET', `${HC}/locales.json`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { locales: ['en-us', 'fr', 'ar'], default_locale: 'en-us' });
  // beta never set any: ["en-us"].
  r = await srv.api('GET', `${HC}/locales.json`, { host: `beta.localhost:${srv.port}` });
  assert.deepEqual(r.json, { locales: ['en-us'], default_locale: 'en-us' });
  r = await srv.api('PUT', `${HC}/brands/1/locales.json`, { auth: srv.admin, body: { locales: ['en-us', 'not a locale'] } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.locales[0].error, 'InvalidValue');
  r = await srv.api('PUT', `${HC}/brands/1/locales.json`, { auth: srv.admin, body: { locales: ['en-us'], default_locale: 'fr' } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `${HC}/brands/1/locales.json`, { auth: P.agent.auth, body: { locales: ['en-us'] } });
  assert.equal(r.status, 403);
  r = await srv.api('GET', `${HC}/brands/1/locales.json`);
  assert.deepEqual(r.json.locales, ['en-us', 'fr', 'ar']);
  // Another account's brand is not found.
  r = await srv.api('GET', `${HC}/brands/2/locales.json`);
  assert.equal(r.status, 404);
});

test('categories: CRUD, locale prefix, validation and roles', async () => {
  let r = await srv.api('GET', `${HC}/categories.json`);
  assert.equal(r.status, 200);
  assert.equal(r.json.count, 1);
  const c = r.json.categories[0];
  assert.equal(c.name, 'General');
  assert.equal(c.locale, 'en-us');
  assert.equal(c.url, `${srv.origin}/api/v2/help_center/en-us/categories/${c.id}.json`);
  assert.equal(c.html_url, `${srv.origin}/hc/en-us/categories/${c.id}`);
  r = await srv.api('POST', `${HC}/categories.json`, { auth: srv.admin, body: { category: { name: '' } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.name[0].error, 'BlankValue');
  r = await srv.api('POST', `${HC}/categories.json`, { auth: srv.admin, body: { category: { name: 'x'.repeat(256) } } });
  assert.equal(r.json.details.name[0].error, 'TooLong');
  r = await srv.api('POST', `${HC}/categories.json`, { auth: srv.admin, body: { category: { name: 'X', locale: 'de' } } });
  assert.equal(r.status, 422, 'locale not enabled');
  r = await srv.api('POST', `${HC}/categories.json`, { auth: P.agent.auth, body: { category: { name: 'X' } } });
  assert.equal(r.status, 403);
  r = await srv.api('POST', `${HC}/categories.json`, { body: { category: { name: 'X' } } });
  assert.equal(r.status, 401);
  r = await srv.api('POST', `${HC}/fr/categories.json`, { auth: srv.admin, body: { category: { name: 'Facturation', position: 2 } } });
  assert.equal(r.status, 201);
  const fr = r.json.category;
  assert.equal(fr.locale, 'fr');
  assert.equal(fr.source_locale, 'fr');
  r = await srv.api('PUT', `${HC}/fr/categories/${fr.id}.json`, { auth: srv.admin, body: { category: { name: 'Factures', position: 3 } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.category.name, 'Factures');
  assert.equal(r.json.category.position, 3);
  r = await srv.api('GET', `${HC}/fr/categories/${fr.id}.json`);
  assert.equal(r.json.category.name, 'Factures');
  r = await srv.api('GET', `${HC}/en-us/categories/${fr.id}.json`);
  assert.equal(r.status, 404, 'no en-us translation');
  r = await srv.api('GET', `${HC}/fr/categories.json`);
  assert.deepEqual(r.json.categories.map((x) => x.id), [fr.id]);
  r = await srv.api('PUT', `${HC}/categories/${fr.id}/source_locale.json`, { auth: srv.admin, body: { category_locale: 'en-us' } });
  assert.equal(r.status, 422, 'no translation in en-us');
  r = await srv.api('DELETE', `${HC}/categories/${fr.id}.json`, { auth: srv.admin });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/categories/${fr.id}.json`);
  assert.equal(r.status, 404);
  r = await srv.api('GET', `${HC}/categories.json?sort_by=nope`);
  assert.equal(r.status, 400);
});

test('sections: create under a category, move, nesting, delete cascades', async () => {
  let r = await srv.api('GET', `${HC}/categories/${T.category}/sections.json`);
  assert.equal(r.status, 200);
  assert.equal(r.json.sections[0].id, T.section);
  assert.equal(r.json.sections[0].category_id, T.category);
  r = await srv.api('POST', `${HC}/categories/${T.category}/sections.json`, { auth: srv.admin,
    body: { section: { name: 'Child', parent_section_id: T.section, sorting: 'title' } } });
  assert.equal(r.status, 201, r.text);
  const child = r.json.section;
  assert.equal(child.parent_section_id, T.section);
  assert.equal(child.sorting, 'title');
  r = await srv.api('PUT', `${HC}/sections/${T.section}.json`, { auth: srv.admin, body: { section: { parent_section_id: child.id } } });
  assert.equal(r.status, 422, 'cycle');
  r = await srv.api('PUT', `${HC}/sections/${child.id}.json`, { auth: srv.admin, body: { section: { description: 'Nested', position: 5 } } });
  assert.equal(r.json.section.description, 'Nested');
  r = await srv.api('GET', `${HC}/sections/${child.id}.json`);
  assert.equal(r.json.section.position, 5);
  r = await srv.api('GET', `${HC}/en-us/sections.json`);
  assert.equal(r.json.count, 2);
  r = await srv.api('POST', `${HC}/sections/${child.id}/articles.json`, { auth: P.agent.auth, body: { article: { title: 'In child' } } });
  assert.equal(r.status, 201);
  const inChild = r.json.article.id;
  r = await srv.api('DELETE', `${HC}/sections/${child.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', `${HC}/sections/${child.id}.json`, { auth: srv.admin });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/${inChild}.json`, { auth: srv.admin });
  assert.equal(r.status, 404, 'articles go with their section');
  r = await srv.api('GET', `${HC}/categories/999999/sections.json`);
  assert.equal(r.status, 404);
});

test('articles: create, show, list filters, update metadata and text, archive', async () => {
  const a = T.articleJson;
  assert.equal(a.title, 'Reset your password');
  assert.equal(a.locale, 'en-us');
  assert.equal(a.section_id, T.section);
  assert.equal(a.draft, false);
  assert.equal(a.promoted, true);
  assert.deepEqual(a.label_names, ['account', 'password']);
  assert.equal(a.user_segment_id, null);
  assert.equal(a.url, `${srv.origin}/api/v2/help_center/en-us/articles/${a.id}.json`);
  let r = await srv.api('GET', `${HC}/articles/${a.id}.json`);
  assert.equal(r.status, 200);
  assert.equal(r.json.article.body, '<p>Use the link.</p>');
  r = await srv.api('POST', `${HC}/sections/${T.section}/articles.json`, { auth: P.agent.auth,
    body: { article: { title: 'Billing FAQ', body: 'Pay', position: 1, label_names: ['billing'], comments_disabled: true } } });
  assert.equal(r.status, 201);
  assert.match(r.headers.location, /\/help_center\/en-us\/articles\/\d+\.json$/);
  const b = r.json.article;
  assert.equal(b.author_id, P.agent.id);
  r = await srv.api('POST', `${HC}/sections/${T.section}/articles.json`, { auth: P.reader.auth, body: { article: { title: 'x' } } });
  assert.equal(r.status, 403);
  r = await srv.api('POST', `${HC}/sections/${T.section}/articles.json`, { auth: srv.admin, body: { article: { body: 'no title' } } });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `${HC}/sections/${T.section}/articles.json`, { auth: srv.admin, body: { article: { title: 't', user_segment_id: 99999 } } });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `${HC}/sections/999999/articles.json`, { auth: srv.admin, body: { article: { title: 't' } } });
  assert.equal(r.status, 404);

  r = await srv.api('GET', `${HC}/articles.json?label_names=billing`);
  assert.deepEqual(r.json.articles.map((x) => x.id), [b.id]);
  r = await srv.api('GET', `${HC}/sections/${T.section}/articles.json?sort_by=title&sort_order=asc`);
  assert.deepEqual(r.json.articles.map((x) => x.title), ['Billing FAQ', 'Reset your password']);
  r = await srv.api('GET', `${HC}/categories/${T.category}/articles.json?per_page=1`);
  assert.equal(r.json.count, 2);
  assert.equal(r.json.articles.length, 1);
  assert.match(r.json.next_page, /page=2&per_page=1/);
  r = await srv.api('GET', `${HC}/users/${P.agent.id}/articles.json`);
  assert.deepEqual(r.json.articles.map((x) => x.id), [b.id]);
  r = await srv.api('GET', `${HC}/incremental/articles.json?start_time=1`, { auth: P.agent.auth });
  assert.equal(r.status, 200);
  assert.ok(r.json.articles.length >= 2);
  r = await srv.api('GET', `${HC}/incremental/articles.json?start_time=1`);
  assert.equal(r.status, 401);

  // Metadata without a locale; text with one (Zendesk's split).
  r = await srv.api('PUT', `${HC}/articles/${b.id}.json`, { auth: P.agent.auth,
    body: { article: { promoted: true, title: 'ignored here', label_names: ['billing', 'invoices'] } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.article.promoted, true);
  assert.equal(r.json.article.title, 'Billing FAQ');
  assert.deepEqual(r.json.article.label_names, ['billing', 'invoices']);
  r = await srv.api('PUT', `${HC}/en-us/articles/${b.id}.json`, { auth: P.agent.auth,
    body: { article: { title: 'Billing questions', body: '<p>Pay by card</p>' } } });
  assert.equal(r.json.article.title, 'Billing questions');
  r = await srv.api('PUT', `${HC}/articles/${b.id}.json`, { auth: P.agent.auth, body: { article: { promoted: 'yes' } } });
  assert.equal(r.status, 422);

  r = await srv.api('DELETE', `${HC}/articles/${b.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/${b.id}.json`, { auth: srv.admin });
  assert.equal(r.status, 404, 'archived');
  r = await srv.api('DELETE', `${HC}/articles/${b.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 404);
});

test('translations: list, create, update, missing, delete, drafts hidden from readers', async () => {
  const id = T.article;
  let r = await srv.api('GET', `${HC}/articles/${id}/translations/missing.json`, { auth: P.agent.auth });
  assert.deepEqual(r.json.locales, ['fr', 'ar']);
  r = await srv.api('POST', `${HC}/articles/${id}/translations.json`, { auth: P.agent.auth,
    body: { translation: { locale: 'fr', title: 'Réinitialiser le mot de passe', body: '<p>Utilisez le lien.</p>' } } });
  assert.equal(r.status, 201, r.text);
  const fr = r.json.translation;
  assert.equal(fr.source_type, 'Article');
  assert.equal(fr.source_id, id);
  assert.equal(fr.locale, 'fr');
  r = await srv.api('POST', `${HC}/articles/${id}/translations.json`, { auth: P.agent.auth,
    body: { translation: { locale: 'fr', title: 'again' } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.locale[0].error, 'DuplicateValue');
  r = await srv.api('POST', `${HC}/articles/${id}/translations.json`, { auth: P.agent.auth,
    body: { translation: { locale: 'ar', title: 'إعادة تعيين كلمة المرور', body: '<p>مرحبا</p>', draft: true } } });
  assert.equal(r.status, 201);
  r = await srv.api('GET', `${HC}/articles/${id}/translations.json`);
  assert.deepEqual(r.json.translations.map((t) => t.locale).sort(), ['en-us', 'fr'], 'the draft is hidden');
  r = await srv.api('GET', `${HC}/articles/${id}/translations.json`, { auth: P.agent.auth });
  assert.equal(r.json.translations.length, 3);
  r = await srv.api('GET', `${HC}/ar/articles/${id}.json`);
  assert.equal(r.status, 404, 'draft translation');
  r = await srv.api('PUT', `${HC}/articles/${id}/translations/ar.json`, { auth: P.agent.auth, body: { translation: { draft: false } } });
  assert.equal(r.status, 200);
  r = await srv.api('GET', `${HC}/ar/articles/${id}.json`);
  assert.equal(r.status, 200);
  assert.equal(r.json.article.title, 'إعادة تعيين كلمة المرور');
  r = await srv.api('GET', `${HC}/articles/${id}/translations/fr.json`);
  assert.equal(r.json.translation.title, 'Réinitialiser le mot de passe');
  r = await srv.api('GET', `${HC}/articles/${id}/translations/de.json`);
  assert.equal(r.status, 404);
  r = await srv.api('GET', `${HC}/sections/${T.section}/translations.json`);
  assert.equal(r.json.translations[0].source_type, 'Section');
  r = await srv.api('POST', `${HC}/sections/${T.section}/translations.json`, { auth: srv.admin,
    body: { translation: { locale: 'fr', title: 'Premiers pas', body: 'Débuter' } } });
  assert.equal(r.status, 201);
  r = await srv.api('GET', `${HC}/fr/sections/${T.section}.json`);
  assert.equal(r.json.section.name, 'Premiers pas');
  r = await srv.api('POST', `${HC}/categories/${T.category}/translations.json`, { auth: P.agent.auth,
    body: { translation: { locale: 'fr', title: 'Général' } } });
  assert.equal(r.status, 403, 'category translations are for admins');
  r = await srv.api('POST', `${HC}/categories/${T.category}/translations.json`, { auth: srv.admin,
    body: { translation: { locale: 'fr', title: 'Général' } } });
  assert.equal(r.status, 201);
  r = await srv.api('PUT', `${HC}/categories/${T.category}/translations/fr.json`, { auth: srv.admin,
    body: { translation: { title: 'Général (FR)' } } });
  assert.equal(r.json.translation.title, 'Général (FR)');
  r = await srv.api('GET', `${HC}/categories/${T.category}/translations/missing.json`, { auth: P.agent.auth });
  assert.deepEqual(r.json.locales, ['ar']);
  // The source translation stays; another one goes.
  r = await srv.api('GET', `${HC}/articles/${id}/translations/en-us.json`);
  r = await srv.api('DELETE', `${HC}/translations/${r.json.translation.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 422);
  r = await srv.api('DELETE', `${HC}/translations/${fr.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/fr/articles/${id}.json`);
  assert.equal(r.status, 404);
});

test('labels: list, show, add to and remove from an article', async () => {
  let r = await srv.api('GET', `${HC}/articles/labels.json`, { auth: P.agent.auth });
  assert.equal(r.status, 200);
  const names = r.json.labels.map((l) => l.name);
  assert.ok(names.includes('password'));
  r = await srv.api('GET', `${HC}/articles/labels.json`);
  assert.equal(r.status, 401);
  r = await srv.api('POST', `${HC}/articles/${T.article}/labels.json`, { auth: P.agent.auth, body: { label: { name: 'security' } } });
  assert.equal(r.status, 201);
  const label = r.json.label;
  r = await srv.api('GET', `${HC}/articles/labels/${label.id}.json`, { auth: P.agent.auth });
  assert.equal(r.json.label.name, 'security');
  r = await srv.api('GET', `${HC}/articles/${T.article}/labels.json`);
  assert.deepEqual(r.json.labels.map((l) => l.name), ['account', 'password', 'security']);
  r = await srv.api('GET', `${HC}/articles/search.json?query=security`);
  assert.equal(r.json.count, 1, 'labels are indexed in the same transaction');
  r = await srv.api('DELETE', `${HC}/articles/${T.article}/labels/${label.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
  r = await srv.api('DELETE', `${HC}/articles/${T.article}/labels/${label.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 404);
  r = await srv.api('GET', `${HC}/articles/search.json?query=security`);
  assert.equal(r.json.count, 0);
  r = await srv.api('POST', `${HC}/articles/${T.article}/labels.json`, { auth: P.agent.auth, body: { label: { name: '' } } });
  assert.equal(r.status, 422);
});

test('revisions: history of every edit, proposals go draft -> review -> published', async () => {
  const { article } = await tree(srv, srv.admin, { article: { title: 'Shipping times', body: '<p>v1</p>' } });
  let r = await srv.api('PUT', `${HC}/en-us/articles/${article}.json`, { auth: srv.admin, body: { article: { body: '<p>v2</p>' } } });
  r = await srv.api('GET', `${HC}/articles/${article}/revisions.json`, { auth: P.agent.auth });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.revisions.map((x) => [x.state, x.body]), [['published', '<p>v2</p>'], ['published', '<p>v1</p>']]);
  r = await srv.api('GET', `${HC}/articles/${article}/revisions.json`, { auth: P.reader.auth });
  assert.equal(r.status, 403);
  // The agent proposes a change; the live text stays until it is published.
  r = await srv.api('POST', `${HC}/articles/${article}/revisions.json`, { auth: P.agent.auth,
    body: { revision: { locale: 'en-us', title: 'Shipping times', body: '<p>v3 <script>x()</script></p>', note: 'new carrier' } } });
  assert.equal(r.status, 201, r.text);
  const prop = r.json.revision;
  assert.equal(prop.state, 'draft');
  assert.equal(prop.body, '<p>v3 </p>');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth, body: { revision: { state: 'published' } } });
  assert.equal(r.status, 422, 'review comes first');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth, body: { revision: { body: '<p>v3</p>' } } });
  assert.equal(r.json.revision.body, '<p>v3</p>');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth, body: { revision: { state: 'review' } } });
  assert.equal(r.json.revision.state, 'review');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth, body: { revision: { body: '<p>v4</p>' } } });
  assert.equal(r.status, 422, 'edits happen in draft');
  r = await srv.api('GET', `${HC}/articles/${article}.json`);
  assert.equal(r.json.article.body, '<p>v2</p>');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth, body: { revision: { state: 'published' } } });
  assert.equal(r.status, 403, 'authors do not publish their own proposals');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: srv.admin, body: { revision: { state: 'published' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.revision.state, 'published');
  assert.equal(r.json.revision.reviewer_id, 1);
  r = await srv.api('GET', `${HC}/articles/${article}.json`);
  assert.equal(r.json.article.body, '<p>v3</p>');
  r = await srv.api('GET', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: P.agent.auth });
  assert.equal(r.json.revision.note, 'new carrier');
  r = await srv.api('PUT', `${HC}/articles/${article}/revisions/${prop.id}.json`, { auth: srv.admin, body: { revision: { state: 'draft' } } });
  assert.equal(r.status, 422, 'history does not change');
  r = await srv.api('GET', `${HC}/articles/${article}/revisions.json?locale=en-us`, { auth: P.agent.auth });
  assert.deepEqual(r.json.revisions.map((x) => x.body), ['<p>v3</p>', '<p>v2</p>', '<p>v1</p>']);
});

test('search: ranking, snippets, case and accent folding, locales, filters', async () => {
  const s = T.section;
  const mk = (title, body, extra = {}) => srv.api('POST', `${HC}/sections/${s}/articles.json`,
    { auth: srv.admin, body: { article: { title, body, ...extra } } });
  const inTitle = (await mk('Café opening hours', '<p>We open at nine.</p>')).json.article.id;
  const inBody = (await mk('Visiting us', '<p>The <b>CAFE</b> sells coffee &amp; cake.</p>')).json.article.id;
  const inLabel = (await mk('Menu', '<p>Food and drinks.</p>', { label_names: ['cafe'] })).json.article.id;
  await srv.api('POST', `${HC}/fr/sections/${s}/articles.json`, { auth: srv.admin,
    body: { article: { title: 'Le café', body: '<p>Ouvert le matin</p>' } } });
  let r = await srv.api('GET', `${HC}/articles/search.json?query=cafe`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.results.map((x) => x.id), [inTitle, inLabel, inBody], 'title > labels > body');
  assert.equal(r.json.count, 3);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.per_page, 25);
  assert.equal(r.json.page_count, 1);
  assert.equal(r.json.results[0].result_type, 'article');
  const body = r.json.results.find((x) => x.id === inBody);
  assert.equal(body.snippet, 'The <em>CAFE</em> sells coffee &amp; cake.');
  r = await srv.api('GET', `${HC}/articles/search.json?query=${encodeURIComponent('CAFÉ')}&per_page=1`);
  assert.equal(r.json.count, 3);
  assert.equal(r.json.results.length, 1);
  assert.match(r.json.next_page, /page=2&per_page=1/);
  r = await srv.api('GET', `${HC}/articles/search.json?query=cafe&locale=fr`);
  assert.deepEqual(r.json.results.map((x) => x.title), ['Le café']);
  r = await srv.api('GET', `${HC}/articles/search.json?query=cafe&locale=*`);
  assert.equal(r.json.count, 4);
  r = await srv.api('GET', `${HC}/articles/search.json?query=cafe&label_names=cafe`);
  assert.deepEqual(r.json.results.map((x) => x.id), [inLabel]);
  r = await srv.api('GET', `${HC}/articles/search.json?query=cafe&section=999`);
  assert.equal(r.json.count, 0);
  // FTS5 syntax in a query is just text.
  r = await srv.api('GET', `${HC}/articles/search.json?query=${encodeURIComponent('title:cafe OR "NEAR(')}`);
  assert.equal(r.status, 200);
  r = await srv.api('GET', `${HC}/articles/search.json`);
  assert.equal(r.status, 400);
  r = await srv.api('GET', `${HC}/articles/search.json?query=cafe&brand_id=2`);
  assert.equal(r.status, 404, "another account's brand");
});

test('themes: defaults, validation, sanitized header and footer', async () => {
  let r = await srv.api('GET', `${HC}/brands/1/theme.json`);
  assert.equal(r.status, 200);
  assert.equal(r.json.theme.brand_color, '#17494d');
  r = await srv.api('PUT', `${HC}/brands/1/theme.json`, { auth: srv.admin, body: { theme: { brand_color: 'red' } } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `${HC}/brands/1/theme.json`, { auth: srv.admin, body: { theme: { logo_url: 'javascript:alert(1)' } } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `${HC}/brands/1/theme.json`, { auth: srv.admin, body: { theme: {
    brand_color: '#aa0000', logo_url: 'https://cdn.example/logo.png',
    header_html: '<a href="/hc/en-us">Home</a><script>alert(1)</script>', footer_html: '<p onclick="x()">© Acme</p>' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.theme.header_html, '<a href="/hc/en-us">Home</a>');
  assert.equal(r.json.theme.footer_html, '<p>© Acme</p>');
  r = await srv.api('PUT', `${HC}/brands/1/theme.json`, { auth: P.agent.auth, body: { theme: { brand_color: '#000000' } } });
  assert.equal(r.status, 403);
  r = await srv.api('GET', `${HC}/brands/1/theme.json`);
  assert.equal(r.json.theme.brand_color, '#aa0000');
});

test('lists are per brand: a second brand of the account has its own help center', async () => {
  const brand = addBrand(srv, { name: 'Acme Pro', subdomain: 'acmepro' });
  const host = `acmepro.localhost:${srv.port}`;
  let r = await srv.api('GET', `${HC}/categories.json`, { host });
  assert.equal(r.json.count, 0);
  r = await srv.api('POST', `${HC}/categories.json`, { auth: srv.admin, host, body: { category: { name: 'Pro only' } } });
  assert.equal(r.status, 201);
  r = await srv.api('GET', `${HC}/categories.json?brand_id=${brand}`);
  assert.deepEqual(r.json.categories.map((c) => c.name), ['Pro only']);
  r = await srv.api('GET', `${HC}/categories.json`);
  assert.ok(!r.json.categories.some((c) => c.name === 'Pro only'));
});

test('node-zendesk helpcenter client reads and writes articles', async () => {
  const { createClient } = require('node-zendesk');
  const hc = createClient({ username: srv.adminEmail, token: P.token,
    endpointUri: srv.origin + '/api/v2/help_center' });
  const list = await hc.helpcenter.articles.list();
  assert.ok(list.length >= 2);
  const { result } = await hc.helpcenter.articles.show(T.article);
  assert.equal(result.id, T.article);
  const created = await hc.helpcenter.articles.create(T.section, { article: { title: 'From the client', body: '<p>hi</p>' } });
  assert.equal(created.result.title, 'From the client');
  const found = await hc.helpcenter.search.searchArticlesInLocale('client', 'en-us');
  const results = Array.isArray(found.result) ? found.result : found.result.results;
  assert.ok(results.some((x) => x.id === created.result.id));
  const cats = await hc.helpcenter.categories.list();
  assert.ok(cats.some((c) => c.id === T.category));
});

test("another account's help center items are 404 on every read and write", async () => {
  const beta = `beta.localhost:${srv.port}`;
  const { auth } = await srv.tokenAuth('admin@beta.test', 'beta-password-1', beta);
  const { article, section, category } = T;
  const reads = [`categories/${category}`, `sections/${section}`, `articles/${article}`,
    `en-us/articles/${article}`, `categories/${category}/sections`, `sections/${section}/articles`,
    `categories/${category}/articles`, `articles/${article}/translations`,
    `articles/${article}/translations/en-us`, `articles/${article}/translations/missing`,
    `articles/${article}/labels`, `articles/${article}/revisions`, `brands/1/theme`, `brands/1/locales`];
  for (const p of reads) {
    const r = await srv.api('GET', `${HC}/${p}.json`, { auth, host: beta });
    assert.equal(r.status, 404, p);
  }
  const writes = [['PUT', `categories/${category}`, { category: { name: 'x' } }],
    ['DELETE', `categories/${category}`], ['PUT', `sections/${section}`, { section: { name: 'x' } }],
    ['DELETE', `sections/${section}`], ['PUT', `articles/${article}`, { article: { promoted: false } }],
    ['DELETE', `articles/${article}`], ['POST', `sections/${section}/articles`, { article: { title: 'x' } }],
    ['POST', `categories/${category}/sections`, { section: { name: 'x' } }],
    ['POST', `articles/${article}/translations`, { translation: { locale: 'en-us', title: 'x' } }],
    ['PUT', `articles/${article}/translations/en-us`, { translation: { title: 'x' } }],
    ['POST', `articles/${article}/labels`, { label: { name: 'x' } }],
    ['POST', `articles/${article}/revisions`, { revision: { locale: 'en-us', title: 'x' } }],
    ['PUT', `brands/1/theme`, { theme: { brand_color: '#000000' } }],
    ['PUT', `brands/1/locales`, { locales: ['en-us'] }],
    ['PUT', `articles/${article}/source_locale`, { article_locale: 'en-us' }]];
  for (const [m, p, body] of writes) {
    const r = await srv.api(m, `${HC}/${p}.json`, { auth, host: beta, body });
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  const r = await srv.api('GET', `${HC}/articles/${article}.json`);
  assert.equal(r.status, 200, 'still there for its own account');
});
