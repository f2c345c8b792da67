// Browser tests of the admin center: Debian's chromium driven by
// playwright-core against the real server.  Each settings page is created
// through the browser and checked through the public API, the way an
// integration would see it.  Screenshots of every page go to
// test-artifacts/screenshots/admin-*.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, ROOT } = require('../api/lib/server');

// The helpers of tests/e2e/agent.test.js (open, signIn, shot).
const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN = ['admin@acme.test', 'acme-password-1'];

let srv;
const browsers = [];

async function open(viewport = { width: 1280, height: 800 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
    viewport, locale: 'en-US', timezoneId: 'Europe/Amsterdam',
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
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `admin-${name}.png`), fullPage: true });
}

const api = async (method, p, body) => {
  const r = await srv.api(method, p, { auth: srv.admin, body });
  assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
};

let page;
before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
  page = await open();
  await signIn(page, ...ADMIN);
});

after(async () => {
  for (const { ctx, dir } of browsers) {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await srv.stop();
});

// Opens a settings page's "add" form.
async function addForm(key, heading) {
  await page.goto(`${srv.origin}/agent/admin/${key}/new`);
  await page.getByRole('heading', { name: heading }).waitFor();
}

async function save() {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

// The condition/action row number n (from 1) of a list (a fieldset).
const rowOf = (legend, n) => page.getByRole('group', { name: legend }).locator('li.row').nth(n - 1);

async function addCondition(legend, field, operator, value) {
  const group = page.getByRole('group', { name: legend });
  await group.getByRole('button', { name: 'Add condition' }).click();
  const row = group.locator('li.row').last();
  await row.getByLabel('Field').selectOption({ label: field });
  await row.getByLabel('Operator').selectOption({ label: operator });
  if (value === undefined) return;
  const v = row.getByLabel('Value');
  if (await v.evaluate((el) => el.tagName === 'SELECT')) await v.selectOption({ label: value });
  else await v.fill(value);
}

async function addAction(field, value) {
  const group = page.getByRole('group', { name: 'Actions' });
  await group.getByRole('button', { name: 'Add action' }).click();
  const row = group.locator('li.row').last();
  await row.getByLabel('Action').selectOption({ label: field });
  if (value === undefined) return row;
  const v = row.getByLabel('Value');
  if (await v.evaluate((el) => el.tagName === 'SELECT')) await v.selectOption({ label: value });
  else await v.fill(value);
  return row;
}

test('admin creates a ticket field; agents fill it on the ticket page and the API has the value', async () => {
  await addForm('ticket_fields', 'Add field');
  await page.getByLabel('Type').selectOption('text');
  await page.getByLabel('Title').fill('Serial number');
  await save();
  const field = (await api('GET', '/ticket_fields')).ticket_fields.find((f) => f.title === 'Serial number');
  assert.ok(field);
  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'Broken unit',
    comment: { body: 'It broke.' }, requester: { email: 'pat@example.test', name: 'Pat' } } });
  await page.goto(`${srv.origin}/agent/tickets/${ticket.id}`);
  await page.getByLabel('Serial number').fill('SN-4711');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();
  const got = (await api('GET', `/tickets/${ticket.id}`)).ticket;
  assert.equal(got.custom_fields.find((f) => f.id === field.id).value, 'SN-4711');
  assert.deepEqual(page.errors, []);
});

test('admin creates a trigger in the browser; a ticket created through the API gets its tag and priority', async () => {
  await addForm('triggers', 'Add trigger');
  await page.getByLabel('Title').fill('Escalate refunds');
  await addCondition('Meet all of these conditions', 'Ticket is', 'Is', 'Created');
  await addCondition('Meet all of these conditions', 'Subject text', 'Contains at least one of', 'refund');
  await addAction('Add tags', 'refund_request');
  await addAction('Priority', 'High');
  await shot(page, 'trigger-new');
  await save();
  await page.getByRole('link', { name: 'Escalate refunds' }).waitFor();
  await shot(page, 'triggers');

  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'I want a refund now',
    comment: { body: 'Money back please.' }, requester: { email: 'pat@example.test' } } });
  const got = (await api('GET', `/tickets/${ticket.id}`)).ticket;
  assert.ok(got.tags.includes('refund_request'), JSON.stringify(got.tags));
  assert.equal(got.priority, 'high');
  const other = (await api('POST', '/tickets', { ticket: { subject: 'Printer jam',
    comment: { body: 'Stuck.' }, requester: { email: 'pat@example.test' } } })).ticket;
  assert.ok(!other.tags.includes('refund_request'));

  // The trigger reads back with the conditions and actions as the API names them.
  const trig = (await api('GET', '/triggers/search?query=Escalate')).triggers[0];
  assert.deepEqual(trig.conditions.all, [
    { field: 'update_type', operator: 'is', value: 'Create' },
    { field: 'subject_includes_word', operator: 'includes', value: 'refund' }]);
  assert.deepEqual(trig.actions, [{ field: 'current_tags', value: 'refund_request' },
    { field: 'priority', value: 'high' }]);
  assert.deepEqual(page.errors, []);
});

test('triggers move up and down within their category', async () => {
  await api('POST', '/triggers', { trigger: { title: 'Second rule', conditions: { all: [
    { field: 'update_type', operator: 'is', value: 'Change' }] },
  actions: [{ field: 'current_tags', value: 'changed' }] } });
  await page.goto(`${srv.origin}/agent/admin/triggers`);
  await page.getByRole('button', { name: 'Move “Second rule” up' }).click();
  await page.getByRole('status').filter({ hasText: 'Order saved.' }).waitFor();
  const list = (await api('GET', '/triggers?sort_by=position&sort_order=asc&per_page=100')).triggers;
  const titles = list.map((x) => x.title);
  assert.ok(titles.indexOf('Second rule') < titles.indexOf('Escalate refunds'), titles.join(' / '));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')),
    'Move “Second rule” up');
  assert.deepEqual(page.errors, []);
});

test('the API refusal of a rule shows next to the field it names', async () => {
  await addForm('triggers', 'Add trigger');
  await page.getByLabel('Title').fill('Bad placeholder');
  await addCondition('Meet all of these conditions', 'Ticket is', 'Is', 'Created');
  const n = await addAction('Email user');
  await n.getByLabel('Recipient').selectOption({ label: 'Requester' });
  await n.getByLabel('Email subject').fill('Hello');
  await n.getByLabel('Email body').fill('Dear {{ticket.nonsense}}');
  await page.getByRole('button', { name: 'Save' }).click();
  const err = page.locator('.rule-editor .field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /ticket\.nonsense/);
  await shot(page, 'trigger-422');
  // The placeholder list puts a placeholder where the cursor is.
  await n.getByLabel('Email body').fill('Dear ');
  await n.getByText('Placeholders').click();
  await n.getByRole('button', { name: '{{ticket.requester.first_name}}' }).click();
  assert.equal(await n.getByLabel('Email body').inputValue(), 'Dear {{ticket.requester.first_name}}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const t = (await api('GET', '/triggers/search?query=placeholder')).triggers[0];
  assert.deepEqual(t.actions, [{ field: 'notification_user',
    value: ['requester_id', 'Hello', 'Dear {{ticket.requester.first_name}}'] }]);
  assert.deepEqual(page.errors, []);
});
