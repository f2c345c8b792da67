// One settings page of the admin center, drawn from its description in
// admin/resources.js: a paged list of records and a form to create or edit
// one.  Requests go to the public API; its validation messages (422
// details) are shown next to the form.

import { h, mount, field, select, newId } from '../lib/dom.js';
import { get, post, put, del } from '../lib/api.js';

const PER_PAGE = 50;

function show(value, col, t) {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.join(', ');
  if (col === 'role') return t(`role.${value}`);
  if (col === 'type') return t(`field_type.${value}`);
  return value ?? '';
}

export async function renderList(body, res, app) {
  const t = app.t;
  const page = Math.max(1, Number(new URLSearchParams(location.search).get('page')) || 1);
  const json = await get(`${res.api}?page=${page}&per_page=${PER_PAGE}`);
  const items = json[res.many];
  const pages = Math.max(1, Math.ceil((json.count ?? items.length) / PER_PAGE));
  const go = (n) => app.navigate(`/agent/admin/${res.key}?page=${n}`);
  mount(body,
    h('div', { class: 'page-head' },
      h('h2', null, t(`admin.${res.key}`)),
      h('a', { class: 'button', href: `/agent/admin/${res.key}/new`, 'data-nav': true },
        t(`admin.${res.key}.add`))),
    items.length === 0 ? h('p', null, t('common.none')) :
      h('table', { class: 'list' },
        h('thead', null, h('tr', null, res.columns.map((c) =>
          h('th', { scope: 'col' }, t(`field.${c}`))))),
        h('tbody', null, items.map((rec) => h('tr', null, res.columns.map((c, i) =>
          h('td', null, i === 0
            ? h('a', { href: `/agent/admin/${res.key}/${rec.id}`, 'data-nav': true },
              String(show(rec[c], c, t) || `#${rec.id}`))
            : show(rec[c], c, t))))))),
    pages > 1 ? h('nav', { class: 'pager', 'aria-label': t('common.pages') },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) },
        t('common.previous')),
      h('span', null, t('common.page_of', { page, pages })),
      h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) },
        t('common.next'))) : null);
  return null;
}

// Drop-down choices as text, one per line: "Name | tag".
function optionsText(options) {
  return (options || []).map((o) => `${o.name} | ${o.value}`).join('\n');
}

function slug(s) {
  return s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function parseOptions(text, old) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [name, tag] = l.split('|').map((s) => s.trim());
    const value = tag || slug(name);
    const prev = (old || []).find((o) => o.value === value);
    return prev ? { id: prev.id, name, value } : { name, value };
  });
}

// A control for field f holding value; returns [element, read()].
async function control(f, value, t) {
  const label = t(`field.${f.name}`);
  switch (f.type) {
    case 'checkbox': {
      const input = h('input', { type: 'checkbox', name: f.name, id: newId(), checked: !!value });
      return [h('div', { class: 'field check' }, input,
        h('label', { for: input.id }, label)), () => input.checked];
    }
    case 'select': {
      const s = select({ name: f.name }, f.options.map(([v, k]) => [v, t(k)]), value);
      return [field(label, s), () => s.value];
    }
    case 'textarea': {
      const ta = h('textarea', { name: f.name, rows: 3 }, value ?? '');
      return [field(label, ta), () => ta.value];
    }
    case 'words': {
      const input = h('input', { type: 'text', name: f.name, value: (value || []).join(', ') });
      return [field(label, input, t('hint.words')),
        () => input.value.split(/[\s,]+/).filter(Boolean)];
    }
    case 'options': {
      const ta = h('textarea', { name: f.name, rows: 5 }, optionsText(value));
      return [field(label, ta, t('hint.options')), () => parseOptions(ta.value, value)];
    }
    case 'fields': {
      const all = await f.load();
      const chosen = new Set(value || []);
      const boxes = all.map((tf) => h('input', { type: 'checkbox', value: tf.id,
        checked: chosen.has(tf.id), id: `tf-${tf.id}` }));
      return [h('fieldset', { class: 'field' }, h('legend', null, label),
        all.map((tf, i) => h('div', { class: 'check' }, boxes[i],
          h('label', { for: `tf-${tf.id}` }, tf.title)))),
      () => boxes.filter((b) => b.checked).map((b) => Number(b.value))];
    }
    default: {
      const input = h('input', { type: f.type, name: f.name, value: value ?? '',
        required: !!f.required, autocomplete: f.type === 'password' ? 'new-password' : 'off' });
      return [field(label, input), () => input.value];
    }
  }
}

export async function renderForm(body, res, id, app) {
  const t = app.t;
  const rec = id ? (await get(`${res.api}/${id}`))[res.one] : {};
  const fields = res.fields.filter((f) => (id ? !f.createOnly : !f.editOnly));
  const values = Object.fromEntries(res.fields.map((f) =>
    [f.name, f.name in rec ? rec[f.name] : f.initial]));
  const error = h('div', { role: 'alert', class: 'error-box', tabindex: '-1', hidden: true });
  const notice = h('div', { role: 'status', class: 'notice-box', hidden: true });
  const rows = [];
  for (const f of fields) {
    const [el, read] = await control(f, values[f.name], t);
    rows.push({ f, el, read });
  }
  // Fields shown only for some values of others (e.g. options of drop-downs).
  const refresh = () => {
    const now = { ...values };
    for (const r of rows) now[r.f.name] = r.read();
    for (const r of rows) r.el.hidden = r.f.when ? !r.f.when(now) : false;
  };
  refresh();

  async function submit(e) {
    e.preventDefault();
    error.hidden = true;
    const out = {};
    for (const r of rows) {
      if (r.el.hidden) continue;
      let v = r.read();
      if (v === '' && (r.f.type === 'password' || !id)) continue;
      if (v === '') v = null;
      out[r.f.name] = v;
    }
    try {
      const saved = id
        ? await put(`${res.api}/${id}`, { [res.one]: out })
        : await post(res.api, { [res.one]: out });
      const savedRec = saved[res.one];
      if (!id && res.created) {
        mount(notice, h('p', null, res.created(savedRec, t)));
        notice.hidden = false;
        return;
      }
      app.toast(t('common.saved'));
      app.navigate(`/agent/admin/${res.key}`);
    } catch (err) {
      mount(error, h('p', null, err.message));
      error.hidden = false;
      error.focus();
    }
  }

  async function remove() {
    if (!window.confirm(t('common.confirm_delete'))) return;
    try {
      await del(`${res.api}/${id}`);
      app.toast(t('common.deleted'));
      app.navigate(`/agent/admin/${res.key}`);
    } catch (err) {
      mount(error, h('p', null, err.message));
      error.hidden = false;
    }
  }

  const canDelete = id && (res.canDelete ? res.canDelete(rec) : true);
  mount(body,
    h('p', null, h('a', { href: `/agent/admin/${res.key}`, 'data-nav': true },
      `← ${t(`admin.${res.key}`)}`)),
    h('h2', null, id ? t(`admin.${res.key}.edit`) : t(`admin.${res.key}.add`)),
    error, notice,
    h('form', { class: 'stack settings', onsubmit: submit, oninput: refresh, onchange: refresh },
      rows.map((r) => r.el),
      h('div', { class: 'actions' },
        h('button', { type: 'submit' }, t('common.save')),
        canDelete ? h('button', { type: 'button', class: 'danger', onclick: remove },
          t('common.delete')) : null)));
  body.querySelector('input, select, textarea')?.focus();
  return null;
}
