// Ticket metrics: kept by every ticket write (stations, replies, reopens,
// the status times, reply/resolution/wait times in calendar and business
// minutes), listed with cursors, shown by id and by ticket, node-zendesk,
// cross-account isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, agent, agent2, enduser;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
  agent2 = await makeUser(srv, A, 'acme', 'agent2@acme.test', 'agent');
  enduser = await makeUser(srv, A, 'acme', 'ann.end@acme.test', 'end-user');
});
test.after(() => srv.stop());

const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000',
  srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' }).trim();
const put = (id, ticket, opts = A) => srv.api('PUT', `/tickets/${id}.json`, { ...opts, body: { ticket } });
const metrics = async (id, opts = A) => {
  const r = await srv.api('GET', `/tickets/${id}/metrics.json`, opts);
  assert.equal(r.status, 200, r.text);
  return r.json.ticket_metric;
};
// Moves the ticket's clock back: its creation and the current status.
const back = (id, seconds) => sql(`UPDATE tickets SET created_at = created_at - ${seconds} WHERE id = ${id};
  UPDATE ticket_metrics SET status_since = status_since - ${seconds}, created_at = created_at - ${seconds}
  WHERE ticket_id = ${id}`);

test('metrics follow the ticket: stations, replies, waits, resolutions, reopens', async () => {
  const g1 = makeGroup(srv, 'acme', 'One', [agent.id]);
  const g2 = makeGroup(srv, 'acme', 'Two', [agent2.id]);
  const c = await srv.api('POST', '/tickets.json', { auth: enduser.auth, body: { ticket: {
    subject: 'Broken', comment: { body: 'It broke' } } } });
  assert.equal(c.status, 201, c.text);
  const id = c.json.ticket.id;
  let m = await metrics(id);
  assert.equal(m.ticket_id, id);
  assert.equal(m.url, `${srv.origin}/api/v2/ticket_metrics/${m.id}.json`);
  assert.equal(m.replies, 0);
  assert.equal(m.reopens, 0);
  assert.equal(m.assignee_stations, 0);
  assert.deepEqual(m.reply_time_in_minutes, { calendar: null, business: null });
  assert.deepEqual(m.first_resolution_time_in_minutes, { calendar: null, business: null });
  assert.equal(m.requester_updated_at, c.json.ticket.created_at);
  assert.equal(m.latest_comment_added_at, c.json.ticket.created_at);
  assert.equal(m.solved_at, null);

  // Three hours new, then assigned (open) with a public reply.
  back(id, 3 * 3600);
  let r = await put(id, { assignee_id: agent.id, group_id: g1, comment: { body: 'Looking', public: true } },
    { auth: agent.auth });
  assert.equal(r.status, 200, r.text);
  m = await metrics(id);
  assert.equal(m.assignee_stations, 1);
  assert.equal(m.group_stations, 1);
  assert.equal(m.replies, 1);
  assert.equal(m.reply_time_in_minutes.calendar, 180);
  assert.equal(m.reply_time_in_minutes.business, 180, 'no schedule: business is calendar time');
  assert.equal(m.requester_wait_time_in_minutes.calendar, 180);
  assert.equal(m.assigned_at, m.initially_assigned_at);
  assert.equal(m.assignee_updated_at, r.json.ticket.updated_at);

  // Another station; an hour open, then two hours pending, one on hold.
  await put(id, { assignee_id: agent2.id, group_id: g2 });
  back(id, 3600);
  await put(id, { status: 'pending' });
  back(id, 7200);
  await put(id, { status: 'hold' });
  back(id, 3600);
  await put(id, { status: 'solved' });
  m = await metrics(id);
  assert.equal(m.assignee_stations, 2);
  assert.equal(m.group_stations, 2);
  assert.equal(m.requester_wait_time_in_minutes.calendar, 180 + 60 + 60);
  assert.equal(m.agent_wait_time_in_minutes.calendar, 120);
  assert.equal(m.on_hold_time_in_minutes.calendar, 60);
  assert.equal(m.first_resolution_time_in_minutes.calendar, 7 * 60);
  assert.equal(m.full_resolution_time_in_minutes.calendar, 7 * 60);
  assert.ok(m.solved_at);
  assert.equal(m.status_updated_at, m.solved_at);
  assert.notEqual(m.initially_assigned_at, null);

  // Reopened by the requester an hour later, solved again after another.
  back(id, 3600);
  r = await put(id, { comment: { body: 'Broken again' } }, { auth: enduser.auth });
  assert.equal(r.status, 200, r.text);
  await put(id, { status: 'open' });
  back(id, 3600);
  await put(id, { status: 'solved' });
  m = await metrics(id);
  assert.equal(m.reopens, 1);
  assert.equal(m.first_resolution_time_in_minutes.calendar, 7 * 60, "the first stays");
  assert.equal(m.full_resolution_time_in_minutes.calendar, 9 * 60);
  assert.equal(m.replies, 1, 'private notes and requester comments are not replies');
});

test('business minutes count the default schedule', async () => {
  const s = await srv.api('POST', '/business_hours/schedules.json', { ...A,
    body: { schedule: { name: 'Office', time_zone: 'UTC' } } });
  assert.equal(s.status, 201, s.text);
  const c = await srv.api('POST', '/tickets.json', { ...A, body: { ticket: {
    subject: 'Weekend', requester_id: enduser.id, comment: { body: 'x' } } } });
  const id = c.json.ticket.id;
  back(id, 7 * 86400); // a whole week: 5 x 8 business hours
  await put(id, { status: 'solved' });
  const m = await metrics(id);
  assert.equal(m.first_resolution_time_in_minutes.calendar, 7 * 1440);
  assert.equal(m.first_resolution_time_in_minutes.business, 40 * 60);
  assert.equal(m.requester_wait_time_in_minutes.business, 40 * 60);
  await srv.api('DELETE', `/business_hours/schedules/${s.json.schedule.id}.json`, A);
});

test('list with cursors, show by id, node-zendesk, other accounts', async () => {
  for (let i = 0; i < 3; i++)
    await srv.api('POST', '/tickets.json', { ...A, body: { ticket: { subject: `T${i}`, comment: { body: 'x' } } } });
  let r = await srv.api('GET', '/ticket_metrics.json?page[size]=2', A);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ticket_metrics.length, 2);
  assert.equal(r.json.meta.has_more, true);
  const next = await srv.api('GET', r.json.links.next.replace(srv.origin, ''), A);
  assert.equal(next.status, 200, next.text);
  assert.ok(next.json.ticket_metrics[0].id > r.json.ticket_metrics[1].id);
  const one = r.json.ticket_metrics[0];
  r = await srv.api('GET', `/ticket_metrics/${one.id}.json`, A);
  assert.deepEqual(r.json.ticket_metric, one);
  assert.equal((await srv.api('GET', '/ticket_metrics/99999.json', A)).status, 404);
  // A deleted ticket's metrics go with it.
  const del = await srv.api('POST', '/tickets.json', { ...A, body: { ticket: { subject: 'Gone', comment: { body: 'x' } } } });
  const gone = await metrics(del.json.ticket.id);
  await srv.api('DELETE', `/tickets/${del.json.ticket.id}.json`, A);
  assert.equal((await srv.api('GET', `/ticket_metrics/${gone.id}.json`, A)).status, 404);
  assert.equal((await srv.api('GET', `/tickets/${del.json.ticket.id}/metrics.json`, A)).status, 404);

  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const all = await zd.ticketmetrics.listAll();
  assert.ok(all.length >= 5, JSON.stringify(all).slice(0, 200));
  const shown = await zd.ticketmetrics.show(one.id);
  assert.equal(shown.result.id, one.id);
  const ofTicket = await zd.ticketmetrics.list(one.ticket_id);
  assert.equal(ofTicket.result.ticket_id, one.ticket_id);

  // Another account: 404 for this account's ids, and its own list only.
  assert.equal((await srv.api('GET', `/ticket_metrics/${one.id}.json`, B)).status, 404);
  assert.equal((await srv.api('GET', `/tickets/${one.ticket_id}/metrics.json`, B)).status, 404);
  assert.deepEqual((await srv.api('GET', '/ticket_metrics.json', B)).json.ticket_metrics, []);
  // End users do not read metrics.
  assert.equal((await srv.api('GET', '/ticket_metrics.json', { auth: enduser.auth })).status, 403);
});
