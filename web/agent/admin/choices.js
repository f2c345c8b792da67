// What the admin center's pickers offer: the account's groups, agents,
// brands, forms, ticket fields... and the rule definitions of the API
// (triggers/definitions and friends), each read once per page through the
// public API.  resetChoices() forgets them when a page is drawn anew, so a
// group added a moment ago shows up.

import { all, get } from '../lib/api.js';

const named = (root, label = 'name') => (path) =>
  all(path, root).then((list) => list.map((x) => ({ ...x, label: x[label] })));

const SOURCES = {
  groups: () => named('groups')('groups'),
  agents: () => named('users')('users?role[]=agent&role[]=admin'),
  organizations: () => named('organizations')('organizations'),
  brands: () => named('brands')('brands'),
  ticket_forms: () => named('ticket_forms')('ticket_forms'),
  ticket_fields: () => named('ticket_fields', 'title')('ticket_fields'),
  trigger_categories: () => named('trigger_categories')('trigger_categories'),
  // The definitions of the conditions and actions each kind of rule takes.
  'defs.trigger': () => get('triggers/definitions').then((r) => r.definitions),
  'defs.automation': () => get('automations/definitions').then((r) => r.definitions),
  'defs.macro': () => get('macros/definitions').then((r) => r.definitions),
  // Views and SLA filters take the same conditions.
  'defs.view': () => get('slas/policies/definitions').then((r) =>
    ({ conditions_all: r.definitions.all, conditions_any: r.definitions.any, actions: [] })),
};

let cache = new Map();

export function resetChoices() {
  cache = new Map();
}

// The records of source name (each with a `label`), or a definitions object.
export function load(name) {
  if (!cache.has(name)) cache.set(name, SOURCES[name]());
  return cache.get(name);
}

// [[id, label]] pairs of source name, for select().
export async function pairs(name) {
  return (await load(name)).map((x) => [x.id, x.label]);
}

// The custom ticket fields (the system ones are conditions of their own).
export async function customFields() {
  return (await load('ticket_fields')).filter((f) => f.removable !== false);
}

// A catalog string, or fallback (the API's own title) when the catalogs
// have no such key.
export function label(t, key, fallback) {
  const s = t(key);
  return s === key ? fallback ?? key : s;
}
