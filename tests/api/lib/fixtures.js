// Records the ticket tests start from (users, groups, organizations,
// brands), created through the API as an admin, and read access to the
// test server's SQLite store for assertions about what is stored (the
// event log, soft deletes) through the sqlite3 command-line shell.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');

async function create(srv, auth, path, root, record, host) {
  const r = await srv.api('POST', path, { auth, host, body: { [root]: record } });
  assert.equal(r.status, 201, `POST ${path}: ${r.text}`);
  return r.json[root].id;
}

// Adds a user ({name, email, role, organization_id}); returns its id.
function addUser(srv, auth, user, host) {
  return create(srv, auth, '/users.json', 'user', user, host);
}

function addGroup(srv, auth, name, host) {
  return create(srv, auth, '/groups.json', 'group', { name }, host);
}

function addOrganization(srv, auth, name, host) {
  return create(srv, auth, '/organizations.json', 'organization', { name }, host);
}

function addBrand(srv, auth, name, subdomain, host) {
  return create(srv, auth, '/brands.json', 'brand', { name, subdomain }, host);
}

// Runs one SQL statement on the store; returns its output lines.
function sql(srv, statement) {
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000',
    srv.db.replace(/^sqlite:/, ''), statement], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean);
}

module.exports = { addUser, addGroup, addOrganization, addBrand, sql };
