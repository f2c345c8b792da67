// The side bar's views: the agent's active views, shared and personal, in
// position order (GET views/active), each with its ticket count from one
// GET views/count_many.  Both reload when tickets change (lib/live.js:
// the "parley:ticket" event, debounced, and a one-minute timer), and at
// once after the agent's own writes (app.ticketsChanged), so a view made or
// removed meanwhile shows up too.

import { h, mount } from './dom.js';
import { get } from './api.js';
import { onTicketChange } from './refresh.js';

const MAX_VIEWS = 100;  // views/count_many takes up to 100 ids

// Returns the side bar section; it loads itself and keeps current.  The
// list is drawn again only when the views change; counts change in place,
// so focus and the current page's mark stay where they are.
export function viewsNav(app) {
  const t = app.t;
  const title = h('h2', { id: 'views-title' }, t('views.title'));
  const section = h('section', { class: 'views', 'aria-labelledby': 'views-title' },
    title, h('p', { class: 'muted' }, t('common.loading')));
  const links = new Map();   // view id -> [view, link, count element]
  let shown = null;

  function draw(views) {
    links.clear();
    const item = (v) => {
      const count = h('span', { class: 'count' }, '…');
      const a = h('a', { href: `/agent/views/${v.id}`, 'data-nav': true },
        h('span', { class: 'title' }, v.title), count);
      links.set(v.id, [v, a, count]);
      return h('li', null, a);
    };
    const shared = views.filter((v) => v.restriction?.type !== 'User');
    const personal = views.filter((v) => v.restriction?.type === 'User');
    mount(section, title,
      views.length ? null : h('p', { class: 'muted' }, t('views.none')),
      shared.length ? h('ul', null, shared.map(item)) : null,
      personal.length ? [h('h3', null, t('views.personal')), h('ul', null, personal.map(item))] : null);
    app.markCurrent();
  }

  async function load() {
    const { views } = await get(`views/active?per_page=${MAX_VIEWS}`);
    const key = JSON.stringify(views.map((v) => [v.id, v.title, v.restriction?.type ?? null]));
    if (key !== shown) {
      draw(views);
      shown = key;
    }
    if (!views.length) return;
    const { view_counts: counts } = await get(`views/count_many?ids=${views.map((v) => v.id).join(',')}`);
    for (const c of counts) {
      const [v, a, el] = links.get(c.view_id) || [];
      if (!v) continue;
      const value = c.pretty ?? String(c.value);
      el.textContent = value;
      a.setAttribute('aria-label', `${v.title} (${t('tickets.count', { count: value })})`);
    }
    performance.mark('parley:views');
  }

  load().catch(() => mount(section, title, h('p', { class: 'error' }, t('views.failed'))));
  // The agent's own writes refresh the counts at once (app.ticketsChanged).
  app.ticketsChanged = () => load().catch(() => {});
  onTicketChange(app.ticketsChanged);
  return section;
}
