// Fixtures shared by the help center tests (API, pages and browser).
//
// Users and extra brands are written straight into the test store with the
// sqlite3 command-line shell: the users and brands APIs live on other
// branches.  Every user of an account signs in with the account's API token
// (Zendesk's tokens are account-wide), so no password hashing is needed.
'use strict';
const { execFileSync } = require('node:child_process');

function sql(srv, text) {
  const file = srv.db.replace(/^sqlite:/, '');
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, text], { encoding: 'utf8' }).trim();
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function accountId(srv, sub) {
  return Number(sql(srv, `SELECT id FROM accounts WHERE subdomain = ${q(sub)}`));
}

// Adds a user and returns {id, email, auth} (token auth with `token`).
function addUser(srv, { sub = 'acme', name, email, role = 'end-user', token, tags, orgId }) {
  const aid = accountId(srv, sub);
  const extra = JSON.stringify(tags ? { tags } : {});
  const id = Number(sql(srv, `INSERT INTO users(account_id, name, email, role, organization_id,
    extra, created_at, updated_at) VALUES (${aid}, ${q(name)}, ${q(email)}, ${q(role)},
    ${orgId || 'NULL'}, ${q(extra)}, 0, 0) RETURNING id`));
  return { id, email, auth: srv.basic(`${email}/token`, token) };
}

// Adds a brand to an account; returns its id.
function addBrand(srv, { sub = 'acme', name, subdomain, hostMapping = null }) {
  const aid = accountId(srv, sub);
  return Number(sql(srv, `INSERT INTO brands(account_id, name, subdomain, host_mapping,
    created_at, updated_at) VALUES (${aid}, ${q(name)}, ${q(subdomain)},
    ${hostMapping ? q(hostMapping) : 'NULL'}, 0, 0) RETURNING id`));
}

// A token for the account's admin plus an agent and an end user.
async function people(srv, sub = 'acme', adminEmail = srv.adminEmail, password = 'acme-password-1',
  host = undefined) {
  const { token, auth } = await srv.tokenAuth(adminEmail, password, host);
  const agent = addUser(srv, { sub, name: 'Agnes Agent', email: `agent@${sub}.test`, role: 'agent', token });
  const reader = addUser(srv, { sub, name: 'Rita Reader', email: `reader@${sub}.test`, token });
  return { token, admin: { auth }, agent, reader };
}

// Creates category -> section -> article as the given auth; returns ids.
async function tree(srv, auth, { host, article = {}, locale } = {}) {
  const pre = locale ? `/help_center/${locale}` : '/help_center';
  let r = await srv.api('POST', `${pre}/categories.json`, { auth, host,
    body: { category: { name: 'General', description: 'Everything' } } });
  if (r.status !== 201) throw new Error('category: ' + r.text);
  const category = r.json.category.id;
  r = await srv.api('POST', `${pre}/categories/${category}/sections.json`, { auth, host,
    body: { section: { name: 'Getting started' } } });
  if (r.status !== 201) throw new Error('section: ' + r.text);
  const section = r.json.section.id;
  r = await srv.api('POST', `${pre}/sections/${section}/articles.json`, { auth, host,
    body: { article: { title: 'Reset your password', body: '<p>Use the link.</p>', ...article } } });
  if (r.status !== 201) throw new Error('article: ' + r.text);
  return { category, section, article: r.json.article.id, articleJson: r.json.article };
}

module.exports = { sql, addUser, addBrand, people, tree, accountId };
