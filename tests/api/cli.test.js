// The command line contract: create-account, migrate, serve's ready line and
// clean stop on SIGTERM, bad flags.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BIN, ROOT, startServer } = require('./lib/server');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'));
const db = 'sqlite:' + path.join(dir, 'nested', 'p.db');
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(...args) {
  return spawnSync(BIN, args, { encoding: 'utf8' });
}

test('create-account creates the folder and the account, and refuses duplicates', () => {
  let r = run('admin', 'create-account', 'shop', '--admin-email', 'Boss@Shop.test', '--admin-password', 'long-enough', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /created account shop/);
  r = run('admin', 'create-account', 'shop', '--admin-email', 'x@shop.test', '--admin-password', 'long-enough', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already taken/);
  r = run('admin', 'create-account', 'Bad_Name', '--admin-email', 'x@shop.test', '--admin-password', 'long-enough', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a valid subdomain/);
  r = run('admin', 'create-account', 'short', '--admin-email', 'x@shop.test', '--admin-password', 'short', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at least 8/);
});

test('migrate is idempotent', () => {
  for (let i = 0; i < 2; i++) {
    const r = run('migrate', '--db', db);
    assert.equal(r.status, 0, r.stderr);
  }
});

test('migrate gives new indexes statistics in an analyzed store, and none in one never analyzed', () => {
  const file = path.join(dir, 'stats.db');
  let r = run('admin', 'create-account', 'stats', '--admin-email', 'a@stats.test', '--admin-password', 'long-enough', '--db', 'sqlite:' + file);
  assert.equal(r.status, 0, r.stderr);
  const sql = (q) => spawnSync('sqlite3', [file, q], { encoding: 'utf8' }).stdout.trim();
  assert.equal(sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), '0');
  // Analyzed before 0125 existed: its indexes come back with statistics.
  sql('ANALYZE; DROP INDEX tickets_status_rank; DROP INDEX tickets_priority_rank;' +
    ' DROP INDEX users_role; DELETE FROM schema_migrations WHERE version = 125;' +
    " DELETE FROM sqlite_stat1 WHERE idx IN ('tickets_status_rank', 'tickets_priority_rank', 'users_role')");
  r = run('migrate', '--db', 'sqlite:' + file);
  assert.equal(r.status, 0, r.stderr);
  // (ANALYZE writes nothing for an empty table: users has the admin.)
  assert.equal(sql("SELECT stat FROM sqlite_stat1 WHERE idx = 'users_role'"), '1 1 1');
});

test('unknown commands and flags exit 2 with usage', () => {
  assert.equal(run('frobnicate').status, 2);
  const r = run('serve', '--no-such-flag');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option/);
  assert.equal(run('serve', '--rate-limit', 'lots').status, 2);
});

test('serve prints one ready line, answers, and exits 0 on SIGTERM', async () => {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^parley: ready on (http:\/\/127\.0\.0\.1:\d+)\n/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (c) => reject(new Error('exited ' + c)));
  });
  const res = await fetch(origin + '/api/v2/users/me.json', {
    headers: { Authorization: 'Basic ' + Buffer.from('boss@shop.test:long-enough').toString('base64') } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).user.email, 'boss@shop.test');
  const code = await new Promise((resolve) => { child.on('exit', (c) => resolve(c)); child.kill('SIGTERM'); });
  assert.equal(code, 0);
});

test('a port already in use is a clear error', async () => {
  const net = require('node:net');
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const r = run('serve', '--listen', `127.0.0.1:${blocker.address().port}`, '--db', db);
  blocker.close();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /could not listen/);
});

test('scripts/demo-seed.sh fills a new account through the API', async () => {
  const srv = await startServer({ accounts: [['demo', 'admin@demo.test', 'demo-password-1']] });
  try {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'demo-seed.sh'), srv.origin,
      'admin@demo.test', 'demo-password-1'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const get = async (p) => (await srv.api('GET', p, { auth: srv.admin })).json;
    const tickets = (await get('/tickets.json')).tickets;
    assert.deepEqual(tickets.map((t) => t.status).sort(),
      ['new', 'new', 'new', 'open', 'pending', 'solved']);
    assert.ok(tickets.some((t) => t.subject === 'Оплата не прошла' && t.priority === 'urgent'));
    assert.equal((await get('/help_center/articles.json')).count, 2);
    assert.ok((await get('/macros.json')).macros.some((m) => m.title === 'Billing::Refund issued'));
    assert.ok((await get('/users.json?role=agent')).users.some((u) => u.email === 'ana@demo.test'));
  } finally {
    await srv.stop();
  }
});
