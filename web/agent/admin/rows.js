// A list of editable rows with "Add" and "Remove" buttons, the frame of
// the condition, action, holiday, opening-hours and form-condition
// editors.  make(value) draws one row and may be async: it resolves to
// {el, read, focus?}; the list reads as the rows' values in order.
//
// With `keep`, a row nobody changed reads as the value it was drawn from,
// so saving a rule unchanged sends back exactly what the API gave (true
// stays true rather than becoming "true", an id stays a number).

import { h } from '../lib/dom.js';

export function rowList({ legend, addLabel, items, make, t, hint, keep }) {
  const list = h('ul', { class: 'rows' });
  const rows = [];
  const addButton = h('button', { type: 'button', class: 'secondary add' }, addLabel);

  // "Remove: LEGEND N" tells the buttons apart for screen readers.
  const renumber = () => list.querySelectorAll(':scope > li > button.remove').forEach((b, i) =>
    b.setAttribute('aria-label', `${t('common.remove')}: ${legend} ${i + 1}`));

  async function add(value, focus) {
    const row = await make(value);
    if (keep && value !== undefined) {
      const drawn = JSON.stringify(row.read());
      const read = row.read;
      row.read = () => {
        const now = read();
        return JSON.stringify(now) === drawn ? value : now;
      };
    }
    const li = h('li', { class: 'row' }, row.el,
      h('button', { type: 'button', class: 'link remove',
        onclick: () => {
          rows.splice(rows.indexOf(row), 1);
          li.remove();
          renumber();
          addButton.focus();
        } }, t('common.remove')));
    rows.push(row);
    list.append(li);
    renumber();
    if (focus) (row.focus || li.querySelector('input, select, textarea'))?.focus();
  }

  addButton.addEventListener('click', () => add(undefined, true));
  const el = h('fieldset', { class: 'field rows-field' }, h('legend', null, legend),
    hint ? h('p', { class: 'hint' }, hint) : null, list, addButton);
  return {
    el,
    // Resolves once the first rows are drawn.
    ready: (async () => { for (const v of items || []) await add(v); })(),
    read: () => rows.map((r) => r.read()),
  };
}
