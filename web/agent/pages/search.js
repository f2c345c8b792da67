// Search results: GET search?query= (the query language of docs/search.md:
// words, "phrases", keyword:value, -negation, type:, order_by:) with offset
// paging, 25 a page.  Tickets, users and organizations come mixed, in the
// API's order; the query is in the URL (?q=&page=).  An invalid query
// shows the API's description.  Keys: j/k move, o opens.

import { h, mount, when } from '../lib/dom.js';
import { get, ApiError } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { listTable, pager, rowKeys } from '../lib/table.js';
import { statusBadge } from '../lib/tickets.js';

const PER_PAGE = 25;

function hrefOf(r) {
  if (r.result_type === 'ticket') return `/agent/tickets/${r.id}`;
  if (r.result_type === 'user') return `/agent/users/${r.id}`;
  return null;
}

export async function render(main, params, app) {
  const t = app.t;
  const q = new URLSearchParams(location.search);
  const query = (q.get('q') || '').trim();
  const page = Math.max(1, Number(q.get('page')) || 1);
  const box = document.getElementById('search-box');
  if (box && document.activeElement !== box) box.value = query;
  document.title = `${t('search.title')} · Parley`;
  const head = h('h1', null, query ? t('search.results_for', { query }) : t('search.title'));
  if (!query) {
    mount(main, head, h('p', null, t('search.help')));
    return null;
  }
  let json;
  try {
    json = await get(`search?query=${encodeURIComponent(query)}&page=${page}&per_page=${PER_PAGE}`);
  } catch (err) {
    if (!(err instanceof ApiError) || ![400, 422].includes(err.status)) throw err;
    mount(main, head, h('div', { class: 'error-box', role: 'alert' },
      h('p', null, t('search.invalid'), ' ', err.message)), h('p', null, t('search.help')));
    return null;
  }
  const go = (p) => app.navigate(`/agent/search?q=${encodeURIComponent(query)}&page=${p}`);
  const title = (r) => {
    const text = r.result_type === 'ticket' ? (r.subject || t('ticket.no_subject')) : r.name;
    const href = hrefOf(r);
    return href ? h('a', { href, 'data-nav': true }, text) : text;
  };
  const columns = [
    { id: 'type', label: t('search.type'), cell: (r) => t(`search.type_${r.result_type}`) },
    { id: 'id', label: t('column.nice_id'), cell: (r) => (r.result_type === 'ticket' ? `#${r.id}` : '') },
    { id: 'title', label: t('search.name'), cell: title },
    { id: 'detail', label: t('search.detail'), cell: (r) => (r.result_type === 'ticket'
      ? statusBadge(r.status, t) : r.email ?? '') },
    { id: 'updated', label: t('column.updated'), cell: (r) => h('time', { datetime: r.updated_at }, when(r.updated_at, lang)) },
  ];
  const count = Math.min(json.count, 1000);
  const table = json.results.length ? listTable({ caption: t('search.title'), columns,
    rows: json.results, rowId: (r) => `${r.result_type}:${r.id}` }) : null;
  mount(main,
    h('div', { class: 'page-head' }, head,
      h('span', { class: 'count' }, t('search.count', { count: json.count }))),
    table || h('p', null, t('search.none')),
    pager(t, page, Math.max(1, Math.ceil(count / PER_PAGE)), go));
  rowKeys(app, table, (key) => {
    const [type, id] = key.split(':');
    const href = hrefOf({ result_type: type, id });
    if (href) app.navigate(href);
  });
  return null;
}
