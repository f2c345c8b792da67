// The admin center (/agent/admin/...): a menu of the settings pages in
// admin/resources.js and the page chosen, drawn by admin/resource.js.
// Everything goes through the public API, as external clients do.

import { h, mount } from '../lib/dom.js';
import { RESOURCES } from './resources.js';
import { renderList, renderForm } from './resource.js';

export async function render(main, [key, sub], app) {
  const t = app.t;
  const res = RESOURCES.find((r) => r.key === key);
  const body = h('div', { class: 'admin-body' });
  mount(main,
    h('div', { class: 'admin' },
      h('nav', { class: 'admin-nav', 'aria-label': t('nav.admin') },
        h('h1', null, t('nav.admin')),
        h('ul', null, RESOURCES.map((r) => h('li', null,
          h('a', { href: `/agent/admin/${r.key}`, 'data-nav': true,
            'aria-current': r === res ? 'page' : null }, t(`admin.${r.key}`)))))),
      body));
  if (!res) {
    mount(body, h('p', { class: 'intro' }, t('admin.intro')));
    return null;
  }
  document.title = `${t(`admin.${res.key}`)} · Parley`;
  if (sub && !res.readOnly) return renderForm(body, res, sub === 'new' ? null : Number(sub), app);
  return renderList(body, res, app);
}
