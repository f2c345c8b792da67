// Ticket forms: the seeded default form, CRUD, the one-default rule,
// filters, show_many, clone, reorder, brands, roles and isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');

let srv, A, B, systemIds, defaultForm;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  systemIds = (await srv.api('GET', '/ticket_fields.json', A)).json.ticket_fields.map((f) => f.id);
  defaultForm = (await srv.api('GET', '/ticket_forms.json', A)).json.ticket_forms[0];
});
test.after(() => srv.stop());

async function create(form, opts = A) {
  const r = await srv.api('POST', '/ticket_forms.json', { ...opts, body: { ticket_form: form } });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket_form;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

const forms = async (q = '', opts = A) => (await srv.api('GET', `/ticket_forms.json${q}`, opts)).json.ticket_forms;

test('every account starts with one default form showing the system fields', async () => {
  assert.equal(defaultForm.name, 'Default Ticket Form');
  assert.equal(defaultForm.default, true);
  assert.equal(defaultForm.active, true);
  assert.equal(defaultForm.in_all_brands, true);
  assert.deepEqual(defaultForm.ticket_field_ids, systemIds);
  assert.deepEqual(defaultForm.restricted_brand_ids, []);
  assert.deepEqual(defaultForm.agent_conditions, []);
  const keys = ['id', 'url', 'name', 'raw_name', 'display_name', 'raw_display_name', 'position', 'active',
    'default', 'end_user_visible', 'in_all_brands', 'restricted_brand_ids', 'ticket_field_ids',
    'agent_conditions', 'end_user_conditions', 'created_at', 'updated_at'];
  assert.deepEqual(Object.keys(defaultForm).sort(), keys.sort());
  const b = await forms('', B);
  assert.equal(b.length, 1);
  assert.notEqual(b[0].id, defaultForm.id);
});

test('create, show and update a form', async () => {
  const text = (await srv.api('POST', '/ticket_fields.json', { ...A,
    body: { ticket_field: { type: 'text', title: 'Serial' } } })).json.ticket_field;
  const cond = [{ parent_field_id: systemIds[0], value: 'x', child_fields: [{ id: text.id, is_required: false }] }];
  const f = await create({ name: 'Returns', display_name: 'Return an item', end_user_visible: false,
    ticket_field_ids: [systemIds[0], text.id, systemIds[0]], agent_conditions: cond });
  assert.equal(f.raw_name, 'Returns');
  assert.equal(f.display_name, 'Return an item');
  assert.equal(f.raw_display_name, 'Return an item');
  assert.deepEqual(f.ticket_field_ids, [systemIds[0], text.id]);
  assert.equal(f.default, false);
  assert.equal(f.end_user_visible, false);
  assert.deepEqual(f.agent_conditions, cond);
  assert.deepEqual(f.end_user_conditions, []);
  assert.equal(f.url, `${srv.origin}/api/v2/ticket_forms/${f.id}.json`);
  assert.ok(f.position > defaultForm.position);
  let r = await srv.api('GET', `/ticket_forms/${f.id}.json`, A);
  assert.deepEqual(r.json.ticket_form, f);
  r = await srv.api('PUT', `/ticket_forms/${f.id}.json`, { ...A, body: { ticket_form: {
    name: 'Returns and refunds', display_name: null, ticket_field_ids: [text.id], active: false } } });
  assert.equal(r.status, 200, r.text);
  const g = r.json.ticket_form;
  assert.equal(g.name, 'Returns and refunds');
  assert.equal(g.display_name, 'Returns and refunds');
  assert.deepEqual(g.ticket_field_ids, [text.id]);
  assert.equal(g.active, false);
  assert.deepEqual(g.agent_conditions, cond);
  // A deleted field leaves every form.
  r = await srv.api('DELETE', `/ticket_fields/${text.id}.json`, A);
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/ticket_forms/${f.id}.json`, A);
  assert.deepEqual(r.json.ticket_form.ticket_field_ids, []);
});

test('validation errors come with details', async () => {
  const post = (f) => srv.api('POST', '/ticket_forms.json', { ...A, body: { ticket_form: f } });
  assert.equal(detail(await post({}), 'name').error, 'BlankValue');
  assert.equal(detail(await post({ name: ' ' }), 'name').error, 'BlankValue');
  assert.equal(detail(await post({ name: 'x'.repeat(300) }), 'name').error, 'TooLong');
  assert.equal(detail(await post({ name: 5 }), 'name').error, 'InvalidValue');
  let d = detail(await post({ name: 'F', ticket_field_ids: [999999] }), 'ticket_field_ids');
  assert.equal(d.error, 'InvalidValue');
  assert.match(d.description, /999999 is not a ticket field/);
  assert.equal(detail(await post({ name: 'F', ticket_field_ids: 'all' }), 'ticket_field_ids').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', ticket_field_ids: ['1'] }), 'ticket_field_ids').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', in_all_brands: false }), 'restricted_brand_ids').error, 'BlankValue');
  assert.equal(detail(await post({ name: 'F', in_all_brands: false, restricted_brand_ids: [424242] }),
    'restricted_brand_ids').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', agent_conditions: {} }), 'agent_conditions').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', end_user_conditions: [1] }), 'end_user_conditions').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', active: 'no' }), 'active').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'F', default: true, active: false }), 'active').error, 'InvalidValue');
  // Beta's fields are not acme's.
  const betaField = (await srv.api('GET', '/ticket_fields.json', B)).json.ticket_fields[0].id;
  assert.equal(detail(await post({ name: 'F', ticket_field_ids: [betaField] }), 'ticket_field_ids').error, 'InvalidValue');
  const r = await srv.api('POST', '/ticket_forms.json', { ...A, body: { form: {} } });
  assert.equal(r.status, 400);
  assert.ok(!(await forms()).some((f) => f.name === 'F'));
});

test('exactly one default form: the flag moves, never disappears', async () => {
  const f = await create({ name: 'New default', default: true });
  assert.equal(f.default, true);
  let all = await forms();
  assert.deepEqual(all.filter((x) => x.default).map((x) => x.id), [f.id]);
  let r = await srv.api('PUT', `/ticket_forms/${f.id}.json`, { ...A, body: { ticket_form: { default: false } } });
  assert.equal(detail(r, 'default').error, 'InvalidValue');
  r = await srv.api('PUT', `/ticket_forms/${f.id}.json`, { ...A, body: { ticket_form: { active: false } } });
  assert.equal(detail(r, 'active').error, 'InvalidValue');
  r = await srv.api('DELETE', `/ticket_forms/${f.id}.json`, A);
  assert.match(detail(r, 'base').description, /default ticket form/);
  r = await srv.api('PUT', `/ticket_forms/${defaultForm.id}.json`, { ...A, body: { ticket_form: { default: true } } });
  assert.equal(r.status, 200, r.text);
  all = await forms();
  assert.deepEqual(all.filter((x) => x.default).map((x) => x.id), [defaultForm.id]);
  r = await srv.api('DELETE', `/ticket_forms/${f.id}.json`, A);
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/ticket_forms/${f.id}.json`, A);
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/ticket_forms/${f.id}.json`, A);
  assert.equal(r.status, 404);
});

test('filters, brands and show_many', async () => {
  const shop = (await srv.api('POST', '/brands.json', { ...A, body: { brand: { name: 'Shop', subdomain: 'formshop' } } })).json.brand;
  const inactive = await create({ name: 'Inactive', active: false });
  const hidden = await create({ name: 'Hidden', end_user_visible: false });
  const shopOnly = await create({ name: 'Shop only', in_all_brands: false, restricted_brand_ids: [shop.id] });
  assert.deepEqual(shopOnly.restricted_brand_ids, [shop.id]);
  const ids = (list) => list.map((f) => f.id);
  assert.ok(!ids(await forms('?active=true')).includes(inactive.id));
  assert.ok(ids(await forms('?active=false')).includes(inactive.id));
  assert.ok(!ids(await forms('?active=false')).includes(hidden.id));
  assert.ok(!ids(await forms('?end_user_visible=true')).includes(hidden.id));
  assert.ok(ids(await forms('?end_user_visible=false')).includes(hidden.id));
  // associated_to_brand: the brand named by the Host.
  const onAcme = ids(await forms('?associated_to_brand=true', { ...A, host: `acme.localhost:${srv.port}` }));
  assert.ok(!onAcme.includes(shopOnly.id));
  assert.ok(onAcme.includes(defaultForm.id));
  const onShop = ids(await forms('?associated_to_brand=true', { ...A, host: `formshop.localhost:${srv.port}` }));
  assert.ok(onShop.includes(shopOnly.id) && onShop.includes(defaultForm.id));
  let r = await srv.api('GET', '/ticket_forms.json?active=maybe', A);
  assert.equal(r.status, 400);
  // The brand lists the active forms offered in it.
  r = await srv.api('GET', `/brands/${shop.id}.json`, A);
  assert.ok(r.json.brand.ticket_form_ids.includes(shopOnly.id));
  assert.ok(!r.json.brand.ticket_form_ids.includes(inactive.id));
  // Switching to all brands clears the restriction.
  r = await srv.api('PUT', `/ticket_forms/${shopOnly.id}.json`, { ...A, body: { ticket_form: { in_all_brands: true } } });
  assert.deepEqual(r.json.ticket_form.restricted_brand_ids, []);

  r = await srv.api('GET', `/ticket_forms/show_many.json?ids=${hidden.id},${inactive.id},999999`, A);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.ticket_forms.map((f) => f.id).sort(), [hidden.id, inactive.id].sort());
  r = await srv.api('GET', '/ticket_forms/show_many.json?ids=1,x', A);
  assert.equal(r.status, 400);
});

test('clone copies a form, optionally with a "Clone of" title', async () => {
  const f = await create({ name: 'Original', ticket_field_ids: systemIds.slice(0, 2), end_user_visible: false });
  let r = await srv.api('POST', `/ticket_forms/${f.id}/clone.json`, { ...A, body: { prepend_clone_title: true } });
  assert.equal(r.status, 200, r.text);
  const c = r.json.ticket_form;
  assert.notEqual(c.id, f.id);
  assert.equal(c.name, 'Clone of Original');
  assert.deepEqual(c.ticket_field_ids, f.ticket_field_ids);
  assert.equal(c.end_user_visible, false);
  assert.equal(c.default, false);
  r = await srv.api('POST', `/ticket_forms/${defaultForm.id}/clone.json`, A);
  assert.equal(r.json.ticket_form.name, 'Default Ticket Form');
  assert.equal(r.json.ticket_form.default, false);
  r = await srv.api('POST', '/ticket_forms/999999/clone.json', A);
  assert.equal(r.status, 404);
});

test('reorder puts the listed forms first', async () => {
  const all = await forms();
  const last = all[all.length - 1];
  let r = await srv.api('PUT', '/ticket_forms/reorder.json', { ...A, body: { ticket_form_ids: [last.id, all[0].id] } });
  assert.equal(r.status, 200, r.text);
  const order = r.json.ticket_forms.map((f) => f.id);
  assert.deepEqual(order.slice(0, 2), [last.id, all[0].id]);
  assert.deepEqual(order.slice(2), all.map((f) => f.id).filter((id) => id !== last.id && id !== all[0].id));
  assert.deepEqual(r.json.ticket_forms.map((f) => f.position), order.map((_, i) => i + 1));
  assert.deepEqual((await forms()).map((f) => f.id), order);
  r = await srv.api('PUT', '/ticket_forms/reorder.json', { ...A, body: { ticket_form_ids: [999999] } });
  assert.equal(detail(r, 'ticket_form_ids').error, 'InvalidValue');
  r = await srv.api('PUT', '/ticket_forms/reorder.json', { ...A, body: {} });
  assert.equal(detail(r, 'ticket_form_ids').error, 'InvalidValue');
  assert.deepEqual((await forms()).map((f) => f.id), order);
});

test("another account's forms answer 404 everywhere", async () => {
  const f = await create({ name: 'Acme private' });
  const calls = [
    ['GET', `/ticket_forms/${f.id}.json`],
    ['PUT', `/ticket_forms/${f.id}.json`, { ticket_form: { name: 'Stolen' } }],
    ['DELETE', `/ticket_forms/${f.id}.json`],
    ['POST', `/ticket_forms/${f.id}/clone.json`, {}],
  ];
  for (const [m, p, body] of calls) {
    const r = await srv.api(m, p, { ...B, body });
    assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
  }
  let r = await srv.api('GET', `/ticket_forms/show_many.json?ids=${f.id}`, B);
  assert.deepEqual(r.json.ticket_forms, []);
  r = await srv.api('PUT', '/ticket_forms/reorder.json', { ...B, body: { ticket_form_ids: [f.id] } });
  assert.equal(r.status, 422);
  assert.ok(!(await forms('', B)).some((x) => x.id === f.id));
  r = await srv.api('GET', `/ticket_forms/${f.id}.json`, A);
  assert.equal(r.json.ticket_form.name, 'Acme private');
});

test('anonymous callers get 401', async () => {
  for (const [m, p] of [['GET', '/ticket_forms.json'], ['POST', '/ticket_forms.json'],
    ['GET', `/ticket_forms/${defaultForm.id}.json`], ['PUT', '/ticket_forms/reorder.json']]) {
    const r = await srv.api(m, p, { body: {} });
    assert.equal(r.status, 401, `${m} ${p}`);
  }
});

test('node-zendesk drives ticket forms', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const active = await zd.ticketforms.list({ active: true });
  assert.ok(active.every((f) => f.active));
  const { result: f } = await zd.ticketforms.create({ ticket_form: { name: 'NZ form', ticket_field_ids: systemIds } });
  assert.equal(f.name, 'NZ form');
  const { result: u } = await zd.ticketforms.update(f.id, { ticket_form: { name: 'NZ form 2' } });
  assert.equal(u.name, 'NZ form 2');
  const { result: c } = await zd.ticketforms.clone(f.id, true);
  assert.equal(c.name, 'Clone of NZ form 2');
  await zd.ticketforms.delete(c.id);
  await assert.rejects(zd.ticketforms.show(c.id), /404/);
});
