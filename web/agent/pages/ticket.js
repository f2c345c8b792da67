// The ticket page: properties on the left, the conversation and the reply
// box in the middle, the requester and their other tickets on the right.
// One submit sends the reply (public or internal note) and the changed
// properties in a single PUT /api/v2/tickets/{id} with safe_update, so an
// update made elsewhere since the page loaded answers 409: the page then
// shows the newer ticket, keeps the draft, and asks to submit again.
// Keys: r reply, i internal note, ctrl+Enter submit.
// Below, a form flags a help center article as outdated from this ticket
// (POST help_center/articles/{id}/outdated_flags), which adds an internal
// note to the conversation; the page then reloads the ticket.

import { h, mount, field, select, when, newId } from '../lib/dom.js';
import { get, post, put, ApiError } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { STATUSES, PRIORITIES, TYPES, statusBadge, assignables, customFields } from '../lib/tickets.js';

async function load(id) {
  const [tk, comments, audits, people, fields] = await Promise.all([
    get(`tickets/${id}?include=users,groups,organizations`),
    get(`tickets/${id}/comments?include=users&per_page=100`),
    get(`tickets/${id}/audits?per_page=100`),
    assignables(),
    customFields(),
  ]);
  const users = new Map([...(tk.users || []), ...(comments.users || [])].map((u) => [u.id, u]));
  return { ticket: tk.ticket, comments: comments.comments, audits: audits.audits,
    users, orgs: tk.organizations || [], ...people, fields };
}

function size(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function commentView(c, users, t) {
  const author = users.get(c.author_id);
  const meta = c.metadata && Object.keys(c.metadata).length ? c.metadata : null;
  return h('article', { class: `comment ${c.public ? 'public' : 'internal'}`,
    'aria-label': c.public ? t('ticket.public_reply') : t('ticket.internal_note') },
  h('header', null,
    h('strong', null, author?.name ?? t('ticket.unknown_user')),
    ' ',
    h('span', { class: 'badge' }, c.public ? t('ticket.public') : t('ticket.internal')),
    ' ',
    h('time', { datetime: c.created_at }, when(c.created_at, lang)),
    c.via?.channel ? h('span', { class: 'via' }, ` · ${t('ticket.via', { channel: t(`via.${c.via.channel}`) })}`) : null),
  h('div', { class: 'body' }, c.plain_body ?? c.body),
  c.attachments?.length ? h('ul', { class: 'attachments', 'aria-label': t('ticket.attachments') },
    c.attachments.map((a) => h('li', null,
      h('a', { href: a.content_url, download: a.file_name }, a.file_name), ` (${size(a.size)})`))) : null,
  meta ? h('details', null, h('summary', null, t('ticket.details')),
    h('pre', null, JSON.stringify(meta, null, 2))) : null);
}

function auditView(audits, users, t) {
  const changes = [];
  for (const a of audits) {
    for (const ev of a.events || []) {
      if (ev.type !== 'Change' && ev.type !== 'Create') continue;
      if (ev.type === 'Create' && a === audits[0]) continue;
      changes.push(h('li', null,
        h('time', { datetime: a.created_at }, when(a.created_at, lang)), ' · ',
        users.get(a.author_id)?.name ?? '', ' · ',
        t('ticket.changed', { field: ev.field_name, from: ev.previous_value ?? '–', to: ev.value ?? '–' })));
    }
  }
  return h('details', { class: 'history' }, h('summary', null, t('ticket.history', { count: changes.length })),
    changes.length ? h('ul', null, changes) : h('p', null, t('common.none')));
}

// A control for custom field f with the ticket's value; [element, read()].
function customControl(f, value) {
  const id = newId('cf');
  let el;
  let read;
  switch (f.type) {
    case 'checkbox':
      el = h('input', { type: 'checkbox', id, checked: !!value });
      return [h('div', { class: 'field check' }, el, h('label', { for: id }, f.title)), () => el.checked];
    case 'tagger':
      el = select({ id }, [['', '–'], ...f.custom_field_options.map((o) => [o.value, o.name])], value);
      read = () => el.value || null;
      break;
    case 'multiselect':
      el = h('select', { id, multiple: true }, f.custom_field_options.map((o) =>
        h('option', { value: o.value, selected: (value || []).includes(o.value) }, o.name)));
      read = () => [...el.selectedOptions].map((o) => o.value);
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
  return [field(f.title, el, f.description || null), read];
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// The article id in what an agent typed: an id, or a URL with
// /articles/{id}; null when there is none.
function articleId(text) {
  const m = text.trim().match(/^(\d+)$/) || text.match(/\/articles\/(\d+)/);
  return m ? Number(m[1]) : null;
}

// The "flag an article as outdated" form; done() runs after a flag.
function flagForm(ticketId, t, app, done) {
  const article = h('input', { type: 'text', name: 'article', required: true,
    autocomplete: 'off', inputmode: 'url' });
  const note = h('textarea', { name: 'note', rows: 2, required: true });
  const alert = h('div', { class: 'error-box', role: 'alert', tabindex: '-1', hidden: true });
  const button = h('button', { type: 'submit' }, t('flag.submit'));
  const fail = (message) => {
    mount(alert, h('p', null, message));
    alert.hidden = false;
    alert.focus();
  };
  async function submit(e) {
    e.preventDefault();
    const aid = articleId(article.value);
    if (!aid) return fail(t('flag.bad_article'));
    if (!note.value.trim()) return fail(t('flag.blank_note'));
    button.disabled = true;
    try {
      await post(`help_center/articles/${aid}/outdated_flags`,
        { flag: { ticket_id: ticketId, note: note.value } });
      app.toast(t('flag.done', { id: aid }));
      await done();
    } catch (err) {
      button.disabled = false;
      fail(err instanceof ApiError && err.status === 404 ? t('flag.not_found') : err.message);
    }
  }
  return h('form', { class: 'flag-article', onsubmit: submit },
    h('fieldset', null,
      h('legend', null, t('flag.title')),
      alert,
      field(t('flag.article'), article, t('flag.article_hint')),
      field(t('flag.note'), note),
      h('div', { class: 'actions' }, button)));
}

export async function render(main, [idText], app) {
  const t = app.t;
  const id = Number(idText);
  let data = await load(id);
  let draft = { body: '', public: true };

  function draw(conflict) {
    const { ticket: tk, users, agents, groups, fields } = data;
    document.title = `#${tk.id} ${tk.subject || ''} · Parley`;
    const requester = users.get(tk.requester_id);
    const org = data.orgs.find((o) => o.id === requester?.organization_id);
    const cfValues = new Map((tk.custom_fields || []).map((cf) => [cf.id, cf.value]));

    const status = select({ name: 'status' },
      STATUSES.filter((s) => s !== 'closed' || tk.status === 'closed').map((s) => [s, t(`status.${s}`)]), tk.status);
    const priority = select({ name: 'priority' }, [['', '–'], ...PRIORITIES.map((p) => [p, t(`priority.${p}`)])], tk.priority);
    const type = select({ name: 'type' }, [['', '–'], ...TYPES.map((p) => [p, t(`type.${p}`)])], tk.type);
    const group = select({ name: 'group_id' }, [['', '–'], ...groups.map((g) => [g.id, g.name])], tk.group_id);
    const assignee = select({ name: 'assignee_id' }, [['', t('ticket.unassigned')], ...agents.map((u) => [u.id, u.name])], tk.assignee_id);
    const tags = h('input', { type: 'text', name: 'tags', value: (tk.tags || []).join(' ') });
    const custom = fields.map((f) => [f, ...customControl(f, cfValues.get(f.id))]);

    const bodyBox = h('textarea', { id: 'reply-body', name: 'comment', rows: 6 }, draft.body);
    const kindPublic = h('input', { type: 'radio', name: 'kind', value: 'public', id: 'kind-public', checked: draft.public });
    const kindNote = h('input', { type: 'radio', name: 'kind', value: 'internal', id: 'kind-internal', checked: !draft.public });
    const composer = h('fieldset', { class: `composer ${draft.public ? 'public' : 'internal'}` },
      h('legend', null, t('ticket.reply')),
      h('div', { class: 'kinds', role: 'radiogroup' },
        h('span', null, kindPublic, h('label', { for: 'kind-public' }, t('ticket.public_reply'))),
        h('span', null, kindNote, h('label', { for: 'kind-internal' }, t('ticket.internal_note')))),
      h('label', { for: 'reply-body', class: 'visually-hidden' }, t('ticket.reply_body')),
      bodyBox);
    const syncKind = () => {
      draft.public = kindPublic.checked;
      composer.classList.toggle('public', draft.public);
      composer.classList.toggle('internal', !draft.public);
    };
    kindPublic.addEventListener('change', syncKind);
    kindNote.addEventListener('change', syncKind);
    bodyBox.addEventListener('input', () => { draft.body = bodyBox.value; });

    const alert = h('div', { class: 'error-box', role: 'alert', tabindex: '-1', hidden: !conflict },
      conflict ? h('p', null, t('ticket.conflict')) : null);
    const submitBtn = h('button', { type: 'submit' }, t('ticket.submit'));

    async function submit(e) {
      e?.preventDefault();
      const change = {};
      const set = (k, v, old) => { if (!same(v, old)) change[k] = v; };
      set('status', status.value, tk.status);
      set('priority', priority.value || null, tk.priority);
      set('type', type.value || null, tk.type);
      set('group_id', group.value ? Number(group.value) : null, tk.group_id);
      set('assignee_id', assignee.value ? Number(assignee.value) : null, tk.assignee_id);
      set('tags', tags.value.split(/[\s,]+/).filter(Boolean), tk.tags || []);
      const cf = custom.filter(([f, , read]) => !same(read(), cfValues.get(f.id) ?? (f.type === 'checkbox' ? false : null)))
        .map(([f, , read]) => ({ id: f.id, value: read() }));
      if (cf.length) change.custom_fields = cf;
      if (draft.body.trim()) change.comment = { body: draft.body, public: draft.public };
      if (!Object.keys(change).length) {
        app.toast(t('ticket.nothing'), 'warn');
        return;
      }
      submitBtn.disabled = true;
      try {
        await put(`tickets/${id}`, { ticket: { ...change, safe_update: true, updated_stamp: tk.updated_at } });
        draft = { body: '', public: draft.public };
        data = await load(id);
        draw(false);
        app.toast(t('ticket.updated'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          data = await load(id);
          draw(true);
          main.querySelector('.error-box').focus();
          return;
        }
        submitBtn.disabled = false;
        mount(alert, h('p', null, err.message));
        alert.hidden = false;
        alert.focus();
      }
    }

    const others = h('ul', { class: 'others' }, h('li', null, t('common.loading')));
    mount(main,
      h('form', { class: 'ticket-page', onsubmit: submit },
        h('aside', { class: 'props', 'aria-label': t('ticket.properties') },
          field(t('ticket.requester'), h('input', { type: 'text', readonly: true, value: requester ? `${requester.name} <${requester.email ?? ''}>` : '' })),
          field(t('ticket.assignee'), assignee),
          field(t('ticket.group'), group),
          field(t('ticket.status'), status),
          field(t('ticket.priority'), priority),
          field(t('ticket.type'), type),
          field(t('ticket.tags'), tags, t('hint.words')),
          custom.map(([, el]) => el)),
        h('section', { class: 'conversation', 'aria-labelledby': 'ticket-subject' },
          h('h1', { id: 'ticket-subject' }, tk.subject || t('ticket.no_subject')),
          h('p', { class: 'meta' }, `#${tk.id} · `, statusBadge(tk.status, t), ' · ',
            t('ticket.via', { channel: t(`via.${tk.via?.channel ?? 'api'}`) }), ' · ',
            h('time', { datetime: tk.created_at }, when(tk.created_at, lang))),
          alert,
          h('div', { class: 'comments' }, data.comments.map((c) => commentView(c, users, t))),
          auditView(data.audits, users, t),
          composer,
          h('div', { class: 'actions' }, submitBtn)),
        h('aside', { class: 'requester', 'aria-label': t('ticket.requester') },
          h('h2', null, t('ticket.requester')),
          requester ? [
            h('p', null, h('a', { href: `/agent/users/${requester.id}`, 'data-nav': true }, requester.name)),
            requester.email ? h('p', null, requester.email) : null,
            org ? h('p', null, t('user.organization'), ': ', org.name) : null,
            h('p', { class: 'muted' }, t('user.local_time'), ': ', requester.time_zone || 'UTC'),
            h('h3', null, t('user.other_tickets')), others] : null)),
      flagForm(id, t, app, async () => { data = await load(id); draw(false); }));

    if (requester) {
      get(`users/${requester.id}/tickets/requested?per_page=10&sort_by=updated_at&sort_order=desc`)
        .then(({ tickets }) => {
          const list = tickets.filter((x) => x.id !== tk.id);
          mount(others, list.length ? list.map((x) => h('li', null,
            h('a', { href: `/agent/tickets/${x.id}`, 'data-nav': true }, `#${x.id} ${x.subject || ''}`), ' ',
            statusBadge(x.status, t))) : h('li', null, t('common.none')));
        }).catch(() => mount(others));
    }

    app.keys.page({
      r: () => { kindPublic.checked = true; syncKind(); bodyBox.focus(); },
      i: () => { kindNote.checked = true; syncKind(); bodyBox.focus(); },
      'ctrl+Enter': () => submit(),
    });
  }

  draw(false);
  return null;
}
