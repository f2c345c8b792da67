// A view's tickets: GET views/{id} (title, columns, default order) and
// views/{id}/tickets with offset paging, sort_by/sort_order and the
// people, groups and organizations side-loaded.  The URL keeps the state
// (?sort=&order=&page=).  The list reloads when tickets change (lib/live.js)
// and keeps the selected row.  Keys: j/k move, o opens.

import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { listTable, pager, liveList } from '../lib/table.js';
import { ticketCell, refsOf } from '../lib/columns.js';

const PER_PAGE = 25;
const UNSORTABLE = ['satisfaction_score'];
// Columns that sort ascending first, as views.c's default order.
const ASCENDING = ['nice_id', 'subject', 'requester', 'submitter', 'assignee', 'group',
  'organization', 'brand'];

// Brand and form names, read only when the view shows those columns.
async function names(columns) {
  const ids = columns.map((c) => c.id);
  const [brands, forms] = await Promise.all([
    ids.includes('brand') ? get('brands?per_page=100') : null,
    ids.includes('ticket_form') ? get('ticket_forms?per_page=100') : null,
  ]);
  const byId = (list) => new Map((list || []).map((x) => [x.id, x]));
  return { brands: byId(brands?.brands), forms: byId(forms?.ticket_forms) };
}

export async function render(main, [idText], app) {
  const t = app.t;
  const id = Number(idText);
  const q = new URLSearchParams(location.search);
  const page = Math.max(1, Number(q.get('page')) || 1);
  const order = ['asc', 'desc'].includes(q.get('order')) ? q.get('order') : null;
  const sortParam = q.get('sort');
  const ticketsPath = `views/${id}/tickets?page=${page}&per_page=${PER_PAGE}` +
    (sortParam ? `&sort_by=${encodeURIComponent(sortParam)}` : '') +
    (order ? `&sort_order=${order}` : '') + '&include=users,groups,organizations';

  const [{ view }, first] = await Promise.all([get(`views/${id}`), get(ticketsPath)]);
  const ex = view.execution || {};
  const columns = [...(ex.columns || []), ...(ex.custom_fields || [])];
  if (!columns.some((c) => c.id === 'nice_id')) columns.unshift({ id: 'nice_id', title: 'ID' });
  const named = await names(columns);
  const sort = sortParam || ex.sort_by || 'nice_id';
  const sortOrder = order || ex.sort_order || 'asc';
  document.title = `${view.title} · Parley`;
  const go = (s, o, p) => app.navigate(`/agent/views/${id}?sort=${encodeURIComponent(s)}&order=${o}&page=${p}`);

  const cols = columns.map((c) => {
    const label = typeof c.id === 'number' ? c.title : t(`column.${c.id}`);
    return { id: c.id, label: label.startsWith('column.') ? c.title : label,
      sortable: typeof c.id === 'string' && !UNSORTABLE.includes(c.id),
      order: ASCENDING.includes(c.id) ? 'asc' : 'desc',
      cell: null };
  });

  return liveList(app, main, first, () => get(ticketsPath), (json) => {
    const refs = { ...refsOf(json), ...named };
    cols.forEach((c) => { c.cell = (tk) => ticketCell(c.id, tk, refs, t); });
    return {
      head: h('div', { class: 'page-head' },
        h('h1', null, view.title),
        h('span', { class: 'count' }, t('tickets.count', { count: json.count }))),
      table: json.tickets.length ? listTable({ caption: view.title, columns: cols, rows: json.tickets,
        sort, order: sortOrder, onSort: (s, o) => go(s, o, 1), rowId: (tk) => tk.id }) : null,
      empty: h('p', null, t('views.empty')),
      pager: pager(t, page, Math.max(1, Math.ceil(json.count / PER_PAGE)), (p) => go(sort, sortOrder, p)),
    };
  });
}
