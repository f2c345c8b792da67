// Macros: shared, personal and group macros and who sees and changes
// them, categories, apply (a preview on an empty ticket), validation,
// bulk endpoints, isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, ann, bob, endUser, tier1;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  ann = await makeUser(srv, A, 'acme', 'ann@acme.test', 'agent');
  bob = await makeUser(srv, A, 'acme', 'bob@acme.test', 'agent');
  endUser = await makeUser(srv, A, 'acme', 'eve@acme.test', 'end-user');
  tier1 = makeGroup(srv, 'acme', 'Tier 1', [ann.id]);
});
test.after(() => srv.stop());

const macro = (title, extra = {}) => ({
  title,
  actions: [{ field: 'status', value: 'solved' },
    { field: 'comment_value', value: 'Thanks {{ticket.requester.first_name}}!' }],
  ...extra,
});

const post = (m, opts = A) => srv.api('POST', '/macros.json', { ...opts, body: { macro: m } });

async function create(m, opts = A) {
  const r = await post(m, opts);
  assert.equal(r.status, 201, r.text);
  return r.json.macro;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

const titles = async (q, opts) => (await srv.api('GET', `/macros.json${q}`, opts)).json.macros.map((m) => m.title);

test('create, show, update and delete a shared macro', async () => {
  const m = await create(macro('Support::Close politely', { description: 'Solves with thanks' }));
  assert.equal(m.restriction, null);
  assert.equal(m.default, false);
  assert.equal(m.description, 'Solves with thanks');
  assert.equal(m.url, `${srv.origin}/api/v2/macros/${m.id}.json`);
  assert.deepEqual(Object.keys(m).sort(), ['actions', 'active', 'created_at', 'default', 'description', 'id',
    'position', 'raw_title', 'restriction', 'title', 'updated_at', 'url'].sort());
  let r = await srv.api('GET', `/macros/${m.id}.json`, A);
  assert.deepEqual(r.json.macro, m);
  r = await srv.api('PUT', `/macros/${m.id}.json`, { ...A, body: { macro: { title: 'Support::Close kindly',
    actions: [{ field: 'priority', value: 'low' }] } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.macro.title, 'Support::Close kindly');
  assert.deepEqual(r.json.macro.actions, [{ field: 'priority', value: 'low' }]);
  r = await srv.api('DELETE', `/macros/${m.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `/macros/${m.id}.json`, A)).status, 404);
});

test('personal macros: an agent\'s own, invisible to other agents', async () => {
  const mine = await create(macro('Ann\'s shortcut'), { auth: ann.auth });
  assert.deepEqual(mine.restriction, { type: 'User', id: ann.id, ids: [ann.id] });
  let r = await srv.api('GET', `/macros/${mine.id}.json`, { auth: bob.auth });
  assert.equal(r.status, 404);
  assert.ok(!(await titles('', { auth: bob.auth })).includes('Ann\'s shortcut'));
  assert.ok((await titles('', { auth: ann.auth })).includes('Ann\'s shortcut'));
  assert.ok((await titles('', A)).includes('Ann\'s shortcut'));
  r = await srv.api('PUT', `/macros/${mine.id}.json`, { auth: bob.auth, body: { macro: { title: 'Bob was here' } } });
  assert.equal(r.status, 404);
  r = await srv.api('PUT', `/macros/${mine.id}.json`, { auth: ann.auth, body: { macro: { title: 'Ann\'s own' } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.macro.restriction, mine.restriction);
  // Agents may not share: not with everyone, a group or someone else.
  r = await srv.api('PUT', `/macros/${mine.id}.json`, { auth: ann.auth, body: { macro: { restriction: null } } });
  assert.equal(r.status, 403);
  r = await post(macro('Shared by agent', { restriction: null }), { auth: ann.auth });
  assert.equal(r.status, 403);
  r = await post(macro('Group by agent', { restriction: { type: 'Group', ids: [tier1] } }), { auth: ann.auth });
  assert.equal(r.status, 403);
  r = await post(macro('For Bob', { restriction: { type: 'User', id: bob.id } }), { auth: ann.auth });
  assert.equal(r.status, 403);
  const explicit = await create(macro('Explicitly mine', { restriction: { type: 'User', id: ann.id } }), { auth: ann.auth });
  assert.equal(explicit.restriction.id, ann.id);
  r = await srv.api('DELETE', `/macros/${mine.id}.json`, { auth: ann.auth });
  assert.equal(r.status, 204);
});

test('agents use shared macros but only admins change them', async () => {
  const shared = await create(macro('Shared one'));
  let r = await srv.api('GET', `/macros/${shared.id}.json`, { auth: bob.auth });
  assert.equal(r.status, 200);
  r = await srv.api('PUT', `/macros/${shared.id}.json`, { auth: bob.auth, body: { macro: { title: 'x' } } });
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', `/macros/${shared.id}.json`, { auth: bob.auth });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', '/macros/update_many.json', { auth: bob.auth, body: { macros: [{ id: shared.id, active: false }] } });
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', `/macros/destroy_many.json?ids=${shared.id}`, { auth: bob.auth });
  assert.equal(r.status, 403);
  r = await srv.api('GET', `/macros/${shared.id}/apply.json`, { auth: bob.auth });
  assert.equal(r.status, 200);
  r = await srv.api('GET', `/macros/${shared.id}.json`, A);
  assert.equal(r.json.macro.title, 'Shared one');
  assert.equal(r.json.macro.active, true);
  r = await srv.api('GET', '/macros.json', { auth: endUser.auth });
  assert.equal(r.status, 403);
  r = await srv.api('GET', '/macros.json');
  assert.equal(r.status, 401);
});

test('group macros are seen by the group\'s members', async () => {
  const g = await create(macro('Tier 1::Escalate', { restriction: { type: 'Group', ids: [tier1] } }));
  assert.deepEqual(g.restriction, { type: 'Group', id: tier1, ids: [tier1] });
  assert.equal((await srv.api('GET', `/macros/${g.id}.json`, { auth: ann.auth })).status, 200);
  assert.equal((await srv.api('GET', `/macros/${g.id}.json`, { auth: bob.auth })).status, 404);
  assert.ok((await titles(`?group_id=${tier1}`, A)).includes('Tier 1::Escalate'));
  assert.ok(!(await titles(`?group_id=${tier1}`, A)).includes('Shared one'));
  const single = await create(macro('Tier 1 single', { restriction: { type: 'Group', id: tier1 } }));
  assert.deepEqual(single.restriction.ids, [tier1]);
  let d = detail(await post(macro('Bad group', { restriction: { type: 'Group', ids: [987654] } })), 'restriction');
  assert.match(d.description, /987654 is not a group/);
  d = detail(await post(macro('Bad type', { restriction: { type: 'Team', id: 1 } })), 'restriction');
  assert.match(d.description, /type must be User or Group/);
  d = detail(await post(macro('End user', { restriction: { type: 'User', id: endUser.id } })), 'restriction');
  assert.match(d.description, /one agent/);
  d = detail(await post(macro('No ids', { restriction: { type: 'Group' } })), 'restriction');
  assert.match(d.description, /id or ids/);
});

test('access filters, categories, search and active', async () => {
  await create(macro('Billing::Refund'));
  await create(macro('Billing::Invoice copy', { active: false }));
  await create(macro('Bob only'), { auth: bob.auth });
  let t = await titles('?access=personal', { auth: bob.auth });
  assert.deepEqual(t, ['Bob only']);
  t = await titles('?access=shared', { auth: bob.auth });
  assert.ok(t.includes('Billing::Refund') && !t.includes('Bob only'));
  t = await titles('?access=account', A);
  assert.ok(t.includes('Billing::Refund') && !t.includes('Tier 1::Escalate'));
  assert.equal((await srv.api('GET', '/macros.json?access=everyone', A)).status, 400);
  t = await titles('?category=Billing', A);
  assert.deepEqual(t.sort(), ['Billing::Invoice copy', 'Billing::Refund']);
  let r = await srv.api('GET', '/macros/categories.json', { auth: bob.auth });
  assert.equal(r.status, 200);
  assert.ok(r.json.categories.includes('Billing'));
  assert.ok(!r.json.categories.includes('Tier 1'));  // bob is not in Tier 1
  r = await srv.api('GET', '/macros/categories.json', { auth: ann.auth });
  assert.ok(r.json.categories.includes('Tier 1'));
  assert.deepEqual(r.json.categories, [...r.json.categories].sort());
  r = await srv.api('GET', '/macros/active.json', A);
  assert.ok(r.json.macros.every((m) => m.active));
  assert.ok(!r.json.macros.some((m) => m.title === 'Billing::Invoice copy'));
  r = await srv.api('GET', '/macros/search.json?query=invoice', A);
  assert.deepEqual(r.json.macros.map((m) => m.title), ['Billing::Invoice copy']);
  r = await srv.api('GET', '/macros/search.json?query=bob', { auth: ann.auth });
  assert.equal(r.json.macros.length, 0);
});

test('apply previews the macro on an empty ticket without saving anything', async () => {
  const m = await create({ title: 'Assign to me and reply', actions: [
    { field: 'assignee_id', value: 'current_user' }, { field: 'group_id', value: tier1 },
    { field: 'priority', value: 'high' }, { field: 'set_tags', value: 'a b' },
    { field: 'subject', value: 'Re: {{ticket.title}}' },
    { field: 'comment_value', value: ['channel:all', 'On it, {{ticket.requester.first_name}}.'] },
    { field: 'comment_mode_is_public', value: 'false' }] });
  let r = await srv.api('GET', `/macros/${m.id}/apply.json`, { auth: ann.auth });
  assert.equal(r.status, 200, r.text);
  const t = r.json.result.ticket;
  assert.equal(t.assignee_id, ann.id);
  assert.equal(t.group_id, tier1);
  assert.equal(t.priority, 'high');
  assert.deepEqual(t.tags, ['a', 'b']);
  assert.equal(t.subject, 'Re: {{ticket.title}}');
  const comment = { body: 'On it, {{ticket.requester.first_name}}.', public: false,
    scoped_body: [['channel:all', 'On it, {{ticket.requester.first_name}}.']] };
  assert.deepEqual(t.comment, comment);
  assert.deepEqual(r.json.result.comment, comment);
  const f = (await srv.api('POST', '/ticket_fields.json', { ...A, body: { ticket_field: { type: 'text', title: 'Order' } } })).json.ticket_field;
  const withField = await create({ title: 'Set order', actions: [{ field: `custom_fields_${f.id}`, value: 'A-1' }] });
  r = await srv.api('GET', `/macros/${withField.id}/apply.json`, A);
  assert.deepEqual(r.json.result.ticket.custom_fields, [{ id: f.id, value: 'A-1' }]);
  assert.deepEqual(r.json.result.ticket.fields, [{ id: f.id, value: 'A-1' }]);
  assert.equal(r.json.result.comment, undefined);
  // Invisible or missing macros: 404.
  const annsOwn = await create(macro('Ann private'), { auth: ann.auth });
  assert.equal((await srv.api('GET', `/macros/${annsOwn.id}/apply.json`, { auth: bob.auth })).status, 404);
  assert.equal((await srv.api('GET', '/macros/999999/apply.json', A)).status, 404);
  // Nothing changed.
  r = await srv.api('GET', `/macros/${m.id}.json`, A);
  assert.equal(r.json.macro.actions.length, 7);
});

test('validation of macro actions and templates', async () => {
  let d = detail(await post({ title: 'Nothing', actions: [] }), 'actions');
  assert.equal(d.error, 'BlankValue');
  d = detail(await post({ title: 'Notify', actions: [{ field: 'notification_user', value: ['requester_id', 's', 'b'] }] }),
    'actions');
  assert.match(d.description, /'notification_user' cannot be used in macros/);
  d = detail(await post(macro('Typo', { actions: [{ field: 'comment_value', value: 'Hi {{ticket.requester.nmae}}' }] })),
    'actions');
  assert.match(d.description, /unknown placeholder \{\{ticket\.requester\.nmae\}\}/);
  d = detail(await post(macro('Close', { actions: [{ field: 'status', value: 'closed' }] })), 'actions');
  assert.match(d.description, /'closed' is not a valid value for 'status'/);
  d = detail(await post(macro('Field', { actions: [{ field: 'custom_fields_987654', value: 'x' }] })), 'actions');
  assert.match(d.description, /custom_fields_987654/);
  assert.equal(detail(await post({ actions: [{ field: 'status', value: 'open' }] }), 'title').error, 'BlankValue');
  // Conditions are not part of a macro and are ignored.
  const m = await create(macro('With conditions', { conditions: { all: [{ field: 'nope', operator: 'is', value: 1 }] } }));
  assert.equal(m.conditions, undefined);
});

test('definitions, actions, update_many and destroy_many', async () => {
  let r = await srv.api('GET', '/macros/definitions.json', A);
  assert.equal(r.status, 200);
  assert.ok(r.json.definitions.actions.some((a) => a.subject === 'comment_value'));
  assert.ok(!r.json.definitions.actions.some((a) => a.subject === 'notification_user'));
  r = await srv.api('GET', '/macros/actions.json', { auth: bob.auth });
  assert.ok(r.json.actions.some((a) => a.subject === 'set_tags'));
  const x = await create(macro('Many X'));
  const y = await create(macro('Many Y'));
  r = await srv.api('PUT', '/macros/update_many.json', { ...A, body: { macros: [{ id: x.id, active: false }, { id: y.id, position: 77 }] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.macros.map((m) => [m.active, m.position]), [[false, x.position], [true, 77]]);
  // An agent may bulk-change their own macros.
  const own = await create(macro('Bob bulk'), { auth: bob.auth });
  r = await srv.api('PUT', '/macros/update_many.json', { auth: bob.auth, body: { macros: [{ id: own.id, active: false }] } });
  assert.equal(r.status, 200, r.text);
  r = await srv.api('DELETE', `/macros/destroy_many.json?ids=${own.id}`, { auth: bob.auth });
  assert.equal(r.status, 204);
  r = await srv.api('DELETE', `/macros/destroy_many.json?ids=${x.id},${y.id}`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `/macros/${x.id}.json`, A)).status, 404);
});

test('another account\'s macros answer 404 everywhere', async () => {
  const m = await create(macro('Acme macro'));
  for (const [meth, p, body] of [['GET', `/macros/${m.id}.json`], ['GET', `/macros/${m.id}/apply.json`],
    ['PUT', `/macros/${m.id}.json`, { macro: { title: 'stolen' } }], ['DELETE', `/macros/${m.id}.json`],
    ['PUT', '/macros/update_many.json', { macros: [{ id: m.id, active: false }] }],
    ['DELETE', `/macros/destroy_many.json?ids=${m.id}`]]) {
    const r = await srv.api(meth, p, { ...B, body });
    assert.equal(r.status, 404, `${meth} ${p}`);
  }
  let r = await srv.api('GET', '/macros/search.json?query=Acme', B);
  assert.equal(r.json.macros.length, 0);
  // Beta cannot restrict a macro to acme's group or agent.
  r = await post(macro('Beta', { restriction: { type: 'Group', ids: [tier1] } }), B);
  assert.equal(r.status, 422);
  r = await post(macro('Beta', { restriction: { type: 'User', id: ann.id } }), B);
  assert.equal(r.status, 422);
  r = await srv.api('GET', `/macros/${m.id}.json`, A);
  assert.equal(r.json.macro.title, 'Acme macro');
});

test('node-zendesk drives macros', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const { result: created } = await zd.macros.create({ macro: macro('NZ::Macro') });
  assert.equal(created.macro.title, 'NZ::Macro');
  const id = created.macro.id;
  const active = await zd.macros.list();
  assert.ok(active.some((m) => m.id === id));
  const shared = await zd.macros.listByParams({ access: 'shared' });
  assert.ok(shared.some((m) => m.id === id));
  const { result: shown } = await zd.macros.show(id);
  assert.equal(shown.macro.id, id);
  const { result: updated } = await zd.macros.update(id, { macro: { title: 'NZ::Macro 2' } });
  assert.equal(updated.macro.title, 'NZ::Macro 2');
  const { result: applied } = await zd.macros.apply(id);
  assert.equal(applied.result.ticket.status, 'solved');
  const cats = await zd.macros.categories();
  assert.ok(cats[0].categories.includes('NZ'));
  const { result: found } = await zd.macros.search('NZ');
  assert.ok(found.some((m) => m.id === id));
  await zd.macros.delete(id);
  await assert.rejects(zd.macros.show(id), /404/);
});
