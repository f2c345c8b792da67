// Tickets: create/show/update/delete, the status lifecycle, validation,
// requester auto-creation, lists and paging, side-loads, bulk jobs,
// end-user and cross-account isolation, and node-zendesk driving it all.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { addUser, addGroup, addOrganization, addBrand, sql } = require('./lib/fixtures');
const { signIns, expect, createTicket, updateTicket, followAll } = require('./lib/helpdesk');
const openapi = require('./lib/openapi');

let srv, as, admin, agent, agentId, adminId, group, org, beta, betaAdmin, endUserOrg;
const betaHost = () => `beta.localhost:${srv.port}`;

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  as = await signIns(srv, 'admin@acme.test', 'acme-password-1');
  admin = as('admin@acme.test');
  adminId = (await expect(srv, 200, 'GET', '/users/me.json', { auth: admin })).json.user.id;
  agentId = await addUser(srv, admin, { name: 'Agent Smith', email: 'agent@acme.test', role: 'agent' });
  agent = as('agent@acme.test');
  group = await addGroup(srv, admin, 'Tier 2');
  org = await addOrganization(srv, admin, 'Initech');
  endUserOrg = await addUser(srv, admin, { name: 'Peter', email: 'peter@initech.test', organization_id: org });
  beta = await signIns(srv, 'admin@beta.test', 'beta-password-1', betaHost());
  betaAdmin = beta('admin@beta.test');
});
test.after(() => srv.stop());

test('create: 201, Location, Zendesk defaults, audit with Comment and Create events', async () => {
  const r = await expect(srv, 201, 'POST', '/tickets.json', { auth: admin, body: { ticket: {
    subject: 'Printer on fire', priority: 'urgent', type: 'incident',
    comment: { body: 'Smoke is coming out' }, tags: ['hw'] } } });
  const { ticket, audit } = r.json;
  assert.equal(r.headers.location, ticket.url);
  assert.equal(ticket.url, `${srv.origin}/api/v2/tickets/${ticket.id}.json`);
  assert.equal(ticket.status, 'new');
  assert.equal(ticket.subject, 'Printer on fire');
  assert.equal(ticket.raw_subject, 'Printer on fire');
  assert.equal(ticket.description, 'Smoke is coming out');
  assert.equal(ticket.requester_id, adminId);
  assert.equal(ticket.submitter_id, adminId);
  assert.equal(ticket.assignee_id, null);
  assert.deepEqual(ticket.via, { channel: 'api', source: { from: {}, to: {}, rel: null } });
  assert.equal(typeof ticket.brand_id, 'number');
  assert.deepEqual(ticket.tags, ['hw']);
  assert.equal(ticket.is_public, true);
  assert.deepEqual(ticket.custom_fields, ticket.fields);
  openapi.check('Ticket', ticket);

  assert.equal(audit.ticket_id, ticket.id);
  assert.equal(audit.author_id, adminId);
  assert.equal(audit.via.channel, 'api');
  // The default triggers' notifications follow the ticket's own events.
  const [comment, ...creates] = audit.events.filter((e) => e.type !== 'Notification');
  assert.equal(comment.type, 'Comment');
  assert.equal(comment.body, 'Smoke is coming out');
  assert.equal(comment.html_body, '<p>Smoke is coming out</p>');
  assert.equal(comment.public, true);
  assert.equal(comment.author_id, adminId);
  const byField = Object.fromEntries(creates.map((e) => [e.field_name, e]));
  for (const e of creates) assert.equal(e.type, 'Create');
  assert.equal(byField.status.value, 'new');
  assert.equal(byField.priority.value, 'urgent');
  assert.equal(byField.type.value, 'incident');
  assert.equal(byField.subject.value, 'Printer on fire');
  assert.equal(byField.requester_id.value, String(adminId));
  assert.deepEqual(byField.tags.value, ['hw']);
  assert.equal(byField.assignee_id, undefined, 'unset fields get no Create event');

  const shown = await expect(srv, 200, 'GET', `/tickets/${ticket.id}.json`, { auth: agent });
  assert.deepEqual(shown.json.ticket, ticket);
});

test('create needs a comment body; bad input answers 400/422 and writes nothing', async () => {
  const count = async () => (await expect(srv, 200, 'GET', '/tickets/count.json', { auth: admin })).json.count.value;
  const before = await count();
  let r = await expect(srv, 422, 'POST', '/tickets.json', { auth: admin, body: { ticket: { subject: 'x' } } });
  assert.equal(r.json.error, 'RecordInvalid');
  assert.equal(r.json.details.description[0].error, 'BlankValue');
  r = await expect(srv, 422, 'POST', '/tickets.json', { auth: admin, body: { ticket: { comment: { body: '   ' } } } });
  const bad = [
    [{ status: 'bogus' }, 'status'], [{ priority: 'asap' }, 'priority'], [{ type: 'bug' }, 'type'],
    [{ status: 'closed' }, 'status'], [{ assignee_id: endUserOrg }, 'assignee_id'],
    [{ assignee_id: 999999 }, 'assignee_id'], [{ group_id: 999999 }, 'group_id'],
    [{ organization_id: 999999 }, 'organization_id'], [{ brand_id: 999999 }, 'brand_id'],
    [{ requester_id: 999999 }, 'requester_id'], [{ requester_id: 'abc' }, 'requester_id'],
    [{ tags: [1, 2] }, 'tags'], [{ due_at: 'tomorrow' }, 'due_at'],
    [{ subject: 'x'.repeat(1025) }, 'subject'], [{ problem_id: 999999 }, 'problem_id'],
    [{ collaborator_ids: [999999] }, 'collaborator_ids'], [{ comment: 42 }, 'comment'],
    [{ comment: { body: 'x', public: 'yes' } }, 'comment'],
    [{ requester: { name: 'No Mail' } }, 'requester'],
    [{ requester: { name: 'Bad', email: 'not-an-email' } }, 'email'],
  ];
  for (const [fields, key] of bad) {
    r = await srv.api('POST', '/tickets.json', { auth: admin,
      body: { ticket: { comment: { body: 'hi' }, ...fields } } });
    assert.equal(r.status, 422, `${JSON.stringify(fields)}: ${r.text}`);
    assert.ok(r.json.details[key], `${JSON.stringify(fields)} -> ${r.text}`);
  }
  // A requester that would be created is not, when the ticket fails.
  await expect(srv, 422, 'POST', '/tickets.json', { auth: admin, body: { ticket: {
    comment: { body: 'hi' }, requester: { name: 'Ghost', email: 'ghost@x.test' }, status: 'nope' } } });
  assert.equal(sql(srv, "SELECT count(*) FROM users WHERE email = 'ghost@x.test'")[0], '0');
  // Malformed bodies.
  r = await expect(srv, 400, 'POST', '/tickets.json', { auth: admin, raw: '{"ticket":',
    headers: { 'Content-Type': 'application/json' } });
  assert.match(r.json.description, /not valid JSON/);
  await expect(srv, 400, 'POST', '/tickets.json', { auth: admin, body: { nope: {} } });
  await expect(srv, 400, 'POST', '/tickets.json', { auth: admin, body: { ticket: 'x' } });
  await expect(srv, 400, 'POST', '/tickets.json', { auth: admin, raw: '[1]',
    headers: { 'Content-Type': 'application/json' } });
  await expect(srv, 400, 'PUT', '/tickets/1.json', { auth: admin, raw: 'nope',
    headers: { 'Content-Type': 'application/json' } });
  assert.equal(await count(), before);
});

test('requester {name,email} finds or creates the user, whose organization the ticket takes', async () => {
  const a = await createTicket(srv, admin, { comment: { body: 'one' },
    requester: { name: 'Ann Example', email: 'Ann@Example.test', locale_id: 1 } });
  const uid = a.ticket.requester_id;
  assert.notEqual(uid, adminId);
  assert.equal(a.ticket.submitter_id, adminId);
  const u = await expect(srv, 200, 'GET', `/users/${uid}.json`, { auth: admin });
  assert.equal(u.json.user.name, 'Ann Example');
  assert.equal(u.json.user.email, 'ann@example.test');
  assert.equal(u.json.user.role, 'end-user');
  const b = await createTicket(srv, admin, { comment: { body: 'two' },
    requester: { name: 'Someone Else', email: 'ann@example.test' } });
  assert.equal(b.ticket.requester_id, uid);
  // The requester's organization, unless the request names one.
  const c = await createTicket(srv, admin, { comment: { body: 'org' }, requester_id: endUserOrg });
  assert.equal(c.ticket.organization_id, org);
  const org2 = await addOrganization(srv, admin, 'Other Org');
  const d = await createTicket(srv, admin, { comment: { body: 'org' }, requester_id: endUserOrg,
    organization_id: org2 });
  assert.equal(d.ticket.organization_id, org2);
  // Naming the same requester again keeps the organization.
  const same = await updateTicket(srv, admin, d.ticket.id, { requester_id: endUserOrg, priority: 'low' });
  assert.equal(same.ticket.organization_id, org2);
  // Changing the requester moves the ticket to the new requester's organization.
  const e = await updateTicket(srv, admin, a.ticket.id, { requester_id: endUserOrg });
  assert.equal(e.ticket.organization_id, org);
  const ev = e.audit.events.find((x) => x.field_name === 'organization_id');
  assert.deepEqual([ev.type, ev.value, ev.previous_value], ['Change', String(org), null]);
  // Author of the first comment: the caller, or comment.author_id for agents.
  const f = await createTicket(srv, admin, { comment: { body: 'by agent', author_id: agentId } });
  assert.equal(f.audit.events[0].author_id, agentId);
});

test('status lifecycle: new, open, pending, hold, solved, closed', async () => {
  // An assignee opens a new ticket, at creation or later.
  const a = await createTicket(srv, admin, { comment: { body: 'x' }, assignee_id: agentId, group_id: group });
  assert.equal(a.ticket.status, 'open');
  assert.equal(a.ticket.group_id, group);
  const b = await createTicket(srv, admin, { comment: { body: 'x' } });
  assert.equal(b.ticket.status, 'new');
  let u = await updateTicket(srv, admin, b.ticket.id, { assignee_id: agentId });
  assert.equal(u.ticket.status, 'open');
  const change = u.audit.events.find((e) => e.field_name === 'status');
  assert.deepEqual([change.type, change.value, change.previous_value], ['Change', 'open', 'new']);
  // Free movement among open, pending and hold; never back to new.
  for (const s of ['pending', 'hold', 'open', 'hold', 'pending']) {
    u = await updateTicket(srv, admin, b.ticket.id, { status: s });
    assert.equal(u.ticket.status, s);
  }
  let r = await expect(srv, 422, 'PUT', `/tickets/${b.ticket.id}.json`, { auth: admin,
    body: { ticket: { status: 'new' } } });
  assert.match(r.json.details.status[0].description, /back to new/);
  // closed only from solved.
  r = await expect(srv, 422, 'PUT', `/tickets/${b.ticket.id}.json`, { auth: admin,
    body: { ticket: { status: 'closed' } } });
  assert.match(r.json.details.status[0].description, /solved/);
  // Solving without an assignee assigns the solving agent.
  const c = await createTicket(srv, admin, { comment: { body: 'x' } });
  u = await updateTicket(srv, agent, c.ticket.id, { status: 'solved' });
  assert.equal(u.ticket.status, 'solved');
  assert.equal(u.ticket.assignee_id, agentId);
  const assign = u.audit.events.find((e) => e.field_name === 'assignee_id');
  assert.deepEqual([assign.value, assign.previous_value], [String(agentId), null]);
  // A solved ticket keeps an assignee; it may be reopened.
  await expect(srv, 422, 'PUT', `/tickets/${c.ticket.id}.json`, { auth: admin,
    body: { ticket: { assignee_id: null } } });
  u = await updateTicket(srv, admin, c.ticket.id, { status: 'open' });
  assert.equal(u.ticket.status, 'open');
  u = await updateTicket(srv, admin, c.ticket.id, { status: 'solved' });
  u = await updateTicket(srv, admin, c.ticket.id, { status: 'closed' });
  assert.equal(u.ticket.status, 'closed');
  // closed is final: any update, even a comment or tags, is refused.
  for (const t of [{ status: 'open' }, { comment: { body: 'more' } }, { subject: 'x' }]) {
    r = await expect(srv, 422, 'PUT', `/tickets/${c.ticket.id}.json`, { auth: admin, body: { ticket: t } });
    assert.match(r.json.details.status[0].description, /closed/);
  }
  await expect(srv, 422, 'PUT', `/tickets/${c.ticket.id}/tags.json`, { auth: admin, body: { tags: ['x'] } });
  // Created solved: assigned to the creating agent.
  const d = await createTicket(srv, agent, { comment: { body: 'x' }, status: 'solved' });
  assert.equal(d.ticket.assignee_id, agentId);
  // Created pending without an assignee is allowed and stays unassigned.
  const e = await createTicket(srv, admin, { comment: { body: 'x' }, status: 'pending' });
  assert.equal(e.ticket.status, 'pending');
  assert.equal(e.ticket.assignee_id, null);
});

test('update: fields and comments are audited with previous values; no-op writes nothing', async () => {
  const { ticket } = await createTicket(srv, admin, { subject: 'Before', comment: { body: 'first' },
    priority: 'low', tags: ['a'] });
  const u = await updateTicket(srv, admin, ticket.id, { subject: 'After', priority: 'high',
    type: 'task', due_at: '2030-01-02T03:04:05Z', external_id: 'EXT-1', group_id: group,
    comment: { body: 'second', public: false }, metadata: { source: 'test' } });
  assert.equal(u.ticket.subject, 'After');
  assert.equal(u.ticket.due_at, '2030-01-02T03:04:05Z');
  assert.equal(u.ticket.external_id, 'EXT-1');
  assert.equal(u.ticket.description, 'first');
  assert.deepEqual(u.audit.metadata.custom, { source: 'test' });
  const ev = Object.fromEntries(u.audit.events.filter((e) => e.type === 'Change')
    .map((e) => [e.field_name, [e.value, e.previous_value]]));
  assert.deepEqual(ev.subject, ['After', 'Before']);
  assert.deepEqual(ev.priority, ['high', 'low']);
  assert.deepEqual(ev.type, ['task', null]);
  assert.deepEqual(ev.group_id, [String(group), null]);
  assert.deepEqual(ev.due_at, ['2030-01-02T03:04:05Z', null]);
  assert.deepEqual(ev.external_id, ['EXT-1', null]);
  const cm = u.audit.events.find((e) => e.type === 'Comment');
  assert.equal(cm.public, false);
  assert.equal(cm.body, 'second');
  const comments = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: admin });
  assert.deepEqual(comments.json.comments.map((c) => c.body), ['first', 'second']);
  // The same values again: 200, no audit, updated_at untouched.
  const again = await updateTicket(srv, admin, ticket.id, { subject: 'After', priority: 'high' });
  assert.equal(again.audit, undefined);
  assert.equal(again.ticket.updated_at, u.ticket.updated_at);
  const audits = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits/count.json`, { auth: admin });
  assert.equal(audits.json.count.value, 2);
  // Unknown and missing tickets.
  await expect(srv, 404, 'PUT', '/tickets/999999.json', { auth: admin, body: { ticket: { subject: 'x' } } });
  await expect(srv, 400, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin, body: {} });
});

test('safe_update: a stale updated_stamp answers 409', async () => {
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' } });
  const stale = '2001-01-01T00:00:00Z';
  const r = await expect(srv, 409, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { subject: 'lost', safe_update: true, updated_stamp: stale } } });
  assert.equal(r.json.error, 'UpdateConflict');
  const ok = await updateTicket(srv, admin, ticket.id, { subject: 'kept', safe_update: true,
    updated_stamp: ticket.updated_at });
  assert.equal(ok.ticket.subject, 'kept');
  await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { subject: 'x', safe_update: true } } });
});

test('tags are normalized; additional_tags and remove_tags; tags endpoints audit changes', async () => {
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' },
    tags: ['Foo Bar', 'foo', 'BAZ,qux', ''] });
  assert.deepEqual(ticket.tags, ['foo', 'bar', 'baz', 'qux']);
  let u = await updateTicket(srv, admin, ticket.id, { additional_tags: 'New', remove_tags: ['bar'] });
  assert.deepEqual(u.ticket.tags, ['foo', 'baz', 'qux', 'new']);
  const t = `/tickets/${ticket.id}/tags.json`;
  let r = await expect(srv, 200, 'GET', t, { auth: admin });
  assert.deepEqual(r.json, { tags: ['foo', 'baz', 'qux', 'new'] });
  r = await expect(srv, 201, 'POST', t, { auth: admin, body: { tags: ['One', 'two'] } });
  assert.deepEqual(r.json.tags, ['one', 'two']);
  r = await expect(srv, 200, 'PUT', t, { auth: admin, body: { tags: ['three', 'one'] } });
  assert.deepEqual(r.json.tags, ['one', 'two', 'three']);
  r = await expect(srv, 200, 'DELETE', t, { auth: admin, body: { tags: ['two'] } });
  assert.deepEqual(r.json.tags, ['one', 'three']);
  await expect(srv, 400, 'PUT', t, { auth: admin, body: { nope: 1 } });
  await expect(srv, 404, 'GET', '/tickets/999999/tags.json', { auth: admin });
  const audits = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits.json`, { auth: admin });
  const tagChanges = audits.json.audits.flatMap((a) => a.events)
    .filter((e) => e.type === 'Change' && e.field_name === 'tags');
  assert.deepEqual(tagChanges.map((e) => [e.previous_value, e.value]), [
    [['foo', 'bar', 'baz', 'qux'], ['foo', 'baz', 'qux', 'new']],
    [['foo', 'baz', 'qux', 'new'], ['one', 'two']],
    [['one', 'two'], ['one', 'two', 'three']],
    [['one', 'two', 'three'], ['one', 'three']],
  ]);
});

test('delete is soft: 404 afterwards, row kept, a status Change to deleted logged', async () => {
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'bye' }, external_id: 'DEL-1' });
  await expect(srv, 204, 'DELETE', `/tickets/${ticket.id}.json`, { auth: agent });
  await expect(srv, 404, 'GET', `/tickets/${ticket.id}.json`, { auth: admin });
  await expect(srv, 404, 'DELETE', `/tickets/${ticket.id}.json`, { auth: admin });
  await expect(srv, 404, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin, body: { ticket: { subject: 'x' } } });
  await expect(srv, 404, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: admin });
  const list = await expect(srv, 200, 'GET', '/tickets.json?external_id=DEL-1', { auth: admin });
  assert.equal(list.json.tickets.length, 0);
  assert.notEqual(sql(srv, `SELECT deleted_at FROM tickets WHERE id = ${ticket.id}`)[0], '');
  assert.deepEqual(sql(srv, `SELECT type || ':' || field_name || ':' || value || ':' || previous_value
    FROM ticket_events WHERE ticket_id = ${ticket.id} ORDER BY id DESC LIMIT 1`), ['Change:status:"deleted":"new"']);
});

test('lists: cursor and offset paging followed to the end, sorting, external_id', async () => {
  const host = betaHost();
  const ids = [];
  for (let i = 0; i < 7; i++) {
    const { ticket } = await createTicket(srv, betaAdmin, { subject: `T${i}`, comment: { body: `b${i}` },
      priority: ['low', 'urgent', 'normal', 'high'][i % 4], external_id: i === 3 ? 'X-3' : null }, host);
    ids.push(ticket.id);
  }
  const cursor = await followAll(srv, betaAdmin, '/tickets.json?page[size]=3', 'tickets', host);
  assert.deepEqual(cursor.items.map((t) => t.id), ids);
  assert.equal(cursor.pages, 3);
  const offset = await followAll(srv, betaAdmin, '/tickets.json?per_page=2', 'tickets', host);
  assert.deepEqual(offset.items.map((t) => t.id), ids);
  assert.equal(offset.pages, 4);
  let r = await expect(srv, 200, 'GET', '/tickets.json?per_page=2&page=2', { auth: betaAdmin, host });
  assert.equal(r.json.count, 7);
  assert.match(r.json.previous_page, /page=1/);
  // Going back with page[before] gives the previous page in order.
  r = await expect(srv, 200, 'GET', `/tickets.json?page[size]=2&page[before]=${ids[4]}`, { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [ids[2], ids[3]]);
  r = await expect(srv, 200, 'GET', '/tickets.json?sort_by=priority&sort_order=desc', { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.priority),
    ['urgent', 'urgent', 'high', 'normal', 'normal', 'low', 'low']);
  r = await expect(srv, 200, 'GET', '/tickets.json?sort_by=id&sort_order=desc', { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [...ids].reverse());
  r = await expect(srv, 200, 'GET', '/tickets.json?sort_by=created_at', { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.id), ids);
  r = await expect(srv, 200, 'GET', '/tickets.json?page[size]=2&sort_order=desc', { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [ids[6], ids[5]]);
  r = await expect(srv, 200, 'GET', '/tickets.json?external_id=X-3', { auth: betaAdmin, host });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [ids[3]]);
  await expect(srv, 400, 'GET', '/tickets.json?sort_by=subject', { auth: betaAdmin, host });
  await expect(srv, 400, 'GET', '/tickets.json?per_page=101', { auth: betaAdmin, host });
  await expect(srv, 400, 'GET', '/tickets.json?page[size]=abc', { auth: betaAdmin, host });
  // Recent: the most recently updated first.
  await updateTicket(srv, betaAdmin, ids[2], { subject: 'touched' }, host);
  sql(srv, `UPDATE tickets SET updated_at = updated_at + 100 WHERE id = ${ids[2]}`);
  r = await expect(srv, 200, 'GET', '/tickets/recent.json', { auth: betaAdmin, host });
  assert.equal(r.json.tickets[0].id, ids[2]);
  r = await expect(srv, 200, 'GET', '/tickets/count.json', { auth: betaAdmin, host });
  assert.equal(r.json.count.value, 7);
  assert.match(r.json.count.refreshed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  for (const t of r.json.tickets || []) openapi.check('Ticket', t);
});

test('show_many, related lists, collaborators and side-loads', async () => {
  const cc = await addUser(srv, admin, { name: 'Cee Cee', email: 'cc@acme.test' });
  const a = await createTicket(srv, admin, { comment: { body: 'a' }, requester_id: endUserOrg,
    assignee_id: agentId, group_id: group, collaborator_ids: [cc] });
  const b = await createTicket(srv, admin, { comment: { body: 'b' }, requester_id: endUserOrg,
    collaborators: ['new.cc@acme.test', { name: 'Named', email: 'named@acme.test' }],
    email_ccs: [{ user_id: cc, action: 'put' }] });
  assert.equal(b.ticket.collaborator_ids.length, 3);
  let r = await expect(srv, 200, 'GET', `/tickets/show_many.json?ids=${b.ticket.id},${a.ticket.id},999999`, { auth: admin });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [a.ticket.id, b.ticket.id]);
  const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
  await expect(srv, 400, 'GET', `/tickets/show_many.json?ids=${many}`, { auth: admin });
  await expect(srv, 400, 'GET', '/tickets/show_many.json?ids=1,x', { auth: admin });

  r = await expect(srv, 200, 'GET', `/users/${endUserOrg}/tickets/requested.json`, { auth: admin });
  assert.ok([a.ticket.id, b.ticket.id].every((id) => r.json.tickets.some((t) => t.id === id)));
  assert.ok(r.json.tickets.every((t) => t.requester_id === endUserOrg));
  r = await expect(srv, 200, 'GET', `/users/${cc}/tickets/ccd.json`, { auth: admin });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [a.ticket.id, b.ticket.id]);
  r = await expect(srv, 200, 'GET', `/users/${agentId}/tickets/assigned.json`, { auth: admin });
  assert.ok(r.json.tickets.some((t) => t.id === a.ticket.id));
  assert.ok(r.json.tickets.every((t) => t.assignee_id === agentId));
  const byOrg = await followAll(srv, admin, `/organizations/${org}/tickets.json?page[size]=1`, 'tickets');
  assert.ok(byOrg.items.length >= 2 && byOrg.items.every((t) => t.organization_id === org));
  await expect(srv, 404, 'GET', '/users/999999/tickets/requested.json', { auth: admin });
  await expect(srv, 404, 'GET', '/organizations/999999/tickets.json', { auth: admin });

  r = await expect(srv, 200, 'GET', `/tickets/${b.ticket.id}/collaborators.json`, { auth: admin });
  assert.deepEqual(r.json.users.map((u) => u.email).sort(),
    ['cc@acme.test', 'named@acme.test', 'new.cc@acme.test']);
  // Removing a CC.
  const u = await updateTicket(srv, admin, b.ticket.id, { email_ccs: [{ user_email: 'cc@acme.test', action: 'delete' }] });
  assert.equal(u.ticket.collaborator_ids.length, 2);
  assert.deepEqual(u.ticket.email_cc_ids, u.ticket.collaborator_ids);

  // Side-loads: top-level arrays next to the primary key, one entry per record.
  r = await expect(srv, 200, 'GET', `/tickets/${a.ticket.id}.json?include=users,groups,organizations`, { auth: admin });
  assert.deepEqual(r.json.users.map((x) => x.id).sort((x, y) => x - y),
    [adminId, agentId, endUserOrg, cc].sort((x, y) => x - y));
  assert.deepEqual(r.json.groups.map((g) => [g.id, g.name]), [[group, 'Tier 2']]);
  assert.deepEqual(r.json.organizations.map((o) => [o.id, o.name]), [[org, 'Initech']]);
  r = await expect(srv, 200, 'GET', `/tickets/show_many.json?ids=${a.ticket.id},${b.ticket.id}&include=users`, { auth: admin });
  assert.equal(new Set(r.json.users.map((x) => x.id)).size, r.json.users.length);
  assert.equal(r.json.groups, undefined);
  r = await expect(srv, 200, 'GET', '/tickets.json?page[size]=100&include=organizations', { auth: admin });
  assert.ok(r.json.organizations.some((o) => o.id === org));
});

test('end users see and comment on only their own tickets', async () => {
  const peter = as('peter@initech.test');
  // Created through the requester path; signs in with the account's token.
  const other = await createTicket(srv, admin, { comment: { body: 'not yours' },
    requester: { name: 'Mallory', email: 'mallory@x.test' } });
  const mine = await createTicket(srv, peter, { subject: 'Help me', comment: { body: 'please' } });
  assert.equal(mine.ticket.requester_id, endUserOrg);
  assert.equal(mine.ticket.submitter_id, endUserOrg);
  assert.equal(mine.ticket.organization_id, org);
  const ccTicket = await createTicket(srv, admin, { comment: { body: 'cc' }, collaborator_ids: [endUserOrg] });

  await expect(srv, 200, 'GET', `/tickets/${mine.ticket.id}.json`, { auth: peter });
  await expect(srv, 200, 'GET', `/tickets/${ccTicket.ticket.id}.json`, { auth: peter });
  const r404 = await expect(srv, 404, 'GET', `/tickets/${other.ticket.id}.json`, { auth: peter });
  assert.deepEqual(r404.json, { error: 'RecordNotFound', description: 'Not found' });
  await expect(srv, 404, 'GET', `/tickets/${other.ticket.id}/comments.json`, { auth: peter });
  await expect(srv, 404, 'GET', `/tickets/${other.ticket.id}/tags.json`, { auth: peter });
  await expect(srv, 404, 'PUT', `/tickets/${other.ticket.id}.json`, { auth: peter,
    body: { ticket: { comment: { body: 'sneaky' } } } });
  const list = await followAll(srv, peter, '/tickets.json?page[size]=100', 'tickets');
  assert.ok(list.items.length >= 2);
  assert.ok(list.items.every((t) => t.requester_id === endUserOrg || t.collaborator_ids.includes(endUserOrg)));
  let r = await expect(srv, 200, 'GET', `/tickets/show_many.json?ids=${other.ticket.id},${mine.ticket.id}`, { auth: peter });
  assert.deepEqual(r.json.tickets.map((t) => t.id), [mine.ticket.id]);

  // Public comments only; no field changes; no agent-only endpoints.
  const c = await updateTicket(srv, peter, mine.ticket.id, { comment: { body: 'any news?' } });
  assert.equal(c.audit.events[0].author_id, endUserOrg);
  r = await expect(srv, 403, 'PUT', `/tickets/${mine.ticket.id}.json`, { auth: peter,
    body: { ticket: { comment: { body: 'secret', public: false } } } });
  await expect(srv, 403, 'PUT', `/tickets/${mine.ticket.id}.json`, { auth: peter,
    body: { ticket: { status: 'solved' } } });
  await expect(srv, 403, 'PUT', `/tickets/${mine.ticket.id}.json`, { auth: peter,
    body: { ticket: { comment: { body: 'as agent', author_id: agentId } } } });
  await expect(srv, 403, 'POST', '/tickets.json', { auth: peter,
    body: { ticket: { comment: { body: 'x' }, assignee_id: agentId } } });
  await expect(srv, 403, 'POST', '/tickets.json', { auth: peter,
    body: { ticket: { comment: { body: 'x' }, requester_id: adminId } } });
  await expect(srv, 403, 'DELETE', `/tickets/${mine.ticket.id}.json`, { auth: peter });
  await expect(srv, 403, 'GET', `/tickets/${mine.ticket.id}/audits.json`, { auth: peter });
  await expect(srv, 403, 'GET', '/tickets/count.json', { auth: peter });
  await expect(srv, 403, 'POST', '/tickets/create_many.json', { auth: peter, body: { tickets: [] } });
  // Private comments by agents stay hidden from the requester.
  await updateTicket(srv, agent, mine.ticket.id, { comment: { body: 'internal note', public: false } });
  r = await expect(srv, 200, 'GET', `/tickets/${mine.ticket.id}/comments.json`, { auth: peter });
  assert.deepEqual(r.json.comments.map((x) => x.body), ['please', 'any news?']);
  r = await expect(srv, 200, 'GET', `/tickets/${mine.ticket.id}/comments.json`, { auth: agent });
  assert.equal(r.json.comments.length, 3);
  // Side-loads are not offered to end users.
  r = await expect(srv, 200, 'GET', `/tickets/${mine.ticket.id}.json?include=users`, { auth: peter });
  assert.equal(r.json.users, undefined);
  await expect(srv, 401, 'GET', `/tickets/${mine.ticket.id}.json`);
});

test('another account\'s tickets answer 404 everywhere', async () => {
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'acme only' }, tags: ['t'] });
  const host = betaHost();
  const o = { auth: betaAdmin, host };
  for (const [m, p, body] of [
    ['GET', `/tickets/${ticket.id}.json`], ['PUT', `/tickets/${ticket.id}.json`, { ticket: { subject: 'x' } }],
    ['DELETE', `/tickets/${ticket.id}.json`], ['GET', `/tickets/${ticket.id}/comments.json`],
    ['GET', `/tickets/${ticket.id}/audits.json`], ['GET', `/tickets/${ticket.id}/audits/count.json`],
    ['GET', `/tickets/${ticket.id}/tags.json`], ['PUT', `/tickets/${ticket.id}/tags.json`, { tags: ['x'] }],
    ['GET', `/tickets/${ticket.id}/collaborators.json`], ['GET', `/users/${adminId}/tickets/requested.json`],
    ['GET', `/organizations/${org}/tickets.json`],
  ]) {
    const r = await srv.api(m, p, { ...o, body });
    assert.equal(r.status, 404, `${m} ${p}: ${r.status} ${r.text}`);
  }
  const many = await expect(srv, 200, 'GET', `/tickets/show_many.json?ids=${ticket.id}`, o);
  assert.deepEqual(many.json.tickets, []);
  const all = await followAll(srv, betaAdmin, '/tickets.json?page[size]=100', 'tickets', host);
  assert.ok(all.items.every((t) => t.id !== ticket.id));
  // Another account's users, groups and brands cannot be referenced.
  for (const t of [{ requester_id: adminId }, { assignee_id: agentId }, { group_id: group },
    { organization_id: org }, { brand_id: ticket.brand_id }, { collaborator_ids: [agentId] }]) {
    const r = await srv.api('POST', '/tickets.json', { ...o, body: { ticket: { comment: { body: 'x' }, ...t } } });
    assert.equal(r.status, 422, `${JSON.stringify(t)}: ${r.text}`);
  }
  // Acme's admin token means nothing on beta's host.
  await expect(srv, 401, 'GET', '/tickets.json', { auth: admin, host });
  const brand = await addBrand(srv, admin, 'Second', 'acme-second');
  const t = await createTicket(srv, admin, { comment: { body: 'x' }, brand_id: brand });
  assert.equal(t.ticket.brand_id, brand);
  // Without brand_id, the brand the request came through (its Host).
  const viaHost = await createTicket(srv, admin, { comment: { body: 'x' } },
    `acme-second.localhost:${srv.port}`);
  assert.equal(viaHost.ticket.brand_id, brand);
  const viaDefault = await createTicket(srv, admin, { comment: { body: 'x' } });
  assert.notEqual(viaDefault.ticket.brand_id, brand);
});

test('bulk: create_many, update_many and destroy_many report per item in job_status', async () => {
  let r = await expect(srv, 200, 'POST', '/tickets/create_many.json', { auth: admin, body: { tickets: [
    { subject: 'bulk 1', comment: { body: 'one' } },
    { subject: 'bulk 2' },
    'not an object',
    { subject: 'bulk 3', comment: { body: 'three' }, priority: 'high' },
  ] } });
  const job = r.json.job_status;
  assert.equal(job.status, 'completed');
  assert.equal(job.job_type, 'bulk_create_tickets');
  assert.equal(job.total, 4);
  assert.deepEqual(job.results.map((x) => [x.index, x.success]), [[0, true], [1, false], [2, false], [3, true]]);
  assert.equal(job.results[1].error, 'RecordInvalid');
  assert.ok(job.results[1].errors.description);
  const [id1, id3] = [job.results[0].id, job.results[3].id];
  assert.equal(job.results[0].action, 'create');
  r = await expect(srv, 200, 'GET', `/job_statuses/${job.id}.json`, { auth: admin });
  assert.deepEqual(r.json.job_status.results, job.results);
  r = await expect(srv, 200, 'GET', `/tickets/${id3}.json`, { auth: admin });
  assert.equal(r.json.ticket.priority, 'high');

  r = await expect(srv, 200, 'PUT', `/tickets/update_many.json?ids=${id1},${id3},999999`, { auth: admin,
    body: { ticket: { status: 'pending', additional_tags: ['bulk'] } } });
  assert.deepEqual(r.json.job_status.results.map((x) => [x.id, x.success, x.status || x.error]),
    [[id1, true, 'Updated'], [id3, true, 'Updated'], [999999, false, 'RecordNotFound']]);
  r = await expect(srv, 200, 'GET', `/tickets/show_many.json?ids=${id1},${id3}`, { auth: admin });
  assert.ok(r.json.tickets.every((t) => t.status === 'pending' && t.tags.includes('bulk')));

  r = await expect(srv, 200, 'PUT', '/tickets/update_many.json', { auth: admin, body: { tickets: [
    { id: id1, priority: 'low' }, { id: id3, status: 'new' }, { priority: 'low' }] } });
  assert.deepEqual(r.json.job_status.results.map((x) => x.success), [true, false, false]);
  assert.equal(r.json.job_status.results[1].error, 'RecordInvalid');

  await expect(srv, 400, 'PUT', '/tickets/update_many.json', { auth: admin, body: { tickets: [] } });
  await expect(srv, 400, 'PUT', '/tickets/update_many.json?ids=1', { auth: admin, body: { nope: 1 } });
  await expect(srv, 400, 'POST', '/tickets/create_many.json', { auth: admin,
    body: { tickets: Array.from({ length: 101 }, () => ({ comment: { body: 'x' } })) } });
  await expect(srv, 400, 'DELETE', '/tickets/destroy_many.json', { auth: admin });

  r = await expect(srv, 200, 'DELETE', `/tickets/destroy_many.json?ids=${id1},${id3},${id3}`, { auth: admin });
  assert.deepEqual(r.json.job_status.results.map((x) => [x.id, x.success, x.action || x.error]),
    [[id1, true, 'delete'], [id3, true, 'delete'], [id3, false, 'RecordNotFound']]);
  await expect(srv, 404, 'GET', `/tickets/${id1}.json`, { auth: admin });
  // Bulk jobs respect the account: beta cannot touch acme's tickets.
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' } });
  r = await expect(srv, 200, 'DELETE', `/tickets/destroy_many.json?ids=${ticket.id}`,
    { auth: betaAdmin, host: betaHost() });
  assert.equal(r.json.job_status.results[0].success, false);
  await expect(srv, 200, 'GET', `/tickets/${ticket.id}.json`, { auth: admin });
});

test('problems and incidents', async () => {
  const p = await createTicket(srv, admin, { comment: { body: 'outage' }, type: 'problem' });
  assert.equal(p.ticket.has_incidents, false);
  const i = await createTicket(srv, admin, { comment: { body: 'me too' }, type: 'incident', problem_id: p.ticket.id });
  assert.equal(i.ticket.problem_id, p.ticket.id);
  const r = await expect(srv, 200, 'GET', `/tickets/${p.ticket.id}.json`, { auth: admin });
  assert.equal(r.json.ticket.has_incidents, true);
  await expect(srv, 422, 'POST', '/tickets.json', { auth: admin,
    body: { ticket: { comment: { body: 'x' }, problem_id: i.ticket.id } } });
  await expect(srv, 422, 'PUT', `/tickets/${p.ticket.id}.json`, { auth: admin,
    body: { ticket: { problem_id: p.ticket.id } } });
});

test('node-zendesk drives tickets: create, list (cursor), show, update, createMany + watch, delete', async () => {
  const { createClient } = require('node-zendesk');
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const created = await client.tickets.create({ ticket: { subject: 'From NZ', comment: { body: 'hello' } } });
  assert.equal(created.result.subject, 'From NZ');
  const id = created.result.id;
  const shown = await client.tickets.show(id);
  assert.equal(shown.result.id, id);
  const updated = await client.tickets.update(id, { ticket: { status: 'pending' } });
  assert.equal(updated.result.status, 'pending');
  const job = await client.tickets.createMany({ tickets: Array.from({ length: 3 },
    (_, i) => ({ subject: `NZ many ${i}`, comment: { body: 'x' } })) });
  const watched = await client.jobstatuses.watch(job.result.job_status.id, 50, 5);
  assert.equal(watched.status, 'completed');
  assert.equal(watched.results.filter((x) => x.success).length, 3);
  // More than one page of 100, so node-zendesk must follow links.next.
  await expect(srv, 200, 'POST', '/tickets/create_many.json', { auth: admin, body: {
    tickets: Array.from({ length: 100 }, (_, i) => ({ subject: `filler ${i}`, comment: { body: 'x' } })) } });
  const all = await client.tickets.list();
  const count = (await expect(srv, 200, 'GET', '/tickets/count.json', { auth: admin })).json.count.value;
  assert.ok(count > 100);
  assert.equal(all.length, count);
  assert.equal(new Set(all.map((t) => t.id)).size, count);
  for (const r of watched.results) assert.ok(all.some((t) => t.id === r.id));
  const comments = await client.tickets.getComments(id);
  assert.equal(comments[0].body, 'hello');
  const audits = await client.tickets.exportAudit(id);
  assert.equal(audits.length, 2);
  await client.tickets.delete(id);
  await assert.rejects(client.tickets.show(id), /404/);
});
