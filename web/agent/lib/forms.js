// Ticket forms on the agent's ticket pages (pages/ticket.js,
// pages/new_ticket.js): the custom field controls, the "Form" picker, the
// fields the chosen form shows, and its agent_conditions applied live
// (../../hc/conditions.js, shared with the help center's contact form).
//
// Which fields: when the account has more than one active form, the chosen
// form's ticket_field_ids that are active custom fields, in its order (a
// ticket without a form has the default form); with a single form, every
// active custom field (the seeded default form lists only system fields),
// under that form's conditions.
// Required: a shown field is required for a status when its own
// `required` says so (to solve, as the API checks) or a holding
// condition's child entry does: required_on_statuses {type: ALL_STATUSES,
// SOME_STATUSES with statuses, NO_STATUSES}, or without it is_required,
// which means required to solve.  The API stores conditions as given and
// checks only `required`, so the rest is checked here before sending.
// Fields that are hidden or not on the form are not sent: their values on
// the ticket stay (Zendesk's behaviour).

import { h, field, newId, select } from './dom.js';
import { get, ApiError } from './api.js';
import { fieldStates } from '../../hc/conditions.js';

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved'];

// Every ticket form of the account, active or not, in position order.
export async function ticketForms() {
  return (await get('ticket_forms')).ticket_forms;
}

// The control of custom field f holding value: {key: "custom:ID", label,
// el (the labelled block), input, read(), write(v), custom: true, field}.
export function customControl(f, value) {
  const id = newId('cf');
  let el;
  let read;
  let write = (v) => { el.value = v ?? ''; };
  let block = null;
  switch (f.type) {
    case 'checkbox':
      el = h('input', { type: 'checkbox', id, checked: !!value });
      block = h('div', { class: 'field check' }, el, h('label', { for: id }, f.title));
      read = () => el.checked;
      write = (v) => { el.checked = !!v; };
      break;
    case 'tagger':
      el = select({ id }, [['', '–'], ...f.custom_field_options.map((o) => [o.value, o.name])], value);
      read = () => el.value || null;
      break;
    case 'multiselect':
      el = h('select', { id, multiple: true }, f.custom_field_options.map((o) =>
        h('option', { value: o.value, selected: (value || []).includes(o.value) }, o.name)));
      read = () => [...el.selectedOptions].map((o) => o.value);
      write = (v) => { for (const o of el.options) o.selected = (v || []).includes(o.value); };
      break;
    case 'textarea':
      el = h('textarea', { id, rows: 3 }, value ?? '');
      read = () => el.value || null;
      break;
    default: {
      const type = { integer: 'number', decimal: 'number', date: 'date' }[f.type] || 'text';
      el = h('input', { id, type, step: f.type === 'decimal' ? 'any' : null, value: value ?? '' });
      read = () => (el.value === '' ? null : f.type === 'integer' ? Number(el.value) : el.value);
    }
  }
  return { key: `custom:${f.id}`, label: f.title, el: block || field(f.title, el, f.description || null),
    input: el, read, write, custom: true, field: f };
}

// Whether v counts as a value (a required checkbox must be checked).
function present(v) {
  return Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && v !== '' && v !== false;
}

// The statuses for which child entry r of a holding condition makes its
// field required.
function requiredOn(r) {
  const on = r.required_on_statuses;
  if (on && typeof on === 'object' && (on.type || Array.isArray(on.statuses))) {
    if (on.type === 'ALL_STATUSES') return STATUSES;
    if (on.type === 'NO_STATUSES') return [];
    return Array.isArray(on.statuses) ? on.statuses : [];
  }
  return r.is_required ? ['solved'] : [];
}

// The forms and fields of a ticket page: forms (ticketForms()), ctls (the
// customControl()s of every active custom field), formId (the ticket's
// form, null for none or a new ticket).  Answers {picker (a property
// control like the page's others, or null), el (the picker and the
// fields), refresh() (after values were written), sends(ctl) (shown, so
// its value is sent), check(status) (marks the required fields without a
// value, focusing the first; false when there is one), serverErrors(err)
// (marks and focuses the fields an API error names: {placed, messages it
// could not place}), clear()}.
export function formFields({ t, forms, ctls, formId }) {
  const active = forms.filter((f) => f.active);
  const byId = (id) => forms.find((f) => f.id === Number(id));
  const fallback = active.find((f) => f.default) || active[0] || null;
  const several = active.length > 1;
  const start = (formId && byId(formId)) || fallback;
  const byField = new Map(ctls.map((c) => [c.field.id, c]));
  const list = h('div', { class: 'form-fields' });
  const shown = new Set();
  const marks = new Map();   // ctl -> statuses it is required for

  let picker = null;
  if (several && start) {
    const offered = forms.filter((f) => f.active || f.id === start.id);
    const name = (v) => byId(v)?.display_name || byId(v)?.name || (v ? `#${v}` : '');
    const el = select({ name: 'ticket_form_id' }, offered.map((f) => [f.id, name(f.id)]), start.id);
    picker = { key: 'ticket_form_id', label: t('forms.form'), el, saved: start.id,
      read: () => Number(el.value),
      write: (v) => { el.value = String(v ?? start.id); arrange(); },
      show: name, of: (r) => r.ticket_form_id ?? fallback?.id ?? null };
    el.addEventListener('change', () => arrange());
  }
  const current = () => (picker ? byId(picker.read()) : start);

  function clearOne(c) {
    c.el.querySelector('.field-error')?.remove();
    c.input.removeAttribute('aria-invalid');
    c.input.removeAttribute('aria-describedby');
  }

  function markError(c, message) {
    clearOne(c);
    const id = newId('err');
    c.el.append(h('p', { class: 'field-error', id }, message));
    c.input.setAttribute('aria-invalid', 'true');
    c.input.setAttribute('aria-describedby', id);
  }

  // Shows "(required …)" after the label of c for statuses, or nothing.
  function markRequired(c, statuses) {
    const label = c.el.querySelector(`label[for="${c.input.id}"]`);
    let mark = label.querySelector('.required-mark');
    if (!statuses.length) {
      mark?.remove();
      c.input.removeAttribute('aria-required');
      return;
    }
    const text = statuses.length === STATUSES.length ? t('forms.required')
      : statuses.length === 1 && statuses[0] === 'solved' ? t('forms.required_to_solve')
        : t('forms.required_for', { statuses: statuses.map((s) => t(`status.${s}`)).join(', ') });
    if (!mark) label.append(mark = h('span', { class: 'required-mark' }));
    mark.textContent = ` (${text})`;
    c.input.setAttribute('aria-required', 'true');
  }

  // Shows and hides the form's fields by its conditions.
  function refresh() {
    const form = current();
    const on = [...list.children].map((el) => ctls.find((c) => c.el === el));
    const states = fieldStates(form?.agent_conditions, new Map(on.map((c) =>
      [c.field.id, { type: c.field.type, value: c.read() }])));
    shown.clear();
    marks.clear();
    for (const c of on) {
      const s = states.get(c.field.id);
      c.el.hidden = !s.shown;
      if (!s.shown) {
        clearOne(c);
        markRequired(c, []);
        continue;
      }
      shown.add(c);
      const need = new Set(c.field.required ? ['solved'] : []);
      for (const r of s.rules) for (const x of requiredOn(r)) need.add(x);
      const statuses = STATUSES.filter((x) => need.has(x));
      marks.set(c, statuses);
      markRequired(c, statuses);
    }
  }

  // Puts the chosen form's fields in its order, then refreshes.
  function arrange() {
    const form = current();
    const ids = several && form ? form.ticket_field_ids : ctls.map((c) => c.field.id);
    list.replaceChildren(...ids.filter((id) => byField.has(id)).map((id) => byField.get(id).el));
    refresh();
  }

  list.addEventListener('change', (e) => {
    const c = ctls.find((x) => x.el.contains(e.target));
    if (c) clearOne(c);
    refresh();
  });
  arrange();

  return {
    picker,
    el: [picker ? field(picker.label, picker.el) : null, list],
    refresh,
    sends: (c) => shown.has(c),
    clear: () => ctls.forEach(clearOne),
    check(status) {
      let ok = true;
      for (const [c, statuses] of marks) {
        if (!statuses.includes(status) || present(c.read())) continue;
        markError(c, t('forms.error_required', { status: t(`status.${status}`) }));
        if (ok) c.input.focus();
        ok = false;
      }
      return ok;
    },
    serverErrors(err) {
      const details = err instanceof ApiError ? err.body?.details || {} : {};
      const rest = [];
      for (const [key, items] of Object.entries(details)) {
        for (const d of items) {
          const c = key === 'custom_fields' &&
            [...shown].find((x) => d.description?.startsWith(`${x.label}:`));
          if (c) markError(c, d.description);
          else rest.push(d.description);
        }
      }
      const first = ctls.find((c) => c.input.getAttribute('aria-invalid') === 'true');
      first?.input.focus();
      return { placed: !!first, messages: first ? rest : [err.message] };
    },
  };
}
