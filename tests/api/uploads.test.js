// Uploads and attachments: raw bodies round-trip byte for byte, tokens
// group files until a comment takes them, who may see them before and
// after, redaction, and node-zendesk's upload call.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('./lib/server');
const { addUser } = require('./lib/fixtures');
const { signIns, expect, createTicket, updateTicket } = require('./lib/helpdesk');
const openapi = require('./lib/openapi');

let srv, as, admin, agent, beta, requesterId;
const betaHost = () => `beta.localhost:${srv.port}`;

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  as = await signIns(srv, 'admin@acme.test', 'acme-password-1');
  admin = as('admin@acme.test');
  await addUser(srv, admin, { name: 'Agent', email: 'agent@acme.test', role: 'agent' });
  agent = as('agent@acme.test');
  requesterId = await addUser(srv, admin, { name: 'Rita', email: 'rita@x.test' });
  await addUser(srv, admin, { name: 'Otto', email: 'otto@x.test' });
  beta = (await signIns(srv, 'admin@beta.test', 'beta-password-1', betaHost()))('admin@beta.test');
});
test.after(() => srv.stop());

function upload(auth, name, bytes, { token, type = 'application/binary', host } = {}) {
  const q = new URLSearchParams({ filename: name });
  if (token) q.set('token', token);
  return srv.api('POST', `/uploads.json?${q}`, { auth, host, raw: bytes, headers: { 'Content-Type': type } });
}

async function download(auth, attachment, host) {
  const u = new URL(attachment.content_url);
  return srv.api('GET', u.pathname, { auth, host });
}

test('upload, append with token, attach to a comment, download identical bytes', async () => {
  const bin = crypto.randomBytes(70000);
  bin[0] = 0x7b; // '{': must never be parsed as JSON
  let r = await upload(admin, 'dump.bin', bin);
  assert.equal(r.status, 201, r.text);
  const up = r.json.upload;
  assert.match(up.token, /^[a-z0-9]{25}$/);
  assert.match(up.expires_at, /^\d{4}-\d\d-\d\dT/);
  const a1 = up.attachment;
  assert.equal(a1.file_name, 'dump.bin');
  assert.equal(a1.size, bin.length);
  assert.equal(a1.content_type, 'application/octet-stream');
  assert.equal(a1.url, `${srv.origin}/api/v2/attachments/${a1.id}.json`);
  assert.equal(a1.content_url, `${srv.origin}/api/v2/attachments/${a1.id}/content`);
  assert.deepEqual(up.attachments, [a1]);
  openapi.check('Attachment', a1);
  // Same token: a second file joins the upload; types come from the name
  // when the client's is generic, else from the client.
  r = await upload(admin, 'notes.txt', Buffer.from('hello\n'), { token: up.token, type: 'application/json' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.upload.token, up.token);
  const a2 = r.json.upload.attachment;
  assert.equal(a2.content_type, 'text/plain');
  assert.deepEqual(r.json.upload.attachments.map((a) => a.id), [a1.id, a2.id]);
  r = await upload(admin, 'pic.dat', Buffer.from([1, 2, 3]), { token: up.token, type: 'image/png' });
  const a3 = r.json.upload.attachment;
  assert.equal(a3.content_type, 'image/png');

  // Before a comment takes them, only the uploader sees them.
  r = await download(admin, a1);
  assert.equal(r.status, 200);
  assert.ok(Buffer.compare(r.body, bin) === 0, 'bytes identical');
  assert.equal(r.headers['content-type'], 'application/octet-stream');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="dump.bin"');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  await expect(srv, 404, 'GET', `/attachments/${a1.id}.json`, { auth: agent });
  assert.equal((await download(agent, a1)).status, 404);

  const { ticket } = await createTicket(srv, admin, { requester_id: requesterId,
    comment: { body: 'see files', uploads: [up.token] } });
  const comments = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/comments.json`, { auth: agent });
  const atts = comments.json.comments[0].attachments;
  assert.deepEqual(atts.map((a) => a.id), [a1.id, a2.id, a3.id]);
  assert.deepEqual(atts[0], a1);
  const audits = await expect(srv, 200, 'GET', `/tickets/${ticket.id}/audits.json`, { auth: agent });
  assert.deepEqual(audits.json.audits[0].events[0].attachments.map((a) => a.id), [a1.id, a2.id, a3.id]);
  // Now whoever sees the ticket sees them.
  r = await expect(srv, 200, 'GET', `/attachments/${a2.id}.json`, { auth: agent });
  assert.deepEqual(r.json.attachment, a2);
  r = await download(agent, a2);
  assert.equal(r.text, 'hello\n');
  assert.equal(r.headers['content-type'], 'text/plain');
  const rita = as('rita@x.test');
  assert.equal((await download(rita, a1)).status, 200);
  assert.equal((await download(as('otto@x.test'), a1)).status, 404);
  await expect(srv, 404, 'GET', `/attachments/${a1.id}.json`, { auth: as('otto@x.test') });
  // A used token cannot be attached again or extended.
  await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { comment: { body: 'again', uploads: [up.token] } } } });
  assert.equal((await upload(admin, 'late.txt', Buffer.from('x'), { token: up.token })).status, 422);
  // Deleting the ticket hides its attachments.
  await expect(srv, 204, 'DELETE', `/tickets/${ticket.id}.json`, { auth: admin });
  await expect(srv, 404, 'GET', `/attachments/${a1.id}.json`, { auth: admin });
});

test('private comments keep their attachments from end users', async () => {
  const { ticket } = await createTicket(srv, admin, { requester_id: requesterId, comment: { body: 'x' } });
  const r = await upload(agent, 'internal.txt', Buffer.from('secret'));
  const att = r.json.upload.attachment;
  await updateTicket(srv, agent, ticket.id, { comment: { body: 'note', public: false,
    uploads: [r.json.upload.token] } });
  assert.equal((await download(agent, att)).status, 200);
  assert.equal((await download(admin, att)).status, 200);
  assert.equal((await download(as('rita@x.test'), att)).status, 404);
});

test('tokens belong to their uploader; delete; errors', async () => {
  let r = await upload(agent, 'mine.txt', Buffer.from('m'));
  const tok = r.json.upload.token;
  const att = r.json.upload.attachment;
  // Another user can neither extend, attach, nor delete it.
  assert.equal((await upload(admin, 'x.txt', Buffer.from('x'), { token: tok })).status, 422);
  const { ticket } = await createTicket(srv, admin, { comment: { body: 'x' } });
  await expect(srv, 422, 'PUT', `/tickets/${ticket.id}.json`, { auth: admin,
    body: { ticket: { comment: { body: 'steal', uploads: [tok] } } } });
  await expect(srv, 404, 'DELETE', `/uploads/${tok}.json`, { auth: admin });
  await expect(srv, 204, 'DELETE', `/uploads/${tok}.json`, { auth: agent });
  await expect(srv, 404, 'DELETE', `/uploads/${tok}.json`, { auth: agent });
  await expect(srv, 404, 'GET', `/attachments/${att.id}.json`, { auth: agent });
  await expect(srv, 422, 'POST', '/tickets.json', { auth: agent,
    body: { ticket: { comment: { body: 'x', uploads: ['nope'] } } } });
  await expect(srv, 422, 'POST', '/tickets.json', { auth: agent,
    body: { ticket: { comment: { body: 'x', uploads: [42] } } } });
  r = await expect(srv, 400, 'POST', '/uploads.json', { auth: agent, raw: 'x' });
  assert.match(r.json.description, /filename/);
  r = await upload(agent, '../../etc/passwd', Buffer.from('p'));
  assert.equal(r.json.upload.attachment.file_name, 'passwd');
  assert.equal((await upload(agent, 'x'.repeat(300), Buffer.from('p'))).status, 422);
  assert.equal((await upload(agent, 'dir/', Buffer.from('p'))).status, 422);
  r = await upload(agent, 'empty.txt', Buffer.alloc(0));
  assert.equal(r.json.upload.attachment.size, 0);
  assert.equal((await download(agent, r.json.upload.attachment)).text, '');
  await expect(srv, 401, 'POST', '/uploads.json?filename=a.txt', { raw: 'x' });
  await expect(srv, 404, 'GET', '/attachments/999999.json', { auth: admin });
});

test('large uploads pass the JSON body limit; a name with quotes is safe in headers', async () => {
  const big = crypto.randomBytes(3 * 1024 * 1024 + 17);
  const r = await upload(agent, 'big "quoted" name.zip', big);
  assert.equal(r.status, 201, r.text);
  const att = r.json.upload.attachment;
  assert.equal(att.content_type, 'application/zip');
  const d = await download(agent, att);
  assert.equal(Buffer.compare(d.body, big), 0);
  assert.equal(d.headers['content-disposition'], 'attachment; filename="big _quoted_ name.zip"');
});

test('redact replaces an attachment with an empty file', async () => {
  const r = await upload(agent, 'card.txt', Buffer.from('4111 1111 1111 1111'));
  const { ticket, audit } = await createTicket(srv, agent, { comment: { body: 'x',
    uploads: [r.json.upload.token] } });
  const att = r.json.upload.attachment;
  const cid = audit.events[0].id;
  const red = await expect(srv, 200, 'PUT',
    `/tickets/${ticket.id}/comments/${cid}/attachments/${att.id}/redact.json`, { auth: agent });
  assert.equal(red.json.attachment.file_name, 'redacted.txt');
  assert.equal(red.json.attachment.size, 0);
  assert.equal((await download(agent, att)).text, '');
  await expect(srv, 404, 'DELETE', `/tickets/${ticket.id}/comments/${cid}/attachments/999999/redact.json`,
    { auth: agent });
});

test('another account cannot see, download or attach uploads', async () => {
  const r = await upload(admin, 'acme.txt', Buffer.from('acme'));
  const att = r.json.upload.attachment;
  const host = betaHost();
  await expect(srv, 404, 'GET', `/attachments/${att.id}.json`, { auth: beta, host });
  assert.equal((await download(beta, att, host)).status, 404);
  await expect(srv, 404, 'DELETE', `/uploads/${r.json.upload.token}.json`, { auth: beta, host });
  await expect(srv, 422, 'POST', '/tickets.json', { auth: beta, host,
    body: { ticket: { comment: { body: 'x', uploads: [r.json.upload.token] } } } });
  await createTicket(srv, admin, { comment: { body: 'x', uploads: [r.json.upload.token] } });
  await expect(srv, 404, 'GET', `/attachments/${att.id}.json`, { auth: beta, host });
  await expect(srv, 200, 'GET', `/attachments/${att.id}.json`, { auth: admin });
});

test('node-zendesk uploads a file by path and attaches it', async () => {
  const { createClient } = require('node-zendesk');
  const { token } = await srv.tokenAuth('admin@acme.test', 'acme-password-1');
  const client = createClient({ username: 'admin@acme.test', token, endpointUri: `${srv.origin}/api/v2` });
  const file = path.join(srv.dir, 'report.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n');
  const up = await client.attachments.upload(file, { filename: 'report.csv' });
  const u = up.upload;
  assert.equal(u.attachment.file_name, 'report.csv');
  assert.equal(u.attachment.content_type, 'text/csv');
  const created = await client.tickets.create({ ticket: { comment: { body: 'csv', uploads: [u.token] } } });
  const comments = await client.tickets.getComments(created.result.id);
  assert.equal(comments[0].attachments[0].id, u.attachment.id);
  const d = await download(admin, u.attachment);
  assert.equal(d.text, 'a,b\n1,2\n');
  const shown = await client.attachments.show(u.attachment.id);
  assert.equal(shown.result.attachment.id, u.attachment.id);
});
