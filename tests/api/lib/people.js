// Agents, end users and groups for tests of resources that only need them
// to exist.  Users are made with POST /users when the build has it, and
// written straight into the test's store otherwise (the sqlite3 command
// line tool, in WAL mode next to the running server); groups and group
// memberships are always written to the store.
'use strict';
const { execFileSync } = require('node:child_process');
const { basic } = require('./server');

function sql(srv, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db.replace(/^sqlite:/, ''),
    statement], { encoding: 'utf8' }).trim();
}

function accountId(srv, sub) {
  return Number(sql(srv, `SELECT id FROM accounts WHERE subdomain = '${sub}'`));
}

// Creates a user of role in account sub and returns {id, auth} where auth
// signs in with an API token of that account (tokens are account-wide).
// admin: {auth, host} of an admin of the account.
async function makeUser(srv, admin, sub, email, role) {
  let r = await srv.api('POST', '/users.json', { ...admin,
    body: { user: { name: email.split('@')[0], email, role } } });
  let id;
  if (r.status === 201) id = r.json.user.id;
  else {
    const now = Math.floor(Date.now() / 1000);
    id = Number(sql(srv, `INSERT INTO users(account_id, name, email, role, verified,
      created_at, updated_at) VALUES (${accountId(srv, sub)}, '${email.split('@')[0]}',
      '${email}', '${role}', 1, ${now}, ${now}) RETURNING id`));
  }
  r = await srv.api('POST', '/api_tokens.json', { ...admin, body: { api_token: { description: email } } });
  if (r.status !== 201) throw new Error('token create failed: ' + r.text);
  return { id, auth: basic(`${email}/token`, r.json.api_token.token), host: admin.host };
}

// A group of account sub with the given member user ids; returns its id.
function makeGroup(srv, sub, name, memberIds = []) {
  const now = Math.floor(Date.now() / 1000);
  const aid = accountId(srv, sub);
  const gid = Number(sql(srv, `INSERT INTO groups_(account_id, name, created_at, updated_at)
    VALUES (${aid}, '${name}', ${now}, ${now}) RETURNING id`));
  for (const uid of memberIds)
    sql(srv, `INSERT INTO group_memberships(account_id, user_id, group_id, created_at,
      updated_at) VALUES (${aid}, ${uid}, ${gid}, ${now}, ${now})`);
  return gid;
}

module.exports = { makeUser, makeGroup, sql };
