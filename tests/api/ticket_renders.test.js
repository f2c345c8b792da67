// Stored ticket renders (migration 0135, core/ticket_read.c): lists and
// single reads copy a ticket's stored JSON, so every change that alters
// what a ticket shows must reach them: the ticket's own writes (through the
// API or straight SQL), its incidents (has_incidents), the account's custom
// fields, and the request's host (url).  The backfill thread
// (core/ticket_backfill.c, every second here) stores the renders tickets
// lack without any ticket write.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { sql } = require('./lib/fixtures');
const { expect, createTicket, updateTicket, followAll } = require('./lib/helpdesk');

let srv, admin;

test.before(async () => {
  srv = await startServer({ args: ['--render-backfill', '1'] });
  admin = srv.admin;
});
test.after(() => srv.stop());

// The ticket as GET /tickets/{id} and as the list's entry show it.
async function both(id, opts = {}) {
  const one = (await expect(srv, 200, 'GET', `/tickets/${id}.json`, { auth: admin, ...opts })).json.ticket;
  const list = (await expect(srv, 200, 'GET', '/tickets.json?sort_order=desc',
    { auth: admin, ...opts })).json.tickets;
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

// Live tickets without a render of the stamp most renders carry, renders
// of deleted tickets, due entries and distinct stamps.
function renderState() {
  const [row] = sql(srv, `SELECT
    (SELECT count(*) FROM tickets t WHERE t.deleted_at IS NULL AND NOT EXISTS
      (SELECT 1 FROM ticket_renders r WHERE r.ticket_id = t.id)),
    (SELECT count(*) FROM ticket_renders r JOIN tickets t ON t.id = r.ticket_id
      WHERE t.deleted_at IS NOT NULL),
    (SELECT count(*) FROM ticket_renders_due),
    (SELECT count(DISTINCT stamp) FROM ticket_renders),
    (SELECT max(stamp) FROM ticket_renders)`);
  const [missing, deleted, due, stamps, stamp] = row.split('|');
  return { missing: +missing, deleted: +deleted, due: +due, stamps: +stamps, stamp };
}

// Waits until every live ticket has a render of one stamp other than
// `old` (no ticket of the store is written meanwhile).
async function backfilled(old) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const s = renderState();
    if (!s.missing && !s.deleted && !s.due && s.stamps === 1 && s.stamp !== old)
      return s;
    assert.ok(Date.now() < deadline, `renders not backfilled: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function page() {
  return (await followAll(srv, admin, '/tickets.json?page[size]=100', 'tickets')).items;
}

test('the backfill renders tickets again after a field change, with no ticket write', async () => {
  const t = await createTicket(srv, admin, { subject: 'Backfill', comment: { body: 'b' } });
  // 250 tickets written by SQL (no render: three batches), one deleted.
  sql(srv, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
    INSERT INTO tickets(account_id, subject, requester_id, submitter_id, created_at, updated_at,
      custom_fields) SELECT account_id, 'Bulk ' || i, requester_id, submitter_id, created_at,
      updated_at, custom_fields FROM n, tickets WHERE id = ${t.ticket.id}`);
  const gone = Number(sql(srv, 'SELECT max(id) FROM tickets')[0]);
  await expect(srv, 204, 'DELETE', `/tickets/${gone}.json`, { auth: admin });
  const first = await backfilled('');
  const written = sql(srv, 'SELECT max(updated_at), count(*) FROM tickets');
  const before = await page();
  assert.equal(before.length, Number(sql(srv,
    'SELECT count(*) FROM tickets WHERE deleted_at IS NULL')[0]));

  const f = (await expect(srv, 201, 'POST', '/ticket_fields.json', { auth: admin,
    body: { ticket_field: { type: 'text', title: 'Backfilled' } } })).json.ticket_field;
  const second = await backfilled(first.stamp);
  const after = await page();
  assert.deepEqual(after, before.map((x) => ({ ...x,
    custom_fields: [...x.custom_fields, { id: f.id, value: null }],
    fields: [...x.fields, { id: f.id, value: null }] })));
  // The stored renders say what rendering the rows says.
  sql(srv, 'DELETE FROM ticket_renders');
  assert.deepEqual(await page(), after);
  assert.equal((await backfilled('')).stamp, second.stamp);

  await expect(srv, 200, 'PUT', `/ticket_fields/${f.id}.json`, { auth: admin,
    body: { ticket_field: { active: false } } });
  const third = await backfilled(second.stamp);
  assert.deepEqual(await page(), before);
  assert.deepEqual((await expect(srv, 200, 'GET', `/tickets/${t.ticket.id}.json`,
    { auth: admin })).json.ticket, before.find((x) => x.id === t.ticket.id));
  // No ticket was written by the backfill.
  assert.deepEqual(sql(srv, 'SELECT max(updated_at), count(*) FROM tickets'), written);
  await expect(srv, 404, 'GET', `/tickets/${gone}.json`, { auth: admin });

  // Ticket writes while the backfill runs win: what is stored at the end
  // is what the rows say.
  await expect(srv, 200, 'PUT', `/ticket_fields/${f.id}.json`, { auth: admin,
    body: { ticket_field: { active: true } } });
  const some = before.filter((x, i) => i % 25 === 0);
  await Promise.all(some.map((x) => updateTicket(srv, admin, x.id,
    { priority: 'urgent', custom_fields: [{ id: f.id, value: `v${x.id}` }] })));
  assert.equal((await backfilled(third.stamp)).stamp, second.stamp);
  const stored = await page();
  for (const x of some)
    assert.deepEqual(stored.find((y) => y.id === x.id).custom_fields.at(-1),
      { id: f.id, value: `v${x.id}` });
  sql(srv, 'DELETE FROM ticket_renders');
  assert.deepEqual(await page(), stored);
});

test('a due entry of a deleted ticket is dropped, a restored ticket is rendered', async () => {
  const t = await createTicket(srv, admin, { subject: 'Restored', comment: { body: 'r' } });
  const shown = await both(t.ticket.id);
  const { stamp } = await backfilled('');
  await expect(srv, 204, 'DELETE', `/tickets/${t.ticket.id}.json`, { auth: admin });
  sql(srv, `INSERT INTO ticket_renders_due SELECT id, account_id FROM tickets WHERE id = ${t.ticket.id}`);
  await backfilled('');
  assert.deepEqual(sql(srv, `SELECT count(*) FROM ticket_renders WHERE ticket_id = ${t.ticket.id}`), ['0']);
  sql(srv, `UPDATE tickets SET deleted_at = NULL WHERE id = ${t.ticket.id}`);
  assert.equal((await backfilled('')).stamp, stamp);
  // The delete set updated_at; the rest is as before.
  const restored = await both(t.ticket.id);
  assert.deepEqual({ ...restored, updated_at: shown.updated_at }, shown);
});
