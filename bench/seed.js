#!/usr/bin/env node
// Seeds a running Parley with N tickets, each with its first comment and its
// own requester (so N end users are created too), through the API:
// POST /api/v2/tickets/create_many.json with 100 tickets per request, two
// requests in flight.  Falls back to one POST /api/v2/tickets.json per
// ticket when create_many is not routed.
//
//   node bench/seed.js ORIGIN AUTH N
//
// AUTH is an Authorization header value.  Prints one line on stdout,
//   seeded N tickets ids FIRST..LAST in S s
// and exits non-zero if any ticket failed.
'use strict';

const [origin, auth, nArg] = process.argv.slice(2);
const N = Number(nArg);
if (!origin || !auth || !(N > 0)) {
  console.error('usage: seed.js ORIGIN AUTH N');
  process.exit(2);
}
const BATCH = 100;
const IN_FLIGHT = 2;

function ticket(i) {
  return {
    subject: `Bench ticket ${i}: cannot sign in after password reset`,
    comment: {
      body: `Ticket ${i}. Since this morning I cannot sign in: the reset link ` +
        'says it expired although I used it within a minute. I tried two ' +
        'browsers and cleared cookies. Could you have a look?',
    },
    requester: { name: `Bench User ${i}`, email: `user${i}@bench.test` },
    tags: ['bench', `batch${Math.floor(i / BATCH)}`],
  };
}

async function call(method, path, body) {
  const res = await fetch(origin + path, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* reported below */ }
  return { status: res.status, json, text };
}

// Waits for a job that did not complete in its own request.
async function settle(job) {
  for (let tries = 0; !['completed', 'failed', 'killed'].includes(job.status); tries++) {
    if (tries > 600) throw new Error(`job ${job.id} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
    const r = await call('GET', `/api/v2/job_statuses/${job.id}.json`);
    if (r.status !== 200) throw new Error(`job status: ${r.status} ${r.text}`);
    job = r.json.job_status;
  }
  return job;
}

// Creates tickets first..first+count-1; returns their ids.
async function batch(first, count) {
  const tickets = [];
  for (let i = first; i < first + count; i++) tickets.push(ticket(i));
  const r = await call('POST', '/api/v2/tickets/create_many.json', { tickets });
  if (r.status === 404 || r.status === 405) return null;
  if (r.status !== 200 || !r.json || !r.json.job_status)
    throw new Error(`create_many: ${r.status} ${r.text.slice(0, 300)}`);
  const job = await settle(r.json.job_status);
  const results = job.results || [];
  const bad = results.filter((x) => x.success === false || x.error);
  if (bad.length || results.length !== count)
    throw new Error(`create_many: ${bad.length} failed, ${results.length}/${count} ` +
      `reported: ${JSON.stringify(bad[0] || job).slice(0, 300)}`);
  return results.map((x) => x.id);
}

async function one(i) {
  const r = await call('POST', '/api/v2/tickets.json', { ticket: ticket(i) });
  if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text.slice(0, 300)}`);
  return [r.json.ticket.id];
}

async function main() {
  const t0 = process.hrtime.bigint();
  const ids = [];
  let next = 0;
  let single = false;
  async function worker() {
    while (next < N) {
      const first = next;
      const count = Math.min(single ? 1 : BATCH, N - first);
      next += count;
      let got = single ? null : await batch(first, count);
      if (!got) {
        single = true;
        got = [];
        for (let i = first; i < first + count; i++) got.push(...await one(i));
      }
      ids.push(...got);
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  ids.sort((a, b) => a - b);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`seeded ${ids.length} tickets ids ${ids[0]}..${ids[ids.length - 1]}` +
    ` in ${secs.toFixed(1)} s${single ? ' (one POST per ticket)' : ''}`);
}

main().catch((e) => {
  console.error('seed: ' + e.message);
  process.exit(1);
});
