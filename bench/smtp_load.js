#!/usr/bin/env node
// bench/smtp_load.js: sends N messages to an SMTP server over C parallel
// connections (each one EHLO, then MAIL/RCPT/DATA per message, pipelined
// as RFC 2920 allows), every message from its own sender to `to`.
// Prints "inbound N messages in S s: R msg/s" and exits non-zero when any
// message was not answered 250.
//
//   node bench/smtp_load.js PORT N C TO
'use strict';
const net = require('node:net');

const [port, total, conns, to] = [Number(process.argv[2]), Number(process.argv[3]),
  Number(process.argv[4] || 8), process.argv[5] || 'support@bench.localhost'];

function message(i) {
  return `From: Customer ${i} <customer${i}@bench-senders.test>\r\n` +
    `To: ${to}\r\nSubject: Bench message ${i}\r\n` +
    `Message-ID: <bench.${i}.${process.pid}@bench-senders.test>\r\n` +
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
    `Hello, this is benchmark message number ${i}.\r\nIt has two lines.\r\n.\r\n`;
}

// One connection sending messages next() hands out until it returns -1.
function client(next) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    let ok = 0, bad = 0;
    const replies = [];
    let waiting = null;
    s.setEncoding('utf8');
    s.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (line[3] === '-') continue; // multi-line reply continues
        replies.push(line);
      }
      if (waiting) waiting();
    });
    s.on('error', reject);
    const reply = () => new Promise((r) => {
      const check = () => { if (replies.length) { waiting = null; r(replies.shift()); } else waiting = check; };
      check();
    });
    s.on('connect', async () => {
      try {
        await reply(); // greeting
        s.write('EHLO bench.test\r\n');
        await reply();
        for (let i = next(); i >= 0; i = next()) {
          s.write(`MAIL FROM:<customer${i}@bench-senders.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
          const r1 = await reply(), r2 = await reply(), r3 = await reply();
          if (!r1.startsWith('250') || !r2.startsWith('250') || !r3.startsWith('354')) {
            bad++;
            s.write('RSET\r\n');
            await reply();
            continue;
          }
          s.write(message(i));
          const r4 = await reply();
          if (r4.startsWith('250')) ok++; else bad++;
        }
        s.end('QUIT\r\n');
        resolve({ ok, bad });
      } catch (e) { reject(e); }
    });
  });
}

(async () => {
  let n = 0;
  const next = () => (n < total ? n++ : -1);
  const t0 = process.hrtime.bigint();
  const res = await Promise.all(Array.from({ length: conns }, () => client(next)));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const ok = res.reduce((a, r) => a + r.ok, 0);
  const bad = res.reduce((a, r) => a + r.bad, 0);
  console.log(`inbound ${ok} messages in ${secs.toFixed(2)} s over ${conns} connections: ` +
    `${(ok / secs).toFixed(0)} msg/s${bad ? ` (${bad} refused)` : ''}`);
  process.exit(bad ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
