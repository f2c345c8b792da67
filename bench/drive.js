#!/usr/bin/env node
// Sends N requests of one kind, one after another on one keep-alive
// connection, and exits non-zero on any answer that is not 2xx: the load of
// bench/callgrind.sh, where a server under valgrind must not be flooded.
//
//   node bench/drive.js ORIGIN AUTH KIND N [ID_MIN ID_MAX]
//
// KIND: me (GET users/me), show (GET tickets/{id}, ids spread over
// ID_MIN..ID_MAX), list (GET tickets.json), create (POST tickets.json with
// bench/wrk/ticket.json, the body of the wrk script).
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [origin, auth, kind, nArg, loArg, hiArg] = process.argv.slice(2);
const N = Number(nArg);
const lo = Number(loArg || 1), hi = Number(hiArg || 1);
const kinds = {
  me: () => ['GET', '/api/v2/users/me.json'],
  show: (i) => ['GET', `/api/v2/tickets/${lo + (i * 7919) % (hi - lo + 1)}.json`],
  list: () => ['GET', '/api/v2/tickets.json'],
  create: () => ['POST', '/api/v2/tickets.json'],
};
if (!origin || !auth || !kinds[kind] || !(N > 0)) {
  console.error('usage: drive.js ORIGIN AUTH me|show|list|create N [ID_MIN ID_MAX]');
  process.exit(2);
}
const body = fs.readFileSync(path.join(__dirname, 'wrk', 'ticket.json'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const { hostname, port } = new URL(origin);

function one(i) {
  const [method, p] = kinds[kind](i);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: p, method, agent,
      headers: { Authorization: auth, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve()
        : reject(new Error(`${method} ${p}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

(async () => {
  for (let i = 0; i < N; i++) await one(i);
  agent.destroy();
})().catch((e) => {
  console.error(`drive.js: ${e.message}`);
  process.exit(1);
});
