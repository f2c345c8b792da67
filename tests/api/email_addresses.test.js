// Support addresses (/api/v2/recipient_addresses): every brand's system
// address, added addresses under the mail domain and external ones, the
// default, validation, paging and cross-account isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');

let srv;
test.before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--mail-domain', 'mail.test'],
  });
});
test.after(() => srv.stop());

const A = () => ({ auth: srv.admin });
const B = () => ({ auth: srv.basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` });

async function list(opts) {
  const r = await srv.api('GET', '/recipient_addresses', opts);
  assert.equal(r.status, 200, r.text);
  return r.json.recipient_addresses;
}

test('each brand has its system address under the mail domain; new brands get one', async () => {
  let all = await list(A());
  assert.equal(all.length, 1);
  assert.equal(all[0].email, 'support@acme.mail.test');
  assert.equal(all[0].default, true);
  assert.equal(all[0].forwarding_status, 'verified');
  assert.match(all[0].url, /\/api\/v2\/recipient_addresses\/\d+\.json$/);
  const b = await srv.api('POST', '/brands', { ...A(), body: { brand: { name: 'Shop', subdomain: 'acmeshop' } } });
  assert.equal(b.status, 201, b.text);
  all = await list(A());
  assert.equal(all.length, 2);
  const shop = all.find((x) => x.brand_id === b.json.brand.id);
  assert.equal(shop.email, 'support@acmeshop.mail.test');
  assert.equal(shop.default, false);
  // Renaming the brand moves its address.
  const u = await srv.api('PUT', `/brands/${b.json.brand.id}`, { ...A(), body: { brand: { subdomain: 'acmestore' } } });
  assert.equal(u.status, 200, u.text);
  const again = await srv.api('GET', `/recipient_addresses/${shop.id}`, A());
  assert.equal(again.json.recipient_address.email, 'support@acmestore.mail.test');
  // The system address cannot be deleted; the default cannot either.
  let d = await srv.api('DELETE', `/recipient_addresses/${shop.id}`, A());
  assert.equal(d.status, 422);
  d = await srv.api('DELETE', `/recipient_addresses/${all[0].id}`, A());
  assert.equal(d.status, 422);
  assert.equal(d.json.details.default[0].error, 'InvalidValue');
});

test('adding, changing and deleting addresses', async () => {
  let r = await srv.api('POST', '/recipient_addresses', { ...A(), body: { recipient_address: { email: 'Sales@ACME.mail.test', name: 'Sales' } } });
  assert.equal(r.status, 201, r.text);
  const sales = r.json.recipient_address;
  assert.equal(sales.email, 'sales@acme.mail.test');
  assert.equal(sales.name, 'Sales');
  assert.equal(sales.forwarding_status, 'verified');
  assert.equal(r.headers.location, sales.url);
  r = await srv.api('POST', '/recipient_addresses', { ...A(), body: { recipient_address: { email: 'help@acme-corp.example' } } });
  assert.equal(r.status, 201, r.text);
  const ext = r.json.recipient_address;
  assert.equal(ext.forwarding_status, 'unknown');
  assert.equal(ext.default, false);

  // Make the external one the default: the old default loses the flag.
  r = await srv.api('PUT', `/recipient_addresses/${ext.id}`, { ...A(), body: { recipient_address: { default: true, name: 'Help' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.recipient_address.default, true);
  assert.equal(r.json.recipient_address.name, 'Help');
  const defaults = (await list(A())).filter((x) => x.default);
  assert.deepEqual(defaults.map((x) => x.id), [ext.id]);
  r = await srv.api('PUT', `/recipient_addresses/${ext.id}`, { ...A(), body: { recipient_address: { email: 'other@x.example' } } });
  assert.equal(r.status, 422);

  // Deleting a non-default added address; then it is gone.
  r = await srv.api('DELETE', `/recipient_addresses/${sales.id}`, A());
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/recipient_addresses/${sales.id}`, A());
  assert.equal(r.status, 404);
});

test('validation: blank, malformed, taken, or under the mail domain for no brand of ours', async () => {
  const cases = [
    [{}, 'email', 'BlankValue'],
    [{ email: '' }, 'email', 'BlankValue'],
    [{ email: 'not-an-address' }, 'email', 'InvalidValue'],
    [{ email: 42 }, 'email', 'InvalidValue'],
    [{ email: 'support@acme.mail.test' }, 'email', 'DuplicateValue'],
    [{ email: 'x@beta.mail.test' }, 'email', 'InvalidValue'],
    [{ email: 'x@nobrand.mail.test' }, 'email', 'InvalidValue'],
    [{ email: 'ok@fine.example', brand_id: 999999 }, 'brand_id', 'InvalidValue'],
    [{ email: 'ok@fine.example', default: 'yes' }, 'default', 'InvalidValue'],
    [{ email: 'ok@fine.example', name: 'n'.repeat(300) }, 'name', 'TooLong'],
  ];
  for (const [body, field, code] of cases) {
    const r = await srv.api('POST', '/recipient_addresses', { ...A(), body: { recipient_address: body } });
    assert.equal(r.status, 422, JSON.stringify(body) + ' ' + r.text);
    assert.equal(r.json.details[field][0].error, code, JSON.stringify(body));
  }
  const r = await srv.api('POST', '/recipient_addresses', { ...A(), raw: '{"recipient_address":' });
  assert.equal(r.status, 400);
});

test('cursor and offset paging', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await srv.api('POST', '/recipient_addresses', { ...A(), body: { recipient_address: { email: `page${i}@paging.example` } } });
    assert.equal(r.status, 201);
  }
  const seen = [];
  let url = '/recipient_addresses?page[size]=2';
  for (let n = 0; url && n < 10; n++) {
    const r = await srv.api('GET', url, A());
    assert.equal(r.status, 200);
    seen.push(...r.json.recipient_addresses.map((x) => x.id));
    url = r.json.links.next ? new URL(r.json.links.next).pathname + new URL(r.json.links.next).search : null;
  }
  const all = await list(A());
  assert.deepEqual(seen, all.map((x) => x.id));
  const off = await srv.api('GET', '/recipient_addresses?per_page=2&page=1', A());
  assert.equal(off.json.count, all.length);
  assert.equal(off.json.recipient_addresses.length, 2);
});

test('accounts are isolated; only signed-in agents read and admins write', async () => {
  const mine = await list(A());
  const theirs = await list(B());
  assert.equal(theirs.length, 1);
  assert.equal(theirs[0].email, 'support@beta.mail.test');
  const id = theirs[0].id;
  for (const [m, body] of [['GET'], ['PUT', { recipient_address: { name: 'x' } }], ['DELETE']]) {
    const r = await srv.api(m, `/recipient_addresses/${id}`, { ...A(), body });
    assert.equal(r.status, 404, `${m} ${r.text}`);
  }
  // An address of another account cannot be taken.
  const ext = mine.find((x) => x.email === 'help@acme-corp.example');
  const r = await srv.api('POST', '/recipient_addresses', { ...B(), body: { recipient_address: { email: ext.email } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.email[0].error, 'DuplicateValue');
  assert.equal((await srv.api('GET', '/recipient_addresses')).status, 401);
});
