// What the ticket pages share: labels of statuses, priorities and types,
// and the people and groups tickets name, loaded once per page.

import { h } from './dom.js';
import { get } from './api.js';

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const TYPES = ['question', 'incident', 'problem', 'task'];

export function statusBadge(status, t) {
  return h('span', { class: `badge status-${status}` }, t(`status.${status}`));
}

// Agents and admins who can be assignees, and the account's groups.
export async function assignables() {
  const [agents, groups] = await Promise.all([
    get('users?role[]=agent&role[]=admin&per_page=100'),
    get('groups?per_page=100'),
  ]);
  return { agents: agents.users, groups: groups.groups };
}

// Active custom ticket fields (system ones are removable: false), in
// their order.
export async function customFields() {
  const { ticket_fields: fields } = await get('ticket_fields?per_page=100');
  return fields.filter((f) => f.active && f.removable !== false);
}
