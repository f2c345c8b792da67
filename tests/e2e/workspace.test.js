// Browser tests of the agent workspace's daily tools: views in the side
// bar with live counts, a view's list (sort, paging), search, the ticket
// page (replies, fields, macros with preview, the requester's other
// tickets, SLA countdown).  Debian's chromium driven by playwright-core
// against the real server; screenshots go to test-artifacts/screenshots/.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const path = require('node:path');
const { startServer, ROOT } = require('../api/lib/server');
const browser = require('./lib/browser');

const ADMIN = ['admin@acme.test', 'acme-password-1'];

let srv;
const api = (method, p, body) => srv.api(method, p, { auth: srv.admin, body });
const { open } = browser;
async function signIn(page) {
  await browser.signIn(page, srv.origin, ...ADMIN);
  await page.locator('main[data-ready]').waitFor();
}
const shot = (page, name) => browser.shot(page, `workspace-${name}`);

const ticket = async (t) => {
  const r = await api('POST', '/tickets', { ticket: t });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket;
};

// Sends raw (CRLF lines) to the SMTP listener; resolves on the 250 of DATA.
function smtpSend(from, to, raw) {
  return new Promise((resolve, reject) => {
    const steps = ['EHLO test.example', `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA',
      `${raw.replace(/\r\n\./g, '\r\n..')}\r\n.`, 'QUIT'];
    const sock = net.connect(srv.smtpPort, '127.0.0.1');
    let buf = '';
    sock.on('data', (d) => {
      buf += d;
      while (/^\d{3} .*\r\n/m.test(buf)) {
        const line = buf.match(/^(\d{3}) .*\r\n/m);
        buf = buf.slice(buf.indexOf(line[0]) + line[0].length);
        if (line[1][0] !== '2' && line[1][0] !== '3') return reject(new Error(line[0]));
        const next = steps.shift();
        if (next === undefined) return resolve();
        sock.write(next + '\r\n');
      }
    });
    sock.on('close', resolve);
    sock.on('error', reject);
  });
}

let viewId;
let pat;
let printer;     // Pat's ticket the ticket-page tests work on
let toner;       // Pat's other ticket
let tierId;

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web'), '--smtp-listen', '127.0.0.1:0'] });
  // 27 tickets tagged "printer": a view of them has two pages of 25.
  const PRI = ['low', 'normal', 'high', 'urgent'];
  const tickets = Array.from({ length: 26 }, (_, i) => ({ subject: `Printer jam ${i + 1}`,
    comment: { body: 'Paper stuck.' }, tags: ['printer'], priority: PRI[i % 4],
    requester: { email: `someone${i}@example.test`, name: `Someone ${i}` } }));
  const r = await api('POST', '/tickets/create_many', { tickets });
  assert.equal(r.json.job_status.status, 'completed', r.text);
  printer = await ticket({ subject: 'Printer on fire', comment: { body: 'It is smoking.' }, tags: ['printer'],
    priority: 'high', requester: { name: 'Pat Customer', email: 'pat@example.test' } });
  toner = await ticket({ subject: 'Toner low', comment: { body: 'Running out.' },
    requester: { email: 'pat@example.test' } });
  pat = printer.requester_id;
  const v = await api('POST', '/views', { view: { title: 'Printers',
    all: [{ field: 'current_tags', operator: 'includes', value: 'printer' }],
    output: { columns: ['subject', 'requester', 'priority', 'status', 'updated'], sort_by: 'updated', sort_order: 'desc' } } });
  assert.equal(v.status, 201, v.text);
  viewId = v.json.view.id;
  assert.equal((await api('POST', '/groups', { group: { name: 'Printer team' } })).status, 201);
  const f = await api('POST', '/ticket_fields', { ticket_field: { type: 'tagger', title: 'Tier',
    custom_field_options: [{ name: 'Silver', value: 'tier_silver' }, { name: 'Gold', value: 'tier_gold' }] } });
  tierId = f.json.ticket_field.id;
  const m = await api('POST', '/macros', { macro: { title: 'Escalate::Urgent', actions: [
    { field: 'priority', value: 'urgent' }, { field: 'current_tags', value: 'escalated' },
    { field: 'subject', value: 'URGENT: {{ticket.title}}' },
    { field: 'comment_value', value: 'Escalated for {{ticket.requester.name}}' },
    { field: 'comment_mode_is_public', value: 'false' }] } });
  assert.equal(m.status, 201, m.text);
  const s = await api('POST', '/slas/policies', { sla_policy: { title: 'Fast lane',
    filter: { all: [{ field: 'status', operator: 'less_than', value: 'solved' }], any: [] },
    policy_metrics: [{ priority: 'urgent', metric: 'first_reply_time', target: 60, business_hours: false }] } });
  assert.equal(s.status, 201, s.text);
});

after(async () => {
  await browser.closeAll();
  await srv.stop();
});

test('side bar view: the right tickets and count, sort, paging, counts refresh on ticket changes', async () => {
  const page = await open();
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  const link = nav.getByRole('link', { name: /^Printers/ });
  await link.filter({ hasText: '27' }).waitFor();
  await nav.getByRole('link', { name: /^All unsolved tickets/ }).filter({ hasText: '28' }).waitFor();
  await link.click();
  await page.getByRole('heading', { name: 'Printers' }).waitFor();
  await page.locator('.page-head').getByText('27 tickets').waitFor();
  assert.equal(await link.getAttribute('aria-current'), 'page');
  const rows = page.locator('table.list tbody tr');
  assert.equal(await rows.count(), 25);
  const subjects = await page.locator('td.col-subject').allTextContents();
  assert.ok(subjects.every((s) => /^Printer/.test(s)), subjects.join());
  assert.ok(!subjects.includes('Toner low'));
  // The view's own columns, in its order (an ID column first).
  assert.deepEqual(await page.locator('table.list thead th').allTextContents(),
    ['ID', 'Subject', 'Requester', 'Priority', 'Status', 'Updated ▼']);
  await shot(page, '01-view');

  await page.getByRole('button', { name: /^Priority/ }).click();
  await page.waitForURL(/sort=priority&order=desc/);
  await page.locator('main[data-ready]').waitFor();
  assert.equal(await page.getByRole('columnheader', { name: /Priority/ }).getAttribute('aria-sort'), 'descending');
  assert.equal(await page.locator('td.col-priority').first().textContent(), 'Urgent');
  await page.getByRole('button', { name: /^Priority/ }).click();
  await page.waitForURL(/sort=priority&order=asc/);
  await page.locator('main[data-ready]').waitFor();
  assert.equal(await page.locator('td.col-priority').first().textContent(), 'Low');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL(/page=2/);
  await page.getByText('Page 2 of 2').waitFor();
  assert.equal(await rows.count(), 2);
  assert.equal(await page.locator('td.col-priority').last().textContent(), 'Urgent');

  // A ticket changes elsewhere: the live event refreshes the count of the
  // side bar and the open list.
  const extra = await ticket({ subject: 'Printer offline', comment: { body: 'Gone.' }, tags: ['printer'],
    requester: { email: 'lee@example.test' } });
  await page.evaluate((id) => window.dispatchEvent(new CustomEvent('parley:ticket',
    { detail: { id, action: 'create', updated_at: new Date().toISOString(), actor_id: 1 } })), extra.id);
  await link.filter({ hasText: '28' }).waitFor();
  await page.locator('.page-head').getByText('28 tickets').waitFor();
  assert.equal(await rows.count(), 3);
  await api('DELETE', `/tickets/${extra.id}`);
  // A tablet held upright: one column, the views as a wrapped list.
  await page.setViewportSize({ width: 768, height: 1024 });
  await shot(page, '07-view-tablet');
  assert.ok(await link.isVisible());
  await page.setViewportSize({ width: 1280, height: 800 });
  // Keys: j selects the first row, o opens it.
  await page.locator('h1').click();
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await page.getByRole('heading', { level: 1, name: /Printer/ }).waitFor();
  assert.match(page.url(), /\/agent\/tickets\/\d+$/);
  assert.deepEqual(page.errors, []);
});

test('search box: "/" focuses it, the query language runs, bad queries say why', async () => {
  const page = await open();
  await signIn(page);
  await page.locator('h1').click();
  await page.keyboard.press('/');
  await page.keyboard.type('toner requester:pat@example.test');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Results for “toner requester:pat@example.test”' }).waitFor();
  await page.getByRole('link', { name: 'Toner low' }).waitFor();
  assert.equal(await page.locator('table.list tbody tr').count(), 1);
  await shot(page, '02-search');
  await page.getByRole('searchbox', { name: /Search/ }).fill('tags:printer priority:urgent');
  await page.keyboard.press('Enter');
  await page.getByText('6 results').waitFor();
  await page.getByRole('searchbox', { name: /Search/ }).fill('status:sideways');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'The search could not run' }).waitFor();
  await page.getByRole('link', { name: 'Toner low' }).waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
});

test('ticket page: reply publicly and privately, change fields, requester panel, attachments', async () => {
  const up = await srv.api('POST', '/uploads.json?filename=printer.log', { auth: srv.admin,
    raw: Buffer.from('E04 fuser error\n'), headers: { 'Content-Type': 'text/plain' } });
  assert.equal(up.status, 201, up.text);
  const r = await api('PUT', `/tickets/${printer.id}`, { ticket: { comment: { body: 'Log attached.',
    public: false, uploads: [up.json.upload.token] } } });
  assert.equal(r.status, 200, r.text);
  const page = await open();
  await signIn(page);
  await page.goto(`${srv.origin}/agent/tickets/${printer.id}`);
  await page.getByRole('heading', { name: 'Printer on fire' }).waitFor();
  const panel = page.getByRole('complementary', { name: 'Requester' });
  await panel.getByRole('link', { name: 'Pat Customer' }).waitFor();
  await panel.getByRole('link', { name: `#${toner.id} Toner low` }).waitFor();
  assert.equal(await panel.getByRole('link', { name: /Printer on fire/ }).count(), 0);

  await page.getByLabel('Message').fill('We are on it.');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('article', { name: 'Public reply' }).filter({ hasText: 'We are on it.' }).waitFor();
  await page.keyboard.press('i');
  await page.getByLabel('Message').fill('Fuser is toast.');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('article', { name: 'Internal note' }).filter({ hasText: 'Fuser is toast.' }).waitFor();
  const attachment = page.getByRole('article', { name: 'Internal note' }).filter({ hasText: 'Log attached.' })
    .getByRole('link', { name: 'printer.log' });
  const res = await page.request.get(await attachment.getAttribute('href'));
  assert.equal(await res.text(), 'E04 fuser error\n');
  await page.getByLabel('Status').selectOption('pending');
  await page.getByLabel('Type').selectOption('incident');
  await page.getByLabel('Group').selectOption({ label: 'Printer team' });
  await page.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Administrator' });
  await page.getByLabel('Tier').selectOption('tier_gold');
  await page.getByLabel('Tags').fill('printer vip');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();

  // The agent's own change shows in the side bar's counts at once.
  await page.getByRole('navigation', { name: 'Workspace' })
    .getByRole('link', { name: /^Pending tickets \(1 ticket\)/ }).waitFor();
  const tk = (await api('GET', `/tickets/${printer.id}`)).json.ticket;
  assert.equal(tk.status, 'pending');
  assert.equal(tk.type, 'incident');
  assert.equal(tk.assignee_id, 1);
  assert.equal((await api('GET', `/groups/${tk.group_id}`)).json.group.name, 'Printer team');
  assert.equal(tk.custom_fields.find((f) => f.id === tierId).value, 'tier_gold');
  assert.deepEqual([...tk.tags].sort(), ['printer', 'tier_gold', 'vip']);
  const comments = (await api('GET', `/tickets/${printer.id}/comments`)).json.comments;
  assert.deepEqual(comments.slice(1).map((c) => [c.public, c.body.trim()]),
    [[false, 'Log attached.'], [true, 'We are on it.'], [false, 'Fuser is toast.']]);
  assert.deepEqual(page.errors, []);
});

test('ticket page: an assignee beyond the first 100 agents stays assigned', async () => {
  const users = Array.from({ length: 100 }, (_, i) => ({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' }));
  const r = await api('POST', '/users/create_many', { users });
  assert.equal(r.json.job_status.status, 'completed', r.text);
  const last = (await api('POST', '/users', { user: { name: 'Zed Late', email: 'zed@acme.test', role: 'agent' } })).json.user;
  const t0 = await ticket({ subject: 'Late assignee', comment: { body: 'Hi.' }, assignee_id: last.id,
    requester: { email: 'late@example.test' } });
  const page = await open();
  await signIn(page);
  await page.goto(`${srv.origin}/agent/tickets/${t0.id}`);
  await page.getByRole('heading', { name: 'Late assignee' }).waitFor();
  assert.equal(await page.getByLabel('Assignee', { exact: true }).inputValue(), String(last.id));
  assert.equal(await page.getByLabel('Assignee', { exact: true }).locator('option:checked').textContent(), 'Zed Late');
  await page.getByLabel('Priority').selectOption('low');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();
  const tk = (await api('GET', `/tickets/${t0.id}`)).json.ticket;
  assert.equal(tk.priority, 'low');
  assert.equal(tk.assignee_id, last.id);
  assert.deepEqual(page.errors, []);
});

test('macro: the preview shows its changes, nothing is saved until submit', async () => {
  const t0 = await ticket({ subject: 'Scanner smells', comment: { body: 'Burnt.' }, priority: 'normal',
    tags: ['scanner'], requester: { name: 'Pat Customer', email: 'pat@example.test' } });
  const page = await open();
  await signIn(page);
  await page.goto(`${srv.origin}/agent/tickets/${t0.id}`);
  await page.getByRole('heading', { name: 'Scanner smells' }).waitFor();
  await page.getByLabel('Tags').fill('scanner smoke');
  await page.getByLabel('Apply a macro').selectOption({ label: 'Urgent' });
  const preview = page.getByRole('region', { name: 'Macro preview' });
  await preview.getByRole('heading', { name: 'What “Urgent” will do' }).waitFor();
  const text = await preview.textContent();
  assert.match(text, /Priority\s*Normal → Urgent/);
  assert.match(text, /Tags\s*scanner smoke → scanner smoke escalated/);
  assert.match(text, /Internal note\s*Escalated for Pat Customer/);
  assert.match(text, /Subject\s*Scanner smells → URGENT: Scanner smells/);
  await shot(page, '03-macro-preview');
  let tk = (await api('GET', `/tickets/${t0.id}`)).json.ticket;
  assert.equal(tk.priority, 'normal', 'the preview saves nothing');

  await preview.getByRole('button', { name: 'Apply' }).click();
  await preview.waitFor({ state: 'hidden' });
  assert.equal(await page.getByLabel('Priority').inputValue(), 'urgent');
  assert.equal(await page.getByLabel('Tags').inputValue(), 'scanner smoke escalated');
  assert.equal(await page.getByLabel('Subject').inputValue(), 'URGENT: Scanner smells');
  assert.equal(await page.getByLabel('Message').inputValue(), 'Escalated for Pat Customer');
  assert.ok(await page.getByRole('radio', { name: 'Internal note' }).isChecked());
  tk = (await api('GET', `/tickets/${t0.id}`)).json.ticket;
  assert.equal(tk.priority, 'normal', 'applying to the form saves nothing');
  assert.equal((await api('GET', `/tickets/${t0.id}/comments`)).json.comments.length, 1);

  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();
  tk = (await api('GET', `/tickets/${t0.id}`)).json.ticket;
  assert.equal(tk.priority, 'urgent');
  assert.equal(tk.subject, 'URGENT: Scanner smells');
  assert.deepEqual([...tk.tags].sort(), ['escalated', 'scanner', 'smoke']);
  const comments = (await api('GET', `/tickets/${t0.id}/comments`)).json.comments;
  assert.deepEqual(comments.map((c) => [c.public, c.body.trim()]),
    [[true, 'Burnt.'], [false, 'Escalated for Pat Customer']]);
  // Cancel closes a preview without touching the form.
  await page.getByLabel('Apply a macro').selectOption({ label: 'Urgent' });
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await preview.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
});

test('SLA targets count down, and a breach says so in words', async () => {
  const t0 = await ticket({ subject: 'Server down', comment: { body: 'All of it.' }, priority: 'urgent',
    requester: { email: 'ops@example.test' } });
  const page = await open({ width: 1024, height: 768 });
  await page.clock.install();
  await signIn(page);
  await page.goto(`${srv.origin}/agent/tickets/${t0.id}`);
  const sla = page.getByRole('region', { name: 'SLA targets' });
  const row = sla.getByRole('listitem').filter({ hasText: 'First reply' });
  await row.filter({ hasText: /^First reply\s*(59|60|1 h 0) min left/ }).waitFor();
  await shot(page, '04-ticket-sla');
  await page.clock.fastForward('45:00');
  await row.filter({ hasText: /1[45] min left/ }).waitFor();
  await page.clock.fastForward('30:00');
  await row.filter({ hasText: /Breached 1[56] min ago/ }).waitFor();
  assert.equal(await row.getAttribute('class'), 'sla breached');
  await shot(page, '05-ticket-sla-breached');
  assert.deepEqual(page.errors, []);
});

test('email comment: sender, recipients and headers on demand', async () => {
  await smtpSend('maria@example.org', 'support@acme.localhost',
    'From: =?UTF-8?Q?Mar=C3=ADa_L=C3=B3pez?= <maria@example.org>\r\n' +
    'To: Acme Support <support@acme.localhost>\r\nSubject: Factura duplicada\r\n' +
    'Message-ID: <factura-1@example.org>\r\nDate: Tue, 2 Jan 2024 09:30:00 +0100\r\n' +
    'X-Mailer: Test Mailer 1.0\r\n\r\nMe cobraron dos veces.\r\n');
  const r = await api('GET', '/search?query=' + encodeURIComponent('subject:factura'));
  const id = r.json.results[0].id;
  const page = await open();
  await signIn(page);
  await page.goto(`${srv.origin}/agent/tickets/${id}`);
  await page.getByRole('heading', { name: 'Factura duplicada' }).waitFor();
  const comment = page.getByRole('article').filter({ hasText: 'Me cobraron dos veces.' });
  await comment.getByText('via email').waitFor();
  const pre = comment.locator('pre.headers');
  assert.equal(await pre.isVisible(), false);
  await comment.getByText('Email headers').click();
  await pre.waitFor();
  assert.match(await comment.locator('dl').textContent(), /FromMaría López <maria@example\.org>To.*support@acme\.localhost/);
  const headers = await pre.textContent();
  assert.match(headers, /^Message-ID: <factura-1@example\.org>$/m);
  assert.match(headers, /^X-Mailer: Test Mailer 1\.0$/m);
  assert.match(headers, /^Date: Tue, 2 Jan 2024 09:30:00 \+0100$/m);
  await shot(page, '06-email-headers');
  assert.deepEqual(page.errors, []);
});
