// The conditions editor of triggers, automations, views and SLA filters:
// two lists ("all of these", "any of these") of rows field, operator,
// value.  Fields and operators are the API's definitions for the kind of
// rule (choices.js), plus the account's custom fields; the value control
// follows the field (values.js) and hides for operators without a value
// (present, changed...).  The API checks the whole on save.

import { h, select } from '../lib/dom.js';
import { load, customFields, label } from './choices.js';
import { rowList } from './rows.js';
import { valueControl } from './values.js';

// Operators a custom field takes, when the rule's definitions have them.
const CUSTOM_OPS = ['is', 'is_not', 'less_than', 'greater_than', 'includes', 'not_includes',
  'present', 'not_present', 'changed', 'not_changed', 'value', 'value_previous'];

// The fields of kind: the API's definitions and one per custom field.
async function fieldsOf(kind) {
  const defs = await load(`defs.${kind}`);
  const fields = defs.conditions_all.map((d) => ({ ...d }));
  const ops = new Map();
  for (const d of fields) for (const o of d.operators) ops.set(o.value, o);
  for (const cf of await customFields()) {
    fields.push({ subject: `custom_fields_${cf.id}`, title: cf.title, field: cf,
      operators: CUSTOM_OPS.filter((o) => ops.has(o)).map((o) => ops.get(o)) });
  }
  return fields;
}

function fieldLabel(t, d) {
  return d.field ? d.title : label(t, `rule.field.${d.subject}`, d.title);
}

// One row: {field, operator, value} in, the same out.
async function conditionRow(fields, cond, t) {
  const c = cond || { field: fields[0].subject, operator: fields[0].operators[0].value };
  const fieldSel = select({ 'aria-label': t('rule.field') },
    fields.map((d) => [d.subject, fieldLabel(t, d)]), c.field);
  // A field this kind no longer offers still shows, as the API names it.
  if (!fields.some((d) => d.subject === c.field))
    fieldSel.append(h('option', { value: c.field, selected: true }, c.field));
  const opSlot = h('span', { class: 'slot' });
  const valueSlot = h('span', { class: 'slot' });
  let opSel;
  let value = { read: () => null };

  const def = () => fields.find((d) => d.subject === fieldSel.value) ||
    { subject: fieldSel.value, operators: [{ value: c.operator, title: c.operator }] };
  const terminal = () => def().operators.find((o) => o.value === opSel.value)?.terminal;

  async function drawValue(v) {
    valueSlot.replaceChildren();
    if (terminal()) {
      value = { read: () => null };
      return;
    }
    value = await valueControl(def(), v, { t, part: 'condition' }, opSel.value);
    valueSlot.append(value.el);
  }

  async function drawOps(op, v) {
    opSel = select({ 'aria-label': t('rule.operator') },
      def().operators.map((o) => [o.value, label(t, `rule.op.${o.value}`, o.title)]), op);
    opSel.addEventListener('change', () => drawValue());
    opSlot.replaceChildren(opSel);
    await drawValue(v);
  }

  fieldSel.addEventListener('change', () => drawOps());
  await drawOps(c.operator, c.value);
  return {
    el: h('div', { class: 'rule-row' }, fieldSel, opSlot, valueSlot),
    focus: fieldSel,
    read: () => ({ field: fieldSel.value, operator: opSel.value, value: value.read() }),
  };
}

// Field type "conditions" (f.kind: trigger, automation or view).
export async function conditionsControl(f, value, { t }) {
  const fields = await fieldsOf(f.kind);
  const part = (key) => rowList({
    t, keep: true, legend: t(`rule.${key}`), addLabel: t('rule.add_condition'),
    items: value?.[key] || [],
    make: (cond) => conditionRow(fields, cond, t),
  });
  const all = part('all');
  const any = part('any');
  await Promise.all([all.ready, any.ready]);
  return {
    el: h('div', { class: 'field rule-editor', role: 'group', 'aria-label': t(`field.${f.name}`) },
      h('h3', null, t(`field.${f.name}`)), all.el, any.el),
    read: () => ({ all: all.read(), any: any.read() }),
  };
}
