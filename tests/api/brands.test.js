// Brands: the default brand, CRUD, subdomains unique across accounts and
// naming the account in Host, host mappings, the one-default rule, soft
// delete, check_host_mapping, roles and isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');

let srv, A, B, acmeHost;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  acmeHost = `acme.localhost:${srv.port}`;
  A = { auth: srv.admin, host: acmeHost };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
});
test.after(() => srv.stop());

async function create(brand, opts = A) {
  const r = await srv.api('POST', '/brands.json', { ...opts, body: { brand } });
  assert.equal(r.status, 201, r.text);
  return r.json.brand;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

const list = async (opts = A) => (await srv.api('GET', '/brands.json', opts)).json.brands;

test('each account starts with its default brand', async () => {
  const [b] = await list();
  const keys = ['id', 'url', 'name', 'brand_url', 'subdomain', 'host_mapping', 'has_help_center',
    'help_center_state', 'active', 'default', 'is_deleted', 'logo', 'ticket_form_ids',
    'signature_template', 'created_at', 'updated_at'];
  assert.deepEqual(Object.keys(b).sort(), keys.sort());
  assert.equal(b.subdomain, 'acme');
  assert.equal(b.default, true);
  assert.equal(b.active, true);
  assert.equal(b.is_deleted, false);
  assert.equal(b.host_mapping, null);
  assert.equal(b.help_center_state, 'enabled');
  assert.equal(b.logo, null);
  assert.equal(b.brand_url, `http://acme.localhost:${srv.port}`);
  assert.equal(b.url, `http://${acmeHost}/api/v2/brands/${b.id}.json`);
  const forms = (await srv.api('GET', '/ticket_forms.json', A)).json.ticket_forms;
  assert.deepEqual(b.ticket_form_ids, forms.map((f) => f.id));
  const [bb] = await list(B);
  assert.equal(bb.subdomain, 'beta');
  assert.notEqual(bb.id, b.id);
});

test('a new brand names the same account in Host headers', async () => {
  const shop = await create({ name: 'Shop', subdomain: 'shop', signature_template: 'Thanks, {{agent.name}}' });
  assert.equal(shop.name, 'Shop');
  assert.equal(shop.default, false);
  assert.equal(shop.brand_url, `http://shop.localhost:${srv.port}`);
  assert.equal(shop.signature_template, 'Thanks, {{agent.name}}');
  let r = await srv.api('GET', '/users/me.json', { auth: srv.admin, host: `shop.localhost:${srv.port}` });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, 'admin@acme.test');
  r = await srv.api('GET', '/brands.json', { auth: srv.admin, host: `shop.localhost:${srv.port}` });
  assert.ok(r.json.brands.some((b) => b.id === shop.id));
  // Beta's admin is nobody on a host of acme's brand.
  r = await srv.api('GET', '/brands.json', { auth: B.auth, host: `shop.localhost:${srv.port}` });
  assert.equal(r.status, 401);
  r = await srv.api('GET', `/brands/${shop.id}.json`, A);
  assert.deepEqual(r.json.brand, shop);
});

test('subdomains are validated and unique across accounts', async () => {
  const post = (brand, opts = A) => srv.api('POST', '/brands.json', { ...opts, body: { brand } });
  assert.equal(detail(await post({ name: 'X' }), 'subdomain').error, 'BlankValue');
  assert.equal(detail(await post({ subdomain: 'nameless' }), 'name').error, 'BlankValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'not valid' }), 'subdomain').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: '-dash' }), 'subdomain').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'under_score' }), 'subdomain').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'a'.repeat(64) }), 'subdomain').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 42 }), 'subdomain').error, 'InvalidValue');
  let d = detail(await post({ name: 'X', subdomain: 'beta' }), 'subdomain');
  assert.equal(d.error, 'DuplicateValue');
  assert.match(d.description, /beta has already been taken/);
  assert.equal(detail(await post({ name: 'X', subdomain: 'acme' }), 'subdomain').error, 'DuplicateValue');
  await create({ name: 'Beta store', subdomain: 'betastore' }, B);
  assert.equal(detail(await post({ name: 'X', subdomain: 'BetaStore' }), 'subdomain').error, 'DuplicateValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'x1', active: 'yes' }), 'active').error, 'InvalidValue');
  const r = await srv.api('POST', '/brands.json', { ...A, body: { nope: {} } });
  assert.equal(r.status, 400);
  // Upper case is folded.
  const up = await create({ name: 'Upper', subdomain: 'UpperCase' });
  assert.equal(up.subdomain, 'uppercase');
});

test('host mappings: validated, unique, and they name the account', async () => {
  const b = await create({ name: 'Mapped', subdomain: 'mapped', host_mapping: 'Support.Mapped.Example' });
  assert.equal(b.host_mapping, 'support.mapped.example');
  let r = await srv.api('GET', '/users/me.json', { auth: srv.admin, host: `support.mapped.example:${srv.port}` });
  assert.equal(r.json.user.email, 'admin@acme.test');
  const post = (brand, opts = A) => srv.api('POST', '/brands.json', { ...opts, body: { brand } });
  assert.equal(detail(await post({ name: 'X', subdomain: 'x2', host_mapping: 'nodots' }), 'host_mapping').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'x2', host_mapping: 'bad_host.com' }), 'host_mapping').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'x2', host_mapping: 'trailing.dot.' }), 'host_mapping').error, 'InvalidValue');
  assert.equal(detail(await post({ name: 'X', subdomain: 'x2', host_mapping: 'support.mapped.example' }, B),
    'host_mapping').error, 'DuplicateValue');
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { host_mapping: null } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.brand.host_mapping, null);
});

test('update, and exactly one default brand', async () => {
  const [acme] = await list();
  const b = await create({ name: 'Second', subdomain: 'second' });
  let r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: {
    name: 'Second brand', subdomain: 'second2', has_help_center: false, active: false } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.brand.name, 'Second brand');
  assert.equal(r.json.brand.subdomain, 'second2');
  assert.equal(r.json.brand.help_center_state, 'disabled');
  assert.equal(r.json.brand.active, false);
  r = await srv.api('GET', '/users/me.json', { auth: srv.admin, host: `second2.localhost:${srv.port}` });
  assert.equal(r.json.user.email, 'admin@acme.test');
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { default: true } } });
  assert.equal(detail(r, 'active').error, 'InvalidValue');
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { default: true, active: true } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.brand.default, true);
  let all = await list();
  assert.deepEqual(all.filter((x) => x.default).map((x) => x.id), [b.id]);
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { default: false } } });
  assert.equal(detail(r, 'default').error, 'InvalidValue');
  r = await srv.api('DELETE', `/brands/${b.id}.json`, A);
  assert.match(detail(r, 'base').description, /default brand cannot be deleted/);
  r = await srv.api('PUT', `/brands/${acme.id}.json`, { ...A, body: { brand: { default: true } } });
  assert.equal(r.json.brand.default, true);
  all = await list();
  assert.deepEqual(all.filter((x) => x.default).map((x) => x.id), [acme.id]);
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { subdomain: 'beta' } } });
  assert.equal(detail(r, 'subdomain').error, 'DuplicateValue');
  r = await srv.api('PUT', `/brands/${b.id}.json`, { ...A, body: { brand: { name: '' } } });
  assert.equal(detail(r, 'name').error, 'BlankValue');
});

test('delete is soft and frees the subdomain', async () => {
  const b = await create({ name: 'Gone', subdomain: 'gone', host_mapping: 'help.gone.example' });
  const form = (await srv.api('POST', '/ticket_forms.json', { ...A, body: { ticket_form: {
    name: 'Gone form', in_all_brands: false, restricted_brand_ids: [b.id] } } })).json.ticket_form;
  let r = await srv.api('DELETE', `/brands/${b.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  r = await srv.api('GET', `/brands/${b.id}.json`, A);
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/brands/${b.id}.json`, A);
  assert.equal(r.status, 404);
  assert.ok(!(await list()).some((x) => x.id === b.id));
  r = await srv.api('GET', `/ticket_forms/${form.id}.json`, A);
  assert.deepEqual(r.json.ticket_form.restricted_brand_ids, []);
  // The names are free again, even for another account.
  const again = await create({ name: 'Gone again', subdomain: 'gone', host_mapping: 'help.gone.example' }, B);
  r = await srv.api('GET', '/users/me.json', { auth: B.auth, host: `gone.localhost:${srv.port}` });
  assert.equal(r.json.user.email, 'admin@beta.test');
  assert.equal(again.subdomain, 'gone');
});

test('check_host_mapping', async () => {
  let r = await srv.api('GET', '/brands/check_host_mapping.json?host_mapping=help.shop.example&subdomain=shop', A);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { is_valid: true, cname: 'shop.localhost', reason: 'valid', expected_cnames: ['shop.localhost'] });
  r = await srv.api('GET', '/brands/check_host_mapping.json?host_mapping=not_a_host&subdomain=shop', A);
  assert.equal(r.json.is_valid, false);
  assert.match(r.json.reason, /not a valid host name/);
  await create({ name: 'Taken', subdomain: 'takenmap', host_mapping: 'taken.example.com' }, B);
  r = await srv.api('GET', '/brands/check_host_mapping.json?host_mapping=taken.example.com&subdomain=shop', A);
  assert.equal(r.json.is_valid, false);
  assert.match(r.json.reason, /already used/);
  r = await srv.api('GET', '/brands/check_host_mapping.json?host_mapping=taken.example.com', A);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/brands/check_host_mapping.json?subdomain=shop', A);
  assert.equal(r.status, 400);
  const own = await create({ name: 'Own', subdomain: 'ownmap', host_mapping: 'own.example.com' });
  r = await srv.api('GET', `/brands/${own.id}/check_host_mapping.json`, A);
  assert.deepEqual(r.json, { is_valid: true, cname: 'ownmap.localhost', reason: 'valid', expected_cnames: ['ownmap.localhost'] });
  const bare = await create({ name: 'Bare', subdomain: 'bare' });
  r = await srv.api('GET', `/brands/${bare.id}/check_host_mapping.json`, A);
  assert.equal(r.json.is_valid, false);
  assert.match(r.json.reason, /no host mapping/);
});

test("another account's brands answer 404 everywhere", async () => {
  const b = await create({ name: 'Private', subdomain: 'privatebrand' });
  const calls = [
    ['GET', `/brands/${b.id}.json`],
    ['PUT', `/brands/${b.id}.json`, { brand: { name: 'Stolen' } }],
    ['DELETE', `/brands/${b.id}.json`],
    ['GET', `/brands/${b.id}/check_host_mapping.json`],
  ];
  for (const [m, p, body] of calls) {
    const r = await srv.api(m, p, { ...B, body });
    assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
  }
  assert.ok(!(await list(B)).some((x) => x.id === b.id));
  // Beta cannot restrict its forms to acme's brand either.
  const r = await srv.api('POST', '/ticket_forms.json', { ...B, body: { ticket_form: {
    name: 'F', in_all_brands: false, restricted_brand_ids: [b.id] } } });
  assert.equal(detail(r, 'restricted_brand_ids').error, 'InvalidValue');
  const still = await srv.api('GET', `/brands/${b.id}.json`, A);
  assert.equal(still.json.brand.name, 'Private');
});

test('anonymous callers get 401', async () => {
  for (const [m, p] of [['GET', '/brands.json'], ['POST', '/brands.json'], ['GET', '/brands/1.json'],
    ['GET', '/brands/check_host_mapping.json?host_mapping=a.b&subdomain=c']]) {
    const r = await srv.api(m, p, { host: acmeHost, body: {} });
    assert.equal(r.status, 401, `${m} ${p}`);
  }
});

test('node-zendesk drives brands', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const { result: all } = await zd.brand.list();
  assert.ok(all.some((b) => b.subdomain === 'acme'));
  const { result: created } = await zd.brand.create({ brand: { name: 'NZ', subdomain: 'nzbrand' } });
  assert.equal(created.brand.subdomain, 'nzbrand');
  const id = created.brand.id;
  const { result: shown } = await zd.brand.show(id);
  assert.equal(shown.brand.name, 'NZ');
  const { result: updated } = await zd.brand.update({ brand: { name: 'NZ 2' } }, id);
  assert.equal(updated.brand.name, 'NZ 2');
  const { result: check } = await zd.brand.checkHostMapping('help.nz.example', 'nzbrand');
  assert.equal(check.is_valid, true);
  const { result: own } = await zd.brand.checkHostMappingForExistingBrand(id);
  assert.equal(own.is_valid, false);
  await zd.brand.delete(id);
  await assert.rejects(zd.brand.show(id), /404/);
});
