// Field conditions of a ticket form (field type "form_conditions", for
// agent_conditions and end_user_conditions): rows "when PARENT is VALUE,
// show these fields (required or not)", in Zendesk's shape
// [{parent_field_id, value, child_fields: [{id, is_required}]}].
// Parents and children are the account's custom fields; a condition on a
// field that is not on the form is ignored by the API's readers.

import { h, select, newId } from '../lib/dom.js';
import { customFields } from './choices.js';
import { rowList } from './rows.js';
import { valueControl } from './values.js';

async function conditionRow(fields, cond, t) {
  const c = cond || { parent_field_id: fields[0]?.id, child_fields: [] };
  const parent = select({ 'aria-label': t('form_cond.parent') },
    fields.map((f) => [f.id, f.title]), c.parent_field_id);
  const valueSlot = h('span', { class: 'slot' });
  let value;
  const field = () => fields.find((f) => String(f.id) === parent.value);

  async function drawValue(v) {
    value = await valueControl({ field: field() }, v === undefined ? v : String(v),
      { t, part: 'condition' });
    value.el.setAttribute('aria-label', t('form_cond.value'));
    valueSlot.replaceChildren(value.el);
  }
  parent.addEventListener('change', () => drawValue());
  await drawValue(c.value);

  const chosen = new Map((c.child_fields || []).map((x) => [x.id, x]));
  const children = fields.map((f) => {
    const show = h('input', { type: 'checkbox', id: newId(), checked: chosen.has(f.id) });
    const req = h('input', { type: 'checkbox', id: newId(), checked: !!chosen.get(f.id)?.is_required,
      'aria-label': `${f.title}: ${t('form_cond.required')}` });
    return { f, show, req, el: h('li', { class: 'check' }, show,
      h('label', { for: show.id }, f.title), ' ',
      h('span', { class: 'check' }, req, h('label', { for: req.id, 'aria-hidden': 'true' },
        t('form_cond.required')))) };
  });
  // The parent is no child of itself; "required" counts for shown fields.
  const sync = () => {
    for (const x of children) {
      x.el.hidden = String(x.f.id) === parent.value;
      x.req.disabled = !x.show.checked;
    }
  };
  parent.addEventListener('change', sync);
  for (const x of children) x.show.addEventListener('change', sync);
  sync();
  return {
    el: h('div', { class: 'form-cond' },
      h('span', { class: 'rule-row' }, h('span', null, t('form_cond.when')), parent,
        h('span', null, t('form_cond.is')), valueSlot),
      h('p', { class: 'hint' }, t('form_cond.show')),
      h('ul', { class: 'children' }, children.map((x) => x.el))),
    focus: parent,
    read: () => {
      const v = value.read();
      return {
        parent_field_id: Number(parent.value),
        value: field()?.type === 'checkbox' ? v === 'true' : v,
        // A child whose "required" is as the API gave it goes back whole
        // (required_on_statuses, which this page does not edit, included).
        child_fields: children.filter((x) => x.show.checked && !x.el.hidden)
          .map((x) => {
            const was = chosen.get(x.f.id);
            return was && !!was.is_required === x.req.checked ? was
              : { id: x.f.id, is_required: x.req.checked };
          }),
      };
    },
  };
}

export async function formConditionsControl(f, value, { t }) {
  const fields = await customFields();
  if (!fields.length) {
    return { el: h('fieldset', { class: 'field' }, h('legend', null, t(`field.${f.name}`)),
      h('p', { class: 'hint' }, t('form_cond.no_fields'))), read: () => value || [] };
  }
  const rows = rowList({
    t, keep: true, legend: t(`field.${f.name}`), addLabel: t('form_cond.add'), items: value || [],
    hint: t('form_cond.hint'), make: (cond) => conditionRow(fields, cond, t),
  });
  await rows.ready;
  return { el: h('div', { class: 'field' }, rows.el), read: rows.read };
}
