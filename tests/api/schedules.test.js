// Business-hours schedules: CRUD with IANA and Zendesk (Rails) zone names,
// the default workweek, interval checks, PUT workweek, holidays, roles and
// cross-account isolation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, basic } = require('./lib/server');
const { makeUser } = require('./lib/people');

let srv, A, B, agent;
test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  A = { auth: srv.admin };
  B = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  agent = await makeUser(srv, A, 'acme', 'agent@acme.test', 'agent');
});
test.after(() => srv.stop());

const BASE = '/business_hours/schedules';
const weekdays = [[1980, 2460], [3420, 3900], [4860, 5340], [6300, 6780], [7740, 8220]]
  .map(([start_time, end_time]) => ({ start_time, end_time }));

async function create(schedule, opts = A) {
  const r = await srv.api('POST', `${BASE}.json`, { ...opts, body: { schedule } });
  assert.equal(r.status, 201, r.text);
  return r.json.schedule;
}

function detail(r, key) {
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.details[key], `details.${key} in ${r.text}`);
  return r.json.details[key][0];
}

test('create with a Zendesk zone name gets the default Monday-Friday workweek', async () => {
  const s = await create({ name: 'West coast', time_zone: 'Pacific Time (US & Canada)' });
  assert.equal(s.name, 'West coast');
  assert.equal(s.time_zone, 'Pacific Time (US & Canada)');
  assert.deepEqual(s.intervals, weekdays);
  assert.deepEqual(Object.keys(s).sort(), ['created_at', 'id', 'intervals', 'name', 'time_zone', 'updated_at']);
  let r = await srv.api('GET', `${BASE}/${s.id}.json`, A);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.schedule, s);
  r = await srv.api('GET', `${BASE}.json`, A);
  assert.deepEqual(r.json.schedules.map((x) => x.id), [s.id]);
});

test('IANA zones and custom intervals, sorted; update and delete', async () => {
  const s = await create({ name: 'Amsterdam', time_zone: 'Europe/Amsterdam',
    intervals: [{ start_time: 3420, end_time: 3900 }, { start_time: 1980, end_time: 2460 }] });
  assert.deepEqual(s.intervals, weekdays.slice(0, 2));
  let r = await srv.api('PUT', `${BASE}/${s.id}.json`, { ...A, body: { schedule: { name: 'Benelux',
    time_zone: 'Brussels' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.schedule.name, 'Benelux');
  assert.equal(r.json.schedule.time_zone, 'Brussels');
  assert.deepEqual(r.json.schedule.intervals, weekdays.slice(0, 2));
  r = await srv.api('GET', `${BASE}/${s.id}.json`, A);
  assert.equal(r.json.schedule.name, 'Benelux');
  r = await srv.api('DELETE', `${BASE}/${s.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `${BASE}/${s.id}.json`, A)).status, 404);
  assert.equal((await srv.api('DELETE', `${BASE}/${s.id}.json`, A)).status, 404);
  assert.equal((await srv.api('PUT', `${BASE}/${s.id}.json`, { ...A, body: { schedule: { name: 'x' } } })).status, 404);
});

test('validation: name, zone and intervals', async () => {
  const post = (schedule) => srv.api('POST', `${BASE}.json`, { ...A, body: { schedule } });
  assert.equal(detail(await post({ time_zone: 'UTC' }), 'name').error, 'BlankValue');
  assert.equal(detail(await post({ name: ' ', time_zone: 'UTC' }), 'name').error, 'BlankValue');
  assert.equal(detail(await post({ name: 'x' }), 'time_zone').error, 'BlankValue');
  let d = detail(await post({ name: 'x', time_zone: 'Mars/Olympus_Mons' }), 'time_zone');
  assert.match(d.description, /Mars\/Olympus_Mons/);
  d = detail(await post({ name: 'x', time_zone: '../../etc/passwd' }), 'time_zone');
  assert.equal(d.error, 'InvalidValue');
  d = detail(await post({ name: 'x', time_zone: 'UTC', intervals: [{ start_time: 2400, end_time: 2900 }] }), 'intervals');
  assert.match(d.description, /span calendar days/);
  d = detail(await post({ name: 'x', time_zone: 'UTC', intervals: [{ start_time: 1980, end_time: 2460 },
    { start_time: 2000, end_time: 2100 }] }), 'intervals');
  assert.match(d.description, /overlap/);
  d = detail(await post({ name: 'x', time_zone: 'UTC', intervals: [{ start_time: 2460, end_time: 1980 }] }), 'intervals');
  assert.match(d.description, /before end_time/);
  d = detail(await post({ name: 'x', time_zone: 'UTC', intervals: [{ start_time: '9am', end_time: 2460 }] }), 'intervals');
  assert.equal(d.error, 'InvalidValue');
  d = detail(await post({ name: 'x', time_zone: 'UTC', intervals: { start_time: 1 } }), 'intervals');
  assert.equal(d.error, 'InvalidValue');
  assert.equal((await srv.api('POST', `${BASE}.json`, { ...A, body: { name: 'no root' } })).status, 400);
  assert.ok(!(await srv.api('GET', `${BASE}.json`, A)).json.schedules.some((s) => s.name === 'x'));
});

test('PUT workweek replaces the intervals', async () => {
  const s = await create({ name: 'Weekend', time_zone: 'Asia/Kolkata' });
  const week = [{ start_time: 0, end_time: 1440 }, { start_time: 8640 + 600, end_time: 10080 }];
  let r = await srv.api('PUT', `${BASE}/${s.id}/workweek.json`, { ...A, body: { workweek: { intervals: week } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.workweek, { intervals: week });
  r = await srv.api('GET', `${BASE}/${s.id}.json`, A);
  assert.deepEqual(r.json.schedule.intervals, week);
  r = await srv.api('PUT', `${BASE}/${s.id}/workweek.json`, { ...A, body: { workweek: { intervals: [
    { start_time: 0, end_time: 10081 }] } } });
  assert.equal(detail(r, 'intervals').error, 'InvalidValue');
  r = await srv.api('PUT', `${BASE}/${s.id}/workweek.json`, { ...A, body: { intervals: [] } });
  assert.equal(r.status, 400);
  r = await srv.api('PUT', `${BASE}/999999/workweek.json`, { ...A, body: { workweek: { intervals: week } } });
  assert.equal(r.status, 404);
  r = await srv.api('GET', `${BASE}/${s.id}.json`, A);
  assert.deepEqual(r.json.schedule.intervals, week);
});

test('holidays: create, list, show, update, delete and validation', async () => {
  const s = await create({ name: 'Holidays', time_zone: 'Africa/Johannesburg' });
  const H = `${BASE}/${s.id}/holidays`;
  let r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { name: 'Christmas',
    start_date: '2024-12-25', end_date: '2024-12-26' } } });
  assert.equal(r.status, 201, r.text);
  const xmas = r.json.holiday;
  assert.deepEqual(xmas, { id: xmas.id, name: 'Christmas', start_date: '2024-12-25', end_date: '2024-12-26' });
  r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { name: 'Freedom Day', start_date: '2024-04-27' } } });
  assert.equal(r.status, 201, r.text);
  const freedom = r.json.holiday;
  assert.equal(freedom.end_date, '2024-04-27');
  r = await srv.api('GET', `${H}.json`, A);
  assert.deepEqual(r.json.holidays.map((h) => h.name), ['Freedom Day', 'Christmas']);
  r = await srv.api('GET', `${H}/${xmas.id}.json`, A);
  assert.deepEqual(r.json.holiday, xmas);
  r = await srv.api('PUT', `${H}/${xmas.id}.json`, { ...A, body: { holiday: { end_date: '2024-12-27' } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.holiday, { ...xmas, end_date: '2024-12-27' });
  r = await srv.api('PUT', `${H}/${xmas.id}.json`, { ...A, body: { holiday: { start_date: '2024-12-28' } } });
  assert.match(detail(r, 'end_date').description, /before the start date/);
  r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { start_date: '2024-01-01' } } });
  assert.equal(detail(r, 'name').error, 'BlankValue');
  r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { name: 'x', start_date: '2024-02-30' } } });
  assert.equal(detail(r, 'start_date').error, 'InvalidValue');
  r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { name: 'x', start_date: '2024-01-02',
    end_date: '01/03/2024' } } });
  assert.equal(detail(r, 'end_date').error, 'InvalidValue');
  r = await srv.api('POST', `${H}.json`, { ...A, body: { holiday: { name: 'x', start_date: '2024-01-02',
    end_date: '2024-01-01' } } });
  assert.equal(detail(r, 'end_date').error, 'InvalidValue');
  r = await srv.api('DELETE', `${H}/${freedom.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `${H}/${freedom.id}.json`, A)).status, 404);
  assert.equal((await srv.api('DELETE', `${H}/${freedom.id}.json`, A)).status, 404);
  // A holiday belongs to its schedule.
  const other = await create({ name: 'Other', time_zone: 'UTC' });
  assert.equal((await srv.api('GET', `${BASE}/${other.id}/holidays/${xmas.id}.json`, A)).status, 404);
  assert.equal((await srv.api('GET', `${BASE}/999999/holidays.json`, A)).status, 404);
  assert.equal((await srv.api('POST', `${BASE}/999999/holidays.json`, { ...A,
    body: { holiday: { name: 'x', start_date: '2024-01-01' } } })).status, 404);
  // Deleting the schedule takes its holidays.
  r = await srv.api('DELETE', `${BASE}/${s.id}.json`, A);
  assert.equal(r.status, 204);
  assert.equal((await srv.api('GET', `${H}/${xmas.id}.json`, A)).status, 404);
});

test('agents read schedules; only admins write; anonymous 401', async () => {
  const s = await create({ name: 'Agents read', time_zone: 'UTC' });
  const AG = { auth: agent.auth };
  assert.equal((await srv.api('GET', `${BASE}.json`, AG)).status, 200);
  assert.equal((await srv.api('GET', `${BASE}/${s.id}.json`, AG)).status, 200);
  assert.equal((await srv.api('GET', `${BASE}/${s.id}/holidays.json`, AG)).status, 200);
  for (const [m, p, body] of [['POST', `${BASE}.json`, { schedule: { name: 'x', time_zone: 'UTC' } }],
    ['PUT', `${BASE}/${s.id}.json`, { schedule: { name: 'y' } }], ['DELETE', `${BASE}/${s.id}.json`],
    ['PUT', `${BASE}/${s.id}/workweek.json`, { workweek: { intervals: [] } }],
    ['POST', `${BASE}/${s.id}/holidays.json`, { holiday: { name: 'x', start_date: '2024-01-01' } }]]) {
    const r = await srv.api(m, p, { ...AG, body });
    assert.equal(r.status, 403, `${m} ${p}`);
  }
  assert.equal((await srv.api('GET', `${BASE}.json`)).status, 401);
  assert.equal((await srv.api('GET', `${BASE}/${s.id}.json`, A)).json.schedule.name, 'Agents read');
});

test('another account\'s schedules and holidays answer 404 everywhere', async () => {
  const s = await create({ name: 'Acme hours', time_zone: 'America/Sao_Paulo' });
  const h = (await srv.api('POST', `${BASE}/${s.id}/holidays.json`, { ...A,
    body: { holiday: { name: 'Carnival', start_date: '2025-03-03', end_date: '2025-03-04' } } })).json.holiday;
  for (const [m, p, body] of [['GET', `${BASE}/${s.id}.json`],
    ['PUT', `${BASE}/${s.id}.json`, { schedule: { name: 'stolen' } }],
    ['DELETE', `${BASE}/${s.id}.json`],
    ['PUT', `${BASE}/${s.id}/workweek.json`, { workweek: { intervals: [] } }],
    ['GET', `${BASE}/${s.id}/holidays.json`],
    ['POST', `${BASE}/${s.id}/holidays.json`, { holiday: { name: 'x', start_date: '2024-01-01' } }],
    ['GET', `${BASE}/${s.id}/holidays/${h.id}.json`],
    ['PUT', `${BASE}/${s.id}/holidays/${h.id}.json`, { holiday: { name: 'x' } }],
    ['DELETE', `${BASE}/${s.id}/holidays/${h.id}.json`]]) {
    const r = await srv.api(m, p, { ...B, body });
    assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
  }
  assert.ok(!(await srv.api('GET', `${BASE}.json`, B)).json.schedules.some((x) => x.id === s.id));
  const r = await srv.api('GET', `${BASE}/${s.id}/holidays/${h.id}.json`, A);
  assert.equal(r.json.holiday.name, 'Carnival');
  assert.equal((await srv.api('GET', `${BASE}/${s.id}.json`, A)).json.schedule.name, 'Acme hours');
});
