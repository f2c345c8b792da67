// Starts a real `parley serve` on a free port with a fresh SQLite store in a
// temporary folder, and gives tests what they need to talk to it.
//
//   const srv = await startServer();          // account "acme", admin, token
//   const res = await srv.api('GET', '/users/me', {auth: srv.admin});
//   await srv.stop();
//
// PARLEY_BIN chooses the binary (the test script runs the suite twice:
// ./parley and ./parley-asan).
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });

const ROOT = path.resolve(__dirname, '../../..');
const BIN = process.env.PARLEY_BIN || path.join(ROOT, 'parley');

function createAccount(db, sub, email, password) {
  execFileSync(BIN, ['admin', 'create-account', sub, '--admin-email', email,
    '--admin-password', password, '--db', db], { stdio: 'pipe' });
}

// Spawns the server and resolves once it printed its ready line (and,
// when --smtp-listen is among the arguments, the "parley: smtp on" line
// after it, whose port becomes smtpPort).
function spawnServer(dir, db, extraArgs = []) {
  const smtp = extraArgs.includes('--smtp-listen');
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error('parley did not start: ' + err)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/parley: ready on (http:\/\/[^\s]+)/);
      const s = out.match(/parley: smtp on [^\s]*:(\d+)\n/);
      if (m && (!smtp || s)) {
        clearTimeout(timer);
        resolve({ child, origin: m[1], smtpPort: s ? Number(s[1]) : undefined });
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
      if (process.env.PARLEY_TEST_LOG) process.stderr.write(d);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parley exited with ${code}: ${err}`));
    });
    child.stderrText = () => err;
  });
}

function basic(user, secret) {
  return 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64');
}

// options: { accounts: [['acme','admin@acme.test','password1'], ...], args: [...] }
// With '--smtp-listen', '127.0.0.1:0' in args, srv.smtpPort is the SMTP port.
async function startServer(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const db = 'sqlite:' + path.join(dir, 'parley.db');
  const accounts = options.accounts || [['acme', 'admin@acme.test', 'acme-password-1']];
  for (const [sub, email, pw] of accounts) createAccount(db, sub, email, pw);
  let { child, origin, smtpPort } = await spawnServer(dir, db, options.args || []);

  const srv = {
    dir, db, origin, child, smtpPort,
    port: Number(origin.split(':').pop()),
    // host: the Host header (names the account); auth: an Authorization value
    api(method, p, { body, auth, host, headers = {}, raw } = {}) {
      const url = new URL(srv.origin + (p.startsWith('/') && !p.startsWith('/api/') && !p.startsWith('/hc') && !p.startsWith('/agent') ? '/api/v2' + p : p));
      const h = { ...headers };
      if (auth) h.Authorization = auth;
      h.Host = host || url.host;
      let payload;
      if (raw !== undefined) payload = raw;
      else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
      if (payload !== undefined && !h['Transfer-Encoding']) h['Content-Length'] = Buffer.byteLength(payload);
      return new Promise((resolve, reject) => {
        const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search,
          method, headers: h, agent: keepAlive }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            const text = buf.toString('utf8');
            let json = null;
            try { json = text ? JSON.parse(text) : null; } catch { json = null; }
            resolve({ status: res.statusCode, headers: res.headers, json, text, body: buf });
          });
        });
        req.on('error', reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
    basic,
    // Creates an API token as the given admin and returns a token auth value.
    async tokenAuth(email, password, host) {
      const r = await srv.api('POST', '/api_tokens', {
        auth: basic(email, password), host, body: { api_token: { description: 'tests' } } });
      if (r.status !== 201) throw new Error('token create failed: ' + r.text);
      return { token: r.json.api_token.token, auth: basic(`${email}/token`, r.json.api_token.token) };
    },
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    // kill -9 and start again on the same store (crash tests).
    async crashAndRestart() {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await done;
      ({ child, origin, smtpPort } = await spawnServer(dir, db, options.args || []));
      srv.child = child;
      srv.origin = origin;
      srv.smtpPort = smtpPort;
    },
    createAccount(sub, email, pw) { createAccount(db, sub, email, pw); },
  };
  const [sub, email, pw] = accounts[0];
  srv.admin = basic(email, pw);
  srv.adminEmail = email;
  srv.host = `${sub}.localhost:${srv.port}`;
  return srv;
}

module.exports = { startServer, basic, BIN, ROOT };
