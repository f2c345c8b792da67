// One settings page of the admin center, drawn from its description in
// admin/resources.js: a list of records and a form to create or edit
// one.  Requests go to the public API; its validation messages (422
// details) are shown next to the fields they name, and together above the
// form.
//
// A field type is a function (f, value, {t, app, rec}) -> {el, read,
// after?}: read() gives the value sent under f.name (undefined: nothing
// sent); after(saved) runs once the record is saved, for fields
// kept through endpoints of their own (a schedule's holidays).  The
// larger types live in their own modules (conditions.js, actions.js...).
//
// Lists are paged, or, for resources with an order (res.reorder), read
// whole in position order with buttons to move a record up or down,
// grouped by res.groupBy when set (triggers by category).  Read-only
// resources (the email outbox) list without a form, with the buttons of
// res.rowActions.

import { h, mount, field, select, newId, when } from '../lib/dom.js';
import { lang } from '../lib/i18n.js';
import { get, post, put, del, ApiError } from '../lib/api.js';
import { load, resetChoices } from './choices.js';
import { conditionsControl } from './conditions.js';
import { actionsControl } from './actions.js';
import { intervalsControl, timezoneControl, holidaysControl } from './schedule.js';
import { metricsControl } from './metrics.js';
import { formConditionsControl } from './form_conditions.js';
import { choiceControl, restrictionControl, viewOutputControl } from './pickers.js';

const PER_PAGE = 50;
const MAX_PAGES = 10;

// Columns holding an id, shown by the name of what they name.
const LOOKUPS = { brand_id: 'brands', category_id: 'trigger_categories' };

function show(value, col, res, t, names) {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.map((x) => x?.email ?? x?.name ?? x).join(', ');
  if (col.endsWith('_at')) return when(value, lang);
  if (res.valueKeys?.[col] && value) return t(`${res.valueKeys[col]}.${value}`);
  if (names[col]) return names[col].get(String(value)) ?? value ?? '';
  return value ?? '';
}

async function lookups(res) {
  const names = {};
  for (const c of res.columns) {
    if (!LOOKUPS[c]) continue;
    names[c] = new Map((await load(LOOKUPS[c])).map((x) => [String(x.id), x.label]));
  }
  return names;
}

// Every record of an ordered resource, in position order.
async function readAll(res) {
  const items = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const json = await get(`${res.api}?${res.listQuery ? res.listQuery + '&' : ''}page=${page}&per_page=100`);
    items.push(...json[res.many]);
    if (!json.next_page) break;
  }
  return items;
}

// A table of records; extra = [heading key, (rec, i, items) -> cell
// content] adds a column of buttons.
function table(res, items, t, names, extra) {
  return h('table', { class: 'list' },
    h('thead', null, h('tr', null, res.columns.map((c) =>
      h('th', { scope: 'col' }, t(res.fields.find((f) => f.name === c)?.label || `field.${c}`))),
    extra ? h('th', { scope: 'col' }, t(extra[0])) : null)),
    h('tbody', null, items.map((rec, i) => h('tr', null, res.columns.map((c, k) =>
      h('td', null, k === 0 && !res.readOnly
        ? h('a', { href: `/agent/admin/${res.key}/${rec.id}`, 'data-nav': true },
          String(show(rec[c], c, res, t, names) || `#${rec.id}`))
        : show(rec[c], c, res, t, names))),
    extra ? h('td', { class: 'buttons' }, extra[1](rec, i, items)) : null))));
}

// The buttons of res.rowActions for rec: each {label, aria (its name for
// screen readers, with the record's {name}), when(rec), run(rec), done}
// runs through the API and draws the list again.
function rowButtons(res, app, body) {
  return (rec) => res.rowActions.filter((a) => a.when(rec)).map((a) =>
    h('button', { type: 'button', class: 'secondary',
      'aria-label': app.t(a.aria, { name: show(rec[res.columns[0]], res.columns[0], res, app.t, {}) }),
      onclick: async () => {
        try {
          await a.run(rec);
          app.toast(app.t(a.done));
        } catch (err) {
          app.toast(err.message, 'warn');
        }
        await renderList(body, res, app);
      } }, app.t(a.label)));
}

// The ordered list: sections by res.groupBy, move buttons in each.
async function renderOrdered(body, res, app, names, head, focusAfter) {
  const t = app.t;
  const items = await readAll(res);
  let groups = [[null, items]];
  if (res.groupBy) {
    const cats = [...await load(res.groupBy.source)].sort((a, b) => a.position - b.position);
    const of = (x) => String(x[res.groupBy.key]);
    groups = cats.map((cat) => [cat, items.filter((x) => of(x) === String(cat.id))]);
    // Records in no listed group come last, untitled.
    groups.push([null, items.filter((x) => !cats.some((cat) => String(cat.id) === of(x)))]);
    groups = groups.filter(([, list]) => list.length);
  }
  const order = () => groups.flatMap(([, list]) => list.map((x) => x.id));

  async function move(rec, list, by) {
    const i = list.indexOf(rec);
    [list[i], list[i + by]] = [list[i + by], list[i]];
    try {
      await put(res.reorder.api, { [res.reorder.ids]: order() });
      app.toast(t('admin.reordered'));
    } catch (err) {
      app.toast(err.message, 'warn');
    }
    await renderOrdered(body, res, app, names, head, { id: rec.id, by });
  }

  const buttons = (rec, i, list) => [
    h('button', { type: 'button', class: 'secondary', disabled: i === 0, 'data-move': `${rec.id}:-1`,
      'aria-label': t('admin.move_up', { name: rec[res.columns[0]] }),
      onclick: () => move(rec, list, -1) }, '↑'),
    h('button', { type: 'button', class: 'secondary', disabled: i === list.length - 1,
      'data-move': `${rec.id}:1`, 'aria-label': t('admin.move_down', { name: rec[res.columns[0]] }),
      onclick: () => move(rec, list, 1) }, '↓'),
  ];
  mount(body, head,
    items.length === 0 ? h('p', null, t('common.none')) : groups.map(([cat, list]) => [
      cat ? h('h3', null, cat.label) : null,
      table(res, list, t, names, res.reorder ? ['admin.order', buttons] : null)]));
  if (focusAfter) {
    const b = body.querySelector(`[data-move="${focusAfter.id}:${focusAfter.by}"]`);
    (b && !b.disabled ? b : body.querySelector(`[data-move^="${focusAfter.id}:"]:not([disabled])`))
      ?.focus();
  }
}

export async function renderList(body, res, app) {
  const t = app.t;
  resetChoices();
  const names = await lookups(res);
  const head = h('div', { class: 'page-head' },
    h('h2', null, t(`admin.${res.key}`)),
    res.readOnly ? null : h('a', { class: 'button', href: `/agent/admin/${res.key}/new`,
      'data-nav': true }, t(`admin.${res.key}.add`)));
  if (res.reorder || res.groupBy) return renderOrdered(body, res, app, names, head);
  const page = Math.max(1, Number(new URLSearchParams(location.search).get('page')) || 1);
  const json = await get(`${res.api}?page=${page}&per_page=${PER_PAGE}`);
  const items = json[res.many];
  const pages = Math.max(1, Math.ceil((json.count ?? items.length) / PER_PAGE));
  const go = (n) => app.navigate(`/agent/admin/${res.key}?page=${n}`);
  mount(body, head,
    items.length === 0 ? h('p', null, t('common.none')) : table(res, items, t, names,
      res.rowActions ? ['admin.actions', rowButtons(res, app, body)] : null),
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

// The plain field types.
const PLAIN = {
  checkbox(f, value, { t }) {
    const input = h('input', { type: 'checkbox', name: f.name, id: newId(), checked: !!value });
    return { el: h('div', { class: 'field check' }, input,
      h('label', { for: input.id }, t(f.label || `field.${f.name}`))), read: () => input.checked };
  },
  select(f, value, { t }) {
    const s = select({ name: f.name }, f.options.map(([v, k]) => [v, t(k)]), value);
    return { el: field(t(f.label || `field.${f.name}`), s), read: () => s.value };
  },
  textarea(f, value, { t }) {
    const ta = h('textarea', { name: f.name, rows: 3 }, value ?? '');
    return { el: field(t(f.label || `field.${f.name}`), ta, f.hint ? t(f.hint) : null),
      read: () => ta.value };
  },
  words(f, value, { t }) {
    const input = h('input', { type: 'text', name: f.name, value: (value || []).join(', ') });
    return { el: field(t(f.label || `field.${f.name}`), input, t('hint.words')),
      read: () => input.value.split(/[\s,]+/).filter(Boolean) };
  },
  options(f, value, { t }) {
    const ta = h('textarea', { name: f.name, rows: 5 }, optionsText(value));
    return { el: field(t(f.label || `field.${f.name}`), ta, t('hint.options')),
      read: () => parseOptions(ta.value, value) };
  },
  async fields(f, value, { t }) {
    const all = await f.load();
    const chosen = new Set(value || []);
    const boxes = all.map((tf) => h('input', { type: 'checkbox', value: tf.id,
      checked: chosen.has(tf.id), id: `tf-${tf.id}` }));
    return { el: h('fieldset', { class: 'field' }, h('legend', null, t(`field.${f.name}`)),
      all.map((tf, i) => h('div', { class: 'check' }, boxes[i],
        h('label', { for: `tf-${tf.id}` }, tf.title)))),
    read: () => boxes.filter((b) => b.checked).map((b) => Number(b.value)) };
  },
  // Text, email, password, number: an <input> of that type.
  input(f, value, { t }) {
    const input = h('input', { type: f.type, name: f.name, value: value ?? '',
      required: !!f.required, autocomplete: f.type === 'password' ? 'new-password' : 'off' });
    return { el: field(t(f.label || `field.${f.name}`), input, f.hint ? t(f.hint) : null),
      read: () => (f.type === 'number' && input.value !== '' ? Number(input.value) : input.value) };
  },
};

const TYPES = {
  ...PLAIN,
  conditions: conditionsControl,
  actions: actionsControl,
  intervals: intervalsControl,
  timezone: timezoneControl,
  holidays: holidaysControl,
  metrics: metricsControl,
  form_conditions: formConditionsControl,
  choice: choiceControl,
  restriction: restrictionControl,
  view_output: viewOutputControl,
};

// Shows the API's 422 details next to the fields they name; the rest
// stays in the box above the form.
function showDetails(rows, err, t) {
  const details = err instanceof ApiError ? err.body?.details || {} : {};
  let first = null;
  for (const [key, list] of Object.entries(details)) {
    const row = rows.find((r) => r.f.name === key);
    if (!row) continue;
    const id = newId('err');
    row.el.append(h('p', { class: 'field-error', id },
      list.map((d) => d.description).join(' ')));
    const control = row.el.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', id);
    }
    first = first || control;
  }
  return first;
}

function clearDetails(rows) {
  for (const r of rows) {
    r.el.querySelectorAll('.field-error').forEach((p) => p.remove());
    r.el.querySelectorAll('[aria-invalid]').forEach((c) => {
      c.removeAttribute('aria-invalid');
      c.removeAttribute('aria-describedby');
    });
  }
}

export async function renderForm(body, res, id, app) {
  const t = app.t;
  resetChoices();
  const rec = id ? (await get(`${res.api}/${id}`))[res.one] : {};
  const fields = res.fields.filter((f) => (id ? !f.createOnly : !f.editOnly));
  const values = Object.fromEntries(res.fields.map((f) =>
    [f.name, f.name in rec ? rec[f.name] : f.initial]));
  const error = h('div', { role: 'alert', class: 'error-box', tabindex: '-1', hidden: true });
  const notice = h('div', { role: 'status', class: 'notice-box', hidden: true });
  const rows = [];
  for (const f of fields) {
    const make = TYPES[f.type] || PLAIN.input;
    rows.push({ f, ...await make(f, values[f.name], { t, app, rec }) });
  }
  // Fields shown only for some values of others (e.g. options of drop-downs).
  const refresh = () => {
    const now = { ...values };
    for (const r of rows) now[r.f.name] = r.read();
    for (const r of rows) r.el.hidden = r.f.when ? !r.f.when(now) : false;
  };
  refresh();
  let savedId = id;

  function fail(err, row) {
    const first = row ? null : showDetails(rows, err, t);
    if (row) {
      row.el.append(h('p', { class: 'field-error' }, err.message));
    }
    mount(error, h('p', null, err.message));
    error.hidden = false;
    (first || error).focus();
  }

  async function submit(e) {
    e.preventDefault();
    error.hidden = true;
    clearDetails(rows);
    const out = {};
    for (const r of rows) {
      if (r.el.hidden) continue;
      let v = r.read();
      if (v === undefined) continue;
      if (v === '' && (r.f.type === 'password' || !savedId)) continue;
      if (v === '') v = null;
      out[r.f.name] = v;
    }
    let savedRec;
    try {
      const saved = savedId
        ? await put(`${res.api}/${savedId}`, { [res.one]: out })
        : await post(res.api, { [res.one]: out });
      savedRec = saved[res.one];
    } catch (err) {
      fail(err);
      return;
    }
    // Later tries update the record rather than make another.
    const created = !savedId;
    savedId = savedRec.id;
    for (const r of rows) {
      if (!r.after || r.el.hidden) continue;
      try {
        await r.after(savedRec);
      } catch (err) {
        fail(err, r);
        return;
      }
    }
    if (created && res.created) {
      mount(notice, h('p', null, res.created(savedRec, t)));
      notice.hidden = false;
      return;
    }
    app.toast(t('common.saved'));
    app.navigate(`/agent/admin/${res.key}`);
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
      error.focus();
    }
  }

  const canDelete = id && (res.canDelete ? res.canDelete(rec) : true);
  mount(body,
    h('p', null, h('a', { href: `/agent/admin/${res.key}`, 'data-nav': true },
      `← ${t(`admin.${res.key}`)}`)),
    h('h2', null, id ? t(`admin.${res.key}.edit`) : t(`admin.${res.key}.add`)),
    error, notice,
    h('form', { class: `stack settings ${res.wide ? 'wide' : ''}`, onsubmit: submit,
      oninput: refresh, onchange: refresh },
    rows.map((r) => r.el),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, t('common.save')),
      canDelete ? h('button', { type: 'button', class: 'danger', onclick: remove },
        t('common.delete')) : null)));
  body.querySelector('input, select, textarea')?.focus();
  return null;
}
