// Help Center API: agents' outdated flags on articles (from a ticket or
// not) and the feedback readers left on an article.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { people, tree } = require('./help_center.fixtures');

let srv, P, T, beta, betaT, ticket, betaTicket;
const HC = '/help_center';

async function newTicket(auth, host) {
  const r = await srv.api('POST', '/tickets.json', { auth, host,
    body: { ticket: { subject: 'Password reset link broken', comment: { body: 'It 404s' } } } });
  assert.equal(r.status, 201, r.text);
  return r.json.ticket.id;
}

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  P = await people(srv);
  T = await tree(srv, srv.admin);
  const host = `beta.localhost:${srv.port}`;
  beta = { host, ...(await srv.tokenAuth('admin@beta.test', 'beta-password-1', host)) };
  betaT = await tree(srv, beta.auth, { host });
  ticket = await newTicket(P.agent.auth);
  betaTicket = await newTicket(beta.auth, host);
});
test.after(() => srv.stop());

const flags = (id) => `${HC}/articles/${id}/outdated_flags.json`;
const translation = async (id, locale = 'en-us') =>
  (await srv.api('GET', `${HC}/articles/${id}/translations/${locale}.json`,
    { auth: P.agent.auth })).json.translation;

test('flag from a ticket: outdated translation, private note on the ticket', async () => {
  const id = T.article;
  assert.equal((await translation(id)).outdated, false);
  let r = await srv.api('POST', flags(id), { auth: P.agent.auth,
    body: { flag: { ticket_id: ticket, note: 'The link moved to Settings' } } });
  assert.equal(r.status, 201, r.text);
  const f = r.json.flag;
  assert.deepEqual([f.article_id, f.locale, f.ticket_id, f.note, f.user_id, f.resolved_at],
    [id, 'en-us', ticket, 'The link moved to Settings', P.agent.id, null]);
  assert.match(f.created_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal((await translation(id)).outdated, true);
  r = await srv.api('GET', `${HC}/articles/${id}.json`, { auth: P.agent.auth });
  assert.deepEqual(r.json.article.outdated_locales, ['en-us']);

  r = await srv.api('GET', `/tickets/${ticket}/comments.json`, { auth: P.agent.auth });
  const note = r.json.comments.at(-1);
  assert.equal(note.public, false);
  assert.equal(note.body, `Flagged help center article #${id} as outdated: The link moved to Settings`);
  assert.equal(note.author_id, P.agent.id);
});

test('flag without a ticket, list, resolve clears outdated when none stays open', async () => {
  const id = T.article;
  let r = await srv.api('POST', flags(id), { auth: P.agent.auth,
    body: { flag: { locale: 'EN-US', note: 'Screenshots are old' } } });
  assert.equal(r.status, 201, r.text);
  const second = r.json.flag;
  assert.equal(second.ticket_id, null);
  assert.equal(second.locale, 'en-us');
  r = await srv.api('GET', flags(id), { auth: P.agent.auth });
  assert.equal(r.status, 200);
  const all = r.json.flags;
  assert.deepEqual(all.map((x) => x.note), ['The link moved to Settings', 'Screenshots are old']);

  r = await srv.api('PUT', `${HC}/articles/${id}/outdated_flags/${second.id}.json`,
    { auth: P.agent.auth, body: { flag: { resolved: true } } });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.flag.resolved_at, /^\d{4}-/);
  assert.equal((await translation(id)).outdated, true, 'the first flag is still open');
  r = await srv.api('PUT', `${HC}/articles/${id}/outdated_flags/${all[0].id}.json`,
    { auth: P.agent.auth, body: { flag: { resolved: true } } });
  assert.equal(r.status, 200);
  assert.equal((await translation(id)).outdated, false);
  r = await srv.api('PUT', `${HC}/articles/${id}/outdated_flags/${all[0].id}.json`,
    { auth: P.agent.auth, body: { flag: { resolved: false } } });
  assert.equal(r.status, 422);
  r = await srv.api('GET', flags(id), { auth: P.agent.auth });
  assert.ok(r.json.flags.every((x) => x.resolved_at));
});

test('feedback: votes, comments and open flags', async () => {
  const id = T.article;
  await srv.api('POST', `${HC}/articles/${id}/up.json`, { auth: P.reader.auth });
  await srv.api('POST', `${HC}/articles/${id}/down.json`, { auth: P.agent.auth });
  await srv.api('POST', `${HC}/articles/${id}/up.json`, { auth: P.admin.auth });
  await srv.api('POST', `${HC}/articles/${id}/comments.json`, { auth: P.reader.auth,
    body: { comment: { body: 'This did not work for me' } } });
  await srv.api('POST', flags(id), { auth: P.agent.auth, body: { flag: { note: 'Check it' } } });
  const r = await srv.api('GET', `${HC}/articles/${id}/feedback.json`, { auth: P.agent.auth });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.feedback, { vote_sum: 1, vote_count: 3, up: 2, down: 1,
    comment_count: 1, open_outdated_flags: 1 });
});

test('validation: 422 for a bad ticket, locale or note; nothing written', async () => {
  const id = T.article;
  const before = (await srv.api('GET', flags(id), { auth: P.agent.auth })).json.flags.length;
  for (const [flag, field] of [
    [{ ticket_id: 999999, note: 'x' }, 'ticket_id'],
    [{ ticket_id: 'abc', note: 'x' }, 'ticket_id'],
    [{ ticket_id: betaTicket, note: 'x' }, 'ticket_id'],
    [{ locale: 'fr', note: 'x' }, 'locale'],
    [{ locale: 'not a locale!', note: 'x' }, 'locale'],
    [{ note: '  ' }, 'note'],
    [{}, 'note'],
  ]) {
    const r = await srv.api('POST', flags(id), { auth: P.agent.auth, body: { flag } });
    assert.equal(r.status, 422, JSON.stringify(flag));
    assert.equal(r.json.error, 'RecordInvalid');
    assert.ok(r.json.details[field], `${JSON.stringify(flag)}: ${r.text}`);
  }
  const r = await srv.api('GET', flags(id), { auth: P.agent.auth });
  assert.equal(r.json.flags.length, before);
  const c = await srv.api('GET', `/tickets/${betaTicket}/comments.json`, beta);
  assert.equal(c.json.comments.length, 1, "another account's ticket got no note");
});

test('end users get 403; another account gets 404', async () => {
  const id = T.article;
  const listed = (await srv.api('GET', flags(id), { auth: P.agent.auth })).json.flags;
  const fid = listed[0].id;
  for (const [m, path, body] of [
    ['GET', flags(id)],
    ['POST', flags(id), { flag: { note: 'x' } }],
    ['PUT', `${HC}/articles/${id}/outdated_flags/${fid}.json`, { flag: { resolved: true } }],
    ['GET', `${HC}/articles/${id}/feedback.json`],
  ]) {
    let r = await srv.api(m, path, { auth: P.reader.auth, body });
    assert.equal(r.status, 403, `${m} ${path} as an end user`);
    r = await srv.api(m, path, { ...beta, body });
    assert.equal(r.status, 404, `${m} ${path} from another account`);
  }
  let r = await srv.api('POST', flags(betaT.article), { auth: P.agent.auth,
    body: { flag: { note: 'x' } } });
  assert.equal(r.status, 404, "another account's article");
  r = await srv.api('PUT', `${HC}/articles/${betaT.article}/outdated_flags/${fid}.json`,
    { ...beta, body: { flag: { resolved: true } } });
  assert.equal(r.status, 404, "a flag under another article");
  r = await srv.api('PUT', `${HC}/articles/${id}/outdated_flags/999999.json`,
    { auth: P.agent.auth, body: { flag: { resolved: true } } });
  assert.equal(r.status, 404);
});
