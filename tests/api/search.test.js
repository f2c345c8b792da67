// Search: the query language over a seeded account (text in nine
// languages, every keyword and operator), sorting, users and
// organizations, permissions (end users, restricted agents), bad queries,
// the index staying in step with writes, search/count and search/export,
// isolation between accounts, and node-zendesk's search helpers.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, ann, bob, cat, dan, eve, frank, tier1, tier2, globex, field;
const T = {};   // tickets by name

async function api(method, path, opts, body) {
  return srv.api(method, path, { ...opts, body });
}

async function ticket(name, t, opts = A) {
  const r = await api('POST', '/tickets.json', opts, { ticket: t });
  assert.equal(r.status, 201, r.text);
  T[name] = r.json.ticket.id;
  return r.json.ticket;
}

async function search(q, opts = A, extra = '') {
  const r = await srv.api('GET', `/search.json?query=${encodeURIComponent(q)}${extra}`, opts);
  return r;
}

// The ticket names a query finds, sorted (ids of other results as "type:id").
async function found(q, opts = A) {
  const r = await search(q, opts);
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  const names = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k]));
  assert.equal(r.json.count, r.json.results.length, q);
  return r.json.results.map((x) => x.result_type === 'ticket' ? names[x.id] || `ticket:${x.id}`
    : `${x.result_type}:${x.name}`).sort();
}

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  let r = await api('POST', '/organizations.json', A, { organization: { name: 'Globex',
    domain_names: ['globex.test'], tags: ['enterprise'], details: 'Makes widgets' } });
  globex = r.json.organization.id;
  await api('POST', '/organizations.json', A, { organization: { name: 'Initech' } });
  ann = await makeUser(srv, A, 'acme', 'ann@acme.test', 'agent');
  bob = await makeUser(srv, A, 'acme', 'bob@acme.test', 'agent');
  cat = await makeUser(srv, A, 'acme', 'cat@acme.test', 'agent');
  dan = await makeUser(srv, A, 'acme', 'dan@acme.test', 'agent');
  eve = await makeUser(srv, A, 'acme', 'eve@acme.test', 'end-user');
  frank = await makeUser(srv, A, 'acme', 'frank@acme.test', 'end-user');
  tier1 = makeGroup(srv, 'acme', 'Tier 1', [ann.id]);
  tier2 = makeGroup(srv, 'acme', 'Tier 2', [bob.id]);
  for (const [u, body] of [[eve, { organization_id: globex, tags: ['vip'] }],
    [cat, { organization_id: globex, ticket_restriction: 'organization' }],
    [bob, { ticket_restriction: 'groups' }], [dan, { ticket_restriction: 'assigned' }]]) {
    r = await api('PUT', `/users/${u.id}.json`, A, { user: body });
    assert.equal(r.status, 200, r.text);
  }
  r = await api('POST', '/ticket_fields.json', A, { ticket_field: { type: 'text', title: 'Order' } });
  field = r.json.ticket_field.id;

  await ticket('fire', { subject: 'Printer on fire', comment: { body: 'The office printer is on fire' },
    priority: 'urgent', type: 'incident', tags: ['vip', 'printer'], group_id: tier1,
    assignee_id: ann.id, requester_id: eve.id, custom_fields: [{ id: field, value: 'A-100' }] });
  await ticket('login', { subject: 'No puedo iniciar sesión', comment: { body: 'La contraseña no funciona, señor' },
    priority: 'high', tags: ['login'], requester_id: frank.id, group_id: tier2 });
  await ticket('billing', { subject: 'Cobrança duplicada', comment: { body: 'Fui cobrado duas vezes — São Paulo' },
    priority: 'normal', tags: ['billing'], status: 'pending', assignee_id: bob.id, group_id: tier2 });
  await ticket('crash', { subject: 'Ёлка не работает', comment: { body: 'Приложение падает при запуске' },
    priority: 'low', status: 'hold', tags: ['crash'], assignee_id: ann.id });
  await ticket('ukr', { subject: 'Ї не працює', comment: { body: "Помилка з'єднання" }, assignee_id: ann.id });
  await ticket('german', { subject: 'Größe der Straße', comment: { body: 'Die Lieferung ist falsch' },
    type: 'question' });
  await ticket('french', { subject: 'Problème de livraison', comment: { body: 'Le café est arrivé froid' },
    type: 'task', due_at: '2031-05-01T10:00:00Z' });
  await ticket('dutch', { subject: 'Bestelling niet ontvangen', comment: { body: 'Waar blijft mijn pakket?' },
    assignee_id: dan.id });
  await ticket('hindi', { subject: 'भुगतान विफल', comment: { body: 'मेरा भुगतान विफल हो गया' } });
  await ticket('ccd', { subject: 'Shared invoice question', comment: { body: 'Who pays the invoice?' },
    requester_id: frank.id, collaborator_ids: [eve.id] });
  r = await api('PUT', `/tickets/${T.ccd}.json`, A, { ticket: { comment: { body: 'secretword in a note', public: false } } });
  assert.equal(r.status, 200, r.text);
  r = await api('PUT', `/tickets/${T.ukr}.json`, A, { ticket: { status: 'solved' } });
  assert.equal(r.status, 200, r.text);
  await ticket('gone', { subject: 'Deleted printer', comment: { body: 'x' } });
  assert.equal((await api('DELETE', `/tickets/${T.gone}.json`, A)).status, 204);
  delete T.gone;
  r = await api('POST', '/tickets.json', B, { ticket: { subject: 'Printer in beta', comment: { body: 'x' } } });
  assert.equal(r.status, 201);
});
test.after(() => srv.stop());

test('free text: words, phrases, prefixes, negation; case and accents folded per language', async () => {
  assert.deepEqual(await found('printer'), ['fire']);
  assert.deepEqual(await found('PRINTER Fire'), ['fire']);
  assert.deepEqual(await found('"printer is on fire"'), ['fire']);
  assert.deepEqual(await found('"fire printer"'), []);
  assert.deepEqual(await found('print*'), ['fire']);
  assert.deepEqual(await found('print'), [], 'whole words unless *');
  assert.deepEqual(await found('fire -office'), []);
  // Spanish, Portuguese, French, German, Dutch: accents fold.
  assert.deepEqual(await found('sesion'), ['login']);
  assert.deepEqual(await found('contrasena senor'), ['login']);
  assert.deepEqual(await found('cobranca sao paulo'), ['billing']);
  assert.deepEqual(await found('probleme cafe'), ['french']);
  assert.deepEqual(await found('grosse strasse'), ['german']);
  assert.deepEqual(await found('Straße'), ['german']);
  assert.deepEqual(await found('bestelling'), ['dutch']);
  // Russian: case folds, ё is е; Ukrainian ї stays apart from і.
  assert.deepEqual(await found('ЁЛКА'), ['crash']);
  assert.deepEqual(await found('елка приложение'), ['crash']);
  assert.deepEqual(await found('ї'), ['ukr']);
  assert.deepEqual(await found('і'), []);
  assert.deepEqual(await found('працює'), ['ukr']);
  // Hindi keeps whole words (combining marks included).
  assert.deepEqual(await found('भुगतान'), ['hindi']);
  assert.deepEqual(await found('भुगत'), []);
  assert.deepEqual(await found('भुगत*'), ['hindi']);
  // A bare number finds the ticket with that id.
  assert.deepEqual(await found(String(T.dutch)), ['dutch']);
  // Punctuation alone adds nothing.
  assert.deepEqual(await found('printer !!'), ['fire']);
});

test('ticket keywords and operators', async () => {
  assert.deepEqual(await found('status:pending'), ['billing']);
  assert.deepEqual(await found('status:solved'), ['ukr']);
  assert.deepEqual(await found('status:pending status:hold'), ['billing', 'crash']);
  assert.deepEqual(await found('status>=hold'), ['crash', 'ukr']);
  assert.deepEqual(await found('status>hold'), ['ukr']);
  assert.deepEqual(await found('status<pending type:ticket -status:new'), ['dutch', 'fire']);
  assert.deepEqual(await found('status<=new'), ['ccd', 'french', 'german', 'hindi', 'login']);
  assert.deepEqual(await found('priority>normal'), ['fire', 'login']);
  assert.deepEqual(await found('priority>=normal'), ['billing', 'fire', 'login']);
  assert.deepEqual(await found('priority<normal type:ticket'),
    ['ccd', 'crash', 'dutch', 'french', 'german', 'hindi', 'ukr']);
  assert.deepEqual(await found('priority:none status:new'), ['ccd', 'french', 'german', 'hindi']);
  assert.deepEqual(await found('-priority:high priority<=high priority>=normal'), ['billing']);
  assert.deepEqual(await found('ticket_type:incident'), ['fire']);
  assert.deepEqual(await found('ticket_type:question ticket_type:task'), ['french', 'german']);
  assert.deepEqual(await found('tags:vip type:ticket'), ['fire']);
  assert.deepEqual(await found('tags:vip tags:login type:ticket'), ['fire', 'login']);
  assert.deepEqual(await found('tags:cr*'), ['crash']);
  assert.deepEqual(await found('-tags:vip tags:printer'), []);
  assert.deepEqual(await found('tags:none status:new'), ['ccd', 'french', 'german', 'hindi']);
  assert.deepEqual(await found('assignee:ann@acme.test'), ['crash', 'fire', 'ukr']);
  assert.deepEqual(await found(`assignee:${bob.id}`), ['billing']);
  assert.deepEqual(await found('assignee:dan'), ['dutch']);
  assert.deepEqual(await found('assignee:none status:new'), ['ccd', 'french', 'german', 'hindi', 'login']);
  assert.deepEqual(await found('assignee:me'), []);
  assert.deepEqual(await found('requester:eve@acme.test'), ['fire']);
  assert.deepEqual(await found('requester:frank'), ['ccd', 'login']);
  assert.deepEqual(await found('submitter:frank'), []);
  assert.deepEqual(await found('cc:eve@acme.test'), ['ccd']);
  assert.deepEqual(await found('commenter:me status:new subject:invoice'), ['ccd']);
  assert.deepEqual(await found('group:"Tier 2"'), ['billing', 'login', 'user:bob']);
  assert.deepEqual(await found(`group:${tier1} type:ticket`), ['fire']);
  assert.deepEqual(await found('group:tier* type:ticket'), ['billing', 'fire', 'login']);
  assert.deepEqual(await found('organization:globex type:ticket'), ['fire']);
  assert.deepEqual(await found('organization:none status:hold'), ['crash']);
  assert.deepEqual(await found('brand:acme status:pending'), ['billing']);
  assert.deepEqual(await found('via:api status:hold'), ['crash']);
  assert.deepEqual(await found('via:email'), []);
  assert.deepEqual(await found('subject:printer'), ['fire']);
  assert.deepEqual(await found('subject:office'), []);
  assert.deepEqual(await found('description:office'), ['fire']);
  assert.deepEqual(await found('comment:secretword'), ['ccd']);
  assert.deepEqual(await found(`custom_field_${field}:a-100`), ['fire']);
  assert.deepEqual(await found(`custom_field_${field}:A-1*`), ['fire']);
  assert.deepEqual(await found(`custom_field_${field}:none status:hold`), ['crash']);
  assert.deepEqual(await found('fieldvalue:a-100'), ['fire']);
  assert.deepEqual(await found('has_attachment:true'), []);
  assert.deepEqual(await found('has_attachment:false status:hold'), ['crash']);
});

test('dates: absolute days and times, relative times, every operator', async () => {
  const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
  const all = Object.keys(T).sort();
  assert.deepEqual(await found('created>2000-01-01 type:ticket'), all);
  assert.deepEqual(await found('created<2000-01-01'), []);
  assert.deepEqual(await found(`created>=${day(-1)} type:ticket`), all);
  assert.deepEqual(await found(`created<=${day(1)} type:ticket`), all);
  assert.deepEqual(await found(`created>${day(1)}`), []);
  assert.deepEqual(await found(`created<${day(-1)}`), []);
  assert.deepEqual(await found('created>1hours type:ticket'), all);
  assert.deepEqual(await found('created:2days type:ticket'), all);
  assert.deepEqual(await found('created<1hours'), []);
  assert.deepEqual(await found('updated>2000-01-01T00:00:00Z type:ticket'), all);
  assert.deepEqual(await found('updated<30minutes'), []);
  assert.deepEqual(await found('solved>1week'), ['ukr']);
  assert.deepEqual(await found('solved<1week'), []);
  assert.deepEqual(await found('due_date:2031-05-01'), ['french']);
  assert.deepEqual(await found('due_date>2031-05-01'), []);
  assert.deepEqual(await found('due_date>=2031-05-01T10:00:00Z'), ['french']);
  assert.deepEqual(await found('due_date<2031-05-01T10:00:00Z'), []);
  assert.deepEqual(await found('due_date<=2031-05-01T10:00:00Z'), ['french']);
});

test('sorting: relevance by default, sort_by/sort_order parameters, order_by:/sort: in the query', async () => {
  const ids = async (q, extra = '') => (await search(q, A, extra)).json.results.map((x) => x.id);
  const byCreation = Object.values(T).sort((a, b) => a - b);
  assert.deepEqual(await ids('type:ticket order_by:created sort:asc'), byCreation);
  assert.deepEqual(await ids('type:ticket', '&sort_by=created_at&sort_order=desc'), [...byCreation].reverse());
  assert.deepEqual(await ids('priority>low', '&sort_by=priority&sort_order=desc'),
    [T.fire, T.login, T.billing]);
  assert.deepEqual(await ids('status<closed type:ticket priority>low', '&sort_by=status&sort_order=asc'),
    [T.login, T.fire, T.billing]);
  assert.deepEqual(await ids('ticket_type:incident ticket_type:task ticket_type:question',
    '&sort_by=ticket_type&sort_order=asc'), [T.fire, T.german, T.french]);
  // Tickets without a type come last in descending order, newest first.
  const untyped = [T.hindi, T.login, T.ccd].sort((a, b) => b - a);
  assert.deepEqual(await ids('type:ticket status:new', '&sort_by=ticket_type&sort_order=desc'),
    [T.french, T.german, ...untyped]);
  // The same orders when SQL decides (a condition FTS5 cannot check).
  assert.deepEqual(await ids('type:ticket status:new created>2000-01-01',
    '&sort_by=ticket_type&sort_order=desc'), [T.french, T.german, ...untyped]);
  assert.deepEqual(await ids('priority>low created>2000-01-01', '&sort_by=priority&sort_order=desc'),
    [T.fire, T.login, T.billing]);
  // Relevance (bm25): the ticket naming "invoice" twice comes first.
  const extra = await ticket('once', { subject: 'About an invoice', comment: { body: 'Paid already' } });
  assert.deepEqual(await ids('invoice'), [T.ccd, extra.id]);
  assert.equal((await api('DELETE', `/tickets/${extra.id}.json`, A)).status, 204);
  delete T.once;
  assert.equal((await search('fire', A, '&sort_by=colour')).status, 400);
  assert.equal((await search('fire order_by:colour')).status, 400);
  assert.equal((await search('fire sort:up')).status, 400);
});

test('users and organizations', async () => {
  assert.deepEqual(await found('type:user eve'), ['user:eve']);
  assert.deepEqual(await found('type:user role:agent'), ['user:ann', 'user:bob', 'user:cat', 'user:dan']);
  assert.deepEqual(await found('type:user role:end-user organization:globex'), ['user:eve']);
  assert.deepEqual(await found('type:user organization:none role:end-user'), ['user:frank']);
  assert.deepEqual(await found('type:user email:eve@acme.test'), ['user:eve']);
  assert.deepEqual(await found('type:user email:fr*'), ['user:frank']);
  assert.deepEqual(await found('type:user tags:vip'), ['user:eve']);
  assert.deepEqual(await found(`type:user group:${tier2}`), ['user:bob']);
  assert.deepEqual(await found('type:user is_suspended:true'), []);
  assert.deepEqual(await found('type:organization globex'), ['organization:Globex']);
  assert.deepEqual(await found('type:organization widgets'), ['organization:Globex']);
  assert.deepEqual(await found('type:organization tags:enterprise'), ['organization:Globex']);
  assert.deepEqual(await found('type:organization name:initech'), ['organization:Initech']);
  assert.deepEqual(await found('type:organization created>1hours'), ['organization:Globex', 'organization:Initech']);
  // Without type:, each result type that has every keyword takes part.
  assert.deepEqual(await found('tags:vip'), ['fire', 'user:eve']);
  assert.deepEqual(await found('globex'), ['organization:Globex']);
  const r = await search('tags:vip');
  const kinds = r.json.results.map((x) => x.result_type).sort();
  assert.deepEqual(kinds, ['ticket', 'user']);
  const user = r.json.results.find((x) => x.result_type === 'user');
  assert.equal(user.email, 'eve@acme.test');
});

test('permissions: end users see their own and CC\'d tickets, restricted agents their scope', async () => {
  const eveA = { auth: eve.auth };
  assert.deepEqual(await found('type:ticket', eveA), ['ccd', 'fire']);
  assert.deepEqual(await found('printer', eveA), ['fire']);
  assert.deepEqual(await found('contrasena', eveA), []);
  assert.deepEqual(await found('invoice', eveA), ['ccd']);
  assert.deepEqual(await found('secretword', eveA), [], 'private notes are for agents');
  assert.deepEqual(await found('comment:secretword', eveA), []);
  assert.deepEqual(await found('type:user', eveA), ['user:eve']);
  assert.deepEqual(await found('type:organization', eveA), ['organization:Globex']);
  assert.equal((await search('type:ticket', eveA)).json.count, 2);
  const r = await srv.api('GET', `/search/count.json?query=${encodeURIComponent('type:ticket')}`, eveA);
  assert.deepEqual(r.json, { count: 2 });
  // Agents: ann sees all; bob is restricted to his groups, cat to her
  // organization, dan to what is assigned to him.
  assert.equal((await found('type:ticket', { auth: ann.auth })).length, Object.keys(T).length);
  assert.deepEqual(await found('type:ticket', { auth: bob.auth }), ['billing', 'login']);
  assert.deepEqual(await found('type:ticket', { auth: cat.auth }), ['fire']);
  assert.deepEqual(await found('type:ticket', { auth: dan.auth }), ['dutch']);
  assert.deepEqual(await found('printer', { auth: bob.auth }), []);
  // The restriction shows on the user.
  const u = (await srv.api('GET', `/users/${bob.id}.json`, A)).json.user;
  assert.equal(u.ticket_restriction, 'groups');
  assert.equal(u.restricted_agent, true);
  let w = await api('PUT', `/users/${bob.id}.json`, { auth: bob.auth }, { user: { ticket_restriction: null } });
  assert.equal(w.status, 403, 'agents cannot lift their own restriction');
  w = await api('PUT', `/users/${bob.id}.json`, A, { user: { ticket_restriction: 'everything' } });
  assert.equal(w.status, 422);
});

test('bad queries answer 400 or 422 with a description', async () => {
  const bad = {
    '"printer on fire': 400, 'stauts:open': 400, 'status:': 400, '- printer': 400,
    'status:foo': 422, 'priority>extreme': 422, 'created>yesterdayish': 422,
    'created>-4hours': 422, 'tags>vip': 422, 'assignee<5': 422, 'status:open role:agent': 422,
    'type:group admins': 422, 'type:ticket type:user': 400, 'has_attachment:maybe': 422,
    'type:user role:boss': 422, '': 400,
  };
  for (const [q, status] of Object.entries(bad)) {
    const r = await search(q);
    assert.equal(r.status, status, `${q}: ${r.text}`);
    assert.ok(r.json.description, q);
  }
  assert.equal((await srv.api('GET', '/search.json', A)).status, 400);
  assert.equal((await search('printer', A, '&page=11')).status, 422);
  assert.equal((await search('printer', A, '&page[size]=10')).status, 400);
  assert.equal((await search('x'.repeat(3000))).status, 400);
});

test('the index follows every write at once: updates, comments, privacy, deletes', async () => {
  const t = await ticket('fresh', { subject: 'Quokka sighting', comment: { body: 'Seen near the pond' } });
  assert.deepEqual(await found('quokka'), ['fresh']);
  let r = await api('PUT', `/tickets/${t.id}.json`, A, { ticket: { subject: 'Wombat sighting' } });
  assert.equal(r.status, 200);
  assert.deepEqual(await found('quokka'), []);
  assert.deepEqual(await found('wombat'), ['fresh']);
  r = await api('PUT', `/tickets/${t.id}.json`, A, { ticket: { comment: { body: 'A platypus too' },
    tags: ['fauna'] } });
  assert.deepEqual(await found('platypus'), ['fresh']);
  assert.deepEqual(await found('tags:fauna'), ['fresh']);
  r = await api('PUT', `/tickets/${t.id}.json`, A, { ticket: { tags: ['flora'] } });
  assert.deepEqual(await found('tags:fauna'), []);
  // Make the comment private: agents still find it, the requester would not.
  const audits = (await srv.api('GET', `/tickets/${t.id}/audits.json`, A)).json.audits;
  const audit = audits.find((a) => a.events.some((e) => e.type === 'Comment' && e.body === 'A platypus too'));
  r = await srv.api('PUT', `/tickets/${t.id}/audits/${audit.id}/make_private.json`, A);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await found('comment:platypus'), ['fresh']);
  assert.equal((await api('DELETE', `/tickets/${t.id}.json`, A)).status, 204);
  delete T.fresh;
  assert.deepEqual(await found('wombat'), []);
});

test('search/count, paging, and isolation between accounts', async () => {
  let r = await srv.api('GET', `/search/count.json?query=${encodeURIComponent('type:ticket')}`, A);
  assert.deepEqual(r.json, { count: Object.keys(T).length });
  r = await search('type:ticket', A, '&per_page=4&page=2');
  assert.equal(r.status, 200);
  assert.equal(r.json.results.length, 4);
  assert.equal(r.json.count, Object.keys(T).length);
  assert.equal(r.json.facets, null);
  assert.ok(r.json.next_page.startsWith(`${srv.origin}/api/v2/search.json?`), r.json.next_page);
  assert.ok(r.json.previous_page.includes('page=1'));
  const all = [];
  for (let p = 1; p <= 3; p++)
    all.push(...(await search('type:ticket', A, `&per_page=4&page=${p}`)).json.results.map((x) => x.id));
  assert.deepEqual([...new Set(all)].sort(), Object.values(T).sort());
  // Beta sees only its own printer; acme's ids are not searchable there.
  r = await search('printer', B);
  assert.deepEqual(r.json.results.map((x) => x.subject), ['Printer in beta']);
  r = await search(String(T.fire), B);
  assert.equal(r.json.count, 0);
  r = await search('type:user eve', B);
  assert.equal(r.json.count, 0);
  assert.equal((await srv.api('GET', '/search.json?query=printer')).status, 401);
});

test('search/export pages by cursor in creation order, past 1,000 results', async () => {
  let url = `/search/export.json?query=${encodeURIComponent('status<closed')}&filter[type]=ticket&page[size]=3`;
  const seen = [];
  for (;;) {
    const r = await srv.api('GET', url, A);
    assert.equal(r.status, 200, r.text);
    seen.push(...r.json.results.map((x) => x.id));
    assert.ok(r.json.results.every((x) => x.result_type === 'ticket'));
    if (!r.json.meta.has_more) {
      assert.equal(r.json.links.next, null);
      break;
    }
    assert.ok(r.json.links.next.startsWith(srv.origin), r.json.links.next);
    url = r.json.links.next.slice(srv.origin.length);
  }
  assert.deepEqual(seen, Object.values(T).sort((a, b) => a - b));
  const e = (q, extra) => srv.api('GET', `/search/export.json?query=${encodeURIComponent(q)}${extra}`, A);
  assert.equal((await e('printer', '')).status, 400, 'filter[type] is required');
  assert.equal((await e('type:ticket printer', '&filter[type]=ticket')).status, 400);
  assert.equal((await e('printer', '&filter[type]=group')).status, 400);
  assert.equal((await e('printer', '&filter[type]=ticket&page[after]=bogus')).status, 400);
  const u = await e('role:agent', '&filter[type]=user');
  assert.deepEqual(u.json.results.map((x) => x.email).sort(),
    ['ann@acme.test', 'bob@acme.test', 'cat@acme.test', 'dan@acme.test']);
});

test('node-zendesk: search.query, queryAll, showResultsCount, exportResults', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const q = await client.search.query('printer');
  assert.deepEqual(q.result.map((x) => x.id), [T.fire]);
  const all = await client.search.queryAll('type:ticket');
  assert.equal(all.length, Object.keys(T).length);
  const n = await client.search.showResultsCount('tags:vip');
  assert.equal(n.result.count, 2);
  const exported = await client.search.exportResults('status<closed', 'ticket', 2);
  assert.deepEqual(exported.map((x) => x.id), Object.values(T).sort((a, b) => a - b));
});
