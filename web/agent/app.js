// The agent workspace: boots on every /agent URL the server answers with
// the shell page, loads the signed-in agent and their language, draws the
// layout (top bar, side bar, main region) and routes on location.pathname.
//
// Pages are ES modules loaded on first use; each exports
//   render(main, params, app) -> optional cleanup function
// and may register keyboard shortcuts with app.keys.page({key: fn}).
// Navigation uses the History API; links with data-nav stay in the app.
// Once a page has drawn, main gets data-ready and the performance mark
// "parley:usable" is set (bench/agent_pages.js times pages by it).

import { h, mount } from './lib/dom.js';
import { get, signOut } from './lib/api.js';
import { setLang, preloadLang, t } from './lib/i18n.js';
import { createKeys } from './lib/keys.js';
import { connect } from './lib/live.js';
import { viewsNav } from './lib/views_nav.js';

// [pattern, module, title key, admin only]; the first match wins.
const ROUTES = [
  [/^\/agent\/?$/, './pages/tickets.js', 'nav.tickets'],
  [/^\/agent\/tickets\/?$/, './pages/tickets.js', 'nav.tickets'],
  [/^\/agent\/tickets\/new$/, './pages/new_ticket.js', 'nav.new_ticket'],
  [/^\/agent\/tickets\/(\d+)$/, './pages/ticket.js', 'ticket.title'],
  [/^\/agent\/views\/(\d+)$/, './pages/view.js', 'views.title'],
  [/^\/agent\/search$/, './pages/search.js', 'search.title'],
  [/^\/agent\/users\/(\d+)$/, './pages/user.js', 'user.title'],
  [/^\/agent\/admin(?:\/([a-z_]+)(?:\/(new|\d+))?)?\/?$/, './admin/admin.js', 'nav.admin', true],
];

const app = {
  me: null,
  t,
  main: null,
  cleanup: null,
  navigate(path, { replace = false } = {}) {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    route();
  },
  // A short message read out by screen readers too.
  toast(message, kind = 'ok') {
    const el = document.getElementById('toast');
    mount(el, h('p', { class: `toast ${kind}` }, message));
    clearTimeout(app.toastTimer);
    app.toastTimer = setTimeout(() => mount(el), 5000);
  },
};

function navLink(path, label, key) {
  return h('li', null, h('a', { href: path, 'data-nav': true, 'aria-keyshortcuts': key }, label));
}

// The search box of the top bar ("/" focuses it): the results page.
function searchForm() {
  const box = h('input', { type: 'search', id: 'search-box', name: 'q', autocomplete: 'off',
    placeholder: t('search.placeholder'), 'aria-keyshortcuts': '/' });
  return h('form', { role: 'search', class: 'search', onsubmit: (e) => {
    e.preventDefault();
    if (box.value.trim()) app.navigate(`/agent/search?q=${encodeURIComponent(box.value.trim())}`);
  } }, h('label', { for: 'search-box', class: 'visually-hidden' }, t('search.label')), box);
}

function layout() {
  const admin = app.me.role === 'admin';
  app.main = h('main', { id: 'main', tabindex: '-1' });
  const root = document.getElementById('app');
  mount(root,
    h('a', { class: 'skip', href: '#main' }, t('layout.skip')),
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '/agent', 'data-nav': true }, 'Parley'),
      searchForm(),
      h('div', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link', onclick: () => app.keys.help() },
        t('keys.button')),
      h('span', { class: 'who' }, app.me.name),
      h('button', { type: 'button', class: 'secondary', onclick: signOut }, t('layout.sign_out'))),
    h('div', { class: 'layout' },
      h('nav', { class: 'sidebar', 'aria-label': t('layout.nav') },
        h('ul', null,
          navLink('/agent/tickets', t('nav.tickets'), 'g t'),
          navLink('/agent/tickets/new', t('nav.new_ticket'), 'n'),
          admin ? navLink('/agent/admin', t('nav.admin'), 'g a') : null),
        viewsNav(app)),
      app.main),
    h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' }));
  root.removeAttribute('aria-busy');
}

// Marks the side bar link of the current page.
function markCurrent(path = currentPath()) {
  for (const a of document.querySelectorAll('.sidebar a')) {
    const href = a.getAttribute('href');
    const current = path === href || (href !== '/agent/tickets' && path.startsWith(href + '/')) ||
      (href === '/agent/tickets' && (path === '/agent' || /^\/agent\/tickets\/\d+$/.test(path)));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

const currentPath = () => location.pathname.replace(/\/+$/, '') || '/agent';

// The first route matching path: {mod, title, adminOnly, params}, or null.
function find(path) {
  for (const [re, mod, title, adminOnly] of ROUTES) {
    const m = path.match(re);
    if (m) return { mod, title, adminOnly, params: m.slice(1) };
  }
  return null;
}

async function route() {
  const path = currentPath();
  if (app.cleanup) app.cleanup();
  app.cleanup = null;
  app.keys.page({});
  markCurrent(path);
  delete app.main.dataset.ready;
  performance.mark('parley:navigate');
  const r = find(path);
  if (!r || (r.adminOnly && app.me.role !== 'admin')) {
    document.title = 'Parley';
    mount(app.main, h('h1', null, t('common.not_found')));
    return;
  }
  document.title = `${t(r.title)} · Parley`;
  mount(app.main, h('p', { class: 'loading' }, t('common.loading')));
  try {
    const page = await import(r.mod);
    app.cleanup = (await page.render(app.main, r.params, app)) || null;
    app.main.dataset.ready = path;
    performance.mark('parley:usable');
  } catch (err) {
    mount(app.main, h('h1', null, t('common.error')), h('p', { role: 'alert' }, err.message));
  }
}

// Links marked data-nav change the page without reloading.
function interceptLinks() {
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-nav]');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    app.navigate(a.getAttribute('href'));
    app.main.focus();
  });
  window.addEventListener('popstate', route);
}

async function boot() {
  // The first page's module and the English catalog load while users/me
  // answers, rather than one after the other.
  const first = find(currentPath());
  if (first) import(first.mod).catch(() => {});
  preloadLang();
  const { user } = await get('users/me');
  app.me = user;
  await setLang(user.locale);
  app.keys = createKeys(app);
  app.markCurrent = markCurrent;
  app.keys.global({
    'g t': () => app.navigate('/agent/tickets'),
    'g h': () => app.navigate('/agent'),
    n: () => app.navigate('/agent/tickets/new'),
    '/': () => document.getElementById('search-box').select(),
    ...(user.role === 'admin' ? { 'g a': () => app.navigate('/agent/admin') } : {}),
  });
  layout();
  interceptLinks();
  connect();
  await route();
}

boot();
