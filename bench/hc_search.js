// hc_search.js: latency of GET /api/v2/help_center/articles/search.json
// for each query of a file, sequentially over one keep-alive connection.
//   node bench/hc_search.js ORIGIN HOST QUERIES_FILE ROUNDS
// Prints: requests p50_ms p99_ms total_results
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const [origin, host, file, rounds] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const queries = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const url = new URL(origin);

function get(q) {
  return new Promise((resolve, reject) => {
    const path = `/api/v2/help_center/articles/search.json?query=${encodeURIComponent(q)}&locale=en-us`;
    const t0 = process.hrtime.bigint();
    http.get({ hostname: url.hostname, port: url.port, path, agent, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} ${body}`));
        resolve([Number(process.hrtime.bigint() - t0) / 1e6, JSON.parse(body).count]);
      });
    }).on('error', reject);
  });
}

(async () => {
  const t = [];
  let found = 0;
  for (let r = 0; r < Number(rounds); r++)
    for (const q of queries) {
      const [ms, count] = await get(q);
      t.push(ms);
      found += count;
    }
  t.sort((a, b) => a - b);
  const at = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))];
  console.log(`${t.length} ${at(0.5).toFixed(3)} ${at(0.99).toFixed(3)} ${found}`);
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
