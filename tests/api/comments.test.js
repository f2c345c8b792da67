// Comments and audits: body/html conversion (escaped, sanitized), paging
// both ways, side-loads, privacy, audits and their events, make_private,
// and isolation between end users and between accounts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { addUser, sql } = require('./lib/fixtures');
const { signIns, expect, createTicket, updateTicket, followAll } = require('./lib/helpdesk');
const openapi = require('./lib/openapi');

let srv, as, admin, agent, agentId, adminId, beta;
const betaHost = () => `beta.localhost:${srv.port}`;

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  as = await signIns(srv, 'admin@acme.test', 'acme-password-1');
  admin = as('admin@acme.test');
  adminId = (await expect(srv, 200, 'GET', '/users/me.json', { auth: admin })).json.user.id;
  agentId = await addUser(srv, admin, { name: 'Agent', email: 'agent@acme.test', role: 'agent' });
  agent = as('agent@acme.test');
  beta = (await signIns(srv, 'admin@beta.test', 'beta-password-1', betaHost()))('admin@beta.test');
});
test.after(() => srv.stop());

test('plain bodies become escaped HTML paragraphs; HTML bodies are sanitized and stripped', async () => {
  const { ticket, audit } = await createTicket(srv, admin, {
    comment: { body: '<b>bold?</b> & "quotes"\nnext line\n\nsecond paragraph' } });
  const c = audit.events[0];
  assert.equal(c.body, '<b>bold?</b> & "quotes"\nnext line\n\nsecond paragraph');
  assert.equal(c.plain_body, c.body);
  assert.equal(c.html_body, '<p>&lt;b&gt;bold?&lt;/b&gt; &amp; &quot;quotes&quot;<br>next line</p>' +
    '<p>second paragraph</p>');
  const u = await updateTicket(srv, admin, ticket.id, { comment: { html_body:
    '<p onclick="steal()">Hello <strong>there</strong> &amp; welcome<script>alert(1)</script></p>' +
    '<p><a href="javascript:alert(1)">bad</a> <a href="https://example.com/x?a=1&b=2">good</a></p>' +
    '<img src=x onerror=alert(1)>' } });
  const h = u.audit.events.find((e) => e.type === 'Comment');
  // The allow-list of util/html.c: relative image URLs stay, handlers go.
  assert.equal(h.html_body, '<p>Hello <strong>there</strong> &amp; welcome</p>' +
    '<p><a>bad</a> <a href="https://example.com/x?a=1&amp;b=2">good</a></p><img src="x">');
  assert.equal(h.body, 'Hello there & welcome\n\nbad good');
  assert.equal(h.plain_body, h.body);
  assert.doesNotMatch(h.html_body, /script|onclick|onerror|javascript/);
  // The description is the first comment's text.
  const t = await createTicket(srv, admin, { comment: { html_body: '<p>Smoke!</p>' } });
  assert.equal(t.ticket.description, 'Smoke!');
  assert.equal(t.ticket.subject, 'Smoke!');
  // A string comment and the legacy "value" are bodies too.
  const s = await updateTicket(srv, admin, ticket.id, { comment: 'plain string' });
  assert.equal(s.audit.events[0].body, 'plain string');
  const v = await updateTicket(srv, admin, ticket.id, { comment: { value: 'legacy value' } });
  assert.equal(v.audit.events[0].body, 'legacy value');
  // A blank comment on update is no comment; with uploads it is an error.
  const blank = await updateTicket(srv, admin, ticket.id, { comment: { body: ' ' } });
  assert.equal(blank.audit, undefined);
  await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { comment: { body: '', uploads: ['tok'] } } } });
});

test('comments list: fields, both paging styles to the end, sort_order, include=users', async () => {
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'c0' } });
  for (let i = 1; i < 5; i++) {
    await updateTicket(srv, i % 2 ? agent : admin, ticket.id, { comment: { body: `c${i}`, public: i !== 3 } });
  }
  const path = `/tickets/${ticket.id}/comments.json`;
  const cur = await followAll(srv, admin, `${path}?page[size]=2`, 'comments');
  assert.deepEqual(cur.items.map((c) => c.body), ['c0', 'c1', 'c2', 'c3', 'c4']);
  assert.equal(cur.pages, 3);
  const off = await followAll(srv, admin, `${path}?per_page=2`, 'comments');
  assert.deepEqual(off.items.map((c) => c.id), cur.items.map((c) => c.id));
  let r = await expect(srv, 200, 'GET', `${path}?sort_order=desc`, { auth: admin });
  assert.deepEqual(r.json.comments.map((c) => c.body), ['c4', 'c3', 'c2', 'c1', 'c0']);
  assert.equal(r.json.count, 5);
  r = await expect(srv, 200, 'GET', `${path}?page[size]=2&sort_order=desc`, { auth: admin });
  assert.deepEqual(r.json.comments.map((c) => c.body), ['c4', 'c3']);
  const c = cur.items[1];
  assert.deepEqual(Object.keys(c).sort(), ['attachments', 'audit_id', 'author_id', 'body', 'created_at',
    'html_body', 'id', 'metadata', 'plain_body', 'public', 'type', 'via'].sort());
  assert.equal(c.type, 'Comment');
  assert.equal(c.author_id, agentId);
  assert.deepEqual(c.via, { channel: 'api', source: { from: {}, to: {}, rel: null } });
  assert.deepEqual(c.attachments, []);
  assert.equal(cur.items[3].public, false);
  for (const x of cur.items) openapi.check('Comment', x);
  r = await expect(srv, 200, 'GET', `${path}?include=users`, { auth: admin });
  assert.deepEqual(r.json.users.map((u) => u.id).sort((a, b) => a - b), [adminId, agentId].sort((a, b) => a - b));
  // The comment id is the id of its Comment event, which carries the audit id.
  const audit = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits/${c.audit_id}.json`, { auth: admin });
  const ev = audit.json.audit.events.find((e) => e.type === 'Comment');
  assert.equal(ev.id, c.id);
  assert.equal(ev.audit_id, c.audit_id);
});

test('authors: agents may author for others; end users only as themselves, only in public', async () => {
  const enduserId = await addUser(srv, admin, { name: 'Eve', email: 'eve@x.test' });
  const eve = as('eve@x.test');
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' }, requester_id: enduserId });
  const u = await updateTicket(srv, agent, ticket.id, { comment: { body: 'on behalf', author_id: enduserId } });
  assert.equal(u.audit.events[0].author_id, enduserId);
  assert.equal(u.audit.author_id, agentId);
  await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: agent,
    body: { ticket: { comment: { body: 'x', author_id: 999999 } } } });
  await expect(srv, 403, 'PUT', `/tickets/${ticket.id}.json`, { auth: eve,
    body: { ticket: { comment: { body: 'x', author_id: agentId } } } });
  await expect(srv, 403, 'PUT', `/tickets/${ticket.id}.json`, { auth: eve,
    body: { ticket: { comment: { body: 'x', public: false } } } });
  const mine = await updateTicket(srv, eve, ticket.id, { comment: { body: 'from eve', author_id: enduserId } });
  assert.equal(mine.audit.events[0].public, true);
});

test('audits: list, show, count, events after create and update, paging, ticket_audits', async () => {
  const { ticket, audit: created } = await createTicket(srv, admin, { subject: 'S1',
    comment: { body: 'first' }, priority: 'low', tags: ['a'] });
  await updateTicket(srv, admin, ticket.id, { priority: 'high', assignee_id: agentId,
    tags: ['a', 'b'], comment: { body: 'second', public: false } });
  await updateTicket(srv, agent, ticket.id, { status: 'solved' });
  const path = `/tickets/${ticket.id}/audits.json`;
  const all = await followAll(srv, admin, path, 'audits');
  assert.equal(all.items.length, 3);
  assert.deepEqual(all.items[0], created);
  const [, second, third] = all.items;
  assert.equal(second.author_id, adminId);
  assert.equal(third.author_id, agentId);
  const changes = (a) => Object.fromEntries(a.events.filter((e) => e.type === 'Change')
    .map((e) => [e.field_name, [e.previous_value, e.value]]));
  assert.deepEqual(changes(second), {
    priority: ['low', 'high'], assignee_id: [null, String(agentId)], status: ['new', 'open'],
    tags: [['a'], ['a', 'b']] });
  const cm = second.events.find((e) => e.type === 'Comment');
  assert.deepEqual([cm.body, cm.public, cm.author_id], ['second', false, adminId]);
  assert.deepEqual(Object.keys(cm).sort(), ['attachments', 'audit_id', 'author_id', 'body', 'html_body',
    'id', 'plain_body', 'public', 'type'].sort());
  assert.deepEqual(changes(third), { status: ['open', 'solved'] });
  for (const e of second.events.filter((x) => x.type === 'Change')) {
    assert.deepEqual(Object.keys(e).sort(), ['field_name', 'id', 'previous_value', 'type', 'value']);
  }
  // Both paging styles, followed to the end.
  const cur = await followAll(srv, admin, `${path}?page[size]=2`, 'audits');
  assert.deepEqual(cur.items.map((a) => a.id), all.items.map((a) => a.id));
  assert.equal(cur.pages, 2);
  const off = await followAll(srv, admin, `${path}?per_page=1`, 'audits');
  assert.deepEqual(off.items.map((a) => a.id), all.items.map((a) => a.id));
  assert.equal(off.pages, 3);
  let r = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits/${second.id}.json`, { auth: agent });
  assert.deepEqual(r.json.audit, second);
  r = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits/count.json`, { auth: agent });
  assert.equal(r.json.count.value, 3);
  await expect(srv, 404, 'GET', `/tickets/${ticket.id}/audits/999999.json`, { auth: agent });
  const other = await createTicket(srv, admin, { comment: { body: 'other' } });
  await expect(srv, 404, 'GET', `/tickets/${other.ticket.id}/audits/${second.id}.json`, { auth: agent });
  // The account-wide list (admins).
  const every = await followAll(srv, admin, '/ticket_audits.json?page[size]=100', 'audits');
  assert.ok(every.items.some((a) => a.id === third.id && a.events.length === 1));
  await expect(srv, 403, 'GET', '/ticket_audits.json', { auth: agent });
  // The log itself holds exactly these events, in order.
  const rows = sql(srv, `SELECT type || ':' || coalesce(field_name, '') FROM ticket_events
    WHERE ticket_id = ${ticket.id} ORDER BY id`);
  assert.deepEqual(rows, [...created.events, ...second.events, ...third.events]
    .map((e) => `${e.type}:${e.field_name || ''}`));
});

test('make_private: through the audit or the comment, logged as CommentPrivacyChange', async () => {
  const requester = await addUser(srv, admin, { name: 'Req', email: 'req@x.test' });
  const req = as('req@x.test');
  const { ticket, audit } = await createTicket(srv, admin, { comment: { body: 'oops, secret' },
    requester_id: requester });
  const u = await updateTicket(srv, admin, ticket.id, { comment: { body: 'also secret' } });
  let r = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: req });
  assert.equal(r.json.comments.length, 2);
  await expect(srv, 200, 'PUT', `/tickets/${ticket.id}/audits/${audit.id}/make_private.json`, { auth: agent });
  const commentId = u.audit.events[0].id;
  await expect(srv, 200, 'PUT', `/tickets/${ticket.id}/comments/${commentId}/make_private.json`, { auth: agent });
  await expect(srv, 200, 'PUT', `/tickets/${ticket.id}/comments/${commentId}/make_private.json`, { auth: agent });
  r = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: req });
  assert.equal(r.json.comments.length, 0);
  r = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: agent });
  assert.deepEqual(r.json.comments.map((c) => c.public), [false, false]);
  const audits = await followAll(srv, admin, `/tickets/${ticket.id}/audits.json`, 'audits');
  const priv = audits.items.flatMap((a) => a.events).filter((e) => e.type === 'CommentPrivacyChange');
  assert.deepEqual(priv.map((e) => [e.comment_id, e.public]), [[audit.events[0].id, false], [commentId, false]]);
  await expect(srv, 404, 'PUT', `/tickets/${ticket.id}/comments/999999/make_private.json`, { auth: agent });
  await expect(srv, 403, 'PUT', `/tickets/${ticket.id}/comments/${commentId}/make_private.json`, { auth: req });
});

test('comments and audits of another account answer 404', async () => {
  const { ticket, audit } = await createTicket(srv, admin, { comment: { body: 'acme' } });
  const o = { auth: beta, host: betaHost() };
  for (const [m, p] of [['GET', `/tickets/${ticket.id}/comments.json`],
    ['GET', `/tickets/${ticket.id}/audits.json`], ['GET', `/tickets/${ticket.id}/audits/${audit.id}.json`],
    ['GET', `/tickets/${ticket.id}/audits/count.json`],
    ['PUT', `/tickets/${ticket.id}/audits/${audit.id}/make_private.json`],
    ['PUT', `/tickets/${ticket.id}/comments/${audit.events[0].id}/make_private.json`]]) {
    const r = await srv.api(m, p, o);
    assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
  }
  const every = await followAll(srv, beta, '/ticket_audits.json?page[size]=100', 'audits', betaHost());
  assert.equal(every.items.length, 0);
});
