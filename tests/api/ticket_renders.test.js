// Stored ticket renders (migration 0135, core/ticket_read.c): lists and
// single reads copy a ticket's stored JSON, so every change that alters
// what a ticket shows must reach them: the ticket's own writes (through the
// API or straight SQL), its incidents (has_incidents), the account's custom
// fields, and the request's host (url).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { sql } = require('./lib/fixtures');
const { expect, createTicket, updateTicket } = require('./lib/helpdesk');

let srv, admin;

test.before(async () => {
  srv = await startServer();
  admin = srv.admin;
});
test.after(() => srv.stop());

// The ticket as GET /tickets/{id} and as the list's entry show it.
async function both(id, opts = {}) {
  const one = (await expect(srv, 200, 'GET', `/tickets/${id}.json`, { auth: admin, ...opts })).json.ticket;
  const list = (await expect(srv, 200, 'GET', '/tickets.json', { auth: admin, ...opts })).json.tickets;
  const inList = list.find((t) => t.id === id);
  assert.deepEqual(inList, one);
  return one;
}

test('a stored render is the ticket as rendered from its row', async () => {
  const t = await createTicket(srv, admin, { subject: 'Stored', comment: { body: 'b' }, tags: ['x'] });
  const before = await both(t.ticket.id);
  assert.deepEqual(before, t.ticket);
  const stored = sql(srv, `SELECT count(*) FROM ticket_renders WHERE ticket_id = ${t.ticket.id}`);
  assert.deepEqual(stored, ['1']);
  // Without the stored render the row renders to the same JSON.
  sql(srv, `DELETE FROM ticket_renders WHERE ticket_id = ${t.ticket.id}`);
  assert.deepEqual(await both(t.ticket.id), before);
});

test('writes outside the API drop the render; url follows the host', async () => {
  const t = await createTicket(srv, admin, { subject: 'Before', comment: { body: 'b' } });
  sql(srv, `UPDATE tickets SET subject = 'After SQL' WHERE id = ${t.ticket.id}`);
  assert.equal((await both(t.ticket.id)).subject, 'After SQL');
  const u = await updateTicket(srv, admin, t.ticket.id, { priority: 'high' });
  assert.equal((await both(t.ticket.id)).priority, 'high');
  assert.equal(u.ticket.subject, 'After SQL');
  const other = `127.0.0.1:${srv.port}`;
  const shown = await both(t.ticket.id, { host: other });
  assert.equal(shown.url, `http://${other}/api/v2/tickets/${t.ticket.id}.json`);
});

test('has_incidents follows the incidents of a problem', async () => {
  const p = await createTicket(srv, admin, { subject: 'Problem', type: 'problem', comment: { body: 'p' } });
  assert.equal((await both(p.ticket.id)).has_incidents, false);
  const i = await createTicket(srv, admin, { subject: 'Incident', type: 'incident',
    problem_id: p.ticket.id, comment: { body: 'i' } });
  assert.equal((await both(p.ticket.id)).has_incidents, true);
  await expect(srv, 204, 'DELETE', `/tickets/${i.ticket.id}.json`, { auth: admin });
  assert.equal((await both(p.ticket.id)).has_incidents, false);
  const j = await createTicket(srv, admin, { subject: 'Incident 2', type: 'incident',
    comment: { body: 'j' } });
  await updateTicket(srv, admin, j.ticket.id, { problem_id: p.ticket.id });
  assert.equal((await both(p.ticket.id)).has_incidents, true);
});

test('custom field changes reach every stored render', async () => {
  const t = await createTicket(srv, admin, { subject: 'Fields', comment: { body: 'f' } });
  const before = await both(t.ticket.id);
  const f = (await expect(srv, 201, 'POST', '/ticket_fields.json', { auth: admin,
    body: { ticket_field: { type: 'checkbox', title: 'VIP' } } })).json.ticket_field;
  let shown = await both(t.ticket.id);
  assert.deepEqual(shown.custom_fields, [...before.custom_fields, { id: f.id, value: false }]);
  await expect(srv, 200, 'PUT', `/ticket_fields/${f.id}.json`, { auth: admin,
    body: { ticket_field: { active: false } } });
  shown = await both(t.ticket.id);
  assert.deepEqual(shown.custom_fields, before.custom_fields);
});
