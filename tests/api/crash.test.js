// Durability: kill -9 the server while tickets are being created
// concurrently; after a restart every ticket that was answered 201 is
// there, whole: subject, first comment, requester (created on the way).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { signIns, expect } = require('./lib/helpdesk');

const WORKERS = 8;
const KILL_AFTER = 60; // acknowledged creates before the kill

test('every acknowledged ticket survives kill -9, whole', async () => {
  const srv = await startServer();
  try {
    const admin = (await signIns(srv, 'admin@acme.test', 'acme-password-1'))('admin@acme.test');
    const acked = [];
    let killing = null;
    let inFlightAtKill = 0;
    let inFlight = 0;

    async function worker(w) {
      for (let i = 0; !killing; i++) {
        const t = { subject: `crash ${w}-${i}`, comment: { body: `body of ${w}-${i}` },
          requester: { name: `Requester ${w}-${i}`, email: `r${w}-${i}@crash.test` } };
        let r;
        inFlight++;
        try {
          r = await srv.api('POST', '/tickets.json', { auth: admin, body: { ticket: t } });
        } catch {
          return; // the server died under this request: not acknowledged
        } finally {
          inFlight--;
        }
        if (r.status !== 201) return;
        acked.push({ id: r.json.ticket.id, ...t });
        if (acked.length >= KILL_AFTER && !killing) {
          inFlightAtKill = inFlight;
          killing = srv.crashAndRestart();
        }
      }
    }
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await killing;
    assert.ok(acked.length >= KILL_AFTER);
    assert.ok(inFlightAtKill > 0, 'the kill hit while creates were in flight');

    for (const t of acked) {
      const r = await expect(srv, 200, 'GET', `/tickets/${t.id}.json`, { auth: admin });
      assert.equal(r.json.ticket.subject, t.subject);
      assert.equal(r.json.ticket.description, t.comment.body);
      const c = await expect(srv, 200, 'GET', `/tickets/${t.id}/comments.json`, { auth: admin });
      assert.deepEqual(c.json.comments.map((x) => x.body), [t.comment.body]);
      const u = await expect(srv, 200, 'GET', `/users/${r.json.ticket.requester_id}.json`, { auth: admin });
      assert.equal(u.json.user.email, t.requester.email);
      assert.equal(u.json.user.name, t.requester.name);
      const a = await expect(srv, 200, 'GET', `/tickets/${t.id}/audits.json`, { auth: admin });
      assert.equal(a.json.audits.length, 1);
    }
    // No half-written ticket: every stored ticket has its comment and audit.
    const all = [];
    let url = '/tickets.json?page[size]=100';
    while (url) {
      const r = await expect(srv, 200, 'GET', url, { auth: admin });
      all.push(...r.json.tickets);
      url = r.json.links.next ? new URL(r.json.links.next).pathname + new URL(r.json.links.next).search : null;
    }
    assert.ok(all.length >= acked.length);
    for (const t of all) {
      const c = await expect(srv, 200, 'GET', `/tickets/${t.id}/comments.json`, { auth: admin });
      assert.equal(c.json.comments.length, 1);
      assert.equal(c.json.comments[0].body, t.description);
    }
    // And the server takes new tickets after the restart.
    await expect(srv, 201, 'POST', '/tickets.json', { auth: admin,
      body: { ticket: { subject: 'after', comment: { body: 'restart' } } } });
  } finally {
    await srv.stop();
  }
});
