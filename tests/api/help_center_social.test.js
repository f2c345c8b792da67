// Help Center API: votes, article comments, subscriptions, user segments and
// article attachments.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { people, tree, addUser } = require('./help_center.fixtures');

let srv, P, T, beta;
const HC = '/help_center';

test.before(async () => {
  srv = await startServer({ accounts: [['acme', 'admin@acme.test', 'acme-password-1'],
    ['beta', 'admin@beta.test', 'beta-password-1']] });
  P = await people(srv);
  T = await tree(srv, srv.admin);
  const host = `beta.localhost:${srv.port}`;
  beta = { host, ...(await srv.tokenAuth('admin@beta.test', 'beta-password-1', host)) };
});
test.after(() => srv.stop());

test('votes: up, change to down, counts on the article, list, show, delete', async () => {
  const id = T.article;
  let r = await srv.api('POST', `${HC}/articles/${id}/up.json`);
  assert.equal(r.status, 401, 'voting needs a signed-in user');
  r = await srv.api('POST', `${HC}/articles/${id}/up.json`, { auth: P.reader.auth });
  assert.equal(r.status, 201);
  const v = r.json.vote;
  assert.deepEqual([v.user_id, v.value, v.item_id, v.item_type], [P.reader.id, 1, id, 'Article']);
  assert.equal(v.url, `${srv.origin}/api/v2/help_center/votes/${v.id}.json`);
  r = await srv.api('POST', `${HC}/articles/${id}/down.json`, { auth: P.reader.auth });
  assert.equal(r.status, 200, 'the same vote, changed');
  assert.equal(r.json.vote.id, v.id);
  assert.equal(r.json.vote.value, -1);
  r = await srv.api('POST', `${HC}/articles/${id}/up.json`, { auth: P.agent.auth });
  r = await srv.api('GET', `${HC}/articles/${id}.json`);
  assert.equal(r.json.article.vote_sum, 0);
  assert.equal(r.json.article.vote_count, 2);
  r = await srv.api('GET', `${HC}/articles/${id}/votes.json`, { auth: P.agent.auth });
  assert.equal(r.json.votes.length, 2);
  r = await srv.api('GET', `${HC}/articles/${id}/votes.json`, { auth: P.reader.auth });
  assert.equal(r.status, 403);
  r = await srv.api('GET', `${HC}/users/${P.reader.id}/votes.json`, { auth: P.reader.auth });
  assert.deepEqual(r.json.votes.map((x) => x.id), [v.id]);
  r = await srv.api('GET', `${HC}/users/${P.agent.id}/votes.json`, { auth: P.reader.auth });
  assert.equal(r.status, 404, "another reader's votes");
  r = await srv.api('GET', `${HC}/votes/${v.id}.json`, { auth: P.reader.auth });
  assert.equal(r.json.vote.value, -1);
  r = await srv.api('DELETE', `${HC}/votes/${v.id}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/${id}.json`);
  assert.deepEqual([r.json.article.vote_sum, r.json.article.vote_count], [1, 1]);
  r = await srv.api('POST', `${HC}/articles/999999/up.json`, { auth: P.reader.auth });
  assert.equal(r.status, 404);
});

test('comments: create, list, show, edit by the author, moderation, disabled comments', async () => {
  const id = T.article;
  let r = await srv.api('POST', `${HC}/articles/${id}/comments.json`, { body: { comment: { body: 'hi' } } });
  assert.equal(r.status, 401);
  r = await srv.api('POST', `${HC}/articles/${id}/comments.json`, { auth: P.reader.auth, body: { comment: { body: 'Thanks, <b>it worked</b>' } } });
  assert.equal(r.status, 201);
  const c = r.json.comment;
  assert.equal(c.author_id, P.reader.id);
  assert.equal(c.source_type, 'Article');
  assert.equal(c.locale, 'en-us');
  assert.equal(c.body, 'Thanks, <b>it worked</b>');
  r = await srv.api('POST', `${HC}/articles/${id}/comments.json`, { auth: P.reader.auth, body: { comment: { body: '<script></script>' } } });
  assert.equal(r.status, 422, 'nothing left after sanitizing');
  r = await srv.api('GET', `${HC}/articles/${id}/comments.json`);
  assert.equal(r.json.count, 1);
  r = await srv.api('GET', `${HC}/articles/${id}/comments/${c.id}.json`);
  assert.equal(r.json.comment.id, c.id);
  r = await srv.api('GET', `${HC}/users/${P.reader.id}/comments.json`, { auth: P.reader.auth });
  assert.equal(r.json.comments.length, 1);
  const other = addUser(srv, { name: 'Otto', email: 'otto@acme.test', token: P.token });
  r = await srv.api('PUT', `${HC}/articles/${id}/comments/${c.id}.json`, { auth: other.auth, body: { comment: { body: 'hijack' } } });
  assert.equal(r.status, 403);
  r = await srv.api('PUT', `${HC}/articles/${id}/comments/${c.id}.json`, { auth: P.reader.auth, body: { comment: { body: 'Edited' } } });
  assert.equal(r.json.comment.body, 'Edited');
  r = await srv.api('DELETE', `${HC}/articles/${id}/comments/${c.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/${id}/comments/${c.id}.json`);
  assert.equal(r.status, 404);
  await srv.api('PUT', `${HC}/articles/${id}.json`, { auth: P.agent.auth, body: { article: { comments_disabled: true } } });
  r = await srv.api('POST', `${HC}/articles/${id}/comments.json`, { auth: P.reader.auth, body: { comment: { body: 'closed?' } } });
  assert.equal(r.status, 403);
  await srv.api('PUT', `${HC}/articles/${id}.json`, { auth: P.agent.auth, body: { article: { comments_disabled: false } } });
});

test('subscriptions: articles and sections, own ones for readers, all for agents', async () => {
  let r = await srv.api('POST', `${HC}/articles/${T.article}/subscriptions.json`, { auth: P.reader.auth,
    body: { subscription: { source_locale: 'en-us', include_comments: true } } });
  assert.equal(r.status, 201);
  const s = r.json.subscription;
  assert.deepEqual([s.content_type, s.content_id, s.user_id, s.include_comments], ['Article', T.article, P.reader.id, true]);
  r = await srv.api('POST', `${HC}/articles/${T.article}/subscriptions.json`, { auth: P.reader.auth, body: { subscription: {} } });
  assert.equal(r.status, 200, 'already subscribed');
  assert.equal(r.json.subscription.id, s.id);
  r = await srv.api('POST', `${HC}/articles/${T.article}/subscriptions.json`, { auth: P.reader.auth,
    body: { subscription: { user_id: P.agent.id } } });
  assert.equal(r.status, 403, 'readers subscribe only themselves');
  r = await srv.api('POST', `${HC}/sections/${T.section}/subscriptions.json`, { auth: P.agent.auth, body: { subscription: {} } });
  assert.equal(r.status, 201);
  const ss = r.json.subscription;
  r = await srv.api('GET', `${HC}/sections/${T.section}/subscriptions.json`, { auth: P.reader.auth });
  assert.equal(r.json.subscriptions.length, 0, "the agent's is not the reader's business");
  r = await srv.api('GET', `${HC}/sections/${T.section}/subscriptions.json`, { auth: P.agent.auth });
  assert.equal(r.json.subscriptions.length, 1);
  r = await srv.api('GET', `${HC}/sections/${T.section}/subscriptions/${ss.id}.json`, { auth: P.agent.auth });
  assert.equal(r.json.subscription.content_type, 'Section');
  r = await srv.api('GET', `${HC}/articles/${T.article}/subscriptions/${s.id}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 200);
  r = await srv.api('GET', `${HC}/users/${P.reader.id}/subscriptions.json`, { auth: P.reader.auth });
  assert.equal(r.json.subscriptions.length, 1);
  r = await srv.api('GET', `${HC}/articles/${T.article}/subscriptions.json`, { auth: P.agent.auth });
  assert.equal(r.json.subscriptions.length, 1);
  r = await srv.api('DELETE', `${HC}/sections/${T.section}/subscriptions/${ss.id}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 404);
  r = await srv.api('DELETE', `${HC}/articles/${T.article}/subscriptions/${s.id}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 204);
  r = await srv.api('DELETE', `${HC}/sections/${T.section}/subscriptions/${ss.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
});

test('user segments: built-ins, CRUD, applicability by tags, and article visibility', async () => {
  let r = await srv.api('GET', `${HC}/user_segments.json`, { auth: P.agent.auth });
  assert.equal(r.status, 200);
  const builtIn = r.json.user_segments;
  assert.deepEqual(builtIn.map((s) => [s.name, s.user_type, s.built_in]),
    [['Signed-in users', 'signed_in_users', true], ['Agents and admins', 'staff', true]]);
  r = await srv.api('PUT', `${HC}/user_segments/${builtIn[0].id}.json`, { auth: srv.admin, body: { user_segment: { name: 'x' } } });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `${HC}/user_segments.json`, { auth: srv.admin, body: { user_segment: { name: 'VIP', user_type: 'nobody' } } });
  assert.equal(r.status, 422);
  r = await srv.api('POST', `${HC}/user_segments.json`, { auth: P.agent.auth, body: { user_segment: { name: 'VIP', user_type: 'signed_in_users' } } });
  assert.equal(r.status, 403);
  r = await srv.api('POST', `${HC}/user_segments.json`, { auth: srv.admin,
    body: { user_segment: { name: 'VIP', user_type: 'signed_in_users', tags: ['vip'] } } });
  assert.equal(r.status, 201);
  const vip = r.json.user_segment;
  assert.deepEqual(vip.tags, ['vip']);
  r = await srv.api('PUT', `${HC}/user_segments/${vip.id}.json`, { auth: srv.admin, body: { user_segment: { name: 'VIP customers' } } });
  assert.equal(r.json.user_segment.name, 'VIP customers');
  r = await srv.api('GET', `${HC}/user_segments/${vip.id}.json`, { auth: P.agent.auth });
  assert.equal(r.json.user_segment.tags[0], 'vip');

  const vipUser = addUser(srv, { name: 'Vera VIP', email: 'vera@acme.test', token: P.token, tags: ['vip'] });
  r = await srv.api('GET', `${HC}/user_segments/applicable.json`, { auth: vipUser.auth });
  assert.deepEqual(r.json.user_segments.map((s) => s.id).sort(), [builtIn[0].id, vip.id].sort());
  r = await srv.api('GET', `${HC}/user_segments/applicable.json`, { auth: P.reader.auth });
  assert.deepEqual(r.json.user_segments.map((s) => s.id), [builtIn[0].id]);
  r = await srv.api('GET', `${HC}/users/${vipUser.id}/user_segments.json`, { auth: P.agent.auth });
  assert.ok(r.json.user_segments.some((s) => s.id === vip.id));

  const { article } = await tree(srv, srv.admin, { article: { title: 'VIP perks', user_segment_id: vip.id } });
  r = await srv.api('GET', `${HC}/articles/${article}.json`, { auth: vipUser.auth });
  assert.equal(r.status, 200);
  r = await srv.api('GET', `${HC}/articles/${article}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 404);
  r = await srv.api('GET', `${HC}/articles/${article}.json`);
  assert.equal(r.status, 404);
  r = await srv.api('POST', `${HC}/articles/${article}/up.json`, { auth: P.reader.auth });
  assert.equal(r.status, 404, 'no voting on what one cannot read');

  r = await srv.api('DELETE', `${HC}/user_segments/${builtIn[1].id}.json`, { auth: srv.admin });
  assert.equal(r.status, 422);
  r = await srv.api('DELETE', `${HC}/user_segments/${vip.id}.json`, { auth: srv.admin });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/${article}.json`);
  assert.equal(r.status, 200, 'segment gone: everyone');
});

function multipart(fields, file) {
  const boundary = '----parley' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
    `Content-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { raw: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

test('article attachments: upload, list inline and block, show, serve, delete', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c6a3c40000000049454e44ae426082', 'hex');
  let m = multipart({ inline: 'true' }, { name: 'dot.png', type: 'image/png', data: png });
  let r = await srv.api('POST', `${HC}/articles/${T.article}/attachments.json`, { auth: P.agent.auth, ...m });
  assert.equal(r.status, 201, r.text);
  const img = r.json.article_attachment;
  assert.deepEqual([img.file_name, img.content_type, img.size, img.inline], ['dot.png', 'image/png', png.length, true]);
  m = multipart({}, { name: 'evil.html', type: 'text/html', data: Buffer.from('<script>alert(1)</script>') });
  r = await srv.api('POST', `${HC}/articles/${T.article}/attachments.json`, { auth: P.agent.auth, ...m });
  assert.equal(r.status, 201);
  const html = r.json.article_attachment;
  r = await srv.api('POST', `${HC}/articles/${T.article}/attachments.json`, { auth: P.reader.auth, ...m });
  assert.equal(r.status, 403);
  r = await srv.api('POST', `${HC}/articles/${T.article}/attachments.json`, { auth: P.agent.auth, body: { x: 1 } });
  assert.equal(r.status, 400);
  r = await srv.api('GET', `${HC}/articles/${T.article}/attachments.json`);
  assert.equal(r.json.article_attachments.length, 2);
  r = await srv.api('GET', `${HC}/articles/${T.article}/attachments/inline.json`);
  assert.deepEqual(r.json.article_attachments.map((a) => a.id), [img.id]);
  r = await srv.api('GET', `${HC}/articles/${T.article}/attachments/block.json`);
  assert.deepEqual(r.json.article_attachments.map((a) => a.id), [html.id]);
  r = await srv.api('GET', `${HC}/articles/attachments/${img.id}.json`);
  assert.equal(r.json.article_attachment.content_url, `${srv.origin}/hc/article_attachments/${img.id}/dot.png`);
  r = await srv.api('GET', `/hc/article_attachments/${img.id}/dot.png`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'image/png');
  assert.ok(r.body.equals(png));
  r = await srv.api('GET', `/hc/article_attachments/${html.id}/evil.html`);
  assert.equal(r.headers['content-type'], 'application/octet-stream', 'never served as a page');
  assert.match(r.headers['content-disposition'], /^attachment/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  r = await srv.api('DELETE', `${HC}/articles/attachments/${html.id}.json`, { auth: P.agent.auth });
  assert.equal(r.status, 204);
  r = await srv.api('GET', `${HC}/articles/attachments/${html.id}.json`);
  assert.equal(r.status, 404);
});

test("another account's votes, comments, subscriptions, segments, attachments are 404", async () => {
  const a = T.article;
  const { host, auth } = beta;
  let r = await srv.api('POST', `${HC}/articles/${a}/up.json`, { auth: P.reader.auth });
  const vote = r.json.vote.id;
  r = await srv.api('POST', `${HC}/articles/${a}/comments.json`, { auth: P.reader.auth, body: { comment: { body: 'mine' } } });
  const comment = r.json.comment.id;
  r = await srv.api('POST', `${HC}/articles/${a}/subscriptions.json`, { auth: P.reader.auth, body: { subscription: {} } });
  const sub = r.json.subscription.id;
  r = await srv.api('GET', `${HC}/user_segments.json`, { auth: P.agent.auth });
  const seg = r.json.user_segments[0].id;
  const checks = [['POST', `articles/${a}/up`], ['POST', `articles/${a}/down`], ['GET', `articles/${a}/votes`],
    ['GET', `votes/${vote}`], ['DELETE', `votes/${vote}`], ['GET', `articles/${a}/comments`],
    ['GET', `articles/${a}/comments/${comment}`], ['PUT', `articles/${a}/comments/${comment}`, { comment: { body: 'x' } }],
    ['DELETE', `articles/${a}/comments/${comment}`], ['POST', `articles/${a}/comments`, { comment: { body: 'x' } }],
    ['GET', `articles/${a}/subscriptions`], ['GET', `articles/${a}/subscriptions/${sub}`],
    ['POST', `articles/${a}/subscriptions`, { subscription: {} }], ['DELETE', `articles/${a}/subscriptions/${sub}`],
    ['GET', `sections/${T.section}/subscriptions`], ['GET', `user_segments/${seg}`],
    ['PUT', `user_segments/${seg}`, { user_segment: { name: 'x' } }], ['DELETE', `user_segments/${seg}`],
    ['GET', `articles/${a}/attachments`], ['GET', `users/${P.reader.id}/user_segments`]];
  for (const [m, p, body] of checks) {
    r = await srv.api(m, `${HC}/${p}.json`, { auth, host, body });
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  r = await srv.api('GET', `${HC}/votes/${vote}.json`, { auth: P.reader.auth });
  assert.equal(r.status, 200, 'untouched');
});
