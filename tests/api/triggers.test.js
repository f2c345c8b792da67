// Triggers and trigger categories: the default triggers, CRUD, validation
// of conditions, actions and templates, lists and filters, bulk updates,
// reordering, roles, cross-account isolation and node-zendesk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');
const { makeUser, makeGroup } = require('./lib/people');

let srv, A, B, agent;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
});
test.after(() => srv.stop());

const cond = (field, operator, value) => (value === undefined ? { field, operator } : { field, operator, value });
const simple = (title, extra = {}) => ({
  title,
  conditions: { all: [cond('status', 'is', 'open')], any: [] },
  actions: [{ field: 'priority', value: 'high' }],
  ...extra,
});

async function create(trigger, opts = A) {
  const r = await srv.api('POST', '/triggers.json', { ...opts, body: { trigger } });
  assert.equal(r.status, 201, r.text);
  return r.json.trigger;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error, 'RecordInvalid');
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

const post = (trigger, opts = A) => srv.api('POST', '/triggers.json', { ...opts, body: { trigger } });
const all = async (q = '', opts = A) => (await srv.api('GET', `/triggers.json${q}`, opts)).json.triggers;

test('every account starts with Zendesk\'s default triggers in one category', async () => {
  const list = await all();
  const titles = list.map((t) => t.title);
  for (const t of ['Notify requester and CCs of received request',
    'Notify requester and CCs of comment update', 'Notify assignee of comment update',
    'Notify assignee of assignment', 'Notify assignee of reopened ticket',
    'Notify group of assignment', 'Notify all agents of received request'])
    assert.ok(titles.includes(t), t);
  assert.ok(list.every((t) => t.default === true));
  assert.deepEqual(list.filter((t) => !t.active).map((t) => t.title), ['Notify all agents of received request']);
  const cats = (await srv.api('GET', '/trigger_categories.json', A)).json.trigger_categories;
  assert.equal(cats.length, 1);
  assert.equal(cats[0].name, 'Notifications');
  assert.equal(typeof cats[0].id, 'string');
  assert.ok(list.every((t) => t.category_id === cats[0].id));
  const received = list[0];
  assert.deepEqual(Object.keys(received).sort(), ['actions', 'active', 'category_id', 'conditions',
    'created_at', 'default', 'description', 'id', 'position', 'raw_title', 'title', 'updated_at', 'url'].sort());
  assert.equal(received.url, `${srv.origin}/api/v2/triggers/${received.id}.json`);
  assert.deepEqual(received.conditions.all[0], cond('update_type', 'is', 'Create'));
  assert.equal(received.actions[0].field, 'notification_user');
  assert.equal(received.actions[0].value[0], 'requester_and_ccs');
  // The other account has its own copies.
  const b = await all('', B);
  assert.equal(b.length, list.length);
  assert.ok(b.every((t) => !list.some((x) => x.id === t.id)));
});

test('create, show, update and delete a trigger', async () => {
  const before = await all();
  const t = await create(simple('Escalate VIPs', { description: 'VIPs first',
    conditions: { all: [cond('current_tags', 'includes', 'vip'), cond('update_type', 'is', 'Create')],
      any: [cond('priority', 'less_than', 'high'), cond('priority', 'is', '')] } }));
  assert.equal(t.title, 'Escalate VIPs');
  assert.equal(t.raw_title, 'Escalate VIPs');
  assert.equal(t.active, true);
  assert.equal(t.default, false);
  assert.equal(t.description, 'VIPs first');
  assert.equal(t.position, Math.max(...before.map((x) => x.position)) + 1);
  assert.equal(t.category_id, before[0].category_id);
  assert.equal(t.conditions.any.length, 2);
  let r = await srv.api('GET', `/triggers/${t.id}.json`, A);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.trigger, t);
  r = await srv.api('PUT', `/triggers/${t.id}.json`, { ...A, body: { trigger: { title: 'Escalate VIPs now',
    active: false, actions: [{ field: 'group_id', value: '' }, { field: 'current_tags', value: 'escalated' }] } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.trigger.title, 'Escalate VIPs now');
  assert.equal(r.json.trigger.active, false);
  assert.deepEqual(r.json.trigger.conditions, t.conditions);
  assert.equal(r.json.trigger.actions.length, 2);
  r = await srv.api('GET', `/triggers/${t.id}.json`, A);
  assert.equal(r.json.trigger.title, 'Escalate VIPs now');
  r = await srv.api('DELETE', `/triggers/${t.id}.json`, A);
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/triggers/${t.id}.json`, A);
  assert.equal(r.status, 404);
  assert.equal(r.json.error, 'RecordNotFound');
  r = await srv.api('DELETE', `/triggers/${t.id}.json`, A);
  assert.equal(r.status, 404);
});

test('conditions may come as top-level all/any; ids are checked', async () => {
  const group = makeGroup(srv, 'acme', 'Tier 2', [agent.id]);
  const t = await create({ title: 'Top-level', all: [cond('group_id', 'is', String(group))],
    any: [], actions: [{ field: 'notification_group', value: ['group_id', 'Hi', '{{ticket.title}}'] }] });
  assert.deepEqual(t.conditions, { all: [cond('group_id', 'is', String(group))], any: [] });
  const r = await post(simple('Assign', { actions: [{ field: 'assignee_id', value: agent.id },
    { field: 'notification_user', value: [String(agent.id), 'S', 'B'] }] }));
  assert.equal(r.status, 201, r.text);
});

test('validation errors name the bad field, operator or value', async () => {
  assert.equal(detail(await post({ conditions: { all: [cond('status', 'is', 'open')] },
    actions: [{ field: 'status', value: 'open' }] }), 'title').error, 'BlankValue');
  assert.equal(detail(await post(simple('x'.repeat(256))), 'title').error, 'TooLong');
  let d = detail(await post(simple('Bad field', { conditions: { all: [cond('shoe_size', 'is', '9')] } })), 'conditions');
  assert.equal(d.error, 'InvalidValue');
  assert.match(d.description, /'shoe_size' is not a valid field/);
  d = detail(await post(simple('Bad op', { conditions: { all: [cond('status', 'contains', 'open')] } })), 'conditions');
  assert.match(d.description, /'contains' is not a valid operator for 'status'/);
  d = detail(await post(simple('Bad value', { conditions: { any: [cond('priority', 'is', 'meh')] } })), 'conditions');
  assert.match(d.description, /'meh' is not a valid value for 'priority'/);
  d = detail(await post(simple('Time in trigger', { conditions: { all: [cond('SOLVED', 'greater_than', '2')] } })),
    'conditions');
  assert.match(d.description, /'SOLVED' cannot be used in triggers/);
  d = detail(await post(simple('No group', { conditions: { all: [cond('group_id', 'is', '999999')] } })), 'conditions');
  assert.match(d.description, /'group_id' names 999999, which does not exist/);
  d = detail(await post(simple('Beta field', { conditions: { all: [cond('custom_fields_999999', 'is', 'x')] } })),
    'conditions');
  assert.match(d.description, /custom_fields_999999/);
  d = detail(await post(simple('No conditions', { conditions: { all: [], any: [] } })), 'conditions');
  assert.equal(d.error, 'BlankValue');
  d = detail(await post(simple('No actions', { actions: [] })), 'actions');
  assert.equal(d.error, 'BlankValue');
  d = detail(await post(simple('Close', { actions: [{ field: 'status', value: 'closed' }] })), 'actions');
  assert.match(d.description, /'closed' is not a valid value for 'status'/);
  d = detail(await post(simple('Comment', { actions: [{ field: 'comment_value', value: 'hi' }] })), 'actions');
  assert.match(d.description, /'comment_value' cannot be used in triggers/);
  d = detail(await post(simple('Template', { actions: [{ field: 'notification_user',
    value: ['requester_id', 'Re: {{ticket.titel}}', 'Body'] }] })), 'actions');
  assert.match(d.description, /subject of 'notification_user': unknown placeholder \{\{ticket\.titel\}\}/);
  d = detail(await post(simple('Unclosed', { actions: [{ field: 'notification_user',
    value: ['requester_id', 'S', '{% if ticket.assignee %}x'] }] })), 'actions');
  assert.match(d.description, /is not closed/);
  d = detail(await post(simple('Arity', { actions: [{ field: 'notification_user', value: ['requester_id'] }] })),
    'actions');
  assert.match(d.description, /takes \[recipient, subject, body\]/);
  d = detail(await post(simple('Category', { category_id: '424242' })), 'category_id');
  assert.match(d.description, /424242/);
  let r = await srv.api('POST', '/triggers.json', { ...A, raw: '{"trigger":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/triggers.json', { ...A, body: { title: 'no root' } });
  assert.equal(r.status, 400);
  // Nothing of the above was saved.
  assert.ok(!(await all()).some((t) => ['Bad field', 'No actions', 'Template'].includes(t.title)));
  // An update that breaks a rule is refused and changes nothing.
  const t = await create(simple('Keep me'));
  d = detail(await srv.api('PUT', `/triggers/${t.id}.json`, { ...A,
    body: { trigger: { title: 'Changed', actions: [{ field: 'nope', value: 1 }] } } }), 'actions');
  assert.match(d.description, /'nope' is not a valid field/);
  r = await srv.api('GET', `/triggers/${t.id}.json`, A);
  assert.equal(r.json.trigger.title, 'Keep me');
});

test('lists: active, search, filters, sorting and both paging styles', async () => {
  await create(simple('Zebra alert', { active: false }));
  await create(simple('alpha alert'));
  let r = await srv.api('GET', '/triggers.json?active=false', A);
  assert.ok(r.json.triggers.length >= 2);
  assert.ok(r.json.triggers.every((t) => t.active === false));
  r = await srv.api('GET', '/triggers/active.json', A);
  assert.ok(r.json.triggers.every((t) => t.active === true));
  assert.ok(r.json.triggers.some((t) => t.title === 'alpha alert'));
  r = await srv.api('GET', '/triggers/search.json?query=ALERT', A);
  assert.deepEqual(r.json.triggers.map((t) => t.title).sort(), ['Zebra alert', 'alpha alert']);
  assert.equal(r.json.count, 2);
  r = await srv.api('GET', '/triggers/search.json?query=100%25', A);
  assert.equal(r.json.triggers.length, 0);
  r = await srv.api('GET', '/triggers/search.json?query=alert&active=true', A);
  assert.deepEqual(r.json.triggers.map((t) => t.title), ['alpha alert']);
  r = await srv.api('GET', '/triggers/search.json', A);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/triggers.json?active=maybe', A);
  assert.equal(r.status, 400);
  r = await srv.api('GET', '/triggers.json?sort_by=alphabetical', A);
  const titles = r.json.triggers.map((t) => t.title.toLowerCase());
  assert.deepEqual(titles, [...titles].sort());
  r = await srv.api('GET', '/triggers.json?sort_by=alphabetical&sort_order=desc', A);
  assert.equal(r.json.triggers[0].title, 'Zebra alert');
  r = await srv.api('GET', '/triggers.json?sort_by=colour', A);
  assert.equal(r.status, 400);
  // Default order is position.
  r = await srv.api('GET', '/triggers.json', A);
  const pos = r.json.triggers.map((t) => t.position);
  assert.deepEqual(pos, [...pos].sort((a, b) => a - b));
  // Cursor paging walks every trigger once.
  const total = r.json.count;
  const seen = [];
  let url = '/triggers.json?page[size]=3';
  for (;;) {
    r = await srv.api('GET', url, A);
    assert.equal(r.status, 200);
    seen.push(...r.json.triggers.map((t) => t.id));
    if (!r.json.links.next) break;
    url = r.json.links.next.replace(srv.origin, '');
  }
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
});

test('trigger categories: CRUD, moving triggers, filtering, guarded delete', async () => {
  let r = await srv.api('POST', '/trigger_categories.json', { ...A, body: { trigger_category: { name: 'Escalations' } } });
  assert.equal(r.status, 201, r.text);
  const cat = r.json.trigger_category;
  assert.equal(cat.name, 'Escalations');
  assert.equal(cat.position, 1);
  r = await srv.api('PATCH', `/trigger_categories/${cat.id}.json`, { ...A, body: { trigger_category: { name: 'Escalation', position: 5 } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.trigger_category.name, 'Escalation');
  assert.equal(r.json.trigger_category.position, 5);
  r = await srv.api('PUT', `/trigger_categories/${cat.id}.json`, { ...A, body: { trigger_category: { name: '' } } });
  assert.equal(detail(r, 'name').error, 'BlankValue');
  r = await srv.api('POST', '/trigger_categories.json', { ...A, body: { trigger_category: {} } });
  assert.equal(detail(r, 'name').error, 'BlankValue');
  r = await srv.api('GET', `/trigger_categories/${cat.id}.json`, A);
  assert.equal(r.json.trigger_category.name, 'Escalation');
  const t = await create(simple('In escalation', { category_id: cat.id }));
  assert.equal(t.category_id, cat.id);
  const u = await create(simple('Moved later'));
  r = await srv.api('PUT', '/triggers/update_many.json', { ...A, body: { triggers: [{ id: u.id, category_id: Number(cat.id) }] } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.triggers[0].category_id, cat.id);
  r = await srv.api('GET', `/triggers.json?category_id=${cat.id}`, A);
  assert.deepEqual(r.json.triggers.map((x) => x.title).sort(), ['In escalation', 'Moved later']);
  r = await srv.api('DELETE', `/trigger_categories/${cat.id}.json`, A);
  assert.equal(r.status, 422);
  await srv.api('DELETE', `/triggers/${t.id}.json`, A);
  await srv.api('DELETE', `/triggers/${u.id}.json`, A);
  r = await srv.api('DELETE', `/trigger_categories/${cat.id}.json`, A);
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/trigger_categories/${cat.id}.json`, A);
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/trigger_categories.json?page[size]=1', A);
  assert.equal(r.status, 200);
  assert.equal(r.json.meta.after_cursor, r.json.trigger_categories[0].id);
});

test('update_many, reorder and destroy_many are all or nothing', async () => {
  const a = await create(simple('Bulk A'));
  const b = await create(simple('Bulk B'));
  let r = await srv.api('PUT', '/triggers/update_many.json', { ...A, body: { triggers: [
    { id: a.id, position: 100, active: false }, { id: b.id, position: 99 }] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.triggers.map((t) => [t.id, t.position, t.active]), [[a.id, 100, false], [b.id, 99, true]]);
  r = await srv.api('PUT', '/triggers/update_many.json', { ...A, body: { triggers: [
    { id: a.id, position: 1 }, { id: 987654, position: 2 }] } });
  assert.equal(r.status, 404);
  r = await srv.api('GET', `/triggers/${a.id}.json`, A);
  assert.equal(r.json.trigger.position, 100);
  r = await srv.api('PUT', '/triggers/update_many.json', { ...A, body: { triggers: [{ id: a.id, active: 'yes' }] } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', '/triggers/update_many.json', { ...A, body: { triggers: 'all' } });
  assert.equal(r.status, 400);

  r = await srv.api('PUT', '/triggers/reorder.json', { ...A, body: { trigger_ids: [b.id, a.id] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.triggers.slice(0, 2).map((t) => t.id), [b.id, a.id]);
  assert.deepEqual(r.json.triggers.map((t) => t.position), r.json.triggers.map((_, i) => i + 1));
  r = await srv.api('PUT', '/triggers/reorder.json', { ...A, body: { trigger_ids: [a.id, 'x'] } });
  assert.equal(r.status, 422);
  r = await srv.api('GET', '/triggers.json', A);
  assert.deepEqual(r.json.triggers.slice(0, 2).map((t) => t.id), [b.id, a.id]);

  r = await srv.api('DELETE', `/triggers/destroy_many.json?ids=${a.id},987654`, A);
  assert.equal(r.status, 404);
  assert.equal((await srv.api('GET', `/triggers/${a.id}.json`, A)).status, 200);
  r = await srv.api('DELETE', `/triggers/destroy_many.json?ids=${a.id},${b.id}`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `/triggers/${a.id}.json`, A)).status, 404);
  assert.equal((await srv.api('GET', `/triggers/${b.id}.json`, A)).status, 404);
  r = await srv.api('DELETE', '/triggers/destroy_many.json', A);
  assert.equal(r.status, 400);
});

test('definitions list the trigger conditions and actions', async () => {
  const r = await srv.api('GET', '/triggers/definitions.json', A);
  assert.equal(r.status, 200);
  const d = r.json.definitions;
  const subjects = d.conditions_all.map((x) => x.subject);
  for (const s of ['status', 'update_type', 'current_tags', 'via_id', 'comment_is_public', 'role'])
    assert.ok(subjects.includes(s), s);
  assert.ok(!subjects.includes('SOLVED'));
  const status = d.conditions_all.find((x) => x.subject === 'status');
  assert.ok(status.operators.some((o) => o.value === 'changed'));
  assert.deepEqual(status.values.map((v) => v.value), ['new', 'open', 'pending', 'hold', 'solved', 'closed']);
  assert.ok(d.actions.some((a) => a.subject === 'notification_webhook'));
  // Fields with fixed values list them, so editors need no list of their own.
  const values = (s) => d.conditions_all.find((x) => x.subject === s).values.map((v) => v.value);
  assert.deepEqual(values('comment_is_public'), ['true', 'false', 'not_relevant', 'requester_can_see_comment']);
  assert.deepEqual(values('role'), ['end_user', 'agent', 'admin']);
  assert.deepEqual(values('in_business_hours'), ['true', 'false']);
  const vias = values('via_id');
  assert.ok(vias.includes('4') && vias.includes('5') && vias.includes('0'));
  assert.equal(new Set(vias).size, vias.length, 'each via id once');
});

test('agents read triggers but may not write them; anonymous callers get 401', async () => {
  const t = await create(simple('Agent reads'));
  const AG = { auth: agent.auth };
  let r = await srv.api('GET', '/triggers.json', AG);
  assert.equal(r.status, 200);
  r = await srv.api('GET', `/triggers/${t.id}.json`, AG);
  assert.equal(r.status, 200);
  r = await srv.api('GET', '/trigger_categories.json', AG);
  assert.equal(r.status, 200);
  for (const [m, p, body] of [['POST', '/triggers.json', { trigger: simple('x') }],
    ['PUT', `/triggers/${t.id}.json`, { trigger: { title: 'y' } }],
    ['DELETE', `/triggers/${t.id}.json`], ['PUT', '/triggers/reorder.json', { trigger_ids: [t.id] }],
    ['PUT', '/triggers/update_many.json', { triggers: [{ id: t.id, active: false }] }],
    ['DELETE', `/triggers/destroy_many.json?ids=${t.id}`],
    ['POST', '/trigger_categories.json', { trigger_category: { name: 'x' } }]]) {
    r = await srv.api(m, p, { ...AG, body });
    assert.equal(r.status, 403, `${m} ${p}`);
  }
  r = await srv.api('GET', '/triggers.json');
  assert.equal(r.status, 401);
  assert.equal((await srv.api('GET', `/triggers/${t.id}.json`, A)).json.trigger.title, 'Agent reads');
});

test('another account\'s triggers and categories answer 404 everywhere', async () => {
  const t = await create(simple('Acme only'));
  const cat = (await srv.api('POST', '/trigger_categories.json', { ...A,
    body: { trigger_category: { name: 'Acme cat' } } })).json.trigger_category;
  let r = await srv.api('GET', `/triggers/${t.id}.json`, B);
  assert.equal(r.status, 404);
  r = await srv.api('PUT', `/triggers/${t.id}.json`, { ...B, body: { trigger: { title: 'stolen' } } });
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/triggers/${t.id}.json`, B);
  assert.equal(r.status, 404);
  r = await srv.api('PUT', '/triggers/update_many.json', { ...B, body: { triggers: [{ id: t.id, active: false }] } });
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/triggers/destroy_many.json?ids=${t.id}`, B);
  assert.equal(r.status, 404);
  r = await srv.api('PUT', '/triggers/reorder.json', { ...B, body: { trigger_ids: [t.id] } });
  assert.equal(r.status, 422);
  r = await srv.api('GET', `/trigger_categories/${cat.id}.json`, B);
  assert.equal(r.status, 404);
  r = await srv.api('PATCH', `/trigger_categories/${cat.id}.json`, { ...B, body: { trigger_category: { name: 'x' } } });
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/trigger_categories/${cat.id}.json`, B);
  assert.equal(r.status, 404);
  // Beta may not file its trigger under acme's category either.
  r = await post(simple('Beta', { category_id: cat.id }), B);
  assert.equal(detail(r, 'category_id').error, 'InvalidValue');
  r = await srv.api('GET', `/triggers/search.json?query=Acme`, B);
  assert.equal(r.json.triggers.length, 0);
  r = await srv.api('GET', `/triggers/${t.id}.json`, A);
  assert.equal(r.json.trigger.title, 'Acme only');
  assert.equal(r.json.trigger.active, true);
});

test('node-zendesk drives triggers', async () => {
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const zd = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const listed = await zd.triggers.list();
  assert.ok(Array.isArray(listed) && listed.length >= 7);
  const active = await zd.triggers.listActive();
  assert.ok(active.every((t) => t.active));
  const { result: created } = await zd.triggers.create({ trigger: simple('NZ trigger') });
  assert.equal(created.title, 'NZ trigger');
  const { result: shown } = await zd.triggers.show(created.id);
  assert.equal(shown.id, created.id);
  const { result: updated } = await zd.triggers.update(created.id, { trigger: { title: 'NZ trigger 2' } });
  assert.equal(updated.title, 'NZ trigger 2');
  const { result: found } = await zd.triggers.search('NZ trigger');
  assert.ok(found.some((t) => t.id === created.id));
  const defs = await zd.triggers.definitions();
  assert.ok(defs[0].definitions.conditions_all.length > 0);
  const { result: many } = await zd.triggers.updateMany([{ id: created.id, active: false }]);
  assert.equal(many[0].active, false);
  const reordered = await zd.triggers.reorder([created.id]);
  assert.equal(reordered[0].id, created.id);
  await zd.triggers.delete(created.id);
  await assert.rejects(zd.triggers.show(created.id), /404/);
});
