// SLA policies and the targets they give tickets: CRUD, validation,
// ordering, definitions, roles, cross-account isolation, node-zendesk;
// a 24-business-hour first reply target met and one breached (the
// scheduler records the breach), a paused wait target, include=slas and
// tickets/{id}/metric_events.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser } = require('./lib/people');

let srv, A, B, agent, enduser, policy;
const DAY = 86400;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']], args: ['--automation-interval', '1'] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
  enduser = await makeUser(srv, A, 'acme', 'ann.end@acme.test', 'end-user');
  const s = await srv.api('POST', '/business_hours/schedules.json', { ...A,
    body: { schedule: { name: 'Office', time_zone: 'UTC' } } });
  assert.equal(s.status, 201, s.text);
  const p = await srv.api('POST', '/slas/policies.json', { ...A, body: { sla_policy: {
    title: 'Tagged', description: 'Tickets tagged sla',
    filter: { all: [{ field: 'current_tags', operator: 'includes', value: 'sla' }], any: [] },
    policy_metrics: [
      { priority: 'normal', metric: 'first_reply_time', target: 1440, business_hours: true },
      { priority: 'urgent', metric: 'requester_wait_time', target: 60, business_hours: false }] } } });
  assert.equal(p.status, 201, p.text);
  policy = p.json.sla_policy;
});
test.after(() => srv.stop());

const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000',
  srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (iso) => Date.parse(iso) / 1000;
const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

async function waitFor(fn, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(100);
  }
}

// t plus minutes of Monday-Friday 09:00-17:00 UTC.
function addBusiness(t, minutes) {
  let left = minutes * 60, cur = t;
  while (left > 0) {
    const midnight = Math.floor(cur / DAY) * DAY, day = new Date(cur * 1000).getUTCDay();
    const open = midnight + 9 * 3600, close = midnight + 17 * 3600;
    if (day === 0 || day === 6 || cur >= close) cur = midnight + DAY;
    else if (cur < open) cur = open;
    else {
      const take = Math.min(left, close - cur);
      cur += take;
      left -= take;
    }
  }
  return cur;
}

async function ticket(body) {
  const r = await srv.api('POST', '/tickets.json', { ...A, body: { ticket: body } });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket;
}
const slas = async (id) => (await srv.api('GET', `/tickets/${id}.json?include=slas`, A)).json.ticket.slas;
const events = async (id) => {
  const r = await srv.api('GET', `/tickets/${id}/metric_events.json`, A);
  assert.equal(r.status, 200, r.text);
  return r.json.ticket_metric_events;
};
const reply = (id, auth = agent.auth) => srv.api('PUT', `/tickets/${id}.json`, { auth,
  body: { ticket: { comment: { body: 'On it', public: true } } } });

test('policies: create, validation, list order, update, reorder, definitions, delete', async () => {
  assert.equal(policy.title, 'Tagged');
  assert.equal(policy.url, `${srv.origin}/api/v2/slas/policies/${policy.id}.json`);
  assert.equal(policy.position, 1);
  assert.deepEqual(policy.policy_metrics[0], { priority: 'normal', metric: 'first_reply_time',
    target: 1440, business_hours: true });
  const bad = async (p, key) => {
    const r = await srv.api('POST', '/slas/policies.json', { ...A, body: { sla_policy: p } });
    assert.equal(r.status, 422, r.text);
    assert.ok(r.json.details[key], r.text);
  };
  const ok = { title: 'x', filter: { all: [], any: [] }, policy_metrics: [] };
  await bad({ ...ok, title: ' ' }, 'title');
  await bad({ ...ok, filter: { all: [{ field: 'nope', operator: 'is', value: 1 }] } }, 'filter');
  await bad({ ...ok, filter: undefined }, 'filter');
  await bad({ ...ok, policy_metrics: [{ priority: 'normal', metric: 'lunch_time', target: 5 }] }, 'policy_metrics');
  await bad({ ...ok, policy_metrics: [{ priority: 'soon', metric: 'first_reply_time', target: 5 }] }, 'policy_metrics');
  await bad({ ...ok, policy_metrics: [{ priority: 'low', metric: 'first_reply_time', target: 0 }] }, 'policy_metrics');
  await bad({ ...ok, policy_metrics: [{ priority: 'low', metric: 'first_reply_time', target: 5 },
    { priority: 'low', metric: 'first_reply_time', target: 9 }] }, 'policy_metrics');
  const second = (await srv.api('POST', '/slas/policies.json', { ...A, body: { sla_policy: { ...ok,
    title: 'Second' } } })).json.sla_policy;
  assert.equal(second.position, 2);
  let r = await srv.api('PUT', `/slas/policies/${second.id}.json`, { ...A, body: { sla_policy: {
    description: 'Now described', policy_metrics: [{ priority: 'low', metric: 'agent_work_time', target: 30 }] } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.sla_policy.description, 'Now described');
  assert.equal(r.json.sla_policy.title, 'Second');
  assert.equal(r.json.sla_policy.policy_metrics[0].business_hours, false);
  r = await srv.api('PUT', '/slas/policies/reorder.json', { ...A, body: { sla_policy_ids: [second.id, policy.id] } });
  assert.equal(r.status, 200, r.text);
  r = await srv.api('GET', '/slas/policies.json', A);
  assert.deepEqual(r.json.sla_policies.map((p) => p.id), [second.id, policy.id]);
  assert.equal(r.json.count, 2);
  r = await srv.api('PUT', '/slas/policies/reorder.json', { ...A, body: { sla_policy_ids: [99999] } });
  assert.equal(r.status, 422);
  await srv.api('PUT', '/slas/policies/reorder.json', { ...A, body: { sla_policy_ids: [policy.id] } });
  r = await srv.api('GET', '/slas/policies/definitions.json', A);
  assert.ok(r.json.definitions.all.some((d) => d.subject === 'status' || d.field === 'status'), r.text);
  assert.ok(Array.isArray(r.json.definitions.any));
  // Agents read, only admins write.
  assert.equal((await srv.api('GET', `/slas/policies/${policy.id}.json`, { auth: agent.auth })).status, 200);
  assert.equal((await srv.api('POST', '/slas/policies.json', { auth: agent.auth, body: { sla_policy: ok } })).status, 403);
  // Another account sees none of them.
  for (const [m, p] of [['GET', `/slas/policies/${policy.id}.json`], ['PUT', `/slas/policies/${policy.id}.json`],
    ['DELETE', `/slas/policies/${policy.id}.json`]])
    assert.equal((await srv.api(m, p, { ...B, body: { sla_policy: { title: 'x' } } })).status, 404, `${m} ${p}`);
  assert.deepEqual((await srv.api('GET', '/slas/policies.json', B)).json.sla_policies, []);
  assert.equal((await srv.api('DELETE', `/slas/policies/${second.id}.json`, A)).status, 204);
  assert.equal((await srv.api('GET', `/slas/policies/${second.id}.json`, A)).status, 404);
});

test('node-zendesk: policies list, show, definitions', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const shown = await zd.policies.show(policy.id);
  assert.equal((shown.result.sla_policy || shown.result).id, policy.id);
  const defs = await zd.policies.getDefinitions();
  assert.ok(defs.result.definitions || defs.result.all);
});

test('a 24-business-hour first reply target, met by the agent\'s reply', async () => {
  const tk = await ticket({ subject: 'Met', priority: 'normal', tags: ['sla'], requester_id: enduser.id,
    comment: { body: 'Help' } });
  const [m] = (await slas(tk.id)).policy_metrics;
  assert.equal(m.metric, 'first_reply_time');
  assert.equal(m.stage, 'active');
  assert.equal(m.breach_at, iso(addBusiness(secs(tk.created_at), 1440)));
  const left = m.days * 1440 + m.hours * 60 + m.minutes;
  assert.ok(left > 0 && left <= (secs(m.breach_at) - secs(tk.created_at)) / 60, JSON.stringify(m));
  assert.equal((await reply(tk.id)).status, 200);
  assert.deepEqual((await slas(tk.id)).policy_metrics, [{ metric: 'first_reply_time', stage: 'achieved',
    breach_at: null }]);
  const ev = (await events(tk.id)).filter((e) => e.metric === 'first_reply_time');
  assert.deepEqual(ev.map((e) => e.type), ['apply_sla', 'activate', 'fulfill']);
  assert.deepEqual(ev[0].sla, { target: 1440, business_hours: true,
    policy: { id: policy.id, title: 'Tagged', description: 'Tickets tagged sla' } });
  assert.equal(ev[1].time, tk.created_at);
  assert.ok(ev.every((e) => e.ticket_id === tk.id && e.instance_id === 1));
  // Tickets the filter does not match, or without a priority, get none.
  const plain = await ticket({ subject: 'Plain', priority: 'normal', comment: { body: 'x' } });
  assert.deepEqual((await slas(plain.id)).policy_metrics, []);
  const nopri = await ticket({ subject: 'No priority', tags: ['sla'], comment: { body: 'x' } });
  assert.deepEqual((await slas(nopri.id)).policy_metrics, []);
  assert.deepEqual(await events(plain.id), []);
});

// Search's sla_breach keyword and a view on hours since the last breach
// find the ticket with the breach (and only tickets with one).
async function breachVisible(id, breachAt) {
  const breached = sql('SELECT ticket_id FROM ticket_metrics WHERE last_sla_breach_at IS NOT NULL')
    .split('\n').map(Number).sort();
  assert.ok(breached.includes(id));
  const search = async (q) => {
    const r = await srv.api('GET', `/search.json?query=${encodeURIComponent(q)}`, A);
    assert.equal(r.status, 200, r.text);
    return r.json.results.map((x) => x.id).sort();
  };
  assert.deepEqual(await search('type:ticket sla_breach:true'), breached);
  const without = await search('type:ticket -sla_breach:true');
  assert.ok(without.length > 0 && !without.some((x) => breached.includes(x)), String(without));
  assert.deepEqual(await search('type:ticket sla_breach:false'), without);
  const day = iso(breachAt).slice(0, 10);
  assert.ok((await search(`type:ticket sla_breach:${day}`)).includes(id));
  assert.ok((await search(`type:ticket sla_breach>=${day}`)).includes(id));
  assert.ok(!(await search(`type:ticket sla_breach>1day`)).includes(id));
  assert.equal((await srv.api('GET', '/search.json?query=sla_breach:maybe', A)).status, 422);

  const view = async (operator, value) => {
    const v = await srv.api('POST', '/views.json', { ...A, body: { view: { title: `Breached ${operator}`,
      all: [{ field: 'hours_since_last_sla_breach', operator, value }] } } });
    assert.equal(v.status, 201, v.text);
    const r = await srv.api('GET', `/views/${v.json.view.id}/tickets.json`, A);
    assert.equal(r.status, 200, r.text);
    const c = await srv.api('GET', `/views/${v.json.view.id}/count.json`, A);
    assert.equal(c.json.view_count.value, r.json.tickets.length);
    return r.json.tickets.map((t) => t.id);
  };
  assert.ok((await view('greater_than', '48')).includes(id));
  assert.ok(!(await view('less_than', '48')).includes(id));
}

test('a breached first reply target: the scheduler records the breach when its time passes', async () => {
  const tk = await ticket({ subject: 'Late', priority: 'normal', tags: ['sla'], requester_id: enduser.id,
    comment: { body: 'Anyone?' } });
  const [m] = (await slas(tk.id)).policy_metrics;
  // Two weeks earlier: the same business hours, long past the target.
  const shift = 14 * DAY;
  sql(`UPDATE tickets SET created_at = created_at - ${shift} WHERE id = ${tk.id};
    UPDATE ticket_slas SET since = since - ${shift}, breach_at = breach_at - ${shift} WHERE ticket_id = ${tk.id}`);
  const breachAt = secs(m.breach_at) - shift;
  const breach = await waitFor(async () => (await events(tk.id)).find((e) => e.type === 'breach'));
  assert.ok(breach, 'the scheduler recorded the breach');
  assert.equal(breach.metric, 'first_reply_time');
  assert.equal(breach.time, iso(breachAt));
  assert.equal(Number(sql(`SELECT last_sla_breach_at FROM ticket_metrics WHERE ticket_id = ${tk.id}`)), breachAt);
  await breachVisible(tk.id, breachAt);
  const [late] = (await slas(tk.id)).policy_metrics;
  assert.equal(late.stage, 'active');
  assert.equal(late.breach_at, iso(breachAt));
  assert.ok(late.days < 0 || late.hours < 0 || late.minutes < 0, JSON.stringify(late));
  // The reply fulfils it; the breach stays recorded once.
  await reply(tk.id);
  await sleep(1500);
  const ev = await events(tk.id);
  assert.equal(ev.filter((e) => e.type === 'breach').length, 1);
  assert.equal(ev[ev.length - 1].type, 'fulfill');
  // Other accounts: 404 for the events, no slas.
  assert.equal((await srv.api('GET', `/tickets/${tk.id}/metric_events.json`, B)).status, 404);
});

test('a calendar requester wait target pauses while pending; a write records a passed breach', async () => {
  const tk = await ticket({ subject: 'Wait', priority: 'urgent', tags: ['sla'], requester_id: enduser.id,
    comment: { body: 'x' } });
  let [m] = (await slas(tk.id)).policy_metrics;
  assert.equal(m.metric, 'requester_wait_time');
  assert.equal(m.stage, 'active');
  assert.equal(secs(m.breach_at), secs(tk.created_at) + 3600);
  await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { status: 'pending' } } });
  [m] = (await slas(tk.id)).policy_metrics;
  assert.equal(m.stage, 'paused');
  assert.equal(m.breach_at, null);
  const left = m.hours * 60 + m.minutes;
  assert.ok(left >= 58 && left <= 60, JSON.stringify(m));
  await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { status: 'open' } } });
  [m] = (await slas(tk.id)).policy_metrics;
  assert.equal(m.stage, 'active');
  // Two hours earlier, then any write sees the breach (or the scheduler did).
  sql(`UPDATE ticket_slas SET since = since - 7200, breach_at = breach_at - 7200 WHERE ticket_id = ${tk.id}`);
  await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { comment: { body: 'note', public: false } } } });
  let ev = await events(tk.id);
  assert.equal(ev.filter((e) => e.type === 'breach').length, 1);
  assert.deepEqual(ev.map((e) => e.type).filter((t) => t !== 'breach'),
    ['apply_sla', 'activate', 'pause', 'activate']);
  // Solving achieves it.
  await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { status: 'solved' } } });
  assert.equal((await slas(tk.id)).policy_metrics[0].stage, 'achieved');
  ev = await events(tk.id);
  assert.equal(ev[ev.length - 1].type, 'fulfill');
  // A list with include=slas carries them too, for agents only.
  const list = await srv.api('GET', '/tickets.json?include=slas', A);
  assert.ok(list.json.tickets.every((t) => t.slas && Array.isArray(t.slas.policy_metrics)));
  assert.equal(list.json.tickets.find((t) => t.id === tk.id).slas.policy_metrics[0].stage, 'achieved');
  const mine = await srv.api('GET', '/tickets.json?include=slas', { auth: enduser.auth });
  assert.ok(mine.json.tickets.every((t) => t.slas === undefined));
});

test('reply metrics: next reply after a requester comment, periodic updates renew with each reply', async () => {
  const r = await srv.api('PUT', `/slas/policies/${policy.id}.json`, { ...A, body: { sla_policy: {
    policy_metrics: [...policy.policy_metrics,
      { priority: 'high', metric: 'next_reply_time', target: 30, business_hours: false },
      { priority: 'high', metric: 'periodic_update_time', target: 120, business_hours: false }] } } });
  assert.equal(r.status, 200, r.text);
  const c = await srv.api('POST', '/tickets.json', { auth: enduser.auth, body: { ticket: {
    subject: 'Chat', comment: { body: 'hi' } } } });
  const id = c.json.ticket.id;
  // The policy applies once the ticket is tagged and prioritized.
  await srv.api('PUT', `/tickets/${id}.json`, { ...A, body: { ticket: { priority: 'high', tags: ['sla'] } } });
  let m = (await slas(id)).policy_metrics;
  assert.deepEqual(m.map((x) => [x.metric, x.stage]), [['periodic_update_time', 'active']]);
  assert.equal(secs(m[0].breach_at), secs(c.json.ticket.created_at) + 7200);
  await reply(id);
  await srv.api('PUT', `/tickets/${id}.json`, { auth: enduser.auth, body: { ticket: {
    comment: { body: 'still broken' } } } });
  m = (await slas(id)).policy_metrics;
  assert.deepEqual(m.map((x) => [x.metric, x.stage]).sort(),
    [['next_reply_time', 'active'], ['periodic_update_time', 'active']]);
  await reply(id);
  const ev = (await events(id)).map((e) => [e.metric, e.instance_id, e.type]);
  assert.deepEqual(ev.filter((e) => e[0] === 'next_reply_time'),
    [['next_reply_time', 1, 'apply_sla'], ['next_reply_time', 1, 'activate'],
      ['next_reply_time', 1, 'fulfill']]);
  // (periodic counts from the creation, before the policy applied: by time,
  // its activation may come first)
  const periodic = ev.filter((e) => e[0] === 'periodic_update_time').map((e) => e.slice(1));
  assert.deepEqual(periodic.filter((e) => e[1] !== 'apply_sla'),
    [[1, 'activate'], [1, 'fulfill'], [2, 'activate'], [2, 'fulfill'], [3, 'activate']]);
  assert.equal(periodic.filter((e) => e[1] === 'apply_sla').length, 1);
});

test('incremental/ticket_metric_events exports the account\'s events by time (admins)', async () => {
  const r = await srv.api('GET', '/incremental/ticket_metric_events.json?start_time=0', A);
  assert.equal(r.status, 200, r.text);
  const ev = r.json.ticket_metric_events;
  assert.equal(r.json.count, ev.length);
  assert.ok(ev.some((e) => e.type === 'breach') && ev.some((e) => e.type === 'apply_sla'));
  for (let i = 1; i < ev.length; i++) assert.ok(ev[i - 1].time <= ev[i].time);
  assert.equal(r.json.end_time, secs(ev[ev.length - 1].time));
  assert.equal(r.json.end_of_stream, true);
  assert.ok(r.json.next_page.endsWith(`/incremental/ticket_metric_events.json?start_time=${r.json.end_time}`));
  const later = await srv.api('GET', `/incremental/ticket_metric_events.json?start_time=${r.json.end_time}`, A);
  assert.ok(later.json.ticket_metric_events.every((e) => secs(e.time) >= r.json.end_time));
  assert.equal((await srv.api('GET', '/incremental/ticket_metric_events.json', A)).status, 400);
  assert.equal((await srv.api('GET', '/incremental/ticket_metric_events.json?start_time=0',
    { auth: agent.auth })).status, 403);
  const b = await srv.api('GET', '/incremental/ticket_metric_events.json?start_time=0', B);
  assert.deepEqual(b.json.ticket_metric_events, []);
});
