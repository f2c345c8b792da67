// The actions editor of triggers, automations and macros: rows of field
// and value, the fields being the API's definitions for the kind of rule
// plus the account's custom fields.  Notification actions take a
// recipient (a user or group), a subject and a body, with a list of
// placeholders that insert themselves where the cursor is.

import { h, select, field } from '../lib/dom.js';
import { load, customFields, pairs, label } from './choices.js';
import { rowList } from './rows.js';
import { valueControl } from './values.js';

// Placeholders offered in notification bodies (docs/rules.md has them all).
const PLACEHOLDERS = ['ticket.id', 'ticket.title', 'ticket.status', 'ticket.priority',
  'ticket.url', 'ticket.requester.name', 'ticket.requester.first_name',
  'ticket.assignee.name', 'ticket.group.name', 'ticket.latest_comment',
  'ticket.comments_formatted', 'current_user.name'];

const RECIPIENTS = ['requester_id', 'requester_and_ccs', 'assignee_id', 'current_user',
  'all_agents'];

async function actionsOf(kind) {
  const defs = await load(`defs.${kind}`);
  const list = defs.actions.map((d) => ({ ...d }));
  for (const cf of await customFields())
    list.push({ subject: `custom_fields_${cf.id}`, title: cf.title, field: cf });
  return list;
}

function insertAt(ta, text) {
  const at = ta.selectionStart ?? ta.value.length;
  ta.setRangeText(text, at, ta.selectionEnd ?? at, 'end');
  ta.focus();
}

// [recipient, subject, body] (users and groups) or [webhook, body].
async function notificationControl(d, value, t) {
  const v = Array.isArray(value) ? value : [];
  let who;
  if (d.subject === 'notification_user') {
    who = select({},
      [...RECIPIENTS.map((r) => [r, t(`rule.value.${r}`)]), ...await pairs('agents')], v[0]);
  } else if (d.subject === 'notification_group') {
    who = select({},
      [['group_id', t('rule.value.group_id')], ...await pairs('groups')], v[0]);
  } else {
    who = h('input', { type: 'text', value: v[0] ?? '' });
  }
  const webhook = d.subject === 'notification_webhook';
  const subject = webhook ? null
    : h('input', { type: 'text', value: v[1] ?? '' });
  const body = h('textarea', { rows: 5 }, v[webhook ? 1 : 2] ?? '');
  const helpers = h('details', { class: 'placeholders' },
    h('summary', null, t('rule.placeholders')),
    h('p', { class: 'hint' }, t('rule.placeholders_hint')),
    h('ul', null, PLACEHOLDERS.map((p) => h('li', null,
      h('button', { type: 'button', class: 'link', onclick: () => insertAt(body, `{{${p}}}`) },
        `{{${p}}}`)))));
  return {
    el: h('div', { class: 'notification' },
      field(t(webhook ? 'rule.webhook' : 'rule.recipient'), who),
      subject ? field(t('rule.subject'), subject) : null, field(t('rule.body'), body), helpers),
    read: () => (webhook ? [who.value, body.value] : [who.value, subject.value, body.value]),
  };
}

async function actionRow(defs, action, t) {
  const a = action || { field: defs[0].subject };
  const fieldSel = select({ 'aria-label': t('rule.action') },
    defs.map((d) => [d.subject, d.field ? d.title : label(t, `rule.act.${d.subject}`, d.title)]),
    a.field);
  if (!defs.some((d) => d.subject === a.field))
    fieldSel.append(h('option', { value: a.field, selected: true }, a.field));
  const slot = h('span', { class: 'slot grow' });
  let value;

  async function draw(v) {
    const d = defs.find((x) => x.subject === fieldSel.value) || { subject: fieldSel.value };
    value = d.group === 'notification' ? await notificationControl(d, v, t)
      : await valueControl(d, v, { t, part: 'action' });
    slot.replaceChildren(value.el);
  }

  fieldSel.addEventListener('change', () => draw());
  await draw(a.value);
  return {
    el: h('div', { class: 'rule-row action' }, fieldSel, slot),
    focus: fieldSel,
    read: () => ({ field: fieldSel.value, value: value.read() }),
  };
}

// Field type "actions" (f.kind: trigger, automation or macro).
export async function actionsControl(f, value, { t }) {
  const defs = await actionsOf(f.kind);
  const rows = rowList({
    t, keep: true, legend: t(`field.${f.name}`), addLabel: t('rule.add_action'),
    items: value || [],
    make: (action) => actionRow(defs, action, t),
  });
  await rows.ready;
  return { el: h('div', { class: 'field rule-editor' }, rows.el), read: rows.read };
}
