// A person's profile with the tickets they requested.

import { h, mount, when } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { statusBadge } from '../lib/tickets.js';

export async function render(main, [idText], app) {
  const t = app.t;
  const id = Number(idText);
  const [{ user }, requested] = await Promise.all([
    get(`users/${id}`),
    get(`users/${id}/tickets/requested?per_page=50&sort_by=updated_at&sort_order=desc`),
  ]);
  document.title = `${user.name} · Parley`;
  mount(main,
    h('h1', null, user.name),
    h('dl', { class: 'facts' },
      h('dt', null, t('field.email')), h('dd', null, user.email ?? '–'),
      h('dt', null, t('field.role')), h('dd', null, t(`role.${user.role}`)),
      h('dt', null, t('user.local_time')), h('dd', null, user.time_zone),
      h('dt', null, t('user.since')), h('dd', null, when(user.created_at, lang))),
    h('h2', null, t('user.requested')),
    requested.tickets.length ? h('ul', { class: 'others' }, requested.tickets.map((x) => h('li', null,
      h('a', { href: `/agent/tickets/${x.id}`, 'data-nav': true }, `#${x.id} ${x.subject || ''}`), ' ',
      statusBadge(x.status, t)))) : h('p', null, t('common.none')));
  return null;
}
