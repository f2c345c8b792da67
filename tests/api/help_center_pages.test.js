// Public help center pages per brand (/hc/...), and the security of what
// they show: script injection neutralized, internal articles never shown to
// anonymous readers, forms protected from other sites.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { people, tree, addBrand, sql } = require('./help_center.fixtures');

let srv, P, T, internal, staffSeg;
const HC = '/help_center';

const form = (fields) => ({ raw: new URLSearchParams(fields).toString(),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  P = await people(srv);
  await srv.api('PUT', `${HC}/brands/1/locales.json`, { auth: srv.admin, body: { locales: ['en-us', 'fr', 'ar'] } });
  T = await tree(srv, srv.admin, { article: { promoted: true, body:
    '<p>Click <a href="javascript:alert(1)" onclick="alert(2)">here</a><img src=x onerror=alert(3)>' +
    '<script>alert(4)</script><iframe src="https://evil.example"></iframe></p>' } });
  await srv.api('POST', `${HC}/articles/${T.article}/translations.json`, { auth: srv.admin,
    body: { translation: { locale: 'ar', title: 'إعادة تعيين كلمة المرور', body: '<p>انقر هنا</p>' } } });
  const segs = await srv.api('GET', `${HC}/user_segments.json`, { auth: srv.admin });
  staffSeg = segs.json.user_segments.find((s) => s.user_type === 'staff').id;
  const r = await srv.api('POST', `${HC}/sections/${T.section}/articles.json`, { auth: P.agent.auth,
    body: { article: { title: 'Internal refund playbook', body: '<p>Secret escalation steps</p>', user_segment_id: staffSeg } } });
  internal = r.json.article.id;
});
test.after(() => srv.stop());

test('/hc redirects to the preferred enabled locale', async () => {
  let r = await srv.api('GET', '/hc', { headers: { 'Accept-Language': 'de-DE, fr-CA;q=0.8, en;q=0.5' } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/hc/fr');
  r = await srv.api('GET', '/hc', { headers: { 'Accept-Language': 'ja' } });
  assert.equal(r.headers.location, '/hc/en-us');
  r = await srv.api('GET', '/hc', { headers: { 'Accept-Language': 'AR;q=0.9,en-US;q=0.1' } });
  assert.equal(r.headers.location, '/hc/ar');
  r = await srv.api('GET', `/hc/de/articles/${T.article}`, { headers: { 'Accept-Language': 'fr' } });
  assert.equal(r.status, 302, 'a locale the brand does not enable');
  assert.equal(r.headers.location, `/hc/fr/articles/${T.article}`);
});

test('home, category, section and article pages render with breadcrumbs and switcher', async () => {
  let r = await srv.api('GET', '/hc/en-us');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
  assert.match(r.text, /<html lang="en-us" dir="ltr">/);
  assert.match(r.text, new RegExp(`<a href="/hc/en-us/categories/${T.category}">General</a>`));
  assert.match(r.text, new RegExp(`<a href="/hc/en-us/sections/${T.section}">Getting started</a>`));
  assert.match(r.text, /Promoted articles/);
  assert.match(r.text, /<a lang="ar" dir="rtl" href="\/hc\/ar">/);
  r = await srv.api('GET', `/hc/en-us/categories/${T.category}-general`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>General<\/h1>/);
  assert.match(r.text, /Reset your password/);
  r = await srv.api('GET', `/hc/en-us/sections/${T.section}`);
  assert.match(r.text, /<h1>Getting started<\/h1>/);
  r = await srv.api('GET', `/hc/en-us/articles/${T.article}-reset-your-password`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Reset your password/);
  assert.match(r.text, /Was this article helpful\?/);
  assert.match(r.text, new RegExp(`href="/hc/ar/articles/${T.article}"`), 'switcher links the translation');
  assert.match(r.text, /<a lang="fr" dir="ltr" href="\/hc\/fr">/, 'no French translation: French home');
  r = await srv.api('GET', '/hc/en-us/articles/999999');
  assert.equal(r.status, 404);
  assert.match(r.headers['content-type'], /text\/html/);
});

test('right-to-left locales get dir=rtl; a missing translation falls back with a notice', async () => {
  let r = await srv.api('GET', `/hc/ar/articles/${T.article}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<html lang="ar" dir="rtl">/);
  assert.match(r.text, /<article lang="ar" dir="rtl"><h1>إعادة تعيين كلمة المرور/);
  r = await srv.api('GET', `/hc/fr/sections/${T.section}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Not available in Français; shown in English \(US\)/);
});

test('search page: ranked results with highlighted snippets; the query is escaped', async () => {
  let r = await srv.api('GET', '/hc/en-us/search?query=PASSWORD');
  assert.equal(r.status, 200);
  assert.match(r.text, /1 result for/);
  assert.match(r.text, /<ol class="hc-results"><li><a href="\/hc\/en-us\/articles\/\d+">Reset your password<\/a>/);
  r = await srv.api('GET', `/hc/en-us/search?query=${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('<script>'));
  assert.match(r.text, /&quot;&gt;&lt;script&gt;/);
});

test('security: article and comment scripts never reach the page; CSP forbids scripts', async () => {
  let r = await srv.api('GET', `/hc/en-us/articles/${T.article}`);
  assert.ok(!/<script/i.test(r.text), 'no script element');
  assert.ok(!/javascript:/i.test(r.text), 'no javascript: URL');
  assert.ok(!/\sonerror=|\sonclick=/i.test(r.text), 'no event handlers');
  assert.ok(!/<iframe/i.test(r.text), 'no iframe');
  assert.match(r.text, /Click <a>here<\/a><img src="x">/);
  const csp = r.headers['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  assert.ok(!/script-src/.test(csp), 'no script source is allowed at all');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  r = await srv.api('POST', `${HC}/articles/${T.article}/comments.json`, { auth: P.reader.auth, body: { comment: {
    body: '<p>Nice<svg onload=alert(1)></svg><a href="  JaVaScRiPt:alert(1)">x</a><style>*{}</style></p>' } } });
  assert.equal(r.status, 201);
  assert.equal(r.json.comment.body, '<p>Nice<a>x</a></p>');
  r = await srv.api('POST', `/hc/en-us/articles/${T.article}/comments`, { auth: P.reader.auth,
    ...form({ body: '<script>alert("form")</script>\nsecond line' }) });
  assert.equal(r.status, 302);
  assert.match(r.headers.location, new RegExp(`/hc/en-us/articles/${T.article}#comment-\\d+`));
  r = await srv.api('GET', `/hc/en-us/articles/${T.article}`);
  assert.ok(!/<script/i.test(r.text));
  assert.match(r.text, /&lt;script&gt;alert\(&quot;form&quot;\)&lt;\/script&gt;<br>second line/);
  assert.match(r.text, /Rita Reader/);
});

test('security: an internal article never reaches an anonymous or end-user reader', async () => {
  const secret = /Internal refund playbook|Secret escalation/;
  for (const auth of [undefined, P.reader.auth]) {
    let r = await srv.api('GET', `/hc/en-us/articles/${internal}`, { auth });
    assert.equal(r.status, 404);
    assert.ok(!secret.test(r.text));
    for (const p of ['/hc/en-us', `/hc/en-us/sections/${T.section}`, `/hc/en-us/categories/${T.category}`,
      '/hc/en-us/search?query=refund', '/hc/en-us/search?query=secret+escalation']) {
      r = await srv.api('GET', p, { auth });
      assert.equal(r.status, 200, p);
      assert.ok(!secret.test(r.text), p);
    }
    r = await srv.api('GET', `${HC}/articles/${internal}.json`, { auth });
    assert.equal(r.status, 404);
    r = await srv.api('GET', `${HC}/articles.json`, { auth });
    assert.ok(!r.json.articles.some((a) => a.id === internal));
    r = await srv.api('GET', `${HC}/articles/search.json?query=refund`, { auth });
    assert.equal(r.json.count, 0);
    r = await srv.api('GET', `${HC}/articles/${internal}/translations.json`, { auth });
    assert.equal(r.status, 404);
    r = await srv.api('GET', `${HC}/articles/${internal}/comments.json`, { auth });
    assert.equal(r.status, 404);
  }
  // Agents see the internal knowledge base, on pages and in search.
  let r = await srv.api('GET', `/hc/en-us/articles/${internal}`, { auth: P.agent.auth });
  assert.equal(r.status, 200);
  assert.match(r.text, /Internal refund playbook<span class="hc-badge">Restricted/);
  assert.match(r.text, /Agent view:/);
  r = await srv.api('GET', '/hc/en-us/search?query=refund', { auth: P.agent.auth });
  assert.match(r.text, /Internal refund playbook/);
});

test('voting from the page: sign-in required, same origin only, counts shown', async () => {
  const path = `/hc/en-us/articles/${T.article}/vote`;
  let r = await srv.api('POST', path, form({ value: 'up' }));
  assert.equal(r.status, 401);
  assert.match(r.headers['www-authenticate'], /^Basic/);
  r = await srv.api('POST', path, { auth: P.reader.auth, ...form({ value: 'up' }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  r = await srv.api('POST', path, { auth: P.reader.auth, ...form({ value: 'sideways' }) });
  assert.equal(r.status, 400);
  r = await srv.api('POST', path, { auth: P.reader.auth, ...form({ value: 'up' }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: srv.origin } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, `/hc/en-us/articles/${T.article}#vote`);
  r = await srv.api('GET', `/hc/en-us/articles/${T.article}`, { auth: P.reader.auth });
  assert.match(r.text, /value="up" aria-pressed="true"/);
  assert.match(r.text, /1 out of 1 found this helpful/);
  assert.match(r.text, /Thank you for your feedback/);
});

test('sign-in page goes back only to help center paths', async () => {
  let r = await srv.api('GET', '/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Farticles%2F1');
  assert.equal(r.status, 200, 'signed out: the sign-in form');
  assert.match(r.text, /<form class="hc-form" method="post" action="\/hc\/en-us\/signin">/);
  assert.match(r.text, /name="return_to" value="\/hc\/en-us\/articles\/1"/);
  r = await srv.api('GET', `/hc/en-us/signin?return_to=${encodeURIComponent('https://evil.example/')}`);
  assert.match(r.text, /name="return_to" value="\/hc\/en-us"/);
  r = await srv.api('GET', '/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Farticles%2F1', { auth: P.reader.auth });
  assert.equal(r.headers.location, '/hc/en-us/articles/1');
  for (const evil of ['https://evil.example/', '//evil.example/hc/', '/hc//evil.example']) {
    r = await srv.api('GET', `/hc/en-us/signin?return_to=${encodeURIComponent(evil)}`, { auth: P.reader.auth });
    assert.equal(r.headers.location, '/hc/en-us', evil);
  }
});

test('one help center per brand: subdomains, host mappings, themes, isolation', async () => {
  const pro = addBrand(srv, { name: 'Acme Pro', subdomain: 'acmepro', hostMapping: 'help.acmepro.test' });
  const proHost = `acmepro.localhost:${srv.port}`;
  let r = await srv.api('PUT', `${HC}/brands/${pro}/theme.json`, { auth: srv.admin, body: { theme: {
    brand_color: '#123456', logo_url: 'https://cdn.example/pro.png', header_html: '<strong>Pro support</strong>',
    footer_html: '<p>Footer <script>x</script>text</p>' } } });
  assert.equal(r.status, 200);
  const pt = await tree(srv, srv.admin, { host: proHost, article: { title: 'Pro onboarding' } });
  r = await srv.api('GET', '/hc/en-us', { host: proHost });
  assert.match(r.text, /<title>Acme Pro<\/title>/);
  assert.match(r.text, /--brand:#123456/);
  assert.match(r.text, /<img src="https:\/\/cdn.example\/pro.png" alt="Acme Pro">/);
  assert.match(r.text, /<div class="hc-custom-header"><strong>Pro support<\/strong><\/div>/);
  assert.match(r.text, /<footer><p>Footer text<\/p><\/footer>/);
  r = await srv.api('GET', `/hc/en-us/articles/${pt.article}`, { host: 'help.acmepro.test' });
  assert.equal(r.status, 200, 'host mapping');
  assert.match(r.text, /Pro onboarding/);
  r = await srv.api('GET', `/hc/en-us/articles/${pt.article}`);
  assert.equal(r.status, 404, "not in the default brand's help center");
  r = await srv.api('GET', `/hc/en-us/articles/${T.article}`, { host: proHost });
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/hc/en-us/search?query=onboarding');
  assert.match(r.text, /0 results/);
  r = await srv.api('GET', `/hc/en-us/articles/${T.article}`, { host: `beta.localhost:${srv.port}` });
  assert.equal(r.status, 404, 'another account');
  sql(srv, `UPDATE brands SET has_help_center = 0 WHERE id = ${pro}`);
  r = await srv.api('GET', '/hc/en-us', { host: proHost });
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/hc', { host: proHost });
  assert.equal(r.status, 404);
});
