// The admin center's settings pages, one entry per resource of the public
// API.  A page is data: where it lives in the API, the columns of its list
// and the fields of its form (admin/resource.js draws both).  A new page
// slots in by adding an entry here and its strings to the catalogs.
//
// Field types (resource.js and the modules it imports): text, email,
// number, password (create only), textarea, checkbox, select (options:
// [[value, labelKey]]), choice (one of choices.js's sources), words (a
// list typed as "a, b"), options (drop-down choices, one per line
// "Name | tag"), fields (a set of ticket fields chosen by checkbox),
// conditions and actions (with the rule kind), restriction, view_output,
// intervals, timezone, holidays, metrics, form_conditions.
//
// A field's name is the API's (the key it is sent under and that 422
// details name).  Field options: label (catalog key, else field.NAME),
// hint (catalog key), initial, required, createOnly, editOnly,
// when(values), and per type: options, source, blank, kind, load.
// Resource options: valueKeys (list columns shown through catalog keys
// PREFIX.VALUE), listQuery, reorder {api, ids}, groupBy {key, source}, wide (a form
// with tables), readOnly (a list without a form), rowActions (buttons of
// each row, see resource.js), canDelete(rec), created(rec, t).

import { all, post } from '../lib/api.js';

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
    columns: ['name', 'email', 'role'], valueKeys: { role: 'role' },
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
    columns: ['title', 'type', 'active'], valueKeys: { type: 'field_type' },
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
    reorder: { api: 'ticket_forms/reorder', ids: 'ticket_form_ids' },
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'display_name', type: 'text' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'default', type: 'checkbox' },
      { name: 'end_user_visible', type: 'checkbox', initial: true },
      { name: 'ticket_field_ids', type: 'fields',
        load: () => all('ticket_fields', 'ticket_fields') },
      { name: 'agent_conditions', type: 'form_conditions' },
      { name: 'end_user_conditions', type: 'form_conditions' },
    ],
  },
  {
    key: 'triggers', api: 'triggers', one: 'trigger', many: 'triggers', wide: true,
    columns: ['title', 'active'],
    listQuery: 'sort_by=position&sort_order=asc',
    reorder: { api: 'triggers/reorder', ids: 'trigger_ids' },
    groupBy: { key: 'category_id', source: 'trigger_categories' },
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'description', type: 'textarea' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'category_id', type: 'choice', source: 'trigger_categories' },
      { name: 'conditions', type: 'conditions', kind: 'trigger' },
      { name: 'actions', type: 'actions', kind: 'trigger' },
    ],
  },
  {
    key: 'trigger_categories', api: 'trigger_categories', one: 'trigger_category',
    many: 'trigger_categories',
    columns: ['name', 'position'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'position', type: 'number' },
    ],
  },
  {
    key: 'automations', api: 'automations', one: 'automation', many: 'automations', wide: true,
    columns: ['title', 'active'],
    listQuery: 'sort_by=position&sort_order=asc',
    reorder: { api: 'automations/reorder', ids: 'automation_ids' },
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'conditions', type: 'conditions', kind: 'automation' },
      { name: 'actions', type: 'actions', kind: 'automation' },
    ],
  },
  {
    key: 'macros', api: 'macros', one: 'macro', many: 'macros', wide: true,
    columns: ['title', 'active'],
    fields: [
      { name: 'title', type: 'text', required: true, hint: 'hint.macro_title' },
      { name: 'description', type: 'textarea' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'restriction', type: 'restriction' },
      { name: 'actions', type: 'actions', kind: 'macro' },
    ],
  },
  {
    key: 'views', api: 'views', one: 'view', many: 'views', wide: true,
    columns: ['title', 'active'],
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'description', type: 'textarea' },
      { name: 'active', type: 'checkbox', initial: true },
      { name: 'restriction', type: 'restriction' },
      { name: 'conditions', type: 'conditions', kind: 'view' },
      { name: 'output', type: 'view_output' },
    ],
  },
  {
    key: 'schedules', api: 'business_hours/schedules', one: 'schedule', many: 'schedules',
    wide: true,
    columns: ['name', 'time_zone'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'time_zone', type: 'timezone' },
      // A new schedule starts as the API's default: Monday-Friday 09:00-17:00.
      { name: 'intervals', type: 'intervals', initial: [1, 2, 3, 4, 5].map((d) =>
        ({ start_time: d * 1440 + 540, end_time: d * 1440 + 1020 })) },
      { name: 'holidays', type: 'holidays' },
    ],
  },
  {
    key: 'sla_policies', api: 'slas/policies', one: 'sla_policy', many: 'sla_policies',
    wide: true,
    columns: ['title', 'description'],
    reorder: { api: 'slas/policies/reorder', ids: 'sla_policy_ids' },
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'description', type: 'textarea' },
      { name: 'filter', type: 'conditions', kind: 'view' },
      { name: 'policy_metrics', type: 'metrics' },
    ],
  },
  {
    key: 'recipient_addresses', api: 'recipient_addresses', one: 'recipient_address',
    many: 'recipient_addresses',
    columns: ['email', 'name', 'brand_id', 'default', 'forwarding_status'],
    valueKeys: { forwarding_status: 'email.status' },
    fields: [
      { name: 'email', type: 'email', required: true, createOnly: true, hint: 'hint.support_email' },
      { name: 'name', type: 'text' },
      { name: 'brand_id', type: 'choice', source: 'brands' },
      { name: 'default', type: 'checkbox', label: 'field.default_address' },
    ],
    // The default address and each brand's own stay.
    canDelete: (rec) => !rec.default,
  },
  {
    key: 'email_templates', api: 'channels/email/templates', one: 'email_template',
    many: 'email_templates',
    columns: ['locale', 'brand_id'],
    fields: [
      { name: 'brand_id', type: 'choice', source: 'brands', createOnly: true },
      { name: 'locale', type: 'text', required: true, hint: 'hint.template_locale' },
      { name: 'text', type: 'textarea', hint: 'hint.template' },
      { name: 'html', type: 'textarea', hint: 'hint.template' },
    ],
  },
  {
    key: 'email_outbox', api: 'channels/email/outbox', one: 'message', many: 'outbox',
    readOnly: true, fields: [],
    columns: ['subject', 'to', 'status', 'attempts', 'last_error', 'created_at'],
    valueKeys: { status: 'outbox.status' },
    rowActions: [{ label: 'outbox.retry', aria: 'outbox.retry_of', done: 'outbox.retried',
      when: (m) => m.status === 'failed', run: (m) => post(`channels/email/outbox/${m.id}/retry`) }],
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
