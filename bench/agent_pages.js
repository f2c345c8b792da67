// Time to usable of every agent workspace page, in Debian's chromium
// driven by playwright-core, against a running server (bench/agent_pages.sh
// seeds one and calls this).  "Usable" is the workspace's own mark: app.js
// sets the performance mark "parley:usable" and main[data-ready] once a
// page has drawn its content (its data fetched), so the time counts the
// API calls the page waits for.  Two figures per page:
//  - load: a full page load (shell page, modules, catalogs, users/me and
//    the page's API calls), from navigation start to the mark;
//  - nav: moving to the page inside the workspace (what an agent does
//    most), from the router's "parley:navigate" mark to "parley:usable";
//    "api" is the slowest API request of that navigation (the server's
//    share; the rest is the browser, on the same machine).
// The side bar's views and counts load beside the page; their time (from
// navigation start to "parley:views") is printed as its own row.
// Each page runs RUNS times after one warm-up; median and max in ms.
// Usage: node bench/agent_pages.js ORIGIN EMAIL PASSWORD TICKET_ID USER_ID
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [origin, email, password, ticketId, userId] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS || 7);

const PAGES = [
  ['tickets: first page, by update', '/agent/tickets'],
  ['tickets: page 200, by priority', '/agent/tickets?sort=priority&order=desc&page=200'],
  ['view: all unsolved', '/agent/views/3'],
  ['view: all unsolved by requester', '/agent/views/3?sort=requester&order=asc&page=1'],
  ['view: all unsolved, page 100', '/agent/views/3?sort=updated&order=desc&page=100'],
  ['view: unassigned', '/agent/views/2'],
  ['view: recently updated', '/agent/views/4'],
  ['view: pending', '/agent/views/5'],
  ['view: recently solved', '/agent/views/6'],
  ['search: a word', '/agent/search?q=printer'],
  ['search: status and word', '/agent/search?q=status%3Aopen%20login'],
  ['search: fields, sorted', '/agent/search?q=status%3Apending%20priority%3Ehigh%20order_by%3Acreated'],
  ['ticket page', `/agent/tickets/${ticketId}`],
  ['requester profile', `/agent/users/${userId}`],
  ['new ticket', '/agent/tickets/new'],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ready(page, p) {
  const want = new URL(origin + p).pathname.replace(/\/+$/, '');
  await page.waitForFunction((w) => document.querySelector('main')?.dataset.ready === w, want);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(origin + '/agent');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('main[data-ready]');

  const rows = [];
  const views = [];
  for (const [name, p] of PAGES) {
    const load = [];
    const nav = [];
    const api = [];
    for (let i = 0; i <= RUNS; i++) {
      await page.goto(origin + p);
      await ready(page, p);
      const t = await page.evaluate(() => performance.getEntriesByName('parley:usable').pop().startTime);
      if (i > 0) load.push(t);
      if (name.startsWith('tickets: first')) {
        await page.waitForFunction(() => performance.getEntriesByName('parley:views').length > 0);
        if (i > 0) views.push(await page.evaluate(() => performance.getEntriesByName('parley:views')[0].startTime));
      }
      // In-app: leave for the new-ticket form, then come back by the router.
      await page.evaluate(() => { history.pushState(null, '', '/agent/tickets/new'); dispatchEvent(new PopStateEvent('popstate')); });
      await ready(page, '/agent/tickets/new');
      await page.evaluate((to) => {
        performance.clearMarks();
        history.pushState(null, '', to);
        dispatchEvent(new PopStateEvent('popstate'));
      }, p);
      await ready(page, p);
      const [d, slowest] = await page.evaluate(() => {
        const start = performance.getEntriesByName('parley:navigate')[0].startTime;
        const calls = performance.getEntriesByType('resource')
          .filter((e) => e.startTime >= start && e.name.includes('/api/v2/'));
        return [performance.getEntriesByName('parley:usable')[0].startTime - start,
          Math.max(0, ...calls.map((e) => e.responseEnd - e.startTime))];
      });
      await page.evaluate(() => performance.clearResourceTimings());
      if (i > 0) {
        nav.push(d);
        api.push(slowest);
      }
    }
    rows.push([name, load, nav, api]);
  }
  const f = (x) => x.toFixed(0).padStart(7);
  console.log(`${'page'.padEnd(40)} ${'load p50'.padStart(9)} ${'max'.padStart(7)} ${'nav p50'.padStart(9)} ${'max'.padStart(7)} ${'api p50'.padStart(9)}`);
  for (const [name, load, nav, api] of rows) {
    console.log(`${name.padEnd(40)} ${f(median(load)).padStart(9)} ${f(Math.max(...load))} ${f(median(nav)).padStart(9)} ${f(Math.max(...nav))} ${f(median(api)).padStart(9)}`);
  }
  console.log(`${'side bar: views and counts (load)'.padEnd(40)} ${f(median(views)).padStart(9)} ${f(Math.max(...views))}`);
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => { console.error(err); process.exit(1); });
