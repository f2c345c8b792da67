// Browser tests of the admin center: Debian's chromium driven by
// playwright-core against the real server.  Each settings page is created
// through the browser and checked through the public API, the way an
// integration would see it.  Screenshots of the forms filled in go to
// test-artifacts/screenshots/admin-*.png (admin_pages.test.js takes every
// page).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { open, signIn: signInAt } = require('./lib/browser');
const { start, stop, shot } = require('./lib/admin');
const { sql } = require('../api/lib/people');

let srv;
let page;
before(async () => ({ srv, page } = await start()));
after(() => stop(srv));

const signIn = (p, email, password) => signInAt(p, srv.origin, email, password);

const api = async (method, p, body) => {
  const r = await srv.api(method, p, { auth: srv.admin, body });
  assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
};

// Opens a settings page's "add" form.
async function addForm(key, heading) {
  await page.goto(`${srv.origin}/agent/admin/${key}/new`);
  await page.getByRole('heading', { name: heading }).waitFor();
}

// Saves the form; a saved record brings back its list.
async function save() {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL((u) => /^\/agent\/admin\/[a-z_]+$/.test(u.pathname));
  await page.locator('.page-head h2').waitFor();
}

// Chooses value by its text in a list, or types it in a box.
async function setValue(row, value) {
  const v = row.getByLabel('Value', { exact: true });
  if (await v.evaluate((el) => el.tagName === 'SELECT')) await v.selectOption({ label: value });
  else await v.fill(value);
}

async function addCondition(legend, field, operator, value) {
  const group = page.getByRole('group', { name: legend });
  await group.getByRole('button', { name: 'Add condition' }).click();
  const row = group.locator('li.row').last();
  await row.getByLabel('Field', { exact: true }).selectOption({ label: field });
  await row.getByLabel('Operator', { exact: true }).selectOption({ label: operator });
  if (value !== undefined) await setValue(row, value);
}

async function addAction(field, value) {
  const group = page.getByRole('group', { name: 'Actions' });
  await group.getByRole('button', { name: 'Add action' }).click();
  const row = group.locator('li.row').last();
  await row.getByLabel('Action', { exact: true }).selectOption({ label: field });
  if (value !== undefined) await setValue(row, value);
  return row;
}

test('admin creates a ticket field; agents fill it on the ticket page and the API has the value', async () => {
  await addForm('ticket_fields', 'Add field');
  await page.getByLabel('Type').selectOption('text');
  await page.getByLabel('Title').fill('Serial number');
  await save();
  const field = (await api('GET', '/ticket_fields')).ticket_fields.find((f) => f.title === 'Serial number');
  assert.ok(field);
  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'Broken unit',
    comment: { body: 'It broke.' }, requester: { email: 'pat@example.test', name: 'Pat' } } });
  await page.goto(`${srv.origin}/agent/tickets/${ticket.id}`);
  await page.getByLabel('Serial number').fill('SN-4711');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();
  const got = (await api('GET', `/tickets/${ticket.id}`)).ticket;
  assert.equal(got.custom_fields.find((f) => f.id === field.id).value, 'SN-4711');
  assert.deepEqual(page.errors, []);
});

test('admin creates a trigger in the browser; a ticket created through the API gets its tag and priority', async () => {
  await addForm('triggers', 'Add trigger');
  await page.getByLabel('Title').fill('Escalate refunds');
  await addCondition('Meet all of these conditions', 'Ticket is', 'Is', 'Created');
  await addCondition('Meet all of these conditions', 'Subject text', 'Contains at least one of', 'refund');
  await addAction('Add tags', 'refund_request');
  await addAction('Priority', 'High');
  await shot(page, 'trigger-new');
  await save();
  await page.getByRole('link', { name: 'Escalate refunds' }).waitFor();
  await shot(page, 'triggers');

  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'I want a refund now',
    comment: { body: 'Money back please.' }, requester: { email: 'pat@example.test' } } });
  const got = (await api('GET', `/tickets/${ticket.id}`)).ticket;
  assert.ok(got.tags.includes('refund_request'), JSON.stringify(got.tags));
  assert.equal(got.priority, 'high');
  const other = (await api('POST', '/tickets', { ticket: { subject: 'Printer jam',
    comment: { body: 'Stuck.' }, requester: { email: 'pat@example.test' } } })).ticket;
  assert.ok(!other.tags.includes('refund_request'));

  // The trigger reads back with the conditions and actions as the API names them.
  const trig = (await api('GET', '/triggers/search?query=Escalate')).triggers[0];
  assert.deepEqual(trig.conditions.all, [
    { field: 'update_type', operator: 'is', value: 'Create' },
    { field: 'subject_includes_word', operator: 'includes', value: 'refund' }]);
  assert.deepEqual(trig.actions, [{ field: 'current_tags', value: 'refund_request' },
    { field: 'priority', value: 'high' }]);
  assert.deepEqual(page.errors, []);
});

test('triggers move up and down within their category', async () => {
  await api('POST', '/triggers', { trigger: { title: 'Second rule', conditions: { all: [
    { field: 'update_type', operator: 'is', value: 'Change' }] },
  actions: [{ field: 'current_tags', value: 'changed' }] } });
  await page.goto(`${srv.origin}/agent/admin/triggers`);
  await page.getByRole('button', { name: 'Move “Second rule” up' }).click();
  await page.getByRole('status').filter({ hasText: 'Order saved.' }).waitFor();
  const list = (await api('GET', '/triggers?sort_by=position&sort_order=asc&per_page=100')).triggers;
  const titles = list.map((x) => x.title);
  assert.ok(titles.indexOf('Second rule') < titles.indexOf('Escalate refunds'), titles.join(' / '));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')),
    'Move “Second rule” up');
  assert.deepEqual(page.errors, []);
});

test('the API refusal of a rule shows next to the field it names', async () => {
  await addForm('triggers', 'Add trigger');
  await page.getByLabel('Title').fill('Bad placeholder');
  await addCondition('Meet all of these conditions', 'Ticket is', 'Is', 'Created');
  const n = await addAction('Email user');
  await n.getByLabel('Recipient').selectOption({ label: 'Requester' });
  await n.getByLabel('Email subject').fill('Hello');
  await n.getByLabel('Email body').fill('Dear {{ticket.nonsense}}');
  await page.getByRole('button', { name: 'Save' }).click();
  const err = page.locator('.rule-editor .field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /ticket\.nonsense/);
  await shot(page, 'trigger-422');
  // The placeholder list puts a placeholder where the cursor is.
  await n.getByLabel('Email body').fill('Dear ');
  await n.getByText('Placeholders').click();
  await n.getByRole('button', { name: '{{ticket.requester.first_name}}' }).click();
  assert.equal(await n.getByLabel('Email body').inputValue(), 'Dear {{ticket.requester.first_name}}');
  await save();
  const t = (await api('GET', '/triggers/search?query=placeholder')).triggers[0];
  assert.deepEqual(t.actions, [{ field: 'notification_user',
    value: ['requester_id', 'Hello', 'Dear {{ticket.requester.first_name}}'] }]);
  assert.deepEqual(page.errors, []);
});

test('admin creates an automation and a macro', async () => {
  await addForm('automations', 'Add automation');
  await page.getByLabel('Title').fill('Close stale pending');
  await addCondition('Meet all of these conditions', 'Status', 'Is', 'Pending');
  await addCondition('Meet all of these conditions', 'Hours since pending', 'Greater than', '72');
  await addAction('Status', 'Solved');
  await shot(page, 'automation-new');
  await save();
  const auto = (await api('GET', '/automations/search?query=stale')).automations[0];
  assert.deepEqual(auto.conditions.all, [{ field: 'status', operator: 'is', value: 'pending' },
    { field: 'PENDING', operator: 'greater_than', value: '72' }]);
  assert.deepEqual(auto.actions, [{ field: 'status', value: 'solved' }]);

  await addForm('macros', 'Add macro');
  await page.getByLabel('Title').fill('Replies::Thanks');
  await page.getByLabel('All agents').check();
  await addAction('Comment', 'Thanks {{ticket.requester.first_name}}!');
  await addAction('Status', 'Solved');
  await shot(page, 'macro-new');
  await save();
  const macro = (await api('GET', '/macros/search?query=Thanks')).macros[0];
  assert.equal(macro.restriction, null);
  assert.deepEqual(macro.actions, [
    { field: 'comment_value', value: 'Thanks {{ticket.requester.first_name}}!' },
    { field: 'status', value: 'solved' }]);
  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'Macro me',
    comment: { body: 'Hi.' }, requester: { email: 'pat@example.test', name: 'Pat Doe' } } });
  const applied = await api('GET', `/tickets/${ticket.id}/macros/${macro.id}/apply`);
  assert.equal(applied.result.ticket.status, 'solved');
  assert.match(JSON.stringify(applied.result.comment), /Thanks Pat!/);
  assert.deepEqual(page.errors, []);
});

test('admin creates a view; the API lists the tickets it selects', async () => {
  const vip = (await api('POST', '/tickets', { ticket: { subject: 'VIP down', tags: ['vip'],
    comment: { body: 'x' }, requester: { email: 'pat@example.test' } } })).ticket;
  await api('POST', '/tickets', { ticket: { subject: 'Normal', comment: { body: 'x' },
    requester: { email: 'pat@example.test' } } });
  await addForm('views', 'Add view');
  await page.getByLabel('Title').fill('VIP tickets');
  await addCondition('Meet all of these conditions', 'Tags', 'Contains at least one of', 'vip');
  await addCondition('Meet all of these conditions', 'Status', 'Less than', 'Solved');
  await page.getByLabel('Priority', { exact: true }).check();
  await page.getByLabel('Sort by').selectOption({ label: 'Requested' });
  await page.getByLabel('Order', { exact: true }).selectOption('asc');
  await page.getByLabel('Only me').check();
  await shot(page, 'view-new');
  await save();
  const view = (await api('GET', '/views')).views.find((v) => v.title === 'VIP tickets');
  assert.equal(view.restriction.type, 'User');
  assert.deepEqual(view.execution.columns.map((c) => c.id),
    ['status', 'subject', 'requester', 'updated', 'assignee', 'priority']);
  assert.equal(view.execution.sort_by, 'created');
  assert.equal(view.execution.sort_order, 'asc');
  const listed = await api('GET', `/views/${view.id}/tickets`);
  assert.deepEqual(listed.tickets.map((x) => x.id), [vip.id]);
  assert.deepEqual(page.errors, []);
});

test('admin creates a schedule with a holiday', async () => {
  await addForm('schedules', 'Add schedule');
  await page.getByLabel('Name').fill('Amsterdam office');
  await page.getByLabel('Time zone').selectOption('Europe/Amsterdam');
  // It starts as Monday to Friday, 09:00 to 17:00.
  assert.equal(await page.getByLabel('Friday closes').inputValue(), '17:00');
  await page.getByLabel('Monday opens').fill('08:30');
  await page.getByLabel('Tuesday closes').fill('00:00');
  await page.getByRole('button', { name: 'Remove: Friday 1' }).click();
  await page.getByRole('group', { name: 'Saturday' }).getByRole('button', { name: 'Add hours' }).click();
  await page.getByLabel('Saturday opens').fill('10:00');
  await page.getByLabel('Saturday closes').fill('14:00');
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByLabel('Holiday name').fill('King’s Day');
  await page.getByLabel('First day').fill('2027-04-27');
  await shot(page, 'schedule-new');
  await save();
  const sched = (await api('GET', '/business_hours/schedules')).schedules.find((s) => s.name === 'Amsterdam office');
  assert.equal(sched.time_zone, 'Europe/Amsterdam');
  const day = (d, from, to) => ({ start_time: d * 1440 + from, end_time: d * 1440 + to });
  assert.deepEqual(sched.intervals, [day(1, 510, 1020), day(2, 540, 1440), day(3, 540, 1020),
    day(4, 540, 1020), day(6, 600, 840)]);
  let hol = (await api('GET', `/business_hours/schedules/${sched.id}/holidays`)).holidays;
  assert.deepEqual(hol.map((x) => [x.name, x.start_date, x.end_date]),
    [['King’s Day', '2027-04-27', '2027-04-27']]);
  // Editing: the hours and holidays come back; a second holiday, a bad one refused next to it.
  await page.getByRole('link', { name: 'Amsterdam office' }).click();
  assert.equal(await page.getByLabel('Monday opens').inputValue(), '08:30');
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByLabel('Holiday name').last().fill('Backwards');
  await page.getByLabel('First day').last().fill('2027-12-26');
  await page.getByLabel('Last day').last().fill('2027-12-24');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('group', { name: 'Holidays' }).locator('xpath=..')
    .locator('.field-error').filter({ hasText: 'End date' }).waitFor();
  await page.getByLabel('Last day').last().fill('2027-12-27');
  await save();
  hol = (await api('GET', `/business_hours/schedules/${sched.id}/holidays`)).holidays;
  assert.deepEqual(hol.map((x) => x.name).sort(), ['Backwards', 'King’s Day']);
  assert.deepEqual(page.errors, []);
});

test('admin creates an SLA policy', async () => {
  await addForm('sla_policies', 'Add SLA policy');
  await page.getByLabel('Title').fill('Urgent first');
  await addCondition('Meet all of these conditions', 'Priority', 'Is', 'Urgent');
  await page.getByLabel('Target in minutes: First reply time, Urgent').fill('30');
  await page.getByLabel('Business hours: First reply time, Urgent').uncheck();
  await page.getByLabel('Target in minutes: Requester wait time, Urgent').fill('480');
  await shot(page, 'sla-new');
  await save();
  const pol = (await api('GET', '/slas/policies')).sla_policies.find((p) => p.title === 'Urgent first');
  assert.deepEqual(pol.filter.all, [{ field: 'priority', operator: 'is', value: 'urgent' }]);
  assert.deepEqual(pol.policy_metrics, [
    { priority: 'urgent', metric: 'first_reply_time', target: 30, business_hours: false },
    { priority: 'urgent', metric: 'requester_wait_time', target: 480, business_hours: true }]);
  assert.deepEqual(page.errors, []);
});

test('admin adds a support address and makes it the default', async () => {
  await addForm('recipient_addresses', 'Add address');
  await page.getByLabel('Email').fill('help@acme-example.test');
  await page.getByLabel('Name').fill('Acme Help');
  await page.getByLabel('Default address').check();
  await save();
  await page.getByRole('link', { name: 'help@acme-example.test' }).waitFor();
  await shot(page, 'recipient-addresses');
  const list = (await api('GET', '/recipient_addresses')).recipient_addresses;
  const a = list.find((x) => x.email === 'help@acme-example.test');
  assert.equal(a.name, 'Acme Help');
  assert.equal(a.default, true);
  assert.equal(a.forwarding_status, 'unknown');
  const row = page.getByRole('row').filter({ hasText: 'help@acme-example.test' });
  assert.match(await row.textContent(), /Not verified/);
  // The same address twice: the API's message stands next to the email box.
  await addForm('recipient_addresses', 'Add address');
  await page.getByLabel('Email').fill('help@acme-example.test');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.field-error').filter({ hasText: 'already a support address' }).waitFor();
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(page.errors, []);
});

test('the email outbox lists what is waiting and retries a failed message', async () => {
  const { ticket } = await api('POST', '/tickets', { ticket: { subject: 'Outbox check',
    comment: { body: 'Hello.' }, requester: { email: 'olly@example.test', name: 'Olly' } } });
  const queued = (await api('GET', '/channels/email/outbox?status=queued')).outbox
    .find((m) => m.ticket_id === ticket.id);
  assert.ok(queued, 'the requester is told of the new ticket');
  sql(srv, `UPDATE mail_queue SET status = 'failed', last_error = '550 no such user'
    WHERE id = ${queued.id}`);
  await page.goto(`${srv.origin}/agent/admin/email_outbox`);
  const row = page.getByRole('row').filter({ hasText: '550 no such user' });
  assert.match(await row.textContent(), /olly@example\.test.*Failed/);
  await shot(page, 'email-outbox');
  await row.getByRole('button', { name: /^Retry “.*Outbox check/ }).click();
  await page.getByRole('status').filter({ hasText: 'The message is queued again.' }).waitFor();
  const m = (await api('GET', `/channels/email/outbox/${queued.id}`)).message;
  assert.equal(m.status, 'queued');
  assert.equal(await page.getByRole('button', { name: /^Retry/ }).count(), 0);
  assert.deepEqual(page.errors, []);
});

test('ticket form conditions: a drop-down shows a field only for one of its values; forms reorder', async () => {
  const kind = (await api('POST', '/ticket_fields', { ticket_field: { type: 'tagger', title: 'Kind',
    custom_field_options: [{ name: 'Bug', value: 'kind_bug' }, { name: 'Idea', value: 'kind_idea' }] } })).ticket_field;
  const steps = (await api('POST', '/ticket_fields', { ticket_field: { type: 'textarea',
    title: 'Steps to reproduce' } })).ticket_field;
  await addForm('ticket_forms', 'Add form');
  await page.getByLabel('Name', { exact: true }).fill('Bug reports');
  await page.getByRole('checkbox', { name: 'Kind' }).first().check();
  await page.getByRole('checkbox', { name: 'Steps to reproduce' }).first().check();
  const group = page.getByRole('group', { name: 'Conditions for customers' });
  await group.getByRole('button', { name: 'Add condition' }).click();
  await group.getByLabel('Parent field').selectOption({ label: 'Kind' });
  await group.getByLabel('Parent value').selectOption({ label: 'Bug' });
  const row = group.locator('li.row').last();
  await row.getByRole('checkbox', { name: 'Steps to reproduce', exact: true }).check();
  assert.equal(await row.getByRole('checkbox', { name: 'Kind', exact: true }).isVisible(), false,
    'the parent is not offered as its own child');
  await row.getByRole('checkbox', { name: 'Steps to reproduce: required' }).check();
  await shot(page, 'ticket-form-conditions');
  await save();
  const form = (await api('GET', '/ticket_forms')).ticket_forms.find((f) => f.name === 'Bug reports');
  assert.deepEqual(form.end_user_conditions, [{ parent_field_id: kind.id, value: 'kind_bug',
    child_fields: [{ id: steps.id, is_required: true }] }]);
  assert.deepEqual(form.agent_conditions, []);
  // Forms are listed in their order, and move.
  await page.getByRole('button', { name: 'Move “Bug reports” up' }).click();
  await page.getByRole('status').filter({ hasText: 'Order saved.' }).waitFor();
  const forms = (await api('GET', '/ticket_forms')).ticket_forms.map((f) => f.name);
  assert.equal(forms[0], 'Bug reports', forms.join(' / '));
  // Statuses set through the API, which this page cannot edit, survive a
  // save of the condition with another parent value.
  const child = { id: steps.id, is_required: true,
    required_on_statuses: { type: 'SOME_STATUSES', statuses: ['pending', 'solved'] } };
  await api('PUT', `/ticket_forms/${form.id}`, { ticket_form: {
    agent_conditions: [{ parent_field_id: kind.id, value: 'kind_bug', child_fields: [child] }] } });
  await page.goto(`${srv.origin}/agent/admin/ticket_forms/${form.id}`);
  await page.getByRole('group', { name: 'Conditions for agents' }).getByLabel('Parent value')
    .selectOption({ label: 'Idea' });
  await save();
  assert.deepEqual((await api('GET', `/ticket_forms/${form.id}`)).ticket_form.agent_conditions,
    [{ parent_field_id: kind.id, value: 'kind_idea', child_fields: [child] }]);
  assert.deepEqual(page.errors, []);
});

test('an agent who is not an admin cannot open the admin center', async () => {
  await api('POST', '/users', { user: { name: 'Avery Agent', email: 'avery@acme.test', role: 'agent',
    password: 'avery-password-1' } });
  const agent = await open();
  await signIn(agent, 'avery@acme.test', 'avery-password-1');
  assert.equal(await agent.getByRole('link', { name: 'Admin center' }).count(), 0);
  for (const p of ['/agent/admin', '/agent/admin/triggers', '/agent/admin/sla_policies/new']) {
    const res = await agent.goto(srv.origin + p);
    assert.equal(res.status(), 403, p);
    assert.match(await agent.textContent('body'), /The admin center is for admins/);
  }
  // Reaching it inside the app (no page load) shows no admin page either.
  await agent.goto(srv.origin + '/agent/tickets');
  await agent.waitForLoadState('networkidle');
  await agent.evaluate(() => { history.pushState(null, '', '/agent/admin/triggers');
    dispatchEvent(new PopStateEvent('popstate')); });
  await agent.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
  assert.equal(await agent.getByRole('heading', { name: 'Triggers' }).count(), 0);
  assert.deepEqual(agent.errors, []);
});

test('saving the seeded rules and views, or a policy, unchanged keeps them as they were', async () => {
  const kinds = [['triggers', 'trigger'], ['automations', 'automation'], ['views', 'view']];
  for (const [many, one] of kinds) {
    const before = (await api('GET', `/${many}?per_page=100`))[many].filter((x) => x.default);
    assert.ok(before.length > 0, many);
    for (const rec of before) {
      await page.goto(`${srv.origin}/agent/admin/${many}/${rec.id}`);
      await page.getByRole('button', { name: 'Save' }).waitFor();
      await save();
      const now = (await api('GET', `/${many}/${rec.id}`))[one];
      assert.deepEqual(now.conditions, rec.conditions, `${many} ${rec.title}`);
      assert.deepEqual(now.actions, rec.actions, `${many} ${rec.title}`);
      assert.deepEqual(now.execution?.columns, rec.execution?.columns, `${many} ${rec.title}`);
      assert.deepEqual(now.restriction, rec.restriction, `${many} ${rec.title}`);
    }
  }
  const [pol] = (await api('GET', '/slas/policies')).sla_policies;
  await page.goto(`${srv.origin}/agent/admin/sla_policies/${pol.id}`);
  await page.getByRole('button', { name: 'Save' }).waitFor();
  await save();
  const now = (await api('GET', `/slas/policies/${pol.id}`)).sla_policy;
  assert.deepEqual([now.filter, now.policy_metrics], [pol.filter, pol.policy_metrics]);
  assert.deepEqual(page.errors, []);
});
