// Per-account rate limits and request size limits of the HTTP layer.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer, basic } = require('./lib/server');

let srv;
test.before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--rate-limit', '5'],
  });
});
test.after(() => srv.stop());

// Sends raw bytes and returns the first response line.
function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let buf = '';
    s.on('data', (d) => { buf += d; if (buf.includes('\r\n')) { s.destroy(); resolve(buf.split('\r\n')[0]); } });
    s.on('error', reject);
    s.on('close', () => resolve(buf.split('\r\n')[0]));
  });
}

test('an account past its per-minute limit gets 429 with Retry-After; others do not', async () => {
  // The window is a calendar minute: start right after a boundary if we are
  // close to one, so all requests land in the same minute.
  const sec = new Date().getUTCSeconds();
  if (sec > 55) await new Promise((r) => setTimeout(r, (61 - sec) * 1000));
  const seen = [];
  for (let i = 0; i < 7; i++) {
    const r = await srv.api('GET', '/users/me.json', { auth: srv.admin });
    seen.push(r);
  }
  assert.deepEqual(seen.map((r) => r.status), [200, 200, 200, 200, 200, 429, 429]);
  assert.equal(seen[0].headers['x-rate-limit'], '5');
  assert.equal(seen[0].headers['x-rate-limit-remaining'], '4');
  assert.equal(seen[0].headers['retry-after'], undefined);
  const retry = Number(seen[5].headers['retry-after']);
  assert.ok(retry >= 1 && retry <= 60, `retry-after ${retry}`);
  assert.equal(seen[5].json.error, 'TooManyRequests');
  // Another account has its own allowance.
  const other = await srv.api('GET', '/users/me.json', {
    auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` });
  assert.equal(other.status, 200);
});

test('oversized headers are refused, and the server keeps serving', async () => {
  const line = await rawRequest(srv.port,
    `GET /api/v2/users/me.json HTTP/1.1\r\nHost: beta.localhost\r\nX-Big: ${'a'.repeat(300 * 1024)}\r\n\r\n`);
  assert.match(line, /^HTTP\/1\.1 (431|413|414)/);
  const ok = await srv.api('GET', '/users/me.json', { host: `beta.localhost:${srv.port}` });
  assert.ok(ok.status === 200 || ok.status === 429);
});
