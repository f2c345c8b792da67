// Building DOM without innerHTML: h('p', {class: 'x'}, 'text', child).
// Strings become text nodes, so data from the API is never parsed as HTML.
// Attributes starting with "on" are event listeners; true/false toggle
// boolean attributes; null and undefined are skipped.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces the children of el.
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
// A unique id for label/input pairs.
export function newId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form control: field(label, input) gives <div class="field">.
export function field(label, control, hint) {
  if (!control.id) control.id = newId();
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label), control,
    hint ? h('p', { class: 'hint' }, hint) : null);
}

// <select> with [value, text] options and the given value selected.
export function select(attrs, options, value) {
  return h('select', attrs, options.map(([v, text]) =>
    h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
}

// Formats an ISO time for people, in the agent's language.
export function when(iso, lang) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}
