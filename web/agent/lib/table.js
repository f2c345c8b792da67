// The paged, sortable lists of the workspace (all tickets, a view's
// tickets, search results): a table whose sortable column headers are
// buttons with aria-sort, a pager, the list keys j/k (move) and o (open),
// and liveList, a ticket list page that reloads when tickets change.  The
// page keeps the sort and page in its URL; this module only draws and
// reports clicks.

import { h, mount } from './dom.js';
import { onTicketChange } from './refresh.js';

// columns: [{id, label, sortable, cell(row) -> node or text}]; sort and
// order ('asc'|'desc') name the current order; onSort(id, order).
export function listTable({ caption, columns, rows, sort, order, onSort, rowId }) {
  const header = (col) => {
    if (!col.sortable) return h('th', { scope: 'col' }, col.label);
    const active = col.id === sort;
    const next = active ? (order === 'asc' ? 'desc' : 'asc') : (col.order || 'asc');
    return h('th', { scope: 'col', 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null },
      h('button', { type: 'button', class: 'sort', onclick: () => onSort(col.id, next) },
        col.label, h('span', { 'aria-hidden': 'true' }, active ? (order === 'asc' ? ' ▲' : ' ▼') : '')));
  };
  const trs = rows.map((row) => h('tr', { dataset: { id: rowId(row) } },
    columns.map((col) => h('td', { class: `col-${col.id}` }, col.cell(row)))));
  const table = h('table', { class: 'list tickets' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, columns.map(header))),
    h('tbody', null, trs));
  table.rows_ = trs;
  return table;
}

// "Previous · Page 2 of 9 · Next"; null for a single page.
export function pager(t, page, pages, go) {
  if (pages <= 1) return null;
  return h('nav', { class: 'pager', 'aria-label': t('common.pages') },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, t('common.previous')),
    h('span', null, t('common.page_of', { page, pages })),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) }, t('common.next')));
}

// j/k move the selection over the table's rows, o opens the selected one
// (open(id)).  After a redraw, keep selects that row again, and focus (the
// old list had focus) puts the focus back on its link.  Returns a function
// that tells the selected row.
export function rowKeys(app, table, open, { keep = -1, focus = false } = {}) {
  const rows = table ? table.rows_ : [];
  let sel = -1;
  const select = (i, focusIt = true) => {
    if (!rows.length) return;
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => r.classList.toggle('selected', k === sel));
    if (focusIt) rows[sel].querySelector('a')?.focus();
  };
  if (keep >= 0) select(keep, focus);
  app.keys.page({
    j: () => select(sel + 1),
    k: () => select(sel - 1),
    o: () => sel >= 0 && open(rows[sel].dataset.id),
  });
  return () => sel;
}

// A list of tickets drawn into main from data (first, then what reload()
// gives when tickets change, lib/live.js): parts(data) returns {head,
// table (listTable, or null when empty), empty, pager}.  The selected row
// and the focus on it survive a reload.  Returns the page's cleanup.
export function liveList(app, main, first, reload, parts) {
  let data = first;
  let selected = () => -1;
  const draw = (keep = -1) => {
    const focus = !!document.activeElement?.closest('tbody');
    const { head, table, empty, pager: nav } = parts(data);
    mount(main, head, table || empty, nav);
    selected = rowKeys(app, table, (id) => app.navigate(`/agent/tickets/${id}`),
      { keep: table ? Math.min(keep, table.rows_.length - 1) : -1, focus });
  };
  draw();
  return onTicketChange(async (alive) => {
    const keep = selected();
    const next = await reload().catch(() => null);
    if (!next || !alive()) return;
    data = next;
    draw(keep);
  });
}
