// Shared set-up of the ticket tests: sign-ins for any user of an account
// (API tokens are account-wide, so email/token:T signs in as that user),
// and small request helpers that assert their expected status.
'use strict';
const assert = require('node:assert/strict');
const { basic } = require('./server');

// Returns as(email) -> Authorization value for any user of the account.
async function signIns(srv, adminEmail, password, host) {
  const { token } = await srv.tokenAuth(adminEmail, password, host);
  return (email) => basic(`${email}/token`, token);
}

async function expect(srv, status, method, p, opts) {
  const r = await srv.api(method, p, opts);
  assert.equal(r.status, status, `${method} ${p}: ${r.status} ${r.text}`);
  return r;
}

// Creates a ticket and returns {ticket, audit}.
async function createTicket(srv, auth, ticket, host) {
  const r = await expect(srv, 201, 'POST', '/tickets.json', { auth, host, body: { ticket } });
  return r.json;
}

async function updateTicket(srv, auth, id, ticket, host) {
  const r = await expect(srv, 200, 'PUT', `/tickets/${id}.json`, { auth, host, body: { ticket } });
  return r.json;
}

// Follows links.next (cursor) or next_page (offset) from path to the end;
// returns every item under root and the number of pages.
async function followAll(srv, auth, p, root, host) {
  const items = [];
  let url = p;
  let pages = 0;
  while (url) {
    const r = await expect(srv, 200, 'GET', url, { auth, host });
    pages++;
    items.push(...r.json[root]);
    const next = r.json.links ? r.json.links.next : r.json.next_page;
    if (r.json.links) assert.equal(r.json.meta.has_more, Boolean(next));
    url = next ? new URL(next).pathname + new URL(next).search : null;
  }
  return { items, pages };
}

module.exports = { signIns, expect, createTicket, updateTicket, followAll };
