// Incremental exports: time-based and cursor-based tickets, users,
// organizations and ticket events, samples, deleted records, side-loads,
// bad parameters, admins only, isolation, node-zendesk's export helpers,
// and the promise that matters: a consumer starting at start_time=0 and
// following next_page until end_of_stream reads every change exactly
// once and in order while writers keep writing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser } = require('./lib/people');

let srv, A, B, agent;

async function api(method, path, opts, body) {
  return srv.api(method, path, { ...opts, body });
}

async function newTicket(subject, extra = {}, opts = A) {
  const r = await api('POST', '/tickets.json', opts, { ticket: { subject, comment: { body: 'x' }, ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket;
}

// Follows next_page from path until end_of_stream; returns the items.
async function drain(path, root, opts = A) {
  const items = [];
  let url = path;
  for (;;) {
    const r = await srv.api('GET', url, opts);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json[root]);
    assert.equal(r.json.count, r.json[root].length);
    if (r.json.end_of_stream) return { items, last: r.json };
    url = r.json.next_page.slice(srv.origin.length);
  }
}

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
});
test.after(() => srv.stop());

test('tickets, time-based: shape, order, deleted tickets, exclude_deleted, side-loads', async () => {
  const a = await newTicket('first');
  const b = await newTicket('second', { assignee_id: agent.id });
  const c = await newTicket('third');
  let r = await api('PUT', `/tickets/${a.id}.json`, A, { ticket: { status: 'pending' } });
  assert.equal(r.status, 200);
  assert.equal((await api('DELETE', `/tickets/${c.id}.json`, A)).status, 204);
  r = await srv.api('GET', '/incremental/tickets.json?start_time=0', A);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['count', 'end_of_stream', 'end_time', 'next_page', 'tickets']);
  // Change order: b, then the update of a, then the deletion of c.
  assert.deepEqual(r.json.tickets.map((t) => [t.id, t.status]),
    [[b.id, 'open'], [a.id, 'pending'], [c.id, 'deleted']]);
  assert.ok(r.json.tickets.every((t) => Number.isInteger(t.generated_timestamp)));
  assert.equal(r.json.end_time, r.json.tickets[2].generated_timestamp);
  assert.equal(r.json.end_of_stream, true);
  assert.ok(r.json.next_page.startsWith(`${srv.origin}/api/v2/incremental/tickets.json?`), r.json.next_page);
  assert.ok(r.json.next_page.includes(`start_time=${r.json.end_time}`));
  // Following next_page gives nothing new; start_time=end_time alone
  // repeats that second, as Zendesk does.
  r = await srv.api('GET', r.json.next_page.slice(srv.origin.length), A);
  assert.deepEqual(r.json.tickets, []);
  assert.equal(r.json.end_of_stream, true);
  r = await srv.api('GET', '/incremental/tickets.json?start_time=0&exclude_deleted=true', A);
  assert.deepEqual(r.json.tickets.map((t) => t.id), [b.id, a.id]);
  r = await srv.api('GET', '/incremental/tickets.json?start_time=0&per_page=2&include=users', A);
  assert.equal(r.json.tickets.length, 2);
  assert.equal(r.json.end_of_stream, false);
  assert.ok(r.json.users.some((u) => u.id === agent.id));
  const later = await srv.api('GET', `/incremental/tickets.json?start_time=${r.json.end_time + 3600}`, A);
  assert.deepEqual(later.json.tickets, []);
  assert.equal(later.json.end_time, r.json.end_time + 3600);
});

test('tickets, cursor-based: after_cursor and after_url, polling from the last cursor', async () => {
  let r = await srv.api('GET', '/incremental/tickets/cursor.json?start_time=0&page[size]=2', A);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json).sort(),
    ['after_cursor', 'after_url', 'before_cursor', 'before_url', 'end_of_stream', 'tickets']);
  const seen = r.json.tickets.map((t) => t.id);
  assert.equal(r.json.end_of_stream, false);
  while (!r.json.end_of_stream) {
    assert.ok(r.json.after_url.includes(`cursor=${r.json.after_cursor}`));
    r = await srv.api('GET', r.json.after_url.slice(srv.origin.length), A);
    seen.push(...r.json.tickets.map((t) => t.id));
  }
  const all = (await drain('/incremental/tickets.json?start_time=0', 'tickets')).items.map((t) => t.id);
  assert.deepEqual(seen, all);
  const t = await newTicket('after the cursor');
  r = await srv.api('GET', `/incremental/tickets/cursor.json?cursor=${r.json.after_cursor}`, A);
  assert.deepEqual(r.json.tickets.map((x) => x.id), [t.id]);
  assert.equal((await srv.api('GET', '/incremental/tickets/cursor.json?cursor=nope', A)).status, 400);
});

test('users, organizations (deleted ones too) and ticket events', async () => {
  let r = await api('POST', '/organizations.json', A, { organization: { name: 'Gone Inc', external_id: 'g1' } });
  const org = r.json.organization;
  await api('POST', '/organizations.json', A, { organization: { name: 'Stays Ltd' } });
  assert.equal((await api('DELETE', `/organizations/${org.id}.json`, A)).status, 204);
  r = await srv.api('GET', '/incremental/organizations.json?start_time=0', A);
  assert.deepEqual(r.json.organizations.map((o) => o.name), ['Stays Ltd', 'Gone Inc']);
  const gone = r.json.organizations[1];
  assert.equal(gone.id, org.id);
  assert.equal(gone.external_id, 'g1');
  assert.ok(gone.deleted_at);
  r = await api('PUT', `/users/${agent.id}.json`, A, { user: { name: 'Agent Smith' } });
  const users = (await drain('/incremental/users.json?start_time=0', 'users')).items;
  assert.equal(users.at(-1).name, 'Agent Smith', 'a changed user moves to the end');
  assert.equal(new Set(users.map((u) => u.id)).size, users.length);
  r = await srv.api('GET', '/incremental/users/cursor.json?start_time=0', A);
  assert.deepEqual(r.json.users.map((u) => u.id), users.map((u) => u.id));
  assert.ok(r.json.after_cursor);
  // Ticket events: one item per audit, comments only when asked for.
  const t = await newTicket('events', { priority: 'low' });
  await api('PUT', `/tickets/${t.id}.json`, A, { ticket: { priority: 'high', comment: { body: 'bumped' } } });
  const ev = (await drain('/incremental/ticket_events.json?start_time=0', 'ticket_events')).items
    .filter((e) => e.ticket_id === t.id);
  assert.equal(ev.length, 2);
  assert.equal(ev[0].event_type, 'Audit');
  assert.ok(ev[0].child_events.some((c) => c.event_type === 'Create' && c.field_name === 'priority' && c.value === 'low'));
  assert.deepEqual(ev[1].child_events, [{ id: ev[1].child_events[0].id, event_type: 'Change',
    field_name: 'priority', value: 'high', previous_value: 'low' }]);
  const withComments = (await drain('/incremental/ticket_events.json?start_time=0&include=comment_events',
    'ticket_events')).items.filter((e) => e.ticket_id === t.id);
  const comment = withComments[1].child_events.find((c) => c.event_type === 'Comment');
  assert.equal(comment.body, 'bumped');
  assert.equal(comment.public, true);
});

test('samples, bad parameters, admins only, isolation', async () => {
  await api('POST', '/tickets/create_many.json', A, { tickets: Array.from({ length: 60 },
    (_, i) => ({ subject: `bulk ${i}`, comment: { body: 'x' } })) });
  await new Promise((res) => setTimeout(res, 300));
  let r = await srv.api('GET', '/incremental/tickets/sample.json?start_time=0', A);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.tickets.length, 50);
  for (const kind of ['users', 'organizations', 'ticket_events']) {
    r = await srv.api('GET', `/incremental/${kind}/sample.json?start_time=0`, A);
    assert.equal(r.status, 200, `${kind}: ${r.text}`);
    assert.ok(r.json[kind].length <= 50);
  }
  for (const q of ['', '?start_time=abc', '?start_time=-1', '?start_time=0&per_page=1001',
    '?start_time=0&per_page=0'])
    assert.equal((await srv.api('GET', `/incremental/tickets.json${q}`, A)).status, 400, q);
  assert.equal((await srv.api('GET', '/incremental/tickets.json?start_time=0', { auth: agent.auth })).status, 403);
  assert.equal((await srv.api('GET', '/incremental/users.json?start_time=0')).status, 401);
  const beta = await newTicket('beta only', {}, B);
  r = await srv.api('GET', '/incremental/tickets.json?start_time=0', B);
  assert.deepEqual(r.json.tickets.map((t) => t.id), [beta.id]);
  r = await srv.api('GET', '/incremental/users.json?start_time=0', B);
  assert.deepEqual(r.json.users.map((u) => u.email), ['admin@beta.test']);
});

test('exactly once, in order, while writers keep writing', async () => {
  // Each write gives its ticket a new version in the subject; the
  // consumer must see the versions of every ticket strictly increasing,
  // never one twice, and end on each ticket's final version.
  const final = new Map();
  let stop = false;
  async function writer(w) {
    const mine = [];
    for (let k = 0; !stop; k++) {
      if (mine.length < 3 || k % 3 === 0) {
        const t = await newTicket(`w${w} v0`);
        mine.push({ id: t.id, v: 0 });
        final.set(t.id, 0);
      } else {
        const t = mine[k % mine.length];
        t.v++;
        const r = await api('PUT', `/tickets/${t.id}.json`, A, { ticket: { subject: `w${w} v${t.v}`,
          comment: { body: `v${t.v}` } } });
        assert.equal(r.status, 200, r.text);
        final.set(t.id, t.v);
      }
    }
  }
  const seen = new Map();
  const audits = [];
  let url = '/incremental/tickets.json?start_time=0&per_page=7';
  let eventsUrl = '/incremental/ticket_events.json?start_time=0&per_page=50';
  let pages = 0;
  let deadline = 0;
  async function consume(untilCaughtUp) {
    for (;;) {
      const r = await srv.api('GET', url, A);
      assert.equal(r.status, 200, r.text);
      pages++;
      for (const t of r.json.tickets) {
        const v = Number((t.subject.match(/ v(\d+)$/) || [])[1]);
        if (Number.isNaN(v)) continue;       // tickets of earlier tests
        const before = seen.get(t.id);
        assert.ok(before === undefined || v > before, `ticket ${t.id}: v${v} after v${before}`);
        seen.set(t.id, v);
      }
      url = r.json.next_page.slice(srv.origin.length);
      const e = await srv.api('GET', eventsUrl, A);
      audits.push(...e.json.ticket_events.map((x) => x.id));
      eventsUrl = e.json.next_page.slice(srv.origin.length);
      if (r.json.end_of_stream && e.json.end_of_stream && untilCaughtUp) return;
      // While writing, hand back at the deadline too: on a slow machine
      // (sanitizers) four writers can outpace a reader of 7-ticket pages.
      if (!untilCaughtUp && (r.json.end_of_stream || Date.now() >= deadline)) return;
    }
  }
  const writers = [0, 1, 2].map(writer);
  deadline = Date.now() + 2000;
  while (Date.now() < deadline) await consume(false);
  stop = true;
  await Promise.all(writers);
  await consume(true);
  assert.ok(final.size > 10, `writers wrote ${final.size} tickets`);
  assert.ok(pages > 5, `${pages} pages read while writing`);
  for (const [id, v] of final)
    assert.equal(seen.get(id), v, `ticket ${id} ends on v${v}`);
  assert.equal(seen.size, final.size);
  // Audits are appended, never moved: each exactly once, in id order.
  assert.equal(new Set(audits).size, audits.length, 'an audit read twice');
  assert.deepEqual(audits, [...audits].sort((x, y) => x - y));
  const after = (await drain('/incremental/ticket_events.json?start_time=0', 'ticket_events')).items;
  assert.deepEqual(audits, after.map((x) => x.id), 'a fresh read after the writes finds the same');
});

test('node-zendesk: ticketexport, users, organizations and ticket events exports', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const all = (await drain('/incremental/tickets.json?start_time=0', 'tickets')).items;
  // node-zendesk hands back the body of ticketexport calls (its names do
  // not include "tickets") and the first page's items of the others (it
  // stops incremental lists after one page, section 2.5 of the spec).
  const first = await client.ticketexport.export(0);
  assert.deepEqual(first.result.tickets.map((t) => t.id), all.slice(0, 1000).map((t) => t.id));
  assert.equal(first.result.end_of_stream, all.length < 1000);
  // exportCursor asks for page[size]=100.
  const cur = await client.ticketexport.exportCursor(0);
  assert.deepEqual(cur.result.tickets.map((t) => t.id), all.slice(0, 100).map((t) => t.id));
  const next = await client.ticketexport.exportCursor(undefined, cur.result.after_cursor);
  assert.deepEqual(next.result.tickets.map((t) => t.id), all.slice(100, 200).map((t) => t.id));
  const users = await client.users.incremental(0);
  assert.ok(users.some((u) => u.email === 'admin@acme.test'));
  const orgs = await client.organizations.incremental(0);
  assert.deepEqual(orgs.map((o) => o.name), ['Stays Ltd', 'Gone Inc']);
  const events = await client.ticketevents.incremental(0);
  assert.ok(events.length > 0 && events.every((e) => e.event_type === 'Audit'));
});
