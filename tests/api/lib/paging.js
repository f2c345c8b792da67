// Follows Zendesk's two paging styles to the end, checking the paging
// metadata on the way, and returns every record seen.
//
//   const { items, pages } = await pageCursor(srv, '/users.json', 'users', 7, { auth });
//   const { items } = await pageOffset(srv, '/users.json', 'users', 7, { auth });
'use strict';
const assert = require('node:assert/strict');

// An absolute link of the server as a path srv.api() takes; checks that it
// starts with the API base node-zendesk compares against.
function linkPath(srv, link, host) {
  const u = new URL(link);
  assert.equal(u.origin, host ? `http://${host}` : srv.origin, `link ${link}`);
  assert.ok(u.pathname.startsWith('/api/v2/'), `link ${link}`);
  return u.pathname + u.search;
}

function withQuery(path, q) {
  return path + (path.includes('?') ? '&' : '?') + q;
}

async function pageCursor(srv, path, root, size, opts = {}) {
  const items = [];
  let url = withQuery(path, `page[size]=${size}`);
  let pages = 0;
  for (;;) {
    const r = await srv.api('GET', url, opts);
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json[root]), r.text);
    assert.ok(r.json[root].length <= size);
    assert.equal(r.json.count, undefined);
    items.push(...r.json[root]);
    pages++;
    const { meta, links } = r.json;
    assert.equal(meta.has_more, links.next !== null);
    if (!links.next) break;
    assert.equal(r.json[root].length, size);
    assert.equal(meta.after_cursor, String(r.json[root][size - 1].id));
    url = linkPath(srv, links.next, opts.host);
  }
  return { items, pages };
}

async function pageOffset(srv, path, root, perPage, opts = {}) {
  const items = [];
  let url = withQuery(path, `per_page=${perPage}`);
  let pages = 0;
  let count;
  for (;;) {
    const r = await srv.api('GET', url, opts);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json[root]);
    pages++;
    if (count === undefined) count = r.json.count;
    assert.equal(r.json.count, count);
    assert.equal(r.json.previous_page === null, pages === 1);
    if (!r.json.next_page) break;
    assert.equal(r.json[root].length, perPage);
    url = linkPath(srv, r.json.next_page, opts.host);
  }
  assert.equal(items.length, count);
  return { items, pages, count };
}

// Asserts every record appears once and returns their ids.
function uniqueIds(items) {
  const ids = items.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'a record was seen twice');
  return ids;
}

module.exports = { pageCursor, pageOffset, uniqueIds, linkPath };
