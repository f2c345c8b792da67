// The side bar's views: the agent's active views, shared and personal, in
// position order (GET views/active), each with its ticket count from one
// GET views/count_many.  Both reload when tickets change (lib/live.js:
// the "parley:ticket" event, debounced, and a one-minute timer), so a
// view made or removed meanwhile shows up too.

import { h, mount } from './dom.js';
import { get } from './api.js';
import { onTicketChange } from './live.js';

const MAX_VIEWS = 100;  // views/count_many takes up to 100 ids

function item(v, count, t) {
  const value = count ? count.pretty ?? String(count.value) : '…';
  return h('li', null, h('a', { href: `/agent/views/${v.id}`, 'data-nav': true,
    'aria-label': `${v.title} (${t('tickets.count', { count: value })})` },
  h('span', { class: 'title' }, v.title), h('span', { class: 'count' }, value)));
}

// Returns the side bar section; it loads itself and keeps current.
export function viewsNav(app) {
  const t = app.t;
  const section = h('section', { class: 'views', 'aria-labelledby': 'views-title' },
    h('h2', { id: 'views-title' }, t('views.title')),
    h('p', { class: 'muted' }, t('common.loading')));

  async function load() {
    const { views } = await get(`views/active?per_page=${MAX_VIEWS}`);
    const ids = views.map((v) => v.id);
    const counts = new Map();
    if (ids.length) {
      const { view_counts: vc } = await get(`views/count_many?ids=${ids.join(',')}`);
      for (const c of vc) counts.set(c.view_id, c);
    }
    const shared = views.filter((v) => v.restriction?.type !== 'User');
    const personal = views.filter((v) => v.restriction?.type === 'User');
    const list = (vs) => h('ul', null, vs.map((v) => item(v, counts.get(v.id), t)));
    mount(section,
      h('h2', { id: 'views-title' }, t('views.title')),
      views.length ? null : h('p', { class: 'muted' }, t('views.none')),
      shared.length ? list(shared) : null,
      personal.length ? [h('h3', null, t('views.personal')), list(personal)] : null);
    app.markCurrent();
    performance.mark('parley:views');
  }

  load().catch(() => mount(section, h('h2', { id: 'views-title' }, t('views.title')),
    h('p', { class: 'error' }, t('views.failed'))));
  onTicketChange(() => load().catch(() => {}));
  return section;
}
