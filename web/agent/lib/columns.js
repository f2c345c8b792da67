// The cells of ticket lists: one renderer per view column id (Zendesk's
// ids, as views' execution.columns name them) over a ticket and the
// side-loaded people, groups and organizations of its page.

import { h, when } from './dom.js';
import { lang } from './i18n.js';
import { statusBadge } from './tickets.js';

const time = (iso) => (iso ? h('time', { datetime: iso }, when(iso, lang)) : '–');

// refs: {users, groups, orgs, brands, forms} as Maps by id.
export function ticketCell(id, tk, refs, t) {
  const name = (map, key) => map?.get(tk[key])?.name ?? (tk[key] ? `#${tk[key]}` : '–');
  switch (id) {
    case 'nice_id': return h('a', { href: `/agent/tickets/${tk.id}`, 'data-nav': true }, `#${tk.id}`);
    case 'subject': return h('a', { href: `/agent/tickets/${tk.id}`, 'data-nav': true },
      tk.subject || t('ticket.no_subject'));
    case 'requester': return name(refs.users, 'requester_id');
    case 'submitter': return name(refs.users, 'submitter_id');
    case 'assignee': return tk.assignee_id ? name(refs.users, 'assignee_id') : t('ticket.unassigned');
    case 'status': return statusBadge(tk.status, t);
    case 'priority': return tk.priority ? t(`priority.${tk.priority}`) : '–';
    case 'type': return tk.type ? t(`type.${tk.type}`) : '–';
    case 'created': return time(tk.created_at);
    case 'updated': return time(tk.updated_at);
    case 'due_date': return time(tk.due_at);
    case 'group': return name(refs.groups, 'group_id');
    case 'organization': return name(refs.orgs, 'organization_id');
    case 'brand': return name(refs.brands, 'brand_id');
    case 'ticket_form': return name(refs.forms, 'ticket_form_id');
    case 'satisfaction_score': return tk.satisfaction_rating?.score ?? '–';
    default: {
      const v = (tk.custom_fields || []).find((f) => String(f.id) === String(id))?.value;
      return v === null || v === undefined || v === '' ? '–' : Array.isArray(v) ? v.join(', ') : String(v);
    }
  }
}

// The side-loads of a list answer as Maps by id.
export function refsOf(json) {
  const byId = (list) => new Map((list || []).map((x) => [x.id, x]));
  return { users: byId(json.users), groups: byId(json.groups), orgs: byId(json.organizations) };
}
