// Browser tests of ticket forms on the agent's ticket pages: the Form
// picker changes the custom fields, agent conditions show a child field
// marked required, solving without it is stopped before anything is sent,
// the API's own 422 shows next to its field, hidden fields are not sent,
// a form changed elsewhere is in the live notice, and a new ticket takes
// the form chosen.  Debian's chromium driven by
// playwright-core against the real server; screenshots go to
// test-artifacts/screenshots/forms-*.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, ROOT } = require('../api/lib/server');
const browser = require('./lib/browser');

const ADMIN = ['admin@acme.test', 'acme-password-1'];

let srv;
const api = async (method, p, body) => {
  const r = await srv.api(method, p, { auth: srv.admin, body });
  assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
};
const shot = (page, name) => browser.shot(page, `forms-${name}`);
const F = {};          // field ids by name
let hardware;          // the default form: device, serial (laptops), carrier (phones)
let billing;           // invoice and order numbers
let ticketId;

async function signedIn() {
  const page = await browser.open({ width: 1280, height: 1000 });
  await browser.signIn(page, srv.origin, ...ADMIN);
  await page.locator('main[data-ready]').waitFor();
  return page;
}

async function openTicket(page, id) {
  await page.goto(`${srv.origin}/agent/tickets/${id}`);
  await page.locator('main[data-ready]').waitFor();
  await page.getByRole('heading', { name: 'Broken screen' }).waitFor();
}

const value = (tk, id) => tk.custom_fields.find((x) => x.id === id)?.value ?? null;

// The text of the error that names input as described by it.
const errorOf = (input) => input.evaluate((el) =>
  document.getElementById(el.getAttribute('aria-describedby') || '')?.textContent ?? null);

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
  const field = async (name, ticket_field) => {
    F[name] = (await api('POST', '/ticket_fields', { ticket_field })).ticket_field.id;
  };
  await field('device', { type: 'tagger', title: 'Device', custom_field_options: [
    { name: 'Laptop', value: 'device_laptop' }, { name: 'Phone', value: 'device_phone' }] });
  await field('serial', { type: 'text', title: 'Serial number' });
  await field('carrier', { type: 'text', title: 'Carrier' });
  await field('invoice', { type: 'text', title: 'Invoice number' });
  await field('order', { type: 'regexp', title: 'Order number', regexp_for_validation: '^ORD-[0-9]+$' });
  hardware = (await api('POST', '/ticket_forms', { ticket_form: { name: 'Hardware', default: true,
    ticket_field_ids: [F.device, F.serial, F.carrier],
    agent_conditions: [
      { parent_field_id: F.device, value: 'device_laptop', child_fields: [{ id: F.serial, is_required: true }] },
      { parent_field_id: F.device, value: 'device_phone', child_fields: [{ id: F.carrier, is_required: false,
        required_on_statuses: { type: 'SOME_STATUSES', statuses: ['pending'] } }] }] } })).ticket_form;
  billing = (await api('POST', '/ticket_forms', { ticket_form: { name: 'Billing',
    ticket_field_ids: [F.order, F.invoice] } })).ticket_form;
  ticketId = (await api('POST', '/tickets', { ticket: { subject: 'Broken screen',
    comment: { body: 'The screen flickers.' }, requester: { email: 'pat@example.test', name: 'Pat' },
    ticket_form_id: billing.id, custom_fields: [{ id: F.invoice, value: 'INV-7' }] } })).ticket.id;
});

after(async () => {
  await browser.closeAll();
  await srv.stop();
});

test('the Form picker changes the fields; a condition shows a required child; solving without it sends nothing', async () => {
  const page = await signedIn();
  await openTicket(page, ticketId);
  const form = page.getByLabel('Form', { exact: true });
  assert.equal(await form.inputValue(), String(billing.id));
  assert.deepEqual(await form.locator('option').allTextContents(), ['Default Ticket Form', 'Hardware', 'Billing']);
  const props = page.getByRole('complementary', { name: 'Ticket properties' });
  const invoice = props.getByLabel('Invoice number');
  assert.equal(await invoice.inputValue(), 'INV-7');
  assert.equal(await props.getByLabel('Device').count(), 0);
  await shot(page, '01-billing');

  // Another form: its fields in its order, the conditional ones hidden.
  await form.selectOption({ label: 'Hardware' });
  await props.getByLabel('Device').waitFor();
  assert.equal(await invoice.count(), 0);
  const serial = props.getByLabel(/^Serial number/);
  const carrier = props.getByLabel(/^Carrier/);
  await serial.waitFor({ state: 'hidden' });
  await carrier.waitFor({ state: 'hidden' });

  // The parent's value shows the child, marked required (to solve).
  await props.getByLabel('Device').selectOption('device_laptop');
  await serial.waitFor();
  assert.equal(await props.locator('label', { hasText: 'Serial number' }).textContent(),
    'Serial number (required to solve)');
  assert.equal(await serial.getAttribute('aria-required'), 'true');
  await props.getByLabel('Device').selectOption('device_phone');
  await serial.waitFor({ state: 'hidden' });
  await carrier.waitFor();
  assert.equal(await props.locator('label', { hasText: 'Carrier' }).textContent(),
    'Carrier (required for: Pending)');
  await props.getByLabel('Device').selectOption('device_laptop');
  await serial.waitFor();

  // Solving without the child: the error is next to it, nothing is sent.
  const before = (await api('GET', `/tickets/${ticketId}`)).ticket;
  await props.getByLabel('Status').selectOption('solved');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Required when the status is Solved.').waitFor();
  assert.equal(await errorOf(serial), 'Required when the status is Solved.');
  assert.equal(await serial.getAttribute('aria-invalid'), 'true');
  assert.equal(await serial.evaluate((el) => el === document.activeElement), true);
  await shot(page, '02-required-to-solve');
  const still = (await api('GET', `/tickets/${ticketId}`)).ticket;
  assert.equal(still.updated_at, before.updated_at);
  assert.equal(still.status, before.status);
  assert.equal(still.ticket_form_id, billing.id);

  // Filled in: solved, on the new form; hidden fields were not sent.
  await serial.fill('SN-123');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Ticket updated.').waitFor();
  const after = (await api('GET', `/tickets/${ticketId}`)).ticket;
  assert.equal(after.status, 'solved');
  assert.equal(after.ticket_form_id, hardware.id);
  assert.equal(value(after, F.device), 'device_laptop');
  assert.equal(value(after, F.serial), 'SN-123');
  assert.equal(value(after, F.invoice), 'INV-7');
  assert.equal(value(after, F.carrier), null);
  await page.getByRole('heading', { name: 'Broken screen' }).waitFor();
  assert.equal(await page.getByLabel('Form', { exact: true }).inputValue(), String(hardware.id));
  await shot(page, '03-solved');
  assert.deepEqual(page.errors, []);
});

test("the API's 422 shows next to its field; a required-on-status child is checked for that status", async () => {
  const id = (await api('POST', '/tickets', { ticket: { subject: 'Broken screen',
    comment: { body: 'Cracked.' }, requester: { email: 'pat@example.test' },
    ticket_form_id: billing.id } })).ticket.id;
  const page = await signedIn();
  await openTicket(page, id);
  const props = page.getByRole('complementary', { name: 'Ticket properties' });
  const order = props.getByLabel('Order number');
  await order.fill('12345');
  await page.getByRole('button', { name: 'Submit' }).click();
  await props.locator('.field-error').waitFor();
  assert.match(await errorOf(order), /^Order number: /);
  assert.equal(await order.getAttribute('aria-invalid'), 'true');
  await shot(page, '04-server-error');
  assert.equal(value((await api('GET', `/tickets/${id}`)).ticket, F.order), null);

  // The phone's carrier is required for pending only.
  await page.getByLabel('Form', { exact: true }).selectOption({ label: 'Hardware' });
  await props.getByLabel('Device').selectOption('device_phone');
  await props.getByLabel('Status').selectOption('pending');
  await page.getByRole('button', { name: 'Submit' }).click();
  const carrier = props.getByLabel(/^Carrier/);
  await page.getByText('Required when the status is Pending.').waitFor();
  assert.equal(await errorOf(carrier), 'Required when the status is Pending.');
  await props.getByLabel('Status').selectOption('open');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Ticket updated.').waitFor();
  const tk = (await api('GET', `/tickets/${id}`)).ticket;
  assert.equal(tk.status, 'open');
  assert.equal(value(tk, F.device), 'device_phone');
  assert.equal(value(tk, F.order), null);

  // The form changed elsewhere: the live notice says so.
  await api('PUT', `/tickets/${id}`, { ticket: { ticket_form_id: billing.id } });
  await page.getByRole('alert').filter({ hasText: 'Form: Hardware → Billing' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a new ticket: the default form preselected, another chosen, its fields saved', async () => {
  const page = await signedIn();
  await page.goto(`${srv.origin}/agent/tickets/new`);
  await page.getByRole('heading', { name: 'New ticket' }).waitFor();
  const form = page.getByLabel('Form', { exact: true });
  assert.equal(await form.inputValue(), String(hardware.id));
  await page.getByLabel('Device').waitFor();
  await form.selectOption({ label: 'Billing' });
  await page.getByLabel('Invoice number').fill('INV-42');
  assert.equal(await page.getByLabel('Device').count(), 0);
  await page.getByLabel('Requester email').fill('kim@example.test');
  await page.getByLabel('Subject', { exact: true }).fill('Double charge');
  await page.getByLabel('Description', { exact: true }).fill('Charged twice in May.');
  await shot(page, '05-new-ticket');
  await page.getByRole('button', { name: 'Create the ticket' }).click();
  await page.getByRole('heading', { name: 'Double charge' }).waitFor();
  const id = Number(page.url().match(/tickets\/(\d+)/)[1]);
  const tk = (await api('GET', `/tickets/${id}`)).ticket;
  assert.equal(tk.ticket_form_id, billing.id);
  assert.equal(value(tk, F.invoice), 'INV-42');
  assert.equal(value(tk, F.device), null);
  assert.deepEqual(page.errors, []);
});
