// Small field types of the admin center:
//  - "choice": a select of one of choices.js's sources (f.source), with
//    an optional blank entry (f.blank: its catalog key); numbers stay
//    numbers.
//  - "restriction": who may use a view or macro: every agent (null), the
//    agents of a group ({type: "Group", ids}) or only the signed-in agent
//    ({type: "User", id}).
//  - "view_output": a view's columns and order, read from its
//    `execution` and written as `output` ({columns, sort_by, sort_order});
//    the view's columns are listed first, in its order, which they keep.

import { h, select, field, newId } from '../lib/dom.js';
import { pairs, customFields } from './choices.js';

export async function choiceControl(f, value, { t }) {
  const options = await pairs(f.source);
  if (f.blank) options.unshift(['', t(f.blank)]);
  const s = select({ name: f.name }, options, value ?? options[0]?.[0]);
  return {
    el: field(t(f.label || `field.${f.name}`), s),
    read: () => (/^\d+$/.test(s.value) ? Number(s.value) : s.value),
  };
}

export async function restrictionControl(f, value, { t, app }) {
  const name = newId('r');
  const kind = !value ? 'all' : value.type === 'Group' ? 'group' : 'user';
  const radios = ['all', 'group', 'user'].map((k) => {
    const input = h('input', { type: 'radio', name, value: k, id: newId(), checked: k === kind });
    return [k, input, h('div', { class: 'check' }, input,
      h('label', { for: input.id }, t(`restriction.${k}`)))];
  });
  const groups = await pairs('groups');
  const group = select({ 'aria-label': t('restriction.group_name') }, groups,
    value?.type === 'Group' ? value.ids?.[0] : undefined);
  const userId = value?.type === 'User' ? value.id : app.me.id;
  const sync = () => { group.disabled = radios[1][1].checked === false; };
  for (const [, input] of radios) input.addEventListener('change', sync);
  sync();
  return {
    el: h('fieldset', { class: 'field' }, h('legend', null, t(`field.${f.name}`)),
      radios[0][2], h('div', { class: 'check-with' }, radios[1][2], group), radios[2][2]),
    read: () => {
      const k = radios.find(([, input]) => input.checked)[0];
      if (k === 'group') return { type: 'Group', ids: [Number(group.value)] };
      if (k === 'user') return { type: 'User', id: userId };
      return null;
    },
  };
}

// The columns of views.c (all sort but satisfaction_score).
const COLUMNS = ['nice_id', 'subject', 'requester', 'submitter', 'assignee', 'status',
  'priority', 'type', 'created', 'updated', 'due_date', 'group', 'organization', 'brand',
  'ticket_form', 'satisfaction_score'];

export async function viewOutputControl(f, value, { t, rec }) {
  const ex = rec.execution || { columns: [{ id: 'status' }, { id: 'subject' },
    { id: 'requester' }, { id: 'updated' }, { id: 'assignee' }], sort_by: 'nice_id',
  sort_order: 'desc' };
  // The view's columns first, in its order; then the others.
  const chosen = [...(ex.columns || []), ...(ex.custom_fields || [])].map((c) => String(c.id));
  const all = [...COLUMNS.map((c) => [c, t(`view.col.${c}`)]),
    ...(await customFields()).map((cf) => [cf.id, cf.title])]
    .map(([id, text]) => [id, text, chosen.indexOf(String(id))])
    .sort((a, b) => (a[2] < 0 ? 1e3 : a[2]) - (b[2] < 0 ? 1e3 : b[2]));
  const boxes = all.map(([id, text, at]) => {
    const input = h('input', { type: 'checkbox', id: newId(), value: id, checked: at >= 0 });
    return [input, h('div', { class: 'check' }, input, h('label', { for: input.id }, text))];
  });
  const sortBy = select({ name: 'sort_by' },
    COLUMNS.filter((c) => c !== 'satisfaction_score').map((c) => [c, t(`view.col.${c}`)]),
    ex.sort_by || 'nice_id');
  const order = select({ name: 'sort_order' },
    [['asc', t('view.asc')], ['desc', t('view.desc')]], ex.sort_order || 'desc');
  return {
    el: h('div', { class: 'field' },
      h('fieldset', { class: 'field columns' }, h('legend', null, t('view.columns')),
        h('div', { class: 'grid' }, boxes.map(([, el]) => el))),
      h('div', { class: 'inline' }, field(t('view.sort_by'), sortBy),
        field(t('view.sort_order'), order))),
    read: () => ({
      columns: boxes.filter(([input]) => input.checked)
        .map(([input]) => (/^\d+$/.test(input.value) ? Number(input.value) : input.value)),
      sort_by: sortBy.value, sort_order: order.value,
    }),
  };
}
