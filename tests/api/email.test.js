// The email channel end to end, with real SMTP peers: swaks (Debian's
// SMTP test client) delivers to Parley's listener, and Postfix's smtp-sink
// receives Parley's outbound mail.  Messages are built here: multilingual
// charsets, nested multiparts, forwarded mail, attachments, malformed MIME,
// missing and huge headers; each must become the right ticket or a clear
// SMTP rejection.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startServer, BIN } = require('./lib/server');

const SINK = '/usr/sbin/smtp-sink';

// A free loopback port (for smtp-sink, which cannot pick one itself).
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

// smtp-sink dumping each received message into dir.
async function startSink(dir, extra = []) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(SINK, ['-u', require('node:os').userInfo().username, '-d', path.join(dir, '%M.'),
    ...extra, `127.0.0.1:${port}`, '64'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  return { port, dir, child, stop: () => child.kill() };
}

// Sends raw (a whole RFC 5322 message) with swaks; returns its transcript.
function swaks(port, { to, from = 'customer@example.org', raw, extra = [] }) {
  const args = ['--server', `127.0.0.1:${port}`, '--to', to, '--from', from,
    '--timeout', '10', '--hide-informational', ...extra];
  if (raw !== undefined) args.push('--data', '-');
  const r = spawnSync('swaks', args, { input: raw, encoding: 'utf8' });
  return r.stdout + r.stderr;
}

function lastReply(transcript) {
  const lines = transcript.split('\n').filter((l) => /^<\*?\*?-?\s+\d{3}/.test(l) || /^<~?\s*\d{3}/.test(l));
  return lines.length ? lines[lines.length - 1] : transcript;
}

function b64(buf) { return Buffer.from(buf).toString('base64'); }

let srv, sink;
const waitFor = async (fn, ms = 5000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

test.before(async () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'parley-mail-'));
  sink = await startSink(path.join(tmp, 'sink'));
  srv = await startServer({
    accounts: [['acme', 'admin@acme.test', 'acme-password-1'], ['beta', 'admin@beta.test', 'beta-password-1']],
    args: ['--smtp-listen', '127.0.0.1:0', '--smtp-relay', `127.0.0.1:${sink.port}`,
      '--smtp-max-size', '200000', '--mail-sender-limit', '5', '--mail-retry', '1'],
  });
  srv.tmp = tmp;
});
test.after(async () => {
  await srv.stop();
  sink.stop();
  fs.rmSync(srv.tmp, { recursive: true, force: true });
});

async function ticket(id) {
  const r = await srv.api('GET', `/tickets/${id}`, { auth: srv.admin });
  assert.equal(r.status, 200, r.text);
  return r.json.ticket;
}
async function comments(id) {
  const r = await srv.api('GET', `/tickets/${id}/comments`, { auth: srv.admin });
  assert.equal(r.status, 200, r.text);
  return r.json.comments;
}
async function inbound() {
  const r = await srv.api('GET', '/channels/email/inbound?sort_order=desc', { auth: srv.admin });
  assert.equal(r.status, 200, r.text);
  return r.json.inbound;
}
function ticketIdOf(transcript) {
  const m = transcript.match(/250 2\.0\.0 Ok: ticket #(\d+)/);
  assert.ok(m, transcript);
  return Number(m[1]);
}

test('a new message opens a ticket: requester, collaborators, brand, via email', async () => {
  const raw = 'From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen@Example.ORG>\r\n' +
    'To: Acme Support <support@acme.localhost>\r\nCc: Bob <bob@example.org>, support@acme.localhost\r\n' +
    'Subject: =?ISO-8859-1?Q?Drucker_kaputt_=E4=F6=FC?=\r\nMessage-ID: <first@example.org>\r\n' +
    'Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
    'Der Drucker ist kaputt. Gr=FC=DFe\r\n';
  const t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'juergen@example.org', raw });
  const id = ticketIdOf(t);
  const tk = await ticket(id);
  assert.equal(tk.subject, 'Drucker kaputt äöü');
  assert.equal(tk.via.channel, 'email');
  assert.equal(tk.via.source.from.address, 'juergen@example.org');
  assert.equal(tk.via.source.to.address, 'support@acme.localhost');
  assert.equal(tk.status, 'new');
  const req = await srv.api('GET', `/users/${tk.requester_id}`, { auth: srv.admin });
  assert.equal(req.json.user.email, 'juergen@example.org');
  assert.equal(req.json.user.name, 'Jürgen Müller');
  assert.equal(tk.collaborator_ids.length, 1);
  const bob = await srv.api('GET', `/users/${tk.collaborator_ids[0]}`, { auth: srv.admin });
  assert.equal(bob.json.user.email, 'bob@example.org');
  const cs = await comments(id);
  assert.equal(cs.length, 1);
  assert.equal(cs[0].body, 'Der Drucker ist kaputt. Grüße');
  assert.equal(cs[0].author_id, tk.requester_id);
  assert.equal(cs[0].public, true);
  // The message id and the headers (decoded, one line each) are in the
  // comment's and the audit's metadata.system, for agents to open.
  const sys = cs[0].metadata.system;
  assert.equal(sys.message_id, '<first@example.org>');
  const lines = sys.email_headers.split('\n');
  assert.ok(lines.includes('Subject: Drucker kaputt äöü'), sys.email_headers);
  assert.ok(lines.includes('Message-ID: <first@example.org>'), sys.email_headers);
  assert.ok(lines.includes('Date: Mon, 1 Jan 2024 10:00:00 +0000'), sys.email_headers);
  const audit = await srv.api('GET', `/tickets/${id}/audits/${cs[0].audit_id}`, { auth: srv.admin });
  assert.deepEqual(audit.json.audit.metadata.system, sys);
  const rec = (await inbound()).find((x) => x.message_id === 'first@example.org');
  assert.equal(rec.outcome, 'ticket');
  assert.equal(rec.ticket_id, id);
});

test('unknown recipients are refused at RCPT; the brand comes from the address', async () => {
  let t = swaks(srv.smtpPort, { to: 'nobody@acme.localhost', raw: 'Subject: x\r\n\r\nx\r\n' });
  assert.match(t, /550 5\.1\.1 <nobody@acme\.localhost>: recipient address rejected/);
  const b = await srv.api('POST', '/brands', { auth: srv.admin, body: { brand: { name: 'Shop', subdomain: 'acmeshop' } } });
  assert.equal(b.status, 201, b.text);
  t = swaks(srv.smtpPort, { to: 'support@acmeshop.localhost', from: 'shopper@example.org',
    raw: 'From: shopper@example.org\r\nSubject: Order\r\n\r\nWhere is it?\r\n' });
  const tk = await ticket(ticketIdOf(t));
  assert.equal(tk.brand_id, b.json.brand.id);
  // An address added through the API receives mail too, for its brand.
  const a = await srv.api('POST', '/recipient_addresses', { auth: srv.admin,
    body: { recipient_address: { email: 'sales@acme.localhost', brand_id: b.json.brand.id } } });
  assert.equal(a.status, 201, a.text);
  t = swaks(srv.smtpPort, { to: 'sales@acme.localhost', from: 'buyer@example.org',
    raw: 'From: buyer@example.org\r\nSubject: Quote\r\n\r\nPrice?\r\n' });
  assert.equal((await ticket(ticketIdOf(t))).brand_id, b.json.brand.id);
  // Another account's address reaches that account only.
  t = swaks(srv.smtpPort, { to: 'support@beta.localhost', from: 'x@example.org',
    raw: 'From: x@example.org\r\nSubject: For beta\r\n\r\nhello beta\r\n' });
  const id = ticketIdOf(t);
  assert.equal((await srv.api('GET', `/tickets/${id}`, { auth: srv.admin })).status, 404);
});

test('replies thread by In-Reply-To, References or the subject token; quoted history is trimmed', async () => {
  let t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'ann@example.org',
    raw: 'From: Ann <ann@example.org>\r\nSubject: Login fails\r\nMessage-ID: <ann1@example.org>\r\n\r\nI cannot log in.\r\n' });
  const id = ticketIdOf(t);
  // The agent answers through the API: a public comment goes out by mail.
  const u = await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin,
    body: { ticket: { comment: { body: 'Please reset your password.', public: true }, status: 'pending' } } });
  assert.equal(u.status, 200, u.text);
  const out = await waitFor(async () => {
    const r = await srv.api('GET', '/channels/email/outbox?status=sent', { auth: srv.admin });
    // (the triggers' notifications of the ticket are mail too)
    return r.json.outbox.find((m) => m.ticket_id === id && m.kind === 'comment');
  });
  assert.ok(out, 'the agent reply was delivered');
  assert.deepEqual(out.to.map((x) => x.email), ['ann@example.org']);
  assert.equal(out.from.email, 'support@acme.localhost');
  assert.match(out.subject, /^Re: Login fails \[#\d+-[A-Z2-9]{6}\]$/);
  // smtp-sink got it, multipart with the threading headers.
  const file = await waitFor(() => fs.readdirSync(sink.dir).map((f) => path.join(sink.dir, f))
    .find((f) => fs.readFileSync(f, 'utf8').includes(out.message_id)));
  const mail = fs.readFileSync(file, 'utf8');
  assert.match(mail, /In-Reply-To: <ann1@example\.org>/);
  assert.match(mail, /multipart\/alternative/);
  assert.match(mail, /##- Please type your reply above this line -##/);

  // The customer replies to it (In-Reply-To our Message-ID), quoting.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'ann@example.org',
    raw: `From: ann@example.org\r\nSubject: Re: Login fails\r\nIn-Reply-To: <${out.message_id}>\r\n` +
      `Message-ID: <ann2@example.org>\r\n\r\nThat worked, thanks!\r\n\r\nOn Tue, Acme wrote:\r\n` +
      '> ##- Please type your reply above this line -##\r\n> Please reset your password.\r\n' });
  assert.equal(ticketIdOf(t), id);
  let cs = await comments(id);
  assert.equal(cs.length, 3);
  assert.equal(cs[2].body, 'That worked, thanks!');
  assert.equal((await ticket(id)).status, 'open'); // the requester answered a pending ticket

  // A reply naming only an older message in References threads too.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'ann@example.org',
    raw: 'From: ann@example.org\r\nSubject: another\r\nReferences: <unknown@x> <ann1@example.org>\r\n\r\nMore.\r\n' });
  assert.equal(ticketIdOf(t), id);
  // The subject token threads without any header; a forged one does not.
  const token = out.subject.match(/\[#\d+-[A-Z2-9]{6}\]/)[0];
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'ann@example.org',
    raw: `From: ann@example.org\r\nSubject: Re: ${token}\r\n\r\nBy token.\r\n` });
  assert.equal(ticketIdOf(t), id);
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'mallory@example.org',
    raw: `From: mallory@example.org\r\nSubject: Re: [#${id}-AAAAAA]\r\n\r\nForged.\r\n` });
  assert.notEqual(ticketIdOf(t), id);
  cs = await comments(id);
  assert.equal(cs.length, 5);
});

test('mail to a solved ticket reopens it; to a closed one it opens a linked follow-up', async () => {
  let t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'carl@example.org',
    raw: 'From: carl@example.org\r\nSubject: Broken\r\nMessage-ID: <carl1@example.org>\r\n\r\nIt broke.\r\n' });
  const id = ticketIdOf(t);
  const me = (await srv.api('GET', '/users/me', { auth: srv.admin })).json.user;
  let u = await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin,
    body: { ticket: { status: 'solved', assignee_id: me.id, comment: { body: 'Fixed.', public: false } } } });
  assert.equal(u.status, 200, u.text);
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'carl@example.org',
    raw: 'From: carl@example.org\r\nSubject: Re: Broken\r\nIn-Reply-To: <carl1@example.org>\r\n\r\nStill broken.\r\n' });
  assert.equal(ticketIdOf(t), id);
  assert.equal((await ticket(id)).status, 'open');
  u = await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin, body: { ticket: { status: 'solved' } } });
  assert.equal(u.status, 200, u.text);
  u = await srv.api('PUT', `/tickets/${id}`, { auth: srv.admin, body: { ticket: { status: 'closed' } } });
  assert.equal(u.status, 200, u.text);
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'carl@example.org',
    raw: 'From: carl@example.org\r\nSubject: Re: Broken\r\nIn-Reply-To: <carl1@example.org>\r\n' +
      'Message-ID: <carl3@example.org>\r\n\r\nBroken again.\r\n' });
  const fid = ticketIdOf(t);
  assert.notEqual(fid, id);
  const f = await ticket(fid);
  assert.equal(f.via.channel, 'email');
  assert.equal(f.via.source.rel, 'follow_up');
  assert.equal(f.via.source.from.ticket_id, id);
  assert.equal((await ticket(id)).status, 'closed');
  const rec = (await inbound()).find((x) => x.message_id === 'carl3@example.org');
  assert.equal(rec.outcome, 'followup');
});

test('charsets, nested multiparts, attachments, inline images and forwarded mail', async () => {
  const cases = [
    ['windows-1251', 'Здравствуйте, заказ не пришёл'],
    ['koi8-r', 'Добрый день'],
    ['iso-2022-jp', 'お問い合わせありがとうございます'],
    ['gb2312', '您好，我的订单没有到'],
    ['iso-8859-15', 'Prix 42 € net'],
  ];
  const iconv = (text, cs) => spawnSync('iconv', ['-f', 'UTF-8', '-t', cs], { input: text }).stdout;
  for (const [cs, text] of cases) {
    const body = iconv(text, cs);
    const raw = Buffer.concat([Buffer.from(`From: intl@example.org\r\nSubject: =?UTF-8?B?${b64(text)}?=\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=${cs}\r\nContent-Transfer-Encoding: base64\r\n\r\n`),
    Buffer.from(b64(body) + '\r\n')]);
    const t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: `intl-${cs}@example.org`, raw });
    const id = ticketIdOf(t);
    assert.equal((await ticket(id)).subject, text, cs);
    assert.equal((await comments(id))[0].body, text, cs);
  }
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const pdf = Buffer.from('%PDF-1.4 test\n');
  const raw = 'From: Dora <dora@example.org>\r\nSubject: Fwd: invoice\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="MIX"\r\n\r\n' +
    '--MIX\r\nContent-Type: multipart/alternative; boundary="ALT"\r\n\r\n' +
    '--ALT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the invoice and the forwarded mail.\r\n' +
    '--ALT\r\nContent-Type: multipart/related; boundary="REL"\r\n\r\n' +
    '--REL\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>See the <b>invoice</b><img src="cid:logo@x"><script>alert(1)</script></p>\r\n' +
    '--REL\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n' + b64(png) + '\r\n' +
    '--REL--\r\n--ALT--\r\n' +
    '--MIX\r\nContent-Type: application/pdf; name="invoice.pdf"\r\nContent-Disposition: attachment; filename="invoice.pdf"\r\n' +
    'Content-Transfer-Encoding: base64\r\n\r\n' + b64(pdf) + '\r\n' +
    '--MIX\r\nContent-Type: message/rfc822\r\n\r\nFrom: vendor@example.net\r\nSubject: Your invoice\r\n\r\nPay now.\r\n' +
    '--MIX--\r\n';
  const id = ticketIdOf(swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'dora@example.org', raw }));
  const c = (await comments(id))[0];
  assert.match(c.body, /invoice/);
  assert.doesNotMatch(c.html_body, /script|alert/);
  const names = c.attachments.map((a) => a.file_name).sort();
  assert.deepEqual(names, ['Your invoice.eml', 'attachment-1.png', 'invoice.pdf'].sort());
  const att = c.attachments.find((a) => a.file_name === 'invoice.pdf');
  assert.equal(att.size, pdf.length);
  assert.equal(att.content_type, 'application/pdf');
});

test('malformed, headerless and huge messages: a ticket or a clear refusal', async () => {
  // Missing From: the envelope sender is the requester; no subject: the text's first line.
  let t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'envelope@example.org',
    raw: 'X-Mailer: none\r\n\r\nOnly a body line\r\nand more\r\n' });
  let tk = await ticket(ticketIdOf(t));
  assert.equal(tk.subject, 'Only a body line');
  assert.equal((await srv.api('GET', `/users/${tk.requester_id}`, { auth: srv.admin })).json.user.email, 'envelope@example.org');
  // A multipart whose boundary never closes still gives its text.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'broken@example.org',
    raw: 'From: broken@example.org\r\nSubject: half\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n' +
      '--B\r\nContent-Type: text/plain\r\n\r\nhalf a message\r\n' });
  assert.equal((await comments(ticketIdOf(t)))[0].body, 'half a message');
  // A 100 KB subject header, folded.
  const long = Array.from({ length: 9000 }, (_, i) => `w${i}`).join('\r\n ');
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'huge@example.org',
    raw: `From: huge@example.org\r\nSubject: ${long}\r\n\r\nbody\r\n` });
  tk = await ticket(ticketIdOf(t));
  assert.ok(tk.subject.startsWith('w0 w1 w2'));
  // Bigger than --smtp-max-size: 552 at the end of DATA.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'big@example.org',
    raw: 'From: big@example.org\r\nSubject: big\r\n\r\n' + 'x'.repeat(998) .concat('\r\n').repeat(250) });
  assert.match(t, /552 5\.3\.4 message size exceeds fixed maximum message size \(200000 bytes\)/);
  // No header section at all: refused, clearly.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'nohdr@example.org',
    raw: '\r\nno header section\r\n' });
  assert.match(t, /554 5\.6\.0 message refused: it has no header section/);
});

test('loops and abuse: bounces, our own addresses, auto-replies, duplicates, sender limit', async () => {
  const before = (await srv.api('GET', '/channels/email/outbox', { auth: srv.admin })).json.outbox.length;
  // A bounce (null reverse-path) is recorded, no ticket.
  let t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: '<>',
    raw: 'From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail\r\n\r\nfailed\r\n' });
  assert.match(t, /250 2\.0\.0 Ok: recorded/);
  // Mail from one of our own addresses: never a ticket.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'support@acme.localhost',
    raw: 'From: support@acme.localhost\r\nSubject: loop\r\n\r\nloop\r\n' });
  assert.match(t, /250 2\.0\.0 Ok: recorded/);
  const recs = await inbound();
  assert.equal(recs.find((x) => x.subject === 'Undelivered Mail').reason, 'bounce');
  assert.equal(recs.find((x) => x.subject === 'loop').outcome, 'ignored');
  // An auto-reply opens a ticket, but an agent comment on it is not mailed... to the robot
  // while it is applied; a later agent comment is a human act and is mailed.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'robot@example.org',
    raw: 'From: robot@example.org\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n' +
      'Message-ID: <ooo@example.org>\r\n\r\nI am away.\r\n' });
  const ooo = ticketIdOf(t);
  // The same Message-ID again (an MTA retry) changes nothing.
  t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'robot@example.org',
    raw: 'From: robot@example.org\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n' +
      'Message-ID: <ooo@example.org>\r\n\r\nI am away.\r\n' });
  assert.match(t, /250 2\.0\.0 Ok: recorded/);
  assert.equal((await comments(ooo)).length, 1);
  const after = (await srv.api('GET', '/channels/email/outbox', { auth: srv.admin })).json.outbox.length;
  assert.equal(after, before, 'nothing was mailed in answer');
  // Per-sender limit (5 an hour in this server): the sixth is deferred at RCPT.
  let last = '';
  for (let i = 0; i < 6; i++) {
    last = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'flood@example.org',
      raw: `From: flood@example.org\r\nSubject: flood ${i}\r\n\r\nflood\r\n` });
  }
  assert.match(last, /450 4\.7\.1 <flood@example\.org>: too many messages from this sender/);
});

test('a message answered 250 is on its ticket after kill -9 and restart', async () => {
  const t = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'crash@example.org',
    raw: 'From: crash@example.org\r\nSubject: Before the crash\r\nMessage-ID: <crash@example.org>\r\n\r\nsurvive\r\n' });
  const id = ticketIdOf(t);
  await srv.crashAndRestart();
  const tk = await ticket(id);
  assert.equal(tk.subject, 'Before the crash');
  assert.equal((await comments(id))[0].body, 'survive');
  // And the listener is back.
  const again = swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'after@example.org',
    raw: 'From: after@example.org\r\nSubject: After\r\n\r\nback\r\n' });
  ticketIdOf(again);
});

test('mail-ingest takes one message on stdin with sysexits codes', async () => {
  const run = (args, input) => spawnSync(BIN, ['mail-ingest', '--db', srv.db, ...args], { input, encoding: 'utf8' });
  let r = run(['--sender', 'piped@example.org', '--recipient', 'support@acme.localhost'],
    'From: Piped <piped@example.org>\r\nSubject: Through the pipe\r\n\r\npiped body\r\n');
  assert.equal(r.status, 0, r.stderr);
  const id = Number(r.stdout.match(/ticket #(\d+)/)[1]);
  assert.equal((await ticket(id)).subject, 'Through the pipe');
  // Recipients from the headers when none are given.
  r = run(['--sender', 'piped2@example.org'], 'From: piped2@example.org\r\nTo: support@acme.localhost\r\nSubject: hdr\r\n\r\nx\r\n');
  assert.equal(r.status, 0, r.stderr);
  r = run(['--recipient', 'nobody@acme.localhost'], 'From: a@example.org\r\nSubject: x\r\n\r\nx\r\n');
  assert.equal(r.status, 67);
  assert.match(r.stderr, /550 5\.1\.1/);
  r = run(['--recipient', 'support@acme.localhost'], '');
  assert.equal(r.status, 65);
});

test('outbound failures stay queued with backoff, then fail, visible through the API', async () => {
  // A relay that refuses every recipient for good (5xx) and one that is down.
  const refusing = await startSink(path.join(srv.tmp, 'refuse'), ['-f', 'RCPT', '-B', '550 5.1.1 no such user']);
  const down = await freePort();
  for (const [relay, expect] of [[`127.0.0.1:${refusing.port}`, 'failed'], [`127.0.0.1:${down}`, 'queued']]) {
    const s = await startServer({ args: ['--smtp-relay', relay, '--mail-retry', '1', '--mail-attempts', '3'] });
    try {
      const c = await s.api('POST', '/tickets', { auth: s.admin, body: { ticket: {
        subject: 'Outbound', requester: { name: 'Eve', email: 'eve@example.org' },
        comment: { body: 'Hello Eve', public: true } } } });
      assert.equal(c.status, 201, c.text);
      const m = await waitFor(async () => {
        const r = await s.api('GET', '/channels/email/outbox', { auth: s.admin });
        const x = r.json.outbox[0];
        return x && x.attempts >= 1 ? x : null;
      }, 8000);
      assert.ok(m, 'an attempt was made');
      assert.equal(m.status, expect, JSON.stringify(m));
      assert.ok(m.last_error && m.last_error.startsWith('could not send email'), m.last_error);
      if (expect === 'queued') {
        assert.ok(m.next_attempt_at);
        const f = await waitFor(async () => {
          const r = await s.api('GET', `/channels/email/outbox/${m.id}`, { auth: s.admin });
          return r.json.message.status === 'failed' ? r.json.message : null;
        }, 12000);
        assert.ok(f, 'failed after the last attempt');
        assert.equal(f.attempts, 3);
      }
      const retry = await s.api('POST', `/channels/email/outbox/${m.id}/retry`, { auth: s.admin });
      assert.equal(retry.status, 200);
      assert.equal(retry.json.message.status, 'queued');
      const other = await srv.api('GET', `/channels/email/outbox/${m.id}`, { auth: srv.admin });
      assert.ok(other.status === 404 || other.json.message.message_id !== m.message_id);
    } finally {
      await s.stop();
    }
  }
  refusing.stop();
});

test('templates: the requester\'s locale picks the brand template and language', async () => {
  const me = (await srv.api('GET', '/users/me', { auth: srv.admin })).json.user;
  const brand = me && (await srv.api('GET', '/brands', { auth: srv.admin })).json.brands.find((b) => b.default);
  const tpl = await srv.api('POST', '/channels/email/templates', { auth: srv.admin, body: { email_template: {
    brand_id: brand.id, locale: 'de', html: '<div>{{delimiter}}</div><section>{{content}}</section><i>{{footer}}</i>',
    text: '{{delimiter}}\n\nDE: {{content}}\n-- {{brand.name}}' } } });
  assert.equal(tpl.status, 201, tpl.text);
  const dup = await srv.api('POST', '/channels/email/templates', { auth: srv.admin, body: { email_template: {
    brand_id: brand.id, locale: 'DE', html: 'x', text: 'y' } } });
  assert.equal(dup.status, 422);
  const u = await srv.api('POST', '/users', { auth: srv.admin, body: { user: { name: 'Hans', email: 'hans@example.de', locale: 'de-CH' } } });
  assert.equal(u.status, 201, u.text);
  const c = await srv.api('POST', '/tickets', { auth: srv.admin, body: { ticket: {
    subject: 'Hallo', requester_id: u.json.user.id, comment: { body: 'Guten Tag', public: true } } } });
  assert.equal(c.status, 201, c.text);
  const out = await waitFor(async () => {
    const r = await srv.api('GET', '/channels/email/outbox?status=sent', { auth: srv.admin });
    return r.json.outbox.find((m) => m.ticket_id === c.json.ticket.id);
  });
  assert.ok(out);
  const file = await waitFor(() => fs.readdirSync(sink.dir).map((f) => path.join(sink.dir, f))
    .find((f) => fs.readFileSync(f, 'utf8').includes(out.message_id)));
  const mail = spawnSync('python3', ['-c', 'import sys,email;m=email.message_from_binary_file(open(sys.argv[1],"rb"));' +
    'print("\\n".join(p.get_payload(decode=True).decode(p.get_content_charset()) for p in m.walk() if not p.is_multipart()))', file],
  { encoding: 'utf8' }).stdout;
  assert.match(mail, /DE: Guten Tag/);
  assert.match(mail, /Bitte geben Sie Ihre Antwort über dieser Zeile ein/);
  assert.match(mail, /<section><p>Guten Tag<\/p><\/section>/);
  const other = await srv.api('GET', `/channels/email/templates/${tpl.json.email_template.id}`,
    { auth: srv.basic('admin@beta.test', 'beta-password-1'), host: `beta.localhost:${srv.port}` });
  assert.equal(other.status, 404);
});

test('the agent workspace\'s mail (password resets) is delivered through the same queue', async () => {
  const r = await srv.api('POST', '/agent/password/reset', { raw: 'email=admin%40acme.test',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://acme.localhost:${srv.port}` },
    host: `acme.localhost:${srv.port}` });
  assert.equal(r.status, 200, r.text);
  const m = await waitFor(async () => {
    const o = await srv.api('GET', '/channels/email/outbox?status=sent', { auth: srv.admin });
    return o.json.outbox.find((x) => x.kind === 'password_reset');
  });
  assert.ok(m, 'the reset mail was sent');
  assert.deepEqual(m.to.map((x) => x.email), ['admin@acme.test']);
  assert.equal(m.from.email, 'support@acme.localhost');
  const file = await waitFor(() => fs.readdirSync(sink.dir).map((f) => path.join(sink.dir, f))
    .find((f) => fs.readFileSync(f, 'utf8').includes(m.message_id)));
  assert.match(fs.readFileSync(file, 'utf8'), /Auto-Submitted: auto-generated/);
});

test('triggers see a mailed ticket as via email; its audit and comment say so', async () => {
  const trig = async (title, via, tag) => {
    const r = await srv.api('POST', '/triggers.json', { auth: srv.admin, body: { trigger: { title,
      conditions: { all: [{ field: 'via_id', operator: 'is', value: via },
        { field: 'comment_includes_word', operator: 'includes', value: 'viacheck' }] },
      actions: [{ field: 'current_tags', value: tag }] } } });
    assert.equal(r.status, 201, r.text);
  };
  await trig('Mailed', 4, 'came_by_mail');
  await trig('From the API', 5, 'came_by_api');
  const raw = 'Subject: Via check\r\nMessage-ID: <viacheck@example.org>\r\n\r\nviacheck please\r\n';
  const id = ticketIdOf(swaks(srv.smtpPort, { to: 'support@acme.localhost', from: 'via@example.org', raw }));
  const tk = await ticket(id);
  assert.deepEqual(tk.tags, ['came_by_mail']);
  const au = await srv.api('GET', `/tickets/${id}/audits.json`, { auth: srv.admin });
  assert.equal(au.json.audits[0].via.channel, 'email');
  assert.equal(au.json.audits[0].via.source.from.address, 'via@example.org');
  assert.equal((await comments(id))[0].via.channel, 'email');
  const api = await srv.api('POST', '/tickets.json', { auth: srv.admin,
    body: { ticket: { subject: 'API', comment: { body: 'viacheck' } } } });
  assert.deepEqual(api.json.ticket.tags, ['came_by_api']);
});
