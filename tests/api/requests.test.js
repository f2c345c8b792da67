// Requests API (/api/v2/requests): the end user's view of tickets.  Lists
// and their filters, show, comments, anonymous and signed-in creation with
// the contact form's validation (forms, field conditions, the contact
// reason), replies and solving, the account setting that turns anonymous
// requests off and its limit per address, isolation between end users and
// accounts, and node-zendesk's requests calls.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('node-zendesk');
const { startServer, basic } = require('./lib/server');

let srv, beta, token, agent, ann, bob, cat, org;
const T = (email) => basic(`${email}/token`, token);

async function ok(method, p, opts, status = 200) {
  const r = await srv.api(method, p, opts);
  assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  return r.json;
}

// An end user (or agent) of acme signing in with the account's API token.
async function user(name, email, role = 'end-user', extra = {}) {
  const u = (await ok('POST', '/users', { auth: srv.admin,
    body: { user: { name, email, role, ...extra } } }, 201)).user;
  return { ...u, auth: T(email) };
}

const anon = (request) => srv.api('POST', '/requests', { body: { request } });
const detailKeys = (r) => Object.keys(r.json.details).sort();

before(async () => {
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--anonymous-requests', '0'],
  });
  beta = { auth: basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` };
  token = (await srv.tokenAuth('admin@acme.test', 'acme-password-1')).token;
  org = (await ok('POST', '/organizations', { auth: srv.admin,
    body: { organization: { name: 'Ann Corp' } } }, 201)).organization.id;
  agent = await user('Agnes Agent', 'agnes@acme.test', 'agent');
  ann = await user('Ann End', 'ann@acme.test', 'end-user', { organization_id: org });
  bob = await user('Bob End', 'bob@acme.test');
  cat = await user('Cat End', 'cat@acme.test');
});

after(() => srv.stop());

test('anonymous request: 201 with the request shape; requester and ticket created', async () => {
  const r = await anon({ subject: 'Printer on fire', comment: { body: 'It smokes.' },
    requester: { name: 'Walk In', email: 'walkin@example.test' } });
  assert.equal(r.status, 201, r.text);
  const q = r.json.request;
  assert.equal(r.headers.location, q.url);
  assert.match(q.url, /\/api\/v2\/requests\/\d+\.json$/);
  assert.equal(q.subject, 'Printer on fire');
  assert.equal(q.description, 'It smokes.');
  assert.equal(q.status, 'new');
  assert.equal(q.via.channel, 'api');
  assert.equal(q.can_be_solved_by_me, false);
  assert.equal(q.solved, false);
  for (const hidden of ['tags', 'external_id', 'submitter_id', 'problem_id', 'has_incidents',
    'satisfaction_rating', 'sharing_agreement_ids', 'raw_subject'])
    assert.ok(!(hidden in q), `${hidden} is internal`);
  const u = (await ok('GET', `/users/${q.requester_id}`, { auth: srv.admin })).user;
  assert.equal(u.email, 'walkin@example.test');
  assert.equal(u.name, 'Walk In');
  assert.equal(u.role, 'end-user');
  const t = (await ok('GET', `/tickets/${q.id}`, { auth: srv.admin })).ticket;
  assert.equal(t.requester_id, u.id);
  assert.equal(t.submitter_id, u.id);
  const audits = (await ok('GET', `/tickets/${q.id}/audits`, { auth: srv.admin })).audits;
  assert.equal(audits[0].author_id, u.id, 'the requester authors the ticket');
});

test('bad input: one 422 with a detail per bad field, and nothing is written', async () => {
  const before = (await ok('GET', '/tickets/count', { auth: srv.admin })).count.value;
  let r = await anon({ subject: '', comment: { body: '  ' }, requester: { email: 'not-an-email' },
    ticket_form_id: 'x', custom_fields: [{ id: 999999, value: 'x' }] });
  assert.equal(r.status, 422);
  assert.equal(r.json.error, 'RecordInvalid');
  assert.deepEqual(detailKeys(r), ['description', 'requester', 'subject', 'ticket_form_id']);
  assert.equal(r.json.details.requester[0].error, 'InvalidValue');
  assert.equal(r.json.details.subject[0].error, 'BlankValue');
  r = await anon({ subject: 'x'.repeat(256), comment: 'a body as a string',
    requester: { name: '<b>x</b>', email: 'fine@example.test' } });
  assert.equal(r.status, 422);
  assert.deepEqual(detailKeys(r), ['requester', 'subject']);
  assert.equal(r.json.details.subject[0].error, 'TooLong');
  r = await anon({ subject: 'Hi', comment: { body: 'x'.repeat(70000) }, requester: { email: 'a@b.test' } });
  assert.equal(r.json.details.comment[0].error, 'TooLong');
  r = await anon({ subject: 'Hi', comment: 42, requester: { email: 'a@b.test' } });
  assert.equal(r.json.details.comment[0].error, 'InvalidValue');
  r = await anon({ subject: 'Hi', comment: { body: 'Hello' } });
  assert.equal(r.status, 422);
  assert.deepEqual(detailKeys(r), ['requester']);
  r = await anon({ subject: 'Hi', comment: { body: 'Hello' }, requester: { email: 'a@b.test' },
    custom_fields: 'nope' });
  assert.deepEqual(detailKeys(r), ['custom_fields']);
  r = await anon({ subject: 'Hi', comment: { body: 'Hello' }, requester: { email: 'a@b.test' },
    custom_fields: [{ id: 999999, value: 'x' }] });
  assert.match(r.json.details.custom_fields[0].description, /999999 is not a field of this form/);
  r = await srv.api('POST', '/requests', { body: { ticket: {} } });
  assert.equal(r.status, 400);
  r = await srv.api('POST', '/requests', { raw: '{"request":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal((await ok('GET', '/tickets/count', { auth: srv.admin })).count.value, before);
  r = await ok('GET', '/users/search?query=fine@example.test', { auth: srv.admin });
  assert.equal(r.users.length, 0, 'no requester is created by a failed request');
});

test('forms, contact reason and field conditions decide what counts', async () => {
  const field = async (f) => (await ok('POST', '/ticket_fields', { auth: srv.admin,
    body: { ticket_field: { visible_in_portal: true, editable_in_portal: true, ...f } } }, 201)).ticket_field;
  const reason = await field({ type: 'tagger', title: 'Contact reason', title_in_portal: 'Why are you writing?',
    visible_in_portal: false, editable_in_portal: false,
    custom_field_options: [{ name: 'Billing', value: 'billing' }, { name: 'Shipping', value: 'shipping' }] });
  const kind = await field({ type: 'tagger', title: 'Kind', custom_field_options: [
    { name: 'Refund', value: 'kind_refund' }, { name: 'Other', value: 'kind_other' }] });
  const invoice = await field({ type: 'text', title: 'Invoice number' });
  const notes = await field({ type: 'text', title: 'Notes', required_in_portal: true });
  const hidden = await field({ type: 'text', title: 'Agent only', visible_in_portal: false,
    editable_in_portal: false });
  const count = await field({ type: 'integer', title: 'Items' });
  const form = (await ok('POST', '/ticket_forms', { auth: srv.admin, body: { ticket_form: {
    name: 'Billing', end_user_visible: true,
    ticket_field_ids: [kind.id, invoice.id, notes.id, hidden.id, count.id],
    end_user_conditions: [
      { parent_field_id: kind.id, value: 'kind_refund', child_fields: [{ id: invoice.id, is_required: true }] },
      { parent_field_id: kind.id, value: 'kind_other', child_fields: [{ id: notes.id, is_required: false }] },
    ] } } }, 201)).ticket_form;
  const internal = (await ok('POST', '/ticket_forms', { auth: srv.admin, body: { ticket_form: {
    name: 'Internal', end_user_visible: false, ticket_field_ids: [kind.id] } } }, 201)).ticket_form;
  await ok('PUT', '/help_center/brands/1/contact_reason', { auth: srv.admin, body: { contact_reason: {
    ticket_field_id: reason.id, options: [{ value: 'billing', label_names: ['invoices'] }] } } });

  const base = { subject: 'Refund please', comment: { body: 'Charged twice' }, ticket_form_id: form.id };
  const as = (request) => srv.api('POST', '/requests', { auth: ann.auth, body: { request } });
  // The reason is required; a refund needs its invoice number.
  let r = await as({ ...base, custom_fields: [{ id: kind.id, value: 'kind_refund' }] });
  assert.equal(r.status, 422, r.text);
  const msgs = r.json.details.custom_fields.map((d) => d.description).sort();
  assert.deepEqual(msgs, ['Invoice number: cannot be blank', 'Why are you writing?: cannot be blank']);
  // Bad values are reported field by field, with the form's other checks.
  r = await as({ ...base, custom_fields: [{ id: reason.id, value: 'nope' }, { id: count.id, value: 'many' },
    { id: hidden.id, value: 'x' }, { id: kind.id, value: 'kind_refund' }, { id: invoice.id, value: 'INV-1' }] });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.details.custom_fields.map((d) => d.description).sort(), [
    `Custom fields: ${hidden.id} is not a field of this form`,
    "Items: must be a whole number",
    "Contact reason: 'nope' is not one of the field's option values",
    'Why are you writing?: cannot be blank'].sort());
  // A form the brand does not offer end users is refused.
  r = await as({ ...base, ticket_form_id: internal.id });
  assert.match(r.json.details.ticket_form_id[0].description, /is not a form of this help center/);
  // Valid: the hidden "Notes" (required in the portal) is not required,
  // and its value is dropped.
  r = await as({ ...base, custom_fields: [{ id: reason.id, value: 'billing' },
    { id: kind.id, value: 'kind_refund' }, { id: invoice.id, value: 'INV-7' },
    { id: notes.id, value: 'dropped' }, { id: count.id, value: 3 }] });
  assert.equal(r.status, 201, r.text);
  const q = r.json.request;
  assert.equal(q.ticket_form_id, form.id);
  const value = (list, id) => list.find((f) => f.id === id)?.value;
  assert.equal(value(q.custom_fields, reason.id), 'billing', 'the contact reason is shown to its requester');
  assert.equal(value(q.custom_fields, invoice.id), 'INV-7');
  assert.equal(value(q.custom_fields, notes.id), null);
  assert.equal(value(q.custom_fields, count.id), '3');
  assert.equal(value(q.custom_fields, hidden.id), undefined, 'fields end users do not see are left out');
  const t = (await ok('GET', `/tickets/${q.id}`, { auth: srv.admin })).ticket;
  assert.ok(t.tags.includes('billing') && t.tags.includes('kind_refund'));
  // The other branch: notes shown and required, invoice hidden.
  r = await as({ ...base, custom_fields: [{ id: reason.id, value: 'shipping' }, { id: kind.id, value: 'kind_other' },
    { id: invoice.id, value: 'gone' }] });
  assert.deepEqual(r.json.details.custom_fields.map((d) => d.description), ['Notes: cannot be blank']);
  r = await as({ ...base, custom_fields: [{ id: reason.id, value: 'shipping' }, { id: kind.id, value: 'kind_other' },
    { id: invoice.id, value: 'gone' }, { id: notes.id, value: 'kept' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(value(r.json.request.custom_fields, invoice.id), null);
  assert.equal(value(r.json.request.custom_fields, notes.id), 'kept');
  // Without ticket_form_id the default form is used; the reason is still required.
  r = await as({ subject: 'No form', comment: { body: 'x' } });
  assert.equal(r.status, 422);
  assert.match(r.json.details.custom_fields[0].description, /Why are you writing/);
  await ok('DELETE', '/help_center/brands/1/contact_reason', { auth: srv.admin }, 204);
  r = await as({ subject: 'No form', comment: { body: 'x' } });
  assert.equal(r.status, 201, r.text);
});

test('contact reason API: validation, roles, another account', async () => {
  const plain = (await ok('POST', '/ticket_fields', { auth: srv.admin,
    body: { ticket_field: { type: 'text', title: 'Plain' } } }, 201)).ticket_field;
  const drop = (await ok('POST', '/ticket_fields', { auth: srv.admin, body: { ticket_field: {
    type: 'tagger', title: 'Topic', custom_field_options: [{ name: 'A', value: 'topic_a' }, { name: 'B', value: 'topic_b' }] } } }, 201)).ticket_field;
  const put = (body, auth = srv.admin, host) => srv.api('PUT', '/help_center/brands/1/contact_reason',
    { auth, host, body: { contact_reason: body } });
  let r = await srv.api('GET', '/help_center/brands/1/contact_reason', { auth: srv.admin });
  assert.equal(r.status, 404);
  r = await put({});
  assert.equal(r.json.details.ticket_field_id[0].error, 'BlankValue');
  r = await put({ ticket_field_id: plain.id });
  assert.match(r.json.details.ticket_field_id[0].description, /not an active drop-down/);
  r = await put({ ticket_field_id: drop.id, options: [{ value: 'topic_z', label_names: [] }] });
  assert.match(r.json.details.options[0].description, /topic_z is not an option/);
  r = await put({ ticket_field_id: drop.id, options: [{ value: 'topic_a', label_names: ['a,b'] }] });
  assert.equal(r.status, 422);
  r = await put({ ticket_field_id: drop.id, options: [{ value: 'topic_a', label_names: 'x' }] });
  assert.equal(r.status, 422);
  r = await put({ ticket_field_id: drop.id, options: [{ value: 'topic_a', label_names: ['alpha', 'first'] }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.contact_reason.options.map((o) => [o.value, o.label_names]),
    [['topic_a', ['alpha', 'first']], ['topic_b', []]]);
  // Options not given keep their labels.
  r = await put({ options: [{ value: 'topic_b', label_names: ['beta'] }] });
  assert.deepEqual(r.json.contact_reason.options.map((o) => o.label_names), [['alpha', 'first'], ['beta']]);
  r = await ok('GET', '/help_center/brands/1/contact_reason', { auth: agent.auth });
  assert.equal(r.contact_reason.ticket_field_id, drop.id);
  assert.equal((await put({ ticket_field_id: drop.id }, agent.auth)).status, 403);
  assert.equal((await srv.api('GET', '/help_center/brands/1/contact_reason', { auth: ann.auth })).status, 403);
  // Another account's brand, and a missing one, answer 404.
  assert.equal((await put({ ticket_field_id: drop.id }, beta.auth, beta.host)).status, 404);
  assert.equal((await srv.api('GET', '/help_center/brands/1/contact_reason', beta)).status, 404);
  assert.equal((await srv.api('DELETE', '/help_center/brands/1/contact_reason', beta)).status, 404);
  r = await srv.api('PUT', '/help_center/brands/999/contact_reason', { auth: srv.admin,
    body: { contact_reason: { ticket_field_id: drop.id } } });
  assert.equal(r.status, 404);
  await ok('DELETE', '/help_center/brands/1/contact_reason', { auth: srv.admin }, 204);
  assert.equal((await srv.api('DELETE', '/help_center/brands/1/contact_reason', { auth: srv.admin })).status, 404);
});

test('lists: mine, open, solved, ccd, by user, by organization, search, status filter, paging', async () => {
  const mk = async (who, subject, extra = {}) => (await ok('POST', '/requests', { auth: who.auth,
    body: { request: { subject, comment: { body: `About ${subject}` }, ...extra } } }, 201)).request;
  const a1 = await mk(ann, 'Lamp broken');
  const a2 = await mk(ann, 'Chair squeaks');
  const b1 = await mk(bob, 'Desk wobbles');
  // Bob copies Ann; an agent solves a2.
  await ok('PUT', `/tickets/${b1.id}`, { auth: srv.admin, body: { ticket: { collaborator_ids: [ann.id] } } });
  await ok('PUT', `/tickets/${a2.id}`, { auth: srv.admin, body: { ticket: { status: 'solved', assignee_id: agent.id } } });
  const ids = (r) => r.requests.map((q) => q.id).sort((x, y) => x - y);
  let r = await ok('GET', '/requests', { auth: ann.auth });
  assert.ok(ids(r).includes(a1.id) && ids(r).includes(a2.id));
  assert.ok(!ids(r).includes(b1.id), 'requests lists what the caller requested');
  assert.ok(r.requests.every((q) => q.requester_id === ann.id));
  r = await ok('GET', '/requests/open', { auth: ann.auth });
  assert.ok(ids(r).includes(a1.id) && !ids(r).includes(a2.id));
  r = await ok('GET', '/requests/solved', { auth: ann.auth });
  assert.deepEqual(ids(r), [a2.id]);
  assert.equal(r.requests[0].solved, true);
  r = await ok('GET', '/requests?status=solved,closed', { auth: ann.auth });
  assert.deepEqual(ids(r), [a2.id]);
  assert.equal((await srv.api('GET', '/requests?status=bogus', { auth: ann.auth })).status, 400);
  r = await ok('GET', '/requests/ccd', { auth: ann.auth });
  assert.deepEqual(ids(r), [b1.id]);
  r = await ok('GET', '/requests/search?query=LAMP', { auth: ann.auth });
  assert.deepEqual(ids(r), [a1.id]);
  r = await ok('GET', '/requests/search?query=wobbles', { auth: ann.auth });
  assert.deepEqual(ids(r), [b1.id], 'search covers requests the caller is copied on');
  r = await ok('GET', '/requests/search?query=wobbles', { auth: cat.auth });
  assert.deepEqual(ids(r), []);
  assert.equal((await srv.api('GET', '/requests/search', { auth: ann.auth })).status, 400);
  r = await ok('GET', `/users/${ann.id}/requests`, { auth: ann.auth });
  assert.ok(ids(r).includes(a1.id));
  r = await ok('GET', `/users/${ann.id}/requests`, { auth: srv.admin });
  assert.ok(ids(r).includes(a1.id), 'agents list any user\'s requests');
  assert.equal((await srv.api('GET', `/users/${bob.id}/requests`, { auth: ann.auth })).status, 404);
  r = await ok('GET', `/organizations/${org}/requests`, { auth: ann.auth });
  assert.ok(ids(r).includes(a1.id));
  r = await ok('GET', `/organizations/${org}/requests`, { auth: bob.auth });
  assert.deepEqual(ids(r), [], 'end users see only their own requests of an organization');
  // Offset and cursor paging.
  r = await ok('GET', '/requests?per_page=1&sort_by=created_at&sort_order=desc', { auth: ann.auth });
  assert.equal(r.requests.length, 1);
  assert.ok(r.next_page.includes('/api/v2/requests.json?'));
  assert.ok(r.count >= 2);
  let seen = [];
  let url = '/requests?page[size]=1';
  for (let i = 0; url && i < 20; i++) {
    r = await ok('GET', url, { auth: ann.auth });
    seen.push(...r.requests.map((q) => q.id));
    url = r.links.next ? r.links.next.replace(/^.*\/api\/v2/, '') : null;
  }
  assert.deepEqual(seen.sort((x, y) => x - y), ids(await ok('GET', '/requests', { auth: ann.auth })));
  // Signed out, lists need credentials.
  assert.equal((await srv.api('GET', '/requests')).status, 401);
});

test('show, comments and replies: public only, reopening, solving, CCs, closed', async () => {
  const q = (await ok('POST', '/requests', { auth: ann.auth,
    body: { request: { subject: 'Broken link', comment: { body: 'The link 404s.' } } } }, 201)).request;
  await ok('PUT', `/tickets/${q.id}`, { auth: srv.admin, body: { ticket: {
    comment: { body: 'Internal: check CDN', public: false } } } });
  await ok('PUT', `/tickets/${q.id}`, { auth: srv.admin, body: { ticket: {
    comment: { body: 'Looking into it' }, status: 'pending', collaborator_ids: [cat.id] } } });
  let r = await ok('GET', `/requests/${q.id}`, { auth: ann.auth });
  assert.equal(r.request.status, 'pending');
  assert.equal(r.request.can_be_solved_by_me, false, 'no assignee yet');
  r = await ok('GET', `/requests/${q.id}/comments`, { auth: ann.auth });
  assert.deepEqual(r.comments.map((c) => c.body), ['The link 404s.', 'Looking into it']);
  r = await ok('GET', `/requests/${q.id}/comments`, { auth: srv.admin });
  assert.equal(r.comments.length, 2, 'the requests API shows public comments to agents too');
  const all = (await ok('GET', `/tickets/${q.id}/comments`, { auth: srv.admin })).comments;
  const priv = all.find((c) => !c.public);
  assert.equal((await srv.api('GET', `/requests/${q.id}/comments/${priv.id}`, { auth: ann.auth })).status, 404);
  r = await ok('GET', `/requests/${q.id}/comments/${all[0].id}`, { auth: ann.auth });
  assert.equal(r.comment.body, 'The link 404s.');
  r = await ok('GET', `/requests/${q.id}/comments?page[size]=1&sort=-created_at`, { auth: ann.auth });
  assert.equal(r.comments[0].body, 'Looking into it');
  assert.equal(r.meta.has_more, true);
  // The requester's reply reopens a pending request.
  r = await ok('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { comment: { body: 'Still broken' } } } });
  assert.equal(r.request.status, 'open');
  // Nothing given changes nothing.
  r = await ok('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: {} } });
  assert.equal(r.request.updated_at, (await ok('GET', `/requests/${q.id}`, { auth: ann.auth })).request.updated_at);
  r = await srv.api('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { solved: true } } });
  assert.equal(r.status, 422);
  assert.equal(r.json.details.solved[0].error, 'InvalidValue');
  r = await srv.api('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { solved: 'maybe' } } });
  assert.equal(r.status, 422);
  r = await srv.api('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { comment: { body: 'x', public: false, author_id: agent.id } } } });
  assert.equal(r.status, 200, 'a request comment is always public and the caller\'s');
  const last = (await ok('GET', `/tickets/${q.id}/comments`, { auth: srv.admin })).comments.pop();
  assert.equal(last.public, true);
  assert.equal(last.author_id, ann.id);
  // The CC may reply but not solve; the requester solves once assigned.
  await ok('PUT', `/tickets/${q.id}`, { auth: srv.admin, body: { ticket: { assignee_id: agent.id } } });
  r = await ok('GET', `/requests/${q.id}`, { auth: cat.auth });
  assert.equal(r.request.can_be_solved_by_me, false);
  await ok('PUT', `/requests/${q.id}`, { auth: cat.auth, body: { request: { comment: { body: 'Me too' } } } });
  r = await srv.api('PUT', `/requests/${q.id}`, { auth: cat.auth, body: { request: { solved: true } } });
  assert.equal(r.status, 422);
  r = await ok('GET', `/requests/${q.id}`, { auth: ann.auth });
  assert.equal(r.request.can_be_solved_by_me, true);
  r = await ok('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { solved: true, comment: { body: 'Fixed now, thanks' } } } });
  assert.equal(r.request.status, 'solved');
  assert.equal(r.request.solved, true);
  assert.equal(r.request.can_be_solved_by_me, false);
  const audit = (await ok('GET', `/tickets/${q.id}/audits`, { auth: srv.admin })).audits.pop();
  assert.equal(audit.author_id, ann.id);
  assert.ok(audit.events.some((e) => e.field_name === 'status' && e.value === 'solved'));
  // A closed request takes nothing more.
  await ok('PUT', `/tickets/${q.id}`, { auth: srv.admin, body: { ticket: { status: 'closed' } } });
  r = await srv.api('PUT', `/requests/${q.id}`, { auth: ann.auth, body: { request: { comment: { body: 'Again' } } } });
  assert.equal(r.status, 422);
});

test('isolation: other end users and other accounts get 404 everywhere', async () => {
  const q = (await ok('POST', '/requests', { auth: ann.auth,
    body: { request: { subject: 'Private matter', comment: { body: 'Secret' } } } }, 201)).request;
  const cmt = (await ok('GET', `/requests/${q.id}/comments`, { auth: ann.auth })).comments[0].id;
  for (const [m, p, body] of [['GET', `/requests/${q.id}`], ['PUT', `/requests/${q.id}`, { request: { comment: { body: 'x' } } }],
    ['GET', `/requests/${q.id}/comments`], ['GET', `/requests/${q.id}/comments/${cmt}`]]) {
    assert.equal((await srv.api(m, p, { auth: bob.auth, body })).status, 404, `${m} ${p} as another end user`);
    assert.equal((await srv.api(m, p, { ...beta, body })).status, 404, `${m} ${p} from another account`);
  }
  assert.equal((await srv.api('GET', `/users/${ann.id}/requests`, beta)).status, 404);
  assert.equal((await srv.api('GET', `/organizations/${org}/requests`, beta)).status, 404);
  const r = await ok('GET', '/requests/search?query=Secret', { auth: bob.auth });
  assert.equal(r.requests.length, 0);
  // Signed-in end users name no requester.
  const bad = await srv.api('POST', '/requests', { auth: bob.auth, body: { request: {
    subject: 'x', comment: { body: 'y' }, requester: { email: 'someone@else.test' } } } });
  assert.equal(bad.status, 422);
  assert.deepEqual(detailKeys(bad), ['requester']);
});

test('account settings: anonymous requests can be turned off', async () => {
  let r = await ok('GET', '/account/settings', { auth: agent.auth });
  assert.equal(r.settings.tickets.anonymous_requests, true);
  assert.equal((await srv.api('GET', '/account/settings', { auth: ann.auth })).status, 403);
  assert.equal((await srv.api('PUT', '/account/settings', { auth: agent.auth,
    body: { settings: { tickets: { anonymous_requests: false } } } })).status, 403);
  r = await srv.api('PUT', '/account/settings', { auth: srv.admin, body: { settings: { tickets: { anonymous_requests: 'no' } } } });
  assert.equal(r.status, 422);
  r = await ok('PUT', '/account/settings', { auth: srv.admin, body: { settings: { tickets: { anonymous_requests: false } } } });
  assert.equal(r.settings.tickets.anonymous_requests, false);
  r = await anon({ subject: 'Hi', comment: { body: 'there' }, requester: { email: 'late@example.test' } });
  assert.equal(r.status, 401);
  // The other account keeps its own setting.
  r = await srv.api('POST', '/requests', { host: beta.host, body: { request: {
    subject: 'Hi', comment: { body: 'there' }, requester: { email: 'beta@example.test' } } } });
  assert.equal(r.status, 201, r.text);
  r = await srv.api('POST', '/requests', { auth: bob.auth, body: { request: { subject: 'Hi', comment: { body: 'x' } } } });
  assert.equal(r.status, 201, 'signed-in users still submit');
  await ok('PUT', '/account/settings', { auth: srv.admin, body: { settings: { tickets: { anonymous_requests: true } } } });
  r = await anon({ subject: 'Hi', comment: { body: 'there' }, requester: { email: 'late@example.test' } });
  assert.equal(r.status, 201);
});

test('anonymous requests are limited per address and hour', async () => {
  const small = await startServer({ args: ['--anonymous-requests', '2'] });
  try {
    const post = (n) => small.api('POST', '/requests', { body: { request: {
      subject: `Spam ${n}`, comment: { body: 'x' }, requester: { email: `s${n}@example.test` } } } });
    assert.equal((await post(1)).status, 201);
    // Failed requests do not count.
    assert.equal((await small.api('POST', '/requests', { body: { request: { subject: 'x' } } })).status, 422);
    assert.equal((await post(2)).status, 201);
    const r = await post(3);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers['retry-after']) > 0 && Number(r.headers['retry-after']) <= 3600);
    // Signed-in users are not limited.
    const { auth } = await small.tokenAuth(small.adminEmail, 'acme-password-1');
    assert.equal((await small.api('POST', '/requests', { auth, body: { request: {
      subject: 'Mine', comment: { body: 'x' } } } })).status, 201);
  } finally {
    await small.stop();
  }
});

test('node-zendesk: every requests call', async () => {
  const client = createClient({ username: 'ann@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const made = await client.requests.create({ request: { subject: 'Via client', comment: { body: 'Hello client' } } });
  const id = made.result.id;
  assert.equal(made.result.subject, 'Via client');
  const shown = await client.requests.show(id);
  assert.equal(shown.result.id, id);
  assert.equal((await client.requests.getRequest(id)).result.id, id);
  const list = await client.requests.list();
  assert.ok(list.some((q) => q.id === id));
  assert.ok((await client.requests.listOpen()).some((q) => q.id === id));
  assert.ok(!(await client.requests.listSolved()).some((q) => q.id === id));
  assert.ok(Array.isArray(await client.requests.listCCD()));
  assert.ok((await client.requests.listByUser(ann.id)).some((q) => q.id === id));
  assert.ok((await client.requests.listByOrganization(org)).some((q) => q.id === id));
  const found = await client.requests.search({ query: 'client' });
  assert.ok(found.result.some((q) => q.id === id));
  const upd = await client.requests.update(id, { request: { comment: { body: 'More detail' } } });
  assert.equal(upd.result.id, id);
  const pages = await client.requests.listComments(id);
  const comments = pages.flatMap((p) => p.comments);
  assert.deepEqual(comments.map((c) => c.body), ['Hello client', 'More detail']);
  const one = await client.requests.getComment(id, comments[1].id);
  assert.equal(one[0].comment.body, 'More detail');
  await assert.rejects(client.requests.show(999999), /404/);
});
