// Browser tests of live updates in the agent workspace (lib/live.js over
// GET /agent/events): tickets created elsewhere appear in an open list,
// two agents on one ticket see each other (viewing, typing, leaving), and
// an update made elsewhere is shown before a submit can overwrite it, by
// the live notice or, when the stream is down, by the 409 of safe_update.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, ROOT } = require('../api/lib/server');
const { open, signIn: signInAt, shot, closeAll } = require('./lib/browser');

const ADMIN = ['admin@acme.test', 'acme-password-1'];
const ANA = ['ana@acme.test', 'ana-password-1'];

let srv;
const signIn = (page, email, password) => signInAt(page, srv.origin, email, password);
const api = (method, p, body) => srv.api(method, p, { auth: srv.admin, body });

async function newTicket(subject, body = subject) {
  const r = await api('POST', '/tickets', { ticket: { subject, comment: { body },
    requester: { name: 'Pat Customer', email: 'pat@example.test' } } });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket.id;
}

// Opens ticket id in page and waits for it.
async function openTicket(page, id, subject) {
  await page.goto(`${srv.origin}/agent/tickets/${id}`);
  await page.getByRole('heading', { name: subject }).waitFor();
}

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
  const r = await api('POST', '/users', { user: { name: 'Ana Agent', email: ANA[0], role: 'agent',
    password: ANA[1] } });
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  await closeAll();
  await srv.stop();
});

test('a ticket created through the API appears in the open list without a reload', async () => {
  await newTicket('Already there');
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.getByRole('link', { name: 'Already there' }).waitFor();
  await page.evaluate(() => { window.notReloaded = true; });
  await newTicket('Arrived live');
  await page.getByRole('link', { name: 'Arrived live' }).waitFor();
  assert.equal(await page.locator('tbody tr').first().getByRole('link', { name: 'Arrived live' }).count(), 1);
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  assert.match(await page.locator('.page-head .count').textContent(), /2/);
  assert.deepEqual(page.errors, []);
});

test('two agents on one ticket see each other viewing, typing and leaving', async () => {
  const id = await newTicket('Shared ticket', 'Two agents look at this.');
  const admin = await open();
  const ana = await open();
  await signIn(admin, ...ADMIN);
  await signIn(ana, ...ANA);
  await openTicket(admin, id, 'Shared ticket');
  await openTicket(ana, id, 'Shared ticket');
  const adminSees = admin.getByRole('status', { name: 'Other agents on this ticket' });
  const anaSees = ana.getByRole('status', { name: 'Other agents on this ticket' });
  await adminSees.filter({ hasText: 'Ana Agent is viewing' }).waitFor();
  await anaSees.filter({ hasText: 'Administrator is viewing' }).waitFor();
  assert.equal(await adminSees.getByText('Administrator').count(), 0, 'not oneself');

  await ana.getByLabel('Message').pressSequentially('Looking into it', { delay: 20 });
  await adminSees.filter({ hasText: 'Ana Agent is typing…' }).waitFor();
  await shot(admin, 'live-01-presence');
  // Typing ends a few seconds after the last key.
  await adminSees.filter({ hasText: 'Ana Agent is viewing' }).waitFor({ timeout: 10000 });

  await ana.getByRole('link', { name: 'Tickets' }).first().click();
  await adminSees.waitFor({ state: 'hidden' });
  assert.deepEqual(admin.errors, []);
  assert.deepEqual(ana.errors, []);
});

test('an update made elsewhere shows before submitting; a stale submit does not overwrite', async () => {
  const id = await newTicket('Moving target', 'Please help.');
  const ana = await open();
  await signIn(ana, ...ANA);
  await openTicket(ana, id, 'Moving target');
  await ana.getByLabel('Message').fill('My draft reply');

  let r = await api('PUT', `/tickets/${id}`, { ticket: { status: 'pending',
    comment: { body: 'Customer called back: it works now.' } } });
  assert.equal(r.status, 200, r.text);
  const notice = ana.getByRole('alert').filter({ hasText: 'Administrator updated this ticket while you had it open' });
  await notice.filter({ hasText: 'Status: New → Pending' }).waitFor();
  await notice.filter({ hasText: 'New comment by Administrator: Customer called back: it works now.' }).waitFor();
  assert.ok(await ana.getByRole('button', { name: 'Submit' }).isDisabled());
  await shot(ana, 'live-02-updated-elsewhere');
  await notice.getByRole('button', { name: 'Show the update' }).click();
  await ana.getByRole('article').filter({ hasText: 'Customer called back' }).waitFor();
  assert.equal(await ana.getByLabel('Status').inputValue(), 'pending');
  assert.equal(await ana.getByLabel('Message').inputValue(), 'My draft reply');
  await ana.getByRole('button', { name: 'Submit' }).click();
  await ana.getByRole('article').filter({ hasText: 'My draft reply' }).waitFor();

  // Without the stream (a proxy that drops it), safe_update still refuses
  // the stale submit and the page shows the same notice.
  const offline = await open();
  await offline.route('**/agent/events', (route) => route.abort());
  await signIn(offline, ...ANA);
  await openTicket(offline, id, 'Moving target');
  await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second
  r = await api('PUT', `/tickets/${id}`, { ticket: { priority: 'urgent' } });
  assert.equal(r.status, 200, r.text);
  await offline.getByLabel('Status').selectOption('solved');
  await offline.getByLabel('Message').fill('Closing this.');
  await offline.getByRole('button', { name: 'Submit' }).click();
  const conflict = offline.getByRole('alert').filter({ hasText: 'Someone else updated this ticket' });
  await conflict.filter({ hasText: 'Priority: – → Urgent' }).waitFor();
  assert.equal(await offline.getByLabel('Priority').inputValue(), 'urgent');
  assert.equal(await offline.getByLabel('Message').inputValue(), 'Closing this.');
  r = await api('GET', `/tickets/${id}`);
  assert.equal(r.json.ticket.status, 'pending', 'the stale submit changed nothing');
  assert.equal(r.json.ticket.priority, 'urgent');
  r = await api('GET', `/tickets/${id}/comments`);
  assert.equal(r.json.comments.length, 3);
  assert.deepEqual(ana.errors, []);
  assert.deepEqual(offline.errors, []);
});
