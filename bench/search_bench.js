// search_bench.js: latency of Parley's search and view counts, and export
// throughput, over the data set of search_seed.c, sequentially over one
// keep-alive connection.
//
//   node bench/search_bench.js ORIGIN HOST ADMIN_AUTH AGENT_AUTH VOCAB OUT_DIR
//
// Makes 1,000 mixed queries (and 200 more to warm up) from the vocabulary:
// two words, a word with a field filter, field filters only, date ranges,
// sorted ones; a fixed seed makes the same mix every run.  Writes the
// words of the text queries to OUT_DIR/words.txt for the bare FTS5
// baseline, and the 20 slowest queries to OUT_DIR/slowest.txt.  Prints one line per figure:
//   search <kind> <n> <p50_ms> <p99_ms> <mean_results>
//   count_many <n> <p50_ms> <p99_ms>
//   export <tickets> <seconds> <tickets_per_s>
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [origin, host, adminAuth, agentAuth, vocabFile, outDir] = process.argv.slice(2);
const url = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const EXPORT_PAGES = Number(process.env.EXPORT_PAGES || 0);   // 0: all

let seed = 12345;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const vocab = {};
for (const line of fs.readFileSync(vocabFile, 'utf8').split('\n')) {
  const i = line.indexOf(' ');
  if (i < 0) continue;
  (vocab[line.slice(0, i)] ||= []).push(line.slice(i + 1));
}
const langs = Object.keys(vocab);
// A word drawn log-uniformly by rank: frequent and rare words alike.
function word(lang) {
  const v = vocab[lang];
  return v[Math.min(v.length - 1, Math.floor(Math.exp(rand() * Math.log(v.length))))];
}
const day = (d) => new Date(Date.now() - d * 86400e3).toISOString().slice(0, 10);

// One query: {kind, q, extra (query string), words (for the baseline)}.
function query() {
  const lang = pick(langs);
  const r = rand();
  const w1 = word(lang), w2 = word(lang);
  const filter = () => pick(['status<solved', 'status:open', 'priority>normal', 'status:closed',
    `tags:tag${1 + Math.floor(rand() * 20)}`, 'ticket_type:incident']);
  if (r < 0.30) return { kind: 'two words', q: `${w1} ${w2}`, words: [w1, w2] };
  if (r < 0.45) return { kind: 'word + field', q: `${w1} ${filter()}`, words: [w1] };
  if (r < 0.60) {
    const q = pick([
      () => `assignee:agent${1 + Math.floor(rand() * 40)}@bench.test status<solved`,
      () => `tags:tag${1 + Math.floor(rand() * 300)} status:open`,
      () => `requester:user${1 + Math.floor(rand() * 50000)}@example${Math.floor(rand() * 97)}.test`,
      () => `group:${2 + Math.floor(rand() * 8)} priority:urgent status<closed`,
      () => `status:pending priority:high ticket_type:question`,
    ])();
    return { kind: 'fields', q, words: [] };
  }
  if (r < 0.80) {
    // Windows of a day to a month, anywhere in the two years, or recent.
    const from = 1 + Math.floor(rand() * 700), len = 1 + Math.floor(rand() * 30);
    const d = pick([
      () => ({ q: `created>${day(from + len)} created<${day(from)} status:closed`, words: [] }),
      () => ({ q: `${w1} created>${day(from + len)} created<${day(from)}`, words: [w1] }),
      () => ({ q: `${w1} created>${len}days`, words: [w1] }),
      () => ({ q: `type:ticket updated>${1 + Math.floor(rand() * 12)}hours`, words: [] }),
      () => ({ q: `solved>${day(from + 3)} solved<${day(from)}`, words: [] }),
    ])();
    return { kind: 'dates', ...d };
  }
  const s = pick([
    () => ({ q: `${w1} order_by:created sort:desc`, words: [w1] }),
    () => ({ q: `${w1} ${w2}`, extra: '&sort_by=updated_at&sort_order=desc', words: [w1, w2] }),
    () => ({ q: 'priority:urgent status<solved', extra: '&sort_by=updated_at&sort_order=desc', words: [] }),
    () => ({ q: `${w1} status<solved`, extra: '&sort_by=priority&sort_order=desc', words: [w1] }),
  ])();
  return { kind: 'sorted', ...s };
}

// A GET; a keep-alive socket the server closed just as the request left is
// retried once (the request is idempotent).
async function get(p, auth) {
  try {
    return await once(p, auth);
  } catch (e) {
    if (e.code !== 'ECONNRESET') throw e;
    return once(p, auth);
  }
}

function once(p, auth) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http.get({ hostname: url.hostname, port: url.port, path: p, agent,
      headers: { Host: host, Authorization: auth } }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} ${p}: ${body.slice(0, 300)}`));
        resolve([ms, JSON.parse(body)]);
      });
    }).on('error', (e) => { e.message = `${e.message}: ${p}`; reject(e); });
  });
}

const at = (t, p) => t[Math.min(t.length - 1, Math.floor(t.length * p))];
const fmt = (t) => `${at(t, 0.5).toFixed(2)} ${at(t, 0.99).toFixed(2)}`;

(async () => {
  const searchPath = (x) => `/api/v2/search.json?query=${encodeURIComponent(x.q)}${x.extra || ''}`;
  for (let i = 0; i < 200; i++) await get(searchPath(query()), adminAuth);
  const qs = Array.from({ length: 1000 }, query);
  fs.writeFileSync(path.join(outDir, 'words.txt'), qs.filter((x) => x.words.length)
    .map((x) => x.words.join(' ')).join('\n') + '\n');
  const by = {};
  const all = [];
  const slow = [];
  for (const x of qs) {
    const [ms, body] = await get(searchPath(x), adminAuth);
    (by[x.kind] ||= { t: [], n: 0 }).t.push(ms);
    by[x.kind].n += body.count;
    all.push(ms);
    slow.push([ms, body.count, x.q + (x.extra || '')]);
  }
  fs.writeFileSync(path.join(outDir, 'slowest.txt'), slow.sort((a, b) => b[0] - a[0]).slice(0, 20)
    .map(([ms, n, q]) => `${ms.toFixed(1)} ms  ${n} results  ${q}`).join('\n') + '\n');
  for (const [k, v] of Object.entries(by))
    console.log(`search ${k.replace(/ /g, '_')} ${v.t.length} ${fmt(v.t.sort((a, b) => a - b))} ${Math.round(v.n / v.t.length)}`);
  console.log(`search all ${all.length} ${fmt(all.sort((a, b) => a - b))} -`);

  const views = (await get('/api/v2/views.json', agentAuth))[1].views.map((v) => v.id);
  const cm = [];
  for (let i = 0; i < 20; i++) await get(`/api/v2/views/count_many.json?ids=${views.join(',')}`, agentAuth);
  let counts;
  for (let i = 0; i < 200; i++) {
    const [ms, body] = await get(`/api/v2/views/count_many.json?ids=${views.join(',')}`, agentAuth);
    cm.push(ms);
    counts = body.view_counts.map((c) => c.value);
  }
  console.log(`count_many ${cm.length} ${fmt(cm.sort((a, b) => a - b))} ${counts.join(',')}`);

  let next = '/api/v2/incremental/tickets.json?start_time=0';
  let tickets = 0, pages = 0;
  const t0 = process.hrtime.bigint();
  for (;;) {
    const [, body] = await get(next, adminAuth);
    tickets += body.tickets.length;
    pages++;
    if (body.end_of_stream || (EXPORT_PAGES && pages >= EXPORT_PAGES)) break;
    const u = new URL(body.next_page);
    next = u.pathname + u.search;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`export ${tickets} ${s.toFixed(1)} ${Math.round(tickets / s)}`);
})().catch((e) => { console.error(e.message); process.exit(1); });
