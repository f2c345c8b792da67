// The admin center's settings pages, one entry per resource of the public
// API.  A page is data: where it lives in the API, the columns of its list
// and the fields of its form (admin/resource.js draws both).  A new page
// slots in by adding an entry here and its strings to the catalogs.
//
// Field types: text, email, password (create only), textarea, checkbox,
// select (options: [[value, labelKey]]), words (a list typed as
// "a, b"), options (drop-down choices, one per line "Name | tag"),
// fields (a set of ticket fields chosen by checkbox).

import { all } from '../lib/api.js';

const FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal',
  'regexp', 'tagger', 'multiselect'];

export const RESOURCES = [
  {
    key: 'brands', api: 'brands', one: 'brand', many: 'brands',
    columns: ['name', 'subdomain', 'active'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'subdomain', type: 'text', required: true },
      { name: 'host_mapping', type: 'text' },
      { name: 'active', type: 'checkbox', initial: true },
    ],
  },
  {
    key: 'users', api: 'users', one: 'user', many: 'users', paged: true,
    columns: ['name', 'email', 'role'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'email' },
      { name: 'role', type: 'select', initial: 'end-user',
        options: [['end-user', 'role.end-user'], ['agent', 'role.agent'], ['admin', 'role.admin']] },
      { name: 'locale', type: 'select', initial: 'en-US',
        options: [['en-US', 'lang.en'], ['es', 'lang.es'], ['pt-BR', 'lang.pt'],
          ['ru', 'lang.ru'], ['nl', 'lang.nl']] },
      { name: 'password', type: 'password', createOnly: true },
      { name: 'suspended', type: 'checkbox', editOnly: true },
    ],
  },
  {
    key: 'groups', api: 'groups', one: 'group', many: 'groups',
    columns: ['name', 'description'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'description', type: 'textarea' },
    ],
  },
  {
    key: 'organizations', api: 'organizations', one: 'organization', many: 'organizations',
    paged: true,
    columns: ['name', 'domain_names'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'domain_names', type: 'words' },
      { name: 'details', type: 'textarea' },
      { name: 'notes', type: 'textarea' },
    ],
  },
  {
    key: 'ticket_fields', api: 'ticket_fields', one: 'ticket_field', many: 'ticket_fields',
    columns: ['title', 'type', 'active'],
    fields: [
      { name: 'type', type: 'select', initial: 'text', createOnly: true,
        options: FIELD_TYPES.map((v) => [v, `field_type.${v}`]) },
      { name: 'title', type: 'text', required: true },
      { name: 'description', type: 'textarea' },
      { name: 'required', type: 'checkbox' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'visible_in_portal', type: 'checkbox' },
      { name: 'editable_in_portal', type: 'checkbox' },
      { name: 'regexp_for_validation', type: 'text', when: (v) => v.type === 'regexp' },
      { name: 'custom_field_options', type: 'options',
        when: (v) => v.type === 'tagger' || v.type === 'multiselect' },
    ],
    // System fields (subject, status...) can be retitled, not removed.
    canDelete: (rec) => rec.removable !== false,
  },
  {
    key: 'ticket_forms', api: 'ticket_forms', one: 'ticket_form', many: 'ticket_forms',
    columns: ['name', 'active', 'default'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'display_name', type: 'text' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'default', type: 'checkbox' },
      { name: 'end_user_visible', type: 'checkbox', initial: true },
      { name: 'ticket_field_ids', type: 'fields',
        load: () => all('ticket_fields', 'ticket_fields') },
    ],
  },
  {
    key: 'api_tokens', api: 'api_tokens', one: 'api_token', many: 'api_tokens',
    columns: ['description', 'token', 'active'],
    fields: [
      { name: 'description', type: 'text' },
      { name: 'active', type: 'checkbox', editOnly: true },
    ],
    // The secret is shown once, in the create response.
    created: (rec, t) => t('admin.api_tokens.created', { token: rec.token }),
  },
];
