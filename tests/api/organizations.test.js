// Organizations and organization memberships: CRUD, roles, validation,
// lookups, both paging styles, bulk jobs, the user's default organization,
// cross-account isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { pageCursor, pageOffset, uniqueIds } = require('./lib/paging');

let srv, admin, beta, agentAuth, endAuth, betaOrg, betaUser;

async function post(path, root, obj, opts = admin) {
  const r = await srv.api('POST', path, { ...opts, body: { [root]: obj } });
  assert.equal(r.status, 201, r.text);
  return r.json[root];
}
const org = (o, opts) => post('/organizations.json', 'organization', o, opts);
const user = (u, opts) => post('/users.json', 'user', u, opts);
const member = (m, opts) => post('/organization_memberships.json', 'organization_membership', m, opts);
const get = async (path, opts = admin) => (await srv.api('GET', path, opts)).json;

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  admin = { auth: srv.admin };
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  await user({ name: 'Agent', email: 'agent@acme.test', role: 'agent', password: 'agent-password-1' });
  agentAuth = { auth: basic('agent@acme.test', 'agent-password-1') };
  await user({ name: 'End', email: 'end@acme.test', password: 'end-password-1' });
  endAuth = { auth: basic('end@acme.test', 'end-password-1') };
  betaOrg = await org({ name: 'Beta Org', external_id: 'beta-ext' }, beta);
  betaUser = await user({ name: 'Beta User', email: 'u@beta.test' }, beta);
});
test.after(() => srv.stop());

test('create answers 201 with Location and normalized fields, and persists', async () => {
  const r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: {
    name: 'Initech', external_id: 'ini-1', domain_names: 'Initech.com initech.io', details: 'd',
    notes: 'n', group_id: 1, shared_tickets: true, tags: ['Gold', 'gold', 'b c'],
    organization_fields: { tier: 'A', seats: 10 } } } });
  assert.equal(r.status, 201, r.text);
  const o = r.json.organization;
  assert.equal(r.headers.location, o.url);
  assert.equal(o.url, `${srv.origin}/api/v2/organizations/${o.id}.json`);
  assert.deepEqual(o.domain_names, ['initech.com', 'initech.io']);
  assert.deepEqual(o.tags, ['gold', 'b', 'c']);
  assert.equal(o.group_id, 1);
  assert.equal(o.shared_tickets, true);
  assert.equal(o.shared_comments, false);
  assert.deepEqual(o.organization_fields, { tier: 'A', seats: 10 });
  assert.deepEqual((await get(`/organizations/${o.id}.json`)).organization, o);
  // Custom fields merge key by key on update; other fields stay.
  const u = await srv.api('PUT', `/organizations/${o.id}.json`, { ...admin, body: { organization: {
    organization_fields: { seats: 12 }, notes: null, shared_tickets: false } } });
  assert.equal(u.status, 200);
  assert.deepEqual(u.json.organization.organization_fields, { tier: 'A', seats: 12 });
  assert.equal(u.json.organization.notes, null);
  assert.equal(u.json.organization.details, 'd');
  assert.equal((await get(`/organizations/${o.id}.json`)).organization.shared_tickets, false);
});

test('400 for malformed input, 401 without credentials, 403 for agents and end users', async () => {
  let r = await srv.api('POST', '/organizations.json', { ...admin, raw: '[1,', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/organizations.json', { ...admin, body: { organisation: { name: 'x' } } });
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/organizations/show_many.json', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/organizations/search.json', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/organizations.json?page=0', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/organizations.json');
  assert.equal(r.status, 401);
  const o = await org({ name: 'Perm Test' });
  // Agents read but do not write.
  assert.equal((await srv.api('GET', `/organizations/${o.id}.json`, agentAuth)).status, 200);
  assert.equal((await srv.api('GET', '/organizations.json', agentAuth)).status, 200);
  for (const [m, p, body] of [['POST', '/organizations.json', { organization: { name: 'x' } }],
    ['PUT', `/organizations/${o.id}.json`, { organization: { name: 'x' } }],
    ['DELETE', `/organizations/${o.id}.json`],
    ['POST', '/organizations/create_many.json', { organizations: [{ name: 'x' }] }],
    ['POST', '/organizations/create_or_update.json', { organization: { name: 'x' } }],
    ['PUT', `/organizations/update_many.json?ids=${o.id}`, { organization: { notes: 'x' } }],
    ['DELETE', `/organizations/destroy_many.json?ids=${o.id}`],
    ['POST', '/organization_memberships.json', { organization_membership: { user_id: 1, organization_id: o.id } }],
    ['DELETE', '/organization_memberships/1.json']]) {
    r = await srv.api(m, p, { ...agentAuth, body });
    assert.equal(r.status, 403, `${m} ${p}`);
    assert.equal(r.json.error, 'Forbidden');
  }
  for (const p of ['/organizations.json', `/organizations/${o.id}.json`, '/organization_memberships.json',
    '/organizations/count.json']) {
    assert.equal((await srv.api('GET', p, endAuth)).status, 403, p);
  }
  assert.equal((await get(`/organizations/${o.id}.json`)).organization.name, 'Perm Test');
});

test('422 with details: blank and duplicate names, duplicate external ids, unknown groups', async () => {
  await org({ name: 'Unique Co', external_id: 'uniq-1' });
  let r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: {
    name: '', group_id: 99999, shared_tickets: 'yes', domain_names: [1], organization_fields: [] } } });
  assert.equal(r.status, 422);
  const d = r.json.details;
  assert.equal(d.name[0].error, 'BlankValue');
  assert.equal(d.group_id[0].error, 'InvalidValue');
  assert.equal(d.shared_tickets[0].error, 'InvalidValue');
  assert.equal(d.domain_names[0].error, 'InvalidValue');
  assert.equal(d.organization_fields[0].error, 'InvalidValue');
  r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: { name: 'UNIQUE co' } } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.details.name, [{ error: 'DuplicateValue', description: 'Name: UNIQUE co has already been taken' }]);
  r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: { name: 'Other', external_id: 'uniq-1' } } });
  assert.equal(r.json.details.external_id[0].error, 'DuplicateValue');
  r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: { name: 'x'.repeat(256) } } });
  assert.equal(r.json.details.name[0].error, 'TooLong');
  const two = await org({ name: 'Second Co' });
  r = await srv.api('PUT', `/organizations/${two.id}.json`, { ...admin, body: { organization: { name: 'Unique Co' } } });
  assert.equal(r.status, 422);
  // Renaming to its own name (other case) is fine.
  r = await srv.api('PUT', `/organizations/${two.id}.json`, { ...admin, body: { organization: { name: 'SECOND co' } } });
  assert.equal(r.status, 200);
  r = await srv.api('PUT', '/organizations/999999.json', { ...admin, body: { organization: { name: 'x' } } });
  assert.equal(r.status, 404);
  // A deleted group is no longer valid.
  const g = (await srv.api('POST', '/groups.json', { ...admin, body: { group: { name: 'Gone' } } })).json.group;
  await srv.api('DELETE', `/groups/${g.id}.json`, admin);
  r = await srv.api('PUT', `/organizations/${two.id}.json`, { ...admin, body: { organization: { group_id: g.id } } });
  assert.equal(r.json.details.group_id[0].error, 'InvalidValue');
});

test('cursor and offset paging each see every organization exactly once', async () => {
  const r = await srv.api('POST', '/organizations/create_many.json', { ...admin,
    body: { organizations: Array.from({ length: 25 }, (_, i) => ({ name: `Paged ${i}` })) } });
  assert.equal(r.status, 200);
  const total = (await get('/organizations/count.json')).count.value;
  const cur = await pageCursor(srv, '/organizations.json', 'organizations', 6, agentAuth);
  const ids = uniqueIds(cur.items);
  assert.equal(ids.length, total);
  const off = await pageOffset(srv, '/organizations.json', 'organizations', 6, agentAuth);
  assert.deepEqual(uniqueIds(off.items), ids);
  const auto = await pageOffset(srv, '/organizations/autocomplete.json?name=paged', 'organizations', 10, admin);
  assert.equal(auto.items.length, 25);
  const autoCur = await pageCursor(srv, '/organizations/autocomplete.json?name=paged', 'organizations', 10, admin);
  assert.deepEqual(uniqueIds(autoCur.items), uniqueIds(auto.items));
});

test('count, show_many, search, autocomplete and related', async () => {
  const a = await org({ name: 'Lookup Alpha', external_id: 'lk-a' });
  const b = await org({ name: 'Lookup Beta', external_id: 'lk-b' });
  let r = await get('/organizations/count.json');
  assert.equal(typeof r.count.value, 'number');
  assert.match(r.count.refreshed_at, /Z$/);
  r = await get(`/organizations/show_many.json?ids=${b.id},${a.id},999999`);
  assert.deepEqual(r.organizations.map((o) => o.id), [b.id, a.id]);
  r = await get('/organizations/show_many.json?external_ids=lk-a,lk-b');
  assert.deepEqual(r.organizations.map((o) => o.id), [a.id, b.id]);
  r = await get('/organizations/search.json?external_id=lk-b');
  assert.deepEqual(r.organizations.map((o) => o.id), [b.id]);
  r = await get('/organizations/search.json?name=lookup%20ALPHA');
  assert.deepEqual(r.organizations.map((o) => o.id), [a.id]);
  r = await get('/organizations/autocomplete.json?name=Lookup');
  assert.deepEqual(r.organizations.map((o) => o.id), [a.id, b.id]);
  r = await get('/organizations/autocomplete.json?name=%25');
  assert.equal(r.organizations.length, 0);
  const u = await user({ name: 'Related', email: 'related@acme.test', organization_id: a.id });
  r = await get(`/organizations/${a.id}/related.json`);
  assert.deepEqual(r, { organization_related: { users_count: 1 } });
  await srv.api('DELETE', `/users/${u.id}.json`, admin);
  r = await get(`/organizations/${a.id}/related.json`);
  assert.equal(r.organization_related.users_count, 0);
});

test('create_or_update matches the id, then the external id', async () => {
  let r = await srv.api('POST', '/organizations/create_or_update.json', { ...admin,
    body: { organization: { name: 'Upsert Org', external_id: 'up-org' } } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.location, r.json.organization.url);
  const id = r.json.organization.id;
  r = await srv.api('POST', '/organizations/create_or_update.json', { ...admin,
    body: { organization: { external_id: 'up-org', notes: 'by ext' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.organization.id, id);
  assert.equal(r.json.organization.notes, 'by ext');
  r = await srv.api('POST', '/organizations/create_or_update.json', { ...admin,
    body: { organization: { id, name: 'Upsert Org Renamed' } } });
  assert.equal(r.status, 200);
  assert.equal((await get(`/organizations/${id}.json`)).organization.name, 'Upsert Org Renamed');
  r = await srv.api('POST', '/organizations/create_or_update.json', { ...admin,
    body: { organization: { name: 'Upsert Org Renamed', external_id: 'other' } } });
  assert.equal(r.status, 422);
});

test('bulk jobs: create_many, update_many, destroy_many', async () => {
  let r = await srv.api('POST', '/organizations/create_many.json', { ...admin, body: { organizations: [
    { name: 'Bulk A', external_id: 'bulk-a' }, { name: 'Bulk A' }, { name: 'Bulk B', external_id: 'bulk-b' }] } });
  const job = r.json.job_status;
  assert.equal(job.job_type, 'bulk_create_organizations');
  assert.deepEqual(job.results.map((x) => x.success), [true, false, true]);
  assert.equal(job.results[1].errors.name[0].error, 'DuplicateValue');
  const [ida, idb] = [job.results[0].id, job.results[2].id];
  r = await srv.api('PUT', '/organizations/update_many.json', { ...admin, body: { organizations: [
    { id: ida, notes: 'A' }, { id: idb, notes: 'B' }, { id: 999999, notes: 'none' }] } });
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, true, false]);
  assert.equal((await get(`/organizations/${idb}.json`)).organization.notes, 'B');
  r = await srv.api('PUT', `/organizations/update_many.json?ids=${ida},${idb}`, { ...admin,
    body: { organization: { details: 'same' } } });
  assert.deepEqual(r.json.job_status.results.map((x) => x.status), ['Updated', 'Updated']);
  assert.equal((await get(`/organizations/${ida}.json`)).organization.details, 'same');
  r = await srv.api('DELETE', `/organizations/destroy_many.json?ids=${ida}`, admin);
  assert.equal(r.json.job_status.results[0].status, 'Deleted');
  r = await srv.api('DELETE', '/organizations/destroy_many.json?external_ids=bulk-b,missing', admin);
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, false]);
  assert.equal((await srv.api('GET', `/organizations/${ida}.json`, admin)).status, 404);
  assert.equal((await srv.api('GET', `/organizations/${idb}.json`, admin)).status, 404);
});

test('memberships set the user\'s default organization and follow deletions', async () => {
  const o1 = await org({ name: 'Member One' });
  const o2 = await org({ name: 'Member Two' });
  const u = await user({ name: 'Member', email: 'member@acme.test' });
  const m1 = await member({ user_id: u.id, organization_id: o1.id });
  assert.equal(m1.default, true);
  assert.equal(m1.organization_name, 'Member One');
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o1.id);
  const m2 = await member({ user_id: u.id, organization_id: o2.id });
  assert.equal(m2.default, false);
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o1.id);
  let r = await srv.api('POST', '/organization_memberships.json', { ...admin,
    body: { organization_membership: { user_id: u.id, organization_id: o2.id } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.user_id[0].error, 'DuplicateValue');
  r = await srv.api('POST', '/organization_memberships.json', { ...admin,
    body: { organization_membership: { user_id: 999999, organization_id: 999998 } } });
  assert.equal(r.status, 422);
  assert.ok(r.json.details.user_id && r.json.details.organization_id);
  r = await srv.api('POST', '/organization_memberships.json', { ...admin, body: { organization_membership: {} } });
  assert.equal(r.json.details.user_id[0].error, 'BlankValue');

  r = await srv.api('PUT', `/users/${u.id}/organization_memberships/${m2.id}/make_default.json`, admin);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.organization_memberships.map((m) => [m.id, m.default]), [[m1.id, false], [m2.id, true]]);
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o2.id);
  r = await srv.api('PUT', `/users/999999/organization_memberships/${m2.id}/make_default.json`, admin);
  assert.equal(r.status, 404);

  // Lists by user and by organization; counts and the user's organizations.
  r = await get(`/users/${u.id}/organization_memberships.json`);
  assert.deepEqual(r.organization_memberships.map((m) => m.id), [m1.id, m2.id]);
  r = await get(`/organizations/${o1.id}/organization_memberships.json`);
  assert.deepEqual(r.organization_memberships.map((m) => m.user_id), [u.id]);
  r = await get(`/users/${u.id}/organizations.json`);
  assert.deepEqual(r.organizations.map((o) => o.id), [o1.id, o2.id]);
  assert.equal((await get(`/users/${u.id}/organizations/count.json`)).count.value, 2);
  r = await get(`/organizations/${o2.id}/users.json`);
  assert.deepEqual(r.users.map((x) => x.id), [u.id]);
  r = await get(`/organization_memberships/${m1.id}.json`, agentAuth);
  assert.equal(r.organization_membership.user_id, u.id);
  r = await get(`/users/${u.id}/organization_memberships/${m1.id}.json`);
  assert.equal(r.organization_membership.id, m1.id);
  assert.equal((await srv.api('GET', `/users/${u.id + 1}/organization_memberships/${m1.id}.json`, admin)).status, 404);

  // Deleting the default membership promotes the other one.
  r = await srv.api('DELETE', `/users/${u.id}/organization_memberships/${m2.id}.json`, admin);
  assert.equal(r.status, 204);
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o1.id);
  assert.equal((await get(`/organization_memberships/${m1.id}.json`)).organization_membership.default, true);
  assert.equal((await srv.api('DELETE', `/organization_memberships/${m2.id}.json`, admin)).status, 404);

  // A user's organization_id moves the default membership; null removes it.
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin, body: { user: { organization_id: o2.id } } });
  assert.equal(r.json.user.organization_id, o2.id);
  r = await get(`/users/${u.id}/organization_memberships.json`);
  assert.deepEqual(r.organization_memberships.map((m) => [m.organization_id, m.default]), [[o1.id, false], [o2.id, true]]);
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin, body: { user: { organization_id: null } } });
  assert.equal(r.json.user.organization_id, o1.id);
  assert.equal((await get(`/users/${u.id}/organizations/count.json`)).count.value, 1);

  // Deleting an organization removes its memberships.
  await member({ user_id: u.id, organization_id: o2.id, default: true });
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o2.id);
  r = await srv.api('DELETE', `/organizations/${o2.id}.json`, admin);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, o1.id);
  assert.equal((await srv.api('GET', `/organizations/${o2.id}/organization_memberships.json`, admin)).status, 404);
  r = await srv.api('DELETE', `/organizations/${o1.id}.json`, admin);
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, null);
  assert.equal((await get(`/users/${u.id}/organization_memberships.json`)).count, 0);
});

test('membership paging, create via user path, create_many and destroy_many', async () => {
  const o = await org({ name: 'Many Members' });
  const users = [];
  for (let i = 0; i < 9; i++) users.push(await user({ name: `Mem ${i}` }));
  const r0 = await srv.api('POST', `/users/${users[0].id}/organization_memberships.json`, { ...admin,
    body: { organization_membership: { organization_id: o.id } } });
  assert.equal(r0.status, 201);
  assert.equal(r0.json.organization_membership.user_id, users[0].id);
  assert.equal((await srv.api('POST', '/users/999999/organization_memberships.json', { ...admin,
    body: { organization_membership: { organization_id: o.id } } })).status, 404);
  let r = await srv.api('POST', '/organization_memberships/create_many.json', { ...admin, body: {
    organization_memberships: users.slice(1).map((u) => ({ user_id: u.id, organization_id: o.id }))
      .concat([{ user_id: users[0].id, organization_id: o.id }]) } });
  const results = r.json.job_status.results;
  assert.equal(results.filter((x) => x.success).length, 8);
  assert.equal(results[8].success, false);
  const path = `/organizations/${o.id}/organization_memberships.json`;
  const cur = await pageCursor(srv, path, 'organization_memberships', 4, admin);
  assert.equal(uniqueIds(cur.items).length, 9);
  const off = await pageOffset(srv, path, 'organization_memberships', 4, admin);
  assert.deepEqual(uniqueIds(off.items), uniqueIds(cur.items));
  const byUsers = await pageOffset(srv, `/organizations/${o.id}/users.json`, 'users', 4, admin);
  assert.deepEqual(byUsers.items.map((u) => u.id), users.map((u) => u.id));
  const ids = results.filter((x) => x.success).map((x) => x.id);
  r = await srv.api('DELETE', `/organization_memberships/destroy_many.json?ids=${ids.join(',')},999999`, admin);
  assert.equal(r.json.job_status.results.filter((x) => x.success).length, 8);
  assert.equal((await get(path)).count, 1);
  for (const u of users.slice(1)) assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, null);
});

test('another account\'s organizations and memberships answer 404', async () => {
  const m = (await srv.api('POST', '/organization_memberships.json', { ...beta,
    body: { organization_membership: { user_id: betaUser.id, organization_id: betaOrg.id } } })).json.organization_membership;
  const id = betaOrg.id;
  for (const [mth, p, body] of [['GET', `/organizations/${id}.json`],
    ['PUT', `/organizations/${id}.json`, { organization: { name: 'x' } }], ['DELETE', `/organizations/${id}.json`],
    ['GET', `/organizations/${id}/related.json`], ['GET', `/organizations/${id}/users.json`],
    ['GET', `/organizations/${id}/organization_memberships.json`], ['GET', `/organization_memberships/${m.id}.json`],
    ['DELETE', `/organization_memberships/${m.id}.json`],
    ['GET', `/users/${betaUser.id}/organization_memberships/${m.id}.json`],
    ['PUT', `/users/${betaUser.id}/organization_memberships/${m.id}/make_default.json`],
    ['POST', `/users/${betaUser.id}/organization_memberships.json`, { organization_membership: { organization_id: 1 } }]]) {
    const r = await srv.api(mth, p, { ...admin, body });
    assert.equal(r.status, 404, `${mth} ${p}: ${r.text}`);
  }
  let r = await get(`/organizations/show_many.json?ids=${id}&external_ids=beta-ext`);
  assert.deepEqual(r.organizations, []);
  r = await get('/organizations/search.json?external_id=beta-ext');
  assert.deepEqual(r.organizations, []);
  r = await srv.api('POST', '/organization_memberships.json', { ...admin,
    body: { organization_membership: { user_id: betaUser.id, organization_id: betaOrg.id } } });
  assert.equal(r.status, 422);
  r = await srv.api('DELETE', `/organizations/destroy_many.json?ids=${id}`, admin);
  assert.equal(r.json.job_status.results[0].error, 'RecordNotFound');
  // The same name is free in another account.
  r = await srv.api('POST', '/organizations.json', { ...admin, body: { organization: { name: 'Beta Org', external_id: 'beta-ext' } } });
  assert.equal(r.status, 201);
  assert.equal((await get(`/organizations/${id}.json`, beta)).organization.name, 'Beta Org');
  assert.equal((await get(`/organization_memberships/${m.id}.json`, beta)).organization_membership.id, m.id);
});

test('node-zendesk drives organizations and organization memberships', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: srv.origin + '/api/v2' });
  for (let k = 0; k < 2; k++) {
    await client.organizations.createMany({ organizations: Array.from({ length: 60 },
      (_, i) => ({ name: `NZ Org ${k}-${i}` })) });
  }
  const created = await client.organizations.create({ organization: { name: 'NZ Org', external_id: 'nz-org' } });
  assert.equal(created.response.status, 201);
  const id = created.result.id;
  const all = await client.organizations.list();
  const total = (await get('/organizations/count.json')).count.value;
  assert.ok(total > 100);
  assert.equal(all.length, total);
  assert.equal(new Set(all.map((o) => o.id)).size, total);
  assert.equal((await client.organizations.show(id)).result.name, 'NZ Org');
  const upd = await client.organizations.update(id, { organization: { notes: 'via nz' } });
  assert.equal(upd.result.notes, 'via nz');
  const found = await client.organizations.search('nz-org');
  assert.deepEqual(found.map((o) => o.id), [id]);
  const many = await client.organizations.showManyByExternalIds(['nz-org']);
  assert.deepEqual(many.map((o) => o.id), [id]);
  const up = await client.organizations.upsert({ organization: { external_id: 'nz-org', details: 'up' } });
  assert.equal(up.result.id, id);

  const u = await user({ name: 'NZ Member', email: 'nzm@acme.test' });
  const m = await client.organizationmemberships.create({ user_id: u.id, organization_id: id });
  assert.equal(m.result.default, true);
  const byUser = await client.organizationmemberships.listByUser(u.id);
  assert.equal(byUser.length, 1);
  const listed = await client.organizationmemberships.list();
  assert.ok(listed.some((x) => x.id === m.result.id));
  await client.organizationmemberships.delete(m.result.id);
  assert.equal((await get(`/users/${u.id}.json`)).user.organization_id, null);

  await client.organizations.delete(id);
  await assert.rejects(client.organizations.show(id), /404/);
  await assert.rejects(client.organizations.create({ organization: { name: 'NZ Org 0-0' } }), /422/);
});
