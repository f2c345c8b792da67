// What the browser tests share: Debian's chromium driven by playwright-core
// with a fresh profile per page, signing in to the agent workspace, and
// screenshots into test-artifacts/screenshots/ for reviewers.
//
//   const page = await open();               // page.errors: uncaught errors
//   const small = await open({ width: 1100, height: 900 });
//   await signIn(page, srv.origin, email, password);
//   await shot(page, 'agent-02-tickets');
//   await closeAll();                        // in after()
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ROOT } = require('../../api/lib/server');

const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browsers = [];

// A fresh chromium profile with a viewport of width x height; errors
// thrown by the page land in page.errors.
async function open({ width = 1280, height = 800 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width, height }, locale: 'en-US',
  });
  browsers.push({ ctx, dir });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.setDefaultTimeout(10000);
  return page;
}

// Signs in at origin's /agent and waits for the workspace.
async function signIn(page, origin, email, password) {
  await page.goto(origin + '/agent');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: /Workspace|Espacio de trabajo/ }).waitFor();
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Closes every browser open() started and removes its profile.
async function closeAll() {
  for (const { ctx, dir } of browsers.splice(0)) {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { open, signIn, shot, closeAll };
