// The per-thread cache of accounts by Host and of token credentials
// (core/auth.c) never answers with something the store no longer says:
// every change below takes effect on the very next requests, sent many at
// once over fresh connections so that all four server threads, each with
// its own cache filled by the requests before, serve them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer, basic } = require('./lib/server');

let srv;
let acme; // acme's admin token: { token, auth }
test.before(async () => {
  srv = await startServer({ args: ['--threads', '4'], accounts: [
    ['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  acme = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
});
test.after(() => srv.stop());

const admin = () => ({ auth: srv.admin });

// Sends n copies of GET path at once, each on its own connection, and
// returns the responses (status and parsed JSON).
function burst(path, { auth, host }, n = 24) {
  const url = new URL(srv.origin + '/api/v2' + path);
  const one = () => new Promise((resolve, reject) => {
    const headers = { Host: host || url.host, Connection: 'close' };
    if (auth) headers.Authorization = auth;
    http.get({ hostname: url.hostname, port: url.port, path: url.pathname,
      headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    }).on('error', reject);
  });
  return Promise.all(Array.from({ length: n }, one));
}

async function statuses(path, opts) {
  return [...new Set((await burst(path, opts)).map((r) => r.status))];
}

async function createUser(user) {
  const r = await srv.api('POST', '/users.json', { ...admin(), body: { user } });
  assert.equal(r.status, 201, r.text);
  return r.json.user;
}

test('a revoked API token answers 401 on the next request, on every thread', async () => {
  const r = await srv.api('POST', '/api_tokens.json', { ...admin(),
    body: { api_token: { description: 'revoked' } } });
  assert.equal(r.status, 201, r.text);
  const t = r.json.api_token;
  const auth = basic('admin@acme.test/token', t.token);
  assert.deepEqual(await statuses('/users/me.json', { auth }), [200]);
  assert.equal((await srv.api('DELETE', `/api_tokens/${t.id}.json`, admin())).status, 204);
  assert.deepEqual(await statuses('/users/me.json', { auth }), [401]);
  // The other token of the account still signs in.
  assert.deepEqual(await statuses('/users/me.json', acme), [200]);
});

test('a revoked OAuth token answers 401 on the next request', async () => {
  const r = await srv.api('POST', '/oauth/tokens.json', { ...admin(),
    body: { token: { client_id: 7, scopes: ['read'] } } });
  assert.equal(r.status, 201, r.text);
  const auth = `Bearer ${r.json.token.full_token}`;
  assert.deepEqual(await statuses('/users/me.json', { auth }), [200]);
  const d = await srv.api('DELETE', `/oauth/tokens/${r.json.token.id}.json`, admin());
  assert.equal(d.status, 204);
  assert.deepEqual(await statuses('/users/me.json', { auth }), [401]);
});

test('suspending, renaming and deleting a user take effect at once', async () => {
  const u = await createUser({ name: 'Sam Agent', email: 'sam@acme.test', role: 'agent' });
  const auth = basic('sam@acme.test/token', acme.token);
  let rs = await burst('/users/me.json', { auth });
  assert.deepEqual([...new Set(rs.map((x) => x.json.user.name))], ['Sam Agent']);

  let r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin(),
    body: { user: { suspended: true } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await statuses('/users/me.json', { auth }), [401]);
  r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin(),
    body: { user: { suspended: false, name: 'Sam Renamed' } } });
  assert.equal(r.status, 200, r.text);
  rs = await burst('/users/me.json', { auth });
  assert.deepEqual([...new Set(rs.map((x) => x.status))], [200]);
  assert.deepEqual([...new Set(rs.map((x) => x.json.user.name))], ['Sam Renamed']);

  assert.equal((await srv.api('DELETE', `/users/${u.id}.json`, admin())).status, 200);
  assert.deepEqual(await statuses('/users/me.json', { auth }), [401]);
});

test('a demoted admin gets 403 from admin endpoints on the next request', async () => {
  const u = await createUser({ name: 'Boss', email: 'boss@acme.test', role: 'admin' });
  const auth = basic('boss@acme.test/token', acme.token);
  assert.deepEqual(await statuses('/api_tokens.json', { auth }), [200]);
  const r = await srv.api('PUT', `/users/${u.id}.json`, { ...admin(),
    body: { user: { role: 'agent' } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await statuses('/api_tokens.json', { auth }), [403]);
  const rs = await burst('/users/me.json', { auth });
  assert.deepEqual([...new Set(rs.map((x) => x.json.user.role))], ['agent']);
});

test('a host mapping moved to another account resolves anew at once', async () => {
  const beta = await srv.tokenAuth('admin@beta.test', 'beta-password-1',
    `beta.localhost:${srv.port}`);
  const host = `help.moving.example:${srv.port}`;
  const brand = async (auth, b) => {
    const r = await srv.api('POST', '/brands.json', { auth, host: b.host,
      body: { brand: b.brand } });
    assert.equal(r.status, 201, r.text);
    return r.json.brand;
  };
  const a = await brand(srv.admin, { brand: { name: 'Moving', subdomain: 'moving-a',
    host_mapping: 'help.moving.example' } });
  assert.deepEqual(await statuses('/users/me.json', { ...acme, host }), [200]);
  assert.deepEqual(await statuses('/users/me.json', { ...beta, host }), [401]);

  let r = await srv.api('PUT', `/brands/${a.id}.json`, { ...admin(),
    body: { brand: { host_mapping: null } } });
  assert.equal(r.status, 200, r.text);
  await brand(basic('admin@beta.test', 'beta-password-1'), {
    host: `beta.localhost:${srv.port}`,
    brand: { name: 'Moved', subdomain: 'moving-b', host_mapping: 'help.moving.example' } });
  assert.deepEqual(await statuses('/users/me.json', { ...acme, host }), [401]);
  const rs = await burst('/users/me.json', { ...beta, host });
  assert.deepEqual([...new Set(rs.map((x) => x.status))], [200]);
  assert.deepEqual([...new Set(rs.map((x) => x.json.user.email))], ['admin@beta.test']);
});
