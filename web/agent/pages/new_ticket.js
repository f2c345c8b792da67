// A new ticket on behalf of a requester (found or created by email):
// POST /api/v2/tickets, then the ticket page.  Custom fields follow the
// form (lib/forms.js: the default one preselected); the status a
// condition's required fields are checked for is the one the ticket will
// get (open with an assignee, else new).

import { h, mount, field, select } from '../lib/dom.js';
import { post } from '../lib/api.js';
import { PRIORITIES, TYPES, assignables, customFields } from '../lib/tickets.js';
import { ticketForms, customControl, formFields } from '../lib/forms.js';

export async function render(main, params, app) {
  const t = app.t;
  const [{ agents, groups }, fields, forms] = await Promise.all([assignables(), customFields(), ticketForms()]);
  const custom = fields.map((f) => customControl(f, null));
  const form = formFields({ t, forms, ctls: custom, formId: null });
  const input = (name, type = 'text', attrs = {}) => h('input', { name, type, ...attrs });
  const email = input('requester_email', 'email', { required: true, autocomplete: 'off' });
  const name = input('requester_name', 'text', { autocomplete: 'off' });
  const subject = input('subject', 'text', { required: true });
  const body = h('textarea', { name: 'description', rows: 6, required: true });
  const kindPublic = h('input', { type: 'checkbox', id: 'new-public', checked: true });
  const priority = select({ name: 'priority' }, [['', '–'], ...PRIORITIES.map((p) => [p, t(`priority.${p}`)])], '');
  const type = select({ name: 'type' }, [['', '–'], ...TYPES.map((p) => [p, t(`type.${p}`)])], '');
  const group = select({ name: 'group_id' }, [['', '–'], ...groups.map((g) => [g.id, g.name])], '');
  const assignee = select({ name: 'assignee_id' }, [['', t('ticket.unassigned')], ...agents.map((u) => [u.id, u.name])], String(app.me.id));
  const tags = input('tags');
  const error = h('div', { class: 'error-box', role: 'alert', tabindex: '-1', hidden: true });

  function fail(messages) {
    mount(error, messages.map((m) => h('p', null, m)));
    error.hidden = false;
  }

  async function submit(e) {
    e.preventDefault();
    form.clear();
    error.hidden = true;
    if (!form.check(assignee.value ? 'open' : 'new')) return fail([t('forms.fix_fields')]);
    const ticket = {
      subject: subject.value,
      comment: { body: body.value, public: kindPublic.checked },
      requester: { email: email.value, ...(name.value ? { name: name.value } : {}) },
      tags: tags.value.split(/[\s,]+/).filter(Boolean),
    };
    if (priority.value) ticket.priority = priority.value;
    if (type.value) ticket.type = type.value;
    if (group.value) ticket.group_id = Number(group.value);
    if (assignee.value) ticket.assignee_id = Number(assignee.value);
    if (form.picker) ticket.ticket_form_id = form.picker.read();
    const values = custom.filter((c) => form.sends(c)).map((c) => ({ id: c.field.id, value: c.read() }))
      .filter((x) => x.value !== null && x.value !== false && !(Array.isArray(x.value) && !x.value.length));
    if (values.length) ticket.custom_fields = values;
    try {
      const res = await post('tickets', { ticket });
      app.ticketsChanged?.();
      app.toast(t('ticket.created', { id: res.ticket.id }));
      app.navigate(`/agent/tickets/${res.ticket.id}`);
    } catch (err) {
      const { placed, messages } = form.serverErrors(err);
      fail(messages.length ? messages : [t('forms.fix_fields')]);
      if (!placed) error.focus();
    }
  }

  mount(main,
    h('h1', null, t('nav.new_ticket')),
    error,
    h('form', { class: 'stack settings', onsubmit: submit },
      field(t('ticket.requester_email'), email),
      field(t('ticket.requester_name'), name, t('hint.requester_name')),
      field(t('ticket.subject'), subject),
      field(t('ticket.description'), body),
      h('div', { class: 'field check' }, kindPublic, h('label', { for: 'new-public' }, t('ticket.description_public'))),
      field(t('ticket.priority'), priority),
      field(t('ticket.type'), type),
      field(t('ticket.group'), group),
      field(t('ticket.assignee'), assignee),
      field(t('ticket.tags'), tags, t('hint.words')),
      form.el,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ticket.create')))));
  email.focus();
  return null;
}
