// Keyboard shortcuts.  A key is a single character ("n", "?"), a sequence
// of two ("g t": g, then t within a second), or a chord with Ctrl/Alt
// ("ctrl+Enter").  Plain keys are ignored while typing in a field; chords
// work everywhere.  Global keys come from app.js, page keys from the page
// shown (replaced on each navigation).  "?" lists them all.

import { h, mount } from './dom.js';

function typing(target) {
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function nameOf(e) {
  const mods = (e.ctrlKey || e.metaKey ? 'ctrl+' : '') + (e.altKey ? 'alt+' : '');
  return mods + e.key;
}

export function createKeys(app) {
  let globalKeys = {};
  let pageKeys = {};
  let prefix = null;
  let prefixTimer = null;
  const t = app.t;

  const dialog = h('dialog', { class: 'keys', 'aria-labelledby': 'keys-title' });
  document.body.append(dialog);

  function describe(key) {
    const k = `keys.${key === '/' ? 'slash' : key.replace(/[^a-z0-9]+/gi, '_')}`;
    const text = t(k);
    return text === k ? key : text;
  }

  function help() {
    const rows = (keys) => Object.keys(keys).map((k) =>
      h('tr', null, h('th', { scope: 'row' }, h('kbd', null, k)), h('td', null, describe(k))));
    mount(dialog,
      h('h2', { id: 'keys-title' }, t('keys.title')),
      h('table', null, h('tbody', null, rows({ '?': null, ...globalKeys, ...pageKeys }))),
      h('form', { method: 'dialog' }, h('button', { type: 'submit' }, t('common.close'))));
    dialog.showModal();
  }

  document.addEventListener('keydown', (e) => {
    if (dialog.open) return;
    const name = nameOf(e);
    const chord = name.includes('+');
    if (!chord && typing(e.target)) return;
    const keys = { '?': help, ...globalKeys, ...pageKeys };
    let fn = null;
    if (prefix) {
      fn = keys[`${prefix} ${name}`];
      prefix = null;
      clearTimeout(prefixTimer);
    } else if (keys[name]) {
      fn = keys[name];
    } else if (!chord && Object.keys(keys).some((k) => k.startsWith(name + ' '))) {
      prefix = name;
      prefixTimer = setTimeout(() => { prefix = null; }, 1000);
      e.preventDefault();
      return;
    }
    if (fn) {
      e.preventDefault();
      fn(e);
    }
  });

  return {
    global(keys) { globalKeys = keys; },
    page(keys) { pageKeys = keys; },
    help,
  };
}
