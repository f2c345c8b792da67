// The value control of one condition or action row, chosen by its field:
// a list for status, priority, type and the API's other fixed values,
// the account's groups, agents, brands, forms or organizations for ids, a
// text box for tags and words, a number for hours, and for a custom field
// what its type takes (its choices, yes/no, a number, a date).
//
// valueControl(spec, value, ctx) -> {el, read}; spec is a definition of
// the API ({subject, type, values, nullable}) or a custom field's
// ({subject: "custom_fields_ID", field}); ctx = {t, part} where part is
// "condition" or "action" (they take different special values); op is
// the condition's operator (a list of tags for includes).  The control is
// labelled "Value".

import { h, select } from '../lib/dom.js';
import { pairs, label } from './choices.js';

// Id fields: where their choices come from and the special values each
// takes besides an id ("" is none).
const ID_SOURCES = {
  group_id: ['groups', { condition: ['', 'current_groups'], action: [''] }],
  assignee_id: ['agents', { condition: ['', 'current_user'], action: ['', 'current_user'] }],
  requester_id: ['agents', { condition: ['current_user'], action: ['current_user'] }],
  organization_id: ['organizations', { condition: [''], action: [] }],
  brand_id: ['brands', { condition: [], action: [] }],
  ticket_form_id: ['ticket_forms', { condition: [], action: [] }],
};

// Lists whose "" means none (conditions on priority and type; actions
// say so with `nullable`).
const NONE_IN_CONDITIONS = ['priority', 'type'];

// Catalog key of a fixed value: status.open, priority.high... or
// rule.value.SUBJECT.VALUE.
function valueKey(subject, v) {
  if (['status', 'priority', 'type'].includes(subject)) return `${subject}.${v}`;
  return `rule.value.${subject}.${v}`;
}

const str = (v) => (v === null || v === undefined ? '' : String(v));

function textBox(ctx, value, attrs = {}) {
  const input = h('input', { type: 'text', 'aria-label': ctx.t('rule.value'), value: str(value),
    ...attrs });
  return { el: input, read: () => input.value };
}

function list(ctx, options, value) {
  const s = select({ 'aria-label': ctx.t('rule.value') }, options, str(value));
  return { el: s, read: () => s.value };
}

async function idControl(spec, value, ctx) {
  const [source, extras] = ID_SOURCES[spec.subject];
  const special = extras[ctx.part].map((v) =>
    [v, ctx.t(v === '' ? 'rule.none' : `rule.value.${v}`)]);
  const options = [...special, ...(await pairs(source))];
  // A value no longer offered (a deleted group) stays visible as its id.
  if (value !== undefined && value !== null &&
      !options.some(([v]) => String(v) === String(value))) options.push([value, `#${value}`]);
  return list(ctx, options, value ?? options[0]?.[0]);
}

// A custom field's value: its choices, yes/no, or a box of its type.
function customControl(field, value, ctx, op) {
  const t = ctx.t;
  if (['tagger', 'multiselect'].includes(field.type) && !['includes', 'not_includes'].includes(op))
    return list(ctx, (field.custom_field_options || []).map((o) => [o.value, o.name]), value);
  if (field.type === 'checkbox')
    return list(ctx, [['true', t('common.yes')], ['false', t('common.no')]], value);
  if (field.type === 'integer' || field.type === 'decimal')
    return textBox(ctx, value, { type: 'number', step: field.type === 'integer' ? 1 : 'any' });
  if (field.type === 'date') return textBox(ctx, value, { type: 'date' });
  return textBox(ctx, value);
}

export async function valueControl(spec, value, ctx, op) {
  const t = ctx.t;
  if (spec.field) return customControl(spec.field, value, ctx, op);
  if (ID_SOURCES[spec.subject]) return idControl(spec, value, ctx);
  const values = spec.values || [];
  if (values.length) {
    const none = ctx.part === 'action' ? spec.nullable : NONE_IN_CONDITIONS.includes(spec.subject);
    const options = values.map((v) =>
      [v.value, label(t, valueKey(spec.subject, v.value), v.title)]);
    if (none) options.unshift(['', t('rule.none')]);
    return list(ctx, options, value ?? options[0][0]);
  }
  if (spec.subject === 'comment_mode_is_public')
    return list(ctx, [['true', t('ticket.public')], ['false', t('ticket.internal')]], value);
  if (spec.type === 'number') {
    const c = textBox(ctx, value, { type: 'number', min: 0, step: 1 });
    return { el: h('span', { class: 'with-unit' }, c.el, ' ', t('rule.hours')), read: c.read };
  }
  if (spec.subject === 'comment_value' || spec.subject === 'comment_value_html') {
    // ["channel:all", text] and plain text both come back as the text.
    const ta = h('textarea', { rows: 3, 'aria-label': t('rule.value') },
      Array.isArray(value) ? str(value[1]) : str(value));
    return { el: ta, read: () => ta.value };
  }
  if (Array.isArray(value)) value = value.join(' ');
  return textBox(ctx, value);
}
