// What the admin center's browser tests share: a server serving the web
// root with a page signed in as the account's admin, and screenshots
// named admin-NAME.
//
//   let srv, page;
//   before(async () => ({ srv, page } = await start()));
//   after(() => stop(srv));
'use strict';
const path = require('node:path');
const { startServer, ROOT } = require('../../api/lib/server');
const { open, signIn, shot: shotAs, closeAll } = require('./browser');

const ADMIN = ['admin@acme.test', 'acme-password-1'];

async function start() {
  const srv = await startServer({ args: ['--web-root', path.join(ROOT, 'web')] });
  const page = await open();
  await signIn(page, srv.origin, ...ADMIN);
  return { srv, page };
}

async function stop(srv) {
  await closeAll();
  await srv.stop();
}

const shot = (page, name) => shotAs(page, `admin-${name}`);

module.exports = { ADMIN, start, stop, shot };
