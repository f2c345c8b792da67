// Every route of the API, read from the route tables in src/api/*.c (so a
// new route is covered the day it lands), gets hostile input as an admin:
// odd ids and keys, malformed and mistyped bodies, nonsense paging and
// sorting.  Whatever the answer, it is never a 5xx, the server stays up,
// and a sanitized build reports nothing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, ROOT } = require('./lib/server');

let srv;
test.before(async () => { srv = await startServer(); });
test.after(() => srv.stop());

const VERBS = { V_GET: 'GET', V_POST: 'POST', V_PUT: 'PUT', V_DELETE: 'DELETE', V_PATCH: 'PATCH' };

function routes() {
  const dir = path.join(ROOT, 'src', 'api');
  const out = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.c'))) {
    const re = /\{\s*(V_[A-Z_| ]+?)\s*,\s*"([^"]+)"/g;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (let m; (m = re.exec(text));)
      for (const v of m[1].split('|').map((s) => VERBS[s.trim()]).filter(Boolean))
        out.push([v, m[2]]);
  }
  return out;
}

const IDS = ['1', '0', '-7', '99999999999999999999999', '1.5', "x'%22"];
const KEYS = ['en-us', "a'b", 'zz-ZZ-long-locale-name'];
const QUERIES = ['', '?page=-1&per_page=abc', '?page[size]=0&page[after]=%25%25&page[before]=x',
  "?sort_by=x'&sort_order=sideways&include=users,nothing", '?query=%22&start_time=-1&ids=a,,b'];

// The resource names a path's body is keyed by: the last literal segment,
// singular and plural.
function roots(p) {
  const seg = p.split('/').filter((s) => !s.startsWith('{')).pop();
  const one = seg.replace(/ies$/, 'y').replace(/s$/, '');
  return [...new Set([one, seg])];
}

const deep = JSON.parse('['.repeat(200) + ']'.repeat(200));
const VALUES = [null, 7, 'text', [], {}, deep,
  { id: 'x', name: 5, title: [], tags: 'a', custom_fields: { 1: [] }, comment: 5,
    conditions: 'x', actions: {}, all: 5, any: [{}], position: 'x', filter: [],
    policy_metrics: [{ target: 'x' }], intervals: [{ start_time: 'x' }], email: 7,
    requester: { email: [] }, user_ids: 'x', ids: {}, locale: 9, body: { a: 1 } }];

function bodies(p) {
  const out = ['{', '[]', '{}', '"x"', '{"a":' + '1'.repeat(400) + '}'];
  for (const r of roots(p))
    for (const v of VALUES) out.push(JSON.stringify({ [r]: v }));
  return out;
}

function paths(pattern) {
  let ps = [pattern];
  for (const [ph, values] of [['{id}', IDS], ['{key}', KEYS]])
    ps = ps.flatMap((p) => (p.includes(ph) ? values.map((v) => p.split(ph).join(v)) : [p]));
  return ps;
}

test('no route answers 5xx to hostile input, and the server stays up', async () => {
  // Something to point at: a ticket, a user, an organization, a group.
  await srv.api('POST', '/tickets.json', { auth: srv.admin,
    body: { ticket: { subject: 's', comment: { body: 'b' } } } });
  await srv.api('POST', '/organizations.json', { auth: srv.admin, body: { organization: { name: 'o' } } });
  const list = routes();
  assert.ok(list.length > 300, `only ${list.length} routes found`);
  const bad = [];
  let n = 0;
  const check = async (method, p, opts) => {
    const r = await srv.api(method, '/api/v2/' + p, { auth: srv.admin, ...opts });
    n++;
    if (r.status >= 500) bad.push(`${method} ${p} ${opts.raw?.slice(0, 60) ?? ''} -> ${r.status} ${r.text.slice(0, 120)}`);
  };
  for (const [method, pattern] of list) {
    // Leave the account's own credentials and sessions alone.
    if (method === 'DELETE' && /api_tokens|sessions|users\/me/.test(pattern)) continue;
    for (const p of paths(pattern)) {
      if (method === 'GET' || method === 'DELETE') {
        for (const q of QUERIES) await check(method, p + q, {});
      } else {
        for (const raw of bodies(pattern))
          await check(method, p, { raw, headers: { 'Content-Type': 'application/json' } });
      }
    }
  }
  assert.deepEqual(bad, [], `${bad.length} of ${n} requests failed`);
  const me = await srv.api('GET', '/users/me.json', { auth: srv.admin });
  assert.equal(me.status, 200);
  assert.doesNotMatch(srv.child.stderrText(), /runtime error|AddressSanitizer|LeakSanitizer/);
});
