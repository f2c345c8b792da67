// Automations: the default automation, CRUD, Zendesk's rule that an
// automation needs a time condition and a condition its actions make
// false, lists, bulk endpoints, roles, isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser } = require('./lib/people');

let srv, A, B, agent;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
});
test.after(() => srv.stop());

const cond = (field, operator, value) => ({ field, operator, value });
// Pending for two days and not reminded yet: remind, and tag so it does
// not fire again.
const reminder = (title, extra = {}) => ({
  title,
  conditions: { all: [cond('status', 'is', 'pending'), cond('PENDING', 'greater_than', '48'),
    cond('current_tags', 'not_includes', 'reminded')], any: [] },
  actions: [{ field: 'current_tags', value: 'reminded' },
    { field: 'notification_user', value: ['requester_id', 'Still there?', 'Hi {{ticket.requester.first_name}}'] }],
  ...extra,
});

const post = (automation, opts = A) => srv.api('POST', '/automations.json', { ...opts, body: { automation } });

async function create(automation, opts = A) {
  const r = await post(automation, opts);
  assert.equal(r.status, 201, r.text);
  return r.json.automation;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

test('every account starts with "Close ticket 4 days after status is set to solved"', async () => {
  const r = await srv.api('GET', '/automations.json', A);
  assert.equal(r.status, 200);
  assert.equal(r.json.automations.length, 1);
  const a = r.json.automations[0];
  assert.equal(a.title, 'Close ticket 4 days after status is set to solved');
  assert.equal(a.active, true);
  assert.equal(a.default, true);
  assert.deepEqual(a.conditions, { all: [cond('status', 'is', 'solved'), cond('SOLVED', 'greater_than', '96')], any: [] });
  assert.deepEqual(a.actions, [{ field: 'status', value: 'closed' }]);
  assert.deepEqual(Object.keys(a).sort(), ['actions', 'active', 'conditions', 'created_at', 'default', 'id',
    'position', 'raw_title', 'title', 'updated_at', 'url'].sort());
  assert.equal(a.url, `${srv.origin}/api/v2/automations/${a.id}.json`);
  const b = (await srv.api('GET', '/automations.json', B)).json.automations;
  assert.equal(b.length, 1);
  assert.notEqual(b[0].id, a.id);
  // A trigger id is not an automation.
  const trig = (await srv.api('GET', '/triggers.json', A)).json.triggers[0];
  assert.equal((await srv.api('GET', `/automations/${trig.id}.json`, A)).status, 404);
});

test('create, show, update and delete an automation', async () => {
  const a = await create(reminder('Remind pending requesters'));
  assert.equal(a.position, 2);
  assert.equal(a.default, false);
  let r = await srv.api('GET', `/automations/${a.id}.json`, A);
  assert.deepEqual(r.json.automation, a);
  r = await srv.api('PUT', `/automations/${a.id}.json`, { ...A, body: { automation: { title: 'Remind once',
    active: false } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.automation.title, 'Remind once');
  assert.equal(r.json.automation.active, false);
  assert.deepEqual(r.json.automation.conditions, a.conditions);
  r = await srv.api('GET', `/automations/${a.id}.json`, A);
  assert.equal(r.json.automation.title, 'Remind once');
  r = await srv.api('DELETE', `/automations/${a.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `/automations/${a.id}.json`, A)).status, 404);
});

test('an automation needs a time condition and a condition its actions undo', async () => {
  let d = detail(await post({ title: 'No time', conditions: { all: [cond('status', 'is', 'solved')] },
    actions: [{ field: 'status', value: 'closed' }] }), 'conditions');
  assert.match(d.description, /time-based condition/);
  d = detail(await post({ title: 'Fires forever', conditions: { all: [cond('status', 'is', 'solved'),
    cond('SOLVED', 'greater_than', '24')] }, actions: [{ field: 'priority', value: 'low' }] }), 'conditions');
  assert.match(d.description, /makes false/);
  // Solved tickets closed: fine; an "is" hours condition fires once: fine.
  await create({ title: 'Close after a day', conditions: { all: [cond('status', 'is', 'solved'),
    cond('hours_since_solved', 'greater_than', 24)] }, actions: [{ field: 'status', value: 'closed' }] });
  await create({ title: 'Nudge at 24h', conditions: { all: [cond('PENDING', 'is', '24')] },
    actions: [{ field: 'notification_user', value: ['requester_id', 'Nudge', 'Any news?'] }] });
  await create({ title: 'Escalate old', conditions: { all: [cond('OPEN', 'greater_than_business_hours', '8'),
    cond('priority', 'less_than', 'urgent')] }, actions: [{ field: 'priority', value: 'urgent' }] });
  // Trigger-only conditions and change operators are refused.
  d = detail(await post(reminder('Update type', { conditions: { all: [cond('update_type', 'is', 'Change'),
    cond('NEW', 'greater_than', '1')] } })), 'conditions');
  assert.match(d.description, /'update_type' cannot be used in automations/);
  d = detail(await post(reminder('Changed', { conditions: { all: [cond('status', 'changed'),
    cond('NEW', 'greater_than', '1')] } })), 'conditions');
  assert.match(d.description, /'changed' can only be used in triggers/);
  d = detail(await post(reminder('Hours', { conditions: { all: [cond('NEW', 'greater_than', 'a day')] } })),
    'conditions');
  assert.match(d.description, /'a day' is not a valid value for 'NEW'/);
  d = detail(await post(reminder('Macro action', { actions: [{ field: 'comment_value', value: 'x' }] })), 'actions');
  assert.match(d.description, /cannot be used in automations/);
  assert.equal(detail(await post(reminder('')), 'title').error, 'BlankValue');
  // An update that would make the automation fire forever is refused.
  const a = await create(reminder('Guarded'));
  d = detail(await srv.api('PUT', `/automations/${a.id}.json`, { ...A, body: { automation: {
    actions: [{ field: 'priority', value: 'high' }] } } }), 'conditions');
  assert.match(d.description, /makes false/);
  const r = await srv.api('GET', `/automations/${a.id}.json`, A);
  assert.deepEqual(r.json.automation.actions, a.actions);
});

test('active, search, update_many, reorder and destroy_many', async () => {
  const x = await create(reminder('Bulk X'));
  const y = await create(reminder('Bulk Y', { active: false }));
  let r = await srv.api('GET', '/automations/active.json', A);
  assert.ok(r.json.automations.every((a) => a.active));
  assert.ok(!r.json.automations.some((a) => a.id === y.id));
  r = await srv.api('GET', '/automations.json?active=false', A);
  assert.ok(r.json.automations.some((a) => a.id === y.id));
  r = await srv.api('GET', '/automations/search.json?query=bulk', A);
  assert.deepEqual(r.json.automations.map((a) => a.title).sort(), ['Bulk X', 'Bulk Y']);
  r = await srv.api('PUT', '/automations/update_many.json', { ...A, body: { automations: [
    { id: x.id, active: false, position: 40 }, { id: y.id, active: true }] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.automations.map((a) => [a.active, a.position]), [[false, 40], [true, y.position]]);
  r = await srv.api('PUT', '/automations/reorder.json', { ...A, body: { automation_ids: [y.id, x.id] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.automations.slice(0, 2).map((a) => a.id), [y.id, x.id]);
  r = await srv.api('DELETE', `/automations/destroy_many.json?ids=${x.id},${y.id}`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `/automations/${x.id}.json`, A)).status, 404);
  assert.equal((await srv.api('GET', `/automations/${y.id}.json`, A)).status, 404);
});

test('definitions list what automations accept: time conditions, no change operators', async () => {
  const r = await srv.api('GET', '/automations/definitions.json', { auth: agent.auth });
  assert.equal(r.status, 200, r.text);
  const d = r.json.definitions;
  const subjects = d.conditions_all.map((x) => x.subject);
  for (const s of ['status', 'SOLVED', 'PENDING', 'current_tags', 'in_business_hours'])
    assert.ok(subjects.includes(s), s);
  for (const s of ['update_type', 'comment_is_public', 'role'])
    assert.ok(!subjects.includes(s), s);
  const status = d.conditions_all.find((x) => x.subject === 'status');
  assert.ok(!status.operators.some((o) => o.value === 'changed'));
  const acts = d.actions.map((a) => a.subject);
  assert.ok(acts.includes('notification_user') && !acts.includes('comment_value'));
  assert.ok(d.actions.find((a) => a.subject === 'status').values.some((v) => v.value === 'closed'));
});

test('agents read automations, admins write them; isolation between accounts', async () => {
  const a = await create(reminder('Acme automation'));
  const AG = { auth: agent.auth };
  assert.equal((await srv.api('GET', '/automations.json', AG)).status, 200);
  assert.equal((await srv.api('GET', `/automations/${a.id}.json`, AG)).status, 200);
  assert.equal((await post(reminder('x'), AG)).status, 403);
  assert.equal((await srv.api('PUT', `/automations/${a.id}.json`, { ...AG, body: { automation: { title: 'y' } } })).status, 403);
  assert.equal((await srv.api('DELETE', `/automations/${a.id}.json`, AG)).status, 403);
  assert.equal((await srv.api('GET', '/automations.json')).status, 401);
  for (const [m, p, body] of [['GET', `/automations/${a.id}.json`],
    ['PUT', `/automations/${a.id}.json`, { automation: { title: 'stolen' } }],
    ['DELETE', `/automations/${a.id}.json`],
    ['PUT', '/automations/update_many.json', { automations: [{ id: a.id, active: false }] }],
    ['DELETE', `/automations/destroy_many.json?ids=${a.id}`]]) {
    const r = await srv.api(m, p, { ...B, body });
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  let r = await srv.api('PUT', '/automations/reorder.json', { ...B, body: { automation_ids: [a.id] } });
  assert.equal(r.status, 422);
  r = await srv.api('GET', '/automations/search.json?query=Acme', B);
  assert.equal(r.json.automations.length, 0);
  r = await srv.api('GET', `/automations/${a.id}.json`, A);
  assert.equal(r.json.automation.title, 'Acme automation');
  assert.equal(r.json.automation.active, true);
});

test('node-zendesk drives automations', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const listed = await zd.automations.list();
  assert.ok(listed.some((a) => a.default));
  const { result: created } = await zd.automations.create({ automation: reminder('NZ automation') });
  assert.equal(created.title, 'NZ automation');
  const { result: shown } = await zd.automations.show(created.id);
  assert.equal(shown.id, created.id);
  const { result: updated } = await zd.automations.update(created.id, { automation: { title: 'NZ automation 2' } });
  assert.equal(updated.title, 'NZ automation 2');
  const active = await zd.automations.listActive();
  assert.ok(active.some((a) => a.id === created.id));
  const found = await zd.automations.search({ query: 'NZ automation' });
  assert.ok(found.some((a) => a.id === created.id));
  const { result: many } = await zd.automations.updateMany([{ id: created.id, active: false }]);
  assert.equal(many[0].active, false);
  const reordered = await zd.automations.reorder([created.id]);
  assert.equal(reordered[0].id, created.id);
  await zd.automations.delete(created.id);
  await assert.rejects(zd.automations.show(created.id), /404/);
  const { result: again } = await zd.automations.create({ automation: reminder('NZ bulk') });
  await zd.automations.bulkDelete([again.id]);
  await assert.rejects(zd.automations.show(again.id), /404/);
});
