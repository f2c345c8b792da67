// Browser test of the help center's contact form: Debian's chromium driven
// by playwright-core against a real server.  A reader picks a contact
// reason and sees suggestions, conditional fields show and hide, "this
// solved my problem" is recorded, a submitted request is a ticket via web,
// and script typed into the form runs neither in the help center nor in
// the agent's view of the ticket.  Screenshots go to
// test-artifacts/screenshots/.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, ROOT } = require('../api/lib/server');
const { contactSetup } = require('../api/contact_form.fixtures');
const { open: openBrowser, shot, closeAll } = require('./lib/browser');

let srv, C;

// A fresh chromium profile (tests/e2e/lib/browser.js); errors thrown by
// pages fail the test, and a dialog (alert) would mean injected script ran.
async function open() {
  const page = await openBrowser({ width: 1100, height: 900 });
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss(); });
  return page;
}

const api = async (method, p, body) => {
  const r = await srv.api(method, p, { auth: srv.admin, body });
  assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
};
const reasonRow = async (reason) => (await api('GET', '/help_center/deflection')).deflection
  .find((x) => x.brand_id === 1 && x.locale === 'en-us' && x.reason === reason);

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web'), '--anonymous-requests', '0'] });
  C = await contactSetup(srv);
});

after(async () => {
  await closeAll();
  await srv.stop();
});

test('pick a contact reason, see suggestions; "this solved my problem" is recorded', async () => {
  const page = await open();
  await page.goto(`${srv.origin}/hc/en-us/requests/new`);
  const suggestions = page.locator('#hc-suggestions');
  // Conditional fields: the company name only for business plans.
  const company = page.getByLabel('Company name');
  await company.waitFor({ state: 'hidden' });
  await page.getByLabel('Plan').selectOption('plan_business');
  await company.waitFor({ state: 'visible' });
  assert.equal(await company.evaluate((el) => el.required), true);
  await page.getByLabel('Plan').selectOption('plan_free');
  await company.waitFor({ state: 'hidden' });

  await page.getByLabel('Reason for contact').selectOption('billing');
  await suggestions.getByRole('link', { name: 'Download your invoice' }).waitFor();
  await suggestions.getByRole('link', { name: 'Refund policy' }).waitFor();
  assert.equal(await suggestions.getByRole('link', { name: 'Invoice internals' }).count(), 0);
  await page.getByLabel('Subject').fill('Refund for a double charge');
  await page.waitForFunction(() => document.querySelector('#hc-suggestions li a')?.textContent === 'Refund policy');
  await shot(page, 'contact-01-suggestions');
  const before = (await reasonRow('billing'))?.solved || 0;
  await suggestions.getByRole('listitem').filter({ hasText: 'Refund policy' })
    .getByRole('button', { name: 'This solved my problem' }).click();
  await page.getByRole('heading', { name: 'Glad we could help' }).waitFor();
  const row = await reasonRow('billing');
  assert.equal(row.solved, before + 1);
  assert.ok(row.shown >= 2);
  assert.deepEqual(page.errors, []);
});

test('submit a request and find it as a ticket via web', async () => {
  const page = await open();
  await page.goto(`${srv.origin}/hc/en-us/requests/new`);
  await page.getByLabel('Your name').fill('Gina Guest');
  await page.getByLabel('Your email address').fill('gina@example.test');
  await page.getByLabel('Reason for contact').selectOption('billing');
  await page.getByLabel('Subject').fill('Invoice address is wrong');
  await page.getByLabel('Description').fill('Please change it to 1 Main St.');
  await page.getByLabel('Plan').selectOption('plan_business');
  await page.getByLabel('Company name').fill('Gina GmbH');
  await page.locator('#hc-suggestions li').first().waitFor();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /Your request #\d+ was submitted/ }).waitFor();
  await shot(page, 'contact-02-submitted');
  const id = Number(page.url().match(/submitted=(\d+)/)[1]);
  const t = (await api('GET', `/tickets/${id}`)).ticket;
  assert.equal(t.via.channel, 'web');
  assert.equal(t.subject, 'Invoice address is wrong');
  assert.equal(t.custom_fields.find((f) => f.id === C.reason.id).value, 'billing');
  assert.equal(t.custom_fields.find((f) => f.id === C.company.id).value, 'Gina GmbH');
  const requester = (await api('GET', `/users/${t.requester_id}`)).user;
  assert.equal(requester.email, 'gina@example.test');
  assert.ok((await reasonRow('billing')).submitted >= 1);
  assert.deepEqual(page.errors, []);
});

test('script injected in form fields runs neither in the help center nor in the agent view', async () => {
  const page = await open();
  await page.goto(`${srv.origin}/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Frequests%2Fnew`);
  await page.getByLabel('Email').fill('erin@acme.test');
  await page.getByLabel('Password').fill(C.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Submit a request' }).waitFor();
  const subject = '<img src=x onerror="window.pwned=1;alert(1)">Need help';
  await page.getByLabel('Reason for contact').selectOption('login');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Description').fill('<script>window.pwned=2;alert(2)</script> and <b onmouseover=alert(3)>bold</b>');
  await page.getByLabel('Plan').selectOption('plan_business');
  await page.getByLabel('Company name').fill('"><svg onload="window.pwned=3;alert(3)">');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  // Without suggestions for these words the request is created at once;
  // with some, the page shows them and the reader submits again.
  await page.waitForURL(/\/hc\/en-us\/(requests\/\d+\?submitted=1|requests)$/);
  if (!/submitted=1/.test(page.url())) {
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.waitForURL(/submitted=1/);
  }
  await page.getByRole('heading', { name: subject }).waitFor();
  await page.getByText('"><svg onload="window.pwned=3;alert(3)">').waitFor();
  await shot(page, 'contact-03-request-page');
  const id = Number(page.url().match(/requests\/(\d+)/)[1]);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);

  const agent = await open();
  await agent.goto(`${srv.origin}/agent`);
  await agent.getByLabel('Email').fill('admin@acme.test');
  await agent.getByLabel('Password').fill('acme-password-1');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByRole('navigation', { name: 'Workspace' }).waitFor();
  await agent.goto(`${srv.origin}/agent/tickets/${id}`);
  await agent.getByRole('heading', { name: subject }).waitFor();
  await agent.getByRole('article').filter({ hasText: 'window.pwned=2' }).waitFor();
  await shot(agent, 'contact-04-agent-view');
  assert.equal(await agent.evaluate(() => window.pwned), undefined);
  assert.deepEqual(agent.dialogs, []);
  assert.deepEqual(agent.errors, []);
});
