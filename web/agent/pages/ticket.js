// The ticket page: properties on the left, the conversation and the reply
// box in the middle, the requester and their other tickets on the right.
// One submit sends the reply (public or internal note) and the changed
// properties in a single PUT /api/v2/tickets/{id} with safe_update, so an
// update made elsewhere since the page loaded answers 409: the page then
// shows the newer ticket, keeps the draft, lists what changed, and asks to
// submit again.
// Live (lib/live.js): the page tells other agents it is open (and when the
// agent types) and shows who else is on the ticket.  When the ticket is
// updated elsewhere it refetches it and lists what changed in a notice;
// submitting waits until the agent has shown the update.
// Above the conversation, the ticket's SLA targets count down (lib/sla.js);
// below it, a macro picker previews a macro's changes and copies them into
// the form (lib/macros.js).  Email comments show their sender, recipients
// and headers on demand (from the comment's audit).
// The custom fields follow the ticket's form (lib/forms.js: a "Form"
// picker when there are several, its conditions applied live); fields a
// condition requires are checked before sending, hidden ones are not sent,
// and the API's 422s are shown next to their fields.
// Keys: r reply, i internal note, m macro, ctrl+Enter submit.
// Below, a form flags a help center article as outdated from this ticket
// (POST help_center/articles/{id}/outdated_flags), which adds an internal
// note to the conversation; the page then reloads the ticket.

import { h, mount, field, select, when } from '../lib/dom.js';
import { get, post, put, ApiError } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { present } from '../lib/live.js';
import { STATUSES, PRIORITIES, TYPES, statusBadge, assignables, customFields } from '../lib/tickets.js';
import { slaPanel } from '../lib/sla.js';
import { macroPicker } from '../lib/macros.js';
import { ticketForms, customControl, formFields } from '../lib/forms.js';

async function load(id) {
  const [tk, comments, audits, people, fields, macros, forms] = await Promise.all([
    get(`tickets/${id}?include=users,groups,organizations,slas`),
    get(`tickets/${id}/comments?include=users&per_page=100`),
    get(`tickets/${id}/audits?per_page=100`),
    assignables(),
    customFields(),
    get('macros/active?per_page=100'),
    ticketForms(),
  ]);
  const users = new Map([...(tk.users || []), ...(comments.users || [])].map((u) => [u.id, u]));
  return { ticket: tk.ticket, comments: comments.comments, audits: audits.audits,
    users, orgs: tk.organizations || [], ...people, fields, macros: macros.macros, forms };
}

function size(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

// An email comment's sender, recipients and headers (the email channel
// keeps them in the audit's via.source and metadata.system), read from its
// audit when the agent opens the disclosure.
function emailDetails(ticketId, c, audits, t) {
  const box = h('div');
  const details = h('details', { class: 'email-headers' }, h('summary', null, t('ticket.email_headers')), box);
  const addr = (a) => (a?.address ? (a.name ? `${a.name} <${a.address}>` : a.address) : '–');
  details.addEventListener('toggle', async () => {
    if (!details.open || box.childElementCount) return;
    const audit = audits.find((a) => a.id === c.audit_id) ||
      (await get(`tickets/${ticketId}/audits/${c.audit_id}`)).audit;
    const src = audit.via?.source || {};
    const system = audit.metadata?.system || {};
    mount(box,
      h('dl', { class: 'facts' },
        h('dt', null, t('ticket.email_from')), h('dd', null, addr(src.from)),
        h('dt', null, t('ticket.email_to')), h('dd', null, addr(src.to))),
      system.email_headers ? h('pre', { class: 'headers' }, system.email_headers) : null);
  });
  return details;
}

function commentView(ticketId, c, users, audits, t) {
  const author = users.get(c.author_id);
  // Email headers have their own disclosure.
  const { email_headers: headers, ...system } = c.metadata?.system || {};
  const meta = c.metadata && Object.keys(c.metadata).length ? { ...c.metadata, system } : null;
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
  c.via?.channel === 'email' || headers ? emailDetails(ticketId, c, audits, t) : null,
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

// Who made a change: a name the page knows, or null.
function nameOf(id, data) {
  return (data.agents.find((u) => u.id === id) || data.users.get(id))?.name ?? null;
}

// What differs from ticket data `was` to `now`, as lines for people: the
// fields an agent sees on the page, then the new comments.
function changesBetween(was, now, t) {
  const a = was.ticket;
  const b = now.ticket;
  const group = (id) => now.groups.find((g) => g.id === id)?.name;
  const shown = {
    status: [t('ticket.status'), (v) => t(`status.${v}`)],
    priority: [t('ticket.priority'), (v) => t(`priority.${v}`)],
    type: [t('ticket.type'), (v) => t(`type.${v}`)],
    assignee_id: [t('ticket.assignee'), (v) => nameOf(v, now) ?? `#${v}`],
    group_id: [t('ticket.group'), (v) => group(v) ?? `#${v}`],
    tags: [t('ticket.tags'), (v) => v.join(' ')],
    subject: [t('ticket.subject'), (v) => v],
    ticket_form_id: [t('forms.form'), (v) => now.forms.find((f) => f.id === v)?.name ?? `#${v}`],
  };
  const lines = [];
  for (const [k, [label, show]] of Object.entries(shown)) {
    if (same(a[k], b[k])) continue;
    const text = (v) => (v === null || v === undefined || v.length === 0 ? '–' : show(v));
    lines.push(h('li', null, t('ticket.changed', { field: label, from: text(a[k]), to: text(b[k]) })));
  }
  const values = (tk) => new Map((tk.custom_fields || []).map((cf) => [cf.id, cf.value]));
  const [va, vb] = [values(a), values(b)];
  for (const f of now.fields) {
    if (same(va.get(f.id), vb.get(f.id))) continue;
    const text = (v) => (v === null || v === undefined || v === '' ? '–' : String(v));
    lines.push(h('li', null, t('ticket.changed', { field: f.title, from: text(va.get(f.id)), to: text(vb.get(f.id)) })));
  }
  const seen = new Set(was.comments.map((c) => c.id));
  for (const c of now.comments.filter((x) => !seen.has(x.id))) {
    const body = c.plain_body ?? c.body ?? '';
    lines.push(h('li', null, t('live.new_comment', { name: nameOf(c.author_id, now) ?? t('ticket.unknown_user') }),
      ' ', h('q', null, body.length > 300 ? body.slice(0, 300) + '…' : body)));
  }
  return lines;
}

// "X is viewing" / "X is typing" for the users other than me.
function presenceView(el, users, me, t) {
  const others = users.filter((u) => u.id !== me);
  el.hidden = others.length === 0;
  mount(el, h('ul', null, others.map((u) => h('li', { class: u.typing ? 'typing' : 'viewing' },
    t(u.typing ? 'live.is_typing' : 'live.is_viewing', { name: u.name })))));
}

// The property controls of ticket tk: [{key, label, el, read(), write(v),
// saved, show(v), of(ticket) when the value is not ticket[key]}], subject
// first, custom fields last (key "custom:ID", from lib/forms.js).
function controls(data, t) {
  const { ticket: tk, agents, groups, fields } = data;
  const name = (list, v) => list.find((x) => String(x.id) === String(v))?.name ?? (v ? `#${v}` : '');
  const num = (el) => () => (el.value ? Number(el.value) : null);
  const str = (el) => () => el.value || null;
  // A value the choices lack (an assignee beyond the first 100 agents)
  // gets its own option, so the form never changes it by accident.
  const ensure = (el, v, text) => {
    if (v !== null && v !== undefined && v !== '' && ![...el.options].some((o) => o.value === String(v))) {
      el.append(h('option', { value: v }, text));
    }
  };
  const sel = (key, label, opts, read, show) => {
    const el = select({ name: key }, opts, tk[key]);
    const write = (v) => {
      ensure(el, v, show(v));
      el.value = v ?? '';
    };
    write(tk[key]);
    return { key, label, el, read: read(el), write, saved: tk[key] ?? null, show };
  };
  const tags = h('input', { type: 'text', name: 'tags', value: (tk.tags || []).join(' ') });
  const subject = h('input', { type: 'text', name: 'subject', value: tk.subject ?? '', maxlength: 1024 });
  const cfValues = new Map((tk.custom_fields || []).map((cf) => [cf.id, cf.value]));
  return [
    { key: 'subject', label: t('ticket.subject'), el: subject, saved: tk.subject ?? '',
      read: () => subject.value, write: (v) => { subject.value = v ?? ''; }, show: (v) => v ?? '',
      of: (r) => r.subject ?? '' },
    sel('assignee_id', t('ticket.assignee'), [['', t('ticket.unassigned')], ...agents.map((u) => [u.id, u.name])],
      num, (v) => (v ? data.users.get(v)?.name ?? name(agents, v) : t('ticket.unassigned'))),
    sel('group_id', t('ticket.group'), [['', '–'], ...groups.map((g) => [g.id, g.name])], num, (v) => name(groups, v)),
    sel('status', t('ticket.status'), STATUSES.filter((x) => x !== 'closed' || tk.status === 'closed')
      .map((x) => [x, t(`status.${x}`)]), (el) => () => el.value, (v) => t(`status.${v}`)),
    sel('priority', t('ticket.priority'), [['', '–'], ...PRIORITIES.map((x) => [x, t(`priority.${x}`)])], str,
      (v) => (v ? t(`priority.${v}`) : '')),
    sel('type', t('ticket.type'), [['', '–'], ...TYPES.map((x) => [x, t(`type.${x}`)])], str,
      (v) => (v ? t(`type.${v}`) : '')),
    { key: 'tags', label: t('ticket.tags'), el: tags, hint: t('hint.words'), saved: tk.tags || [],
      read: () => tags.value.split(/[\s,]+/).filter(Boolean), write: (v) => { tags.value = v.join(' '); },
      show: (v) => v.join(' ') },
    ...fields.map((f) => {
      const saved = cfValues.get(f.id) ?? (f.type === 'checkbox' ? false : null);
      return { ...customControl(f, cfValues.get(f.id)), saved,
        of: (r) => (r.custom_fields || []).find((x) => x.id === f.id)?.value ?? saved,
        show: (v) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v)) };
    }),
  ];
}

// The changes macro result r makes to saved ticket tk, as [{label, from, to,
// set()}]: from is what the form holds now.  Tags add and remove what the
// macro added and removed, keeping tags typed meanwhile.
function macroChanges(ctls, tk, r) {
  const out = [];
  for (const c of ctls) {
    const next = c.of ? c.of(r) : r[c.key] ?? null;
    if (same(next, c.saved)) continue;
    let value = next;
    if (c.key === 'tags') {
      const added = next.filter((x) => !c.saved.includes(x));
      const removed = c.saved.filter((x) => !next.includes(x));
      value = [...new Set([...c.read(), ...added])].filter((x) => !removed.includes(x));
    }
    out.push({ label: c.label, from: c.show(c.read()), to: c.show(value), set: () => c.write(value) });
  }
  return out;
}

export async function render(main, [idText], app) {
  const t = app.t;
  const id = Number(idText);
  let data = await load(id);
  let draft = { body: '', public: true };
  // Kept across redraws: who else is here, and the notice of an update
  // made elsewhere (pending: the newer ticket data it describes).
  const presenceBar = h('div', { class: 'presence', role: 'status', 'aria-live': 'polite',
    'aria-label': t('live.presence'), hidden: true });
  const notice = h('div', { class: 'notice-box live-notice', role: 'alert', tabindex: '-1', hidden: true });
  let pending = null;
  let submitting = false;
  let submitBtn = null;
  const pres = present(id, (users) => presenceView(presenceBar, users, app.me.id, t));

  // Shows what changed from data to fresh, led by lead; with a button that
  // shows the update when the page still shows the older ticket.
  function showNotice(lead, fresh, older) {
    const lines = changesBetween(older, fresh, t);
    mount(notice, h('p', null, lead),
      lines.length ? h('ul', null, lines) : null,
      pending ? h('button', { type: 'button', onclick: () => {
        data = pending;
        pending = null;
        notice.hidden = true;
        draw();
        main.querySelector('#reply-body')?.focus();
      } }, t('live.show')) : null);
    notice.hidden = false;
    if (submitBtn) submitBtn.disabled = !!pending;
  }

  // Shows the ticket as it is now; a refetch still under way is dropped.
  let generation = 0;
  async function reload() {
    generation += 1;
    data = await load(id);
    pending = null;
    notice.hidden = true;
    draw();
  }

  async function updatedElsewhere(ev) {
    if (ev.id !== id && ev.action !== 'reset') return;
    if (submitting && ev.actor_id === app.me.id) return; // our own submit
    if (ev.action === 'deleted') {
      pending = null;
      mount(notice, h('p', null, t('live.deleted')));
      notice.hidden = false;
      if (submitBtn) submitBtn.disabled = true;
      return;
    }
    const mine = ++generation;
    let fresh;
    try {
      fresh = await load(id);
    } catch {
      return; // deleted or gone: the next event or a reload says so
    }
    if (mine !== generation || submitting) return;
    const shown = pending || data;
    if (fresh.ticket.updated_at === shown.ticket.updated_at && !changesBetween(shown, fresh, t).length) return;
    pending = fresh;
    const who = ev.actor_id > 0 ? nameOf(ev.actor_id, fresh) : null;
    showNotice(who ? t('live.updated_by', { name: who }) : t('live.updated'), fresh, data);
  }
  const onPresence = (e) => {
    if (e.detail.ticket_id === id) presenceView(presenceBar, e.detail.users, app.me.id, t);
  };
  const onTicket = (e) => { updatedElsewhere(e.detail); };
  window.addEventListener('parley:presence', onPresence);
  window.addEventListener('parley:ticket', onTicket);

  let stopSla = () => {};

  function draw() {
    const { ticket: tk, users } = data;
    document.title = `#${tk.id} ${tk.subject || ''} · Parley`;
    const requester = users.get(tk.requester_id);
    const org = data.orgs.find((o) => o.id === requester?.organization_id);
    const ctls = controls(data, t);
    const props = ctls.filter((c) => !c.custom);
    const form = formFields({ t, forms: data.forms, ctls: ctls.filter((c) => c.custom),
      formId: tk.ticket_form_id });
    if (form.picker) ctls.push(form.picker);

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
    bodyBox.addEventListener('input', () => {
      draft.body = bodyBox.value;
      pres.typing();
    });

    const alert = h('div', { class: 'error-box', role: 'alert', tabindex: '-1', hidden: true });
    submitBtn = h('button', { type: 'submit', disabled: !!pending }, t('ticket.submit'));

    const macros = macroPicker({ ticketId: id, macros: data.macros, t, form: {
      diff: (r) => macroChanges(ctls, tk, r),
      comment: (c) => {
        draft.body = draft.body.trim() ? `${draft.body}\n\n${c.body}` : c.body;
        bodyBox.value = draft.body;
        (c.public ? kindPublic : kindNote).checked = true;
        syncKind();
      },
      applied: (title) => {
        form.refresh();
        app.toast(t('macro.applied', { title }));
        submitBtn.focus();
      },
    } });

    async function submit(e) {
      e?.preventDefault();
      if (pending) {
        notice.focus();
        return;
      }
      form.clear();
      const change = {};
      const cf = [];
      for (const c of ctls) {
        if (c.custom && !form.sends(c)) continue; // hidden: left as it is
        const v = c.read();
        if (same(v, c.saved)) continue;
        if (c.custom) cf.push({ id: Number(c.key.slice(7)), value: v });
        else change[c.key] = v;
      }
      if (cf.length) change.custom_fields = cf;
      if (draft.body.trim()) change.comment = { body: draft.body, public: draft.public };
      if (!Object.keys(change).length) {
        app.toast(t('ticket.nothing'), 'warn');
        return;
      }
      if (!form.check(change.status ?? tk.status)) {
        mount(alert, h('p', null, t('forms.fix_fields')));
        alert.hidden = false;
        return;
      }
      submitBtn.disabled = true;
      submitting = true;
      try {
        await put(`tickets/${id}`, { ticket: { ...change, safe_update: true, updated_stamp: tk.updated_at } });
        draft = { body: '', public: draft.public };
        app.ticketsChanged?.();
        await reload();
        submitting = false;
        app.toast(t('ticket.updated'));
      } catch (err) {
        submitting = false;
        if (err instanceof ApiError && err.status === 409) {
          // Show the newer ticket at once, with what changed, and keep the draft.
          const older = data;
          await reload();
          showNotice(t('ticket.conflict'), data, older);
          notice.focus();
          return;
        }
        submitBtn.disabled = false;
        const { placed, messages } = form.serverErrors(err);
        mount(alert, (messages.length ? messages : [t('forms.fix_fields')]).map((m) => h('p', null, m)));
        alert.hidden = false;
        if (!placed) alert.focus();
      }
    }

    stopSla();
    const [sla, stop] = slaPanel(tk, t);
    stopSla = stop;
    const others = h('ul', { class: 'others' }, h('li', null, t('common.loading')));
    mount(main,
      h('form', { class: 'ticket-page', onsubmit: submit },
        h('aside', { class: 'props', 'aria-label': t('ticket.properties') },
          field(t('ticket.requester'), h('input', { type: 'text', readonly: true, value: requester ? `${requester.name} <${requester.email ?? ''}>` : '' })),
          props.map((c) => field(c.label, c.el, c.hint || null)),
          form.el),
        h('section', { class: 'conversation', 'aria-labelledby': 'ticket-subject' },
          h('h1', { id: 'ticket-subject' }, tk.subject || t('ticket.no_subject')),
          presenceBar,
          h('p', { class: 'meta' }, `#${tk.id} · `, statusBadge(tk.status, t), ' · ',
            t('ticket.via', { channel: t(`via.${tk.via?.channel ?? 'api'}`) }), ' · ',
            h('time', { datetime: tk.created_at }, when(tk.created_at, lang))),
          sla,
          alert,
          notice,
          h('div', { class: 'comments' }, data.comments.map((c) => commentView(id, c, users, data.audits, t))),
          auditView(data.audits, users, t),
          data.macros.length ? macros.el : null,
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
      flagForm(id, t, app, reload));

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
      m: () => macros.focus(),
      'ctrl+Enter': () => submit(),
    });
  }

  draw();
  return () => {
    window.removeEventListener('parley:presence', onPresence);
    window.removeEventListener('parley:ticket', onTicket);
    pres.stop();
    stopSla();
  };
}
