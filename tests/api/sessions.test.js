// Agent workspace sessions: sign-in form and cookie, cookie authentication
// of the API with CSRF tokens for writes (and none for Basic), expiry,
// sign-out, the sessions API, password reset by mail token, and the
// static files of the web root (types, ETag, no directory traversal).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, basic, ROOT } = require('./lib/server');

const WEB = path.join(ROOT, 'web');
const AGENT_PW = 'agent-password-1';
const END_PW = 'enduser-password-1';
let srv;
let beta;
let agent;
let endUser;

function sql(s, query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', s.db.slice('sqlite:'.length), query],
    { encoding: 'utf8' }).trim();
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

// Posts the sign-in form; returns the response and the cookie value.
async function signIn(email, password, { host, extra = {}, headers = {} } = {}) {
  const r = await srv.api('POST', '/agent/session', {
    host, raw: form({ email, password, ...extra }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  const set = (r.headers['set-cookie'] || []).find((c) => c.startsWith('parley_session='));
  return { r, set, cookie: set ? set.split(';')[0].split('=')[1] : null };
}

const withCookie = (cookie, extra = {}) => ({ headers: { Cookie: `parley_session=${cookie}`, ...extra } });

async function csrfOf(cookie, host) {
  const r = await srv.api('GET', '/users/me/session/renew', { host, ...withCookie(cookie) });
  assert.equal(r.status, 200, r.text);
  return r.json.authenticity_token;
}

before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--web-root', WEB],
  });
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  const mk = async (user) => {
    const r = await srv.api('POST', '/users', { auth: srv.admin, body: { user } });
    assert.equal(r.status, 201, r.text);
    return r.json.user;
  };
  agent = await mk({ name: 'Agent Smith', email: 'smith@acme.test', role: 'agent', password: AGENT_PW });
  endUser = await mk({ name: 'Erin End', email: 'erin@acme.test', password: END_PW });
});

after(() => srv.stop());

test('signed out, /agent shows the labelled sign-in form', async () => {
  const r = await srv.api('GET', '/agent');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.text, /<label for="email">Email<\/label><input id="email" name="email" type="email"/);
  assert.match(r.text, /<label for="password">Password<\/label><input id="password" name="password" type="password"/);
  assert.match(r.text, /<button type="submit">Sign in<\/button>/);
  assert.match(r.headers['content-security-policy'], /default-src 'self'/);
  assert.equal(r.headers['cache-control'], 'no-store');
  // Deep links come back after signing in.
  const deep = await srv.api('GET', '/agent/tickets/12');
  assert.match(deep.text, /name="return_to" value="\/agent\/tickets\/12"/);
  // The browser's language picks the catalog.
  const es = await srv.api('GET', '/agent', { headers: { 'Accept-Language': 'fr;q=0.9, es-ES;q=0.8' } });
  assert.match(es.text, /<html lang="es">/);
  assert.match(es.text, />Contraseña</);
});

test('a wrong password gets the form again, with no cookie', async () => {
  const { r, set } = await signIn('admin@acme.test', 'wrong-password');
  assert.equal(r.status, 401);
  assert.equal(set, undefined);
  assert.match(r.text, /role="alert">Invalid email or password/);
  assert.match(r.text, /value="admin@acme.test"/);
  const blank = await signIn('', '');
  assert.equal(blank.r.status, 422);
});

test('signing in sets an HttpOnly, SameSite=Lax cookie whose secret is stored hashed', async () => {
  const { r, set, cookie } = await signIn('admin@acme.test', 'acme-password-1',
    { extra: { return_to: '/agent/tickets/3' } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/agent/tickets/3');
  assert.match(set, /; Path=\/;/);
  assert.match(set, /; HttpOnly/);
  assert.match(set, /; SameSite=Lax/);
  assert.doesNotMatch(set, /Secure/);
  assert.equal(cookie.length, 40);
  const rows = sql(srv, 'SELECT secret_hash, csrf_token FROM sessions').split('\n');
  assert.ok(rows.length >= 1);
  for (const row of rows) assert.ok(!row.includes(cookie));
  // Behind TLS the cookie is Secure.
  const tls = await signIn('admin@acme.test', 'acme-password-1', { headers: { 'X-Forwarded-Proto': 'https' } });
  assert.match(tls.set, /; Secure/);
});

test('return_to only leads inside the workspace', async () => {
  for (const to of ['//evil.test/agent', 'https://evil.test/', '/api/v2/users', '/agentx', '/agent/assets/x']) {
    const { r } = await signIn('admin@acme.test', 'acme-password-1', { extra: { return_to: to } });
    assert.equal(r.headers.location, '/agent', to);
  }
});

test('a form posted from another site is refused', async () => {
  const { r, set } = await signIn('admin@acme.test', 'acme-password-1',
    { headers: { Origin: 'http://evil.test' } });
  assert.equal(r.status, 403);
  assert.equal(set, undefined);
  const same = await signIn('admin@acme.test', 'acme-password-1',
    { headers: { Origin: srv.origin } });
  assert.equal(same.r.status, 302);
});

test('the cookie authenticates API and pages; the shell carries the CSRF token', async () => {
  const { cookie } = await signIn('admin@acme.test', 'acme-password-1');
  let r = await srv.api('GET', '/users/me', withCookie(cookie));
  assert.equal(r.json.user.email, 'admin@acme.test');
  r = await srv.api('GET', '/users/me/session', withCookie(cookie));
  assert.equal(r.status, 200);
  const s = r.json.session;
  assert.equal(s.user_id, r.json.session.user_id);
  assert.match(s.url, new RegExp(`/api/v2/users/${s.user_id}/sessions/${s.id}\\.json$`));
  assert.match(s.authenticated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(s.last_seen_at);
  const token = await csrfOf(cookie);
  assert.equal(token.length, 40);
  const shell = await srv.api('GET', '/agent', withCookie(cookie));
  assert.equal(shell.status, 200);
  assert.match(shell.text, new RegExp(`<meta name="csrf-token" content="${token}">`));
  assert.match(shell.text, /<script type="module" src="\/agent\/assets\/agent\/app.js">/);
  const admin = await srv.api('GET', '/agent/admin/ticket_fields', withCookie(cookie));
  assert.equal(admin.status, 200);
  // Basic and Bearer requests have no session.
  r = await srv.api('GET', '/users/me/session', { auth: srv.admin });
  assert.equal(r.status, 404);
});

test('writes with the cookie need the X-CSRF-Token header; Basic ones do not', async () => {
  const { cookie } = await signIn('admin@acme.test', 'acme-password-1');
  const token = await csrfOf(cookie);
  const body = { group: { name: 'Tier 1' } };
  let r = await srv.api('POST', '/groups', { ...withCookie(cookie), body });
  assert.equal(r.status, 403);
  assert.match(r.json.description, /X-CSRF-Token/);
  r = await srv.api('POST', '/groups', { ...withCookie(cookie, { 'X-CSRF-Token': 'x'.repeat(40) }), body });
  assert.equal(r.status, 403);
  assert.equal(sql(srv, "SELECT count(*) FROM groups_ WHERE name = 'Tier 1'"), '0');
  r = await srv.api('POST', '/groups', { ...withCookie(cookie, { 'X-CSRF-Token': token }), body });
  assert.equal(r.status, 201, r.text);
  const id = r.json.group.id;
  r = await srv.api('PUT', `/groups/${id}`, { ...withCookie(cookie), body: { group: { name: 'Tier 2' } } });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `/groups/${id}`, { ...withCookie(cookie, { 'X-CSRF-Token': token }),
    body: { group: { name: 'Tier 2' } } });
  assert.equal(r.json.group.name, 'Tier 2');
  r = await srv.api('DELETE', `/groups/${id}`, withCookie(cookie));
  assert.equal(r.status, 403);
  r = await srv.api('GET', `/groups/${id}`, withCookie(cookie));
  assert.equal(r.json.group.name, 'Tier 2');
  // Another session's token is not this one's.
  const other = await signIn('admin@acme.test', 'acme-password-1');
  r = await srv.api('DELETE', `/groups/${id}`, withCookie(cookie, { 'X-CSRF-Token': await csrfOf(other.cookie) }));
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', `/groups/${id}`, withCookie(cookie, { 'X-CSRF-Token': token }));
  assert.equal(r.status, 204);
  // Basic: no token, and a stale cookie next to it does not matter.
  r = await srv.api('POST', '/groups', { auth: srv.admin, body: { group: { name: 'Basic' } } });
  assert.equal(r.status, 201);
  r = await srv.api('POST', '/groups', { auth: srv.admin, ...withCookie(cookie), body: { group: { name: 'Both' } } });
  assert.equal(r.status, 201);
});

test('sign out by form or DELETE ends the session and clears the cookie', async () => {
  const a = await signIn('admin@acme.test', 'acme-password-1');
  const token = await csrfOf(a.cookie);
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let r = await srv.api('POST', '/agent/signout', { ...withCookie(a.cookie, headers), raw: '' });
  assert.equal(r.status, 403);
  r = await srv.api('POST', '/agent/signout', { ...withCookie(a.cookie, headers),
    raw: form({ authenticity_token: token }) });
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/agent?notice=signed_out');
  assert.match(r.headers['set-cookie'][0], /^parley_session=; Path=\/; Max-Age=0/);
  r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  assert.equal(r.status, 401);
  r = await srv.api('GET', '/agent?notice=signed_out', withCookie(a.cookie));
  assert.match(r.text, /role="status">You have signed out/);

  // Page forms without the token pass when the browser says they come
  // from this origin (the help center's forms); the API never does.
  const o = await signIn('admin@acme.test', 'acme-password-1');
  r = await srv.api('POST', '/agent/signout', { ...withCookie(o.cookie, { ...headers, Origin: 'http://evil.test' }),
    raw: '' });
  assert.equal(r.status, 403);
  r = await srv.api('POST', '/groups', { ...withCookie(o.cookie, { Origin: srv.origin }),
    body: { group: { name: 'Origin only' } } });
  assert.equal(r.status, 403);
  r = await srv.api('POST', '/agent/signout', { ...withCookie(o.cookie, { ...headers, Origin: srv.origin }),
    raw: '' });
  assert.equal(r.status, 302);
  r = await srv.api('GET', '/users/me/session', withCookie(o.cookie));
  assert.equal(r.status, 401);

  const b = await signIn('admin@acme.test', 'acme-password-1');
  r = await srv.api('DELETE', '/agent/session', withCookie(b.cookie, { 'X-CSRF-Token': await csrfOf(b.cookie) }));
  assert.equal(r.status, 204);
  r = await srv.api('GET', '/users/me/session', withCookie(b.cookie));
  assert.equal(r.status, 401);

  const c = await signIn('admin@acme.test', 'acme-password-1');
  r = await srv.api('DELETE', '/users/me/logout', withCookie(c.cookie));
  assert.equal(r.status, 403);
  r = await srv.api('DELETE', '/users/me/logout', withCookie(c.cookie, { 'X-CSRF-Token': await csrfOf(c.cookie) }));
  assert.equal(r.status, 204);
  r = await srv.api('GET', '/users/me/session', withCookie(c.cookie));
  assert.equal(r.status, 401);
});

test('sessions expire when idle, and after the absolute limit', async () => {
  const a = await signIn('smith@acme.test', AGENT_PW);
  let r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  const id = r.json.session.id;
  // Use slides the idle expiry forward (written at most once a minute).
  const now = Math.floor(Date.now() / 1000);
  sql(srv, `UPDATE sessions SET last_seen_at = ${now - 3600}, expires_at = ${now + 600} WHERE id = ${id}`);
  r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  assert.ok(Date.parse(r.json.session.last_seen_at) / 1000 >= now - 5);
  const exp = Number(sql(srv, `SELECT expires_at FROM sessions WHERE id = ${id}`));
  assert.ok(exp >= now + 8 * 3600 - 5, `${exp}`);
  // Idle past expires_at: signed out.
  sql(srv, `UPDATE sessions SET expires_at = ${now - 1} WHERE id = ${id}`);
  r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  assert.equal(r.status, 401);
  r = await srv.api('GET', '/agent', withCookie(a.cookie));
  assert.match(r.text, /action="\/agent\/session"/);
  // Absolute limit: fourteen days after signing in, however active.
  const b = await signIn('smith@acme.test', AGENT_PW);
  r = await srv.api('GET', '/users/me/session', withCookie(b.cookie));
  sql(srv, `UPDATE sessions SET created_at = ${now - 14 * 86400 - 1} WHERE id = ${r.json.session.id}`);
  r = await srv.api('GET', '/users/me/session', withCookie(b.cookie));
  assert.equal(r.status, 401);
  // Expired rows are dropped at the next sign-in.
  await signIn('smith@acme.test', AGENT_PW);
  assert.equal(sql(srv, `SELECT count(*) FROM sessions WHERE expires_at <= ${now}`
    + ` OR created_at <= ${now - 14 * 86400}`), '0');
});

test('only agents and admins get a session; the admin center is for admins', async () => {
  const e = await signIn('erin@acme.test', END_PW);
  assert.equal(e.r.status, 403);
  assert.equal(e.set, undefined);
  assert.match(e.r.text, /This workspace is for agents and admins/);
  const a = await signIn('smith@acme.test', AGENT_PW);
  let r = await srv.api('GET', '/agent/tickets', withCookie(a.cookie));
  assert.equal(r.status, 200);
  assert.match(r.text, /csrf-token/);
  r = await srv.api('GET', '/agent/admin', withCookie(a.cookie));
  assert.equal(r.status, 403);
  assert.match(r.text, /The admin center is for admins/);
  r = await srv.api('GET', '/agent/admin/brands/new', withCookie(a.cookie));
  assert.equal(r.status, 403);
  // The API refuses what the role does not allow, cookie or not.
  r = await srv.api('POST', '/brands', { ...withCookie(a.cookie, { 'X-CSRF-Token': await csrfOf(a.cookie) }),
    body: { brand: { name: 'X', subdomain: 'xbrand' } } });
  assert.equal(r.status, 403);
  // A demoted agent's session stops opening the workspace and the agents'
  // API at the next request (it is now an end user's: help center only).
  const d = await srv.api('POST', '/users', { auth: srv.admin,
    body: { user: { name: 'Dee', email: 'dee@acme.test', role: 'agent', password: AGENT_PW } } });
  const dee = await signIn('dee@acme.test', AGENT_PW);
  assert.equal(dee.r.status, 302);
  r = await srv.api('GET', '/tickets', withCookie(dee.cookie));
  assert.equal(r.status, 200);
  r = await srv.api('PUT', `/users/${d.json.user.id}`, { auth: srv.admin, body: { user: { role: 'end-user' } } });
  assert.equal(r.status, 200, r.text);
  r = await srv.api('GET', '/tickets', withCookie(dee.cookie));
  assert.equal(r.status, 401);
  r = await srv.api('GET', '/agent/tickets', withCookie(dee.cookie));
  assert.match(r.text, /action="\/agent\/session"/, 'the sign-in form');
});

test('sessions API: lists, reads and ends sessions; other accounts see 404', async () => {
  const a = await signIn('smith@acme.test', AGENT_PW);
  const admin = await signIn('admin@acme.test', 'acme-password-1');
  let r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  const sid = r.json.session.id;
  // Admins list every session, agents their own.
  r = await srv.api('GET', '/sessions', { auth: srv.admin });
  assert.ok(r.json.sessions.some((s) => s.id === sid));
  assert.ok(r.json.sessions.some((s) => s.user_id !== agent.id));
  r = await srv.api('GET', '/sessions', withCookie(a.cookie));
  assert.ok(r.json.sessions.length >= 1);
  assert.ok(r.json.sessions.every((s) => s.user_id === agent.id));
  r = await srv.api('GET', `/users/${agent.id}/sessions`, { auth: srv.admin });
  assert.ok(r.json.sessions.every((s) => s.user_id === agent.id));
  r = await srv.api('GET', `/users/${agent.id}/sessions/${sid}`, { auth: srv.admin });
  assert.equal(r.json.session.id, sid);
  // An agent may not look at someone else's sessions.
  r = await srv.api('GET', `/users/1/sessions`, withCookie(a.cookie));
  assert.equal(r.status, 403);
  // Another account: every id is unknown.
  r = await srv.api('GET', `/users/${agent.id}/sessions`, beta);
  assert.equal(r.status, 404);
  r = await srv.api('GET', `/users/${agent.id}/sessions/${sid}`, beta);
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/users/${agent.id}/sessions/${sid}`, beta);
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `/users/${agent.id}/sessions`, beta);
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/sessions', beta);
  assert.ok(r.json.sessions.every((s) => s.user_id !== agent.id));
  // The cookie of one account is no cookie on another's host.
  r = await srv.api('GET', '/users/me/session', { host: beta.host, ...withCookie(a.cookie) });
  assert.equal(r.status, 401);
  // Admins end one session, or all of a user's.
  r = await srv.api('DELETE', `/users/${agent.id}/sessions/${sid}`, { auth: srv.admin });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `/users/${agent.id}/sessions/${sid}`, { auth: srv.admin });
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/users/me/session', withCookie(a.cookie));
  assert.equal(r.status, 401);
  const again = await signIn('smith@acme.test', AGENT_PW);
  r = await srv.api('DELETE', `/users/${agent.id}/sessions`, withCookie(admin.cookie,
    { 'X-CSRF-Token': await csrfOf(admin.cookie) }));
  assert.equal(r.status, 204);
  r = await srv.api('GET', '/users/me/session', withCookie(again.cookie));
  assert.equal(r.status, 401);
});

test('password reset: mail with a one-use token, then the new password works', async () => {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let r = await srv.api('GET', '/agent/password/reset');
  assert.match(r.text, /<label for="email">Email<\/label>/);
  r = await srv.api('POST', '/agent/password/reset', { headers, raw: form({ email: 'nobody@acme.test' }) });
  assert.equal(r.status, 200);
  const answer = r.text;
  assert.equal(sql(srv, "SELECT count(*) FROM mail_outbox WHERE to_email = 'nobody@acme.test'"), '0');
  const before = await signIn('smith@acme.test', AGENT_PW);
  r = await srv.api('POST', '/agent/password/reset', { headers, raw: form({ email: 'Smith@acme.test' }) });
  assert.equal(r.status, 200);
  assert.equal(r.text, answer, 'the answer tells nothing about the email');
  const mail = sql(srv, "SELECT subject || char(10) || body_text FROM mail_outbox WHERE to_email = 'smith@acme.test'"
    + " AND purpose = 'password_reset' AND sent_at IS NULL");
  assert.match(mail, /^Reset your Parley password\nHello Agent Smith,/);
  const link = mail.match(/http:\/\/\S+\/agent\/password\/reset\/(\w{40})/);
  assert.ok(link, mail);
  const token = link[1];
  assert.equal(sql(srv, `SELECT count(*) FROM password_resets WHERE token_hash = '${token}'`), '0');
  // A second request within a minute sends no second mail.
  await srv.api('POST', '/agent/password/reset', { headers, raw: form({ email: 'smith@acme.test' }) });
  assert.equal(sql(srv, "SELECT count(*) FROM mail_outbox WHERE to_email = 'smith@acme.test'"), '1');

  r = await srv.api('GET', `/agent/password/reset/${token}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<label for="password">New password<\/label>/);
  assert.equal(r.headers['referrer-policy'], 'same-origin');
  r = await srv.api('POST', `/agent/password/reset/${token}`, { headers,
    raw: form({ password: 'brand-new-pass-1', confirm: 'different-pass-1' }) });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `/agent/password/reset/${token}`, { headers, raw: form({ password: 'short', confirm: 'short' }) });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `/agent/password/reset/${token}`, { headers,
    raw: form({ password: 'brand-new-pass-1', confirm: 'brand-new-pass-1' }) });
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/agent?notice=password_reset');
  assert.equal((await signIn('smith@acme.test', AGENT_PW)).r.status, 401);
  assert.equal((await signIn('smith@acme.test', 'brand-new-pass-1')).r.status, 302);
  r = await srv.api('GET', '/users/me', { auth: basic('smith@acme.test', 'brand-new-pass-1') });
  assert.equal(r.json.user.email, 'smith@acme.test');
  // Sessions from before the reset are over; the token works once.
  r = await srv.api('GET', '/users/me/session', withCookie(before.cookie));
  assert.equal(r.status, 401);
  r = await srv.api('GET', `/agent/password/reset/${token}`);
  assert.equal(r.status, 404);
  assert.match(r.text, /not valid any more/);
  r = await srv.api('POST', `/agent/password/reset/${token}`, { headers,
    raw: form({ password: 'another-pass-12', confirm: 'another-pass-12' }) });
  assert.equal(r.status, 404);
  // Expired tokens and other accounts' tokens are dead too.
  sql(srv, "UPDATE password_resets SET created_at = created_at - 120");
  await srv.api('POST', '/agent/password/reset', { headers, raw: form({ email: 'admin@acme.test' }) });
  const link2 = sql(srv, "SELECT body_text FROM mail_outbox WHERE to_email = 'admin@acme.test'").match(/reset\/(\w{40})/)[1];
  r = await srv.api('GET', `/agent/password/reset/${link2}`, { host: beta.host });
  assert.equal(r.status, 404);
  sql(srv, 'UPDATE password_resets SET expires_at = 1');
  r = await srv.api('GET', `/agent/password/reset/${link2}`);
  assert.equal(r.status, 404);
});

test('the reset mail speaks the user language', async () => {
  await srv.api('PUT', `/users/${endUser.id}`, { auth: srv.admin, body: { user: { locale: 'pt-BR' } } });
  await srv.api('POST', '/agent/password/reset', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    raw: form({ email: 'erin@acme.test' }) });
  const subject = sql(srv, "SELECT subject FROM mail_outbox WHERE to_email = 'erin@acme.test'");
  assert.equal(subject, 'Redefina sua senha do Parley');
});

test('assets: types, ETag revalidation, no-cache', async () => {
  const cases = [['agent/app.js', /^text\/javascript/], ['agent/styles.css', /^text\/css/],
    ['agent/i18n/ru.json', /^application\/json/]];
  for (const [p, type] of cases) {
    const r = await srv.api('GET', `/agent/assets/${p}`);
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], type);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.body.length, fs.statSync(path.join(WEB, p)).size);
    const again = await srv.api('GET', `/agent/assets/${p}`, { headers: { 'If-None-Match': r.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  }
  let r = await srv.api('HEAD', '/agent/assets/agent/app.js');
  assert.equal(r.status, 200);
  r = await srv.api('POST', '/agent/assets/agent/app.js');
  assert.equal(r.status, 405);
  r = await srv.api('GET', '/agent/assets/agent/missing.js');
  assert.equal(r.status, 404);
  r = await srv.api('GET', '/agent/assets/agent/i18n');
  assert.equal(r.status, 404, 'folders are not listed');
});

test('assets: no path leaves the web root', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  fs.mkdirSync(path.join(dir, 'agent'));
  fs.writeFileSync(path.join(dir, 'agent', 'app.js'), 'export {};\n');
  fs.writeFileSync(path.join(dir, 'agent', '.secret'), 'hidden\n');
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'outside\n');
  fs.symlinkSync('/etc/passwd', path.join(dir, 'agent', 'passwd.txt'));
  fs.symlinkSync('/etc', path.join(dir, 'agent', 'etc'));
  // The server takes its environment at spawn: PARLEY_WEB_ROOT for this one.
  process.env.PARLEY_WEB_ROOT = dir;
  const s = await startServer().finally(() => { delete process.env.PARLEY_WEB_ROOT; });
  try {
    let r = await s.api('GET', '/agent/assets/agent/app.js');
    assert.equal(r.status, 200, 'PARLEY_WEB_ROOT names the web root');
    assert.equal(r.text, 'export {};\n');
    r = await s.api('GET', '/agent/assets/outside.txt');
    assert.equal(r.status, 200, 'other folders of the web root are served');
    const attempts = [
      '/agent/assets/../../../../etc/passwd',
      '/agent/assets/agent/../../../etc/passwd',
      '/agent/assets/%2e%2e/%2e%2e/etc/passwd',
      '/agent/assets/agent/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/agent/assets/..%2f..%2fetc/passwd',
      '/agent/assets/agent/..%5c..%5cetc%5cpasswd',
      '/agent/assets/agent/.secret',
      '/agent/assets/agent/passwd.txt',
      '/agent/assets/agent/etc/passwd',
      '/agent/assets/%2fetc/passwd',
    ];
    for (const p of attempts) {
      r = await s.api('GET', p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.text, /root:|hidden/, p);
    }
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
