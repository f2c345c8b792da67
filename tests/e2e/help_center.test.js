// Browser test of a brand's help center: Debian's chromium driven by
// playwright-core against a real server.  A reader opens the help center,
// switches locale, searches, reads an article and votes on it; screenshots
// go to test-artifacts/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, ROOT } = require('../api/lib/server');
const { people, addBrand } = require('../api/help_center.fixtures');

const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const HC = '/help_center';

let srv, P, browser, userDir, brandHost, articleId;

async function api(method, p, opts) {
  const r = await srv.api(method, p, opts);
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

test.before(async () => {
  srv = await startServer();
  P = await people(srv);
  // A second brand of the account, with its own theme and locales.
  const brand = addBrand(srv, { name: 'Acme Travel', subdomain: 'travel' });
  brandHost = `travel.localhost:${srv.port}`;
  const host = brandHost;
  const auth = srv.admin;
  await api('PUT', `${HC}/brands/${brand}/locales.json`, { auth, body: { locales: ['en-us', 'fr', 'he'] } });
  await api('PUT', `${HC}/brands/${brand}/theme.json`, { auth, body: { theme: {
    brand_color: '#0b5394', header_html: '<strong>Travel help</strong>', footer_html: '<p>© Acme Travel</p>' } } });
  const cat = (await api('POST', `${HC}/categories.json`, { auth, host,
    body: { category: { name: 'Bookings', description: 'Plan and change trips' } } })).category.id;
  await api('POST', `${HC}/categories/${cat}/translations.json`, { auth, host,
    body: { translation: { locale: 'fr', title: 'Réservations', body: 'Préparer et modifier' } } });
  await api('POST', `${HC}/categories/${cat}/translations.json`, { auth, host,
    body: { translation: { locale: 'he', title: 'הזמנות', body: 'תכנון ושינוי' } } });
  const sec = (await api('POST', `${HC}/categories/${cat}/sections.json`, { auth, host,
    body: { section: { name: 'Changes' } } })).section.id;
  articleId = (await api('POST', `${HC}/sections/${sec}/articles.json`, { auth, host, body: { article: {
    title: 'Change the date of your café tour', promoted: true,
    body: '<p>Open <strong>My trips</strong> and pick a new date.</p><script>window.pwned = 1</script>' } } })).article.id;
  await api('POST', `${HC}/articles/${articleId}/translations.json`, { auth, host, body: { translation: {
    locale: 'fr', title: 'Changer la date de votre visite du café', body: '<p>Ouvrez <strong>Mes voyages</strong>.</p>' } } });
  await api('POST', `${HC}/articles/${articleId}/translations.json`, { auth, host, body: { translation: {
    locale: 'he', title: 'שינוי תאריך הסיור', body: '<p>פתחו את הנסיעות שלי.</p>' } } });
  await api('POST', `${HC}/sections/${sec}/articles.json`, { auth, host, body: { article: {
    title: 'Refund rules for agents', body: '<p>Internal only</p>',
    user_segment_id: (await api('GET', `${HC}/user_segments.json`, { auth })).user_segments
      .find((s) => s.user_type === 'staff').id } } });

  fs.mkdirSync(SHOTS, { recursive: true });
  userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  browser = await chromium.launchPersistentContext(userDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The brand's host name resolves to the loopback server.
      `--host-resolver-rules=MAP travel.localhost 127.0.0.1`],
    locale: 'fr-FR',
    // The reader is signed in: HTTP Basic on every request, as a browser
    // does once it has answered the help center's sign-in prompt.
    extraHTTPHeaders: { Authorization: srv.basic(`${P.reader.email}/token`, P.token) },
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  if (srv) await srv.stop();
});

test('a reader opens the help center, switches locale, searches, reads and votes', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  const base = `http://${brandHost}`;

  // /hc follows the browser's language (fr) among the brand's locales.
  await page.goto(`${base}/hc`);
  assert.equal(new URL(page.url()).pathname, '/hc/fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.textContent('.hc-blocks h2'), 'Réservations');
  assert.equal(await page.textContent('.hc-custom-header'), 'Travel help');
  const headerColor = await page.$eval('.hc-header', (e) => getComputedStyle(e).backgroundColor);
  assert.equal(headerColor, 'rgb(11, 83, 148)');
  await page.screenshot({ path: path.join(SHOTS, 'hc-home-fr.png'), fullPage: true });

  // Switch to Hebrew: right to left.
  await page.click('.hc-locales summary');
  await page.click('.hc-locales a[lang="he"]');
  await page.waitForURL(`${base}/hc/he`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.textContent('.hc-blocks h2'), 'הזמנות');
  const dir = await page.$eval('main', (e) => getComputedStyle(e).direction);
  assert.equal(dir, 'rtl');
  await page.screenshot({ path: path.join(SHOTS, 'hc-home-he-rtl.png'), fullPage: true });

  // Back to English, then search with case and accents folded.
  await page.click('.hc-locales summary');
  await page.click('.hc-locales a[lang="en-us"]');
  await page.waitForURL(`${base}/hc/en-us`);
  await page.fill('input[name="query"]', 'CAFE');
  await page.press('input[name="query"]', 'Enter');
  await page.waitForURL(/\/hc\/en-us\/search\?query=CAFE/);
  const results = await page.$$eval('.hc-results li a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(results, ['Change the date of your café tour'], 'the internal article is not found');
  assert.match(await page.textContent('.hc-results li p'), /My trips/);
  await page.screenshot({ path: path.join(SHOTS, 'hc-search.png'), fullPage: true });

  // Read the article: its script was removed, and none runs.
  await page.click('.hc-results li a');
  await page.waitForURL(new RegExp(`/hc/en-us/articles/${articleId}$`));
  assert.equal(await page.textContent('article h1'), 'Change the date of your café tour');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('script', (s) => s.length), 0);
  assert.equal(await page.textContent('.hc-vote-count'), '0 out of 0 found this helpful');

  // Was this article helpful? Yes.
  await page.click('.hc-vote button[value="up"]');
  await page.waitForURL(new RegExp(`/hc/en-us/articles/${articleId}#vote$`));
  assert.equal(await page.textContent('.hc-vote-count'), '1 out of 1 found this helpful');
  assert.equal(await page.getAttribute('.hc-vote button[value="up"]', 'aria-pressed'), 'true');
  await page.screenshot({ path: path.join(SHOTS, 'hc-article-voted.png'), fullPage: true });
  assert.deepEqual(errors, []);

  const r = await srv.api('GET', `${HC}/articles/${articleId}.json`, { host: brandHost });
  assert.equal(r.json.article.vote_sum, 1);
  assert.equal(r.json.article.vote_count, 1);
});
