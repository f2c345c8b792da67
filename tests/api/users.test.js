// Users: CRUD, roles, passwords, suspension, soft deletion, lists and both
// paging styles, search, bulk jobs, cross-account isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { pageCursor, pageOffset, uniqueIds } = require('./lib/paging');

let srv, admin, beta, agent, agentAuth, endUser, endAuth, betaUser;
const AGENT_PW = 'agent-password-1';
const END_PW = 'enduser-password-1';

async function create(user, auth = srv.admin, host) {
  const r = await srv.api('POST', '/users.json', { auth, host, body: { user } });
  assert.equal(r.status, 201, r.text);
  return r.json.user;
}

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  admin = { auth: srv.admin };
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await create({ name: 'Agent Smith', email: 'smith@acme.test', role: 'agent', password: AGENT_PW });
  agentAuth = { auth: basic('smith@acme.test', AGENT_PW) };
  endUser = await create({ name: 'Erin End', email: 'erin@acme.test', password: END_PW });
  endAuth = { auth: basic('erin@acme.test', END_PW) };
  betaUser = await create({ name: 'Beta Bob', email: 'bob@beta.test' }, beta.auth, beta.host);
});
test.after(() => srv.stop());

test('create answers 201 with Location and normalized fields, and persists', async () => {
  const r = await srv.api('POST', '/users.json', { ...admin, body: { user: {
    name: 'Carla Client', email: 'Carla@Example.TEST', external_id: 77, phone: '+1 555',
    tags: ['VIP', 'gold vip'], user_fields: { plan: 'pro' }, details: 'd', notes: 'n',
    locale: 'fr', time_zone: 'Paris', verified: true } } });
  assert.equal(r.status, 201, r.text);
  const u = r.json.user;
  assert.equal(r.headers.location, u.url);
  assert.equal(u.url, `${srv.origin}/api/v2/users/${u.id}.json`);
  assert.equal(u.email, 'carla@example.test');
  assert.equal(u.external_id, '77');
  assert.equal(u.role, 'end-user');
  assert.equal(u.active, true);
  assert.deepEqual(u.tags, ['vip', 'gold']);
  assert.deepEqual(u.user_fields, { plan: 'pro' });
  assert.equal(u.phone, '+1 555');
  assert.equal(u.locale, 'fr');
  assert.equal(u.time_zone, 'Paris');
  assert.equal(u.verified, true);
  assert.match(u.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const back = await srv.api('GET', `/users/${u.id}.json`, admin);
  assert.deepEqual(back.json.user, u);
  // Only a name is required.
  const bare = await create({ name: 'No Mail' });
  assert.equal(bare.email, null);
});

test('malformed requests get 400, missing credentials 401', async () => {
  let r = await srv.api('POST', '/users.json', { ...admin, raw: '{"user":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/users.json', { ...admin, body: { name: 'no root' } });
  assert.equal(r.status, 400);
  assert.match(r.json.description, /"user"/);
  r = await srv.api('GET', '/users.json?page[size]=500', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/users.json?role=wizard', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/users/show_many.json?ids=1,x', admin);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/users/search.json', admin);
  assert.equal(r.status, 400);
  r = await srv.api('PUT', `/users/${endUser.id}/password.json`, { ...admin, body: { password: 5 } });
  assert.equal(r.status, 400);
  for (const [m, p] of [['GET', '/users.json'], ['POST', '/users.json'], ['GET', `/users/${endUser.id}.json`],
    ['PUT', `/users/${endUser.id}.json`], ['DELETE', `/users/${endUser.id}.json`]]) {
    r = await srv.api(m, p, { body: { user: { name: 'x' } } });
    assert.equal(r.status, 401, `${m} ${p}`);
    assert.deepEqual(r.json, { error: "Couldn't authenticate you" });
  }
});

test('422 lists every bad field with Zendesk codes; duplicates are DuplicateValue', async () => {
  let r = await srv.api('POST', '/users.json', { ...admin, body: { user: {
    name: ' ', email: 'not-an-email', role: 'wizard', tags: 5, verified: 'yes',
    organization_id: 999999, locale: 'x'.repeat(11) } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.error, 'RecordInvalid');
  const d = r.json.details;
  assert.equal(d.name[0].error, 'BlankValue');
  assert.equal(d.email[0].error, 'InvalidValue');
  assert.equal(d.role[0].error, 'InvalidValue');
  assert.equal(d.tags[0].error, 'InvalidValue');
  assert.equal(d.verified[0].error, 'InvalidValue');
  assert.equal(d.locale[0].error, 'TooLong');

  r = await srv.api('POST', '/users.json', { ...admin, body: { user: { name: 'Dup', email: 'ERIN@acme.test' } } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.details.email, [{ error: 'DuplicateValue',
    description: 'Email: erin@acme.test is already being used by another user' }]);
  await create({ name: 'Ext', external_id: 'ext-dup' });
  r = await srv.api('POST', '/users.json', { ...admin, body: { user: { name: 'Ext2', external_id: 'ext-dup' } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.external_id[0].error, 'DuplicateValue');
  r = await srv.api('POST', '/users.json', { ...admin, body: { user: { name: 'Org', organization_id: 999999 } } });
  assert.equal(r.json.details.organization_id[0].error, 'InvalidValue');
  r = await srv.api('POST', '/users.json', { ...admin, body: { user: { name: 'Short', password: 'short' } } });
  assert.equal(r.json.details.password[0].error, 'TooShort');
  r = await srv.api('PUT', `/users/${endUser.id}.json`, { ...admin, body: { user: { password: 'long-enough-1' } } });
  assert.equal(r.status, 422);
  assert.ok(r.json.details.password);
  // Nothing half-written: the rejected names are nowhere.
  r = await srv.api('GET', '/users/search.json?query=Ext2', admin);
  assert.equal(r.json.users.length, 0);
});

test('agents create and edit end users only; end users write nothing but themselves', async () => {
  const u = await create({ name: 'By Agent', email: 'byagent@acme.test' }, agentAuth.auth);
  assert.equal(u.role, 'end-user');
  let r = await srv.api('POST', '/users.json', { ...agentAuth, body: { user: { name: 'A2', role: 'agent' } } });
  assert.equal(r.status, 403);
  assert.equal(r.json.error, 'Forbidden');
  r = await srv.api('POST', '/users.json', { ...agentAuth, body: { user: { name: 'P', password: 'password-123' } } });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...agentAuth, body: { user: { notes: 'ok', suspended: true } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.notes, 'ok');
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...agentAuth, body: { user: { role: 'admin' } } });
  assert.equal(r.status, 403);
  const admin1 = (await srv.api('GET', '/users/me.json', admin)).json.user;
  r = await srv.api('PUT', `/users/${admin1.id}.json`, { ...agentAuth, body: { user: { name: 'x' } } });
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', `/users/${admin1.id}.json`, agentAuth);
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `/users/${agent.id}.json`, { ...agentAuth, body: { user: { default_group_id: 1 } } });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `/users/${agent.id}.json`, { ...agentAuth, body: { user: { signature: 'Best, S' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.signature, 'Best, S');
  r = await srv.api('DELETE', `/users/${u.id}.json`, agentAuth);
  assert.equal(r.status, 200);
  // Admins may promote.
  const p = await create({ name: 'Promote Me', email: 'promote@acme.test' });
  r = await srv.api('PUT', `/users/${p.id}.json`, { ...admin, body: { user: { role: 'agent' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.role, 'agent');
  assert.equal((await srv.api('GET', `/users/${p.id}.json`, admin)).json.user.role, 'agent');
  // End users: no user writes beyond themselves.
  for (const [m, p2, body] of [['POST', '/users.json', { user: { name: 'x' } }],
    ['GET', '/users.json'], ['GET', '/users/count.json'], ['GET', '/users/search.json?query=a'],
    ['DELETE', `/users/${endUser.id}.json`], ['POST', '/users/create_many.json', { users: [{ name: 'x' }] }]]) {
    r = await srv.api(m, p2, { ...endAuth, body });
    assert.equal(r.status, 403, `${m} ${p2}`);
  }
});

test('end users see and edit only their own profile', async () => {
  let r = await srv.api('GET', '/users/me.json', endAuth);
  assert.equal(r.json.user.id, endUser.id);
  r = await srv.api('GET', `/users/${endUser.id}.json`, endAuth);
  assert.equal(r.status, 200);
  r = await srv.api('GET', `/users/${agent.id}.json`, endAuth);
  assert.equal(r.status, 404);
  r = await srv.api('PUT', `/users/${agent.id}.json`, { ...endAuth, body: { user: { name: 'x' } } });
  assert.equal(r.status, 404);
  r = await srv.api('PUT', `/users/${endUser.id}.json`, { ...endAuth, body: { user: {
    name: 'Erin E.', phone: '123', time_zone: 'Berlin', role: 'end-user' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.name, 'Erin E.');
  assert.equal(r.json.user.phone, '123');
  // Sending back the record as read is no change.
  const mine = (await srv.api('GET', '/users/me.json', endAuth)).json.user;
  r = await srv.api('PUT', `/users/${endUser.id}.json`, { ...endAuth, body: { user: { ...mine, alias: 'E' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.alias, 'E');
  for (const change of [{ role: 'admin' }, { email: 'other@acme.test' }, { notes: 'x' },
    { verified: true }, { tags: ['x'] }, { external_id: 'e' }, { user_fields: { a: 1 } },
    { organization_id: null, default_group_id: 1 }, { suspended: true }]) {
    r = await srv.api('PUT', `/users/${endUser.id}.json`, { ...endAuth, body: { user: change } });
    assert.equal(r.status, 403, JSON.stringify(change));
  }
  r = await srv.api('GET', `/users/${endUser.id}.json`, admin);
  assert.equal(r.json.user.role, 'end-user');
  assert.equal(r.json.user.email, 'erin@acme.test');
  assert.equal(r.json.user.notes, '');
});

test('passwords: own change needs previous_password, admins set anyone\'s', async () => {
  const u = await create({ name: 'Pat', email: 'pat@acme.test', password: 'first-password' });
  const old = { auth: basic('pat@acme.test', 'first-password') };
  assert.equal((await srv.api('GET', '/users/me.json', old)).json.user.id, u.id);
  let r = await srv.api('PUT', `/users/${u.id}/password.json`, { ...old, body: { password: 'second-password' } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.previous_password[0].error, 'BlankValue');
  r = await srv.api('PUT', `/users/${u.id}/password.json`, { ...old,
    body: { previous_password: 'wrong-one', password: 'second-password' } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.previous_password[0].error, 'InvalidValue');
  r = await srv.api('PUT', `/users/${u.id}/password.json`, { ...old,
    body: { previous_password: 'first-password', password: 'short' } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.password[0].error, 'TooShort');
  r = await srv.api('PUT', `/users/${u.id}/password.json`, { ...old,
    body: { previous_password: 'first-password', password: 'second-password' } });
  assert.equal(r.status, 200);
  // The old password (cached as verified) stops working at once.
  assert.equal((await srv.api('GET', '/users/me.json', old)).status, 401);
  const cur = { auth: basic('pat@acme.test', 'second-password') };
  assert.equal((await srv.api('GET', '/users/me.json', cur)).json.user.id, u.id);
  // Others: agents may not, end users do not see them, admins may.
  r = await srv.api('PUT', `/users/${u.id}/password.json`, { ...agentAuth, body: { password: 'agent-set-it' } });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `/users/${agent.id}/password.json`, { ...cur, body: { password: 'enduser-set-it' } });
  assert.equal(r.status, 404);
  r = await srv.api('POST', `/users/${u.id}/password.json`, { ...admin, body: { password: 'third-password' } });
  assert.equal(r.status, 200);
  assert.equal((await srv.api('GET', '/users/me.json', cur)).status, 401);
  assert.equal((await srv.api('GET', '/users/me.json',
    { auth: basic('pat@acme.test', 'third-password') })).json.user.id, u.id);
  r = await srv.api('PUT', '/users/999999/password.json', { ...admin, body: { password: 'whatever-1' } });
  assert.equal(r.status, 404);
});

test('suspension and deletion lock a user out; deletion is soft', async () => {
  const u = await create({ name: 'Sue', email: 'sue@acme.test', password: 'sue-password',
    role: 'agent', default_group_id: 1 });
  const sue = { auth: basic('sue@acme.test', 'sue-password') };
  assert.equal((await srv.api('GET', '/users/me.json', sue)).status, 200);
  let r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin, body: { user: { suspended: true } } });
  assert.equal(r.json.user.suspended, true);
  assert.equal((await srv.api('GET', '/users/me.json', sue)).status, 401);
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin, body: { user: { suspended: false } } });
  assert.equal((await srv.api('GET', '/users/me.json', sue)).status, 200);
  assert.equal((await srv.api('GET', `/users/${u.id}/group_memberships.json`, admin)).json.group_memberships.length, 1);

  r = await srv.api('DELETE', `/users/${u.id}.json`, admin);
  assert.equal(r.status, 200);
  assert.equal(r.json.user.active, false);
  assert.equal(r.json.user.default_group_id, null);
  assert.equal((await srv.api('GET', '/users/me.json', sue)).status, 401);
  r = await srv.api('GET', `/users/${u.id}.json`, admin);
  assert.equal(r.status, 200);
  assert.equal(r.json.user.active, false);
  assert.equal((await srv.api('GET', `/users/${u.id}/group_memberships.json`, admin)).json.group_memberships.length, 0);
  const all = await pageCursor(srv, '/users.json', 'users', 100, admin);
  assert.ok(!all.items.some((x) => x.id === u.id));
  assert.equal((await srv.api('DELETE', `/users/${u.id}.json`, admin)).status, 404);
  assert.equal((await srv.api('PUT', `/users/${u.id}.json`, { ...admin, body: { user: { name: 'x' } } })).status, 404);
  // The email stays taken.
  r = await srv.api('POST', '/users.json', { ...admin, body: { user: { name: 'Sue 2', email: 'sue@acme.test' } } });
  assert.equal(r.status, 422);
});

test('the account always keeps an active admin', async () => {
  const me = (await srv.api('GET', '/users/me.json', admin)).json.user;
  for (const [m, body] of [['DELETE'], ['PUT', { user: { role: 'agent' } }], ['PUT', { user: { suspended: true } }]]) {
    const r = await srv.api(m, `/users/${me.id}.json`, { ...admin, body });
    assert.equal(r.status, 422, `${m} ${JSON.stringify(body)}`);
    assert.ok(r.json.details.base);
  }
  assert.equal((await srv.api('GET', '/users/me.json', admin)).json.user.role, 'admin');
  // With a second admin the first may step down.
  const other = await create({ name: 'Second Admin', email: 'second@acme.test', role: 'admin' });
  let r = await srv.api('PUT', `/users/${other.id}.json`, { ...admin, body: { user: { role: 'agent' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.role, 'agent');
});

test('list, count and role / external_id filters', async () => {
  await create({ name: 'Filter Ext', external_id: 'filter-ext-1' });
  let r = await srv.api('GET', '/users.json?external_id=filter-ext-1', admin);
  assert.deepEqual(r.json.users.map((u) => u.name), ['Filter Ext']);
  r = await srv.api('GET', '/users.json?role=agent', admin);
  assert.ok(r.json.users.length >= 1);
  assert.ok(r.json.users.every((u) => u.role === 'agent'));
  const agents = r.json.count;
  r = await srv.api('GET', '/users.json?role[]=agent&role[]=admin&per_page=100', admin);
  assert.ok(r.json.users.every((u) => u.role === 'agent' || u.role === 'admin'));
  assert.ok(r.json.users.some((u) => u.role === 'admin'));
  r = await srv.api('GET', '/users/count.json?role=agent', admin);
  assert.equal(r.json.count.value, agents);
  assert.match(r.json.count.refreshed_at, /Z$/);
  const total = (await srv.api('GET', '/users/count.json', agentAuth)).json.count.value;
  r = await srv.api('GET', '/users.json', agentAuth);
  assert.equal(r.json.count, total);
  assert.equal(r.json.users.length, total);
});

test('cursor and offset paging each see every user exactly once', async () => {
  const r = await srv.api('POST', '/users/create_many.json', { ...admin,
    body: { users: Array.from({ length: 23 }, (_, i) => ({ name: `Pager ${i}`, email: `pager${i}@acme.test` })) } });
  assert.equal(r.status, 200);
  const total = (await srv.api('GET', '/users/count.json', admin)).json.count.value;
  const cur = await pageCursor(srv, '/users.json', 'users', 7, admin);
  const ids = uniqueIds(cur.items);
  assert.equal(ids.length, total);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.equal(cur.pages, Math.ceil(total / 7));
  const off = await pageOffset(srv, '/users.json', 'users', 7, admin);
  assert.deepEqual(uniqueIds(off.items), ids);
  // Backwards from the end with page[before] gives the previous page.
  const first = await srv.api('GET', '/users.json?page[size]=3', admin);
  const second = await srv.api('GET', `/users.json?page[size]=3&page[after]=${first.json.meta.after_cursor}`, admin);
  const back = await srv.api('GET', `/users.json?page[size]=3&page[before]=${second.json.meta.before_cursor}`, admin);
  assert.deepEqual(back.json.users.map((u) => u.id), first.json.users.map((u) => u.id));
  // Descending.
  const desc = await srv.api('GET', '/users.json?page[size]=5&sort=-id', admin);
  assert.deepEqual(desc.json.users.map((u) => u.id), [...ids].reverse().slice(0, 5));
  // Search pages too.
  const found = await pageOffset(srv, '/users/search.json?query=pager', 'users', 5, admin);
  assert.equal(uniqueIds(found.items).length, 23);
});

test('show_many, search and autocomplete', async () => {
  const a = await create({ name: 'Zed Alpha', email: 'zed.alpha@acme.test', external_id: 'zx-1' });
  const b = await create({ name: 'Zed Beta', email: 'zb@other.test', external_id: 'zx-2' });
  let r = await srv.api('GET', `/users/show_many.json?ids=${b.id},${a.id},999999`, admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [b.id, a.id]);
  r = await srv.api('GET', '/users/show_many.json?external_ids=zx-1,zx-2,nope', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [a.id, b.id]);
  r = await srv.api('GET', '/users/search.json?query=ZED', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [a.id, b.id]);
  r = await srv.api('GET', '/users/search.json?query=other.test', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [b.id]);
  r = await srv.api('GET', '/users/search.json?query=email:zed.alpha@acme.test', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [a.id]);
  r = await srv.api('GET', '/users/search.json?external_id=zx-2', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [b.id]);
  r = await srv.api('GET', '/users/search.json?query=100%25_', admin);
  assert.equal(r.json.users.length, 0);
  r = await srv.api('GET', '/users/autocomplete.json?name=zed%20b', admin);
  assert.deepEqual(r.json.users.map((u) => u.id), [b.id]);
  r = await srv.api('GET', '/users/autocomplete.json', admin);
  assert.equal(r.status, 400);
});

test('create_or_update matches the email, then the external id', async () => {
  let r = await srv.api('POST', '/users/create_or_update.json', { ...admin,
    body: { user: { name: 'Upsert', email: 'upsert@acme.test', external_id: 'up-1' } } });
  assert.equal(r.status, 201);
  const id = r.json.user.id;
  r = await srv.api('POST', '/users/create_or_update.json', { ...admin,
    body: { user: { name: 'Upsert Renamed', email: 'UPSERT@acme.test' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.id, id);
  assert.equal(r.json.user.name, 'Upsert Renamed');
  r = await srv.api('POST', '/users/create_or_update.json', { ...admin,
    body: { user: { name: 'By Ext', external_id: 'up-1' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.id, id);
  assert.equal(r.json.user.email, 'upsert@acme.test');
  r = await srv.api('POST', '/users/create_or_update.json', { ...admin, body: { user: { email: 'x@acme.test' } } });
  assert.equal(r.status, 422);
});

test('bulk jobs: create_many, create_or_update_many, update_many, destroy_many', async () => {
  let r = await srv.api('POST', '/users/create_many.json', { ...admin, body: { users: [
    { name: 'Bulk One', email: 'bulk1@acme.test', external_id: 'bulk-1' },
    { name: 'Bulk Dup', email: 'erin@acme.test' },
    'not an object',
    { name: 'Bulk Two', email: 'bulk2@acme.test', external_id: 'bulk-2' }] } });
  assert.equal(r.status, 200);
  let job = r.json.job_status;
  assert.equal(job.status, 'completed');
  assert.equal(job.total, 4);
  assert.equal(job.job_type, 'bulk_create_users');
  assert.deepEqual(job.results.map((x) => x.success), [true, false, false, true]);
  assert.equal(job.results[1].error, 'RecordInvalid');
  assert.equal(job.results[1].errors.email[0].error, 'DuplicateValue');
  assert.equal(job.results[0].status, 'Created');
  const [id1, id2] = [job.results[0].id, job.results[3].id];
  r = await srv.api('GET', `/job_statuses/${job.id}.json`, admin);
  assert.deepEqual(r.json.job_status.results, job.results);

  r = await srv.api('POST', '/users/create_or_update_many.json', { ...admin, body: { users: [
    { name: 'Bulk One B', email: 'bulk1@acme.test' }, { name: 'Bulk Three', email: 'bulk3@acme.test' }] } });
  job = r.json.job_status;
  assert.deepEqual(job.results.map((x) => [x.action, x.status]), [['update', 'Updated'], ['create', 'Created']]);
  assert.equal(job.results[0].id, id1);

  r = await srv.api('PUT', `/users/update_many.json?ids=${id1},${id2},999999`, { ...admin,
    body: { user: { notes: 'bulk note' } } });
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, true, false]);
  for (const id of [id1, id2]) assert.equal((await srv.api('GET', `/users/${id}.json`, admin)).json.user.notes, 'bulk note');
  r = await srv.api('PUT', '/users/update_many.json', { ...admin, body: { users: [
    { id: id1, details: 'one' }, { id: id2, details: 'two' }, { details: 'no id' }] } });
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, true, false]);
  assert.equal((await srv.api('GET', `/users/${id2}.json`, admin)).json.user.details, 'two');
  r = await srv.api('PUT', '/users/update_many.json?external_ids=bulk-1', { ...admin, body: { user: { details: 'ext' } } });
  assert.equal(r.json.job_status.results[0].id, id1);
  r = await srv.api('PUT', '/users/update_many.json', { ...admin, body: { user: { details: 'x' } } });
  assert.equal(r.status, 400);

  r = await srv.api('DELETE', `/users/destroy_many.json?ids=${id1}`, admin);
  assert.equal(r.json.job_status.results[0].status, 'Deleted');
  r = await srv.api('DELETE', '/users/destroy_many.json?external_ids=bulk-2,nope', admin);
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, false]);
  for (const id of [id1, id2]) assert.equal((await srv.api('GET', `/users/${id}.json`, admin)).json.user.active, false);
  r = await srv.api('DELETE', '/users/destroy_many.json', admin);
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/users/create_many.json', { ...admin, body: { users: [] } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/users/create_many.json', { ...admin,
    body: { users: Array.from({ length: 101 }, (_, i) => ({ name: `x${i}` })) } });
  assert.equal(r.status, 400);
});

test('another account\'s users answer 404 on every user endpoint', async () => {
  const id = betaUser.id;
  for (const [m, p, body] of [['GET', `/users/${id}.json`], ['PUT', `/users/${id}.json`, { user: { name: 'x' } }],
    ['DELETE', `/users/${id}.json`], ['PUT', `/users/${id}/password.json`, { password: 'whatever-123' }],
    ['GET', `/users/${id}/groups.json`], ['GET', `/users/${id}/groups/count.json`],
    ['GET', `/users/${id}/organizations.json`], ['GET', `/users/${id}/organizations/count.json`],
    ['GET', `/users/${id}/group_memberships.json`], ['GET', `/users/${id}/organization_memberships.json`]]) {
    const r = await srv.api(m, p, { ...admin, body });
    assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
    assert.equal(r.json.error, 'RecordNotFound');
  }
  let r = await srv.api('GET', `/users/show_many.json?ids=${id}`, admin);
  assert.deepEqual(r.json.users, []);
  r = await srv.api('GET', '/users/search.json?query=bob', admin);
  assert.deepEqual(r.json.users, []);
  r = await srv.api('PUT', `/users/update_many.json?ids=${id}`, { ...admin, body: { user: { notes: 'x' } } });
  assert.equal(r.json.job_status.results[0].error, 'RecordNotFound');
  // Beta sees only its own users, and its duplicate checks are its own.
  const all = await pageCursor(srv, '/users.json', 'users', 100, beta);
  assert.deepEqual(all.items.map((u) => u.email).sort(), ['admin@beta.test', 'bob@beta.test']);
  r = await srv.api('POST', '/users.json', { ...beta, body: { user: { name: 'Erin in Beta', email: 'erin@acme.test' } } });
  assert.equal(r.status, 201);
  assert.equal((await srv.api('GET', `/users/${betaUser.id}.json`, beta)).json.user.name, 'Beta Bob');
});

test('node-zendesk drives users: create, list (cursor), search (offset), show, update, delete', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: srv.origin + '/api/v2' });
  // More than one page of 100 for both paging styles.
  for (let k = 0; k < 2; k++) {
    const job = await client.users.createMany({ users: Array.from({ length: 60 },
      (_, i) => ({ name: `NZ Many ${k}-${i}`, email: `nzmany${k}-${i}@acme.test` })) });
    assert.equal(job.result.job_status.status, 'completed');
  }
  const created = await client.users.create({ user: { name: 'NZ User', email: 'nz@acme.test' } });
  assert.equal(created.response.status, 201);
  const id = created.result.id;
  const listed = await client.users.list();
  const total = (await srv.api('GET', '/users/count.json', admin)).json.count.value;
  assert.equal(listed.length, total);
  assert.equal(new Set(listed.map((u) => u.id)).size, total);
  assert.ok(total > 100);
  const found = await client.users.search({ query: 'nzmany' });
  assert.equal(found.length, 120);
  assert.equal(new Set(found.map((u) => u.id)).size, 120);
  const shown = await client.users.show(id);
  assert.equal(shown.result.email, 'nz@acme.test');
  const updated = await client.users.update(id, { user: { name: 'NZ Renamed' } });
  assert.equal(updated.result.name, 'NZ Renamed');
  const many = await client.users.showMany([id]);
  assert.equal(many.result[0].id, id);
  const byExt = await client.users.listWithFilter('external_id', 'zx-1');
  assert.equal(byExt.length, 1);
  const me = await client.users.me();
  assert.equal(me.result.email, 'admin@acme.test');
  await client.users.suspend(id);
  assert.equal((await client.users.show(id)).result.suspended, true);
  const deleted = await client.users.delete(id);
  assert.equal(deleted.result.active, false);
  await assert.rejects(client.users.update(999999, { user: { name: 'x' } }), /404/);
  await assert.rejects(client.users.create({ user: { name: 'x', email: 'erin@acme.test' } }), /422/);
});

test('OAuth tokens: admins create bearer tokens shown once; revocation is immediate', async () => {
  let r = await srv.api('POST', '/oauth/tokens.json', { ...admin,
    body: { token: { client_id: 7, scopes: ['read', 'write', 'tickets:read'] } } });
  assert.equal(r.status, 201, r.text);
  const t = r.json.token;
  assert.equal(r.headers.location, t.url);
  assert.equal(t.full_token.length, 40);
  assert.equal(t.token, '...' + t.full_token.slice(-4));
  assert.deepEqual(t.scopes, ['read', 'write', 'tickets:read']);
  assert.equal(t.client_id, 7);
  const me = (await srv.api('GET', '/users/me.json', admin)).json.user;
  assert.equal(t.user_id, me.id);
  const bearer = { auth: `Bearer ${t.full_token}` };
  assert.equal((await srv.api('GET', '/users/me.json', bearer)).json.user.id, me.id);
  r = await srv.api('GET', '/oauth/tokens/current.json', bearer);
  assert.equal(r.json.token.id, t.id);
  assert.equal(r.json.token.full_token, undefined);
  assert.equal((await srv.api('GET', '/oauth/tokens/current.json', admin)).status, 404);
  r = await srv.api('GET', `/oauth/tokens/${t.id}.json`, admin);
  assert.equal(r.json.token.token, t.token);
  assert.equal(r.json.token.full_token, undefined);
  const listed = await pageCursor(srv, '/oauth/tokens.json', 'tokens', 1, admin);
  assert.ok(listed.items.some((x) => x.id === t.id));
  assert.ok(listed.items.every((x) => x.full_token === undefined));

  // A token with only read scopes reads but cannot write.
  r = await srv.api('POST', '/oauth/tokens.json', { ...admin,
    body: { token: { client_id: 7, scopes: ['read'] } } });
  assert.equal(r.status, 201, r.text);
  const reader = { auth: `Bearer ${r.json.token.full_token}` };
  assert.equal((await srv.api('GET', '/users/me.json', reader)).status, 200);
  r = await srv.api('POST', '/groups.json', { ...reader, body: { group: { name: 'Read-only try' } } });
  assert.equal(r.status, 403);
  assert.match(r.json.description, /reading only/);
  r = await srv.api('POST', '/groups.json', { ...bearer, body: { group: { name: 'Writer try' } } });
  assert.equal(r.status, 201);

  // Validation.
  r = await srv.api('POST', '/oauth/tokens.json', { ...admin, body: { token: { scopes: ['root'] } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.client_id[0].error, 'BlankValue');
  assert.equal(r.json.details.scopes[0].error, 'InvalidValue');
  r = await srv.api('POST', '/oauth/tokens.json', { ...admin, body: { token: { client_id: 1, scopes: [],
    expires_at: '2001-01-01T00:00:00Z' } } });
  assert.ok(r.json.details.scopes && r.json.details.expires_at);
  r = await srv.api('POST', '/oauth/tokens.json', { ...admin, body: { client_id: 1 } });
  assert.equal(r.status, 400);

  // Other admins see it only with all=true; agents neither create nor see it.
  await create({ name: 'Token Admin', email: 'tadmin@acme.test', role: 'admin', password: 'tadmin-password' });
  const other = { auth: basic('tadmin@acme.test', 'tadmin-password') };
  r = await srv.api('GET', '/oauth/tokens.json', other);
  assert.ok(!r.json.tokens.some((x) => x.id === t.id));
  r = await srv.api('GET', '/oauth/tokens.json?all=true', other);
  assert.ok(r.json.tokens.some((x) => x.id === t.id));
  r = await srv.api('POST', '/oauth/tokens.json', { ...agentAuth, body: { token: { client_id: 1, scopes: ['read'] } } });
  assert.equal(r.status, 403);
  assert.deepEqual((await srv.api('GET', '/oauth/tokens.json', agentAuth)).json.tokens, []);
  assert.equal((await srv.api('GET', `/oauth/tokens/${t.id}.json`, agentAuth)).status, 404);
  assert.equal((await srv.api('DELETE', `/oauth/tokens/${t.id}.json`, agentAuth)).status, 404);
  assert.equal((await srv.api('GET', '/oauth/tokens.json', endAuth)).status, 403);
  // Another account neither sees it nor accepts it.
  assert.equal((await srv.api('GET', `/oauth/tokens/${t.id}.json`, beta)).status, 404);
  assert.equal((await srv.api('DELETE', `/oauth/tokens/${t.id}.json`, beta)).status, 404);
  assert.equal((await srv.api('GET', '/users/me.json', { ...bearer, host: beta.host })).status, 401);

  // node-zendesk with oauth:true.
  const client = createClient({ token: t.full_token, oauth: true, endpointUri: srv.origin + '/api/v2' });
  assert.equal((await client.users.me()).result.id, me.id);
  assert.equal((await client.oauthtokens.current()).result.id, t.id);
  const nzList = await client.oauthtokens.list();
  assert.ok(nzList.some((x) => x.tokens && x.tokens.some((y) => y.id === t.id)));

  r = await srv.api('DELETE', `/oauth/tokens/${t.id}.json`, admin);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', '/users/me.json', bearer)).status, 401);
  assert.equal((await srv.api('GET', `/oauth/tokens/${t.id}.json`, admin)).status, 404);
  // A token with a future expiry works until then.
  r = await srv.api('POST', '/oauth/tokens.json', { ...admin, body: { token: { client_id: 1, scopes: ['read'],
    expires_at: '2999-01-01T00:00:00Z' } } });
  assert.equal(r.json.token.expires_at, '2999-01-01T00:00:00Z');
  assert.equal((await srv.api('GET', '/users/me.json', { auth: `Bearer ${r.json.token.full_token}` })).status, 200);
});
