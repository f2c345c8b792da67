// Authentication, accounts by Host, error shapes and limits of the HTTP layer.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, basic } = require('./lib/server');

let srv;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
});
test.after(() => srv.stop());

test('users/me is anonymous without credentials', async () => {
  const r = await srv.api('GET', '/users/me.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.user.id, null);
  assert.equal(r.json.user.role, 'end-user');
  assert.match(r.headers['content-type'], /^application\/json; charset=utf-8/);
});

test('password, api token and bearer-less failures', async () => {
  let r = await srv.api('GET', '/users/me.json', { auth: srv.admin });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, 'admin@acme.test');
  assert.equal(r.json.user.role, 'admin');
  assert.equal(r.json.user.url, `${srv.origin}/api/v2/users/${r.json.user.id}.json`);

  const { token, auth } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  assert.equal(token.length, 40);
  r = await srv.api('GET', '/users/me.json', { auth });
  assert.equal(r.json.user.email, 'admin@acme.test');

  r = await srv.api('GET', '/users/me.json', { auth: basic('admin@acme.test/token', token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x')) });
  assert.equal(r.status, 401);
  assert.deepEqual(r.json, { error: "Couldn't authenticate you" });
  assert.equal(r.headers['www-authenticate'], 'Basic realm="Web Password"');
  assert.equal(r.headers['retry-after'], undefined);

  r = await srv.api('GET', '/users/me.json', { auth: 'Basic !!!' });
  assert.equal(r.status, 401);
  r = await srv.api('GET', '/users/me.json', { auth: 'Bearer nope' });
  assert.equal(r.status, 401);
});

test('the token list never shows a secret again', async () => {
  await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const r = await srv.api('GET', '/api_tokens.json', { auth: srv.admin });
  assert.equal(r.status, 200);
  assert.ok(r.json.api_tokens.length >= 1);
  for (const t of r.json.api_tokens) assert.match(t.token, /^\.\.\..{4}$/);
});

test('Host names the account; a token of one account fails on another', async () => {
  const beta = `beta.localhost:${srv.port}`;
  let r = await srv.api('GET', '/users/me.json', { auth: basic('admin@beta.test', 'beta-password-1'), host: beta });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, 'admin@beta.test');
  assert.match(r.json.user.url, /^http:\/\/beta\.localhost:\d+\/api\/v2\/users\/\d+\.json$/);
  // beta's admin on acme's host (the default account) is nobody there.
  r = await srv.api('GET', '/users/me.json', { auth: basic('admin@beta.test', 'beta-password-1') });
  assert.equal(r.status, 401);
  const { auth } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  r = await srv.api('GET', '/users/me.json', { auth, host: beta });
  assert.equal(r.status, 401);
});

test('repeated wrong passwords lock the email out with 429 and Retry-After', async () => {
  const wrong = basic('admin@beta.test', 'not-the-password');
  const host = `beta.localhost:${srv.port}`;
  let last;
  for (let i = 0; i < 6; i++) last = await srv.api('GET', '/users/me.json', { auth: wrong, host });
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers['retry-after']) >= 1);
  // Even the right password waits out the lockout.
  const r = await srv.api('GET', '/users/me.json', { auth: basic('admin@beta.test', 'beta-password-1'), host });
  assert.equal(r.status, 429);
});

test('unknown routes, methods and malformed JSON get Zendesk-shaped errors', async () => {
  let r = await srv.api('GET', '/no_such_thing.json', { auth: srv.admin });
  assert.equal(r.status, 404);
  assert.deepEqual(r.json, { error: 'InvalidEndpoint', description: 'Not found' });
  r = await srv.api('PATCH', '/api_tokens.json', { auth: srv.admin });
  assert.equal(r.status, 405);
  r = await srv.api('POST', '/api_tokens.json', { auth: srv.admin, raw: '{"api_token":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.match(r.json.description, /not valid JSON/);
  r = await srv.api('POST', '/api_tokens.json', { auth: srv.admin, body: { nope: 1 } });
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/api_tokens/999999.json', { auth: srv.admin });
  assert.equal(r.status, 404);
  assert.deepEqual(r.json, { error: 'RecordNotFound', description: 'Not found' });
});

test('paths accept .json or not, and collapse //', async () => {
  let r = await srv.api('GET', '/api/v2//users/me', { auth: srv.admin });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, 'admin@acme.test');
});

test('oversized bodies get 413 and the server keeps serving', async () => {
  const big = JSON.stringify({ api_token: { description: 'x'.repeat(3 * 1024 * 1024) } });
  const r = await srv.api('POST', '/api_tokens.json', { auth: srv.admin, raw: big, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  const ok = await srv.api('GET', '/users/me.json', { auth: srv.admin });
  assert.equal(ok.status, 200);
});

test('admin endpoints refuse anonymous callers with 401', async () => {
  const r = await srv.api('GET', '/api_tokens.json');
  assert.equal(r.status, 401);
});
