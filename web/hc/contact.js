// The help center's contact form, enhanced (the form works without it):
// conditional fields show and hide as values change, and articles that may
// answer the question appear as the reader picks a contact reason and
// types.  Served from /hc/assets/contact.js; the page's CSP allows only
// this origin's scripts and fetches.  Text from the server is only ever
// set with textContent.  A module: conditions.js holds the field condition
// logic the agent workspace shares.

import { fieldStates } from './conditions.js';

(function () {
  const picker = document.querySelector('form.hc-form-picker');
  if (picker) {
    const select = picker.querySelector('select');
    const button = picker.querySelector('button');
    if (button) button.hidden = true;
    select.addEventListener('change', () => picker.submit());
  }

  const form = document.querySelector('form.hc-request-form');
  if (!form) return;

  // ---- field conditions (core/request_forms.h; logic in conditions.js) ----
  let conditions = [];
  try { conditions = JSON.parse(form.dataset.conditions || '[]'); } catch (e) { conditions = []; }
  const fields = new Map();
  for (const div of form.querySelectorAll('.hc-field[data-field-id]')) fields.set(Number(div.dataset.fieldId), div);
  for (const hint of form.querySelectorAll('.hc-condition')) hint.hidden = true;

  const control = (div) => div.querySelector('select, textarea, input:not([type=hidden])');

  function valueOf(div) {
    const c = control(div);
    if (div.dataset.type === 'checkbox') return c.checked;
    if (div.dataset.type === 'multiselect') return Array.from(c.selectedOptions, (o) => o.value);
    return c.value;
  }

  // A shown field is required when required in the portal or by a holding
  // condition; the contact reason is never a child.
  function applyConditions() {
    const states = fieldStates(conditions, new Map(Array.from(fields, ([id, div]) =>
      [id, { type: div.dataset.type, value: valueOf(div), fixed: div.dataset.reason === 'true' }])));
    for (const [id, div] of fields) {
      const s = states.get(id);
      div.hidden = !s.shown;
      for (const el of div.querySelectorAll('input, select, textarea')) el.disabled = !s.shown;
      const c = control(div);
      if (c && div.dataset.type !== 'multiselect') {
        c.required = s.shown && (div.dataset.required === 'true' || s.rules.some((r) => r.is_required));
      }
    }
  }

  form.addEventListener('change', applyConditions);
  applyConditions();

  // ---- suggestions (guide/contact.h) ----
  const box = document.getElementById('hc-suggestions');
  const subject = form.querySelector('#subject');
  const description = form.querySelector('#description');
  const reasonDiv = form.querySelector('.hc-field[data-reason=true]');
  const reason = reasonDiv ? control(reasonDiv) : null;
  const seen = form.querySelector('input[name=suggested]');
  const attempt = form.querySelector('input[name=attempt]').value;
  const formId = form.querySelector('input[name=ticket_form_id]').value;
  let timer = 0, asked = 0;

  function render(list) {
    box.replaceChildren();
    if (!list.length) return;
    const h = document.createElement('h2');
    h.textContent = 'These articles may answer your question';
    const ul = document.createElement('ul');
    for (const s of list) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = s.url;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = s.title;
      li.append(a);
      if (s.snippet) {
        const p = document.createElement('p');
        p.className = 'hc-hint';
        p.textContent = s.snippet;
        li.append(p);
      }
      const b = document.createElement('button');
      b.type = 'submit';
      b.name = 'solved_article';
      b.value = String(s.id);
      b.formNoValidate = true;
      b.textContent = 'This solved my problem';
      li.append(b);
      ul.append(li);
    }
    box.append(h, ul);
    seen.value = '1';
  }

  async function ask() {
    const text = `${subject ? subject.value : ''}\n${description ? description.value : ''}`.trim();
    const why = reason ? reason.value : '';
    if (text.length < 3 && !why) return;
    const n = ++asked;
    const q = new URLSearchParams({ attempt, reason: why, text, ticket_form_id: formId });
    try {
      const res = await fetch(`${form.dataset.suggest}?${q}`, { credentials: 'same-origin',
        headers: { Accept: 'application/json' } });
      if (!res.ok || n !== asked) return;
      const body = await res.json();
      if (n === asked) render(Array.isArray(body.suggestions) ? body.suggestions : []);
    } catch (e) {
      // Suggestions are a help, not a need: the form still submits.
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  }

  for (const el of [subject, description]) if (el) el.addEventListener('input', later);
  if (reason) reason.addEventListener('change', ask);
  if ((subject && subject.value) || (reason && reason.value)) ask();
}());
