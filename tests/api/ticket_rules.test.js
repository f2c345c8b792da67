// Business rules on tickets: triggers on every write (chains, loops that
// stop, each trigger once, invalid changes dropped, the rule's via on the
// events), notifications (Notification events and outbox mail), the
// scheduler running automations (the default one closes solved tickets;
// firing once per condition-nullification), macros applied to a ticket,
// and cross-account isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, agent, enduser;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']], args: ['--automation-interval', '1'] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
  enduser = await makeUser(srv, A, 'acme', 'ann.end@acme.test', 'end-user');
});
test.after(() => srv.stop());

const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000',
  srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' }).trim();
const cond = (field, operator, value) => ({ field, operator, value });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(100);
  }
}

async function trigger(t, opts = A) {
  const r = await srv.api('POST', '/triggers.json', { ...opts, body: { trigger: t } });
  assert.equal(r.status, 201, r.text);
  return r.json.trigger;
}

async function ticket(body, opts = A) {
  const r = await srv.api('POST', '/tickets.json', { ...opts, body: { ticket: body } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const byTrigger = (audit, id) => audit.events.filter((e) => e.via && e.via.source.from.id === id);

test('a chain of triggers fires in one write, each once, over several passes', async () => {
  // Placed so that each needs the one after it to have fired first.
  const t3 = await trigger({ title: 'chain 3', position: 1,
    conditions: { all: [cond('current_tags', 'includes', 't2')] },
    actions: [{ field: 'type', value: 'task' }] });
  const t2 = await trigger({ title: 'chain 2', position: 2,
    conditions: { all: [cond('priority', 'is', 'high'), cond('current_tags', 'includes', 'chain')] },
    actions: [{ field: 'current_tags', value: 't2' }] });
  const t1 = await trigger({ title: 'chain 1', position: 3,
    conditions: { all: [cond('update_type', 'is', 'Create'), cond('current_tags', 'includes', 'chain')] },
    actions: [{ field: 'priority', value: 'high' }] });
  const { ticket: tk, audit } = await ticket({ subject: 'Chain', comment: { body: 'go' }, tags: ['chain'] });
  assert.equal(tk.priority, 'high');
  assert.equal(tk.type, 'task');
  assert.deepEqual(tk.tags.sort(), ['chain', 't2']);
  const e1 = byTrigger(audit, t1.id), e2 = byTrigger(audit, t2.id), e3 = byTrigger(audit, t3.id);
  assert.deepEqual(e1.map((e) => [e.type, e.field_name, e.value, e.previous_value]),
    [['Change', 'priority', 'high', null]]);
  assert.deepEqual(e2.map((e) => e.field_name), ['tags']);
  assert.deepEqual(e3.map((e) => [e.field_name, e.value]), [['type', 'task']]);
  assert.deepEqual(e1[0].via, { channel: 'rule', source: { to: {},
    from: { id: t1.id, title: 'chain 1', deleted: false }, rel: 'trigger' } });
  // The stored audit says the same.
  const audits = (await srv.api('GET', `/tickets/${tk.id}/audits.json`, A)).json.audits;
  assert.deepEqual(byTrigger(audits[0], t3.id).map((e) => e.value), ['task']);
  // An update that matches none of them (not a Create) fires none.
  const u = await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { priority: 'low' } } });
  assert.equal(u.json.ticket.priority, 'low');
  assert.equal(byTrigger(u.json.audit, t1.id).length + byTrigger(u.json.audit, t2.id).length, 0);
  for (const t of [t1, t2, t3]) await srv.api('DELETE', `/triggers/${t.id}.json`, A);
});

test('every change to the triggers reaches the next write (threads keep parsed rules)', async () => {
  const tagged = async (n) => (await ticket({ subject: `Kept ${n}`, comment: { body: 'x' }, tags: ['kept'] })).ticket.tags.sort();
  const t = await trigger({ title: 'kept', conditions: { all: [cond('current_tags', 'includes', 'kept')] },
    actions: [{ field: 'current_tags', value: 'k1' }] });
  // Several writes, so that every server thread has read the rules.
  for (let i = 0; i < 6; i++) assert.deepEqual(await tagged(i), ['k1', 'kept']);
  const put = (trigger) => srv.api('PUT', `/triggers/${t.id}.json`, { ...A, body: { trigger } });
  assert.equal((await put({ actions: [{ field: 'current_tags', value: 'k2' }] })).status, 200);
  for (let i = 0; i < 6; i++) assert.deepEqual(await tagged(i), ['k2', 'kept']);
  // A write from outside the server (another process) counts too.
  sql(`UPDATE business_rules SET actions = '[{"field":"current_tags","value":"k3"}]' WHERE id = ${t.id}`);
  for (let i = 0; i < 6; i++) assert.deepEqual(await tagged(i), ['k3', 'kept']);
  assert.equal((await put({ active: false })).status, 200);
  for (let i = 0; i < 6; i++) assert.deepEqual(await tagged(i), ['kept']);
  await srv.api('DELETE', `/triggers/${t.id}.json`, A);
});

test('triggers that undo each other stop: each fires at most once per update', async () => {
  const ping = await trigger({ title: 'ping', conditions: { all: [cond('current_tags', 'includes', 'ping')] },
    actions: [{ field: 'remove_tags', value: 'ping' }, { field: 'current_tags', value: 'pong' }] });
  const pong = await trigger({ title: 'pong', conditions: { all: [cond('current_tags', 'includes', 'pong')] },
    actions: [{ field: 'remove_tags', value: 'pong' }, { field: 'current_tags', value: 'ping' }] });
  const { ticket: tk, audit } = await ticket({ subject: 'Loop', comment: { body: 'x' }, tags: ['ping'] });
  assert.deepEqual(tk.tags, ['ping']);
  assert.equal(byTrigger(audit, ping.id).length, 1);
  assert.equal(byTrigger(audit, pong.id).length, 1);
  // Again on an update: once each, in the update's own audit.
  const u = await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { additional_tags: ['x'] } } });
  assert.equal(u.status, 200);
  assert.deepEqual(u.json.ticket.tags.sort(), ['ping', 'x']);
  assert.equal(byTrigger(u.json.audit, ping.id).length, 1);
  assert.equal(byTrigger(u.json.audit, pong.id).length, 1);
  // Tag endpoints are updates too.
  const tags = await srv.api('PUT', `/tickets/${tk.id}/tags.json`, { ...A, body: { tags: ['ping'] } });
  assert.equal(tags.status, 200, tags.text);
  assert.deepEqual(tags.json.tags.sort(), ['ping', 'x']);
  for (const t of [ping, pong]) await srv.api('DELETE', `/triggers/${t.id}.json`, A);
});

test('conditions see the update: comment, role, changes with previous values', async () => {
  const t = await trigger({ title: 'escalate on public end-user comment',
    conditions: { all: [cond('update_type', 'is', 'Change'), cond('comment_is_public', 'is', true),
      cond('role', 'is', 'end_user'), cond('comment_includes_word', 'includes', 'urgent')] },
    actions: [{ field: 'priority', value: 'urgent' }] });
  const prev = await trigger({ title: 'from pending',
    conditions: { all: [cond('status', 'value_previous', 'pending'), cond('status', 'value', 'open')] },
    actions: [{ field: 'current_tags', value: 'was_pending' }] });
  const { ticket: tk } = await ticket({ subject: 'Mine', comment: { body: 'hello' } }, { auth: enduser.auth });
  let r = await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: {
    comment: { body: 'urgent please', public: true } } } });
  assert.equal(r.json.ticket.priority, null, 'an agent comment is not the end user role');
  r = await srv.api('PUT', `/tickets/${tk.id}.json`, { auth: enduser.auth, body: { ticket: {
    comment: { body: 'This is URGENT now' } } } });
  assert.equal(r.status, 200, r.text);
  r = await srv.api('GET', `/tickets/${tk.id}.json`, A);
  assert.equal(r.json.ticket.priority, 'urgent');
  await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { status: 'pending' } } });
  r = await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { status: 'open' } } });
  assert.ok(r.json.ticket.tags.includes('was_pending'));
  for (const x of [t, prev]) await srv.api('DELETE', `/triggers/${x.id}.json`, A);
});

test('current_groups: the groups of the user making the update', async () => {
  const group = makeGroup(srv, 'acme', 'Mine', [agent.id]);
  const t = await trigger({ title: 'my group',
    conditions: { all: [cond('group_id', 'is', 'current_groups'), cond('update_type', 'is', 'Change')] },
    actions: [{ field: 'current_tags', value: 'own_group' }] });
  const { ticket: tk } = await ticket({ subject: 'Grouped', comment: { body: 'x' }, group_id: group });
  let r = await srv.api('PUT', `/tickets/${tk.id}.json`, { ...A, body: { ticket: { priority: 'low' } } });
  assert.ok(!r.json.ticket.tags.includes('own_group'), 'the admin is not in the group');
  r = await srv.api('PUT', `/tickets/${tk.id}.json`, { auth: agent.auth, body: { ticket: { priority: 'high' } } });
  assert.ok(r.json.ticket.tags.includes('own_group'));
  await srv.api('DELETE', `/triggers/${t.id}.json`, A);
});

test('a trigger whose changes fail the update checks changes nothing; the write succeeds', async () => {
  const bad = await trigger({ title: 'assign to an end user',
    conditions: { all: [cond('current_tags', 'includes', 'badassign')] },
    actions: [{ field: 'assignee_id', value: enduser.id }, { field: 'priority', value: 'low' }] });
  const { ticket: tk, audit } = await ticket({ subject: 'Bad', comment: { body: 'x' }, tags: ['badassign'] });
  assert.equal(tk.assignee_id, null);
  assert.equal(tk.priority, null, 'all or nothing per trigger');
  assert.equal(byTrigger(audit, bad.id).length, 0);
  await srv.api('DELETE', `/triggers/${bad.id}.json`, A);
});

test('notifications: Notification events with the trigger\'s via, and mail in the outbox', async () => {
  const group = makeGroup(srv, 'acme', 'Tier 2', [agent.id]);
  const t = await trigger({ title: 'tell the agent',
    conditions: { all: [cond('current_tags', 'includes', 'notify')] },
    actions: [{ field: 'notification_user', value: [String(agent.id), 'Ticket {{ticket.id}}: {{ticket.title}}',
      'Priority {{ticket.priority}}, from {{ticket.requester.name}}'] },
    { field: 'notification_group', value: [String(group), 'Group: {{ticket.title}}', 'Look at #{{ticket.id}}'] }] });
  const { ticket: tk, audit } = await ticket({ subject: 'Bell', priority: 'high', comment: { body: 'x' },
    tags: ['notify'], requester_id: enduser.id });
  const notes = byTrigger(audit, t.id);
  assert.deepEqual(notes.map((e) => e.type), ['Notification', 'Notification']);
  assert.equal(notes[0].subject, `Ticket ${tk.id}: Bell`);
  assert.equal(notes[0].body, 'Priority high, from ann.end');
  assert.deepEqual(notes[0].recipients, [agent.id]);
  assert.equal(notes[0].via.source.rel, 'trigger');
  assert.equal(notes[1].subject, 'Group: Bell');
  assert.deepEqual(notes[1].recipients, [agent.id]);
  // The default "Notify requester and CCs of received request" fired too.
  assert.ok(audit.events.some((e) => e.type === 'Notification' && e.via.source.from.title ===
    'Notify requester and CCs of received request' && e.recipients[0] === enduser.id));
  const outbox = (await srv.api('GET', '/channels/email/outbox.json', A)).json.outbox
    .filter((m) => m.ticket_id === tk.id);
  const toAgent = outbox.filter((m) => m.to[0].email === 'agent@acme.test' &&
    m.kind === 'notification').map((m) => m.subject);
  assert.ok(toAgent.some((s) => s.startsWith(`Ticket ${tk.id}: Bell`)), JSON.stringify(toAgent));
  assert.ok(toAgent.some((s) => s.startsWith('Group: Bell')), JSON.stringify(toAgent));
  // The requester gets the agent's public comment by mail once: the
  // received-request notification adds no second message.
  assert.deepEqual(outbox.filter((m) => m.to[0].email === 'ann.end@acme.test').map((m) => m.kind),
    ['comment']);
  await srv.api('DELETE', `/triggers/${t.id}.json`, A);
});

test('the scheduler closes a ticket solved more than four days ago (default automation)', async () => {
  const { ticket: old } = await ticket({ subject: 'Old', comment: { body: 'x' } });
  const { ticket: fresh } = await ticket({ subject: 'Fresh', comment: { body: 'x' } });
  for (const id of [old.id, fresh.id]) {
    const r = await srv.api('PUT', `/tickets/${id}.json`, { ...A, body: { ticket: { status: 'solved' } } });
    assert.equal(r.json.ticket.status, 'solved');
  }
  sql(`UPDATE ticket_metrics SET solved_at = solved_at - 97 * 3600 WHERE ticket_id = ${old.id}`);
  const closed = await waitFor(async () =>
    (await srv.api('GET', `/tickets/${old.id}.json`, A)).json.ticket.status === 'closed');
  assert.ok(closed, 'closed by the automation');
  assert.equal((await srv.api('GET', `/tickets/${fresh.id}.json`, A)).json.ticket.status, 'solved');
  const audits = (await srv.api('GET', `/tickets/${old.id}/audits.json`, A)).json.audits;
  const last = audits[audits.length - 1];
  assert.equal(last.author_id, -1);
  assert.equal(last.via.channel, 'rule');
  assert.equal(last.via.source.rel, 'automation');
  assert.equal(last.via.source.from.title, 'Close ticket 4 days after status is set to solved');
  assert.deepEqual(last.events.map((e) => [e.field_name, e.value, e.previous_value]),
    [['status', 'closed', 'solved']]);
  const upd = await srv.api('PUT', `/tickets/${old.id}.json`, { ...A, body: { ticket: { priority: 'low' } } });
  assert.equal(upd.status, 422, 'closed is final');
});

test('an automation fires once per ticket until its conditions stop holding', async () => {
  const r = await srv.api('POST', '/automations.json', { ...A, body: { automation: {
    title: 'Two hours old', conditions: { all: [cond('hours_since_created', 'is', 2), cond('status', 'less_than', 'solved')] },
    actions: [{ field: 'notification_user', value: ['requester_id', 'Two hours', 'Still there?'] }] } } });
  assert.equal(r.status, 201, r.text);
  const auto = r.json.automation;
  const { ticket: tk } = await ticket({ subject: 'Aging', comment: { body: 'x' } });
  const fired = async () => (await srv.api('GET', `/tickets/${tk.id}/audits.json`, A)).json.audits
    .filter((a) => a.via.source && a.via.source.rel === 'automation' && a.via.source.from.id === auto.id);
  sql(`UPDATE tickets SET created_at = created_at - 9000 WHERE id = ${tk.id}`);
  assert.ok(await waitFor(async () => (await fired()).length === 1));
  await sleep(2500); // more scheduler runs while the condition holds
  let audits = await fired();
  assert.equal(audits.length, 1);
  assert.equal(audits[0].events[0].type, 'Notification');
  assert.equal(audits[0].events[0].subject, 'Two hours');
  // The condition stops holding (created longer ago), then holds again.
  sql(`UPDATE tickets SET created_at = created_at - 7200 WHERE id = ${tk.id}`);
  await waitFor(() => sql(`SELECT count(*) FROM automation_firings WHERE ticket_id = ${tk.id}
    AND automation_id = ${auto.id}`) === '0');
  sql(`UPDATE tickets SET created_at = created_at + 7200 WHERE id = ${tk.id}`);
  assert.ok(await waitFor(async () => (await fired()).length === 2));
  await srv.api('DELETE', `/automations/${auto.id}.json`, A);
});

test('a macro applied to a ticket: the ticket after its changes, templates rendered, nothing saved', async () => {
  const m = await srv.api('POST', '/macros.json', { ...A, body: { macro: { title: 'Ask for details',
    actions: [{ field: 'status', value: 'pending' }, { field: 'current_tags', value: 'asked' },
      { field: 'subject', value: 'Re: {{ticket.title}}' },
      { field: 'comment_value', value: 'Hello {{ticket.requester.first_name}}, about #{{ticket.id}}?' },
      { field: 'comment_mode_is_public', value: 'false' }] } } });
  assert.equal(m.status, 201, m.text);
  const macro = m.json.macro;
  const { ticket: tk } = await ticket({ subject: 'Help', comment: { body: 'x' }, requester_id: enduser.id,
    tags: ['first'] });
  for (const method of ['GET', 'POST']) {
    const r = await srv.api(method, `/tickets/${tk.id}/macros/${macro.id}/apply.json`, A);
    assert.equal(r.status, 200, r.text);
    const { ticket: after, comment } = r.json.result;
    assert.equal(after.id, tk.id);
    assert.equal(after.status, 'pending');
    assert.equal(after.subject, 'Re: Help');
    assert.deepEqual(after.tags, ['first', 'asked']);
    assert.equal(after.requester_id, enduser.id);
    assert.equal(comment.body, `Hello ann.end, about #${tk.id}?`);
    assert.equal(comment.public, false);
    assert.deepEqual(after.comment, comment);
  }
  const now = (await srv.api('GET', `/tickets/${tk.id}.json`, A)).json.ticket;
  assert.equal(now.status, 'new');
  assert.deepEqual(now.tags, ['first']);
  assert.equal((await srv.api('GET', `/tickets/${tk.id}/macros/99999/apply.json`, A)).status, 404);
  assert.equal((await srv.api('GET', `/tickets/99999/macros/${macro.id}/apply.json`, A)).status, 404);
  // Another account sees neither the ticket nor the macro.
  assert.equal((await srv.api('GET', `/tickets/${tk.id}/macros/${macro.id}/apply.json`, B)).status, 404);
  assert.equal((await srv.api('GET', `/tickets/${tk.id}/macros/${macro.id}/apply.json`,
    { auth: enduser.auth })).status, 403);
});

test('another account\'s triggers never fire on this account\'s tickets', async () => {
  const r = await srv.api('POST', '/triggers.json', { ...B, body: { trigger: { title: 'beta only',
    conditions: { all: [cond('update_type', 'is', 'Create')] }, actions: [{ field: 'priority', value: 'urgent' }] } } });
  assert.equal(r.status, 201, r.text);
  const { ticket: tk } = await ticket({ subject: 'Acme', comment: { body: 'x' } });
  assert.equal(tk.priority, null);
  const b = await srv.api('POST', '/tickets.json', { ...B, body: { ticket: { subject: 'Beta', comment: { body: 'x' } } } });
  assert.equal(b.json.ticket.priority, 'urgent');
});
