// All tickets: GET /api/v2/tickets with offset paging and sorting by the
// columns the API sorts on.  The URL keeps the state (?sort=&order=&page=)
// so reloads and the back button return to the same page.  The list
// reloads when tickets change (lib/refresh.js).  Keys: j/k move, o opens.

import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { listTable, pager, liveList } from '../lib/table.js';
import { ticketCell, refsOf } from '../lib/columns.js';

const PER_PAGE = 25;
// Column id -> the API's sort_by.
const SORTS = { nice_id: 'id', status: 'status', priority: 'priority', updated: 'updated_at' };
const COLUMNS = ['nice_id', 'subject', 'requester', 'status', 'priority', 'updated'];

export async function render(main, params, app) {
  const t = app.t;
  const q = new URLSearchParams(location.search);
  const sort = Object.values(SORTS).includes(q.get('sort')) ? q.get('sort') : 'updated_at';
  const order = q.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(q.get('page')) || 1);
  const path = `tickets?page=${page}&per_page=${PER_PAGE}&sort_by=${sort}&sort_order=${order}&include=users`;
  const go = (s, o, p) => app.navigate(`/agent/tickets?sort=${s}&order=${o}&page=${p}`);
  const cols = COLUMNS.map((id) => ({ id, label: t(`column.${id}`), sortable: id in SORTS,
    order: id === 'nice_id' ? 'asc' : 'desc', cell: null }));

  return liveList(app, main, await get(path), () => get(path), (json) => {
    const refs = refsOf(json);
    cols.forEach((c) => { c.cell = (tk) => ticketCell(c.id, tk, refs, t); });
    return {
      head: h('div', { class: 'page-head' },
        h('h1', null, t('nav.tickets')),
        h('span', { class: 'count' }, t('tickets.count', { count: json.count })),
        h('a', { class: 'button', href: '/agent/tickets/new', 'data-nav': true }, t('nav.new_ticket'))),
      table: json.tickets.length ? listTable({ caption: t('nav.tickets'), columns: cols,
        rows: json.tickets, sort: Object.keys(SORTS).find((k) => SORTS[k] === sort), order,
        onSort: (s, o) => go(SORTS[s], o, 1), rowId: (tk) => tk.id }) : null,
      empty: h('p', null, t('tickets.none')),
      pager: pager(t, page, Math.max(1, Math.ceil(json.count / PER_PAGE)), (p) => go(sort, order, p)),
    };
  });
}
