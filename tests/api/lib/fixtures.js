// Records the ticket tests need that no API on this branch creates yet
// (agents, groups, organizations, brands), written straight into the
// test server's SQLite store with the sqlite3 command-line shell.  The
// server reads them like any other row (WAL mode lets both write).
'use strict';
const { execFileSync } = require('node:child_process');

function dbPath(srv) {
  return srv.db.replace(/^sqlite:/, '');
}

// Runs one SQL statement; returns its output lines.
function sql(srv, statement) {
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', dbPath(srv), statement],
    { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean);
}

function q(s) {
  return s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`;
}

function accountId(srv, sub = 'acme') {
  return Number(sql(srv, `SELECT id FROM accounts WHERE subdomain = ${q(sub)}`)[0]);
}

function now() {
  return Math.floor(Date.now() / 1000);
}

// Adds a user; returns its id.
function addUser(srv, { name, email, role = 'end-user', organizationId = null, sub = 'acme' }) {
  const acct = accountId(srv, sub);
  return Number(sql(srv, `INSERT INTO users(account_id, name, email, role, organization_id,
    created_at, updated_at) VALUES (${acct}, ${q(name)}, ${q(email)}, ${q(role)},
    ${organizationId === null ? 'NULL' : organizationId}, ${now()}, ${now()}) RETURNING id`)[0]);
}

function addGroup(srv, name, sub = 'acme') {
  const acct = accountId(srv, sub);
  return Number(sql(srv, `INSERT INTO groups_(account_id, name, created_at, updated_at)
    VALUES (${acct}, ${q(name)}, ${now()}, ${now()}) RETURNING id`)[0]);
}

function addOrganization(srv, name, sub = 'acme') {
  const acct = accountId(srv, sub);
  return Number(sql(srv, `INSERT INTO organizations(account_id, name, created_at, updated_at)
    VALUES (${acct}, ${q(name)}, ${now()}, ${now()}) RETURNING id`)[0]);
}

function addBrand(srv, name, subdomain, sub = 'acme') {
  const acct = accountId(srv, sub);
  return Number(sql(srv, `INSERT INTO brands(account_id, name, subdomain, created_at, updated_at)
    VALUES (${acct}, ${q(name)}, ${q(subdomain)}, ${now()}, ${now()}) RETURNING id`)[0]);
}

module.exports = { sql, accountId, addUser, addGroup, addOrganization, addBrand };
