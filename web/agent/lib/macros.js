// Macros on the ticket page: a picker of the agent's active macros (GET
// macros/active, grouped by the category before "::" in their titles) and
// a preview of what the chosen one would do, from GET tickets/{id}/macros/
// {mid}/apply, which saves nothing.  "Apply" copies the changes into the
// ticket form and the reply box; the ticket is saved only when the agent
// submits it.  Key: m focuses the picker.

import { h, mount } from './dom.js';
import { get } from './api.js';

// form: {diff(resultTicket) -> [{label, from, to, set()}], comment(c)}
// where set() writes one change into the form and comment(c) puts the
// macro's comment {body, public} into the reply box.
export function macroPicker({ ticketId, macros, t, form }) {
  const groups = new Map();
  for (const m of macros) {
    const i = m.title.lastIndexOf('::');
    const cat = i > 0 ? m.title.slice(0, i).replace(/::/g, ' › ') : '';
    if (!groups.has(cat)) groups.set(cat, []);
    groups.get(cat).push([m.id, i > 0 ? m.title.slice(i + 2) : m.title]);
  }
  const option = ([id, title]) => h('option', { value: id }, title);
  const picker = h('select', { id: 'macro-picker', 'aria-keyshortcuts': 'm' },
    h('option', { value: '' }, t('macro.choose')),
    [...groups].map(([cat, items]) => (cat ? h('optgroup', { label: cat }, items.map(option)) : items.map(option))));
  const preview = h('div', { class: 'macro-preview', role: 'region', 'aria-label': t('macro.preview'),
    tabindex: '-1', hidden: true });

  function close() {
    preview.hidden = true;
    mount(preview);
    picker.value = '';
  }

  async function show() {
    if (!picker.value) return close();
    const title = picker.selectedOptions[0].textContent;
    const { result } = await get(`tickets/${ticketId}/macros/${picker.value}/apply`);
    const changes = form.diff(result.ticket);
    const comment = result.comment?.body ? result.comment : null;
    const apply = h('button', { type: 'button', onclick: () => {
      changes.forEach((c) => c.set());
      if (comment) form.comment(comment);
      close();
      form.applied(title);
    } }, t('macro.apply'));
    mount(preview,
      h('h3', null, t('macro.preview_of', { title })),
      changes.length || comment ? h('dl', { class: 'changes' },
        changes.map((c) => [h('dt', null, c.label), h('dd', null,
          h('del', null, c.from || '–'), ' → ', h('ins', null, c.to || '–'))]),
        comment ? [h('dt', null, comment.public ? t('ticket.public_reply') : t('ticket.internal_note')),
          h('dd', null, h('div', { class: 'body' }, comment.body))] : null)
        : h('p', null, t('macro.no_changes')),
      h('p', { class: 'hint' }, t('macro.not_saved')),
      h('div', { class: 'actions' }, apply,
        h('button', { type: 'button', class: 'secondary', onclick: () => { close(); picker.focus(); } },
          t('macro.cancel'))));
    preview.hidden = false;
    preview.focus();
  }

  picker.addEventListener('change', () => show().catch((err) => {
    mount(preview, h('p', { class: 'error', role: 'alert' }, err.message));
    preview.hidden = false;
  }));
  return { el: h('div', { class: 'macros' },
    h('label', { for: 'macro-picker' }, t('macro.label')), picker, preview), focus: () => picker.focus() };
}
