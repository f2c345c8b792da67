// Groups and group memberships: CRUD, soft deletion, the default group,
// roles, both paging styles, assignable lists, bulk jobs, each agent's
// default group, cross-account isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { pageCursor, pageOffset, uniqueIds } = require('./lib/paging');

let srv, admin, beta, agent, agentAuth, endUser, endAuth, betaGroup, betaAgent;

async function post(path, root, obj, opts = admin) {
  const r = await srv.api('POST', path, { ...opts, body: { [root]: obj } });
  assert.equal(r.status, 201, r.text);
  return r.json[root];
}
const group = (g, opts) => post('/groups.json', 'group', g, opts);
const user = (u, opts) => post('/users.json', 'user', u, opts);
const member = (m, opts) => post('/group_memberships.json', 'group_membership', m, opts);
const get = async (path, opts = admin) => (await srv.api('GET', path, opts)).json;

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  admin = { auth: srv.admin };
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await user({ name: 'Agent', email: 'agent@acme.test', role: 'agent', password: 'agent-password-1' });
  agentAuth = { auth: basic('agent@acme.test', 'agent-password-1') };
  endUser = await user({ name: 'End', email: 'end@acme.test', password: 'end-password-1' });
  endAuth = { auth: basic('end@acme.test', 'end-password-1') };
  betaGroup = await group({ name: 'Beta Group' }, beta);
  betaAgent = await user({ name: 'Beta Agent', role: 'agent', email: 'a@beta.test' }, beta);
});
test.after(() => srv.stop());

test('every account starts with its default group "Support"', async () => {
  const r = await get('/groups.json');
  assert.equal(r.groups.length, 1);
  assert.equal(r.groups[0].name, 'Support');
  assert.equal(r.groups[0].default, true);
  assert.equal(r.groups[0].deleted, false);
  assert.equal((await get('/groups.json', beta)).groups.filter((g) => g.default).length, 1);
});

test('create answers 201 with Location; updates persist; names are unique', async () => {
  let r = await srv.api('POST', '/groups.json', { ...admin, body: { group: {
    name: 'Billing', description: 'Money questions', is_public: false } } });
  assert.equal(r.status, 201, r.text);
  const g = r.json.group;
  assert.equal(r.headers.location, g.url);
  assert.equal(g.url, `${srv.origin}/api/v2/groups/${g.id}.json`);
  assert.deepEqual([g.name, g.description, g.is_public, g.default, g.deleted],
    ['Billing', 'Money questions', false, false, false]);
  assert.deepEqual((await get(`/groups/${g.id}.json`, agentAuth)).group, g);
  r = await srv.api('PUT', `/groups/${g.id}.json`, { ...admin, body: { group: { description: 'Invoices', is_public: true } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.group.name, 'Billing');
  assert.equal((await get(`/groups/${g.id}.json`)).group.description, 'Invoices');
  r = await srv.api('POST', '/groups.json', { ...admin, body: { group: { name: 'billing' } } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.details.name, [{ error: 'DuplicateValue', description: 'Name: billing has already been taken' }]);
  r = await srv.api('POST', '/groups.json', { ...admin, body: { group: { description: 'x', is_public: 'no' } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.name[0].error, 'BlankValue');
  assert.equal(r.json.details.is_public[0].error, 'InvalidValue');
  r = await srv.api('POST', '/groups.json', { ...admin, body: { group: { name: 'y'.repeat(101) } } });
  assert.equal(r.json.details.name[0].error, 'TooLong');
  r = await srv.api('PUT', '/groups/999999.json', { ...admin, body: { group: { name: 'x' } } });
  assert.equal(r.status, 404);
});

test('the default group moves but never disappears', async () => {
  const support = (await get('/groups.json')).groups.find((g) => g.default);
  const g = await group({ name: 'New Default', default: true });
  assert.equal(g.default, true);
  assert.equal((await get(`/groups/${support.id}.json`)).group.default, false);
  let r = await srv.api('DELETE', `/groups/${g.id}.json`, admin);
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `/groups/${g.id}.json`, { ...admin, body: { group: { default: false } } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `/groups/${support.id}.json`, { ...admin, body: { group: { default: true } } });
  assert.equal(r.json.group.default, true);
  assert.equal((await get(`/groups/${g.id}.json`)).group.default, false);
  assert.equal((await get('/groups.json?per_page=100')).groups.filter((x) => x.default).length, 1);
});

test('400, 401, 403: malformed input, no credentials, agents writing, end users reading', async () => {
  let r = await srv.api('POST', '/groups.json', { ...admin, raw: 'nope', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/groups.json', { ...admin, body: { group: 'Billing' } });
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/groups.json?page[after]=x', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/groups.json');
  assert.equal(r.status, 401);
  const g = await group({ name: 'Perms' });
  for (const [m, p, body] of [['POST', '/groups.json', { group: { name: 'x' } }],
    ['PUT', `/groups/${g.id}.json`, { group: { name: 'x' } }], ['DELETE', `/groups/${g.id}.json`],
    ['POST', '/group_memberships.json', { group_membership: { user_id: agent.id, group_id: g.id } }],
    ['POST', '/group_memberships/create_many.json', { group_memberships: [] }],
    ['DELETE', '/group_memberships/destroy_many.json?ids=1'], ['DELETE', '/group_memberships/1.json'],
    ['PUT', `/users/${agent.id}/group_memberships/1/make_default.json`]]) {
    r = await srv.api(m, p, { ...agentAuth, body });
    assert.equal(r.status, 403, `${m} ${p}`);
  }
  for (const p of ['/groups.json', `/groups/${g.id}.json`, '/groups/count.json', '/group_memberships.json',
    `/users/${endUser.id}/groups.json`]) {
    assert.equal((await srv.api('GET', p, endAuth)).status, 403, p);
  }
  assert.equal((await get(`/groups/${g.id}.json`)).group.name, 'Perms');
});

test('memberships: agents only, no duplicates, each agent\'s default group', async () => {
  const g1 = await group({ name: 'Tier 1' });
  const g2 = await group({ name: 'Tier 2' });
  const a = await user({ name: 'Member Agent', role: 'agent', email: 'ma@acme.test' });
  let r = await srv.api('POST', '/group_memberships.json', { ...admin,
    body: { group_membership: { user_id: endUser.id, group_id: g1.id } } });
  assert.equal(r.status, 422);
  assert.match(r.json.details.user_id[0].description, /only agents/);
  r = await srv.api('POST', '/group_memberships.json', { ...admin,
    body: { group_membership: { user_id: 999999, group_id: 999999 } } });
  assert.ok(r.json.details.user_id && r.json.details.group_id);
  r = await srv.api('POST', '/group_memberships.json', { ...admin, body: { group_membership: { user_id: a.id } } });
  assert.equal(r.json.details.group_id[0].error, 'BlankValue');
  const m1 = await member({ user_id: a.id, group_id: g1.id });
  assert.equal(m1.default, true);
  assert.equal(m1.url, `${srv.origin}/api/v2/group_memberships/${m1.id}.json`);
  assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, g1.id);
  r = await srv.api('POST', '/group_memberships.json', { ...admin,
    body: { group_membership: { user_id: a.id, group_id: g1.id } } });
  assert.equal(r.json.details.user_id[0].error, 'DuplicateValue');
  const m2 = (await srv.api('POST', `/users/${a.id}/group_memberships.json`, { ...admin,
    body: { group_membership: { group_id: g2.id } } })).json.group_membership;
  assert.equal(m2.default, false);
  assert.equal(m2.user_id, a.id);

  r = await srv.api('PUT', `/users/${a.id}/group_memberships/${m2.id}/make_default.json`, admin);
  assert.deepEqual(r.json.group_memberships.map((m) => [m.id, m.default]), [[m1.id, false], [m2.id, true]]);
  assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, g2.id);
  r = await srv.api('PUT', `/users/${agent.id}/group_memberships/${m2.id}/make_default.json`, admin);
  assert.equal(r.status, 404);

  assert.deepEqual((await get(`/users/${a.id}/group_memberships.json`)).group_memberships.map((m) => m.id), [m1.id, m2.id]);
  assert.equal((await get(`/users/${a.id}/group_memberships/${m1.id}.json`)).group_membership.group_id, g1.id);
  assert.equal((await srv.api('GET', `/users/${agent.id}/group_memberships/${m1.id}.json`, admin)).status, 404);
  assert.equal((await get(`/group_memberships/${m2.id}.json`, agentAuth)).group_membership.user_id, a.id);
  assert.deepEqual((await get(`/users/${a.id}/groups.json`)).groups.map((g) => g.id), [g1.id, g2.id]);
  assert.equal((await get(`/users/${a.id}/groups/count.json`)).count.value, 2);
  assert.deepEqual((await get(`/groups/${g1.id}/users.json`)).users.map((u) => u.id), [a.id]);
  assert.deepEqual((await get(`/groups/${g1.id}/memberships.json`)).group_memberships.map((m) => m.id), [m1.id]);

  // Deleting the default membership promotes the other.
  r = await srv.api('DELETE', `/users/${a.id}/group_memberships/${m2.id}.json`, admin);
  assert.equal(r.status, 204);
  assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, g1.id);
  assert.equal((await srv.api('DELETE', `/group_memberships/${m2.id}.json`, admin)).status, 404);
  // default_group_id on the user joins the group.
  r = await srv.api('PUT', `/users/${a.id}.json`, { ...admin, body: { user: { default_group_id: g2.id } } });
  assert.equal(r.json.user.default_group_id, g2.id);
  assert.equal((await get(`/users/${a.id}/groups/count.json`)).count.value, 2);
  r = await srv.api('PUT', `/users/${endUser.id}.json`, { ...admin, body: { user: { default_group_id: g2.id } } });
  assert.equal(r.status, 422);
  // Demotion to end user drops every membership.
  r = await srv.api('PUT', `/users/${a.id}.json`, { ...admin, body: { user: { role: 'end-user' } } });
  assert.equal(r.json.user.default_group_id, null);
  assert.equal((await get(`/users/${a.id}/group_memberships.json`)).group_memberships.length, 0);
});

test('deleting a group is soft and drops its memberships', async () => {
  const keep = await group({ name: 'Keep' });
  const gone = await group({ name: 'Gone' });
  const a = await user({ name: 'Two Groups', role: 'agent', email: 'two@acme.test' });
  await member({ user_id: a.id, group_id: gone.id });
  await member({ user_id: a.id, group_id: keep.id });
  assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, gone.id);
  const before = (await get('/groups/count.json')).count.value;
  let r = await srv.api('DELETE', `/groups/${gone.id}.json`, admin);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  r = await get(`/groups/${gone.id}.json`);
  assert.equal(r.group.deleted, true);
  assert.equal((await get('/groups/count.json')).count.value, before - 1);
  const listed = await pageCursor(srv, '/groups.json', 'groups', 100, admin);
  assert.ok(!listed.items.some((g) => g.id === gone.id));
  assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, keep.id);
  assert.deepEqual((await get(`/users/${a.id}/groups.json`)).groups.map((g) => g.id), [keep.id]);
  assert.equal((await get(`/groups/${gone.id}/memberships.json`)).group_memberships.length, 0);
  assert.equal((await srv.api('DELETE', `/groups/${gone.id}.json`, admin)).status, 404);
  assert.equal((await srv.api('PUT', `/groups/${gone.id}.json`, { ...admin, body: { group: { name: 'x' } } })).status, 404);
  r = await srv.api('POST', '/group_memberships.json', { ...admin, body: { group_membership: { user_id: a.id, group_id: gone.id } } });
  assert.equal(r.json.details.group_id[0].error, 'InvalidValue');
  // Its name is free again.
  await group({ name: 'Gone' });
});

test('cursor and offset paging each see every group and membership exactly once', async () => {
  for (let i = 0; i < 17; i++) await group({ name: `Paged ${i}` });
  const total = (await get('/groups/count.json')).count.value;
  const cur = await pageCursor(srv, '/groups.json', 'groups', 5, agentAuth);
  const ids = uniqueIds(cur.items);
  assert.equal(ids.length, total);
  const off = await pageOffset(srv, '/groups.json', 'groups', 5, agentAuth);
  assert.deepEqual(uniqueIds(off.items), ids);
  const assignable = await pageCursor(srv, '/groups/assignable.json', 'groups', 5, agentAuth);
  assert.deepEqual(uniqueIds(assignable.items), ids);

  const g = await group({ name: 'Crowded' });
  const agents = [];
  for (let i = 0; i < 11; i++) agents.push(await user({ name: `Crowd ${i}`, role: 'agent' }));
  let r = await srv.api('POST', '/group_memberships/create_many.json', { ...admin, body: {
    group_memberships: agents.map((a) => ({ user_id: a.id, group_id: g.id })).concat([{ user_id: endUser.id, group_id: g.id }]) } });
  const job = r.json.job_status;
  assert.equal(job.job_type, 'bulk_create_group_memberships');
  assert.equal(job.results.filter((x) => x.success).length, 11);
  assert.equal(job.results[11].success, false);
  const path = `/groups/${g.id}/memberships.json`;
  const mc = await pageCursor(srv, path, 'group_memberships', 4, admin);
  assert.equal(uniqueIds(mc.items).length, 11);
  const mo = await pageOffset(srv, path, 'group_memberships', 4, admin);
  assert.deepEqual(uniqueIds(mo.items), uniqueIds(mc.items));
  const all = await pageCursor(srv, '/group_memberships.json', 'group_memberships', 4, admin);
  assert.ok(uniqueIds(all.items).length >= 11);
  const users = await pageOffset(srv, `/groups/${g.id}/users.json`, 'users', 4, admin);
  assert.deepEqual(users.items.map((u) => u.id), agents.map((a) => a.id));

  // Assignable memberships leave out suspended agents.
  await srv.api('PUT', `/users/${agents[0].id}.json`, { ...admin, body: { user: { suspended: true } } });
  r = await get(`/groups/${g.id}/memberships/assignable.json`);
  assert.equal(r.group_memberships.length, 10);
  r = await get('/group_memberships/assignable.json?per_page=100');
  assert.ok(!r.group_memberships.some((m) => m.user_id === agents[0].id));

  const ids2 = job.results.filter((x) => x.success).map((x) => x.id);
  r = await srv.api('DELETE', `/group_memberships/destroy_many.json?ids=${ids2.join(',')},999999`, admin);
  assert.equal(r.json.job_status.results.filter((x) => x.success).length, 11);
  assert.equal(r.json.job_status.results[11].error, 'RecordNotFound');
  assert.equal((await get(path)).count, 0);
  for (const a of agents) assert.equal((await get(`/users/${a.id}.json`)).user.default_group_id, null);
  r = await srv.api('DELETE', '/group_memberships/destroy_many.json?external_ids=a', admin);
  assert.equal(r.status, 400);
});

test('another account\'s groups and memberships answer 404', async () => {
  const m = await member({ user_id: betaAgent.id, group_id: betaGroup.id }, beta);
  const id = betaGroup.id;
  for (const [mth, p, body] of [['GET', `/groups/${id}.json`], ['PUT', `/groups/${id}.json`, { group: { name: 'x' } }],
    ['DELETE', `/groups/${id}.json`], ['GET', `/groups/${id}/users.json`], ['GET', `/groups/${id}/memberships.json`],
    ['GET', `/groups/${id}/memberships/assignable.json`], ['GET', `/group_memberships/${m.id}.json`],
    ['DELETE', `/group_memberships/${m.id}.json`], ['GET', `/users/${betaAgent.id}/group_memberships/${m.id}.json`],
    ['DELETE', `/users/${betaAgent.id}/group_memberships/${m.id}.json`],
    ['PUT', `/users/${betaAgent.id}/group_memberships/${m.id}/make_default.json`],
    ['POST', `/users/${betaAgent.id}/group_memberships.json`, { group_membership: { group_id: 1 } }]]) {
    const r = await srv.api(mth, p, { ...admin, body });
    assert.equal(r.status, 404, `${mth} ${p}: ${r.text}`);
    assert.equal(r.json.error, 'RecordNotFound');
  }
  let r = await srv.api('POST', '/group_memberships.json', { ...admin,
    body: { group_membership: { user_id: betaAgent.id, group_id: betaGroup.id } } });
  assert.equal(r.status, 422);
  r = await srv.api('DELETE', `/group_memberships/destroy_many.json?ids=${m.id}`, admin);
  assert.equal(r.json.job_status.results[0].success, false);
  assert.ok(!(await get('/group_memberships.json?per_page=100')).group_memberships.some((x) => x.id === m.id));
  assert.equal((await get(`/groups/${id}.json`, beta)).group.name, 'Beta Group');
  assert.equal((await get(`/group_memberships/${m.id}.json`, beta)).group_membership.id, m.id);
});

test('node-zendesk drives groups and group memberships', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: srv.origin + '/api/v2' });
  const start = (await get('/groups/count.json')).count.value;
  for (let i = start; i < 105; i++) await client.groups.create({ group: { name: `NZ Fill ${i}` } });
  const created = await client.groups.create({ group: { name: 'NZ Group' } });
  assert.equal(created.response.status, 201);
  const id = created.result.id;
  const all = await client.groups.list();
  assert.equal(all.length, (await get('/groups/count.json')).count.value);
  assert.ok(all.length > 100);
  assert.equal(new Set(all.map((g) => g.id)).size, all.length);
  assert.equal((await client.groups.assignable()).length, all.length);
  assert.equal((await client.groups.count()).result.count.value, all.length);
  assert.equal((await client.groups.show(id)).result.name, 'NZ Group');
  assert.equal((await client.groups.update(id, { group: { description: 'nz' } })).result.description, 'nz');

  const m = await client.groupmemberships.create({ group_membership: { user_id: agent.id, group_id: id } });
  assert.equal(m.response.status, 201);
  assert.equal(m.result.group_id, id);
  const byGroup = await client.groupmemberships.listByGroup(id);
  assert.deepEqual(byGroup.map((x) => x.id), [m.result.id]);
  const byUser = await client.groupmemberships.listByUser(agent.id);
  assert.ok(byUser.some((x) => x.id === m.result.id));
  assert.equal((await client.groups.countByUser(agent.id)).result.count.value, byUser.length);
  await client.groupmemberships.delete(m.result.id);
  assert.equal((await get(`/groups/${id}/memberships.json`)).group_memberships.length, 0);

  await client.groups.delete(id);
  assert.equal((await client.groups.show(id)).result.deleted, true);
  await assert.rejects(client.groups.create({ group: { name: 'NZ Fill 50' } }), /422/);
});
