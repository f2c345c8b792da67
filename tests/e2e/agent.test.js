// Browser tests of the agent workspace: Debian's chromium driven by
// playwright-core against the real server.  Screenshots of the main pages
// go to test-artifacts/screenshots/ for reviewers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, ROOT } = require('../api/lib/server');
const { open, signIn: signInAt, shot, closeAll } = require('./lib/browser');

const ADMIN = ['admin@acme.test', 'acme-password-1'];

let srv;

const signIn = (page, email, password) => signInAt(page, srv.origin, email, password);

const api = (method, p, body) => srv.api(method, p, { auth: srv.admin, body });

before(async () => {
  srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
});

after(async () => {
  await closeAll();
  await srv.stop();
});

test('sign in with the labelled form, then sign out', async () => {
  const page = await open();
  await page.goto(srv.origin + '/agent');
  await shot(page, 'agent-01-sign-in');
  await page.getByLabel('Email').fill(ADMIN[0]);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
  await page.getByLabel('Password').fill(ADMIN[1]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'parley_session');
  assert.ok(c.httpOnly);
  assert.equal(c.sameSite, 'Lax');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'You have signed out' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('admin creates a drop-down ticket field in the admin center; the API has it', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.getByRole('link', { name: 'Admin center' }).click();
  await page.getByRole('heading', { name: 'Admin center' }).waitFor();
  await page.getByRole('link', { name: 'Ticket fields' }).click();
  await page.getByRole('link', { name: 'Add field' }).click();
  await page.getByLabel('Type').selectOption('tagger');
  await page.getByLabel('Title').fill('Plan');
  await page.getByLabel('Required').check();
  await page.getByLabel('Choices').fill('Free | plan_free\nPro | plan_pro');
  await shot(page, 'agent-05-admin-new-ticket-field');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Plan' }).waitFor();
  await shot(page, 'agent-06-admin-ticket-fields');
  const r = await api('GET', '/ticket_fields');
  const field = r.json.ticket_fields.find((f) => f.title === 'Plan');
  assert.ok(field, 'the field exists');
  assert.equal(field.type, 'tagger');
  assert.equal(field.required, true);
  assert.deepEqual(field.custom_field_options.map((o) => [o.name, o.value]),
    [['Free', 'plan_free'], ['Pro', 'plan_pro']]);
  // Validation messages of the API show in the form.
  await page.getByRole('link', { name: 'Add field' }).click();
  await page.getByLabel('Type').selectOption('tagger');
  await page.getByLabel('Title').fill('Empty choices');
  await page.getByLabel('Choices').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: /option/i }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('admin adds an agent who signs in and gets the UI in their language', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.goto(srv.origin + '/agent/admin/users/new');
  await page.getByLabel('Name').fill('Ana Agente');
  await page.getByLabel('Email').fill('ana@acme.test');
  await page.getByLabel('Role').selectOption('agent');
  await page.getByLabel('Language').selectOption('es');
  await page.getByLabel('Password').fill('ana-password-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Ana Agente' }).waitFor();
  const r = await api('GET', '/users/search?query=ana@acme.test');
  assert.equal(r.json.users[0].role, 'agent');

  const ana = await open();
  await signIn(ana, 'ana@acme.test', 'ana-password-1');
  await ana.getByRole('navigation', { name: 'Espacio de trabajo' })
    .getByRole('link', { name: 'Nuevo ticket' }).waitFor();
  assert.equal(await ana.getAttribute('html', 'lang'), 'es');
  assert.equal(await ana.getByRole('link', { name: 'Centro de administración' }).count(), 0);
  await ana.goto(srv.origin + '/agent/admin');
  assert.match(await ana.textContent('body'), /The admin center is for admins/);
  assert.deepEqual(ana.errors, []);
});

test('keyboard shortcuts: ? lists them, g a opens the admin center', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  await page.keyboard.press('?');
  await page.getByRole('dialog').getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.getByRole('heading', { name: 'Admin center' }).waitFor();
  assert.match(page.url(), /\/agent\/admin$/);
  assert.deepEqual(page.errors, []);
});

test('tickets: list, open, reply publicly and privately, change fields, survive a concurrent update', async () => {
  let r = await api('POST', '/ticket_fields', { ticket_field: { type: 'tagger', title: 'Tier',
    custom_field_options: [{ name: 'Silver', value: 'tier_silver' }, { name: 'Gold', value: 'tier_gold' }] } });
  assert.equal(r.status, 201, r.text);
  const tierId = r.json.ticket_field.id;
  r = await api('POST', '/tickets', { ticket: { subject: 'Printer on fire', comment: { body: 'It is smoking.' },
    requester: { name: 'Pat Customer', email: 'pat@example.test' }, priority: 'normal' } });
  assert.equal(r.status, 201, r.text);
  const id = r.json.ticket.id;
  r = await api('POST', '/tickets', { ticket: { subject: 'Toner low', comment: { body: 'Running out.' },
    requester: { email: 'pat@example.test' } } });
  const otherId = r.json.ticket.id;

  const page = await open();
  await signIn(page, ...ADMIN);
  await page.getByRole('link', { name: 'Printer on fire' }).waitFor();
  await shot(page, 'agent-02-tickets');
  await page.getByRole('button', { name: /Priority/ }).click();
  await page.waitForURL(/sort=priority/);
  await page.getByRole('link', { name: 'Printer on fire' }).click();
  await page.getByRole('heading', { name: 'Printer on fire' }).waitFor();
  await page.getByRole('link', { name: `#${otherId} Toner low` }).waitFor();

  await page.getByLabel('Message').fill('We are on it.');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('article').filter({ hasText: 'We are on it.' }).waitFor();
  await page.getByRole('radio', { name: 'Internal note' }).check();
  await page.getByLabel('Message').fill('Checked the fuser; it is toast.');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('article', { name: 'Internal note' }).filter({ hasText: 'fuser' }).waitFor();

  await page.getByLabel('Status').selectOption('pending');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Tier').selectOption('tier_gold');
  await page.getByLabel('Tags').fill('vip printer');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Ticket updated' }).waitFor();
  await shot(page, 'agent-03-ticket');

  r = await api('GET', `/tickets/${id}`);
  const tk = r.json.ticket;
  assert.equal(tk.status, 'pending');
  assert.equal(tk.priority, 'high');
  assert.deepEqual([...tk.tags].sort(), ['printer', 'tier_gold', 'vip']);
  assert.equal(tk.custom_fields.find((f) => f.id === tierId).value, 'tier_gold');
  r = await api('GET', `/tickets/${id}/comments`);
  assert.deepEqual(r.json.comments.map((c) => [c.public, c.body.trim()]), [
    [true, 'It is smoking.'], [true, 'We are on it.'], [false, 'Checked the fuser; it is toast.']]);

  // Someone else changes the ticket: the page shows it (live) before one
  // can overwrite; tests/e2e/live.test.js has more.
  await page.getByLabel('Message').fill('Replacement on the way.');
  r = await api('PUT', `/tickets/${id}`, { ticket: { priority: 'urgent' } });
  assert.equal(r.status, 200, r.text);
  const notice = page.getByRole('alert').filter({ hasText: 'updated this ticket while you had it open' });
  await notice.filter({ hasText: 'Priority: High → Urgent' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Submit' }).isDisabled());
  await notice.getByRole('button', { name: 'Show the update' }).click();
  assert.equal(await page.getByLabel('Priority').inputValue(), 'urgent');
  assert.equal(await page.getByLabel('Message').inputValue(), 'Replacement on the way.');
  r = await api('GET', `/tickets/${id}/comments`);
  assert.equal(r.json.comments.length, 3, 'nothing was written');
  // Keys: i switches to an internal note, Ctrl+Enter submits.
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('r');
  assert.ok(await page.getByRole('radio', { name: 'Public reply' }).isChecked());
  await page.keyboard.press('Control+Enter');
  await page.getByRole('article').filter({ hasText: 'Replacement on the way.' }).waitFor();
  r = await api('GET', `/tickets/${id}`);
  assert.equal(r.json.ticket.priority, 'urgent');
  assert.deepEqual(page.errors, []);
});

test('ticket page: flag a help center article as outdated from the ticket', async () => {
  let r = await api('POST', '/help_center/categories', { category: { name: 'General' } });
  assert.equal(r.status, 201, r.text);
  r = await api('POST', `/help_center/categories/${r.json.category.id}/sections`, { section: { name: 'Printers' } });
  r = await api('POST', `/help_center/sections/${r.json.section.id}/articles`,
    { article: { title: 'Refill the toner', body: '<p>Open the lid.</p>' } });
  assert.equal(r.status, 201, r.text);
  const article = r.json.article.id;
  r = await api('POST', '/tickets', { ticket: { subject: 'Lid will not open', comment: { body: 'Stuck.' },
    requester: { email: 'pat@example.test' } } });
  const id = r.json.ticket.id;

  const page = await open();
  await signIn(page, ...ADMIN);
  await page.goto(`${srv.origin}/agent/tickets/${id}`);
  await page.getByRole('heading', { name: 'Lid will not open' }).waitFor();
  await page.getByLabel('Article ID or URL').fill(`${srv.origin}/hc/en-us/articles/${article}-refill`);
  await page.getByLabel('What is outdated').fill('The lid slides now');
  await page.getByRole('button', { name: 'Flag as outdated' }).click();
  await page.getByRole('article', { name: 'Internal note' })
    .filter({ hasText: `Flagged help center article #${article} as outdated: The lid slides now` }).waitFor();
  r = await api('GET', `/help_center/articles/${article}/translations/en-us`);
  assert.equal(r.json.translation.outdated, true);
  await page.getByLabel('Article ID or URL').fill('nothing here');
  await page.getByLabel('What is outdated').fill('x');
  await page.getByRole('button', { name: 'Flag as outdated' }).click();
  await page.getByRole('alert').filter({ hasText: 'Enter an article ID' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('new ticket form creates a ticket for a new requester', async () => {
  const page = await open();
  await signIn(page, ...ADMIN);
  // The shortcut works once the workspace has loaded its first page; on a
  // loaded machine that can be after the navigation shows.
  await page.waitForLoadState('networkidle');
  await page.keyboard.press('n');
  await page.getByRole('heading', { name: 'New ticket' }).waitFor();
  await page.getByLabel('Requester email').fill('lee@example.test');
  await page.getByLabel('Requester name').fill('Lee New');
  await page.getByLabel('Subject').fill('Cannot log in');
  await page.getByLabel('Description', { exact: true }).fill('The page says no.');
  await page.getByLabel('Priority').selectOption('urgent');
  await shot(page, 'agent-04-new-ticket');
  await page.getByRole('button', { name: 'Create the ticket' }).click();
  await page.getByRole('heading', { name: 'Cannot log in' }).waitFor();
  const id = Number(page.url().match(/tickets\/(\d+)$/)[1]);
  const r = await srv.api('GET', `/tickets/${id}?include=users`, { auth: srv.admin });
  assert.equal(r.json.ticket.priority, 'urgent');
  const requester = r.json.users.find((u) => u.id === r.json.ticket.requester_id);
  assert.equal(requester.email, 'lee@example.test');
  assert.equal(requester.name, 'Lee New');
  assert.deepEqual(page.errors, []);
});
