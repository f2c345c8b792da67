// The help center's contact form and "My requests" as pages (no browser):
// the form and its CSP, suggestions by the contact reason's labels and the
// reader's words, the no-JavaScript flow (suggestions, "this solved my
// problem", submit), deflection events and their report, validation on the
// page with script injection neutralized, end-user sign-in with sessions
// limited to the help center and the requests API, replies from the page,
// and the help center's assets.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, basic, ROOT } = require('./lib/server');
const { contactSetup } = require('./contact_form.fixtures');

let srv, beta, C;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const post = (p, fields, { cookie, headers = {}, host } = {}) => srv.api('POST', p, { host,
  raw: new URLSearchParams(fields).toString(),
  headers: { ...FORM, ...(cookie ? { Cookie: `parley_session=${cookie}` } : {}), ...headers } });
const get = (p, cookie, extra = {}) => srv.api('GET', p,
  { headers: cookie ? { Cookie: `parley_session=${cookie}` } : {}, ...extra });

const hidden = (html, name) => (html.match(new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`)) || [])[1];
const ticketCount = async () => (await srv.api('GET', '/tickets/count', { auth: srv.admin })).json.count.value;
const report = async (q = '') => (await srv.api('GET', `/help_center/deflection${q}`, { auth: srv.admin })).json;
const rowOf = (rep, reason) => rep.deflection.find((x) => x.brand_id === 1 && x.locale === 'en-us' && x.reason === reason);

async function signIn(email, password, extra = {}) {
  const r = await post('/hc/en-us/signin', { email, password, return_to: '/hc/en-us/requests', ...extra });
  const set = (r.headers['set-cookie'] || []).find((c) => c.startsWith('parley_session='));
  return { r, set, cookie: set ? set.split(';')[0].split('=')[1] : null };
}

// The fields of a form submission of the contact page html.
function submission(html, fields) {
  return { attempt: hidden(html, 'attempt'), ticket_form_id: hidden(html, 'ticket_form_id'),
    suggested: hidden(html, 'suggested'), ...fields };
}

before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--web-root', path.join(ROOT, 'web'), '--anonymous-requests', '0'],
  });
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  C = await contactSetup(srv);
});

after(() => srv.stop());

test('the form: the reason first and required, conditions, and a CSP that allows only its own script', async () => {
  let r = await get('/hc/en-us/requests/new');
  assert.equal(r.status, 200);
  const csp = r.headers['content-security-policy'];
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(r.text, /<script type="module" src="\/hc\/assets\/contact.js"><\/script>/);
  assert.equal((r.text.match(/<script/g) || []).length, 1, 'no inline script');
  const reasonAt = r.text.indexOf(`name="fields[${C.reason.id}]"`);
  assert.ok(reasonAt > 0 && reasonAt < r.text.indexOf('name="subject"'), 'the reason comes first');
  assert.match(r.text, new RegExp(`<select id="field-${C.reason.id}" name="fields\\[${C.reason.id}\\]" required>`));
  assert.match(r.text, /<label for="field-\d+">Reason for contact<\/label>/);
  assert.match(r.text, /name="requester_email" type="email"/, 'signed out: name and email');
  // Conditional fields are all shown without script, each with its condition.
  assert.match(r.text, /Only when \u201cPlan\u201d is \u201cBusiness\u201d/);
  assert.doesNotMatch(r.text, new RegExp(`name="fields\\[${C.company.id}\\]" type="text" required`));
  const conds = JSON.parse(r.text.match(/data-conditions="([^"]*)"/)[1].replace(/&quot;/g, '"'));
  assert.equal(conds[0].parent_field_id, C.plan.id);
  assert.ok(/^[A-Za-z0-9_-]{32}$/.test(hidden(r.text, 'attempt')));
  // Other pages keep their script-free policy.
  r = await get('/hc/en-us');
  assert.doesNotMatch(r.headers['content-security-policy'], /script-src/);
  assert.match(r.text, /<a href="\/hc\/en-us\/requests\/new">Submit a request<\/a>/);
});

test('suggestions: the reason\'s labels and the reader\'s words, only articles the reader may see', async () => {
  const attempt = 'A'.repeat(32);
  const sug = async (q) => {
    const r = await get(`/hc/en-us/requests/suggestions?${new URLSearchParams({ attempt, ...q })}`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /^application\/json/);
    return r.json.suggestions;
  };
  let s = await sug({ reason: 'billing' });
  assert.deepEqual(s.map((x) => x.id).sort(), [C.invoice, C.refund].sort(), 'labelled articles, not the internal one');
  assert.match(s[0].url, new RegExp(`^/hc/en-us/requests/suggested/\\d+\\?attempt=${attempt}&reason=billing$`));
  s = await sug({ reason: 'billing', text: 'How do I get my invoice?' });
  assert.equal(s[0].id, C.invoice);
  assert.match(s[0].snippet, /Invoices are under Billing/);
  s = await sug({ reason: 'login', text: 'forgot password, reset' });
  assert.deepEqual(s.map((x) => x.id), [C.password_article]);
  s = await sug({ text: 'zzz qqq' });
  assert.deepEqual(s, []);
  s = await sug({ reason: 'not-a-reason' });
  assert.deepEqual(s, [], 'an unknown reason has no labels');
  // Without an attempt id nothing is counted.
  const shown = rowOf(await report(), 'login').shown;
  let r0 = await get('/hc/en-us/requests/suggestions?reason=login&text=password');
  assert.equal(r0.json.suggestions.length, 1);
  assert.match(r0.json.suggestions[0].url, /attempt=&reason=login$/);
  assert.equal(rowOf(await report(), 'login').shown, shown);
  // An agent may read the internal article, so it may be suggested to them.
  const r = await srv.api('GET', `/hc/en-us/requests/suggestions?reason=billing&attempt=${attempt}`, { auth: srv.admin });
  assert.ok(r.json.suggestions.some((x) => x.id === C.internal));
  const rep = await report();
  assert.ok(rowOf(rep, 'billing').shown >= 2);
  assert.equal(rep.deflection.some((x) => x.reason === 'not-a-reason'), false);
});

test('without JavaScript: suggestions first, "this solved my problem" ends without a ticket', async () => {
  const before = await ticketCount();
  let r = await get('/hc/en-us/requests/new');
  const fields = submission(r.text, { [`fields[${C.reason.id}]`]: 'billing', subject: 'Where is my invoice',
    description: 'I cannot find the invoice for May.', requester_email: 'nojs@example.test' });
  r = await post('/hc/en-us/requests', fields);
  assert.equal(r.status, 200);
  assert.match(r.text, /These articles may answer your question/);
  assert.match(r.text, new RegExp(`name="solved_article" value="${C.invoice}"`));
  assert.equal(hidden(r.text, 'suggested'), '1');
  assert.equal(hidden(r.text, 'attempt'), fields.attempt);
  assert.match(r.text, /value="Where is my invoice"/, 'what was typed stays');
  assert.equal(await ticketCount(), before);
  // The link to a suggestion counts the click.
  r = await get(`/hc/en-us/requests/suggested/${C.invoice}?attempt=${fields.attempt}&reason=billing`);
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, `/hc/en-us/articles/${C.invoice}`);
  r = await get(`/hc/en-us/requests/suggested/${C.internal}?attempt=${fields.attempt}&reason=billing`);
  assert.equal(r.status, 404, 'an article the reader may not see');
  r = await post('/hc/en-us/requests', { ...fields, suggested: '1', solved_article: String(C.invoice) });
  assert.equal(r.status, 200);
  assert.match(r.text, /Glad we could help/);
  assert.match(r.text, /Download your invoice/);
  assert.equal(await ticketCount(), before, 'no ticket');
  r = await post('/hc/en-us/requests', { ...fields, solved_article: String(C.internal) });
  assert.equal(r.status, 404);
  const row = rowOf(await report(), 'billing');
  assert.ok(row.clicked >= 1 && row.solved >= 1, JSON.stringify(row));
});

test('submitting creates a ticket via web; the deflection report counts it', async () => {
  const rep0 = rowOf(await report(), 'billing');
  let r = await get('/hc/en-us/requests/new');
  const fields = submission(r.text, { [`fields[${C.reason.id}]`]: 'billing', subject: 'Double charge',
    description: 'I was charged twice.\nPlease refund.', requester_name: 'Dana Doe',
    requester_email: 'dana@example.test', [`fields[${C.plan.id}]`]: 'plan_business',
    [`fields[${C.company.id}]`]: 'Dana Inc' });
  r = await post('/hc/en-us/requests', fields);
  assert.equal(r.status, 200, 'suggestions first');
  r = await post('/hc/en-us/requests', { ...fields, suggested: '1' });
  assert.equal(r.status, 302, r.text);
  const id = Number(r.headers.location.match(/^\/hc\/en-us\/requests\/new\?submitted=(\d+)$/)[1]);
  r = await get(r.headers.location);
  assert.match(r.text, new RegExp(`Your request #${id} was submitted`));
  const t = (await srv.api('GET', `/tickets/${id}`, { auth: srv.admin })).json.ticket;
  assert.equal(t.via.channel, 'web');
  assert.equal(t.subject, 'Double charge');
  assert.equal(t.description, 'I was charged twice.\nPlease refund.');
  assert.equal(t.ticket_form_id, C.form.id);
  assert.equal(t.custom_fields.find((f) => f.id === C.reason.id).value, 'billing');
  assert.equal(t.custom_fields.find((f) => f.id === C.company.id).value, 'Dana Inc');
  const requester = (await srv.api('GET', `/users/${t.requester_id}`, { auth: srv.admin })).json.user;
  assert.deepEqual([requester.name, requester.email], ['Dana Doe', 'dana@example.test']);
  const comments = (await srv.api('GET', `/tickets/${id}/comments`, { auth: srv.admin })).json.comments;
  assert.equal(comments[0].via.channel, 'web');
  const audits = (await srv.api('GET', `/tickets/${id}/audits`, { auth: srv.admin })).json.audits;
  assert.equal(audits[0].via.channel, 'web');
  // The company name is dropped when its condition does not hold.
  r = await get('/hc/en-us/requests/new');
  const free = submission(r.text, { [`fields[${C.reason.id}]`]: 'login', subject: 'Locked out',
    description: 'zzz', requester_email: 'eve@example.test', [`fields[${C.plan.id}]`]: 'plan_free',
    [`fields[${C.company.id}]`]: 'Ignored Ltd', suggested: '1' });
  r = await post('/hc/en-us/requests', free);
  assert.equal(r.status, 302, r.text);
  const id2 = Number(r.headers.location.split('=').pop());
  const t2 = (await srv.api('GET', `/tickets/${id2}`, { auth: srv.admin })).json.ticket;
  assert.equal(t2.custom_fields.find((f) => f.id === C.company.id).value, null);
  // The report: per brand, locale and reason, with the rate of visits that
  // needed no ticket.
  const rep = await report();
  const row = rowOf(rep, 'billing');
  assert.equal(row.submitted, rep0.submitted + 1);
  assert.equal(row.deflection_rate, row.solved / (row.solved + row.submitted));
  assert.equal(rowOf(rep, 'login').submitted, 1);
  assert.ok(row.click_through_rate > 0);
  assert.equal(typeof rep.start_time, 'number');
  let r2 = await srv.api('GET', `/help_center/deflection?start_time=${Math.floor(Date.now() / 1000) + 3600}`, { auth: srv.admin });
  assert.equal(r2.status, 400, 'end before start');
  r2 = await srv.api('GET', `/help_center/deflection?start_time=0&end_time=1`, { auth: srv.admin });
  assert.deepEqual(r2.json.deflection, []);
  r2 = await srv.api('GET', '/help_center/deflection?brand_id=999', { auth: srv.admin });
  assert.deepEqual(r2.json.deflection, []);
  r2 = await srv.api('GET', '/help_center/deflection?start_time=x', { auth: srv.admin });
  assert.equal(r2.status, 400);
  r2 = await srv.api('GET', '/help_center/deflection', beta);
  assert.deepEqual(r2.json.deflection, [], 'another account sees only its own');
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  await srv.api('POST', '/users', { auth: srv.admin, body: { user: { name: 'Ag', email: 'ag@acme.test',
    role: 'agent' } } });
  r2 = await srv.api('GET', '/help_center/deflection', { auth: basic('ag@acme.test/token', token) });
  assert.equal(r2.status, 403, 'admins only');
});

test('validation on the page: every error listed, what was typed comes back escaped', async () => {
  const before = await ticketCount();
  let r = await get('/hc/en-us/requests/new');
  const evil = '<script>window.pwned=1</script>';
  const fields = submission(r.text, { subject: evil, description: '"><img src=x onerror=alert(1)>',
    requester_name: 'Mallory', requester_email: '', [`fields[${C.plan.id}]`]: 'plan_business', suggested: '1' });
  r = await post('/hc/en-us/requests', fields);
  assert.equal(r.status, 422);
  assert.match(r.text, /<div class="hc-errors" role="alert">/);
  assert.match(r.text, /Requester: email cannot be blank/);
  assert.match(r.text, /Reason for contact: cannot be blank/);
  assert.match(r.text, /Company name: cannot be blank/);
  assert.match(r.text, /Requester: the name|aria-invalid/);
  assert.ok(r.text.includes('value="&lt;script&gt;window.pwned=1&lt;/script&gt;"'));
  assert.ok(r.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>'));
  assert.doesNotMatch(r.text, /<script>window/);
  assert.doesNotMatch(r.text, /<img src=x/);
  assert.equal(await ticketCount(), before);
  // A cross-site post is refused.
  r = await post('/hc/en-us/requests', fields, { headers: { Origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
});

test('anonymous requests off: signed-out readers are asked to sign in', async () => {
  await srv.api('PUT', '/account/settings', { auth: srv.admin, body: { settings: { tickets: { anonymous_requests: false } } } });
  try {
    let r = await get('/hc/en-us/requests/new');
    assert.equal(r.status, 200);
    assert.match(r.text, /Please <a href="\/hc\/en-us\/signin\?return_to=%2Fhc%2Fen-us%2Frequests%2Fnew">sign in<\/a>/);
    assert.doesNotMatch(r.text, /hc-request-form/);
    r = await post('/hc/en-us/requests', { subject: 'x', description: 'y', requester_email: 'a@b.test', suggested: '1' });
    assert.equal(r.status, 401);
  } finally {
    await srv.api('PUT', '/account/settings', { auth: srv.admin, body: { settings: { tickets: { anonymous_requests: true } } } });
  }
});

test('help center sign-in: an end user\'s session counts for the help center and the requests API only', async () => {
  let r = await get('/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Frequests');
  assert.equal(r.status, 200);
  assert.match(r.text, /<label for="email">Email<\/label>/);
  let s = await signIn('erin@acme.test', 'wrong-password');
  assert.equal(s.r.status, 401);
  assert.equal(s.cookie, null);
  assert.match(s.r.text, /role="alert">Invalid email or password/);
  s = await signIn('erin@acme.test', C.password);
  assert.equal(s.r.status, 302);
  assert.equal(s.r.headers.location, '/hc/en-us/requests');
  assert.match(s.set, /HttpOnly/);
  assert.match(s.set, /SameSite=Lax/);
  const cookie = s.cookie;
  r = await get('/hc/en-us', cookie);
  assert.match(r.text, /<a href="\/hc\/en-us\/requests">My requests<\/a>/);
  assert.match(r.text, /action="\/hc\/en-us\/signout"><input type="hidden" name="authenticity_token"/);
  r = await get('/api/v2/requests', cookie);
  assert.equal(r.status, 200, 'the requests API');
  r = await get('/api/v2/users/me', cookie);
  assert.equal(r.json.user.id, null, 'elsewhere in the API the cookie is nobody');
  r = await get('/api/v2/tickets', cookie);
  assert.equal(r.status, 401);
  r = await get('/agent', cookie);
  assert.match(r.text, /action="\/agent\/session"/, 'the agent workspace asks to sign in');
  r = await srv.api('POST', '/api/v2/requests', { body: { request: { subject: 'x', comment: { body: 'y' } } },
    headers: { Cookie: `parley_session=${cookie}` } });
  assert.equal(r.status, 403, 'cookie writes need the CSRF token');
  r = await get('/api/v2/users/me/session/renew', cookie);
  assert.equal(r.status, 200, 'the session gives its token to its end user');
  r = await srv.api('POST', '/api/v2/requests', { body: { request: { subject: 'By cookie', comment: { body: 'y' },
    custom_fields: [{ id: C.reason.id, value: 'login' }] } },
    headers: { Cookie: `parley_session=${cookie}`, 'X-CSRF-Token': r.json.authenticity_token } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.request.requester_id, C.erin.id);
  // Signed in, the sign-in page goes straight back; return_to stays inside.
  r = await get('/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Frequests%2Fnew', cookie);
  assert.equal(r.headers.location, '/hc/en-us/requests/new');
  s = await signIn('erin@acme.test', C.password, { return_to: 'https://evil.example/' });
  assert.equal(s.r.headers.location, '/hc/en-us');
  s = await signIn('erin@acme.test', C.password);
  r = await post('/hc/en-us/signin', { email: 'erin@acme.test', password: C.password },
    { headers: { Origin: 'https://evil.example' } });
  assert.equal(r.status, 403, 'login CSRF');
  // Sign out with the page's form.
  r = await get('/hc/en-us', cookie);
  const token = hidden(r.text, 'authenticity_token');
  r = await post('/hc/en-us/signout', { authenticity_token: token }, { cookie });
  assert.equal(r.status, 302);
  assert.match(r.headers['set-cookie'].join(), /parley_session=; .*Max-Age=0/);
  r = await get('/api/v2/requests', cookie);
  assert.equal(r.status, 401, 'the session is gone');
});

test('My requests: submit signed in, list, read, reply via web, solve; others get 404', async () => {
  const { cookie } = await signIn('erin@acme.test', C.password);
  let r = await get('/hc/en-us/requests/new', cookie);
  assert.doesNotMatch(r.text, /requester_email/, 'signed in: no name or email');
  const token = hidden(r.text, 'authenticity_token');
  assert.ok(token);
  const fields = submission(r.text, { authenticity_token: token, [`fields[${C.reason.id}]`]: 'login',
    subject: 'Cannot <b>sign in</b>', description: 'Locked out since Monday', suggested: '1' });
  r = await post('/hc/en-us/requests', fields, { cookie });
  assert.equal(r.status, 302, r.text);
  const id = Number(r.headers.location.match(/^\/hc\/en-us\/requests\/(\d+)\?submitted=1$/)[1]);
  r = await get(r.headers.location, cookie);
  assert.equal(r.status, 200);
  assert.match(r.text, /Your request was submitted/);
  assert.match(r.text, /<h1>Cannot &lt;b&gt;sign in&lt;\/b&gt;<\/h1>/);
  assert.match(r.text, /<dt>Reason for contact<\/dt><dd>Signing in<\/dd>/);
  assert.match(r.text, /Locked out since Monday/);
  r = await get('/hc/en-us/requests', cookie);
  assert.match(r.text, new RegExp(`<a href="/hc/en-us/requests/${id}">Cannot &lt;b&gt;sign in&lt;/b&gt;</a>`));
  // An agent answers privately and publicly; the page shows the public one.
  await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin, body: { ticket: { comment: { body: 'internal only', public: false } } } });
  await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin, body: { ticket: {
    comment: { body: 'Try again now' }, status: 'pending', assignee_id: 1 } } });
  r = await get(`/hc/en-us/requests/${id}`, cookie);
  assert.match(r.text, /Try again now/);
  assert.doesNotMatch(r.text, /internal only/);
  assert.match(r.text, /Awaiting your reply/);
  assert.match(r.text, /name="solved" value="1"/);
  // A reply from the page, with script neutralized in the thread.
  r = await post(`/hc/en-us/requests/${id}`, { authenticity_token: token,
    body: 'Still locked <script>window.pwned=1</script>' }, { cookie });
  assert.equal(r.status, 302, r.text);
  r = await get(`/hc/en-us/requests/${id}`, cookie);
  assert.match(r.text, /Still locked &lt;script&gt;window.pwned=1&lt;\/script&gt;/);
  assert.doesNotMatch(r.text, /<script>window/);
  let q = (await srv.api('GET', `/tickets/${id}`, { auth: srv.admin })).json.ticket;
  assert.equal(q.status, 'open', 'the reply reopened it');
  const last = (await srv.api('GET', `/tickets/${id}/comments`, { auth: srv.admin })).json.comments.pop();
  assert.equal(last.via.channel, 'web');
  assert.equal(last.author_id, C.erin.id);
  r = await post(`/hc/en-us/requests/${id}`, { authenticity_token: token, solved: '1' }, { cookie });
  assert.equal(r.status, 302);
  q = (await srv.api('GET', `/tickets/${id}`, { auth: srv.admin })).json.ticket;
  assert.equal(q.status, 'solved');
  // Without the token, or from another site, the reply is refused.
  r = await post(`/hc/en-us/requests/${id}`, { body: 'x' }, { cookie, headers: { Origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  // Another reader, and signed-out readers.
  const frank = await signIn('frank@acme.test', C.password);
  r = await get(`/hc/en-us/requests/${id}`, frank.cookie);
  assert.equal(r.status, 404);
  r = await get('/hc/en-us/requests', frank.cookie);
  assert.match(r.text, /You have no requests/);
  r = await get(`/hc/en-us/requests/${id}`);
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, `/hc/en-us/signin?return_to=%2Fhc%2Fen-us%2Frequests%2F${id}`);
  // A session is bound to its account.
  r = await srv.api('GET', '/api/v2/requests', { host: beta.host, headers: { Cookie: `parley_session=${cookie}` } });
  assert.equal(r.status, 401);
});

test('assets: /hc/assets serves the help center folder of the web root only', async () => {
  let r = await get('/hc/assets/contact.js');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/javascript/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  r = await get('/hc/assets/agent/app.js');
  assert.equal(r.status, 404);
  r = await get('/hc/assets/%2e%2e/agent/app.js');
  assert.equal(r.status, 404);
  r = await get('/hc/assets/..%2fagent%2fapp.js');
  assert.equal(r.status, 404);
});
