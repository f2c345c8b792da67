// Live updates: the server-sent event stream GET /agent/events (who may
// open it, what ticket writes and presence send, account isolation,
// resuming with Last-Event-ID, nothing from a write that rolled back,
// heartbeats, idle streams holding no worker thread, the stream limit,
// a clean stop with streams open) and POST /agent/presence.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer, basic } = require('./lib/server');

const AGENT_PW = 'agent-password-1';
let srv;
let beta;
let agent;

// Opens GET /agent/events; resolves once the response headers arrive with
// {status, headers, events: [{id, event, data}], comments, waitFor(pred),
// close()}.  data is parsed JSON.
function stream({ auth = srv.admin, host, cookie, lastEventId } = {}) {
  const headers = { Accept: 'text/event-stream', Host: host || `acme.localhost:${srv.port}` };
  if (auth) headers.Authorization = auth;
  if (cookie) headers.Cookie = `parley_session=${cookie}`;
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: '127.0.0.1', port: srv.port, path: '/agent/events',
      headers, agent: false });
    req.on('error', reject);
    req.on('response', (res) => {
      const s = { status: res.statusCode, headers: res.headers, events: [], comments: 0,
        ended: false, text: '' };
      const waiters = new Set();
      const check = () => {
        for (const w of waiters) {
          const hit = w.pred(s);
          if (hit) { waiters.delete(w); clearTimeout(w.timer); w.ok(hit); }
        }
      };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.text += d;
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = { event: 'message' };
          let data = null;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments++;
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) data = (data === null ? '' : data + '\n') + line.slice(6);
          }
          if (data !== null) s.events.push({ ...ev, data: JSON.parse(data) });
        }
        check();
      });
      const ended = () => { s.ended = true; check(); };
      res.on('end', ended);
      res.on('close', ended);
      res.on('error', () => {});
      s.waitFor = (pred, ms = 5000) => new Promise((ok, fail) => {
        const w = { pred, ok };
        w.timer = setTimeout(() => { waiters.delete(w); fail(new Error('timed out; got ' + s.text)); }, ms);
        waiters.add(w);
        check();
      });
      // The first event of type whose data matches pred, from events[from].
      s.next = (type, pred = () => true, from = 0) =>
        s.waitFor((x) => x.events.slice(from).find((e) => e.event === type && pred(e.data)));
      s.close = () => req.destroy();
      resolve(s);
    });
    req.end();
  });
}

const api = (method, p, body, opts = {}) => srv.api(method, p, { auth: srv.admin, body, ...opts });

async function newTicket(subject, opts) {
  const r = await api('POST', '/tickets', { ticket: { subject, comment: { body: subject } } }, opts);
  assert.equal(r.status, 201, r.text);
  return r.json.ticket;
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

// Signs in at /agent; returns {cookie, csrf}.
async function signIn(email, password) {
  const r = await srv.api('POST', '/agent/session', {
    raw: form({ email, password }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const set = (r.headers['set-cookie'] || []).find((c) => c.startsWith('parley_session='));
  assert.ok(set, r.text);
  const cookie = set.split(';')[0].split('=')[1];
  const renew = await srv.api('GET', '/users/me/session/renew', { headers: { Cookie: `parley_session=${cookie}` } });
  return { cookie, csrf: renew.json.authenticity_token };
}

before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--live-heartbeat', '1'],
  });
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  const r = await api('POST', '/users', { user: { name: 'Agent Smith', email: 'smith@acme.test',
    role: 'agent', password: AGENT_PW } });
  assert.equal(r.status, 201, r.text);
  agent = { ...r.json.user, auth: basic('smith@acme.test', AGENT_PW) };
  const e = await api('POST', '/users', { user: { name: 'Erin End', email: 'erin@acme.test',
    password: 'enduser-password-1' } });
  assert.equal(e.status, 201, e.text);
});

after(() => srv.stop());

test('the stream is for agents: 401 anonymous, 403 end users, 200 with a session cookie', async () => {
  let s = await stream({ auth: null });
  assert.equal(s.status, 401);
  s = await stream({ auth: null, cookie: 'not-a-session' });
  assert.equal(s.status, 401);
  s = await stream({ auth: basic('erin@acme.test', 'enduser-password-1') });
  assert.equal(s.status, 403);
  const { cookie } = await signIn('smith@acme.test', AGENT_PW);
  s = await stream({ auth: null, cookie });
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  assert.equal(s.headers['cache-control'], 'no-store');
  await s.waitFor((x) => x.text.startsWith('retry: 3000\n\n'));
  s.close();
  const p = await srv.api('POST', '/agent/presence', { body: { ticket_id: 1, state: 'viewing' } });
  assert.equal(p.status, 401);
});

test('ticket writes arrive as ticket events after they commit', async () => {
  const s = await stream();
  const tk = await newTicket('Printer on fire', { auth: agent.auth });
  const created = await s.next('ticket', (d) => d.id === tk.id);
  assert.deepEqual(created.data, { id: tk.id, action: 'created', updated_at: tk.updated_at, actor_id: agent.id });
  assert.match(created.id, /^\d+$/);

  const u = await api('PUT', `/tickets/${tk.id}`, { ticket: { status: 'open', comment: { body: 'On it', public: false } } });
  assert.equal(u.status, 200, u.text);
  const updated = await s.next('ticket', (d) => d.id === tk.id && d.action === 'updated');
  assert.equal(updated.data.updated_at, u.json.ticket.updated_at);
  assert.ok(BigInt(updated.id) > BigInt(created.id));

  // Bulk writes: one event per ticket.
  const many = await api('POST', '/tickets/create_many', { tickets: [
    { subject: 'bulk 1', comment: { body: 'a' } }, { subject: 'bulk 2', comment: { body: 'b' } }] });
  assert.equal(many.status, 200, many.text);
  await s.waitFor((x) => x.events.filter((e) => e.data.action === 'created').length === 3);

  const d = await api('DELETE', `/tickets/${tk.id}`);
  assert.equal(d.status, 204);
  const deleted = await s.next('ticket', (x) => x.id === tk.id && x.action === 'deleted');
  assert.equal(deleted.data.actor_id, 1);
  s.close();
});

test('a write that rolls back (422) sends nothing', async () => {
  const s = await stream();
  const tk = await newTicket('Stays as it is');
  await s.next('ticket', (d) => d.id === tk.id);
  const before = s.events.length;
  // The ticket row is written before the unknown upload token fails it.
  let r = await api('POST', '/tickets', { ticket: { subject: 'never', comment: { body: 'x', uploads: ['no-such-token'] } } });
  assert.equal(r.status, 422, r.text);
  r = await api('PUT', `/tickets/${tk.id}`, { ticket: { status: 'no-such-status' } });
  assert.equal(r.status, 422, r.text);
  r = await api('PUT', `/tickets/${tk.id}`, { ticket: { comment: { body: 'late', uploads: ['no-such-token'] } } });
  assert.equal(r.status, 422, r.text);
  const marker = await newTicket('After the failures');
  await s.next('ticket', (d) => d.id === marker.id);
  assert.deepEqual(s.events.slice(before).map((e) => e.data.id), [marker.id]);
  s.close();
});

test("an account's stream never sees another account's events", async () => {
  const a = await stream();
  const b = await stream({ auth: beta.auth, host: beta.host });
  const theirs = await newTicket('Beta ticket', beta);
  const ours = await newTicket('Acme ticket');
  await a.next('ticket', (d) => d.id === ours.id);
  await b.next('ticket', (d) => d.id === theirs.id);
  // Presence in beta stays in beta.
  const p = await srv.api('POST', '/agent/presence', { ...beta, body: { ticket_id: theirs.id, state: 'viewing' } });
  assert.equal(p.status, 200, p.text);
  await b.next('presence', (d) => d.ticket_id === theirs.id);
  const marker = await newTicket('Acme marker');
  await a.next('ticket', (d) => d.id === marker.id);
  assert.ok(a.events.every((e) => e.event !== 'presence' && e.data.id !== theirs.id), a.text);
  assert.ok(b.events.every((e) => e.data.id !== ours.id && e.data.id !== marker.id), b.text);
  // Another account's ticket id is a missing one.
  const cross = await api('POST', '/agent/presence', { ticket_id: theirs.id, state: 'viewing' });
  assert.equal(cross.status, 404);
  a.close();
  b.close();
});

test('a stream resumes after Last-Event-ID; an id the ring does not hold resets', async () => {
  let s = await stream();
  const t1 = await newTicket('resume 1');
  const e1 = await s.next('ticket', (d) => d.id === t1.id);
  s.close();
  const t2 = await newTicket('resume 2');
  const t3 = await newTicket('resume 3');
  s = await stream({ lastEventId: e1.id });
  await s.waitFor((x) => x.events.filter((e) => e.event === 'ticket').length >= 2);
  assert.deepEqual(s.events.map((e) => e.data.id), [t2.id, t3.id]);
  assert.ok(BigInt(s.events[0].id) > BigInt(e1.id));
  s.close();
  // From an earlier process (or a made-up id): reset, then live again.
  for (const id of ['5', '99999999999999999']) {
    s = await stream({ lastEventId: id });
    const reset = await s.next('reset');
    assert.deepEqual(reset.data, {});
    assert.match(reset.id, /^\d+$/);
    const t4 = await newTicket('after reset');
    await s.next('ticket', (d) => d.id === t4.id);
    s.close();
  }
});

test('idle streams send heartbeats', async () => {
  const s = await stream();
  await s.waitFor((x) => x.comments >= 2, 5000);
  assert.equal(s.status, 200);
  s.close();
});

test('20 idle streams hold no worker thread: the API still answers, and each stream gets the event', async () => {
  const streams = await Promise.all(Array.from({ length: 20 }, () => stream()));
  assert.ok(streams.every((s) => s.status === 200));
  await Promise.all(streams.map((s) => s.waitFor((x) => x.text.startsWith('retry'))));
  const t0 = Date.now();
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    api('GET', i % 2 ? '/tickets?per_page=5' : '/users/me')));
  assert.ok(answers.every((r) => r.status === 200));
  assert.ok(Date.now() - t0 < 3000, `answered in ${Date.now() - t0} ms`);
  const tk = await newTicket('to everyone');
  await Promise.all(streams.map((s) => s.next('ticket', (d) => d.id === tk.id)));
  for (const s of streams) s.close();
});

test('one user may hold 32 streams; the 33rd is refused with Retry-After', async () => {
  const open = await Promise.all(Array.from({ length: 32 }, () => stream({ auth: agent.auth })));
  assert.ok(open.every((s) => s.status === 200));
  const extra = await stream({ auth: agent.auth });
  assert.equal(extra.status, 429);
  assert.ok(extra.headers['retry-after']);
  // Another user is not affected.
  const admin = await stream();
  assert.equal(admin.status, 200);
  admin.close();
  for (const s of open) s.close();
  // Closed streams are noticed at the next heartbeat and free their place.
  let again;
  for (let i = 0; i < 40; i++) {
    again = await stream({ auth: agent.auth });
    if (again.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(again.status, 200);
  again.close();
});

test('presence: viewing and typing are published when they change, renewals are not', async () => {
  const tk = await newTicket('Presence');
  const s = await stream();
  const { cookie, csrf } = await signIn('smith@acme.test', AGENT_PW);
  const asSmith = (body, token = csrf) => srv.api('POST', '/agent/presence', { body,
    headers: { Cookie: `parley_session=${cookie}`, ...(token ? { 'X-CSRF-Token': token } : {}) } });

  // Cookie writes need the CSRF token.
  let r = await asSmith({ ticket_id: tk.id, state: 'viewing' }, null);
  assert.equal(r.status, 403);
  r = await asSmith({ ticket_id: tk.id, state: 'viewing' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { users: [{ id: agent.id, name: 'Agent Smith', typing: false }] });
  let ev = await s.next('presence', (d) => d.ticket_id === tk.id);
  assert.deepEqual(ev.data, { ticket_id: tk.id, users: [{ id: agent.id, name: 'Agent Smith', typing: false }] });

  r = await api('POST', '/agent/presence', { ticket_id: tk.id, state: 'viewing' });
  assert.deepEqual(r.json.users.map((u) => u.id), [agent.id, 1]);
  r = await asSmith({ ticket_id: tk.id, state: 'typing' });
  ev = await s.next('presence', (d) => d.ticket_id === tk.id && d.users.some((u) => u.typing));
  assert.deepEqual(ev.data.users, [{ id: agent.id, name: 'Agent Smith', typing: true },
    { id: 1, name: 'Administrator', typing: false }]);
  const count = s.events.length;
  r = await asSmith({ ticket_id: tk.id, state: 'typing' }); // a renewal
  assert.equal(r.status, 200);
  r = await asSmith({ ticket_id: tk.id, state: 'left' });
  ev = await s.next('presence', (d) => d.ticket_id === tk.id, count);
  assert.equal(s.events.length, count + 1, 'the renewal sent nothing');
  assert.deepEqual(ev.data.users.map((u) => u.id), [1]);
  s.close();

  // Bad input.
  for (const body of [{ ticket_id: tk.id, state: 'sleeping' }, { ticket_id: 'x', state: 'viewing' }, { state: 'left' }]) {
    r = await api('POST', '/agent/presence', body);
    assert.equal(r.status, 422, JSON.stringify(body));
  }
  r = await api('POST', '/agent/presence', { ticket_id: 999999, state: 'viewing' });
  assert.equal(r.status, 404);
  r = await srv.api('POST', '/agent/presence', { auth: basic('erin@acme.test', 'enduser-password-1'),
    body: { ticket_id: tk.id, state: 'viewing' } });
  assert.equal(r.status, 403);
});

// Last: it stops the server.
test('SIGTERM with streams open: they end and the server exits cleanly', async () => {
  const streams = await Promise.all(Array.from({ length: 5 }, () => stream()));
  await Promise.all(streams.map((s) => s.waitFor((x) => x.text.startsWith('retry'))));
  const exited = new Promise((r) => srv.child.once('exit', (code, signal) => r({ code, signal })));
  const t0 = Date.now();
  srv.child.kill('SIGTERM');
  const { code } = await exited;
  assert.equal(code, 0, srv.child.stderrText());
  assert.ok(Date.now() - t0 < 5000);
  await Promise.all(streams.map((s) => s.waitFor((x) => x.ended)));
});
