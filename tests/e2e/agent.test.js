// Browser tests of the agent workspace: Debian's chromium driven by
// playwright-core against the real server.  Screenshots of the main pages
// go to test-artifacts/screenshots/ for reviewers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, basic, ROOT } = require('../api/lib/server');

const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN = ['admin@acme.test', 'acme-password-1'];

let srv;
const browsers = [];

// A fresh chromium profile; errors thrown by the page fail the test.
async function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1280, height: 800 }, locale: 'en-US',
  });
  browsers.push({ ctx, dir });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.setDefaultTimeout(10000);
  return page;
}

async function signIn(page, email, password) {
  await page.goto(srv.origin + '/agent');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: /Workspace|Espacio de trabajo/ }).waitFor();
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `agent-${name}.png`), fullPage: true });
}

const api = (method, p, body) => srv.api(method, p, { auth: srv.admin, body });

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
});

after(async () => {
  for (const { ctx, dir } of browsers) {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await srv.stop();
});

test('sign in with the labelled form, then sign out', async () => {
  const page = await open();
  await page.goto(srv.origin + '/agent');
  await shot(page, '01-sign-in');
  await page.getByLabel('Email').fill(ADMIN[0]);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
  await page.getByLabel('Password').fill(ADMIN[1]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'parley_session');
  assert.ok(c.httpOnly);
  assert.equal(c.sameSite, 'Lax');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'You have signed out' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('admin creates a drop-down ticket field in the admin center; the API has it', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.getByRole('link', { name: 'Admin center' }).click();
  await page.getByRole('heading', { name: 'Admin center' }).waitFor();
  await page.getByRole('link', { name: 'Ticket fields' }).click();
  await page.getByRole('link', { name: 'Add field' }).click();
  await page.getByLabel('Type').selectOption('tagger');
  await page.getByLabel('Title').fill('Plan');
  await page.getByLabel('Required').check();
  await page.getByLabel('Choices').fill('Free | plan_free\nPro | plan_pro');
  await shot(page, '05-admin-new-ticket-field');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Plan' }).waitFor();
  await shot(page, '06-admin-ticket-fields');
  const r = await api('GET', '/ticket_fields');
  const field = r.json.ticket_fields.find((f) => f.title === 'Plan');
  assert.ok(field, 'the field exists');
  assert.equal(field.type, 'tagger');
  assert.equal(field.required, true);
  assert.deepEqual(field.custom_field_options.map((o) => [o.name, o.value]),
    [['Free', 'plan_free'], ['Pro', 'plan_pro']]);
  // Validation messages of the API show in the form.
  await page.getByRole('link', { name: 'Add field' }).click();
  await page.getByLabel('Type').selectOption('tagger');
  await page.getByLabel('Title').fill('Empty choices');
  await page.getByLabel('Choices').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: /option/i }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('admin adds an agent who signs in and gets the UI in their language', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.goto(srv.origin + '/agent/admin/users/new');
  await page.getByLabel('Name').fill('Ana Agente');
  await page.getByLabel('Email').fill('ana@acme.test');
  await page.getByLabel('Role').selectOption('agent');
  await page.getByLabel('Language').selectOption('es');
  await page.getByLabel('Password').fill('ana-password-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Ana Agente' }).waitFor();
  const r = await api('GET', '/users/search?query=ana@acme.test');
  assert.equal(r.json.users[0].role, 'agent');

  const ana = await open();
  await signIn(ana, 'ana@acme.test', 'ana-password-1');
  await ana.getByRole('link', { name: 'Nuevo ticket' }).waitFor();
  assert.equal(await ana.getAttribute('html', 'lang'), 'es');
  assert.equal(await ana.getByRole('link', { name: 'Centro de administración' }).count(), 0);
  await ana.goto(srv.origin + '/agent/admin');
  assert.match(await ana.textContent('body'), /The admin center is for admins/);
  assert.deepEqual(ana.errors, []);
});

test('keyboard shortcuts: ? lists them, g a opens the admin center', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.keyboard.press('?');
  await page.getByRole('dialog').getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.getByRole('heading', { name: 'Admin center' }).waitFor();
  assert.match(page.url(), /\/agent\/admin$/);
  assert.deepEqual(page.errors, []);
});
