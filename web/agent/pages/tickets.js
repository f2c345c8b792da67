// The ticket list: GET /api/v2/tickets with offset paging and sorting by
// the columns the API sorts on.  The URL keeps the state (?sort=&order=&
// page=) so reloads and the back button return to the same page.
// Keys: j/k move the selection, o or Enter opens it.
// Live: a ticket created, updated or deleted elsewhere (parley:ticket,
// lib/live.js) redraws the page from the API, at most once a second.

import { h, mount, when } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { statusBadge } from '../lib/tickets.js';

const PER_PAGE = 25;
const SORTABLE = ['id', 'status', 'priority', 'created_at', 'updated_at'];
const REFRESH_MS = 1000;

export async function render(main, params, app) {
  await draw(main, app);
  let timer = null;
  const refresh = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      // Keep the focus on the ticket it was on, when it is still listed.
      const focused = document.activeElement?.closest?.('tr[data-id]')?.dataset.id;
      draw(main, app).then(() => {
        main.querySelector(`tr[data-id="${focused}"] a`)?.focus();
      }).catch(() => {}); // the next event or a reload tries again
    }, REFRESH_MS);
  };
  window.addEventListener('parley:ticket', refresh);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('parley:ticket', refresh);
  };
}

async function draw(main, app) {
  const t = app.t;
  const q = new URLSearchParams(location.search);
  const sort = SORTABLE.includes(q.get('sort')) ? q.get('sort') : 'updated_at';
  const order = q.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(q.get('page')) || 1);
  const json = await get(`tickets?page=${page}&per_page=${PER_PAGE}&sort_by=${sort}` +
    `&sort_order=${order}&include=users`);
  const users = new Map((json.users || []).map((u) => [u.id, u]));
  const pages = Math.max(1, Math.ceil(json.count / PER_PAGE));
  const go = (s, o, p) => app.navigate(`/agent/tickets?sort=${s}&order=${o}&page=${p}`);

  const header = (col, label) => {
    if (!SORTABLE.includes(col)) return h('th', { scope: 'col' }, label);
    const active = col === sort;
    return h('th', { scope: 'col', 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null },
      h('button', { type: 'button', class: 'sort',
        onclick: () => go(col, active && order === 'desc' ? 'asc' : 'desc', 1) },
      label, active ? (order === 'asc' ? ' ▲' : ' ▼') : ''));
  };

  const rows = json.tickets.map((tk) => h('tr', { dataset: { id: tk.id } },
    h('td', null, `#${tk.id}`),
    h('td', null, h('a', { href: `/agent/tickets/${tk.id}`, 'data-nav': true }, tk.subject || t('ticket.no_subject'))),
    h('td', null, users.get(tk.requester_id)?.name ?? ''),
    h('td', null, statusBadge(tk.status, t)),
    h('td', null, tk.priority ? t(`priority.${tk.priority}`) : '–'),
    h('td', null, h('time', { datetime: tk.updated_at }, when(tk.updated_at, lang)))));

  mount(main,
    h('div', { class: 'page-head' },
      h('h1', null, t('nav.tickets')),
      h('span', { class: 'count' }, t('tickets.count', { count: json.count })),
      h('a', { class: 'button', href: '/agent/tickets/new', 'data-nav': true }, t('nav.new_ticket'))),
    json.tickets.length === 0 ? h('p', null, t('tickets.none')) :
      h('table', { class: 'list tickets' },
        h('caption', { class: 'visually-hidden' }, t('nav.tickets')),
        h('thead', null, h('tr', null,
          header('id', t('ticket.id')), header('subject', t('ticket.subject')),
          header('requester', t('ticket.requester')), header('status', t('ticket.status')),
          header('priority', t('ticket.priority')), header('updated_at', t('ticket.updated_at')))),
        h('tbody', null, rows)),
    pages > 1 ? h('nav', { class: 'pager', 'aria-label': t('common.pages') },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => go(sort, order, page - 1) },
        t('common.previous')),
      h('span', null, t('common.page_of', { page, pages })),
      h('button', { type: 'button', disabled: page >= pages, onclick: () => go(sort, order, page + 1) },
        t('common.next'))) : null);

  let sel = -1;
  const select = (i) => {
    if (!rows.length) return;
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => r.classList.toggle('selected', k === sel));
    rows[sel].querySelector('a').focus();
  };
  const open = () => sel >= 0 && app.navigate(`/agent/tickets/${rows[sel].dataset.id}`);
  app.keys.page({ j: () => select(sel + 1), k: () => select(sel - 1), o: open });
}
