// Views: the default views of a new account, CRUD with validation,
// personal / group / shared views and who sees and changes them, tickets,
// count, count_many, execute and preview (conditions evaluated for the
// requesting agent, restricted agents narrowed), isolation and
// node-zendesk's views module.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, ann, bob, eve, tier1, tier2;
const T = {};

async function api(method, path, opts, body) {
  return srv.api(method, path, { ...opts, body });
}

async function ticket(name, t) {
  const r = await api('POST', '/tickets.json', A, { ticket: { comment: { body: 'x' }, subject: name, ...t } });
  assert.equal(r.status, 201, r.text);
  T[name] = r.json.ticket.id;
}

async function create(v, opts = A) {
  const r = await api('POST', '/views.json', opts, { view: v });
  assert.equal(r.status, 201, r.text);
  return r.json.view;
}

// The ticket names a view shows (its own order).
async function names(id, opts = A, extra = '') {
  const r = await srv.api('GET', `/views/${id}/tickets.json${extra}`, opts);
  assert.equal(r.status, 200, r.text);
  const byId = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k]));
  return r.json.tickets.map((t) => byId[t.id]);
}

const sorted = (a) => [...a].sort();

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  ann = await makeUser(srv, A, 'acme', 'ann@acme.test', 'agent');
  bob = await makeUser(srv, A, 'acme', 'bob@acme.test', 'agent');
  eve = await makeUser(srv, A, 'acme', 'eve@acme.test', 'end-user');
  tier1 = makeGroup(srv, 'acme', 'Tier 1', [ann.id]);
  tier2 = makeGroup(srv, 'acme', 'Tier 2', [bob.id]);
  await ticket('new1', { priority: 'high', tags: ['vip'] });
  await ticket('ann-open', { assignee_id: ann.id, group_id: tier1, priority: 'low' });
  await ticket('ann-pending', { assignee_id: ann.id, status: 'pending', group_id: tier1 });
  await ticket('bob-hold', { assignee_id: bob.id, status: 'hold', group_id: tier2, tags: ['vip', 'billing'] });
  await ticket('solved', { assignee_id: bob.id, status: 'solved', group_id: tier2 });
  await ticket('new2', { group_id: tier2, requester_id: eve.id });
  let r = await api('PUT', `/users/${bob.id}.json`, A, { user: { ticket_restriction: 'groups' } });
  assert.equal(r.status, 200, r.text);
  r = await api('POST', '/tickets.json', B, { ticket: { subject: 'beta one', comment: { body: 'x' } } });
  assert.equal(r.status, 201);
});
test.after(() => srv.stop());

test('every account starts with the default views, which count and list its tickets', async () => {
  const r = await srv.api('GET', '/views.json', A);
  assert.equal(r.status, 200, r.text);
  const titles = r.json.views.map((v) => v.title);
  assert.deepEqual(titles, ['Your unsolved tickets', 'Unassigned tickets', 'All unsolved tickets',
    'Recently updated tickets', 'Pending tickets', 'Recently solved tickets']);
  const v = Object.fromEntries(r.json.views.map((x) => [x.title, x]));
  assert.ok(r.json.views.every((x) => x.default && x.active && x.restriction === null));
  assert.deepEqual(v['All unsolved tickets'].conditions,
    { all: [{ field: 'status', operator: 'less_than', value: 'solved' }], any: [] });
  assert.deepEqual(v['Pending tickets'].execution.columns.map((c) => c.id),
    ['status', 'subject', 'requester', 'updated', 'assignee']);
  assert.equal(v['Pending tickets'].url, `${srv.origin}/api/v2/views/${v['Pending tickets'].id}.json`);
  assert.deepEqual(sorted(await names(v['All unsolved tickets'].id)),
    sorted(['new1', 'ann-open', 'ann-pending', 'bob-hold', 'new2']));
  assert.deepEqual(sorted(await names(v['Unassigned tickets'].id)), ['new1', 'new2']);
  assert.deepEqual(await names(v['Pending tickets'].id), ['ann-pending']);
  assert.deepEqual(await names(v['Recently solved tickets'].id), ['solved']);
  assert.equal((await names(v['Recently updated tickets'].id)).length, 6);
  // current_user is the agent asking.
  assert.deepEqual(await names(v['Your unsolved tickets'].id), []);
  assert.deepEqual(sorted(await names(v['Your unsolved tickets'].id, { auth: ann.auth })),
    ['ann-open', 'ann-pending']);
  const ids = r.json.views.map((x) => x.id).join(',');
  const c = await srv.api('GET', `/views/count_many.json?ids=${ids}`, { auth: ann.auth });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json.view_counts.map((x) => x.value), [2, 2, 5, 6, 1, 1]);
  assert.deepEqual(Object.keys(c.json.view_counts[0]).sort(),
    ['active', 'fresh', 'pretty', 'url', 'value', 'view_id']);
  const one = await srv.api('GET', `/views/${v['Pending tickets'].id}/count.json`, A);
  assert.deepEqual({ ...one.json.view_count, url: null }, { view_id: v['Pending tickets'].id, url: null,
    value: 1, pretty: '1', fresh: true, active: true });
});

test('create, show, update, delete; conditions go through the rules engine\'s checks', async () => {
  const v = await create({ title: 'VIP unsolved', description: 'Important',
    all: [{ field: 'status', operator: 'less_than', value: 'solved' }],
    any: [{ field: 'current_tags', operator: 'includes', value: 'vip' },
      { field: 'priority', operator: 'is', value: 'urgent' }],
    output: { columns: ['status', 'subject', 'priority'], sort_by: 'created', sort_order: 'asc' } });
  assert.equal(v.title, 'VIP unsolved');
  assert.equal(v.raw_title, 'VIP unsolved');
  assert.equal(v.description, 'Important');
  assert.equal(v.default, false);
  assert.equal(v.restriction, null);
  assert.equal(v.execution.sort_by, 'created');
  assert.deepEqual(v.execution.sort, { id: 'created', title: 'Requested', order: 'asc' });
  assert.deepEqual(v.execution.columns, [{ id: 'status', title: 'Status' },
    { id: 'subject', title: 'Subject' }, { id: 'priority', title: 'Priority' }]);
  assert.deepEqual(await names(v.id), ['new1', 'bob-hold']);
  let r = await srv.api('GET', `/views/${v.id}.json`, A);
  assert.deepEqual(r.json.view, v);
  r = await api('PUT', `/views/${v.id}.json`, A, { view: { title: 'VIP', active: false,
    output: { sort_order: 'desc' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.view.title, 'VIP');
  assert.equal(r.json.view.active, false);
  assert.deepEqual(r.json.view.conditions, v.conditions);
  assert.deepEqual(await names(v.id), ['bob-hold', 'new1']);
  assert.ok(!(await srv.api('GET', '/views/active.json', A)).json.views.some((x) => x.id === v.id));
  r = await srv.api('GET', '/views/compact.json', A);
  assert.equal(r.json.views[0].conditions, undefined);
  assert.equal((await api('DELETE', `/views/${v.id}.json`, A)).status, 204);
  assert.equal((await srv.api('GET', `/views/${v.id}.json`, A)).status, 404);
  // Validation: title, conditions (fields, operators, values, views only),
  // output.
  const bad = [
    [{ all: [{ field: 'status', operator: 'is', value: 'new' }] }, 'title'],
    [{ title: 'x' }, 'conditions'],
    [{ title: 'x', all: [{ field: 'status', operator: 'is', value: 'nope' }] }, 'conditions'],
    [{ title: 'x', all: [{ field: 'update_type', operator: 'is', value: 'Create' }] }, 'conditions'],
    [{ title: 'x', all: [{ field: 'status', operator: 'changed' }] }, 'conditions'],
    [{ title: 'x', all: [{ field: 'group_id', operator: 'is', value: 999999 }] }, 'conditions'],
    [{ title: 'x', all: [{ field: 'status', operator: 'is', value: 'new' }],
      output: { columns: ['colour'] } }, 'output'],
    [{ title: 'x', all: [{ field: 'status', operator: 'is', value: 'new' }],
      output: { sort_by: 'satisfaction_score' } }, 'output'],
    [{ title: 'x', all: [{ field: 'status', operator: 'is', value: 'new' }],
      output: { sort_order: 'sideways' } }, 'output'],
  ];
  for (const [view, key] of bad) {
    r = await api('POST', '/views.json', A, { view });
    assert.equal(r.status, 422, `${JSON.stringify(view)}: ${r.text}`);
    assert.ok(r.json.details[key], `${key} in ${r.text}`);
  }
  assert.equal((await api('POST', '/views.json', A, { nope: 1 })).status, 400);
});

test('personal and group views: who sees them and who may change them', async () => {
  const mine = await create({ title: 'Ann\'s', all: [{ field: 'assignee_id', operator: 'is',
    value: 'current_user' }] }, { auth: ann.auth });
  assert.deepEqual(mine.restriction, { type: 'User', id: ann.id, ids: [ann.id] });
  assert.equal((await srv.api('GET', `/views/${mine.id}.json`, { auth: bob.auth })).status, 404);
  assert.equal((await srv.api('GET', `/views/${mine.id}/tickets.json`, { auth: bob.auth })).status, 404);
  let r = await srv.api('GET', '/views.json?access=personal', { auth: ann.auth });
  assert.deepEqual(r.json.views.map((v) => v.title), ['Ann\'s']);
  r = await api('PUT', `/views/${mine.id}.json`, { auth: ann.auth }, { view: { title: 'Mine' } });
  assert.equal(r.status, 200, r.text);
  // Agents may not share views, nor change shared ones.
  r = await api('POST', '/views.json', { auth: ann.auth }, { view: { title: 'for all',
    all: [{ field: 'status', operator: 'is', value: 'new' }], restriction: null } });
  assert.equal(r.status, 403);
  const shared = (await srv.api('GET', '/views.json', A)).json.views.find((v) => v.default);
  r = await api('PUT', `/views/${shared.id}.json`, { auth: ann.auth }, { view: { title: 'mine now' } });
  assert.equal(r.status, 403);
  assert.equal((await api('DELETE', `/views/${shared.id}.json`, { auth: ann.auth })).status, 403);
  const group = await create({ title: 'Tier 2 queue', all: [{ field: 'group_id', operator: 'is',
    value: 'current_groups' }], restriction: { type: 'Group', ids: [tier2] } });
  assert.equal((await srv.api('GET', `/views/${group.id}.json`, { auth: ann.auth })).status, 404);
  assert.deepEqual(sorted(await names(group.id, { auth: bob.auth })), ['bob-hold', 'new2', 'solved']);
  r = await srv.api('GET', '/views.json?access=shared', { auth: bob.auth });
  assert.ok(r.json.views.some((v) => v.id === group.id));
  assert.equal((await srv.api('GET', '/views.json?access=everyone', A)).status, 400);
  // End users have no views.
  assert.equal((await srv.api('GET', '/views.json', { auth: eve.auth })).status, 403);
});

test('restricted agents see only their tickets in every view', async () => {
  const all = (await srv.api('GET', '/views.json', A)).json.views.find((v) => v.title === 'All unsolved tickets');
  assert.deepEqual(sorted(await names(all.id, { auth: bob.auth })), ['bob-hold', 'new2']);
  const c = await srv.api('GET', `/views/${all.id}/count.json`, { auth: bob.auth });
  assert.equal(c.json.view_count.value, 2);
});

test('tickets pages by offset and sorts; execute and preview give rows and columns', async () => {
  const v = await create({ title: 'Everything open-ish', all: [{ field: 'status', operator: 'less_than',
    value: 'closed' }], output: { columns: ['subject', 'priority', 'assignee', 'updated'],
    sort_by: 'nice_id', sort_order: 'asc' } });
  const order = Object.values(T).sort((a, b) => a - b);
  let r = await srv.api('GET', `/views/${v.id}/tickets.json?per_page=4`, A);
  assert.deepEqual(r.json.tickets.map((t) => t.id), order.slice(0, 4));
  assert.equal(r.json.count, 6);
  assert.ok(r.json.next_page.includes('page=2'));
  r = await srv.api('GET', `/views/${v.id}/tickets.json?per_page=4&page=2`, A);
  assert.deepEqual(r.json.tickets.map((t) => t.id), order.slice(4));
  assert.equal(r.json.next_page, null);
  r = await srv.api('GET', `/views/${v.id}/tickets.json?per_page=4&page=9`, A);
  assert.deepEqual(r.json.tickets, []);
  assert.equal(r.json.count, 6);
  r = await srv.api('GET', `/views/${v.id}/tickets.json?sort_by=priority&sort_order=desc&per_page=2`, A);
  assert.deepEqual(r.json.tickets.map((t) => t.id), [T.new1, T['ann-open']]);
  assert.equal((await srv.api('GET', `/views/${v.id}/tickets.json?sort_by=colour`, A)).status, 400);
  r = await srv.api('GET', `/views/${v.id}/tickets.json?include=users`, A);
  assert.ok(r.json.users.some((u) => u.id === ann.id));
  r = await srv.api('GET', `/views/${v.id}/execute.json?per_page=2`, A);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.view.id, v.id);
  assert.deepEqual(r.json.columns.map((c) => c.id), ['subject', 'priority', 'assignee', 'updated']);
  assert.equal(r.json.rows.length, 2);
  assert.equal(r.json.count, 6);
  const row = r.json.rows[0];
  assert.equal(row.ticket_id, order[0]);
  assert.equal(row.ticket.id, order[0]);
  assert.equal(row.subject, 'new1');
  assert.equal(row.priority, 'high');
  assert.ok('updated' in row && 'assignee_id' in row);
  assert.ok(r.json.next_page.includes('page=2'));
  r = await api('POST', '/views/preview.json', A, { view: {
    all: [{ field: 'current_tags', operator: 'includes', value: 'billing' }],
    output: { columns: ['subject', 'status'] } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.rows.map((x) => x.subject), ['bob-hold']);
  assert.equal(r.json.rows[0].status, 'hold');
  r = await api('POST', '/views/preview.json', A, { view: { all: [{ field: 'nope', operator: 'is', value: 1 }] } });
  assert.equal(r.status, 422);
});

test('conditions only the engine decides (custom fields, business hours) still select exactly', async () => {
  let r = await api('POST', '/ticket_fields.json', A, { ticket_field: { type: 'text', title: 'Order' } });
  const field = r.json.ticket_field.id;
  r = await api('PUT', `/tickets/${T['ann-open']}.json`, A, { ticket: { custom_fields: [{ id: field, value: '42' }] } });
  assert.equal(r.status, 200, r.text);
  const v = await create({ title: 'Order 42', all: [{ field: `custom_fields_${field}`, operator: 'is',
    value: '42.0' }, { field: 'status', operator: 'less_than', value: 'solved' }] });
  assert.deepEqual(await names(v.id), ['ann-open']);
  assert.equal((await srv.api('GET', `/views/${v.id}/count.json`, A)).json.view_count.value, 1);
  const bh = await create({ title: 'Young', all: [{ field: 'NEW', operator: 'less_than_business_hours',
    value: 1000 }], any: [{ field: `custom_fields_${field}`, operator: 'present' },
    { field: 'priority', operator: 'is', value: 'high' }] });
  assert.deepEqual(sorted(await names(bh.id)), ['ann-open', 'new1']);
});

test('views of another account answer 404', async () => {
  const v = (await srv.api('GET', '/views.json', A)).json.views[0];
  for (const [m, p] of [['GET', `/views/${v.id}.json`], ['PUT', `/views/${v.id}.json`],
    ['DELETE', `/views/${v.id}.json`], ['GET', `/views/${v.id}/tickets.json`],
    ['GET', `/views/${v.id}/count.json`], ['GET', `/views/${v.id}/execute.json`]]) {
    const r = await api(m, p, B, m === 'PUT' ? { view: { title: 'x' } } : undefined);
    if (r.status === 200 && m === 'GET') {
      // Beta has its own views with the same ids? Then they must be beta's.
      assert.ok(!JSON.stringify(r.json).includes('new1'), p);
    } else {
      assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
    }
  }
  const mine = await create({ title: 'acme only', all: [{ field: 'status', operator: 'is', value: 'new' }] });
  assert.equal((await srv.api('GET', `/views/${mine.id}.json`, B)).status, 404);
  assert.equal((await srv.api('GET', `/views/${mine.id}/tickets.json`, B)).status, 404);
  const c = await srv.api('GET', `/views/count_many.json?ids=${mine.id}`, B);
  assert.deepEqual(c.json.view_counts, []);
  const betaAll = (await srv.api('GET', '/views.json', B)).json.views.find((x) => x.title === 'All unsolved tickets');
  const r = await srv.api('GET', `/views/${betaAll.id}/tickets.json`, B);
  assert.deepEqual(r.json.tickets.map((t) => t.subject), ['beta one']);
});

test('node-zendesk: views list, show, create, update, tickets, execute, counts', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const list = await client.views.list();
  assert.ok(list.some((v) => v.title === 'All unsolved tickets'));
  const created = await client.views.create({ view: { title: 'From NZ',
    all: [{ field: 'status', operator: 'is', value: 'pending' }] } });
  const id = created.result.id;
  assert.equal((await client.views.show(id)).result.title, 'From NZ');
  assert.equal((await client.views.update(id, { view: { title: 'From NZ 2' } })).result.title, 'From NZ 2');
  // node-zendesk unwraps only the module's own names ("views", "view"):
  // the tickets list comes back as the pages' bodies, execute as its
  // "view" member (in a list), counts as the whole body.
  const tickets = await client.views.tickets(id);
  assert.deepEqual(tickets.flatMap((page) => page.tickets).map((t) => t.id), [T['ann-pending']]);
  const exec = await client.views.execute(id, { sort_by: 'nice_id', sort_order: 'desc' });
  assert.equal(exec[0].id, id);
  const count = await client.views.showCount(id);
  assert.equal(count.result.view_count.value, 1);
  const counts = await client.views.showCounts([id]);
  assert.deepEqual(counts.result.view_counts.map((c) => c.value), [1]);
  const active = await client.views.listActive();
  assert.ok(active.some((v) => v.id === id));
});
