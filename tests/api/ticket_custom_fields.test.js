// Custom field values on tickets (core/ticket_fields.h): rendering of every
// active field, tagger and checkbox tags, validation, required-to-solve,
// audit events keyed by field id, and ticket forms.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { signIns, expect, createTicket, updateTicket } = require('./lib/helpdesk');
const openapi = require('./lib/openapi');

let srv, admin, text, box, tagger, multi, needed;

async function field(f) {
  const r = await expect(srv, 201, 'POST', '/ticket_fields.json', { auth: admin, body: { ticket_field: f } });
  return r.json.ticket_field;
}

test.before(async () => {
  srv = await startServer();
  admin = (await signIns(srv, 'admin@acme.test', 'acme-password-1'))('admin@acme.test');
  text = await field({ type: 'text', title: 'Order number' });
  box = await field({ type: 'checkbox', title: 'VIP', tag: 'vip_customer' });
  tagger = await field({ type: 'tagger', title: 'Product',
    custom_field_options: [{ name: 'Pie', value: 'pie' }, { name: 'Cake', value: 'cake' }] });
  multi = await field({ type: 'multiselect', title: 'Toppings',
    custom_field_options: [{ name: 'Cream', value: 'cream' }, { name: 'Nuts', value: 'nuts' }] });
});
test.after(() => srv.stop());

const valueOf = (t, f) => t.custom_fields.find((x) => x.id === f.id).value;

test('values are validated, stored, rendered for every active field, and tag the ticket', async () => {
  const { ticket, audit } = await createTicket(srv, admin, { comment: { body: 'x' }, tags: ['mine'],
    custom_fields: [{ id: text.id, value: 'A-17' }, { id: box.id, value: true },
      { id: tagger.id, value: 'pie' }] });
  assert.deepEqual(ticket.custom_fields.map((x) => x.id), [text.id, box.id, tagger.id, multi.id]);
  assert.deepEqual(ticket.fields, ticket.custom_fields);
  assert.equal(valueOf(ticket, text), 'A-17');
  assert.equal(valueOf(ticket, box), true);
  assert.equal(valueOf(ticket, tagger), 'pie');
  assert.equal(valueOf(ticket, multi), null);
  assert.deepEqual(ticket.tags.sort(), ['mine', 'pie', 'vip_customer']);
  openapi.check('Ticket', ticket);
  const created = Object.fromEntries(audit.events.filter((e) => e.type === 'Create')
    .map((e) => [e.field_name, e.value]));
  assert.equal(created[String(text.id)], 'A-17');
  assert.equal(created[String(tagger.id)], 'pie');

  // Replacing a tagger value swaps its tag; `fields` works as an alias.
  const u = await updateTicket(srv, admin, ticket.id, { fields: [{ id: tagger.id, value: 'cake' },
    { id: multi.id, value: ['cream', 'nuts'] }, { id: text.id, value: null }] });
  assert.equal(valueOf(u.ticket, tagger), 'cake');
  assert.deepEqual(valueOf(u.ticket, multi), ['cream', 'nuts']);
  assert.equal(valueOf(u.ticket, text), null);
  assert.ok(u.ticket.tags.includes('cake') && !u.ticket.tags.includes('pie'));
  const changes = Object.fromEntries(u.audit.events.filter((e) => e.type === 'Change')
    .map((e) => [e.field_name, [e.previous_value, e.value]]));
  assert.deepEqual(changes[String(tagger.id)], ['pie', 'cake']);
  assert.deepEqual(changes[String(multi.id)], [null, ['cream', 'nuts']]);
  assert.deepEqual(changes[String(text.id)], ['A-17', null]);
  assert.ok(changes.tags);

  // Lists render the same values (the fields are read once per page).
  const list = await expect(srv, 200, 'GET', '/tickets.json', { auth: admin });
  const shown = list.json.tickets.find((t) => t.id === ticket.id);
  assert.deepEqual(shown.custom_fields, u.ticket.custom_fields);

  for (const bad of [[{ id: 999999, value: 'x' }], [{ id: tagger.id, value: 'bread' }],
    [{ id: box.id, value: 'yes' }], 'not a list']) {
    const r = await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
      body: { ticket: { custom_fields: bad } } });
    assert.ok(r.json.details.custom_fields, r.text);
  }
  const again = await expect(srv, 200, 'GET', `/tickets/${ticket.id}.json`, { auth: admin });
  assert.deepEqual(again.json.ticket.custom_fields, u.ticket.custom_fields);
});

test('a field required to solve blocks solving until it has a value', async () => {
  needed = await field({ type: 'text', title: 'Root cause', required: true });
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' } });
  const r = await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { status: 'solved' } } });
  assert.match(r.json.details.custom_fields[0].description, /Root cause/);
  const ok = await updateTicket(srv, admin, ticket.id, { status: 'solved',
    custom_fields: [{ id: needed.id, value: 'cable' }] });
  assert.equal(ok.ticket.status, 'solved');
  // Creating solved is checked too.
  await expect(srv, 422, 'POST', '/tickets.json', { auth: admin,
    body: { ticket: { comment: { body: 'x' }, status: 'solved' } } });
});

test('on a form that lists fields, only its own required fields block solving', async () => {
  const other = await field({ type: 'text', title: 'Part number' });
  const f = await expect(srv, 201, 'POST', '/ticket_forms.json', { auth: admin,
    body: { ticket_form: { name: 'Parts', ticket_field_ids: [other.id] } } });
  const form = f.json.ticket_form;
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' }, ticket_form_id: form.id });
  // Root cause (required) is not on this form: solving goes through.
  const ok = await updateTicket(srv, admin, ticket.id, { status: 'solved' });
  assert.equal(ok.ticket.status, 'solved');
  // Once the form lists it, it blocks again.
  await expect(srv, 200, 'PUT', `/ticket_forms/${form.id}.json`, { auth: admin,
    body: { ticket_form: { ticket_field_ids: [other.id, needed.id] } } });
  const t2 = (await createTicket(srv, admin, { comment: { body: 'y' }, ticket_form_id: form.id })).ticket;
  const r = await expect(srv, 422, 'PUT', `/tickets/${t2.id}.json`, { auth: admin,
    body: { ticket: { status: 'solved' } } });
  assert.match(r.json.details.custom_fields[0].description, /Root cause/);
});

test('ticket_form_id must name a form of the account', async () => {
  const forms = await expect(srv, 200, 'GET', '/ticket_forms.json', { auth: admin });
  const form = forms.json.ticket_forms[0];
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' }, ticket_form_id: form.id });
  assert.equal(ticket.ticket_form_id, form.id);
  await expect(srv, 422, 'POST', '/tickets.json', { auth: admin,
    body: { ticket: { comment: { body: 'x' }, ticket_form_id: 999999 } } });
});
