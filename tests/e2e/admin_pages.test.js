// Every page of the admin center draws without errors, its list and its
// empty form, at 1280x800 and (the rule editors) on a tablet in portrait
// without sideways scrolling.  Screenshots of each go to
// test-artifacts/screenshots/admin-list-*.png, admin-form-*.png and
// admin-tablet-*.png for reviewers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { open, signIn: signInAt } = require('./lib/browser');
const { ADMIN, start, stop, shot } = require('./lib/admin');

let srv;
let page;
before(async () => ({ srv, page } = await start()));
after(() => stop(srv));

const signIn = (p, email, password) => signInAt(p, srv.origin, email, password);

// Catalog keys shown as they are (a string missing from every catalog).
const rawKeys = (p) => p.evaluate(() => {
  const text = document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label]')]
    .map((el) => el.getAttribute('aria-label')).join(' ');
  return text.match(/\b(admin|field|rule|schedule|sla|view|restriction|form_cond|outbox|email|hint)\.[a-z_.]+\b/g) || [];
});

test('every page of the admin menu draws its list and its form', async () => {
  await page.goto(`${srv.origin}/agent/admin`);
  const menu = page.getByRole('navigation', { name: 'Admin center' });
  await menu.getByRole('link', { name: 'API tokens' }).waitFor();
  const keys = await menu.getByRole('link').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href').split('/').pop()));
  assert.ok(keys.length >= 16, keys.join(' '));
  for (const key of keys) {
    await menu.locator(`a[href="/agent/admin/${key}"]`).click();
    await page.locator('.page-head h2').waitFor();
    await shot(page, `list-${key}`);
    assert.deepEqual(await rawKeys(page), [], key);
    if (key === 'email_outbox') continue; // a list without a form
    await page.locator('.page-head a.button').click();
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await shot(page, `form-${key}`);
    assert.deepEqual(await rawKeys(page), [], `${key} form`);
  }
  assert.deepEqual(page.errors, []);
});

test('the rule editors speak the admin’s language', async () => {
  const r = await srv.api('POST', '/users', { auth: srv.admin, body: { user: { name: 'Rosa Admin',
    email: 'rosa@acme.test', role: 'admin', locale: 'es', password: 'rosa-password-1' } } });
  assert.equal(r.status, 201, r.text);
  const rosa = await open();
  await signIn(rosa, 'rosa@acme.test', 'rosa-password-1');
  for (const key of ['triggers', 'automations', 'views', 'schedules', 'sla_policies']) {
    await rosa.goto(`${srv.origin}/agent/admin/${key}/new`);
    await rosa.getByRole('button', { name: 'Guardar' }).waitFor();
    for (const add of await rosa.getByRole('button', { name: /^Añadir (condición|acción)$/ }).all())
      await add.click();
    assert.deepEqual(await rawKeys(rosa), [], key);
  }
  await shot(rosa, 'es-sla-new');
  assert.match(await rosa.textContent('body'), /Tiempo de primera respuesta/);
  assert.deepEqual(rosa.errors, []);
});

test('the rule editors fit a tablet in portrait', async () => {
  const tablet = await open({ width: 820, height: 1180 });
  await signIn(tablet, ...ADMIN);
  for (const key of ['triggers/new', 'views/new', 'schedules/new', 'sla_policies/new']) {
    await tablet.goto(`${srv.origin}/agent/admin/${key}`);
    await tablet.getByRole('button', { name: 'Save' }).waitFor();
    await tablet.getByRole('button', { name: /Add (condition|hours)/ }).first().click();
    await shot(tablet, `tablet-${key.replace('/', '-')}`);
    const overflow = await tablet.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, `${key} scrolls sideways on a tablet`);
  }
  assert.deepEqual(tablet.errors, []);
});

test('the keyboard walks a trigger form in reading order; a new row takes the focus', async () => {
  await page.goto(`${srv.origin}/agent/admin/triggers/new`);
  await page.getByRole('button', { name: 'Save' }).waitFor();
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent;
  });
  assert.equal(await focused(), 'Title');
  const order = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused());
  }
  assert.deepEqual(order, ['Description', 'Active', 'Category', 'Add condition', 'Add condition',
    'Add action', 'Save']);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'Action');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Remove: Actions 1');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'Add action');
  assert.deepEqual(page.errors, []);
});
